"""The draft-quality bench's metrics (bench/draft_quality.py), computed on a tiny made-up draft and gold pair."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench.draft_quality import (
    Ratio,
    articles,
    baseline_source,
    evidence_overlaps,
    match_entities,
    mean,
    same_quote,
    score,
)

GOLD = yaml.safe_load("""
entities:
  - {id: ana-reyes, name: Ana Reyes, type: person, aliases: [Reyes, Mayor Reyes], role: Mayor.}
  - {id: port-board, name: Port Board, type: organisation, aliases: [the board], role: Runs the port.}
  - {id: hollin, name: Hollin, type: place, aliases: [], role: The town.}
  - {id: tom-vale, name: Tom Vale, type: person, aliases: [Vale], role: Ferry captain.}
quotes:
  - {id: q1, speaker: ana-reyes, text: "We will reopen the pier by June"}
  - {id: q2, speaker: tom-vale, text: "The tide does not wait for a vote."}
  - {id: q3, speaker: port-board, text: "under review"}
timeline:
  - {date: "2025-06", label: June, event: Pier reopens., evidence: x}
  - {date: "2025-03-04", label: Tuesday, event: Vote., evidence: x}
  - {date: "2024", label: "2024", event: Storm., evidence: x}
facts:
  - {id: f1, statement: s, evidence: "The board voted 5 to 2 on Tuesday to spend $3 million on the pier"}
  - {id: f2, statement: s, evidence: "Hollin lost its only ferry in the storm of 2024"}
""")

DRAFT = yaml.safe_load("""
entities:
  - {id: reyes, name: "  REYES ", type: person, aliases: [], role: ""}
  - {id: the-port-board, name: The Port Board, type: person, aliases: [Port  Board], role: ""}
  - {id: hollin, name: Hollin, type: place, aliases: [], role: ""}
  - {id: vale, name: Vale, type: organisation, aliases: [], role: ""}
  - {id: tuesday, name: Tuesday, type: other, aliases: [], role: ""}
quotes:
  - {id: a, speaker: reyes, text: "“We will reopen the pier by June,”"}
  - {id: b, speaker: hollin, text: "The tide does not wait for a vote"}
timeline:
  - {date: "2025-06-01", label: June, event: e, evidence: x}
  - {date: "2025-03-04", label: Tuesday, event: e, evidence: x}
  - {date: "2024", label: "2024", event: e, evidence: x}
facts:
  - {id: a, statement: s, evidence: "The board voted 5 to 2 on Tuesday"}
  - {id: b, statement: s, evidence: "On Tuesday the board voted 5 to 2 to spend $3 million on the old pier"}
  - {id: c, statement: s, evidence: "The pier was built in 1910 and rebuilt twice since"}
""")


def test_entity_names_match_by_folded_name_or_alias() -> None:
    """Four of five draft entities match a gold one (case, white space and an alias folded), four of four gold
    entities are found, and two of the four matched pairs have the gold type."""
    scores = score(DRAFT, GOLD)
    assert scores["entity_precision"] == Ratio(4, 5)
    assert scores["entity_recall"] == Ratio(4, 4)
    assert scores["type_accuracy"] == Ratio(2, 4)


def test_a_name_match_beats_an_alias_match_and_each_entity_matches_once() -> None:
    """A draft entity named exactly as a gold one gets it even when an earlier draft entity shares an alias; a
    duplicate of a matched entity stays unmatched and counts against precision."""
    gold = [{"name": "Port Board", "aliases": ["the board"]}]
    draft = [{"name": "the board"}, {"name": "Port Board"}, {"name": "port board"}]
    assert match_entities(draft, gold) == [(draft[1], gold[0])]


def test_speaker_accuracy_counts_only_the_gold_quotes_the_draft_found() -> None:
    """Two of three gold quotes are in the draft (quotation marks and end punctuation ignored); the first is given
    to an entity whose name is a gold alias of the speaker, the second to the wrong entity: 1 of 2."""
    scores = score(DRAFT, GOLD)
    assert scores["quotes_found"] == Ratio(2, 3)
    assert scores["speaker_accuracy"] == Ratio(1, 2)


def test_date_recall_compares_iso_dates_as_written() -> None:
    """2025-06-01 is not the gold 2025-06: two of three gold dates are in the draft timeline."""
    assert score(DRAFT, GOLD)["date_recall"] == Ratio(2, 3)


def test_fact_evidence_overlaps_inside_or_by_sixty_percent_of_words() -> None:
    """A draft evidence inside a gold one counts, so does one sharing most words with it; one about something else
    does not: 2 of 3 draft facts."""
    assert score(DRAFT, GOLD)["fact_overlap"] == Ratio(2, 3)
    assert evidence_overlaps("a b c d e", "a b c x y z")  # 3 of the shorter's 5 words: 60%
    assert not evidence_overlaps("a b c d e", "a b x y z")  # 2 of 5: 40%


def test_a_fragment_of_under_three_words_is_evidence_of_nothing() -> None:
    """A sentence split left "31." as a fact: it overlaps no gold evidence, though "31" is one of its words."""
    assert not evidence_overlaps("31.", "offering $31 a share, a 38% premium")
    assert evidence_overlaps("offering $31 a share", "offering $31 a share, a 38% premium")


def test_quotes_match_on_whole_words() -> None:
    """A quote matches the gold one it is a word-run of, whatever its quotation marks, not one inside a word."""
    assert same_quote("\u201cdeeply disappointed,\u201d", "deeply disappointed")
    assert not same_quote("pier", "the piers reopen")


def test_nothing_to_count_is_no_value_and_left_out_of_the_mean() -> None:
    """A metric with a zero denominator has no value (not 0 or 1), and the mean skips it."""
    assert Ratio(0, 0).value is None
    assert mean([0.5, None, 1.0]) == 0.75


def test_an_unknown_baseline_revision_is_a_clear_error(tmp_path: Path) -> None:
    """A revision git does not know is a ValueError that names it, not a crash in tar."""
    with pytest.raises(ValueError, match="no-such-revision"):
        baseline_source("no-such-revision", tmp_path)


def _folder(root: Path, name: str) -> None:
    (root / name).mkdir()
    (root / name / "article.txt").write_text("Text.", encoding="utf-8")
    (root / name / "briefing.yaml").write_text("id: x", encoding="utf-8")


def test_only_picks_the_named_articles_and_rejects_an_unknown_name(tmp_path: Path) -> None:
    """--only keeps the named folders, in order; a name that is not an article folder is a ValueError naming it."""
    for name in ("alpha", "beta", "gamma"):
        _folder(tmp_path, name)
    (tmp_path / "notes").mkdir()
    assert [p.name for p in articles((), tmp_path)] == ["alpha", "beta", "gamma"]
    assert [p.name for p in articles(["gamma", "alpha"], tmp_path)] == ["alpha", "gamma"]
    with pytest.raises(ValueError, match="notes"):
        articles(["alpha", "notes"], tmp_path)
