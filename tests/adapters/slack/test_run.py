"""`briefbot run` with slack.enabled serves slash commands from a real process, and stops on SIGTERM."""
from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.adapters.slack.fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack, signed, slash_form
from tests.conftest import CONTENT, ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_mode_config(tmp_path: Path, fake: FakeSlack) -> tuple[Path, int, dict[str, str]]:
    """A config for `briefbot run` serving Slack in HTTP mode on a free loopback port against the fake, and the
    environment holding its secrets."""
    port = free_port()
    config = tmp_path / "config.yaml"
    config.write_text(
        f"content_dir: {CONTENT}\nstorage:\n  url: sqlite:///{tmp_path / 'bot.db'}\ndigests:\n  enabled: false\n"
        "slack:\n  enabled: true\n  mode: http\n  bot_token: ${SLACK_BOT_TOKEN}\n"
        f"  signing_secret: ${{SLACK_SIGNING_SECRET}}\n  http:\n    host: 127.0.0.1\n    port: {port}\n"
        f"  api_url: {fake.url('/api/')}\n", encoding="utf-8")
    return config, port, {**os.environ, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET}


async def test_briefbot_run_serves_slack_in_http_mode(fake: FakeSlack, tmp_path: Path) -> None:
    """The CLI process answers a signed /brief through the response_url and exits 0 on SIGTERM; its log holds no
    warning meant for bolt's developers (the token variable is set, as README's config reads it)."""
    config, port, env = http_mode_config(tmp_path, fake)
    log = tmp_path / "stderr.log"
    with log.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(config), "run",
                                                    cwd=ROOT, env=env, stderr=err)
    response_url = fake.response_url()
    body, headers = signed(slash_form("/brief", "tldr", response_url))
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):  # until the process listens (or fail after ~20 s)
                try:
                    url = f"http://127.0.0.1:{port}/slack/events"
                    async with session.post(url, data=body, headers=headers) as resp:
                        assert resp.status == 200
                        break
                except aiohttp.ClientConnectorError:
                    assert proc.returncode is None, log.read_text()
                    await asyncio.sleep(0.1)
        await fake.wait_for(lambda: bool(fake.hooks_for(response_url)))
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 20)
    [answer] = fake.hooks_for(response_url)
    assert answer["blocks"][0]["text"]["text"].startswith("*Briefing: Belgium")
    assert code == 0, log.read_text()
    assert BOT_TOKEN not in log.read_text() and SIGNING_SECRET not in log.read_text()
    assert "will be unused" not in log.read_text() and "WARNING" not in log.read_text(), log.read_text()
