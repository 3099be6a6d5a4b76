"""Extract: figures with units, dates and reasons from made-up sentences."""
from __future__ import annotations

from bot.core.answer import extract


def test_figures_keep_their_unit_and_skip_years() -> None:
    """'14 million euros' and '300 passengers' are figures; '2025' is a year, not a figure."""
    found = extract.figures("In 2025 the two ferries cost 14 million euros and carry up to 300 passengers each.")
    assert "14 million euros" in found and "up to 300 passengers" in found
    assert not any(f.startswith("2025") for f in found)


def test_bare_number_words_are_no_figures() -> None:
    """'one of the largest' states no figure."""
    assert extract.figures("It was one of the largest surveys.") == ()


def test_times_of_day_are_no_figures() -> None:
    """'5 p.m.' and '7:45' answer 'when', not 'how many'."""
    assert extract.figures("The parade starts at 5 p.m., kick-off is 7:45 or 5pm, with 300 fans.") == ("300 fans",)


def test_dates_in_their_common_forms() -> None:
    """Month and day, month and year, weekday with date, and bare years."""
    text = "It opened on Monday, March 3, 2025, after talks from June 2024; the bridge reopens in 2027."
    found = extract.dates(text)
    assert "Monday, March 3, 2025" in found and "June 2024" in found and "2027" in found


def test_times_answer_when_too() -> None:
    """A time of day or a minute of a match is a 'when': '10 p.m.', '7:45', '5pm', 'the 64th minute'."""
    found = extract.dates("He was sent off in the 64th minute; doors open until 10 p.m. and at 7:45, or 5pm.")
    assert found == ("64th minute", "10 p.m.", "7:45", "5pm")
    assert extract.dates("It took 45 minutes and cost 10 pounds.") == ()


def test_relative_times_answer_when() -> None:
    """'two days before', 'within 48 hours', 'every Monday' say when, relative to something."""
    found = extract.dates("A text goes out two days before, a reply within 48 hours, and a call every Monday.")
    assert found == ("two days before", "within 48 hours", "every Monday")
    assert extract.dates("They may march on.") == ()  # months are capitalised; these words are verbs


def test_reason_clause() -> None:
    """The clause after 'because' or 'due to' is the reason."""
    assert extract.reason("It was built because the bridge is closed.").startswith("because the bridge is closed")
    assert extract.reason("Trains stopped due to a signal failure.") == "due to a signal failure"
    assert extract.reason("It opened in March.") == ""
    assert extract.reason("The main reason is the heat.") == "main reason is the heat"
    assert extract.reason("Anyone who cancels without a reason is removed.") == ""  # 'reason' alone gives none


def test_near_picks_the_span_closest_to_the_question_words() -> None:
    """Of several figures, the one beside the question's words."""
    text = "The ferry carries 300 passengers; the bridge carried 40,000 cars."
    assert extract.near(["300 passengers", "40,000 cars"], text, {"bridge"}) == "40,000 cars"


def test_ages_in_news_style() -> None:
    """'Farrow, 46,', '46-year-old', 'aged 46' and 'a 132-year history' are ages; '46 fans' is none."""
    assert extract.ages("Declan Farrow, 46, took over.") == ("46",)
    assert extract.ages("the 27-year-old striker, aged 27") == ("27", "27")
    assert extract.ages("in the club's 132-year history") == ("132",)
    assert extract.ages("46 fans came.") == ()
