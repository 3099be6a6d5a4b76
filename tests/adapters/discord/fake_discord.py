"""A local fake Discord on 127.0.0.1: REST (aiohttp) and gateway (websocket) enough for discord.py to run end to end."""
from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

log = logging.getLogger(__name__)

APP_ID = "1100000000000000001"
BOT = {"id": APP_ID, "username": "briefbot", "discriminator": "0", "global_name": None, "avatar": None, "bot": True}
USER: dict[str, Any] = {"id": "1200000000000000001", "username": "alice", "discriminator": "0", "global_name": "Alice",
                        "avatar": None}
GUILD_ID = "1300000000000000001"
CHANNEL_ID = "1400000000000000001"
HEARTBEAT_MS = 45000
DISCORD_EPOCH_MS = 1420070400000
EPHEMERAL = 1 << 6
DM_CHANNEL_ID = "1400000000000000009"
CREATE_PUBLIC_THREADS = 1 << 35


@dataclass
class Call:
    """One REST request the bot made."""

    method: str
    path: str  # without the /api/v10 prefix
    json: Any
    query: dict[str, str]
    status: int = 0  # what the fake answered
    at: float = field(default_factory=time.perf_counter)  # when it arrived


@dataclass
class FakeDiscord:
    """REST under /api/v10, gateway at /gateway; records every call and can answer 429 or errors on demand."""

    calls: list[Call] = field(default_factory=list)
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # "global" or guild id -> commands
    messages: list[dict[str, Any]] = field(default_factory=list)  # channel messages created (each creation once)
    nonce_hits: int = 0  # creates answered with the existing message (same nonce, enforce_nonce), as Discord does
    faults: list[tuple[str, str, int, dict[str, Any], float]] = field(default_factory=list)
    identified: asyncio.Event = field(default_factory=asyncio.Event)
    delay: float = 0.0  # seconds every REST answer waits (for timeout tests)
    # with permissions: after READY the fake sends GUILD_CREATE for GUILD_ID (the channel, the bot as a member, and
    # @everyone holding these permission bits), so the bot knows the channel and what it may do there
    guild_permissions: int | None = None
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)  # thread id -> thread channel created

    def __post_init__(self) -> None:
        self._ids = itertools.count(1500000000000000001)
        self._seq = itertools.count(1)
        self._message_seq = itertools.count(1)
        self._ws: web.WebSocketResponse | None = None
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self.port = 0
        self.identify: dict[str, Any] = {}  # the bot's IDENTIFY payload (token, intents, properties)
        self.responses: dict[str, dict[str, Any]] = {}  # token -> {"message", "loading", "deleted"}: the response
        self.followups: dict[str, list[dict[str, Any]]] = {}  # token -> follow-up messages created

    # -- life cycle ---------------------------------------------------------------------------

    async def start(self) -> FakeDiscord:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- test controls ------------------------------------------------------------------------

    def fail(self, method: str, path_part: str, status: int, body: dict[str, Any], *, retry_after: float = 0.0) -> None:
        """Answer the next request whose path contains `path_part` with this status and JSON body."""
        self.faults.append((method, path_part, status, body, retry_after))

    def rate_limit(self, method: str, path_part: str, retry_after: float = 0.05) -> None:
        """One 429 the way Discord sends it: JSON body with retry_after, rate-limit headers and Via."""
        self.fail(method, path_part, 429, {"message": "You are being rate limited.", "retry_after": retry_after,
                                           "global": False}, retry_after=retry_after)

    async def wait_for(self, method: str, path_part: str, timeout: float = 10.0) -> Call:
        """The first (past or future) call matching method and path part."""
        return (await self.wait_count(method, path_part, 1, timeout))[0]

    async def wait_count(self, method: str, path_part: str, count: int, timeout: float = 10.0) -> list[Call]:
        """Wait until `count` calls match method and path part; returns them all."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [c for c in self.calls if c.method == method and path_part in c.path]
            if len(found) >= count or loop.time() > deadline:
                return found
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - loop.time()))

    async def created(self, channel_id: str, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
        """Wait until the bot has posted `count` messages in a channel or thread (POST /channels/{id}/messages);
        their bodies, oldest first."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            found = [c.json for c in self.calls if c.method == "POST" and c.path == f"/channels/{channel_id}/messages"]
            if len(found) >= count or loop.time() > deadline:
                return found
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), max(0.0, deadline - loop.time()))

    def reset(self) -> None:
        self.calls.clear()
        self.messages.clear()

    def shown(self, token: str) -> list[dict[str, Any]]:
        """What an interaction's messages show now, the response first: content, embeds and whether ephemeral."""
        response = self.responses.get(token)
        first = [response["message"]] if response and not response["deleted"] else []
        messages = first + self.followups.get(token, [])
        return [{"content": m["content"], "embeds": m["embeds"], "ephemeral": bool(m["flags"] & EPHEMERAL)}
                for m in messages]

    async def interact(self, name: str, options: list[dict[str, Any]] | None = None, *, dm: bool = False,
                       permissions: int = 0, guild_command: bool = False, kind: int = 2) -> tuple[str, str]:
        """Send INTERACTION_CREATE for a slash command (kind 2) or its autocomplete (kind 4, one option with
        "focused": true); returns (interaction id, token)."""
        data: dict[str, Any] = {"id": str(next(self._ids)), "name": name, "type": 1, "options": options or []}
        return await self._interaction(kind, data, dm=dm, permissions=permissions, guild_command=guild_command)

    async def click(self, message: dict[str, Any], custom_id: str, *, dm: bool = False,
                    permissions: int = 0) -> tuple[str, str]:
        """Send INTERACTION_CREATE of component type (3): a click on the button `custom_id` of `message` (a message
        the bot created, as this fake recorded it, components included); returns (interaction id, token)."""
        return await self._interaction(3, {"custom_id": custom_id, "component_type": 2}, dm=dm,
                                       permissions=permissions, message=message,
                                       channel_id=DM_CHANNEL_ID if dm else message["channel_id"])

    async def say(self, content: str, *, mention: bool = False, reply_to: dict[str, Any] | None = None,
                  channel_id: str = CHANNEL_ID, dm: bool = False, author: dict[str, Any] | None = None,
                  message_id: str | None = None) -> str:
        """Send MESSAGE_CREATE for a user's message; `mention` lists the bot in its mentions (Discord then delivers
        its content without the message-content intent), `reply_to` makes it a reply to that message; `message_id`
        sends one again (as a resumed gateway replays it)."""
        mid = message_id or str(self._snowflake())
        data: dict[str, Any] = {
            "id": mid, "channel_id": DM_CHANNEL_ID if dm else channel_id, "author": author or USER,
            "content": content, "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [BOT] if mention else [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": False, "type": 19 if reply_to else 0, "flags": 0,
            "components": []}
        if reply_to is not None:
            data["message_reference"] = {"type": 0, "message_id": reply_to["id"],
                                         "channel_id": reply_to["channel_id"]}
            data["referenced_message"] = reply_to
        if not dm:
            data["guild_id"] = GUILD_ID
            data["member"] = {"roles": [], "nick": None, "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False,
                              "mute": False, "flags": 0}
        await self.dispatch("MESSAGE_CREATE", data)
        return mid

    def in_channel(self, channel_id: str) -> list[dict[str, Any]]:
        """The messages the bot created in a channel or thread, oldest first."""
        return [m for m in self.messages if m["channel_id"] == channel_id]

    async def _interaction(self, kind: int, data: dict[str, Any], *, dm: bool, permissions: int,
                           guild_command: bool = False, message: dict[str, Any] | None = None,
                           channel_id: str = CHANNEL_ID) -> tuple[str, str]:
        iid, token = str(next(self._ids)), f"tok{next(self._ids)}"
        payload: dict[str, Any] = {
            "id": iid, "application_id": APP_ID, "type": kind, "data": data, "token": token, "version": 1,
            "locale": "en-US", "entitlements": [], "authorizing_integration_owners": {"0": GUILD_ID},
            "app_permissions": str((1 << 10) | (1 << 11) | (1 << 14)), "attachment_size_limit": 8388608,
        }
        if message is not None:
            payload["message"] = message
        if dm:
            payload.update(channel_id=channel_id, user=USER, context=1,
                           channel={"id": channel_id, "type": 1, "recipients": [USER]})
        else:
            if guild_command:
                data["guild_id"] = GUILD_ID
            payload.update(guild_id=GUILD_ID, channel_id=channel_id, guild_locale="en-US", context=0,
                           channel=self.threads.get(channel_id) or _text_channel(channel_id),
                           member={"user": USER, "roles": [], "permissions": str(permissions), "nick": None,
                                   "joined_at": "2026-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0})
        await self.dispatch("INTERACTION_CREATE", payload)
        return iid, token

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None, "the bot is not connected to the gateway"
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": next(self._seq), "d": data}))

    # -- gateway ------------------------------------------------------------------------------

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_MS}}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            frame = json.loads(msg.data)
            if frame["op"] == 1:  # heartbeat
                await ws.send_str(json.dumps({"op": 11}))
            elif frame["op"] == 2:  # identify
                self.identify = frame["d"]
                await self.dispatch("READY", {
                    "v": 10, "user": BOT, "guilds": [], "session_id": "fake-session", "private_channels": [],
                    "resume_gateway_url": self.gateway_url, "application": {"id": APP_ID, "flags": 0}})
                if self.guild_permissions is not None:
                    await self.dispatch("GUILD_CREATE", self._guild())
                self.identified.set()
        return ws

    def _guild(self) -> dict[str, Any]:
        assert self.guild_permissions is not None
        return {"id": GUILD_ID, "name": "fake guild", "icon": None, "owner_id": USER["id"], "afk_channel_id": None,
                "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
                "features": [], "mfa_level": 0, "system_channel_id": None, "system_channel_flags": 0,
                "rules_channel_id": None, "vanity_url_code": None, "description": None, "banner": None,
                "premium_tier": 0, "preferred_locale": "en-US", "public_updates_channel_id": None, "nsfw_level": 0,
                "premium_progress_bar_enabled": False, "emojis": [], "stickers": [], "large": False,
                "member_count": 2, "unavailable": False, "joined_at": "2026-01-01T00:00:00+00:00",
                "roles": [{"id": GUILD_ID, "name": "@everyone", "permissions": str(self.guild_permissions),
                           "position": 0, "color": 0, "hoist": False, "managed": False, "mentionable": False,
                           "flags": 0}],
                "channels": [_text_channel(CHANNEL_ID)], "threads": list(self.threads.values()),
                "members": [{"user": BOT, "roles": [], "nick": None, "joined_at": "2026-01-01T00:00:00+00:00",
                             "deaf": False, "mute": False, "flags": 0}],
                "voice_states": [], "presences": [], "stage_instances": [], "guild_scheduled_events": []}

    async def open_thread(self, thread_id: str, parent_id: str = CHANNEL_ID, name: str = "a thread") -> dict[str, Any]:
        """A thread someone else started: THREAD_CREATE, as Discord sends it to the bot."""
        thread = self._thread(thread_id, parent_id, name, owner=USER["id"])
        await self.dispatch("THREAD_CREATE", {**thread, "newly_created": True})
        return thread

    def _thread(self, thread_id: str, parent_id: str, name: str, owner: str) -> dict[str, Any]:
        thread = {"id": thread_id, "type": 11, "guild_id": GUILD_ID, "parent_id": parent_id, "name": name,
                  "owner_id": owner, "last_message_id": None, "rate_limit_per_user": 0, "message_count": 0,
                  "member_count": 1, "flags": 0, "thread_metadata": {
                      "archived": False, "auto_archive_duration": 1440, "locked": False,
                      "archive_timestamp": "2026-01-01T00:00:00+00:00"}}
        self.threads[thread_id] = thread
        return thread

    # -- REST ---------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = "/" + request.match_info["tail"]
        body = await request.json() if request.can_read_body else None
        call = Call(request.method, path, body, dict(request.query))
        if self.delay:
            await asyncio.sleep(self.delay)
        for i, (method, part, status, error, retry_after) in enumerate(self.faults):
            if method == request.method and part in path:
                del self.faults[i]
                self._record(call, status)
                headers = {"Via": "1.1 google"} if status == 429 else {}
                if status == 429:
                    headers.update({"Retry-After": str(retry_after), "X-RateLimit-Limit": "5",
                                    "X-RateLimit-Remaining": "0", "X-RateLimit-Reset-After": str(retry_after),
                                    "X-RateLimit-Bucket": "fake-bucket", "X-RateLimit-Scope": "user"})
                return _json(error, status, headers)
        data, status = self._answer(request.method, path, body, dict(request.query))
        self._record(call, status)
        if request.method == "POST" and path.endswith("/threads") and status == 200:  # as Discord tells its creator
            await self.dispatch("THREAD_CREATE", {**data, "newly_created": True})
        return _json(data, status)

    def _record(self, call: Call, status: int) -> None:
        call.status = status
        self.calls.append(call)
        self._changed.set()

    def _history(self, channel_id: str, query: dict[str, str]) -> list[dict[str, Any]]:
        """GET /channels/{id}/messages?after=&limit=: the oldest `limit` messages after the id, newest first.
        Unlike discord.com, which shows a nonce only briefly after creation, this fake always shows it."""
        after, limit = int(query.get("after", 0)), int(query.get("limit", 50))
        found = sorted((m for m in self.messages if m["channel_id"] == channel_id and int(m["id"]) > after),
                       key=lambda m: int(m["id"]))[:limit]
        return found[::-1]

    def _answer(self, method: str, path: str, body: Any, query: dict[str, str]) -> tuple[Any, int]:
        parts = path.strip("/").split("/")
        if (method, path) == ("GET", "/users/@me"):
            return BOT, 200
        if (method, path) == ("GET", "/oauth2/applications/@me"):
            return {"id": APP_ID, "name": "briefbot", "description": "", "icon": None, "bot_public": True,
                    "bot_require_code_grant": False, "owner": USER, "verify_key": "0" * 64, "flags": 0,
                    "summary": "", "team": None}, 200
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            scope = parts[3] if "guilds" in parts else "global"
            self.commands[scope] = [{**c, "id": str(next(self._ids)), "application_id": APP_ID, "version": "1",
                                     **({"guild_id": scope} if scope != "global" else {})} for c in body]
            return self.commands[scope], 200
        if method == "POST" and parts[0] == "interactions":
            return self._callback(parts[1], parts[2], body), 200
        if parts[0] == "webhooks":
            return self._webhook(method, parts[2], parts[3:], body or {})
        if method == "POST" and parts[0] == "channels" and parts[-1] == "threads" and len(parts) == 5:
            return self._start_thread(parts[1], parts[3], body)
        if method == "POST" and parts[0] == "channels" and parts[-1] == "messages":
            nonce = body.get("nonce")
            same = next((m for m in self.messages if nonce and m["nonce"] == nonce and body.get("enforce_nonce")), None)
            if same is None:
                same = self._message(body, channel_id=parts[1], nonce=nonce)
                self.messages.append(same)
            else:
                self.nonce_hits += 1
            return same, 200
        if method == "GET" and parts[0] == "channels" and parts[-1] == "messages":
            if parts[1] not in self.threads and any(m["id"] == parts[1] for m in self.messages):
                return {"message": "Unknown Channel", "code": 10003}, 404  # a message of ours that has no thread
            return self._history(parts[1], query), 200
        return {"message": f"fake Discord has no {method} {path}", "code": 0}, 404

    def _start_thread(self, channel_id: str, message_id: str, body: dict[str, Any]) -> tuple[Any, int]:
        """POST /channels/{id}/messages/{id}/threads: a public thread from a message, its id the message's; refused
        the way Discord refuses it without the permission, or when the message has one already."""
        assert self.guild_permissions is not None, "threads need a guild: set guild_permissions"
        if channel_id in self.threads:
            return {"message": "Cannot execute action on this channel type", "code": 50024}, 400
        if message_id in self.threads:
            return {"message": "A thread has already been created for this message", "code": 160004}, 400
        if not self.guild_permissions & CREATE_PUBLIC_THREADS:
            return {"message": "Missing Permissions", "code": 50013}, 403
        if not 1 <= len(body.get("name") or "") <= 100:
            return {"message": "Invalid Form Body", "code": 50035}, 400
        return self._thread(message_id, channel_id, body["name"], owner=APP_ID), 200

    def _callback(self, interaction_id: str, token: str, body: dict[str, Any]) -> dict[str, Any]:
        kind = body["type"]
        data = body.get("data") or {}
        message = self._message(data, flags=data.get("flags", 0))
        if kind in (4, 5):
            self.responses[token] = {"message": message, "loading": kind == 5, "deleted": False}
        return {"interaction": {"id": interaction_id, "type": 2, "response_message_id": message["id"],
                                "response_message_loading": kind == 5,
                                "response_message_ephemeral": bool(data.get("flags", 0) & 64)},
                "resource": {"type": kind, "message": message} if kind in (4, 5) else None}

    def _webhook(self, method: str, token: str, rest: list[str], body: dict[str, Any]) -> tuple[Any, int]:
        """The response and follow-ups, as Discord treats them: while a deferral is loading, a follow-up fills it
        keeping the deferral's flags (whatever its own); a message's visibility never changes; a deleted
        loading message takes no follow-up (Unknown Message, as discord-api-docs#2739 reported)."""
        response = self.responses.get(token)
        gone = {"message": "Unknown Message", "code": 10008}, 404
        if method == "POST" and not rest:
            if response is not None and response["loading"]:
                if response["deleted"]:
                    return gone
                return self._fill(response, body), 200
            message = self._message(body, flags=body.get("flags", 0))
            self.followups.setdefault(token, []).append(message)
            return message, 200
        if rest == ["messages", "@original"] and method in ("PATCH", "DELETE"):
            if response is None or response["deleted"]:
                return gone
            if method == "DELETE":
                response["deleted"] = True
                return None, 204
            return self._fill(response, body), 200
        return {"message": f"fake Discord has no {method} webhook path {rest}", "code": 0}, 404

    @staticmethod
    def _fill(response: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        response["loading"] = False
        response["message"].update(content=body.get("content") or "", embeds=body.get("embeds") or [],
                                   components=body.get("components") or [])
        return response["message"]

    def _message(self, body: dict[str, Any] | None, *, channel_id: str = CHANNEL_ID, flags: int = 0,
                 nonce: str | None = None) -> dict[str, Any]:
        body = body or {}
        return {"id": str(self._snowflake()), "channel_id": channel_id, "author": BOT,
                "content": body.get("content") or "",
                "timestamp": "2026-01-01T00:00:00+00:00", "edited_timestamp": None, "tts": False,
                "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
                "embeds": body.get("embeds") or [], "pinned": False, "type": 19 if body.get("message_reference") else 0,
                "flags": flags, "nonce": nonce, "components": body.get("components") or [],
                **({"message_reference": body["message_reference"]} if body.get("message_reference") else {})}

    def _snowflake(self) -> int:
        return ((int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22) | (next(self._message_seq) & 0x3FFFFF)


def _text_channel(channel_id: str) -> dict[str, Any]:
    return {"id": channel_id, "type": 0, "name": "general", "guild_id": GUILD_ID, "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None}


def _json(data: Any, status: int, headers: dict[str, str] | None = None) -> web.Response:
    if data is None:
        return web.Response(status=204, headers=headers)
    return web.Response(status=status, body=json.dumps(data).encode(), headers={
        **(headers or {}), "Content-Type": "application/json"})
