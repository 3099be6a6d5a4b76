"""The Discord service: connects the client (REST + gateway at the configured URLs) and posts digests."""
from __future__ import annotations

import asyncio
import hashlib
import logging
from datetime import datetime

import aiohttp
import discord
import yarl
from discord.gateway import DiscordWebSocket

from bot.adapters.discord.buttons import message_kwargs
from bot.adapters.discord.client import BriefClient
from bot.adapters.discord.mentions import ARCHIVE_AFTER, thread_name
from bot.adapters.discord.render import Message, render
from bot.config import DiscordConfig
from bot.core.delivery import ChannelGone, DeliveryError, TransientDeliveryError
from bot.core.library import Library
from bot.core.registry import Registry
from bot.core.reply import Reply
from bot.digests.conversations import ConversationStore

__all__ = ["DiscordService", "nonce", "use_endpoints"]

log = logging.getLogger(__name__)

POST_TIMEOUT = 30.0  # seconds one digest message may take, rate-limit waits included
START_TIMEOUT = 60.0  # seconds the gateway may take to connect and say READY at start (discord.py's own connect limit)
NONCE = 25  # Discord's longest message nonce
HISTORY_PAGE = 100  # Discord's largest page of channel messages
THREAD_EXISTS = 160004  # Discord's error code: "A thread has already been created for this message"


def use_endpoints(api_url: str, gateway_url: str) -> None:
    """Point discord.py at a Discord-compatible server (REST base with version, websocket base).

    discord.py keeps both as class attributes, so this is process-wide: one Discord connection per process.
    """
    discord.http.Route.BASE = api_url.rstrip("/")
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def nonce(key: str, part: int) -> str:
    """The message nonce for part `part` of a delivery: the key itself, then a short digest of key+part."""
    if part == 0:
        return key[:NONCE]
    return hashlib.blake2b(f"{key}:{part}".encode(), digest_size=12).hexdigest()[:NONCE]


class DiscordService:
    """Runs the gateway client as a Service and posts replies to channels as a Poster."""

    name = "discord"
    platform = "discord"

    def __init__(self, config: DiscordConfig, library: Library, registry: Registry, *,
                 post_timeout: float = POST_TIMEOUT, conversations: ConversationStore | None = None) -> None:
        """`conversations` keeps the context of questions asked by mention; without it each is answered alone."""
        self.config = config
        self.post_timeout = post_timeout
        self.client = BriefClient(registry, library, guilds=config.guilds, conversations=conversations)
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Log in (checks the token, syncs the commands), connect to the gateway and wait for READY, then hold the
        connection in the background (discord.py reconnects it).

        When Discord cannot be used (a rejected token, the API or the gateway unreachable) the client is closed,
        so no session is left open, and one RuntimeError says what failed and which setting to look at.
        """
        use_endpoints(self.config.api_url, self.config.gateway_url)
        try:
            await self._connect()
        except BaseException:
            await self.client.close()
            raise

    async def _connect(self) -> None:
        try:
            await self.client.login(self.config.token.get_secret_value())
        except discord.LoginFailure:
            raise RuntimeError("Discord rejected the bot token; check discord.token") from None
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise RuntimeError(f"cannot reach the Discord API at {self.config.api_url} (discord.api_url): "
                               f"{exc}") from None
        gateway = DiscordWebSocket.DEFAULT_GATEWAY.with_query(v=discord.http.INTERNAL_API_VERSION, encoding="json")
        try:
            # discord.py's first connection, failing, logs a traceback and then fails on its own missing
            # websocket instead of retrying: so the gateway is first reached here, where a failure is one line
            probe = await asyncio.wait_for(self.client.http.ws_connect(str(gateway)), START_TIMEOUT)
            await probe.close()
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            raise RuntimeError(f"cannot reach the Discord gateway at {self.config.gateway_url} "
                               f"(discord.gateway_url): {exc or type(exc).__name__}") from None
        self._task = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        ready = asyncio.ensure_future(self.client.wait_until_ready())
        await asyncio.wait({ready, self._task}, timeout=START_TIMEOUT, return_when=asyncio.FIRST_COMPLETED)
        if not ready.done():
            ready.cancel()
            ended = self._task.exception() if self._task.done() and not self._task.cancelled() else None
            raise RuntimeError(f"the Discord gateway at {self.config.gateway_url} did not let the bot in"
                               + (f": {ended}" if ended else f" within {START_TIMEOUT:.0f} s"))
        self._task.add_done_callback(self._ended)

    def _ended(self, task: asyncio.Task[None]) -> None:
        if not task.cancelled() and task.exception() is not None:
            log.error("the Discord gateway connection ended: %s", task.exception())

    async def stop(self) -> None:
        await self.client.close()
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    def ready(self) -> bool:
        return self.client.is_ready() and not self.client.is_closed()

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        """Post `reply` to a channel, then its thread replies in a public thread started from its first message,
        each message once (nonce + enforce_nonce, parts numbered on through the thread), mentioning no one.

        With `since` (an earlier attempt may have posted), parts whose nonce is already in the channel, or in the
        thread of the first part when it is there, are skipped.
        """
        if self._task is None or self.client.is_closed():
            raise TransientDeliveryError("Discord is not connected")
        try:
            channel = self.client.get_partial_messageable(int(channel_id))
        except ValueError:
            raise ChannelGone(f"{channel_id!r} is not a Discord channel id") from None
        top, replies = render(reply), [m for r in reply.thread for m in render(r)]
        try:
            done = await self.delivered(channel.id, discord.utils.time_snowflake(since)) if since is not None else {}
            first = done.get(nonce(key, 0))
            thread = await self._thread_read(first, done) if replies and first is not None else None
            for part, message in enumerate(top):
                if nonce(key, part) not in done:
                    sent = await self._send(channel, message, nonce(key, part))
                    if part == 0:
                        first = sent.id
            missing = [(part, m) for part, m in enumerate(replies, len(top)) if nonce(key, part) not in done]
            if missing:
                assert first is not None
                thread = thread or await self._start_thread(channel.id, first, reply.title)
                where = self.client.get_partial_messageable(thread) if thread else channel
                answering = None if thread else discord.MessageReference(message_id=first, channel_id=channel.id,
                                                                         fail_if_not_exists=False)
                for part, message in missing:
                    await self._send(where, message, nonce(key, part), answering)
        except (discord.NotFound, discord.Forbidden) as exc:
            raise ChannelGone(f"channel {channel_id}: {exc.text or exc.status}") from exc
        except (TimeoutError, discord.DiscordServerError, discord.RateLimited,
                aiohttp.ClientError, OSError) as exc:
            raise TransientDeliveryError(f"channel {channel_id}: {exc!r}") from exc
        except discord.HTTPException as exc:
            if exc.status == 429:
                raise TransientDeliveryError(f"channel {channel_id}: rate limited") from exc
            raise DeliveryError(f"channel {channel_id}: {exc.status} {exc.text}") from exc

    async def _send(self, where: discord.PartialMessageable, message: Message, once: str,
                    reference: discord.MessageReference | None = None) -> discord.Message:
        """One message of a delivery, with its nonce (and, as a reply, what it answers), within post_timeout."""
        kwargs = message_kwargs(message)
        if reference is not None:
            kwargs["reference"] = reference
        return await asyncio.wait_for(where.send(**kwargs, nonce=once), self.post_timeout)

    async def _thread_read(self, first: int, done: dict[str, int]) -> int | None:
        """The thread of the top message `first`, its nonces added to `done`; None when it has no thread yet."""
        try:
            done.update(await self.delivered(first, first))  # a thread started from a message has that message's id
        except discord.NotFound:
            return None
        return first

    async def _start_thread(self, channel_id: int, first: int, title: str) -> int | None:
        """Start the public thread of the top message `first` (or find it there already); None when Discord refuses
        one (no Create Public Threads, a channel without threads): the replies then go in the channel, each
        answering the top message."""
        try:
            await asyncio.wait_for(self.client.http.start_thread_with_message(
                channel_id, first, name=thread_name(title or "Digest"), auto_archive_duration=ARCHIVE_AFTER),
                self.post_timeout)
        except discord.HTTPException as exc:
            if exc.code == THREAD_EXISTS:
                return first
            if exc.status not in (400, 403):
                raise
            log.warning("digest replies in channel %s answer the digest: Discord refused a thread: %s %s",
                        channel_id, exc.status, exc.text)
            return None
        return first

    async def delivered(self, channel_id: int, after: int) -> dict[str, int]:
        """The message nonces in a channel or thread after the snowflake `after` (GET /channels/{id}/messages?after=),
        each with its message's id.

        Best effort: discord.com returns a message's nonce only for a short while after it was created, and
        enforce_nonce dedupes only within "the past few minutes" (undocumented length). A lease taken over after
        a crash comes digests.lease (default 5 min) later, possibly past that window: this check covers the gap
        where the server still reports nonces; where it does not, the nonce is the remaining guard. Without
        Read Message History Discord returns no messages, so the check finds nothing and the nonce guards alone.
        """
        found: dict[str, int] = {}
        while True:
            page = await asyncio.wait_for(self.client.http.logs_from(channel_id, HISTORY_PAGE, after=after),
                                          self.post_timeout)
            found.update((str(m["nonce"]), int(m["id"])) for m in page if m.get("nonce"))
            if len(page) < HISTORY_PAGE:
                return found
            after = max(int(m["id"]) for m in page)
