"""A fake Slack on 127.0.0.1: Web API, response_url hooks, Socket Mode websocket; plus request signing."""
from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlencode, urlsplit

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestServer
from slack_sdk.signature import SignatureVerifier

BOT_TOKEN, APP_TOKEN, SIGNING_SECRET = "xoxb-test-token", "xapp-test-token", "test-signing-secret"


class FakeSlack:
    """Records what the bot sends; `fail_posts` / `fail_history` / `fail_replies` queue (status, headers, body)
    answers to chat.postMessage / conversations.history / conversations.replies."""

    def __init__(self) -> None:
        self.posts: list[dict[str, Any]] = []        # chat.postMessage bodies that succeeded
        self.post_attempts = 0
        # what conversations.history and .replies show: channel, ts, thread_ts (a reply's parent), text, metadata
        self.messages: list[dict[str, Any]] = []
        self.history_calls: list[dict[str, Any]] = []
        self.fail_history: list[tuple[int, dict[str, str], dict[str, Any]]] = []
        self.replies_calls: list[dict[str, Any]] = []
        self.fail_replies: list[tuple[int, dict[str, str], dict[str, Any]]] = []
        self._last_ts = 0.0
        self.joins: list[str] = []  # conversations.join calls
        self.fail_join: list[str] = []  # errors conversations.join answers with, one per call
        self.hooks: list[dict[str, Any]] = []        # response_url bodies, "_path" added
        self._hooks_by_path: dict[str, list[dict[str, Any]]] = {}
        self.users_info: list[str] = []              # users asked about
        self.frames: list[dict[str, Any]] = []       # socket-mode frames the bot sent
        self.admins: set[str] = set()                # users.info says is_admin
        self.peers: list[tuple[str, int]] = []       # the client address of each Web API and response_url call
        self.channel_errors: dict[str, str] = {}     # channel -> chat.postMessage error
        self.fail_posts: list[tuple[int, dict[str, str], dict[str, Any]]] = []
        self.fail_attempt: dict[int, tuple[int, dict[str, str], dict[str, Any]]] = {}  # n-th chat.postMessage: this
        self.envelopes: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.calls: dict[str, list[dict[str, Any]]] = {}  # the arguments of every other method, by method
        self.tz = "Europe/Lisbon"                    # users.info says each user's time zone is this
        self._changed = asyncio.Condition()
        self._ids = itertools.count(1)
        self._methods: dict[str, Callable[[dict[str, Any]], Awaitable[web.Response]]] = {
            "auth.test": self._auth_test, "apps.connections.open": self._connections_open,
            "users.info": self._users_info, "chat.postMessage": self._post_message,
            "conversations.join": self._join, "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "chat.postEphemeral": self._recorded, "chat.delete": self._recorded, "views.publish": self._recorded,
            "views.open": self._recorded}
        app = web.Application()
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_post("/hooks/{id}", self._hook)
        app.router.add_get("/link", self._socket)
        self.server = TestServer(app, host="127.0.0.1")

    async def __aenter__(self) -> FakeSlack:
        await self.server.start_server()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.server.close()

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def response_url(self) -> str:
        return self.url(f"/hooks/{next(self._ids)}")

    def hooks_for(self, response_url: str) -> list[dict[str, Any]]:
        """What reached one response_url, found by its path (no scan of every hook: waiters ask on each change)."""
        return self._hooks_by_path.get(urlsplit(response_url).path, [])

    async def wait_for(self, done: Callable[[], bool], timeout: float = 10.0) -> None:
        """Wait until `done()` holds; fail the test if it never does."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(done), timeout)

    async def _record(self, into: list[Any], item: Any) -> None:
        async with self._changed:
            into.append(item)
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        """One Web API call: the token checked (the app token for apps.connections.open, else the bot token), then
        the method's handler; an unknown method is a 404."""
        self.peers.append(request.transport.get_extra_info("peername") if request.transport else ("", 0))
        args: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            args.update(await request.json())
        elif request.can_read_body:
            args.update(await request.post())
        method = request.match_info["method"]
        expected = APP_TOKEN if method == "apps.connections.open" else BOT_TOKEN
        if request.headers.get("Authorization", "") != f"Bearer {expected}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        handler = self._methods.get(method)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"}, status=404)
        if handler == self._recorded:
            await self._record(self.calls.setdefault(method, []), args)
        return await handler(args)

    def called(self, method: str) -> list[dict[str, Any]]:
        """The arguments of each call of a recorded method (views.publish, chat.postEphemeral ...), JSON decoded."""
        return [{k: json.loads(v) if isinstance(v, str) and v[:1] in "[{" else v for k, v in call.items()}
                for call in self.calls.get(method, [])]

    async def _recorded(self, args: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True, "ts": f"{time.time():.6f}", "channel": args.get("channel", "")})

    async def _auth_test(self, args: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True, "user": "briefbot", "user_id": "UBOT", "team": "Test",
                                  "team_id": "T1", "bot_id": "B1"})

    async def _connections_open(self, args: dict[str, Any]) -> web.Response:
        return web.json_response({"ok": True, "url": self.url("/link").replace("http", "ws", 1)})

    async def _users_info(self, args: dict[str, Any]) -> web.Response:
        await self._record(self.users_info, args["user"])
        user = {"id": args["user"], "is_admin": args["user"] in self.admins, "is_owner": False, "tz": self.tz,
                "real_name": f"Person {args['user']}", "profile": {"display_name": f"person-{args['user'].lower()}"}}
        return web.json_response({"ok": True, "user": user})

    async def _post_message(self, args: dict[str, Any]) -> web.Response:
        """chat.postMessage: a queued failure first (or the one set for this attempt), then the channel's error, else
        the message is kept."""
        self.post_attempts += 1
        if self.fail_posts:
            return _answer(self.fail_posts.pop(0))
        if self.post_attempts in self.fail_attempt:
            return _answer(self.fail_attempt.pop(self.post_attempts))
        if args["channel"] in self.channel_errors:
            return web.json_response({"ok": False, "error": self.channel_errors[args["channel"]]})
        thread_ts = args.get("thread_ts") or None
        self._last_ts = max(time.time(), self._last_ts + 0.000001)  # unique per workspace, as Slack's are
        ts = f"{self._last_ts:.6f}"
        metadata = json.loads(args["metadata"]) if isinstance(args.get("metadata"), str) else args.get("metadata")
        self.messages.append({"channel": args["channel"], "ts": ts, "thread_ts": thread_ts,
                              "text": args.get("text", ""), "metadata": metadata})
        await self._record(self.posts, args)
        return web.json_response({"ok": True, "channel": args["channel"], "ts": ts})

    async def _join(self, args: dict[str, Any]) -> web.Response:
        self.joins.append(args["channel"])
        if self.fail_join:
            return web.json_response({"ok": False, "error": self.fail_join.pop(0)})
        return web.json_response({"ok": True, "channel": {"id": args["channel"]}})

    async def _conversations_history(self, args: dict[str, Any]) -> web.Response:
        self.history_calls.append(args)
        if self.fail_history:
            return _answer(self.fail_history.pop(0))
        return web.json_response(self._history(args))

    async def _conversations_replies(self, args: dict[str, Any]) -> web.Response:
        """conversations.replies: the parent `ts` first, then its thread's replies, oldest first, paged like history;
        thread_not_found for a ts that is no message of the channel."""
        self.replies_calls.append(args)
        if self.fail_replies:
            return _answer(self.fail_replies.pop(0))
        thread = [m for m in self.messages
                  if m["channel"] == args["channel"] and args["ts"] in (m["ts"], m.get("thread_ts"))]
        if not any(m["ts"] == args["ts"] for m in thread):
            return web.json_response({"ok": False, "error": "thread_not_found"})
        return web.json_response(_page(sorted(thread, key=lambda m: float(m["ts"])), args))

    def _history(self, args: dict[str, Any]) -> dict[str, Any]:
        """Newest first, after `oldest`, `limit` per page with a cursor; metadata only with include_all_metadata.
        Replies in threads are left out, as Slack leaves them out of a channel's history."""
        oldest = float(args.get("oldest") or 0)
        found = sorted((m for m in self.messages if m["channel"] == args["channel"] and float(m["ts"]) > oldest
                        and m.get("thread_ts") in (None, m["ts"])), key=lambda m: float(m["ts"]), reverse=True)
        return _page(found, args)

    async def _hook(self, request: web.Request) -> web.Response:
        self.peers.append(request.transport.get_extra_info("peername") if request.transport else ("", 0))
        hook = {**await request.json(), "_path": request.path}
        self._hooks_by_path.setdefault(request.path, []).append(hook)
        await self._record(self.hooks, hook)
        return web.Response(text="ok")

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        """Socket Mode: `hello`, then each queued envelope; every frame from the bot is recorded."""
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})

        async def send() -> None:
            while True:
                await ws.send_json(await self.envelopes.get())

        sender = asyncio.create_task(send())
        try:
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    await self._record(self.frames, json.loads(msg.data))
        finally:
            sender.cancel()
        return ws


def _page(found: list[dict[str, Any]], args: dict[str, Any]) -> dict[str, Any]:
    """One page of messages as conversations.history and .replies give it: `limit` from the `cursor` on, with
    metadata only when include_all_metadata is asked."""
    start, limit = int(args.get("cursor") or 0), int(args.get("limit") or 100)
    with_metadata = args.get("include_all_metadata") in (True, "1", "true")
    page = [{"type": "message", "ts": m["ts"], "text": m["text"], "bot_id": "B1",
             **({"thread_ts": m["thread_ts"]} if m.get("thread_ts") else {}),
             **({"metadata": m["metadata"]} if m["metadata"] and with_metadata else {})}
            for m in found[start:start + limit]]
    more = start + limit < len(found)
    return {"ok": True, "messages": page, "has_more": more,
            "response_metadata": {"next_cursor": str(start + limit) if more else ""}}


def _answer(queued: tuple[int, dict[str, str], dict[str, Any]]) -> web.Response:
    """A queued (status, headers, body) answer."""
    status, headers, body = queued
    return web.json_response(body, status=status, headers=headers)


def slash_form(command: str, text: str, response_url: str, *, user: str = "U1", channel: str = "C1",
               channel_name: str = "general", team: str = "T1", app: str = "A1") -> dict[str, str]:
    """A slash command payload as Slack sends it (text with & < > encoded), from workspace `team` to app `app`."""
    encoded = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return {"token": "legacy", "team_id": team, "team_domain": "test", "channel_id": channel,
            "channel_name": channel_name, "user_id": user, "user_name": "tester", "command": command,
            "text": encoded, "api_app_id": app, "response_url": response_url, "trigger_id": "1.2.3"}


def event_body(text: str, *, kind: str = "app_mention", user: str = "U1", channel: str = "C1",
               ts: str = "1700000000.000100", thread_ts: str | None = None, event_id: str = "Ev1",
               team: str = "T1", app: str = "A1",
               **extra: Any) -> dict[str, Any]:
    """An Events API callback as Slack sends it: an app_mention (or a `message` with channel_type) from `user`."""
    event: dict[str, Any] = {"type": kind, "user": user, "text": text, "ts": ts, "channel": channel,
                             "event_ts": ts, "team": team, **extra}
    if thread_ts is not None:
        event["thread_ts"] = thread_ts
    return {"token": "legacy", "team_id": team, "api_app_id": app, "event": event, "type": "event_callback",
            "event_id": event_id, "event_time": int(float(ts)),
            "authorizations": [{"team_id": team, "user_id": "UBOT", "is_bot": True}]}


def signed(form: dict[str, str] | dict[str, Any], *, secret: str = SIGNING_SECRET,
           timestamp: int | str | None = None, as_json: bool = False) -> tuple[str, dict[str, str]]:
    """The body and the headers Slack signs it with (any timestamp text, signed as given): form-encoded, or JSON
    as the Events API sends it. An interactivity payload goes as the form field `payload` (JSON text)."""
    body = json.dumps(form) if as_json else urlencode(form)
    ts = str(int(time.time()) if timestamp is None else timestamp)
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    assert signature is not None
    kind = "application/json" if as_json else "application/x-www-form-urlencoded"
    return body, {"Content-Type": kind, "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def click_payload(value: str, response_url: str, *, user: str = "U1", channel: str = "C1", team: str = "T1",
                  app: str = "A1", ephemeral: bool = True, message_ts: str = "1700000000.000100",
                  thread_ts: str | None = None) -> dict[str, Any]:
    """A block_actions payload as Slack sends it when `user` clicks the button whose value is `value`."""
    container: dict[str, Any] = {"type": "message", "message_ts": message_ts, "channel_id": channel,
                                 "is_ephemeral": ephemeral}
    if thread_ts is not None:
        container["thread_ts"] = thread_ts
    return {"type": "block_actions", "user": {"id": user, "username": "tester", "team_id": team},
            "api_app_id": app, "token": "legacy", "container": container, "trigger_id": "1.2.3",
            "team": {"id": team, "domain": "test"}, "channel": {"id": channel, "name": "general"},
            "response_url": response_url,
            "actions": [{"action_id": value, "block_id": "briefbot-actions", "value": value, "type": "button",
                         "text": {"type": "plain_text", "text": "a button"}, "action_ts": "1700000001.0"}]}


def buttons(message: dict[str, Any]) -> dict[str, str]:
    """A rendered message's buttons: label -> value."""
    return {e["text"]["text"]: e["value"] for b in message["blocks"] if b["type"] == "actions"
            for e in b["elements"]}


def submission(view: dict[str, Any], values: dict[str, dict[str, Any]], *, user: str = "U1",
               team: str = "T1", app: str = "A1") -> dict[str, Any]:
    """A view_submission payload for a view the bot opened, with the fields' state as Slack sends it."""
    state = {"values": {block: {block: value} for block, value in values.items()}}
    return {"type": "view_submission", "team": {"id": team, "domain": "test"},
            "user": {"id": user, "username": "tester", "team_id": team}, "api_app_id": app, "token": "legacy",
            "trigger_id": "4.5.6", "view": {**view, "id": "V1", "team_id": team, "state": state, "hash": "h1"},
            "response_urls": []}
