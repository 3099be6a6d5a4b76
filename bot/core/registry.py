"""The one command registry: names, options, help and permissions for every platform."""
from __future__ import annotations

import difflib
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from bot.core.reply import Block, Reply, error_reply

__all__ = [
    "Command",
    "Completer",
    "Handler",
    "Option",
    "Permission",
    "Registry",
    "UsageError",
    "check_args",
    "help_reply",
    "parse_text",
]

if TYPE_CHECKING:
    from bot.core.context import Context

log = logging.getLogger(__name__)

MAX_TEXT = 500  # longest free-text argument a user may send

Handler = Callable[["Context", Mapping[str, Any]], Reply]
Completer = Callable[["Context", str], list[str]]
Unavailable = Callable[["Context"], "Reply | None"]  # why a command cannot work in a context, or None when it can


class Permission(Enum):
    EVERYONE = "everyone"
    CHANNEL_ADMIN = "channel_admin"


@dataclass(frozen=True)
class Option:
    """One argument of a command. `choices` fixes the values; `complete` suggests them."""

    name: str
    description: str
    type: type = str  # str, int or bool
    required: bool = False
    choices: tuple[str, ...] = ()
    complete: Completer | None = None
    max_length: int = MAX_TEXT


@dataclass(frozen=True)
class Command:
    """A command (or a subcommand of a group such as /digest)."""

    name: str
    description: str
    handler: Handler | None = None
    options: tuple[Option, ...] = ()
    permission: Permission = Permission.EVERYONE
    subcommands: tuple[Command, ...] = ()
    guild_only: bool = False  # needs a channel of a server/workspace, not a DM
    # Whether the command can work where it is asked (e.g. /digest only where digests run): None when it can,
    # else the polite reply saying why. An unavailable command is left out of /help and completion.
    unavailable: Unavailable | None = None

    def unavailable_in(self, ctx: Context) -> Reply | None:
        """Why this command cannot work in `ctx` (a polite error reply), or None when it can."""
        return self.unavailable(ctx) if self.unavailable is not None else None

    def available(self, ctx: Context) -> bool:
        """Whether this command can work in `ctx`; help and completion list only these."""
        return self.unavailable_in(ctx) is None

    def sub(self, name: str) -> Command | None:
        return next((c for c in self.subcommands if c.name == name), None)

    def free_option(self) -> Option | None:
        """The main free-text option: takes the words not given by name."""
        return next((o for o in self.options if o.type is not bool and not o.choices), None)

    def usage(self, prefix: str = "/") -> str:
        if self.subcommands:
            return "\n".join(s.usage(f"{prefix}{self.name} ") for s in self.subcommands)
        parts = [f"{prefix}{self.name}"]
        free = self.free_option()
        # a flag after a required free text is read as its words (parse_text), so the usage shows it leading
        leading = free is not None and free.required
        for opt in sorted(self.options, key=lambda o: not (leading and o.type is bool)):
            label = "|".join(opt.choices) if opt.choices else (opt.name if opt.type is bool else f"<{opt.name}>")
            if opt.type is not bool and not opt.choices and opt is not free:
                label = f"{opt.name}:<{opt.name}>"
            parts.append(label if opt.required else f"[{label}]")
        return " ".join(parts) + f" \u2014 {self.description}"


class UsageError(Exception):
    """The user's input does not fit the command; the message says what would."""

    def __init__(self, message: str, command: Command):
        super().__init__(message)
        self.command = command

    def reply(self) -> Reply:
        return error_reply(str(self), hint=f"Usage:\n{self.command.usage()}")


@dataclass
class Registry:
    """Commands by name, in registration order."""

    commands: dict[str, Command] = field(default_factory=dict)

    def add(self, command: Command) -> Command:
        if command.name in self.commands:
            raise ValueError(f"command {command.name!r} registered twice")
        self.commands[command.name] = command
        return command

    def extend(self, commands: Iterable[Command]) -> None:
        for command in commands:
            self.add(command)

    def get(self, name: str) -> Command | None:
        """The command named `name`, with or without its slash, in any case ('/BRIEF' is /brief)."""
        return self.commands.get(name.lstrip("/").lower())

    def available(self, ctx: Context) -> list[Command]:
        """The commands that can work in `ctx`, in registration order: what /help and completion offer."""
        return [c for c in self if c.available(ctx)]

    def unknown(self, name: str, ctx: Context) -> Reply:
        """The reply to a command that does not exist: the closest names it may mean among those available in
        `ctx`, and /help."""
        typed = name.lstrip("/")
        near = difflib.get_close_matches(typed.lower(), [c.name for c in self.available(ctx)], n=3, cutoff=0.6)
        guess = f" Did you mean {' or '.join(f'/{n}' for n in near)}?" if near else ""
        return error_reply(f"Unknown command /{typed[:40]}.{guess}", hint="Try /help for the list of commands.")

    def __iter__(self) -> Iterator[Command]:
        return iter(self.commands.values())

    def resolve(self, name: str, text: str) -> tuple[Command, dict[str, Any]]:
        """Find the (sub)command for `/name text` and parse `text` into its options."""
        command = self.get(name)
        if command is None:
            raise KeyError(name)
        if command.subcommands:
            head, _, rest = text.strip().partition(" ")
            sub = command.sub(head.lower())
            if sub is None:
                names = ", ".join(s.name for s in command.subcommands)
                raise UsageError(f"/{command.name} needs one of: {names}.", command)
            return sub, parse_text(sub, rest)
        return command, parse_text(command, text)

    def run(self, ctx: Context, command: Command, args: Mapping[str, Any]) -> Reply:
        """Check availability, permission and arguments, call the handler, and turn any failure into a reply."""
        unavailable = command.unavailable_in(ctx)
        if unavailable is not None:
            return unavailable
        if command.permission is Permission.CHANNEL_ADMIN and not ctx.is_admin:
            return error_reply("Sorry, only channel admins can use this command.")
        if command.guild_only and ctx.is_dm:
            return error_reply("This command works in a channel, not in direct messages.")
        try:
            checked = check_args(command, args)
            assert command.handler is not None, command.name
            return command.handler(ctx, checked)
        except UsageError as exc:
            return exc.reply()
        except Exception:
            log.exception("command /%s failed", command.name)
            return error_reply("Sorry, something went wrong answering that. The error has been logged.")

    def dispatch(self, ctx: Context, name: str, text: str) -> Reply:
        """Run `/name text` as typed on a text platform (console, Slack); a command unavailable here says so
        before its arguments are read."""
        group = self.get(name)
        unavailable = group.unavailable_in(ctx) if group is not None else None
        if unavailable is not None:
            return unavailable
        try:
            command, args = self.resolve(name, text)
        except KeyError:
            return self.unknown(name, ctx)
        except UsageError as exc:
            return exc.reply()
        return self.run(ctx, command, args)


def check_args(command: Command, args: Mapping[str, Any]) -> dict[str, Any]:
    """Validate parsed or platform-given arguments against the command's options."""
    out: dict[str, Any] = {}
    for opt in command.options:
        value = args.get(opt.name)
        if isinstance(value, str):
            value = value.strip()
            if value == "":
                value = None
        if value is None:
            if opt.required:
                raise UsageError(f"/{command.name} needs {opt.name}.", command)
            continue
        if isinstance(value, str) and len(value) > opt.max_length:
            raise UsageError(f"That {opt.name} is too long ({len(value)} characters; "
                             f"the limit is {opt.max_length}).", command)
        if opt.choices and str(value).lower() not in opt.choices:
            raise UsageError(f"{opt.name} must be one of: {', '.join(opt.choices)}.", command)
        if opt.type is int:
            try:
                value = int(value)
            except (TypeError, ValueError):
                raise UsageError(f"{opt.name} must be a whole number.", command) from None
        elif opt.choices:
            value = str(value).lower()
        out[opt.name] = value
    unknown = set(args) - {o.name for o in command.options}
    if unknown:
        raise UsageError(f"Unknown option {', '.join(sorted(unknown))}.", command)
    return out


_TRUE = {"true", "yes", "on", "1"}


def parse_text(command: Command, text: str) -> dict[str, Any]:
    """Parse the free text after a slash command into option values.

    `name:value` or `name=value` set an option by name; a bare choice value sets its
    option; a bool option's own name turns it on (`/ask public ...`, `/brief full public`).
    The remaining words are the command's main free-text option, so `/who Bart De Wever`
    and `/ask what happened on January 3?` need no quotes; other options go by name. A choice value is taken
    wherever it stands (`/brief my-briefing tldr`), except inside a required free text (a question).
    """
    words = text.split()
    args: dict[str, Any] = {}
    by_name = {o.name: o for o in command.options}
    flags = {o.name for o in command.options if o.type is bool}
    free = command.free_option()
    # Bare flags lead; they may also trail unless the command takes a free-text question,
    # so "/ask is the port public" keeps its last word.
    for end in (0,) if free is not None and free.required else (0, -1):
        while words and words[end].lower().lstrip("-") in flags:
            args[words.pop(end).lower().lstrip("-")] = True
    positional: list[str] = []
    for word in words:
        key, sep, value = word.partition(":") if ":" in word else word.partition("=")
        opt = by_name.get(key.lower().lstrip("-")) if sep else None
        choice = next((o for o in command.options
                       if o.choices and word.lower() in o.choices and o.name not in args), None)
        if opt is not None and value:
            args[opt.name] = (value.lower() in _TRUE) if opt.type is bool else value
        elif choice is not None and (not positional or free is None or not free.required):
            args[choice.name] = word.lower()
        else:
            positional.append(word)
    if positional:
        if free is None or free.name in args:
            raise UsageError(f"I didn't understand {' '.join(positional)!r}.", command)
        args[free.name] = " ".join(positional)
    return args


def help_reply(registry: Registry, ctx: Context, about: str | None = None) -> Reply:
    """The help text, generated from the registry so every platform shows the same: the usage of every command
    that works in `ctx`, or with `about`, one command explained option by option."""
    if not about:
        blocks = tuple(Block(c.usage()) for c in registry.available(ctx))
        return Reply(title="briefbot commands", blocks=blocks, footer="/help <command> explains one command.")
    command = registry.get(about.split()[0])
    if command is None:
        return registry.unknown(about.split()[0], ctx)
    unavailable = command.unavailable_in(ctx)
    if unavailable is not None:
        return unavailable
    parts = [*command.subcommands] or [command]
    blocks = tuple(Block(_explained(c), heading=c.usage()) for c in parts)
    return Reply(title=f"/{command.name}: {command.description}", blocks=blocks)


def _explained(command: Command) -> str:
    lines = []
    for o in command.options:
        values = f" ({'|'.join(o.choices)})" if o.choices else ""
        lines.append(f"\u2022 {o.name}{values}: {o.description}" + ("" if o.required else " (optional)"))
    if command.permission is Permission.CHANNEL_ADMIN:
        lines.append("Channel admins only.")
    return "\n".join(lines)
