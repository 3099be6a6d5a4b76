"""Retrieve: a BM25 index (bm25s) over every briefing's passages, with the names and words each briefing uses."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import bm25s
import numpy as np

from bot.core.answer import passages as passage_builder
from bot.core.answer.language import strip_accents
from bot.core.answer.passages import Passage
from bot.core.answer.terms import Token, tokens
from bot.core.loader import LoadedBriefing

log = logging.getLogger(__name__)

CANDIDATES = 30  # passages checked per question


@dataclass(frozen=True)
class Analysed:
    """One briefing's passages and their keys: reused as long as the briefing is unchanged."""

    source: LoadedBriefing
    passages: list[Passage]
    corpus: list[list[str]]
    names: dict[tuple[str, ...], frozenset[str]]  # key sequence of a name or alias -> entity keys


def analyse(lb: LoadedBriefing, previous: dict[str, Analysed] | None = None) -> Analysed:
    """Build a briefing's passages, unless the previous index holds the same briefing already."""
    old = (previous or {}).get(lb.briefing.id)
    if old is not None and old.source.briefing == lb.briefing and old.source.article == lb.article:
        return old
    found, corpus = passage_builder.build(lb)
    names: dict[tuple[str, ...], set[str]] = {}
    for e in lb.briefing.entities:
        for n in (e.name, *e.aliases):
            seq = _name_key(tokens(n))
            if seq:
                names.setdefault(seq, set()).add(f"{lb.briefing.id}/{e.id}")
    return Analysed(lb, found, corpus, {k: frozenset(v) for k, v in names.items()})


def _name_key(words: list[Token]) -> tuple[str, ...]:
    return tuple(w.key for w in words if not w.stop or w.low in ("of", "and", "de", "van"))


class Index:
    """Every loaded briefing's passages in one bm25s index; term and name lookups per briefing."""

    def __init__(self, analysed: list[Analysed]):
        self.analysed = {a.source.briefing.id: a for a in analysed}
        self.passages: list[Passage] = [p for a in analysed for p in a.passages]
        self.ranges: dict[str, tuple[int, int]] = {}
        start = 0
        for a in analysed:
            self.ranges[a.source.briefing.id] = (start, start + len(a.passages))
            start += len(a.passages)
        self.briefing_of = np.repeat(np.arange(len(analysed), dtype=np.int32), [len(a.passages) for a in analysed])
        self.order = {a.source.briefing.id: i for i, a in enumerate(analysed)}
        corpus = [keys for a in analysed for keys in a.corpus]
        self._bm25 = bm25s.BM25()
        self._bm25.index(corpus, show_progress=False)
        self._vocab: dict[str, int] = self._bm25.vocab_dict
        self._names: dict[tuple[str, ...], frozenset[str]] = {}
        for a in analysed:
            for seq, ids in a.names.items():
                self._names[seq] = self._names.get(seq, frozenset()) | ids
        self._first: dict[str, list[int]] = {}
        for seq in self._names:
            self._first.setdefault(seq[0], []).append(len(seq))
        for lengths in self._first.values():
            lengths.sort(reverse=True)
        self.spelling = sorted({strip_accents(w) for seq in self._names for w in seq} | set(self._vocab))
        log.info("answer index: %d passages from %d briefing(s)", len(self.passages), len(analysed))

    def find_names(self, words: list[Token]) -> list[tuple[int, int, frozenset[str]]]:
        """Each longest mention of a known name or glossary term: (start, end, entity keys)."""
        found = []
        i = 0
        while i < len(words):
            for n in self._first.get(words[i].key, ()):
                seq = tuple(w.key for w in words[i:i + n] if not w.stop or w.low in ("of", "and", "de", "van"))
                hit = self._names.get(seq) if i + n <= len(words) else None
                if hit and not words[i].stop:
                    found.append((i, i + n, hit))
                    i += n
                    break
            else:
                i += 1
        return found

    def _postings(self, key: str) -> np.ndarray:
        t = self._vocab.get(key)
        if t is None:
            return np.empty(0, dtype=np.int32)
        s = self._bm25.scores
        return np.asarray(s["indices"][s["indptr"][t]:s["indptr"][t + 1]])

    def frequency(self, key: str, briefing: str) -> int:
        """How many passages of the briefing use the key."""
        lo, hi = self.ranges[briefing]
        docs = self._postings(key)
        return int(np.count_nonzero((docs >= lo) & (docs < hi)))

    def size(self, briefing: str) -> int:
        lo, hi = self.ranges[briefing]
        return hi - lo

    def known(self, key: str) -> bool:
        return key in self._vocab

    def search(self, weighted: dict[str, float], scope: str | None) -> list[tuple[int, float]]:
        """The best passages for weighted query keys, in one briefing or in all: (passage index, score)."""
        scores = np.zeros(len(self.passages), dtype=np.float32)
        by_weight: dict[float, list[str]] = {}
        for k, w in weighted.items():
            if k in self._vocab:
                by_weight.setdefault(w, []).append(k)
        mask = None
        if scope is not None:
            mask = (self.briefing_of == self.order[scope]).astype(np.float32)
        for w, group in by_weight.items():
            scores += w * self._bm25.get_scores(group, weight_mask=mask)
        n = min(CANDIDATES, len(scores))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        return sorted(((int(i), float(scores[i])) for i in top if scores[i] > 0), key=lambda x: -x[1])
