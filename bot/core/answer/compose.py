"""Compose: the words of an answer. What the question's type asks for comes first, then its support."""
from __future__ import annotations

import datetime
import re
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from bot.core.answer import extract
from bot.core.answer.checks import Evidence
from bot.core.answer.language import MEASURES, key
from bot.core.answer.parse import AnswerType, Query
from bot.core.answer.passages import Passage
from bot.core.answer.terms import keys as text_keys
from bot.core.answer.terms import tokens
from bot.core.briefing import Entity
from bot.core.store import ContentStore

__all__ = ["between", "lead", "located", "named", "stated", "yes_no"]


def lead(q: Query, p: Passage, store: ContentStore) -> str:
    """The first words of the answer: what the question's type asks for, taken from the passage."""
    words = {t.word for t in q.terms}
    if q.measure == "old":
        age = extract.ages(p.text) or extract.ages(p.quote)
        return f"{age[0]} years" if age else ""
    if q.kind is AnswerType.COUNT:
        found = extract.figures(p.text) or extract.figures(p.quote)
        found = tuple(f for f in found if any(c.isdigit() for c in f)) or found  # '300 passengers' before 'two ferries'
        units = {k for t in q.terms for k in t.keys}
        measure = MEASURES.get(q.measure, ())  # 'how much did it cost': a sum of money before other figures
        fitting = [f for f in found if set(text_keys(f)) & units
                   or any(u in f.lower() if not u.isalpha() else key(u) in text_keys(f) for u in measure)]
        return extract.near(fitting or found, p.text, words)
    if q.kind is AnswerType.DATE:
        if p.kind == "event":
            return p.text.split(":", 1)[0]
        return extract.near(extract.dates(p.text) or extract.dates(p.quote), p.text, words)
    if q.kind in (AnswerType.PERSON, AnswerType.PLACE):
        if p.kind == "byline":
            return store.get(p.briefing).briefing.metadata.author
        return ", ".join(named(q, p, store)[:3])
    if q.category:
        return ", ".join(named(q, p, store)[:3])
    if q.kind is AnswerType.REASON:
        return extract.reason(p.text) or extract.reason(p.quote)
    return ""


def between(a: datetime.date, b: datetime.date, unit: str) -> int:
    """Whole units between two dates, either order."""
    a, b = sorted((a, b))
    delta = relativedelta(b, a)
    return {"day": (b - a).days, "week": (b - a).days // 7, "month": delta.years * 12 + delta.months,
            "year": delta.years}.get(unit, (b - a).days)


def stated(first: str, p: Passage) -> str:
    """The answer first, then the passage that supports it; the verbatim span follows as the citation."""
    body = p.text
    if not first:
        return body
    return body if body.lower().startswith(first.lower()) else f"{first} \u2014 {body}"


def named(q: Query, p: Passage, store: ContentStore) -> list[str]:
    """The entities of the kind asked for that the passage names, other than those the question names:
    people first for 'who', then organisations and parties; places for 'where'; the category for 'which X'."""
    asked = {e.partition("/")[2] for mention in q.entities for e in mention}
    if q.category:
        order: tuple[tuple[str, ...], ...] = ((q.category,),)
    elif q.kind is AnswerType.PERSON:
        order = (("person",), ("organisation", "party"))
    else:
        order = (("place",), ("organisation",))
    text = f"{p.text} {p.quote}".lower()
    for kinds in order:
        found = [e for e in (store.entity(p.briefing, i) for i in p.entities if i not in asked)
                 if e is not None and e.type in kinds]
        # the ones the passage itself names, in the order it names them, before those only linked to it
        shown = sorted((e for e in found if _position(e, text) >= 0), key=lambda e: _position(e, text))
        if q.kind is AnswerType.PLACE:  # 'where': the place the passage puts something in, at or from first
            shown.sort(key=lambda e: not _located(e, text, q))
        if shown:  # an entity only linked to the passage is not what the passage says
            return [e.name for e in shown]
    return []


_WHERE_FROM = re.compile(r"\b(from|to|into)\W*$|^\W*(?:\w+ )?(?:where|which \w+) (?:\w+ )*?(from|to|into)\b", re.I)
_LOCATIVE = ("in", "at", "near", "inside", "outside")


def located(q: Query, p: Passage, store: ContentStore) -> bool:
    """'Where' questions: the passage puts something in, at or near a place it names (see `_located`)."""
    text = f"{p.text} {p.quote}".lower()
    places = (store.entity(p.briefing, i) for i in p.entities)
    return any(e is not None and e.type == "place" and _located(e, text, q) for e in places)


def _located(entity: Entity, text: str, q: Query) -> bool:
    """The passage names the place after the preposition the question asks with ('where from': 'from X'), or
    after 'in', 'at' or 'near' ('captured in Caracas', not 'exported into the United States')."""
    asked = _WHERE_FROM.search(q.text)
    wanted = tuple(g for g in asked.groups() if g) if asked else _LOCATIVE
    names = _lower(entity.name, tuple(entity.aliases))
    padded = f" {text}"
    for word in wanted:  # each 'in ' / 'at ' of the passage, and whether the place's name follows it
        needle, at = f" {word} ", padded.find(f" {word} ")
        while at >= 0:
            after = padded[at + len(needle):]
            if after.startswith(names) or (after.startswith("the ") and after[4:].startswith(names)):
                return True
            at = padded.find(needle, at + 1)
    return False


@lru_cache(maxsize=4096)
def _lower(name: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(n.lower() for n in (name, *aliases))


def _position(entity: Entity, text: str) -> int:
    """Where a text first names an entity (lower-case text), -1 when it does not."""
    hits = [i for n in _lower(entity.name, tuple(entity.aliases)) if (i := text.find(n)) >= 0]
    return min(hits, default=-1)


def yes_no(q: Query, ev: Evidence) -> str:
    """'Yes.' when the evidence says what the question asks, 'No.' when it says the opposite."""
    negated = any(t.low in ("not", "no", "never", "nor") for t in tokens(ev.passage.text))
    return "No." if negated != q.negated else "Yes."
