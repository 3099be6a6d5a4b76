"""Passages: what a briefing is answered from, on the made-up briefing."""
from __future__ import annotations

from bot.core.answer import passages
from bot.core.store import ContentStore


def test_passages_from_the_opening_paragraphs_are_marked_early(made_up_store: ContentStore) -> None:
    """News puts the main story first: passages quoting the first paragraphs of prose are 'early', later ones not."""
    found = passages.PassageList([passages.build(made_up_store.get("harbourtown-ferry"))])
    early = {p.quote for p in found if p.kind == "sentence" and p.early}
    late = {p.quote for p in found if p.kind == "sentence" and not p.early}
    assert any("opened a new electric ferry line" in q for q in early)
    assert any("second line to the airport" in q for q in late)
