"""Idle memory of `briefbot run` serving Slack only (HTTP mode against the local fake Slack, no Discord).

Run: python bench/idle_rss.py [ROUNDS]. Each round starts the process, waits until /readyz answers 200, lets it
settle, and reads VmRSS from /proc/PID/status. Baseline in the same run, interleaved round by round: a bare aiohttp
server with a /readyz route, started the same way (a fresh `python` from this venv). Medians are printed.
Rows: digests on (the default, SQLite ledger) and digests off.
"""
from __future__ import annotations

import asyncio
import importlib
import os
import signal
import socket
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
fakes = importlib.import_module("tests.adapters.slack.fakes")  # the fake Slack the tests use, from this checkout
BOT_TOKEN, SIGNING_SECRET, FakeSlack = fakes.BOT_TOKEN, fakes.SIGNING_SECRET, fakes.FakeSlack

SETTLE = 1.0  # seconds after ready before reading VmRSS (start-up garbage collected, idle)
BARE = """
import sys
from aiohttp import web
async def ready(request):
    return web.Response(text="ready")
app = web.Application()
app.router.add_get("/readyz", ready)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def vm_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def slack_only_config(folder: Path, fake: Any, digests: bool) -> tuple[list[str], int]:
    """`briefbot run` with Slack in HTTP mode against the fake, the health server on, no Discord."""
    health = free_port()
    config = folder / f"config-{digests}.yaml"
    config.write_text(
        f"content_dir: {ROOT / 'content'}\nstorage:\n  url: sqlite:///{folder / 'bot.db'}\n"
        f"digests:\n  enabled: {str(digests).lower()}\n"
        f"http:\n  enabled: true\n  host: 127.0.0.1\n  port: {health}\n"
        "slack:\n  enabled: true\n  mode: http\n  bot_token: ${SLACK_BOT_TOKEN}\n"
        f"  signing_secret: ${{SLACK_SIGNING_SECRET}}\n  http:\n    host: 127.0.0.1\n    port: {free_port()}\n"
        f"  api_url: {fake.url('/api/')}\n", encoding="utf-8")
    return [sys.executable, "-m", "bot", "--config", str(config), "run"], health


async def idle_rss(argv: list[str], port: int) -> float:
    """Start argv, wait for http://127.0.0.1:port/readyz to answer 200, settle, read VmRSS, stop it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET)
    proc = await asyncio.create_subprocess_exec(*argv, cwd=ROOT, env=env, stdout=asyncio.subprocess.DEVNULL,
                                                stderr=asyncio.subprocess.PIPE)
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(600):
                if proc.returncode is not None:
                    raise RuntimeError(f"{argv} exited: {(await proc.stderr.read()).decode()[-2000:]}")  # type: ignore[union-attr]  # stderr is a PIPE
                try:
                    async with session.get(f"http://127.0.0.1:{port}/readyz") as resp:
                        if resp.status == 200:
                            break
                except aiohttp.ClientConnectionError:
                    pass
                await asyncio.sleep(0.05)
            else:
                raise RuntimeError(f"{argv} never got ready")
        await asyncio.sleep(SETTLE)
        return vm_rss_mb(proc.pid)
    finally:
        if proc.returncode is None:
            proc.send_signal(signal.SIGTERM)
            await asyncio.wait_for(proc.wait(), 20)


async def main(rounds: int) -> None:
    rows: dict[str, list[float]] = {"baseline: bare aiohttp server": [], "briefbot run, Slack only": [],
                                    "briefbot run, Slack only, digests off": []}
    with tempfile.TemporaryDirectory() as tmp:
        async with FakeSlack() as fake:
            for _ in range(rounds):  # interleaved: the machine's noise falls on every row alike
                port = free_port()
                rows["baseline: bare aiohttp server"].append(
                    await idle_rss([sys.executable, "-c", BARE, str(port)], port))
                rows["briefbot run, Slack only"].append(await idle_rss(*slack_only_config(Path(tmp), fake, True)))
                rows["briefbot run, Slack only, digests off"].append(
                    await idle_rss(*slack_only_config(Path(tmp), fake, False)))
    print(f"Idle VmRSS after /readyz + {SETTLE:.0f} s, median of {rounds} interleaved rounds, "
          f"Python {sys.version.split()[0]}")
    for label, mb in rows.items():
        print(f"{label:<40} median {statistics.median(mb):6.1f} MB   (min {min(mb):6.1f}, max {max(mb):6.1f})")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
