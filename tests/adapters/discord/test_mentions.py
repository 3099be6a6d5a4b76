"""Ask by mention on the wire: gateway MESSAGE_CREATE from the fake, and the REST calls that create threads and
messages, against the real discord.py client."""
from __future__ import annotations

import logging

import pytest

from bot.adapters.discord.mentions import ASK_HOW, READ_REPLIES, Seen, question_of
from bot.adapters.discord.render import FAILED
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry
from bot.core.reply import Reply
from tests.adapters.discord.fake_discord import APP_ID, BOT, CHANNEL_ID, DM_CHANNEL_ID, USER, FakeDiscord

QUESTION = "What is Operation Absolute Resolve?"
VIEW, SEND, EMBED, HISTORY = 1 << 10, 1 << 11, 1 << 14, 1 << 16
CREATE_THREADS, SEND_IN_THREADS = 1 << 35, 1 << 38
EVERYTHING = VIEW | SEND | EMBED | HISTORY | CREATE_THREADS | SEND_IN_THREADS
NO_PINGS: dict[str, object] = {"parse": []}
NO_REPLY_PING: dict[str, object] = {"parse": [], "replied_user": False}


def replied_to(body: dict) -> str:
    """The id of the message a created message replies to."""
    return str(body["message_reference"]["message_id"])


def threads_asked(fake: FakeDiscord) -> list[str]:
    return [c.path for c in fake.calls if c.method == "POST" and c.path.endswith("/threads")]


@pytest.fixture(autouse=True)
def warm(library: Library) -> None:
    """The answer engine built before the clock of any wait starts (it builds on first use)."""
    library.current.engine.ask(QUESTION)


def expected(registry: Registry, library: Library, question: str) -> Reply:
    return registry.dispatch(Context(library=library, platform="discord"), "ask", question)


# --- the gateway: no privileged intent

async def test_the_bot_asks_for_messages_but_not_for_their_content(connect, fake: FakeDiscord) -> None:
    """IDENTIFY asks for guild and DM messages (1<<9, 1<<12) and not the privileged message content (1<<15)."""
    await connect()
    intents = fake.identify["intents"]
    assert intents & (1 << 9) and intents & (1 << 12) and not intents & (1 << 15)


# --- where the answer goes

async def test_a_mention_is_answered_in_a_new_thread_from_the_message(connect, fake: FakeDiscord,
                                                                      test_registry: Registry,
                                                                      library: Library) -> None:
    """A mention in a text channel where the bot may: a public thread from the message, named for the question, and
    the answer (the /ask embed, no pings) posted in it."""
    fake.guild_permissions = EVERYTHING
    await connect()
    mid = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
    [answer] = await fake.created(mid)
    [start] = [c for c in fake.calls if c.path == f"/channels/{CHANNEL_ID}/messages/{mid}/threads"]
    assert start.json["name"] == QUESTION and start.json["auto_archive_duration"] == 1440
    assert answer["embeds"][0]["title"] == f"Q: {QUESTION}" and answer["allowed_mentions"] == NO_PINGS
    assert answer["embeds"] == [e.to_dict() for e in render_first(test_registry, library, QUESTION)]
    assert await fake.created(CHANNEL_ID, 0) == []


def render_first(registry: Registry, library: Library, question: str) -> list:
    from bot.adapters.discord.render import render
    return list(render(expected(registry, library, question))[0].embeds)


async def test_without_thread_permissions_the_answer_is_a_reply_and_the_log_says_why(
        connect, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    """No Create Public Threads: no thread is attempted; the answer replies to the message, pinging no one, and the
    log names the missing permission."""
    fake.guild_permissions = VIEW | SEND | EMBED | SEND_IN_THREADS
    await connect()
    with caplog.at_level(logging.INFO, logger="bot.adapters.discord.mentions"):
        mid = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
        [answer] = await fake.created(CHANNEL_ID)
    assert replied_to(answer) == mid and answer["allowed_mentions"] == NO_REPLY_PING
    assert threads_asked(fake) == []
    assert any("lacks create_public_threads" in r.getMessage() for r in caplog.records)


async def test_a_thread_discord_refuses_falls_back_to_a_reply(connect, fake: FakeDiscord,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """Discord answering the thread creation with 403: the answer becomes a reply; the user is told nothing of it,
    the log is."""
    fake.guild_permissions = EVERYTHING
    await connect()
    fake.fail("POST", "/threads", 403, {"message": "Missing Permissions", "code": 50013})
    with caplog.at_level(logging.WARNING, logger="bot.adapters.discord.mentions"):
        mid = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
        [answer] = await fake.created(CHANNEL_ID)
    assert replied_to(answer) == mid and "Missing" not in str(answer)
    assert any("Discord refused a thread: 403" in r.getMessage() for r in caplog.records)


async def test_a_mention_inside_a_thread_is_answered_in_it(connect, fake: FakeDiscord) -> None:
    """In an existing thread the answer is a reply in that thread; no new thread is started."""
    fake.guild_permissions = EVERYTHING
    await connect()
    thread = await fake.open_thread("1600000000000000001")
    mid = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True, channel_id=thread["id"])
    [answer] = await fake.created(thread["id"])
    assert replied_to(answer) == mid and threads_asked(fake) == []


async def test_a_reply_to_the_bot_is_answered_without_a_mention(connect, fake: FakeDiscord) -> None:
    """A reply to one of the bot's messages (Discord sends the replied-to message along) is a question too."""
    fake.guild_permissions = EVERYTHING
    service = await connect()
    await service.post(CHANNEL_ID, Reply(title="A digest", ephemeral=False), "k1")
    mid = await fake.say(QUESTION, reply_to=fake.messages[0])
    [answer] = await fake.created(mid)
    assert answer["embeds"][0]["title"] == f"Q: {QUESTION}"


async def test_a_dm_is_answered_with_a_reply(connect, fake: FakeDiscord) -> None:
    """In a DM every message is to the bot: answered with a reply, no thread."""
    await connect()
    mid = await fake.say(QUESTION, dm=True)
    [answer] = await fake.created(DM_CHANNEL_ID)
    assert replied_to(answer) == mid and answer["embeds"][0]["title"] == f"Q: {QUESTION}"
    assert threads_asked(fake) == []


# --- what is not answered, and what is answered once

async def test_its_own_messages_other_bots_and_unaddressed_ones_are_ignored(connect, fake: FakeDiscord) -> None:
    """The bot's own message, another bot's mention and a message to no one get nothing; the next question does."""
    fake.guild_permissions = VIEW | SEND | EMBED
    await connect()
    await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True, author=BOT)
    await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True, author={**USER, "id": "1200000000000000002", "bot": True})
    await fake.say(QUESTION)
    mid = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
    await fake.created(CHANNEL_ID)
    assert [replied_to(p) for p in await fake.created(CHANNEL_ID, 0)] == [mid]


async def test_a_replayed_message_is_answered_once(connect, fake: FakeDiscord) -> None:
    """The same MESSAGE_CREATE delivered twice (a resumed gateway replays events) gets one answer."""
    fake.guild_permissions = VIEW | SEND | EMBED
    await connect()
    first = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
    await fake.created(CHANNEL_ID)
    await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True, message_id=first)
    second = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
    await fake.created(CHANNEL_ID, 2)
    assert [replied_to(p) for p in await fake.created(CHANNEL_ID, 0)] == [first, second]


def test_seen_forgets_the_oldest_beyond_its_size() -> None:
    """The dedupe is bounded: past `size` ids, the oldest is forgotten."""
    seen = Seen(size=2)
    assert [seen.first(i) for i in (1, 2, 1, 3, 1)] == [True, True, False, True, True]


# --- the text

def test_question_of_drops_only_the_bots_own_mentions() -> None:
    """`<@id>` and `<@!id>` of the bot go; another user's mention is left for the core to judge."""
    assert question_of("<@42> who is <@7>?  <@!42>", 42) == "who is <@7>?"


async def test_echoed_text_pings_no_one(connect, fake: FakeDiscord) -> None:
    """A question holding @everyone and a user mention: the answer and the thread name carry it, but every message
    is sent with allowed_mentions none."""
    fake.guild_permissions = EVERYTHING
    await connect()
    text = f"<@{APP_ID}> What did @everyone and <@{USER['id']}> say about Operation Absolute Resolve?"
    mid = await fake.say(text, mention=True)
    [answer] = await fake.created(mid)
    assert answer["allowed_mentions"] == NO_PINGS and "<@1100" not in str(answer)


@pytest.mark.parametrize(("content", "reply", "hint"), [(f"<@{APP_ID}>", False, ASK_HOW), ("", True, READ_REPLIES)])
async def test_no_question_gets_a_hint_and_no_thread(connect, fake: FakeDiscord, content: str, reply: bool,
                                                     hint: str) -> None:
    """A bare mention, or a reply whose content Discord withheld (the mention turned off): a reply saying how to
    ask, never a thread."""
    fake.guild_permissions = EVERYTHING
    service = await connect()
    await service.post(CHANNEL_ID, Reply(title="A digest", ephemeral=False), "k1")
    mid = await fake.say(content, mention=not reply, reply_to=fake.messages[0] if reply else None)
    [answer] = (await fake.created(CHANNEL_ID, 2))[1:]
    assert replied_to(answer) == mid and hint in answer["content"]
    assert threads_asked(fake) == []


async def test_a_failed_answer_is_apologised_for(connect, fake: FakeDiscord, caplog: pytest.LogCaptureFixture) -> None:
    """Discord refusing the answer (400): the log has the error and the asker gets the apology as a reply."""
    fake.guild_permissions = VIEW | SEND | EMBED
    await connect()
    fake.fail("POST", f"/channels/{CHANNEL_ID}/messages", 400, {"message": "Invalid Form Body", "code": 50035})
    mid = await fake.say(f"<@{APP_ID}> {QUESTION}", mention=True)
    [refused, apology] = await fake.created(CHANNEL_ID, 2)
    assert refused["embeds"] and (apology["content"], replied_to(apology)) == (FAILED, mid)
    assert any("answering a mention in channel" in r.getMessage() for r in caplog.records)
