"""The ledger: one claim per (subscription, time) however many instances race, leases, schema migrations."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from bot.digests.storage import SENT, SKIPPED, Store, delivery_key, make_engine

T0 = datetime(2025, 3, 3, 8, 0, tzinfo=timezone.utc)


def test_the_schema_is_created_once_and_upgrading_again_is_a_no_op(db_url: str) -> None:
    """migrate() on an empty database creates the tables; a second instance migrating keeps the data."""
    first = Store(make_engine(db_url))
    first.migrate()
    sub = first.add("slack", "C1", "daily 08:00", "UTC", None)
    second = Store(make_engine(db_url))
    second.migrate()
    assert second.subscriptions() == [sub]
    first.engine.dispose()
    second.engine.dispose()


def test_two_instances_racing_claim_each_slot_exactly_once(db_url: str, store: Store) -> None:
    """Two stores (two engines, as two processes would) claim 40 slots x 5 subscriptions from 16 threads."""
    other = Store(make_engine(db_url))
    subs = [store.add("slack", f"C{i}", "daily 08:00", "UTC", None) for i in range(5)]
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
    sub = store.add("discord", "1", "daily 08:00", "UTC", None)
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
    sub = store.add("slack", "C1", "daily 08:00", "UTC", None)
    store.skip(sub.id, [T0, T0 + timedelta(days=1)], "missed")
    store.skip(sub.id, [T0], "missed")
    assert store.claim(sub.id, T0, "a", timedelta(minutes=5)) is None
    assert [d.status for d in store.ledger(sub.id)] == [SKIPPED, SKIPPED]
    assert store.last_slots() == {sub.id: T0 + timedelta(days=1)}


def test_config_subscriptions_are_synced_once_and_removed_with_the_config(db_url: str, store: Store) -> None:
    """Two instances syncing the same static list create each subscription once; dropping it deletes it."""
    other = Store(make_engine(db_url))
    wanted = {"k1": ("slack", "C1", "daily 08:00", "UTC", None), "k2": ("discord", "9", "weekdays 09:30", "UTC", "x")}
    store.sync_static(wanted)
    other.sync_static(wanted)
    assert sorted((s.channel_id, s.static) for s in store.subscriptions()) == [("9", True), ("C1", True)]
    manual = store.add("slack", "C1", "daily 10:00", "UTC", None)
    other.sync_static({"k1": wanted["k1"]})
    assert [s.channel_id for s in store.subscriptions()] == ["C1", "C1"] and manual in store.subscriptions()
    other.engine.dispose()


def test_unsubscribing_is_limited_to_the_channel_and_removes_the_ledger(store: Store) -> None:
    """remove() with another channel does nothing; with the right one the subscription and its ledger go."""
    sub = store.add("slack", "C1", "daily 08:00", "UTC", None)
    store.claim(sub.id, T0, "a", timedelta(minutes=5))
    assert not store.remove(sub.id, "slack", "C2")
    assert store.remove(sub.id, "slack", "C1")
    assert store.subscriptions() == [] and store.ledger() == []
