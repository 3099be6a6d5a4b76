"""`briefbot run` with discord.enabled serves the commands from a real process against the fake, and stops on SIGTERM."""
from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.adapters.discord.fake_discord import FakeDiscord
from tests.conftest import CONTENT, ROOT

TOKEN = "fake.discord.token-0123456789"


async def test_briefbot_run_serves_discord_end_to_end(fake: FakeDiscord, tmp_path: Path) -> None:
    """The CLI process syncs every command (the digest group too), answers /brief over the gateway, exits 0 on SIGTERM."""
    config = tmp_path / "config.yaml"
    config.write_text(
        f"content_dir: {CONTENT}\nstorage:\n  url: sqlite:///{tmp_path / 'bot.db'}\n"
        "discord:\n  enabled: true\n  token: ${DISCORD_TOKEN}\n"
        f"  api_url: {fake.api_url}\n  gateway_url: {fake.gateway_url}\n", encoding="utf-8")
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
    assert {"brief", "ask", "who", "help", "digest"} <= names
    assert call.json["data"]["embeds"][0]["title"].startswith("Briefing: Belgium")
    assert call.json["data"]["allowed_mentions"] == {"parse": []}
    assert code == 0, log.read_text()
    assert TOKEN not in log.read_text()
