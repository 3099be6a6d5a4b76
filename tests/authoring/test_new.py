"""`briefbot new-briefing` drafts a valid briefing from a second article, with every candidate marked for review."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from bot.authoring.extract import dates_in, draft, figures_in, split_sentences
from tests.conftest import ROOT

ARTICLE = Path(__file__).resolve().parent / "fixtures" / "lisbon-heat-plan.txt"
ID = "lisbon-heat-plan"


def briefbot(*args: str, config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "--config", str(config), *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def config(tmp_path: Path) -> Path:
    file = tmp_path / "config.yaml"
    file.write_text("content_dir: content\n", encoding="utf-8")
    (tmp_path / "content").mkdir()
    return file


@pytest.fixture
def drafted(config: Path) -> dict:
    result = briefbot("new-briefing", str(ARTICLE), "--id", ID, config=config)
    assert result.returncode == 0, result.stderr
    assert "candidate facts" in result.stdout
    return yaml.safe_load((config.parent / "content" / ID / "briefing.yaml").read_text(encoding="utf-8"))


def test_draft_passes_check(config: Path, drafted: dict) -> None:
    """The drafted folder validates with `briefbot check` (exit 0): every evidence span is verbatim."""
    result = briefbot("check", config=config)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"ok  {ID}:" in result.stdout
    copied = (config.parent / "content" / ID / "article.txt").read_text(encoding="utf-8")
    assert copied == ARTICLE.read_text(encoding="utf-8")


def test_draft_extracts_metadata_facts_dates_quotes_and_people(drafted: dict) -> None:
    """Headline, byline, figures, ISO dates, quotes with their speakers and named people are filled in."""
    meta = drafted["metadata"]
    assert meta["title"].startswith("Lisbon Opens Cooling Shelters") and meta["author"] == "Helena Duarte"
    assert meta["reading_time_minutes"] == 2
    by_evidence = {f["evidence"]: f for f in drafted["facts"]}
    costs = next(f for e, f in by_evidence.items() if "€3.2 million" in e)
    assert costs["figures"] == ["€3.2 million"] and costs["tags"] == ["review"]
    heat = next(f for e, f in by_evidence.items() if "47 degrees Celsius" in e)
    assert heat["dates"] == ["2022-07-14"] and "47 degrees" in heat["figures"]
    assert {"pinhao", "instituto-portugues-do-mar-e-da"} <= set(heat["entities"])
    names = {e["name"]: e for e in drafted["entities"]}
    for person in ("Carlos Moedas", "Margarida Castro Almeida", "Rui Fonseca", "Helena Duarte"):
        assert names[person]["type"] == "person"
    assert names["Instituto Português do Mar e da Atmosfera"]["aliases"] == ["IPMA"]
    assert names["Instituto Português do Mar e da Atmosfera"]["type"] == "organisation"
    assert "Mayor" not in names and "The" not in names
    speakers = {q["text"]: q["speaker"] for q in drafted["quotes"]}
    assert speakers["Heat is a silent killer, and the people most at risk are the ones we see least"] == "carlos-moedas"
    indoors = "We cannot ask people to stay indoors if their homes are hotter than the street"
    assert speakers[indoors] == "margarida-castro-almeida"
    assert speakers["The city should bring the cool to the people, not the other way round"] == "rui-fonseca"
    timeline = [(e["date"], e["label"]) for e in drafted["timeline"]]
    assert ("2025-06-15", "June 15, 2025") in timeline and ("2025-09-30", "September 30") in timeline
    assert timeline == sorted(timeline)


def test_every_candidate_is_marked_for_review(config: Path, drafted: dict) -> None:
    """Each fact, entity, event and quote line that starts an item carries a # REVIEW mark."""
    text = (config.parent / "content" / ID / "briefing.yaml").read_text(encoding="utf-8")
    starts = [line for line in text.splitlines() if line.startswith(("  - id:", "  - date:"))]
    assert len(starts) == sum(len(drafted[part]) for part in ("facts", "entities", "timeline", "quotes"))
    assert all("# REVIEW" in line for line in starts)


def test_refuses_to_overwrite_or_bad_ids(config: Path, drafted: dict) -> None:
    """A second run into the same folder, or an id that is not a slug, exits 2 with a clear message."""
    again = briefbot("new-briefing", str(ARTICLE), "--id", ID, config=config)
    assert again.returncode == 2 and "already exists" in again.stderr
    bad = briefbot("new-briefing", str(ARTICLE), "--id", "Lisbon Heat", config=config)
    assert bad.returncode == 2 and "lowercase" in bad.stderr
    missing = briefbot("new-briefing", "no-such-file.txt", "--id", "x", config=config)
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def test_sentences_keep_abbreviations_and_times_together() -> None:
    """U.S., Dr. and p.m. do not end a sentence; a closing quote does."""
    text = "The U.S. Department said so. Dr. Ana Silva left at 10 p.m. on Friday. “It works,” she said. Then it rained."
    assert split_sentences(text) == ["The U.S. Department said so.", "Dr. Ana Silva left at 10 p.m. on Friday.",
                                     "“It works,” she said.", "Then it rained."]


def test_dates_and_figures() -> None:
    """Full, month-year, day-without-year (year given) and bare-year dates; figures without the dates' numbers."""
    found = [(d.iso, d.label, d.inferred)
             for d in dates_in("On March 3, 2025 and April 2024, then May 9; in 1999.", "2030")]
    assert found == [("2025-03-03", "March 3, 2025", False), ("2024-04", "April 2024", False),
                     ("2030-05-09", "May 9", True), ("1999", "1999", False)]
    assert figures_in("It cost $4.5 billion on June 2, 2024, a 12% rise, with 300 new fountains.") == [
        "$4.5 billion", "12%", "300 new"]


def test_the_bundled_article_drafts_too(tmp_path: Path) -> None:
    """The drafting also works on the bundled opinion column (byline 'Article Written by ...')."""
    d = draft((ROOT / "content" / "belgium-silent-front" / "article.txt").read_text(encoding="utf-8"))
    assert d.author == "Jett James Pruitt"
    assert any(e.name == "Bart De Wever" and e.type == "person" for e in d.entities)
