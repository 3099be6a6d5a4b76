"""A whole conversation on Discord through the fake gateway and REST, on a made-up briefing, with thread contexts in a
SQLite file: a mention answered in a thread, a follow-up with a pronoun (after a restart), a button click, a share.
Then the two other places a conversation lives: a reply chain where threads cannot be made, and a DM."""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.core.library import Library
from bot.digests.conversations import ConversationStore, ThreadKey
from bot.digests.storage import make_engine
from tests.adapters.discord.fake_discord import APP_ID, CHANNEL_ID, DM_CHANNEL_ID, GUILD_ID, USER, FakeDiscord
from tests.core.test_conversation import ARTICLE, BRIEFING

EVERYTHING = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 35) | (1 << 38)
NO_THREADS = (1 << 10) | (1 << 11) | (1 << 14)
EPHEMERAL = 64
FIRST, FOLLOW_UP = "Who is Mara Velden?", "When did she visit Calloway?"
RESOLVED = "Q: When did Mara Velden visit Calloway?"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    """Only the made-up briefing (two people, an organisation, two places)."""
    root = tmp_path_factory.mktemp("content")
    (root / "calloway-dredging").mkdir()
    (root / "calloway-dredging" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "calloway-dredging" / "briefing.yaml").write_text(BRIEFING, encoding="utf-8")
    library = Library(root)
    library.current.engine.ask(FIRST)  # built before any wait's clock starts
    return library


@pytest.fixture
def database(tmp_path: Path) -> Iterator[str]:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    ConversationStore(make_engine(url)).migrate()
    yield url


def store(url: str) -> ConversationStore:
    """A store of its own on the database file, as a restarted process would open it."""
    return ConversationStore(make_engine(url))


async def kept(url: str, *key: str) -> None:
    """Wait until the thread `key` (server, channel, thread) has a context in the database: the answer is sent
    before its context is stored, and a person types slower than this test."""
    found = store(url)
    for _ in range(1000):
        if await asyncio.to_thread(found.get, ThreadKey("discord", *key)) is not None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"no context kept for {key}")


def ids(message: dict[str, Any]) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for row in message["components"] for b in row["components"]}


def title(message: dict[str, Any]) -> str:
    return message["embeds"][0]["title"]


async def test_a_whole_conversation_in_a_thread(connect, fake: FakeDiscord, database: str) -> None:
    """Mention -> a thread with the answer; restart; a follow-up with 'she' in the thread is asked about Mara Velden;
    Show passage answers privately; a private /ask in the thread, shared, is posted there naming the sharer."""
    fake.guild_permissions = EVERYTHING
    first = await connect(conversations=store(database))
    asking = await fake.say(f"<@{APP_ID}> {FIRST}", mention=True)
    [answer] = await fake.created(asking)  # the thread from the message has the message's id
    assert title(answer) == f"Q: {FIRST}" and fake.threads[asking]["parent_id"] == CHANNEL_ID
    await kept(database, GUILD_ID, CHANNEL_ID, asking)

    await first.stop()  # the context is in the database, not in the process
    fake.identified.clear()
    await connect(conversations=store(database))
    await fake.say(f"<@{APP_ID}> {FOLLOW_UP}", mention=True, channel_id=asking)
    [_, follow_up] = await fake.created(asking, 2)
    assert title(follow_up) == RESOLVED and follow_up["allowed_mentions"] == {"parse": [], "replied_user": False}

    [posted] = [m for m in fake.in_channel(asking) if m["embeds"] and m["embeds"][0]["title"] == RESOLVED]
    iid, token = await fake.click(posted, ids(posted)["Show passage"])
    passage = (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json["data"]
    assert passage["flags"] == EPHEMERAL and "visited Calloway" in str(passage["embeds"])

    iid, token = await fake.interact("ask", [{"name": "question", "type": 3, "value": FIRST}])
    await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    private = fake.responses[token]["message"]
    assert private["flags"] == EPHEMERAL
    iid, token = await fake.click(private, ids(private)["Share in channel"])
    shared = (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json["data"]
    assert shared.get("flags", 0) == 0 and shared["content"] == f"Shared by <@{USER['id']}>"
    assert title(shared) == f"Q: {FIRST}" and shared["allowed_mentions"] == {"parse": []}


async def test_a_reply_chain_keeps_the_context_where_threads_cannot_be_made(connect, fake: FakeDiscord,
                                                                           database: str) -> None:
    """Without thread permissions each answer is a reply; replying to the bot's answer continues its context."""
    fake.guild_permissions = NO_THREADS
    await connect(conversations=store(database))
    await fake.say(f"<@{APP_ID}> {FIRST}", mention=True)
    await fake.created(CHANNEL_ID)
    [bot_answer] = fake.in_channel(CHANNEL_ID)
    await kept(database, GUILD_ID, CHANNEL_ID, bot_answer["id"])
    await fake.say(f"<@{APP_ID}> {FOLLOW_UP}", mention=True, reply_to=bot_answer)
    [_, follow_up] = await fake.created(CHANNEL_ID, 2)
    assert title(follow_up) == RESOLVED and str(follow_up["message_reference"]["message_id"]) != bot_answer["id"]


async def test_a_dm_is_one_conversation(connect, fake: FakeDiscord, database: str) -> None:
    """In a DM the follow-up needs no reply and no mention: the DM channel holds the context."""
    await connect(conversations=store(database))
    await fake.say(FIRST, dm=True)
    await kept(database, "", DM_CHANNEL_ID, DM_CHANNEL_ID)
    await fake.say(FOLLOW_UP, dm=True)
    [_, follow_up] = await fake.created(DM_CHANNEL_ID, 2)
    assert title(follow_up) == RESOLVED


async def test_without_a_store_a_follow_up_stands_alone(connect, fake: FakeDiscord) -> None:
    """No ConversationStore: mentions are still answered, each question as asked."""
    fake.guild_permissions = EVERYTHING
    await connect()
    asking = await fake.say(f"<@{APP_ID}> {FIRST}", mention=True)
    await fake.created(asking)
    await fake.say(f"<@{APP_ID}> {FOLLOW_UP}", mention=True, channel_id=asking)
    [_, follow_up] = await fake.created(asking, 2)
    assert title(follow_up) == f"Q: {FOLLOW_UP}"
