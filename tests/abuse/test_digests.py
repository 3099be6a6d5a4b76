"""Finding 2 (digest flood) replayed through the real entry points: signed /digest commands to the Slack adapter
on loopback (digests posted through it to the fake Slack), and Discord app commands under simcord.

Each test asserts what the user was told and what reached the channel or the database, never how long it took.
"""
from __future__ import annotations

import asyncio
import json
import re
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import aiohttp
import discord
import pytest
import time_machine
from pydantic import SecretStr

from bot.adapters.discord.client import BriefClient
from bot.adapters.slack.app import SlackService
from bot.config import DigestConfig, DigestLimits, SlackConfig, SlackHttp, StaticSubscription
from bot.core.commands import build_registry
from bot.core.library import Library
from bot.digests.commands import digest_command
from bot.digests.scheduler import MAX_SKIPPED
from bot.digests.service import DigestService
from bot.digests.storage import SENT, SKIPPED, Store, make_engine
from tests.adapters.slack.conftest import HttpBot, Sent
from tests.adapters.slack.fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack
from tests.digests.conftest import FakePoster
from tests.digests.test_scheduler import until

LIMITS = DigestLimits(per_channel=3, per_server=5)
RARE = "{} 0 29 2 *"  # 29 February: a config digest that never fires while a test runs
CHANNEL_FULL = "Sorry, this channel already has 3 digests, the most it may have on this bot."
WORKSPACE_FULL = "Sorry, this workspace already has 5 digests, the most it may have on this bot."


@dataclass
class SlackBot:
    """The Slack adapter serving /digest over signed HTTP, its digests posted back through it to the fake Slack."""

    fake: FakeSlack
    bot: HttpBot
    digests: DigestService

    async def digest(self, text: str, channel: str = "C1", team: str = "T1") -> Sent:
        sent = await self.bot.send("/digest", text, channel=channel, team=team)
        assert sent.status == 200
        return sent

    async def answer(self, sent: Sent) -> str:
        """The private answer to one command (errors and refusals are private)."""
        (hook,) = await self.bot.answer(sent)
        return json.dumps(hook)

    def delivered(self) -> list[str]:
        """The channel of each digest message posted (those carry a delivery key)."""
        return [p["channel"] for p in self.fake.posts if p.get("metadata")]


async def slack_bot(fake: FakeSlack, db_url: str, library: Library, config: DigestConfig,
                    session: aiohttp.ClientSession) -> tuple[SlackService, DigestService, HttpBot]:
    digests = DigestService(config, db_url, library)
    on_slack = SlackConfig(enabled=True, mode="http", bot_token=SecretStr(BOT_TOKEN),
                           signing_secret=SecretStr(SIGNING_SECRET), http=SlackHttp(host="127.0.0.1", port=0),
                           api_url=fake.url("/api/"), admins=["U1"])
    slack = SlackService(on_slack, library, build_registry(digest_command(digests)))
    digests.posters["slack"] = slack
    await slack.start()
    await digests.start()
    return slack, digests, HttpBot(slack, fake, session)


@pytest.fixture
async def slack(db_url: str, library: Library) -> AsyncIterator[SlackBot]:
    """The bot with tight limits, and four config digests in C1 (more than a channel's cap: they are not limited)."""
    static = [StaticSubscription(platform="slack", channel="C1", schedule=RARE.format(m)) for m in range(4)]
    config = DigestConfig(limits=LIMITS, subscriptions=static, poll=timedelta(seconds=0.2))
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        service, digests, bot = await slack_bot(fake, db_url, library, config, session)
        try:
            yield SlackBot(fake, bot, digests)
        finally:
            await digests.stop()
            await service.stop()


def user_made(bot: SlackBot) -> list[str]:
    return [s.channel_id for s in bot.digests.store.subscriptions("slack") if not s.static]


async def test_admins_creating_at_once_never_pass_the_channel_or_workspace_cap(slack: SlackBot) -> None:
    """Twenty subscribes fired together in one workspace, as one admin script would: 3 per channel and 5 per
    workspace are created, every other one is told which limit it hit, and another workspace is unaffected."""
    sends = await asyncio.gather(*(slack.digest(f"subscribe daily {8 + i % 10:02d}:{i:02d}", channel=f"C{i % 3 + 1}")
                                   for i in range(20)))
    answers = [await slack.answer(s) for s in sends]
    made = user_made(slack)
    assert len(made) == 5 and max(Counter(made).values()) <= 3
    refusals = [a for a in answers if "created" not in a]
    assert len(refusals) == 15
    assert [r for r in refusals if CHANNEL_FULL not in r and WORKSPACE_FULL not in r] == []
    assert len([r for r in refusals if WORKSPACE_FULL in r]) >= 1  # which cap each one hit depends on the race
    late = await slack.answer(await slack.digest("subscribe daily 07:00", channel="C3"))
    assert WORKSPACE_FULL in late and len(user_made(slack)) == 5
    other = await slack.answer(await slack.digest("subscribe daily 07:00", channel="C9", team="T2"))
    assert re.search(r"Digest #\d+ created: daily 07:00 ", other)
    assert len(user_made(slack)) == 6
    assert len([s for s in slack.digests.store.subscriptions("slack", "C1") if s.static]) == 4


@pytest.mark.parametrize("schedule", ["* * * * *", "*/5 * * * *", "0,30 9 * * 1-5", "59,0 * * * *", "* 8 * * *",
                                      "* * 29 2 *", "*/59 * * * 1"])
async def test_a_schedule_more_frequent_than_the_minimum_interval_is_refused(slack: SlackBot, schedule: str) -> None:
    """Any schedule with two runs closer than limits.min_interval (1 hour) is refused politely, with the limit
    and an example; no subscription is created."""
    answer = await slack.answer(await slack.digest(f"subscribe {schedule}"))
    assert "Sorry, a digest here can run at most once every 1 hour" in answer and "daily 08:00" in answer
    assert "Traceback" not in answer and user_made(slack) == []


async def test_a_second_send_now_within_the_cooldown_is_refused_and_posts_nothing(slack: SlackBot) -> None:
    """Three send-nows in one channel (two at the same moment, on two digests): one digest is posted, the others
    are asked to try again in 5 minutes."""
    for hour in (8, 9):
        assert "created" in await slack.answer(await slack.digest(f"subscribe daily {hour:02d}:00", channel="C2"))
    first, second = (s.id for s in slack.digests.store.subscriptions("slack", "C2"))
    presses = await asyncio.gather(slack.digest(f"send-now {first}", channel="C2"),
                                   slack.digest(f"send-now {second}", channel="C2"))
    answers = [await slack.answer(s) for s in presses]
    answers.append(await slack.answer(await slack.digest(f"send-now {first}", channel="C2")))
    await slack.fake.wait_for(lambda: len(slack.delivered()) == 1)
    assert sum("Posting digest" in a for a in answers) == 1
    assert sum("Sorry, a digest was already sent now in this channel" in a and "Please try again in 5 minutes" in a
               for a in answers) == 2
    await until(lambda: [(d.manual, d.status) for d in slack.digests.store.ledger()] == [(True, SENT)])
    assert slack.delivered() == ["C2"]


async def test_delivery_records_past_their_retention_are_pruned(db_url: str, library: Library) -> None:
    """Ninety days of daily records, retention 30 days: the bot keeps the last 30 and posts nothing old again."""
    store = Store(make_engine(db_url))
    store.migrate()
    now = datetime.now(UTC).replace(microsecond=0)
    with time_machine.travel(now - timedelta(days=91), tick=False):
        sub = store.add("slack", "C1", f"{(now.minute + 30) % 60} {(now.hour + 12) % 24} * * *", "UTC", None)
    assert sub is not None
    old = [now - timedelta(days=d, hours=1) for d in range(90, 0, -1)]
    store.skip(sub.id, old, "missed while the bot was down")
    store.engine.dispose()
    config = DigestConfig(limits=DigestLimits(ledger_retention=timedelta(days=30)))
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        service, digests, _ = await slack_bot(fake, db_url, library, config, session)
        try:
            await until(lambda: not any(d.scheduled_for in old[:60] for d in digests.store.ledger(sub.id)))
            kept = [d.scheduled_for for d in digests.store.ledger(sub.id)]
        finally:
            await digests.stop()
            await service.stop()
    assert [t for t in kept if t in old] == [t for t in old if t > now - timedelta(days=30)]
    assert min(kept) > now - timedelta(days=30)
    assert [p for p in fake.posts if p.get("metadata")] == []


async def test_after_a_week_down_each_every_minute_digest_catches_up_once(db_url: str, library: Library) -> None:
    """A hundred `* * * * *` config digests, the bot down for seven days: on restart each channel gets one
    digest (the latest minute), at most MAX_SKIPPED earlier minutes are recorded as skipped, nothing else."""
    down, back = datetime(2025, 6, 2, 7, 59, 30, tzinfo=UTC), datetime(2025, 6, 9, 8, 0, 30, tzinfo=UTC)
    static = [StaticSubscription(platform="slack", channel=f"C{i:03d}", schedule="* * * * *") for i in range(100)]
    config = DigestConfig(subscriptions=static, poll=timedelta(seconds=0.2))
    with time_machine.travel(down, tick=False):  # the bot last ran, with these config digests, a week ago
        before = DigestService(config, db_url, library, {"slack": FakePoster()})
        await before.start()
        await before.stop()
    async with FakeSlack() as fake, aiohttp.ClientSession() as session:
        with time_machine.travel(back, tick=False):
            service, digests, _ = await slack_bot(fake, db_url, library, config, session)
            try:
                await fake.wait_for(lambda: len([p for p in fake.posts if p.get("metadata")]) >= 100, timeout=60)
                await asyncio.sleep(0.5)  # two refresh passes: a second catch-up would show up now
                ledger = digests.store.ledger()
            finally:
                await digests.stop()
                await service.stop()
    posted = Counter(p["channel"] for p in fake.posts if p.get("metadata"))
    assert len(posted) == 100 and set(posted.values()) == {1}
    sent = Counter(d.subscription_id for d in ledger if d.status == SENT)
    skipped = Counter(d.subscription_id for d in ledger if d.status == SKIPPED)
    assert len(sent) == 100 and set(sent.values()) == {1}
    assert set(skipped.values()) == {MAX_SKIPPED} and len(ledger) == 100 * (1 + MAX_SKIPPED)


# --- Discord: the per-server cap follows the guild the command came from


@pytest.fixture
async def discord_digests(db_url: str, library: Library) -> AsyncIterator[DigestService]:
    svc = DigestService(DigestConfig(limits=LIMITS), db_url, library, {"discord": FakePoster("discord")})
    await svc.start()
    yield svc
    await svc.stop()


@pytest.fixture
def simcord_bot(discord_digests: DigestService, library: Library) -> BriefClient:
    return BriefClient(build_registry(digest_command(discord_digests)), library)


def content(result: Any) -> str:
    response = result.response
    return " ".join(t for t in [response.content, *(e.title for e in response.embeds)] if t)


async def test_a_discord_server_owner_cannot_pass_the_server_cap_across_channels(
        simcord_env: Any, discord_digests: DigestService) -> None:
    """Someone with Manage Channels in their own server subscribes in six channels: five digests are created
    (3 per channel at most), the sixth is refused naming the server cap; another server is not affected."""
    guild, other = simcord_env.create_guild(), simcord_env.create_guild()
    mods = guild.create_role("mods", permissions=discord.Permissions(manage_channels=True))
    mod = guild.add_member(simcord_env.create_user("bob"), roles=[mods])
    channels = [guild.create_text_channel(f"c{i}") for i in range(6)]
    answers = [content(await mod.slash(c, "digest subscribe", schedule="daily 08:00")) for c in channels]
    assert [a.startswith("Digest #") for a in answers] == [True] * 5 + [False]
    assert answers[-1].startswith("Sorry, this server already has 5 digests, the most it may have on this bot.")
    other_mods = other.create_role("mods", permissions=discord.Permissions(manage_channels=True))
    elsewhere = other.add_member(simcord_env.create_user("carol"), roles=[other_mods])
    assert content(await elsewhere.slash(other.create_text_channel("news"), "digest subscribe",
                                         schedule="daily 08:00")).startswith("Digest #")
    assert len(discord_digests.store.subscriptions("discord")) == 6
