"""Follow-ups in a thread: what a thread remembers of its last answer, and a follow-up that leans on it ('when did
she visit?', 'what about 2024?', 'and Lisbon?') rewritten into a question that stands alone. Platform-free.

The adapters call `ask_in_thread` with the thread's stored `ThreadContext` and store the one it returns
(bot.digests.conversations keeps them in the database). The rules are general English:

- a pronoun stands for the most salient entity of the last answer that it can name: he/she/him/her/his/hers a
  person, it/its anything but a person, they/them/their/theirs an organisation or party; one the question itself
  may refer back to (it names such an entity before the pronoun), a contraction ("it's") and "it" in "is it true
  that ..." are left alone;
- a question that is only a date or a name ("what about 2024?", "and in March?", "and Lisbon?") is the last
  question with that date or name in place of the one of its kind, or with the date added;
- "that year" is the year the last answer gave.

The pronouns are English's closed set of third-person pronouns, written out below: no maintained package gives them
with their case and what they may stand for without a tagger model. Function words are NLTK's list as bm25s ships it
(read on first use), month names come from the standard library's calendar.
"""
from __future__ import annotations

import calendar
import dataclasses
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from pydantic import TypeAdapter

from bot.core.briefing import Briefing
from bot.core.commands import answered
from bot.core.context import Context
from bot.core.registry import Registry
from bot.core.reply import Reply, error_reply
from bot.core.store import UnknownBriefing
from bot.core.text import fold, strip_chat_markup

if TYPE_CHECKING:
    from bot.core.answer import Answer

__all__ = ["MAX_DATES", "MAX_ENTITIES", "Mention", "ThreadContext", "ask_in_thread", "next_context",
           "resolve_followup"]

MAX_ENTITIES = 12  # entities a thread remembers of one answer, most salient first
MAX_DATES = 8  # dates and years it remembers
PERSON, THING, GROUP = frozenset({"person"}), "not a person", frozenset({"organisation", "party"})
# pronoun -> (what it may stand for, how the name replaces it: "name", "name's", or "her" decided by its next word)
_PRONOUNS: Mapping[str, tuple[frozenset[str] | str, str]] = {
    "he": (PERSON, "name"), "she": (PERSON, "name"), "him": (PERSON, "name"), "her": (PERSON, "her"),
    "his": (PERSON, "name's"), "hers": (PERSON, "name's"),
    "it": (THING, "name"), "its": (THING, "name's"),
    "they": (GROUP, "name"), "them": (GROUP, "name"), "their": (GROUP, "name's"), "theirs": (GROUP, "name's"),
}
_PRONOUN = re.compile(rf"\b({'|'.join(_PRONOUNS)})\b(?!['\u2019]\w)", re.I)  # not a contraction ("it's")
# 'is it true that ...', 'was it hard to ...': an 'it' that stands for what follows, not for an entity
_EXPLETIVE = re.compile(r"\b(?:(?:is|was|will\s+be|would\s+be)\s+it|it\s+(?:is|was|seems|seemed|will\s+be|would\s+be))"
                        r"\b.*\b(?:that|to|whether|if)\b", re.I)
_YEAR = r"(?:1[89]|20)\d\d"
_MONTH = "|".join(sorted({m for m in (*calendar.month_name, *calendar.month_abbr, "Sept") if m}, key=len,
                         reverse=True))
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# a date as people write it: '2024', 'March', 'March 2024', 'March 3', 'March 3, 2024', '3 March', '3rd of March'
_DATE = re.compile(rf"\b(?:(?:(?P<day1>{_DAY})\s+(?:of\s+)?)?(?P<month>{_MONTH})\b\.?(?:\s+(?P<day2>{_DAY})\b)?"
                   rf"(?:,?\s+(?P<year>{_YEAR})\b)?|(?P<year_only>{_YEAR})\b)", re.I)
_PREPOSITION = r"(?:in|on|at|for|during|from|of|by|since|until|before|after|about|with)"
# 'and', 'what about', 'how about', 'same for' ... then the date or name, then 'then', 'instead' or 'too'
_ELLIPSIS = re.compile(rf"^(?:(?:and|but|also|so|ok|okay|then)\b[,\s]*)?(?:(?:what|how)\s+about\b|what\s+of\b|"
                       rf"same\s+(?:for|with)\b)?[,\s]*(?:(?P<prep>{_PREPOSITION})\s+)?(?P<rest>.*?)"
                       rf"[,\s]*(?:\b(?:then|instead|too))?[\s?.!]*$", re.I)
_CAPITALISED = re.compile(r"\b[A-Z][\w'\u2019.-]*(?:\s+(?:(?:of|the|de|van|von|der|da|di|del|la|le)\s+)*"
                          r"[A-Z][\w'\u2019.-]*)*")
_FOLD_QUOTES = str.maketrans("\u2018\u2019\u201c\u201d\u2013\u2014", "''\"\"--")
_THAT_YEAR = re.compile(r"\b(?:in\s+)?(?:that|the\s+same)\s+year\b", re.I)
_PRECEDING_PREPOSITION = re.compile(rf"\b{_PREPOSITION}\s+$", re.I)


@dataclass(frozen=True)
class Mention:
    """One entity of a briefing as a thread remembers it."""

    id: str
    name: str
    type: str  # the briefing's entity type: person, organisation, place, event, party or other


@dataclass(frozen=True)
class ThreadContext:
    """What a thread remembers of its last answer: the briefing it is about, the question as answered (follow-ups
    already resolved), the entities of the answer (most salient first) and the dates and years it gave."""

    briefing: str
    question: str
    entities: tuple[Mention, ...] = ()
    dates: tuple[str, ...] = ()

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> ThreadContext:
        """The context `to_json` wrote; ValueError (pydantic's ValidationError) for anything else."""
        return _adapter().validate_json(text)


@cache
def _adapter() -> TypeAdapter[ThreadContext]:
    return TypeAdapter(ThreadContext)


@cache
def _function_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS

    return frozenset(STOPWORDS_EN_PLUS)


# --- what a text names


@dataclass(frozen=True)
class _Named:
    start: int
    end: int
    text: str
    type: str | None  # None: a capitalised name neither the briefing nor the thread knows


def _known_names(briefing: Briefing | None, context: ThreadContext | None) -> dict[str, str]:
    """Every name and alias the briefing and the thread know, folded, with its entity's type."""
    names: dict[str, str] = {}
    for m in context.entities if context is not None else ():
        names.setdefault(fold(m.name), m.type)
    for e in briefing.entities if briefing is not None else ():
        for n in (e.name, *e.aliases):
            names[fold(n)] = e.type
    return names


def _named(text: str, known: Mapping[str, str]) -> list[_Named]:
    """The names a text mentions, in order: the known ones (longest first, case folded), then capitalised runs
    after the first word that no known name covers."""
    low = text.lower().translate(_FOLD_QUOTES)  # as fold() does, keeping every offset
    found: list[_Named] = []
    taken = [False] * len(text)
    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", low):
            if not any(taken[m.start():m.end()]):
                found.append(_Named(m.start(), m.end(), text[m.start():m.end()], known[name]))
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in _CAPITALISED.finditer(text):
        words = text[:m.start()].split()
        if words and not any(taken[m.start():m.end()]) and not _PRONOUN.fullmatch(m.group()) and m.group() != "I":
            found.append(_Named(m.start(), m.end(), m.group(), None))
    return sorted(found, key=lambda n: n.start)


def _fits(kind: frozenset[str] | str, entity_type: str) -> bool:
    return entity_type != "person" if kind == THING else entity_type in kind


# --- pronouns


def _possessive(name: str) -> str:
    return f"{name}'s"


def _her(text: str, end: int) -> str:
    """'her' is possessive before a content word ('her role'), else the object ('meet her', 'her in Antwerp')."""
    following = re.match(r"\s+([A-Za-z'\u2019-]+)", text[end:])
    return "name's" if following and following.group(1).lower() not in _function_words() else "name"


def _pronouns(question: str, context: ThreadContext, named: Sequence[_Named]) -> str:
    """Each pronoun replaced by the first entity of the context it can stand for, unless the question names one
    before it (it may refer to that), it is a contraction, or it is the 'it' of 'is it true that'."""
    out, at = [], 0
    expletive = _EXPLETIVE.search(question) is not None
    for m in _PRONOUN.finditer(question):
        word = m.group(1).lower()
        kind, form = _PRONOUNS[word]
        if (word == "it" and expletive) or any(n.end <= m.start() and n.type and _fits(kind, n.type) for n in named):
            continue
        if any(n.start <= m.start() < n.end for n in named):
            continue  # part of a name
        target = next((e for e in context.entities if _fits(kind, e.type)), None)
        if target is None:
            continue
        form = _her(question, m.end()) if form == "her" else form
        out += [question[at:m.start()], _possessive(target.name) if form == "name's" else target.name]
        at = m.end()
    return "".join(out) + question[at:]


def _that_year(question: str, context: ThreadContext) -> str:
    """'What else happened that year?': the year the last answer gave."""
    year = next((y for d in context.dates if (y := re.search(_YEAR, d))), None)
    return _THAT_YEAR.sub(f"in {year.group()}", question) if year else question


# --- ellipsis


def _is_date(m: re.Match[str]) -> bool:
    """A month alone counts as a date only capitalised: 'may' and 'march' are also verbs."""
    return bool(m.group("year_only") or m.group("year") or m.group("day1") or m.group("day2")
                or m.group("month")[0].isupper())


def _date_parts(m: re.Match[str]) -> tuple[str | None, str | None, str | None]:
    """(year, month, day) of a date match."""
    return m.group("year") or m.group("year_only"), m.group("month"), m.group("day1") or m.group("day2")


def _write_date(year: str | None, month: str | None, day: str | None) -> str:
    if month is None:
        return year or ""
    date = f"{month} {day}" if day else month
    return f"{date}, {year}" if year and day else f"{date} {year}" if year else date


def _replace_date(previous: str, new: re.Match[str], prep: str | None) -> str:
    """The previous question with its last date changed to the new one: a year alone changes only the year, a month
    (or day) keeps the previous year unless it gives its own; with no date there, the new one is added."""
    year, month, day = _date_parts(new)
    dates = [d for d in _DATE.finditer(previous) if _is_date(d)]
    if not dates:
        said = f"{prep or ('on' if day else 'in')} {_write_date(year, month, day)}"
        body = previous.rstrip(" ?.!")
        return f"{body} {said}{previous[len(body):]}"
    last = dates[-1]
    old_year, old_month, old_day = _date_parts(last)
    written = (_write_date(year, old_month, old_day) if month is None
               else _write_date(year or old_year, month, day))
    before = previous[:last.start()]
    if prep and (p := _PRECEDING_PREPOSITION.search(before)):
        before = f"{before[:p.start()]}{prep} "
    return f"{before}{written}{previous[last.end():]}"


def _replace_name(previous: str, name: str, kind: str | None, known: Mapping[str, str]) -> str | None:
    """The previous question with the name of the new one's kind replaced (or its only name); None when it is
    not clear which."""
    there = _named(previous, known)
    same = [n for n in there if kind is not None and n.type == kind]
    target = same[-1] if same else there[0] if len(there) == 1 else None
    if target is None:
        return None
    return f"{previous[:target.start]}{name}{previous[target.end:]}"


def _known_as(text: str, known: Mapping[str, str]) -> str | None:
    """The folded name the briefing or thread knows `text` by ('the Tollway Board' as 'tollway board'), or None."""
    return next((k for k in (fold(text), fold(text).removeprefix("the ")) if k in known), None)


def _ellipsis(question: str, context: ThreadContext, known: Mapping[str, str]) -> str | None:
    """A question that is only a date or a name ('what about 2024?', 'and in March?', 'and Lisbon?') as the last
    question about that date or name; None when the question is not such a fragment."""
    m = _ELLIPSIS.match(question)
    rest = m.group("rest").strip() if m else ""
    if not rest:
        return None
    prep = m.group("prep") if m else None
    date = _DATE.fullmatch(rest)
    if date is not None and (prep or _is_date(date)):
        return _replace_date(context.question, date, prep)
    name = _known_as(rest, known)
    if name is not None or (_CAPITALISED.fullmatch(rest) is not None and rest != "I"):  # or 'The Hague', 'Lisbon'
        return _replace_name(context.question, rest, known[name] if name is not None else None, known)
    return None


# --- the API


def resolve_followup(question: str, context: ThreadContext | None, briefing: Briefing | None) -> str:
    """`question` asked after the thread's last answer, rewritten to stand alone: pronouns replaced by the entities
    they stand for, a bare date or name put into the last question, 'that year' made the year. Unchanged without a
    context or when nothing in it leans on the last answer. `briefing` (the thread's) names the entities."""
    if context is None:
        return question
    text = strip_chat_markup(question)
    known = _known_names(briefing, context)
    text = _pronouns(text, context, _named(text, known))
    whole = _ellipsis(text, context, known)
    return whole if whole is not None else _that_year(text, context)


def _dates(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.group().strip() for m in _DATE.finditer(text)))[:MAX_DATES]


def next_context(answer: Answer, briefing: Briefing, previous: ThreadContext | None = None) -> ThreadContext:
    """What the thread remembers after `answer` (from `briefing`): its question, the entities of its cited passages
    that the question did not name (the answer's news) first, then those the question named, and the dates it
    gives. An answer that names no entity keeps the previous entities; one that abstains, the previous dates."""
    by_id = {e.id: e for e in briefing.entities}
    by_name = {fold(n): e.id for e in briefing.entities for n in (e.name, *e.aliases)}
    asked = [by_name[fold(n.text)] for n in _named(answer.question, _known_names(briefing, None))
             if fold(n.text) in by_name]
    cited = [i for i in answer.entities if i in by_id]
    order = list(dict.fromkeys([*(i for i in cited if i not in asked), *asked, *cited]))[:MAX_ENTITIES]
    entities = tuple(Mention(i, by_id[i].name, by_id[i].type) for i in order)
    same = previous is not None and previous.briefing == briefing.id
    if not entities and same:
        entities = previous.entities if previous is not None else ()
    dates = _dates(answer.text) if answer.answered or not same else previous.dates if previous is not None else ()
    return ThreadContext(briefing.id, answer.question, entities, dates)


def _thread_briefing(ctx: Context, thread: ThreadContext | None) -> Briefing | None:
    if thread is None:
        return None
    try:
        return ctx.library.current.store.get(thread.briefing).briefing
    except UnknownBriefing:  # removed by a reload since: the thread starts afresh
        return None


def ask_in_thread(registry: Registry, ctx: Context, question: str, thread: ThreadContext | None = None,
                  *, public: bool = True) -> tuple[Reply, ThreadContext | None]:
    """Answer a question asked in a thread (a mention of the bot, or a reply to it) as /ask would, with its
    permission and input checks, after resolving it against the thread's last answer. Returns the reply (titled
    with the question as understood) and the context to store for the thread: the new one, or `thread` unchanged
    when nothing was answered (a usage error, a question too long)."""
    command = registry.get("ask")
    if command is None:
        return error_reply("Questions are not available here."), thread
    briefing = _thread_briefing(ctx, thread)
    if briefing is None:
        thread = None
    got: list[Answer] = []

    def handler(c: Context, args: Mapping[str, Any]) -> Reply:
        reply, answer = answered(c, args)
        got.append(answer)
        return reply

    args: dict[str, Any] = {"question": resolve_followup(question, thread, briefing), "public": public}
    if briefing is not None:
        args["briefing"] = briefing.id
    reply = registry.run(ctx, dataclasses.replace(command, handler=handler), args)
    about = _thread_briefing(ctx, ThreadContext(got[0].briefing, "")) if got and got[0].briefing else None
    return reply, (next_context(got[0], about, thread) if got and about is not None else thread)

