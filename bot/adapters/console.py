"""The console adapter: the chat platforms' slash commands, typed at a terminal.

At a terminal the console has line editing and history (readline), Tab completion of commands, options and
briefing ids, and replies rendered for the terminal: bold titles and headings, the citation set apart. When the
output is not a terminal (a pipe, a file, a test), replies are plain text with no escape codes.
"""
from __future__ import annotations

import contextlib
import logging
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

from bot.core.context import Context
from bot.core.registry import Registry
from bot.core.reply import Reply

__all__ = ["BANNER", "BOLD", "DIM", "PROMPT", "RESET", "completions", "render", "repl"]

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
EXIT_WORDS = {"exit", "quit", "/exit", "/quit"}
BANNER = "briefbot console. Type /help for commands, a question to ask it, or quit. Tab completes commands."
HISTORY_LINES = 1000  # lines of history kept between sessions

BOLD, DIM, RESET = "\033[1m", "\033[2m", "\033[0m"
_EMPHASIS = re.compile(r"(?<![\w*])([_*])(?=\S)(.+?)(?<=\S)\1(?![\w*])")  # _word_ or *word*, chat markdown


def handle_line(registry: Registry, ctx: Context, line: str) -> Reply | None:
    """One console line to its reply; plain text is a question for /ask."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("/"):
        line = f"/ask {line}"
    name, _, text = line[1:].partition(" ")
    return registry.dispatch(ctx, name, text)


def render(reply: Reply, color: bool) -> str:
    """A reply as the terminal shows it: with `color`, bold title and headings and a dimmed citation; without,
    plain text. Chat markdown (`_aside_`, `*bold*`) never shows its markers."""
    def emphasis(text: str) -> str:
        return _EMPHASIS.sub(lambda m: f"{BOLD}{m.group(2)}{RESET}" if color and m.group(1) == "*" else m.group(2),
                             text)

    def styled(text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if color and text else text

    lines = [styled(emphasis(reply.title), BOLD)] if reply.title else []
    for block in reply.blocks:
        if block.heading:
            lines.append("\n" + styled(emphasis(block.heading), BOLD))
        if block.text:
            lines.append(emphasis(block.text))
        if block.citation:
            lines.append(styled(f"  \u2502 \u201c{block.citation.quote}\u201d \u2014 {block.citation.title}", DIM))
    if reply.footer:
        lines.append("\n" + styled(emphasis(reply.footer), DIM))
    return "\n".join(lines).strip()


def completions(registry: Registry, ctx: Context, line: str) -> list[str]:
    """What Tab may complete the last word of `line` to: a command name after '/' (only those available in `ctx`),
    else the command's choices, option names and briefing ids."""
    head, _, rest = line.lstrip().partition(" ")
    if not _ and head.startswith("/"):
        return sorted(f"/{c.name}" for c in registry.available(ctx) if f"/{c.name}".startswith(head.lower()))
    word = rest.split(" ")[-1] if rest else ""
    command = registry.get(head) if head.startswith("/") else registry.get("ask")
    if command is None or not command.available(ctx):
        return []
    if command.subcommands and " " not in rest:
        found = [s.name for s in command.subcommands]
    else:
        sub = command.sub(rest.split(" ")[0]) if command.subcommands else command
        if sub is None:
            return []
        free = sub.free_option()
        found = [c for o in sub.options for c in o.choices] + [o.name for o in sub.options if o.type is bool]
        found += [f"{o.name}:" for o in sub.options if o.type is not bool and not o.choices and o is not free]
        found += [f"briefing:{i}" for i in ctx.library.current.store.ids()]
    return sorted(w for w in dict.fromkeys(found) if w.startswith(word.lower()))


def history_file() -> Path:
    """Where the console keeps its line history: $XDG_STATE_HOME/briefbot/history (~/.local/state by default)."""
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(state) / "briefbot" / "history"


def _no_history() -> None:
    """Nothing to save: the input is not a terminal with line editing."""


def _line_editing(registry: Registry, ctx: Context, history: Path) -> Callable[[], None]:
    """Turn on readline's editing, history and Tab completion; return what saves the history at the end."""
    try:
        import readline
    except ImportError:  # a Python built without readline: plain input still works
        return _no_history
    matches: list[str] = []

    def complete(text: str, state: int) -> str | None:
        if state == 0:
            matches[:] = completions(registry, ctx, readline.get_line_buffer()[:readline.get_endidx()])
        return matches[state] if state < len(matches) else None

    readline.set_completer_delims(" ")
    readline.set_completer(complete)
    readline.parse_and_bind("tab: complete")
    readline.set_history_length(HISTORY_LINES)
    with contextlib.suppress(OSError):  # no history yet
        readline.read_history_file(history)

    def save() -> None:
        try:
            history.parent.mkdir(parents=True, exist_ok=True)
            readline.write_history_file(history)
        except OSError as exc:
            log.warning("could not save the console history to %s: %s", history, exc.strerror or exc)

    return save


def repl(registry: Registry, ctx: Context, read: Callable[[str], str] | None = None,
         write: Callable[[str], None] = print, color: bool | None = None) -> None:
    """Read commands until EOF or `quit`. With no `read`, read the terminal, with line editing when it is one."""
    save = _no_history
    if read is None:
        read = input
        if sys.stdin.isatty():
            save = _line_editing(registry, ctx, history_file())
    color = sys.stdout.isatty() if color is None else color
    write(BANNER)
    try:
        while True:
            try:
                line = read(PROMPT)
            except (EOFError, KeyboardInterrupt):
                write("")
                return
            if line.strip().lower() in EXIT_WORDS:
                return
            reply = handle_line(registry, ctx, line)
            if reply is not None:
                write(render(reply, color))
    finally:
        save()
