"""Sentence vectors: paraphrases are close, vectors are cached per briefing and bounded, the model file is pinned."""
from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from bot.core.answer import AnswerEngine, meaning
from bot.core.answer.meaning import Meaning, MiniLM
from bot.core.store import ContentStore


class Counting:
    """A stand-in encoder that counts what it is asked to encode (each text gets its own fixed vector)."""

    def __init__(self, delay: float = 0.0) -> None:
        self.seen: list[str] = []
        self.delay = delay

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        time.sleep(self.delay)  # as long as a real model takes, so that concurrent callers overlap
        self.seen += texts
        out = np.array([np.random.default_rng(abs(hash(t)) % 2**32).standard_normal(384) for t in texts],
                       dtype=np.float32).reshape(len(texts), 384)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def minilm() -> MiniLM:
    return MiniLM()


def test_a_paraphrase_is_closer_than_another_topic(minilm: MiniLM) -> None:
    """Sentences that share no content word but mean the same are closer than ones on another subject."""
    question, paraphrase, other = minilm.encode([
        "how many motorists drove over it every day",
        "Last year the bridge carried 40,000 cars a day.",
        "The museum's new wing opens to visitors in May.",
    ])
    assert float(question @ paraphrase) > float(question @ other) + 0.2


def test_vectors_are_unit_length_whatever_the_batch(minilm: MiniLM) -> None:
    """Each text's vector has length 1, and does not depend on the other texts of the batch (padding)."""
    texts = ["short", "a much longer sentence about ferries, bridges and the councils that pay for them"]
    together = minilm.encode(texts)
    alone = minilm.encode(texts[:1])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-4)
    assert np.allclose(together[0], alone[0], atol=1e-4)


def test_a_model_file_that_is_not_the_pinned_one_is_refused(tmp_path: Path) -> None:
    """A model file whose sha256 differs from the pinned one is never run."""
    fake = tmp_path / "model.onnx"
    fake.write_bytes(b"not a model")
    with pytest.raises(RuntimeError, match="sha256"):
        MiniLM(fake).encode(["hello"])


def test_passage_vectors_are_worked_out_once_and_reread_from_the_cache(tmp_path: Path) -> None:
    """A briefing's passages are encoded on first use; a new process with the same cache folder rereads them."""
    passages = ["The ferry opened on Monday.", "It cost 14 million euros."]
    first = Counting()
    vectors = Meaning(first, tmp_path).passages(passages)
    assert first.seen == passages
    second = Counting()
    again = Meaning(second, tmp_path).passages(passages)
    assert second.seen == [] and np.array_equal(vectors, again)


def test_a_damaged_cache_file_is_ignored_and_replaced(tmp_path: Path) -> None:
    """A cache file of the wrong shape is not trusted: the vectors are worked out again and written anew."""
    passages = ["The ferry opened on Monday."]
    Meaning(Counting(), tmp_path).passages(passages)
    (cached,) = tmp_path.glob("*.npy")
    np.save(cached, np.zeros((3, 2), dtype=np.float32))
    encoder = Counting()
    assert Meaning(encoder, tmp_path).passages(passages).shape == (1, 384)
    assert encoder.seen == passages and np.load(cached).shape == (1, 384)


def test_an_unwritable_cache_folder_only_costs_the_cache(tmp_path: Path) -> None:
    """When the cache folder cannot be written, the vectors are still given."""
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert Meaning(Counting(), blocked / "cache").passages(["A sentence."]).shape == (1, 384)


def test_question_vectors_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remembered question vectors never exceed QUESTIONS_KEPT, however many questions come."""
    monkeypatch.setattr(meaning, "QUESTIONS_KEPT", 10)
    encoder = Counting()
    m = Meaning(encoder)
    for n in range(50):
        m.question(f"question {n}")
    m.question("question 49")
    assert len(encoder.seen) == 50  # the last one was remembered
    m.question("question 0")
    assert len(encoder.seen) == 51  # the first one was forgotten


def test_the_cache_folder_keeps_a_bounded_number_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each edited briefing writes a new vector file; past FILES_KEPT the oldest are deleted."""
    monkeypatch.setattr(meaning, "FILES_KEPT", 3)
    m = Meaning(Counting(), tmp_path)
    for n in range(6):
        m.passages([f"Version {n} of a briefing."])
    assert len(list(tmp_path.glob("*.npy"))) == 3
    newest = Counting()
    Meaning(newest, tmp_path).passages(["Version 5 of a briefing."])
    assert newest.seen == []  # the latest version is still cached


def test_a_briefing_asked_about_from_many_threads_is_encoded_once() -> None:
    """Questions arriving together about a briefing nobody asked about yet encode its passages once."""
    encoder = Counting(delay=0.05)
    m = Meaning(encoder)
    passages = ["The ferry opened on Monday.", "It cost 14 million euros."]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: m.passages(passages), range(16)))
    assert encoder.seen == passages and all(np.array_equal(r, results[0]) for r in results)


class Broken:
    """An encoder whose model cannot run, as with a missing or altered model file."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        raise RuntimeError("model.onnx: sha256 does not match")


def test_a_model_that_cannot_run_gives_no_meaning_and_says_so_once(caplog: pytest.LogCaptureFixture) -> None:
    """Similarities are all zero, logged as an error once, instead of every question failing."""
    m = Meaning(Broken())
    assert not m.similarity("a question", ["one passage", "another"]).any()
    assert not m.similarity("another question", ["one passage"]).any()
    assert [r.levelname for r in caplog.records].count("ERROR") == 1


def test_without_the_model_the_engine_still_answers_from_words(made_up_store: ContentStore) -> None:
    """With no sentence model, a question that shares the article's words is still answered and cited."""
    answer = AnswerEngine(made_up_store, meaning=Meaning(Broken())).ask("how much did the two ferries cost")
    assert answer.answered and answer.text.startswith("14 million euros")
