"""Content reload without restart: on file changes (watchfiles), on SIGHUP, and by `/briefbot reload`."""
from __future__ import annotations

import asyncio
import contextlib
import logging
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from watchfiles import Change, awatch

from bot.core.context import Context
from bot.core.library import Library
from bot.core.loader import ContentError
from bot.core.registry import Command, Permission
from bot.core.reply import Block, Reply, error_reply

__all__ = ["ContentWatcher", "SignalReload", "reload_command"]

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


def folder_identity(path: Path) -> tuple[str, int, int] | None:
    """The folder a configured path names now (resolved path, device, inode), None if there is none."""
    try:
        real = path.resolve(strict=True)
        st = real.stat()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop
        return None
    return (str(real), st.st_dev, st.st_ino) if stat.S_ISDIR(st.st_mode) else None


class SignalReload:
    """The SIGHUP handler of a running bot: one reload at a time.

    Signals that arrive during a reload make one more reload, not one each."""

    def __init__(self, library: Library):
        self.library = library
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def __call__(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self._task = asyncio.get_running_loop().create_task(self._run(), name="sighup-reload")

    async def _run(self) -> None:
        self._again = True
        while self._again:
            self._again = False
            try:
                await asyncio.to_thread(reload_content, self.library, "SIGHUP")
            except Exception:
                log.exception("content reload after SIGHUP failed")


class ContentWatcher:
    """A Service that reloads the content when files under the content folder change.

    It follows the configured path, not the folder it found at start: every `check_ms`, and after each batch of
    changes, it looks the path up again. When it names another folder (a symlink swapped, the folder removed and
    re-created) the watcher reloads and watches that one. While the path names no folder, or the watch has failed,
    it is not ready, so /readyz says so.
    """

    name = "content-watch"

    def __init__(self, library: Library, check_ms: int = 1000):
        self.library = library
        self.check_ms = check_ms
        self._stop = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._watching: tuple[str, int, int] | None = None  # the folder under watch, while the watch runs
        self._problem: str | None = None  # the last problem logged, so a lasting one is logged once

    def _report(self, problem: str | None) -> None:
        if problem and problem != self._problem:
            log.warning("%s; the live content stays and content-watch is not ready", problem)
        elif self._problem and not problem:
            log.info("content watch restored on %s", self.library.root)
        self._problem = problem

    async def _reload(self, reason: str) -> None:
        try:
            await asyncio.to_thread(reload_content, self.library, reason)
        except Exception:
            log.exception("content reload after a %s failed", reason)

    async def _watch_folder(self, folder: tuple[str, int, int], pending: str | None) -> None:
        """Watch one folder until stop() or until the configured path names another folder or none.

        `pending` is a reload owed for changes made before this watch began; it runs once the watch is set up,
        so edits made meanwhile are seen too."""
        root = Path(folder[0])
        async for changes in awatch(root, stop_event=self._stop, rust_timeout=self.check_ms, yield_on_timeout=True):
            self._report(None)  # the watch is set up
            if folder_identity(self.library.root) != folder or (Change.deleted, str(root)) in changes:
                log.info("content folder %s changed; watching it again", self.library.root)
                return
            if changes:
                files = sorted({path for _, path in changes})
                log.info("content changed (%s); reloading", ", ".join(files[:3]) + (" ..." if len(files) > 3 else ""))
                pending = "file change"
            if pending:
                await self._reload(pending)
                pending = None

    async def _watch(self) -> None:
        pending: str | None = None  # the first folder is the one the library loaded
        while not self._stop.is_set():
            folder = folder_identity(self.library.root)
            if folder is None:
                self._report(f"content folder {self.library.root} is missing")
            else:
                self._watching = folder
                try:
                    await self._watch_folder(folder, pending)
                except Exception as exc:  # e.g. the OS limit on watches: said once, retried
                    self._report(f"cannot watch content folder {folder[0]}: {exc}")
                finally:
                    self._watching = None
                # whatever ended that watch, the folder may have changed unseen: reload once watching again
                pending = "content folder change"
                if self._problem is None:
                    continue
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self.check_ms / 1000)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._watch(), name=self.name)
        await asyncio.sleep(0)  # let the task set up its watch, so no change after start() is missed

    async def stop(self) -> None:
        self._stop.set()
        if self._task:
            await self._task

    def ready(self) -> bool:
        """Watching, and watching the folder the configured path names now."""
        return (self._task is not None and not self._task.done() and self._watching is not None
                and self._watching == folder_identity(self.library.root))
