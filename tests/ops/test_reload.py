"""Content reload by file change (watchfiles), by SIGHUP to `briefbot run`, and by the admin-only command."""
from __future__ import annotations

import asyncio
import logging
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from bot.core.answer import AnswerEngine
from bot.core.answer.cache import BuildCache
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.store import ContentStore
from bot.ops.reload import ContentWatcher, SignalReload, reload_command
from tests.conftest import MAIN_ID, ROOT, SECOND_ID

WAIT = 30.0  # upper bound for something that normally happens within about two seconds
EVIDENCE_PROBLEM = "facts[2].evidence (line 45): not found verbatim in article.txt: 'The scanners cost nothing at all'"


def edit(content: Path, old: str, new: str) -> None:
    file = content / SECOND_ID / "briefing.yaml"
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


GOOD = ("tldr: \"The Port of Rotterdam began", "tldr: \"Edited: The Port of Rotterdam began")
BAD = ("evidence: \"The scanners, which cost a combined €48 million\"",
       "evidence: \"The scanners cost nothing at all\"")
BAD_EVIDENCE = f"{SECOND_ID}/briefing.yaml: {EVIDENCE_PROBLEM}"


async def until(condition: Callable[[], bool]) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.05)


def tldr(library: Library) -> str:
    return library.current.store.get(SECOND_ID).briefing.summaries.tldr


async def test_file_changes_reload_good_content_and_keep_old_on_bad(two_briefings: Path,
                                                                    caplog: pytest.LogCaptureFixture) -> None:
    """An edit under content/ swaps in the new version; a bad edit keeps it and logs the exact error."""
    library = Library(two_briefings)
    watcher = ContentWatcher(library)
    await watcher.start()
    try:
        assert watcher.ready() is True
        edit(two_briefings, *GOOD)
        await until(lambda: library.current.version == 2)
        assert tldr(library).startswith("Edited:")

        with caplog.at_level(logging.ERROR, logger="bot.ops.reload"):
            edit(two_briefings, *BAD)
            await until(lambda: any("failed" in r.getMessage() for r in caplog.records))
        message = next(r.getMessage() for r in caplog.records if "failed" in r.getMessage())
        assert message == ("content reload (file change) failed; version 2 stays live: "
                           f"{two_briefings / SECOND_ID / 'briefing.yaml'}: {EVIDENCE_PROBLEM}")
        assert library.current.version == 2 and tldr(library).startswith("Edited:")
    finally:
        await watcher.stop()
    assert watcher.ready() is False


async def test_watcher_follows_a_symlink_swap_of_the_content_folder(two_briefings: Path) -> None:
    """content -> v1, then `ln -sfn v2 content`: v2 goes live, and later edits in v2 are picked up."""
    v1 = two_briefings.rename(two_briefings.parent / "v1")
    v2 = two_briefings.parent / "v2"
    shutil.copytree(v1, v2)
    content = two_briefings.parent / "content"
    content.symlink_to("v1")
    library = Library(content)
    watcher = ContentWatcher(library)
    await watcher.start()
    try:
        edit(v2, *GOOD)  # not the folder in use yet: nothing changes
        subprocess.run(["ln", "-sfn", "v2", str(content)], check=True)
        await until(lambda: tldr(library).startswith("Edited:"))
        await until(watcher.ready)
        version = library.current.version
        edit(v2, GOOD[1], "tldr: \"Edited twice:")
        await until(lambda: tldr(library).startswith("Edited twice:"))
        assert library.current.version > version
    finally:
        await watcher.stop()


async def test_watcher_is_not_ready_while_the_folder_is_gone_and_follows_it_back(
        two_briefings: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A removed content folder makes the watcher not ready (the live content stays); re-created, it goes live and
    its edits are picked up."""
    saved = two_briefings.parent / "saved"
    shutil.copytree(two_briefings, saved)
    library = Library(two_briefings)
    watcher = ContentWatcher(library)
    await watcher.start()
    try:
        with caplog.at_level(logging.WARNING, logger="bot.ops.reload"):
            shutil.rmtree(two_briefings)
            await until(lambda: not watcher.ready())
            await until(lambda: any("is missing" in r.getMessage() for r in caplog.records))
        assert library.current.version == 1 and len(library.current.store) == 2
        edit(saved, *GOOD)
        shutil.copytree(saved, two_briefings)  # file by file: the watcher may see it half-copied first
        await until(lambda: tldr(library).startswith("Edited:"))
        await until(watcher.ready)
        edit(two_briefings, GOOD[1], "tldr: \"Edited twice:")
        await until(lambda: tldr(library).startswith("Edited twice:"))
    finally:
        await watcher.stop()
    assert watcher.ready() is False


async def test_a_burst_of_sighups_is_one_reload(two_briefings: Path) -> None:
    """Fifty SIGHUPs before the reload starts make one reload, not fifty; a later one makes another."""
    library = Library(two_briefings)
    handler = SignalReload(library)
    for _ in range(50):
        handler()
    await until(lambda: handler._task is not None and handler._task.done())
    assert library.current.version == 2
    handler()
    await until(lambda: handler._task is not None and handler._task.done())
    assert library.current.version == 3


def test_reload_rebuilds_only_the_changed_briefing_from_a_fresh_process_cache(two_briefings: Path,
                                                                             tmp_path: Path) -> None:
    """A new process starts from the build cache; a reload after one briefing's edit analyses that one only and
    reads nothing back for the unchanged one (the previous engine's table is reused in memory)."""
    warm = Library(two_briefings,
                   engine=lambda store, previous: AnswerEngine(store, previous, cache=BuildCache(tmp_path)))
    assert isinstance(warm.current.engine, AnswerEngine)  # built (on the first question), so the cache is written
    caches: list[BuildCache] = []

    def engine(store: ContentStore, previous: AnswerEngine | None) -> AnswerEngine:
        caches.append(BuildCache(tmp_path))
        return AnswerEngine(store, previous, cache=caches[-1])

    library = Library(two_briefings, engine=engine)
    assert library.current.engine is library.current.engine  # built on the first question, once
    edit(two_briefings, *GOOD)
    assert library.reload().engine is library.current.engine
    started, reloaded = caches
    assert (started.tables_read, started.tables_written, started.indexes_read) == (2, 0, 1)
    assert (reloaded.tables_read, reloaded.tables_written, reloaded.indexes_written) == (0, 1, 1)
    assert tldr(library).startswith("Edited: ")


def test_reload_command_refuses_non_admins(two_briefings: Path) -> None:
    """/briefbot reload from a non-admin is refused and reloads nothing."""
    library = Library(two_briefings)
    registry = build_registry(reload_command())
    plain_user = Context(library=library, platform="slack", user_id="U2", is_admin=False)
    reply = registry.dispatch(plain_user, "briefbot", "reload")
    assert reply.error is True and reply.title == "Sorry, only channel admins can use this command."
    assert library.current.version == 1


def test_reload_command_reports_the_exact_error_to_the_admin(two_briefings: Path) -> None:
    """An admin's reload of bad content gets the exact error; a good reload names the new version."""
    library = Library(two_briefings)
    registry = build_registry(reload_command())
    admin = Context(library=library, platform="discord", user_id="42", is_admin=True)
    edit(two_briefings, *BAD)
    reply = registry.dispatch(admin, "briefbot", "reload")
    assert reply.error is True and reply.plain_text() == (
        f"The new content has an error; version 1 stays live.\n{two_briefings / SECOND_ID / 'briefing.yaml'}: "
        f"{EVIDENCE_PROBLEM}")
    assert library.current.version == 1
    edit(two_briefings, BAD[1], BAD[0])
    reply = registry.dispatch(admin, "briefbot", "reload")
    assert reply.error is False and reply.plain_text() == (
        f"Content reloaded: version 2\n2 briefing(s): {MAIN_ID}, {SECOND_ID}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def content_version(base: str) -> float | None:
    try:
        text = httpx.get(f"{base}/metrics").text
    except httpx.TransportError:
        return None
    line = next(line for line in text.splitlines() if line.startswith("briefbot_content_version "))
    return float(line.split()[1])


async def test_sighup_reloads_a_running_bot_and_sigterm_stops_it(two_briefings: Path, tmp_path: Path) -> None:
    """`briefbot run` (HTTP listener only) reloads on SIGHUP, keeps the old version on bad content, exits 0 on
    SIGTERM."""
    port = free_port()
    config = tmp_path / "config.yaml"
    config.write_text(f"content_dir: {two_briefings}\nhttp:\n  enabled: true\n  port: {port}\n", encoding="utf-8")
    log_file = tmp_path / "stderr.log"
    base = f"http://127.0.0.1:{port}"
    with log_file.open("wb") as stderr:
        proc = subprocess.Popen([sys.executable, "-m", "bot", "--config", str(config), "run"], cwd=ROOT,
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr)
    try:
        await until(lambda: content_version(base) == 1 or proc.poll() is not None)
        assert proc.poll() is None, log_file.read_text()
        assert httpx.get(f"{base}/readyz").json()["status"] == "ready"

        proc.send_signal(signal.SIGHUP)
        await until(lambda: content_version(base) == 2)

        edit(two_briefings, *BAD)
        proc.send_signal(signal.SIGHUP)
        await until(lambda: "content reload (SIGHUP) failed" in log_file.read_text())
        assert BAD_EVIDENCE in log_file.read_text()
        assert content_version(base) == 2

        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0  # the promise: stopped within 10 s
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    log = log_file.read_text()
    assert "content reloaded: version 2, 2 briefing(s)" in log and "Traceback" not in log
