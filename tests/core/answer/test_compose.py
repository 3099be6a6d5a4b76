"""Compose: the answer's first words and its support, on made-up passages."""
from __future__ import annotations

import datetime

from bot.core.answer import compose
from bot.core.answer.parse import parse
from bot.core.answer.passages import Passage
from bot.core.store import ContentStore


def test_stated_puts_the_answer_first() -> None:
    """The lead comes first, then the passage; a passage that starts with the lead is not repeated."""
    p = Passage("b", "fact", "The ferries cost 14 million euros.", "the two boats cost 14 million euros", ())
    assert compose.stated("14 million euros", p) == "14 million euros \u2014 The ferries cost 14 million euros."
    assert compose.stated("The ferries", p) == "The ferries cost 14 million euros."
    same = Passage("b", "sentence", "It opened in March.", "It opened in March.", ())
    assert compose.stated("", same) == "It opened in March."


def test_between_counts_whole_units_either_way() -> None:
    """Days, weeks, months and years between two dates, in either order."""
    a, b = datetime.date(2025, 1, 10), datetime.date(2025, 3, 3)
    assert compose.between(a, b, "day") == compose.between(b, a, "day") == 52
    assert compose.between(a, b, "week") == 7 and compose.between(a, b, "month") == 1
    assert compose.between(datetime.date(1998, 5, 1), datetime.date(2024, 6, 1), "year") == 26


def test_located_wants_the_place_something_happens_in(made_up_store: ContentStore) -> None:
    """'Where' is answered by 'in/at/near <place>', or by the preposition the question asks with ('where from')."""
    where = parse("where did the ferry stop", lambda w: w, lambda words: [])
    source = parse("where did the ferry come from", lambda w: w, lambda words: [])
    at = Passage("harbourtown-ferry", "fact", "The ferry stopped at Gull Island.", "", ("gull-island",))
    towards = Passage("harbourtown-ferry", "fact", "The ferry sailed to Gull Island.", "", ("gull-island",))
    away = Passage("harbourtown-ferry", "fact", "The ferry came from Gull Island.", "", ("gull-island",))
    assert compose.located(where, at, made_up_store) and not compose.located(where, towards, made_up_store)
    assert compose.located(source, away, made_up_store) and not compose.located(source, at, made_up_store)


def test_a_money_question_leads_with_the_sum(made_up_store: ContentStore) -> None:
    """Of several figures, 'how much did it cost' starts with the one in a currency."""
    q = parse("how much did the ferries cost", lambda w: w, lambda words: [])
    p = Passage("harbourtown-ferry", "fact", "The two ferries carry 300 passengers and cost 14 million euros.", "", ())
    assert compose.lead(q, p, made_up_store) == "14 million euros"
