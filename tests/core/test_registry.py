"""The command registry: text parsing, argument checks, permissions and failures as replies."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Option, Permission, Registry, UsageError, parse_text
from bot.core.reply import Reply, error_reply


def test_free_text_needs_no_quotes(registry: Registry) -> None:
    """Words after the command fill its main option, punctuation and all."""
    cmd, args = registry.resolve("ask", "What's the N-VA? briefing:belgium-silent-front")
    assert cmd.name == "ask"
    assert args == {"question": "What's the N-VA?", "briefing": "belgium-silent-front"}


def test_choices_and_flags_are_recognised(registry: Registry) -> None:
    """A bare choice value sets its option; a bool option's name at either end turns it on."""
    assert parse_text(registry.get("brief"), "full public") == {"length": "full", "public": True}
    assert parse_text(registry.get("ask"), "public is the port public") == {"public": True, "question": "is the port public"}


def test_unknown_words_are_a_usage_error(registry: Registry) -> None:
    """Words a command cannot take produce a usage error, not a silent drop."""
    with pytest.raises(UsageError, match="didn't understand"):
        parse_text(registry.get("briefings"), "tomorrow please")


def test_missing_and_overlong_arguments_reply_with_usage(registry: Registry, ctx: Context) -> None:
    """An empty /ask and a 501-character question both get a polite reply with usage help."""
    empty = registry.dispatch(ctx, "ask", "   ")
    assert empty.error and "needs question" in empty.title and "/ask <question>" in empty.plain_text()
    long = registry.dispatch(ctx, "ask", "why " * 126)
    assert long.error and "too long" in long.title and "limit is 500" in long.title


def test_bad_choice_names_the_accepted_values(registry: Registry, ctx: Context) -> None:
    """length:medium is refused with the list of lengths."""
    reply = registry.dispatch(ctx, "brief", "length:medium")
    assert reply.error and "tldr, short, full" in reply.title


def test_unknown_command_suggests_help(registry: Registry, ctx: Context) -> None:
    """An unknown command is answered, pointing at /help."""
    reply = registry.dispatch(ctx, "nope", "")
    assert reply.error and "/help" in reply.plain_text()


def _boom(ctx: Context, args: Mapping[str, Any]) -> Reply:
    raise RuntimeError("secret internals")


def test_admin_commands_are_checked_on_every_call(ctx: Context) -> None:
    """A channel-admin command refuses a non-admin and runs for an admin, per call."""
    calls = []
    reg = Registry()
    reg.add(Command("purge", "admin only", lambda c, a: calls.append(c.user_id) or Reply("done"),
                    permission=Permission.CHANNEL_ADMIN))
    assert reg.dispatch(ctx, "purge", "").error
    admin = Context(library=ctx.library, user_id="boss", is_admin=True)
    assert reg.dispatch(admin, "purge", "").title == "done"
    assert reg.dispatch(ctx, "purge", "").error
    assert calls == ["boss"]


def test_handler_crash_becomes_a_polite_reply(ctx: Context, caplog: pytest.LogCaptureFixture) -> None:
    """A failing handler never shows its trace to the user; the log gets it."""
    reg = Registry()
    reg.add(Command("boom", "fails", _boom))
    reply = reg.dispatch(ctx, "boom", "")
    assert reply.error and "secret internals" not in reply.plain_text()
    assert "secret internals" in caplog.text


def test_subcommands_resolve_by_first_word(ctx: Context) -> None:
    """/group sub args picks the subcommand; a missing one lists the choices."""
    reg = Registry()
    sub = Command("add", "add a thing", lambda c, a: Reply(f"added {a['what']}"), (Option("what", "thing", required=True),))
    reg.add(Command("group", "a group", subcommands=(sub,)))
    assert reg.dispatch(ctx, "group", "add two words").title == "added two words"
    assert "needs one of: add" in reg.dispatch(ctx, "group", "remove x").title


def test_guild_only_commands_refuse_direct_messages(ctx: Context) -> None:
    """A guild-only command is refused clearly in a DM."""
    reg = Registry()
    reg.add(Command("chan", "channel thing", lambda c, a: Reply("ok"), guild_only=True))
    dm = Context(library=ctx.library, is_dm=True)
    assert "not in direct messages" in reg.dispatch(dm, "chan", "").title


def test_command_names_ignore_case(registry: Registry, ctx: Context) -> None:
    """'/BRIEF' is /brief: a command name is matched in any case."""
    assert not registry.dispatch(ctx, "BRIEF", "tldr").error


def test_an_unknown_command_suggests_the_closest_names(registry: Registry, ctx: Context) -> None:
    """A misspelt command gets 'did you mean' the nearest names; a far one only the pointer to /help; the
    typed name is echoed cut short."""
    typo = registry.dispatch(ctx, "breif", "")
    assert typo.error and "Did you mean /brief?" in typo.title and "/help" in typo.plain_text()
    far = registry.dispatch(ctx, "zzzzqqq" * 30, "")
    assert far.error and "Did you mean" not in far.title and len(far.title) < 80


def test_help_explains_one_command_option_by_option(registry: Registry, ctx: Context) -> None:
    """'/help brief' gives /brief's usage and each option with its values; an unknown name gets a suggestion."""
    text = registry.dispatch(ctx, "help", "brief").plain_text()
    assert "/brief [tldr|short|full]" in text and "length (tldr|short|full)" in text and "briefing" in text
    assert "Did you mean /brief" in registry.dispatch(ctx, "help", "/brif").title
    assert "/help <command>" in registry.dispatch(ctx, "help", "").plain_text()


def test_a_command_unavailable_here_is_hidden_and_refused_politely(library: Library) -> None:
    """A command that says it cannot work in a context is left out of /help, /help's completion and did-you-mean
    there, and using it (its subcommands too, even mistyped) gets its own polite reply; elsewhere it works."""
    def off_on_console(c: Context) -> Reply | None:
        return error_reply("Radio is not available on this bot.") if c.platform == "console" else None

    play = Command("play", "play a song", lambda c, a: Reply("playing"), unavailable=off_on_console)
    reg = build_registry(Command("radio", "the radio", unavailable=off_on_console, subcommands=(play,)))
    console = Context(library=library, platform="console")
    slack = Context(library=library, platform="slack")
    for text in ("play", "stop", ""):
        assert reg.dispatch(console, "radio", text).title == "Radio is not available on this bot."
    assert reg.run(console, play, {}).title == "Radio is not available on this bot."
    assert "/radio" not in reg.dispatch(console, "help", "").plain_text()
    assert reg.dispatch(console, "help", "radio").title == "Radio is not available on this bot."
    assert "Did you mean" not in reg.dispatch(console, "radi", "").title
    [about] = reg.get("help").options  # type: ignore[union-attr]
    assert about.complete is not None and about.complete(console, "r") == []
    assert reg.dispatch(slack, "radio", "play").title == "playing"
    assert "/radio play" in reg.dispatch(slack, "help", "").plain_text()
    assert about.complete(slack, "r") == ["radio"]
    assert "Did you mean /radio?" in reg.dispatch(slack, "radi", "").title
