"""`briefbot discord-invite`: the OAuth2 URL that adds the bot with exactly the scopes and permissions it needs."""
from __future__ import annotations

import argparse
import logging
import re
import sys
from collections.abc import Sequence

import discord

from bot.config import Config

__all__ = ["main"]

log = logging.getLogger(__name__)

SCOPES = ("bot", "applications.commands")
SNOWFLAKE = re.compile(r"[0-9]{1,20}")  # Discord ids are unsigned 64-bit numbers, written in decimal


def permissions() -> discord.Permissions:
    """What the bot needs in a channel: see it, post in it, and show embeds; answer a mention in a thread it starts
    from the question and post there; and read the message a reply to it refers to, and its digests' history."""
    return discord.Permissions(view_channel=True, send_messages=True, embed_links=True, send_messages_in_threads=True,
                               create_public_threads=True, read_message_history=True)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=permissions(), scopes=SCOPES)


def application_id(value: str) -> int:
    """An application id as Discord writes it: a positive whole number below 2**64; anything else is refused."""
    text = value.strip()
    if not SNOWFLAKE.fullmatch(text) or not 0 < int(text) < 2**64:
        raise argparse.ArgumentTypeError(
            f"{value[:40]!r} is not a Discord application id; copy the number under Application ID "
            "(Developer Portal > your app > General Information)")
    return int(text)


def main(argv: Sequence[str], config: Config) -> int:
    parser = argparse.ArgumentParser(prog="briefbot discord-invite",
                                     description="Print the URL a server admin opens to add the bot.")
    parser.add_argument("--application-id", type=application_id,
                        help="the application id (default: discord.application_id from the config)")
    args = parser.parse_args(argv)
    app_id = args.application_id
    if app_id is None and config.discord.application_id is not None:
        try:
            app_id = application_id(str(config.discord.application_id))
        except argparse.ArgumentTypeError as exc:
            print(f"briefbot discord-invite: discord.application_id: {exc}", file=sys.stderr)
            return 2
    if app_id is None:
        print("briefbot discord-invite: no application id; set discord.application_id in the config "
              "or pass --application-id (Developer Portal > your app > General Information)", file=sys.stderr)
        return 2
    print(invite_url(app_id))
    return 0
