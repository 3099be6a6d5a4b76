"""Passages: everything of a briefing the engine can answer from, each with the verbatim span it cites."""
from __future__ import annotations

import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

from bot.core.answer.terms import SEPARATOR, Names, word_record, words_of
from bot.core.loader import LoadedBriefing
from bot.core.text import normalise

__all__ = ["Analyser", "KINDS", "Passage", "PassageList", "Table", "build", "has_words", "position", "sentences"]

KINDS = ("fact", "event", "quote", "entity", "term", "byline", "sentence")
_KIND_CODE = {k: i for i, k in enumerate(KINDS)}
_STRINGS = 6  # per passage in a Table's blob: text, quote, entities, subject, stance, date
_SEP = "\x1f"  # between a passage's entity ids (ids are YAML keys: no control characters)

_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|No|Gen|Sen|Rep|Gov|Prof))\.?$")
_ABBREV_LONGEST = 7  # characters of _ABBREV's longest match ('A.B.C..'): it is searched for in a text's end only


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


def has_words(text: str, n: int) -> bool:
    """`len(text.split()) >= n`, splitting no further than the n-th word (a long line is not cut into every word)."""
    return len(text.split(maxsplit=n - 1)) >= n


def sentences(article: str) -> list[str]:
    """Article sentences and title lines (four words or more), as verbatim substrings of the article."""
    out: list[str] = []
    for line in article.splitlines():
        line = line.strip()
        if not has_words(line, 4):
            continue
        merged: list[str] = []
        for piece in _SENTENCE_END.split(line):
            if merged and _ABBREV.search(merged[-1], max(0, len(merged[-1]) - _ABBREV_LONGEST)):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out += [s for s in merged if has_words(s, 4)]
    return out


class _Analysis:
    """Many texts' analysis as flat arrays: text i's content-word key ids are `keys[key_bounds[i]:key_bounds[i+1]]`,
    the words a name is keyed by `names[name_bounds[i]:...]` (key ids) and whether each is a function word."""

    __slots__ = ("keys", "key_bounds", "names", "name_stops", "name_bounds")

    def __init__(self, keys: np.ndarray, key_bounds: np.ndarray, names: np.ndarray, name_stops: np.ndarray,
                 name_bounds: np.ndarray):
        self.keys, self.key_bounds = keys, key_bounds
        self.names, self.name_stops, self.name_bounds = names, name_stops, name_bounds


def _runs(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions start, start+1, ... start+length-1 of every run, one run after another."""
    ends = np.cumsum(lengths)
    return np.repeat(starts - (ends - lengths), lengths) + np.arange(int(ends[-1]) if len(ends) else 0)


class _WordIds(dict[str, int]):
    """Word -> its number; a word not seen yet is analysed (`terms.word_record`) and numbered on first lookup."""

    def __init__(self, analyser: Analyser):
        super().__init__({SEPARATOR: 0})
        self._analyser = analyser

    def __missing__(self, word: str) -> int:
        self[word] = found = self._analyser.add_word(word)
        return found


class Analyser:
    """The analysis of each distinct word, worked out once per build and shared by every briefing of it: a key
    list and, per word number, the key ids it adds to a text's content keys and its name key. A briefing's texts
    are then read in one regex pass (`terms.words_of`), their words numbered by dict lookups, and every text's and
    passage's keys gathered with array operations; no text's analysis is kept beyond its briefing."""

    def __init__(self) -> None:
        self.key_ids: dict[str, int] = {}
        self.keys: list[str] = []  # key id -> key
        self._words = _WordIds(self)
        self.words = 1  # numbered so far; 0 is SEPARATOR
        # per word number: where its content-key ids start in _flat and how many, its name key id (-1: none), stop
        self._flat = np.zeros(0, dtype=np.int32)
        self._start = np.zeros(1, dtype=np.int64)
        self._count = np.zeros(1, dtype=np.int32)
        self._name = np.full(1, -1, dtype=np.int32)
        self._stop = np.zeros(1, dtype=bool)
        self._new: tuple[list[int], list[int], list[int], list[int], list[bool]] = ([], [], [], [], [])
        self._flat_size = 0
        self.texts = 0  # texts analysed: the build cache's tests count them

    def key_id(self, key: str) -> int:
        found = self.key_ids.get(key)
        if found is None:
            found = self.key_ids[key] = len(self.keys)
            self.keys.append(key)
        return found

    def add_word(self, word: str) -> int:
        content, name, stop = word_record(word)
        flat, start, count, names, stops = self._new
        ids = [self.key_id(k) for k in content]
        flat += ids
        start.append(self._flat_size)
        self._flat_size += len(ids)
        count.append(len(ids))
        names.append(-1 if name is None else self.key_id(name))
        stops.append(stop)
        self.words += 1
        return self.words - 1

    def _settle(self) -> None:
        """Move the words numbered since into the arrays."""
        flat, start, count, names, stops = self._new
        if start:
            self._flat = np.concatenate([self._flat, np.array(flat, dtype=np.int32)])
            self._start = np.concatenate([self._start, np.array(start, dtype=np.int64)])
            self._count = np.concatenate([self._count, np.array(count, dtype=np.int32)])
            self._name = np.concatenate([self._name, np.array(names, dtype=np.int32)])
            self._stop = np.concatenate([self._stop, np.array(stops, dtype=bool)])
            self._new = ([], [], [], [], [])

    def name_keys(self, texts: list[str]) -> list[tuple[str, ...]]:
        """`terms.name_key` of each text (a name), read as `analyse` reads texts."""
        distinct = list(dict.fromkeys(texts))
        found = self.analyse(distinct)
        bounds, ids, keys = found.name_bounds.tolist(), found.names.tolist(), self.keys
        seqs = {t: tuple(keys[k] for k in ids[bounds[i]:bounds[i + 1]]) for i, t in enumerate(distinct)}
        return [seqs[t] for t in texts]

    def analyse(self, texts: list[str]) -> _Analysis:
        """Every text's content-word key ids and name words, as `terms.content_keys` and `name_words` give them."""
        self.texts += len(texts)
        words = words_of(texts)
        ids = np.fromiter(map(self._words.__getitem__, words), dtype=np.int64, count=len(words))
        self._settle()
        ends = np.flatnonzero(ids == 0)  # each text's SEPARATOR
        count = self._count[ids]
        before = np.concatenate([[0], np.cumsum(count)])
        keys = self._flat[_runs(self._start[ids], count)]
        name = self._name[ids]
        named = name >= 0
        named_before = np.concatenate([[0], np.cumsum(named)])
        return _Analysis(keys, np.concatenate([[0], before[ends]]), name[named], self._stop[ids][named],
                         np.concatenate([[0], named_before[ends]]))


def _normalise_all(texts: list[str]) -> list[str]:
    """`normalise` of each text: a plain one (printable ASCII, single spaces) is already normal; the others in one
    pass over the ASCII ones and one over the rest (translating ASCII text is much faster). normalise folds
    characters and runs of white space, none of which is SEPARATOR, so the texts' ends stay where they were."""
    out = list(texts)
    # printable ASCII, single spaces, none at either end: nothing to fold (test_passages checks normalise agrees)
    plain = [t.isascii() and t.isprintable() and "  " not in t and t[:1] != " " and t[-1:] != " " for t in texts]
    for ascii_ in (True, False):
        at = [i for i, t in enumerate(texts) if not plain[i] and t.isascii() is ascii_]
        joined = SEPARATOR.join(texts[i] for i in at)
        if joined.count(SEPARATOR) != len(at) - 1:
            found = [normalise(texts[i]) for i in at]
        else:
            found = [t.strip() for t in normalise(joined).split(SEPARATOR)] if at else []
        for i, t in zip(at, found, strict=True):
            out[i] = t
    return out


_RECENT = 8  # tables whose strings are kept inflated: a question reads one briefing's, a few at most
_inflated: OrderedDict[int, Table] = OrderedDict()
_inflated_lock = threading.Lock()


class Table:
    """One briefing's passages and the keys the index stores for each, held compactly: each distinct string once
    in one zlib-compressed UTF-8 buffer with its offsets, each passage's strings as numbers into those, kinds and
    flags in small arrays, keys as ids into the briefing's own key list (the buffer's last strings). The buffer is
    inflated when a string is asked for and kept for the few tables used last; a Passage object is made when one
    is asked for. `arrays()` and `from_arrays()` are the build cache's format."""

    __slots__ = ("briefing", "_blob", "_offsets", "_fields", "_kinds", "_early", "_key_ids", "_key_offsets",
                 "_plain", "_analysis")
    FIELDS = ("blob", "offsets", "fields", "kinds", "early", "key_ids", "key_offsets")

    def __init__(self, briefing: str, blob: np.ndarray, offsets: np.ndarray, fields: np.ndarray, kinds: np.ndarray,
                 early: np.ndarray, key_ids: np.ndarray, key_offsets: np.ndarray):
        n, strings = len(kinds), len(offsets) - 1
        if not (strings >= 0 and len(early) == n and len(key_offsets) == n + 1 and len(fields) == _STRINGS * n + 1
                and int(fields.min(initial=0)) >= 0 and int(fields.max(initial=0)) <= strings
                and int(offsets[0]) == 0 and bool(np.all(offsets[1:] >= offsets[:-1]))  # unsigned: no diff
                and int(key_offsets[-1]) == len(key_ids)
                and (len(key_ids) == 0 or int(key_ids.max()) < strings - int(fields[-1]))
                and int(kinds.max(initial=0)) < len(KINDS)
                and blob.dtype == np.uint8):
            raise ValueError("inconsistent passage table")
        self.briefing = briefing
        self._blob = blob  # zlib: the strings' UTF-8 bytes, offsets[-1] of them
        self._offsets = offsets
        self._fields = fields  # per passage its _STRINGS string numbers; last: where the key list starts
        self._kinds = kinds
        self._early = early
        self._key_ids: np.ndarray | None = key_ids  # None once the index is built (`forget_keys`)
        self._key_offsets: np.ndarray | None = key_offsets
        self._plain: bytes | None = None  # the inflated buffer, while this table is one of the _RECENT used
        # the Analyser that built this table and its key ids of `vocabulary()`, until the keys are forgotten
        self._analysis: tuple[Analyser, np.ndarray] | None = None

    @classmethod
    def from_arrays(cls, briefing: str, arrays: dict[str, np.ndarray]) -> Table:
        return cls(briefing, *(arrays[f] for f in cls.FIELDS))

    def arrays(self) -> dict[str, np.ndarray]:
        if self._key_ids is None or self._key_offsets is None:
            raise ValueError(f"passage table of {self.briefing}: its keys were forgotten")
        return dict(zip(self.FIELDS, (self._blob, self._offsets, self._fields, self._kinds, self._early,
                                      self._key_ids, self._key_offsets), strict=True))

    def __len__(self) -> int:
        return len(self._kinds)

    def _inflate(self) -> bytes:
        try:
            data = zlib.decompress(self._blob.tobytes())
        except zlib.error as e:
            raise ValueError(f"damaged passage table of {self.briefing}: {e}") from e
        if len(data) != int(self._offsets[-1]):
            raise ValueError(f"damaged passage table of {self.briefing}")
        return data

    def check(self) -> None:
        """Raise ValueError unless the strings inflate to the length the offsets say (a table read from disk)."""
        self._inflate()

    def _data(self, keep: bool = True) -> bytes:
        """The strings' bytes; kept inflated (`keep`) while the table is among the _RECENT used."""
        data = self._plain
        if data is None:
            data = self._inflate()
            if keep:
                with _inflated_lock:
                    self._plain = data
                    _inflated[id(self)] = self
                    while len(_inflated) > _RECENT:
                        _inflated.popitem(last=False)[1]._plain = None
        elif keep:
            with _inflated_lock:
                if id(self) in _inflated:
                    _inflated.move_to_end(id(self))
        return data

    def passage(self, i: int) -> Passage:
        data, at = self._data(), self._offsets
        text, quote, ents, subject, stance, date = (data[at[j]:at[j + 1]].decode("utf-8")
                                                    for j in self._fields[_STRINGS * i:_STRINGS * (i + 1)])
        return Passage(self.briefing, KINDS[self._kinds[i]], text, quote, tuple(ents.split(_SEP)) if ents else (),
                       subject, stance, date, bool(self._early[i]))

    def _strings(self, numbers: list[int], keep: bool = True) -> list[str]:
        data, at = self._data(keep), self._offsets.tolist()
        return [data[at[j]:at[j + 1]].decode("utf-8") for j in numbers]

    def texts(self) -> list[str]:
        return self._strings(self._fields[:-1:_STRINGS].tolist())

    def vocabulary(self) -> list[str]:
        """The briefing's own key list, in order of first use; passage keys are ids into it."""
        return self._strings(list(range(int(self._fields[-1]), len(self._offsets) - 1)), keep=False)

    def key_ids(self) -> tuple[np.ndarray, np.ndarray] | None:
        """Every passage's keys as ids into `vocabulary()`, and where each passage's ids start and end; None once
        forgotten."""
        if self._key_ids is None or self._key_offsets is None:
            return None
        return self._key_ids, self._key_offsets

    def analysed_by(self, analyser: Analyser) -> np.ndarray | None:
        """`vocabulary()` as the analyser's key ids, when this table was built by it and still has its keys (the
        index build maps them without decoding the table's key list); else None."""
        found = self._analysis
        return found[1] if found is not None and found[0] is analyser else None

    def forget_keys(self) -> None:
        """Drop the passages' keys: only building the BM25 index reads them (~10 MB at 1,000 briefings). A later
        index build reads them back from the build cache, or builds the table again."""
        self._key_ids = self._key_offsets = None
        self._analysis = None


_Row = tuple[str, str, str, tuple[str, ...], str, str, str, bool]  # kind, text, quote, entities, ..., early


def _narrow(most: int) -> np.dtype[Any]:
    """The smallest integer type for numbers up to `most`."""
    return np.dtype(np.uint16 if most < 2**16 else np.int32 if most < 2**31 else np.int64)


def _table(briefing: str, rows: list[_Row], vocabulary: list[str], ids: np.ndarray, key_offsets: np.ndarray
           ) -> Table:
    strings = [s for kind, text, quote, ents, subject, stance, date, _ in rows
               for s in (text, quote, _SEP.join(ents), subject, stance, date)]
    distinct = {s: i for i, s in enumerate(dict.fromkeys(strings))}
    encoded = [s.encode("utf-8") for s in (*distinct, *vocabulary)]
    data = b"".join(encoded)
    # the narrowest integers that hold them: a briefing's ~50 KB of text and ~1,000 strings fit 16 bits
    offsets = np.zeros(len(encoded) + 1, dtype=_narrow(len(data)))
    np.cumsum([len(b) for b in encoded], out=offsets[1:])
    # level 1: a briefing's text shrinks ~3.5x (52 -> 15 KB) in ~0.4 ms, and inflates in ~0.15 ms
    return Table(briefing, np.frombuffer(zlib.compress(data, 1), dtype=np.uint8), offsets,
                 np.array([*map(distinct.__getitem__, strings), len(distinct)], dtype=_narrow(len(encoded))),
                 np.array([_KIND_CODE[r[0]] for r in rows], dtype=np.int8), np.array([r[7] for r in rows], dtype=bool),
                 ids.astype(np.uint16 if len(vocabulary) < 2**16 else np.int32), key_offsets)


class _Pending:
    """A passage before its keys are known: what `build` collects, all passages of a briefing then analysed at once."""

    __slots__ = ("kind", "text", "quote", "search", "ents", "subject", "stance", "date")

    def __init__(self, kind: str, text: str, quote: str, search: Sequence[str], ents: list[str], subject: str,
                 stance: str, date: str):
        self.kind, self.text, self.quote, self.search, self.ents = kind, text, quote, search, ents
        self.subject, self.stance, self.date = subject, stance, date


def _pieces(found: _Analysis, texts: np.ndarray, per_passage: np.ndarray, which: str) -> tuple[np.ndarray, np.ndarray]:
    """Each passage's content keys (`which` "keys") or name words ("names"): its texts' one after another, as
    positions into the analysis' arrays, and how many each passage has."""
    bounds = found.key_bounds if which == "keys" else found.name_bounds
    lengths = bounds[texts + 1] - bounds[texts]
    at = _runs(bounds[texts], lengths)
    firsts = np.concatenate([[0], np.cumsum(per_passage)[:-1]])
    return at, np.add.reduceat(lengths, firsts) if len(lengths) else np.zeros(0, dtype=np.int64)


def build(lb: LoadedBriefing, analyser: Analyser | None = None) -> Table:
    """The passages of one briefing and the match keys the index stores for each."""
    an = analyser or Analyser()
    b = lb.briefing
    by_id = {e.id: e for e in b.entities}
    article = sentences(lb.article)  # split once: cards and glossary terms fall back to its sentences
    opening = lb.article[:_opening(lb.article)]  # the headline, byline and first paragraphs
    spans = _Spans(lb, article)
    pending: list[_Pending] = []

    def add(kind: str, text: str, quote: str, search: Sequence[str], ents: list[str], subject: str = "",
            stance: str = "", date: str = "") -> None:
        pending.append(_Pending(kind, text, quote, search, ents, subject, stance, date))

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
        cite = _evidence_for(spans, e.id, (e.name, *e.aliases))
        if cite:
            aka = ", ".join(a for a in dict.fromkeys(e.aliases) if a.lower() != e.name.lower())
            add("entity", f"{e.name}{f' (also: {aka})' if aka else ''}: {e.role}", cite,
                (e.name, " ".join(e.aliases), e.role), [e.id], subject=e.id)
    for g in b.glossary:  # the article's own term, answered from the sentence that uses it
        cite = _evidence_for(spans, "", (g.term, *g.means))
        if cite:
            add("term", f"{g.term}: {', '.join(g.means)}", cite, (g.term, " ".join(g.means), "means stands for"), [])
    author = b.metadata.author
    byline = next((s.strip() for s in lb.article.splitlines() if author and author in s), "")
    if byline:
        add("byline", f"The article was written by {author}.", byline, ("author wrote writer byline", author), [])
    for s in article:
        add("sentence", s, s, (s,), [])
    return _finish(b.id, lb, pending, an, opening)


def _finish(briefing: str, lb: LoadedBriefing, pending: list[_Pending], an: Analyser, opening: str) -> Table:
    """Every passage's keys and entities, from one analysis of the briefing's distinct texts."""
    by_id = {e.id for e in lb.briefing.entities}
    named_as = [(e.id, n) for e in lb.briefing.entities for n in (e.name, *e.aliases)]
    number = {t: i for i, t in enumerate(dict.fromkeys([*(t for p in pending for t in p.search),
                                                        *(n for _, n in named_as)]))}
    found = an.analyse(list(number))
    texts = np.fromiter((number[t] for p in pending for t in p.search), dtype=np.int64)
    per_passage = np.array([len(p.search) for p in pending], dtype=np.int64)
    key_at, key_counts = _pieces(found, texts, per_passage, "keys")
    name_at, name_counts = _pieces(found, texts, per_passage, "names")
    # a name's key is its name words' keys (terms.name_key); a passage's search text is its texts joined by
    # spaces, so a name may run from one into the next: each passage's name words are searched as one list
    bounds = found.name_bounds.tolist()
    finder = Names({k: entity for entity, n in named_as
                    if (k := tuple(found.names[bounds[number[n]]:bounds[number[n] + 1]].tolist()))})
    names, stops = found.names[name_at], found.name_stops[name_at]
    may_start = np.flatnonzero(np.isin(names, np.array(finder.starts(), dtype=np.int64)) & ~stops).tolist()
    named: dict[int, list[str]] = {}
    for i, _, _, entity in finder.find_many(names.tolist(), stops.tolist(), np.cumsum(name_counts).tolist(),
                                            may_start):
        named.setdefault(i, []).append(entity)
    shown = _normalise_all([p.text for p in pending])
    entity_key = {e: an.key_id(f"e:{e}") for e in by_id}
    rows: list[_Row] = []
    entity_keys: list[int] = []
    entity_counts: list[int] = []
    for i, p in enumerate(pending):  # a passage's own entities, then those it names; each once, known ones only
        also = named.get(i)
        ents = dict.fromkeys([*p.ents, *also] if also else p.ents) if also or p.ents else ()
        entities = tuple([e for e in ents if e in by_id]) if ents else ()
        if entities:
            entity_keys += [entity_key[e] for e in entities]
        entity_counts.append(len(entities))
        text = shown[i]
        rows.append((p.kind, text, text if text == p.quote else p.quote, entities, p.subject, p.stance, p.date,
                     bool(p.quote) and p.quote in opening))
    # each passage's keys: its texts' content keys, then its entities' keys
    n = len(pending)
    label = np.concatenate([np.repeat(np.arange(n), key_counts), np.repeat(np.arange(n), entity_counts)])
    keys = np.concatenate([found.keys[key_at], np.array(entity_keys, dtype=np.int32)])[np.argsort(label,
                                                                                                  kind="stable")]
    unique, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
    order = np.argsort(first)  # the briefing's key list in order of first use
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    analysed = unique[order]
    vocabulary = [an.keys[k] for k in analysed.tolist()]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(label, minlength=n))]).astype(np.int64)
    table = _table(briefing, rows, vocabulary, rank[inverse], offsets)
    table._analysis = (an, analysed)
    return table


def position(i: int, length: int) -> int:
    """Index `i` of a sequence of `length` items as a list reads it: negative from the end, IndexError outside."""
    at = i + length if i < 0 else i
    if not 0 <= at < length:
        raise IndexError(i)
    return at


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
        i = position(i, len(self))
        t = int(np.searchsorted(self._starts, i, side="right")) - 1
        return self._tables[t].passage(i - int(self._starts[t]))

    def __iter__(self) -> Iterator[Passage]:
        for t in self._tables:
            for i in range(len(t)):
                yield t.passage(i)


class _Spans:
    """What `_evidence_for` searches, lower-cased once per briefing: each fact's evidence, then the article's
    sentences."""

    def __init__(self, lb: LoadedBriefing, article: list[str]):
        self.facts = [(f.entities, f.evidence, f.evidence.lower()) for f in lb.briefing.facts]
        self.article = [(s, s.lower()) for s in article]


def _evidence_for(spans: _Spans, entity: str, aliases: tuple[str, ...]) -> str:
    """A verbatim span that names the entity: a fact about it that names it, else the first article sentence."""
    low = [a.lower() for a in aliases]
    for entities, evidence, lowered in spans.facts:
        if (not entity or entity in entities) and any(a in lowered for a in low):
            return evidence
    return next((s for s, lowered in spans.article if any(a in lowered for a in low)), "")


def _opening(article: str, paragraphs: int = 2) -> int:
    """Where the article's first paragraphs of prose end (headline, byline and dateline lines skipped)."""
    seen = 0
    at = 0
    for line in article.splitlines(keepends=True):
        at += len(line)
        if has_words(line, 12):  # a paragraph of prose, not a title or a dateline
            seen += 1
            if seen == paragraphs:
                return at
    return at
