"""The `briefbot` command line: run the bot, query content, check config and content."""
from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from bot.config import Config, load_config
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Command, Registry, UsageError, check_args
from bot.core.yamlfile import YamlError
from bot.digests.commands import digest_command
from bot.logs import config_secrets, setup_logging
from bot.ops.reload import reload_command

log = logging.getLogger(__name__)

EXIT_OK, EXIT_RUNTIME, EXIT_CONFIG = 0, 1, 2
CLI_ALIASES = {"quote": "quotes"}  # CLI names that read better in the plural
# Tools owned by other modules: name -> "module:function", called as function(argv, config) -> exit code.
TOOLS: dict[str, str] = {"new-briefing": "bot.authoring.new:main",
                        "slack-manifest": "bot.adapters.slack.manifest:main",
                        "discord-invite": "bot.adapters.discord.invite:main"}


def _config_path(value: str | None) -> Path | None:
    value = value or os.environ.get("BRIEFBOT_CONFIG")
    if value:
        return Path(value)
    default = Path("config.yaml")
    return default if default.exists() else None


def _add_command(sub: argparse._SubParsersAction, command: Command) -> None:
    name = CLI_ALIASES.get(command.name, command.name)
    p = sub.add_parser(name, help=command.description, description=command.description)
    for opt in command.options:
        if opt is command.free_option():
            p.add_argument(opt.name, nargs="+" if opt.required else "*", help=opt.description)
        elif opt.type is bool:
            p.add_argument(f"--{opt.name}", action="store_true", help=opt.description)
        else:
            p.add_argument(f"--{opt.name}", choices=opt.choices or None, help=opt.description)
    p.set_defaults(registry_command=command)


def build_parser(registry: Registry) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="briefbot", description="Curated news briefings for Discord, Slack and the console.")
    parser.add_argument("--config", help="config file (default: $BRIEFBOT_CONFIG or ./config.yaml if present)")
    parser.add_argument("--log-format", choices=("text", "json"), default="text")
    parser.add_argument("--log-level", choices=("DEBUG", "INFO", "WARNING", "ERROR"))
    sub = parser.add_subparsers(dest="cmd", metavar="COMMAND")
    sub.add_parser("run", help="run the bot: every enabled platform, or the console when none is")
    sub.add_parser("chat", help="interactive console with the chat platforms' slash commands")
    sub.add_parser("check", help="validate config and content, say what is wrong")
    ask = sub.add_parser("ask", help="ask a question (or many with --jsonl)")
    ask.add_argument("question", nargs="*")
    ask.add_argument("--jsonl", action="store_true", help="questions on stdin, one JSON answer per line on stdout")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    ask.add_argument("--briefing")
    for command in registry:
        if command.name not in ("ask", "help") and not command.subcommands:
            _add_command(sub, command)
    for name in TOOLS:
        # no option prefix: every word after the tool's name, --options included, goes to the tool
        tool = sub.add_parser(name, help=f"see `briefbot {name} --help`", add_help=False, prefix_chars="\0")
        tool.add_argument("rest", nargs=argparse.REMAINDER)
        tool.set_defaults(tool=name)
    return parser


def _ask(args: argparse.Namespace, library: Library) -> int:
    engine = library.current.engine
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
        print(answer.text)
        for c in answer.citations:
            print(f"  > \u201c{c.quote}\u201d \u2014 {c.title}")
    return EXIT_OK if answer.answered else EXIT_RUNTIME


def _query(args: argparse.Namespace, registry: Registry, ctx: Context) -> int:
    command: Command = args.registry_command
    values = {}
    for opt in command.options:
        value = getattr(args, opt.name, None)
        if isinstance(value, list):
            value = " ".join(value)
        if value not in (None, False, ""):
            values[opt.name] = value
    try:
        check_args(command, values)
    except UsageError as exc:
        print(exc.reply().plain_text(), file=sys.stderr)
        return EXIT_CONFIG
    reply = registry.run(ctx, command, values)
    print(reply.plain_text(), file=sys.stderr if reply.error else sys.stdout)
    return EXIT_RUNTIME if reply.error else EXIT_OK


def _check(config: Config, library: Library) -> int:
    store = library.current.store
    for lb in store:
        b = lb.briefing
        print(f"ok  {b.id}: {len(b.facts)} facts, {len(b.entities)} entities, "
              f"{len(b.timeline)} events, {len(b.quotes)} quotes")
    enabled = [p for p in ("discord", "slack") if getattr(config, p).enabled] or ["console"]
    print(f"ok  config: platforms {', '.join(enabled)}; storage {config.storage.url.split(':')[0]}")
    return EXIT_OK


def app_registry() -> Registry:
    """The registry `briefbot run` serves; tools such as slack-manifest describe the same one."""
    return build_registry(reload_command(), digest_command())


def main(argv: Sequence[str] | None = None) -> int:
    registry = app_registry()
    parser = build_parser(registry)
    args = parser.parse_args(argv)
    try:
        config = load_config(_config_path(args.config))
        quiet = args.cmd not in (None, "run")  # one-shot commands print answers, not INFO lines
        setup_logging(args.log_level or ("WARNING" if quiet else config.log_level), args.log_format, config_secrets(config))
        if getattr(args, "tool", None):
            module, func = TOOLS[args.tool].split(":")
            return int(getattr(importlib.import_module(module), func)(args.rest, config))
        library = Library(config.content_dir, config.default_briefing, config.channel_briefings,
                          limits=config.content_limits)
    except YamlError as exc:
        print(f"briefbot: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    except LookupError as exc:
        print(f"briefbot: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return EXIT_CONFIG
    ctx = Context(library=library, platform="console", user_id="console", is_admin=True)
    cmd = args.cmd or "run"
    if cmd == "check":
        return _check(config, library)
    if cmd == "ask":
        return _ask(args, library)
    if cmd in ("chat", "run"):
        from bot.app import run
        return run(config, library, registry, console=(cmd == "chat"))
    return _query(args, registry, ctx)
