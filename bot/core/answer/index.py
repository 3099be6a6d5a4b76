"""Retrieve: a BM25 index (bm25s) over every briefing's passages, with the names and words each briefing uses."""
from __future__ import annotations

import itertools
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import bm25s
import numpy as np
from bm25s import scoring
from bm25s.tokenization import Tokenized

from bot.core.answer import passages as passage_builder
from bot.core.answer.cache import BuildCache, IndexArrays
from bot.core.answer.language import strip_accents
from bot.core.answer.passages import Analyser, Passage, PassageList, Table, position
from bot.core.answer.terms import Names, Token
from bot.core.loader import LoadedBriefing

__all__ = ["Analysed", "ArrayBM25", "Documents", "Index", "analyse", "bm25_index", "build"]

log = logging.getLogger(__name__)

CANDIDATES = 30  # passages checked per question


@dataclass(frozen=True)
class Analysed:
    """One briefing's passages and their keys: reused as long as the briefing is unchanged (same digest)."""

    source: LoadedBriefing
    table: Table
    digest: str  # of the briefing's content and the code that analysed it (BuildCache.digest)

    @property
    def passages(self) -> Sequence[Passage]:
        return PassageList([self.table])


def analyse(lb: LoadedBriefing, previous: dict[str, Analysed] | None = None, cache: BuildCache | None = None,
            analyser: Analyser | None = None, digest: str | None = None) -> Analysed:
    """A briefing's passages: the previous index's if the briefing is unchanged, else the build cache's, else
    built now (the cache writes it with the index). `digest`: the briefing's, if worked out already."""
    cache = cache or BuildCache(None)
    digest = digest or cache.digest(lb)
    old = (previous or {}).get(lb.briefing.id)
    if old is not None and old.digest == digest:
        return old
    table = cache.read_table(digest, lb.briefing.id)
    if table is None:
        table = passage_builder.build(lb, analyser)
    return Analysed(lb, table, digest)


def build(briefings: list[LoadedBriefing], previous: dict[str, Analysed] | None = None,
          cache: BuildCache | None = None, analyser: Analyser | None = None) -> Index:
    """The index over the briefings: the build cache's index file for exactly these briefings when there is one,
    else built from each briefing's table (reused, read back, or built) and written with them."""
    cache = cache or BuildCache(None)
    analyser = analyser or Analyser()
    digests = [cache.digest(lb) for lb in briefings]
    try:
        arrays = cache.read_index(cache.index_digest(digests))
        analysed = [analyse(lb, previous, cache, analyser, d) for lb, d in zip(briefings, digests, strict=True)]
        return Index(analysed, cache, analyser, arrays)
    finally:
        cache.end_build()


class Documents(Sequence[list[int]]):
    """Every passage's key ids as bm25s reads a corpus (a list of documents, each a list of ids, iterated a few
    times), made from one flat array a document at a time as bm25s comes to it: lists of Python ints for the
    whole corpus would take ~36 bytes a key, several times the index built from them."""

    def __init__(self, ids: np.ndarray, offsets: np.ndarray):
        self._ids, self._offsets = ids, offsets.tolist()

    def __len__(self) -> int:
        return len(self._offsets) - 1

    @overload
    def __getitem__(self, i: int) -> list[int]: ...

    @overload
    def __getitem__(self, i: slice) -> list[list[int]]: ...

    def __getitem__(self, i: int | slice) -> list[int] | list[list[int]]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        i = position(i, len(self))
        ids: list[int] = self._ids[self._offsets[i]:self._offsets[i + 1]].tolist()
        return ids

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Every document's ids one after another, and where each document starts (and the last ends)."""
        return self._ids, np.array(self._offsets, dtype=np.int64)

    def __iter__(self) -> Iterator[list[int]]:
        ids, at = self._ids, self._offsets
        for lo, hi in zip(at, at[1:], strict=False):
            yield ids[lo:hi].tolist()


class ArrayBM25(bm25s.BM25):  # type: ignore[misc]  # bm25s ships no type information
    """bm25s's BM25 whose `build_index_from_ids` (the override point bm25s documents) counts term and document
    frequencies with array operations over a `Documents` corpus, where bm25s counts each document in Python
    (a Counter and a set per document: ~3 s of a 1,000-briefing build). The scores are bm25s's own: its idf and
    tf scorers, its dtypes, one score per (document, term) sorted by term then document as its CSC builder sorts
    them; `test_index` compares the two builds byte for byte. Any other corpus, or a BM25 variant that needs
    bm25s's non-occurrence scores, is left to bm25s."""

    def build_index_from_ids(self, unique_token_ids: list[int], corpus_token_ids: object, show_progress: bool = True,
                             leave_progress: bool = False) -> dict[str, object]:
        if (not isinstance(corpus_token_ids, Documents) or len(corpus_token_ids) == 0
                or self.method in self.methods_requiring_nonoccurrence or self.csc_backend != "numpy"):
            found: dict[str, object] = super().build_index_from_ids(unique_token_ids, corpus_token_ids,
                                                                    show_progress, leave_progress)
            return found
        ids, offsets = corpus_token_ids.arrays()
        lengths = np.diff(offsets)
        n_docs, n_vocab = len(lengths), len(unique_token_ids)
        avg_doc_len = np.array(lengths.tolist()).mean()  # as bm25s works it out, to the last bit
        docs = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
        # each (term, document) pair once, sorted by term then document, and how often the term is in it
        pairs, tf = np.unique((ids.astype(np.int64) << 32) | docs, return_counts=True)
        terms, rows = pairs >> 32, pairs & 0xFFFFFFFF
        df = np.bincount(terms, minlength=n_vocab)
        idf = scoring._build_idf_array(dict(zip(unique_token_ids, df[unique_token_ids].tolist(), strict=True)),
                                       n_docs, scoring._select_idf_scorer(self.idf_method), self.dtype)
        tfc = scoring._select_tfc_scorer(self.method)(tf_array=tf.astype(self.dtype),
                                                      l_d=lengths[rows].astype(np.float64), l_avg=avg_doc_len,
                                                      k1=self.k1, b=self.b, delta=self.delta)
        indptr = np.zeros(n_vocab + 1, dtype=np.int64)
        np.cumsum(df, out=indptr[1:])
        return {"data": (idf[terms] * tfc).astype(self.dtype), "indices": rows.astype(self.int_dtype),
                "indptr": indptr, "num_docs": n_docs}


def _keys(a: Analysed, cache: BuildCache, analyser: Analyser) -> tuple[Table, np.ndarray, np.ndarray]:
    """A briefing's passage keys: its table's, or, once forgotten (an earlier index was built from them), the
    build cache's copy of its table, else its table built again (the same table: built from the same content)."""
    found = a.table.key_ids()
    if found is not None:
        return a.table, *found
    table = cache.read_table(a.digest, a.source.briefing.id, keys_only=True)
    if table is None:
        table = passage_builder.build(a.source, analyser)
    ids, offsets = table.key_ids() or (np.zeros(0, dtype=np.uint16), np.zeros(1, dtype=np.int64))
    return table, ids, offsets


def bm25_index(analysed: list[Analysed], cache: BuildCache, analyser: Analyser) -> tuple[IndexArrays, list[Table]]:
    """bm25s's index over every passage's keys: each briefing's key ids mapped to one vocabulary, in order of first
    use; and each briefing's table with its keys (read back or built again where the briefing's table had forgotten
    them). A table the build's analyser made names its keys by that analyser's ids; another's key list is read."""
    found_keys = [_keys(a, cache, analyser) for a in analysed]
    own: list[np.ndarray] = []  # per table its keys as the analyser's ids
    for table, _, _ in found_keys:
        found = table.analysed_by(analyser)
        own.append(found if found is not None else
                   np.array([analyser.key_id(k) for k in table.vocabulary()], dtype=np.int64))
    number = np.full(len(analyser.keys), -1, dtype=np.int32)  # analyser key id -> its place in the vocabulary
    first: list[np.ndarray] = []
    flat: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    size = 0
    for (_, ids, offsets), keys in zip(found_keys, own, strict=True):
        new = keys[number[keys] < 0]  # a table's key list holds each key once
        number[new] = np.arange(size, size + len(new), dtype=np.int32)
        size += len(new)
        first.append(new)
        flat.append(number[keys][ids])
        counts.append(np.diff(offsets))
    strings = analyser.keys
    vocab = {strings[k]: i for i, k in enumerate(np.concatenate([np.zeros(0, dtype=np.int64), *first]).tolist())}
    every = np.concatenate([np.zeros(1, dtype=np.int64), *counts]).cumsum()
    bm25 = ArrayBM25()
    # adds the empty key "" to the vocabulary, as from tokens
    bm25.index(Tokenized(ids=Documents(np.concatenate([np.zeros(0, dtype=np.int32), *flat]), every), vocab=vocab),
               show_progress=False)
    s = bm25.scores
    return IndexArrays(s["data"], s["indices"], s["indptr"], list(bm25.vocab_dict)), [t for t, _, _ in found_keys]


class Index:
    """Every loaded briefing's passages in one bm25s index; term and name lookups per briefing."""

    def __init__(self, analysed: list[Analysed], cache: BuildCache | None = None, analyser: Analyser | None = None,
                 arrays: IndexArrays | None = None):
        """`analyser`: the build's, whose words are analysed already, for the entities' names; `arrays`: the index
        of exactly these briefings, read from the build cache (else built, and written with their tables)."""
        cache = cache or BuildCache(None)
        analyser = analyser or Analyser()
        self.analysed = {a.source.briefing.id: a for a in analysed}
        self.passages = PassageList([a.table for a in analysed])
        self.ranges: dict[str, tuple[int, int]] = {}
        start = 0
        for a in analysed:
            self.ranges[a.source.briefing.id] = (start, start + len(a.table))
            start += len(a.table)
        self.order = {a.source.briefing.id: i for i, a in enumerate(analysed)}
        if arrays is None:
            arrays, tables = bm25_index(analysed, cache, analyser)
            cache.write_index(cache.index_digest([a.digest for a in analysed]),
                              arrays, [(a.digest, t.arrays()) for a, t in zip(analysed, tables, strict=True)])
            del tables
        for a in analysed:
            a.table.forget_keys()
        self._scores = {"data": arrays.data, "indices": arrays.indices, "indptr": arrays.indptr}
        self._vocab: dict[str, int] = {k: i for i, k in enumerate(arrays.vocabulary)}
        # key sequence of a name or alias -> the key of the entity it names: most names name one entity, kept as
        # its key (a one-element frozenset takes 216 bytes, ~16 MB at 1,000 briefings) and made a frozenset when
        # a question finds it; a name of several entities gets their frozenset, the set built in the order found
        names: dict[tuple[str, ...], str | frozenset[str]] = {}
        several: dict[tuple[str, ...], set[str]] = {}  # the names that name more than one entity
        entities = [(f"{a.source.briefing.id}/{e.id}", (e.name, *e.aliases)) for a in analysed
                    for e in a.source.briefing.entities]  # one key string per entity, shared by its names
        seqs = iter(analyser.name_keys([n for _, said in entities for n in said]))
        for entity, said in entities:
            for seq in itertools.islice(seqs, len(said)):
                if not seq:
                    continue
                if seq in several:
                    several[seq].add(entity)
                elif (first := names.setdefault(seq, entity)) != entity:
                    several[seq] = {first, entity} if isinstance(first, str) else {*first, entity}
        for seq, found in several.items():
            names[seq] = frozenset(found)
        self._finder = Names(names)
        # the words a typo may be read as: a set (the engine only asks whether a word is in it), sharing the
        # vocabulary's strings and, where stripping accents changes nothing, the names' own
        self.spelling = frozenset(self._vocab).union(w if w.isascii() else strip_accents(w)
                                                     for seq in names for w in seq)
        log.info("answer index: %d passages from %d briefing(s)", len(self.passages), len(analysed))

    def find_names(self, words: list[Token]) -> list[tuple[int, int, frozenset[str]]]:
        """Each longest mention of a known name: (start, end, entity keys)."""
        return [(a, b, frozenset((found,)) if isinstance(found, str) else found)
                for a, b, found in self._finder.find(words)]

    def _postings(self, key: str, briefing: str) -> tuple[np.ndarray, np.ndarray]:
        """The passages of a briefing that use a key, and bm25s's precomputed score of the key in each."""
        t = self._vocab.get(key)
        if t is None:
            return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.float32)
        lo, hi = self.ranges[briefing]
        s = self._scores
        docs = s["indices"][s["indptr"][t]:s["indptr"][t + 1]]  # sorted passage ids
        a, b = np.searchsorted(docs, (lo, hi))
        return docs[a:b], s["data"][s["indptr"][t] + a:s["indptr"][t] + b]

    def frequency(self, key: str, briefing: str) -> int:
        """How many passages of the briefing use the key."""
        return len(self._postings(key, briefing)[0])

    def size(self, briefing: str) -> int:
        lo, hi = self.ranges[briefing]
        return hi - lo

    def known(self, key: str) -> bool:
        return key in self._vocab

    def search(self, weighted: dict[str, float], scope: str) -> list[tuple[int, float]]:
        """The best passages of one briefing for weighted query keys: (passage index, score).

        BM25 summed from bm25s's precomputed per-passage scores, over that briefing's postings only, so the
        cost does not grow with the number of briefings loaded."""
        lo, hi = self.ranges[scope]
        scores = np.zeros(hi - lo, dtype=np.float32)
        for k, w in weighted.items():
            docs, values = self._postings(k, scope)
            scores[docs - lo] += w * values
        n = min(CANDIDATES, len(scores))
        if n == 0:
            return []
        top = np.argpartition(-scores, n - 1)[:n]
        return sorted(((lo + int(i), float(scores[i])) for i in top if scores[i] > 0), key=lambda x: -x[1])
