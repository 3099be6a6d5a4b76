"""Fixtures: the fake Slack, and the real Slack service started against it in HTTP or Socket Mode."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Literal

import aiohttp
import pytest
from pydantic import SecretStr

from bot.adapters.slack.app import SlackService
from bot.config import SlackConfig, SlackHttp
from bot.core.commands import build_registry
from bot.core.library import Library
from bot.core.registry import Command, Permission, Registry
from bot.core.reply import Block, Reply
from tests.adapters.slack.fakes import APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, signed, slash_form

# An admin-only command added the way /digest will be: the adapter must serve it with no wiring.
ADMIN_ONLY = Command("secret", "An admin-only test command",
                     lambda ctx, args: Reply(title="Admin area", blocks=(Block("granted"),)),
                     permission=Permission.CHANNEL_ADMIN)


@pytest.fixture
def slack_registry() -> Registry:
    return build_registry(ADMIN_ONLY)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as server:
        yield server


def slack_config(fake: FakeSlack, mode: Literal["socket", "http"] = "http", **extra: Any) -> SlackConfig:
    return SlackConfig(enabled=True, mode=mode, bot_token=SecretStr(BOT_TOKEN), app_token=SecretStr(APP_TOKEN),
                       signing_secret=SecretStr(SIGNING_SECRET), http=SlackHttp(host="127.0.0.1", port=0),
                       api_url=fake.url("/api/"), **extra)


@dataclass
class Sent:
    status: int
    body: str
    response_url: str


class HttpBot:
    """Sends signed slash commands to the running service, like Slack does."""

    def __init__(self, service: SlackService, fake: FakeSlack, session: aiohttp.ClientSession):
        self.service, self.fake, self.session = service, fake, session

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.service.port}{self.service.config.http.path}"

    async def send(self, command: str, text: str = "", *, secret: str = SIGNING_SECRET,
                   timestamp: int | str | None = None, without: str = "", **form: Any) -> Sent:
        """POST a signed slash command; `without` names a header left out after signing."""
        response_url = self.fake.response_url()
        body, headers = signed(slash_form(command, text, response_url, **form), secret=secret, timestamp=timestamp)
        headers.pop(without, None)
        async with self.session.post(self.url, data=body, headers=headers) as resp:
            return Sent(resp.status, await resp.text(), response_url)

    async def post(self, body: str, headers: dict[str, str], *, retry: int | None = None) -> tuple[int, str]:
        if retry is not None:
            headers = {**headers, "X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"}
        async with self.session.post(self.url, data=body, headers=headers) as resp:
            return resp.status, await resp.text()

    async def event(self, body: dict[str, Any], *, retry: int | None = None, secret: str = SIGNING_SECRET
                    ) -> tuple[int, str]:
        """POST a signed Events API callback (JSON), as a retry when `retry` is given; its status and body."""
        return await self.post(*signed(body, secret=secret, as_json=True), retry=retry)

    async def interact(self, payload: dict[str, Any]) -> tuple[int, str]:
        """POST a signed interactivity payload (block_actions, view_submission): form field `payload`, JSON."""
        return await self.post(*signed({"payload": json.dumps(payload)}))

    async def answer(self, sent: Sent, count: int = 1) -> list[dict[str, Any]]:
        """The ephemeral message(s) that reached the command's response_url."""
        await self.fake.wait_for(lambda: len(self.fake.hooks_for(sent.response_url)) >= count)
        return self.fake.hooks_for(sent.response_url)


@pytest.fixture
async def make_http_bot(fake: FakeSlack, library: Library, slack_registry: Registry
                        ) -> AsyncIterator[Callable[..., Any]]:
    services: list[SlackService] = []
    session = aiohttp.ClientSession()

    async def make(*, registry: Registry | None = None, conversations: Any = None, digests: Any = None,
                   **config: Any) -> HttpBot:
        service = SlackService(slack_config(fake, "http", **config), library, registry or slack_registry,
                               conversations=conversations, digests=digests)
        if digests is not None:
            digests.posters["slack"] = service
        await service.start()
        services.append(service)
        return HttpBot(service, fake, session)

    yield make
    for service in services:
        await service.stop()
    await session.close()


@pytest.fixture
async def http_bot(make_http_bot: Callable[..., Any]) -> HttpBot:
    return await make_http_bot()
