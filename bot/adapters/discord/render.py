"""Reply -> Discord messages (embeds, or plain content for errors) inside Discord's limits, its actions as buttons
under the last one; pure."""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace

import discord

from bot.core.buttons import ActionError, encode
from bot.core.reply import Action, Reply

__all__ = ["FAILED", "Button", "Message", "buttons", "chunks", "render", "shared_by"]

log = logging.getLogger(__name__)

FAILED = "Sorry, something went wrong answering that. The error has been logged."
CONTENT = 2000  # characters of message content
TITLE = 256
DESCRIPTION = 4096
FIELDS = 25  # fields per embed
FIELD_NAME = 256
FIELD_VALUE = 1024
FOOTER = 2048
TOTAL = 6000  # characters summed over all embeds of one message
EMBEDS = 10  # embeds per message
GAP = "\n\n"  # between paragraphs of a description
COLOUR = discord.Colour.blurple()
BUTTONS = 25  # buttons per message: 5 rows of 5
LABEL = 80  # characters of a button's label
SNOWFLAKE = re.compile(r"[0-9]{1,20}")


@dataclass(frozen=True)
class Button:
    """A button: its label and the custom_id a click comes back with (bot.core.buttons encodes it)."""

    label: str
    custom_id: str


@dataclass(frozen=True)
class Message:
    """One Discord message: content and/or embeds, and buttons under it."""

    content: str = ""
    embeds: tuple[discord.Embed, ...] = ()
    buttons: tuple[Button, ...] = ()


def buttons(actions: tuple[Action, ...]) -> tuple[Button, ...]:
    """The actions as buttons, at most 25; one whose id cannot be encoded is left off (logged)."""
    out = []
    for act in actions:
        try:
            out.append(Button(_cut(act.label, LABEL), encode(act)))
        except ActionError as exc:
            log.warning("button %r left off: %s", act.kind, exc)
    return tuple(out[:BUTTONS])


def shared_by(reply: Reply) -> str:
    """Who shared the answer, as a mention that renders the name (sent with mentions off, it pings no one)."""
    return f"Shared by <@{reply.shared_by}>" if SNOWFLAKE.fullmatch(reply.shared_by) else ""


@dataclass
class _Draft:
    paragraphs: list[str] = field(default_factory=list)
    fields: list[tuple[str, str]] = field(default_factory=list)

    def description_length(self, extra: str = "") -> int:
        return len(GAP.join([*self.paragraphs, extra]) if extra else GAP.join(self.paragraphs))


def chunks(text: str, size: int) -> list[str]:
    """Split text into pieces of at most `size` characters, at a line break or space when possible."""
    pieces: list[str] = []
    while len(text) > size:
        cut = max(text.rfind("\n", 0, size + 1), text.rfind(" ", 0, size + 1))
        cut = cut if cut > size // 2 else size
        pieces.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    return [*pieces, text] if text or not pieces else pieces


def _cut(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip() + "\u2026"


def _units(reply: Reply, text_size: int) -> list[tuple[list[str], list[tuple[str, str]]]]:
    """Each block as (description paragraphs, citation fields); footnote numbers pair them up."""
    numbered = sum(1 for b in reply.blocks if b.citation) > 1
    units = []
    n = 0
    for block in reply.blocks:
        text = f"**{block.heading}**\n{block.text}".strip() if block.heading else block.text.strip()
        fields: list[tuple[str, str]] = []
        if block.citation:
            n += 1
            name = f"Citation [{n}]" if numbered else "Citation"
            text = f"{text} [{n}]" if numbered and text else text
            quote = f"> \u201c{block.citation.quote}\u201d"
            fields = [(name if i == 0 else f"{name} (continued)", part)
                      for i, part in enumerate(chunks(quote, FIELD_VALUE))]
        units.append((chunks(text, text_size) if text else [], fields))
    return units


def render(reply: Reply) -> list[Message]:
    """The messages that show `reply`: one normally, more (follow-ups) when a limit would be passed."""
    if reply.error:
        return [Message(content=part) for part in chunks(reply.plain_text(), CONTENT)]
    title, footer = _cut(reply.title, TITLE), _cut(reply.footer, FOOTER)
    budget = TOTAL - len(title) - len(footer)  # every message repeats the title and footer
    messages: list[list[_Draft]] = [[_Draft()]]
    used = 0

    def room(size: int, fits: bool) -> _Draft:
        """The draft embed to add `size` characters to, opening a new embed or message if needed."""
        nonlocal used
        if used and used + size > budget:
            messages.append([_Draft()])
            used = 0
        elif not fits:
            if len(messages[-1]) == EMBEDS:
                messages.append([])
                used = 0
            messages[-1].append(_Draft())
        used += size
        return messages[-1][-1]

    for paragraphs, fields in _units(reply, min(DESCRIPTION, budget - len(GAP))):
        for text in paragraphs:
            draft = messages[-1][-1]
            grow = draft.description_length(text) - draft.description_length()
            room(grow, draft.description_length(text) <= DESCRIPTION).paragraphs.append(text)
        for name, value in fields:
            room(len(name) + len(value), len(messages[-1][-1].fields) < FIELDS).fields.append((name, value))
    out = [_message(drafts, title, footer, reply.url) for drafts in messages]
    if reply.shared_by:
        out[0] = replace(out[0], content=shared_by(reply))
    if reply.actions:
        out[-1] = replace(out[-1], buttons=buttons(reply.actions))
    return out


def _message(drafts: list[_Draft], title: str, footer: str, url: str) -> Message:
    embeds = []
    for i, draft in enumerate(drafts):
        embed = discord.Embed(colour=COLOUR, description=GAP.join(draft.paragraphs) or None)
        if i == 0:
            embed.title = title or None
            embed.url = url or None
        for name, value in draft.fields:
            embed.add_field(name=name, value=value, inline=False)
        if i == len(drafts) - 1 and footer:
            embed.set_footer(text=footer)
        embeds.append(embed)
    return Message(embeds=tuple(embeds))
