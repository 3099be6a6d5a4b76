"""Text normalisation shared by the loader, the store and the answer engine."""
from __future__ import annotations

import re

__all__ = ["fold", "normalise", "strip_chat_markup"]

_TRANSLATE = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
    "\u2013": "-", "\u2014": "-", "\u00a0": " ",
})
_SPACE = re.compile(r"\s+")
# Mentions as chat platforms encode them (<@U123>, <!here>, <#C1|general>, <@&role>) and bare @everyone/@here.
_CHAT_MARKUP = re.compile(r"<[@#!][^<>\s]*>|@(?:everyone|here|channel)\b")


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and whitespace so verbatim checks ignore them."""
    return _SPACE.sub(" ", text.translate(_TRANSLATE)).strip()


def fold(text: str) -> str:
    """`normalise` plus lower case: the form used for matching and lookup."""
    return normalise(text).lower()


def strip_chat_markup(text: str) -> str:
    """Drop mentions and broadcast pings from user text: they are addressing, not content."""
    return normalise(_CHAT_MARKUP.sub(" ", text))
