"""Tokens and signing secrets never reach a log line, at DEBUG, in text or JSON, from any library's logger."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator

import pytest
from aiohttp import web
from slack_sdk import WebClient

from bot.config import load_config
from bot.logs import REDACTED, config_secrets, setup_logging

# Real-looking values (invented): shapes as Slack and Discord issue them.
SLACK_BOT = "xoxb-2718281828-3141592653589-Zq8WbVnR4tY7uKpLm3XcA9dE"
SLACK_APP = "xapp-1-A0123456789-4815162342108-9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0"
SIGNING = "8f14e45fceea167a5a36dedd4bea2543"
DISCORD = "MTI3NDU2Nzg5MDEyMzQ1Njc4OQ.GhT2kq.Xy7z-AbCdEfGhIjKlMnOpQrStUvWxYz012345"
UNREGISTERED = ["xoxp-1111111111-2222222222-3333333333-0a1b2c3d4e5f60718293a4b5c6d7e8f9",
                "OTk4ODc3NjY1NTQ0MzMyMjExMA.Ab-9_z.qRsTuVwXyZ0123456789abcdefghIJKLmn",
                "xoxe.xoxp-1-Mi0yLTExMTExMTExMTEtMjIyMjIy"]
INTERACTION = "aW50ZXJhY3Rpb246MTI4OTkwMTIzNDU2Nzg5MDEyMzp0b2tlbnRva2VudG9rZW4"
DSN_PASSWORD = "s3cr3t-Pa55word"
EVERY_SECRET = [SLACK_BOT, SLACK_APP, SIGNING, DISCORD, INTERACTION, DSN_PASSWORD, *UNREGISTERED]
LOGGERS = ["discord.http", "discord.gateway", "slack_bolt.App", "slack_sdk.socket_mode", "aiohttp.client",
           "aiohttp.access", "bot.adapters.slack", ""]


@pytest.fixture
def registered(tmp_path, monkeypatch) -> Iterator[list[str]]:  # type: ignore[no-untyped-def]
    """The secrets as a self-hoster configures them: ${ENV_VAR} in config.yaml, values in the environment."""
    file = tmp_path / "config.yaml"
    file.write_text("discord:\n  enabled: true\n  token: ${DISCORD_TOKEN}\n"
                    "slack:\n  enabled: true\n  bot_token: ${SLACK_BOT_TOKEN}\n  app_token: ${SLACK_APP_TOKEN}\n"
                    "  signing_secret: ${SLACK_SIGNING_SECRET}\n", encoding="utf-8")
    env = {"DISCORD_TOKEN": DISCORD, "SLACK_BOT_TOKEN": SLACK_BOT, "SLACK_APP_TOKEN": SLACK_APP,
           "SLACK_SIGNING_SECRET": SIGNING}
    yield config_secrets(load_config(file, env))
    logging.getLogger().handlers.clear()


def emit_everywhere() -> None:
    for name in LOGGERS:
        log = logging.getLogger(name)
        log.debug("connecting with token=%s app=%s", SLACK_BOT, SLACK_APP)
        log.debug(f"Authorization: Bot {DISCORD}; signing secret {SIGNING}")
        log.debug("POST https://discord.com/api/v10/interactions/1289901234567890123/%s/callback", INTERACTION)
        log.debug("storage postgresql+psycopg://briefbot:%s@db:5432/briefbot", DSN_PASSWORD)
        log.warning("tokens seen in a payload: %r", {"tokens": UNREGISTERED})
        try:
            raise PermissionError(f"invalid_auth for {SLACK_BOT} / {DISCORD}")
        except PermissionError:
            log.exception("request failed", stack_info=True)


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_no_secret_in_any_line_at_debug(fmt: str, registered: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """Registered secrets and token-shaped strings are redacted from messages, arguments, tracebacks and stacks."""
    assert sorted(registered) == sorted([DISCORD, SLACK_BOT, SLACK_APP, SIGNING])
    setup_logging("DEBUG", fmt, registered)
    emit_everywhere()
    err = capsys.readouterr().err
    for secret in EVERY_SECRET:
        assert secret not in err
    assert "invalid_auth for" in err and "Traceback" in err and "/callback" in err and "briefbot:" in err
    assert err.count(REDACTED) >= len(LOGGERS) * (len(EVERY_SECRET) + 2)
    if fmt == "json":
        lines = [json.loads(line) for line in err.splitlines()]
        assert {line["logger"] for line in lines} == {name or "root" for name in LOGGERS}


async def test_slack_sdk_debug_log_of_an_oauth_response(registered: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    """slack_sdk logs whole response bodies at DEBUG; an OAuth token issued in one is redacted."""
    issued = "xoxb-9999999999-8888888888888-NEWinstallTOKENabc123"

    async def oauth(request: web.Request) -> web.Response:
        return web.json_response({"ok": True, "access_token": issued, "token_type": "bot"})

    app = web.Application()
    app.router.add_post("/api/oauth.v2.access", oauth)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    setup_logging("DEBUG", "text", registered)
    try:
        client = WebClient(base_url=f"http://127.0.0.1:{port}/api/")
        response = await asyncio.to_thread(client.oauth_v2_access, client_id="1.2", client_secret=SIGNING, code="abc")
        assert response["access_token"] == issued
    finally:
        await runner.cleanup()
    err = capsys.readouterr().err
    assert "access_token" in err  # the body was logged ...
    assert issued not in err and SIGNING not in err  # ... without the secrets
