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

ASK_USAGE = ("/ask [public] <question> [briefing:<briefing>] \u2014 "
             "Ask a question; answered from the article with a citation")


def test_free_text_needs_no_quotes(registry: Registry) -> None:
    """Words after the command fill its main option, punctuation and all."""
    cmd, args = registry.resolve("ask", "What's the N-VA? briefing:belgium-silent-front")
    assert cmd.name == "ask"
    assert args == {"question": "What's the N-VA?", "briefing": "belgium-silent-front"}


def test_choices_and_flags_are_recognised(registry: Registry) -> None:
    """A bare choice value sets its option; a bool option's name at either end turns it on."""
    assert parse_text(registry.commands["brief"], "full public") == {"length": "full", "public": True}
    assert parse_text(registry.commands["ask"], "public is the port public") == {"public": True,
                                                                               "question": "is the port public"}


def test_unknown_words_are_a_usage_error(registry: Registry) -> None:
    """Words a command cannot take produce a usage error, not a silent drop."""
    with pytest.raises(UsageError, match="didn't understand"):
        parse_text(registry.commands["briefings"], "tomorrow please")


def test_missing_and_overlong_arguments_reply_with_usage(registry: Registry, ctx: Context) -> None:
    """An empty /ask and a 501-character question both get a polite reply with usage help."""
    empty = registry.dispatch(ctx, "ask", "   ")
    assert empty.error is True and empty.plain_text() == f"/ask needs question.\nUsage:\n{ASK_USAGE}"
    long = registry.dispatch(ctx, "ask", "why " * 125 + "x")
    assert long.error is True and long.title == "That question is too long (501 characters; the limit is 500)."
    assert long.plain_text().endswith(f"\nUsage:\n{ASK_USAGE}")


def test_bad_choice_names_the_accepted_values(registry: Registry, ctx: Context) -> None:
    """length:medium is refused with the list of lengths."""
    reply = registry.dispatch(ctx, "brief", "length:medium")
    assert reply.error is True and reply.title == "length must be one of: tldr, short, full."


def test_unknown_command_suggests_help(registry: Registry, ctx: Context) -> None:
    """An unknown command is answered, pointing at /help."""
    reply = registry.dispatch(ctx, "nope", "")
    assert reply.error is True
    assert reply.plain_text() == "Unknown command /nope.\nTry /help for the list of commands."


def _boom(ctx: Context, args: Mapping[str, Any]) -> Reply:
    raise RuntimeError("secret internals")


def test_admin_commands_are_checked_on_every_call(ctx: Context) -> None:
    """A channel-admin command refuses a non-admin and runs for an admin, per call."""
    calls = []

    def purge(c: Context, a: Mapping[str, Any]) -> Reply:
        calls.append(c.user_id)
        return Reply("done")

    reg = Registry()
    reg.add(Command("purge", "admin only", purge, permission=Permission.CHANNEL_ADMIN))
    refused = "Sorry, only channel admins can use this command."
    assert reg.dispatch(ctx, "purge", "").title == refused
    admin = Context(library=ctx.library, user_id="boss", is_admin=True)
    assert reg.dispatch(admin, "purge", "").title == "done"
    assert reg.dispatch(ctx, "purge", "").title == refused
    assert calls == ["boss"]


def test_handler_crash_becomes_a_polite_reply(ctx: Context, caplog: pytest.LogCaptureFixture) -> None:
    """A failing handler never shows its trace to the user; the log gets it."""
    reg = Registry()
    reg.add(Command("boom", "fails", _boom))
    reply = reg.dispatch(ctx, "boom", "")
    assert reply.error is True
    assert reply.plain_text() == "Sorry, something went wrong answering that. The error has been logged."
    [record] = caplog.records
    assert record.getMessage() == "command /boom failed" and "RuntimeError: secret internals" in caplog.text


def test_subcommands_resolve_by_first_word(ctx: Context) -> None:
    """/group sub args picks the subcommand; a missing one lists the choices."""
    reg = Registry()
    sub = Command("add", "add a thing", lambda c, a: Reply(f"added {a['what']}"),
                  (Option("what", "thing", required=True),))
    reg.add(Command("group", "a group", subcommands=(sub,)))
    assert reg.dispatch(ctx, "group", "add two words").title == "added two words"
    assert reg.dispatch(ctx, "group", "remove x").title == "/group needs one of: add."


def test_guild_only_commands_refuse_direct_messages(ctx: Context) -> None:
    """A guild-only command is refused clearly in a DM."""
    reg = Registry()
    reg.add(Command("chan", "channel thing", lambda c, a: Reply("ok"), guild_only=True))
    dm = Context(library=ctx.library, is_dm=True)
    assert reg.dispatch(dm, "chan", "").title == "This command works in a channel, not in direct messages."


def test_command_names_ignore_case(registry: Registry, ctx: Context) -> None:
    """'/BRIEF' is /brief: a command name is matched in any case."""
    upper, lower = registry.dispatch(ctx, "BRIEF", "tldr"), registry.dispatch(ctx, "brief", "tldr")
    assert upper.error is False and upper == lower


def test_an_unknown_command_suggests_the_closest_names(registry: Registry, ctx: Context) -> None:
    """A misspelt command gets 'did you mean' the nearest names; a far one only the pointer to /help; the
    typed name is echoed cut short."""
    typo = registry.dispatch(ctx, "breif", "")
    assert typo.error is True
    assert typo.plain_text() == "Unknown command /breif. Did you mean /brief?\nTry /help for the list of commands."
    far = registry.dispatch(ctx, "zzzzqqq" * 30, "")
    assert far.error is True and far.title == f"Unknown command /{('zzzzqqq' * 30)[:40]}."


def test_help_explains_one_command_option_by_option(registry: Registry, ctx: Context) -> None:
    """'/help brief' gives /brief's usage and each option with its values; an unknown name gets a suggestion."""
    text = registry.dispatch(ctx, "help", "brief").plain_text()
    assert text.splitlines() == [
        "/brief: Summary of the article", "",
        "/brief [tldr|short|full] [<briefing>] [public] \u2014 Summary of the article",
        "\u2022 length (tldr|short|full): How long: tldr, short or full (optional)",
        "\u2022 briefing: Which briefing (default: the main one) (optional)",
        "\u2022 public: Post the answer in the channel instead of only to you (optional)"]
    assert registry.dispatch(ctx, "help", "/brif").title == "Unknown command /brif. Did you mean /brief or /briefings?"
    assert registry.dispatch(ctx, "help", "").plain_text().endswith("\n\n/help <command> explains one command.")


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
    assert reg.dispatch(console, "radi", "").title == "Unknown command /radi."
    [about] = reg.commands["help"].options
    assert about.complete is not None and about.complete(console, "r") == []
    assert reg.dispatch(slack, "radio", "play").title == "playing"
    assert "/radio play" in reg.dispatch(slack, "help", "").plain_text()
    assert about.complete(slack, "r") == ["radio"]
    assert reg.dispatch(slack, "radi", "").title == "Unknown command /radi. Did you mean /radio?"


def test_a_usage_line_typed_as_shown_sets_its_flags() -> None:
    """A flag after a required free text is read as one of its words ('is the port public'), so the usage line
    shows such flags before it: typing the line with every flag where it stands sets each flag."""
    command = Command("note", "Take a note", options=(
        Option("text", "What to note", required=True), Option("tag", "A tag"), Option("loud", "Say it", type=bool),
        Option("pinned", "Pin it", type=bool)))
    usage = command.usage()
    assert usage.index("[loud]") < usage.index("<text>") and usage.index("[pinned]") < usage.index("<text>")
    typed = usage.split(" \u2014 ")[0].replace("[loud]", "loud").replace("[pinned]", "pinned")
    typed = typed.replace("<text>", "buy milk").replace("[tag:<tag>]", "tag:home").removeprefix("/note ")
    assert parse_text(command, typed) == {"loud": True, "pinned": True, "text": "buy milk", "tag": "home"}
    optional = Command("brief", "A summary", options=(Option("length", "How long", choices=("tldr", "full")),
                                                      Option("loud", "Say it", type=bool)))
    assert optional.usage().startswith("/brief [tldr|full] [loud]")  # no required free text: order as declared
