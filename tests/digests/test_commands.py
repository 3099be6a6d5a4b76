"""/digest through the registry: admin checks on every call, clear errors, next send times, send-now."""
from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import DigestConfig, DigestLimits, StaticSubscription
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry
from bot.digests.commands import digest_command, span
from bot.digests.service import DigestService
from tests.conftest import CONTENT
from tests.digests.conftest import FakePoster
from tests.digests.test_scheduler import until


@pytest.fixture
async def digests(db_url: str, library: Library) -> AsyncIterator[tuple[DigestService, FakePoster]]:
    poster = FakePoster()
    static = [StaticSubscription(platform="slack", channel="C-static", schedule="daily 07:00")]
    svc = DigestService(DigestConfig(timezone="Europe/Brussels", poll=timedelta(seconds=0.2), subscriptions=static,
                                     limits=DigestLimits(per_channel=2, per_server=3)),
                        db_url, library, {"slack": poster})
    await svc.start()
    yield svc, poster
    await svc.stop()


def registry_for(svc: DigestService | None) -> Registry:
    return build_registry(digest_command(svc))


def ctx(library: Library, admin: bool, channel: str = "C1", dm: bool = False, server: str = "T1") -> Context:
    return Context(library=library, platform="slack", user_id="U1", channel_id=channel, server_id=server,
                   is_admin=admin, is_dm=dm)


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
    assert await run(reg, ctx(library, admin=False), "list") == (
        "This channel has no digest.\nA channel admin can create one: /digest subscribe weekdays 09:30")
    assert (await run(reg, ctx(library, admin=False), "preview")).startswith("Preview \u2014 Digest #1: ")
    assert await run(reg, ctx(library, admin=True, dm=True), "subscribe daily 08:00") == (
        "ERROR This command works in a channel, not in direct messages.")
    assert poster.posts == []


async def test_subscribing_shows_the_next_three_sends_in_the_channels_zone(digests: tuple[DigestService, FakePoster],
                                                                           library: Library) -> None:
    """A valid subscribe answers with three upcoming local times; the subscription is listed and survives restart."""
    svc, _ = digests
    reg = registry_for(svc)
    out = await run(reg, ctx(library, admin=True), "subscribe weekdays 09:30 timezone:America/New_York")
    assert out.startswith("Digest #2 created: weekdays 09:30 (America/New_York), rotating through all briefings\n")
    assert len(re.findall(r"^\u2022 (Mon|Tue|Wed|Thu|Fri) \d\d \w{3} \d{4}, 09:30 E[SD]T$", out, re.M)) == 3
    assert (await run(reg, ctx(library, admin=False), "list")).startswith(
        "1 digest(s) in this channel\n\n#2: weekdays 09:30 (America/New_York)\n")
    default_zone = await run(reg, ctx(library, admin=True), "subscribe 0 8 * * 1")
    assert default_zone.startswith("Digest #3 created: 0 8 * * 1 (Europe/Brussels), ")
    assert len(re.findall(r"^\u2022 Mon \d\d \w{3} \d{4}, 08:00 CES?T$", default_zone, re.M)) == 3
    restarted = DigestService(svc.config, svc.store.engine.url.render_as_string(hide_password=False), library)
    assert [(s.schedule, s.timezone) for s in restarted.store.subscriptions("slack", "C1")] == [
        ("weekdays 09:30", "America/New_York"), ("0 8 * * 1", "Europe/Brussels")]
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
    (sub,) = svc.store.subscriptions("slack", "C1")
    assert await run(reg, admin, "send-now") == f"Posting digest #{sub.id} (edition 1) in this channel now."
    await until(lambda: len(poster.posts) == 1)
    assert poster.posts[0][0] == "C1" and poster.posts[0][2].title.startswith("Digest #1: ")
    assert (await run(reg, admin, "preview")).startswith("Preview \u2014 Digest #2: ")
    assert await run(reg, ctx(library, admin=True, channel="C2"), f"unsubscribe {sub.id}") == (
        f"ERROR This channel has no digest #{sub.id}.\nSee /digest list.")
    assert await run(reg, admin, f"unsubscribe {sub.id}") == f"Digest #{sub.id} (daily 08:00, Europe/Brussels) removed."
    assert svc.store.subscriptions("slack", "C1") == []


async def test_a_threaded_digest_is_asked_for_by_name_or_leading_flag_listed_and_posted_threaded(
        digests: tuple[DigestService, FakePoster], library: Library) -> None:
    """`thread:yes` (or `thread` before the schedule) makes a threaded subscription, said so when created and
    listed; its send-now hands the Poster a compact edition whose facts are thread replies. Without it, flat."""
    svc, poster = digests
    reg = registry_for(svc)
    admin = ctx(library, admin=True)
    assert (await run(reg, admin, "subscribe daily 08:00 thread:yes")).startswith(
        "Digest #2 created: daily 08:00 (Europe/Brussels), rotating through all briefings, the facts in a thread\n")
    assert (await run(reg, ctx(library, admin=True, channel="C2"), "subscribe thread weekdays 09:30")).startswith(
        "Digest #3 created: weekdays 09:30 (Europe/Brussels), rotating through all briefings, the facts in a thread\n")
    assert (await run(reg, ctx(library, admin=True, channel="C3"), "subscribe daily 08:00 thread:no")).startswith(
        "Digest #4 created: daily 08:00 (Europe/Brussels), rotating through all briefings\n")
    assert [s.thread for s in svc.store.subscriptions()] == [False, True, True, False]
    assert "\n\n#2: daily 08:00 (Europe/Brussels)\nrotating through all briefings, the facts in a thread\nNext: " in (
        await run(reg, admin, "list"))
    await run(reg, admin, "send-now")
    await until(lambda: len(poster.posts) == 1)
    reply = poster.posts[0][2]
    assert [b.heading for b in reply.blocks] == ["TL;DR"] and len(reply.thread) == 5


async def test_config_subscriptions_cannot_be_removed_from_chat(digests: tuple[DigestService, FakePoster],
                                                                library: Library) -> None:
    """A digest declared in the config file is listed as such and unsubscribe points at the file."""
    reg = registry_for(digests[0])
    static = ctx(library, admin=True, channel="C-static")
    assert "\nrotating through all briefings \u00b7 from the config file\n" in await run(reg, static, "list")
    assert await run(reg, static, "unsubscribe") == ("ERROR Digest #1 is declared in the config file.\n"
                                                     "Remove it from digests.subscriptions there and restart the bot.")


def test_a_bot_without_digests_loads_neither_sqlalchemy_nor_apscheduler() -> None:
    """The app's registry without a digest service, and /digest used there, import none of SQLAlchemy, APScheduler
    or Alembic (megabytes resident for the process's life): a fresh interpreter shows what a digests-off bot loads."""
    script = ("import sys; from bot.app import app_registry; from bot.core.context import Context;"
              "from pathlib import Path; from bot.core.library import Library;"
              "here = Context(library=Library(Path(sys.argv[1])), platform='slack', user_id='U1', channel_id='C1',"
              " server_id='T1', is_admin=True, is_dm=False);"
              "reply = app_registry(None).dispatch(here, 'digest', 'subscribe daily 08:00');"
              "print(reply.plain_text().splitlines()[0]);"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'sqlalchemy', 'apscheduler', 'alembic'}))")
    out = subprocess.run([sys.executable, "-c", script, str(CONTENT)], capture_output=True, text=True, timeout=60,
                         check=True)
    assert out.stdout.splitlines() == ["Digests are not running on this bot.", "[]"]


async def test_without_a_digest_service_digest_is_off_and_help_leaves_it_out(library: Library) -> None:
    """No digest service (the console, digests disabled): every /digest use, even a mistyped one, says digests are
    not running; /help, /help's completion and a did-you-mean never offer it."""
    reg = registry_for(None)
    here = ctx(library, admin=True)
    for text in ("subscribe daily 08:00", "list", "preview", "send-now", "frobnicate", ""):
        assert (await run(reg, here, text)).startswith("ERROR Digests are not running on this bot."), text
    assert "/digest" not in reg.dispatch(here, "help", "").plain_text()
    assert reg.dispatch(here, "help", "digest").plain_text().startswith("Digests are not running")
    help_command = reg.get("help")
    assert help_command is not None
    [about] = help_command.options
    assert about.complete is not None and "digest" not in about.complete(here, "d")
    assert "/digest" not in reg.dispatch(here, "digets", "").plain_text()


async def test_digest_is_offered_only_on_the_platforms_it_posts_to(digests: tuple[DigestService, FakePoster],
                                                                   library: Library) -> None:
    """A service posting to Slack only: /help on Slack lists /digest, on Discord it does not, and /digest there
    says it is not available."""
    reg = registry_for(digests[0])
    on_discord = Context(library=library, platform="discord", user_id="U1", channel_id="1", is_admin=True)
    assert "/digest subscribe" in reg.dispatch(ctx(library, admin=True), "help", "").plain_text()
    assert "/digest" not in reg.dispatch(on_discord, "help", "").plain_text()
    assert (await run(reg, on_discord, "list")).startswith("ERROR Digests are not available on discord here.")


def test_time_zones_are_read_once_for_every_completion(library: Library, monkeypatch: pytest.MonkeyPatch) -> None:
    """/digest subscribe's timezone completion reads the system's zone list once, not on every keystroke."""
    import zoneinfo

    from bot.digests.commands import time_zones
    reads = []

    def available() -> set[str]:
        reads.append(1)
        return {"Europe/Brussels", "Europe/Berlin", "America/New_York"}

    monkeypatch.setattr(zoneinfo, "available_timezones", available)
    time_zones.cache_clear()
    try:
        subscribe = digest_command().sub("subscribe")
        assert subscribe is not None
        [zone] = [o for o in subscribe.options if o.name == "timezone"]
        assert zone.complete is not None
        here = ctx(library, admin=True)
        assert zone.complete(here, "europe/b") == ["Europe/Berlin", "Europe/Brussels"]
        assert zone.complete(here, "new") == ["America/New_York"]
        assert reads == [1]
    finally:
        time_zones.cache_clear()  # the next test reads the real list


async def test_the_limits_are_explained_and_change_nothing(digests: tuple[DigestService, FakePoster],
                                                          library: Library) -> None:
    """Over the channel cap, over the workspace cap, too frequent, send-now again: each a polite error, no row."""
    svc, poster = digests
    reg = registry_for(svc)
    for hour in (8, 9):
        created = await run(reg, ctx(library, admin=True), f"subscribe daily {hour:02d}:00")
        assert re.match(rf"Digest #\d+ created: daily {hour:02d}:00 \(Europe/Brussels\), ", created)
    assert (await run(reg, ctx(library, admin=True), "subscribe daily 10:00")).startswith(
        "ERROR Sorry, this channel already has 2 digests, the most it may have on this bot.")
    assert re.match(r"Digest #\d+ created: ", await run(reg, ctx(library, admin=True, channel="C2"),
                                                        "subscribe daily 08:00"))
    assert (await run(reg, ctx(library, admin=True, channel="C3"), "subscribe daily 08:00")).startswith(
        "ERROR Sorry, this workspace already has 3 digests")
    assert re.match(r"Digest #\d+ created: ", await run(reg, ctx(library, admin=True, channel="C9", server="T2"),
                                                        "subscribe daily 08:00"))
    often = await run(reg, ctx(library, admin=True, channel="C9", server="T2"), "subscribe */20 * * * *")
    assert often.startswith("ERROR Sorry, a digest here can run at most once every 1 hour, and `*/20 * * * *` "
                            "would run 20 minutes apart.")
    assert len(svc.store.subscriptions("slack")) == 4 + 1  # the config file's digest is not limited
    first = await run(reg, ctx(library, admin=True, channel="C2"), "send-now")
    again = await run(reg, ctx(library, admin=True, channel="C2"), "send-now")
    assert first.startswith("Posting digest") and again.startswith(
        "ERROR Sorry, a digest was already sent now in this channel less than 5 minutes ago. "
        "Please try again in 5 minutes.")
    await until(lambda: len(poster.posts) == 1)
    assert [channel for channel, _, _, _ in poster.posts] == ["C2"]


@pytest.mark.parametrize("seconds, words", [(3600, "1 hour"), (300, "5 minutes"), (86400 * 30, "30 days"),
                                            (5400, "1 hour 30 minutes"), (45, "45 seconds"), (0, "0 seconds")])
def test_span_says_a_duration_in_words(seconds: int, words: str) -> None:
    """Limits are told in words, the two largest units."""
    assert span(timedelta(seconds=seconds)) == words
