#!/usr/bin/env python3
"""Fit bot/authoring/name_types.json: the model that types the names no cue types (see bot/authoring/name_types.py).

It drafts every dev article (tests/authoring/fixtures/drafts_dev), records each name the rules leave untyped with its
shape features, contexts and the rules' guess, pairs the draft's entities with the article's gold ones as the bench
does, and fits a multinomial logistic regression (scikit-learn's, the `train` extra) on the gold types of those
names whose type nothing after the typing changed. Only the dev articles train it: bench/held_out_drafts measures it.

    pip install -e '.[train]' && python scripts/train_name_types.py [--exclude PREFIX[,PREFIX...]] [--out FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.draft_quality import match_entities  # noqa: E402
from bot.authoring.draft import draft  # noqa: E402
from bot.authoring.name_types import MODEL, Guesses, Untyped, inputs  # noqa: E402
from bot.core.answer.meaning import shared_model  # noqa: E402

DEV = ROOT / "tests" / "authoring" / "fixtures" / "drafts_dev"
C = 3.0  # inverse regularisation: the best of 0.3, 1 and 3 in ten-fold cross-validation by article on the dev set


class Recorder(Guesses):
    """A typer that keeps the rules' guesses and remembers what it was asked."""

    def __init__(self) -> None:
        self.asked: dict[str, Untyped] = {}

    def types(self, names: Sequence[Untyped]) -> list[str]:
        self.asked.update((u.name, u) for u in names)
        return super().types(names)


def examples(exclude: Sequence[str]) -> tuple[list[Untyped], list[str]]:
    """The dev articles' untyped names matched to a gold entity, and their gold types."""
    names, kinds = [], []
    for article in yaml.safe_load((DEV / "expected.yaml").read_text(encoding="utf-8"))["articles"]:
        if article["file"].startswith(tuple(exclude)):
            continue
        recorder = Recorder()
        data = draft((DEV / article["file"]).read_text(encoding="utf-8"), "dev", typer=recorder).data
        gold = [{"name": name, "type": kind} for name, kind in article["entities"].items()]
        for drafted, wanted in match_entities(data["entities"], gold):
            asked = recorder.asked.get(drafted["name"])
            if asked is not None and drafted["type"] == asked.guess:
                names.append(asked)
                kinds.append(wanted["type"])
    return names, kinds


def main() -> None:
    from sklearn.linear_model import LogisticRegression

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--exclude", default="", help="dev files starting with these prefixes are left out")
    parser.add_argument("--out", type=Path, default=MODEL)
    args = parser.parse_args()
    names, kinds = examples([p for p in args.exclude.split(",") if p])
    features = tuple(sorted({f for u in names for f in u.features}))
    fitted = LogisticRegression(C=C, max_iter=5000).fit(inputs(names, features, shared_model()), kinds)
    args.out.write_text(json.dumps({
        "classes": [str(c) for c in fitted.classes_], "features": list(features),
        "weights": np.round(fitted.coef_, 5).tolist(), "bias": np.round(fitted.intercept_, 5).tolist(),
        "trained_on": f"{len(names)} untyped names of the dev articles"}, separators=(",", ":")) + "\n",
        encoding="utf-8")
    print(f"{len(names)} names, {len(features)} shape features -> {args.out}")


if __name__ == "__main__":
    main()
