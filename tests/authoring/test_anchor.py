"""bot/authoring/anchor.py: the date a timeline counts from, when the published date is missing or its year
guessed, on made-up passages."""
from __future__ import annotations

import datetime
from collections import Counter

from bot.authoring.anchor import dated_weekday, find_anchor, latest_fitting, printed_dates, weekday_year
from bot.authoring.draft import draft


def anchor_of(article: str, published: str = "", year_printed: bool = False) -> tuple[str, str, str]:
    paragraphs = [p.strip() for p in article.split("\n\n") if p.strip()]
    sentences = [p for p in paragraphs[1:] if p.endswith(".")]
    found = find_anchor(paragraphs, sentences, published, year_printed)
    return (found.day.isoformat() if found.day else ""), found.published, found.note


def test_a_weekday_printed_with_its_month_day_gives_the_year_in_which_it_falls_on_that_weekday() -> None:
    """"Monday, June 9" without a year is in the year, among those the text names and the one after the latest,
    in which June 9 is a Monday (2025, not the 2018 named most); None when no such year is near."""
    years = Counter({2018: 3, 2019: 1, 2024: 1})
    assert weekday_year(6, 9, "Monday", years) == 2025
    assert weekday_year(6, 9, "Tuesday", years) is None
    found = dated_weekday("The board voted late Monday, June 9, to raise fares.", years)
    assert found is not None and found[1] == datetime.date(2025, 6, 9)


def test_with_no_published_date_a_short_line_under_the_headline_that_prints_a_full_date_is_it() -> None:
    """An author line that ends on the date ("Jo Bright, Science correspondent, Thu 4 Sep 2025") dates the story:
    the anchor and the published date, with a note to check."""
    day, published, note = anchor_of("Probe found\n\nJo Bright, Science correspondent, Thu 4 Sep 2025\n\n"
                                     "Controllers regained contact with the probe early on Thursday, a day after "
                                     "it fell silent, and said its launch on 14 March 2026 was safe.")
    assert (day, published) == ("2025-09-04", "2025-09-04") and "Jo Bright" in note


def test_with_no_printed_date_a_posted_weekday_counts_from_the_first_date_the_story_prints() -> None:
    """Only "Posted: Tuesday, 6:40 p.m." at the top and "late Monday, June 9" in the story (2025 named later): the
    timeline counts from the Tuesday after it; the published date stays empty, the note says what was assumed."""
    day, published, note = anchor_of("Fares rise\n\nPosted: Tuesday, 6:40 p.m.\n\n"
                                     "The council voted late Monday, June 9, to raise fares for the first time since "
                                     "2018.\n\nRidership in 2025 is below forecast.")
    assert (day, published) == ("2025-06-10", "") and "2025-06-10" in note


def test_with_no_printed_date_the_first_full_date_in_the_story_is_the_anchor_and_the_note_says_so() -> None:
    """With nothing at the top, the first date printed in full counts: the curator is told so."""
    day, published, note = anchor_of("Scanners\n\nThe port began using 12 scanners on March 3, 2025, its "
                                     "director said on Friday.")
    assert (day, published) == ("2025-03-03", "") and "latest date" in note


def test_with_no_date_at_all_the_timeline_keeps_printed_years_and_the_note_says_why() -> None:
    """No date anywhere ("on Tuesday" everywhere): no anchor, so weekdays are not guessed; printed years stay and
    the metadata's note asks for the published date."""
    data = draft("Mill closes\n\nThe mill closed on Tuesday after 140 years, having opened in 1885. Workers were told "
                 "on Monday.\n", "x")
    assert [t["date"] for t in data.data["timeline"]] == ["1885"]
    assert "no date found" in data.notes["metadata/published"]
    day, published, note = anchor_of("Mill closes\n\nThe mill closed on Tuesday.")
    assert (day, published) == ("", "") and "no date found" in note


def test_a_guessed_year_is_checked_against_the_weekday_the_lead_names() -> None:
    """A dateline's "17 November" whose year was guessed (2024, the latest the text names) but whose lead says
    "on Monday": 17 November 2024 is a Sunday, and a lead reports its day or the two before, so the year is the
    one after the latest named, when 17 November is a Monday. A lead's weekday two days before its dateline keeps
    the guess (an obituary's "died on Wednesday" under a Friday), and so does a printed year."""
    lead = ("HOLT, Wales, 17 November (Albion Press) – Hundreds spent a second night away from home on Monday "
            "after a dam spillway failed. An inspection in March 2024 had found cracks.")
    assert anchor_of(f"Dam\n\n{lead}", "2024-11-17")[:2] == ("2025-11-17", "2025-11-17")
    assert anchor_of(f"Dam\n\n{lead}", "2024-11-17", year_printed=True)[:2] == ("2024-11-17", "2024-11-17")
    assert anchor_of(f"Dam\n\n{lead.replace('Monday', 'Friday')}", "2024-11-17")[0] == "2024-11-17"
    assert anchor_of(f"Dam\n\nPublished 17 November 2024\n\n{lead}", "2024-11-17")[0] == "2024-11-17"


def test_a_year_printed_in_the_dateline_itself_is_kept() -> None:
    """"HOLT, Wales, 17 November 2024 (Albion Press) –" prints its year: the lead's weekday changes nothing."""
    lead = ("HOLT, Wales, 17 November 2024 (Albion Press) – Hundreds spent a second night away from home on Monday "
            "after a dam spillway failed.")
    assert anchor_of(f"Dam\n\n{lead}", "2024-11-17")[0] == "2024-11-17"


def test_a_dateline_with_no_year_in_a_text_with_none_takes_the_latest_year_that_fits_its_weekday() -> None:
    """"March 4 (Wire) - ... on Tuesday" with no year anywhere: the latest year on or before the day the draft is
    made in which March 4 is the Tuesday or up to two days after it (a lead reports its day or the two before);
    without a weekday, the latest year that puts it before today. The published date is that guess, noted."""
    today = datetime.date(2025, 12, 1)
    assert latest_fitting(datetime.date(2000, 3, 4), {"tuesday"}, today) == datetime.date(2025, 3, 4)
    assert latest_fitting(datetime.date(2000, 3, 4), {"friday"}, today) == datetime.date(2023, 3, 4)
    assert latest_fitting(datetime.date(2000, 12, 20), set(), today) == datetime.date(2024, 12, 20)
    paragraphs = ["Talks end", "March 4 (Wire) - Talks ended on Tuesday without a deal. They resume next month."]
    found = find_anchor(paragraphs, paragraphs[1:], "", today=today)
    assert (found.day, found.published) == (datetime.date(2025, 3, 4), "2025-03-04") and "check" in found.note


def test_with_no_printed_date_the_latest_full_date_not_told_as_ahead_is_the_anchor() -> None:
    """A story reports the latest day it tells of: "opened on June 1, 1961, and closed on March 3, 2025" counts from
    2025, not 1961; a date told as ahead ("polls open on May 5, 2025") is left out unless every date is."""
    sentences = ["The library opened on June 1, 1961.", "It closed on March 3, 2025, after a vote.",
                 "A referendum will be held on May 5, 2025."]
    assert printed_dates(sentences) == [datetime.date(1961, 6, 1), datetime.date(2025, 3, 3)]
    assert printed_dates(sentences[2:]) == [datetime.date(2025, 5, 5)]
    day, published, _ = anchor_of("Library\n\n" + "\n\n".join(sentences))
    assert (day, published) == ("2025-03-03", "")
