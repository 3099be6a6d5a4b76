"""The console adapter: the same slash commands as the chat platforms, typed at a terminal."""
from __future__ import annotations

from bot.adapters.console import repl
from bot.core.context import Context
from bot.core.registry import Registry


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
    assert len(out) == 3  # banner, brief, answer; nothing after quit
    assert out[1].startswith("Briefing:") and "\u2022" in out[1]
    assert "Maduro" in out[2]


def test_errors_are_messages_not_traces(registry: Registry, ctx: Context) -> None:
    """Unknown commands and bad options print a short message and the console keeps going."""
    out = run_console(registry, ctx, ["/nope", "/brief length:huge", "/help"])
    assert "Unknown command /nope" in out[1]
    assert "length must be one of" in out[2]
    assert "/ask <question>" in out[3]
    assert not any("Traceback" in line for line in out)


def test_chat_that_is_not_a_question_gets_a_pointer_to_help(registry: Registry, ctx: Context) -> None:
    """'help', 'thanks' and 'clear' typed as plain lines get the short help pointer, never a citation."""
    out = run_console(registry, ctx, ["help", "thanks", "clear"])
    answers = out[1:4]
    assert all("/help" in line and "\u201c" not in line and "\n  >" not in line for line in answers), answers
