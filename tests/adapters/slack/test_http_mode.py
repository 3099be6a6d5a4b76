"""HTTP mode end to end: signed slash commands POSTed to the running app, answers at the fake Slack."""
from __future__ import annotations

import asyncio
import json
import logging
import re
import threading
import time
from typing import Any

import aiohttp
import pytest

from bot.adapters.slack.app import ANSWER_THREADS, ANSWERING, SlackService
from bot.adapters.slack.errors import CANNOT_POST, FAILED
from bot.adapters.slack.render import render
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Registry
from bot.core.reply import Reply
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack

MENTION = re.compile(r"<[!@#]")


def texts(message: dict[str, Any]) -> str:
    return json.dumps(message["blocks"], ensure_ascii=False)


async def test_ask_is_acked_then_answered_ephemerally_with_a_cited_block_kit_answer(
        http_bot: HttpBot, fake: FakeSlack, library: Library, slack_registry: Registry) -> None:
    """/ask gets an empty 200 ack, then the console's answer as ephemeral Block Kit: cited quote, text fallback."""
    question = "What happened in Antwerp?"
    sent = await http_bot.send("/ask", question)
    assert (sent.status, sent.body) == (200, "")
    [answer] = await http_bot.answer(sent)
    assert answer["response_type"] == "ephemeral"
    console = slack_registry.dispatch(Context(library=library), "ask", question)
    assert {k: answer[k] for k in ("text", "blocks")} == render(console)[0]
    assert answer["blocks"][0]["text"]["text"] == f"*Q: {question}*" and answer["blocks"][1]["type"] == "divider"
    citation = answer["blocks"][3]["elements"][0]["text"]
    assert citation.startswith("\u201c") and "\u201d \u2014 Belgium: The Silent Front" in citation
    assert answer["text"].startswith(f"*Q: {question}*\n") and len(answer["text"]) > 100
    assert fake.posts == []


async def test_public_option_posts_the_answer_in_the_channel(
        http_bot: HttpBot, fake: FakeSlack, library: Library, slack_registry: Registry) -> None:
    """`public` sends the answer with chat.postMessage to the command's channel, not to the response_url."""
    sent = await http_bot.send("/brief", "tldr public", channel="C42")
    assert sent.status == 200
    await fake.wait_for(lambda: len(fake.posts) == 1)
    [post] = fake.posts
    console = slack_registry.dispatch(Context(library=library), "brief", "tldr")
    assert post["channel"] == "C42" and post["blocks"][0]["text"]["text"].startswith("*Briefing: ")
    assert {k: post[k] for k in ("text", "blocks")} == render(console)[0] and post["unfurl_links"] is False
    assert fake.hooks_for(sent.response_url) == []


async def test_forged_signature_and_stale_timestamp_get_401_and_no_answer(http_bot: HttpBot, fake: FakeSlack) -> None:
    """A wrong signing secret and a 6-minute-old timestamp are refused before any command runs."""
    forged = await http_bot.send("/brief", "public", secret="not-the-secret")
    stale = await http_bot.send("/brief", "public", timestamp=int(time.time()) - 6 * 60)
    assert (forged.status, stale.status) == (401, 401)
    good = await http_bot.send("/source")  # answered after anything the refused ones could have caused
    await http_bot.answer(good)
    assert fake.posts == [] and fake.hooks_for(forged.response_url) == fake.hooks_for(stale.response_url) == []


@pytest.mark.parametrize(("command", "text", "expected"), [
    ("/ask", "", "/ask needs question."),
    ("/brief", "length:huge", "length must be one of: tldr, short, full."),
    ("/nosuch", "", "Unknown command /nosuch."),
])
async def test_bad_input_gets_usage_help(http_bot: HttpBot, command: str, text: str, expected: str) -> None:
    """An empty /ask, a bad option value or an unknown command gets a polite message with the usage."""
    [answer] = await http_bot.answer(await http_bot.send(command, text))
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"] == f":warning: *{expected}*"
    if command != "/nosuch":
        assert f"Usage:\n{command}" in answer["text"]


async def test_an_over_long_question_is_refused_politely(http_bot: HttpBot) -> None:
    """A 501-character question reaches the user as a refusal naming the 500-character limit."""
    [answer] = await http_bot.answer(await http_bot.send("/ask", "why " * 125 + "x"))
    refusal = ":warning: *That question is too long (501 characters; the limit is 500).*"
    assert answer["blocks"][0]["text"]["text"] == refusal


async def test_echoed_user_text_cannot_mention_anyone(http_bot: HttpBot, fake: FakeSlack) -> None:
    """Broadcasts, user and channel mentions typed by the user come back inert, ephemeral or public."""
    evil = "<!channel> <!here> <!everyone> <@U999> <#C1|general> @here & co"
    who = await http_bot.answer(await http_bot.send("/who", evil))
    await http_bot.send("/ask", f"public {evil}")
    await fake.wait_for(lambda: len(fake.posts) == 1)
    for message in [*who, *fake.posts]:
        raw = texts(message) + message["text"]
        assert "&lt;!channel&gt;" in raw and "&amp; co" in raw
        assert not MENTION.search(raw) and "@here" not in raw


async def test_admin_only_command_checks_slack_on_every_call(make_http_bot: Any, fake: FakeSlack) -> None:
    """A channel_admin command asks users.info each time; config admins pass without asking."""
    bot = await make_http_bot(admins=["UCONF"])
    fake.admins.add("UADMIN")
    denied = await bot.answer(await bot.send("/secret", user="UPLAIN"))
    granted = await bot.answer(await bot.send("/secret", user="UADMIN"))
    fake.admins.discard("UADMIN")  # demoted: the next call must see it
    demoted = await bot.answer(await bot.send("/secret", user="UADMIN"))
    configured = await bot.answer(await bot.send("/secret", user="UCONF"))
    refusal = ":warning: *Sorry, only channel admins can use this command.*"
    assert denied[0]["blocks"][0]["text"]["text"] == refusal
    assert granted[0]["blocks"][0]["text"]["text"] == "*Admin area*"
    assert demoted[0]["blocks"][0]["text"]["text"] == refusal
    assert configured[0]["blocks"][0]["text"]["text"] == "*Admin area*"
    assert fake.users_info == ["UPLAIN", "UADMIN", "UADMIN"]


async def test_every_registry_command_is_served(http_bot: HttpBot, slack_registry: Any) -> None:
    """Each command of the registry, including one added later, is answered, none as unknown."""
    for command in slack_registry:
        [answer] = await http_bot.answer(await http_bot.send(f"/{command.name}"))
        assert "Unknown command" not in answer["text"], command.name


async def test_a_public_answer_the_bot_cannot_post_is_explained(http_bot: HttpBot, fake: FakeSlack) -> None:
    """not_in_channel for a public answer tells the user how to fix it, privately."""
    fake.channel_errors["CPRIV"] = "not_in_channel"
    [answer] = await http_bot.answer(await http_bot.send("/source", "public", channel="CPRIV"))
    assert answer["blocks"][0]["text"]["text"] == f":warning: *{CANNOT_POST}*"


async def test_a_failing_post_gives_the_user_a_message_and_a_log_line(http_bot: HttpBot, fake: FakeSlack,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A 500 from chat.postMessage becomes a short apology to the user and a warning in the log."""
    fake.fail_posts.append((500, {}, {"ok": False, "error": "internal_error"}))
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.app"):
        [answer] = await http_bot.answer(await http_bot.send("/source", "public"))
    assert answer["blocks"][0]["text"]["text"] == f":warning: *{FAILED}*"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "slack: public answer in C1 failed: internal_error"]


async def test_a_renamed_command_is_served_under_its_slack_name(
        make_http_bot: Any, fake: FakeSlack, library: Library, slack_registry: Registry) -> None:
    """With slack.rename {who: whois}, /whois answers exactly as /who does elsewhere."""
    bot = await make_http_bot(rename={"who": "whois"})
    sent = await bot.send("/whois", "Kristi Noem")
    [answer] = await bot.answer(sent)
    assert "Homeland Security" in texts(answer)
    console = slack_registry.dispatch(Context(library=library), "who", "Kristi Noem")
    assert {k: answer[k] for k in ("text", "blocks")} == render(console)[0]


async def test_web_api_and_response_url_calls_reuse_one_connection(make_http_bot: Any, fake: FakeSlack) -> None:
    """auth.test, users.info and the answers to three commands in turn all travel over one kept-alive connection
    (one HTTP session for the service), which stop closes."""
    bot = await make_http_bot()
    for command in ("/secret", "/source", "/who"):
        await bot.answer(await bot.send(command, "Noem"))
    assert len(fake.peers) == 5 and len(set(fake.peers)) == 1, fake.peers  # auth.test, users.info, three answers
    session = bot.service.client.session
    await bot.service.stop()
    assert session is not None and session.closed and bot.service.client.session is None


async def test_acks_keep_flowing_while_every_answer_is_busy(fake: FakeSlack, library: Library) -> None:
    """With every answer thread stuck in a slow command, further commands are still acked at once; answers run at
    most ANSWER_THREADS at a time, and all of them arrive once the slow command lets go."""
    release, lock = threading.Event(), threading.Lock()
    running = [0, 0]  # now, most at once

    def slow(ctx: Context, args: Any) -> Reply:
        with lock:
            running[0] += 1
            running[1] = max(running)
        release.wait(10)
        with lock:
            running[0] -= 1
        return Reply(title="Slow done")

    service = SlackService(slack_config(fake), library, build_registry(Command("slow", "A slow command", slow)))
    await service.start()
    try:
        async with aiohttp.ClientSession() as session:
            bot = HttpBot(service, fake, session)
            sent = [await bot.send("/slow") for _ in range(ANSWERING + 2)]
            assert [(s.status, s.body) for s in sent] == [(200, "")] * (ANSWERING + 2)
            for _ in range(1000):  # every answer thread takes a slow command (or fail below)
                if running[0] == ANSWER_THREADS:
                    break
                await asyncio.sleep(0.01)
            assert running[0] == ANSWER_THREADS and fake.hooks == []  # all acked, none answered yet
            release.set()
            for s in sent:
                [answer] = await bot.answer(s)
                assert answer["blocks"][0]["text"]["text"] == "*Slow done*"
    finally:
        release.set()
        await service.stop()
    assert running[1] == ANSWER_THREADS
