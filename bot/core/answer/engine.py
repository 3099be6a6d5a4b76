"""Answer questions from the loaded briefings: retrieve with BM25, check the evidence covers the question."""
from __future__ import annotations

import bisect
import dataclasses
import logging
import re
from dataclasses import dataclass, field

import bm25s
import numpy as np

from bot.core.answer.analysis import Analyzer, EntityIndex, edits
from bot.core.answer.lexicon import ROLE_WORDS
from bot.core.answer.question import Question, parse
from bot.core.answer.units import Unit, UnitBuilder
from bot.core.briefing import Entity
from bot.core.reply import Citation
from bot.core.store import ContentStore

log = logging.getLogger(__name__)

CANDIDATES = 40  # BM25 hits checked per question
MIN_COVERAGE = 0.5  # share of the question's content words (weighted) the evidence must contain
WEAK_WEIGHT = 0.5  # a missing verb, adjective or adverb counts this much against coverage as a missing noun
STANCE_BONUS = 1.5  # advice questions prefer the author's arguments, forecasts the predictions
SUPPORT_RATIO = 0.7  # a runner-up this close to the best is cited too
DEFAULT_RATIO = 0.8  # the default briefing's answer wins when it scores this close to another briefing's
KIND_WEIGHT = {"fact": 1.0, "event": 0.95, "quote": 1.0, "entity": 1.0, "byline": 1.0, "sentence": 0.75}
ABSTAIN = "The article doesn't say"
HYPERNYMS = {"party": "organisation"}  # an entity of this type is also one of that kind
CUE_BONUS = 3.0  # a passage that gives what the question's form asks for: a reason, a name, a comparison, dates
MIN_SPELL = 5  # shorter words are neither corrected nor corrections: too many words lie one typo apart
_LETTERS = re.compile(r"[A-Za-z]+")
_ASKING = re.compile(r"(?:why|how|what|who|when|where)\b(?![^.!?]*[.!?]\W*$)", re.I)
_AGENT = re.compile(r"e?rs?|ors?|ists?")  # suffixes of agent nouns
_ROLE = "role:"  # marks a role word in a word sequence
_TITLE = re.compile(r"([A-Z][\w.]*(?: [A-Z][\w.]*){0,3}) of (?:the )?([A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})(?=[;,.(]|$)")


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    text: str
    citations: tuple[Citation, ...] = ()
    confidence: float = 0.0
    extra: dict[str, object] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "citations": [{"quote": c.quote, "briefing": c.briefing_id, "title": c.title} for c in self.citations],
            "confidence": round(self.confidence, 3),
        }


@dataclass
class _Verdict:
    unit: Unit
    score: float
    failed: str  # "" when the unit answers the question
    coverage: float = 0.0
    topical: bool = False  # contains the question's last word the article uses: what a 'why' asks about


@dataclass
class _Has:
    """Which candidate units and briefings use each term the question asks about."""

    units: dict[str, set[int]]
    briefings: dict[str, set[int]]

    def unit(self, term: str, i: int) -> bool:
        return i in self.units.get(term, ())

    def briefing(self, term: str, b: int) -> bool:
        return b in self.briefings.get(term, ())


class AnswerEngine:
    """Finds the passage that answers a question, cites it verbatim, or says the article doesn't say."""

    def __init__(self, store: ContentStore):
        self._store = store
        self._an = Analyzer()
        names = [(lb.briefing.id, e.id, n) for lb in store for e in lb.briefing.entities
                 for n in (e.name, *e.aliases, *self._titles(e, lb.briefing.entities))]
        self._entities = EntityIndex(self._an, names)
        builder = UnitBuilder(self._an, self._entities)
        self._ids = {lb.briefing.id: i for i, lb in enumerate(store)}
        self._related: dict[str, dict[str, set[str]]] = {}
        self._name_terms: dict[str, frozenset[str]] = {}
        self._people: dict[str, bool] = {}
        self._kinds: dict[str, frozenset[str]] = {}  # entity -> words for what it is ("country", "party")
        self._types: dict[str, dict[str, frozenset[str]]] = {}  # briefing -> entity -> nouns for what it is
        self._units: list[Unit] = []
        self._cards: dict[str, list[int]] = {}  # entity id -> its entity cards
        self._roles: set[tuple[str, tuple[str, ...]]] = set()  # (role, entity name) some person holds: 'chairman of VB'
        self._role_of: dict[str, set[tuple[str, ...]]] = {}  # first word -> entity names that can follow a role word
        self._spelling: set[str] = set()  # lower-case words of the content: what a misspelling is corrected to
        corpus: list[list[str]] = []
        docs: dict[str, list[int]] = {}
        self._spans: dict[str, tuple[int, int]] = {}  # briefing -> its units' index range
        self._key_fact: dict[str, int] = {}  # briefing -> the fact closest to its tl;dr: a summary's citation
        for lb in store:
            start = len(self._units)
            tldr = set(self._an.tokens(lb.briefing.summaries.tldr))
            overlap = -1
            for u in builder.build(lb):
                if u.kind == "fact" and len(tldr.intersection(u.tokens)) > overlap:
                    overlap, self._key_fact[lb.briefing.id] = len(tldr.intersection(u.tokens)), len(self._units)
                for t in set(u.tokens):
                    docs.setdefault(t, []).append(len(self._units))
                corpus.append(u.tokens)
                self._spelling.update(w.lower() for w in _LETTERS.findall(u.text) if len(w) >= MIN_SPELL)
                u.tokens = []  # the index keeps them; the unit needs them no more
                if u.kind == "entity":
                    self._cards.setdefault(f"{u.briefing}/{u.subject}", []).append(len(self._units))
                self._units.append(u)
            self._spans[lb.briefing.id] = (start, len(self._units))
            self._related[lb.briefing.id] = self._relate(lb.briefing.id, lb.briefing.entities)
            self._index_roles(lb.briefing.entities)
        self._briefing_of = np.array([self._ids[u.briefing] for u in self._units], dtype=np.int32)
        # term -> the units that use it, and the briefings that do: a postings list instead of per-unit sets
        self._docs = {t: np.array(d, dtype=np.int32) for t, d in docs.items()}
        self._briefings = {t: np.unique(self._briefing_of[d]) for t, d in self._docs.items()}
        self._words = sorted(self._docs)
        self._index = bm25s.BM25()
        self._index.index(corpus, show_progress=False)
        log.info("answer index: %d units from %d briefing(s)", len(self._units), len(store))

    def _relate(self, briefing: str, entities: list[Entity]) -> dict[str, set[str]]:
        """Entities whose name contains another's ('Port of Antwerp' / 'Antwerp') stand in for each other."""
        keys = {e.id: frozenset(self._an.tokens(e.name)) for e in entities}
        self._name_terms.update((f"{briefing}/{k}", v) for k, v in keys.items())
        self._people.update((f"{briefing}/{e.id}", e.type == "person") for e in entities)
        types_here = self._types[briefing] = {}
        for e in entities:
            head = self._head(e.role)
            types = frozenset(self._an.canon(e.type)) | frozenset(self._an.canon(HYPERNYMS.get(e.type, e.type)))
            self._kinds[f"{briefing}/{e.id}"] = types | frozenset(self._an.tokens(head)[:4])
            words = [w for w in self._an.words(head) if not w.stop]  # 'Country whose', 'Dutch-speaking region'
            types_here[e.id] = types | frozenset(
                t for w in words[:1] + words[-1:] if self._an.noun(w.raw) for t in w.terms if not t[:1].isdigit())
        return {a: {a} | {b for b in keys if keys[b] and (keys[b] <= keys[a] or keys[a] <= keys[b])} for a in keys}

    def _index_roles(self, entities: list[Entity]) -> None:
        """Which entity each person's role word is directly of ('Chairman of Vlaams Belang', 'Venezuelan President')."""
        names = {self._seq(n) for e in entities for n in (e.name, *e.aliases)} - {()}
        for n in names:
            self._role_of.setdefault(n[0], set()).add(n)
        for e in entities:
            if e.type == "person":
                self._roles |= self._role_pairs(self._seq(e.role), names)

    def _seq(self, text: str) -> tuple[str, ...]:
        """A text's content words in order: role words as written and marked (a leader is no chairman), others
        as their first term."""
        return tuple(_ROLE + w.raw.lower() if w.raw.lower() in ROLE_WORDS else w.terms[0]
                     for w in self._an.words(text) if not w.stop)

    @staticmethod
    def _role_pairs(tokens: tuple[str, ...], names: set[tuple[str, ...]]) -> set[tuple[str, tuple[str, ...]]]:
        """(role word, entity name) pairs where the name directly follows or precedes the role word."""
        return {(t, n) for j, t in enumerate(tokens) if t.startswith(_ROLE) for n in names
                if tokens[j + 1:j + 1 + len(n)] == n or tokens[max(0, j - len(n)):j] == n}

    def _unheld_role(self, question: str) -> bool:
        """'The chairman of the N-VA': a role of a named entity that no person in the briefings holds."""
        tokens = self._seq(question)
        # names looked up by the word after the role word: one dict lookup, however many briefings are loaded
        pairs = {(t, n) for j, t in enumerate(tokens[:-1]) if t.startswith(_ROLE)
                 for n in self._role_of.get(tokens[j + 1], ()) if tokens[j + 1:j + 1 + len(n)] == n
                 and re.search(rf"\b{t[len(_ROLE):]} of\b", question, re.I)}  # 'the leader the US captured' is none
        return bool(pairs) and not pairs & self._roles

    @staticmethod
    def _titles(e: Entity, entities: list[Entity]) -> tuple[str, ...]:
        """A person's title from their role ('Chairman of Vlaams Belang') as names for them, also in the order
        'Vlaams Belang chairman', when what it is of is an entity of the briefing."""
        m = _TITLE.match(e.role) if e.type == "person" else None
        if m is None:
            return ()
        of = {n.lower() for x in entities if x.id != e.id for n in (x.name, *x.aliases)}
        return (m.group(), f"{m.group(2)} {m.group(1)}") if m.group(2).lower() in of else ()

    @staticmethod
    def _head(role: str) -> str:
        """The first words of an entity's role, which say what it is ('Country whose ...', 'EU agency that ...')."""
        return re.split(r"[;,(:]|\b(?:who|whose|that|which|where|of|in|by|for|with)\b", role, maxsplit=1)[0]

    def _near(self, alts: tuple[str, ...]) -> tuple[str, ...]:
        """For a verb or adjective the content never uses (a noun it lacks is another topic), indexed words of the same family ('suffice' -> 'sufficient')."""
        term = alts[0]
        if len(term) < 5 or any(t in self._docs for t in alts):
            return alts
        near = []
        for v in self._words[bisect.bisect_left(self._words, term[:5]):]:
            if not v.startswith(term[:5]):
                break
            common = next((i for i, (a, b) in enumerate(zip(term, v)) if a != b), min(len(term), len(v)))
            if common >= min(len(term), len(v)) - 1 and not _AGENT.fullmatch(v[common:]):
                near.append(v)  # ... but the one who does it ('founder') is no stand-in for the deed ('founded')
        return alts + tuple(near)

    def _spell(self, text: str) -> str:
        """Correct words no dictionary and no briefing knows ('Pruit', 'decalre') when exactly one word of the
        content is a single typo away; names keep their capital."""
        def fix(m: re.Match[str]) -> str:
            raw = m.group()
            low = raw.lower()
            if len(low) < MIN_SPELL or low in self._spelling or self._an.known(low):
                return raw
            near = {w for w in edits(low) & self._spelling if not low.startswith(w)}  # 'Germany' is no 'German'
            if len(near) != 1:
                return raw
            word = near.pop()
            return word.capitalize() if raw[:1].isupper() else word
        return _LETTERS.sub(fix, text)

    def ask(self, question: str, briefing_id: str | None = None) -> Answer:
        question = question.strip()
        if briefing_id is not None and briefing_id not in self._ids:
            return Answer(question, False, f"{ABSTAIN}: there is no briefing with that id.")
        q = dataclasses.replace(parse(self._spell(question), self._an, self._entities), text=question)
        terms = tuple(self._near(alts) if weak else alts for alts, weak in zip(q.terms, q.weak))
        if terms != q.terms:
            q = dataclasses.replace(q, terms=terms, query=q.query + tuple(t for alts in terms for t in alts[1:]))
        if q.injection:
            return Answer(question, False, f"{ABSTAIN} anything about that. I only answer questions about the briefings.")
        if q.summary:
            return self._summary(q, briefing_id)
        if self._unheld_role(question):
            return Answer(question, False, f"{ABSTAIN} who holds that role; it names no one in it.")
        if q.kind == "who" and self._self_relative(q):
            return Answer(question, False, f"{ABSTAIN} who that is; it names no one else in that role.")
        if q.empty:
            return Answer(question, False, f"{ABSTAIN} anything about that. Try asking about a person, place or event in it.")
        verdicts = self._judge(q, briefing_id)
        good = sorted((v for v in verdicts if not v.failed), key=lambda v: -v.score)
        if q.kind == "why" and good:  # a reason, when a passage about the whole topic gives one
            top = max(v.coverage for v in good)
            reasons = [v for v in good if v.unit.causal and v.topical]
            good = [v for v in reasons if v.coverage >= top] or reasons or [v for v in good if v.coverage >= top]
        home = next((v for v in good if v.unit.briefing == self._store.default_id), None)
        if briefing_id is None and home is not None and home.score >= DEFAULT_RATIO * good[0].score:
            good = [v for v in good if v.unit.briefing == home.unit.briefing]  # as good an answer at home
        if good:
            return self._answer(q, good)
        return self._abstain(q, verdicts)

    # --- retrieval and checks ---

    @staticmethod
    def _self_relative(q: Question) -> bool:
        """'Who was Belgium's prime minister before De Wever?': the role and the name are the same entity, so
        the question asks about someone else in that role."""
        ids = [m.ids for m in q.required]
        return len(ids) > len(set(ids))

    def _judge(self, q: Question, briefing_id: str | None) -> list[_Verdict]:
        mask = None
        if briefing_id is not None:
            mask = (self._briefing_of == self._ids[briefing_id]).astype(np.float32)
        scores = self._index.get_scores(list(q.query), weight_mask=mask)
        hits = self._top(scores, 0, len(scores))
        if briefing_id is None and len(self._spans) > 1:  # near-copies elsewhere must not crowd out home
            hits += [i for i in self._top(scores, *self._spans[self._store.default_id]) if i not in hits]
        seen = {briefing_id} if briefing_id else {self._units[i].briefing for i in hits} | {self._store.default_id}
        if q.definition:  # the entity card answers "who/what is X" even when BM25 ranks it low
            hits += [i for b in seen for e in q.required[0].here(b) for i in self._cards.get(f"{b}/{e}", ())
                     if i not in hits]
        if not hits:
            return []
        needed = {t for alts in (*q.terms, *q.proper) for t in alts} | set(q.numbers) | set(q.years)
        needed |= {t for m in q.required for b in seen for e in m.here(b) for t in self._name_terms[f"{b}/{e}"]}
        units = np.array(sorted(hits), dtype=np.int32)
        briefings = np.unique(self._briefing_of[units])
        has = _Has(
            {t: set(np.intersect1d(self._docs[t], units, assume_unique=True).tolist()) for t in needed if t in self._docs},
            {t: set(np.intersect1d(self._briefings[t], briefings, assume_unique=True).tolist())
             for t in needed if t in self._docs})
        return [self._check(q, i, float(scores[i]), has) for i in hits]

    def _said(self, q: Question, u: Unit, here: str) -> bool:
        """Whether a unit reports words of the person the question asks about (or anyone's, if it names none).

        The person asked about is the first one the question names: in "How did X respond to Y?" only X's
        words answer.
        """
        asked = next((ids for m in q.required if (ids := {e for e in m.here(u.briefing) if self._people[here + e]})),
                     set())
        if not asked:
            return u.speech or u.stance in ("argument", "prediction")  # the author's own claims
        return bool(asked.intersection(u.speakers))

    @staticmethod
    def _top(scores: np.ndarray, lo: int, hi: int) -> list[int]:
        """The best-scoring units in [lo, hi), at most CANDIDATES, with a positive score."""
        k = min(CANDIDATES, hi - lo)
        if k <= 0:
            return []
        top = lo + np.argpartition(-scores[lo:hi], k - 1)[:k]
        return [int(i) for i in top if scores[i] > 0]

    def _check(self, q: Question, i: int, bm25: float, has: _Has) -> _Verdict:
        u = self._units[i]
        b = self._ids[u.briefing]
        if any(not any(has.briefing(t, b) for t in alts) for alts in q.proper):
            return _Verdict(u, bm25, "unknown word")
        # a noun the article never uses means the question is about something else; so does any word of a
        # question after a date or a figure, which names the one event whose date or figure is wanted
        # ... except a when-question's verbs ('begin', 'hit'): a timeline event or a dated passage containing every
        # other word of the question, two nouns or more among them, answers it
        exact = q.kind in ("when", "count")
        missing = [((exact and not loose) or not weak) and not any(has.briefing(t, b) for t in alts)
                   for alts, weak, loose in zip(q.terms, q.weak, q.loose)]
        dated = q.kind == "when" and (u.kind == "event" or bool(u.years)) and all(
            gone or any(has.unit(t, i) for t in alts) for alts, gone in zip(q.terms, missing)) and sum(
            not weak and not gone for weak, gone in zip(q.weak, missing)) > 1
        if any(gone and not (weak and dated) for gone, weak in zip(missing, q.weak)):
            return _Verdict(u, bm25, "unknown word")
        if q.kind == "when" and any(weak and not gone and not loose and not any(has.unit(t, i) for t in alts)
                                    for alts, weak, gone, loose in zip(q.terms, q.weak, missing, q.loose)):
            return _Verdict(u, bm25, "coverage")  # 'when was the port founded': the date of its founding, not of a visit
        related = self._related[u.briefing]
        here = f"{u.briefing}/"
        for m in q.required:
            if not any(any(x in u.entities for x in related[e]) or all(has.unit(t, i) for t in self._name_terms[here + e])
                       for e in m.here(u.briefing)):
                return _Verdict(u, bm25, "entity")
        named = {e for m in q.required for e in m.here(u.briefing)}
        generic = {e for m in q.soft for e in m.here(u.briefing)}
        if u.kind == "entity" and u.subject not in named | generic:
            return _Verdict(u, bm25, "entity")  # a card answers questions about its own subject
        if u.kind == "sentence" and _ASKING.match(u.text):
            return _Verdict(u, bm25, "type")  # a heading that asks a question ('Why the U.S. Should ...') answers none
        if u.kind == "byline" and q.kind != "who":
            return _Verdict(u, bm25, "type")  # the byline answers who wrote it, nothing else
        if q.category >= 0 and not q.definition and self._typed(q, u.briefing, named) and not any(
                set(q.terms[q.category]) & self._types[u.briefing][e] for e in u.shown if e not in named):
            return _Verdict(u, bm25, "type")  # 'which country': the answer names a country, not only its tags
        if any(not any(has.unit(t, i) for t in alts) for alts in q.proper) or any(not has.unit(n, i) for n in q.numbers):
            return _Verdict(u, bm25, "name")
        coverage = self._coverage(q, u, i, has)
        if coverage < MIN_COVERAGE:
            return _Verdict(u, bm25, "coverage", coverage)
        wanted = {"count": u.has_figure, "when": u.has_date, "who": u.agent or u.kind == "byline"}
        if not wanted.get(q.kind, True) or (q.say and not self._said(q, u, here)):
            return _Verdict(u, bm25, "type")
        if q.kind == "count" and q.counted and u.counts and not u.counts.intersection(q.counted):
            # 'how many seats': a passage whose figures count elections does not say how many seats
            return _Verdict(u, bm25, "type")
        if (q.future and not u.future) or (q.money and not u.money):
            return _Verdict(u, bm25, "type")  # 'who will win': what happened is no forecast; 'how much paid': a sum
        if q.stance == "advice" and not (u.advises or u.stance in ("argument", "prediction")):
            return _Verdict(u, bm25, "type")  # advice is an argument, or a passage saying what should be done
        weight = KIND_WEIGHT[u.kind]
        if (u.kind == "entity" and not q.definition) or (u.kind == "quote" and not q.say):
            weight *= 0.85  # cards and quotes answer 'who is' and 'what did X say'; facts answer the rest
        score = bm25 * weight + 2 * coverage + sum(e in generic for e in u.entities)
        score += CUE_BONUS * ((q.kind == "why" and u.causal) + (q.naming and u.names)
                              + (q.superlative >= 0 and u.compares) + (q.several and u.dates_shown > 1))
        if (q.asks_prediction and u.stance == "prediction") or (q.stance in ("advice", "argument")
                                                                and u.stance == "argument"):
            score += STANCE_BONUS
        if q.kind == "where" and u.place:
            score += 1
        if q.say and u.kind == "quote" and u.subject in named:
            score += 3
        if q.definition and u.kind == "entity" and u.subject in q.required[0].here(u.briefing):
            score += 100
        if q.years and not all(has.unit(y, i) for y in q.years):
            return _Verdict(u, score, "year", coverage)
        focus = next((alts for alts in reversed(q.terms) if any(has.briefing(t, b) for t in alts)), ())
        return _Verdict(u, score, "", coverage, not focus or any(has.unit(t, i) for t in focus))

    def _typed(self, q: Question, briefing: str, named: set[str]) -> bool:
        """Whether the kind asked for ('which country') is the type of some entity the question does not name."""
        alts = set(q.terms[q.category])
        return any(alts & types for e, types in self._types[briefing].items() if e not in named)

    def _coverage(self, q: Question, u: Unit, i: int, has: _Has) -> float:
        """The share of the question's words the unit contains, missing verbs and adjectives weighing less.

        The word naming what is asked for ('which country') also counts when the unit names such a thing.
        """
        here = f"{u.briefing}/"
        got = total = 0.0
        for n, (alts, weak) in enumerate(zip(q.terms, q.weak)):
            if any(has.unit(t, i) for t in alts) or (n == q.superlative and u.compares) or (
                    n == q.category and any(t in self._kinds.get(here + e, ()) for e in u.entities for t in alts)):
                got += 1.0
                total += 1.0
            else:  # a missing verb or adjective ('start', 'upcoming') counts less against the unit than a noun
                total += WEAK_WEIGHT if weak else 1.0
        got += sum(any(has.unit(t, i) for t in alts) for alts in q.proper)
        total += len(q.proper)
        return got / total if total else 1.0

    # --- answers ---

    def _cite(self, u: Unit) -> Citation:
        return self._store.citation(self._store.get(u.briefing), u.quote)

    def _answer(self, q: Question, good: list[_Verdict]) -> Answer:
        best = good[0]
        shown = [best.unit]
        for v in good[1:3]:
            u = v.unit
            if (v.score >= SUPPORT_RATIO * best.score and u.briefing == best.unit.briefing
                    and all(u.quote != s.quote and u.quote not in s.text for s in shown)):
                shown.append(u)
                break
        text = " ".join(u.text for u in shown)
        confidence = best.score / (best.score + 5)
        return Answer(q.text, True, text, tuple(self._cite(u) for u in shown), confidence,
                      {"briefing": best.unit.briefing, "kind": best.unit.kind})

    def _summary(self, q: Question, briefing_id: str | None) -> Answer:
        bid = briefing_id or self._store.default_id
        if briefing_id is None and (q.required or q.terms):
            scores = self._index.get_scores(list(q.query))
            if scores.max() > 0:
                bid = self._units[int(scores.argmax())].briefing
        lb = self._store.get(bid)
        key = self._units[self._key_fact[bid]]
        return Answer(q.text, True, lb.briefing.summaries.tldr, (self._cite(key),), 0.9,
                      {"briefing": bid, "kind": "summary"})

    def _abstain(self, q: Question, verdicts: list[_Verdict]) -> Answer:
        near = max((v for v in verdicts if v.failed == "year" and v.unit.years), key=lambda v: v.score, default=None)
        if near is not None:
            years = " or ".join(q.years)
            text = f"{ABSTAIN} for {years}. The closest it reports is for {', '.join(near.unit.years)}: {near.unit.text}"
            return Answer(q.text, False, text, (self._cite(near.unit),), 0.0, {"briefing": near.unit.briefing})
        topics: list[str] = []
        for v in sorted(verdicts, key=lambda v: -v.score):
            if v.failed not in ("unknown word", "entity"):
                topics += [t.replace("-", " ") for t in v.unit.tags if t.replace("-", " ") not in topics]
        if topics:
            return Answer(q.text, False, f"{ABSTAIN}. Closest topics it covers: {', '.join(topics[:3])}.")
        return Answer(q.text, False, f"{ABSTAIN} anything about that.")
