"""The answer index's BM25 build: bm25s's scores, counted with array operations."""
from __future__ import annotations

from pathlib import Path

import bm25s
import numpy as np
import pytest
from bm25s.tokenization import Tokenized

from bot.core.answer import passages as passage_builder
from bot.core.answer.cache import BuildCache
from bot.core.answer.index import Analysed, ArrayBM25, Documents, bm25_index
from bot.core.answer.passages import Analyser
from bot.core.loader import load_content


def built(model: bm25s.BM25, ids: np.ndarray, lengths: np.ndarray, vocabulary: int) -> bm25s.BM25:
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    model.index(Tokenized(ids=Documents(ids, offsets), vocab={f"k{i}": i for i in range(vocabulary)}),
                show_progress=False)
    return model


@pytest.mark.parametrize("seed", range(8))
def test_array_build_gives_bm25s_index_byte_for_byte(seed: int) -> None:
    """On random corpora (repeated terms, empty documents, unused terms) the array build's score arrays are
    bm25s's own, bit for bit and dtype for dtype, with the same vocabulary."""
    rng = np.random.default_rng(seed)
    vocabulary = int(rng.integers(1, 400))
    lengths = rng.integers(0, 40, int(rng.integers(1, 300)))
    lengths[0] += 1
    ids = rng.integers(0, vocabulary, int(lengths.sum())).astype(np.int32)
    theirs, ours = (built(m, ids, lengths, vocabulary) for m in (bm25s.BM25(), ArrayBM25()))
    for name in ("data", "indices", "indptr"):
        assert ours.scores[name].dtype == theirs.scores[name].dtype
        assert ours.scores[name].tobytes() == theirs.scores[name].tobytes()
    assert ours.scores["num_docs"] == theirs.scores["num_docs"]
    assert ours.vocab_dict == theirs.vocab_dict


def test_array_build_leaves_other_corpora_to_bm25s() -> None:
    """A corpus of plain lists is indexed by bm25s itself, with the same result as bm25s."""
    docs = [[0, 1, 1], [2], [1, 2, 0, 0]]
    theirs, ours = bm25s.BM25(), ArrayBM25()
    for model in (theirs, ours):
        model.index(Tokenized(ids=docs, vocab={"a": 0, "b": 1, "c": 2}), show_progress=False)
    assert ours.scores["data"].tobytes() == theirs.scores["data"].tobytes()


def test_tables_of_the_builds_analyser_give_the_index_their_key_lists_give(two_briefings: Path) -> None:
    """Tables the build's analyser made are mapped into bm25s's vocabulary by that analyser's key ids, others by
    their decoded key lists: both give the same vocabulary, in order of first use, and the same score arrays."""
    loaded = load_content(two_briefings)
    analyser = Analyser()
    own = [Analysed(lb, passage_builder.build(lb, analyser), str(i)) for i, lb in enumerate(loaded)]
    assert all(a.table.analysed_by(analyser) is not None for a in own)
    other = Analyser()
    assert all(a.table.analysed_by(other) is None for a in own)
    by_ids, _ = bm25_index(own, BuildCache(None), analyser)
    by_lists, _ = bm25_index(own, BuildCache(None), other)
    assert by_ids.vocabulary == by_lists.vocabulary
    assert by_ids.vocabulary[:3] == own[0].table.vocabulary()[:3]
    for name in ("data", "indices", "indptr"):
        assert getattr(by_ids, name).tobytes() == getattr(by_lists, name).tobytes()
