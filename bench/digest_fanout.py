"""Digest fan-out: N subscriptions due in the same minute, posted through the Slack adapter to a loopback fake.

Run: python bench/digest_fanout.py [N] (default 10000). Prints time to deliver all, deliveries per second,
duplicates (must be 0) and peak memory, for SQLite with one instance and PostgreSQL with two instances
(when BRIEFBOT_TEST_POSTGRES_URL is set). Baseline in the same run: the same N posts straight through
SlackService.post, 32 at a time, with no scheduler and no ledger.
"""
from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import tempfile
import time
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import time_machine
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
    return SlackService(SlackConfig(enabled=True, mode="http", bot_token=BOT_TOKEN, api_url=fake.url("/api/")),
                        library, build_registry())


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


async def baseline(library: Library, n: int) -> str:
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
    return f"baseline: direct posts, no ledger   n={n}  {dt:7.2f} s  {n / dt:7.0f}/s"


async def run(label: str, url: str, library: Library, n: int, instances: int) -> str:
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
    return (f"{label:34s} n={n}  {dt:7.2f} s  {n / dt:7.0f}/s  duplicates {dupes}  ledger sent {sent}  "
            f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


async def main(n: int) -> None:
    library = Library(ROOT / "content")
    print(f"Digest fan-out, {n} subscriptions due in the same minute, Slack adapter -> loopback fake Slack")
    print(await baseline(library, n))
    with tempfile.TemporaryDirectory() as tmp:
        print(await run("sqlite, 1 instance", f"sqlite:///{tmp}/bench.db", library, n, 1))
    pg = os.environ.get("BRIEFBOT_TEST_POSTGRES_URL")
    if not pg:
        print("postgresql: skipped (set BRIEFBOT_TEST_POSTGRES_URL)")
        return
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(pg)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        print(await run("postgresql, 2 instances", f"{pg}?options=-csearch_path%3D{schema}", library, n, 2))
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


if __name__ == "__main__":
    import logging
    logging.basicConfig(level=logging.ERROR)
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
