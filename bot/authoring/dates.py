"""Dates in a news article: the dateline and byline at its top, and the precise dates its sentences mention."""
from __future__ import annotations

import datetime
import logging
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from dateutil import parser as dateutil_parser
from dateutil.easter import easter
from dateutil.relativedelta import FR, MO, SA, SU, TH, TU, WE, relativedelta

from bot.authoring.given_names import is_given_name
from bot.core.answer.language import common, parts_of_speech, past_form, present_form

__all__ = ["DateMention", "Dateline", "dates_in", "full_date", "on_lead_day", "read_dateline", "relative_dates",
           "stamp_line", "tense_near"]

log = logging.getLogger(__name__)

_MONTH_NAME = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH = rf"(?:{_MONTH_NAME}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?)"
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS = (MO, TU, WE, TH, FR, SA, SU)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?:1[7-9]\d\d|20\d\d)(?!\d)"
_ON_WEEKDAY = rf"(?:{_WEEKDAY},?\s+)?"
_TO_DAY = r"(?:\s*[-–]\s*(?:[12]\d|3[01]|0?[1-9])(?!\d))?"  # the end of a range in one month ("March 3-5, 2025")
_STEP = r"this|next|last|coming|past|previous"

# The precise forms, longest first so that "March 3, 2025" is not read as "March 3".
# holidays with a fixed day, and those counted from Easter or by weekday (as dateutil and the calendar give them)
_FIXED_HOLIDAYS = {"christmas": (12, 25), "christmas eve": (12, 24), "christmas day": (12, 25), "boxing day": (12, 26),
                   "new year's eve": (12, 31), "new year’s eve": (12, 31), "new year's day": (1, 1),
                   "new year’s day": (1, 1), "valentine's day": (2, 14), "valentine’s day": (2, 14),
                   "halloween": (10, 31), "independence day": (7, 4), "st. patrick's day": (3, 17),
                   "st. patrick’s day": (3, 17), "bastille day": (7, 14), "armistice day": (11, 11),
                   "veterans day": (11, 11), "remembrance day": (11, 11)}
_EASTER_HOLIDAYS = {"good friday": -2, "easter sunday": 0, "easter day": 0, "easter": 0, "easter monday": 1}
_HOLIDAY = (r"(?:Christmas\s+(?:Eve|Day)|(?<=[Aa]t\s)Christmas|(?<=[Oo]ver\s)Christmas|(?<=[Ss]ince\s)Christmas"
            r"|(?<=[Bb]efore\s)Christmas|(?<=[Aa]fter\s)Christmas|(?<=[Uu]ntil\s)Christmas|(?<=[Bb]y\s)Christmas"
            r"|(?<=[Ll]ast\s)Christmas|(?<=[Nn]ext\s)Christmas|(?<=[Tt]his\s)Christmas|Boxing\s+Day|New\s+Year[’']s\s+(?:Eve|Day)|Valentine[’']s\s+Day|Halloween"
            r"|Independence\s+Day|St\.\s+Patrick[’']s\s+Day|Bastille\s+Day|Armistice\s+Day|Veterans\s+Day"
            r"|Remembrance\s+Day|Good\s+Friday|Easter(?:\s+(?:Sunday|Day|Monday))?|Thanksgiving(?:\s+Day)?)")
_ORDINAL_WORDS = {word: n for n, word in enumerate(
    ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
     "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
     "twentieth"), 1)}
_ORDINAL_WORDS.update({f"twenty-{w}": 20 + n for w, n in list(_ORDINAL_WORDS.items())[:9]})
_ORDINAL_WORDS.update({"thirtieth": 30, "thirty-first": 31})
_WORD_DAY = "|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))
_FULL_DATE = re.compile(
    rf"\b(?P<iso>\d{{4}}-[01]\d-[0-3]\d)(?!\d)"
    rf"|\b(?P<wordday>(?i:{_WORD_DAY})\s+of\s+{_MONTH}(?:,?\s+{_YEAR})?)"
    rf"|\b{_ON_WEEKDAY}(?P<mdy>{_MONTH}\s+{_DAY}{_TO_DAY}(?:,?\s+{_YEAR})?)"
    rf"|\b{_ON_WEEKDAY}(?P<dmy>{_DAY}{_TO_DAY}(?:\s+of)?\s+{_MONTH}(?:,?\s+{_YEAR})?|{_DAY}-{_MONTH}-{_YEAR}\b)"
    rf"|\b(?P<my>{_MONTH}(?:\s+of)?,?\s+{_YEAR})"
    rf"|\b(?:(?P<hstep>[Ll]ast|[Nn]ext|[Tt]his)\s+)?(?P<holiday>{_HOLIDAY})(?:\s+(?P<hyear>{_YEAR}))?(?![’']s\s+[a-z]|\w)"
    rf"|(?<!every )(?<!each )\b(?:(?P<rel>last|next|this|coming|past)\s+)?(?P<weekday>{_WEEKDAY})\b(?!s)"
    rf"|\b(?P<relday>[Yy]esterday|[Tt]omorrow|[Tt]oday|[Tt]onight|(?:this|[Ll]ast)\s+(?:morning|afternoon|evening|night))"
    rf"\b(?![’']s)"
    rf"|\b(?P<endof>(?:end|start|beginning|middle)\s+of\s+the\s+(?P<endperiod>month|year))\b"
    rf"|(?:(?<=\bthe\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-))(?P<decade>1[7-9]\d0|20\d0)s\b"
    rf"|(?<![Tt]he )\b(?P<relperiod>(?P<step>this|next|last)\s+(?P<period>month|year))\b(?![’']s)"
    rf"|\b(?:(?P<pstep>{_STEP}|the)\s+)(?:(?P<season>spring|summer|autumn|fall|winter)|(?P<quarter>first|second"
    rf"|third|fourth)\s+quarter)\b(?!\s+(?:of|in)\b|\s+\d|[’'])"
    rf"|\b(?:on|by|until|till|from|since|before|after)\s+the\s+(?P<ordinal>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b"
    rf"(?=\s*(?:[.,;:!?)]|$)|\s+(?:and|or|to|at|in|when|if|after|before|until|through)\b)"
    rf"|\b(?P<month>{_MONTH_NAME})\b(?!\s+(?:of\s+)?\d|[’'])"
    rf"|(?<![\w$£€#.,/:’'])(?P<year>{_YEAR})(?![\w%]|[.,]\d|/\d{{1,2}}(?!\d)|[-–]\d(?!\d))")
_HAS_YEAR = re.compile(rf"(?<!\d){_YEAR}")
# a decade is a date after a word of time ("since the 1990s", "in the late 1980s"), not "music of the 1990s"
_DECADE_CUE = re.compile(r"\b(?:in|since|during|until|till|by|through|from|before|after|to)\s+the\s+"
                         r"(?:(?:early|late)\s+|mid-)?$", re.IGNORECASE)
# the next date of a list or range that prints the year they share ("on Jan. 9 and again on Jan. 23, 2025")
_LIST_ITEM = rf"\s*(?:,|,?\s+(?:and|or|to|through|until))\s+(?:again\s+)?(?:on\s+)?{_ON_WEEKDAY}"
_LIST_DAY = rf"(?:{_MONTH}\s+{_DAY}|{_DAY}(?:\s+of)?\s+{_MONTH})"
_LIST_YEAR = re.compile(rf"(?:{_LIST_ITEM}{_LIST_DAY}(?!,?\s+{_YEAR}))*{_LIST_ITEM}(?P<next>{_LIST_DAY}),?\s+"
                        rf"(?P<year>{_YEAR})")
_RANGE_WORD = re.compile(r"\s*(?:[-–]|to|through|thru|until|till)\s*")
_RANGE_END = re.compile(r"\s*[-–]\s*\d{1,2}(?!\d)")
# "6 November last year", "in May next year", "from October 7 to November 29 last year"
_STEP_YEAR = re.compile(rf"(?:{_LIST_ITEM}{_LIST_DAY})?\s+(?P<step>{_STEP})\s+year\b")
_RANGE_YEAR = re.compile(rf"\s*(?:and|to|through|until|-|–)\s+{_MONTH_NAME}\s+(?:of\s+)?(?P<year>{_YEAR})")
_YEAR_IN_TEXT = re.compile(r"(?<![\w$£€.,])((?:1[7-9]|20)\d\d)(?![\w%]|[.,]\d)")

_SEASON_END = re.compile(r"[-–](\d\d)(?!\d)")  # the next year's last two figures after a year: "1998-99"
_SEASON_CUE = re.compile(r"\b(?:in|during|since|from|until|till|through|between)\s+$")  # "in 1998-99": a time
# A bare year is a year after these words ("in 2019", "the 2019 budget", "between 2019 and 2021", "mid-2024").
_DESCRIBED_YEAR_BEFORE = re.compile(r"\b(?:[Aa]n?|[Tt]he|[Tt]hat|[Tt]his|[Ii]ts|[Tt]heir|[Hh]is|[Hh]er|[Oo]ur)\s+"
                                    r"(?P<words>(?:[a-z-]+\s+){0,2})$")
_NOUN_AFTER_YEAR = re.compile(r"\d{4}\s+(?!people\b|of\b)[a-z]{3,}\b")
_YEAR_CUES = frozenset({
    "in", "since", "by", "until", "till", "from", "of", "during", "before", "after", "through", "to", "between",
    "and", "or", "early", "late", "mid", "mid-", "around", "circa", "the", "fiscal", "year", "spring", "summer",
    "autumn", "fall", "winter", "for", "than",
    "q1", "q2", "q3", "q4", "h1", "h2", "fy", "’s", "'s", "its", "their", "his", "her", "a", "both", "either",
    "whose", "our"})

# A month named alone is a date after these words ("in March", "by the end of September", "early June").
_MONTH_CUES = frozenset({
    "in", "since", "by", "until", "till", "from", "during", "before", "after", "through", "to", "between", "and",
    "or", "early", "late", "mid", "mid-", "of", "last", "next", "this", "coming", "past", "previous"})
# "yesterday", "today", "tonight", "this morning", "last night": days from the anchor
_RELATIVE_DAYS = {"yesterday": -1, "tomorrow": 1, "today": 0, "tonight": 0, "this": 0, "last": -1}
_STEPS = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1, "this": 0}
# A season or quarter is dated by the year of a month in it.
_PART_MONTH = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12, "first": 1, "second": 4, "third": 7,
               "fourth": 10}
# After these a cue word is a noun ("the plan", "its set"), no tense.
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "your", "my", "whose",
                          "every", "each", "no"})
_MONTH_NUMBER = {name: n for n, name in enumerate(("january", "february", "march", "april", "may", "june", "july",
                                                   "august", "september", "october", "november", "december"), 1)}

# Words that put a plain weekday after the publication date ("will vote Tuesday", "is scheduled for Friday"); the
# modals stop the search for a cue ("must draw a map by Dec. 20", "would meet on Thursday").
_FUTURE_CUES = frozenset({
    "will", "won't", "shall", "’ll", "'ll", "next", "upcoming", "coming", "scheduled", "planned", "planning", "plans",
    "plan", "expected", "set", "due", "goes", "meets", "begins", "starts", "opens", "closes", "ends", "resumes",
    "until", "going", "tomorrow", "would", "must", "should", "can", "might", "expect", "expects", "forecast",
    "forecasts", "payable", "slated", "pencilled", "penciled", "earmarked"})
# a cue next to "than" compares ("longer than planned", "no earlier than 15 September"): no time of its own
_COMPARED = frozenset({"earlier", "later", "sooner", "before"})
# a date right after one of these and "to"/"until" is where something was moved, ahead of when it was told ("had
# been moved to October", "postponed until March", "pushed back to June")
_DELAYS = frozenset({"moved", "postponed", "delayed", "pushed", "deferred", "rescheduled", "put", "brought",
                     "adjourned", "extended", "shifted"})
_DELAY_TO = frozenset({"to", "until", "till", "back", "forward", "off", "into"})
_PAST_WORDS = frozenset({  # past forms that are other words too, and past cues; language.past_form knows the rest
    "was", "were", "had", "did", "broke", "cut", "fell", "hit", "left", "put", "quit", "rose", "saw", "shut", "spoke",
    "thought", "yesterday", "last", "ago", "earlier"})
# a participle after these is an adjective ("will be published", "would stay closed through the summer")
_PASSIVE = frozenset({"be", "being", "stay", "stays", "remain", "remains", "become", "get"})
_UNSURE = frozenset({"could"})
# words of intent or duty before "to" and a verb (see _intended)
_INTENT = frozenset({"ordered", "order", "orders", "asked", "asks", "required", "requires", "hoped", "hopes", "hope",
                     "planned", "plans", "plan", "aims", "aim", "aimed", "expects", "booked", "agreed", "agrees",
                     "promised", "promises", "pledged", "vowed", "decided", "voted", "wants", "wanted", "intends",
                     "intended", "proposed", "proposes", "proposal", "deadline", "needs", "ready", "preparing"})
# a past form after these is a bare verb ("would cut prices from Nov. 16"): the modal tells the time
_MODALS = frozenset({"will", "would", "shall", "should", "must", "can", "could", "may", "might", "’ll", "'ll"})
_WAS = frozenset({"was", "were"})
_LEAD_DAYS = 2  # a lead's weekday is the day a story is filed or one of the two before
_PRONOUNS = frozenset({"i", "we", "you", "they", "he", "she", "it"})
# words a participle describing a noun may follow ("set out detailed targets"), where a verb's subject would not
_PARTICLES = frozenset({"out", "up", "with", "of", "for", "on", "in", "at", "by", "from", "about", "into", "over",
                        "new", "more", "most", "all", "some", "any", "no", "fewer", "less"})
_NOT_VERBS = frozenset({"indeed", "hundred", "speed", "need", "seed", "feed", "breed", "greed", "weed", "shed",
                        "bed", "red", "bred", "proceed", "exceed", "succeed", "deed", "steed", "creed"})
_NOT_SUPERLATIVE = frozenset({"harvest", "interest", "forest", "contest", "protest", "request", "conquest",
                              "honest", "modest", "earnest", "manifest", "suggest", "arrest", "invest", "digest"})
_CLAUSE_STOP = re.compile(r"\.(?!\d)|[;!?—–()“”\"]|,\s+(?:and|but|while|whereas)\b")

# a dateline's day, month first or day first, with or without its year; and what follows it: an agency in brackets,
# then the dash before the story
_DATELINE_DAY = rf"{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?|{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?"
_AGENCY_DASH = r"\s*(?:\((?P<agency>[^)]{1,40})\)\s*)?(?:—|–|--|-)\s+\S"
_DATELINE = re.compile(r"^(?P<place>[A-Z][A-Z.’'-]+(?:\s+[A-Z][A-Z.’'-]+){0,3})"
                       r"(?:,\s*(?P<region>[A-Z][\w.’' ]{1,30}?))??"
                       r"(?:/[A-Z][A-Z.’'-]+(?:\s+[A-Z][A-Z.’'-]+){0,3}(?:,\s*[A-Z][\w.’' ]{1,30}?)??)*"
                       rf"(?:,\s*(?P<day>{_DATELINE_DAY}))?"
                       r"\s*(?:\((?P<agency>[^)]{1,40})\)|/(?P<wire>[^/]{2,40})/)?\s*(?:—|–|--|-)\s+\S")
# a dateline whose place is in title case, told by the date that follows it ("Paris, March 4 (AFP) -", "Washington,
# D.C. — Tuesday, March 4, 2025 —")
_TITLE_DATELINE = re.compile(rf"^(?P<place>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){{0,2}})"
                             rf"(?:,\s*(?P<region>[A-Z][\w.’' ]{{1,30}}?))??(?:,\s*|\s+(?:—|–|--|-)\s+){_ON_WEEKDAY}"
                             rf"(?P<day>{_DATELINE_DAY}){_AGENCY_DASH}")
# a wire dateline without its place ("Sept 22 (Reuters) - ...", "4 March (Reuters) -"), or a paragraph opened by its
# full date and a dash ("March 4, 2025 — The council ...")
_DATED_OPENING = re.compile(rf"^(?:{_ON_WEEKDAY})?(?P<day>{_DATELINE_DAY}){_AGENCY_DASH}")
_BYLINE = re.compile(r"^(?:written\s+|posted\s+|story\s+|words\s+)?by[:\s]\s*(?P<rest>.+)$", re.IGNORECASE)
_DATE_LINE = re.compile(r"^(?:this\s+(?:article|story|page|post)\s+(?:was|is)\s+)?"
                        r"(?P<kind>(?:first\s+|last\s+|originally\s+)?(?:published|updated|posted|modified|issued"
                        r"|dated|date)(?=\W))?(?:\s+on)?:?\s*(?P<when>.+)$", re.IGNORECASE)
_DATE_KIND = re.compile(r"(?:first\s+|last\s+|originally\s+)?(?:published|updated|posted|modified|issued)\b",
                        re.IGNORECASE)
_SHORT_WEEKDAY = r"(?:Mon|Tues?|Wed|Thu(?:rs?)?|Fri|Sat|Sun)\.?"
# what may come before the date of a date line: a time of day and its zone, a weekday ("4:12 PM EST, Tue March 3")
_STAMP_LEAD = re.compile(rf"(?:at\s+)?(?:(?:\d{{1,2}}[:.]\d\d(?:\s*[aApP]\.?[mM]\.?)?|\d{{1,2}}\s*[aApP]\.?[mM]\.?)"
                         rf"(?:\s*\(?[A-Z]{{2,5}}\)?)?\s*[,|•·–—-]?\s*)?(?:(?:{_WEEKDAY}|{_SHORT_WEEKDAY}),?\s+)?")
# a numeric date in a date line: month first as in the US ("03/04/2025"), day first with dots or when it must be
_YEARLESS = re.compile(rf"(?P<day>{_MONTH}\s+{_DAY}|{_DAY}\s+{_MONTH})(?!,?\s+{_YEAR})")
# a year and a time run together when a page is copied ("March 4, 20253:42 PM GMTUpdated 2 hours ago")
_GLUED_TIME = re.compile(r"(?<=\b(?:19|20)\d\d)(?=\d{1,2}:\d\d)")
_YEAR_FIRST = re.compile(r"(?<![\d/.])(?P<year>(?:19|20)\d\d)(?P<sep>[/.])(?P<month>[01]?\d)(?P=sep)(?P<day>[0-3]?\d)"
                         r"(?![\d/.])")  # "2025/03/04", "2025.03.04"
_NUMERIC_DATE = re.compile(r"(?<![\d/.])(?P<a>[0-3]?\d)(?P<sep>[/.])(?P<b>[0-3]?\d)(?P=sep)"
                           r"(?P<year>(?:19|20)\d\d)(?!\d)")
_CAPS_AUTHOR = re.compile(r"^(?P<author>[A-Z][A-Z.’'-]+(?:\s+(?:(?:and|&)\s+)?[A-Z][A-Z.’'-]+)+)"
                          r"\s+(?P<rest>[A-Z][a-z].*)$")
_ROLE_WORDS = re.compile(r"\b(?:writer|reporter|correspondent|editor|staff|contributor|columnist|chief|special to"
                         r"|photographer|analyst|intern)\b", re.IGNORECASE)
# a byline without "By": a name and a role, and nothing else ("Jane Doe, rural affairs correspondent")
_NAME_AND_ROLE = re.compile(r"^(?P<name>[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){1,3}),\s+(?P<role>[\w’' -]{3,50})"
                            r"(?:,\s+(?P<when>.+))?$")
_SEPARATOR = re.compile(r"\s+[|•·]\s+")  # between the parts of a byline or date line ("Jane Doe · March 4, 2025")
_PARTS_MAX = 300  # a long line of parts ("By ..., Senior Correspondent, ... | Published ... | Updated ...")
_TIME = re.compile(r"[\s,|•·–—-]*(?:at\s+)?(?:\d{1,2}(?:[:.]\d\d)?\s*(?:[aApP]\.?[mM]\.?)?(?:\s*[A-Z]{2,5})?)?[\s.]*")
_TOP = 8  # the dateline and byline sit within the first paragraphs
_END = 3  # a "Last modified" line or a wire story's credit sits within the last paragraphs
_CREDIT = re.compile(r"^\(?(?i:(?:additional\s+)?(?:reporting|reported|writing|written)\s+by)\s+"
                     r"(?P<name>[A-Z][\w.’'-]+(?:\s+[A-Z][\w.’'-]+){0,3})")
_LINE_MAX = 100  # a byline or date line is short; a body sentence that mentions a date is not one


@dataclass
class Dateline:
    place: str
    publication: str
    published: datetime.date | None
    author: str


@dataclass
class DateMention:
    iso: str  # YYYY-MM-DD, YYYY-MM or YYYY
    label: str  # the span as written
    inferred: bool  # the year (or the whole date) is not printed next to it


_LEAP_YEAR = datetime.datetime(2000, 1, 1)  # fills a missing year or day; a leap year lets "Feb. 29" parse


def parse_span(span: str) -> datetime.date | None:
    """The date a calendar span names ("Sept. 11, 2001", "4th of July", "March 2025"), read by dateutil; a missing
    day is the 1st and a missing year 2000, for the caller to replace."""
    try:
        return dateutil_parser.parse(span, default=_LEAP_YEAR).date()
    except (ValueError, OverflowError):
        return None


def _iso(day: datetime.date, period: str) -> str:
    return f"{day.year:04d}-{day.month:02d}" if period == "month" else day.isoformat()


def nearest_year(day: datetime.date, anchor: datetime.date) -> datetime.date:
    """A month-day without its year in the year that puts it nearest the anchor ("December 28" near January 4)."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options.append(day.replace(year=year))
        except ValueError:  # February 29 outside a leap year
            continue
    return min(options, key=lambda d: abs((d - anchor).days))


def clause_around(sentence: str, start: int, end: int) -> tuple[str, str]:
    """The words of the clause before and after a span, up to the nearest punctuation that ends a clause."""
    stops = [m for m in _CLAUSE_STOP.finditer(sentence)]
    left = max((m.end() for m in stops if m.end() <= start), default=0)
    right = min((m.start() for m in stops if m.start() >= end), default=len(sentence))
    return sentence[left:start], sentence[end:right]


def _tense_of(word: str) -> str:
    word = word.lower().strip(",:")
    if word in _FUTURE_CUES:
        return "future"
    if word in _PAST_WORDS or (word.endswith("ed") and len(word) > 4 and word not in _NOT_VERBS) or past_form(word):
        return "past"
    return ""


def tense_near(sentence: str, start: int, end: int, after: bool = True) -> str:
    """"past", "future" or "" for a date span: the nearest tense cue before it in its clause, else (with `after`)
    the first one after it.

    "voted 7 to 2 on Monday" is past; "will vote on Thursday", "planned for Friday", "meets next on Monday" future.
    """
    before, rest = clause_around(sentence, start, end)
    earlier, later = before.split(), rest.split() if after else []
    words = earlier + later
    for n in [*range(len(earlier) - 1, -1, -1), *range(len(earlier), len(words))]:
        word = words[n].lower().strip(",:")
        if word in _UNSURE:
            return ""  # "could bring rain on Feb. 14", "could not sleep on Monday": either time, the calendar decides
        if _compared(words, n):
            continue
        if word in _DELAYS and _moved_to(earlier[n + 1:]):
            return "future"  # "the test had been moved to October"
        told = _told_ahead(earlier, n) if n < len(earlier) else ""
        if told:
            return told
        tense = _tense_of(word)
        previous = words[n - 1].lower() if n not in (0, len(earlier)) else ""
        if tense == "past" and previous in _PASSIVE | {"is", "are"}:
            continue  # "will be published on Monday", "before results are certified on October 24": a participle
            # after "be" or a present "is" says nothing of the time
        if tense == "past" and (previous == "to" or previous in _DETERMINERS and previous != "that"
                                or _describes(words, n)):
            continue  # "plans to cut prices from Nov. 16": an infinitive, the verb before it tells the time; "from
            # the affected lots by Dec. 19", "set out detailed targets": a participle that describes a noun
        if tense == "past" and previous in _MODALS:
            return "future"  # "would cut prices from Nov. 16"
        if tense == "future" and previous in _DETERMINERS and not (previous == "that" and word.endswith("s")):
            continue  # "learned of the plan in late October": a noun; "the year that ends Sept. 30" a verb
        if word == "set" and previous in _WAS and n + 1 < len(words) and words[n + 1].lower() not in ("to", "for"):
            return "past"  # "the fires were set on Feb. 21": a participle; "was set to open", "was due for", "were
            # expected in the regions from Feb. 18" look on
        if tense:
            return tense
    return ""


def _describes(words: Sequence[str], n: int) -> bool:
    """The n-th word, a past form, is an adjective before a noun ("set out detailed targets", "emailing affected
    users"), not a verb ("Congo suspended exports"): the dictionary has it as an adjective, a lower-case noun follows
    it, and a particle, preposition or verb's -ing form comes before it, where a verb's subject would be."""
    before = words[n - 1].lower() if n else ""
    after = words[n + 1] if n + 1 < len(words) else ""
    return (before in _PARTICLES or before.endswith("ing")) and "ADJ" in parts_of_speech(words[n].lower()) \
        and after.isalpha() and after.islower() and "NOUN" in parts_of_speech(after) and after not in _DETERMINERS


def _told_ahead(earlier: Sequence[str], n: int) -> str:
    """"past" for "until" after something that went on until then ("was working until early December"); "future"
    for a verb "to" puts after a word of intent or duty ("ordered it to submit a plan by June 30", "hoped to begin
    a trial in June"); else ""."""
    if earlier[n].lower() == "until" and _ended(earlier[max(0, n - 3):n]):
        return "past"
    return "future" if n and earlier[n - 1].lower() == "to" and _intended(earlier, n) else ""


def _ended(before: Sequence[str]) -> bool:
    """The words before "until" tell of something that went on until then, in the past ("was working until"):
    a past cue, not after "to", "is" or "be" ("due to last", "is closed", "stays shut") and with no word of delay
    ("was postponed until June" is still ahead) or of the future ("would keep it open until")."""
    lowered = [w.lower() for w in before]
    return not set(lowered) & (_DELAYS | _FUTURE_CUES) and any(
        _tense_of(w) == "past" and (i == 0 or lowered[i - 1] not in _PASSIVE | {"to", "is", "are"})
        for i, w in enumerate(lowered))


def _intended(words: Sequence[str], n: int) -> bool:
    """The n-th word is a verb "to" puts after a word of intent or duty, up to two words back ("ordered it to
    submit", "hoped to begin", "booked to headline", "a plan to upgrade"): what is meant to happen, after the
    telling."""
    return words[n].isalpha() and words[n].islower() and any(
        w.lower() in _INTENT for w in words[max(0, n - 4):n - 1])


def _moved_to(between: Sequence[str]) -> bool:
    """The words between a verb of delay and a date say where it was moved: "to", "until", "back to", "off until"
    ("postponed until March"); not "put off the decision twice, in December"."""
    lowered = [w.lower() for w in between]
    return lowered in (["to"], ["until"], ["till"], ["into"]) or (
        len(lowered) == 2 and lowered[0] in _DELAY_TO and lowered[1] in ("to", "until", "till", "into"))


def _compared(words: Sequence[str], n: int) -> bool:
    """The n-th word is a comparison's, no tense cue: "than" before it ("longer than planned on Wednesday") or
    after it ("no earlier than 15 September")."""
    following = words[n + 1].lower() if n + 1 < len(words) else ""
    return (n > 0 and words[n - 1].lower() == "than") or (words[n].lower() in _COMPARED and following == "than")


def weekday_tense(sentence: str, start: int, end: int) -> str:
    """Past or future for a plain weekday: what the words next to it say ("a rally for Saturday", "to reach Goa by
    Friday", "Saturday is the time trial" look on, unless its clause is in the past perfect), else its clause's
    tense (see tense_near); past when nothing says."""
    possessive = sentence.startswith(("’s", "'s"), end)  # "fined for Saturday's brawl": what happened on it
    ahead = _AHEAD_BEFORE.search(sentence, 0, start) and not possessive or _AHEAD_AFTER.match(sentence, end)
    if ahead and not re.search(r"\bhad\b", clause_around(sentence, start, end)[0]):
        return "future"  # (but "had been promised an answer by Friday": a past perfect looks back from a past day)
    return tense_near(sentence, start, end) or ("future" if _present_verb(clause_around(sentence, start, end)[0])
                                                else "past")


def _present_verb(before: str) -> bool:
    """The clause before a weekday has a verb in the present and no tense cue ("Brentford return to action on
    Wednesday", "Chennai travel to face Hyderabad on Friday", "with Stockport visiting on Tuesday"): news tells what
    is done on a day in the present only when the day is ahead. A word that is a noun too is a verb only after a
    name or a pronoun, its subject ("the return on Monday" is a noun, "we go on Tuesday" a verb), and so is an -ing
    form ("with Stockport visiting", not "and then dismissing Tasmania on Friday", a past story's participle). The
    verb nearest the weekday decides: "moves Brackenford above Millbrook, who drew on Friday" is past."""
    words = [w.strip(",:;\"“”") for w in before.split()]
    for n in range(len(words) - 1, -1, -1):
        word, previous = words[n], words[n - 1] if n else ""
        subject = previous[:1].isupper() and previous.lower() not in _DETERMINERS or previous.lower() in _PRONOUNS
        needs_subject = bool(parts_of_speech(word) & {"NOUN", "ADJ"}) or word.endswith("ing")
        if not word.islower() or needs_subject and not subject:
            continue
        if present_form(word):
            return True
        if "VERB" in parts_of_speech(word):
            return False
    return False


# a weekday something is called or due for, or begins on, is ahead: "a rally for Saturday", "to reach Goa by Friday",
# "a strike starting on Monday" (not "By Friday, 20 had died", opening the sentence); a weekday that is or will be
_AHEAD_BEFORE = re.compile(r"(?:\w[\w,]*\s+(?:for|by)|\b(?:starting|beginning)(?:\s+on)?)\s+$")
_AHEAD_AFTER = re.compile(r"\s+(?:is|will|’ll|'ll)\b")


def weekday_date(weekday: str, rel: str | None, tense: str, anchor: datetime.date) -> datetime.date:
    """The date of a weekday, by dateutil's relativedelta: "last"/"next" step strictly back or forward; a plain one
    is on or before the anchor in past tense ("voted Tuesday" in Tuesday's paper is that day) and on or after it in
    future tense."""
    day = _WEEKDAYS[_WEEKDAY_NAMES.index(weekday.lower())]
    if rel in ("last", "past"):
        return anchor - datetime.timedelta(days=1) + relativedelta(weekday=day(-1))
    if rel in ("next", "coming"):
        return anchor + datetime.timedelta(days=1) + relativedelta(weekday=day(+1))
    return anchor + relativedelta(weekday=day(+1 if tense == "future" else -1))


def month_year(month: int, step: str, tense: str, anchor: datetime.date) -> int:
    """The year of a month named without one: "last"/"next" step strictly back or forward from the anchor's month,
    "this" keeps its year; a past-tense month is the latest on or before the anchor's, a future one the first on or
    after it, else the nearest ("in December" near a January anchor is last December)."""
    if step == "this":
        return anchor.year
    if step in ("last", "past", "previous") or (not step and tense == "past"):
        later = month > anchor.month or (step != "" and month == anchor.month)
        return anchor.year - 1 if later else anchor.year
    if step in ("next", "coming") or tense == "future":
        earlier = month < anchor.month or (step != "" and month == anchor.month)
        return anchor.year + 1 if earlier else anchor.year
    return anchor.year - 1 if month - anchor.month > 6 else anchor.year + 1 if anchor.month - month > 6 else anchor.year


def _month_mention(m: re.Match[str], sentence: str, anchor: datetime.date) -> DateMention | None:
    """"in March", "by the end of September", "last December": a month named alone, after a word that makes it a
    date, in the year its tense or its step puts it."""
    words = sentence[:m.start()].split()
    cue = words[-1].lower() if words else ""
    as_far = len(words) > 2 and cue == "as" and words[-2].lower() in ("recently", "early", "late", "soon", "long")
    if cue not in _MONTH_CUES and not cue.endswith("mid-") and not _superlative(words) and not as_far:
        return None  # (but "as recently as August" dates the month)
    month = _MONTH_NUMBER[m["month"].lower()]
    step = cue if cue in _STEPS else ""
    shared = _RANGE_YEAR.match(sentence, m.end())  # "between January and May 2024": the range's year
    stepped = _STEP_YEAR.match(sentence, m.end())  # "in May next year"
    year = (int(shared["year"]) if shared else anchor.year + _STEPS[stepped["step"].lower()] if stepped else
            month_year(month, step, tense_near(sentence, m.start(), m.end()), anchor))
    return DateMention(f"{year:04d}-{month:02d}", m.group(0), True)


def _superlative(words: Sequence[str]) -> bool:
    """The words before a month end on a determiner and a superlative ("its driest August", "the busiest
    December"): that month is a date, the latest (or next) one as its tense says."""
    if len(words) < 2 or words[-2].lower() not in _DETERMINERS:
        return False
    word = words[-1].lower()
    return word in ("best", "worst") or (word.endswith("est") and len(word) > 5 and word not in _NOT_SUPERLATIVE)


def _period_mention(m: re.Match[str], anchor: datetime.date) -> DateMention:
    """"this month", "next month", "last year": the month or year one step from the anchor's; "by the end of the
    month", "the start of the year": the anchor's."""
    if m["endof"]:
        return DateMention(_iso(anchor, "month")[:7 if m["endperiod"] == "month" else 4], m.group(0), True)
    step = _STEPS[m["step"].lower()]
    if m["period"].lower() == "year":
        return DateMention(f"{anchor.year + step:04d}", m.group(0), True)
    month = anchor.month - 1 + step
    return DateMention(f"{anchor.year + month // 12:04d}-{month % 12 + 1:02d}", m.group(0), True)


def year_in_context(sentence: str, start: int) -> bool:
    """A bare number 1700-2099 is a year after a temporal word ("in 2019", "the 2019 budget", "mid-2024"), between
    a determiner's words and a noun ("a widely cited 2021 study", "that 2023 single") or opening its sentence or
    clause; not after a name ("Route 2020", "Room 2010") or a verb ("raised 2000")."""
    before = sentence[:start]
    if before.endswith(("-", "–")):  # "mid-2024" and "2019–2021", not "555-2019"
        return re.search(rf"(?:\bmid|{_YEAR})[-–]$", before, re.IGNORECASE) is not None
    words = before.split()
    if not words or before.rstrip().endswith((",", ";", ":")):  # "..., 2025 is the first year"
        return True
    last = words[-1].lower()
    opened = _DESCRIBED_YEAR_BEFORE.search(before)  # "a widely cited 2021 study", not "The firm has 2050 stores"
    described = opened and _NOUN_AFTER_YEAR.match(sentence, start) and all(
        parts_of_speech(w) & {"ADJ", "ADV"} or w.endswith("ed") for w in opened["words"].split())
    return last in _YEAR_CUES or last.endswith(("’s", "'s")) or bool(described)


def _mention(m: re.Match[str], sentence: str, anchor: datetime.date | None) -> DateMention | None:
    """The date one match of `_FULL_DATE` names, or None when it is not a date or needs an anchor it lacks."""
    label = m.group(0)
    if m["year"] or m["decade"]:
        return _year_mention(m, sentence)
    if m["iso"]:
        try:
            return DateMention(datetime.date.fromisoformat(label).isoformat(), label, False)
        except ValueError:
            return None
    if m["holiday"]:
        return _holiday_mention(m, sentence, anchor)
    if m["weekday"] or m["relday"] or m["relperiod"] or m["month"] or m["pstep"] or m["ordinal"] or m["endof"]:
        if anchor is None:
            return None
        if m["month"]:
            return _month_mention(m, sentence, anchor)
        if m["pstep"]:
            return _part_mention(m, sentence, anchor)
        if m["ordinal"]:
            return _ordinal_mention(m, sentence, anchor)
        if m["relperiod"] or m["endof"]:
            return _period_mention(m, anchor)
        day = (weekday_date(m["weekday"], m["rel"], weekday_tense(sentence, m.start(), m.end()), anchor)
               if m["weekday"] else anchor + datetime.timedelta(days=_RELATIVE_DAYS[m["relday"].lower().split()[0]]))
        return DateMention(day.isoformat(), label, True)
    return _span_mention(m, sentence, anchor)


def _year_mention(m: re.Match[str], sentence: str) -> DateMention | None:
    """A bare year in a context of time ("in 2019", "in 1998-99"), or a decade after a word of time ("since the
    1990s"), dated by its first year as a range by its first day."""
    if m["decade"]:
        return DateMention(m["decade"], m.group(0), False) if _DECADE_CUE.search(sentence, 0, m.start()) else None
    season = _SEASON_END.match(sentence, m.end())
    if season and (int(season[1]) != (int(m["year"]) + 1) % 100 or not _SEASON_CUE.search(sentence, 0, m.start())):
        return None  # "2025-03" is a month, read as one elsewhere; "in 1998-99" a time; "the 2019-20 season" a name
    return DateMention(m.group(0), m.group(0), False) if year_in_context(sentence, m.start()) else None


def _span_mention(m: re.Match[str], sentence: str, anchor: datetime.date | None) -> DateMention | None:
    """A month-day, day-month or month-year span: its printed year, the year its list prints ("Jan. 9 and again on
    Jan. 23, 2025"), the year "last year" steps to, else the one nearest the anchor its tense allows."""
    label = m.group(0)
    tense = tense_near(sentence, m.start(), m.end(), after=False)
    stepped = _STEP_YEAR.match(sentence, m.end()) if anchor is not None else None
    if stepped is not None and anchor is not None:  # "on 6 November last year": the middle of that year is nearest
        anchor, tense = datetime.date(anchor.year + _STEPS[stepped["step"].lower()], 7, 2), ""
    span = m["mdy"] or m["dmy"] or m["my"] or _digit_day(m["wordday"])
    shared = _LIST_YEAR.match(sentence, m.end()) if (m["mdy"] or m["dmy"]) and not _HAS_YEAR.search(span) else None
    if shared is not None:
        return _listed_mention(label, span, shared)
    told = told_year(sentence, m.start()) if (m["mdy"] or m["dmy"]) and not _HAS_YEAR.search(span) else None
    if told is not None and anchor is not None and stepped is None:  # "in 2027, when ... on Aug. 8"
        anchor, tense = datetime.date(told, 7, 2), ""
    found = _calendar_mention(label, span, "month" if m["my"] else "day", anchor, tense)
    return _on_its_weekday(found, label, anchor) if found and not _HAS_YEAR.search(span) else found


def _on_its_weekday(found: DateMention, label: str, anchor: datetime.date | None) -> DateMention:
    """A month-day printed with its weekday and no year ("on Friday, November 14") is in the year, of the anchor's
    and the two beside it, where that day is that weekday, the nearest the anchor: the weekday tells the year
    whatever the tense says."""
    weekday = next((i for i, name in enumerate(_WEEKDAY_NAMES) if label.lower().startswith(name)), None)
    if weekday is None or anchor is None or len(found.iso) != 10:
        return found
    month, day = int(found.iso[5:7]), int(found.iso[8:10])
    years = [y for y in (anchor.year, anchor.year - 1, anchor.year + 1) if _is_weekday(y, month, day, weekday)]
    if not years:
        return found
    best = min(years, key=lambda y: abs((datetime.date(y, month, day) - anchor).days))
    return DateMention(datetime.date(best, month, day).isoformat(), found.label, found.inferred)


def _is_weekday(year: int, month: int, day: int, weekday: int) -> bool:
    try:
        return datetime.date(year, month, day).weekday() == weekday
    except ValueError:  # February 29 in a year without one
        return False


_TOLD_IN = re.compile(r"\b(?:in|of|during)\s+(?:early\s+|late\s+|mid-)?$", re.IGNORECASE)
_AND = re.compile(r"\b(?:and|but|or)\b")


def told_year(sentence: str, start: int) -> int | None:
    """The one year the clause names before a month-day printed without its year, after "in" and not across an
    "and" ("will return in 2027, when the club hopes to play its first match there on Aug. 8"): the month-day is in
    it. None when it names none or several; not "new targets for 2028, and will report on Feb. 4", "has spent
    money since 2015 and will ask for more on 25 November"."""
    before, _ = clause_around(sentence, start, start)
    offset = start - len(before)
    years = {int(y[1]) for y in _YEAR_IN_TEXT.finditer(sentence, offset, start)
             if _TOLD_IN.search(sentence, max(0, y.start() - 20), y.start())
             and not _AND.search(sentence, y.end(), start)}
    return years.pop() if len(years) == 1 else None


def _digit_day(span: str | None) -> str:
    """"first of March" as "1 March", which dateutil reads."""
    if not span:
        return ""
    word, rest = span.split(None, 1)
    return f"{_ORDINAL_WORDS[word.lower()]} {rest}"


def _listed_mention(label: str, span: str, shared: re.Match[str]) -> DateMention | None:
    """A month-day whose year the next date of its list or range prints ("Jan. 9 and again on Jan. 23, 2025",
    "Dec. 28 to Jan. 3, 2026"): that year, the one before when that puts it after the next date."""
    day, after = parse_span(_RANGE_END.sub("", span)), parse_span(f"{shared['next']} {shared['year']}")
    if day is None or after is None:
        return None
    try:
        day = day.replace(year=after.year)
        day = day.replace(year=after.year - 1) if day > after else day
    except ValueError:  # February 29 in a year without one
        return None
    return DateMention(day.isoformat(), label, True)


def holiday_in(name: str, year: int) -> datetime.date:
    """The day a holiday falls on in a year: a fixed day, a day counted from Easter, or US Thanksgiving (the fourth
    Thursday of November)."""
    key = re.sub(r"\s+", " ", name.lower())
    if key in _FIXED_HOLIDAYS:
        return datetime.date(year, *_FIXED_HOLIDAYS[key])
    if key.startswith("thanksgiving"):
        return datetime.date(year, 11, 1) + relativedelta(weekday=TH(4))
    return easter(year) + datetime.timedelta(days=_EASTER_HOLIDAYS[key])


def _holiday_mention(m: re.Match[str], sentence: str, anchor: datetime.date | None) -> DateMention | None:
    """"on Christmas Day", "last Thanksgiving", "Easter 2024": the holiday in its printed year, else the year its
    step or tense gives (the nearest to the anchor, a year back when told in the past and after the anchor)."""
    if m["hyear"]:
        return DateMention(holiday_in(m["holiday"], int(m["hyear"])).isoformat(), m.group(0), False)
    if anchor is None:
        return None
    step = _STEPS.get((m["hstep"] or "").lower())
    if step is not None and step != 0:  # "next Christmas": the first after the anchor; "last": the last before it
        day = holiday_in(m["holiday"], anchor.year)
        day = holiday_in(m["holiday"], anchor.year + (0 if (day > anchor) == (step > 0) else step))
    else:
        day = min((holiday_in(m["holiday"], anchor.year + k) for k in (-1, 0, 1)), key=lambda d: abs(d - anchor))
        day = rolled(day, anchor, tense_near(sentence, m.start(), m.end()))
    return DateMention(day.isoformat(), m.group(0), True)


def _part_mention(m: re.Match[str], sentence: str, anchor: datetime.date) -> DateMention:
    """"in the spring", "last summer", "the third quarter": a season or quarter named without its year, dated by the
    year its step or tense gives a month in it."""
    step = m["pstep"].lower()
    month = _PART_MONTH[(m["season"] or m["quarter"]).lower()]
    year = month_year(month, "" if step == "the" else step, tense_near(sentence, m.start(), m.end()), anchor)
    return DateMention(f"{year:04d}", m.group(0), True)


def _ordinal_mention(m: re.Match[str], sentence: str, anchor: datetime.date) -> DateMention | None:
    """"on the 28th": a day of the anchor's month, of the month before when told in the past tense and after the
    anchor's day, of the month after when told in the future tense and before it."""
    day, tense = int(m["ordinal"]), tense_near(sentence, m.start(), m.end())
    month = anchor.month - 1 + (-1 if tense == "past" and day > anchor.day else
                                1 if tense == "future" and day < anchor.day else 0)
    try:
        found = datetime.date(anchor.year + month // 12, month % 12 + 1, day)
    except ValueError:  # "the 31st" of a shorter month
        return None
    return DateMention(found.isoformat(), m.group(0), True)


def _calendar_mention(label: str, span: str, period: str, anchor: datetime.date | None,
                      tense: str = "") -> DateMention | None:
    """A month-day, day-month or month-year span; a missing year is the one nearest the anchor, a year earlier when
    the verb before it is in the past tense and that puts it after the anchor ("accepted a pay freeze on Nov. 3" in
    a February paper), a year later when it is in the future tense and that puts it before."""
    has_year = _HAS_YEAR.search(span) is not None
    day = parse_span(_RANGE_END.sub("", span))
    if day is None or (not has_year and anchor is None):
        return None
    if not has_year and anchor is not None:
        day = rolled(nearest_year(day, anchor), anchor, tense)
    return DateMention(_iso(day, period), label, not has_year)


def rolled(day: datetime.date, anchor: datetime.date, tense: str) -> datetime.date:
    """`day` a year back when it is after the anchor but told in the past tense, a year on when it is before the
    anchor but told in the future tense; else `day` (February 29 stays where it is)."""
    shift = -1 if tense == "past" and day > anchor else 1 if tense == "future" and day < anchor else 0
    try:
        return day.replace(year=day.year + shift)
    except ValueError:
        return day


def dates_in(sentence: str, anchor: datetime.date | None) -> list[DateMention]:
    """The precise dates a sentence mentions, in order: full and partial calendar dates, ISO dates, weekdays and
    bare years. A date without its year takes the year nearest the anchor (usually the published date); weekdays and
    month-days are left out when there is no anchor."""
    out = []
    previous: re.Match[str] | None = None
    for m in _FULL_DATE.finditer(sentence):
        found = _mention(m, sentence, anchor)
        if found is not None and not (previous is not None and _range_end(sentence, previous, m)):
            out.append(found)
        previous = m if found is not None else previous
    if anchor is not None:
        out += [d for m in _NAMED_DAY.finditer(sentence) if (d := _named_day_mention(m, sentence, anchor))]
        out += week_mentions(sentence, anchor)
    return out


# Days named by a rule of the calendar rather than a date: a weekend (dated by its Saturday, as a range by its first
# day) and the holidays fixed on the n-th weekday of a month (US Labor Day, the first Monday of September)
_NTH_WEEKDAY_HOLIDAYS = {"labor day": (9, MO(1)), "labour day": (9, MO(1)), "memorial day": (5, MO(-1)),
                         "presidents day": (2, MO(3)), "presidents' day": (2, MO(3)), "presidents’ day": (2, MO(3)),
                         "martin luther king jr. day": (1, MO(3)), "martin luther king day": (1, MO(3)),
                         "columbus day": (10, MO(2)), "mother's day": (5, SU(2)), "mother’s day": (5, SU(2)),
                         "father's day": (6, SU(3)), "father’s day": (6, SU(3))}
_NAMED_DAY = re.compile(
    r"\b(?:(?P<wstep>this|next|last|coming|past|the)\s+(?P<weekend>weekend)(?![’']s\s+[a-z])\b"
    r"|(?P<nth>Labou?r\s+Day|Memorial\s+Day|Presidents[’']?\s+Day|Martin\s+Luther\s+King(?:\s+Jr\.)?\s+Day"
    r"|Columbus\s+Day|Mother[’']s\s+Day|Father[’']s\s+Day)(?:\s+(?P<nyear>(?:19|20)\d\d)(?!\d))?)")


def nth_weekday_holiday(name: str, year: int) -> datetime.date:
    """A holiday fixed on the n-th (or last) weekday of its month, by dateutil's relativedelta: Labor Day is the
    first Monday of September, Memorial Day the last Monday of May."""
    month, weekday = _NTH_WEEKDAY_HOLIDAYS[re.sub(r"\s+", " ", name.lower())]
    first = datetime.date(year, month, 1)
    return first + relativedelta(day=31 if weekday.n < 0 else 1, weekday=weekday)


def _named_day_mention(m: re.Match[str], sentence: str, anchor: datetime.date) -> DateMention | None:
    """"next weekend" (the first Saturday after the anchor), "last weekend" (the last before it), "this weekend"
    and "the weekend" (by the tense); "Labor Day" (in its printed year, else the one nearest the anchor that the
    tense allows)."""
    if m["weekend"]:
        step = m["wstep"].lower()
        rel = "next" if step == "next" else "last" if step in ("last", "past") else None
        tense = "future" if step in ("this", "coming") else tense_near(sentence, m.start(), m.end())
        return DateMention(weekday_date("saturday", rel, tense, anchor).isoformat(), m.group(0), True)
    if m["nyear"]:
        return DateMention(nth_weekday_holiday(m["nth"], int(m["nyear"])).isoformat(), m.group(0), False)
    day = min((nth_weekday_holiday(m["nth"], anchor.year + k) for k in (-1, 0, 1)), key=lambda d: abs(d - anchor))
    return DateMention(rolled(day, anchor, tense_near(sentence, m.start(), m.end())).isoformat(), m.group(0), True)


_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
           "fifty": 50}
_COUNT = (r"[Aa]n?|[Oo]ne|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|[Ee]leven|[Tt]welve"
          r"|[Ff]ifteen|[Tt]wenty|[Tt]hirty|[Ff]orty|[Ff]ifty|\d{1,2}")
_RELATIVE = re.compile(
    r"\b(?:[Tt]he\s+(?P<after>following|next|subsequent)\s+(?P<next_unit>year|month|day)"
    r"|[Tt]he\s+following\s+(?P<next_week>week)"
    r"|[Tt]he\s+(?P<before>previous|preceding)\s+(?P<prev_unit>year|month|day)"
    r"|[Tt]he\s+(?P<the_unit>day|week|month|year)\s+(?P<the_way>before|after)(?!\s+\w)"  # "the day before."
    r"|[Tt]he\s+(?P<that_unit>day|week|month|year)\s+(?P<that_way>before|after)(?=\s+(?:that|this)\s+\w)"
    rf"|(?P<count>{_COUNT})\s+(?P<unit>years?|decades?|months?|weeks?|days?)"
    r"\s+(?P<way>later|afterwards?|earlier|before(?!\s+\w)|before(?=\s+(?:that|this)\b)|ago))\b")
# not "two days before the vote", whose base is the vote; "the day before that hearing", "two days before that",
# count from the last date named, which "that" points back to
_UNIT_LENGTH = {"year": 4, "decade": 4, "month": 7, "week": 10, "day": 10}  # the precision a unit counts in
# a week named from the anchor's ("next week", "early last week"), dated by its Monday as a range by its first day;
# a time from now in the future tense ("in two weeks", "within three months", "in 10 days' time")
_WEEK = re.compile(r"\b(?P<wstep>[Tt]his|[Nn]ext|[Ll]ast|[Pp]ast|[Cc]oming)\s+week\b"
                   rf"|\b(?:in|within)\s+(?P<count>{_COUNT})\s+(?P<unit>days?|weeks?|months?|years?)\b(?:[’']\s+time)?")


def week_mentions(sentence: str, anchor: datetime.date) -> list[DateMention]:
    """"last week", "this week", "next week": the month a week back, of, or a week on from the anchor (as curators
    date a week: by its month, the day no one can tell); "in two weeks", "within three months": the
    anchor moved on by that much, as precise as the unit, when told in the future tense ("will report in two
    weeks"; not "rose 5% in three months")."""
    out = []
    for m in _WEEK.finditer(sentence):
        if m["wstep"]:
            step = {"next": 1, "last": -1, "past": -1}.get(m["wstep"].lower(), 0)
            day = anchor + datetime.timedelta(weeks=step)
            out.append(DateMention(day.isoformat()[:7], m.group(0), True))
        elif tense_near(sentence, m.start(), m.end()) == "future":
            unit = m["unit"].lower().rstrip("s")
            count = int(m["count"]) if m["count"].isdigit() else _COUNTS[m["count"].lower()]
            unit, count = ("day", 7 * count) if unit == "week" else (unit, count)
            out.append(DateMention(_moved(anchor.isoformat(), unit, count), m.group(0), True))
    return out


def _step(m: re.Match[str]) -> tuple[str, int]:
    """The unit and signed count of a relative date: "two decades later" ("year", 20), "the previous day"
    ("day", -1)."""
    unit = (m["next_unit"] or m["next_week"] or m["prev_unit"] or m["the_unit"] or m["that_unit"]
            or m["unit"]).rstrip("s")
    count = 1 if m["count"] is None else int(m["count"]) if m["count"].isdigit() else _COUNTS[m["count"].lower()]
    if unit == "decade":
        unit, count = "year", 10 * count
    if unit == "week":
        unit, count = "day", 7 * count
    back = m["before"] or "before" in (m["the_way"], m["that_way"]) or m["way"] in ("earlier", "before", "ago")
    return unit, -count if back else count


def _moved(iso: str, unit: str, count: int) -> str:
    day = datetime.date.fromisoformat((iso + "-01-01")[:10])
    moved = day + (relativedelta(years=count) if unit == "year" else relativedelta(months=count) if unit == "month"
                   else relativedelta(days=count))
    return moved.isoformat()[:_UNIT_LENGTH[unit]]


def relative_dates(sentences: Sequence[str], dated: dict[str, list[DateMention]],
                   anchor: datetime.date | None = None) -> dict[str, list[DateMention]]:
    """"In 1966 she took a job … They married the following year", "two decades later", "three days earlier", "the
    next day": a date counted from the last date the story named before it (in the same sentence or an earlier one)
    that is precise enough for the unit, as precise as the unit; "two weeks ago", "three years ago" count from the
    anchor. Each joins its sentence's dates."""
    out = {s: list(found) for s, found in dated.items()}
    last: dict[int, str] = {}  # the last date named, by precision: 4 a year or finer, 7 a month or finer, 10 a day
    for sentence in sentences:
        own = [(sentence.find(m.label), m) for m in dated.get(sentence, [])]
        for m in _RELATIVE.finditer(sentence):
            unit, count = _step(m)
            need = _UNIT_LENGTH[unit]
            before = [d.iso for at, d in own if 0 <= at < m.start() and len(d.iso) >= need]
            base = (anchor.isoformat() if anchor else None) if m["way"] == "ago" else \
                (before[-1] if before else last.get(need))
            if base is None:
                continue
            found = DateMention(_moved(base, unit, count), m.group(0), True)
            if found.iso not in {d.iso for d in out[sentence]}:
                out[sentence].append(found)
            own.append((m.start(), found))
            own.sort(key=lambda pair: pair[0])
        for _, d in own:
            last.update({n: d.iso for n in (4, 7, 10) if len(d.iso) >= n})
    return out


def _range_end(sentence: str, first: re.Match[str], m: re.Match[str]) -> bool:
    """The date ends a range that the date before it opens ("from March 3 to March 5", "March 30-April 2", "from
    Friday to Sunday", "between May 3 and May 5"): a range is dated by its first day, so its end is no date of its
    own. Two dates of the same kind (days, weekdays, months) with only a range word between them."""
    between = sentence[first.end():m.start()]
    kinds = ("weekday", "month") if m["weekday"] or m["month"] else ("mdy", "dmy", "weekday")
    if not any(first[k] for k in kinds) or not (m["mdy"] or m["dmy"] or m["weekday"] or m["month"]):
        return False
    return _RANGE_WORD.fullmatch(between) is not None or (
        between.strip() == "and" and re.search(r"\bbetween\s+$", sentence[:first.start()]) is not None)


def _title(text: str) -> str:
    """All-caps words in title case ("MARIA GOMEZ and ETHAN COLE" -> "Maria Gomez and Ethan Cole")."""
    return " ".join(w.title() if w.isupper() and len(w) > 1 else w for w in text.split())


def _lines(paragraphs: Sequence[str]) -> list[str]:
    return [line.strip() for para in paragraphs[:_TOP] for line in para.splitlines() if line.strip()]


def full_date(text: str) -> tuple[str, datetime.date] | None:
    """The first date in a text printed with day, month and year ("March 3, 2025", "3 March 2025", "2025-03-03")."""
    for m in _FULL_DATE.finditer(text):
        if m["iso"] or ((m["mdy"] or m["dmy"] or m["wordday"]) and _HAS_YEAR.search(m[0])):
            mention = _mention(m, text, None)
            if mention is not None:
                return m[0], datetime.date.fromisoformat(mention.iso)
    return None


def _numeric_date(m: re.Match[str]) -> datetime.date | None:
    first, second, year = int(m["a"]), int(m["b"]), int(m["year"])
    month, day = (second, first) if m["sep"] == "." or first > 12 else (first, second)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


_MAY_DOT = re.compile(r"\bMay\.(?=\s+\d)")


def stamp_date(when: str) -> tuple[int, datetime.date] | None:
    """The date a date line's text opens with and where it ends: a full date ("March 3, 2025", "3 Mar 2025",
    "2025-03-03"), or a numeric one ("03/04/2025", month first as in the US, day first with dots or past 12; a year
    first, "2025/03/04", is year, month, day), after at most a time of day with its zone and a weekday, full or short
    ("4:12 PM EST, Tue March 3, 2026"); "May. 27, 2025", as some sites abbreviate every month, is May 27."""
    options: list[tuple[int, int, datetime.date]] = []
    when = _MAY_DOT.sub("May ", when)  # the same length, so where the date ends stays true
    found = full_date(when)
    if found is not None:
        options.append((when.find(found[0]), when.find(found[0]) + len(found[0]), found[1]))
    numeric = _NUMERIC_DATE.search(when)
    day = _numeric_date(numeric) if numeric is not None else None
    if numeric is not None and day is not None:
        options.append((numeric.start(), numeric.end(), day))
    year_first = _YEAR_FIRST.search(when)
    try:
        if year_first is not None:
            options.append((year_first.start(), year_first.end(), datetime.date(
                int(year_first["year"]), int(year_first["month"]), int(year_first["day"]))))
    except ValueError:  # no such day
        pass
    for start, end, day in sorted(options, key=lambda o: o[0]):
        if _STAMP_LEAD.fullmatch(when, 0, start) is not None:
            return end, day
    return None


def yearless_line(line: str) -> str:
    """The month and day of a date line that prints no year ("Published March 4", "Updated: Tue 4 Mar, 15:42"), or
    "": read_dateline gives it the year the text and its lead's weekday give (see year_of_day), after any date
    printed with its year."""
    m = _DATE_LINE.match(line)
    if m is None or not m["kind"] or len(line) > _LINE_MAX:
        return ""
    day = _YEARLESS.match(m["when"], _STAMP_LEAD.match(m["when"]).end())  # type: ignore[union-attr]
    return day["day"] if day is not None and _TIME.fullmatch(m["when"], day.end()) is not None else ""


def date_line(line: str) -> tuple[str, datetime.date] | None:
    """A line that is a date ("March 3, 2025", "Published 4 March 2025", "Updated: 2025-03-04 10:31", "Updated
    4:12 PM EST, Tue March 3, 2026", "This article was last modified on 4 March 2025."): its kind ("published",
    "updated" or "" when unsaid) and the date, which has its year and opens what the line says (after at most a time
    and a weekday)."""
    m = _DATE_LINE.match(_GLUED_TIME.sub(" ", _title_case_calendar(line)))
    found = stamp_date(m["when"]) if m and len(line) <= _LINE_MAX else None
    if m is None or found is None:
        return None
    kind = m["kind"].lower().split()[-1] if m["kind"] else ""
    if kind in ("date", "dated") and _TIME.fullmatch(m["when"], found[0]) is None:
        return None  # "Dated 4 March 2025, the letter said ...": a sentence, not a date line
    return ("" if kind in ("date", "dated") else kind), found[1]


_CAPS_CALENDAR = re.compile(r"\b(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC|MON|TUE|WED|THU|FRI|SAT|SUN)"
                            r"[A-Z]*\b")


def _title_case_calendar(line: str) -> str:
    """"MAR 4, 2026 6:00 AM" as "Mar 4, 2026 6:00 AM": a magazine's capitals on its month and weekday names."""
    return _CAPS_CALENDAR.sub(lambda m: m[0].capitalize(), line) if any(c.isupper() for c in line) else line


def stamp_line(line: str) -> bool:
    """A date line that is only a date and a time ("Updated May 14, 2026, 9:10 a.m.", "Tuesday 9 September 2025
    07:15 BST", "Last modified on Wed 11 Mar 2026 17.40 GMT"), though it ends on a full stop as a sentence does."""
    m = _DATE_LINE.match(_GLUED_TIME.sub(" ", _title_case_calendar(line)))
    found = stamp_date(m["when"]) if m and len(line) <= _LINE_MAX else None
    return m is not None and found is not None and _TIME.fullmatch(m["when"], found[0]) is not None


def byline(line: str) -> tuple[str, str] | None:
    """A byline's author and publication: "By Jane Doe, The Herald", "BY JANE DOE", "Jane Doe | The Gazette"; a
    masthead ("The London Courier | Business") gives its publication alone. Roles ("Staff Writer") and dates in it
    are skipped."""
    by = _BYLINE.match(line)
    credited = _NAME_AND_ROLE.match(line) if by is None else None
    if credited is not None and _ROLE_WORDS.search(credited["role"]) and (
            not credited["when"] or date_line(credited["when"]) is not None):
        return _title(credited["name"]), ""  # "Jane Doe, rural affairs correspondent", "..., Thu 4 Sep 2025"
    dotted = _SEPARATOR.search(line) is not None and full_date(line) is not None  # "Jane Doe · March 4, 2025"
    if len(line) > _LINE_MAX or (by is None and " | " not in line and not dotted):
        return None  # not "News · Politics"
    rest = by["rest"] if by else line
    dated = full_date(rest)
    if dated is not None:
        rest = rest.replace(dated[0], "")
    parts = [p.strip() for p in re.split(r"\s+[|•·]\s+|,\s+|\s+[—–]\s+", rest) if p.strip(" |•·,")]
    if not parts or not parts[0][:1].isupper() or parts[0].endswith("."):
        return None
    caps = _CAPS_AUTHOR.match(parts[0])  # "MARIA GOMEZ and ETHAN COLE Associated Press": the names are in capitals
    if caps is not None:
        parts[0:1] = [caps["author"], caps["rest"]]
    if by is None and len(parts) == 2 and _masthead(parts[0], parts[1]):
        return "", _title(parts[0])
    others = [p for p in parts[1:] if not _ROLE_WORDS.search(p) and not _DATE_KIND.match(p)]
    return _title(parts[0]), (_title(others[0]) if others else "")


def _masthead(first: str, second: str) -> bool:
    """"The London Courier | Business", "FRONT RANGE HERALD | SPORTS": a paper's name and its section, above the
    headline, no author's byline; "Jane Doe | The Gazette" begins with a given name."""
    return len(second.split()) == 1 and common(second.lower()) and not is_given_name(first.split()[0]) \
        and len(first.split()) > 1


def dateline_place(paragraph: str) -> tuple[str, str, str] | None:
    """The place, wire service and date of a dateline opening a paragraph: "SPRINGFIELD, Ill. (AP) — ..." gives
    ("Springfield", "AP", ""); "FRANKFURT, Germany, Feb. 19 (Reuters) — ..." ("Frankfurt", "Reuters", "Feb. 19"),
    and a story filed from two bureaus, "NEW YORK/LONDON, March 3 (Reuters) -", its first place;
    "BOSTON (Science Desk Daily) — June 3, 2025", a dateline followed by the date alone, or by a date and a dash
    ("LONDON — March 4, 2025 — ..."), or with a date in its brackets, gives that date; "Paris, March 4 (AFP) -", a
    place in title case, is a dateline when a date and a wire service or a year follow it; a wire
    dateline without its place ("Sept 22 (Reuters) - ...") or a paragraph opened by a full date and a dash ("March
    4, 2025 — The council ...") gives no place."""
    m = _DATELINE.match(paragraph)
    titled = _TITLE_DATELINE.match(paragraph) if m is None else None
    if titled is not None and (titled["agency"] or _HAS_YEAR.search(titled["day"])):
        return titled["place"], titled["agency"] or "", titled["day"]
    if m is None or len(m["place"]) < 3:
        opening = _DATED_OPENING.match(paragraph)
        if opening is None or not (opening["agency"] or _HAS_YEAR.search(opening["day"])):
            return None
        return "", opening["agency"] or "", opening["day"]
    rest = paragraph[m.end() - 1:].strip()
    dated = full_date(rest) if len(rest) <= _LINE_MAX else None
    after = dated[0] if dated is not None and rest.startswith(dated[0]) else ""
    opening = _DATED_OPENING.match(rest)  # "LONDON — March 4, 2025 — The council ..."
    after = after or (opening["day"] if opening is not None and _HAS_YEAR.search(opening["day"]) else "")
    agency = m["agency"] or m["wire"] or ""
    in_brackets = full_date(agency)  # "LONDON (March 4, 2025) —": a date, not a wire service
    if in_brackets is not None and in_brackets[0] == agency.strip():
        agency, after = "", after or in_brackets[0]
    return _title(m["place"].rstrip(".")), agency, m["day"] or after


_CURRENT_YEAR = re.compile(r"\b(?:so\s+far\s+(?:in|this\s+year,?)\s+|since\s+the\s+(?:start|beginning)\s+of\s+)"
                           r"(?P<year>(?:19|20)\d\d)\b|\b(?P<so_far>(?:19|20)\d\d)\s+so\s+far\b")


def likeliest_year(text: str) -> int | None:
    """The year a text names most often, the later one of a tie: the year a wire story dated "Feb. 19" was filed in,
    since news is mostly about its own year; but a year the text calls its own ("so far in 2026", "since the start
    of 2026") is that year, however often earlier years are named."""
    current = _CURRENT_YEAR.search(text)
    if current is not None:
        return int(current["year"] or current["so_far"])
    years = Counter(int(y) for y in _YEAR_IN_TEXT.findall(text))
    return max(years, key=lambda y: (years[y], y)) if years else None


def _lead_weekday(lead: str) -> int | None:
    """The weekday (0 is Monday) a wire story's lead tells its news by: the first one not stepped ("last Friday")
    nor told in the future tense ("Prices rose on Tuesday after ...": Tuesday)."""
    for sentence in re.split(r"(?<=[.!?])\s+", lead):
        for m in re.finditer(rf"(?<!last )(?<!next )(?<!this )\b{_WEEKDAY}\b", sentence):
            if tense_near(sentence, m.start(), m.end()) != "future":
                return _WEEKDAY_NAMES.index(m[0].lower())
    return None


def _past_years(text: str) -> list[int]:
    """The years a text names in a clause told in the past tense ("signed in 2014"), which its date is not before;
    a year before a noun is read by the verb after its noun too ("the March 2021 election took 299 days")."""
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        for m in _YEAR_IN_TEXT.finditer(sentence):
            described = _NOUN_AFTER_YEAR.match(sentence, m.start()) is not None
            if tense_near(sentence, m.start(), m.end(), after=described) == "past":
                out.append(int(m[1]))
    return out


def year_of_day(day: datetime.date, text: str, lead: str) -> int | None:
    """The year of a dateline's day printed without one (see _year_by_text), moved on when it would put the day
    before a date the text prints in full and tells in the past: "BRUSSELS, March 19 (Reuters) - ... on Tuesday" in
    a story of a coalition "formed after the election on October 29, 2025" is 2026, the first year after that date
    whose March 19 is the lead's weekday or up to _LEAD_DAYS after it (2024's March 19 is a Tuesday, but before)."""
    year = _year_by_text(day, text, lead)
    before = _told_before(text)
    dated = _in_year(day, year) if year is not None else None
    if dated is None or before is None or dated > before:
        return year
    weekday = _lead_weekday(lead)
    for later in (before.year, before.year + 1):
        found = _in_year(day, later)
        if found is not None and found > before and (weekday is None or on_lead_day(found, weekday)):
            return later
    return year


def on_lead_day(day: datetime.date, weekday: int) -> bool:
    """A story filed on `day` can tell its news by `weekday` (0 Monday): the day itself or one of the _LEAD_DAYS
    before it."""
    return (day.weekday() - weekday) % 7 <= _LEAD_DAYS


def _in_year(day: datetime.date, year: int) -> datetime.date | None:
    """`day` in `year`, or None where it has none (February 29)."""
    try:
        return day.replace(year=year)
    except ValueError:  # February 29
        return None


def _told_before(text: str) -> datetime.date | None:
    """The latest date the text prints in full in a clause told in the past tense: its story is filed after it."""
    told = []
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        found = full_date(sentence)
        if found is not None and tense_near(sentence, at := sentence.find(found[0]), at + len(found[0])) == "past":
            told.append(found[1])
    return max(told, default=None)


def _year_by_text(day: datetime.date, text: str, lead: str) -> int | None:
    """The year of a dateline's day printed without one: the year the text names most (see likeliest_year) when
    the day falls on the weekday the lead tells its news by; else the year nearest it in which it does, no earlier
    than the latest year up to it that the text tells in the past tense ("Sept 22 (Reuters) - Prices rose on
    Tuesday", with 2026 told in the past and 2027 in the future, is 2026); after the year the text names most when
    it only looks back on it (see looks_back_on), the latest such year up to today; never after today, when the
    draft is made of a story already published ("Aug 21 (Reuters) - ... on Thursday" under talk of "early 2026"
    is 2025, not 2031)."""
    likeliest, weekday = likeliest_year(text), _lead_weekday(lead)
    if likeliest is None or weekday is None:
        return likeliest
    past = _past_years(text)
    floor = max((y for y in past if y <= likeliest), default=likeliest - 6)
    today = datetime.date.today()

    def falls(year: int) -> bool:
        dated = _in_year(day, year)
        return dated is not None and dated.weekday() == weekday

    def latest(years: Iterable[int]) -> int | None:
        """The first of `years` (counted down) whose day falls on the lead's weekday and is no later than today."""
        return next((y for y in years if falls(y) and day.replace(year=y) <= today), None)

    if looks_back_on(likeliest, text, past):
        after = latest(range(today.year, likeliest, -1))
        if after is not None:
            return after
    if likeliest >= floor and falls(likeliest):
        return likeliest
    matches = [y for y in range(floor, floor + 7) if falls(y)]
    found = min(matches, key=lambda y: (abs(y - likeliest), -y)) if matches else likeliest
    dated = _in_year(day, found)
    if dated is not None and dated > today:  # a year the draft is made before: the story is not out yet
        return latest(range(found - 1, found - 8, -1)) or found
    return found


def looks_back_on(year: int, text: str, past: Sequence[int]) -> bool:
    """The text names `year` only in clauses told in the past tense ("the treaty signed in 2019", "a 2019 ruling
    was upheld") and calls no year its own: a story that looks back on that year was filed after it."""
    return _CURRENT_YEAR.search(text) is None and past.count(year) == len(
        [y for y in _YEAR_IN_TEXT.findall(text) if int(y) == year])


_BORN = re.compile(rf"\b[Bb]orn\b[^;!?\n]{{0,80}}?(?<![\w$£€#.,/:’']){_YEAR}")
_AGE = re.compile(r"\b(?:(?:dies|died|dead)\s+at|aged|(?:[Ss]he|[Hh]e)\s+was)\s+(?P<age>\d{1,3})(?=[.,;]|\s*$)",
                  re.MULTILINE)


def year_by_age(day: datetime.date, text: str) -> int | None:
    """An obituary's year: born (on a date, or in a year) and "dies at 81" / "She was 81." give the birth year plus
    the age, one more when the day comes before the birthday in the year."""
    born, age = _BORN.search(text), _AGE.search(text)
    if born is None or age is None:
        return None
    birth = full_date(born.group(0))
    year = int(born.group(0)[-4:]) + int(age["age"])
    return year + 1 if birth is not None and (day.month, day.day) < (birth[1].month, birth[1].day) else year


def dateline_day(span: str, text: str, lead: str = "") -> datetime.date | None:
    """The date of a dateline's "Feb. 19" (or "Feb. 19, 2026"): without a year, in the year an obituary's birth year
    and age give, else the year the text and the weekday of its lead give (see year_of_day; `lead` is the
    dateline's paragraph)."""
    day = parse_span(span)
    if day is None or _HAS_YEAR.search(span):
        return day
    year = year_by_age(day, text) or year_of_day(day, text, lead)
    return _in_year(day, year) if year else None


def credit_line(line: str) -> str:
    """The first reporter a wire story's closing credit names ("(Reporting by Jane Doe in Lima; Editing by Tom
    Ray)", "Additional reporting by Jane Doe"): a byline at its end."""
    m = _CREDIT.match(line)
    return _title(m["name"]) if m is not None else ""


def _line_date(line: str, paragraphs: Sequence[str]) -> tuple[str, datetime.date | None] | None:
    """A date line's kind and date; a year-less one ("Published March 4") is of kind "yearless", its year what the
    text and the weekday of its first paragraphs give (its date None when the text names no year); None when the
    line is no date line."""
    dated = date_line(line)
    if dated is not None:
        return dated
    yearless = yearless_line(line)
    if not yearless:
        return None
    return "yearless", dateline_day(yearless, "\n".join(paragraphs), "\n".join(paragraphs[1:_END + 1]))


def _from_the_end(paragraphs: Sequence[str], dates: dict[str, datetime.date], author: str) -> str:
    """With no date (or no author) at the top, a date line ("Last modified on ...") in the last paragraphs joins
    `dates` and a wire credit ("(Reporting by ...)") gives the author; the author is returned."""
    for line in _end_lines(paragraphs) if not (dates and author) else []:
        dated = date_line(line) if not dates else None
        if dated is not None and (dated[0] or stamp_line(line)):
            dates.setdefault(dated[0], dated[1])
        author = author or credit_line(line)
    return author


def _end_lines(paragraphs: Sequence[str]) -> list[str]:
    tail = paragraphs[max(1, len(paragraphs) - _END):]
    return [line.strip() for para in tail for line in para.splitlines() if line.strip()]


_NAME_LINE = re.compile(r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){1,2}")
_AUTHOR_LABEL = re.compile(r"^(?:author(?:\s+of\s+(?:the|this)\s+(?:article|story))?|words|text)\s*:\s*", re.IGNORECASE)
_ROLE_TAIL = re.compile(r"\s+(?:writer|reporter|correspondent|editor|columnist|contributor|analyst|photographer|"
                        r"intern)$", re.IGNORECASE)
_LEDE_WORDS = 12  # a paragraph this long that ends as a sentence is the story's: the header is above it


def _without_desk(words: list[str]) -> list[str]:
    """"Joanna Whitcombe Education" of "Joanna Whitcombe Education correspondent": the name, without up to two
    ordinary words of the desk before the role ("news", "Senior", "Education")."""
    for _ in range(2):
        if len(words) > 2 and common(words[-1].lower()):
            words = words[:-1]
    return words


def _name_alone(paragraphs: Sequence[str]) -> str:
    """An author's name alone on a header line, above the story: "Aditi Sharma" or "TOMASZ WREN" in a block with a
    date line, "Author of the article: Dana Moreau", "Joanna Whitcombe Education correspondent", or "Jonathan Aske"
    (a given name first) on its own. Two or three name words, not all of them ordinary words ("Breaking News")."""
    for para in paragraphs[:_TOP]:
        if len(para.split()) >= _LEDE_WORDS and para.rstrip().endswith((".", "”", '"')):
            break
        lines = [line.strip() for line in para.splitlines() if line.strip()]
        dated = len(lines) > 1 and any(date_line(line) for line in lines)
        for line in lines:
            labelled = _AUTHOR_LABEL.match(line)
            rest = line[labelled.end():] if labelled else line
            role = _ROLE_TAIL.search(rest)
            words = _without_desk(rest[:role.start()].split()) if role else rest.split()
            rest = " ".join(words)
            if _NAME_LINE.fullmatch(rest) and (labelled or role or dated or is_given_name(words[0])) \
                    and not all(common(w.lower()) for w in words):
                return _title(rest)
    return ""


def read_dateline(paragraphs: Sequence[str]) -> Dateline:
    """Place, publication, published date and author from the dateline, byline and date lines near the top. The
    byline's publication wins over a dateline's wire service; a "Published" date over an "Updated" one, and a
    date line over a dateline's month and day (whose year, when it is not printed, is the one the article names
    most). A line of parts ("By ..., Senior Correspondent, The Chronicle | Published ... | Updated ...", "3 min read
    · Mar 4, 2025") is read part by part. With no date or author at the top, a date line ("Last modified on Wed 11
    Mar 2026") or a wire credit ("(Reporting by ...)") in the last paragraphs gives them."""
    place, agency, publication, author = "", "", "", ""
    located_once = False
    dates: dict[str, datetime.date] = {}
    for line in _lines(paragraphs):
        dated = _line_date(line, paragraphs)
        if dated is not None:
            if dated[1] is not None:
                dates.setdefault(dated[0], dated[1])
            continue
        named = byline(line) if not author else None
        if named is not None:
            author, publication = named[0], publication or named[1]
            dated_byline = full_date(line)
            if dated_byline is not None:
                dates.setdefault("", dated_byline[1])
            continue
        located = dateline_place(line) if not located_once else None
        if located is not None:
            located_once = True
            place, agency, day = located
            filed = dateline_day(day, "\n".join(paragraphs), line) if day else None
            if filed is not None:
                dates.setdefault("dateline", filed)
            continue
        for part in _SEPARATOR.split(line) if len(line) <= _PARTS_MAX else []:  # "3 min read · Mar 4, 2025"
            dated = date_line(part)
            if dated is not None:
                dates.setdefault(dated[0], dated[1])
            named = byline(part) if not author and _BYLINE.match(part) else None
            if named is not None:
                author, publication = named[0], publication or named[1]
    author = _from_the_end(paragraphs, dates, author or _name_alone(paragraphs))
    printed = {kind: day for kind, day in dates.items() if kind != "yearless"}
    published = printed.get("published") or printed.get("posted") or printed.get("") or \
        next(iter(printed.values()), None) or dates.get("yearless")
    return Dateline(place, publication or agency, published, author)
