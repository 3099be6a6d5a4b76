"""The digest scheduler: APScheduler ticks, a catch-up pass, and ledger-claimed posts through the Posters.

Due slots wait in a queue per channel. One claimer takes them from the channels that may post now, many at a time,
in one ledger transaction (Store.claim_many), and starts their posts, `concurrency` at once; a channel has at most
one digest claimed at a time and `channel_gap` seconds between two. One finisher records the outcomes in batches
(Store.finish_many). All database work runs on the store's own threads (Store.run).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging
import random
from collections import deque
from collections.abc import Callable, Coroutine, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from apscheduler.jobstores.base import JobLookupError
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.exc import DBAPIError

from bot.core.delivery import ChannelGone, Poster, TransientDeliveryError
from bot.core.library import Library
from bot.core.store import UnknownBriefing
from bot.digests.compose import compose
from bot.digests.schedule import InvalidSchedule, latest_times, parse
from bot.digests.storage import CLAIM_BATCH, FAILED, SENT, Claim, FatalError, Store, Sub, utcnow

__all__ = ["CHANNEL_GAP", "DigestScheduler", "MAX_SKIPPED", "Outcome"]

log = logging.getLogger(__name__)

MAX_SKIPPED = 10  # missed slots recorded as skipped per subscription and pass: the latest ones
SKIP_HORIZON = timedelta(days=7)  # how far back missed slots are looked for after downtime
PRUNE_EVERY = timedelta(hours=1)  # how often delivery records past their retention are deleted
SCHEDULE_BATCH = 100  # jobs added between two yields to the event loop when many subscriptions are new
CLOCK_SKEW = timedelta(minutes=5)  # a resumed delivery looks for its messages from this long before its slot
CHANNEL_GAP = 1.0  # seconds between two digests posted to one channel (Slack allows about one message a second)
CLAIM_AHEAD = 4  # claims held at most: concurrency x this, so the next posts are claimed while these run
FINISH_EVERY = 0.05  # seconds the finisher lets outcomes gather before recording them in one transaction
BUSY_RETRY = 0.05  # seconds before asking again for a slot whose subscription another transaction held

Outcome = Literal["sent", "retried", "skipped", "failed"]
Channel = tuple[str, str]  # (platform, channel id)
Slot = tuple[Sub, datetime]


def _exit() -> None:
    raise FatalError()


def _latest_all(work: Sequence[tuple[int, CronTrigger, datetime]], now: datetime) -> dict[int, list[datetime]]:
    """latest_times for many subscriptions in one go (a worker thread): (id, trigger, since) -> the latest runs.
    Subscriptions sharing a schedule (one trigger object) and a starting point share the answer."""
    found: dict[tuple[int, datetime], list[datetime]] = {}
    out: dict[int, list[datetime]] = {}
    for sub_id, trigger, since in work:
        key = (id(trigger), since)
        if key not in found:
            found[key] = latest_times(trigger, since, now, MAX_SKIPPED + 2)
        out[sub_id] = list(found[key])
    return out


def _job_id(group: tuple[str, str]) -> str:
    return f"digest {group[1]} {group[0]}"


def _parse_all(subs: Sequence[Sub]) -> dict[int, CronTrigger | None]:
    """Each subscription's trigger, or None (logged) for a schedule that no longer parses."""
    out: dict[int, CronTrigger | None] = {}
    parsed: dict[tuple[str, str], CronTrigger | InvalidSchedule] = {}  # each distinct schedule parsed once
    for sub in subs:
        got = parsed.get((sub.schedule, sub.timezone))
        if got is None:
            try:
                got = parse(sub.schedule, sub.timezone)
            except InvalidSchedule as exc:
                got = exc
            parsed[sub.schedule, sub.timezone] = got
        if isinstance(got, InvalidSchedule):
            log.error("digest subscription %d is not scheduled: %s", sub.id, got)
            out[sub.id] = None
        else:
            out[sub.id] = got
    return out


class DigestScheduler:
    """One APScheduler job per distinct schedule and zone (in-memory store), ticking every subscription that has
    it; the database ledger decides who posts."""

    def __init__(self, store: Store, library: Library, posters: Mapping[str, Poster], *, owner: str,
                 catch_up: timedelta, lease: timedelta, poll: timedelta, retention: timedelta = timedelta(days=30),
                 concurrency: int = 32, channel_gap: float = CHANNEL_GAP,
                 retry_delays: Sequence[float] = (2.0, 10.0, 60.0),
                 on_fatal: Callable[[BaseException], None] | None = None,
                 count: Callable[[Outcome], None] | None = None):
        self.store, self.library, self.posters, self.owner = store, library, posters, owner
        self.count: Callable[[Outcome], None] = count or (lambda outcome: None)  # e.g. Metrics.digest
        self.catch_up, self.lease, self.poll = catch_up, lease, poll
        # the ledger keeps what a catch-up pass or a lease takeover may still read, whatever retention says
        self.retention = max(retention, catch_up + lease)
        self.retry_delays = tuple(retry_delays)
        self.failed: BaseException | None = None
        self._on_fatal = on_fatal
        self._concurrency, self.channel_gap = concurrency, channel_gap
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._subs: dict[int, Sub] = {}
        self._triggers: dict[int, CronTrigger] = {}
        self._groups: dict[tuple[str, str], set[int]] = {}  # (schedule, zone) -> its subscriptions: one job each
        self._since: dict[int, datetime] = {}  # fire times up to here are handled
        self._tasks: set[asyncio.Task[Any]] = set()
        self._refreshing = asyncio.Lock()  # one refresh at a time: the poll may fire while a long one runs
        self._due: set[int] = set()  # subscriptions whose due slots the next pass works out (ticks, catch-up)
        self._waiting: dict[Channel, deque[Slot]] = {}  # slots to claim, per channel, oldest first
        self._ready: deque[Channel] = deque()  # channels with slots waiting that may post now
        self._busy: set[Channel] = set()  # channels with a claim held, or inside their channel_gap
        self._queued: set[tuple[int, datetime]] = set()  # (subscription, slot) waiting or held: queued once
        self._held = 0  # claims taken and not yet posted
        self._kick = asyncio.Event()  # the claimer has something to look at
        self._finished: list[tuple[Claim, str, str | None]] = []  # outcomes the finisher has yet to record
        self._flush = asyncio.Event()
        self._workers: list[asyncio.Task[Any]] = []  # the claimer and the finisher
        self._holding: dict[int, Claim] = {}  # delivery id -> a claim of ours whose outcome is not handed over
        self._stopping = False
        # APScheduler logs two INFO lines per run; with thousands of subscriptions the ledger is the record.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)

    # --- lifecycle

    async def start(self) -> None:
        """Load the subscriptions, catch up on missed digests, then tick."""
        self._loop = asyncio.get_running_loop()
        self._sem = asyncio.Semaphore(self._concurrency)
        for worker in (self._claimer(), self._finisher()):
            task = self._loop.create_task(worker)
            task.add_done_callback(self._done)
            self._workers.append(task)
        await self.refresh()
        self._aps.add_job(self._spawn_refresh, IntervalTrigger(seconds=self.poll.total_seconds()),
                          id="digest-refresh", coalesce=True, max_instances=1)
        self._aps.add_job(self._spawn_prune, IntervalTrigger(seconds=PRUNE_EVERY.total_seconds()),
                          id="digest-prune", coalesce=True, max_instances=1)
        self._aps.start()
        self._spawn(self.prune())

    async def stop(self, grace: float = 5.0) -> None:
        """Stop ticking; give in-flight posts `grace` seconds, record their outcomes, and hand back the claims not
        posted (their lease ends now, so another instance or the next start takes them at once)."""
        if self._aps.running:
            self._aps.shutdown(wait=False)
        self._stopping = True
        self._kick.set()
        end = asyncio.get_running_loop().time() + grace
        if self._workers:  # the claimer ends after the batch it may be claiming
            await asyncio.wait({self._workers[0]}, timeout=grace)
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=max(0.0, end - asyncio.get_running_loop().time()))
        for task in (*self._tasks, *self._workers):
            task.cancel()
        try:
            await self._flush_now()  # what the finisher had not recorded yet
            if self._holding:
                released = await self.store.run(self.store.release, list(self._holding.values()), self.owner)
                log.info("digest ledger: %d claimed digest(s) not posted before stopping handed back", released)
        except DBAPIError as exc:
            log.error("digest ledger: %d outcome(s) not recorded at stop (%s); their claims are retaken after "
                      "the lease", len(self._finished) + len(self._holding), str(exc).splitlines()[0])

    def scheduled(self) -> int:
        """How many subscriptions are ticking."""
        return len(self._subs)

    def running(self) -> bool:
        return self._aps.running and self.failed is None

    def _spawn(self, coro: Coroutine[Any, Any, Any]) -> None:
        task = self._loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._done)

    def _done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        exc = None if task.cancelled() else task.exception()
        if isinstance(exc, DBAPIError):
            self._fatal(exc)
        elif exc is not None:
            log.error("digest task failed", exc_info=exc)

    def _fatal(self, exc: BaseException) -> None:
        if self.failed is not None or self._stopping:
            return
        self.failed = exc
        log.critical("digest database unreachable (%s): exiting with status 1 so a supervisor restarts the bot",
                     str(exc).splitlines()[0])
        if self._on_fatal is not None:
            self._on_fatal(exc)
        else:
            self._loop.call_soon(_exit)

    # --- subscriptions

    async def refresh(self) -> None:
        """Sync jobs with the database (other instances and commands change it) and retake expired claims.

        New subscriptions' schedules are parsed in a worker thread and their jobs added SCHEDULE_BATCH at a time,
        so a start with thousands of subscriptions never holds the event loop for long.
        """
        async with self._refreshing:
            subs = {s.id: s for s in await self.store.run(self.store.subscriptions)}
            for sub_id in self._subs.keys() - subs.keys():
                self.unschedule(sub_id)
            new = [subs[i] for i in sorted(subs.keys() - self._subs.keys())]
            if new:
                last = await self.store.run(self.store.last_slots)
                triggers = await asyncio.to_thread(_parse_all, new)
                for i, sub in enumerate(new, 1):
                    if triggers[sub.id] is not None:
                        self._schedule(sub, last.get(sub.id), triggers[sub.id])
                    if i % SCHEDULE_BATCH == 0:
                        await asyncio.sleep(0)
        for sub_id, slot in await self.store.run(self.store.stale_claims, utcnow() - self.catch_up):
            if sub_id in self._subs:
                self._enqueue(self._subs[sub_id], slot)

    async def _spawn_refresh(self) -> None:
        self._spawn(self.refresh())

    async def prune(self) -> None:
        """Delete the delivery records older than the retention (at start, then every PRUNE_EVERY)."""
        deleted = await self.store.run(self.store.prune, utcnow() - self.retention)
        if deleted:
            log.info("digest ledger: %d delivery record(s) older than %s pruned", deleted, self.retention)

    async def _spawn_prune(self) -> None:
        self._spawn(self.prune())

    def _schedule(self, sub: Sub, last: datetime | None, trigger: CronTrigger | None = None) -> None:
        trigger = trigger or _parse_all([sub])[sub.id]
        if trigger is None:
            return
        self._subs[sub.id], self._triggers[sub.id] = sub, trigger
        self._since[sub.id] = max(sub.created_at, last) if last else sub.created_at
        group = (sub.schedule, sub.timezone)
        if group not in self._groups:
            self._groups[group] = set()
            self._aps.add_job(self._tick, trigger, args=(group,), id=_job_id(group), replace_existing=True,
                              misfire_grace_time=None, coalesce=True)
        self._groups[group].add(sub.id)
        self._due_soon(sub.id)  # the catch-up pass for this subscription

    def schedule(self, sub: Sub) -> None:
        """Start ticking a new subscription (thread-safe, for the commands)."""
        self._loop.call_soon_threadsafe(self._schedule, sub, None)

    def unschedule(self, sub_id: int) -> None:
        """Stop ticking a subscription (call on the loop, or via call_soon_threadsafe)."""
        sub = self._subs.pop(sub_id, None)
        self._triggers.pop(sub_id, None)
        self._since.pop(sub_id, None)
        group = (sub.schedule, sub.timezone) if sub is not None else None
        if group in self._groups:
            self._groups[group].discard(sub_id)
            if not self._groups[group]:
                del self._groups[group]
                with contextlib.suppress(JobLookupError):
                    self._aps.remove_job(_job_id(group))

    def unschedule_soon(self, sub_id: int) -> None:
        """unschedule, from any thread (the commands)."""
        self._loop.call_soon_threadsafe(self.unschedule, sub_id)

    def send_now(self, sub: Sub, cooldown: timedelta) -> Claim | datetime | None:
        """Claim and post the next edition now, through the ledger like any slot (blocking: call off the loop).

        Returns the Claim being posted; the time the channel's send-now cooldown ends; or None when the
        subscription is gone.
        """
        got = self.store.claim_manual(sub.id, self.owner, self.lease, cooldown)
        if isinstance(got, Claim):
            claim = got
            self._loop.call_soon_threadsafe(lambda: self._spawn(self._send(sub, claim)))
        return got

    async def _send(self, sub: Sub, claim: Claim) -> None:
        async with self._sem:
            await self._post(sub, claim)

    # --- deliveries

    async def _tick(self, group: tuple[str, str]) -> None:
        for sub_id in self._groups.get(group, ()):
            self._due_soon(sub_id)

    def _due_soon(self, sub_id: int) -> None:
        """Work out the subscription's due slot in the next pass; the ticks of one moment share a pass."""
        if not self._due:
            self._spawn(self._run_due())
        self._due.add(sub_id)

    async def _run_due(self) -> None:
        """For each subscription of the pass: queue the latest due slot if it is within the catch-up window; record
        the ones before it as skipped.

        Bounded whatever the gap: at most one delivery and MAX_SKIPPED skipped records per subscription and pass,
        found with a few trigger probes each (latest_times), in a worker thread so the event loop never waits; the
        skipped records of the whole pass are one insert.
        """
        await asyncio.sleep(0)  # the other ticks of this moment join the pass
        ids, self._due = self._due, set()
        now = utcnow()
        work = [(i, self._triggers[i], max(self._since[i], now - SKIP_HORIZON))
                for i in sorted(ids) if i in self._subs and i in self._triggers]
        latest = await asyncio.to_thread(_latest_all, work, now)
        since = {sub_id: t for sub_id, _, t in work}
        skipped_all: dict[int, list[datetime]] = {}
        due: list[Slot] = []
        for sub_id, times in latest.items():
            sub = self._subs.get(sub_id)
            if not times or sub is None or sub_id not in self._since:
                continue
            self._since[sub_id] = max(self._since[sub_id], times[-1])
            slot = times[-1] if now - times[-1] <= self.catch_up else None
            skipped = self._skipped(sub_id, times[:-1] if slot is not None else times, since[sub_id])
            if skipped:
                skipped_all[sub_id] = skipped
            if slot is not None:
                due.append((sub, slot))
        if skipped_all:
            await self.store.run(self.store.skip_many, skipped_all, "missed while the bot was down")
            for _ in range(sum(map(len, skipped_all.values()))):
                self.count("skipped")
        random.shuffle(due)  # several instances work through a fan-out in different orders, not in lockstep
        for sub, slot in due:
            self._enqueue(sub, slot)

    @staticmethod
    def _skipped(sub_id: int, skipped: list[datetime], since: datetime) -> list[datetime]:
        """The missed slots to record (the latest MAX_SKIPPED), logged."""
        if not skipped:
            return []
        more = len(skipped) > MAX_SKIPPED
        skipped = skipped[-MAX_SKIPPED:]
        log.warning("digest subscription %d: %s%d missed slot(s) from %s to %s recorded as skipped "
                    "(beyond the catch-up window or superseded by a later one)%s", sub_id, "the latest " if more
                    else "", len(skipped), skipped[0].isoformat(), skipped[-1].isoformat(),
                    f"; earlier ones since {since.isoformat()} are not recorded" if more else "")
        return skipped

    def _enqueue(self, sub: Sub, slot: datetime) -> None:
        """Queue a slot to claim (once, however often it is found due), behind the others of its channel."""
        if (sub.id, slot) in self._queued:
            return
        self._queued.add((sub.id, slot))
        channel = (sub.platform, sub.channel_id)
        waiting = self._waiting.setdefault(channel, deque())
        waiting.append((sub, slot))
        if len(waiting) == 1 and channel not in self._busy:
            self._ready.append(channel)
            self._kick.set()

    def _take(self, n: int) -> list[Slot]:
        """Up to n queued slots, one per channel that may post now; those channels are busy until released."""
        batch: list[Slot] = []
        while self._ready and len(batch) < n:
            channel = self._ready.popleft()
            waiting = self._waiting[channel]
            batch.append(waiting.popleft())
            if not waiting:
                del self._waiting[channel]
            self._busy.add(channel)
        self._held += len(batch)
        return batch

    def _release(self, sub: Sub, slot: datetime, gap: float = 0.0) -> None:
        """A taken slot is done with (posted, or not ours): its channel may take the next one after `gap`."""
        self._held -= 1
        self._queued.discard((sub.id, slot))
        channel = (sub.platform, sub.channel_id)
        if gap > 0:
            self._loop.call_later(gap, self._free, channel)
        else:
            self._free(channel)
        self._kick.set()

    def _free(self, channel: Channel) -> None:
        self._busy.discard(channel)
        if channel in self._waiting:
            self._ready.append(channel)
            self._kick.set()

    async def _claimer(self) -> None:
        """Claim queued slots in batches, up to concurrency x CLAIM_AHEAD claims held, and start their posts; the
        next batch once half of those are done, so a fan-out is claimed dozens at a time, not one by one, and the
        posts never wait for a claim. A slot whose subscription another transaction held is queued again shortly."""
        room = self._concurrency * CLAIM_AHEAD
        while not self._stopping:
            await self._kick.wait()
            self._kick.clear()
            while self._ready and self._held <= room // 2 and not self._stopping and self.failed is None:
                batch = self._take(min(CLAIM_BATCH, room - self._held))
                try:
                    got = await self.store.run(self.store.claim_many, [(sub.id, slot) for sub, slot in batch],
                                               self.owner, self.lease)
                except Exception:
                    for sub, slot in batch:
                        self._release(sub, slot)
                    raise
                claims = {c.subscription_id: c for c in got.claims}
                busy = {sub_id for sub_id, _ in got.busy}
                for sub, slot in batch:
                    claim = claims.get(sub.id)
                    if claim is not None:
                        self._holding[claim.delivery_id] = claim
                        if not self._stopping:  # else stop() hands it back
                            self._spawn(self._post_held(sub, slot, claim, self._loop.time()))
                            continue
                    self._release(sub, slot)
                    if sub.id in busy:
                        self._loop.call_later(BUSY_RETRY, self._enqueue, sub, slot)

    async def _post_held(self, sub: Sub, slot: datetime, claim: Claim, claimed_at: float) -> None:
        try:
            async with self._sem:
                if self._loop.time() - claimed_at > self.lease.total_seconds() / 2 and not await self.store.run(
                        self.store.renew, claim, self.owner, self.lease, attempt=False):
                    self._holding.pop(claim.delivery_id, None)
                    return log.warning("digest %s: lease lost to another instance before posting", claim.key)
                await self._post(sub, claim)
        finally:
            self._release(sub, slot, self.channel_gap)

    async def _post(self, sub: Sub, claim: Claim) -> None:
        poster = self.posters.get(sub.platform)
        if poster is None:
            return self._give_up(sub, claim, f"no {sub.platform} adapter is running")
        try:
            reply = compose(self.library.current.store, sub.id, claim.edition, sub.briefing, sub.thread)
        except UnknownBriefing as exc:
            return self._give_up(sub, claim, str(exc))
        # A lease taken over (attempts > 1) or a failed attempt may have reached the platform: from then on the
        # poster checks which of the delivery's messages exist before posting, instead of re-sending blindly.
        since = claim.scheduled_for - CLOCK_SKEW if claim.attempts > 1 else None
        for delay in (*self.retry_delays, None):
            try:
                await poster.post(sub.channel_id, reply, claim.key, since)
            except ChannelGone as exc:
                log.warning("digest subscription %d disabled: %s channel %s is gone or removed the bot (%s)",
                            sub.id, sub.platform, sub.channel_id, exc)
                await self.store.run(self.store.disable, sub.id, f"channel gone: {exc}")
                self._finish(claim, FAILED, f"channel gone: {exc}")
                self.count("failed")
                return self.unschedule(sub.id)
            except TransientDeliveryError as exc:
                if delay is None:
                    return self._give_up(sub, claim, f"still failing after retries: {exc}")
                log.warning("digest %s to %s %s failed (%s); retrying in %.0fs", claim.key, sub.platform,
                            sub.channel_id, exc, delay)
                self.count("retried")
                since = claim.scheduled_for - CLOCK_SKEW
                await asyncio.sleep(delay)
                if not await self.store.run(self.store.renew, claim, self.owner, self.lease):
                    self._holding.pop(claim.delivery_id, None)
                    return log.warning("digest %s: lease lost to another instance during retries", claim.key)
                continue
            except Exception as exc:
                log.exception("digest %s: the %s adapter failed", claim.key, sub.platform)
                return self._give_up(sub, claim, f"{type(exc).__name__}: {exc}")
            self._finish(claim, SENT)
            self.count("sent")
            log.debug("digest %s (edition %d) sent to %s %s", claim.key, claim.edition, sub.platform, sub.channel_id)
            return

    def _give_up(self, sub: Sub, claim: Claim, error: str) -> None:
        log.error("digest %s for subscription %d not delivered: %s", claim.key, sub.id, error)
        self._finish(claim, FAILED, error[:1000])
        self.count("failed")

    def _finish(self, claim: Claim, status: str, error: str | None = None) -> None:
        """Hand an outcome to the finisher. Until it is recorded the claim stays held: a crash in between leaves
        it to be retaken after the lease, and the retaking poster checks the channel before posting."""
        self._holding.pop(claim.delivery_id, None)
        self._finished.append((claim, status, error))
        self._flush.set()

    async def _finisher(self) -> None:
        """Record outcomes in batches: all that ended in the last FINISH_EVERY or while the previous batch was being
        written."""
        while True:
            await self._flush.wait()
            await asyncio.sleep(FINISH_EVERY)
            self._flush.clear()
            await self._flush_now()

    async def _flush_now(self) -> None:
        batch, self._finished = self._finished, []
        if batch:
            await self.store.run(self.store.finish_many, batch, self.owner)
