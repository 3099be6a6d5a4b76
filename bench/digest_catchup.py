"""Digest catch-up after downtime: N every-minute subscriptions, the bot down for seven days, then restarted.

Run: python bench/digest_catchup.py [N] (default 200). Prints, for the bounded pass (latest_times, in a worker
thread) and for the baseline in the same run (the pass before issue 11: every missed minute listed with
fire_times, on the event loop, one subscription after another; its claims and posts go through today's batched
ledger like the bounded pass's), the schedule work per subscription, the whole pass until every subscription has
posted once, the longest the event loop went without running (a 5 ms ticker's worst lateness), posts, and ledger
rows. A third row restarts after a one-minute gap: the floor that start-up itself costs on this machine.
SQLite in a temporary folder; the poster records posts in memory, so no network time is counted.
"""
from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config import DigestConfig, StaticSubscription  # noqa: E402
from bot.core.library import Library  # noqa: E402
from bot.core.reply import Reply  # noqa: E402
from bot.digests import scheduler as sched  # noqa: E402
from bot.digests.schedule import fire_times, latest_times, parse  # noqa: E402
from bot.digests.service import DigestService  # noqa: E402
from bot.digests.storage import SENT, utcnow  # noqa: E402

DOWN = datetime(2025, 6, 2, 8, tzinfo=UTC)
WEEK = timedelta(days=7, seconds=30)
OLD_MAX_SKIPPED = 50


class Poster:
    platform = "slack"

    def __init__(self) -> None:
        self.posts = 0

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        self.posts += 1


class Baseline(sched.DigestScheduler):
    """The catch-up pass as it was: every missed run listed, on the event loop."""

    async def _run_due(self) -> None:
        await asyncio.sleep(0)
        ids, self._due = self._due, set()
        for sub_id in sorted(ids):
            sub, trigger = self._subs.get(sub_id), self._triggers.get(sub_id)
            if sub is None or trigger is None:
                continue
            now = utcnow()
            times = list(fire_times(trigger, max(self._since[sub_id], now - sched.SKIP_HORIZON), now))
            if not times:
                continue
            self._since[sub_id] = times[-1]
            fresh = [t for t in times if now - t <= self.catch_up]
            skipped = [t for t in times if now - t > self.catch_up] + fresh[:-1]
            if skipped:
                await self.store.run(self.store.skip, sub_id, skipped[-OLD_MAX_SKIPPED:],
                                     "missed while the bot was down")
            if fresh:
                self._enqueue(sub, fresh[-1])


def per_subscription() -> str:
    trigger = parse("* * * * *", "UTC")
    t0 = time.perf_counter()
    back = DOWN + WEEK
    old = list(fire_times(trigger, back - timedelta(days=7), back))
    t1 = time.perf_counter()
    new = latest_times(trigger, back - timedelta(days=7), back, sched.MAX_SKIPPED + 2)
    t2 = time.perf_counter()
    return (f"schedule work per subscription: baseline {len(old)} runs listed {(t1 - t0) * 1e3:8.1f} ms   "
            f"bounded {len(new)} latest runs {(t2 - t1) * 1e3:6.2f} ms")


async def run(label: str, n: int, legacy: bool, gap: timedelta = WEEK) -> str:
    static = [StaticSubscription(platform="slack", channel=f"C{i:05d}", schedule="* * * * *") for i in range(n)]
    config = DigestConfig(subscriptions=static)
    library = Library(ROOT / "content")
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        with time_machine.travel(DOWN - timedelta(seconds=30), tick=False):  # not on a run: none is in flight
            before = DigestService(config, url, library, {"slack": Poster()})
            await before.start()
            await before.stop()
        poster = Poster()
        with time_machine.travel(DOWN + gap, tick=False):
            svc = DigestService(config, url, library, {"slack": poster})
            if legacy:
                svc.scheduler.__class__ = Baseline
            worst, stop = 0.0, asyncio.Event()

            async def ticker() -> None:
                nonlocal worst
                while not stop.is_set():
                    t = time.perf_counter()
                    await asyncio.sleep(0.005)
                    worst = max(worst, time.perf_counter() - t - 0.005)

            tick = asyncio.create_task(ticker())
            t0 = time.perf_counter()
            await svc.start()
            while poster.posts < n:
                await asyncio.sleep(0.01)
            dt = time.perf_counter() - t0
            stop.set()
            await tick
            await svc.scheduler.stop()  # records the outcomes still waiting for the finisher's next batch
            rows = svc.store.ledger()
            await svc.stop()
    sent = sum(1 for r in rows if r.status == SENT)
    return (f"{label:30s} n={n}  pass {dt:7.2f} s  worst loop stall {worst * 1e3:8.1f} ms  posts {poster.posts}  "
            f"ledger {len(rows)} rows ({sent} sent)")


async def main(n: int) -> None:
    print(f"Digest catch-up: {n} `* * * * *` subscriptions, down 7 days, SQLite, in-memory poster")
    print(per_subscription())
    print(await run("baseline: list all, on loop", n, legacy=True))
    print(await run("bounded, off the loop", n, legacy=False))
    print(await run("reference: down 1 minute", n, legacy=False, gap=timedelta(seconds=90)))


if __name__ == "__main__":
    import logging
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
