"""Digest editions: what they contain, how facts and briefings rotate, and that they stay short."""
from __future__ import annotations

from pathlib import Path

from bot.core.buttons import encode
from bot.core.library import Library
from bot.digests.compose import FACTS_PER_EDITION, compose, pick
from tests.conftest import MAIN_ID, SECOND_ID


def test_an_edition_has_headline_tldr_facts_with_evidence_a_quote_and_a_question(library: Library) -> None:
    """Edition 4 is numbered and holds the TL;DR, three cited facts, a quote and an /ask suggestion."""
    reply = compose(library.current.store, 1, 4, None)
    main = library.current.store.get(MAIN_ID)
    meta = main.briefing.metadata
    assert reply.title == f"Digest #4: {meta.title}" and reply.footer == f"Edition 4 \u00b7 {meta.author}"
    assert reply.ephemeral is False
    headings = [b.heading for b in reply.blocks]
    assert headings[:1 + FACTS_PER_EDITION] == ["TL;DR"] + ["Key fact"] * FACTS_PER_EDITION
    assert headings[-2].startswith("Quote \u2014 ") and headings[-1] == "Ask me" and len(headings) == 6
    assert reply.blocks[0].text == main.briefing.summaries.tldr and reply.blocks[-1].text.startswith("/ask ")
    article = main.article
    assert all(b.citation and b.citation.quote in article for b in reply.blocks if b.heading == "Key fact")
    assert len(reply.blocks) <= 8 and len(reply.title) <= 256 and len(reply.plain_text()) < 4000


def test_no_fact_repeats_until_all_have_been_shown(library: Library) -> None:
    """Over consecutive editions every fact of the briefing appears once before any appears again."""
    store = library.current.store
    total = len(store.get(MAIN_ID).briefing.facts)
    shown = [f for n in range(1, total + 1) for f in pick(store, 42, n, MAIN_ID).fact_ids]
    every = sorted(f.id for f in store.get(MAIN_ID).briefing.facts)
    assert sorted(shown[:total]) == every
    assert sorted(shown[total:2 * total]) == every  # the second round too


def test_subscriptions_rotate_in_different_orders(library: Library) -> None:
    """Two channels subscribed to the same briefing do not get the same facts in the same order."""
    store = library.current.store
    assert pick(store, 1, 1, None).fact_ids != pick(store, 2, 1, None).fact_ids


def test_without_a_named_briefing_editions_rotate_through_all(two_briefings: Path) -> None:
    """Editions alternate between briefings; each briefing's facts still go round without repeats."""
    store = Library(two_briefings).current.store
    picks = [pick(store, 7, n, None) for n in range(1, 9)]
    assert [p.briefing.briefing.id for p in picks] == [MAIN_ID, SECOND_ID] * 4
    second = [f for p in picks if p.briefing.briefing.id == SECOND_ID for f in p.fact_ids]  # 4 editions x 3 of 9 facts
    assert sorted(second[:9]) == sorted(f.id for f in store.get(SECOND_ID).briefing.facts)
    fixed = [pick(store, 7, n, SECOND_ID).briefing.briefing.id for n in range(1, 4)]
    assert fixed == [SECOND_ID] * 3


def test_an_edition_offers_next_fact_and_full_brief(library: Library) -> None:
    """Under an edition: Next fact, naming a fact of its briefing that the edition did not show, and Full brief."""
    store = library.current.store
    p = pick(store, 3, 2, None)
    reply = compose(store, 3, 2, None)
    facts = p.briefing.briefing.facts
    nxt, brief = reply.actions
    assert (nxt.kind, brief.kind) == ("next", "brief") and brief.payload == (p.briefing.briefing.id,)
    assert nxt.payload[0] == p.briefing.briefing.id and facts[int(nxt.payload[1])].id not in p.fact_ids
    assert all(len(encode(a)) <= 100 for a in reply.actions)


def test_a_threaded_edition_is_compact_with_the_rest_as_thread_replies(library: Library) -> None:
    """Threaded: the top holds the title, TL;DR, footer and buttons; each further block is one thread reply, in
    the flat edition's order; the flat edition carries no thread."""
    store = library.current.store
    flat, threaded = compose(store, 5, 3, None), compose(store, 5, 3, None, thread=True)
    assert flat.thread == ()
    assert threaded.blocks == flat.blocks[:1] and threaded.blocks[0].heading == "TL;DR"
    assert (threaded.title, threaded.footer, threaded.url, threaded.actions, threaded.ephemeral) == (
        flat.title, flat.footer, flat.url, flat.actions, False)
    assert [r.blocks for r in threaded.thread] == [(b,) for b in flat.blocks[1:]]
    assert all(r.title == "" and not r.ephemeral and not r.actions and not r.thread for r in threaded.thread)
