"""The whole bot as a process, posting digests to a fake Slack: SIGKILL mid fan-out, restart, nothing lost."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import time_machine

from bot.digests.storage import SENT, Store, delivery_key, make_engine
from tests.adapters.slack.fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.conftest import CONTENT, ROOT

FAN_OUT = 500


def write_config(tmp_path: Path, fake: FakeSlack, storage_url: str) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(f"""
content_dir: {CONTENT}
slack:
  enabled: true
  mode: http
  bot_token: ${{SLACK_BOT_TOKEN}}
  signing_secret: ${{SLACK_SIGNING_SECRET}}
  http: {{host: 127.0.0.1, port: 0}}
  api_url: {fake.url('/api/')}
storage:
  url: {storage_url}
digests:
  lease: PT2S
  poll: PT1S
""")
    return config


async def start_bot(config: Path) -> asyncio.subprocess.Process:
    """`briefbot run` in a child process; its log goes to bot.log next to the config."""
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}
    with open(config.parent / "bot.log", "ab") as log:
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(config), "run",
                                                    cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=log)


def key_of(post: dict[str, Any]) -> str:
    metadata = post["metadata"]
    return str((json.loads(metadata) if isinstance(metadata, str) else metadata)["event_payload"]["key"])


async def test_sigkill_in_the_middle_of_a_fan_out_then_restart_delivers_every_digest(tmp_path: Path) -> None:
    """500 channels due at once; SIGKILL part-way, restart: every digest arrives, and only those in flight at
    the kill (at most the scheduler's concurrency) are re-sent, since Slack has no idempotency key."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    slot = datetime.now(timezone.utc).replace(second=0, microsecond=0) - timedelta(minutes=2)
    store = Store(make_engine(url))
    store.migrate()
    with time_machine.travel(slot - timedelta(minutes=10), tick=False):
        subs = [store.add("slack", f"C{i:04d}", f"{slot.minute} {slot.hour} * * *", "UTC", None) for i in range(FAN_OUT)]
    expected = {delivery_key(s.id, slot) for s in subs if s}
    async with FakeSlack() as fake:
        config = write_config(tmp_path, fake, url)
        first = await start_bot(config)
        await fake.wait_for(lambda: len(fake.posts) >= FAN_OUT // 5, timeout=60)
        first.kill()  # SIGKILL: no clean-up at all
        await first.wait()
        at_kill = len({key_of(p) for p in fake.posts})
        second = await start_bot(config)
        await fake.wait_for(lambda: {key_of(p) for p in fake.posts} >= expected, timeout=60)
        await asyncio.sleep(4)  # two lease periods: a re-send would show up now
        second.send_signal(signal.SIGTERM)
        assert await second.wait() == 0
    keys = Counter(key_of(p) for p in fake.posts)
    resent = sum(n - 1 for n in keys.values())
    print(f"\nfan-out {FAN_OUT}: {at_kill} delivered before SIGKILL, the rest after restart; "
          f"{resent} re-sent on the wire (in flight at the kill, Slack has no idempotency key)")
    assert at_kill < FAN_OUT  # the kill really was in the middle
    assert set(keys) == expected
    assert resent <= 32  # only posts in flight when the process died (the scheduler's concurrency)
    assert {d.status for d in store.ledger()} == {SENT} and len(store.ledger()) == FAN_OUT
    store.engine.dispose()


async def test_an_unreachable_database_exits_1_with_a_clear_line(tmp_path: Path) -> None:
    """With the digest database down at start, `briefbot run` logs why and exits 1 for its supervisor."""
    async with FakeSlack() as fake:
        bot = await start_bot(write_config(tmp_path, fake, "postgresql+psycopg://postgres@127.0.0.1:9/none"))
        assert await asyncio.wait_for(bot.wait(), 60) == 1
    err = (tmp_path / "bot.log").read_bytes()
    assert b"digest database postgresql+psycopg://postgres@127.0.0.1:9/none is unreachable" in err
    assert b"Traceback" not in err
