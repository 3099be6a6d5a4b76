"""Discord latency on loopback: INTERACTION_CREATE sent by a fake gateway -> interaction callback at the fake REST;
and a question asked by mention: MESSAGE_CREATE -> the answer created in a new thread (thread and message, two REST
calls), with thread contexts in a SQLite file as `briefbot run` keeps them.

Run: python bench/discord_latency.py [N]. Both run in one process and one event loop, one event at a time.
Baseline in the same run: a bare discord.py client whose single app command answers "pong" (the discord.py +
loopback floor). Discord's deadline for the first response is 3 s; a message has none.
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

import discord
from discord import app_commands

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.discord.service import DiscordService, use_endpoints  # noqa: E402
from bot.config import DiscordConfig  # noqa: E402
from bot.core.commands import build_registry  # noqa: E402
from bot.core.library import Library  # noqa: E402
from bot.digests.conversations import ConversationStore  # noqa: E402
from bot.digests.storage import make_engine  # noqa: E402
from tests.adapters.discord.fake_discord import APP_ID, GUILD_ID, FakeDiscord  # noqa: E402

EVERYTHING = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 16) | (1 << 35) | (1 << 38)  # the invite's permissions
COMMANDS = [("ask", "question", "What is Operation Absolute Resolve?"), ("brief", "length", "tldr"),
            ("facts", "topic", "Maduro"), ("who", "name", "Rubio"), ("ask", "question", "Who wrote the column?"),
            ("timeline", None, None)]


def summary(label: str, seconds: list[float]) -> str:
    ms = sorted(s * 1000 for s in seconds)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return (f"{label:<35} n={len(ms):<4} median {statistics.median(ms):7.2f} ms   p99 {p99:7.2f} ms   "
            f"max {ms[-1]:7.2f} ms")


async def measure(fake: FakeDiscord, n: int, commands: list[tuple[str, str | None, str | None]]) -> list[float]:
    times = []
    for i in range(n + 1):  # the first is a warm-up
        name, option, value = commands[i % len(commands)]
        options = [{"name": option, "type": 3, "value": value}] if option else []
        started = time.perf_counter()
        iid, token = await fake.interact(name, options)
        call = await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback", timeout=30)
        if i:
            times.append(call.at - started)
    return times


async def measure_mentions(fake: FakeDiscord, n: int,
                           commands: list[tuple[str, str | None, str | None]]) -> list[float]:
    """MESSAGE_CREATE mentioning the bot with each /ask question -> the answer created in the thread from it."""
    questions = [value for name, _, value in commands if name == "ask" and value]
    times = []
    for i in range(n + 1):  # the first is a warm-up
        started = time.perf_counter()
        mid = await fake.say(f"<@{APP_ID}> {questions[i % len(questions)]}", mention=True)
        call = await fake.wait_for("POST", f"/channels/{mid}/messages", timeout=30)
        if i:
            times.append(call.at - started)
    return times


async def connected(fake: FakeDiscord, client: discord.Client) -> None:
    while not (fake.identified.is_set() and client.is_ready()):
        await asyncio.sleep(0.01)


async def baseline(fake: FakeDiscord, n: int) -> list[float]:
    client = discord.Client(intents=discord.Intents(guilds=True), guild_ready_timeout=0)
    tree = app_commands.CommandTree(client)

    @tree.command(name="ping", description="pong")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", ephemeral=True)

    await client.login("fake-token")
    task = asyncio.create_task(client.connect())
    try:
        await connected(fake, client)
        return await measure(fake, n, [("ping", None, None)])
    finally:
        await client.close()
        await task


async def main(n: int) -> None:
    library = Library(ROOT / "content")
    fake = await FakeDiscord(guild_permissions=EVERYTHING).start()
    folder = tempfile.TemporaryDirectory()
    conversations = ConversationStore(make_engine(f"sqlite:///{folder.name}/bot.db"))
    conversations.migrate()
    try:
        use_endpoints(fake.api_url, fake.gateway_url)
        floor = await baseline(fake, n)
        fake.identified.clear()
        config = DiscordConfig(enabled=True, token="fake-token", api_url=fake.api_url, gateway_url=fake.gateway_url)
        service = DiscordService(config, library, build_registry(), conversations=conversations)
        await service.start()
        try:
            await connected(fake, service.client)
            while service.client.get_guild(int(GUILD_ID)) is None:
                await asyncio.sleep(0.01)
            bot = await measure(fake, n, COMMANDS)
            asks = await measure(fake, n, [c for c in COMMANDS if c[0] == "ask"])
            mentions = await measure_mentions(fake, n, COMMANDS)
        finally:
            await service.stop()
        deferred = sum(1 for c in fake.calls if c.path.endswith("/callback") and c.json["type"] == 5)
        threads = sum(1 for c in fake.calls if c.path.endswith("/threads") and c.status == 200)
    finally:
        await fake.stop()
        conversations.engine.dispose()
        folder.cleanup()
    print(f"Discord, loopback fake, {n} events each, sequential; INTERACTION_CREATE -> callback, "
          "MESSAGE_CREATE -> answer in thread")
    print(summary("baseline: bare discord.py 'pong'", floor))
    print(summary("briefbot (ask/brief/facts/who/...)", bot))
    print(summary("briefbot /ask only", asks))
    print(summary("briefbot ask by mention -> thread", mentions))
    print(f"deferred responses: {deferred} (defer after {service.client.defer_after:.1f} s; Discord allows 3 s); "
          f"threads started: {threads}")


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
