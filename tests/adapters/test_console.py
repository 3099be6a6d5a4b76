"""The console adapter: the same slash commands as the chat platforms, typed at a terminal."""
from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.adapters.console import BANNER, BOLD, DIM, PROMPT, RESET, completions, render, repl
from bot.core.answer.engine import CHAT_REPLY
from bot.core.context import Context
from bot.core.registry import Registry
from bot.core.reply import Block, Citation, Reply
from tests.conftest import MAIN_ID, ROOT


def run_console(registry: Registry, ctx: Context, lines: list[str]) -> list[str]:
    feed = iter(lines)
    out: list[str] = []

    def read(prompt: str) -> str:
        try:
            return next(feed)
        except StopIteration:
            raise EOFError from None

    repl(registry, ctx, read=read, write=out.append)
    return out


def test_slash_commands_and_plain_questions(registry: Registry, ctx: Context) -> None:
    """`/brief short` runs the command; a line without a slash is asked as a question."""
    out = run_console(registry, ctx, ["/brief short", "", "Who is Cilia Flores?", "quit", "/source"])
    assert out == [BANNER,  # then brief and answer; nothing after quit
                   render(registry.dispatch(ctx, "brief", "short"), color=False),
                   render(registry.dispatch(ctx, "ask", "Who is Cilia Flores?"), color=False)]
    assert out[1].startswith("Briefing:") and "\u2022" in out[1]
    assert "Maduro" in out[2]


def test_errors_are_messages_not_traces(registry: Registry, ctx: Context) -> None:
    """Unknown commands and bad options print a short message and the console keeps going."""
    out = run_console(registry, ctx, ["/nope", "/brief length:huge", "/help"])
    assert out[1] == "Unknown command /nope.\nTry /help for the list of commands."
    assert out[2].startswith("length must be one of: tldr, short, full.\n")
    assert out[3] == render(registry.dispatch(ctx, "help", ""), color=False)
    assert out[4:] == [""] and [line for line in out if "Traceback" in line] == []  # "" at end of input


def test_chat_that_is_not_a_question_gets_a_pointer_to_help(registry: Registry, ctx: Context) -> None:
    """'help', 'thanks' and 'clear' typed as plain lines get the short help pointer, never a citation."""
    out = run_console(registry, ctx, ["help", "thanks", "clear"])
    answers, end = out[1:4], out[4:]
    assert end == [""]
    assert [a.splitlines()[:2] for a in answers] == [[f"Q: {line}", CHAT_REPLY] for line in ("help", "thanks", "clear")]
    assert [a for a in answers if "\u2502" in a or "\u201c" in a] == []  # no citation


def test_plain_output_shows_no_markdown_markers_or_escape_codes() -> None:
    """Off a terminal, chat markdown loses its markers and nothing carries an escape code."""
    reply = Reply(title="*Facts*", blocks=(Block("A claim _(Author's argument)_ and snake_case_name.",
                                                 citation=Citation("the words", "b", "Title")),))
    out = render(reply, color=False)
    assert out == "Facts\nA claim (Author's argument) and snake_case_name.\n  \u2502 \u201cthe words\u201d \u2014 Title"


def test_terminal_output_sets_the_title_bold_and_the_citation_apart() -> None:
    """At a terminal the title is bold and the citation dimmed on its own line."""
    reply = Reply(title="Facts", blocks=(Block("A claim.", citation=Citation("the words", "b", "Title")),))
    lines = render(reply, color=True).splitlines()
    assert lines == [f"{BOLD}Facts{RESET}", "A claim.", f"{DIM}  \u2502 \u201cthe words\u201d \u2014 Title{RESET}"]


def test_tab_completes_commands_choices_and_briefing_ids(registry: Registry, ctx: Context) -> None:
    """Tab after '/' offers the commands; after a command, its choices, flags and the briefing ids."""
    assert completions(registry, ctx, "/bri") == ["/brief", "/briefings"]
    assert completions(registry, ctx, "/brief s") == ["short"]
    assert completions(registry, ctx, "/facts ") == ["briefing:", f"briefing:{MAIN_ID}", "public"]
    assert completions(registry, ctx, "/nothing ") == []


def test_tab_never_offers_a_command_unavailable_here(ctx: Context) -> None:
    """With no digest service, as in the console, Tab offers neither /digest nor its subcommands."""
    from bot.core.commands import build_registry
    from bot.digests.commands import digest_command
    registry = build_registry(digest_command())
    assert completions(registry, ctx, "/d") == []
    assert completions(registry, ctx, "/digest ") == []


def _type(terminal: int, keys: bytes, until: bytes, seen: bytearray, times: int = 1) -> None:
    """Send keys to the console on the pseudo-terminal, then read its output until `until` shows `times` times."""
    os.write(terminal, keys)
    end = time.monotonic() + 60
    while seen.count(until) < times and time.monotonic() < end:
        if select.select([terminal], [], [], 1.0)[0]:
            try:
                seen += os.read(terminal, 65536)
            except OSError:
                break
    assert seen.count(until) >= times, seen[-2000:]


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal (POSIX)")
def test_a_terminal_gets_line_editing_history_and_tab_completion(tmp_path: Path) -> None:
    """Run in a real pseudo-terminal: Tab completes '/brie' to '/brief', the up arrow brings the line back (no
    '^[[A' sent as a question), and the history is saved for the next session."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    env.update(XDG_STATE_HOME=str(tmp_path), TERM="xterm")
    terminal, other_end = os.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "chat"], stdin=other_end, stdout=other_end,
                            stderr=other_end, cwd=ROOT, env=env, start_new_session=True)
    os.close(other_end)
    seen = bytearray()
    try:
        _type(terminal, b"", PROMPT.encode(), seen)
        _type(terminal, b"/brie\t tldr\r", b"Briefing:", seen)  # '/brie tldr' would be an unknown command
        _type(terminal, b"\x1b[A\r", b"Briefing:", seen, times=2)
        assert b"Unknown command" not in seen and b"doesn't say" not in seen  # no escape code asked as a question
        os.write(terminal, b"quit\r")
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
        os.close(terminal)
    assert "/brief tldr" in (tmp_path / "briefbot" / "history").read_text().splitlines()
