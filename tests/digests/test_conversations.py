"""Thread contexts in the database: kept per thread until they expire, shared by instances, kept across restarts,
and a bad row is ignored politely (on SQLite and, with BRIEFBOT_TEST_POSTGRES_URL, PostgreSQL)."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import insert, select

from bot.core.conversation import Mention, ThreadContext
from bot.digests.conversations import MAX_CONTEXT, ConversationKeeper, ConversationStore, ThreadKey
from bot.digests.storage import MIGRATIONS, Store, make_engine, thread_contexts, utcnow
from tests.digests.conftest import add_before_upgrade

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
KEY = ThreadKey("slack", "T1", "C1", "1741000000.000100")
CONTEXT = ThreadContext("made-up-briefing", "When did Ada Reyes open the bridge?",
                        (Mention("ada-reyes", "Ada Reyes", "person"), Mention("tollway", "Tollway Board",
                                                                                "organisation")),
                        ("12 May 2024",))


@pytest.fixture
def conversations(db_url: str) -> Iterator[ConversationStore]:
    store = ConversationStore(make_engine(db_url))
    store.migrate()
    yield store
    store.engine.dispose()


def test_a_context_round_trips_per_thread(conversations: ConversationStore) -> None:
    """What is put for a thread is got back equal; another thread, channel or platform has none."""
    assert conversations.put(KEY, CONTEXT)
    assert conversations.get(KEY) == CONTEXT
    for other in (ThreadKey("slack", "T1", "C1", "1741000000.000200"), ThreadKey("slack", "T1", "C2", KEY.thread_id),
                  ThreadKey("discord", "T1", "C1", KEY.thread_id), ThreadKey("slack", "", "C1", KEY.thread_id)):
        assert conversations.get(other) is None


def test_a_later_put_replaces_the_threads_context(conversations: ConversationStore) -> None:
    """A thread holds one context: its last answer's."""
    conversations.put(KEY, CONTEXT)
    later = ThreadContext("made-up-briefing", "And in 2025?")
    conversations.put(KEY, later)
    assert conversations.get(KEY) == later


def test_a_context_expires_its_ttl_after_the_last_answer(db_url: str) -> None:
    """Read until the ttl runs out, counted again from each put; gone after; purge deletes only expired rows."""
    store = ConversationStore(make_engine(db_url), ttl=timedelta(hours=2))
    store.migrate()
    other = ThreadKey("discord", "G1", "C9", "555")
    with time_machine.travel(T0, tick=False) as clock:
        store.put(KEY, CONTEXT)
        clock.shift(timedelta(hours=1, minutes=59))
        assert store.get(KEY) == CONTEXT
        store.put(other, CONTEXT)
        clock.shift(timedelta(minutes=2))
        assert store.get(KEY) is None and store.get(other) == CONTEXT
        assert store.purge_expired() == 1
        with store.engine.connect() as conn:
            assert conn.execute(select(thread_contexts.c.thread_id)).scalars().all() == ["555"]
        store.put(other, CONTEXT)  # a follow-up starts the time again
        clock.shift(timedelta(hours=1, minutes=59))
        assert store.get(other) == CONTEXT
    store.engine.dispose()


def test_two_instances_on_one_database_see_each_others_threads(db_url: str, conversations: ConversationStore) -> None:
    """A thread answered by one instance is continued by another."""
    second = ConversationStore(make_engine(db_url))
    second.migrate()
    conversations.put(KEY, CONTEXT)
    assert second.get(KEY) == CONTEXT
    later = ThreadContext("made-up-briefing", "What about 2025?")
    second.put(KEY, later)
    assert conversations.get(KEY) == later
    second.engine.dispose()


def test_a_restart_keeps_the_threads(db_url: str) -> None:
    """A new engine on the same database (a restarted process) reads what the old one stored."""
    before = ConversationStore(make_engine(db_url))
    before.migrate()
    before.put(KEY, CONTEXT)
    before.engine.dispose()
    after = ConversationStore(make_engine(db_url))
    after.migrate()
    assert after.get(KEY) == CONTEXT
    after.engine.dispose()


def test_instances_answering_one_thread_at_once_leave_one_whole_context(db_url: str,
                                                                      conversations: ConversationStore) -> None:
    """Concurrent puts on one thread from two instances all succeed (an upsert, no unique-key error) and the thread
    ends with one of the contexts, whole."""
    second = ConversationStore(make_engine(db_url))
    contexts = [ThreadContext("made-up-briefing", f"question {i}") for i in range(16)]
    with ThreadPoolExecutor(4) as pool:
        done = list(pool.map(lambda i: (conversations, second)[i % 2].put(KEY, contexts[i]), range(16)))
    assert all(done) and conversations.get(KEY) in contexts
    second.engine.dispose()


def test_an_oversized_context_is_not_kept_and_the_stale_one_is_forgotten(conversations: ConversationStore,
                                                                          caplog: pytest.LogCaptureFixture) -> None:
    """A context whose JSON passes MAX_CONTEXT is refused with a log line, never an error, and the thread's older
    context is dropped so no follow-up leans on a stale answer."""
    conversations.put(KEY, CONTEXT)
    huge = ThreadContext("made-up-briefing", "q" * MAX_CONTEXT)
    with caplog.at_level(logging.WARNING, "bot.digests.conversations"):
        assert conversations.put(KEY, huge) is False
    assert conversations.get(KEY) is None and "not keeping a conversation context" in caplog.text


@pytest.mark.parametrize("stored", ["not json", "[]", '{"briefing": 3, "question": "q"}',
                                    '{"briefing": "b", "question": "q", "entities": [{"id": "x"}]}',
                                    '{"briefing": "b", "question": "' + "q" * MAX_CONTEXT + '"}'])
def test_a_garbage_or_oversized_row_reads_as_no_context(conversations: ConversationStore, stored: str,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    """A row another version or a hand edit left unreadable, or too large, is ignored with a log line: the thread
    starts afresh and a later put replaces it."""
    now = utcnow()
    with conversations.engine.begin() as conn:
        conn.execute(insert(thread_contexts).values(**KEY.where(), context=stored, expires_at=now + timedelta(hours=1),
                                                    updated_at=now))
    with caplog.at_level(logging.WARNING, "bot.digests.conversations"):
        assert conversations.get(KEY) is None
    assert "ignoring" in caplog.text
    conversations.put(KEY, CONTEXT)
    assert conversations.get(KEY) == CONTEXT


@pytest.mark.parametrize("parts", [("slack", "T1", "C1", "t" * 65), ("slack", "T1", "", "1"), ("s" * 17, "", "C", "1"),
                                   ("slack", None, "C1", "1")])
def test_a_key_that_cannot_be_stored_is_a_clear_value_error(parts: tuple[str, str, str, str]) -> None:
    """A key part too long for its column, empty where it is needed, or not text is refused when the key is made,
    naming the part."""
    with pytest.raises(ValueError, match="ThreadKey"):
        ThreadKey(*parts)


def test_a_database_at_the_previous_revision_is_upgraded_keeping_its_subscriptions(db_url: str) -> None:
    """An install from before thread contexts gets the table on its next start, its digests untouched."""
    from alembic import command as alembic
    from alembic.config import Config as AlembicConfig

    engine = make_engine(db_url)
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        alembic.upgrade(cfg, "0002_server_id")
        add_before_upgrade(conn, "C1")
    old = Store(engine)
    assert old.revision() == "0002_server_id"
    store = ConversationStore(engine)
    store.migrate()
    assert store.put(KEY, CONTEXT) and store.get(KEY) == CONTEXT
    assert [(s.channel_id, s.schedule) for s in old.subscriptions()] == [("C1", "daily 08:00")]
    engine.dispose()


async def test_the_keeper_makes_the_schema_and_purges_while_it_runs(db_url: str) -> None:
    """`briefbot run`'s part: started, the table exists; every purge_every, expired contexts are deleted; stopped,
    it is no longer ready."""
    keeper = ConversationKeeper(db_url, ttl=timedelta(milliseconds=50), purge_every=timedelta(milliseconds=20))
    await keeper.start()
    try:
        assert keeper.ready()
        assert keeper.store.put(KEY, CONTEXT)
        for _ in range(100):
            await asyncio.sleep(0.02)
            with keeper.store.engine.connect() as conn:
                if conn.execute(select(thread_contexts.c.thread_id)).first() is None:
                    break
        else:
            pytest.fail("the expired context was never purged")
    finally:
        await keeper.stop()
    assert not keeper.ready()
