"""/digest through the registry: admin checks on every call, clear errors, next send times, send-now."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import DigestConfig, StaticSubscription
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry
from bot.digests.commands import digest_command
from bot.digests.service import DigestService
from tests.digests.conftest import FakePoster
from tests.digests.test_scheduler import until


@pytest.fixture
async def digests(db_url: str, library: Library) -> AsyncIterator[tuple[DigestService, FakePoster]]:
    poster = FakePoster()
    static = [StaticSubscription(platform="slack", channel="C-static", schedule="daily 07:00")]
    svc = DigestService(DigestConfig(timezone="Europe/Brussels", poll=timedelta(seconds=0.2), subscriptions=static),
                        db_url, library, {"slack": poster})
    await svc.start()
    yield svc, poster
    await svc.stop()


def registry_for(svc: DigestService | None) -> Registry:
    return build_registry(digest_command(svc))


def ctx(library: Library, admin: bool, channel: str = "C1", dm: bool = False) -> Context:
    return Context(library=library, platform="slack", user_id="U1", channel_id=channel, is_admin=admin, is_dm=dm)


async def run(registry: Registry, c: Context, text: str) -> str:
    """Dispatch `/digest text` off the loop, as the adapters do."""
    reply = await asyncio.to_thread(registry.dispatch, c, "digest", text)
    return ("ERROR " if reply.error else "") + reply.plain_text()


async def test_managing_digests_needs_a_channel_admin_on_every_call(digests: tuple[DigestService, FakePoster],
                                                                     library: Library) -> None:
    """subscribe, unsubscribe and send-now refuse a non-admin and change nothing; list and preview are open."""
    svc, poster = digests
    reg = registry_for(svc)
    for text in ("subscribe daily 08:00", "unsubscribe 1", "send-now"):
        assert (await run(reg, ctx(library, admin=False), text)).startswith("ERROR Sorry, only channel admins")
    assert svc.store.subscriptions("slack", "C1") == []
    assert "no digest" in await run(reg, ctx(library, admin=False), "list")
    assert "Preview" in await run(reg, ctx(library, admin=False), "preview")
    assert "not in direct messages" in await run(reg, ctx(library, admin=True, dm=True), "subscribe daily 08:00")
    assert poster.posts == []


async def test_subscribing_shows_the_next_three_sends_in_the_channels_zone(digests: tuple[DigestService, FakePoster],
                                                                           library: Library) -> None:
    """A valid subscribe answers with three upcoming local times; the subscription is listed and survives restart."""
    svc, _ = digests
    reg = registry_for(svc)
    out = await run(reg, ctx(library, admin=True), "subscribe weekdays 09:30 timezone:America/New_York")
    assert out.startswith("Digest #") and "weekdays 09:30 (America/New_York)" in out
    assert out.count(", 09:30 E") == 3  # EST or EDT, three times
    assert "weekdays 09:30 (America/New_York)" in await run(reg, ctx(library, admin=False), "list")
    default_zone = await run(reg, ctx(library, admin=True), "subscribe 0 8 * * 1")
    assert "Europe/Brussels" in default_zone and default_zone.count("Mon ") == 3
    restarted = DigestService(svc.config, svc.store.engine.url.render_as_string(hide_password=False), library)
    assert len(restarted.store.subscriptions("slack", "C1")) == 2
    restarted.store.engine.dispose()


@pytest.mark.parametrize("text, expected", [
    ("subscribe every morning", "Accepted: `daily 08:00`, `weekdays 09:30`, `weekly mon 09:00`"),
    ("subscribe daily 25:00", "5-field cron expression"),
    ("subscribe daily 08:00 timezone:Mars/Olympus", "Unknown time zone 'Mars/Olympus'. Use an IANA name"),
    ("subscribe daily 08:00 briefing:nope", "There is no briefing 'nope'"),
    ("subscribe", "/subscribe needs schedule"),
    ("unsubscribe 99", "This channel has no digest #99"),
    ("unsubscribe x", "id must be a whole number"),
    ("send-now", "This channel has no digest"),
    ("frobnicate", "/digest needs one of: subscribe, list, unsubscribe, preview, send-now"),
])
async def test_bad_input_gets_a_clear_message(digests: tuple[DigestService, FakePoster], library: Library,
                                              text: str, expected: str) -> None:
    """Each mistake is answered with what went wrong and what is accepted, never a traceback."""
    out = await run(registry_for(digests[0]), ctx(library, admin=True), text)
    assert out.startswith("ERROR ") and expected in out and "Traceback" not in out


async def test_send_now_posts_the_next_edition_once_and_unsubscribe_removes_it(
        digests: tuple[DigestService, FakePoster], library: Library) -> None:
    """send-now posts edition 1 through the ledger; preview then shows edition 2; unsubscribe removes it."""
    svc, poster = digests
    reg = registry_for(svc)
    admin = ctx(library, admin=True)
    await run(reg, admin, "subscribe daily 08:00 briefing:belgium-silent-front")
    assert "edition 1" in await run(reg, admin, "send-now")
    await until(lambda: len(poster.posts) == 1)
    assert poster.posts[0][0] == "C1" and poster.posts[0][2].title.startswith("Digest #1:")
    assert "Digest #2:" in await run(reg, admin, "preview")
    (sub,) = svc.store.subscriptions("slack", "C1")
    assert "ERROR" in await run(reg, ctx(library, admin=True, channel="C2"), f"unsubscribe {sub.id}")
    assert "removed" in await run(reg, admin, f"unsubscribe {sub.id}")
    assert svc.store.subscriptions("slack", "C1") == []


async def test_config_subscriptions_cannot_be_removed_from_chat(digests: tuple[DigestService, FakePoster],
                                                                library: Library) -> None:
    """A digest declared in the config file is listed as such and unsubscribe points at the file."""
    reg = registry_for(digests[0])
    static = ctx(library, admin=True, channel="C-static")
    assert "from the config file" in await run(reg, static, "list")
    assert "declared in the config file" in await run(reg, static, "unsubscribe")


async def test_without_a_chat_platform_digests_say_they_are_off(library: Library) -> None:
    """With no digest service (console), every subcommand but preview explains digests are not running."""
    reg = registry_for(None)
    assert "Digests are not running" in await run(reg, ctx(library, admin=True), "subscribe daily 08:00")
    assert "Preview" in await run(reg, ctx(library, admin=True), "preview")
