"""Finding 9 (self-hosting) replayed on the real `briefbot` command: SIGHUP during start-up, a swapped content folder.

The watcher's own cases (symlink swap, folder removed and re-created, with the edited text going live) are in
tests/ops/test_reload.py; here the same swap goes through `briefbot run` and its /readyz and /metrics.
"""
from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import SECOND_ID
from tests.ops.test_reload import GOOD, content_version, edit, free_port

WAIT = 60.0  # generous bound on start-up and reloads; nothing here measures time
BRIEFBOT = Path(sys.executable).parent / "briefbot"  # the console script pip installed, as systemd runs it
Started = tuple[subprocess.Popen[bytes], str, Path]  # the process, its base URL, its log


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert proc.poll() is None, f"briefbot exited {proc.returncode}:\n{log.read_text()}"
        assert time.monotonic() < deadline, f"condition not met; log:\n{log.read_text()}"
        time.sleep(0.05)


def readyz(base: str) -> tuple[int, list[str]] | None:
    try:
        r = httpx.get(f"{base}/readyz")
    except httpx.TransportError:
        return None
    return r.status_code, r.json()["failing"]


def sighup_ignored(pid: int) -> bool:
    """Whether the process has SIGHUP ignored now (bit 0 of SigIgn in /proc/PID/status)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    mask = next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:"))
    return bool(int(mask, 16) & (1 << (signal.SIGHUP - 1)))


@pytest.fixture
def bot(tmp_path: Path) -> Iterator[Callable[[Path], Started]]:
    """Starts `briefbot run` (HTTP listener only) on a content folder; stopped with SIGTERM, which must exit 0."""
    procs: list[subprocess.Popen[bytes]] = []

    def start(content: Path) -> Started:
        port = free_port()
        config = tmp_path / "config.yaml"
        config.write_text(f"content_dir: {content}\nhttp:\n  enabled: true\n  port: {port}\n", encoding="utf-8")
        log = tmp_path / "stderr.log"
        with log.open("wb") as stderr:
            procs.append(subprocess.Popen([str(BRIEFBOT), "--config", str(config), "run"], cwd=tmp_path,
                                          stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr))
        return procs[-1], f"http://127.0.0.1:{port}", log

    yield start
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                assert proc.wait(timeout=WAIT) == 0
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()


def test_sighup_during_start_up_does_not_kill_briefbot(bot: Callable[..., Started], two_briefings: Path) -> None:
    """`systemctl reload` while briefbot imports and loads: every SIGHUP is survived; once serving, SIGHUP reloads."""
    proc, base, log = bot(two_briefings)
    # The interpreter's own start (before bot/__main__ runs) cannot ignore anything; from its first line on,
    # briefbot must. So wait for that, then signal without pause until /readyz answers.
    wait_for(lambda: sighup_ignored(proc.pid), proc, log)
    sent = 0
    while readyz(base) is None:
        assert proc.poll() is None, f"briefbot died after {sent} SIGHUP(s) during start-up:\n{log.read_text()}"
        proc.send_signal(signal.SIGHUP)
        sent += 1
        time.sleep(0.01)
    assert sent > 0 and proc.poll() is None
    wait_for(lambda: readyz(base) == (200, []), proc, log)

    version = content_version(base)
    assert version is not None
    for _ in range(20):  # a burst while serving: reloads, one at a time, and the bot stays up
        proc.send_signal(signal.SIGHUP)
    wait_for(lambda: (content_version(base) or 0) > version, proc, log)
    wait_for(lambda: readyz(base) == (200, []), proc, log)
    assert "Traceback" not in log.read_text() and "failed" not in log.read_text()


def test_symlink_swap_and_folder_recreation_under_briefbot_run(bot: Callable[..., Started],
                                                               two_briefings: Path) -> None:
    """After `ln -sfn v2 content` the new folder goes live and its edits are picked up; while the folder is gone
    /readyz is 503 naming content-watch, and it is ready again once the folder is back."""
    v1 = two_briefings.rename(two_briefings.parent / "v1")
    v2 = two_briefings.parent / "v2"
    shutil.copytree(v1, v2)
    content = two_briefings.parent / "content"
    content.symlink_to("v1")
    proc, base, log = bot(content)
    wait_for(lambda: readyz(base) == (200, []), proc, log)
    assert content_version(base) == 1

    subprocess.run(["ln", "-sfn", "v2", str(content)], check=True)
    wait_for(lambda: content_version(base) == 2, proc, log)
    edit(v2, *GOOD)
    wait_for(lambda: content_version(base) == 3, proc, log)
    wait_for(lambda: readyz(base) == (200, []), proc, log)
    assert f"{v2}/{SECOND_ID}/briefing.yaml" in log.read_text()  # the edit was seen in the new folder

    shutil.rmtree(v2)
    wait_for(lambda: readyz(base) == (503, ["content-watch"]), proc, log)
    assert content_version(base) == 3  # the live content stays
    shutil.copytree(v1, v2.with_name("v2.new"))
    v2.with_name("v2.new").rename(v2)  # re-created whole (tests/ops/test_reload.py also re-creates it file by file)
    wait_for(lambda: content_version(base) == 4, proc, log)
    wait_for(lambda: readyz(base) == (200, []), proc, log)
    edit(v2, *GOOD)
    wait_for(lambda: content_version(base) == 5, proc, log)
    assert "Traceback" not in log.read_text() and "failed" not in log.read_text()
