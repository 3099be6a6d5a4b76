"""The `briefbot` command line, run as a user would: a real process, no tokens, no network."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CONTENT, ROOT


def briefbot(*args: str, stdin: str = "", cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    full_env.update(env or {})
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd, env=full_env, timeout=60)


def test_content_commands_print_answers() -> None:
    """brief, facts, who, timeline, quotes, source and briefings all answer from the bundled content."""
    checks = {
        ("brief", "--length", "tldr"): "Belgi",
        ("facts", "ketamine"): "ketamine",
        ("who", "Tom", "Van", "Grieken"): "Vlaams Belang",
        ("timeline",): "September 10",
        ("quotes", "Rubio"): "lot of trouble",
        ("source",): "Jett James Pruitt",
        ("briefings",): "belgium-silent-front",
    }
    for args, needle in checks.items():
        out = briefbot(*args)
        assert out.returncode == 0, (args, out.stderr)
        assert needle in out.stdout, args
        assert "Traceback" not in out.stderr


def test_unknown_person_exits_1_with_suggestion() -> None:
    """A name the article lacks is said plainly, with close names, exit 1."""
    out = briefbot("who", "Kristi", "Noam")
    assert out.returncode == 1 and "Kristi Noem" in out.stderr


def test_ask_jsonl_contract() -> None:
    """--jsonl reads questions line by line and writes one JSON object per question."""
    out = briefbot("ask", "--jsonl", stdin="Who wrote this article?\n\nWhat is the capital of Germany?\n")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 2
    for row in rows:
        assert set(row) >= {"question", "answered", "answer", "citations", "confidence"}
    assert rows[0]["answered"] and rows[0]["citations"][0]["briefing"] == "belgium-silent-front"
    assert not rows[1]["answered"]


def test_chat_console_takes_slash_commands() -> None:
    """The console accepts the chat platforms' slash commands and plain questions."""
    out = briefbot("chat", stdin="/brief tldr\n/who\nWho is Cilia Flores?\nquit\n")
    assert out.returncode == 0
    assert "Belgi" in out.stdout and "/who needs name" in out.stdout and "Maduro" in out.stdout


def test_default_mode_without_tokens_is_the_console(tmp_path: Path) -> None:
    """`briefbot` with no arguments and no config runs the console."""
    (tmp_path / "content").symlink_to(CONTENT)
    out = briefbot(stdin="/source\n", cwd=tmp_path, env={"PYTHONPATH": str(ROOT)})
    assert out.returncode == 0 and "briefbot console" in out.stdout and "Pruitt" in out.stdout


def test_check_reports_bad_content_with_exit_2(tmp_path: Path) -> None:
    """`briefbot check` on broken content exits 2 with file, path and line, and no traceback."""
    folder = tmp_path / "content" / "demo"
    folder.mkdir(parents=True)
    (folder / "article.txt").write_text("Nothing here.\n")
    (folder / "briefing.yaml").write_text("id: demo\nmetadata: [\n")
    config = tmp_path / "config.yaml"
    config.write_text("content_dir: content\n")
    out = briefbot("--config", str(config), "check")
    assert out.returncode == 2
    assert f"{folder / 'briefing.yaml'}" in out.stderr and "(line " in out.stderr
    assert "Traceback" not in out.stderr


def test_check_passes_on_bundled_content() -> None:
    """`briefbot check` validates config and content and says what it found."""
    out = briefbot("--config", str(ROOT / "config.example.yaml"), "check")
    assert out.returncode == 0 and "ok  belgium-silent-front" in out.stdout


def test_bad_config_exits_2() -> None:
    """A config error is one line naming the key, exit 2."""
    out = briefbot("--config", "/nonexistent/briefbot.yaml", "check")
    assert out.returncode == 2 and "cannot read the config file" in out.stderr
