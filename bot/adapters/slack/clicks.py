"""Button clicks (block_actions): each run as the command its button stands for, with that command's checks, and
answered where it belongs: only to the clicker, or, shared, in the channel."""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError

from bot.adapters.slack.errors import CANNOT_POST, FAILED, GONE
from bot.adapters.slack.events import Click
from bot.adapters.slack.render import BUTTON_ID, Message, render
from bot.core.buttons import ActionError, decode
from bot.core.clicks import STANDS_FOR, run_action
from bot.core.reply import Reply, error_reply

if TYPE_CHECKING:
    from bot.adapters.slack.app import SlackService

__all__ = ["Clicks"]

log = logging.getLogger(__name__)


class Clicks:
    """Our buttons, of any version (an old one gets a polite reply)."""

    def __init__(self, service: SlackService):
        self.service = service

    def register(self, app: AsyncApp) -> None:
        app.action(BUTTON_ID)(self.on_click)

    async def on_click(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """An empty ack at once; the reply is only scheduled (as for a command)."""
        await ack()
        self.service.later(lambda acked: self._answer(Click.read(body), acked))

    async def _answer(self, click: Click, acked: float) -> None:
        async with self.service.turn(acked):
            try:
                reply, messages = await self._reply(click)
                await self._deliver(click, reply, messages)
            except Exception:
                log.exception("slack: click on %.40s by %s in %s failed", click.raw, click.user, click.channel)
                try:
                    await self._tell(click, render(error_reply(FAILED)))
                except Exception:
                    log.exception("slack: could not tell %s about the failure either", click.user)

    async def _reply(self, click: Click) -> tuple[Reply, list[Message]]:
        """The click run as the command its button stands for, with a Context built as for that slash command."""
        service = self.service
        try:
            kind = decode(click.raw).kind
        except ActionError:
            kind = ""  # run_action answers it politely
        admin = await service.is_admin(click.user) if service.needs_admin(STANDS_FOR.get(kind, ""), "") else False
        ctx = service.context(click.user, click.channel, click.team, is_admin=admin)
        sharer = await self._name(click.user) if kind == "share" else ""

        def compute() -> tuple[Reply, list[Message]]:
            reply = run_action(service.registry, ctx, click.raw)
            return reply, render(reply, sharer=sharer)

        return await service.compute(compute)

    async def _name(self, user_id: str) -> str:
        """How a user is shown without a mention (which would ping them): their display or real name."""
        user = await self.service.user_info(user_id) or {}
        profile = user.get("profile") or {}
        return str(profile.get("display_name") or user.get("real_name") or profile.get("real_name") or "")

    async def _deliver(self, click: Click, reply: Reply, messages: list[Message]) -> None:
        """Ephemeral replies (and errors) to the clicker only; a shared answer in the channel, where the private
        one was, then the private one removed; any other public reply in the thread of the clicked message."""
        if reply.ephemeral or reply.error:
            await self._tell(click, messages)
            return
        thread = click.thread_ts if reply.shared_by else click.thread_ts or click.message_ts
        try:
            for message in messages:
                await self.service.post_message(click.channel, message, thread_ts=thread or None)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("slack: shared answer in %s failed: %s", click.channel, error)
            await self._tell(click, render(error_reply(CANNOT_POST if error in GONE else FAILED)))
            return
        if reply.shared_by and click.response_url and click.ephemeral:
            try:
                await self.service.hook(click.response_url, {"delete_original": True})
            except Exception as exc:  # the share is done; a private copy left behind is harmless
                log.info("slack: could not remove the private answer %s shared: %s", click.user, exc)

    async def _tell(self, click: Click, messages: list[Message]) -> None:
        """Messages only the clicker sees: through the click's response_url, else chat.postEphemeral."""
        if click.response_url:
            await self.service.respond(click.response_url, messages, replace_original=False)
            return
        for message in messages:
            await self.service.client.chat_postEphemeral(channel=click.channel, user=click.user,
                                                         text=message["text"], blocks=message["blocks"],
                                                         thread_ts=click.thread_ts or None)
