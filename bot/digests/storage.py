"""Digest storage (SQLAlchemy 2): subscriptions and the delivery ledger that makes each digest post once; the schema
also holds the threads' conversation contexts (bot/digests/conversations.py)."""
from __future__ import annotations

import asyncio
import functools
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    MetaData,
    Row,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    and_,
    create_engine,
    delete,
    event,
    exists,
    false,
    func,
    inspect,
    literal,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import QueuePool

if TYPE_CHECKING:
    from sqlalchemy.dialects.postgresql import Insert as PostgresInsert
    from sqlalchemy.dialects.sqlite import Insert as SqliteInsert

__all__ = [
    "CLAIM_BATCH",
    "CLAIMED",
    "Claim",
    "FatalError",
    "Claimed",
    "FAILED",
    "HEAD_REVISION",
    "MIGRATIONS",
    "LimitReached",
    "SENT",
    "SKIPPED",
    "StaticFields",
    "Store",
    "Sub",
    "VERSION_TABLE",
    "delivery_key",
    "insert_for",
    "make_engine",
    "metadata",
    "thread_contexts",
    "utcnow",
]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "digest_schema_version"
HEAD_REVISION = "0004_digest_threads"  # the newest file in migrations/versions (a test checks it is Alembic's head)
CLAIMED, SENT, SKIPPED, FAILED = "claimed", "sent", "skipped", "failed"
_MIGRATION_LOCK = 0x62726566  # PostgreSQL advisory lock id: one instance migrates at a time
_ALEMBIC = threading.Lock()  # alembic's `context` is process-global: one migration per process at a time
CLAIM_BATCH = 200  # the most slots claim_many takes in one transaction (a few statements whatever the count)
DB_THREADS = 4  # the store's own worker threads when the engine's pool says nothing of its size

P = ParamSpec("P")
T = TypeVar("T")


class FatalError(SystemExit):
    """The storage database (digests, threads' context) is unreachable: the process exits 1 so its supervisor
    restarts it."""

    def __init__(self) -> None:
        super().__init__(1)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator[datetime]):
    """Aware datetimes in Python, naive UTC in the database (SQLite keeps no zone)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.astimezone(UTC).replace(tzinfo=None) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        return value.replace(tzinfo=UTC) if value is not None else None


# SQLAlchemy Core tables (the ORM would add some 3 MB resident for no use here). Alembic's migrations must produce
# exactly these: tests/digests/test_storage.py compares a migrated database with `metadata`.
metadata = MetaData()

subscriptions = Table(
    "digest_subscriptions", metadata,
    Column("id", Integer, primary_key=True),
    Column("platform", String(16), nullable=False),
    Column("channel_id", String(64), nullable=False, index=True),
    Column("server_id", String(64), index=True),  # Discord server / Slack workspace
    Column("schedule", String(100), nullable=False),
    Column("timezone", String(64), nullable=False),
    Column("briefing", String(100)),
    Column("created_by", String(64), nullable=False, default=""),
    Column("created_at", UtcDateTime(), nullable=False),
    Column("static_key", String(64), unique=True),  # set for config subscriptions
    Column("enabled", Boolean, nullable=False, default=True),
    Column("disabled_reason", Text),
    Column("editions", Integer, nullable=False, default=0),
    Column("thread", Boolean, nullable=False, default=False, server_default=false()),  # facts as thread replies
)

deliveries = Table(
    "digest_deliveries", metadata,
    Column("id", Integer, primary_key=True),
    Column("subscription_id", Integer, ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False),
    Column("scheduled_for", UtcDateTime(), nullable=False),
    Column("manual", Boolean, nullable=False, default=False),  # /digest send-now, not a schedule slot
    Column("status", String(10), nullable=False),
    Column("edition", Integer),
    Column("key", String(25), nullable=False),
    Column("owner", String(64)),
    Column("lease_until", UtcDateTime()),
    Column("attempts", Integer, nullable=False, default=0),
    Column("error", Text),
    Column("updated_at", UtcDateTime(), nullable=False),
    UniqueConstraint("subscription_id", "scheduled_for", name="uq_delivery_slot"),
)

# what a chat thread remembers of its last answer (bot.core.conversation.ThreadContext as JSON), until it expires
thread_contexts = Table(
    "thread_contexts", metadata,
    Column("platform", String(16), primary_key=True),
    Column("server_id", String(64), primary_key=True),  # Discord server / Slack workspace; "" in a DM
    Column("channel_id", String(64), primary_key=True),
    Column("thread_id", String(64), primary_key=True),
    Column("context", Text, nullable=False),
    Column("expires_at", UtcDateTime(), nullable=False, index=True),
    Column("updated_at", UtcDateTime(), nullable=False),
)

Insert = Callable[[Table], "PostgresInsert | SqliteInsert"]
StaticFields = tuple[str, str, str, str, str | None, bool]  # a config subscription: platform ... briefing, thread


def insert_for(dialect: str) -> Insert:
    """INSERT with ON CONFLICT for the engine's dialect, importing only that dialect's module."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        return pg_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert
    return sqlite_insert


@dataclass(frozen=True)
class Sub:
    """A subscription as the scheduler and the commands see it (detached from any session)."""

    id: int
    platform: str
    channel_id: str
    schedule: str
    timezone: str
    briefing: str | None
    static: bool
    created_at: datetime
    editions: int  # editions claimed so far; the next one is editions + 1
    thread: bool = False  # post each edition compact, with its facts as replies in its thread


class LimitReached(Exception):
    """A channel or server already holds as many user-created subscriptions as it may."""

    def __init__(self, scope: str, limit: int):
        super().__init__(f"{scope} limit {limit}")
        self.scope, self.limit = scope, limit  # scope: "channel" or "server"


@dataclass(frozen=True)
class Claim:
    """This instance holds the lease on one delivery slot and must post edition `edition` with `key`."""

    delivery_id: int
    subscription_id: int
    scheduled_for: datetime
    edition: int
    key: str
    attempts: int


@dataclass(frozen=True)
class Claimed:
    """What one claim_many call got: the slots now this caller's, and those to ask for again shortly because
    another transaction held their subscription (PostgreSQL's SKIP LOCKED); the rest are done, taken or gone."""

    claims: list[Claim]
    busy: list[tuple[int, datetime]]


def delivery_key(subscription_id: int, scheduled_for: datetime) -> str:
    """The idempotency key of a slot: 24 hex characters (Discord nonces allow 25)."""
    slot = f"{subscription_id}:{scheduled_for.astimezone(UTC):%Y%m%dT%H%M%S}"
    return hashlib.blake2b(slot.encode(), digest_size=12).hexdigest()


def _sub(row: Row[Any]) -> Sub:
    return Sub(row.id, row.platform, row.channel_id, row.schedule, row.timezone, row.briefing,
               row.static_key is not None, row.created_at, row.editions, row.thread)


def _lock_id(name: str) -> int:
    return int.from_bytes(hashlib.blake2b(name.encode(), digest_size=8).digest(), "big", signed=True)


def _utc(t: datetime) -> datetime:
    return t.replace(tzinfo=UTC) if t.tzinfo is None else t


def _slot(t: datetime) -> datetime:
    return t.astimezone(UTC).replace(microsecond=0)


def make_engine(url: str) -> Engine:
    """The engine for storage.url; SQLite gets WAL and a generous busy timeout for several writers."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.close()

    return engine


class Store:
    """Subscriptions and the delivery ledger. Every method is one short transaction: call it off the event loop,
    through run() (the store's own threads)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._insert = insert_for(engine.dialect.name)
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    def threads(self) -> int:
        """How many worker threads run() uses: one per connection the engine's pool keeps, so none waits for one."""
        pool = self.engine.pool
        return max(1, pool.size()) if isinstance(pool, QueuePool) else DB_THREADS

    async def run(self, fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Call one of the blocking methods off the event loop, on the store's own bounded thread pool: its database
        round trips never queue behind (or crowd out) other work on asyncio's default executor."""
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.threads(), thread_name_prefix="digest-db")
            executor = self._executor
        return await asyncio.get_running_loop().run_in_executor(executor, functools.partial(fn, *args, **kwargs))

    def close(self) -> None:
        """Stop the worker threads (after their current call) and close the engine's connections."""
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)
        self.engine.dispose()

    def migrate(self, attempts: int = 3) -> None:
        """Create the schema on first start, upgrade it afterwards (Alembic, shipped in the package). A schema already
        at HEAD_REVISION is left alone without importing Alembic, which would stay resident for the process's life."""
        if self.revision() == HEAD_REVISION:
            return
        from alembic import command as alembic
        from alembic.config import Config as AlembicConfig

        cfg = AlembicConfig()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        for attempt in range(1, attempts + 1):
            try:
                with _ALEMBIC, self.engine.begin() as conn:
                    if conn.dialect.name == "postgresql":
                        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
                    cfg.attributes["connection"] = conn
                    alembic.upgrade(cfg, "head")
                return
            except DBAPIError:
                if attempt == attempts or self.ping_failed():
                    raise
                time.sleep(0.2 * attempt)  # another instance was creating the schema at the same moment

    def revision(self) -> str | None:
        """The schema revision the database records, or None before the first migration."""
        with self.engine.connect() as conn:
            if not inspect(conn).has_table(VERSION_TABLE):
                return None
            return conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()

    def ping_failed(self) -> bool:
        try:
            with self.engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            return False
        except DBAPIError:
            return True

    # --- subscriptions

    @staticmethod
    def _serialize(conn: Connection, name: str) -> None:
        """Hold the transaction-scoped lock `name` until commit, so a check and the write it guards are one step.

        PostgreSQL needs it (under READ COMMITTED two transactions could both pass a check); SQLite needs none, as
        each guarded write below is one statement and SQLite runs one writing statement at a time.
        """
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_id(name)})

    def add(self, platform: str, channel_id: str, schedule: str, tz: str, briefing: str | None,
            created_by: str = "", static_key: str | None = None, *, server_id: str | None = None,
            per_channel: int | None = None, per_server: int | None = None, thread: bool = False) -> Sub | None:
        """A new subscription; for a config one (static_key), None when another instance added it first.

        With `per_channel`/`per_server`, the user-created, enabled subscriptions of the channel and of the server
        are counted in the same statement that inserts, under a lock on the server: LimitReached when one is full,
        however many admins create at the same moment, on one instance or several.
        """
        values = dict(platform=platform, channel_id=channel_id, server_id=server_id or None, schedule=schedule,
                      timezone=tz, briefing=briefing, created_by=created_by, created_at=utcnow(),
                      static_key=static_key, enabled=True, editions=0, thread=thread)
        if per_channel is None and per_server is None:
            stmt = self._insert(subscriptions).values(**values)
            if static_key is not None:
                stmt = stmt.on_conflict_do_nothing(index_elements=["static_key"])
            with self.engine.begin() as conn:
                new_id = conn.execute(stmt.returning(subscriptions.c.id)).scalar()
            return self.get(new_id) if new_id is not None else None
        counts = self._counts(platform, channel_id, server_id)
        row = select(*(literal(v, subscriptions.c[k].type).label(k) for k, v in values.items()))
        for scope, cap in (("channel", per_channel), ("server", per_server)):
            if cap is not None and (scope == "channel" or server_id):
                row = row.where(counts[scope] < cap)
        with self.engine.begin() as conn:
            self._serialize(conn, f"digest-subscribe:{platform}:{server_id or channel_id}")
            new_id = conn.execute(self._insert(subscriptions).from_select(list(values), row)
                                  .returning(subscriptions.c.id)).scalar()
            if new_id is None:
                have = {scope: conn.execute(select(q)).scalar() or 0 for scope, q in counts.items()}
        if new_id is not None:
            return self.get(new_id)
        if per_channel is not None and have["channel"] >= per_channel:
            raise LimitReached("channel", per_channel)
        raise LimitReached("server", per_server or 0)

    @staticmethod
    def _counts(platform: str, channel_id: str, server_id: str | None) -> dict[str, Any]:
        """The count of user-created, enabled subscriptions in the channel and in the server, as subqueries."""
        s = subscriptions.alias()
        mine = (select(func.count()).select_from(s)
                .where(s.c.platform == platform, s.c.static_key.is_(None), s.c.enabled))
        return {"channel": mine.where(s.c.channel_id == channel_id).scalar_subquery(),
                "server": mine.where(s.c.server_id == (server_id or None)).scalar_subquery()}

    def _subs(self, q: Any) -> list[Sub]:
        with self.engine.connect() as conn:
            return [_sub(row) for row in conn.execute(q)]

    def get(self, sub_id: int) -> Sub | None:
        found = self._subs(select(subscriptions).where(subscriptions.c.id == sub_id, subscriptions.c.enabled))
        return found[0] if found else None

    def subscriptions(self, platform: str | None = None, channel_id: str | None = None) -> list[Sub]:
        """The enabled subscriptions, optionally of one channel, oldest first."""
        q = select(subscriptions).where(subscriptions.c.enabled).order_by(subscriptions.c.id)
        if platform is not None:
            q = q.where(subscriptions.c.platform == platform)
        if channel_id is not None:
            q = q.where(subscriptions.c.channel_id == channel_id)
        return self._subs(q)

    def remove(self, sub_id: int, platform: str | None = None, channel_id: str | None = None) -> bool:
        """Delete a subscription (only if it belongs to this channel, when given); its ledger goes with it."""
        q = delete(subscriptions).where(subscriptions.c.id == sub_id)
        if platform is not None:
            q = q.where(subscriptions.c.platform == platform, subscriptions.c.channel_id == channel_id)
        with self.engine.begin() as conn:
            return conn.execute(q).rowcount > 0

    def disable(self, sub_id: int, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(subscriptions).where(subscriptions.c.id == sub_id)
                         .values(enabled=False, disabled_reason=reason))

    def sync_static(self, wanted: Mapping[str, StaticFields]) -> None:
        """Make the config's subscriptions (static_key -> fields) exactly the static ones in the database."""
        with self.engine.begin() as conn:
            static = select(subscriptions.c.static_key).where(subscriptions.c.static_key.is_not(None))
            have = set(conn.execute(static).scalars())
            conn.execute(delete(subscriptions).where(subscriptions.c.static_key.in_(have - set(wanted))))
        for key in (k for k in wanted if k not in have):  # in the config's order, so ids follow the file
            platform, channel_id, schedule, tz, briefing, thread = wanted[key]
            self.add(platform, channel_id, schedule, tz, briefing, created_by="config", static_key=key, thread=thread)

    # --- the ledger

    def claim(self, sub_id: int, scheduled_for: datetime, owner: str, lease: timedelta) -> Claim | None:
        """Take the slot (or an expired lease on it); None when it is taken, done or the subscription is gone.
        Waits for another transaction holding the subscription rather than skip it."""
        got = self.claim_many([(sub_id, scheduled_for)], owner, lease, skip_locked=False)
        return got.claims[0] if got.claims else None

    def claim_many(self, slots: Iterable[tuple[int, datetime]], owner: str, lease: timedelta, *,
                   skip_locked: bool = True) -> Claimed:
        """Take many (subscription, slot) pairs in one transaction of a few statements, however many they are.

        Each pair becomes a new claim (the subscription's next edition) or takes over an expired lease on its
        slot; pairs already claimed, sent, skipped or whose subscription is gone are dropped. One slot per
        subscription per call: a second one is returned in `busy`, as are (PostgreSQL, skip_locked) the
        subscriptions another transaction holds locked -- another instance claiming them, or a send-now --
        which are skipped rather than waited on. The unique (subscription, slot) index decides every race.
        """
        want: dict[int, datetime] = {}
        busy: list[tuple[int, datetime]] = []
        for sub_id, t in slots:
            if sub_id in want:
                busy.append((sub_id, t))
            else:
                want[sub_id] = _slot(t)
        if len(want) > CLAIM_BATCH:
            raise ValueError(f"claim_many takes at most {CLAIM_BATCH} subscriptions at once, not {len(want)}")
        if not want:
            return Claimed([], busy)
        now = utcnow()
        with self.engine.connect() as conn:
            ids = sorted(want)
            # One read: each enabled subscription with its slot's ledger row, if any. On PostgreSQL it also locks the
            # subscriptions (in id order), skipping those another transaction holds; SQLite has one writer at a time.
            rows = conn.execute(
                select(subscriptions.c.id, deliveries.c.status, deliveries.c.lease_until)
                .outerjoin(deliveries, and_(deliveries.c.subscription_id == subscriptions.c.id, tuple_(
                    deliveries.c.subscription_id, deliveries.c.scheduled_for).in_([(i, want[i]) for i in ids])))
                .where(subscriptions.c.id.in_(ids), subscriptions.c.enabled).order_by(subscriptions.c.id)
                .with_for_update(of=subscriptions, skip_locked=skip_locked)).all()
            if len(rows) < len(ids) and conn.dialect.name == "postgresql":  # locked elsewhere, or disabled/deleted
                alive = conn.execute(select(subscriptions.c.id).where(
                    subscriptions.c.id.in_(set(ids) - {r.id for r in rows}), subscriptions.c.enabled)).scalars()
                busy += [(i, want[i]) for i in alive]
            ids = [r.id for r in rows]
            existing = {r.id: r for r in rows if r.status is not None}
            fresh = [i for i in ids if i not in existing]
            expired = [i for i in ids if i in existing and existing[i].status == CLAIMED
                       and existing[i].lease_until is not None and _utc(existing[i].lease_until) < now]
            claims = self._claim_fresh(conn, fresh, want, owner, now + lease, now, expired)
            claims += self._take_over(conn, expired, want, owner, now + lease, now)
            conn.commit()
        return Claimed(claims, busy)

    def _claim_fresh(self, conn: Connection, ids: list[int], want: Mapping[int, datetime], owner: str,
                     lease_until: datetime, now: datetime, expired: list[int]) -> list[Claim]:
        """New slots: number each subscription's next edition and insert its claim. A slot another instance
        inserted since the read above is not ours: its edition number is given back and its lease tried."""
        if not ids:
            return []
        editions: dict[int, int] = dict(conn.execute(
            update(subscriptions).where(subscriptions.c.id.in_(ids), subscriptions.c.enabled)
            .values(editions=subscriptions.c.editions + 1)
            .returning(subscriptions.c.id, subscriptions.c.editions)).all())
        if not editions:
            return []
        rows = [dict(subscription_id=i, scheduled_for=want[i], manual=False, status=CLAIMED, edition=editions[i],
                     key=delivery_key(i, want[i]), owner=owner, lease_until=lease_until, attempts=1, updated_at=now)
                for i in sorted(editions)]
        # executemany: SQLAlchemy sends it as multi-row INSERTs ("insertmanyvalues") from one cached compiled form
        inserted: dict[int, int] = dict(conn.execute(
            self._insert(deliveries).on_conflict_do_nothing(index_elements=["subscription_id", "scheduled_for"])
            .returning(deliveries.c.subscription_id, deliveries.c.id), rows).all())
        lost = sorted(editions.keys() - inserted.keys())
        if lost:
            conn.execute(update(subscriptions).where(subscriptions.c.id.in_(lost))
                         .values(editions=subscriptions.c.editions - 1))
            expired += lost
        return [Claim(inserted[i], i, want[i], editions[i], delivery_key(i, want[i]), 1) for i in sorted(inserted)]

    def _take_over(self, conn: Connection, ids: list[int], want: Mapping[int, datetime], owner: str,
                   lease_until: datetime, now: datetime) -> list[Claim]:
        """Slots whose claimer's lease ran out before it marked them: ours now, same edition and key."""
        if not ids:
            return []
        rows = conn.execute(
            update(deliveries)
            .where(tuple_(deliveries.c.subscription_id, deliveries.c.scheduled_for).in_([(i, want[i]) for i in ids]),
                   deliveries.c.status == CLAIMED, deliveries.c.lease_until < now)
            .values(owner=owner, lease_until=lease_until, attempts=deliveries.c.attempts + 1, updated_at=now)
            .returning(deliveries.c.id, deliveries.c.subscription_id, deliveries.c.edition,
                       deliveries.c.attempts)).all()
        out = []
        for row in sorted(rows, key=lambda r: r.subscription_id):
            key = delivery_key(row.subscription_id, want[row.subscription_id])
            log.warning("took over the expired lease on digest %s of subscription %d", key, row.subscription_id)
            out.append(Claim(row.id, row.subscription_id, want[row.subscription_id], row.edition, key, row.attempts))
        return out

    def claim_manual(self, sub_id: int, owner: str, lease: timedelta, cooldown: timedelta) -> Claim | datetime | None:
        """Claim a send-now slot (now) for the subscription, unless its channel had a send-now within `cooldown`.

        Returns the Claim; or, inside the cooldown, the time it ends; or None when the subscription is gone or
        already claimed this second. The cooldown check and the edition count are one guarded statement (under a
        lock on the channel on PostgreSQL), so two admins pressing at once get one post.
        """
        now = utcnow()
        slot, key = _slot(now), delivery_key(sub_id, _slot(now))
        with self.engine.connect() as conn:
            where = conn.execute(select(subscriptions.c.platform, subscriptions.c.channel_id)
                                 .where(subscriptions.c.id == sub_id, subscriptions.c.enabled)).first()
            if where is None:
                return None
            self._serialize(conn, f"digest-send-now:{where.platform}:{where.channel_id}")
            s = subscriptions.alias()
            recent = (select(func.max(deliveries.c.scheduled_for)).join(s, deliveries.c.subscription_id == s.c.id)
                      .where(s.c.platform == where.platform, s.c.channel_id == where.channel_id, deliveries.c.manual,
                             deliveries.c.scheduled_for > now - cooldown))
            guard = update(subscriptions).where(subscriptions.c.id == sub_id, subscriptions.c.enabled)
            if cooldown > timedelta(0):
                guard = guard.where(~exists(recent.with_only_columns(deliveries.c.id)))
            edition = conn.execute(guard.values(editions=subscriptions.c.editions + 1)
                                   .returning(subscriptions.c.editions)).scalar()
            if edition is None:
                last = conn.execute(recent).scalar() if cooldown > timedelta(0) else None
                conn.rollback()
                return (_utc(last) + cooldown) if last is not None else None
            delivery_id = conn.execute(self._insert(deliveries).values(
                subscription_id=sub_id, scheduled_for=slot, manual=True, status=CLAIMED, edition=edition, key=key,
                owner=owner, lease_until=now + lease, attempts=1, updated_at=now,
            ).on_conflict_do_nothing(index_elements=["subscription_id", "scheduled_for"])
                .returning(deliveries.c.id)).scalar()
            if delivery_id is None:
                conn.rollback()
                return None
            conn.commit()
        return Claim(delivery_id, sub_id, slot, edition, key, 1)

    def renew(self, claim: Claim, owner: str, lease: timedelta, attempt: bool = True) -> bool:
        """Extend the lease (before a retry: `attempt` counts one more); False if another instance took the slot
        over meanwhile."""
        now = utcnow()
        with self.engine.begin() as conn:
            return conn.execute(update(deliveries).where(deliveries.c.id == claim.delivery_id,
                                                         deliveries.c.owner == owner, deliveries.c.status == CLAIMED)
                                .values(lease_until=now + lease, attempts=deliveries.c.attempts + int(attempt),
                                        updated_at=now)).rowcount > 0

    def finish(self, claim: Claim, owner: str, status: str, error: str | None = None) -> None:
        self.finish_many([(claim, status, error)], owner)

    def finish_many(self, results: Sequence[tuple[Claim, str, str | None]], owner: str) -> None:
        """Record how many deliveries ended (status, error), in one transaction: one statement for all those
        sent, one for each failure (its own error). Only claims `owner` still holds are changed."""
        if not results:
            return
        now = utcnow()
        sent = [c.delivery_id for c, status, error in results if status == SENT and error is None]
        with self.engine.begin() as conn:
            if sent:
                conn.execute(update(deliveries).where(deliveries.c.id.in_(sent), deliveries.c.owner == owner)
                             .values(status=SENT, error=None, lease_until=None, updated_at=now))
            for claim, status, error in results:
                if status != SENT or error is not None:
                    conn.execute(update(deliveries)
                                 .where(deliveries.c.id == claim.delivery_id, deliveries.c.owner == owner)
                                 .values(status=status, error=error, lease_until=None, updated_at=now))

    def release(self, claims: Sequence[Claim], owner: str) -> int:
        """End the lease on claims `owner` holds but will not post (it is stopping): they are retaken at once, with
        the check for messages a cut-short attempt may have posted. The number handed back."""
        if not claims:
            return 0
        with self.engine.begin() as conn:
            return conn.execute(update(deliveries).where(deliveries.c.id.in_([c.delivery_id for c in claims]),
                                                         deliveries.c.owner == owner, deliveries.c.status == CLAIMED)
                                .values(lease_until=utcnow(), updated_at=utcnow())).rowcount

    def skip(self, sub_id: int, times: list[datetime], reason: str) -> None:
        """Record slots that will never be sent (missed beyond the catch-up window)."""
        self.skip_many({sub_id: times}, reason)

    def skip_many(self, times: Mapping[int, Sequence[datetime]], reason: str) -> None:
        """skip() for many subscriptions at once: one transaction, multi-row inserts."""
        now = utcnow()
        rows = [dict(subscription_id=sub_id, scheduled_for=_slot(t), manual=False, status=SKIPPED,
                     key=delivery_key(sub_id, t), attempts=0, error=reason, updated_at=now)
                for sub_id, ts in times.items() for t in ts]
        if not rows:
            return
        with self.engine.begin() as conn:  # executemany: multi-row INSERTs, batched by SQLAlchemy
            conn.execute(self._insert(deliveries).on_conflict_do_nothing(
                index_elements=["subscription_id", "scheduled_for"]), rows)

    def stale_claims(self, since: datetime) -> list[tuple[int, datetime]]:
        """Slots scheduled after `since` whose claimer's lease ran out before it marked them sent."""
        q = (select(deliveries.c.subscription_id, deliveries.c.scheduled_for)
             .where(deliveries.c.status == CLAIMED, deliveries.c.lease_until < utcnow(),
                    deliveries.c.scheduled_for > since))
        with self.engine.connect() as conn:
            return [(r.subscription_id, r.scheduled_for) for r in conn.execute(q)]

    def last_slots(self) -> dict[int, datetime]:
        """The latest scheduled slot the ledger holds for each subscription (send-now excluded)."""
        q = (select(deliveries.c.subscription_id, func.max(deliveries.c.scheduled_for).label("last"))
             .where(deliveries.c.manual.is_(False)).group_by(deliveries.c.subscription_id))
        with self.engine.connect() as conn:
            return {r.subscription_id: r.last for r in conn.execute(q)}

    def prune(self, before: datetime) -> int:
        """Delete delivery records scheduled before `before`; the number deleted.

        Each subscription's latest scheduled slot is kept whatever its age: after a restart the catch-up pass starts
        from it, so a pruned ledger never makes an old slot look unsent.
        """
        d = deliveries.alias()
        latest = (select(func.max(d.c.scheduled_for))
                  .where(d.c.subscription_id == deliveries.c.subscription_id, d.c.manual.is_(False)).scalar_subquery())
        q = delete(deliveries).where(deliveries.c.scheduled_for < before,
                                     or_(deliveries.c.manual, deliveries.c.scheduled_for < latest))
        with self.engine.begin() as conn:
            return conn.execute(q).rowcount

    def ledger(self, sub_id: int | None = None) -> list[Row[Any]]:
        """The delivery rows (every column, by name), of one subscription or all, in slot order."""
        q = select(deliveries).order_by(deliveries.c.scheduled_for, deliveries.c.id)
        if sub_id is not None:
            q = q.where(deliveries.c.subscription_id == sub_id)
        with self.engine.connect() as conn:
            return list(conn.execute(q))
