"""Answer units: every fact, event, quote, entity, byline and article sentence of a briefing."""
from __future__ import annotations

import logging
import re
import sys
from dataclasses import dataclass

from bot.core.answer.analysis import YEAR, Analyzer, EntityIndex, Mention, Word
from bot.core.briefing import Entity
from bot.core.loader import LoadedBriefing
from bot.core.text import normalise

log = logging.getLogger(__name__)

_DATE_WORDS = frozenset("january february march april may june july august september october november december "
                        "decade century".split())
_BIG_NUMBERS = frozenset("million billion trillion hundred thousand dozen half".split())
COUNT_WINDOW = 4  # content words after a figure that may name what it counts ("two million Flemish people")
_CAUSAL = frozenset("because due since premise reason reasons thereby aim aims aimed purpose result results fuel "
                    "fuels fueling fuelling driven address addressing cause causes caused makes".split())
_SPEECH = frozenset("said says stating stated remarked remarks telling told declared declaring called calling "
                    "saying speech".split())
_ADVICE = frozenset("should must need needs urge urges urged imperative ought recommend recommends".split())
_FUTURE = frozenset("will would next upcoming future forthcoming predict predicts predicted expect expects expected "
                    "plan plans planned likely".split())
_MONEY = re.compile(r"[$\u20ac\u00a3]|\b(?:dollars?|euros?|pounds?|usd|eur)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|No))\.?$")
_NAMING = frozenset("called named dubbed titled name".split())
AGENT_TYPES = frozenset({"person", "organisation", "party"})
PLACE_TYPES = frozenset({"place"})


@dataclass(eq=False, slots=True)
class Unit:
    """Something the engine can answer with: the answer text and the verbatim passage it cites."""

    briefing: str
    kind: str  # fact | event | quote | entity | byline | sentence
    text: str
    quote: str
    tokens: list[str]
    entities: tuple[str, ...]
    has_date: bool
    has_figure: bool
    agent: bool
    place: bool
    speech: bool
    causal: bool
    subject: str = ""  # the entity an entity card describes, or a quote's speaker
    speakers: tuple[str, ...] = ()  # people whose words the unit reports
    advises: bool = False  # says what someone should do
    future: bool = False  # says what will or may happen
    money: bool = False  # states a sum of money
    stance: str = ""  # a fact's kind: reported, background, argument, prediction
    tags: tuple[str, ...] = ()
    years: tuple[str, ...] = ()
    shown: tuple[str, ...] = ()  # entities the answer text itself names (not only its tags or entity list)
    names: bool = False  # gives something's name ("known as", "called")
    compares: bool = False  # ranks or compares ("more than any other", "largest")
    dates_shown: int = 0  # distinct years and months the answer text names
    counts: frozenset[str] = frozenset()  # terms of the words just after a figure: what its figures count

    def __post_init__(self) -> None:
        self.years = tuple(sorted({t for t in self.tokens if YEAR.match(t)}))


def sentences(article: str) -> list[str]:
    """Article sentences (and title lines), as verbatim substrings of the article."""
    out: list[str] = []
    for line in article.splitlines():
        line = line.strip()
        if len(line.split()) < 5:
            continue
        pieces = _SENTENCE_END.split(line)
        merged: list[str] = []
        for piece in pieces:
            if merged and _ABBREV.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out += [s for s in merged if len(s.split()) >= 4]
    return out


class UnitBuilder:
    """Builds the units of one briefing with the shared analyzer and entity index."""

    def __init__(self, analyzer: Analyzer, entities: EntityIndex):
        self._an = analyzer
        self._ents = entities

    def build(self, lb: LoadedBriefing) -> list[Unit]:
        b = lb.briefing
        by_id = {e.id: e for e in b.entities}
        units: list[Unit] = []

        def add(kind: str, text: str, quote: str, search: str, ents: set[str], *, date: bool = False,
                figure: bool = False, speech: bool = False, subject: str = "", tags: tuple[str, ...] = (),
                stance: str = "") -> None:
            words = self._an.words(search)
            mentions = self._ents.find(words)
            found = {e for m in mentions for e in m.here(b.id)}
            ents = (set(ents) | found) & by_id.keys()
            types = {by_id[e].type for e in ents}
            tokens = [t for w in words if not w.stop for t in w.terms] + [sys.intern(f"e:{e}") for e in sorted(ents)]
            tokens += [t for kind in sorted(types) for t in self._an.canon(kind)]  # "which party": any party named
            lows = {w.raw.lower() for w in words}
            speaks = speech or bool(lows & _SPEECH) or "\u201c" in quote or '"' in quote
            if speaks and not subject:
                speakers = self._speakers(words, mentions, b.id, by_id)
            else:
                speakers = (subject,) if speaks else ()
            digits = {w.terms[0] for w in words if w.terms[0][:1].isdigit()}
            counts = frozenset(t for n, w in enumerate(words) if w.terms[0][:1].isdigit() and not YEAR.match(w.terms[0])
                               for x in words[n + 1:n + 1 + COUNT_WINDOW] if not x.stop for t in x.terms)
            shown = {e for m in self._ents.find(self._an.words(text)) for e in m.here(b.id)} & by_id.keys()
            units.append(Unit(
                b.id, kind, normalise(text), quote, tokens, tuple(sorted(ents)),
                has_date=date or bool(lows & _DATE_WORDS) or any(YEAR.match(d) for d in digits),
                has_figure=figure or bool(lows & _BIG_NUMBERS) or any(not YEAR.match(d) for d in digits),
                agent=bool(types & AGENT_TYPES), place=bool(types & PLACE_TYPES),
                speech=speaks, advises=bool(lows & _ADVICE),
                future=stance == "prediction" or bool(lows & _FUTURE), money=bool(_MONEY.search(search)),
                causal=bool(lows & _CAUSAL),
                subject=subject, speakers=speakers, tags=tags, stance=stance, shown=tuple(sorted(shown)),
                names=bool(lows & _NAMING) or "known as" in search.lower(),
                compares="than" in lows or ("one of" not in search.lower()
                                            and any(self._an.superlative(w.raw) for w in words)),
                counts=counts, dates_shown=len({t for t in self._an.tokens(text) if YEAR.match(t) or t in _DATE_WORDS})))

        def names(ids: list[str]) -> str:
            return " ".join(by_id[e].name for e in ids if e in by_id)

        for f in b.facts:
            tags = " ".join(t.replace("-", " ") for t in f.tags)
            add("fact", f.statement, f.evidence, f"{f.statement} {f.evidence} {tags} {names(f.entities)}",
                set(f.entities), date=bool(f.dates), figure=bool(f.figures), tags=tuple(f.tags), stance=f.kind)
        for ev in b.timeline:
            add("event", f"{ev.label}: {ev.event}", ev.evidence, f"{ev.label} {ev.event} {ev.evidence}",
                set(ev.entities), date=True)
        for q in b.quotes:
            who = by_id.get(q.speaker)
            name = who.name if who else q.speaker
            context = f" ({q.context.rstrip('.')})" if q.context else ""
            add("quote", f"{name} said: \u201c{q.text}\u201d{context}.", q.text,
                f"{name} said {q.text} {q.context}", {q.speaker}, speech=True, subject=q.speaker)
        fact_terms = [set(self._an.tokens(f"{f.statement} {f.evidence}")) for f in b.facts]
        for e in b.entities:
            quote = self._evidence_for(lb, e, fact_terms)
            if quote:
                aka = ", ".join(a for a in dict.fromkeys(e.aliases) if a.lower() != e.name.lower())
                aka = f" (also: {aka})" if aka else ""
                add("entity", f"{e.name}{aka}: {e.role}", quote, f"{e.name} {' '.join(e.aliases)} {e.role}",
                    {e.id}, subject=e.id)
        byline = next((s.strip() for s in lb.article.splitlines() if b.metadata.author and b.metadata.author in s), "")
        if byline:
            add("byline", f"The article was written by {b.metadata.author}.", byline,
                f"author wrote written by {b.metadata.author}", set())
        for s in sentences(lb.article):
            add("sentence", s, s, s, set())
        return units

    @staticmethod
    def _speakers(words: list[Word], mentions: list[Mention], briefing: str,
                  by_id: dict[str, Entity]) -> tuple[str, ...]:
        """Who speaks: the first person named before the first word of speech, and one whose remarks
        they are ("Rubio's remarks"); not a person the speaker talks about ("X attacked Y, saying")."""
        said = next((i for i, w in enumerate(words) if w.raw.lower() in _SPEECH), len(words))
        people = [m for m in mentions if m.start < said and any(by_id[e].type == "person" for e in m.here(briefing))]
        chosen = people[:1] + [m for m in people[1:] if m.end == said and words[m.end - 1].raw.endswith("'s")]
        return tuple(e for m in chosen for e in sorted(m.here(briefing)) if by_id[e].type == "person")

    def _evidence_for(self, lb: LoadedBriefing, entity: Entity, fact_terms: list[set[str]]) -> str:
        """The fact evidence that best supports an entity's role, preferring one that names it."""
        role = set(self._an.tokens(entity.role))
        names = {entity.name.lower(), *(a.lower() for a in entity.aliases)}
        best, best_score = "", 0.0
        for f, terms in zip(lb.briefing.facts, fact_terms):
            text = f.evidence.lower()
            named = any(n in text for n in names)
            if entity.id not in f.entities and not named:
                continue
            score = len(role & terms) + (3 if named else 0)
            if score > best_score:
                best, best_score = f.evidence, score
        if best:
            return best
        return next((s for s in sentences(lb.article) if any(n in s.lower() for n in names)), "")
