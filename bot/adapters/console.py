"""The console adapter: the chat platforms' slash commands, typed at a terminal."""
from __future__ import annotations

import logging
from collections.abc import Callable

from bot.core.context import Context
from bot.core.registry import Registry

log = logging.getLogger(__name__)

PROMPT = "briefbot> "
EXIT_WORDS = {"exit", "quit", "/exit", "/quit"}


def handle_line(registry: Registry, ctx: Context, line: str) -> str | None:
    """One console line to the text to print; plain text is a question for /ask."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("/"):
        line = f"/ask {line}"
    name, _, text = line[1:].partition(" ")
    return registry.dispatch(ctx, name, text).plain_text()


def repl(registry: Registry, ctx: Context, read: Callable[[str], str] = input,
         write: Callable[[str], None] = print) -> None:
    """Read commands until EOF or `quit`."""
    write("briefbot console. Type /help for commands, a question to ask it, or quit.")
    while True:
        try:
            line = read(PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return
        if line.strip().lower() in EXIT_WORDS:
            return
        out = handle_line(registry, ctx, line)
        if out:
            write(out)
