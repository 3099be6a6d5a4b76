"""The whole bot as a process, posting digests to a fake Slack or Discord: SIGKILL mid fan-out, restart, each message
once, threaded digests' replies included (on SQLite, and on PostgreSQL when the test database is set)."""
from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import time_machine

from bot.adapters.discord.render import render as discord_render
from bot.adapters.discord.service import nonce
from bot.adapters.slack.render import render as slack_render
from bot.core.library import Library
from bot.core.reply import Reply
from bot.digests.compose import compose
from bot.digests.storage import SENT, Store, Sub, delivery_key, make_engine
from tests.adapters.discord.fake_discord import CREATE_PUBLIC_THREADS, FakeDiscord
from tests.adapters.slack.fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.conftest import CONTENT, ROOT
from tests.digests.conftest import add

FAN_OUT = 500
THREADED = 10  # every tenth subscription is threaded (Slack paces a channel's messages a second apart)
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


def seed(url: str, platform: str, channel: Callable[[int], str]) -> tuple[Store, list[Sub], datetime]:
    """FAN_OUT subscriptions whose daily digest was due two minutes ago, every THREADED one threaded; the store,
    the subscriptions and their slot."""
    slot = datetime.now(UTC).replace(second=0, microsecond=0) - timedelta(minutes=2)
    store = Store(make_engine(url))
    store.migrate()
    with time_machine.travel(slot - timedelta(minutes=10), tick=False):
        subs = [add(store, platform, channel(i), f"{slot.minute} {slot.hour} * * *", thread=i % THREADED == 0)
                for i in range(FAN_OUT)]
    return store, subs, slot


def parts(subs: list[Sub], slot: datetime, render: Callable[[Reply], list[Any]]) -> dict[str, int]:
    """Each delivery's key -> how many messages it posts: its first edition rendered by the platform, the top's
    messages and, for a threaded one, those of its thread replies."""
    store = Library(CONTENT).current.store
    out = {}
    for sub in subs:
        reply = compose(store, sub.id, 1, sub.briefing, sub.thread)
        out[delivery_key(sub.id, slot)] = sum(len(render(r)) for r in (reply, *reply.thread))
    return out


def every_part(counts: dict[str, int]) -> set[str]:
    return {f"{key}#{part}" for key, n in counts.items() for part in range(n)}


def cut_threads(counts: dict[str, int], at_kill: list[str]) -> int:
    """How many threaded deliveries the SIGKILL cut part-way: some of their messages posted, not all."""
    had = Counter(part.split("#")[0] for part in set(at_kill))
    return sum(1 for key, n in counts.items() if n > 1 and 0 < had[key] < n)


async def crash_and_restart(config: Path, created: Callable[[], list[str]], expected: set[str]) -> list[str]:
    """Run the bot, SIGKILL it at a random point of the fan-out (after a tenth to a half of the messages), restart
    it until every message is in; what was posted at the kill."""
    kill_at = random.randint(len(expected) // 10, len(expected) // 2)
    first = await start_bot(config)
    await until(lambda: len(created()) >= kill_at)
    first.kill()  # SIGKILL: no clean-up at all
    await first.wait()
    at_kill = created()
    second = await start_bot(config)
    await until(lambda: set(created()) >= expected)
    await asyncio.sleep(4)  # two lease periods: a re-send would show up now
    second.send_signal(signal.SIGTERM)
    assert await second.wait() == 0, (config.parent / "bot.log").read_text()[-3000:]
    return at_kill


def slack_key(message: dict[str, Any]) -> str:
    """The delivery key and part from a chat.postMessage's metadata."""
    metadata = message["metadata"]
    payload = (json.loads(metadata) if isinstance(metadata, str) else metadata)["event_payload"]
    return f"{payload['key']}#{payload['part']}"


async def test_slack_sigkill_in_the_middle_of_a_fan_out_then_restart_delivers_every_digest_once(
        tmp_path: Path, db_url: str) -> None:
    """500 channels due at once, every tenth digest threaded; SIGKILL at a random point, restart: every message
    arrives exactly once, each thread reply in the thread of its digest. Slack has no idempotency key: the dedupe
    is our code's, the restarted bot's conversations.history and conversations.replies checks by metadata."""
    store, subs, slot = seed(db_url, "slack", lambda i: f"C{i:04d}")
    counts = parts(subs, slot, slack_render)
    expected = every_part(counts)
    async with FakeSlack() as fake:
        at_kill = await crash_and_restart(slack_config(tmp_path, fake, db_url),
                                          lambda: [slack_key(m) for m in fake.messages], expected)
    posted = Counter(slack_key(m) for m in fake.messages)
    assert 0 < len(set(at_kill)) < len(expected), f"{len(set(at_kill))} of {len(expected)} posted before SIGKILL"
    assert cut_threads(counts, at_kill) > 0, "the SIGKILL cut no thread part-way"
    assert set(posted) == expected
    assert [key for key, n in posted.items() if n > 1] == []
    tops = {slack_key(m).split("#")[0]: m["ts"] for m in fake.messages if slack_key(m).endswith("#0")}
    assert all(m["thread_ts"] == (None if key.endswith("#0") else tops[key.split("#")[0]])
               for m in fake.messages for key in [slack_key(m)])
    assert {d.status for d in store.ledger()} == {SENT} and len(store.ledger()) == FAN_OUT
    store.engine.dispose()


async def test_discord_sigkill_in_the_middle_of_a_fan_out_then_restart_delivers_every_digest_once(
        tmp_path: Path, db_url: str) -> None:
    """The same on Discord: exactly one message created per part, each thread reply in the thread started from its
    digest. The fake, like Discord with enforce_nonce, would answer a repeated nonce with the existing message
    (counted in nonce_hits), but that path is never taken: no create is sent twice, so the dedupe is our code's
    (GET messages?after= on the channel and on the thread, checked by nonce)."""
    store, subs, slot = seed(db_url, "discord", lambda i: str(1400000000000000100 + i))
    counts = parts(subs, slot, discord_render)
    expected = every_part(counts)
    named = {nonce(key, part): f"{key}#{part}" for key, n in counts.items() for part in range(n)}
    fake = await FakeDiscord().start()
    fake.guild_permissions = (1 << 10) | (1 << 11) | CREATE_PUBLIC_THREADS | (1 << 38)
    try:
        at_kill = await crash_and_restart(discord_config(tmp_path, fake, db_url),
                                          lambda: [named[str(m["nonce"])] for m in fake.messages], expected)
    finally:
        await fake.stop()
    created = Counter(named[str(m["nonce"])] for m in fake.messages)
    assert 0 < len(set(at_kill)) < len(expected), f"{len(set(at_kill))} of {len(expected)} posted before SIGKILL"
    assert cut_threads(counts, at_kill) > 0, "the SIGKILL cut no thread part-way"
    assert set(created) == expected
    assert [key for key, n in created.items() if n > 1] == [] and len(fake.messages) == len(expected)
    assert fake.nonce_hits == 0
    tops = {named[m["nonce"]].split("#")[0]: m["id"] for m in fake.messages if named[m["nonce"]].endswith("#0")}
    assert set(fake.threads) == {tops[key] for key, n in counts.items() if n > 1}
    assert all(m["channel_id"] == tops[key.split("#")[0]] for m in fake.messages
               for key in [named[m["nonce"]]] if not key.endswith("#0"))
    assert {d.status for d in store.ledger()} == {SENT} and len(store.ledger()) == FAN_OUT
    store.engine.dispose()


async def test_an_unreachable_database_exits_1_with_a_clear_line(tmp_path: Path) -> None:
    """With the storage database (digests, threads' context) down at start, `briefbot run` logs why and exits 1
    for its supervisor."""
    async with FakeSlack() as fake:
        bot = await start_bot(slack_config(tmp_path, fake, "postgresql+psycopg://postgres@127.0.0.1:9/none"))
        assert await asyncio.wait_for(bot.wait(), 60) == 1
    err = (tmp_path / "bot.log").read_bytes()
    assert b"database postgresql+psycopg://postgres@127.0.0.1:9/none is unreachable" in err
    assert b"Traceback" not in err
