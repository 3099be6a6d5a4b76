"""`briefbot discord-invite`: the OAuth2 URL that adds the bot with exactly the scopes and permissions it needs."""
from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

import discord

from bot.config import Config

log = logging.getLogger(__name__)

SCOPES = ("bot", "applications.commands")


def permissions() -> discord.Permissions:
    """What the bot needs in a channel: see it, post in it, and show embeds."""
    return discord.Permissions(view_channel=True, send_messages=True, embed_links=True)


def invite_url(application_id: int) -> str:
    return discord.utils.oauth_url(application_id, permissions=permissions(), scopes=SCOPES)


def main(argv: Sequence[str], config: Config) -> int:
    parser = argparse.ArgumentParser(prog="briefbot discord-invite",
                                     description="Print the URL a server admin opens to add the bot.")
    parser.add_argument("--application-id", type=int, default=config.discord.application_id,
                        help="the application id (default: discord.application_id from the config)")
    args = parser.parse_args(argv)
    if args.application_id is None:
        print("briefbot discord-invite: no application id; set discord.application_id in the config "
              "or pass --application-id (Developer Portal > your app > General Information)", file=sys.stderr)
        return 2
    print(invite_url(args.application_id))
    return 0
