"""The anchor of an article's timeline: the date its weekdays and relative dates ("on Tuesday", "last month") count
from. The published date when it is printed; else the best date the text gives, with a note for the curator."""
from __future__ import annotations

import datetime
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from dateutil import parser as dateutil_parser

from bot.authoring.dates import full_date, on_lead_day, tense_near
from bot.authoring.text import SENTENCE_END

__all__ = ["Anchor", "dated_weekday", "find_anchor", "latest_fitting", "printed_dates", "weekday_year"]

_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|March|Mar|April|Apr|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?"
          r"|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
# a weekday printed with its month and day but no year: "late Monday, June 9", "on Tuesday 4 March"
_DATED_WEEKDAY = re.compile(rf"\b{_WEEKDAY},?\s+(?P<day>{_MONTH}\s+{_DAY}|{_DAY}(?:\s+of)?\s+{_MONTH})(?!\w)"
                            r"(?!,?\s+\d)")
# a top line that gives only the weekday it was posted on: "Posted: Tuesday, 6:40 p.m.", "Updated Tuesday"
_POSTED_WEEKDAY = re.compile(rf"^(?:(?:first\s+|last\s+)?(?:posted|published|updated|filed)\b:?\s*(?:on\s+)?)"
                             rf"{_WEEKDAY}\b", re.IGNORECASE)
_WEEKDAY_WORD = re.compile(_WEEKDAY)
# a dateline whose month-day prints no year: "March 4 (Reuters) - ...", "GENEVA, 4 March (Wire) – ..."
_YEARLESS_DATELINE = re.compile(rf"^(?:[A-Z][\w.’' -]{{0,40}}?,\s*)*(?P<day>{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})"
                                r"(?!,?\s+\d)\s*(?:\([^)]{1,40}\)\s*)?(?:—|–|--|-)\s")
_YEAR = re.compile(r"(?<![\w$£€.,])((?:1[7-9]|20)\d\d)(?![\w%]|[.,]\d)")
_TOP = 8  # the dateline, byline and date lines sit within the first paragraphs
_LINE_MAX = 100  # a byline or date line is short


@dataclass
class Anchor:
    day: datetime.date | None
    published: str  # the published date for the metadata, YYYY-MM-DD or "" when nothing prints it
    note: str  # what the curator should check; "" when the published date was printed


def weekday_year(month: int, day: int, weekday: str, years: Counter[int]) -> int | None:
    """The year in which a month-day printed without one falls on the weekday printed with it ("Monday, June 9"):
    among the years the text names and the one after the latest (news tells its own day after the past it names),
    the one named most, then the latest; None when none fits."""
    if not years:
        return None
    wanted = _WEEKDAY_NAMES.index(weekday.lower())
    fits = []
    for year in {*years, max(years) + 1}:
        try:
            if datetime.date(year, month, day).weekday() == wanted:
                fits.append(year)
        except ValueError:  # February 29 outside a leap year
            continue
    return max(fits, key=lambda y: (years[y], y)) if fits else None


def _parse(span: str) -> datetime.date | None:
    try:
        return dateutil_parser.parse(span, default=datetime.datetime(2000, 1, 1)).date()
    except (ValueError, OverflowError):
        return None


def dated_weekday(text: str, years: Counter[int]) -> tuple[int, datetime.date] | None:
    """The first weekday printed with its month-day and no year ("late Monday, June 9"), dated in the year that
    makes the weekday right (see weekday_year), and where it is in the text."""
    for m in _DATED_WEEKDAY.finditer(text):
        day = _parse(m["day"])
        year = weekday_year(day.month, day.day, m["weekday"], years) if day is not None else None
        if day is not None and year is not None:
            return m.start(), day.replace(year=year)
    return None


def _top_lines(paragraphs: Sequence[str], sentences: bool = False) -> list[str]:
    """The short lines under the headline: bylines, date lines, stamps; with `sentences`, also those that end as
    a sentence does ("Posted: Tuesday, 6:40 p.m.")."""
    return [line.strip() for para in paragraphs[1:_TOP] for line in para.splitlines() if line.strip()
            and len(line.strip()) <= _LINE_MAX and (sentences or not line.strip().endswith(SENTENCE_END))]


def _first_sentence(paragraphs: Sequence[str]) -> str:
    para = next((p for p in paragraphs[1:_TOP] if p.endswith(SENTENCE_END) and len(p) > _LINE_MAX), "")
    return re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", para, maxsplit=1)[0]


def _checked_year(day: datetime.date, paragraphs: Sequence[str], years: Counter[int]) -> datetime.date:
    """A published date whose year no top line prints (a dateline's "17 November"): a lead reports the day it is
    filed or the two before, so when the story's first sentence names weekdays and none of them is the day or one
    of the two before it in its guessed year, the year in which the day is one of them, among the years the text
    names and the one after the latest, nearest the guess."""
    tops = [*_top_lines(paragraphs, sentences=True), *(p[:_LINE_MAX] for p in paragraphs[1:_TOP])]
    if any((found := full_date(line)) is not None and found[1] == day for line in tops):
        return day  # printed: "Updated May 14, 2026, 9:10 a.m.", "BOSTON, June 3, 2025 (AP) — ..."
    named = {w.lower() for w in _WEEKDAY_WORD.findall(_first_sentence(paragraphs))}
    if not named or any(on_lead_day(day, _WEEKDAY_NAMES.index(w)) for w in named):
        return day
    fits = [y for w in named if (y := weekday_year(day.month, day.day, w, years + Counter([day.year]))) is not None]
    return day.replace(year=min(fits, key=lambda y: (abs(y - day.year), -y))) if fits else day


def latest_fitting(day: datetime.date, weekdays: set[str], today: datetime.date) -> datetime.date | None:
    """A month-day whose year nothing in the text gives, in the latest year that puts it on or before `today` (a
    draft is made soon after its article) and, when the lead names weekdays, on one of them or up to two days after
    one (a lead reports its day or the two before); None past eight years back."""
    for year in range(today.year, today.year - 8, -1):
        try:
            found = day.replace(year=year)
        except ValueError:  # February 29
            continue
        fits = not weekdays or any(on_lead_day(found, _WEEKDAY_NAMES.index(w)) for w in weekdays)
        if found <= today and fits:
            return found
    return None


def _yearless_dateline(paragraphs: Sequence[str], today: datetime.date) -> datetime.date | None:
    """The date of a dateline that prints no year in a text that names none: see latest_fitting."""
    for para in paragraphs[1:_TOP]:
        m = _YEARLESS_DATELINE.match(para)
        day = _parse(m["day"]) if m is not None else None
        if day is not None:
            lead = re.split(r"(?<=[.!?])\s+", para, maxsplit=1)[0]
            return latest_fitting(day, {w.lower() for w in _WEEKDAY_WORD.findall(lead)}, today)
    return None


def printed_dates(sentences: Sequence[str]) -> list[datetime.date]:
    """The dates a story prints in full ("on March 3, 2025"), the first of each sentence, leaving out those told in
    the future tense ("polls open on May 5, 2025") unless every one is."""
    told = []
    for s in sentences:
        found = full_date(s)
        if found is not None:
            at = s.find(found[0])
            told.append((found[1], tense_near(s, at, at + len(found[0])) == "future"))
    return [day for day, ahead in told if not ahead] or [day for day, _ in told]


def find_anchor(paragraphs: Sequence[str], sentences: Sequence[str], published: str,
                year_printed: bool = False, today: datetime.date | None = None) -> Anchor:
    """The anchor of the timeline, and the published date and the note the metadata should carry.

    - A published date (its year checked against the lead's weekdays unless `year_printed`, see _checked_year).
    - Else a full date in a short line under the headline ("Jane Doe, Science correspondent, Thu 4 Sep 2025"): the
      published date.
    - Else the latest of: the dates printed in full in the story, not told as ahead (a story reports the latest
      day it tells of; "opened on June 1, 1961, and closed on March 3, 2025" is 2025), a weekday printed with its
      month-day ("late Monday, June 9"); a "Posted: Tuesday" line moves it on to that weekday. The published date
      stays empty (nothing prints it) and the note says what the timeline counts from.
    - Else a dateline's month-day with no year anywhere in the text: the latest year before `today` that fits the
      lead's weekday (see latest_fitting), as the published date, with a note to check it.
    - Else None: only printed years and dates reach the timeline, and the note says so.
    """
    text = "\n".join(paragraphs)
    years = Counter(int(y) for y in _YEAR.findall(text))
    try:
        day = datetime.date.fromisoformat(published)
    except ValueError:
        day = None
    if day is not None:
        checked = day if year_printed else _checked_year(day, paragraphs, years)
        note = "" if checked == day else f"the year is not printed; {checked.year} is the one the lead's weekday fits"
        return Anchor(checked, checked.isoformat(), note)
    lines = _top_lines(paragraphs)
    for line in lines:
        found = full_date(line)
        if found is not None:
            return Anchor(found[1], found[1].isoformat(), f"read from the line {line!r}")
    options = printed_dates(sentences)
    weekday_dated = dated_weekday("\n".join(sentences), years)
    options += [weekday_dated[1]] if weekday_dated is not None else []
    if not options:
        guessed = _yearless_dateline(paragraphs, today or datetime.date.today())
        if guessed is not None:
            return Anchor(guessed, guessed.isoformat(), "the dateline prints no year and the text names none: "
                                                        f"{guessed.year} is the latest that fits its weekday; check")
        return Anchor(None, "", "no date found: weekdays and relative dates are left out of the timeline")
    start = max(options)
    posted = next((m for line in _top_lines(paragraphs, sentences=True) if (m := _POSTED_WEEKDAY.match(line))), None)
    if posted is not None:
        ahead = (_WEEKDAY_NAMES.index(posted["weekday"].lower()) - start.weekday()) % 7
        start += datetime.timedelta(days=ahead)
        return Anchor(start, "", f"not printed; the timeline counts from {start.isoformat()}, the {posted['weekday']}"
                                 " the story was posted on after the latest date it prints")
    return Anchor(start, "", f"not printed; the timeline counts from {start.isoformat()}, the latest date the story "
                             "prints that is not ahead of it")
