"""The `briefbot` command line: run the bot, query content, check config and content, write a starter folder."""
from __future__ import annotations

import argparse
import dataclasses
import difflib
import importlib
import json
import logging
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn, TextIO

from bot import sample
from bot.adapters.console import render
from bot.config import Config, load_config
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library, answer_engine
from bot.core.loader import BRIEFING_FILE, REVIEW
from bot.core.registry import Command, Registry, UsageError, check_args, parse_text
from bot.core.reply import Block, Reply
from bot.core.store import UnknownBriefing
from bot.core.yamlfile import YamlError
from bot.logs import config_secrets, setup_logging

__all__ = ["CLI_ALIASES", "build_parser", "main"]

log = logging.getLogger(__name__)

EXIT_OK, EXIT_RUNTIME, EXIT_CONFIG = 0, 1, 2
REVIEW_LINES_SHOWN = 5  # `check` names the first few lines still marked for review
CLI_ALIASES = {"quote": ["quotes"]}  # other CLI names a slash command answers to
CHAT_ONLY = {"public"}  # options that mean something only in a chat channel
# Tools owned by other modules: name -> "module:function", called as function(argv, config) -> exit code; those
# describing the commands `run` serves are given them too: function(argv, config, registry).
TOOLS: dict[str, str] = {"new-briefing": "bot.authoring.new:main",
                        "slack-manifest": "bot.adapters.slack.manifest:main",
                        "discord-invite": "bot.adapters.discord.invite:main"}
REGISTRY_TOOLS = {"slack-manifest"}
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
# the commands that run digests or check their settings; the others skip checking schedules and the database URL,
# and so never import APScheduler or SQLAlchemy
DIGEST_COMMANDS = {"run", "chat", "check"}


class _Parser(argparse.ArgumentParser):
    """argparse that suggests the closest value when a command or a choice is mistyped."""

    def error(self, message: str) -> NoReturn:
        typed = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if typed:
            near = difflib.get_close_matches(typed.group(1), re.findall(r"'([^']*)'", typed.group(2)), n=3, cutoff=0.6)
            if near:
                message += f". Did you mean {' or '.join(near)}?"
        super().error(message)


def _global_options(parser: argparse.ArgumentParser, defaults: bool) -> None:
    """--config, --log-format and --log-level. The top-level parser has the defaults; each command's parser
    takes the same options without defaults, so they may come before or after the command's name."""
    def default(value: Any) -> Any:
        return value if defaults else argparse.SUPPRESS

    parser.add_argument("--config", metavar="FILE", default=default(None),
                        help="config file (default: $BRIEFBOT_CONFIG, or ./config.yaml if present)")
    parser.add_argument("--log-format", choices=("text", "json"), default=default("text"),
                        help="log lines as text or JSON")
    parser.add_argument("--log-level", choices=LEVELS, default=default(None),
                        help="show log lines from this level (default: the config's log_level for `run` on a platform, "
                             "else WARNING)")


def _config_path(value: str | None) -> Path | None:
    value = value or os.environ.get("BRIEFBOT_CONFIG")
    if value:
        return Path(value)
    default = Path("config.yaml")
    return default if default.exists() else None


def cli_command(command: Command) -> Command:
    """The command as the CLI takes it: without the options that only mean something in a chat channel."""
    return dataclasses.replace(command, options=tuple(o for o in command.options if o.name not in CHAT_ONLY))


def _add_query(sub: argparse._SubParsersAction[_Parser], command: Command, common: _Parser) -> None:
    """A registry command as a CLI command: words as after its slash command, options also as --name VALUE."""
    cli = cli_command(command)
    p = sub.add_parser(command.name, aliases=CLI_ALIASES.get(command.name, []), parents=[common],
                       help=command.description, description=f"{command.description}. Same as /{command.name}.")
    free = cli.free_option()
    choices = [c for o in cli.options for c in o.choices]
    label = ("ID" if free.name == "briefing" else free.name.upper()) if free else ""
    words = [*choices, *([label] if free else [])]
    label = "WORD" if choices else label
    if words:
        p.add_argument("words", nargs="*", metavar=label,
                       help=f"as after /{command.name}: {', '.join(words)}, in any order")
    for opt in cli.options:
        if opt.type is bool:
            p.add_argument(f"--{opt.name}", action="store_true", help=opt.description)
        else:
            p.add_argument(f"--{opt.name}", choices=opt.choices or None, help=opt.description,
                           metavar=None if opt.choices else ("ID" if opt.name == "briefing" else opt.name.upper()))
    p.set_defaults(query=command, usage=p.format_usage().strip())


def build_parser(registry: Registry) -> argparse.ArgumentParser:
    """The whole command line; README's "Command line" section is tested against it (tests/test_cli.py)."""
    parser = _Parser(prog="briefbot", description="Curated news briefings for Discord, Slack and the console.")
    _global_options(parser, defaults=True)
    common = _Parser(add_help=False)
    _global_options(common, defaults=False)
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")
    sub.add_parser("run", parents=[common], help="run the bot: every enabled platform, or the console when none is")
    sub.add_parser("chat", parents=[common], help="interactive console with the chat platforms' slash commands")
    check = sub.add_parser("check", parents=[common], help="validate config and content, say what is wrong and where")
    check.add_argument("--strict", action="store_true",
                       help=f"also fail while a {BRIEFING_FILE} has lines marked {REVIEW!r} (a draft not reviewed)")
    init = sub.add_parser("init", parents=[common],
                          help="write config.yaml and content/ with a sample briefing to start from")
    init.add_argument("dir", nargs="?", default=".", metavar="DIR",
                      help="where (default: here); nothing is overwritten")
    ask = sub.add_parser("ask", parents=[common], help="ask a question (or many with --jsonl)")
    ask.add_argument("question", nargs="*", metavar="QUESTION")
    ask.add_argument("--briefing", metavar="ID", help="which briefing (default: the default one)")
    ask.add_argument("--jsonl", action="store_true", help="questions on stdin, one JSON answer per line on stdout")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    for command in registry:
        if command.name not in ("ask", "help") and not command.subcommands:
            _add_query(sub, command, common)
    for name in TOOLS:
        # no option prefix: every word after the tool's name, --options included, goes to the tool
        tool = sub.add_parser(name, help=f"see `briefbot {name} --help`", add_help=False, prefix_chars="\0")
        tool.add_argument("rest", nargs=argparse.REMAINDER)
        tool.set_defaults(tool=name)
    return parser


def _tool_globals(args: argparse.Namespace) -> None:
    """Take the global options out of a tool's words (`briefbot slack-manifest --config FILE`)."""
    common = argparse.ArgumentParser(prog=f"briefbot {args.tool}", add_help=False, allow_abbrev=False)
    _global_options(common, defaults=False)
    _, args.rest = common.parse_known_args(args.rest, namespace=args)


def _served() -> Registry:
    """The commands `briefbot run` serves, /digest and /briefbot included. Only what needs them imports the
    composition root, so `ask` and the other one-shot commands load no digest, storage or platform code."""
    from bot.app import app_registry
    return app_registry()


def _tool(args: argparse.Namespace, config: Config) -> int:
    """Run the tool named on the command line with the words after its name."""
    module, func = TOOLS[args.tool].split(":")
    tool = getattr(importlib.import_module(module), func)
    given = (_served(),) if args.tool in REGISTRY_TOOLS else ()
    return int(tool(args.rest, config, *given))


def emit(reply: Reply) -> None:
    """Print a reply for the terminal (bold, the citation set apart), plain when the stream is not one."""
    stream: TextIO = sys.stderr if reply.error else sys.stdout
    print(render(reply, stream.isatty()), file=stream)


def _ask(args: argparse.Namespace, library: Library) -> int:
    engine = library.current.engine
    if args.briefing:
        try:
            library.current.store.get(args.briefing)
        except UnknownBriefing as exc:
            print(f"briefbot: {exc}", file=sys.stderr)
            return EXIT_CONFIG
    if args.jsonl:
        for line in sys.stdin:
            question = line.strip()
            if question:
                print(json.dumps(engine.ask(question, args.briefing).as_json(), ensure_ascii=False), flush=True)
        return EXIT_OK
    question = " ".join(args.question).strip()
    if not question:
        print("Ask a question, e.g.: briefbot ask \"Who wrote the article?\"", file=sys.stderr)
        return EXIT_CONFIG
    answer = engine.ask(question, args.briefing)
    if args.json:
        print(json.dumps(answer.as_json(), ensure_ascii=False, indent=2))
    else:
        first = answer.citations[0] if answer.citations else None
        blocks = (Block(answer.text, citation=first), *(Block("", citation=c) for c in answer.citations[1:]))
        print(render(Reply(title="", blocks=blocks), sys.stdout.isatty()))
    return EXIT_OK if answer.answered else EXIT_RUNTIME


def _query(args: argparse.Namespace, registry: Registry, ctx: Context) -> int:
    command: Command = args.query
    cli = cli_command(command)
    try:
        values = parse_text(cli, " ".join(getattr(args, "words", []) or []))
        for opt in cli.options:
            value = getattr(args, opt.name, None)
            if value not in (None, False):
                values[opt.name] = value
        check_args(cli, values)
    except UsageError as exc:
        emit(dataclasses.replace(exc.reply(), blocks=(Block(args.usage),)))
        return EXIT_CONFIG
    reply = registry.run(ctx, command, values)
    if reply.error:  # a usage hint shows the command line's usage, not the slash command's
        reply = dataclasses.replace(reply, blocks=tuple(Block(args.usage) if b.text.startswith("Usage:") else b
                                                        for b in reply.blocks))
    emit(reply)
    return EXIT_RUNTIME if reply.error else EXIT_OK


def _check(config: Config, path: Path | None, library: Library, bundled: bool, strict: bool = False) -> int:
    unreviewed = []
    for lb in library.current.store:
        b = lb.briefing
        print(f"ok  {b.id}: {len(b.facts)} facts, {len(b.entities)} entities, "
              f"{len(b.timeline)} events, {len(b.quotes)} quotes")
        file = lb.folder / BRIEFING_FILE
        try:
            marked = [n for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1) if REVIEW in line]
        except (OSError, UnicodeDecodeError) as exc:
            print(f"warning  {b.id}: cannot read {file} again to count its review marks: {exc}", file=sys.stderr)
            continue
        if marked:
            unreviewed.append(b.id)
            more = ", ..." if len(marked) > REVIEW_LINES_SHOWN else ""
            print(f"warning  {b.id}: {len(marked)} lines of {file} still marked {REVIEW!r} (lines "
                  f"{', '.join(map(str, marked[:REVIEW_LINES_SHOWN]))}{more}); review each, then remove its mark",
                  file=sys.stderr)
    note = " (the sample bundled with briefbot; `briefbot init DIR` writes a copy to edit)" if bundled else ""
    print(f"ok  content: {library.root}{note}")
    platforms = ", ".join(config.platforms) or "none (the console)"
    print(f"ok  config: {path or 'none, the defaults'}; platforms {platforms}; storage {config.storage.backend}")
    if strict and unreviewed:
        print(f"briefbot: check --strict: {len(unreviewed)} briefing(s) not reviewed yet ({', '.join(unreviewed)}); "
              f"review the lines marked {REVIEW!r} and remove the marks", file=sys.stderr)
        return EXIT_CONFIG
    return EXIT_OK


def _init(target: Path) -> int:
    try:
        written = sample.init(target)
    except sample.InitError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    print(f"Wrote {len(written)} files:")
    for path in written:
        print(f"  {path}")
    go = f"cd {target} && " if target != Path(".") else ""
    print(f"Next: {go}briefbot check, then enable a platform in config.yaml, or run `briefbot` for the console.")
    return EXIT_OK


def _content(config: Config) -> tuple[Path, bool]:
    """The content folder to load and whether it is the bundled sample; a configured folder must exist."""
    explicit = config.content_configured
    if explicit and not config.content_dir.is_dir():
        raise config.fail(f"the content folder {config.content_dir} does not exist: create it (`briefbot init DIR` "
                          "writes one with a sample briefing), or remove content_dir to use the bundled sample",
                          ("content_dir",))
    content = sample.content_for(config.content_dir, explicit)
    return content, content != config.content_dir


def _main(argv: Sequence[str] | None) -> int:
    # the core's commands: the command line offers those without subcommands, which /digest and /briefbot have
    registry = build_registry()
    parser = build_parser(registry)
    args = parser.parse_args(argv)
    if getattr(args, "tool", None):
        _tool_globals(args)
    if args.cmd == "init":
        return _init(Path(args.dir))
    cmd = args.cmd or "run"
    try:
        path = _config_path(args.config)
        config = load_config(path, digests=cmd in DIGEST_COMMANDS)
        console = cmd == "chat" or (cmd == "run" and not (config.platforms or config.http.enabled))
        quiet = cmd != "run" or console  # one-shot commands print answers and the console its banner, not INFO lines
        level = args.log_level or ("WARNING" if quiet else config.log_level)
        setup_logging(level, args.log_format, config_secrets(config))
        if config.slack.rename:  # it may rename any command `run` serves
            config.check_commands([c.name for c in _served()])
        if getattr(args, "tool", None):
            return _tool(args, config)
        content, bundled = _content(config)
        ids = [p.parent.name for p in content.glob(f"*/{BRIEFING_FILE}")]  # a folder's name is its briefing's id
        if ids:  # with none, loading says what is missing
            config.check_briefings(ids)
        library = Library(content, config.default_briefing, config.channel_briefings, engine=answer_engine,
                          limits=config.content_limits)
    except YamlError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except LookupError as exc:
        print(f"briefbot: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_CONFIG
    ctx = Context(library=library, platform="console", user_id="console", is_admin=True)
    if cmd == "check":
        return _check(config, path, library, bundled, strict=args.strict)
    if cmd == "ask":
        return _ask(args, library)
    if cmd in ("chat", "run"):
        from bot.app import run
        return run(config, library, console=(cmd == "chat"))
    return _query(args, registry, ctx)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line. When the reader of the output goes away (`briefbot facts | head -1`), stop quietly,
    with exit code 1 and no traceback, as Python's documentation on SIGPIPE recommends."""
    try:
        code = _main(argv)
        sys.stdout.flush()  # a closed pipe shows here, not at exit where Python would print the error
        return code
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing left to flush at exit
        return EXIT_RUNTIME
