"""The Slack service: bolt AsyncApp over Socket Mode or HTTP, slash commands -> registry, and the Poster."""
from __future__ import annotations

import asyncio
import logging
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

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
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.gate import Allowlist, SignedRequests
from bot.adapters.slack.pacing import ChannelPacer
from bot.adapters.slack.render import Message, render, unescape
from bot.config import SlackConfig
from bot.core.context import Context
from bot.core.delivery import ChannelGone, DeliveryError, TransientDeliveryError
from bot.core.library import Library
from bot.core.registry import Permission, Registry, UsageError
from bot.core.reply import Reply, error_reply

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


def retry_handlers() -> list[AsyncRetryHandler]:
    """slack_sdk retries only connection errors by default; 429s wait for Retry-After and go again."""
    return [AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=3)]


class SlackService:
    """One workspace: answers slash commands (Socket Mode or HTTP) and posts digests (Poster)."""

    name = "slack"
    platform = "slack"

    def __init__(self, config: SlackConfig, library: Library, registry: Registry,
                 pacer: ChannelPacer | None = None):
        self.config = config
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

    async def _ack(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """An empty ack, before any work (Slack wants it within 3 s); the answer is only scheduled."""
        await ack()
        self._last_ack = acked = asyncio.get_running_loop().time()
        task = asyncio.create_task(self._on_command(body, acked))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)

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

    async def _is_admin(self, user_id: str) -> bool:
        """Configured admins, or workspace admins and owners asked of Slack now (never cached)."""
        if user_id in self.config.admins:
            return True
        try:
            user = (await self.client.users_info(user=user_id))["user"]
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as exc:
            log.warning("slack: users.info for %s failed (%s); treating as not an admin", user_id, exc)
            return False
        return bool(user.get("is_admin") or user.get("is_owner"))

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

    async def _respond(self, body: dict[str, Any], messages: list[Message]) -> None:
        """Ephemeral messages through the command's response_url (five uses at most)."""
        if len(messages) > RESPONSE_URL_USES:
            log.warning("slack: answer of %d messages cut to %d for the response_url", len(messages), RESPONSE_URL_USES)
        hook = AsyncWebhookClient(body["response_url"], session=self._session, retry_handlers=retry_handlers())
        for message in messages[:RESPONSE_URL_USES]:
            sent = await hook.send_dict({**message, "response_type": "ephemeral"})
            if sent.status_code != 200:
                raise RuntimeError(f"response_url answered {sent.status_code}: {sent.body[:200]}")

    async def _post(self, channel: str, message: Message, metadata: dict[str, Any] | None = None) -> None:
        await self.pacer.wait(channel)
        await self.client.chat_postMessage(channel=channel, text=message["text"], blocks=message["blocks"],
                                           metadata=metadata, unfurl_links=False, unfurl_media=False)

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
