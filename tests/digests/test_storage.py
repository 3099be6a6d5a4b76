"""The ledger: one claim per (subscription, time) however many instances race, leases, schema migrations."""
from __future__ import annotations

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import text

from bot.digests.storage import (
    CLAIMED,
    FAILED,
    HEAD_REVISION,
    MIGRATIONS,
    SENT,
    SKIPPED,
    VERSION_TABLE,
    Claim,
    Claimed,
    LimitReached,
    Store,
    Sub,
    delivery_key,
    make_engine,
    metadata,
)
from tests.digests.conftest import add, add_before_upgrade

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)


def test_the_schema_is_created_once_and_upgrading_again_is_a_no_op(db_url: str) -> None:
    """migrate() on an empty database creates the tables; a second instance migrating keeps the data."""
    first = Store(make_engine(db_url))
    first.migrate()
    sub = add(first, "slack", "C1")
    second = Store(make_engine(db_url))
    second.migrate()
    assert second.subscriptions() == [sub]
    first.engine.dispose()
    second.engine.dispose()


def test_the_head_revision_is_alembics_head() -> None:
    """HEAD_REVISION, which lets a current schema skip Alembic, names the newest migration script."""
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    assert ScriptDirectory.from_config(cfg).get_heads() == [HEAD_REVISION]


def test_the_migrations_create_exactly_the_tables_the_store_declares(store: Store) -> None:
    """Alembic's autogenerate finds nothing between the migrated database and storage.metadata (tables, columns,
    types, nullability, indexes, unique and foreign keys): the Core tables and the migrations agree."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE, "compare_type": True})
        assert compare_metadata(context, metadata) == []


def test_a_current_schema_is_not_migrated_again_and_alembic_stays_unloaded(db_url: str) -> None:
    """A fresh database is migrated to the head; a process starting on it records the head and never imports
    Alembic (it would stay resident for the process's life)."""
    first = Store(make_engine(db_url))
    assert first.revision() is None
    first.migrate()
    assert first.revision() == HEAD_REVISION
    first.engine.dispose()
    script = ("import sys; from bot.digests.storage import Store, make_engine; store = Store(make_engine(sys.argv[1]));"
              "store.migrate(); print(store.revision(), sorted(m for m in sys.modules if m.startswith('alembic')))")
    out = subprocess.run([sys.executable, "-c", script, db_url], capture_output=True, text=True, timeout=60, check=True)
    assert out.stdout.split() == [HEAD_REVISION, "[]"]


def test_subscriptions_from_before_threads_stay_flat_after_the_upgrade(db_url: str) -> None:
    """A database at 0003 holding a subscription is upgraded: the old row reads thread=False, its edition count and
    ledger kept, and a new one can be threaded."""
    from alembic import command as alembic
    from alembic.config import Config as AlembicConfig

    store = Store(make_engine(db_url))
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        alembic.upgrade(cfg, "0003_thread_contexts")
        add_before_upgrade(conn, "C1", editions=7)
    assert store.revision() == "0003_thread_contexts"
    store.migrate()
    (old,) = store.subscriptions()
    assert (old.channel_id, old.editions, old.thread) == ("C1", 7, False) and store.revision() == HEAD_REVISION
    new = store.add("slack", "C2", "daily 09:00", "UTC", None, thread=True)
    assert new is not None and new.thread and store.subscriptions()[1] == new
    store.engine.dispose()


def test_two_instances_racing_claim_each_slot_exactly_once(db_url: str, store: Store) -> None:
    """Two stores (two engines, as two processes would) claim 40 slots x 5 subscriptions from 16 threads."""
    other = Store(make_engine(db_url))
    subs = [add(store, "slack", f"C{i}") for i in range(5)]
    slots = [(s.id, T0 + timedelta(days=d)) for s in subs for d in range(40)]
    jobs = [(st, owner, sid, t) for sid, t in slots for st, owner in ((store, "a"), (other, "b"))]
    with ThreadPoolExecutor(16) as pool:
        claims = [c for c in pool.map(lambda j: j[0].claim(j[2], j[3], j[1], timedelta(minutes=5)), jobs) if c]
    assert sorted((c.subscription_id, c.scheduled_for) for c in claims) == sorted(slots)
    for s in subs:  # editions are numbered without gaps or repeats
        assert sorted(c.edition for c in claims if c.subscription_id == s.id) == list(range(1, 41))
    other.engine.dispose()


def test_an_expired_lease_is_taken_over_with_the_same_edition_and_key(store: Store) -> None:
    """A claim whose owner died is retaken after its lease; a live or finished one never is."""
    sub = add(store, "discord", "1")
    dead = store.claim(sub.id, T0, "dead", timedelta(seconds=-1))
    assert dead is not None and dead.key == delivery_key(sub.id, T0) and len(dead.key) <= 25
    live = store.claim(sub.id, T0, "b", timedelta(minutes=5))
    assert live is not None and (live.edition, live.key, live.attempts) == (dead.edition, dead.key, 2)
    assert store.claim(sub.id, T0, "c", timedelta(minutes=5)) is None
    store.finish(live, "b", SENT)
    assert store.claim(sub.id, T0, "c", timedelta(minutes=5)) is None
    assert [(d.status, d.owner) for d in store.ledger(sub.id)] == [(SENT, "b")]


def test_skipped_slots_are_recorded_and_never_claimed(store: Store) -> None:
    """A slot recorded as skipped cannot be sent later, and skipping twice records it once."""
    sub = add(store, "slack", "C1")
    store.skip(sub.id, [T0, T0 + timedelta(days=1)], "missed")
    store.skip(sub.id, [T0], "missed")
    assert store.claim(sub.id, T0, "a", timedelta(minutes=5)) is None
    assert [d.status for d in store.ledger(sub.id)] == [SKIPPED, SKIPPED]
    assert store.last_slots() == {sub.id: T0 + timedelta(days=1)}


def test_config_subscriptions_are_synced_once_and_removed_with_the_config(db_url: str, store: Store) -> None:
    """Two instances syncing the same static list create each subscription once; dropping it deletes it."""
    other = Store(make_engine(db_url))
    wanted = {"k1": ("slack", "C1", "daily 08:00", "UTC", None, False),
              "k2": ("discord", "9", "weekdays 09:30", "UTC", "x", True)}
    store.sync_static(wanted)
    other.sync_static(wanted)
    assert sorted((s.channel_id, s.static, s.thread) for s in store.subscriptions()) == [
        ("9", True, True), ("C1", True, False)]
    manual = add(store, "slack", "C1", "daily 10:00")
    other.sync_static({"k1": wanted["k1"]})
    assert [s.channel_id for s in store.subscriptions()] == ["C1", "C1"] and manual in store.subscriptions()
    other.engine.dispose()


def test_unsubscribing_is_limited_to_the_channel_and_removes_the_ledger(store: Store) -> None:
    """remove() with another channel does nothing; with the right one the subscription and its ledger go."""
    sub = add(store, "slack", "C1")
    store.claim(sub.id, T0, "a", timedelta(minutes=5))
    assert store.remove(sub.id, "slack", "C2") is False
    assert store.remove(sub.id, "slack", "C1") is True
    assert store.subscriptions() == [] and store.ledger() == []


def test_the_caps_hold_when_two_instances_create_at_the_same_moment(db_url: str, store: Store) -> None:
    """24 creations released together from two engines: 3 per channel and 5 per server, never one more."""
    other = Store(make_engine(db_url))
    start = threading.Barrier(24)

    def create(i: int) -> str:
        start.wait()
        try:
            (store, other)[i % 2].add("slack", f"C{i % 3}", "daily 08:00", "UTC", None, server_id="T1",
                                      per_channel=3, per_server=5)
            return "created"
        except LimitReached as exc:
            return exc.scope

    with ThreadPoolExecutor(24) as pool:
        outcomes = list(pool.map(create, range(24)))
    subs = store.subscriptions()
    assert outcomes.count("created") == len(subs) == 5
    assert max(sum(1 for s in subs if s.channel_id == f"C{c}") for c in range(3)) <= 3
    assert set(outcomes) <= {"created", "channel", "server"}
    other.engine.dispose()


def test_the_caps_count_only_user_subscriptions_of_that_channel_and_server(store: Store) -> None:
    """Config subscriptions and other servers do not count; a full channel says `channel`, a full server `server`."""
    store.sync_static({f"k{i}": ("slack", "C1", "daily 08:00", "UTC", None, False) for i in range(4)})

    def capped(platform: str, channel_id: str, schedule: str = "daily 08:00", server_id: str = "T1") -> Sub | None:
        return store.add(platform, channel_id, schedule, "UTC", None, server_id=server_id, per_channel=2,
                         per_server=3)

    capped("slack", "C1")
    capped("slack", "C1", "daily 09:00")
    with pytest.raises(LimitReached) as full:
        capped("slack", "C1", "daily 10:00")
    assert (full.value.scope, full.value.limit) == ("channel", 2)
    capped("slack", "C2")
    with pytest.raises(LimitReached) as full:
        capped("slack", "C3")
    assert (full.value.scope, full.value.limit) == ("server", 3)
    assert capped("slack", "C9", server_id="T2") is not None
    assert capped("discord", "C3") is not None
    users = sorted((s.platform, s.channel_id, s.schedule) for s in store.subscriptions() if not s.static)
    assert users == [("discord", "C3", "daily 08:00"), ("slack", "C1", "daily 08:00"), ("slack", "C1", "daily 09:00"),
                     ("slack", "C2", "daily 08:00"), ("slack", "C9", "daily 08:00")]
    assert len(store.subscriptions()) == 4 + 5


def test_send_now_is_claimed_once_per_channel_cooldown_however_many_press_at_once(db_url: str, store: Store) -> None:
    """16 send-nows on two digests of one channel, from two engines at once: one claim; the rest get the end of
    the cooldown. Another channel is not affected, and after the cooldown the channel may send again."""
    other = Store(make_engine(db_url))
    a, b = (add(store, "slack", "C1", f"daily 0{h}:00") for h in (8, 9))
    elsewhere = add(store, "slack", "C2")
    start = threading.Barrier(16)

    def press(i: int) -> Claim | datetime | None:
        start.wait()
        return (store, other)[i % 2].claim_manual((a, b)[i // 2 % 2].id, "me", timedelta(minutes=5),
                                                  timedelta(minutes=5))

    with ThreadPoolExecutor(16) as pool:
        got = list(pool.map(press, range(16)))
    claims = [g for g in got if isinstance(g, Claim)]
    waits = {g for g in got if isinstance(g, datetime)}
    assert len(claims) == 1 and len(waits) == 1 and len(got) == 16
    assert claims[0].edition == 1 and waits == {claims[0].scheduled_for + timedelta(minutes=5)}
    assert isinstance(store.claim_manual(elsewhere.id, "me", timedelta(minutes=5), timedelta(minutes=5)), Claim)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=6)):
        assert isinstance(store.claim_manual(a.id, "me", timedelta(minutes=5), timedelta(minutes=5)), Claim)
    assert store.claim_manual(999, "me", timedelta(minutes=5), timedelta(minutes=5)) is None
    other.engine.dispose()


def test_pruning_deletes_old_records_but_keeps_each_subscriptions_latest_slot(store: Store) -> None:
    """Rows before the cut-off go, send-now ones included; the newest scheduled slot of each subscription stays,
    so a restart still knows where its schedule stopped."""
    busy, quiet = add(store, "slack", "C1"), add(store, "slack", "C2")
    store.skip(busy.id, [T0 + timedelta(days=d) for d in range(40)], "missed")
    store.skip(quiet.id, [T0], "missed")
    with time_machine.travel(T0 + timedelta(hours=1), tick=False):
        assert isinstance(store.claim_manual(quiet.id, "me", timedelta(minutes=5), timedelta(minutes=5)), Claim)
    cut = T0 + timedelta(days=30)
    assert store.prune(cut) == 30 + 1
    assert [d.scheduled_for for d in store.ledger(busy.id)] == [T0 + timedelta(days=d) for d in range(30, 40)]
    assert [(d.scheduled_for, d.manual) for d in store.ledger(quiet.id)] == [(T0, False)]
    assert store.last_slots() == {busy.id: T0 + timedelta(days=39), quiet.id: T0}
    assert store.prune(cut) == 0


def test_a_batch_claim_numbers_each_subscriptions_edition_and_drops_what_is_not_due(store: Store) -> None:
    """One claim_many call: new slots get each subscription's next edition; a slot another owner holds, a sent or
    skipped one and a deleted subscription's are dropped; an expired lease is taken over with its edition; a second
    slot of one subscription waits for the next call."""
    fresh, held, done, dead, gone = (add(store, "slack", f"C{i}") for i in range(5))
    assert store.claim(held.id, T0, "other", timedelta(minutes=5)) is not None
    store.skip(done.id, [T0], "missed")
    old = store.claim(dead.id, T0, "crashed", timedelta(seconds=-1))
    store.remove(gone.id)
    assert old is not None
    got = store.claim_many([(s.id, T0) for s in (fresh, held, done, dead, gone)] + [(fresh.id, T0 + timedelta(1))],
                           "me", timedelta(minutes=5))
    assert sorted((c.subscription_id, c.edition, c.key, c.attempts) for c in got.claims) == [
        (fresh.id, 1, delivery_key(fresh.id, T0), 1), (dead.id, old.edition, old.key, 2)]
    assert got.busy == [(fresh.id, T0 + timedelta(1))]
    assert store.claim_many([(fresh.id, T0 + timedelta(1))], "me", timedelta(minutes=5)).claims[0].edition == 2
    assert store.claim_many([(fresh.id, T0)], "again", timedelta(minutes=5)) == Claimed([], [])


def test_a_batch_of_outcomes_is_recorded_for_the_claims_the_owner_still_holds(store: Store) -> None:
    """finish_many marks the sent and the failed (with its error) in one go; a claim another instance has taken
    over since is left to its new owner."""
    subs = [add(store, "slack", f"C{i}") for i in range(4)]
    mine = store.claim_many([(s.id, T0) for s in subs[:3]], "me", timedelta(seconds=-1)).claims
    taken = store.claim(subs[2].id, T0, "other", timedelta(minutes=5))
    assert taken is not None and len(mine) == 3
    store.finish_many([(mine[0], SENT, None), (mine[1], FAILED, "HTTP 500"), (mine[2], SENT, None)], "me")
    assert [(d.status, d.error, d.owner) for d in store.ledger()] == [
        (SENT, None, "me"), (FAILED, "HTTP 500", "me"), (CLAIMED, None, "other")]


def test_a_batch_claim_skips_subscriptions_another_transaction_holds_instead_of_waiting(db_url: str,
                                                                                        store: Store) -> None:
    """PostgreSQL: while another connection holds one subscription's row (another instance claiming it), a batch
    claim on a second engine takes the others at once and returns that one as busy; once released it is claimed."""
    if not db_url.startswith("postgresql"):
        pytest.skip("row locks and SKIP LOCKED are PostgreSQL's; SQLite runs one writer at a time")
    subs = [add(store, "slack", f"C{i}") for i in range(3)]
    other = Store(make_engine(db_url))
    with store.engine.connect() as holder:
        holder.execute(text("SELECT id FROM digest_subscriptions WHERE id = :i FOR UPDATE"), {"i": subs[1].id})
        got = other.claim_many([(s.id, T0) for s in subs], "b", timedelta(minutes=5))
        assert sorted(c.subscription_id for c in got.claims) == [subs[0].id, subs[2].id]
        assert got.busy == [(subs[1].id, T0)]
        holder.rollback()
    again = other.claim_many(got.busy, "b", timedelta(minutes=5))
    assert [(c.subscription_id, c.edition) for c in again.claims] == [(subs[1].id, 1)] and again.busy == []
    other.engine.dispose()


def test_two_instances_batch_claiming_the_same_fan_out_take_each_slot_once(db_url: str, store: Store) -> None:
    """Two engines claim the same 300 slots in batches of 50, in opposite orders, from four threads each: every
    slot is claimed exactly once, each subscription's edition 1."""
    other = Store(make_engine(db_url))
    subs = [add(store, "slack", f"C{i}") for i in range(300)]
    wanted = [(s.id, T0) for s in subs]

    def work(job: tuple[Store, str, list[tuple[int, datetime]]]) -> list[Claim]:
        st, owner, todo = job
        out: list[Claim] = []
        while todo:
            got = st.claim_many(todo[:50], owner, timedelta(minutes=5))
            out += got.claims
            todo = todo[50:] + got.busy
        return out

    jobs = [(st, owner, order[k::4]) for st, owner, order in ((store, "a", wanted), (other, "b", wanted[::-1]))
            for k in range(4)]
    with ThreadPoolExecutor(8) as pool:
        claims = [c for got in pool.map(work, jobs) for c in got]
    assert sorted(c.subscription_id for c in claims) == [s.id for s in subs]
    assert {c.edition for c in claims} == {1}
    other.engine.dispose()
