"""The briefing schema's own rules, on small made-up values."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from bot.core.briefing import Event, Metadata, iso_date


@pytest.mark.parametrize("value", ["2025", "2025-05", "2025-05-12", "2024-02-29"])
def test_iso_dates_of_every_precision_are_accepted(value: str) -> None:
    """A year, a month or a day that exists on the calendar is a date."""
    assert iso_date(value) == value


@pytest.mark.parametrize("value", ["next week", "2024-99-99", "2025-13", "2023-02-29", "12/05/2025", "2025-5-1"])
def test_anything_else_is_refused_with_the_accepted_forms(value: str) -> None:
    """Free text, impossible dates and other layouts are refused, and the message shows the forms accepted."""
    with pytest.raises(ValueError, match="YYYY, YYYY-MM or YYYY-MM-DD"):
        iso_date(value)


def test_published_may_be_empty_but_not_free_text() -> None:
    """metadata.published is optional, and when given it is a date; timeline dates always are."""
    fields = {"title": "T", "author": "A", "reading_time_minutes": 1}
    assert Metadata.model_validate({**fields, "published": ""}).published == ""
    with pytest.raises(ValidationError, match="is not a date"):
        Metadata.model_validate({**fields, "published": "next week"})
    with pytest.raises(ValidationError, match="is not a date"):
        Event(date="2024-99-99", label="x", event="x", evidence="x")
