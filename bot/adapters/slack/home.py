"""The App Home tab (briefings and the workspace's digests) and the /digest subscribe dialog: opened by a bare
`/digest subscribe`, its submission run through that command with its own checks."""
from __future__ import annotations

import asyncio
import functools
import logging
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.events import is_retry
from bot.adapters.slack.render import render
from bot.adapters.slack.views import COMMON_ZONES, SUBSCRIBE, Digest, home_view, read_submission, subscribe_modal
from bot.core.context import Context
from bot.core.registry import Command, Permission
from bot.core.reply import Reply
from bot.digests.commands import time_zones

if TYPE_CHECKING:
    from bot.adapters.slack.app import SlackService

__all__ = ["Home"]

log = logging.getLogger(__name__)


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(z for z, _ in time_zones())


def _may(ctx: Context, command: Command) -> bool:
    """Whether Registry.run would get past availability, permission and place for `command` (so a dialog for its
    arguments is worth opening); the run itself checks them all again."""
    return (command.available(ctx) and (command.permission is not Permission.CHANNEL_ADMIN or ctx.is_admin)
            and not (command.guild_only and ctx.is_dm))


class Home:
    """The Home tab and the subscribe dialog of one service."""

    def __init__(self, service: SlackService):
        self.service = service

    def register(self, app: AsyncApp) -> None:
        app.event("app_home_opened")(self.on_home)
        app.view(SUBSCRIBE)(self.on_subscribe)

    def _briefings(self) -> list[tuple[str, str]]:
        return [(lb.briefing.id, lb.briefing.metadata.title) for lb in self.service.library.current.store]

    async def on_home(self, event: dict[str, Any], request: AsyncBoltRequest) -> None:
        """The Home tab opened: publish it afresh (a retry is dropped: the first one publishes)."""
        if event.get("tab") == "home" and not is_retry(request):
            self.service.later(lambda acked: self._publish(str(event.get("user") or "")))

    async def _publish(self, user: str) -> None:
        digests = self.service.digests
        try:
            listed = None
            if digests is not None:
                subs = await asyncio.to_thread(digests.store.subscriptions, "slack")
                listed = [Digest(s.id, s.channel_id, s.schedule, s.timezone, s.briefing) for s in subs]
            await self.service.client.views_publish(user_id=user, view=home_view(self._briefings(), listed))
        except Exception:
            log.exception("slack: could not publish the Home tab for %s", user)

    def _subscribe(self) -> Command | None:
        group = self.service.registry.get("digest")
        return group.sub("subscribe") if group is not None else None

    async def open_subscribe(self, body: dict[str, Any], acked: float) -> None:
        """The dialog, for whom /digest subscribe would be allowed here; anyone else (and any failure to open it)
        gets the typed command's answer, which says why."""
        service = self.service
        user, channel = body.get("user_id", ""), body.get("channel_id", "")
        command = self._subscribe()
        info = await service.user_info(user) if command is not None else None
        ctx = service.context(user, channel, body.get("team_id", ""), is_admin=await service.is_admin(user, info))
        if command is not None and _may(ctx, command):
            default = service.digests.config.timezone if service.digests is not None else "UTC"
            zones = [z for z in (str((info or {}).get("tz") or ""), default) if z in _zone_names()]
            private = {"channel": channel, "response_url": body.get("response_url", "")}
            try:
                await service.client.views_open(trigger_id=body.get("trigger_id", ""), view=subscribe_modal(
                    private, self._briefings(), [*zones, *COMMON_ZONES], zones[0] if zones else "UTC"))
                return
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
                log.warning("slack: could not open the subscribe dialog for %s: %s", user, exc)
        await service.on_command(body, acked)

    async def on_subscribe(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The dialog submitted: its fields checked, then /digest subscribe run with /digest's own checks; errors
        stay in the dialog under their field (response_action errors), success closes it and is confirmed to the
        user where they typed the command."""
        service = self.service
        got = read_submission(view, _zone_names(), frozenset(service.library.current.store.ids()))
        command = self._subscribe()
        if got.errors or command is None:
            await ack(response_action="errors", errors=got.errors or {"time": "Digests are not available here."})
            return
        user = str((body.get("user") or {}).get("id") or "")
        team = str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or "")
        ctx = service.context(user, got.private.get("channel", ""), team, is_admin=await service.is_admin(user))
        reply = await service.compute(service.registry.run, ctx, command, got.args)
        if reply.error:
            await ack(response_action="errors", errors={"time": reply.title[:300]})
            return
        await ack()
        if got.private.get("response_url"):
            service.later(lambda acked: self._confirm(got.private["response_url"], reply))

    async def _confirm(self, response_url: str, reply: Reply) -> None:
        try:
            await self.service.respond(response_url, render(reply))
        except Exception:
            log.exception("slack: could not confirm a digest subscribed from the dialog")
