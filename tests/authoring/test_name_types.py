from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from bot.authoring.entities import find_entities, shape_features
from bot.authoring.name_types import Guesses, LearnedTypes, Untyped, context, learned_types


class Letters:
    """A stand-in encoder: a text's vector is how many a's and b's it has, in either case."""

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return np.array([[t.lower().count("a"), t.lower().count("b")] for t in texts], dtype=np.float32)


def test_a_context_is_the_mention_with_six_words_either_side():
    sentence = "One two three four five six seven Harbury Town eight nine ten eleven twelve thirteen fourteen."
    start = sentence.index("Harbury")
    assert context(sentence, start, start + len("Harbury Town")) == \
        "two three four five six seven Harbury Town eight nine ten eleven twelve thirteen"


def test_a_name_is_typed_by_its_shape_its_vector_and_its_contexts_vectors():
    """A model's row is the name's shape features, its name's vector and the mean of its contexts' vectors (zeros
    with none); the class with the highest score wins."""
    model = LearnedTypes(("organisation", "place"), ("first:ordinary",),
                         np.array([[1.0, 0, 0, 0, 1.0], [0, 0, 0, 0, 0]], dtype=np.float32),
                         np.array([0.0, 0.5], dtype=np.float32), Letters())
    names = [Untyped("Bb", {"first:ordinary": 0.0}, ["abb", "bbb"]), Untyped("Bb", {"first:ordinary": 1.0}),
             Untyped("Xy", {})]
    assert model.inputs(names).tolist() == [[0, 0, 2, 0.5, 2.5], [1, 0, 2, 0, 0], [0, 0, 0, 0, 0]]
    assert model.types(names) == ["organisation", "organisation", "place"]
    assert model.types([]) == []


def test_only_names_no_cue_types_are_asked_and_take_the_typers_type():
    """"Brindle" has nothing around it that types it, so the typer decides; "the carmaker Voss", "in Harwick" and
    "Mayor Ana Ruiz" are typed by their cues and never asked."""
    asked: list[str] = []

    class Events(Guesses):
        def types(self, names: Sequence[Untyped]) -> list[str]:
            asked.extend(u.name for u in names)
            return ["event"] * len(names)

    found = find_entities(["Brindle was mentioned.", "The carmaker Voss cut jobs in Harwick, Mayor Ana Ruiz said."],
                          typer=Events())
    assert asked == ["Brindle"]
    assert {e.name: e.type for e in found} == {"Brindle": "event", "Voss": "organisation", "Harwick": "place",
                                               "Ana Ruiz": "person"}


def test_the_shipped_model_reads_features_the_entities_still_give():
    """Every shape feature the shipped model weighs is one shape_features gives (a one-hot family, "shape:",
    "words:" or the rules' "guess:", by its family): renaming one without training again would silently zero it."""
    model = learned_types()

    def families(features: set[str]) -> set[str]:
        return {f.split(":")[0] if f.startswith(("shape:", "words:", "guess:")) else f for f in features}

    given = {f for name in ("Harbury Town", "NordPay", "OSHA") for f in shape_features(name, Counter(article=1))}
    assert families(set(model.features)) <= families(given) | {"guess"}
    assert set(model.classes) == {"person", "organisation", "party", "place", "event", "other"}
    assert model.weights.shape == (len(model.classes), len(model.features) + 2 * 384)
