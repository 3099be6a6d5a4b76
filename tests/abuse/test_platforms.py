"""Findings 6 and 8 replayed on the wire: Slack timestamps and foreign workspaces, Discord public errors and
autocomplete.

Slack requests are signed and POSTed to the running app on loopback (or sent over the Socket Mode websocket);
Discord interactions come from the fake gateway and are answered through the fake REST API.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from pydantic import SecretStr

from bot.adapters.discord.service import DiscordService, use_endpoints
from bot.adapters.slack.app import SlackService
from bot.config import DigestConfig, DiscordConfig
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Option, Registry
from bot.core.reply import Reply, error_reply
from bot.digests.commands import digest_command
from bot.digests.service import DigestService
from tests.adapters.discord.fake_discord import APP_ID, FakeDiscord
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack, slash_form
from tests.digests.conftest import FakePoster

MASKED_LINK = "[claim your prize](https://evil.example/login) @everyone"


def recording(ran: list[str]) -> Registry:
    """The briefing commands plus /note, which records that it ran and answers publicly or not, as asked;
    /slownote takes a while first, then refuses with the user's own words in the error."""
    def note(ctx: Context, args: Mapping[str, Any]) -> Reply:
        ran.append(args.get("text", ""))
        return Reply(title="noted", ephemeral=not args.get("public", False))

    def slow_note(ctx: Context, args: Mapping[str, Any]) -> Reply:
        time.sleep(0.3)
        return error_reply(f"I can't note \u201c{args['text']}\u201d.")

    text, public = Option("text", "What to note"), Option("public", "Post publicly", type=bool)
    return build_registry(Command("note", "Note something", note, (text, public)),
                          Command("slownote", "Note something, slowly", slow_note, (text, public)))


# --- Slack ------------------------------------------------------------------------------------------------------

@pytest.fixture
async def slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


@pytest.fixture
async def slack_http(slack: FakeSlack, library: Library) -> AsyncIterator[Callable[..., Awaitable[HttpBot]]]:
    """Starts the Slack service in HTTP mode against the fake, with config overrides; stops them all after."""
    services: list[SlackService] = []
    session = aiohttp.ClientSession()

    async def start(registry: Registry, **config: Any) -> HttpBot:
        service = SlackService(slack_config(slack, "http", **config), library, registry)
        await service.start()
        services.append(service)
        return HttpBot(service, slack, session)

    yield start
    for service in services:
        await service.stop()
    await session.close()


@pytest.mark.parametrize("timestamp", ["now", "", "1e9", "9" * 5000, "\u0661\u0667\u0660\u0660"])
async def test_slack_malformed_timestamp_gets_401_without_an_error_log(
        slack_http: Callable[..., Awaitable[HttpBot]], slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        timestamp: str) -> None:
    """A command signed over a non-numeric, non-ASCII or absurd timestamp gets 401, runs nothing, logs no error."""
    ran: list[str] = []
    bot = await slack_http(recording(ran))
    with caplog.at_level(logging.DEBUG):
        refused = await bot.send("/note", "hello", timestamp=timestamp)
    assert refused.status == 401 and ran == []
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    await bot.answer(await bot.send("/note", "later"))  # still serving
    assert ran == ["later"] and slack.hooks_for(refused.response_url) == []


@pytest.mark.parametrize(("team", "app"), [("TOTHER", "A1"), ("T1", "AOTHER")])
async def test_slack_foreign_workspace_or_app_is_refused_over_http(
        slack_http: Callable[..., Awaitable[HttpBot]], slack: FakeSlack, caplog: pytest.LogCaptureFixture,
        team: str, app: str) -> None:
    """With slack.team_id / slack.app_id set, a validly signed command from elsewhere is refused and runs nothing."""
    ran: list[str] = []
    bot = await slack_http(recording(ran), team_id="T1", app_id="A1")
    with caplog.at_level(logging.WARNING, logger="bot.adapters.slack.gate"):
        refused = await bot.send("/note", "from elsewhere public", team=team, app=app)
    assert refused.status == 403
    await bot.answer(await bot.send("/note", "ours"))
    assert ran == ["ours"] and slack.hooks_for(refused.response_url) == [] and slack.posts == []
    [warning] = [r.getMessage() for r in caplog.records if r.name == "bot.adapters.slack.gate"]
    assert warning.startswith(f"slack: refused a request from team {team!r}, app {app!r} ")
    assert "from elsewhere" not in warning


async def test_slack_foreign_workspace_is_acked_and_ignored_over_socket_mode(slack: FakeSlack,
                                                                             library: Library) -> None:
    """In Socket Mode the foreign envelope is acked, so Slack does not retry it, and nothing runs."""
    ran: list[str] = []
    service = SlackService(slack_config(slack, "socket", team_id="T1", app_id="A1"), library, recording(ran))
    await service.start()
    try:
        foreign, ours = slack.response_url(), slack.response_url()
        await slack.envelopes.put({"envelope_id": "e-foreign", "type": "slash_commands",
                                   "payload": slash_form("/note", "theirs", foreign, team="TOTHER")})
        await slack.envelopes.put({"envelope_id": "e-ours", "type": "slash_commands",
                                   "payload": slash_form("/note", "ours", ours)})
        await slack.wait_for(lambda: len(slack.frames) == 2 and bool(slack.hooks_for(ours)))
    finally:
        await service.stop()
    assert [f["envelope_id"] for f in slack.frames] == ["e-foreign", "e-ours"]
    assert ran == ["ours"] and slack.hooks_for(foreign) == []


# --- Discord ----------------------------------------------------------------------------------------------------

Running = tuple[FakeDiscord, DiscordService]


@pytest.fixture
async def discord_at(library: Library) -> AsyncIterator[Callable[[Registry], Awaitable[Running]]]:
    """Starts a fake Discord and the real service connected to it through the config URLs."""
    running: list[Running] = []

    async def start(registry: Registry) -> Running:
        fake = await FakeDiscord().start()
        service = DiscordService(DiscordConfig(enabled=True, token=SecretStr("fake-token"), api_url=fake.api_url,
                                               gateway_url=fake.gateway_url), library, registry)
        running.append((fake, service))
        await service.start()
        await asyncio.wait_for(fake.identified.wait(), 10)
        while not service.ready():
            await asyncio.sleep(0.01)
        return fake, service

    yield start
    for fake, service in running:
        await service.stop()
        await fake.stop()
    use_endpoints(DiscordConfig().api_url, DiscordConfig().gateway_url)


async def test_discord_public_error_after_deferring_is_private(
        discord_at: Callable[[Registry], Awaitable[Running]]) -> None:
    """A slow command asked `public: True` that ends in an error: the public "thinking" message is deleted and
    the error, with the user's masked link in it, reaches the user alone as an ephemeral follow-up."""
    fake, service = await discord_at(recording([]))
    service.client.defer_after = 0.05
    _, token = await fake.interact("slownote", [{"name": "text", "type": 3, "value": MASKED_LINK},
                                                {"name": "public", "type": 5, "value": True}])
    await fake.wait_for("DELETE", f"/webhooks/{APP_ID}/{token}/messages/@original")
    [shown] = fake.shown(token)
    assert shown == {"content": f"I can't note \u201c{MASKED_LINK}\u201d.", "embeds": [], "ephemeral": True}
    public = [c.json for c in fake.calls if token in c.path and c.json and not c.json.get("flags", 0) & 64]
    assert [body for body in public if "evil.example" in str(body)] == []


@pytest.mark.parametrize(("command", "focused"), [
    ("who", [{"name": "name", "type": 3, "value": "M" * 10_000, "focused": True}]),
    ("digest", [{"name": "subscribe", "type": 1, "options": [
        {"name": "schedule", "type": 3, "value": "daily 08:00"},
        {"name": "timezone", "type": 3, "value": "Europe/" * 1_500, "focused": True}]}]),
])
async def test_discord_autocomplete_with_a_huge_query_is_bounded(
        discord_at: Callable[[Registry], Awaitable[Running]], command: str,
        focused: list[dict[str, Any]], caplog: pytest.LogCaptureFixture, tmp_path: Path, library: Library) -> None:
    """Autocomplete with a 10,000-character query, for a person and for a time zone, answers with at most 25
    choices of at most 100 characters, and logs no error; the time zones still complete after it."""
    digests = DigestService(DigestConfig(), f"sqlite:///{tmp_path / 'bot.db'}", library,
                            {"discord": FakePoster("discord")})  # /digest is synced only where digests post
    fake, _ = await discord_at(build_registry(digest_command(digests)))
    iid, token = await fake.interact(command, focused, kind=4)
    huge = (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json
    iid, token = await fake.interact("digest", [{"name": "subscribe", "type": 1, "options": [
        {"name": "timezone", "type": 3, "value": "e", "focused": True}]}], kind=4)
    short = (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json
    assert huge["type"] == short["type"] == 8
    assert len(huge["data"]["choices"]) <= 25
    assert [c for c in huge["data"]["choices"] if len(c["name"]) > 100 or len(c["value"]) > 100] == []
    assert len(short["data"]["choices"]) == 25
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
