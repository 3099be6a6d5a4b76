"""The threads' conversation contexts in the database: what each chat thread remembers of its last answer
(bot.core.conversation.ThreadContext), keyed by (platform, server, channel, thread), until it expires. Every instance
on the database shares them and a restart keeps them. Every method is one short blocking transaction: call it off the
event loop (`await asyncio.to_thread(store.get, key)`)."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import ColumnElement, Engine, and_, delete, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from bot.core.conversation import ThreadContext
from bot.digests.storage import FatalError, Store, insert_for, make_engine, thread_contexts, utcnow

__all__ = ["DEFAULT_TTL", "MAX_CONTEXT", "PURGE_EVERY", "ConversationKeeper", "ConversationStore", "ThreadKey"]

log = logging.getLogger(__name__)

DEFAULT_TTL = timedelta(hours=24)  # how long a thread's context lasts after its last answer
MAX_CONTEXT = 16_000  # characters of JSON one context may take; a larger one is neither stored nor read back
PURGE_EVERY = timedelta(hours=1)  # how often `briefbot run` deletes the expired contexts
_LIMITS = {"platform": 16, "server_id": 64, "channel_id": 64, "thread_id": 64}  # the key columns' sizes


@dataclass(frozen=True)
class ThreadKey:
    """Which thread a context belongs to. `server_id` is the Discord server or Slack workspace ("" in a DM);
    `thread_id` is the thread's own id: Slack's thread_ts of its first message, the Discord thread's channel id
    (or the id of the bot's message a reply answers)."""

    platform: str
    server_id: str
    channel_id: str
    thread_id: str

    def __post_init__(self) -> None:
        for name, limit in _LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, str) or len(value) > limit or (not value and name != "server_id"):
                raise ValueError(f"ThreadKey.{name} must be a string of 1 to {limit} characters, not {value!r:.80}")

    def where(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in _LIMITS}


def _match(key: ThreadKey) -> ColumnElement[bool]:
    return and_(*(thread_contexts.c[name] == value for name, value in key.where().items()))


class ConversationStore:
    """Each thread's context until `ttl` after its last answer (each put starts the time again)."""

    def __init__(self, engine: Engine, ttl: timedelta = DEFAULT_TTL):
        if ttl <= timedelta(0):
            raise ValueError(f"a conversation's expiry must be positive, not {ttl}")
        self.engine, self.ttl = engine, ttl
        self._insert = insert_for(engine.dialect.name)

    def migrate(self) -> None:
        """Create or upgrade the schema: the digest store's migrations hold this table too."""
        Store(self.engine).migrate()

    def get(self, key: ThreadKey) -> ThreadContext | None:
        """The thread's context, or None when it has none, it expired, or its row cannot be read (too large, not a
        context: logged, never raised)."""
        q = select(thread_contexts.c.context).where(_match(key), thread_contexts.c.expires_at > utcnow())
        with self.engine.connect() as conn:
            text = conn.execute(q).scalar()
        if text is None:
            return None
        if len(text) > MAX_CONTEXT:
            log.warning("ignoring a conversation context of %d characters (limit %d) for %s", len(text), MAX_CONTEXT,
                        key)
            return None
        try:
            return ThreadContext.from_json(text)
        except ValueError:
            log.warning("ignoring an unreadable conversation context for %s", key)
            return None

    def put(self, key: ThreadKey, context: ThreadContext) -> bool:
        """Keep `context` as the thread's until ttl from now, replacing any before it. A context over MAX_CONTEXT is
        not kept (logged) and the thread's old one is forgotten, so no follow-up leans on a stale answer: False."""
        text = context.to_json()
        if len(text) > MAX_CONTEXT:
            log.warning("not keeping a conversation context of %d characters (limit %d) for %s", len(text),
                        MAX_CONTEXT, key)
            self.forget(key)
            return False
        now = utcnow()
        stmt = self._insert(thread_contexts).values(**key.where(), context=text, expires_at=now + self.ttl,
                                                    updated_at=now)
        stmt = stmt.on_conflict_do_update(index_elements=list(key.where()), set_={
            "context": stmt.excluded.context, "expires_at": stmt.excluded.expires_at,
            "updated_at": stmt.excluded.updated_at})
        with self.engine.begin() as conn:
            conn.execute(stmt)
        return True

    def forget(self, key: ThreadKey) -> bool:
        """Drop the thread's context; whether it had one."""
        with self.engine.begin() as conn:
            return conn.execute(delete(thread_contexts).where(_match(key))).rowcount > 0

    def purge_expired(self) -> int:
        """Delete the expired contexts (get already ignores them); the number deleted. Call it now and then."""
        with self.engine.begin() as conn:
            return conn.execute(delete(thread_contexts).where(thread_contexts.c.expires_at <= utcnow())).rowcount


class ConversationKeeper:
    """The store as a part of `briefbot run`: its schema made or upgraded at start, the expired contexts deleted
    every `purge_every` while it runs. The platforms are given `store` to read and write the threads' contexts."""

    name = "conversations"

    def __init__(self, storage_url: str, ttl: timedelta = DEFAULT_TTL, purge_every: timedelta = PURGE_EVERY):
        self.store = ConversationStore(make_engine(storage_url), ttl)
        self.purge_every = purge_every
        self._purging: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Make or upgrade the schema; a database that does not answer stops the run with exit 1 and one line."""
        try:
            await asyncio.to_thread(self.store.migrate)
        except DBAPIError as exc:
            url = self.store.engine.url.render_as_string(hide_password=True)
            log.critical("storage database %s is unreachable (%s): exiting with status 1", url,
                         str(exc).splitlines()[0])
            raise FatalError() from None
        self._purging = asyncio.create_task(self._purge(), name="conversation-purge")

    async def _purge(self) -> None:
        while True:
            await asyncio.sleep(self.purge_every.total_seconds())
            try:
                gone = await asyncio.to_thread(self.store.purge_expired)
            except SQLAlchemyError as exc:  # the database may be back at the next round; get ignores expired rows
                log.warning("could not purge expired conversation contexts: %s", str(exc).splitlines()[0])
            else:
                log.debug("purged %d expired conversation contexts", gone)

    async def stop(self) -> None:
        if self._purging is not None:
            self._purging.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._purging
        await asyncio.to_thread(self.store.engine.dispose)

    def ready(self) -> bool:
        return self._purging is not None and not self._purging.done()
