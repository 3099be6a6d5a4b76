"""`briefbot slack-manifest`: a ready Slack app manifest (YAML), generated from the command registry."""
from __future__ import annotations

import argparse
import logging
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.config import Config, SlackConfig
from bot.core.registry import Command, Registry

__all__ = ["BOT_EVENTS", "BOT_SCOPES", "build_manifest", "usage_hint"]

log = logging.getLogger(__name__)

# commands: slash commands; chat:write(.public): answers and digests, also in channels the bot has not joined;
# users:read: users.info, to know workspace admins for admin-only commands;
# channels:history, groups:history: after a crash, check which digest messages were already posted (by metadata);
# channels:join: to read the history of a public channel the bot posts to without being a member;
# app_mentions:read, im:history: questions asked by mentioning the bot, and in a direct message with it.
BOT_SCOPES = ["commands", "chat:write", "chat:write.public", "users:read", "channels:history", "groups:history",
              "channels:join", "app_mentions:read", "im:history"]
# a mention, a direct message, the Home tab opened
BOT_EVENTS = ["app_mention", "message.im", "app_home_opened"]
DESCRIPTION = "Briefings on curated news articles: summaries, facts with evidence, cited answers."


def usage_hint(command: Command) -> str:
    """The arguments Slack shows while the user types `/name`."""
    if command.subcommands:
        return " | ".join(f"{sub.name} {usage_hint(sub)}".strip() for sub in command.subcommands)
    return command.usage("").removeprefix(command.name).removesuffix(f" \u2014 {command.description}").strip()


def build_manifest(commands: Iterable[Command], slack: SlackConfig, request_url: str = "",
                   name: str = "briefbot") -> dict[str, Any]:
    """The manifest for these commands (a Registry, say), with the events, Home tab and interactivity the bot
    serves; HTTP mode needs the public request URL, where commands, events and clicks all arrive."""
    socket = slack.mode == "socket"
    entries = []
    for command in commands:
        entry: dict[str, Any] = {"command": f"/{slack.rename.get(command.name, command.name)}",
                                 "description": command.description[:2000],
                                 "should_escape": False}
        if hint := usage_hint(command):
            entry["usage_hint"] = hint[:1000]
        if not socket:
            entry["url"] = request_url
        entries.append(entry)
    at_url = {} if socket else {"request_url": request_url}  # Socket Mode: events and clicks come over the socket
    return {
        "display_information": {"name": name, "description": DESCRIPTION},
        "features": {"bot_user": {"display_name": name, "always_online": True},
                     # the Home tab lists briefings and digests; the Messages tab takes direct questions
                     "app_home": {"home_tab_enabled": True, "messages_tab_enabled": True,
                                  "messages_tab_read_only_enabled": False},
                     "slash_commands": entries},
        "oauth_config": {"scopes": {"bot": BOT_SCOPES}},
        "settings": {"event_subscriptions": {**at_url, "bot_events": BOT_EVENTS},
                     # buttons under answers and digests, and the subscribe dialog
                     "interactivity": {"is_enabled": True, **at_url},
                     "socket_mode_enabled": socket, "org_deploy_enabled": False, "token_rotation_enabled": False},
    }


def url_problem(url: str) -> str | None:
    """What stops Slack from posting commands to `url`, or None: it must be https with a host name and a valid port,
    with nothing blank, unprintable or secret in it."""
    if not url.isprintable() or any(c.isspace() for c in url):
        return "has a space or an unprintable character in it"
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # a port that is not a number from 0 to 65535, a broken [IPv6] host
        return "is not a valid URL (look at the host and port)"
    if parts.scheme.lower() != "https":
        return "is not https (Slack calls only https URLs)"
    if not parts.hostname:
        return "has no host name"
    if not port_ok:
        return "has port 0"
    if parts.username is not None:
        return "has a user name or password in it"
    return None


def request_url(value: str) -> str:
    """--url's type: the URL if Slack can post to it, else an argparse error saying what is wrong."""
    problem = url_problem(value)
    if problem:
        shown = "the URL" if "@" in value else repr(value[:80])  # a password typed in it is not shown again
        raise argparse.ArgumentTypeError(f"{shown} {problem}; give this bot's public address, "
                                         "e.g. --url https://bot.example.com")
    return value


def main(argv: Sequence[str], config: Config, registry: Registry) -> int:
    """Print the manifest for `registry`, the commands `briefbot run` serves (the command line passes them)."""
    parser = argparse.ArgumentParser(
        prog="briefbot slack-manifest",
        description="Print the Slack app manifest for this bot's commands and slack.mode; paste it into "
                    "api.slack.com/apps > Create New App > From a manifest.")
    parser.add_argument("--url", type=request_url, help="http mode only: the public https URL Slack posts "
                        "commands, events and clicks to; slack.http.path is appended when the URL has no path")
    parser.add_argument("--name", default="briefbot", help="the app's and the bot user's name (default: briefbot)")
    args = parser.parse_args(argv)
    url = args.url or ""
    if config.slack.mode == "http":
        if not url:
            parser.error("slack.mode is http: give --url https://your.host (Slack calls only https URLs)")
        if urlsplit(url).path in ("", "/"):
            url = url.rstrip("/") + config.slack.http.path
    elif url:
        parser.error("--url is used only in http mode, and slack.mode is socket (Socket Mode needs no request "
                     "URL): leave out --url, or set slack.mode: http in the config")
    # without digests `run` answers /digest only with "not running": Slack need not offer it
    commands = [c for c in registry if config.digests.enabled or c.name != "digest"]
    print(yaml.safe_dump(build_manifest(commands, config.slack, url, args.name), sort_keys=False,
                         allow_unicode=True), end="")
    return 0
