"""Buttons on Discord: what a rendered Message sends (its buttons as a view, mentioning no one), and the clicks on
them, which come back to the client however old the message.

Every button is an `ActionButton`, a discord.py DynamicItem: the client registers the class at start-up, and
discord.py matches any clicked custom_id against its template and rebuilds the button from the id alone. Nothing is
kept per message, so a button on a week-old message works after a restart, and sending buttons costs no memory.
"""
from __future__ import annotations

import logging
import re
from typing import Any, Protocol, runtime_checkable

import discord

from bot.adapters.discord.render import Button, Message

__all__ = ["ActionButton", "Clicks", "message_kwargs", "no_mentions", "view_of"]

log = logging.getLogger(__name__)

# Any custom_id: the bot sends only its own buttons, and the core turns an id it cannot read (damaged, another
# version's) into a polite reply, where an unmatched id would leave the user with "This interaction failed".
ANY_ID = re.compile(r".{1,100}", re.S)


def no_mentions() -> discord.AllowedMentions:
    return discord.AllowedMentions.none()


@runtime_checkable
class Clicks(Protocol):
    """The client a click is handed to."""

    async def click(self, interaction: discord.Interaction, custom_id: str) -> None: ...


class ActionButton(discord.ui.DynamicItem[discord.ui.Button[Any]], template=ANY_ID):
    """A button whose custom_id says everything a click needs (bot.core.buttons)."""

    def __init__(self, label: str, custom_id: str) -> None:
        super().__init__(discord.ui.Button(label=label, custom_id=custom_id, style=discord.ButtonStyle.secondary))

    @classmethod
    async def from_custom_id(cls, interaction: discord.Interaction, item: discord.ui.Item[Any],
                             match: re.Match[str], /) -> ActionButton:
        label = item.label if isinstance(item, discord.ui.Button) else None
        return cls(label or "", match.string)

    async def callback(self, interaction: discord.Interaction) -> None:
        client = interaction.client
        if isinstance(client, Clicks):
            await client.click(interaction, self.item.custom_id or "")
        else:  # only a client that does not answer clicks would register this class
            log.warning("a button click reached %s, which does not answer clicks", type(client).__name__)


def view_of(buttons: tuple[Button, ...]) -> discord.ui.View:
    """The buttons as a view that never times out (Discord puts five a row)."""
    view = discord.ui.View(timeout=None)
    for button in buttons:
        view.add_item(ActionButton(button.label, button.custom_id))
    return view


def message_kwargs(message: Message) -> dict[str, Any]:
    """content, embeds and no mentions, which every send of a rendered message passes, and its buttons when it has
    any (without, no components key at all: the message is sent exactly as before buttons existed)."""
    kwargs: dict[str, Any] = {"content": message.content, "embeds": list(message.embeds),
                              "allowed_mentions": no_mentions()}
    if message.buttons:
        kwargs["view"] = view_of(message.buttons)
    return kwargs
