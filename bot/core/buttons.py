"""Button ids: an Action as one short, versioned string that fits a Discord custom_id and a Slack action_id and
value, read back only when it is whole, unaltered and of this version.

An id reads `bb1:<kind>:<field>:...:<check>`, e.g. `bb1:passage:port-strike:12:k3j9ab:x7f2qa`. Every field but
free text is a briefing id, a small number or a mark (`mark`); free text comes last, so it may hold colons. The
check is a hash of everything before it: it catches an id that was cut short or edited, not a forger (the
algorithm is public). A button grants nothing by itself: a click runs the command it stands for, with that
command's permission and argument checks (bot.core.clicks).
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass

from bot.core.reply import Action, Reply, error_reply
from bot.core.text import strip_chat_markup

__all__ = ["AGAIN", "KINDS", "MAX_ID", "PREFIX", "ActionError", "Kind", "action", "decode", "encode", "mark"]

PREFIX = "bb1"  # "bb" and the format's version: another version's ids are refused, not misread
MAX_ID = 100  # Discord's custom_id limit; Slack's action_id (255) and value (2000) are longer
MARK = 6  # characters of a mark and of the check: 30 bits of a hash
AGAIN = "Run the command again for a fresh one."

_FIELDS = {
    "briefing": re.compile(r"[a-z0-9][a-z0-9-]*"),  # a briefing id (the schema's slug)
    "briefing?": re.compile(r"(?:[a-z0-9][a-z0-9-]*)?"),  # a briefing id, or none: the default one
    "index": re.compile(r"0|[1-9][0-9]{0,3}"),  # a position, written one way only
    "mark": re.compile(f"[a-z2-7]{{{MARK}}}"),
    "text": re.compile(r"[^\x00-\x1f\x7f]+"),  # free text: printable, and (checked below) ping-free and normalised
}


@dataclass(frozen=True)
class Kind:
    """One kind of button: its label and the fields of its payload, in order (free "text" only last)."""

    label: str
    fields: tuple[str, ...]


KINDS = {
    "passage": Kind("Show passage", ("briefing", "index", "mark")),  # a paragraph of the article and its mark
    "share": Kind("Share in channel", ("briefing?", "mark", "text")),  # briefing asked, answer mark, question
    "more": Kind("More on this", ("briefing", "index", "mark")),  # a fact and the mark of its id
    "next": Kind("Next fact", ("briefing", "index", "mark")),  # the fact to show and the mark of its id
    "brief": Kind("Full brief", ("briefing",)),
}


class ActionError(ValueError):
    """A button id that cannot be acted on; `reply()` says so politely."""

    def reply(self) -> Reply:
        return error_reply(str(self), hint=AGAIN)


def _hash(text: str, person: bytes) -> str:
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=5, person=person).digest()
    return base64.b32encode(digest).decode("ascii").lower()[:MARK]


def mark(text: str) -> str:
    """A short fingerprint of content a button refers to (a paragraph, a fact id, an answer): a click finds the
    content changed when the mark no longer matches."""
    return _hash(text, b"briefbot-mark")


def _check(body: str) -> str:
    return _hash(body, b"briefbot-button")


def action(kind: str, *payload: str) -> Action:
    """The Action of `kind` with its label."""
    return Action(KINDS[kind].label, kind, payload)


def _valid(kind: Kind, payload: tuple[str, ...]) -> bool:
    if len(payload) != len(kind.fields):
        return False
    for name, value in zip(kind.fields, payload, strict=True):
        if not _FIELDS[name].fullmatch(value):
            return False
        if name == "text" and value != strip_chat_markup(value):  # no mention, no stray white space
            return False
    return True


def encode(act: Action) -> str:
    """The id of a button, at most MAX_ID characters; ActionError when a value does not fit its field or the whole
    is too long (the caller leaves that button off)."""
    kind = KINDS.get(act.kind)
    if kind is None or not _valid(kind, act.payload):
        raise ActionError(f"Sorry, a {act.kind!r} button cannot hold {act.payload!r}.")
    body = ":".join((PREFIX, act.kind, *act.payload))
    raw = f"{body}:{_check(body)}"
    if len(raw) > MAX_ID:
        raise ActionError(f"Sorry, that button's id would be {len(raw)} characters; the limit is {MAX_ID}.")
    return raw


def decode(raw: str) -> Action:
    """The Action a button id stands for; ActionError, with a polite message, for anything else."""
    damaged = ActionError("Sorry, that button's data is damaged, so I can't act on it.")
    if not isinstance(raw, str) or len(raw) > MAX_ID:
        raise damaged
    head, _, rest = raw.partition(":")
    if head != PREFIX:
        if re.fullmatch(r"bb[0-9]+", head):
            raise ActionError("That button comes from another version of briefbot and no longer works.")
        raise ActionError("Sorry, that is not one of my buttons.")
    body, _, check = raw.rpartition(":")
    if body == PREFIX or check != _check(body):
        raise damaged
    name, _, values = body[len(PREFIX) + 1:].partition(":")
    kind = KINDS.get(name)
    if kind is None:
        raise ActionError("That button does something this version of briefbot doesn't know.")
    payload = tuple(values.split(":", len(kind.fields) - 1)) if values else ()
    if not _valid(kind, payload):
        raise damaged
    return action(name, *payload)
