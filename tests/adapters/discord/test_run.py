"""`briefbot run` with discord.enabled serves the commands from a real process against the fake, and stops on
SIGTERM."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import pytest

from bot.core.commands import build_registry
from bot.ops.reload import reload_command
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.conftest import CONTENT, ROOT

TOKEN = "fake.discord.token-0123456789"
NOISE = ("Unclosed", "PyNaCl", "davey", "voice", "Traceback", "will be unused")  # never in an operator's start-up log


def closed_port_url(scheme: str, path: str) -> str:
    """A loopback URL nothing listens on."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"{scheme}://127.0.0.1:{port}{path}"


def write_config(tmp_path: Path, api_url: str, gateway_url: str, extra: str = "") -> Path:
    config = tmp_path / "config.yaml"
    config.write_text(
        f"content_dir: {CONTENT}\nstorage:\n  url: sqlite:///{tmp_path / 'bot.db'}\n{extra}"
        "discord:\n  enabled: true\n  token: ${DISCORD_TOKEN}\n"
        f"  api_url: {api_url}\n  gateway_url: {gateway_url}\n", encoding="utf-8")
    return config


@pytest.mark.parametrize("digests", [True, False])
async def test_briefbot_run_serves_discord_end_to_end(fake: FakeDiscord, tmp_path: Path, digests: bool) -> None:
    """The CLI process syncs every command that works here (the digest group only with digests on), answers /brief
    over the gateway, exits 0 on SIGTERM, and logs no voice-library or unclosed-session noise."""
    config = write_config(tmp_path, fake.api_url, fake.gateway_url, "" if digests else "digests:\n  enabled: false\n")
    log = tmp_path / "stderr.log"
    with log.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(config), "run",
                                                    cwd=ROOT, env={**os.environ, "DISCORD_TOKEN": TOKEN}, stderr=err)
    try:
        identified = asyncio.ensure_future(fake.identified.wait())
        exited = asyncio.ensure_future(proc.wait())
        await asyncio.wait({identified, exited}, timeout=30, return_when=asyncio.FIRST_COMPLETED)
        assert fake.identified.is_set(), log.read_text()
        iid, token = await fake.interact("brief", [{"name": "length", "type": 3, "value": "tldr"}])
        call = await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 20)
    names = {c["name"] for c in fake.commands["global"]}
    assert names == {c.name for c in build_registry(reload_command())} | ({"digest"} if digests else set())
    assert call.json["data"]["embeds"][0]["title"].startswith("Briefing: Belgium")
    assert call.json["data"]["allowed_mentions"] == {"parse": []}
    assert code == 0, log.read_text()
    assert TOKEN not in log.read_text()
    assert [n for n in NOISE if n in log.read_text()] == [], log.read_text()


@pytest.mark.parametrize("failure, reason", [
    ("token", "Discord rejected the bot token; check discord.token"),
    ("api", "cannot reach the Discord API at"),
    ("gateway", "cannot reach the Discord gateway at"),
])
async def test_when_discord_cannot_start_the_log_says_why_in_one_line(
        fake: FakeDiscord, tmp_path: Path, failure: str, reason: str) -> None:
    """A rejected token, an unreachable API, an unreachable gateway: exit 1 with one line naming the cause and the
    setting, and no unclosed session, voice-library warning or traceback."""
    api_url = closed_port_url("http", "/api/v10") if failure == "api" else fake.api_url
    gateway_url = closed_port_url("ws", "/gateway") if failure == "gateway" else fake.gateway_url
    if failure == "token":
        fake.fail("GET", "/users/@me", 401, {"message": "401: Unauthorized", "code": 0})
    config = write_config(tmp_path, api_url, gateway_url)
    proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(config), "run",
                                                cwd=ROOT, env={**os.environ, "DISCORD_TOKEN": TOKEN},
                                                stderr=asyncio.subprocess.PIPE)
    _, err = await asyncio.wait_for(proc.communicate(), 60)
    log = err.decode()
    assert proc.returncode == 1, log
    [line] = [line for line in log.splitlines() if "discord could not start" in line]
    assert reason in line
    assert [n for n in NOISE if n in log] == [], log
    assert TOKEN not in log
