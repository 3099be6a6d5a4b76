"""Digest storage (SQLAlchemy 2): subscriptions and the delivery ledger that makes each digest post once."""
from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from alembic import command as alembic
from alembic.config import Config as AlembicConfig
from sqlalchemy import (
    Boolean,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    create_engine,
    delete,
    event,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, aliased, mapped_column

__all__ = [
    "Base",
    "Claim",
    "FAILED",
    "LimitReached",
    "SENT",
    "SKIPPED",
    "Store",
    "Sub",
    "VERSION_TABLE",
    "delivery_key",
    "make_engine",
    "utcnow",
]

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "digest_schema_version"
CLAIMED, SENT, SKIPPED, FAILED = "claimed", "sent", "skipped", "failed"
_MIGRATION_LOCK = 0x62726566  # PostgreSQL advisory lock id: one instance migrates at a time
_ALEMBIC = threading.Lock()  # alembic's `context` is process-global: one migration per process at a time


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


class Base(DeclarativeBase):
    pass


class Subscription(Base):
    __tablename__ = "digest_subscriptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    channel_id: Mapped[str] = mapped_column(String(64), index=True)
    server_id: Mapped[str | None] = mapped_column(String(64), index=True)  # Discord server / Slack workspace
    schedule: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64))
    briefing: Mapped[str | None] = mapped_column(String(100))
    created_by: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    static_key: Mapped[str | None] = mapped_column(String(64), unique=True)  # set for config subscriptions
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(Text)
    editions: Mapped[int] = mapped_column(Integer, default=0)


class Delivery(Base):
    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "scheduled_for", name="uq_delivery_slot"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("digest_subscriptions.id", ondelete="CASCADE"))
    scheduled_for: Mapped[datetime] = mapped_column(UtcDateTime())
    manual: Mapped[bool] = mapped_column(Boolean, default=False)  # /digest send-now, not a schedule slot
    status: Mapped[str] = mapped_column(String(10))
    edition: Mapped[int | None] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(25))
    owner: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


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


def delivery_key(subscription_id: int, scheduled_for: datetime) -> str:
    """The idempotency key of a slot: 24 hex characters (Discord nonces allow 25)."""
    slot = f"{subscription_id}:{scheduled_for.astimezone(UTC):%Y%m%dT%H%M%S}"
    return hashlib.blake2b(slot.encode(), digest_size=12).hexdigest()


def _sub(row: Subscription) -> Sub:
    return Sub(row.id, row.platform, row.channel_id, row.schedule, row.timezone, row.briefing,
               row.static_key is not None, row.created_at, row.editions)


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
    """Subscriptions and the delivery ledger. Every method is one short transaction (call off the loop)."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert

    def migrate(self, attempts: int = 3) -> None:
        """Create the schema on first start, upgrade it afterwards (Alembic, shipped in the package)."""
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
            per_channel: int | None = None, per_server: int | None = None) -> Sub | None:
        """A new subscription; for a config one (static_key), None when another instance added it first.

        With `per_channel`/`per_server`, the user-created, enabled subscriptions of the channel and of the server
        are counted in the same statement that inserts, under a lock on the server: LimitReached when one is full,
        however many admins create at the same moment, on one instance or several.
        """
        values = dict(platform=platform, channel_id=channel_id, server_id=server_id or None, schedule=schedule,
                      timezone=tz, briefing=briefing, created_by=created_by, created_at=utcnow(),
                      static_key=static_key, enabled=True, editions=0)
        if per_channel is None and per_server is None:
            stmt = self._insert(Subscription).values(**values)
            if static_key is not None:
                stmt = stmt.on_conflict_do_nothing(index_elements=["static_key"])
            with self.engine.begin() as conn:
                new_id = conn.execute(stmt.returning(Subscription.id)).scalar()
            return self.get(new_id) if new_id is not None else None
        counts = self._counts(platform, channel_id, server_id)
        row = select(*(literal(v, Subscription.__table__.c[k].type).label(k) for k, v in values.items()))
        for scope, cap in (("channel", per_channel), ("server", per_server)):
            if cap is not None and (scope == "channel" or server_id):
                row = row.where(counts[scope] < cap)
        with self.engine.begin() as conn:
            self._serialize(conn, f"digest-subscribe:{platform}:{server_id or channel_id}")
            new_id = conn.execute(self._insert(Subscription).from_select(list(values), row)
                                  .returning(Subscription.id)).scalar()
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
        s = aliased(Subscription)
        mine = select(func.count()).select_from(s).where(s.platform == platform, s.static_key.is_(None), s.enabled)
        return {"channel": mine.where(s.channel_id == channel_id).scalar_subquery(),
                "server": mine.where(s.server_id == (server_id or None)).scalar_subquery()}

    def _subs(self, q: Any) -> list[Sub]:
        with Session(self.engine) as session:
            return [_sub(row) for row in session.scalars(q)]

    def get(self, sub_id: int) -> Sub | None:
        found = self._subs(select(Subscription).where(Subscription.id == sub_id, Subscription.enabled))
        return found[0] if found else None

    def subscriptions(self, platform: str | None = None, channel_id: str | None = None) -> list[Sub]:
        """The enabled subscriptions, optionally of one channel, oldest first."""
        q = select(Subscription).where(Subscription.enabled).order_by(Subscription.id)
        if platform is not None:
            q = q.where(Subscription.platform == platform)
        if channel_id is not None:
            q = q.where(Subscription.channel_id == channel_id)
        return self._subs(q)

    def remove(self, sub_id: int, platform: str | None = None, channel_id: str | None = None) -> bool:
        """Delete a subscription (only if it belongs to this channel, when given); its ledger goes with it."""
        q = delete(Subscription).where(Subscription.id == sub_id)
        if platform is not None:
            q = q.where(Subscription.platform == platform, Subscription.channel_id == channel_id)
        with self.engine.begin() as conn:
            return conn.execute(q).rowcount > 0

    def disable(self, sub_id: int, reason: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(Subscription).where(Subscription.id == sub_id)
                         .values(enabled=False, disabled_reason=reason))

    def sync_static(self, wanted: dict[str, tuple[str, str, str, str, str | None]]) -> None:
        """Make the config's subscriptions (static_key -> fields) exactly the static ones in the database."""
        with self.engine.begin() as conn:
            static = select(Subscription.static_key).where(Subscription.static_key.is_not(None))
            have = set(conn.execute(static).scalars())
            conn.execute(delete(Subscription).where(Subscription.static_key.in_(have - set(wanted))))
        for key in set(wanted) - have:
            self.add(*wanted[key], created_by="config", static_key=key)

    # --- the ledger

    def claim(self, sub_id: int, scheduled_for: datetime, owner: str, lease: timedelta,
              manual: bool = False) -> Claim | None:
        """Take the slot (or an expired lease on it); None when it is taken, done or the subscription is gone."""
        slot, now = _slot(scheduled_for), utcnow()
        key = delivery_key(sub_id, slot)
        with self.engine.connect() as conn:
            edition = conn.execute(update(Subscription).where(Subscription.id == sub_id, Subscription.enabled)
                                   .values(editions=Subscription.editions + 1)
                                   .returning(Subscription.editions)).scalar()
            if edition is None:
                conn.rollback()
                return None
            stmt = self._insert(Delivery).values(
                subscription_id=sub_id, scheduled_for=slot, manual=manual, status=CLAIMED, edition=edition,
                key=key, owner=owner, lease_until=now + lease, attempts=1, updated_at=now,
            ).on_conflict_do_nothing(index_elements=["subscription_id", "scheduled_for"])
            delivery_id = conn.execute(stmt.returning(Delivery.id)).scalar()
            if delivery_id is not None:
                conn.commit()
                return Claim(delivery_id, sub_id, slot, edition, key, 1)
            conn.rollback()  # the slot exists: give the edition number back, then try its lease
            row = conn.execute(
                update(Delivery)
                .where(Delivery.subscription_id == sub_id, Delivery.scheduled_for == slot,
                       Delivery.status == CLAIMED, Delivery.lease_until < now)
                .values(owner=owner, lease_until=now + lease, attempts=Delivery.attempts + 1, updated_at=now)
                .returning(Delivery.id, Delivery.edition, Delivery.attempts)).first()
            conn.commit()
        if row is None:
            return None
        log.warning("took over the expired lease on digest %s of subscription %d", key, sub_id)
        return Claim(row.id, sub_id, slot, row.edition, key, row.attempts)

    def claim_manual(self, sub_id: int, owner: str, lease: timedelta, cooldown: timedelta) -> Claim | datetime | None:
        """Claim a send-now slot (now) for the subscription, unless its channel had a send-now within `cooldown`.

        Returns the Claim; or, inside the cooldown, the time it ends; or None when the subscription is gone or
        already claimed this second. The cooldown check and the edition count are one guarded statement (under a
        lock on the channel on PostgreSQL), so two admins pressing at once get one post.
        """
        now = utcnow()
        slot, key = _slot(now), delivery_key(sub_id, _slot(now))
        with self.engine.connect() as conn:
            where = conn.execute(select(Subscription.platform, Subscription.channel_id)
                                 .where(Subscription.id == sub_id, Subscription.enabled)).first()
            if where is None:
                return None
            self._serialize(conn, f"digest-send-now:{where.platform}:{where.channel_id}")
            s = aliased(Subscription)
            recent = (select(func.max(Delivery.scheduled_for)).join(s, Delivery.subscription_id == s.id)
                      .where(s.platform == where.platform, s.channel_id == where.channel_id, Delivery.manual,
                             Delivery.scheduled_for > now - cooldown))
            guard = update(Subscription).where(Subscription.id == sub_id, Subscription.enabled)
            if cooldown > timedelta(0):
                guard = guard.where(~exists(recent.with_only_columns(Delivery.id)))
            edition = conn.execute(guard.values(editions=Subscription.editions + 1)
                                   .returning(Subscription.editions)).scalar()
            if edition is None:
                last = conn.execute(recent).scalar() if cooldown > timedelta(0) else None
                conn.rollback()
                return (_utc(last) + cooldown) if last is not None else None
            delivery_id = conn.execute(self._insert(Delivery).values(
                subscription_id=sub_id, scheduled_for=slot, manual=True, status=CLAIMED, edition=edition, key=key,
                owner=owner, lease_until=now + lease, attempts=1, updated_at=now,
            ).on_conflict_do_nothing(index_elements=["subscription_id", "scheduled_for"])
                .returning(Delivery.id)).scalar()
            if delivery_id is None:
                conn.rollback()
                return None
            conn.commit()
        return Claim(delivery_id, sub_id, slot, edition, key, 1)

    def renew(self, claim: Claim, owner: str, lease: timedelta) -> bool:
        """Extend the lease before a retry; False if another instance took the slot over meanwhile."""
        now = utcnow()
        with self.engine.begin() as conn:
            return conn.execute(update(Delivery).where(Delivery.id == claim.delivery_id, Delivery.owner == owner,
                                                       Delivery.status == CLAIMED)
                                .values(lease_until=now + lease, attempts=Delivery.attempts + 1, updated_at=now)
                                ).rowcount > 0

    def finish(self, claim: Claim, owner: str, status: str, error: str | None = None) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(Delivery).where(Delivery.id == claim.delivery_id, Delivery.owner == owner)
                         .values(status=status, error=error, lease_until=None, updated_at=utcnow()))

    def skip(self, sub_id: int, times: list[datetime], reason: str) -> None:
        """Record slots that will never be sent (missed beyond the catch-up window)."""
        if not times:
            return
        now = utcnow()
        rows = [dict(subscription_id=sub_id, scheduled_for=_slot(t), manual=False, status=SKIPPED,
                     key=delivery_key(sub_id, t), attempts=0, error=reason, updated_at=now) for t in times]
        with self.engine.begin() as conn:
            conn.execute(self._insert(Delivery).values(rows).on_conflict_do_nothing(
                index_elements=["subscription_id", "scheduled_for"]))

    def stale_claims(self, since: datetime) -> list[tuple[int, datetime]]:
        """Slots scheduled after `since` whose claimer's lease ran out before it marked them sent."""
        q = (select(Delivery.subscription_id, Delivery.scheduled_for)
             .where(Delivery.status == CLAIMED, Delivery.lease_until < utcnow(), Delivery.scheduled_for > since))
        with self.engine.connect() as conn:
            return [(r.subscription_id, r.scheduled_for) for r in conn.execute(q)]

    def last_slots(self) -> dict[int, datetime]:
        """The latest scheduled slot the ledger holds for each subscription (send-now excluded)."""
        q = (select(Delivery.subscription_id, func.max(Delivery.scheduled_for).label("last"))
             .where(Delivery.manual.is_(False)).group_by(Delivery.subscription_id))
        with self.engine.connect() as conn:
            return {r.subscription_id: r.last for r in conn.execute(q)}

    def prune(self, before: datetime) -> int:
        """Delete delivery records scheduled before `before`; the number deleted.

        Each subscription's latest scheduled slot is kept whatever its age: after a restart the catch-up pass starts
        from it, so a pruned ledger never makes an old slot look unsent.
        """
        d = aliased(Delivery)
        latest = (select(func.max(d.scheduled_for))
                  .where(d.subscription_id == Delivery.subscription_id, d.manual.is_(False)).scalar_subquery())
        q = delete(Delivery).where(Delivery.scheduled_for < before,
                                   or_(Delivery.manual, Delivery.scheduled_for < latest))
        with self.engine.begin() as conn:
            return conn.execute(q).rowcount

    def ledger(self, sub_id: int | None = None) -> list[Delivery]:
        q = select(Delivery).order_by(Delivery.scheduled_for, Delivery.id)
        if sub_id is not None:
            q = q.where(Delivery.subscription_id == sub_id)
        with Session(self.engine, expire_on_commit=False) as session:
            return list(session.scalars(q))
