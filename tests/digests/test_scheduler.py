"""The scheduler on a real APScheduler and database: local hours across DST, restarts, races, faults."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from sqlalchemy import text

from bot.adapters.slack.app import SlackService
from bot.adapters.slack.pacing import ChannelPacer
from bot.config import DigestConfig, DigestLimits
from bot.core.commands import build_registry
from bot.core.delivery import TransientDeliveryError
from bot.core.library import Library
from bot.core.reply import Reply
from bot.digests.scheduler import MAX_SKIPPED
from bot.digests.service import DigestService
from bot.digests.storage import CLAIMED, FAILED, SENT, SKIPPED, Store, delivery_key, make_engine, utcnow
from bot.ops.metrics import Metrics
from tests.adapters.slack.conftest import slack_config
from tests.adapters.slack.fakes import FakeSlack
from tests.digests.conftest import FakePoster, add


async def until(done: Callable[[], bool], timeout: float = 15.0) -> None:
    """Wait until `done()` holds; fail if it never does."""
    for _ in range(int(timeout / 0.02)):
        if done():
            return
        await asyncio.sleep(0.02)
    raise AssertionError("timed out waiting for the digests")


@pytest.fixture
async def slack_poster(library: Library) -> AsyncIterator[tuple[FakeSlack, SlackService]]:
    """The real Slack Poster (unpaced) on a fake Slack."""
    async with FakeSlack() as fake:
        yield fake, SlackService(slack_config(fake), library, build_registry(), ChannelPacer(interval=0))


def service(db_url: str, library: Library, poster: FakePoster, fatal: list[BaseException] | None = None,
            **config: object) -> DigestService:
    cfg = DigestConfig.model_validate({"poll": timedelta(seconds=0.2), **config})
    return DigestService(cfg, db_url, library, {poster.platform: poster}, retry_delays=(0.01, 0.01),
                         on_fatal=(fatal if fatal is not None else []).append)


@contextlib.asynccontextmanager
async def running(svc: DigestService) -> AsyncIterator[DigestService]:
    """Started, and stopped even when the test fails (before time travel ends)."""
    await svc.start()
    try:
        yield svc
    finally:
        await svc.stop()


def statuses(svc: DigestService, sub: int) -> list[str]:
    return [d.status for d in svc.store.ledger(sub)]


def subscribe(db_url: str, when: datetime, *subs: tuple[str, str, str]) -> list[int]:
    """Create subscriptions (channel, schedule, zone) as if made at `when`."""
    store = Store(make_engine(db_url))
    store.migrate()
    with time_machine.travel(when, tick=False):
        ids = [add(store, "slack", ch, sched, tz).id for ch, sched, tz in subs]
    store.engine.dispose()
    return ids


@pytest.mark.parametrize("zone_name, before, after, utc_hours", [
    ("Europe/Brussels", datetime(2025, 3, 29), datetime(2025, 3, 31), [7, 6]),
    ("America/New_York", datetime(2025, 11, 1), datetime(2025, 11, 3), [12, 13]),
])
async def test_a_live_tick_posts_at_the_local_hour_on_both_sides_of_a_dst_change(
        tmp_path: Path, library: Library, zone_name: str, before: datetime, after: datetime,
        utc_hours: list[int]) -> None:
    """APScheduler fires `daily 08:00` at 08:00 local the day before and the day after the clocks change, which
    is a different UTC hour on each side."""
    tz = ZoneInfo(zone_name)

    async def posted_on(day: datetime) -> datetime:
        db_url = f"sqlite:///{tmp_path}/{day:%Y%m%d}.db"
        start = day.replace(hour=7, minute=59, second=59, tzinfo=tz)
        subscribe(db_url, start - timedelta(hours=1), ("C1", "daily 08:00", zone_name))
        poster = FakePoster()
        with time_machine.travel(start, tick=True):
            async with running(service(db_url, library, poster)):
                await until(lambda: len(poster.posts) == 1)
        return poster.posts[0][3]

    posted = [await posted_on(day) for day in (before, after)]
    assert [(p.astimezone(tz).hour, p.astimezone(tz).minute) for p in posted] == [(8, 0), (8, 0)]
    assert [p.astimezone(UTC).hour for p in posted] == utc_hours


async def test_a_restart_inside_the_catch_up_window_sends_the_missed_digest_once(db_url: str, library: Library) -> None:
    """Down at 08:00, back at 08:30 (window 1 h): posted once; restarting again posts nothing more."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    poster = FakePoster()
    for back in (datetime(2025, 6, 2, 8, 30, tzinfo=UTC), datetime(2025, 6, 2, 8, 40, tzinfo=UTC)):
        with time_machine.travel(back, tick=True):
            async with running(service(db_url, library, poster)) as svc:
                await until(lambda: statuses(svc, sub) == [SENT])
                await asyncio.sleep(0.3)  # a refresh pass too
    assert [(ch, reply.title.split(":")[0]) for ch, _, reply, _ in poster.posts] == [("C1", "Digest #1")]


async def test_a_restart_outside_the_window_records_the_missed_digests_as_skipped(
        db_url: str, library: Library) -> None:
    """Down from Monday 07:00 to Thursday 08:20: Mon-Wed recorded skipped, only Thursday's digest posted."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    poster = FakePoster()
    with time_machine.travel(datetime(2025, 6, 5, 8, 20, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: len(poster.posts) == 1 and statuses(svc, sub)[-1:] == [SENT])
            ledger = svc.store.ledger(sub)
    assert [(d.scheduled_for.day, d.status) for d in ledger] == [(2, SKIPPED), (3, SKIPPED), (4, SKIPPED), (5, SENT)]


async def test_two_instances_on_one_database_post_each_digest_exactly_once(db_url: str, library: Library) -> None:
    """Two schedulers with the same 30 subscriptions tick at 08:00 together: 30 posts, no key twice."""
    ids = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC),
                    *[(f"C{i}", "daily 08:00", "UTC") for i in range(30)])
    posters = [FakePoster(), FakePoster()]
    with time_machine.travel(datetime(2025, 6, 2, 7, 59, 59, 500000, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, posters[0])) as one, running(service(db_url, library, posters[1])):
            await until(lambda: sum(len(p.posts) for p in posters) >= 30)
            await asyncio.sleep(0.5)  # time for a duplicate to show up, if there were one
            sent = {d.subscription_id for d in one.store.ledger() if d.status == SENT}
    keys = [key for p in posters for _, key, _, _ in p.posts]
    assert len(keys) == len(set(keys)) == 30 and sent == set(ids)


async def test_5xx_and_429_are_retried_then_delivered_once(db_url: str, library: Library) -> None:
    """Two transient failures, then success: one post, the ledger says sent after three attempts."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    poster = FakePoster(errors=[TransientDeliveryError("HTTP 500"), TransientDeliveryError("HTTP 429")])
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: statuses(svc, sub)[-1:] == [SENT])
            row = svc.store.ledger(sub)[-1]
    assert len(poster.posts) == 1 and poster.attempts == 3 and row.attempts == 3


async def test_a_threaded_digest_cut_short_by_a_5xx_is_finished_on_retry_and_only_then_marked_sent(
        db_url: str, library: Library, slack_poster: tuple[FakeSlack, SlackService]) -> None:
    """Through the real Slack Poster: the top and a reply posted, the next reply answered 500. The retry reads the
    thread and posts only the rest, and the ledger says sent after that second attempt: every part once, threaded."""
    fake, slack = slack_poster
    store = Store(make_engine(db_url))
    store.migrate()
    with time_machine.travel(datetime(2025, 6, 2, 7, tzinfo=UTC), tick=False):
        sub = add(store, "slack", "C1", "daily 08:00", thread=True).id
    store.engine.dispose()
    fake.fail_attempt[3] = (500, {}, {"ok": False, "error": "internal_error"})
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        cfg = DigestConfig.model_validate({"poll": timedelta(seconds=0.2)})
        async with running(DigestService(cfg, db_url, library, {"slack": slack}, retry_delays=(0.01,))) as svc:
            await until(lambda: statuses(svc, sub)[-1:] == [SENT])
            row = svc.store.ledger(sub)[-1]
    posted = [(m["metadata"]["event_payload"]["part"], m["thread_ts"]) for m in fake.messages]
    top = fake.messages[0]["ts"]
    assert posted == [(0, None)] + [(part, top) for part in range(1, 6)]
    assert fake.post_attempts == 7 and len(fake.replies_calls) == 1 and row.attempts == 2


async def test_a_digest_that_keeps_failing_is_recorded_failed(db_url: str, library: Library) -> None:
    """Transient errors beyond the retries: the slot is recorded failed with the error, not retried forever."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    poster = FakePoster(errors=[TransientDeliveryError("HTTP 503")] * 5)
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: statuses(svc, sub)[-1:] == [FAILED])
            row = svc.store.ledger(sub)[-1]
    assert poster.posts == [] and poster.attempts == 3 and row.error == "still failing after retries: HTTP 503"


async def test_a_channel_that_is_gone_disables_its_subscription(db_url: str, library: Library,
                                                                caplog: pytest.LogCaptureFixture) -> None:
    """ChannelGone: no retry, the subscription is disabled with a log line, other channels still get theirs."""
    gone, kept = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC),
                           ("C-gone", "daily 08:00", "UTC"), ("C-ok", "daily 08:00", "UTC"))
    poster = FakePoster(gone=frozenset({"C-gone"}))
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: sorted(statuses(svc, gone) + statuses(svc, kept)) == [FAILED, SENT])
            left = [s.id for s in svc.store.subscriptions()]
    assert left == [kept]
    assert [channel for channel, _, _, _ in poster.posts] == ["C-ok"] and poster.attempts == 2
    assert [r.getMessage() for r in caplog.records if "disabled" in r.getMessage()] == [
        f"digest subscription {gone} disabled: slack channel C-gone is gone or removed the bot "
        "(C-gone: channel_not_found)"]


async def test_an_unreachable_database_is_fatal_not_a_silent_stall(db_url: str, library: Library,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    """When the store stops answering, the scheduler says so at CRITICAL and reports a fatal error."""
    subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    fatal: list[BaseException] = []
    async with running(service(db_url, library, FakePoster(), fatal)) as svc:
        assert svc.ready() is True
        with svc.store.engine.begin() as conn:  # the database loses our tables: every query now fails
            conn.execute(text("DROP TABLE digest_deliveries"))
            conn.execute(text("DROP TABLE digest_subscriptions"))
        await until(lambda: bool(fatal))
        assert svc.ready() is False
        [critical] = [r.getMessage() for r in caplog.records if r.levelno == logging.CRITICAL]
        assert critical.startswith("digest database unreachable (")
        assert critical.endswith("): exiting with status 1 so a supervisor restarts the bot")
        assert len(fatal) == 1


async def test_a_claim_left_by_a_crashed_instance_is_resumed_not_re_sent(db_url: str, library: Library) -> None:
    """An instance claimed 08:00 and posted, then died before marking it sent: after its lease the restarted
    scheduler retakes the claim, posts with `since` (the Poster checks the channel first), so no second post."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    slot = datetime(2025, 6, 2, 8, tzinfo=UTC)
    poster = FakePoster()
    with time_machine.travel(datetime(2025, 6, 2, 8, 0, 1, tzinfo=UTC), tick=False):
        store = Store(make_engine(db_url))
        claim = store.claim(sub, slot, "dead-instance", timedelta(seconds=1))
        store.engine.dispose()
    assert claim is not None
    poster.posts.append(("C1", claim.key, Reply(title="posted before the crash"), slot))
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: statuses(svc, sub) == [SENT])
            row = svc.store.ledger(sub)[0]
    assert poster.resumed == [claim.key] and len(poster.posts) == 1 and row.attempts == 2


async def test_a_retry_after_a_transient_failure_checks_before_posting(db_url: str, library: Library) -> None:
    """A 5xx may still have reached the platform: the retry passes `since`, the first attempt does not."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    poster = FakePoster(errors=[TransientDeliveryError("HTTP 502")])
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: statuses(svc, sub) == [SENT])
    key = delivery_key(sub, datetime(2025, 6, 2, 8, tzinfo=UTC))
    assert poster.attempts == 2 and poster.resumed == [key] and [k for _, k, _, _ in poster.posts] == [key]


async def test_outcomes_are_counted_in_the_metrics(tmp_path: Path, library: Library) -> None:
    """Metrics.digest counts each outcome: yesterday's 2 skipped, today's 1 retried then sent, 1 failed (gone)."""
    db_url = f"sqlite:///{tmp_path}/metrics.db"
    subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC),
              ("C1", "daily 08:00", "UTC"), ("C-gone", "daily 08:10", "UTC"))
    poster = FakePoster(errors=[TransientDeliveryError("HTTP 500")], gone=frozenset({"C-gone"}))
    metrics = Metrics()
    cfg = DigestConfig(poll=timedelta(seconds=0.2))
    svc = DigestService(cfg, db_url, library, {"slack": poster}, retry_delays=(0.01,), count=metrics.digest)
    with time_machine.travel(datetime(2025, 6, 3, 8, 30, tzinfo=UTC), tick=True):
        async with running(svc):
            await until(lambda: [d.status for d in svc.store.ledger()].count(SKIPPED) == 2
                        and {SENT, FAILED} <= {d.status for d in svc.store.ledger()})
    counted = {o: metrics.registry.get_sample_value("briefbot_digests_total", {"outcome": o})
               for o in ("sent", "retried", "skipped", "failed")}
    assert counted == {"sent": 1.0, "retried": 1.0, "skipped": 2.0, "failed": 1.0}


async def test_a_week_down_with_an_every_minute_schedule_catches_up_once(db_url: str, library: Library) -> None:
    """Seven days missed of `* * * * *`: one post (the latest minute), the MAX_SKIPPED minutes before it recorded
    as skipped, and nothing more on the next refresh passes."""
    (sub,) = subscribe(db_url, datetime(2025, 6, 2, 8, tzinfo=UTC), ("C1", "* * * * *", "UTC"))
    poster = FakePoster()
    with time_machine.travel(datetime(2025, 6, 9, 8, 0, 30, tzinfo=UTC), tick=False):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: statuses(svc, sub)[-1:] == [SENT])
            await asyncio.sleep(0.5)  # two refresh passes
            ledger = svc.store.ledger(sub)
    assert len(poster.posts) == 1
    assert [(d.scheduled_for.strftime("%d %H:%M"), d.status) for d in ledger] == \
        [(f"09 07:{m}", SKIPPED) for m in range(60 - MAX_SKIPPED, 60)] + [("09 08:00", SENT)]


async def test_the_ledger_is_pruned_to_its_retention_at_start(db_url: str, library: Library) -> None:
    """Records older than limits.ledger_retention are deleted when the scheduler starts (and hourly after);
    the latest slot of each subscription stays, so nothing is sent again."""
    (sub,) = subscribe(db_url, datetime(2025, 4, 1, 7, tzinfo=UTC), ("C1", "daily 08:00", "UTC"))
    store = Store(make_engine(db_url))
    store.skip(sub, [datetime(2025, 4, 1, 8, tzinfo=UTC) + timedelta(days=d) for d in range(60)], "old")
    store.engine.dispose()
    poster = FakePoster()
    limits = DigestLimits(ledger_retention=timedelta(days=10))
    with time_machine.travel(datetime(2025, 5, 31, 7, tzinfo=UTC), tick=False):
        async with running(service(db_url, library, poster, limits=limits)) as svc:
            await until(lambda: len(svc.store.ledger(sub)) < 60)
            days = [d.scheduled_for.date() for d in svc.store.ledger(sub)]
    assert days == [datetime(2025, 5, 21).date() + timedelta(days=d) for d in range(10)]
    assert poster.posts == []


async def test_a_batch_half_posted_then_crashed_is_resumed_exactly_once(db_url: str, library: Library) -> None:
    """An instance claimed ten slots in one batch, posted five and died before recording any: after the lease the
    restarted scheduler retakes all ten, checks the channel for each (`since`), posts only the five missing."""
    ids = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), *[(f"C{i}", "daily 08:00", "UTC") for i in range(10)])
    slot = datetime(2025, 6, 2, 8, tzinfo=UTC)
    poster = FakePoster()
    with time_machine.travel(datetime(2025, 6, 2, 8, 0, 1, tzinfo=UTC), tick=False):
        store = Store(make_engine(db_url))
        claims = store.claim_many([(i, slot) for i in ids], "dead-instance", timedelta(seconds=1)).claims
        store.engine.dispose()
    assert len(claims) == 10
    channel = {i: f"C{n}" for n, i in enumerate(ids)}
    for claim in claims[:5]:
        poster.posts.append((channel[claim.subscription_id], claim.key, Reply(title="before the crash"), slot))
    with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: [d.status for d in svc.store.ledger()] == [SENT] * 10)
            ledger = svc.store.ledger()
    keys = [key for _, key, _, _ in poster.posts]
    assert sorted(keys) == sorted(c.key for c in claims) and len(set(keys)) == 10
    assert sorted(poster.resumed) == sorted(c.key for c in claims)
    assert {(d.edition, d.attempts) for d in ledger} == {(1, 2)}


class PacedPoster(FakePoster):
    """A FakePoster whose posts take a moment, recording how many are in flight: per channel and overall."""

    def __init__(self) -> None:
        super().__init__()
        self.in_flight: Counter[str] = Counter()
        self.most_per_channel = 0
        self.most_overall = 0

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        self.in_flight[channel_id] += 1
        self.most_per_channel = max(self.most_per_channel, self.in_flight[channel_id])
        self.most_overall = max(self.most_overall, sum(self.in_flight.values()))
        await asyncio.sleep(0.05)
        await super().post(channel_id, reply, key, since)
        self.in_flight[channel_id] -= 1


async def test_a_fan_out_posts_channels_concurrently_but_one_digest_at_a_time_per_channel(
        db_url: str, library: Library) -> None:
    """24 subscriptions due together, four in each of three channels and twelve channels with one each: different
    channels are posted side by side, a channel's own digests one after another, each exactly once."""
    subs = [(f"C{i % 3}", "daily 08:00", "UTC") for i in range(12)] + [(f"D{i}", "daily 08:00", "UTC")
                                                                         for i in range(12)]
    ids = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), *subs)
    poster = PacedPoster()
    with time_machine.travel(datetime(2025, 6, 2, 8, 1, tzinfo=UTC), tick=True):
        svc = service(db_url, library, poster)
        svc.scheduler.channel_gap = 0.01
        async with running(svc):
            await until(lambda: [d.status for d in svc.store.ledger()] == [SENT] * len(ids))
    keys = [key for _, key, _, _ in poster.posts]
    assert len(keys) == len(set(keys)) == len(ids)
    assert poster.most_per_channel == 1 and poster.most_overall > 1


class StallingPoster(FakePoster):
    """A FakePoster that posts the first `stall_after` digests, then holds every further post until `go` is set."""

    def __init__(self, stall_after: int) -> None:
        super().__init__()
        self.stall_after = stall_after
        self.go = asyncio.Event()
        self.stalled = 0

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        if len(self.posts) >= self.stall_after and not self.go.is_set():
            self.stalled += 1
            await self.go.wait()
        await super().post(channel_id, reply, key, since)


async def test_stopping_mid_fan_out_hands_back_unposted_claims_so_a_restart_posts_them_at_once(
        db_url: str, library: Library) -> None:
    """40 digests claimed in one batch, 3 posted, then the service stops (lease: 5 minutes): the 37 claims it held
    are handed back, so the next start posts each of them at once, checking the channel first; each key once."""
    ids = subscribe(db_url, datetime(2025, 6, 2, 7, tzinfo=UTC), *[(f"C{i}", "daily 08:00", "UTC") for i in range(40)])
    poster = StallingPoster(3)
    with time_machine.travel(datetime(2025, 6, 2, 8, 1, tzinfo=UTC), tick=True):
        first = service(db_url, library, poster)
        await first.start()
        await until(lambda: len(poster.posts) == 3 and poster.stalled > 0)
        await first.scheduler.stop(grace=0.1)  # what first.stop() does first, with less grace
        ledger = first.store.ledger()
        await first.stop()
        assert sorted(d.status for d in ledger) == [CLAIMED] * 37 + [SENT] * 3
        assert all(d.lease_until is not None and d.lease_until <= utcnow() for d in ledger if d.status == CLAIMED)
        poster.go.set()
        async with running(service(db_url, library, poster)) as svc:
            await until(lambda: [d.status for d in svc.store.ledger()] == [SENT] * 40)
    keys = [key for _, key, _, _ in poster.posts]
    assert len(keys) == len(set(keys)) == len(ids)
    assert len(poster.resumed) == 37
