"""What a rendered Message sends: the keyword arguments of a Discord send, mentioning no one."""
from __future__ import annotations

import logging
from typing import Any

import discord

from bot.adapters.discord.render import Message

__all__ = ["message_kwargs", "no_mentions"]

log = logging.getLogger(__name__)


def no_mentions() -> discord.AllowedMentions:
    return discord.AllowedMentions.none()


def message_kwargs(message: Message) -> dict[str, Any]:
    """content, embeds and no mentions: what every send of a rendered message passes."""
    return {"content": message.content, "embeds": list(message.embeds), "allowed_mentions": no_mentions()}
