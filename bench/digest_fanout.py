"""Digest fan-out: N subscriptions due in the same minute, posted through the Slack adapter to a loopback fake.

Run: python bench/digest_fanout.py [N] [ROUNDS] (default 3000 subscriptions, 3 rounds). Each round runs, in a
rotated order so drift in the machine's load falls on every row alike: the baseline (the same N posts straight
through SlackService.post, 32 at a time, no scheduler, no ledger), SQLite with one instance, and PostgreSQL with one
and with two instances (when BRIEFBOT_TEST_POSTGRES_URL is set). Each run prints its time to deliver all,
deliveries per second, duplicates (must be 0), the ledger's sent count and peak memory; the summary gives each row's
median and its ratio to the baseline's median, and two PostgreSQL instances against one.
"""
from __future__ import annotations

import asyncio
import functools
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
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


def slack(fake: FakeSlack, library: Library) -> SlackService:
    config = SlackConfig(enabled=True, mode="http", bot_token=SecretStr(BOT_TOKEN), api_url=fake.url("/api/"))
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


async def baseline(library: Library, n: int) -> float:
    async with FakeSlack() as fake:
        poster = slack(fake, library)
        reply = compose(library.current.store, 1, 1, None)
        sem = asyncio.Semaphore(32)

        async def one(i: int) -> None:
            async with sem:
                await poster.post(f"C{i:05d}", reply, f"k{i}")

        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(n)))
        dt = time.perf_counter() - t0
    print(f"{'baseline: direct posts, no ledger':34s} n={n}  {dt:7.2f} s  {n / dt:7.0f}/s", flush=True)
    return n / dt


async def run(label: str, url: str, library: Library, n: int, instances: int) -> float:
    seed(url, n)
    async with FakeSlack() as fake:
        services = [DigestService(DigestConfig(), url, library, {"slack": slack(fake, library)})
                    for _ in range(instances)]
        t0 = time.perf_counter()
        await asyncio.gather(*(s.start() for s in services))
        await fake.wait_for(lambda: len(fake.posts) >= n, timeout=3600)
        dt = time.perf_counter() - t0
        await asyncio.sleep(1)
        sent = sum(1 for d in services[0].store.ledger() if d.status == SENT)
        for s in services:
            await s.stop()
        counted = keys(fake)
    dupes = sum(c - 1 for c in counted.values())
    print(f"{label:34s} n={n}  {dt:7.2f} s  {n / dt:7.0f}/s  duplicates {dupes}  ledger sent {sent}  "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB", flush=True)
    if dupes or sent != n:
        raise SystemExit(f"{label}: {dupes} duplicate(s), {sent} of {n} marked sent")
    return n / dt


async def on_postgres(pg: str, label: str, library: Library, n: int, instances: int) -> float:
    """A run in a throwaway schema of the PostgreSQL test database."""
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        return await run(label, f"{pg}?options=-csearch_path%3D{schema}", library, n, instances)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


async def on_sqlite(label: str, library: Library, n: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return await run(label, f"sqlite:///{tmp}/bench.db", library, n, 1)


async def main(n: int, rounds: int) -> None:
    library = Library(ROOT / "content")
    print(f"Digest fan-out, {n} subscriptions due in the same minute, Slack adapter -> loopback fake Slack, "
          f"{rounds} rounds")
    rows: dict[str, Callable[[], Awaitable[float]]] = {
        "baseline": lambda: baseline(library, n),
        "sqlite, 1 instance": lambda: on_sqlite("sqlite, 1 instance", library, n),
    }
    pg = os.environ.get("BRIEFBOT_TEST_POSTGRES_URL")
    if pg:
        for k in (1, 2):
            label = f"postgresql, {k} instance{'s' if k > 1 else ''}"
            rows[label] = functools.partial(on_postgres, pg, label, library, n, k)
    else:
        print("postgresql: skipped (set BRIEFBOT_TEST_POSTGRES_URL)")
    rates: dict[str, list[float]] = {label: [] for label in rows}
    order = list(rows)
    for r in range(rounds):
        for label in order[r % len(order):] + order[:r % len(order)]:
            rates[label].append(await rows[label]())
    median = {label: statistics.median(v) for label, v in rates.items()}
    print(f"\nmedians of {rounds} rounds (deliveries/s, ratio to the baseline's median):")
    for label, m in median.items():
        print(f"  {label:32s} {m:7.0f}/s  {m / median['baseline']:5.2f}")
    if pg:
        two = median["postgresql, 2 instances"] / median["postgresql, 1 instance"]
        print(f"  {'postgresql, 2 instances / 1':32s} {two:15.2f}")


if __name__ == "__main__":
    import logging
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 3000, int(sys.argv[2]) if len(sys.argv) > 2 else 3))
