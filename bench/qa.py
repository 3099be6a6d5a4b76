"""Score an answer engine in process against a question set (same rules as shared/eval/score.py).

The measuring rule the /ask benchmark (bench/ask_bench.py) and the score floors (tests/core/answer/test_scores.py)
share; it lives here, outside bot/, so the wheel and the running bot never carry it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.answer import AnswerEngine
from bot.core.text import fold

KINDS = ("answerable", "abstain", "near_miss")


@dataclass
class Score:
    right: int = 0
    total: int = 0
    ungrounded: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.right / self.total if self.total else 0.0


def cases(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """The questions of a set file, each with its kind (answerable, abstain or near miss)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [(kind, item) for kind in KINDS for item in data.get(kind) or []]


def judge(kind: str, item: dict[str, Any], answered: bool, text: str) -> bool:
    """The verdict score.py gives one answer (grounding checked separately)."""
    hit = all(any(fold(alt) in fold(text) for alt in group) for group in item.get("expect", []))
    if kind == "answerable":
        return answered and hit
    return not answered if kind == "abstain" else not answered or hit


def score(engine: AnswerEngine, path: Path, article: str) -> Score:
    """The engine's score on a set; an answer citing anything not verbatim in `article` is wrong (ungrounded)."""
    source = fold(article)
    result = Score()
    for kind, item in cases(path):
        answer = engine.ask(item["q"])
        ok = judge(kind, item, answer.answered, answer.text)
        if answer.answered and not (answer.citations and all(fold(c.quote) in source for c in answer.citations)):
            ok = False
            result.ungrounded += 1
        result.right += ok
        result.total += 1
        if not ok:
            result.misses.append(f"[{kind}] {item['q']} -> {answer.answered}: {answer.text[:150]}")
    return result
