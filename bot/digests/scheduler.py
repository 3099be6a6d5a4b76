"""The digest scheduler: APScheduler ticks, a catch-up pass, and ledger-claimed posts through the Posters."""
from __future__ import annotations

import asyncio
import contextlib
import logging
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
from bot.digests.storage import FAILED, SENT, Claim, Store, Sub, utcnow

__all__ = ["DigestScheduler", "FatalError", "MAX_SKIPPED", "Outcome"]

log = logging.getLogger(__name__)

MAX_SKIPPED = 10  # missed slots recorded as skipped per subscription and pass: the latest ones
SKIP_HORIZON = timedelta(days=7)  # how far back missed slots are looked for after downtime
PRUNE_EVERY = timedelta(hours=1)  # how often delivery records past their retention are deleted
SCHEDULE_BATCH = 100  # jobs added between two yields to the event loop when many subscriptions are new
CLOCK_SKEW = timedelta(minutes=5)  # a resumed delivery looks for its messages from this long before its slot

Outcome = Literal["sent", "retried", "skipped", "failed"]


class FatalError(SystemExit):
    """The digest database is unreachable: the process exits 1 so its supervisor restarts it."""

    def __init__(self) -> None:
        super().__init__(1)


def _exit() -> None:
    raise FatalError()


def _parse_all(subs: Sequence[Sub]) -> dict[int, CronTrigger | None]:
    """Each subscription's trigger, or None (logged) for a schedule that no longer parses."""
    out: dict[int, CronTrigger | None] = {}
    for sub in subs:
        try:
            out[sub.id] = parse(sub.schedule, sub.timezone)
        except InvalidSchedule as exc:
            log.error("digest subscription %d is not scheduled: %s", sub.id, exc)
            out[sub.id] = None
    return out


class DigestScheduler:
    """One APScheduler job per subscription (in-memory store); the database ledger decides who posts."""

    def __init__(self, store: Store, library: Library, posters: Mapping[str, Poster], *, owner: str,
                 catch_up: timedelta, lease: timedelta, poll: timedelta, retention: timedelta = timedelta(days=30),
                 concurrency: int = 32,
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
        self._concurrency = concurrency
        self._aps = AsyncIOScheduler(timezone=UTC)
        self._subs: dict[int, Sub] = {}
        self._triggers: dict[int, CronTrigger] = {}
        self._since: dict[int, datetime] = {}  # fire times up to here are handled
        self._tasks: set[asyncio.Task[Any]] = set()
        self._refreshing = asyncio.Lock()  # one refresh at a time: the poll may fire while a long one runs
        # APScheduler logs two INFO lines per run; with thousands of subscriptions the ledger is the record.
        logging.getLogger("apscheduler.executors.default").setLevel(logging.WARNING)

    # --- lifecycle

    async def start(self) -> None:
        """Load the subscriptions, catch up on missed digests, then tick."""
        self._loop = asyncio.get_running_loop()
        self._sem = asyncio.Semaphore(self._concurrency)
        await self.refresh()
        self._aps.add_job(self._spawn_refresh, IntervalTrigger(seconds=self.poll.total_seconds()),
                          id="digest-refresh", coalesce=True, max_instances=1)
        self._aps.add_job(self._spawn_prune, IntervalTrigger(seconds=PRUNE_EVERY.total_seconds()),
                          id="digest-prune", coalesce=True, max_instances=1)
        self._aps.start()
        self._spawn(self.prune())

    async def stop(self, grace: float = 5.0) -> None:
        """Stop ticking; give in-flight posts `grace` seconds (unfinished claims are retaken after their lease)."""
        if self._aps.running:
            self._aps.shutdown(wait=False)
        if self._tasks:
            await asyncio.wait(set(self._tasks), timeout=grace)
        for task in self._tasks:
            task.cancel()

    def running(self) -> bool:
        return self._aps.running and self.failed is None

    async def _db(self, fn: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(fn, *args)

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
        if self.failed is not None:
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
            subs = {s.id: s for s in await self._db(self.store.subscriptions)}
            for sub_id in self._subs.keys() - subs.keys():
                self.unschedule(sub_id)
            new = [subs[i] for i in sorted(subs.keys() - self._subs.keys())]
            if new:
                last = await self._db(self.store.last_slots)
                triggers = await self._db(_parse_all, new)
                for i, sub in enumerate(new, 1):
                    if triggers[sub.id] is not None:
                        self._schedule(sub, last.get(sub.id), triggers[sub.id])
                    if i % SCHEDULE_BATCH == 0:
                        await asyncio.sleep(0)
        for sub_id, slot in await self._db(self.store.stale_claims, utcnow() - self.catch_up):
            if sub_id in self._subs:
                self._spawn(self._deliver(self._subs[sub_id], slot))

    async def _spawn_refresh(self) -> None:
        self._spawn(self.refresh())

    async def prune(self) -> None:
        """Delete the delivery records older than the retention (at start, then every PRUNE_EVERY)."""
        deleted = await self._db(self.store.prune, utcnow() - self.retention)
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
        self._aps.add_job(self._tick, trigger, args=(sub.id,), id=f"digest-{sub.id}", replace_existing=True,
                          misfire_grace_time=None, coalesce=True)
        self._spawn(self._run_due(sub.id))  # the catch-up pass for this subscription

    def schedule(self, sub: Sub) -> None:
        """Start ticking a new subscription (thread-safe, for the commands)."""
        self._loop.call_soon_threadsafe(self._schedule, sub, None)

    def unschedule(self, sub_id: int) -> None:
        """Stop ticking a subscription (call on the loop, or via call_soon_threadsafe)."""
        for d in (self._subs, self._triggers, self._since):
            d.pop(sub_id, None)
        with contextlib.suppress(JobLookupError):
            self._aps.remove_job(f"digest-{sub_id}")

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

    async def _tick(self, sub_id: int) -> None:
        self._spawn(self._run_due(sub_id))

    async def _run_due(self, sub_id: int) -> None:
        """Post the latest due slot if it is within the catch-up window; record the ones before it as skipped.

        Bounded whatever the gap: at most one delivery and MAX_SKIPPED skipped records per subscription and pass,
        found with a few trigger probes each (latest_times), in a worker thread so the event loop never waits.
        """
        sub, trigger = self._subs.get(sub_id), self._triggers.get(sub_id)
        if sub is None or trigger is None:
            return
        now = utcnow()
        since = max(self._since[sub_id], now - SKIP_HORIZON)
        times: list[datetime] = await asyncio.to_thread(latest_times, trigger, since, now, MAX_SKIPPED + 2)
        if not times or sub_id not in self._since:
            return
        self._since[sub_id] = max(self._since[sub_id], times[-1])
        due = times[-1] if now - times[-1] <= self.catch_up else None
        skipped = times[:-1] if due is not None else times
        if skipped:
            more = len(skipped) > MAX_SKIPPED
            skipped = skipped[-MAX_SKIPPED:]
            log.warning("digest subscription %d: %s%d missed slot(s) from %s to %s recorded as skipped "
                        "(beyond the catch-up window or superseded by a later one)%s", sub_id, "the latest " if more
                        else "", len(skipped), skipped[0].isoformat(), skipped[-1].isoformat(),
                        f"; earlier ones since {since.isoformat()} are not recorded" if more else "")
            await self._db(self.store.skip, sub_id, skipped, "missed while the bot was down")
            for _ in skipped:
                self.count("skipped")
        if due is not None:
            await self._deliver(sub, due)

    async def _deliver(self, sub: Sub, slot: datetime) -> None:
        async with self._sem:
            claim = await self._db(self.store.claim, sub.id, slot, self.owner, self.lease)
            if claim is not None:
                await self._post(sub, claim)

    async def _post(self, sub: Sub, claim: Claim) -> None:
        poster = self.posters.get(sub.platform)
        if poster is None:
            return await self._give_up(sub, claim, f"no {sub.platform} adapter is running")
        try:
            reply = compose(self.library.current.store, sub.id, claim.edition, sub.briefing)
        except UnknownBriefing as exc:
            return await self._give_up(sub, claim, str(exc))
        # A lease taken over (attempts > 1) or a failed attempt may have reached the platform: from then on the
        # poster checks which of the delivery's messages exist before posting, instead of re-sending blindly.
        since = claim.scheduled_for - CLOCK_SKEW if claim.attempts > 1 else None
        for delay in (*self.retry_delays, None):
            try:
                await poster.post(sub.channel_id, reply, claim.key, since)
            except ChannelGone as exc:
                log.warning("digest subscription %d disabled: %s channel %s is gone or removed the bot (%s)",
                            sub.id, sub.platform, sub.channel_id, exc)
                await self._db(self.store.disable, sub.id, f"channel gone: {exc}")
                await self._db(self.store.finish, claim, self.owner, FAILED, f"channel gone: {exc}")
                self.count("failed")
                return self.unschedule(sub.id)
            except TransientDeliveryError as exc:
                if delay is None:
                    return await self._give_up(sub, claim, f"still failing after retries: {exc}")
                log.warning("digest %s to %s %s failed (%s); retrying in %.0fs", claim.key, sub.platform,
                            sub.channel_id, exc, delay)
                self.count("retried")
                since = claim.scheduled_for - CLOCK_SKEW
                await asyncio.sleep(delay)
                if not await self._db(self.store.renew, claim, self.owner, self.lease):
                    return log.warning("digest %s: lease lost to another instance during retries", claim.key)
                continue
            except Exception as exc:
                log.exception("digest %s: the %s adapter failed", claim.key, sub.platform)
                return await self._give_up(sub, claim, f"{type(exc).__name__}: {exc}")
            await self._db(self.store.finish, claim, self.owner, SENT)
            self.count("sent")
            log.debug("digest %s (edition %d) sent to %s %s", claim.key, claim.edition, sub.platform, sub.channel_id)
            return

    async def _give_up(self, sub: Sub, claim: Claim, error: str) -> None:
        log.error("digest %s for subscription %d not delivered: %s", claim.key, sub.id, error)
        await self._db(self.store.finish, claim, self.owner, FAILED, error[:1000])
        self.count("failed")
