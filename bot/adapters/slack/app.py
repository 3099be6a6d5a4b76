"""The Slack service: bolt AsyncApp over Socket Mode or HTTP, slash commands -> registry, and the Poster."""
from __future__ import annotations

import asyncio
import functools
import logging
import re
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.events import Asked, Click, Seen, asked
from bot.adapters.slack.gate import Allowlist, SignedRequests
from bot.adapters.slack.pacing import ChannelPacer
from bot.adapters.slack.render import BUTTON_ID, Message, render, unescape
from bot.adapters.slack.views import COMMON_ZONES, SUBSCRIBE, Digest, home_view, read_submission, subscribe_modal
from bot.config import SlackConfig
from bot.core.buttons import ActionError, decode
from bot.core.clicks import STANDS_FOR, run_action
from bot.core.context import Context
from bot.core.conversation import ThreadContext, ask_in_thread
from bot.core.delivery import ChannelGone, DeliveryError, TransientDeliveryError
from bot.core.library import Library
from bot.core.registry import Command, Permission, Registry, UsageError
from bot.core.reply import Reply, error_reply
from bot.digests.commands import time_zones

if TYPE_CHECKING:
    from bot.digests.conversations import ConversationStore, ThreadKey
    from bot.digests.service import DigestService

__all__ = ["ANSWERING", "ANSWER_THREADS", "CANNOT_POST", "DELIVERY_EVENT", "FAILED", "SlackService"]

log = logging.getLogger(__name__)

DELIVERY_EVENT = "briefbot_delivery"  # message metadata event_type carrying the delivery key
GONE = frozenset({"channel_not_found", "not_in_channel", "is_archived", "account_inactive"})
HISTORY_PAGE = 200  # conversations.history page size when checking what a resumed delivery already posted
RESPONSE_URL_USES = 5  # Slack accepts at most five posts to one response_url
STOP_GRACE = 5.0  # seconds in-flight answers get to finish on stop
ANSWERING = 8  # commands answered at once; the others wait their turn after their ack
ANSWER_THREADS = 2  # threads computing answers (dispatch + render), so the event loop keeps acking
# Acks first: when more commands come in after one, its answer starts once none has come for ACK_QUIET s (or after
# ACK_FIRST s at most), since an answer thread holding the GIL makes the loop wait up to 5 ms at each socket call of
# a burst's acks.
ACK_QUIET = 0.005
ACK_FIRST = 0.25
FAILED = "Sorry, something went wrong answering that. The error has been logged."
CANNOT_POST = ("I can't post in this channel. Invite me (`/invite @briefbot`) or leave out `public` "
               "to get the answer only for you.")


@functools.cache
def _zone_names() -> frozenset[str]:
    return frozenset(z for z, _ in time_zones())


def _may(ctx: Context, command: Command) -> bool:
    """Whether Registry.run would get past availability, permission and place for `command` (so a dialog for its
    arguments is worth opening); the run itself checks them all again."""
    return (command.available(ctx) and (command.permission is not Permission.CHANNEL_ADMIN or ctx.is_admin)
            and not (command.guild_only and ctx.is_dm))


def retry_handlers() -> list[AsyncRetryHandler]:
    """slack_sdk retries only connection errors by default; 429s wait for Retry-After and go again."""
    return [AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=3)]


class SlackService:
    """One workspace: answers slash commands, mentions and buttons (Socket Mode or HTTP), shows the Home tab and
    the subscribe dialog, and posts digests (Poster).

    With `conversations`, a thread remembers its last answer, so a follow-up mention there keeps its context; with
    `digests`, the Home tab lists the workspace's subscriptions (the dialog subscribes through /digest either way).
    """

    name = "slack"
    platform = "slack"

    def __init__(self, config: SlackConfig, library: Library, registry: Registry,
                 pacer: ChannelPacer | None = None, conversations: ConversationStore | None = None,
                 digests: DigestService | None = None):
        self.config = config
        self.conversations = conversations
        self.digests = digests  # the Home tab lists its subscriptions; None: digests are off
        self.library = library
        self.registry = registry
        self.pacer = pacer or ChannelPacer()
        self._core_names = {slack: core for core, slack in config.rename.items()}  # /whois -> who
        # process_before_response: the response goes back as soon as the listener returns (bolt's default instead
        # polls every 10 ms for the ack). The listener acks and only schedules the answer: no bolt lazy listener,
        # which deep-copies the whole request before the ack can leave.
        # bolt's signature check, replaced by one that also refuses a malformed timestamp (HTTP mode only)
        secret = config.signing_secret.get_secret_value()
        # The token goes in, not a client: bolt also reads $SLACK_BOT_TOKEN, and given a client as well it warns that
        # the token is unused. The client bolt makes is then pointed at the configured API with our retries.
        self.app = AsyncApp(token=config.bot_token.get_secret_value(), signing_secret=secret,
                            process_before_response=True, request_verification_enabled=False,
                            before_authorize=SignedRequests(secret) if config.mode == "http" else None)
        self.client: AsyncWebClient = self.app.client
        self.client.base_url = config.api_url
        self.client.retry_handlers = retry_handlers()
        if config.team_id is not None or config.app_id is not None:
            self.app.use(Allowlist(config.team_id, config.app_id))
        # every command, so one added to the registry later needs no wiring here
        self.app.command(re.compile(r"^/.+"))(self._ack)
        # a mention in a channel, and any message in a direct message with the bot (message.im)
        self.app.event("app_mention")(self._on_event)
        self.app.event("message")(self._on_event)
        self.app.action(BUTTON_ID)(self._on_click)  # our buttons, of any version: an old one gets a polite reply
        self.app.event("app_home_opened")(self._on_home)
        self.app.view(SUBSCRIBE)(self._on_subscribe)
        self._seen = Seen()  # event ids and messages answered: each is answered once
        self._bot_user = ""  # the bot's user id, from auth.test: its mention is taken out of a question
        self.port: int | None = None  # the bound HTTP port (useful with port 0)
        self._runner: web.AppRunner | None = None
        self._socket: AsyncSocketModeHandler | None = None
        self._session: aiohttp.ClientSession | None = None  # one for every Web API and response_url call
        self._inflight: set[asyncio.Task[None]] = set()
        self._answering = asyncio.Semaphore(ANSWERING)
        self._last_ack = 0.0  # loop time of the latest ack
        self._threads: ThreadPoolExecutor | None = None  # answer threads, from start to stop

    # --- Service -----------------------------------------------------------------------------

    async def start(self) -> None:
        # slack_sdk opens and closes an aiohttp session per call unless given one
        self._session = self.client.session = aiohttp.ClientSession()
        self._threads = ThreadPoolExecutor(ANSWER_THREADS, thread_name_prefix="slack-answer")
        try:
            auth = await self.client.auth_test()
        except SlackApiError as exc:
            raise RuntimeError(f"Slack rejected the bot token: {exc.response.get('error')}") from None
        self._bot_user = str(auth.get("user_id") or "")
        log.info("slack: signed in as %s to %s, %s mode", auth.get("user"), auth.get("team"), self.config.mode)
        if self.config.mode == "http":
            http = self.config.http
            self._runner = web.AppRunner(self.app.web_app(path=http.path, port=http.port))
            await self._runner.setup()
            await web.TCPSite(self._runner, http.host, http.port).start()
            self.port = self._runner.addresses[0][1]
            log.info("slack: listening on http://%s:%d%s", http.host, self.port, http.path)
        else:
            self._socket = AsyncSocketModeHandler(self.app, self.config.app_token.get_secret_value())
            await self._socket.connect_async()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated

    async def stop(self) -> None:
        """Stop taking commands, then let the answers in flight finish."""
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]  # slack_bolt leaves it unannotated
            self._socket = None
        if self._inflight:
            await asyncio.wait(self._inflight, timeout=STOP_GRACE)
        if self._session is not None:
            await self._session.close()
            self._session = self.client.session = None
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)
            self._threads = None

    def ready(self) -> bool:
        if self._runner is not None:
            return True
        session = self._socket.client.current_session if self._socket else None
        return session is not None and not session.closed

    # --- slash commands ----------------------------------------------------------------------

    def _later(self, answer: Callable[[float], Coroutine[Any, Any, None]]) -> None:
        """Just acked: schedule the answer (given the ack's loop time), kept until it is done."""
        self._last_ack = acked = asyncio.get_running_loop().time()
        task = asyncio.create_task(answer(acked))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    async def _ack(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """An empty ack, before any work (Slack wants it within 3 s); the answer is only scheduled. `/digest
        subscribe` with nothing after it opens the subscribe dialog instead (its trigger_id lasts 3 s: not queued)."""
        await ack()
        name = body.get("command", "").lstrip("/")
        if self._core_names.get(name, name) == "digest" and unescape(body.get("text", "")).split() == ["subscribe"]:
            self._later(lambda acked: self._open_subscribe(body, acked))
        else:
            self._later(lambda acked: self._on_command(body, acked))

    async def _on_command(self, body: dict[str, Any], acked: float) -> None:
        """After the ack, a few at a time: answer through the response_url, or in the channel when public."""
        async with self._answering:
            await self._acks_first(acked)
            try:
                reply, messages = await self._answer(body)
                await self._deliver(body, reply, messages)
            except Exception:
                log.exception("slack: %s from %s in %s failed",
                              body.get("command"), body.get("user_id"), body.get("channel_id"))
                try:
                    await self._respond(body, render(error_reply(FAILED)))
                except Exception:
                    log.exception("slack: could not tell %s about the failure either", body.get("user_id"))

    async def _acks_first(self, acked: float) -> None:
        """While other commands came in after this one was acked, wait until they stop (at most ACK_FIRST s), so a
        burst is acked before it is answered. A command on its own is answered at once."""
        loop = asyncio.get_running_loop()
        latest = loop.time() + ACK_FIRST
        while self._last_ack > acked and (quiet := self._last_ack + ACK_QUIET) > loop.time() < latest:
            await asyncio.sleep(min(quiet, latest) - loop.time())

    def _compute(self, ctx: Context, name: str, text: str) -> tuple[Reply, list[Message]]:
        """The CPU-heavy part, on an answer thread: the reply and its rendering."""
        reply = self.registry.dispatch(ctx, name, text)
        return reply, render(reply)

    async def _answer(self, body: dict[str, Any]) -> tuple[Reply, list[Message]]:
        name, text = body.get("command", "").lstrip("/"), unescape(body.get("text", ""))
        name = self._core_names.get(name, name)
        user, channel = body.get("user_id", ""), body.get("channel_id", "")
        ctx = Context(library=self.library, platform="slack", user_id=user, channel_id=channel,
                      server_id=body.get("team_id", ""),
                      is_admin=await self._is_admin(user) if self._needs_admin(name, text) else False,
                      is_dm=channel.startswith("D") or body.get("channel_name") == "directmessage")
        return await asyncio.get_running_loop().run_in_executor(self._threads, self._compute, ctx, name, text)

    def _needs_admin(self, name: str, text: str) -> bool:
        try:
            command, _ = self.registry.resolve(name, text)
        except (KeyError, UsageError):
            return False  # dispatch answers these with the right message
        return command.permission is Permission.CHANNEL_ADMIN

    async def _user(self, user_id: str) -> dict[str, Any] | None:
        """users.info now (never cached), or None with a warning when Slack cannot say."""
        try:
            user: dict[str, Any] = (await self.client.users_info(user=user_id))["user"]
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: users.info for %s failed (%s)", user_id, exc)
            return None
        return user

    async def _is_admin(self, user_id: str, user: dict[str, Any] | None = None) -> bool:
        """Configured admins, or workspace admins and owners asked of Slack now (never cached); not an admin when
        Slack cannot say."""
        if user_id in self.config.admins:
            return True
        user = user or await self._user(user_id)
        return user is not None and bool(user.get("is_admin") or user.get("is_owner"))

    async def _deliver(self, body: dict[str, Any], reply: Reply, messages: list[Message]) -> None:
        if reply.ephemeral or reply.error:
            await self._respond(body, messages)
            return
        try:
            for message in messages:
                await self._post(body["channel_id"], message)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("slack: public answer in %s failed: %s", body.get("channel_id"), error)
            await self._respond(body, render(error_reply(CANNOT_POST if error in GONE else FAILED)))

    async def _respond(self, body: dict[str, Any], messages: list[Message], **extra: Any) -> None:
        """Ephemeral messages through the command's (or click's) response_url (five uses at most)."""
        if len(messages) > RESPONSE_URL_USES:
            log.warning("slack: answer of %d messages cut to %d for the response_url", len(messages), RESPONSE_URL_USES)
        for message in messages[:RESPONSE_URL_USES]:
            await self._hook(body["response_url"], {**message, "response_type": "ephemeral", **extra})

    async def _hook(self, response_url: str, payload: dict[str, Any]) -> None:
        hook = AsyncWebhookClient(response_url, session=self._session, retry_handlers=retry_handlers())
        sent = await hook.send_dict(payload)
        if sent.status_code != 200:
            raise RuntimeError(f"response_url answered {sent.status_code}: {sent.body[:200]}")

    async def _post(self, channel: str, message: Message, metadata: dict[str, Any] | None = None,
                    thread_ts: str | None = None) -> None:
        await self.pacer.wait(channel)
        await self.client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"],
                                           metadata=metadata, thread_ts=thread_ts, unfurl_links=False,
                                           unfurl_media=False)

    # --- mentions and direct messages (Events API) ---------------------------------------------

    async def _on_event(self, body: dict[str, Any], request: AsyncBoltRequest) -> None:
        """An app_mention or message event: acked by bolt when this returns; a question is only scheduled.

        A retry (X-Slack-Retry-Num, which bolt also sets from a Socket Mode envelope's retry_attempt) is acked and
        dropped: the first delivery was acked and is being answered. So is an event id or a message seen before
        (one message can come as both app_mention and message.im)."""
        if request.headers.get("x-slack-retry-num", ["0"])[0] not in ("", "0"):  # Socket Mode's first try says 0
            log.info("slack: event %s is a retry (%s); acked, not answered again", body.get("event_id"),
                     request.headers.get("x-slack-retry-reason", ["?"])[0])
            return
        question = asked(body, self._bot_user)
        if question is None:
            return
        new_event = self._seen.first(f"event {body.get('event_id') or question.ts}")
        if not self._seen.first(f"message {question.channel} {question.ts}") or not new_event:
            log.info("slack: message %s in %s already answered", question.ts, question.channel)
            return
        self._later(lambda acked: self._on_mention(question, acked))

    async def _on_mention(self, question: Asked, acked: float) -> None:
        """After the ack, a few at a time: the answer in the thread under the asking message."""
        async with self._answering:
            await self._acks_first(acked)
            try:
                for message in await self._answer_mention(question):
                    await self._post(question.channel, message, thread_ts=question.thread_ts)
            except Exception:
                log.exception("slack: mention %s from %s in %s failed", question.ts, question.user, question.channel)
                try:
                    [failed] = render(error_reply(FAILED))
                    await self._post(question.channel, failed, thread_ts=question.thread_ts)
                except Exception:
                    log.exception("slack: could not tell %s about the failure either", question.user)

    def _thread_key(self, question: Asked) -> ThreadKey | None:
        if self.conversations is None:
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
        reply, new = ask_in_thread(self.registry, ctx, text, thread, public=True)
        return render(reply), new

    async def _answer_mention(self, question: Asked) -> list[Message]:
        """The answer's messages, the thread's context read before and stored after (when there is a store)."""
        ctx = Context(library=self.library, platform="slack", user_id=question.user, channel_id=question.channel,
                      server_id=question.team, is_dm=question.is_dm,
                      is_admin=await self._is_admin(question.user) if self._needs_admin("ask", "") else False)
        key, store = self._thread_key(question), self.conversations
        thread = await asyncio.to_thread(store.get, key) if store is not None and key is not None else None
        messages, new = await asyncio.get_running_loop().run_in_executor(self._threads, self._ask, ctx,
                                                                         question.text, thread)
        if store is not None and key is not None and new is not None and new != thread:
            await asyncio.to_thread(store.put, key, new)
        return messages

    # --- buttons (block_actions) -------------------------------------------------------------

    async def _on_click(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """A click on one of our buttons: an empty ack at once, the reply only scheduled (as for a command)."""
        await ack()
        self._later(lambda acked: self._on_clicked(body, acked))

    async def _on_clicked(self, body: dict[str, Any], acked: float) -> None:
        async with self._answering:
            await self._acks_first(acked)
            click = Click.read(body)
            try:
                reply, messages = await self._click_reply(click)
                await self._deliver_click(click, reply, messages)
            except Exception:
                log.exception("slack: click on %.40s by %s in %s failed", click.raw, click.user, click.channel)
                try:
                    await self._tell(click, render(error_reply(FAILED)))
                except Exception:
                    log.exception("slack: could not tell %s about the failure either", click.user)

    async def _click_reply(self, click: Click) -> tuple[Reply, list[Message]]:
        """The click run as the command its button stands for, with a Context built as for that slash command."""
        try:
            kind = decode(click.raw).kind
        except ActionError:
            kind = ""  # run_action answers it politely
        command = STANDS_FOR.get(kind, "")
        ctx = Context(library=self.library, platform="slack", user_id=click.user, channel_id=click.channel,
                      server_id=click.team, is_dm=click.channel.startswith("D"),
                      is_admin=await self._is_admin(click.user) if self._needs_admin(command, "") else False)
        sharer = await self._name(click.user) if kind == "share" else ""

        def compute() -> tuple[Reply, list[Message]]:
            reply = run_action(self.registry, ctx, click.raw)
            return reply, render(reply, sharer=sharer)

        return await asyncio.get_running_loop().run_in_executor(self._threads, compute)

    async def _name(self, user_id: str) -> str:
        """How a user is shown without a mention (which would ping them): their display or real name."""
        user = await self._user(user_id) or {}
        profile = user.get("profile") or {}
        return str(profile.get("display_name") or user.get("real_name") or profile.get("real_name") or "")

    async def _deliver_click(self, click: Click, reply: Reply, messages: list[Message]) -> None:
        """Ephemeral replies (and errors) to the clicker only; a shared answer in the channel, where the private
        one was, then the private one removed; any other public reply in the thread of the clicked message."""
        if reply.ephemeral or reply.error:
            await self._tell(click, messages)
            return
        thread = click.thread_ts if reply.shared_by else click.thread_ts or click.message_ts
        try:
            for message in messages:
                await self._post(click.channel, message, thread_ts=thread or None)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("slack: shared answer in %s failed: %s", click.channel, error)
            await self._tell(click, render(error_reply(CANNOT_POST if error in GONE else FAILED)))
            return
        if reply.shared_by and click.response_url and click.ephemeral:
            try:
                await self._hook(click.response_url, {"delete_original": True})
            except Exception as exc:  # the share is done; a private copy left behind is harmless
                log.info("slack: could not remove the private answer %s shared: %s", click.user, exc)

    async def _tell(self, click: Click, messages: list[Message]) -> None:
        """Messages only the clicker sees: through the click's response_url, else chat.postEphemeral."""
        if click.response_url:
            await self._respond({"response_url": click.response_url}, messages, replace_original=False)
            return
        for message in messages:
            await self.client.chat_postEphemeral(channel=click.channel, user=click.user, text=message["text"],
                                                 blocks=message["blocks"], thread_ts=click.thread_ts or None)

    # --- App Home and the subscribe dialog ----------------------------------------------------

    def _briefings(self) -> list[tuple[str, str]]:
        store = self.library.current.store
        return [(lb.briefing.id, lb.briefing.metadata.title) for lb in store]

    async def _on_home(self, event: dict[str, Any], request: AsyncBoltRequest) -> None:
        """The Home tab opened: publish it afresh (a retry is dropped: the first one publishes)."""
        if event.get("tab") != "home" or request.headers.get("x-slack-retry-num", ["0"])[0] not in ("", "0"):
            return
        self._later(lambda acked: self._publish_home(str(event.get("user") or "")))

    async def _publish_home(self, user: str) -> None:
        try:
            digests = None
            if self.digests is not None:
                subs = await asyncio.to_thread(self.digests.store.subscriptions, "slack")
                digests = [Digest(s.id, s.channel_id, s.schedule, s.timezone, s.briefing) for s in subs]
            await self.client.views_publish(user_id=user, view=home_view(self._briefings(), digests))
        except Exception:
            log.exception("slack: could not publish the Home tab for %s", user)

    def _subscribe_command(self) -> Command | None:
        group = self.registry.get("digest")
        return group.sub("subscribe") if group is not None else None

    def _command_ctx(self, user: str, channel: str, team: str, is_admin: bool) -> Context:
        return Context(library=self.library, platform="slack", user_id=user, channel_id=channel, server_id=team,
                       is_admin=is_admin, is_dm=channel.startswith("D"))

    async def _open_subscribe(self, body: dict[str, Any], acked: float) -> None:
        """The dialog, for whom /digest subscribe would be allowed here; anyone else (and any failure to open it)
        gets the typed command's answer, which says why."""
        user, channel = body.get("user_id", ""), body.get("channel_id", "")
        command = self._subscribe_command()
        info = await self._user(user) if command is not None else None
        ctx = self._command_ctx(user, channel, body.get("team_id", ""), await self._is_admin(user, info))
        if command is not None and _may(ctx, command):
            default = self.digests.config.timezone if self.digests is not None else "UTC"
            zones = [z for z in (str((info or {}).get("tz") or ""), default) if z in _zone_names()]
            private = {"channel": channel, "response_url": body.get("response_url", "")}
            try:
                await self.client.views_open(trigger_id=body.get("trigger_id", ""), view=subscribe_modal(
                    private, self._briefings(), [*zones, *COMMON_ZONES], zones[0] if zones else "UTC"))
                return
            except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
                log.warning("slack: could not open the subscribe dialog for %s: %s", user, exc)
        await self._on_command(body, acked)

    async def _on_subscribe(self, ack: AsyncAck, body: dict[str, Any], view: dict[str, Any]) -> None:
        """The dialog submitted: its fields checked, then /digest subscribe run with /digest's own checks; errors
        stay in the dialog under their field (response_action errors), success closes it and is confirmed to the
        user where they typed the command."""
        store = self.library.current.store
        got = read_submission(view, _zone_names(), frozenset(store.ids()))
        command = self._subscribe_command()
        if got.errors or command is None:
            await ack(response_action="errors", errors=got.errors or {"time": "Digests are not available here."})
            return
        user = str((body.get("user") or {}).get("id") or "")
        team = str((body.get("team") or {}).get("id") or (body.get("user") or {}).get("team_id") or "")
        ctx = self._command_ctx(user, got.private.get("channel", ""), team, await self._is_admin(user))
        reply = await asyncio.get_running_loop().run_in_executor(self._threads, self.registry.run, ctx, command,
                                                                 got.args)
        if reply.error:
            await ack(response_action="errors", errors={"time": reply.title[:300]})
            return
        await ack()
        if got.private.get("response_url"):
            self._later(lambda acked: self._confirm(got.private["response_url"], reply))

    async def _confirm(self, response_url: str, reply: Reply) -> None:
        try:
            await self._respond({"response_url": response_url}, render(reply))
        except Exception:
            log.exception("slack: could not confirm a digest subscribed from the dialog")

    # --- Poster ------------------------------------------------------------------------------

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        """Post a reply (a digest) to a channel, the delivery key and part in each message's metadata.

        With `since` (an earlier attempt may have posted), parts already in the channel are not posted again.
        """
        try:
            done = await self.delivered(channel_id, key, since) if since is not None else set()
            for part, message in enumerate(render(reply)):
                if part not in done:
                    metadata = {"event_type": DELIVERY_EVENT, "event_payload": {"key": key, "part": part}}
                    await self._post(channel_id, message, metadata)
        except SlackApiError as exc:
            error, status = exc.response.get("error", ""), exc.response.status_code
            if error in GONE:
                raise ChannelGone(f"slack channel {channel_id}: {error}") from exc
            if error == "ratelimited" or status == 429 or status >= 500:
                raise TransientDeliveryError(f"slack channel {channel_id}: {error or status}") from exc
            raise DeliveryError(f"slack channel {channel_id}: {error or status}") from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientDeliveryError(f"slack channel {channel_id}: {exc!r}") from exc

    async def delivered(self, channel_id: str, key: str, since: datetime) -> set[int]:
        """The parts of delivery `key` in the channel since `since`, found by their message metadata.

        conversations.history needs channels:history / groups:history and membership: chat:write.public posts
        without joining, so on not_in_channel the bot joins the public channel (channels:join) and reads again.
        When Slack still refuses, the check is skipped with a warning and every part is posted.
        """
        parts: set[int] = set()
        cursor = None
        joined = False
        while True:
            try:
                page = await self.client.conversations_history(channel=channel_id, oldest=f"{since.timestamp():.6f}",
                                                               include_all_metadata=True, limit=HISTORY_PAGE,
                                                               cursor=cursor)
            except SlackApiError as exc:
                error = exc.response.get("error")
                if error == "not_in_channel" and not joined:
                    joined = await self._join(channel_id)
                    if joined:
                        continue
                if error in ("not_in_channel", "missing_scope"):
                    log.warning("slack: cannot check channel %s for digest %s already posted (%s); posting",
                                channel_id, key, error)
                    return set()
                raise
            messages: list[dict[str, Any]] = page.get("messages", [])
            for message in messages:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == DELIVERY_EVENT and payload.get("key") == key:
                    parts.add(int(payload.get("part", 0)))
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not (page.get("has_more") and cursor):
                return parts

    async def _join(self, channel_id: str) -> bool:
        """Join a public channel the bot posts to without membership, so its history can be read."""
        try:
            await self.client.conversations_join(channel=channel_id)
        except SlackApiError as exc:
            log.warning("slack: cannot join channel %s (%s)", channel_id, exc.response.get("error"))
            return False
        log.info("slack: joined channel %s to check which digests it already has", channel_id)
        return True
