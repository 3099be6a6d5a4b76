"""Aggregate scores per question set: floors that catch a regression, never one question's answer.

Each article's dev set was tuned on; its holdout set was never looked at question by question. The floors sit
a little under the scores measured when they were set (BENCHMARKS.md), so noise does not fail them.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bench.qa import score
from bot.core.answer import AnswerEngine
from bot.core.loader import LoadedBriefing, load_content
from bot.core.store import ContentStore
from tests.conftest import CONTENT, FIXTURES, MAIN_ID

DEV_QA = Path(__file__).resolve().parents[4] / "shared" / "eval" / "dev_qa.yaml"
QA = FIXTURES / "qa"
ARTICLES = (MAIN_ID, "indian-ocean-coral-bleaching", "lisbon-heat-plan", "saltmere-pennine-cup-final")
FLOORS = {
    (MAIN_ID, "dev"): 0.78, (MAIN_ID, "holdout"): 0.68,
    ("indian-ocean-coral-bleaching", "dev"): 0.76, ("indian-ocean-coral-bleaching", "holdout"): 0.7,
    ("lisbon-heat-plan", "dev"): 0.73, ("lisbon-heat-plan", "holdout"): 0.72,
    ("saltmere-pennine-cup-final", "dev"): 0.65, ("saltmere-pennine-cup-final", "holdout"): 0.66,
    # written blind (first score 0.500), then tuned on
    ("ferrovolt-skarvik-recycling-plant", "dev"): 0.66,
    # written blind (first score 0.508), then tuned on
    ("shannon-midlands-missed-appointments", "dev"): 0.64,
    # written blind (first score 0.508), never tuned on
    ("wendhagen-bakwo-throne-return", "holdout"): 0.55,
    # written blind in the third session (first scores 0.600 and 0.582 with sentence meaning), never tuned on
    ("port-ellery-harrow-bridge-closure", "holdout"): 0.55,
    ("hallbridge-chemistry-marking-error", "holdout"): 0.55,
    # written later from the articles alone (first scores 0.731 and 0.682), tuned on
    ("port-ellery-harrow-bridge-closure", "dev"): 0.68,
    ("hallbridge-chemistry-marking-error", "dev"): 0.68,
}


@pytest.fixture(scope="module")
def everything() -> list[LoadedBriefing]:
    """Every briefing side by side, as a self-hoster with several briefings runs them."""
    return [*load_content(CONTENT), *(lb for folder in ("content", "blind", "blind2", "blind3")
                                      for lb in load_content(FIXTURES / folder))]


@pytest.mark.parametrize(("briefing", "kind"), sorted(FLOORS))
def test_question_set_scores(everything: list[LoadedBriefing], briefing: str, kind: str) -> None:
    """Each article's casual question sets score at least their floor, with every citation verbatim."""
    store = ContentStore(everything, briefing)
    result = score(AnswerEngine(store), QA / briefing / f"{kind}.yaml", store.get(briefing).article)
    assert result.ungrounded == 0, result.misses
    assert result.ratio >= FLOORS[briefing, kind], result.misses


@pytest.mark.skipif(not DEV_QA.exists(), reason=f"shared dev question set not found at {DEV_QA}")
def test_dev_question_set_scores(everything: list[LoadedBriefing]) -> None:
    """The shared sample keeps its floor with every citation verbatim."""
    store = ContentStore(everything, MAIN_ID)
    result = score(AnswerEngine(store), DEV_QA, store.get(MAIN_ID).article)
    assert result.ungrounded == 0, result.misses
    assert result.ratio >= 0.89, result.misses
