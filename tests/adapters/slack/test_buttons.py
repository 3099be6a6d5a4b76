"""Buttons: Reply.actions rendered as one Block Kit actions block, and clicks (signed block_actions over HTTP, an
`interactive` envelope in Socket Mode) run as the command each button stands for, answered where they belong."""
from __future__ import annotations

import dataclasses
import json
import logging
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from bot.adapters.slack.app import SlackService
from bot.adapters.slack.render import MAX_BLOCKS, MESSAGE_CHARS, render
from bot.core.buttons import MAX_ID, action
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Permission, Registry
from bot.core.reply import Block, Citation, Reply
from bot.digests.compose import compose
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack, buttons, click_payload

PING = re.compile(r"<[!@#]")


def title(message: dict[str, Any]) -> str:
    return str(message["blocks"][0]["text"]["text"])


async def private_answer(bot: HttpBot, question: str = "What happened in Antwerp?") -> dict[str, str]:
    """/ask answered privately at its response_url; its buttons."""
    [answer] = await bot.answer(await bot.send("/ask", question))
    return buttons(answer)


async def click(bot: HttpBot, value: str, **where: Any) -> str:
    """Click a button (signed block_actions); the click's response_url."""
    response_url = bot.fake.response_url()
    assert await bot.interact(click_payload(value, response_url, **where)) == (200, "")
    return response_url


# --- rendering


def test_actions_render_as_one_actions_block_under_the_reply() -> None:
    """Each action is a button whose action_id and value are its encoded id, within Slack's limits, in one actions
    block last; a repeated button appears once."""
    brief = action("brief", "some-briefing")
    [message] = render(Reply(title="T", blocks=(Block("text"),), actions=(brief, brief, action("brief", "other"))))
    block = message["blocks"][-1]
    assert block["type"] == "actions" and sum(b["type"] == "actions" for b in message["blocks"]) == 1
    assert [e["text"]["text"] for e in block["elements"]] == ["Full brief", "Full brief"]
    assert all(e["action_id"] == e["value"] and len(e["value"]) <= MAX_ID for e in block["elements"])
    assert len({e["action_id"] for e in block["elements"]}) == 2


def test_a_reply_without_actions_renders_no_actions_block() -> None:
    """No actions, no actions block: the blocks are the reply's own."""
    reply = Reply(title="T", blocks=(Block("text"),), footer="F")
    assert all(b["type"] != "actions" for m in render(reply) for b in m["blocks"])
    assert render(reply) == render(dataclasses.replace(reply, actions=()))


def test_buttons_under_a_full_page_get_a_message_of_their_own() -> None:
    """When the last message has no room for another block, the buttons go in one more message, whose fallback
    text is their labels."""
    cited = Block("cited", citation=Citation("a quote", "some-briefing", "A title"))
    full = Reply(title="T", blocks=(*(Block(f"item {i}") for i in range(23)), cited),
                 actions=(action("brief", "some-briefing"),))
    assert len(render(dataclasses.replace(full, actions=()))[-1]["blocks"]) == MAX_BLOCKS  # a full last page
    messages = render(full)
    assert messages[-1]["blocks"][0]["type"] == "actions" and messages[-1]["text"] == "Full brief"
    assert all(len(m["blocks"]) <= MAX_BLOCKS and len(json.dumps(m["blocks"])) <= MESSAGE_CHARS for m in messages)


def test_a_button_whose_id_cannot_be_encoded_is_left_off() -> None:
    """An action with a value its kind cannot hold is dropped, not rendered broken."""
    [message] = render(Reply(title="T", actions=(dataclasses.replace(action("brief", "x"), payload=("Bad Id!",)),)))
    assert [b["type"] for b in message["blocks"]] == ["section"]


def test_a_shared_reply_names_the_sharer_without_a_mention() -> None:
    """'Shared by' shows the name given, escaped, never <@U...>."""
    [message] = render(Reply(title="T", shared_by="U42"), sharer="<!here> Ann")
    line = message["blocks"][1]["elements"][0]["text"]
    assert line == "Shared by &lt;!here&gt; Ann" and not PING.search(json.dumps(message))


# --- clicks on the wire


async def test_show_passage_answers_the_clicker_privately(http_bot: HttpBot, fake: FakeSlack) -> None:
    """A click on Show passage under a private /ask answer is acked with an empty 200 and answered at the click's
    response_url, ephemeral and as a new message (the answer stays)."""
    found = await private_answer(http_bot)
    hook = await click(http_bot, found["Show passage"])
    await fake.wait_for(lambda: bool(fake.hooks_for(hook)))
    [reply] = fake.hooks_for(hook)
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert title(reply).startswith("*Passage: paragraph ") and reply["blocks"][1]["type"] == "divider"
    assert fake.posts == []


async def test_more_on_this_answers_the_clicker_privately(http_bot: HttpBot, fake: FakeSlack) -> None:
    """More on this lists the related facts, only for the clicker."""
    found = await private_answer(http_bot)
    hook = await click(http_bot, found["More on this"])
    await fake.wait_for(lambda: bool(fake.hooks_for(hook)))
    [reply] = fake.hooks_for(hook)
    assert reply["response_type"] == "ephemeral" and title(reply).startswith("*More on this")


async def test_share_posts_the_answer_in_the_channel_and_removes_the_private_one(
        http_bot: HttpBot, fake: FakeSlack) -> None:
    """Share in channel posts the answer publicly, saying who shared it by name (no ping), without a Share
    button, then deletes the private original through the click's response_url."""
    found = await private_answer(http_bot)
    hook = await click(http_bot, found["Share in channel"], user="U7", channel="C5")
    await fake.wait_for(lambda: bool(fake.posts) and bool(fake.hooks_for(hook)))
    [post] = fake.posts
    assert post["channel"] == "C5" and "thread_ts" not in post
    assert title(post) == "*Q: What happened in Antwerp?*"
    assert post["blocks"][1]["elements"][0]["text"] == "Shared by person-u7"
    assert "Share in channel" not in buttons(post) and "Show passage" in buttons(post)
    assert not PING.search(json.dumps(post["blocks"]))
    assert fake.hooks_for(hook) == [{"delete_original": True, "_path": urlsplit(hook).path}]


async def test_a_damaged_button_gets_a_polite_private_reply(http_bot: HttpBot, fake: FakeSlack) -> None:
    """A button id cut short, or from another version, is answered with a polite error, nothing run."""
    found = await private_answer(http_bot)
    cut = await click(http_bot, found["Show passage"][:-3])
    other = await click(http_bot, "bb9:passage:x:1:aaaaaa:bbbbbb")
    await fake.wait_for(lambda: bool(fake.hooks_for(cut)) and bool(fake.hooks_for(other)))
    assert title(fake.hooks_for(cut)[0]) == ":warning: *Sorry, that button's data is damaged, so I can't act on it.*"
    assert "another version" in title(fake.hooks_for(other)[0]) and fake.posts == []


async def test_a_click_gets_the_permission_check_of_its_command(make_http_bot: Any, fake: FakeSlack,
                                                                 slack_registry: Registry) -> None:
    """With /source (what Show passage stands for) admin-only, a plain member's click is refused and an admin's
    is answered, asking users.info as the slash command would."""
    registry = Registry()
    registry.extend(dataclasses.replace(c, permission=Permission.CHANNEL_ADMIN) if c.name == "source" else c
                    for c in slack_registry)
    bot = await make_http_bot(registry=registry)
    found = await private_answer(bot)
    fake.admins.add("UADMIN")
    plain = await click(bot, found["Show passage"], user="UPLAIN")
    admin = await click(bot, found["Show passage"], user="UADMIN")
    await fake.wait_for(lambda: bool(fake.hooks_for(plain)) and bool(fake.hooks_for(admin)))
    assert title(fake.hooks_for(plain)[0]) == ":warning: *Sorry, only channel admins can use this command.*"
    assert title(fake.hooks_for(admin)[0]).startswith("*Passage: ")
    assert fake.users_info == ["UPLAIN", "UADMIN"]


async def test_digest_buttons_answer_the_clicker_privately(http_bot: HttpBot, fake: FakeSlack,
                                                           library: Library) -> None:
    """Under a digest posted by the Poster, Next fact shows a fact with its own Next fact button and Full brief the
    whole brief, each only to the clicker."""
    digest = compose(library.current.store, 1, 1, None)
    await http_bot.service.post("C3", digest, "key-1")
    await fake.wait_for(lambda: len(fake.posts) == len(render(digest)))
    offered = buttons(fake.posts[-1])
    ts = fake.messages[-1]["ts"]
    nxt = await click(http_bot, offered["Next fact"], channel="C3", ephemeral=False, message_ts=ts)
    brief = await click(http_bot, offered["Full brief"], channel="C3", ephemeral=False, message_ts=ts)
    await fake.wait_for(lambda: bool(fake.hooks_for(nxt)) and bool(fake.hooks_for(brief)))
    fact = fake.hooks_for(nxt)[0]
    assert fact["response_type"] == "ephemeral" and title(fact).startswith("*Fact ")
    assert set(buttons(fact)) == {"Next fact", "Full brief"}
    assert title(fake.hooks_for(brief)[0]).startswith("*Briefing: ")
    assert len(fake.posts) == len(render(digest))  # nothing new in the channel


async def test_an_interactive_envelope_is_acked_and_answered(fake: FakeSlack, library: Library) -> None:
    """Socket Mode: an `interactive` envelope with a block_actions payload gets its ack frame and the reply."""
    registry = build_registry()
    [answer] = render(registry.dispatch(Context(library=library, platform="slack"), "ask", "What happened in Antwerp?"))
    service = SlackService(slack_config(fake, "socket"), library, registry)
    await service.start()
    try:
        hook = fake.response_url()
        await fake.envelopes.put({"envelope_id": "int-1", "type": "interactive", "accepts_response_payload": False,
                                  "payload": click_payload(buttons(answer)["Show passage"], hook)})
        await fake.wait_for(lambda: bool(fake.frames) and bool(fake.hooks_for(hook)))
    finally:
        await service.stop()
    assert fake.frames == [{"envelope_id": "int-1"}]
    assert title(fake.hooks_for(hook)[0]).startswith("*Passage: ")


async def test_a_huge_or_empty_button_value_gets_a_polite_reply(http_bot: HttpBot, fake: FakeSlack,
                                                                 caplog: pytest.LogCaptureFixture) -> None:
    """A 10,000-character value, and a click with no user or channel, are answered politely; no error is logged."""
    huge = await click(http_bot, "bb1:" + "x" * 10_000)
    hook = fake.response_url()
    payload = click_payload("bb1:brief:nope:zzzzzz", hook)
    del payload["user"], payload["channel"], payload["container"]
    assert await http_bot.interact(payload) == (200, "")
    await fake.wait_for(lambda: bool(fake.hooks_for(huge)) and bool(fake.hooks_for(hook)))
    assert title(fake.hooks_for(huge)[0]) == ":warning: *Sorry, that button's data is damaged, so I can't act on it.*"
    assert title(fake.hooks_for(hook)[0]).startswith(":warning: *")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
