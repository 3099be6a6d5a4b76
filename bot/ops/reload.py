"""Content reload without restart: on file changes (watchfiles), on SIGHUP, and by `/briefbot reload`."""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from typing import Any

from watchfiles import awatch

from bot.core.context import Context
from bot.core.library import Library
from bot.core.loader import ContentError
from bot.core.registry import Command, Permission
from bot.core.reply import Block, Reply, error_reply

log = logging.getLogger(__name__)


def reload_content(library: Library, reason: str) -> str | None:
    """Validate and swap in the content; on bad content keep the live version and return the exact error."""
    old = library.current.version
    try:
        library.reload()
    except ContentError as exc:
        log.error("content reload (%s) failed; version %d stays live: %s", reason, old, exc)
        return str(exc)
    return None


def _reload_handler(ctx: Context, args: Mapping[str, Any]) -> Reply:
    error = reload_content(ctx.library, f"/briefbot reload by {ctx.platform}:{ctx.user_id}")
    snapshot = ctx.library.current
    if error:
        return error_reply(f"The new content has an error; version {snapshot.version} stays live.", hint=error)
    return Reply(title=f"Content reloaded: version {snapshot.version}",
                 blocks=(Block(f"{len(snapshot.store)} briefing(s): {', '.join(snapshot.store.ids())}"),))


def reload_command() -> Command:
    """`/briefbot reload`, for channel admins only."""
    reload = Command("reload", "Reload the briefings from disk (admins only)", _reload_handler,
                     permission=Permission.CHANNEL_ADMIN)
    return Command("briefbot", "Manage the bot", subcommands=(reload,))


class ContentWatcher:
    """A Service that reloads the content when files under the content folder change."""

    name = "content-watch"

    def __init__(self, library: Library):
        self.library = library
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    async def _watch(self) -> None:
        async for changes in awatch(self.library.root, stop_event=self._stop):
            files = sorted({path for _, path in changes})
            log.info("content changed (%s); reloading", ", ".join(files[:3]) + (" ..." if len(files) > 3 else ""))
            try:
                await asyncio.to_thread(reload_content, self.library, "file change")
            except Exception:
                log.exception("content reload after a file change failed")

    async def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name=self.name)
        await asyncio.sleep(0)  # let the task set up its watch, so no change after start() is missed

    async def stop(self) -> None:
        self._stop.set()
        if self._task:
            await self._task

    def ready(self) -> bool:
        return self._task is not None and not self._task.done()
