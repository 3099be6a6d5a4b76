"""What a citation points at: paragraphs of an article, the paragraph holding a quote, the cited fact and the facts
related to it, each rule on made-up text."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.briefing import Briefing
from bot.core.cited import cited_fact, paragraph_of, paragraphs, related
from bot.core.loader import LoadedBriefing

ARTICLE = """Ferry fares rise

The Kelby ferry company raised fares by 8 percent on Monday.
The rise follows a fuel bill that doubled in 2024.

Passengers on the \u201cdawn crossing\u201d complained about crowding.
"""


def fact(id_: str, evidence: str, entities: tuple[str, ...] = (), tags: tuple[str, ...] = ()) -> dict[str, Any]:
    return {"id": id_, "statement": evidence, "evidence": evidence, "entities": list(entities), "tags": list(tags)}


def briefing(*facts: dict[str, Any]) -> LoadedBriefing:
    ents = [{"id": e, "name": e.title(), "type": "other", "role": "x"} for e in ("kelby", "fuel", "passengers")]
    data = {"id": "ferry-fares", "metadata": {"title": "Ferry fares rise", "author": "A. Writer",
                                             "reading_time_minutes": 1},
            "summaries": {"tldr": "t", "short": ["s"], "full": [{"heading": "h", "text": "t"}]},
            "facts": list(facts), "entities": ents}
    return LoadedBriefing(Briefing.model_validate(data), ARTICLE, Path("ferry-fares"))


def test_paragraphs_are_runs_of_lines_between_blank_lines() -> None:
    """Lines of one paragraph (hard-wrapped text) join with a space; blank lines separate paragraphs."""
    assert paragraphs(ARTICLE) == (
        "Ferry fares rise",
        "The Kelby ferry company raised fares by 8 percent on Monday. The rise follows a fuel bill that doubled in "
        "2024.",
        "Passengers on the \u201cdawn crossing\u201d complained about crowding.",
    )


def test_without_any_blank_line_each_line_is_a_paragraph() -> None:
    """An article that separates paragraphs by single line breaks has a paragraph a line."""
    assert paragraphs("One paragraph here.\r\nAnother one here.\n\n") == ("One paragraph here.", "Another one here.")


def test_a_quote_is_found_with_quotes_case_and_spaces_folded() -> None:
    """A quote with straight quotes, other case or other spacing is found in its paragraph."""
    assert paragraph_of(ARTICLE, 'passengers on the "dawn  crossing"') == 2
    assert paragraph_of(ARTICLE, "bill that doubled") == 1


def test_a_quote_in_no_paragraph_or_empty_has_none() -> None:
    """A quote the article lacks, or an empty one, points at no paragraph."""
    assert paragraph_of(ARTICLE, "fares fell") is None and paragraph_of(ARTICLE, "  ") is None


def test_the_cited_fact_is_the_longest_whose_evidence_overlaps_the_quote() -> None:
    """A fact whose evidence the quote holds, or which holds the quote, is cited; the longest such wins."""
    lb = briefing(fact("short", "raised fares"), fact("rise", "The Kelby ferry company raised fares by 8 percent"),
                  fact("crowd", "complained about crowding"))
    assert cited_fact(lb, "The Kelby ferry company raised fares by 8 percent on Monday.") == 1
    assert cited_fact(lb, "about crowding") == 2


def test_otherwise_a_fact_of_the_same_paragraph_is_cited() -> None:
    """A quote that overlaps no fact's evidence cites the first fact found in its paragraph, or none."""
    lb = briefing(fact("crowd", "complained about crowding"), fact("fuel", "a fuel bill that doubled in 2024"))
    assert cited_fact(lb, "The Kelby ferry company raised fares by 8 percent on Monday.") == 1
    assert cited_fact(lb, "Ferry fares rise") is None


def test_related_facts_share_entities_or_tags_most_first_and_at_most_n() -> None:
    """Facts sharing more entities and tags come first, ties in briefing order; the fact itself and facts sharing
    nothing are left out; at most n."""
    lb = briefing(fact("a", "raised fares", ("kelby", "fuel"), ("prices",)),
                  fact("b", "The Kelby ferry company", ("kelby",)),
                  fact("c", "a fuel bill that doubled", ("fuel", "kelby"), ("prices",)),
                  fact("d", "complained about crowding", ("passengers",)),
                  fact("e", "Ferry fares rise", (), ("prices",)))
    facts = lb.briefing.facts
    assert [f.id for f in related(facts, facts[0])] == ["c", "b", "e"]
    assert [f.id for f in related(facts, facts[0], n=1)] == ["c"]
    assert related(facts, facts[3]) == []
