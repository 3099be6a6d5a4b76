"""Asking by mention or direct message over the Events API: signed callbacks in HTTP mode and events_api envelopes
in Socket Mode, answers posted with chat.postMessage in the thread under the asking message, each message once."""
from __future__ import annotations

import json
import logging
import re
from typing import Any

import pytest

from bot.adapters.slack.app import SlackService
from bot.adapters.slack.errors import FAILED
from bot.adapters.slack.events import Seen, asked, without_mention
from bot.core.library import Library
from bot.core.registry import Registry
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack, event_body

PING = re.compile(r"<[!@#]")


def posts_in(fake: FakeSlack, channel: str) -> list[dict[str, Any]]:
    return [p for p in fake.posts if p["channel"] == channel]


async def test_a_mention_is_acked_and_answered_in_a_thread_under_it(http_bot: HttpBot, fake: FakeSlack) -> None:
    """An app_mention gets an empty 200; the answer, public, starts a thread under the asking message (thread_ts =
    its ts) and answers the text without the bot's mention."""
    status = await http_bot.event(event_body("<@UBOT> What happened in Antwerp?", ts="1700000001.000200"))
    assert status == (200, "")
    await fake.wait_for(lambda: len(fake.posts) == 1)
    [post] = fake.posts
    assert post["channel"] == "C1" and post["thread_ts"] == "1700000001.000200"
    assert post["blocks"][0]["text"]["text"] == "*Q: What happened in Antwerp?*"


async def test_a_mention_inside_a_thread_is_answered_in_that_thread(http_bot: HttpBot, fake: FakeSlack) -> None:
    """A mention in a reply is answered in the same thread: thread_ts is the thread's, not the reply's."""
    await http_bot.event(event_body("<@UBOT|briefbot> who is Noem?", ts="1700000009.000900",
                                    thread_ts="1700000001.000200"))
    await fake.wait_for(lambda: len(fake.posts) == 1)
    assert fake.posts[0]["thread_ts"] == "1700000001.000200"


async def test_a_direct_message_is_answered_and_a_channel_message_is_not(http_bot: HttpBot, fake: FakeSlack) -> None:
    """message.im (channel_type im) is a question without any mention; a plain message in a channel is not."""
    await http_bot.event(event_body("just chatting", kind="message", channel="C7", channel_type="channel",
                                    event_id="Ev-chan"))
    await http_bot.event(event_body("Who is Noem?", kind="message", channel="D1", channel_type="im",
                                    event_id="Ev-dm", ts="1700000002.000100"))
    await fake.wait_for(lambda: len(fake.posts) == 1)
    await http_bot.service.stop()  # every answer scheduled has finished
    [post] = fake.posts
    assert post["channel"] == "D1" and post["thread_ts"] == "1700000002.000100"


@pytest.mark.parametrize("extra", [
    {"user": "UBOT"},                                      # the bot's own message
    {"bot_id": "B9"},                                      # another bot
    {"subtype": "bot_message", "bot_id": "B9"},            # a bot's message by subtype
    {"subtype": "message_changed"},                        # an edit
    {"edited": {"user": "U1", "ts": "1700000003.000000"}},  # an edited mention
    {"subtype": "channel_join"},                           # a join
], ids=["self", "bot_id", "bot_message", "message_changed", "edited", "channel_join"])
async def test_bots_edits_and_joins_are_not_answered(http_bot: HttpBot, fake: FakeSlack, extra: dict[str, Any]) -> None:
    """Each of these is acked and left alone; a person's mention sent after it is the only one answered."""
    assert (await http_bot.event(event_body("<@UBOT> Who is Noem?", channel="C8", event_id="Ev-skip",
                                            **extra)))[0] == 200
    await http_bot.event(event_body("<@UBOT> Who is Noem?", channel="C9", event_id="Ev-ok"))
    await fake.wait_for(lambda: len(fake.posts) == 1)
    await http_bot.service.stop()  # every answer scheduled has finished
    assert [p["channel"] for p in fake.posts] == ["C9"]


async def test_a_retried_event_is_acked_and_not_answered_again(http_bot: HttpBot, fake: FakeSlack) -> None:
    """Slack's retry (X-Slack-Retry-Num), the same event id again, and the same message as message.im as well as
    app_mention are all acked with 200, and the message is answered once."""
    body = event_body("<@UBOT> Who is Noem?", channel="D2", channel_type="im")
    assert await http_bot.event(body) == (200, "")
    assert await http_bot.event(body, retry=1) == (200, "")
    assert await http_bot.event(body) == (200, "")  # redelivered without the header
    as_message = event_body("<@UBOT> Who is Noem?", kind="message", channel="D2", channel_type="im",
                            event_id="Ev-other")
    assert await http_bot.event(as_message) == (200, "")
    await http_bot.event(event_body("<@UBOT> Who is Noem?", channel="C9", event_id="Ev-last"))
    await fake.wait_for(lambda: len(fake.posts) == 2)
    await http_bot.service.stop()  # every answer scheduled has finished
    assert sorted(p["channel"] for p in fake.posts) == ["C9", "D2"]


async def test_a_forged_event_gets_401_and_no_answer(http_bot: HttpBot, fake: FakeSlack) -> None:
    """An Events API callback signed with another secret is refused before anything runs."""
    assert (await http_bot.event(event_body("<@UBOT> Who is Noem?"), secret="wrong"))[0] == 401
    await http_bot.event(event_body("<@UBOT> Who is Noem?", channel="C9", event_id="Ev-ok"))
    await fake.wait_for(lambda: len(fake.posts) == 1)
    await http_bot.service.stop()  # every answer scheduled has finished
    assert [p["channel"] for p in fake.posts] == ["C9"]


async def test_echoed_mention_text_cannot_ping_anyone(http_bot: HttpBot, fake: FakeSlack) -> None:
    """Broadcasts and mentions in the question come back inert in the thread answer."""
    await http_bot.event(event_body("<@UBOT> what did <!channel> <@U999> &amp; @here say about <#C1|general>?"))
    await fake.wait_for(lambda: len(fake.posts) == 1)
    raw = json.dumps(fake.posts[0]["blocks"]) + fake.posts[0]["text"]
    assert not PING.search(raw) and "@here" not in raw


async def test_an_events_api_envelope_is_acked_and_answered_and_its_retry_only_acked(
        fake: FakeSlack, library: Library, slack_registry: Registry) -> None:
    """Socket Mode: an events_api envelope gets its ack frame and a thread answer; the same event again with
    retry_attempt 1 gets its ack frame and no second answer."""
    service = SlackService(slack_config(fake, "socket"), library, slack_registry)
    await service.start()
    try:
        body = event_body("<@UBOT> Who is Noem?", ts="1700000004.000400")
        await fake.envelopes.put({"envelope_id": "ev-env-1", "type": "events_api", "accepts_response_payload": False,
                                  "retry_attempt": 0, "retry_reason": "", "payload": body})
        await fake.wait_for(lambda: len(fake.posts) == 1)
        await fake.envelopes.put({"envelope_id": "ev-env-2", "type": "events_api", "accepts_response_payload": False,
                                  "retry_attempt": 1, "retry_reason": "timeout", "payload": body})
        await fake.envelopes.put({"envelope_id": "ev-env-3", "type": "events_api", "accepts_response_payload": False,
                                  "payload": event_body("<@UBOT> Who is Noem?", channel="C9", event_id="Ev-3")})
        await fake.wait_for(lambda: len(fake.posts) == 2 and len(fake.frames) == 3)
    finally:
        await service.stop()
    assert [f["envelope_id"] for f in fake.frames] == ["ev-env-1", "ev-env-2", "ev-env-3"]
    assert [(p["channel"], p["thread_ts"]) for p in fake.posts] == [("C1", "1700000004.000400"),
                                                                   ("C9", "1700000000.000100")]


# --- the rules, without the wire


def test_the_bots_own_mention_is_taken_out_and_entities_decoded() -> None:
    """<@BOT> and <@BOT|name> go; other mentions stay for the core to drop; &amp; &lt; &gt; are decoded."""
    assert without_mention("<@UBOT> a &amp; b &lt;c&gt; <@UBOT|bb> <@U2>?", "UBOT") == "a & b <c> <@U2>?"


def test_a_channel_message_without_a_mention_is_no_question() -> None:
    """A `message` event outside a DM is left to app_mention."""
    assert asked(event_body("hi", kind="message", channel_type="channel"), "UBOT") is None
    dm = asked(event_body("hi", kind="message", channel="D1", channel_type="im"), "UBOT")
    assert dm is not None and dm.is_dm and dm.thread_ts == dm.ts


def test_seen_answers_each_key_once_and_forgets_the_oldest() -> None:
    """The dedupe is bounded: past its size the oldest key is forgotten."""
    seen = Seen(size=2)
    assert [seen.first(k) for k in ("a", "a", "b", "c", "a")] == [True, False, True, True, True]


async def test_an_over_long_mention_gets_a_polite_refusal_in_its_thread(http_bot: HttpBot, fake: FakeSlack,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    """A 10,000-character question is refused with /ask's length message in the thread, and nothing logs an error."""
    await http_bot.event(event_body("<@UBOT> " + "why " * 2500))
    await fake.wait_for(lambda: len(fake.posts) == 1)
    assert fake.posts[0]["blocks"][0]["text"]["text"].startswith(":warning: *That question is too long")
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []


async def test_a_failed_answer_post_is_apologised_for_in_the_thread(http_bot: HttpBot, fake: FakeSlack,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """When chat.postMessage fails for the answer, a short apology goes in the thread and the failure is logged."""
    fake.fail_posts.append((500, {}, {"ok": False, "error": "internal_error"}))
    with caplog.at_level(logging.ERROR, logger="bot.adapters.slack.mentions"):
        await http_bot.event(event_body("<@UBOT> Who is Noem?", ts="1700000005.000500"))
        await fake.wait_for(lambda: len(fake.posts) == 1)
    [post] = fake.posts
    assert post["thread_ts"] == "1700000005.000500" and post["blocks"][0]["text"]["text"] == f":warning: *{FAILED}*"
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR] == [
        "slack: mention 1700000005.000500 from U1 in C1 failed"]
