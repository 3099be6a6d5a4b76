"""The type of a name that nothing around it and none of its own words type ("Arsenal", "Mubi", "Fine Gael",
"Craven Cottage"): a multinomial logistic regression over the name's shape (see entities.shape_features) and the
meaning of the name and of the words around its mentions (MiniLM sentence vectors, which know what many real names
are and what their contexts say of invented ones). scripts/train_name_types.py fits it on the gold types of the
dev articles' untyped names and writes name_types.json; reading it needs only numpy."""
from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Protocol

import numpy as np

from bot.core.answer.meaning import Encoder, shared_model

__all__ = ["CONTEXTS", "MODEL", "Guesses", "LearnedTypes", "NameTyper", "Untyped", "context", "inputs",
           "learned_types"]

MODEL = Path(__file__).with_name("name_types.json")
CONTEXT_WORDS = 6  # words either side of a mention that its context vector reads
CONTEXTS = 3  # mentions whose contexts are read


@dataclass(frozen=True)
class Untyped:
    """A name no cue types: its shape features, the words around its first mentions, and the type its shape alone
    suggests (the rules' guess)."""

    name: str
    features: Mapping[str, float]
    contexts: Sequence[str] = field(default_factory=tuple)
    guess: str = ""


class NameTyper(Protocol):
    """Gives each untyped name its type: person, organisation, party, place, event or other."""

    def types(self, names: Sequence[Untyped]) -> list[str]: ...


class Guesses:
    """A typer that keeps the rules' guesses: the rules alone, as the entity tests read them and as training records
    what the model is asked."""

    def types(self, names: Sequence[Untyped]) -> list[str]:
        return [u.guess for u in names]


def context(sentence: str, start: int, end: int) -> str:
    """A mention with up to CONTEXT_WORDS words either side: "defeat at Watford, and they have never reached"."""
    before, after = sentence[:start].split()[-CONTEXT_WORDS:], sentence[end:].split()[:CONTEXT_WORDS]
    return " ".join([*before, sentence[start:end], *after])


@dataclass(frozen=True)
class LearnedTypes:
    """The fitted model: its classes, shape feature names in column order, weights and biases; name and context
    vectors come from `encoder`."""

    classes: tuple[str, ...]
    features: tuple[str, ...]
    weights: np.ndarray  # classes x (features + 2 x vector size)
    bias: np.ndarray
    encoder: Encoder

    @classmethod
    def load(cls, path: Path = MODEL, encoder: Encoder | None = None) -> LearnedTypes:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(tuple(data["classes"]), tuple(data["features"]), np.array(data["weights"], dtype=np.float32),
                   np.array(data["bias"], dtype=np.float32), encoder or shared_model())

    def types(self, names: Sequence[Untyped]) -> list[str]:
        if not names:
            return []
        return [self.classes[i] for i in np.argmax(self.inputs(names) @ self.weights.T + self.bias, axis=1)]

    def inputs(self, names: Sequence[Untyped]) -> np.ndarray:
        return inputs(names, self.features, self.encoder)


def inputs(names: Sequence[Untyped], features: Sequence[str], encoder: Encoder) -> np.ndarray:
    """Each name's row: its shape `features` in that order, its name's vector, the mean of its contexts' vectors
    (zeros with none). The model reads these rows; training fits it on them."""
    shapes = np.array([[u.features.get(f, 0.0) for f in features] for u in names], dtype=np.float32)
    texts = [u.name for u in names] + [c for u in names for c in u.contexts]
    vectors = encoder.encode(texts)
    named, at = vectors[:len(names)], len(names)
    around = np.zeros_like(named)
    for i, u in enumerate(names):
        if u.contexts:
            around[i] = vectors[at:at + len(u.contexts)].mean(axis=0)
            at += len(u.contexts)
    return np.hstack([shapes, named, around])


@cache
def learned_types() -> LearnedTypes:
    """The shipped model, on the process's shared MiniLM, read once."""
    return LearnedTypes.load()
