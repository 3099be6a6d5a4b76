"""The whole bot as a process, posting digests to a fake Slack or Discord: SIGKILL mid fan-out, restart, each once
(on SQLite, and on PostgreSQL when the test database is set)."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

from bot.digests.storage import SENT, Store, delivery_key, make_engine
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.slack.fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.conftest import CONTENT, ROOT
from tests.digests.conftest import add

FAN_OUT = 500
DISCORD_TOKEN = "fake.discord.token-0123456789"
DIGESTS = "digests:\n  lease: PT2S\n  poll: PT1S\n"


def slack_config(tmp_path: Path, fake: FakeSlack, storage_url: str) -> Path:
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
""" + DIGESTS)
    return config


def discord_config(tmp_path: Path, fake: FakeDiscord, storage_url: str) -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(f"""
content_dir: {CONTENT}
discord:
  enabled: true
  token: ${{DISCORD_TOKEN}}
  api_url: {fake.api_url}
  gateway_url: {fake.gateway_url}
storage:
  url: {storage_url}
""" + DIGESTS)
    return config


async def start_bot(config: Path) -> asyncio.subprocess.Process:
    """`briefbot run` in a child process; its log goes to bot.log next to the config."""
    env = {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
           "DISCORD_TOKEN": DISCORD_TOKEN}
    with open(config.parent / "bot.log", "ab") as log:
        return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(config), "run",
                                                    cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL, stderr=log)


async def until(done: Callable[[], bool], timeout: float = 60.0) -> None:
    for _ in range(int(timeout / 0.05)):
        if done():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out waiting for the digests")


def seed(url: str, platform: str, channel: Callable[[int], str]) -> tuple[Store, str, set[str]]:
    """FAN_OUT subscriptions whose daily digest was due two minutes ago; returns their delivery keys."""
    slot = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=2)
    store = Store(make_engine(url))
    store.migrate()
    with time_machine.travel(slot - timedelta(minutes=10), tick=False):
        subs = [add(store, platform, channel(i), f"{slot.minute} {slot.hour} * * *") for i in range(FAN_OUT)]
    return store, url, {delivery_key(s.id, slot) for s in subs}


async def crash_and_restart(config: Path, created: Callable[[], list[str]], expected: set[str]) -> int:
    """Run the bot, SIGKILL it part-way through the fan-out, restart it until every key is in; the count at the kill."""
    first = await start_bot(config)
    await until(lambda: len(created()) >= FAN_OUT // 5)
    first.kill()  # SIGKILL: no clean-up at all
    await first.wait()
    at_kill = len(set(created()))
    second = await start_bot(config)
    await until(lambda: set(created()) >= expected)
    await asyncio.sleep(4)  # two lease periods: a re-send would show up now
    second.send_signal(signal.SIGTERM)
    assert await second.wait() == 0, (config.parent / "bot.log").read_text()[-3000:]
    return at_kill


def slack_key(post: dict[str, Any]) -> str:
    """The delivery key and part from a chat.postMessage's metadata."""
    metadata = post["metadata"]
    payload = (json.loads(metadata) if isinstance(metadata, str) else metadata)["event_payload"]
    return f"{payload['key']}#{payload['part']}"


async def test_slack_sigkill_in_the_middle_of_a_fan_out_then_restart_delivers_every_digest_once(
        tmp_path: Path, db_url: str) -> None:
    """500 channels due at once; SIGKILL part-way, restart: every digest arrives exactly once. Slack has no
    idempotency key: the dedupe is our code's, the restarted bot's conversations.history check by metadata."""
    store, url, keys = seed(db_url, "slack", lambda i: f"C{i:04d}")
    expected = {f"{k}#0" for k in keys}
    async with FakeSlack() as fake:
        at_kill = await crash_and_restart(slack_config(tmp_path, fake, url),
                                          lambda: [slack_key(p) for p in fake.posts], expected)
    posted = Counter(slack_key(p) for p in fake.posts)
    assert 0 < at_kill < FAN_OUT, f"{at_kill} of {FAN_OUT} delivered before SIGKILL"  # really in the middle
    assert set(posted) == expected
    assert [key for key, n in posted.items() if n > 1] == []
    assert {d.status for d in store.ledger()} == {SENT} and len(store.ledger()) == FAN_OUT
    store.engine.dispose()


async def test_discord_sigkill_in_the_middle_of_a_fan_out_then_restart_delivers_every_digest_once(
        tmp_path: Path, db_url: str) -> None:
    """The same on Discord: exactly one message created per digest. The fake, like Discord with enforce_nonce,
    would answer a repeated nonce with the existing message (counted in nonce_hits), but that path is never
    taken: no create is sent twice, so the dedupe is our code's (GET messages?after= checked by nonce)."""
    store, url, keys = seed(db_url, "discord", lambda i: str(1400000000000000100 + i))
    fake = await FakeDiscord().start()
    try:
        at_kill = await crash_and_restart(discord_config(tmp_path, fake, url),
                                          lambda: [str(m["nonce"]) for m in fake.messages], keys)
    finally:
        await fake.stop()
    created = Counter(str(m["nonce"]) for m in fake.messages)
    assert 0 < at_kill < FAN_OUT, f"{at_kill} of {FAN_OUT} delivered before SIGKILL"
    assert set(created) == keys
    assert [key for key, n in created.items() if n > 1] == [] and len(fake.messages) == FAN_OUT
    assert fake.nonce_hits == 0
    assert {d.status for d in store.ledger()} == {SENT} and len(store.ledger()) == FAN_OUT
    store.engine.dispose()


async def test_an_unreachable_database_exits_1_with_a_clear_line(tmp_path: Path) -> None:
    """With the digest database down at start, `briefbot run` logs why and exits 1 for its supervisor."""
    async with FakeSlack() as fake:
        bot = await start_bot(slack_config(tmp_path, fake, "postgresql+psycopg://postgres@127.0.0.1:9/none"))
        assert await asyncio.wait_for(bot.wait(), 60) == 1
    err = (tmp_path / "bot.log").read_bytes()
    assert b"digest database postgresql+psycopg://postgres@127.0.0.1:9/none is unreachable" in err
    assert b"Traceback" not in err
