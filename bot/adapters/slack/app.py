"""The Slack service: bolt AsyncApp over Socket Mode or HTTP, slash commands -> registry, and the Poster; mentions,
button clicks and the Home tab are its parts (mentions.py, clicks.py, home.py), using the helpers it gives them."""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.clicks import Clicks
from bot.adapters.slack.errors import CANNOT_POST, FAILED, GONE
from bot.adapters.slack.gate import Allowlist, SignedRequests
from bot.adapters.slack.home import Home
from bot.adapters.slack.mentions import Mentions
from bot.adapters.slack.pacing import ChannelPacer
from bot.adapters.slack.render import Message, render, unescape
from bot.config import SlackConfig
from bot.core.context import Context
from bot.core.delivery import ChannelGone, DeliveryError, TransientDeliveryError
from bot.core.library import Library
from bot.core.registry import Permission, Registry, UsageError
from bot.core.reply import Reply, error_reply

if TYPE_CHECKING:
    from bot.digests.conversations import ConversationStore
    from bot.digests.service import DigestService

__all__ = ["ANSWERING", "ANSWER_THREADS", "DELIVERY_EVENT", "SlackService"]

log = logging.getLogger(__name__)

DELIVERY_EVENT = "briefbot_delivery"  # message metadata event_type carrying the delivery key
HISTORY_PAGE = 200  # conversations.history / .replies page size when checking what a resumed delivery posted
RESPONSE_URL_USES = 5  # Slack accepts at most five posts to one response_url
STOP_GRACE = 5.0  # seconds in-flight answers get to finish on stop
ANSWERING = 8  # commands answered at once; the others wait their turn after their ack
ANSWER_THREADS = 2  # threads computing answers (dispatch + render), so the event loop keeps acking
# Acks first: when more commands come in after one, its answer starts once none has come for ACK_QUIET s (or after
# ACK_FIRST s at most), since an answer thread holding the GIL makes the loop wait up to 5 ms at each socket call of
# a burst's acks.
ACK_QUIET = 0.005
ACK_FIRST = 0.25
T = TypeVar("T")


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
        self.home = Home(self)
        for part in (Mentions(self), Clicks(self), self.home):
            part.register(self.app)
        self.bot_user = ""  # the bot's user id, from auth.test: its mention is taken out of a question
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
        self.bot_user = str(auth.get("user_id") or "")
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

    # --- what the parts share: scheduling after an ack, answer threads, users, replies --------

    def later(self, answer: Callable[[float], Coroutine[Any, Any, None]]) -> None:
        """Just acked: schedule the answer (given the ack's loop time), kept until it is done (stop waits)."""
        self._last_ack = acked = asyncio.get_running_loop().time()
        task = asyncio.create_task(answer(acked))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

    @asynccontextmanager
    async def turn(self, acked: float) -> AsyncIterator[None]:
        """An answer's turn: a few at a time (ANSWERING), after the acks of a burst behind it.

        While other requests came in after this one was acked, wait until they stop (at most ACK_FIRST s), so a
        burst is acked before it is answered. A request on its own is answered at once."""
        async with self._answering:
            loop = asyncio.get_running_loop()
            latest = loop.time() + ACK_FIRST
            while self._last_ack > acked and (quiet := self._last_ack + ACK_QUIET) > loop.time() < latest:
                await asyncio.sleep(min(quiet, latest) - loop.time())
            yield

    async def compute(self, fn: Callable[..., T], *args: Any) -> T:
        """Run the CPU-heavy part of an answer (dispatch, render) on an answer thread, so the loop keeps acking."""
        return await asyncio.get_running_loop().run_in_executor(self._threads, fn, *args)

    def context(self, user: str, channel: str, team: str, *, is_admin: bool, is_dm: bool | None = None) -> Context:
        """The Context of a request: who, where (a D… channel is a direct message), admin as already checked."""
        return Context(library=self.library, platform="slack", user_id=user, channel_id=channel, server_id=team,
                       is_admin=is_admin, is_dm=channel.startswith("D") if is_dm is None else is_dm)

    def needs_admin(self, name: str, text: str) -> bool:
        """Whether `/name text` is an admin-only command (so is_admin must be asked of Slack)."""
        try:
            command, _ = self.registry.resolve(name, text)
        except (KeyError, UsageError):
            return False  # dispatch answers these with the right message
        return command.permission is Permission.CHANNEL_ADMIN

    async def user_info(self, user_id: str) -> dict[str, Any] | None:
        """users.info now (never cached), or None with a warning when Slack cannot say."""
        try:
            user: dict[str, Any] = (await self.client.users_info(user=user_id))["user"]
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: users.info for %s failed (%s)", user_id, exc)
            return None
        return user

    async def is_admin(self, user_id: str, user: dict[str, Any] | None = None) -> bool:
        """Configured admins, or workspace admins and owners asked of Slack now (never cached; `user`, when given,
        is its users.info just asked); not an admin when Slack cannot say."""
        if user_id in self.config.admins:
            return True
        user = user or await self.user_info(user_id)
        return user is not None and bool(user.get("is_admin") or user.get("is_owner"))

    async def respond(self, response_url: str, messages: list[Message], **extra: Any) -> None:
        """Ephemeral messages through a command's (or click's) response_url (five uses at most)."""
        if len(messages) > RESPONSE_URL_USES:
            log.warning("slack: answer of %d messages cut to %d for the response_url", len(messages), RESPONSE_URL_USES)
        for message in messages[:RESPONSE_URL_USES]:
            await self.hook(response_url, {**message, "response_type": "ephemeral", **extra})

    async def hook(self, response_url: str, payload: dict[str, Any]) -> None:
        """One post to a response_url; an error when Slack does not take it."""
        hook = AsyncWebhookClient(response_url, session=self._session, retry_handlers=retry_handlers())
        sent = await hook.send_dict(payload)
        if sent.status_code != 200:
            raise RuntimeError(f"response_url answered {sent.status_code}: {sent.body[:200]}")

    async def post_message(self, channel: str, message: Message, metadata: dict[str, Any] | None = None,
                           thread_ts: str | None = None) -> str:
        """chat.postMessage, paced per channel, without link previews; the new message's ts."""
        await self.pacer.wait(channel)
        sent = await self.client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"],
                                                  metadata=metadata, thread_ts=thread_ts, unfurl_links=False,
                                                  unfurl_media=False)
        return str(sent["ts"])

    # --- slash commands ----------------------------------------------------------------------

    async def _ack(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """An empty ack, before any work (Slack wants it within 3 s); the answer is only scheduled. `/digest
        subscribe` with nothing after it opens the subscribe dialog instead (its trigger_id lasts 3 s: not queued)."""
        await ack()
        name = body.get("command", "").lstrip("/")
        if self._core_names.get(name, name) == "digest" and unescape(body.get("text", "")).split() == ["subscribe"]:
            self.later(lambda acked: self.home.open_subscribe(body, acked))
        else:
            self.later(lambda acked: self.on_command(body, acked))

    async def on_command(self, body: dict[str, Any], acked: float) -> None:
        """After the ack, in its turn: answer through the response_url, or in the channel when public."""
        async with self.turn(acked):
            try:
                reply, messages = await self._answer(body)
                await self._deliver(body, reply, messages)
            except Exception:
                log.exception("slack: %s from %s in %s failed",
                              body.get("command"), body.get("user_id"), body.get("channel_id"))
                try:
                    await self.respond(body["response_url"], render(error_reply(FAILED)))
                except Exception:
                    log.exception("slack: could not tell %s about the failure either", body.get("user_id"))

    def _compute(self, ctx: Context, name: str, text: str) -> tuple[Reply, list[Message]]:
        """The CPU-heavy part, on an answer thread: the reply and its rendering."""
        reply = self.registry.dispatch(ctx, name, text)
        return reply, render(reply)

    async def _answer(self, body: dict[str, Any]) -> tuple[Reply, list[Message]]:
        name, text = body.get("command", "").lstrip("/"), unescape(body.get("text", ""))
        name = self._core_names.get(name, name)
        user, channel = body.get("user_id", ""), body.get("channel_id", "")
        ctx = self.context(user, channel, body.get("team_id", ""),
                           is_admin=await self.is_admin(user) if self.needs_admin(name, text) else False,
                           is_dm=channel.startswith("D") or body.get("channel_name") == "directmessage")
        return await self.compute(self._compute, ctx, name, text)

    async def _deliver(self, body: dict[str, Any], reply: Reply, messages: list[Message]) -> None:
        if reply.ephemeral or reply.error:
            await self.respond(body["response_url"], messages)
            return
        try:
            for message in messages:
                await self.post_message(body["channel_id"], message)
        except SlackApiError as exc:
            error = exc.response.get("error")
            log.warning("slack: public answer in %s failed: %s", body.get("channel_id"), error)
            await self.respond(body["response_url"], render(error_reply(CANNOT_POST if error in GONE else FAILED)))

    # --- Poster ------------------------------------------------------------------------------

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        """Post a reply (a digest) to a channel, then its thread replies in the thread of its first message, the
        delivery key and part (numbered on through the thread) in each message's metadata.

        With `since` (an earlier attempt may have posted), parts already in the channel, or in the thread of the
        first part when it is there, are not posted again.
        """
        top, replies = render(reply), [m for r in reply.thread for m in render(r)]
        try:
            done = await self.delivered(channel_id, key, since) if since is not None else {}
            if replies and 0 in done:
                done.update(await self._parts(key, self.client.conversations_replies, channel=channel_id,
                                              ts=done[0]))
            for part, message in enumerate([*top, *replies]):
                if part not in done:
                    thread = done[0] if part >= len(top) else None
                    done[part] = await self.post_message(channel_id, message, _metadata(key, part), thread)
        except SlackApiError as exc:
            error, status = exc.response.get("error", ""), exc.response.status_code
            if error in GONE:
                raise ChannelGone(f"slack channel {channel_id}: {error}") from exc
            if error == "ratelimited" or status == 429 or status >= 500:
                raise TransientDeliveryError(f"slack channel {channel_id}: {error or status}") from exc
            raise DeliveryError(f"slack channel {channel_id}: {error or status}") from exc
        except (aiohttp.ClientError, TimeoutError) as exc:
            raise TransientDeliveryError(f"slack channel {channel_id}: {exc!r}") from exc

    async def delivered(self, channel_id: str, key: str, since: datetime) -> dict[int, str]:
        """The parts of delivery `key` in the channel since `since` (not in threads), found by their message
        metadata: part -> ts.

        conversations.history needs channels:history / groups:history and membership: chat:write.public posts
        without joining, so on not_in_channel the bot joins the public channel (channels:join) and reads again.
        When Slack still refuses, the check is skipped with a warning and every part is posted.
        """
        joined = False
        while True:
            try:
                return await self._parts(key, self.client.conversations_history, channel=channel_id,
                                         oldest=f"{since.timestamp():.6f}")
            except SlackApiError as exc:
                error = exc.response.get("error")
                if error == "not_in_channel" and not joined:
                    joined = await self._join(channel_id)
                    if joined:
                        continue
                if error in ("not_in_channel", "missing_scope"):
                    log.warning("slack: cannot check channel %s for digest %s already posted (%s); posting",
                                channel_id, key, error)
                    return {}
                raise

    @staticmethod
    async def _parts(key: str, read: Callable[..., Coroutine[Any, Any, AsyncSlackResponse]],
                     **args: Any) -> dict[int, str]:
        """Every page of conversations.history or conversations.replies: the parts of delivery `key` (part -> ts)."""
        parts: dict[int, str] = {}
        cursor = None
        while True:
            page = await read(**args, include_all_metadata=True, limit=HISTORY_PAGE, cursor=cursor)
            messages: list[dict[str, Any]] = page.get("messages", [])
            for message in messages:
                metadata = message.get("metadata") or {}
                payload = metadata.get("event_payload") or {}
                if metadata.get("event_type") == DELIVERY_EVENT and payload.get("key") == key:
                    parts.setdefault(int(payload.get("part", 0)), str(message["ts"]))
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


def _metadata(key: str, part: int) -> dict[str, Any]:
    """A delivery message's metadata: which delivery, which part."""
    return {"event_type": DELIVERY_EVENT, "event_payload": {"key": key, "part": part}}
