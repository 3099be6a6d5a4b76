"""/digest subscribe|list|unsubscribe|preview|send-now: managing a channel's digests (channel admins).

The command is listed even with digests off (it then says they are not running), so this module is imported by every
bot. The schedule parser (APScheduler) and the store (SQLAlchemy) are imported inside the handlers that run only with
a digest service, which has loaded them already: a bot without digests loads neither library.
"""
from __future__ import annotations

import dataclasses
import functools
import logging
import math
import zoneinfo
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from bot.core.context import Context
from bot.core.registry import Command, Option, Permission
from bot.core.reply import Block, Reply, error_reply
from bot.core.store import UnknownBriefing
from bot.core.text import fold
from bot.digests.compose import compose

__all__ = ["digest_command", "span", "time_zones"]

if TYPE_CHECKING:
    from bot.digests.service import DigestService
    from bot.digests.storage import Sub

log = logging.getLogger(__name__)


@functools.cache
def time_zones() -> tuple[tuple[str, str], ...]:
    """Every IANA zone name with its folded form, sorted; read from the system once (the tz database is hundreds
    of files, and autocomplete asks on every keystroke)."""
    return tuple((z, fold(z)) for z in sorted(zoneinfo.available_timezones()))


def _zones(ctx: Context, prefix: str) -> list[str]:
    folded = fold(prefix)
    return [z for z, f in time_zones() if folded in f][:25]


def _briefings(ctx: Context, prefix: str) -> list[str]:
    return [i for i in ctx.library.current.store.ids() if fold(prefix) in i][:25]


def _when(t: datetime, tz: str) -> str:
    from bot.digests.schedule import zone

    return t.astimezone(zone(tz)).strftime("%a %d %b %Y, %H:%M %Z")


def span(d: timedelta) -> str:
    """A duration in words: `1 hour`, `1 day 12 hours`, `30 minutes`, `45 seconds`."""
    seconds = max(0, round(d.total_seconds()))
    parts = [(seconds // 86400, "day"), (seconds // 3600 % 24, "hour"), (seconds // 60 % 60, "minute"),
             (seconds % 60, "second")]
    words = [f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts if n]
    return " ".join(words[:2]) or "0 seconds"


def _server(platform: str) -> str:
    return "workspace" if platform == "slack" else "server"


def _about(sub: Sub) -> str:
    """What a subscription posts: which briefing, and whether threaded."""
    about = f"briefing {sub.briefing}" if sub.briefing else "rotating through all briefings"
    return about + (", the facts in a thread" if sub.thread else "")


def _describe(sub: Sub) -> str:
    from bot.digests.schedule import next_times, parse

    origin = " \u00b7 from the config file" if sub.static else ""
    nxt = next_times(parse(sub.schedule, sub.timezone), datetime.now(UTC), 1)
    return f"{_about(sub)}{origin}\nNext: {_when(nxt[0], sub.timezone) if nxt else 'never'}"


class DigestCommands:
    """The handlers, bound to a running DigestService (or None: digests are off)."""

    def __init__(self, service: DigestService | None):
        self.service = service

    def _find(self, ctx: Context, args: Mapping[str, Any]) -> Sub | Reply:
        """The subscription named by `id`, or the channel's only one; an error Reply otherwise."""
        assert self.service is not None
        subs = self.service.store.subscriptions(ctx.platform, ctx.channel_id)
        if "id" in args:
            found = next((s for s in subs if s.id == args["id"]), None)
            return found or error_reply(f"This channel has no digest #{args['id']}.", hint="See /digest list.")
        if len(subs) == 1:
            return subs[0]
        if not subs:
            return error_reply("This channel has no digest.", hint="Create one with /digest subscribe daily 08:00.")
        return error_reply("This channel has several digests: say which.",
                           hint=f"Digest ids here: {', '.join(str(s.id) for s in subs)}.")

    def unavailable(self, ctx: Context) -> Reply | None:
        """/digest works only where digests run and post: not in the console, nor with digests disabled."""
        if self.service is None:
            return error_reply("Digests are not running on this bot.",
                               hint="They post to Discord or Slack channels; the console cannot receive them.")
        if ctx.platform not in self.service.posters:
            return error_reply(f"Digests are not available on {ctx.platform} here.")
        return None

    def subscribe(self, ctx: Context, args: Mapping[str, Any]) -> Reply:
        from bot.digests.schedule import InvalidSchedule, gap_under, next_times, parse
        from bot.digests.storage import LimitReached

        assert self.service is not None
        schedule = " ".join(args["schedule"].split())
        tz = args.get("timezone") or self.service.config.timezone
        try:
            trigger = parse(schedule, tz)
            if args.get("briefing"):
                ctx.library.current.store.get(args["briefing"])
        except (InvalidSchedule, UnknownBriefing) as exc:
            return error_reply(str(exc))
        limits = self.service.config.limits
        gap = gap_under(trigger, limits.min_interval)
        if gap is not None:
            return error_reply(f"Sorry, a digest here can run at most once every {span(limits.min_interval)}, "
                               f"and `{schedule}` would run {span(gap)} apart.",
                               hint=f"Choose a schedule with at least {span(limits.min_interval)} between digests, "
                                    "such as daily 08:00 or weekdays 09:30.")
        try:
            sub = self.service.store.add(ctx.platform, ctx.channel_id, schedule, tz, args.get("briefing"),
                                         ctx.user_id, server_id=ctx.server_id, per_channel=limits.per_channel,
                                         per_server=limits.per_server, thread=bool(args.get("thread")))
        except LimitReached as exc:
            where = "this channel" if exc.scope == "channel" else f"this {_server(ctx.platform)}"
            log.info("digest limit: %s refused in %s %s (%s)", ctx.user_id, ctx.platform, ctx.channel_id, exc)
            if exc.limit == 0:
                return error_reply(f"Sorry, digests cannot be created in {where} from chat on this bot.")
            return error_reply(f"Sorry, {where} already has {exc.limit} digest{'s' if exc.limit != 1 else ''}, "
                               "the most it may have on this bot.",
                               hint="Remove one with /digest unsubscribe first (see /digest list).")
        assert sub is not None
        self.service.scheduler.schedule(sub)
        log.info("digest %d subscribed by %s in %s %s: %s (%s)", sub.id, ctx.user_id, ctx.platform, ctx.channel_id,
                 schedule, tz)
        times = "\n".join(f"\u2022 {_when(t, tz)}" for t in next_times(trigger, datetime.now(UTC), 3))
        return Reply(title=f"Digest #{sub.id} created: {schedule} ({tz}), {_about(sub)}",
                     blocks=(Block(times, heading="Next three digests"),),
                     footer="Change it: /digest unsubscribe, then subscribe again.")

    def list(self, ctx: Context, args: Mapping[str, Any]) -> Reply:
        assert self.service is not None
        subs = self.service.store.subscriptions(ctx.platform, ctx.channel_id)
        if not subs:
            return Reply(title="This channel has no digest.",
                         blocks=(Block("A channel admin can create one: /digest subscribe weekdays 09:30"),))
        blocks = tuple(Block(_describe(s), heading=f"#{s.id}: {s.schedule} ({s.timezone})") for s in subs[:20])
        return Reply(title=f"{len(subs)} digest(s) in this channel", blocks=blocks)

    def unsubscribe(self, ctx: Context, args: Mapping[str, Any]) -> Reply:
        found = self._find(ctx, args)
        if isinstance(found, Reply):
            return found
        assert self.service is not None
        if found.static:
            return error_reply(f"Digest #{found.id} is declared in the config file.",
                               hint="Remove it from digests.subscriptions there and restart the bot.")
        self.service.store.remove(found.id, ctx.platform, ctx.channel_id)
        self.service.scheduler.unschedule_soon(found.id)
        log.info("digest %d unsubscribed by %s", found.id, ctx.user_id)
        return Reply(title=f"Digest #{found.id} ({found.schedule}, {found.timezone}) removed.")

    def preview(self, ctx: Context, args: Mapping[str, Any]) -> Reply:
        store = ctx.library.current.store
        briefing = args.get("briefing")
        sub_id, edition = 0, 1
        if "id" in args or not briefing:
            found = self._find(ctx, args)
            if not isinstance(found, Reply):
                sub_id, edition, briefing = found.id, found.editions + 1, found.briefing
            elif "id" in args:
                return found
        try:
            reply = compose(store, sub_id, edition, briefing)
        except UnknownBriefing as exc:
            return error_reply(str(exc))
        return dataclasses.replace(reply, title=f"Preview \u2014 {reply.title}", ephemeral=True)

    def send_now(self, ctx: Context, args: Mapping[str, Any]) -> Reply:
        found = self._find(ctx, args)
        if isinstance(found, Reply):
            return found
        assert self.service is not None
        cooldown = self.service.config.limits.send_now_cooldown
        got = self.service.scheduler.send_now(found, cooldown)
        if isinstance(got, datetime):
            minutes = max(1, math.ceil((got - datetime.now(UTC)).total_seconds() / 60))
            return error_reply(f"Sorry, a digest was already sent now in this channel less than {span(cooldown)} "
                               f"ago. Please try again in {minutes} minute{'s' if minutes != 1 else ''}.")
        if got is None:
            return error_reply(f"Digest #{found.id} is already being posted, or was just removed.")
        log.info("digest %d sent now by %s", found.id, ctx.user_id)
        return Reply(title=f"Posting digest #{found.id} (edition {got.edition}) in this channel now.")


def digest_command(service: DigestService | None = None) -> Command:
    """The /digest command group; it is available only where the service posts, so without a service (the
    console, digests disabled) help leaves it out and using it says digests are off."""
    h = DigestCommands(service)
    sub_id = Option("id", "Digest number (see /digest list)", type=int)
    off = h.unavailable
    return Command("digest", "Scheduled briefing digests in this channel", options=(), guild_only=True,
                   unavailable=off, subcommands=(
        Command("subscribe", "Post a digest on a schedule (channel admins)", h.subscribe, (
            Option("schedule", "daily 08:00, weekdays 09:30, weekly mon 09:00, or cron: 30 9 * * 1-5",
                   required=True, max_length=100),
            Option("timezone", "IANA time zone, e.g. Europe/Brussels", complete=_zones, max_length=64),
            Option("briefing", "Always this briefing (default: rotate through all)", complete=_briefings),
            Option("thread", "A compact post with the facts as replies in its thread", type=bool)),
            permission=Permission.CHANNEL_ADMIN, guild_only=True, unavailable=off),
        Command("list", "The digests of this channel", h.list, guild_only=True, unavailable=off),
        Command("unsubscribe", "Stop a digest (channel admins)", h.unsubscribe, (sub_id,),
                permission=Permission.CHANNEL_ADMIN, guild_only=True, unavailable=off),
        Command("preview", "Show the next edition, only to you", h.preview, (
            sub_id, Option("briefing", "Preview this briefing", complete=_briefings)), guild_only=True,
            unavailable=off),
        Command("send-now", "Post the next edition now (channel admins)", h.send_now, (sub_id,),
                permission=Permission.CHANNEL_ADMIN, guild_only=True, unavailable=off),
    ))
