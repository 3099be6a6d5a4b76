"""Compose: the answer's first words and its support, on made-up passages."""
from __future__ import annotations

import datetime

from bot.core.answer import compose
from bot.core.answer.passages import Passage


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
