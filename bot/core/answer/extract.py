"""Extract: the span of a passage that answers the question's type: a figure with its unit, a date, a name, a reason.

Each extractor is a function of the passage text alone (plus the question's words to stay near), so each is
tested on made-up sentences.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.core.answer.language import MONTHS, SCALES

__all__ = ["ages", "dates", "figures"]

CACHE = 4096  # passages whose spans are remembered: a question looks at 30

MONTH = "|".join(m.capitalize() for m in MONTHS) + r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
_DAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty" \
               r"|hundred|a dozen|dozens|hundreds|thousands|half)"
DATE = re.compile(
    rf"\b(?:(?:{_DAY},? )?(?:{MONTH})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:,? \d{{4}})?|\d{{1,2}} (?:{MONTH})(?: \d{{4}})?"
    rf"|(?:early |mid-|late |the end of )?(?:{MONTH}) (?:of )?\d{{4}}"
    rf"|(?:the )?(?:early |mid-|late )?(?:19|20)\d\d(?:s)?"
    rf"|{_DAY}"
    # a time of day or a point in a match also answers 'when': '10 p.m.', '7:30', 'the 64th minute'
    rf"|\d{{1,3}}(?:st|nd|rd|th)[- ]minute|\d{{1,2}}(?::\d\d)? ?(?:am|pm)|\d{{1,2}}:\d\d|midnight|noon|midday)\b"
    rf"|\b\d{{1,2}}(?::\d\d)? ?[ap]\.m\."
    # and a time relative to something: 'seven days before', 'within two weeks', 'every Monday'
    rf"|\b(?i:(?:\d+|{_NUMBER_WORD}|a|an) (?:minute|hour|day|week|month|year)s? (?:before|after|earlier|later|ahead"
    rf"|prior)|within (?:\d+|{_NUMBER_WORD}|a|an) (?:minute|hour|day|week|month|year)s?|every {_DAY})\b")
_SCALE = "|".join(SCALES) + r"|m|bn|k"
FIGURE = re.compile(
    rf"(?:(?:more|less|fewer) than |over |under |about |around |nearly |almost |up to |at least |some |roughly )?"
    rf"(?:[$\u20ac\u00a3]\s?)?(?:\b\d[\d,]*(?:\.\d+)?(?:-\d+\b)?|\b{_NUMBER_WORD}\b)(?:[- ](?:{_SCALE})\b)?"
    rf"(?:\s?(?:%|percent|per cent|°C|°F|degrees(?: Celsius| Fahrenheit)?))?"
    rf"(?:[ -](?!(?:{MONTH}|and|or|but|in|on|at|by|from|to|that|which|who|with|of|for|the|a|an|as|is|was|were|has"
    rf"|have|had|than|up|each|per)\b)(?:[a-z][\w-]*|[A-Z][a-z]+)){{0,3}}", re.I)
_UNIT_STOP = re.compile(r"\b(?:and|or|but|in|on|at|by|from|to|after|before|during|since|until|that|which|who|with|of"
                        r"|for|the|a|an|as|is|was|were|has"
                        r"|have|had|than|this|its|their)\b.*$", re.I)
REASON = re.compile(r"\b(?:because(?: of)?|due to|owing to|thanks to|as a result of|so that|in order to|premise that"
                    r"|aim(?:s|ed)? to|caused by|driven by|fuell?ed by|blamed (?:on|for)|led to|leading to"
                    r"|(?:the|one|main|key|other) reasons? (?:is|was|are|were|being))\b"
                    r"\s*([^.;]+)", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_TIME = re.compile(r"\s*\d{1,2}(?::\d\d| ?[ap]\.?m\b\.?)", re.I)


@lru_cache(maxsize=CACHE)
def dates(text: str) -> tuple[str, ...]:
    """Date expressions in a text, in order ('September 10', 'June 2024', '2023', 'Monday')."""
    return tuple(m.group().strip() for m in DATE.finditer(text))


@lru_cache(maxsize=CACHE)
def figures(text: str) -> tuple[str, ...]:
    """Figures with the words that say what they count ('462 tons of cocaine' -> '462 tons'), years excluded."""
    out = []
    for m in FIGURE.finditer(text):
        span = m.group().strip()
        head = re.match(r"[^\d]*\d[\d,.]*|\D+", span)
        if _YEAR.fullmatch(span) or (head and _YEAR.fullmatch(head.group().strip(" ,."))) or re.search(
                rf"\b(?:{MONTH})\.? *$", text[:m.start()]) or _TIME.match(text, m.start()) or (
                m.start() and text[m.start() - 1] == ":"):
            continue  # a year, a day of a month, a time of day ('5 p.m.', '7:45')
        number = re.search(rf"\d[\d,.]*|{_NUMBER_WORD}", span, re.I)
        cut = number.end() if number else 0
        figure = (span[:cut] + _UNIT_STOP.sub("", span[cut:])).strip(" ,-")
        if not re.search(r"\d", figure) and " " not in figure:
            continue  # a bare number word ('one of the largest') is no figure; 'two million', 'three weeks' are
        out.append(figure)
    return tuple(f for f in out if f)


_AGE = re.compile(r"\b(\d{1,3})-year-old\b|\baged (\d{1,3})\b|\b(\d{1,3}) years? old\b|\b(\d{1,3})-year\b"
                  r"|(?<=[a-z], )(\d{1,3})(?=,)", re.I)


def ages(text: str) -> tuple[str, ...]:
    """Ages as news gives them: '46-year-old', 'aged 46', '46 years old', '132-year history', 'Farrow, 46,'."""
    return tuple(next(g for g in m.groups() if g) for m in _AGE.finditer(text))


def reason(text: str) -> str:
    """The clause that gives a reason or purpose ('because ...', 'due to ...', 'to ...'), or ''."""
    m = REASON.search(text)
    return f"{m.group(0).strip()}" if m else ""


def near(spans: Sequence[str], text: str, words: set[str]) -> str:
    """The span closest to the question's words in the text (the first one when none is near)."""
    if not spans:
        return ""
    low = text.lower()
    anchors = [m.start() for w in words if len(w) > 2 for m in re.finditer(re.escape(w[:5]), low)]
    if not anchors:
        return spans[0]
    return min(spans, key=lambda s: min(abs(low.find(s.lower()) - a) for a in anchors))
