"""Discord adapter fixtures: a registry with a few extra commands, and the real client under simcord."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from pydantic import SecretStr

from bot.adapters.discord.client import BriefClient
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Option, Permission, Registry
from bot.core.reply import Block, Citation, Reply
from bot.digests.conversations import ConversationStore
from tests.adapters.discord.fake_discord import GUILD_ID

BIG_BLOCKS = 40  # enough cited blocks to need more than one message


def _big(ctx: Context, args: Mapping[str, Any]) -> Reply:
    cite = Citation(quote="q" * 400, briefing_id="b", title="T")
    return Reply(title="Big", blocks=tuple(Block(f"point {i} " + "x" * 200, citation=cite) for i in range(BIG_BLOCKS)),
                 footer="Article \u2014 Author", ephemeral=not args.get("public", False))


def _whoami(ctx: Context, args: Mapping[str, Any]) -> Reply:
    return Reply(title=f"admin={ctx.is_admin} dm={ctx.is_dm} platform={ctx.platform}")


EXTRA = (
    Command("big", "A reply too big for one message", _big, (Option("public", "Post publicly", type=bool),)),
    Command("whoami", "What the adapter says about the caller", _whoami),
    Command("settings", "Only for channel admins", _whoami, permission=Permission.CHANNEL_ADMIN),
    Command("serveronly", "Only in a server channel", _whoami, guild_only=True),
    Command("digest", "A command group", subcommands=(
        Command("list", "List digests", _whoami),
        Command("add", "Add a digest", _whoami, (Option("schedule", "When", required=True),),
                permission=Permission.CHANNEL_ADMIN),
    )),
)


def named(registry: Registry, name: str) -> Command:
    """The registry's command `name`, which the test knows is there."""
    command = registry.get(name)
    assert command is not None, name
    return command


@pytest.fixture
def test_registry() -> Registry:
    """The shared briefing commands plus test commands (added the way /digest is added)."""
    return build_registry(*EXTRA)


@pytest.fixture
def simcord_bot(test_registry: Registry, library: Library) -> BriefClient:
    """The bot simcord runs: the registry's commands, synced globally."""
    return BriefClient(test_registry, library)


@pytest.fixture
async def fake():
    """A fake Discord (REST + gateway) on 127.0.0.1."""
    from tests.adapters.discord.fake_discord import FakeDiscord
    server = await FakeDiscord().start()
    yield server
    await server.stop()


@pytest.fixture
async def connect(fake, library: Library, test_registry: Registry):
    """Start DiscordService against the fake with config overrides; waits until the bot is ready."""
    import asyncio

    from bot.adapters.discord.service import DiscordService, use_endpoints
    from bot.config import DiscordConfig
    started = []

    async def start(*, conversations: ConversationStore | None = None, **overrides: Any) -> DiscordService:
        config = DiscordConfig(enabled=True, token=SecretStr("fake-token"), api_url=fake.api_url,
                               gateway_url=fake.gateway_url, **overrides)
        service = DiscordService(config, library, test_registry, conversations=conversations)
        await service.start()
        started.append(service)
        await asyncio.wait_for(fake.identified.wait(), 10)
        while not service.ready() or (fake.guild_permissions is not None
                                      and service.client.get_guild(int(GUILD_ID)) is None):
            await asyncio.sleep(0.01)
        return service

    yield start
    for service in started:
        await service.stop()
    use_endpoints(DiscordConfig().api_url, DiscordConfig().gateway_url)
