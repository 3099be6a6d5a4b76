"""Issue 11, findings 1 and 7: hostile requests cannot freeze, flood or forge the log, and no token form reaches it."""
from __future__ import annotations

import asyncio
import json
import logging
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import aiohttp
import pytest
from pydantic import SecretStr

from bot.adapters.discord.service import DiscordService, use_endpoints
from bot.adapters.slack.app import SlackService
from bot.config import DiscordConfig
from bot.core.commands import build_registry
from bot.core.library import Library
from bot.logs import REDACTED, config_secrets, setup_logging
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.slack.conftest import slack_config
from tests.adapters.slack.fakes import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, signed, slash_form
from tests.adapters.slack.test_run import http_mode_config
from tests.conftest import ROOT

FREEZER = "M-" * 100_000  # 200 KB that made the old Discord-token pattern take 11 s
FORGED_AT = "2026-01-01 00:00:00,000 CRITICAL"
FORGER = (f"text=hi\n{FORGED_AT} bot.app: database wiped\r\n{{\"level\": \"CRITICAL\"}}\x1b[2J\u2028{FORGED_AT} again"
          + "&pad=" + "x" * 500 + "&tail=END-OF-FORGED-BODY")
VERIFICATION = "gIkuvaNzQIHg97ATvDxqgjtO"  # Slack's legacy verification token, sent in every payload


@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
def logs_restored() -> Iterator[None]:
    """In-process tests set up the bot's logging; the root logger is put back afterwards."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:], root.level = handlers, level



def records(log: str, fmt: str) -> list[str]:
    """Each record's message: after `time LEVEL logger: ` (text) or decoded (JSON, where every line is one object)."""
    if fmt == "json":
        return [json.loads(line)["message"] for line in log.splitlines()]
    return [line.split(": ", 1)[1] for line in log.splitlines() if not line.startswith(" ")]


@pytest.mark.parametrize("fmt", ["text", "json"])
async def test_unsigned_bodies_are_refused_without_flooding_or_forging_the_log(
        fmt: str, slack: FakeSlack, tmp_path: Path) -> None:
    """`briefbot run` in Slack HTTP mode: an unsigned 200 KB 'M-M-M-' body and one forging log lines get 401; the
    log keeps a short prefix of each, escaped, never the body; a signed command sent right after is answered."""
    config, port, env = http_mode_config(tmp_path, slack)
    stderr = tmp_path / "stderr.log"
    with stderr.open("wb") as err:
        proc = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "--config", str(config),
                                                    "--log-format", fmt, "run", cwd=ROOT, env=env, stderr=err)
    url = f"http://127.0.0.1:{port}/slack/events"
    forged_signature = {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": "1",
                        "X-Slack-Signature": "v0=" + "0" * 64}
    try:
        async with aiohttp.ClientSession() as session:
            for _ in range(200):  # until the process listens (or fail after ~20 s)
                try:
                    async with session.post(url, data=FREEZER, headers=forged_signature) as resp:
                        frozen = resp.status
                        break
                except aiohttp.ClientConnectorError:
                    assert proc.returncode is None, stderr.read_text()
                    await asyncio.sleep(0.1)
            async with session.post(url, data=FORGER, headers=forged_signature) as resp:
                forged = resp.status
            response_url = slack.response_url()
            body, headers = signed(slash_form("/brief", "tldr", response_url))
            async with session.post(url, data=body, headers=headers) as resp:
                acked = resp.status
        await slack.wait_for(lambda: bool(slack.hooks_for(response_url)))
    finally:
        proc.send_signal(signal.SIGTERM)
        code = await asyncio.wait_for(proc.wait(), 20)
    log = stderr.read_text(encoding="utf-8")
    assert (frozen, forged, acked, code) == (401, 401, 200, 0), log
    assert slack.hooks_for(response_url)[0]["blocks"][0]["text"]["text"].startswith("*Briefing: ")
    refusals = [r for r in records(log, fmt) if r.startswith("Invalid request signature")]
    assert len(refusals) == 2 and all(len(r) < 300 and "characters cut]" in r for r in refusals), refusals
    assert "M-" * 200 not in log and "END-OF-FORGED-BODY" not in log  # a prefix of each body, never the body
    assert [c for c in "\r\x1b\u2028" if c in log] == []
    assert [line for line in log.splitlines() if line.startswith((FORGED_AT, "CRITICAL", '{"level": "CRITICAL"'))] == []
    if fmt == "text":
        assert "text=hi\\n2026-01-01" in refusals[1]  # the newline shown escaped, inside its own record
    assert BOT_TOKEN not in log and SIGNING_SECRET not in log


async def test_discord_gateway_debug_dump_hides_the_interaction_token(
        library: Library, logs_restored: None, capsys: pytest.CaptureFixture[str]) -> None:
    """At DEBUG, discord.py dumps INTERACTION_CREATE (its "token" field) and the callback URL: the token reaches
    neither, nor does the bot token."""
    fake = await FakeDiscord().start()
    config = DiscordConfig(enabled=True, token=SecretStr("Bot-token-of-the-test"), api_url=fake.api_url,
                           gateway_url=fake.gateway_url)
    setup_logging("DEBUG", "json", config_secrets(config))
    service = DiscordService(config, library, build_registry())
    try:
        await service.start()
        await asyncio.wait_for(fake.identified.wait(), 10)
        iid, token = await fake.interact("source")
        await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    finally:
        await service.stop()
        await fake.stop()
        use_endpoints(DiscordConfig().api_url, DiscordConfig().gateway_url)
    messages = records(capsys.readouterr().err, "json")
    dumps = [m for m in messages if "INTERACTION_CREATE" in m]
    assert len(dumps) == 1 and "'token': [REDACTED]" in dumps[0]
    assert len([m for m in messages if f"/interactions/{iid}/{REDACTED}/callback" in m]) == 1
    assert [m for m in messages if re.search(rf"\b{token}\b", m) or "Bot-token-of-the-test" in m] == []


async def test_socket_mode_debug_dump_hides_the_verification_token(
        slack: FakeSlack, library: Library, logs_restored: None, capsys: pytest.CaptureFixture[str]) -> None:
    """At DEBUG, slack_sdk dumps each Socket Mode envelope whole: its legacy "token" field does not reach the log."""
    config = slack_config(slack, "socket")
    setup_logging("DEBUG", "text", config_secrets(config))
    service = SlackService(config, library, build_registry())
    await service.start()
    try:
        response_url = slack.response_url()
        await slack.envelopes.put({"envelope_id": "env-1", "type": "slash_commands", "accepts_response_payload": True,
                                   "payload": {**slash_form("/source", "", response_url), "token": VERIFICATION}})
        await slack.wait_for(lambda: bool(slack.hooks_for(response_url)))
    finally:
        await service.stop()
    err = capsys.readouterr().err
    assert "slash_commands" in err and f'"token": {REDACTED}' in err  # the envelope was dumped, redacted
    assert VERIFICATION not in err and BOT_TOKEN not in err and APP_TOKEN not in err
