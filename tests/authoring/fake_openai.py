"""A fake OpenAI-compatible chat completions server on 127.0.0.1, for new-briefing --llm."""
from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestServer
from pydantic import SecretStr

from bot.config import LlmConfig


class FakeOpenAI:
    """POST /v1/chat/completions answering with the set reply, recording each request's headers and body."""

    def __init__(self, key: str = "") -> None:
        self.key = key
        self.requests: list[tuple[dict[str, str], dict[str, Any]]] = []
        self.content: Any = {}
        self.status, self.delay, self.raw = 200, 0.0, ""
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.complete)
        self.server = TestServer(app, host="127.0.0.1")

    async def complete(self, request: web.Request) -> web.Response:
        self.requests.append((dict(request.headers), await request.json()))
        await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.json_response({"error": {"message": self.raw or "boom", "type": "server_error"}},
                                     status=self.status)
        content = self.raw or json.dumps(self.content)
        return web.json_response({"id": "chatcmpl-1", "object": "chat.completion", "model": "tiny",
                                  "choices": [{"index": 0, "finish_reason": "stop",
                                               "message": {"role": "assistant", "content": content}}]})

    def settings(self, **overrides: Any) -> LlmConfig:
        values = {"enabled": True, "base_url": str(self.server.make_url("/v1")), "model": "tiny",
                  "api_key": SecretStr(self.key), "timeout": timedelta(seconds=10), **overrides}
        return LlmConfig(**values)
