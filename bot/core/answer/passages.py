"""Passages: everything of a briefing the engine can answer from, each with the verbatim span it cites."""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

from bot.core.answer.terms import Names, Token, content_keys, name_key, name_words, tokens
from bot.core.loader import LoadedBriefing
from bot.core.text import normalise

__all__ = ["Analyser", "KINDS", "Passage", "PassageList", "Table", "build", "sentences"]

KINDS = ("fact", "event", "quote", "entity", "term", "byline", "sentence")
_KIND_CODE = {k: i for i, k in enumerate(KINDS)}
_STRINGS = 6  # per passage in a Table's blob: text, quote, entities, subject, stance, date
_SEP = "\x1f"  # between a passage's entity ids (ids are YAML keys: no control characters)

_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|No|Gen|Sen|Rep|Gov|Prof))\.?$")


@dataclass(frozen=True, slots=True)
class Passage:
    """One answerable passage: what is shown, the verbatim span cited, and what it is about."""

    briefing: str
    kind: str  # fact | event | quote | entity | term (glossary) | byline | sentence
    text: str  # shown as the answer's support: a curated statement or the article sentence
    quote: str  # verbatim span of the article: the citation
    entities: tuple[str, ...]  # entity ids it is about (curated, or found by name)
    subject: str = ""  # an entity card's entity, or a quote's speaker
    stance: str = ""  # a fact's kind: reported, background, argument, prediction
    date: str = ""  # ISO date of a timeline event or a dated fact
    early: bool = False  # its quote is in the article's opening paragraphs, where news puts the main story


def sentences(article: str) -> list[str]:
    """Article sentences and title lines (four words or more), as verbatim substrings of the article."""
    out: list[str] = []
    for line in article.splitlines():
        line = line.strip()
        if len(line.split()) < 4:
            continue
        merged: list[str] = []
        for piece in _SENTENCE_END.split(line):
            if merged and _ABBREV.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out += [s for s in merged if len(s.split()) >= 4]
    return out


class _Piece:
    """What a build needs of one text: its content words' keys, and the words a name is keyed by."""

    __slots__ = ("keys", "name_keys", "name_stops")

    def __init__(self, words: list[Token]):
        self.keys = content_keys(words)
        self.name_keys, self.name_stops = name_words(words)


class Analyser:
    """The analysis of each text, worked out once per build: a text is tokenised once, however many passages use
    it (an evidence sentence is also an article sentence and a card's citation) and however many briefings share
    it. A passage's search text is a few such pieces joined by spaces; a token never spans a space, so the
    analysis of the whole is the pieces' analyses one after another. Lives for one build."""

    def __init__(self) -> None:
        self._pieces: dict[str, _Piece] = {}
        self._normal: dict[str, str] = {}
        self.texts = 0  # texts analysed (not remembered): the build cache's tests count them

    def piece(self, text: str) -> _Piece:
        found = self._pieces.get(text)
        if found is None:
            self.texts += 1
            found = self._pieces[text] = _Piece(tokens(text))
        return found

    def tokens(self, text: str) -> list[Token]:
        self.texts += 1
        return tokens(text)

    def normalise(self, text: str) -> str:
        found = self._normal.get(text)
        if found is None:
            found = self._normal[text] = normalise(text)
        return found


class Table:
    """One briefing's passages and the keys the index stores for each, held compactly: each distinct string once
    in one UTF-8 buffer with its offsets, each passage's strings as numbers into those, kinds and flags in small
    arrays, keys as ids into the briefing's own key list (the buffer's last strings). A Passage object is made
    when one is asked for. `arrays()` and `from_arrays()` are the build cache's format."""

    __slots__ = ("briefing", "_blob", "_offsets", "_fields", "_kinds", "_early", "_key_ids", "_key_offsets")
    FIELDS = ("blob", "offsets", "fields", "kinds", "early", "key_ids", "key_offsets")

    def __init__(self, briefing: str, blob: np.ndarray, offsets: np.ndarray, fields: np.ndarray, kinds: np.ndarray,
                 early: np.ndarray, key_ids: np.ndarray, key_offsets: np.ndarray):
        n, strings = len(kinds), len(offsets) - 1
        if not (strings >= 0 and len(early) == n and len(key_offsets) == n + 1 and len(fields) == _STRINGS * n + 1
                and int(fields.min(initial=0)) >= 0 and int(fields.max(initial=0)) <= strings
                and int(offsets[-1]) == len(blob) and int(key_offsets[-1]) == len(key_ids)
                and (len(key_ids) == 0 or int(key_ids.max()) < strings - int(fields[-1]))
                and int(kinds.max(initial=0)) < len(KINDS)
                and blob.dtype == np.uint8):
            raise ValueError("inconsistent passage table")
        self.briefing = briefing
        self._blob = blob
        self._offsets = offsets
        self._fields = fields  # per passage its _STRINGS string numbers; last: where the key list starts
        self._kinds = kinds
        self._early = early
        self._key_ids = key_ids
        self._key_offsets = key_offsets

    @classmethod
    def from_arrays(cls, briefing: str, arrays: dict[str, np.ndarray]) -> Table:
        return cls(briefing, *(arrays[f] for f in cls.FIELDS))

    def arrays(self) -> dict[str, np.ndarray]:
        return dict(zip(self.FIELDS, (self._blob, self._offsets, self._fields, self._kinds, self._early,
                                      self._key_ids, self._key_offsets), strict=True))

    def __len__(self) -> int:
        return len(self._kinds)

    def _string(self, j: int) -> str:
        return self._blob[self._offsets[j]:self._offsets[j + 1]].tobytes().decode("utf-8")

    def passage(self, i: int) -> Passage:
        text, quote, ents, subject, stance, date = map(self._string, self._fields[_STRINGS * i:_STRINGS * (i + 1)])
        return Passage(self.briefing, KINDS[self._kinds[i]], text, quote, tuple(ents.split(_SEP)) if ents else (),
                       subject, stance, date, bool(self._early[i]))

    def texts(self) -> list[str]:
        return [self._string(j) for j in self._fields[:-1:_STRINGS]]

    def vocabulary(self) -> list[str]:
        """The briefing's own key list, in order of first use; passage keys are ids into it."""
        return [self._string(j) for j in range(int(self._fields[-1]), len(self._offsets) - 1)]

    def key_ids(self) -> tuple[np.ndarray, np.ndarray]:
        """Every passage's keys as ids into `vocabulary()`, and where each passage's ids start and end."""
        return self._key_ids, self._key_offsets

    def nbytes(self) -> int:
        return sum(a.nbytes for a in self.arrays().values())


def _table(briefing: str, rows: list[tuple[str, str, str, tuple[str, ...], str, str, str, bool]],
           corpus: list[list[str]]) -> Table:
    flat = [k for keys in corpus for k in keys]
    vocabulary = {k: i for i, k in enumerate(dict.fromkeys(flat))}
    ids = list(map(vocabulary.__getitem__, flat))
    strings = [s for kind, text, quote, ents, subject, stance, date, _ in rows
               for s in (text, quote, _SEP.join(ents), subject, stance, date)]
    distinct = {s: i for i, s in enumerate(dict.fromkeys(strings))}
    encoded = [s.encode("utf-8") for s in (*distinct, *vocabulary)]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    small = np.int32 if len(encoded) < 2**31 else np.int64
    return Table(briefing, np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets,
                 np.array([*map(distinct.__getitem__, strings), len(distinct)], dtype=small),
                 np.array([_KIND_CODE[r[0]] for r in rows], dtype=np.int8), np.array([r[7] for r in rows], dtype=bool),
                 np.array(ids, dtype=np.uint16 if len(vocabulary) < 2**16 else np.int32),
                 np.cumsum([0, *(len(keys) for keys in corpus)], dtype=np.int64))


def build(lb: LoadedBriefing, analyser: Analyser | None = None) -> Table:
    """The passages of one briefing and the match keys the index stores for each."""
    an = analyser or Analyser()
    b = lb.briefing
    by_id = {e.id: e for e in b.entities}
    finder = Names({k: e.id for e in b.entities for n in (e.name, *e.aliases) if (k := name_key(an.tokens(n)))})
    article = sentences(lb.article)  # split once: cards and glossary terms fall back to its sentences
    opening = lb.article[:_opening(lb.article)]  # the headline, byline and first paragraphs
    rows: list[tuple[str, str, str, tuple[str, ...], str, str, str, bool]] = []
    corpus: list[list[str]] = []

    def add(kind: str, text: str, quote: str, search: Sequence[str], ents: list[str], subject: str = "",
            stance: str = "", date: str = "") -> None:
        pieces = [an.piece(t) for t in search]
        keys = [k for p in pieces for k in p.keys]
        names = finder.find_keys([k for p in pieces for k in p.name_keys], [s for p in pieces for s in p.name_stops])
        found = dict.fromkeys(ents)
        found.update(dict.fromkeys(e for _, _, e in names))
        entities = tuple(e for e in found if e in by_id)
        shown = an.normalise(text)
        rows.append((kind, shown, shown if shown == quote else quote, entities, subject, stance, date,
                     bool(quote) and quote in opening))
        corpus.append([*keys, *(sys.intern(f"e:{e}") for e in entities)])

    for f in b.facts:
        add("fact", f.statement, f.evidence, (f.statement, f.evidence, " ".join(f.tags)), f.entities,
            stance=f.kind, date=f.dates[0] if len(f.dates) == 1 else "")
    for ev in b.timeline:
        add("event", f"{ev.label}: {ev.event}", ev.evidence, (ev.label, ev.event, ev.evidence), ev.entities,
            date=ev.date)
    for q in b.quotes:
        speaker = by_id[q.speaker].name if q.speaker in by_id else q.speaker
        context = f" ({q.context.rstrip('.')})" if q.context else ""
        add("quote", f"{speaker} said: \u201c{q.text}\u201d{context}.", q.text, (speaker, "said", q.text, q.context),
            [q.speaker], subject=q.speaker)
    for e in b.entities:
        cite = _evidence_for(lb, article, e.id, (e.name, *e.aliases))
        if cite:
            aka = ", ".join(a for a in dict.fromkeys(e.aliases) if a.lower() != e.name.lower())
            add("entity", f"{e.name}{f' (also: {aka})' if aka else ''}: {e.role}", cite,
                (e.name, " ".join(e.aliases), e.role), [e.id], subject=e.id)
    for g in b.glossary:  # the article's own term, answered from the sentence that uses it
        cite = _evidence_for(lb, article, "", (g.term, *g.means))
        if cite:
            add("term", f"{g.term}: {', '.join(g.means)}", cite, (g.term, " ".join(g.means), "means stands for"), [])
    author = b.metadata.author
    byline = next((s.strip() for s in lb.article.splitlines() if author and author in s), "")
    if byline:
        add("byline", f"The article was written by {author}.", byline, ("author wrote writer byline", author), [])
    for s in article:
        add("sentence", s, s, (s,), [])
    return _table(b.id, rows, corpus)


class PassageList(Sequence[Passage]):
    """Every loaded briefing's passages, numbered in content order, made from their Tables when asked for."""

    def __init__(self, tables: list[Table]):
        self._tables = tables
        self._starts = np.cumsum([0, *(len(t) for t in tables)], dtype=np.int64)

    def __len__(self) -> int:
        return int(self._starts[-1])

    @overload
    def __getitem__(self, i: int) -> Passage: ...

    @overload
    def __getitem__(self, i: slice) -> list[Passage]: ...

    def __getitem__(self, i: int | slice) -> Passage | list[Passage]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        t = int(np.searchsorted(self._starts, i, side="right")) - 1
        return self._tables[t].passage(i - int(self._starts[t]))

    def __iter__(self) -> Iterator[Passage]:
        for t in self._tables:
            for i in range(len(t)):
                yield t.passage(i)


def _evidence_for(lb: LoadedBriefing, article: list[str], entity: str, aliases: tuple[str, ...]) -> str:
    """A verbatim span that names the entity: a fact about it that names it, else the first article sentence."""
    low = [a.lower() for a in aliases]
    for f in lb.briefing.facts:
        if (not entity or entity in f.entities) and any(a in f.evidence.lower() for a in low):
            return f.evidence
    return next((s for s in article if any(a in s.lower() for a in low)), "")


def _opening(article: str, paragraphs: int = 2) -> int:
    """Where the article's first paragraphs of prose end (headline, byline and dateline lines skipped)."""
    seen = 0
    at = 0
    for line in article.splitlines(keepends=True):
        at += len(line)
        if len(line.split()) >= 12:  # a paragraph of prose, not a title or a dateline
            seen += 1
            if seen == paragraphs:
                return at
    return at
