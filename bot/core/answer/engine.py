"""The answer engine: parse -> retrieve -> extract -> verify -> decide (see docs/answer-engine.md)."""
from __future__ import annotations

import ctypes
import dataclasses
import datetime
import gc
import logging
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from dateutil import parser as dateparser

from bot.core.answer import compose, extract
from bot.core.answer.cache import BuildCache
from bot.core.answer.checks import Evidence, Reason, means_the_stranger, verify
from bot.core.answer.index import Analysed, Index
from bot.core.answer.index import build as build_index
from bot.core.answer.language import common, expand_contractions, key
from bot.core.answer.meaning import Meaning, default_cache
from bot.core.answer.parse import MAX_QUESTION, AnswerType, Intent, Query, Term, intent, parse, pieces
from bot.core.answer.passages import Analyser, Passage, sentences
from bot.core.answer.terms import Token, forget_words, keys_and_phrases, tokens
from bot.core.answer.terms import keys as text_keys
from bot.core.reply import Citation
from bot.core.store import ContentStore

__all__ = [
    "ABSTAIN",
    "default_build_cache",
    "Answer",
    "AnswerEngine",
    "CHAT_REPLY",
    "FAR",
    "NEAR",
    "asks_for_a_card",
    "confidence_of",
    "gives_the_type",
    "is_own_card",
    "kind_prior",
    "names_the_unknown",
    "proximity",
    "query_weights",
]

log = logging.getLogger(__name__)

ABSTAIN = "The article doesn't say"
THRESHOLD = 0.1  # confidence below which the engine abstains; chosen on the dev sets (docs/answer-engine.md)
ABSENT, ABSENT_POWER = 1.0, 0.5  # what a word the briefing never uses weighs: ABSENT * specificity ** ABSENT_POWER
EVIDENCE_CACHE = 4096  # passages whose evidence is remembered between questions
ENTITY = 0.5  # what an entity the question names weighs in coverage (a rare, specific word weighs 1.0)
NOUN_ABSENT = 2.0  # how much more a noun the briefing never uses weighs than another absent word
SAME, BROADER = 0.8, 0.4  # credit for finding a question word's synonym, or a broader word, instead of the word
QUERY_WEIGHT = {"word": 1.0, "same": 0.6, "broader": 0.3, "entity": 1.5}
KIND_PRIOR = {"fact": 0.1, "event": 0.05, "quote": -0.1, "entity": -0.2, "term": -0.2, "byline": 0.0, "sentence": 0.0}
FITS = {AnswerType.WORDS: ("quote",), AnswerType.DEFINITION: ("entity", "term"), AnswerType.DATE: ("event",),
        AnswerType.PERSON: ("byline",)}
RETRIEVAL = 0.2  # weight of the BM25 score (relative to the best candidate) in ranking, against 2 for confidence
TYPE_FOUND = 0.1  # confidence added when the passage has what the question's type asks for (a figure, a reason)
PROXIMITY = 0.6  # rank weight of how close together a passage has the question's words
LOCATED = 0.3  # rank added for 'where' when the passage says something happens in, at or from a place
EARLY = 0.3  # rank added to a passage from the opening paragraphs when the question says 'it' or 'they'
TYPE_MISSING = 0.75  # confidence factor when the passage has nothing of the kind asked for (no figure, no date)
LEAD = 0.15  # rank added when the passage has what the question asks for (its figure, date, name)
SHORT = 8  # words under which an article sentence only opens a topic, and its next sentence is shown too
SPAN_CHOICES = 5  # candidates for each end of a 'how many days between A and B' span
MEANT = 8  # passages closest in meaning added to the candidates, whatever words they share
MEANING = 0.3  # share of confidence that comes from closeness in meaning rather than words covered
NEAR, FAR = 0.65, 0.15  # sentence similarity that counts as the same meaning (1.0), or as none (0.0)
MEANING_RANK = 5.0  # rank weight of closeness in meaning
# questions whose answer must start with a thing of their type found in the passage: a passage without one fails
# (not 'why': news often gives a reason without a 'because' the extractor sees, as in 'X is unhappy. They say ...')
TYPED = frozenset({AnswerType.COUNT, AnswerType.DATE, AnswerType.PERSON, AnswerType.PLACE})
# in 'what did X say about Y', a word this specific that the briefing never uses names a speaker or a topic it
# lacks, as a name would, even when a dictionary knows it ('what did macron say')
SPOKEN = 0.7
CHAT_REPLY = ("Hi! I answer questions about the briefings, with a quote from the article. "
              "Try /ask followed by a question, /brief for a summary, or /help for every command.")


@dataclass(frozen=True)
class Answer:
    question: str
    answered: bool
    text: str
    citations: tuple[Citation, ...] = ()
    confidence: float = 0.0
    briefing: str = ""
    # ids of the briefing's entities the cited passages are about, each passage's subject first: what a thread's
    # next question may call 'she' or 'it' (bot.core.conversation); not part of as_json
    entities: tuple[str, ...] = ()

    def as_json(self) -> dict[str, object]:
        return {
            "question": self.question,
            "answered": self.answered,
            "answer": self.text,
            "citations": [{"quote": c.quote, "briefing": c.briefing_id, "title": c.title} for c in self.citations],
            "confidence": round(self.confidence, 3),
            "briefing": self.briefing,
        }


@dataclass(frozen=True)
class _Judged:
    evidence: Evidence
    failed: Reason | None
    confidence: float
    rank: float
    lead: str


@dataclass(frozen=True)
class _Judging:
    """What judging each candidate for one question in one briefing needs."""

    q: Query  # the question as the briefing reads it
    home: str
    weights: list[float | None]  # per term (AnswerEngine._weights)
    first: int  # the index of the briefing's first passage
    sims: np.ndarray  # closeness in meaning of the question to each of the briefing's passages
    without: np.ndarray  # the same with the question's strangers left out (AnswerEngine._without)
    strangers: list[Term]  # nouns of the question the briefing never uses, not even as a synonym
    top: float  # the best BM25 score among the candidates
    vague: bool  # 'when did it open': 'it' is the article's main story


class AnswerEngine:
    """Answers a question from the loaded briefings with a verbatim citation, or says the article doesn't say."""

    def __init__(self, store: ContentStore, previous: AnswerEngine | None = None, meaning: Meaning | None = None,
                 cache: BuildCache | None = None):
        """`cache`: where built indexes are kept (default: the previous engine's, else `index/` in the user's
        cache folder, `meaning.default_cache()`); BuildCache(None) builds everything and keeps nothing."""
        self._store = store
        self._meaning: Meaning = meaning or (previous._meaning if previous is not None
                                             else Meaning(cache=default_cache()))
        self._cache: BuildCache = cache or (previous._cache if previous is not None else default_build_cache())
        reuse = previous._index.analysed if previous is not None else None
        paused = gc.isenabled()
        gc.disable()  # the build allocates many objects that all live on or die young: no cycles to find
        try:
            analyser = Analyser()  # one text's analysis shared by every briefing of this build
            self._index: Index = build_index(list(store), reuse, self._cache, analyser)
            del analyser
            forget_words()
        finally:
            if paused:
                gc.enable()
        _give_back_memory()
        self._spelling = frozenset(self._index.spelling)
        self._related: dict[str, dict[str, set[str]]] = {}  # per briefing, built on its first question
        self._seen: dict[int, Evidence] = {}

    # --- parse ---

    def _spell(self, word: str) -> str:
        """A word no dictionary and no briefing knows, read as the one content word a typo away."""
        if len(word) < 4 or common(word) or self._index.known(key(word)) or word in self._spelling:
            return word
        near = {w for w in _edits(word) if w in self._spelling or (common(w) and self._index.known(key(w)))}
        if len(near) == 1:
            return near.pop()
        return word

    # --- the pipeline ---

    def ask(self, question: str, briefing_id: str | None = None) -> Answer:
        text = question.strip()
        if len(text) > MAX_QUESTION:  # as the chat paths refuse it, and nothing of it is echoed past the limit
            return Answer(f"{text[:MAX_QUESTION]}\u2026", False, f"That question is too long ({len(text)} characters; "
                          f"the limit is {MAX_QUESTION}). Ask it in fewer words.")
        if briefing_id is not None and briefing_id not in self._index.ranges:
            return Answer(text, False, f"{ABSTAIN}: there is no briefing with that id.")
        asked = pieces(text)
        if len(asked) > 1 and any(intent(p) in (Intent.AUTHOR, Intent.PUBLICATION, Intent.SUMMARY) for p in asked):
            return self._several(text, [self.ask(p, briefing_id) for p in asked])
        home = briefing_id or self._store.default_id
        q = parse(text, self._spell, lambda words: self._names(words, home))
        if q.intent is Intent.CHAT:
            return Answer(text, False, CHAT_REPLY)
        if q.intent is Intent.INSTRUCTION:
            return Answer(text, False, f"{ABSTAIN} anything about that: I only answer questions about the briefings.")
        if q.intent is Intent.SUMMARY:
            return self._summary(q, home)
        if q.intent is Intent.AUTHOR:
            return self._author(q, home)
        if q.intent is Intent.PUBLICATION:
            return self._publication(q, home)
        if q.empty:
            return Answer(text, False, f"{ABSTAIN} anything about that. Ask about a person, place or event in it.")
        answer = self._span(q, home) if q.between else self._two_facts(q, home) if q.parts else self._answer(q, home)
        others = [] if answer.answered else self._elsewhere(q, home)
        if others:  # answers come from one briefing only; say which other one knows what the question names
            names = ", ".join(others[:3])
            return dataclasses.replace(answer, text=f"{answer.text} Another briefing mentions it: ask again with "
                                                    f"briefing {names}.")
        return answer

    def _several(self, text: str, answers: list[Answer]) -> Answer:
        """'Who wrote it and what is it about': each question answered in turn, each citation kept once."""
        cites = tuple(dict.fromkeys(c for a in answers for c in a.citations))
        found = [a for a in answers if a.answered]
        return Answer(text, bool(found), " ".join(a.text for a in answers), cites,
                      min((a.confidence for a in found), default=0.0), answers[0].briefing,
                      tuple(dict.fromkeys(e for a in answers for e in a.entities)))

    def _names(self, words: list[Token], home: str) -> list[tuple[int, int, frozenset[str]]]:
        """The names a question mentions. Another briefing's name counts only when it reads as a name: 'price'
        or 'park' in lower case is the common word, whoever in another article is called Price or Park."""
        return [(a, b, found) for a, b, found in self._index.find_names(words)
                if any(e.startswith(f"{home}/") for e in found)
                or any(w.capital or not common(w.low) for w in words[a:b] if not w.stop)]

    def _elsewhere(self, q: Query, home: str) -> list[str]:
        """Other briefings that know every entity the question names, when one of them is named by a name, not
        by plain words ('Rotterdam', not 'the port'), in content order."""
        named = [{e.partition("/")[0] for e in mention} for mention in q.entities]
        if not named or not any(t.name for words in q.mention_terms for t in words) or all(home in n for n in named):
            return []
        both = set.intersection(*named) - {home}
        return sorted(both, key=self._index.order.__getitem__)

    def _best(self, q: Query, home: str) -> tuple[list[_Judged], _Judged | None]:
        """Every candidate judged, and the first that fails no check and is confident enough (or None)."""
        judged = self._judge(q, home)
        best = next((j for j in judged if j.failed is None), None)
        return judged, best if best is not None and best.confidence >= THRESHOLD else None

    def _answer(self, q: Query, home: str) -> Answer:
        judged, best = self._best(q, home)
        return self._abstain(q, judged, home) if best is None else self._reply(q, [best])

    def _two_facts(self, q: Query, home: str) -> Answer:
        """'Who visited Antwerp and when?': each part answered from its own evidence, each cited."""
        found: list[_Judged] = []
        for part in q.parts:
            judged, best = self._best(part, home)
            if best is None:
                return self._abstain(part, judged, home)
            found.append(best)
        return self._reply(q, found)

    def _span(self, q: Query, home: str) -> Answer:
        """'How many days between A and B?': the dates of A and of B, each cited, and the time between them;
        'how many years since A': from A to the article's date."""
        published = self._store.get(home).briefing.metadata.published
        options: list[list[tuple[_Judged, datetime.date]]] = []
        for part in q.parts:
            judged, best = self._best(part, home)
            dated = [(j, d) for j in judged if j.failed is None and j.confidence >= THRESHOLD
                     and (d := _date_of(j, published)) is not None]
            if q.between in ("day", "week"):  # counting days needs each end's day
                dated = [(j, d) for j, _ in dated if (d := _date_of(j, published, day=True)) is not None] or dated
            if best is None or not dated:
                return self._abstain(part, judged, home)
            options.append(dated[:SPAN_CHOICES])
        chosen = _ends(options)
        found = [j for j, _ in chosen]
        when = [d for _, d in chosen]
        leads = [f"{p.text} ({d.isoformat()})" for p, d in zip(q.parts, when, strict=True)]
        if len(when) == 1:  # 'how many years since A': to the day the article was published
            if len(published) < 4:
                return self._abstain(q.parts[0], [], home)
            when.append(datetime.date.fromisoformat((published + "-01-01")[:10]))
            leads.append(f"the article's date ({when[1].isoformat()})")
        unit = q.between if q.between != "any" else next(
            (u for u in ("year", "month", "week") if compose.between(when[0], when[1], u) >= 1), "day")
        n = compose.between(when[0], when[1], unit)
        text = f"{n} {unit}{'' if n == 1 else 's'}: {leads[0]}, then {leads[1]}."
        texts = " ".join(compose.stated(j.lead, j.evidence.passage) for j in found)
        cites = tuple(dict.fromkeys(self._cite(j.evidence.passage) for j in found))
        return Answer(q.text, True, f"{text} {texts}", cites, min(j.confidence for j in found), home,
                      _about(j.evidence.passage for j in found))

    # --- retrieve, verify ---

    def _judge(self, asked: Query, home: str) -> list[_Judged]:
        """Every candidate passage of one briefing judged for the question, those failing no check first, then by
        rank; none when the question names someone or something the briefing does not know."""
        q = asked.in_briefing(home, lambda k: self._index.frequency(k, home) > 0)
        if q is None:
            return []  # names someone or something only other briefings know
        weights = self._weights(q, home)
        if names_the_unknown(q, weights):
            return []  # names someone or something the briefing never mentions
        lo, hi = self._index.ranges[home]
        said, texts = expand_contractions(q.text), self._index.analysed[home].table.texts()
        sims = self._meaning.similarity(said, texts)
        hits = self._candidates(q, home, sims)
        if not hits:
            return []
        strangers = [t for t, w in zip(q.terms, weights, strict=True) if w is None and t.noun and not t.name]
        judging = _Judging(q, home, weights, lo, sims, self._without(said, strangers, texts, sims), strangers,
                           max(s for _, s in hits) or 1.0, bool(_PRONOUN.search(q.text)))
        out = [self._judge_one(judging, i, score) for i, score in hits]
        return sorted(out, key=lambda j: (j.failed is not None, -j.rank))

    def _candidates(self, q: Query, home: str, sims: np.ndarray) -> list[tuple[int, float]]:
        """The passages worth judging, with their BM25 scores: the best for the question's words, the cards of
        the entities it asks about, and the MEANT passages closest in meaning (`sims`), whatever words they share."""
        hits = self._index.search(query_weights(q, home), home)
        if asks_for_a_card(q):
            hits += [(i, 0.0) for i in self._cards(q, home) if all(i != h for h, _ in hits)]
        lo = self._index.ranges[home][0]
        taken = {i for i, _ in hits}
        hits += [(lo + int(i), 0.0) for i in np.argsort(-sims)[:MEANT] if lo + int(i) not in taken and sims[i]]
        return hits

    def _without(self, said: str, strangers: list[Term], texts: list[str], sims: np.ndarray) -> np.ndarray:
        """How close each passage is to the question with its strangers (nouns the briefing never uses) left out;
        below every similarity (`sims` - 1) when there is nothing to leave out."""
        if strangers:
            unnamed = re.sub(r"\b(?:" + "|".join(re.escape(t.word) for t in strangers) + r")\b", "", said, flags=re.I)
            if unnamed != said:  # (a stranger the text does not spell as parsed cannot be left out: no test then)
                return self._meaning.similarity(unnamed, texts)
        return sims - 1.0

    def _judge_one(self, judging: _Judging, i: int, score: float) -> _Judged:
        """Passage i judged for the question: the first check it fails, how sure an answer it gives, its rank."""
        q, ev, at = judging.q, self._evidence(i), i - judging.first
        lead = compose.lead(q, ev.passage, self._store)
        sim = float(judging.sims[at])
        sure = confidence_of(q, _coverage(q, ev, judging.weights), lead, sim)
        if is_own_card(q, ev, judging.home):  # 'who is X', 'what is X': X's card says it, whatever else is close
            sure, sim = max(sure, 0.9), 1.0
        rank = (sure * 2 + RETRIEVAL * score / judging.top + kind_prior(q, ev.passage.kind) + (LEAD if lead else 0.0)
                + PROXIMITY * proximity(q, ev) + MEANING_RANK * sim
                + (LOCATED if q.kind is AnswerType.PLACE and compose.located(q, ev.passage, self._store) else 0)
                + (EARLY if judging.vague and ev.passage.early else 0))
        failed = (verify(q, ev) or means_the_stranger(judging.strangers, sim, float(judging.without[at]))
                  or gives_the_type(q, lead))
        return _Judged(ev, failed, sure, rank, lead)

    def _cards(self, q: Query, home: str) -> list[int]:
        lo, hi = self._index.ranges[home]
        wanted = {e.partition("/")[2] for mention in q.entities for e in mention if e.startswith(f"{home}/")}
        return [i for i in range(lo, hi) if self._index.passages[i].kind == "entity"
                and self._index.passages[i].subject in wanted]

    def _weights(self, q: Query, home: str) -> list[float | None]:
        """Each term's weight: its rarity in the briefing (idf) times what it says about a topic (specificity);
        None for a term the briefing never uses, not even as a synonym."""
        n = self._index.size(home)
        rarest = math.log(1 + n)
        out: list[float | None] = []
        for t in q.terms:
            if " " in t.word:  # a name phrase: the article names it, or it is not the article's business
                out.append(t.specificity if t.word in self._store.get(home).article.lower() else None)
                continue
            df = self._index.frequency(t.key, home)
            if not df:
                # a name is itself or absent: Hamburg is no port, and 'German-speaking' says nothing about Germany
                stand_ins = frozenset() if t.name else t.same | t.broader
                df = max((self._index.frequency(k, home) for k in stand_ins if " " not in k), default=0)
            # a word the briefing uses often still has to be covered: rarity only adds to its weight
            out.append((0.5 + 0.5 * math.log(1 + n / (1 + df)) / rarest) * t.specificity if df else None)
        return out

    def _evidence(self, i: int) -> Evidence:
        """What the checks see of passage i, remembered for the most recently used passages."""
        found = self._seen.get(i)
        if found is None:
            if len(self._seen) >= EVIDENCE_CACHE:
                self._seen.pop(next(iter(self._seen)))
            found = self._seen[i] = self._read(self._index.passages[i])
        return found

    def _read(self, p: Passage) -> Evidence:
        related = self._related.get(p.briefing)
        if related is None:
            related = self._related[p.briefing] = _relations(self._index.analysed[p.briefing])
        ents = {f"{p.briefing}/{r}" for e in p.entities for r in related.get(e, {e})}
        speaks = p.kind == "quote" or any(t.low in _SPEECH for t in tokens(p.quote)) or "\u201c" in p.quote
        speakers = {f"{p.briefing}/{p.subject}"} if p.subject else set()
        types = {e.partition("/")[2]: entity.type for e in ents
                 if (entity := self._store.entity(p.briefing, e.partition("/")[2])) is not None}
        if speaks and not speakers:
            speakers = {f"{p.briefing}/{e}" for e in p.entities if types.get(e) == "person"}
        typed = frozenset((f"{p.briefing}/{e}", kind) for e, kind in types.items())
        return Evidence(p, frozenset(keys_and_phrases(f"{p.text} {p.quote}")), frozenset(ents), frozenset(speakers),
                        typed, tuple(text_keys(p.text)))

    # --- decide ---

    def _reply(self, q: Query, found: list[_Judged]) -> Answer:
        parts = []
        shown: list[Passage] = []
        for j in found:
            p = self._with_next(j.evidence.passage)
            if p.kind == "entity" and q.kind is not AnswerType.DEFINITION and p.quote not in p.text:
                p = dataclasses.replace(p, text=f"{p.text} {p.quote}")  # the card says who; its sentence says what
            if p in shown:
                parts.append(j.lead)
                continue
            shown.append(p)
            parts.append(compose.stated(j.lead, p))
        if q.kind is AnswerType.YES_NO:
            parts[0] = f"{compose.yes_no(q, found[0].evidence)} {parts[0]}"
        citations = tuple(self._cite(p) for p in shown)
        confidence = min(j.confidence for j in found)
        return Answer(q.text, True, " ".join(x for x in parts if x), citations, confidence, shown[0].briefing,
                      _about(shown))

    def _with_next(self, p: Passage) -> Passage:
        """A short sentence that only opens a topic ('Many drivers are unhappy.') comes with the article's next
        sentence, which says what it opens, when both stand side by side in the article."""
        if p.kind != "sentence" or len(p.text.split()) >= SHORT:
            return p
        article = self._store.get(p.briefing).article
        at = article.find(p.quote)
        rest = article[at + len(p.quote):].split("\n", 1)[0] if at >= 0 else ""
        following = sentences(rest.strip())
        if not following or not rest.startswith(" "):
            return p
        joined = f"{p.quote} {following[0]}"
        return dataclasses.replace(p, text=joined, quote=joined) if joined in article else p

    def _abstain(self, q: Query, judged: list[_Judged], home: str) -> Answer:
        year = next((j for j in judged if j.failed is Reason.WRONG_YEAR and j.confidence >= THRESHOLD), None)
        if year is not None:
            p = year.evidence.passage
            said = ", ".join(extract.dates(p.text)) or p.date
            text = (f"{ABSTAIN} for {' or '.join(q.years)}. What it gives is for {said}: {p.text}" if said else
                    f"{ABSTAIN} for {' or '.join(q.years)}. The closest it reports: {p.text}")
            return Answer(q.text, False, text, (self._cite(p),), 0.0, p.briefing, _about([p]))
        return Answer(q.text, False, f"{ABSTAIN} anything about that.", (), 0.0, home)

    def _author(self, q: Query, home: str) -> Answer:
        """'Who wrote this?': the briefing's author, cited from the byline."""
        lo, hi = self._index.ranges[home]
        byline = next((p for p in self._index.passages[lo:hi] if p.kind == "byline"), None)
        if byline is None:
            return Answer(q.text, False, f"{ABSTAIN} who wrote it.", (), 0.0, home)
        author = self._store.get(home).briefing.metadata.author
        return Answer(q.text, True, f"{author} \u2014 {byline.text}", (self._cite(byline),), 0.9, home)

    def _publication(self, q: Query, home: str) -> Answer:
        """'Which outlet ran it?': the briefing's publication, cited from the article line that names it."""
        lb = self._store.get(home)
        name = lb.briefing.metadata.publication
        line = next((s.strip() for s in lb.article.splitlines() if name and name in s), "")
        if not line:
            return Answer(q.text, False, f"{ABSTAIN} where it was published.", (), 0.0, home)
        return Answer(q.text, True, f"{name} \u2014 {line}", (self._store.citation(lb, line),), 0.9, home)

    def _summary(self, q: Query, home: str) -> Answer:
        lb = self._store.get(home)
        tldr = lb.briefing.summaries.tldr
        words = set(text_keys(tldr))
        key_fact = max(lb.briefing.facts, key=lambda f: len(words & set(text_keys(f.statement))))
        return Answer(q.text, True, tldr, (self._store.citation(lb, key_fact.evidence),), 0.9, home)

    def _cite(self, p: Passage) -> Citation:
        return self._store.citation(self._store.get(p.briefing), p.quote)


_PRONOUN = re.compile(r"\b(?:it|its|they|them|their|this|that|the thing)\b", re.I)
_SPEECH = frozenset(["said", "says", "say", "told", "tells", "saying", "stated", "declared", "remarked", "called",
                     "calling", "warned", "argued", "wrote", "according"])


def default_build_cache() -> BuildCache:
    """The index build cache in `index/` of the user's cache folder (`meaning.default_cache()`), or none."""
    folder = default_cache()
    return BuildCache(folder / "index" if folder is not None else None)


def _give_back_memory() -> None:
    """Hand the memory the build freed back to the system. glibc keeps freed heap for later allocations, and a
    build frees a lot (at 1,000 briefings ~115 MB of RSS stayed with the process, twice what the index holds);
    `malloc_trim` returns it in a few milliseconds. Elsewhere than glibc (no `malloc_trim`) nothing is done."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):  # not glibc (musl, macOS), or no C library to open (Windows)
        return
    trim(0)


def _about(passages: Iterable[Passage]) -> tuple[str, ...]:
    """The entity ids cited passages are about, each passage's subject (a card's entity, a quote's speaker) first."""
    return tuple(dict.fromkeys(e for p in passages for e in (p.subject, *p.entities) if e))


def _relations(a: Analysed) -> dict[str, set[str]]:
    """Entities whose name contains another's ('Port of Antwerp' / 'Antwerp') stand in for each other."""
    names = {e.id: frozenset(text_keys(e.name)) for e in a.source.briefing.entities}
    return {x: {x} | {y for y in names if names[y] and names[x] and (names[y] <= names[x] or names[x] <= names[y])}
            for x in names}


def names_the_unknown(q: Query, weights: list[float | None]) -> bool:
    """The question names someone or something the briefing never mentions: a name whose words the briefing
    never uses (weight None), or in 'what did X say' a word at least SPOKEN specific ('what did macron say')."""
    return any((t.name or (q.kind is AnswerType.WORDS and t.specificity >= SPOKEN)) and w is None
               for t, w in zip(q.terms, weights, strict=True))


def query_weights(q: Query, home: str) -> dict[str, float]:
    """What BM25 looks for, by key: each term's key weighed by its specificity, the words of its synonyms and
    broader words for less (QUERY_WEIGHT), its years and figures, and the home briefing's entities it names."""
    query: dict[str, float] = {}
    for t in q.terms:
        for kind, found in (("broader", t.broader), ("same", t.same)):
            for k in (w for phrase in found for w in phrase.split()):
                query[k] = max(query.get(k, 0.0), QUERY_WEIGHT[kind] * t.specificity)
        query[t.key] = QUERY_WEIGHT["word"] * t.specificity
    for k in (*q.years, *q.numbers):
        query[k] = QUERY_WEIGHT["word"]
    for mention in q.entities:
        for e in mention:
            b, _, ident = e.partition("/")
            if b == home:
                query[f"e:{ident}"] = QUERY_WEIGHT["entity"]
    return query


def asks_for_a_card(q: Query) -> bool:
    """'What is X', 'who is X', or a question naming entities and no other word: the entities' cards are
    candidates, whatever BM25 finds."""
    return q.kind is AnswerType.DEFINITION or bool(q.entities and not q.terms)


def is_own_card(q: Query, ev: Evidence, home: str) -> bool:
    """The passage is the card of an entity the question asks about: it answers 'who is X' with full confidence."""
    return (asks_for_a_card(q) and ev.passage.kind == "entity"
            and any(f"{home}/{ev.passage.subject}" in m for m in q.entities))


def confidence_of(q: Query, cover: float, lead: str, meaning: float) -> float:
    """How sure an answer a passage gives: the share of the question it covers (`cover`), raised by TYPE_FOUND
    when it has what the question's type asks for (`lead`: the figure, the date) and cut to TYPE_MISSING when it
    has not (a statement or yes/no question asks for no type), blended with its closeness in `meaning` (FAR
    counts as nothing alike, NEAR as the same meaning)."""
    untyped = q.kind in (AnswerType.OTHER, AnswerType.YES_NO)
    sure = min(1.0, cover + TYPE_FOUND) if lead and not untyped else cover * (1.0 if untyped else TYPE_MISSING)
    meant = min(1.0, max(0.0, (meaning - FAR) / (NEAR - FAR)))
    return (1 - MEANING) * sure + MEANING * meant


def kind_prior(q: Query, kind: str) -> float:
    """What a passage's kind adds to its rank: 0.3 when it fits the question's type (FITS: a quote for 'what did
    X say', a card for 'what is X', an event for 'when', the byline for 'who'), else its kind's KIND_PRIOR."""
    return 0.3 if kind in FITS.get(q.kind, ()) else KIND_PRIOR[kind]


def gives_the_type(q: Query, lead: str) -> Reason | None:
    """Who, where, when and how-many questions (TYPED) are not answered by a passage with nothing of their type
    to lead with (`lead` empty): 'who is the king' by a passage that names nobody."""
    return Reason.NO_ANSWER if not lead and q.kind in TYPED else None


def _coverage(q: Query, ev: Evidence, weights: list[float | None]) -> float:
    """The share of the question the evidence covers: its words (rarer and more specific words weigh more,
    synonyms earn part credit), the entities it names, its years and figures.

    A word the briefing never uses counts against every passage as a rare word would, times its specificity."""
    got = total = 0.0
    for mention in q.entities:
        total += ENTITY
        got += ENTITY if mention & ev.entities else 0.0
    for t, w in zip(q.terms, weights, strict=True):
        if w is None:  # a noun the article lacks names another topic; a missing verb or adjective matters less
            w = ABSENT * t.specificity ** ABSENT_POWER * (NOUN_ABSENT if t.noun else 1.0)
        total += w
        got += w * _credit(t, ev.keys)
    for y in (*q.years, *q.numbers):  # each weighs as much as the rarest, most specific word
        total += 1.0
        got += 1.0 if y in ev.keys or ev.passage.date.startswith(y) else 0.0
    return got / total if total else 1.0


def proximity(q: Query, ev: Evidence) -> float:
    """How close together the passage has the question's words: 1.0 when the words it finds stand side by side
    ('set up the equaliser'), falling as they spread over the passage; 0.0 when it finds fewer than two."""
    where = _term_positions(q.terms)
    hits = [(i, n) for i, k in enumerate(ev.order) for n in where.get(k, ())]
    wanted = {n for _, n in hits}
    if len(wanted) < 2:
        return 0.0
    best = len(ev.order)
    seen: dict[int, int] = {}
    for i, n in hits:  # the shortest run of words holding every term found: a window sliding over the hits
        seen[n] = i
        if len(seen) == len(wanted):
            best = min(best, i - min(seen.values()))
    return (len(wanted) - 1) / best if best else 1.0


@lru_cache(maxsize=256)
def _term_positions(terms: tuple[Term, ...]) -> dict[str, tuple[int, ...]]:
    """Which of a question's terms each key finds (its own key or a synonym's), worked out once per question."""
    found: dict[str, list[int]] = {}
    for n, t in enumerate(terms):
        for k in {t.key, *t.same}:
            found.setdefault(k, []).append(n)
    return {k: tuple(v) for k, v in found.items()}


def _credit(t: Term, found: frozenset[str]) -> float:
    if t.key in found:
        return 1.0
    if t.same & found:
        return SAME
    if t.broader & found:
        return BROADER
    return 0.0


def _ends(options: list[list[tuple[_Judged, datetime.date]]]) -> list[tuple[_Judged, datetime.date]]:
    """The two ends of a span: the best-ranked pair of candidates that are two passages with two dates (a span
    from an event to itself is no answer), else each part's best."""
    if len(options) != 2:
        return [o[0] for o in options]
    pairs = [(i + k, a, b) for i, a in enumerate(options[0]) for k, b in enumerate(options[1])
             if a[0].evidence.passage != b[0].evidence.passage and a[1] != b[1]]
    if not pairs:
        return [options[0][0], options[1][0]]
    _, a, b = min(pairs, key=lambda x: x[0])
    return [a, b]


def _date_of(j: _Judged, published: str, day: bool = False) -> datetime.date | None:
    """The date a passage gives: its ISO date, else the date it names, its year taken from the briefing. With
    `day`, only a date that names its day ('May 3', '2025-05-03'), not a month or a year alone."""
    p = j.evidence.passage
    iso = p.date or ""
    if len(iso) == 10:
        return datetime.date.fromisoformat(iso)
    year = int((iso or published or "2000")[:4])
    for text in (j.lead, *extract.dates(p.text)):
        if not (_DAY if day else _CALENDAR).search(text):
            continue  # 'the 64th minute' is no date
        try:
            return dateparser.parse(text, default=datetime.datetime(year, 1, 1), fuzzy=True).date()
        except (ValueError, OverflowError):
            continue
    return datetime.date(year, 1, 1) if iso and not day else None


_CALENDAR = re.compile(rf"\b(?:1[89]|20)\d\d\b|\b(?:{extract.MONTH})(?!\w)", re.I)  # a year or a month
_DAY = re.compile(rf"\b(?:{extract.MONTH})\.? \d{{1,2}}\b|\b\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{extract.MONTH})",
                  re.I)  # 'May 3', 'Sept. 3', '3rd of May'


def _edits(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from a lower-case word."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletions = {a + b[1:] for a, b in splits if b}
    transpositions = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    substitutions = {a + c + b[1:] for a, b in splits if b for c in letters}
    insertions = {a + c + b for a, b in splits for c in letters}
    return deletions | transpositions | substitutions | insertions
