"""Questions asked by mentioning the bot in a channel or in a direct message (Events API): answered publicly in
the thread under the asking message, with the thread's context when the service keeps conversations."""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp, AsyncBoltRequest

from bot.adapters.slack.errors import FAILED
from bot.adapters.slack.events import Asked, Seen, asked, is_retry
from bot.adapters.slack.render import Message, render
from bot.core.context import Context
from bot.core.conversation import ThreadContext, ask_in_thread
from bot.core.reply import error_reply

if TYPE_CHECKING:
    from bot.adapters.slack.app import SlackService
    from bot.digests.conversations import ThreadKey

__all__ = ["Mentions"]

log = logging.getLogger(__name__)


class Mentions:
    """app_mention and message.im, each message answered once."""

    def __init__(self, service: SlackService):
        self.service = service
        self._seen = Seen()  # event ids and messages answered

    def register(self, app: AsyncApp) -> None:
        app.event("app_mention")(self.on_event)
        app.event("message")(self.on_event)  # only direct messages are questions (events.asked)

    async def on_event(self, body: dict[str, Any], request: AsyncBoltRequest) -> None:
        """An app_mention or message event: acked by bolt when this returns; a question is only scheduled.

        A retry is acked and dropped: the first delivery was acked and is being answered. So is an event id or a
        message seen before (one message can come as both app_mention and message.im)."""
        if is_retry(request):
            log.info("slack: event %s is a retry (%s); acked, not answered again", body.get("event_id"),
                     request.headers.get("x-slack-retry-reason", ["?"])[0])
            return
        question = asked(body, self.service.bot_user)
        if question is None:
            return
        new_event = self._seen.first(f"event {body.get('event_id') or question.ts}")
        if not self._seen.first(f"message {question.channel} {question.ts}") or not new_event:
            log.info("slack: message %s in %s already answered", question.ts, question.channel)
            return
        self.service.later(lambda acked: self._answer_in_thread(question, acked))

    async def _answer_in_thread(self, question: Asked, acked: float) -> None:
        """After the ack, a few at a time: the answer in the thread under the asking message."""
        service = self.service
        async with service.turn(acked):
            try:
                for message in await self._answer(question):
                    await service.post_message(question.channel, message, thread_ts=question.thread_ts)
            except Exception:
                log.exception("slack: mention %s from %s in %s failed", question.ts, question.user, question.channel)
                try:
                    [failed] = render(error_reply(FAILED))
                    await service.post_message(question.channel, failed, thread_ts=question.thread_ts)
                except Exception:
                    log.exception("slack: could not tell %s about the failure either", question.user)

    def _thread_key(self, question: Asked) -> ThreadKey | None:
        if self.service.conversations is None:
            return None
        from bot.digests.conversations import ThreadKey

        try:
            return ThreadKey("slack", question.team, question.channel, question.thread_ts)
        except ValueError as exc:
            log.warning("slack: thread %s kept no context: %s", question.thread_ts, exc)
            return None

    def _ask(self, ctx: Context, text: str, thread: ThreadContext | None
             ) -> tuple[list[Message], ThreadContext | None]:
        """On an answer thread: the question answered in its thread's context, rendered; the thread's next context."""
        reply, new = ask_in_thread(self.service.registry, ctx, text, thread, public=True)
        return render(reply), new

    async def _answer(self, question: Asked) -> list[Message]:
        """The answer's messages, the thread's context read before and stored after (when there is a store)."""
        service, store = self.service, self.service.conversations
        admin = await service.is_admin(question.user) if service.needs_admin("ask", "") else False
        ctx = service.context(question.user, question.channel, question.team, is_admin=admin, is_dm=question.is_dm)
        key = self._thread_key(question)
        thread = await asyncio.to_thread(store.get, key) if store is not None and key is not None else None
        messages, new = await service.compute(self._ask, ctx, question.text, thread)
        if store is not None and key is not None and new is not None and new != thread:
            await asyncio.to_thread(store.put, key, new)
        return messages
