"""Verify: each named check on made-up passages."""
from __future__ import annotations

from typing import Any

from bot.core.answer import checks
from bot.core.answer.checks import Evidence, Reason
from bot.core.answer.language import key
from bot.core.answer.parse import AnswerType, Intent, Query, Term
from bot.core.answer.passages import Passage
from bot.core.answer.terms import keys_and_phrases


def _ev(text: str, kind: str = "fact", entities: tuple[str, ...] = (), speakers: tuple[str, ...] = (),
        types: tuple[tuple[str, str], ...] = ()) -> Evidence:
    p = Passage("b", kind, text, text, entities)
    return Evidence(p, frozenset(keys_and_phrases(text)), frozenset(f"b/{e}" for e in entities),
                    frozenset(f"b/{s}" for s in speakers), frozenset(types))


def _q(kind: AnswerType = AnswerType.OTHER, **kw: Any) -> Query:
    return Query("q", Intent.QUESTION, kind, **kw)


def test_names_the_entities() -> None:
    """A passage that does not mention the entity asked about fails."""
    q = _q(entities=(frozenset({"b/reyes"}),))
    assert checks.names_the_entities(q, _ev("Reyes spoke.", entities=("reyes",))) is None
    assert checks.names_the_entities(q, _ev("The council spoke.")) is Reason.MISSING_ENTITY


def test_same_year() -> None:
    """A 2024 figure does not answer a question about 2023."""
    q = _q(years=("2023",))
    assert checks.same_year(q, _ev("In 2023 it carried 40,000 cars.")) is None
    assert checks.same_year(q, _ev("In 2024 it carried 40,000 cars.")) is Reason.WRONG_YEAR


def test_has_the_focus() -> None:
    """'How many seats' is not answered by a passage about votes; a synonym of the focus word will do."""
    q = _q(AnswerType.COUNT, terms=(Term("salary", key("salary"), frozenset({key("pay")}), focus=True),))
    assert checks.has_the_focus(q, _ev("The mayor's salary is 90,000 euros.")) is None
    assert checks.has_the_focus(q, _ev("The mayor's pay is 90,000 euros.")) is None
    assert checks.has_the_focus(q, _ev("The mayor won 9,000 votes.")) is Reason.MISSING_FOCUS
    unfocused = _q(AnswerType.COUNT, terms=(Term("salary", key("salary")),))
    assert checks.has_the_focus(unfocused, _ev("The mayor won 9,000 votes.")) is None


def test_same_figures() -> None:
    """A figure the question gives must be in the passage."""
    q = _q(numbers=("300",))
    assert checks.same_figures(q, _ev("It carries 300 people.")) is None
    assert checks.same_figures(q, _ev("It carries 200 people.")) is Reason.MISSING_FIGURE


def test_words_of_the_speaker() -> None:
    """'What did X say' is answered by X's words, not by someone else's about X."""
    q = _q(AnswerType.WORDS, entities=(frozenset({"b/reyes"}),))
    assert checks.words_of_the_speaker(q, _ev("Nobody should wait.", "quote", ("reyes",), ("reyes",))) is None
    assert checks.words_of_the_speaker(q, _ev("He is late.", "quote", ("reyes",), ("quill",))) is Reason.WRONG_SPEAKER


def test_not_a_heading() -> None:
    """A title line that asks a question answers none."""
    assert checks.not_a_heading(_q(), _ev("Why the Ferry Matters", "sentence")) is Reason.HEADING
    assert checks.not_a_heading(_q(), _ev("The Political Structure of Harbourtown", "sentence")) is Reason.HEADING
    assert checks.not_a_heading(_q(), _ev("Fares and the new timetable", "sentence")) is Reason.HEADING
    assert checks.not_a_heading(_q(), _ev("The ferry matters.", "sentence")) is None


def test_byline_answers_authorship_only() -> None:
    """The byline answers who, nothing else."""
    byline = _ev("By Mara Quill", "byline")
    assert checks.byline_answers_authorship(_q(AnswerType.DATE), byline) is Reason.NOT_THE_AUTHOR
    assert checks.byline_answers_authorship(_q(AnswerType.PERSON), byline) is None


def test_names_the_category() -> None:
    """'Which party' needs a party other than those the question names."""
    q = _q(category="party", entities=(frozenset({"b/reyes"}),))
    assert checks.names_the_category(q, _ev("x", types=(("b/greens", "party"),))) is None
    assert checks.names_the_category(q, _ev("x", types=(("b/reyes", "person"),))) is Reason.NO_ANSWER


def test_gives_a_figure_and_a_date() -> None:
    """A how-many question needs a figure, a when-question a date."""
    assert checks.gives_a_figure(_q(AnswerType.COUNT), _ev("It carried 40,000 cars.")) is None
    assert checks.gives_a_figure(_q(AnswerType.COUNT), _ev("It carried many cars.")) is Reason.NO_ANSWER
    assert checks.gives_a_date(_q(AnswerType.DATE), _ev("It opened in March 2025.")) is None
    assert checks.gives_a_date(_q(AnswerType.DATE), _ev("It opened.")) is Reason.NO_ANSWER
    assert checks.gives_a_date(_q(AnswerType.DATE), _ev("He scored in the 86th minute.")) is None


def test_verify_returns_the_first_failure() -> None:
    """verify runs the checks in order."""
    q = _q(AnswerType.COUNT, years=("2023",))
    assert checks.verify(q, _ev("In 2024 it carried many cars.")) is Reason.WRONG_YEAR


def test_fits_the_measure() -> None:
    """'How old' is answered by an age, 'how hot' by degrees; ten months of follow-up is no age."""
    assert checks.fits_the_measure(_q(AnswerType.COUNT, measure="old"), _ev("She is 54 years old.")) is None
    old = checks.fits_the_measure(_q(AnswerType.COUNT, measure="old"), _ev("Ten months of follow-up is short."))
    assert old is Reason.NO_ANSWER
    assert checks.fits_the_measure(_q(AnswerType.COUNT, measure="hot"), _ev("It peaked at 31.8 °C.")) is None


def test_a_money_question_wants_a_sum_of_money() -> None:
    """'How much did it cost' is answered by euros, kronor or a currency sign, not by a count or a share."""
    money = _q(AnswerType.COUNT, measure="money")
    assert checks.fits_the_measure(money, _ev("The two boats cost 14 million euros.")) is None
    assert checks.fits_the_measure(money, _ev("The site cost 4.1 billion kronor.")) is None
    assert checks.fits_the_measure(money, _ev("It raised $650,000.")) is None
    assert checks.fits_the_measure(money, _ev("Prices fell by about 80 percent.")) is Reason.NO_ANSWER


def test_a_share_question_wants_a_proportion() -> None:
    """'What share of the vote' is answered by a percentage or a fraction, not by a count."""
    share = _q(AnswerType.COUNT, measure="share")
    assert checks.fits_the_measure(share, _ev("They won 38 percent of the vote.")) is None
    assert checks.fits_the_measure(share, _ev("About half of the boats run on time.")) is None
    assert checks.fits_the_measure(share, _ev("They won 12 seats.")) is Reason.NO_ANSWER


def test_counts_the_focus() -> None:
    """'How many seats' wants a figure that counts seats, even a few words on; a count of elections is none."""
    q = _q(AnswerType.COUNT, counting=True, terms=(Term("seats", key("seats"), frozenset({key("place")}), focus=True),))
    assert checks.counts_the_focus(q, _ev("The party holds 40 seats.")) is None
    assert checks.counts_the_focus(q, _ev("It has 40 of the council's green seats.")) is None
    assert checks.counts_the_focus(q, _ev("It won the most seats in four elections.")) is Reason.NO_ANSWER
    assert checks.counts_the_focus(_q(AnswerType.COUNT, terms=q.terms), _ev("It won four elections.")) is None


def test_counts_things() -> None:
    """'How many people' is not answered by a passage whose every figure is a measurement; 'how many hours' is."""
    people = Query("how many people work there", Intent.QUESTION, AnswerType.COUNT, counting=True)
    assert checks.counts_things(people, _ev("The plant processes 1,500 tonnes a year.")) is Reason.NO_ANSWER
    assert checks.counts_things(people, _ev("It cost €3 million and burned for 14 hours.")) is Reason.NO_ANSWER
    assert checks.counts_things(people, _ev("The plant employs 180 staff and processes 1,500 tonnes.")) is None
    hours = Query("how many hours did it burn", Intent.QUESTION, AnswerType.COUNT, counting=True)
    assert checks.counts_things(hours, _ev("The fire burned for 14 hours.")) is None
    assert checks.measures("47 degrees Celsius") == key("degrees") and checks.measures("8%") == "%"
    assert checks.measures("40 air-conditioned buildings") == ""


def test_gives_a_name() -> None:
    """'What was the operation called' is answered by a name the question lacks, not by a card's own name."""
    q = Query("what was the operation called", Intent.QUESTION, AnswerType.OTHER, naming=True)
    assert checks.gives_a_name(q, _ev("The raid was known as Operation Blue Harbour.")) is None
    assert checks.gives_a_name(q, _ev("The city has begun naming its operations.")) is Reason.NO_ANSWER
    card = _ev("Harbourtown (also: Harbour Town): Town that names its operations.", "entity")
    assert checks.gives_a_name(q, card) is Reason.NO_ANSWER
    person = Query("who is the captain, what is her name", Intent.QUESTION, AnswerType.PERSON, naming=True)
    assert checks.gives_a_name(person, _ev("Mara Quill sails.", types=(("b/quill", "person"),))) is None
    assert checks.gives_a_name(person, _ev("The Gull sails.", types=(("b/gull", "place"),))) is Reason.NO_ANSWER


def test_a_thing_the_briefing_never_names_needs_a_passage_that_means_it() -> None:
    """An unknown thing ('pizza') is answered only by a passage close in meaning, and closer with the word than
    without it; with no unknown thing, nothing is checked."""
    pizza = (Term("pizza", key("pizza")),)
    assert checks.means_the_stranger(pizza, checks.STRANGER - 0.1, 0.0) is Reason.UNKNOWN_THING  # not close
    assert checks.means_the_stranger(pizza, 0.6, 0.65) is Reason.UNKNOWN_THING  # close only through other words
    assert checks.means_the_stranger(pizza, 0.6, 0.5) is None
    assert checks.means_the_stranger((), 0.0, 0.0) is None
