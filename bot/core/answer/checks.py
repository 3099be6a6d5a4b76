"""Verify: named checks of one candidate passage against the question, each failing with a Reason.

A check looks at the question (Query) and the evidence (Evidence: the passage, its words, its entities) and
returns the Reason it fails, or None. `verify` runs them in order and returns the first failure. Checks
reject evidence that cannot be the answer; how good the remaining evidence is, is `decide`'s business.
"""
from __future__ import annotations

import enum
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.core.answer.extract import ages, dates, figures
from bot.core.answer.language import MEASURES, MONTHS, key
from bot.core.answer.parse import AnswerType, Query, Term
from bot.core.answer.passages import Passage
from bot.core.answer.terms import tokens

__all__ = ["Evidence", "Reason", "means_the_stranger", "verify"]

_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_MONTHS = frozenset(key(m) for m in MONTHS)
COUNTED_WITHIN = 6  # content words after a figure that may say what it counts
HEADING_WORDS = 8  # a line this short with no full stop is a heading in sentence case ('Prize money and Europe')
_CARD_NAME = re.compile(r"^[^:(]*(?: \(also: [^)]*\))?: ")  # 'Seville (also: Sevilla): ' before a card's role
_ASKING = re.compile(r"^(?:why|how|what|who|when|where)\b[^.!]*\?*$", re.I)


class Reason(enum.Enum):
    """Why a passage does not answer a question."""

    MISSING_ENTITY = "it does not mention whom or what the question names"
    WRONG_YEAR = "it is about another year"
    MISSING_FIGURE = "it lacks a figure the question gives"
    MISSING_FOCUS = "it does not have the thing the question asks for"
    WRONG_SPEAKER = "it does not give the words of the person asked about"
    HEADING = "it is a heading that asks a question rather than answers one"
    NOT_THE_AUTHOR = "it says who wrote the article, which the question does not ask"
    NO_ANSWER = "it has nothing of the kind the question asks for"
    UNKNOWN_THING = "the question names a thing the briefing never mentions, and the passage does not mean it"


@dataclass(frozen=True)
class Evidence:
    """A candidate passage as the checks see it."""

    passage: Passage
    keys: frozenset[str]  # match keys of its words
    entities: frozenset[str]  # entity keys ("briefing/id") it is about, related names included
    speakers: frozenset[str]  # entity keys of the people whose words it gives
    types: frozenset[tuple[str, str]] = frozenset()  # (entity key, entity type) of each entity it is about
    order: tuple[str, ...] = ()  # match keys of its statement's content words, in order


Check = Callable[[Query, Evidence], "Reason | None"]


def names_the_entities(q: Query, ev: Evidence) -> Reason | None:
    """Every entity the question names is one the passage is about (by name, alias or curated link)."""
    if all(mention & ev.entities for mention in q.entities):
        return None
    return Reason.MISSING_ENTITY


def same_year(q: Query, ev: Evidence) -> Reason | None:
    """A year in the question is in the passage ('in 2023' is not answered by a 2024 figure)."""
    if all(y in ev.keys or ev.passage.date.startswith(y) for y in q.years):
        return None
    return Reason.WRONG_YEAR


def has_the_focus(q: Query, ev: Evidence) -> Reason | None:
    """'How many *seats*', 'what is the *population* of X': the passage has the words naming what is asked for,
    or a synonym or broader word of each, even when they name an entity ('how many *shelters*' is not answered
    by another figure of the shelter plan). A passage about X without them answers another question."""
    return Reason.MISSING_FOCUS if any(not t.keys & ev.keys for t in q.focused) else None


def same_figures(q: Query, ev: Evidence) -> Reason | None:
    """A figure the question gives ('the 462 tons') is in the passage."""
    return None if all(n in ev.keys for n in q.numbers) else Reason.MISSING_FIGURE


def words_of_the_speaker(q: Query, ev: Evidence) -> Reason | None:
    """'What did X say': the passage gives X's words (a quote of X, or a passage reporting what X said)."""
    if q.kind is not AnswerType.WORDS or not q.entities:
        return None
    people = {e for mention in q.entities for e in mention}
    if ev.speakers & people or (ev.passage.kind != "quote" and people & ev.entities):
        return None
    return Reason.WRONG_SPEAKER


def not_a_heading(q: Query, ev: Evidence) -> Reason | None:
    """A title or section heading ('The Political Structure of Belgium', 'Why the U.S. Should ...', 'Prize money
    and Europe') answers nothing: it names a topic and states no fact."""
    if ev.passage.kind != "sentence":
        return None
    text = ev.passage.text
    words = [w for w in text.split() if w[:1].isalpha()]
    unended = not text.rstrip().endswith((".", "!", "?", "\"", "\u201d"))
    titled = unended and (sum(w[:1].isupper() for w in words) > 0.6 * len(words) or len(words) <= HEADING_WORDS)
    return Reason.HEADING if titled or _ASKING.match(text) else None


def byline_answers_authorship(q: Query, ev: Evidence) -> Reason | None:
    """The byline answers who wrote the article, and nothing else."""
    if ev.passage.kind == "byline" and q.kind is not AnswerType.PERSON:
        return Reason.NOT_THE_AUTHOR
    return None


def names_the_category(q: Query, ev: Evidence) -> Reason | None:
    """'Which party ...': the passage is about an entity of that kind other than those the question names."""
    if not q.category:
        return None
    asked = {e for mention in q.entities for e in mention}
    if any(kind == q.category and e not in asked for e, kind in ev.types):
        return None
    return Reason.NO_ANSWER


def gives_a_name(q: Query, ev: Evidence) -> Reason | None:
    """'What was it called', 'what's her name': the passage gives a name the question does not, a capitalised
    word past the first ('Operation Absolute Resolve'), not only the names the question uses."""
    if not q.naming:
        return None
    if q.kind is AnswerType.PERSON:  # 'who is the heat officer, what's her name': a person's name
        asked = {e for mention in q.entities for e in mention}
        return None if any(kind == "person" and e not in asked for e, kind in ev.types) else Reason.NO_ANSWER
    asked_words = {w.key for w in tokens(q.text)}
    card = _CARD_NAME.sub("", ev.passage.text) if ev.passage.kind == "entity" else ev.passage.text  # not its own name
    if any(w.capital and w.key not in asked_words for w in tokens(card)[1:] if not w.stop):
        return None
    return Reason.NO_ANSWER


def gives_a_figure(q: Query, ev: Evidence) -> Reason | None:
    """'How many ...': the passage states a figure (a number that is not a year)."""
    if q.kind is not AnswerType.COUNT or figures(ev.passage.text) or figures(ev.passage.quote):
        return None
    return Reason.NO_ANSWER


def counts_the_focus(q: Query, ev: Evidence) -> Reason | None:
    """'How many seats': a figure in the passage counts seats (or a synonym of them) within the next few words
    ('462 tons of cocaine', '40 buildings used as shelters'), not only elections or years."""
    wanted = q.focused
    if not q.counting or not wanted:
        return None
    for text in dict.fromkeys((ev.passage.text, ev.passage.quote)):
        words = [w for w in tokens(text) if not w.stop or w.number]
        for i, w in enumerate(words):
            if w.number and not _YEAR.fullmatch(w.key):
                near = {x.key for x in words[i + 1:i + 1 + COUNTED_WITHIN]}
                if any(t.keys & near for t in wanted):
                    return None
    return Reason.NO_ANSWER


_MEASURING = frozenset(key(u) for kind in ("long", "far", "deep", "tall", "hot", "heavy", "fast", "money", "share")
                       for u in MEASURES[kind] if u.isalpha() and len(u) > 2)
_MEASURING_SIGNS = frozenset("%°") | {u for u in MEASURES["money"] if not u.isalpha()}


def measures(figure: str) -> str:
    """The unit a figure measures in ('14 hours' -> 'hour', '€1.3 million' -> '€', '8%' -> '%'), or '' for a
    figure that counts things ('40 buildings', '48,312 fans')."""
    if sign := next((c for c in figure if c in _MEASURING_SIGNS), ""):
        return sign
    words = tokens(figure)
    at = next((i for i, w in enumerate(words) if w.number), len(words))
    unit = words[at + 1] if at + 1 < len(words) else None
    return unit.key if unit is not None and unit.key in _MEASURING else ""


def counts_things(q: Query, ev: Evidence) -> Reason | None:
    """'How many ...' asks for a count: a passage whose every figure measures something (14 hours, 1,500 tonnes,
    47 degrees, 8 percent, €3 million) counts nothing, unless the question counts that very unit ('how many
    hours', 'how many tonnes')."""
    if not q.counting:
        return None
    asked = {w.key for w in tokens(q.text)}
    found = [*figures(ev.passage.text), *figures(ev.passage.quote)]
    if any(not (unit := measures(f)) or unit in asked for f in found):
        return None
    return Reason.NO_ANSWER if found else None


def fits_the_measure(q: Query, ev: Evidence) -> Reason | None:
    """'How old', 'how far', 'how hot': the passage gives a figure in units of that measure (years, km, degrees)."""
    if not q.measure:
        return None
    units = {key(u) for u in MEASURES[q.measure]} | set(MEASURES[q.measure])
    text = f"{ev.passage.text} {ev.passage.quote}".lower()
    if q.measure == "old":  # an age: '46-year-old', 'aged 46', 'Farrow, 46,'
        return None if ages(f"{ev.passage.text} {ev.passage.quote}") else Reason.NO_ANSWER
    if units & ev.keys or any(u in text for u in MEASURES[q.measure] if not u.isalpha()):
        return None
    return Reason.NO_ANSWER


def gives_a_date(q: Query, ev: Evidence) -> Reason | None:
    """'When ...': the passage is dated, or names a date or a time ('10 p.m.', 'the 64th minute')."""
    if q.kind is not AnswerType.DATE or ev.passage.date or any(_YEAR.fullmatch(k) or k in _MONTHS for k in ev.keys):
        return None
    if dates(ev.passage.text) or dates(ev.passage.quote):
        return None
    return Reason.NO_ANSWER


CHECKS: tuple[Check, ...] = (names_the_entities, same_year, has_the_focus, names_the_category, gives_a_name,
                             gives_a_figure,
                             counts_the_focus, counts_things, fits_the_measure,
                             gives_a_date,
                             same_figures, words_of_the_speaker, not_a_heading, byline_answers_authorship)


STRANGER = 0.45  # sentence similarity a passage needs to answer a question about a thing the briefing never names


def means_the_stranger(strangers: Sequence[Term], meaning: float, without: float) -> Reason | None:
    """A question about a thing the briefing never names, not even by a synonym ('the best *pizza* in Antwerp'),
    is answered only by a passage that means it: the question's sentence vector is at least STRANGER close to the
    passage's (`meaning`), and closer with the strange words than without them (`without`), so the passage
    answers what those words add. 'what's the drivers' *beef* with it' still finds 'motorists are unhappy'; the pizza
    question is close to a passage about Antwerp only through 'Antwerp'. Run by the engine, which knows the
    briefing's words and the similarities."""
    return Reason.UNKNOWN_THING if strangers and (meaning < STRANGER or meaning <= without) else None


def verify(q: Query, ev: Evidence) -> Reason | None:
    """The first check the evidence fails, or None when it may answer the question."""
    for check in CHECKS:
        reason = check(q, ev)
        if reason is not None:
            return reason
    return None
