"""Digest fan-out: N subscriptions due in the same minute, posted through the Slack adapter to a loopback fake.

Run: python bench/digest_fanout.py [N] [ROUNDS] [LATENCY_MS] (default 3000 subscriptions, 3 rounds, 0 ms).
LATENCY_MS delays each chat.postMessage answer of the fake, as a real platform's round trip does: with it an
instance waits on the network rather than on its CPU, which is when a second instance adds the most.

The fake Slack runs in this process; whatever posts runs in child processes, one per bot instance, as deployed (two
instances are two processes, not two schedulers sharing one interpreter). Each child builds everything first, then
waits for the word to go, so the timings count posting only. Each round runs, in a rotated order so drift in the
machine's load falls on every row alike:

- baseline: one child posting the same N digests straight through SlackService.post, 32 at a time, with no
  scheduler and no ledger (each composed like the scheduler does, for its own subscription and edition);
- SQLite, one instance; PostgreSQL, one and two instances (when BRIEFBOT_TEST_POSTGRES_URL is set): `briefbot`'s
  DigestService started on a database seeded with N subscriptions whose daily digest was due two minutes ago.

Each run prints its time until the fake has all N, deliveries per second, duplicates (must be 0), the ledger's sent
count, the posting processes' CPU per delivery (and the fake Slack's, in this process) and their peak memory; the
summary gives each row's median, its ratio to the baseline's median and the median of its per-round ratios (paired:
each round against its own baseline), and two PostgreSQL instances against one. The machine is shared and noisy:
compare rows of one run, prefer the paired ratios, and read the CPU column, which load on other processes hardly
moves.
"""
from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine
from aiohttp import web
from pydantic import SecretStr
from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.slack.app import SlackService  # noqa: E402
from bot.config import DigestConfig, SlackConfig  # noqa: E402
from bot.core.commands import build_registry  # noqa: E402
from bot.core.library import Library  # noqa: E402
from bot.digests.compose import compose  # noqa: E402
from bot.digests.service import DigestService  # noqa: E402
from bot.digests.storage import SENT, Store, make_engine  # noqa: E402
from tests.adapters.slack.fakes import BOT_TOKEN, FakeSlack  # noqa: E402

CONCURRENCY = 32  # the baseline's posts in flight, as many as the scheduler's default


class SlowSlack(FakeSlack):
    """The fake Slack, answering each chat.postMessage `latency` seconds late (the platform's round trip)."""

    def __init__(self, latency: float) -> None:
        super().__init__()
        self.latency = latency
        self._methods["chat.postMessage"] = self._slow_post

    async def _slow_post(self, args: dict[str, Any]) -> web.Response:
        await asyncio.sleep(self.latency)
        return await self._post_message(args)


def slack(api_url: str, library: Library) -> SlackService:
    config = SlackConfig(enabled=True, mode="http", bot_token=SecretStr(BOT_TOKEN), api_url=api_url)
    return SlackService(config, library, build_registry())


def keys(fake: FakeSlack) -> Counter[str]:
    """Messages posted per (delivery key, part): more than one is a duplicate."""
    payloads = (json.loads(p["metadata"]) if isinstance(p["metadata"], str) else p["metadata"] for p in fake.posts)
    return Counter(f"{m['event_payload']['key']}#{m['event_payload'].get('part', 0)}" for m in payloads)


def seed(url: str, n: int) -> None:
    """n channels whose daily digest was due two minutes ago (inside the catch-up window)."""
    slot = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=2)
    store = Store(make_engine(url))
    store.migrate()
    with time_machine.travel(slot - timedelta(minutes=10), tick=False), store.engine.begin() as conn:
        conn.execute(text("INSERT INTO digest_subscriptions (platform, channel_id, schedule, timezone, created_by, "
                          "created_at, enabled, editions) VALUES ('slack', :c, :s, 'UTC', 'bench', :t, true, 0)"),
                     [{"c": f"C{i:05d}", "s": f"{slot.minute} {slot.hour} * * *", "t": slot.replace(tzinfo=None)
                       - timedelta(minutes=10)} for i in range(n)])
    store.engine.dispose()


# --- the child processes


def peak_rss_kb() -> int:
    """This process's peak resident memory (Linux's VmHWM: ru_maxrss would carry the parent's over the exec)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))


async def _line() -> str:
    return await asyncio.to_thread(sys.stdin.readline)


async def child(kind: str, api_url: str, arg: str) -> None:
    """One posting process: `direct N` posts N digests itself; `instance URL` runs the digest service on URL.
    Says `ready` once built, starts on `go`, stops when its stdin closes, and reports its CPU and peak memory."""
    library = Library(ROOT / "content")
    poster = slack(api_url, library)
    service = DigestService(DigestConfig(), arg, library, {"slack": poster}) if kind == "instance" else None
    print("ready", flush=True)
    await _line()
    cpu = time.process_time()
    if service is not None:
        await service.start()
    else:
        sem = asyncio.Semaphore(CONCURRENCY)

        async def one(i: int) -> None:
            async with sem:
                await poster.post(f"C{i:05d}", compose(library.current.store, i, 1, None), f"k{i}")

        await asyncio.gather(*(one(i) for i in range(int(arg))))
    await _line()  # EOF: the parent has every post
    cpu = time.process_time() - cpu
    if service is not None:
        await service.stop()
    print(f"cpu {cpu} rss {peak_rss_kb()}", flush=True)


# --- the parent


async def posting(fake: FakeSlack, n: int, commands: list[list[str]]) -> tuple[float, float, float, float]:
    """Start the children, wait until all are ready, say go, wait until the fake has n posts; the seconds that
    took, the children's CPU seconds, this process's (the fake Slack's) and the largest peak RSS in MB."""
    kids = [await asyncio.create_subprocess_exec(sys.executable, __file__, "--child", *cmd, fake.url("/api/"),
                                                 stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE)
            for cmd in commands]
    for kid in kids:
        assert kid.stdout is not None and (await kid.stdout.readline()).strip() == b"ready"
    t0, fake_cpu = time.perf_counter(), time.process_time()
    for kid in kids:
        assert kid.stdin is not None
        kid.stdin.write(b"go\n")
        await kid.stdin.drain()
    await fake.wait_for(lambda: len(fake.posts) >= n, timeout=3600)
    dt, fake_cpu = time.perf_counter() - t0, time.process_time() - fake_cpu
    await asyncio.sleep(1)  # time for a duplicate to show up, if there were one
    cpu, rss = 0.0, 0.0
    for kid in kids:
        assert kid.stdin is not None and kid.stdout is not None
        kid.stdin.close()
        words = (await kid.stdout.readline()).split()
        await kid.wait()
        cpu, rss = cpu + float(words[1]), max(rss, int(words[3]) / 1024)
    return dt, cpu, fake_cpu, rss


def report(label: str, n: int, dt: float, cpu: float, fake_cpu: float, rss: float, extra: str = "") -> float:
    print(f"{label:34s} n={n}  {dt:7.2f} s  {n / dt:7.0f}/s  CPU {cpu / n * 1e3:5.2f} ms/delivery "
          f"(fake {fake_cpu / n * 1e3:4.2f})  peak RSS {rss:4.0f} MB{extra}", flush=True)
    return n / dt


async def baseline(n: int, latency: float) -> float:
    async with SlowSlack(latency) as fake:
        dt, cpu, fake_cpu, rss = await posting(fake, n, [["direct", str(n)]])
    return report("baseline: direct posts, no ledger", n, dt, cpu, fake_cpu, rss)


async def run(label: str, url: str, n: int, instances: int, latency: float) -> float:
    seed(url, n)
    async with SlowSlack(latency) as fake:
        dt, cpu, fake_cpu, rss = await posting(fake, n, [["instance", url]] * instances)
        counted = keys(fake)
    store = Store(make_engine(url))
    sent = sum(1 for d in store.ledger() if d.status == SENT)
    store.engine.dispose()
    dupes = sum(c - 1 for c in counted.values())
    rate = report(label, n, dt, cpu, fake_cpu, rss, f"  duplicates {dupes}  ledger sent {sent}")
    if dupes or sent != n:
        raise SystemExit(f"{label}: {dupes} duplicate(s), {sent} of {n} marked sent")
    return rate


async def on_postgres(pg: str, label: str, n: int, instances: int, latency: float) -> float:
    """A run in a throwaway schema of the PostgreSQL test database."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        return await run(label, f"{pg}?options=-csearch_path%3D{schema}", n, instances, latency)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


async def on_sqlite(label: str, n: int, latency: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return await run(label, f"sqlite:///{tmp}/bench.db", n, 1, latency)


async def main(n: int, rounds: int, latency_ms: float) -> None:
    print(f"Digest fan-out, {n} subscriptions due in the same minute, Slack adapter -> loopback fake Slack "
          f"answering in {latency_ms:g} ms, {rounds} rounds, {os.cpu_count()} CPUs")
    latency = latency_ms / 1000
    rows: dict[str, Callable[[], Awaitable[float]]] = {
        "baseline": lambda: baseline(n, latency),
        "sqlite, 1 instance": lambda: on_sqlite("sqlite, 1 instance", n, latency),
    }
    pg = os.environ.get("BRIEFBOT_TEST_POSTGRES_URL")
    if pg:
        rows["postgresql, 1 instance"] = lambda: on_postgres(pg, "postgresql, 1 instance", n, 1, latency)
        rows["postgresql, 2 instances"] = lambda: on_postgres(pg, "postgresql, 2 instances", n, 2, latency)
    else:
        print("postgresql: skipped (set BRIEFBOT_TEST_POSTGRES_URL)")
    rates: dict[str, list[float]] = {label: [] for label in rows}
    order = list(rows)
    for r in range(rounds):
        for label in order[r % len(order):] + order[:r % len(order)]:
            rates[label].append(await rows[label]())
    median = {label: statistics.median(v) for label, v in rates.items()}

    def paired(row: str, base: str) -> float:
        """The median over rounds of the row's rate over the base row's in the same round."""
        return statistics.median(a / b for a, b in zip(rates[row], rates[base], strict=True))

    print(f"\nmedians of {rounds} rounds: deliveries/s, its ratio to the baseline's median, and the median of each "
          "round's ratio to that round's baseline (paired)")
    for label, m in median.items():
        print(f"  {label:32s} {m:7.0f}/s  {m / median['baseline']:5.2f}  paired {paired(label, 'baseline'):5.2f}")
    if pg:
        two = median["postgresql, 2 instances"] / median["postgresql, 1 instance"]
        print(f"  {'postgresql, 2 instances / 1':32s} {two:15.2f}  paired "
              f"{paired('postgresql, 2 instances', 'postgresql, 1 instance'):5.2f}")


if __name__ == "__main__":
    import logging
    logging.basicConfig(level=logging.ERROR)
    if sys.argv[1:2] == ["--child"]:
        kind, arg, api_url = sys.argv[2:5]
        asyncio.run(child(kind, api_url, arg))
    else:
        args = [*map(float, sys.argv[1:4])]
        asyncio.run(main(int(args[0]) if args else 3000, int(args[1]) if len(args) > 1 else 3,
                         args[2] if len(args) > 2 else 0.0))
