"""The Poster: digests reach the fake Slack once, with the key in metadata; failures map to delivery errors."""
from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from bot.adapters.slack.app import DELIVERY_EVENT, SlackService
from bot.adapters.slack.pacing import ChannelPacer
from bot.adapters.slack.render import render
from bot.core.delivery import ChannelGone, DeliveryError, TransientDeliveryError
from bot.core.library import Library
from bot.core.registry import Registry
from bot.core.reply import Block, Reply
from tests.adapters.slack.conftest import slack_config
from tests.adapters.slack.fakes import FakeSlack

DIGEST = Reply(title="Digest #1", blocks=(Block("The TL;DR."),), ephemeral=False)
BIG = Reply(title="Big", blocks=tuple(Block(f"item {i}") for i in range(60)))  # three messages
AN_HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


@pytest.fixture
def poster(fake: FakeSlack, library: Library, slack_registry: Registry) -> Callable[..., SlackService]:
    def make(**config: object) -> SlackService:
        return SlackService(slack_config(fake, "http", **config), library, slack_registry)
    return make


async def test_a_429_with_retry_after_is_waited_out_and_the_message_arrives_once(poster: Callable[..., SlackService],
                                                                                  fake: FakeSlack) -> None:
    """chat.postMessage answering 429 (Retry-After: 1) is retried by the client; one message lands."""
    fake.fail_posts.append((429, {"Retry-After": "1"}, {"ok": False, "error": "ratelimited"}))
    await poster().post("C1", DIGEST, "sub7@2025-01-06T09:30")
    assert fake.post_attempts == 2
    [post] = fake.posts
    assert post["channel"] == "C1" and post["blocks"][0]["text"]["text"] == "*Digest #1*"
    assert post["metadata"] == {"event_type": DELIVERY_EVENT,
                                "event_payload": {"key": "sub7@2025-01-06T09:30", "part": 0}}


@pytest.mark.parametrize("error", ["channel_not_found", "not_in_channel", "is_archived", "account_inactive"])
async def test_a_channel_that_is_gone_raises_channel_gone(poster: Callable[..., SlackService], fake: FakeSlack,
                                                          error: str) -> None:
    """Slack errors meaning the bot can no longer post there become ChannelGone."""
    fake.channel_errors["CX"] = error
    with pytest.raises(ChannelGone, match=f"^slack channel CX: {error}$"):
        await poster().post("CX", DIGEST, "k")


async def test_a_server_error_is_transient_and_not_retried_blindly(poster: Callable[..., SlackService],
                                                                   fake: FakeSlack) -> None:
    """A 500 is a TransientDeliveryError after one attempt, so the ledger's retry cannot double-post."""
    fake.fail_posts.append((500, {}, {"ok": False, "error": "internal_error"}))
    with pytest.raises(TransientDeliveryError, match="^slack channel C1: internal_error$"):
        await poster().post("C1", DIGEST, "k")
    assert fake.post_attempts == 1 and fake.posts == []


async def test_an_unreachable_api_is_transient(poster: Callable[..., SlackService], fake: FakeSlack) -> None:
    """A refused connection (after the client's own retry) is a TransientDeliveryError."""
    service = poster()
    await fake.server.close()
    with pytest.raises(TransientDeliveryError):
        await service.post("C1", DIGEST, "k")


async def test_other_api_errors_are_permanent(poster: Callable[..., SlackService], fake: FakeSlack) -> None:
    """An error such as invalid_blocks is a DeliveryError that is neither gone nor transient."""
    fake.fail_posts.append((200, {}, {"ok": False, "error": "invalid_blocks"}))
    with pytest.raises(DeliveryError, match="^slack channel C1: invalid_blocks$") as raised:
        await poster().post("C1", DIGEST, "k")
    assert type(raised.value) is DeliveryError


async def test_a_long_digest_is_split_paced_and_keyed_in_every_message(fake: FakeSlack, library: Library,
                                                                       slack_registry: Registry) -> None:
    """60 items become several messages, each carrying the key and its part, spaced one second apart."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    pacer = ChannelPacer(clock=lambda: 0.0, sleep=sleep)
    await SlackService(slack_config(fake), library, slack_registry, pacer).post("C1", BIG, "k60")
    messages = render(BIG)
    assert len(messages) == 3 and [{k: p[k] for k in ("text", "blocks")} for p in fake.posts] == messages
    assert slept == [1.0, 2.0]
    assert [p["metadata"]["event_payload"] for p in fake.posts] == [{"key": "k60", "part": i} for i in range(3)]




async def test_a_resumed_delivery_posts_only_the_parts_not_yet_in_the_channel(fake: FakeSlack, library: Library,
                                                                              slack_registry: Registry) -> None:
    """A split digest cut short after two parts, then 250 chat messages, resumed with `since`: the paged
    conversations.history (metadata included) shows the two parts, only the others are posted."""
    service = SlackService(slack_config(fake), library, slack_registry, ChannelPacer(interval=0))
    await service.post("C1", BIG, "k60")
    parts = len(fake.posts)
    del fake.messages[2:], fake.posts[2:]  # the first attempt died after two parts
    fake.messages += [{"channel": "C1", "ts": f"{time.time() + i:.6f}", "text": "chat", "metadata": None}
                      for i in range(1, 251)]
    await service.post("C1", BIG, "k60", since=AN_HOUR_AGO)
    assert parts == 3 and [p["metadata"]["event_payload"]["part"] for p in fake.posts] == [0, 1, 2]
    assert len(fake.history_calls) == 2 and all(c["include_all_metadata"] == "1" for c in fake.history_calls)


async def test_a_resumed_delivery_already_complete_posts_nothing(poster: Callable[..., SlackService],
                                                                 fake: FakeSlack) -> None:
    """The whole digest is already in the channel (crash after posting, before the ledger said sent): no post."""
    service = poster()
    await service.post("C1", DIGEST, "k1")
    await service.post("C1", DIGEST, "k1", since=AN_HOUR_AGO)
    await service.post("C1", DIGEST, "k2", since=AN_HOUR_AGO)  # another key is posted
    assert [p["metadata"]["event_payload"]["key"] for p in fake.posts] == ["k1", "k2"]


async def test_a_failing_check_is_transient_and_posts_nothing(poster: Callable[..., SlackService],
                                                              fake: FakeSlack) -> None:
    """conversations.history answering 500: TransientDeliveryError (retry later), never a blind post."""
    fake.fail_history.append((500, {}, {"ok": False, "error": "internal_error"}))
    with pytest.raises(TransientDeliveryError):
        await poster().post("C1", DIGEST, "k1", since=AN_HOUR_AGO)
    assert fake.posts == []


async def test_a_check_slack_refuses_for_membership_falls_back_to_posting(poster: Callable[..., SlackService],
                                                                          fake: FakeSlack,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    """not_in_channel from conversations.history and the join refused too (a private channel): logged, posted."""
    fake.fail_history.append((200, {}, {"ok": False, "error": "not_in_channel"}))
    fake.fail_join.append("method_not_supported_for_channel_type")
    await poster().post("C1", DIGEST, "k1", since=AN_HOUR_AGO)
    assert [p["metadata"]["event_payload"] for p in fake.posts] == [{"key": "k1", "part": 0}] and fake.joins == ["C1"]
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING] == [
        "slack: cannot join channel C1 (method_not_supported_for_channel_type)",
        "slack: cannot check channel C1 for digest k1 already posted (not_in_channel); posting"]


async def test_a_public_channel_the_bot_is_not_in_is_joined_to_check(poster: Callable[..., SlackService],
                                                                     fake: FakeSlack) -> None:
    """not_in_channel (posted via chat:write.public): the bot joins, reads the history, finds the digest, posts
    nothing."""
    service = poster()
    await service.post("C1", DIGEST, "k1")
    fake.fail_history.append((200, {}, {"ok": False, "error": "not_in_channel"}))
    await service.post("C1", DIGEST, "k1", since=AN_HOUR_AGO)
    assert fake.joins == ["C1"] and len(fake.posts) == 1


THREADED = Reply(title="Digest #2", blocks=(Block("The TL;DR."),), ephemeral=False,
                 thread=tuple(Reply(title="", blocks=(Block(f"Key fact {i}"),), ephemeral=False) for i in range(4)))


def delivery(fake: FakeSlack) -> list[tuple[int, str | None, str]]:
    """What the channel holds of the deliveries, in order: (part, the ts of its thread's parent or None, text)."""
    return [(m["metadata"]["event_payload"]["part"], m["thread_ts"], m["text"]) for m in fake.messages]


async def test_a_threaded_digest_is_one_post_with_its_facts_as_replies_in_its_thread(
        poster: Callable[..., SlackService], fake: FakeSlack) -> None:
    """The top message in the channel, then each thread reply with thread_ts = its ts, parts numbered on; the
    channel's history shows the top alone, conversations.replies the whole thread."""
    service = poster()
    await service.post("C1", THREADED, "k-thread")
    top = fake.messages[0]["ts"]
    assert delivery(fake) == [(0, None, "*Digest #2*\nThe TL;DR.")] + [(i + 1, top, f"Key fact {i}") for i in range(4)]
    history = await service.client.conversations_history(channel="C1")
    replies = await service.client.conversations_replies(channel="C1", ts=top)
    assert [m["ts"] for m in history["messages"]] == [top]
    assert [m["ts"] for m in replies["messages"]] == [m["ts"] for m in fake.messages]


async def test_a_resumed_threaded_digest_posts_only_the_replies_missing_from_its_thread(
        fake: FakeSlack, library: Library, slack_registry: Registry) -> None:
    """Cut short after the top and two replies, resumed with `since`: history finds the top, conversations.replies
    (paged, metadata included) the two replies; only the other two are posted, in the same thread."""
    service = SlackService(slack_config(fake), library, slack_registry, ChannelPacer(interval=0))
    await service.post("C1", THREADED, "k-thread")
    del fake.messages[3:], fake.posts[3:]  # the first attempt died after the top and two replies
    top = fake.messages[0]["ts"]
    fake.messages += [{"channel": "C1", "ts": f"{time.time() + i:.6f}", "thread_ts": top, "text": "chat",
                       "metadata": None} for i in range(1, 251)]  # people talking in the thread meanwhile
    await service.post("C1", THREADED, "k-thread", since=AN_HOUR_AGO)
    assert [(p["metadata"]["event_payload"]["part"], p.get("thread_ts")) for p in fake.posts] == [
        (0, None), (1, top), (2, top), (3, top), (4, top)]
    assert [c["ts"] for c in fake.replies_calls] == [top, top] and all(
        c["include_all_metadata"] == "1" for c in fake.replies_calls)
    await service.post("C1", THREADED, "k-thread", since=AN_HOUR_AGO)  # complete: nothing more
    assert len(fake.posts) == 5


async def test_a_resumed_threaded_digest_whose_top_never_arrived_is_posted_whole(
        poster: Callable[..., SlackService], fake: FakeSlack) -> None:
    """Nothing of the delivery in the channel: no thread to read; the top and every reply are posted."""
    await poster().post("C1", THREADED, "k-thread", since=AN_HOUR_AGO)
    assert [part for part, _, _ in delivery(fake)] == [0, 1, 2, 3, 4] and fake.replies_calls == []


async def test_a_thread_that_cannot_be_read_is_transient_and_nothing_is_posted(
        poster: Callable[..., SlackService], fake: FakeSlack) -> None:
    """The top is there but conversations.replies answers 500 (or 429): TransientDeliveryError, no reply posted
    blindly."""
    service = poster()
    await service.post("C1", Reply(title="Digest #2", blocks=(Block("The TL;DR."),), ephemeral=False), "k-thread")
    failures: list[tuple[int, dict[str, str], dict[str, Any]]] = [
        (500, {}, {"ok": False, "error": "internal_error"}), (200, {}, {"ok": False, "error": "ratelimited"})]
    for failure in failures:
        fake.fail_replies.append(failure)
        with pytest.raises(TransientDeliveryError):
            await service.post("C1", THREADED, "k-thread", since=AN_HOUR_AGO)
    assert len(fake.posts) == 1 and len(fake.replies_calls) == 2
