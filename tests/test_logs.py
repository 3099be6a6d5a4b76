"""Tokens and signing secrets never reach a log line, at DEBUG, in text or JSON, from any library's logger."""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import web
from slack_sdk import WebClient

from bot.config import load_config
from bot.logs import MAX_TEXT, REDACTED, config_secrets, setup_logging

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
def registered(tmp_path: Path) -> Iterator[list[str]]:
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


async def test_slack_sdk_debug_log_of_an_oauth_response(registered: list[str],
                                                        capsys: pytest.CaptureFixture[str]) -> None:
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


# --- every token form, in both formats -------------------------------------------------------------------------

HOOK_TAIL = "T0A1B2C3D/5127345678901/Zq8WbVnR4tY7uKpLm3XcA9dE"
OPAQUE = "b3BhcXVlLWludGVyYWN0aW9uLXRva2VuLTEyMzQ1Njc4OTA"  # an interaction token of no known shape
VERIFICATION = "gIkuvaNzQIHg97ATvDxqgjtO"  # Slack's legacy verification token
GATEWAY_EVENT = {"t": "INTERACTION_CREATE", "s": 3, "op": 0, "d": {
    "id": "1289901234567890123", "application_id": "1274567890123456789", "type": 2, "version": 1,
    "token": OPAQUE, "data": {"name": "ask", "options": [{"name": "question", "value": "why?"}]}}}
ENVELOPE = json.dumps({"envelope_id": "57d6a792-4d35-4d0b-b6aa-3361493e1caf", "type": "slash_commands",
                       "payload": {"token": VERIFICATION, "team_id": "T0A1B2C3D", "command": "/ask",
                                   "response_url": f"https://hooks.slack.com/commands/{HOOK_TAIL}"},
                       "accepts_response_payload": True}, separators=(",", ":"))
FORMS = {  # name: (logger, message, args, the secrets, text that must stay)
    "slack response_url": ("slack_sdk.webhook", "Sending a request - url: %s", (
        f"https://hooks.slack.com/commands/{HOOK_TAIL}",), [HOOK_TAIL], "https://hooks.slack.com/"),
    "GovSlack response_url": ("slack_sdk.webhook", "Sending a request - url: %s", (
        f"https://hooks.slack-gov.com/commands/{HOOK_TAIL}",), [HOOK_TAIL], "https://hooks.slack-gov.com/"),
    "response_url and token in a form body": ("slack_bolt.App", "body: %s", (
        f"token={VERIFICATION}&team_id=T1&response_url=https%3A%2F%2Fhooks.slack-gov.com%2Fcommands%2F"
        f"{HOOK_TAIL.replace('/', '%2F')}&trigger_id=1.2",), [VERIFICATION, "Zq8WbVnR4tY7uKpLm3XcA9dE"], "team_id=T1"),
    "Discord INTERACTION_CREATE gateway dump": ("discord.gateway", "For Shard ID %s: WebSocket Event: %s",
                                                (None, GATEWAY_EVENT), [OPAQUE], "INTERACTION_CREATE"),
    "Socket Mode envelope dump": ("slack_sdk.socket_mode.aiohttp",
                                  "Received message (type: TEXT, data: %r, extra: None, session: s1)", (ENVELOPE,),
                                  [VERIFICATION, HOOK_TAIL], "slash_commands"),
    "DSN with an empty user": ("bot.digests.storage", "connecting to %s", ("postgresql://:Pw4EmptyUser@db/briefbot",),
                               ["Pw4EmptyUser"], "@db/briefbot"),
    "DSN ?password=": ("bot.digests.storage", "connecting to %s", (
        "postgresql://db/briefbot?password=QueryPw_123&sslmode=require",), ["QueryPw_123"], "sslmode=require"),
    "libpq keyword password=": ("psycopg", "conninfo: %s", (
        "host=db dbname=briefbot user=bot password=KeywordPw_42 sslmode=require",), ["KeywordPw_42"], "user=bot"),
    "libpq quoted password with spaces": ("psycopg", "conninfo: %s", (
        r"host=db password='two words\' PwQuoted' dbname=x",), ["two words", "PwQuoted"], "dbname=x"),
    "DSN password with / and @": ("bot.digests.storage", "connecting to %s", (
        "postgresql+psycopg://bot:sl/ash@at!Pw@db:5432/briefbot",), ["sl/ash", "at!Pw"], "@db:5432/briefbot"),
    "xwfp- and other Slack token forms": ("slack_sdk.web", "tokens %s", (
        "xwfp-1-ABCdef123456ghi xoxc-9876543210-abcdef xoxd-AbCdEf123456 xoxe-1-My0yLTEyMzQ1Ng xapp-1-A1-2-f00",),
        ["xwfp-1", "xoxc-9876", "xoxd-AbCd", "xoxe-1-My", "xapp-1-A1"], "tokens"),
    "Socket Mode URL ticket": ("slack_sdk.socket_mode", "connecting to %s", (
        "wss://wss-primary.slack.com/link/?ticket=1a2b3c4d-5e6f-7a8b-9c0d&app_id=A1",), ["1a2b3c4d-5e6f"], "app_id=A1"),
}


def logged_texts(err: str, fmt: str) -> list[str]:
    """What a reader sees: the raw lines, and for JSON every field decoded (escapes undone)."""
    if fmt == "text":
        return [err]
    return [err, *(value for line in err.splitlines() for value in json.loads(line).values())]


@pytest.mark.parametrize("fmt", ["text", "json"])
@pytest.mark.parametrize("form", FORMS)
def test_every_token_form_is_redacted(form: str, fmt: str, capsys: pytest.CaptureFixture[str],
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Each token form, logged the way its library logs it at DEBUG, reaches neither format; the context stays."""
    name, message, args, secrets, context = FORMS[form]
    logger = logging.getLogger(name)  # a library imported by an earlier test may have set its own level
    monkeypatch.setattr(logger, "level", logging.NOTSET)
    monkeypatch.setattr(logger, "disabled", False)
    setup_logging("DEBUG", fmt)
    try:
        logging.getLogger(name).debug(message, *args)
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert REDACTED in err
    for text in logged_texts(err, fmt):
        for secret in secrets:
            assert secret not in text, (secret, text)
    assert any(context in text for text in logged_texts(err, fmt))


# --- storage.url, and secrets that JSON would escape ----------------------------------------------------------

AWKWARD = 'p\u00e4"ss/w@rd\u00f6!'  # a quote, non-ASCII, '/' and '@': JSON escapes two of them


def test_storage_url_password_is_a_secret(tmp_path: Path) -> None:
    """storage.url's password is registered as written and percent-decoded, even with '@' and '/' in it."""
    file = tmp_path / "config.yaml"
    file.write_text("storage:\n  url: ${DATABASE_URL}\n", encoding="utf-8")
    url = "postgresql+psycopg://briefbot:s3cr%40t/pw@db:5432/briefbot?sslmode=require"
    secrets = config_secrets(load_config(file, {"DATABASE_URL": url}))
    assert "s3cr%40t/pw" in secrets and "s3cr@t/pw" in secrets
    assert [s for s in config_secrets(load_config(file, {"DATABASE_URL": "sqlite:///briefbot.db"})) if s] == []


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_a_secret_json_would_escape_is_redacted_before_escaping(fmt: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A storage password with a quote and non-ASCII letters is redacted in text and in JSON, in any context."""
    file = tmp_path / "config.yaml"
    file.write_text("storage:\n  url: ${DATABASE_URL}\n", encoding="utf-8")
    config = load_config(file, {"DATABASE_URL": f"postgresql://briefbot:{AWKWARD}@db/briefbot"})
    setup_logging("DEBUG", fmt, config_secrets(config))
    try:
        log = logging.getLogger("psycopg")
        # not URL-shaped: only the registry knows it
        log.warning('password authentication failed: "%s" rejected', AWKWARD)
        try:
            raise ConnectionError(f"cannot connect with {AWKWARD}")
        except ConnectionError:
            log.exception("storage unreachable")
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert err.count(REDACTED) >= 2 and "authentication failed" in err
    for text in logged_texts(err, fmt):
        assert AWKWARD not in text and json.dumps(AWKWARD)[1:-1] not in text


# --- one record, one line -------------------------------------------------------------------------------------

FORGED = "ok\n2026-01-01 00:00:00,000 CRITICAL bot.app: forged\r\x1b[2J\u2028CRITICAL again\u202eevil"


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_user_data_cannot_forge_a_log_line(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Newlines, carriage returns, terminal escapes and Unicode line separators in a message or an exception stay
    inside their record: text shows them escaped, a traceback's lines are indented; JSON is one line each."""
    setup_logging("INFO", fmt)
    try:
        log = logging.getLogger("bot.adapters.slack.app")
        log.info("slack: /ask from %s", FORGED)
        try:
            raise ValueError(FORGED)
        except ValueError:
            log.exception("slack: %s failed", FORGED)
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert [c for c in "\r\x1b\u2028\u202e" if c in err] == []
    lines = err.split("\n")[:-1]
    records = [line for line in lines if not line.startswith(" ")]
    assert len(records) == 2
    if fmt == "text":
        assert [r.split(" ")[2] for r in records] == ["INFO", "ERROR"]  # date, time, level, ...
    assert not any(line.startswith(("2026-01-01", "CRITICAL")) for line in lines)
    if fmt == "text":
        assert "ok\\n2026-01-01 00:00:00,000 CRITICAL bot.app: forged\\r\\x1b[2J\\u2028CRITICAL again\\u202eevil" in err
        assert "Traceback" in err
    else:
        assert len(lines) == 2 and [json.loads(line)["message"] for line in lines] == [
            f"slack: /ask from {FORGED}", f"slack: {FORGED} failed"]


def test_a_huge_message_is_cut_after_redaction(capsys: pytest.CaptureFixture[str]) -> None:
    """A payload dumped whole is cut to MAX_TEXT characters, and a secret on the cut is not left half-shown."""
    setup_logging("DEBUG", "text", [SIGNING])
    try:
        logging.getLogger("discord.gateway").debug("event: %s", "x" * (MAX_TEXT - 20) + SIGNING + "y" * 1_000_000)
    finally:
        logging.getLogger().handlers.clear()
    err = capsys.readouterr().err
    assert len(err) < MAX_TEXT + 200 and "characters cut]" in err
    assert SIGNING[:4] not in err and "[REDA" in err


def test_chatty_libraries_speak_only_at_warning_even_if_they_lower_their_level_later(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Index building and migrations are not news: below WARNING their records are dropped, even when the library
    sets its own logger to DEBUG after logging is set up (bm25s does so when it is imported, lazily)."""
    setup_logging("INFO")
    for name in ("bm25s", "alembic.runtime.migration"):
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).debug("building")
        logging.getLogger(name).info("step")
        logging.getLogger(name).warning("trouble in %s", name)
    logging.getLogger("bot.app").info("ours")
    err = capsys.readouterr().err
    assert "building" not in err and "step" not in err
    assert "trouble in bm25s" in err and "trouble in alembic.runtime.migration" in err and "ours" in err
