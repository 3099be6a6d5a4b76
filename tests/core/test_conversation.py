"""Follow-ups in a thread: each rule of resolve_followup and next_context on a made-up briefing (two people, an
organisation, two places), and a whole thread through ask_in_thread and the real answer engine."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answer import Answer
from bot.core.briefing import Briefing
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.conversation import MAX_ENTITIES, Mention, ThreadContext, ask_in_thread, next_context, resolve_followup
from bot.core.library import Library
from bot.core.loader import load_content

ARTICLE = """Harbour board approves Calloway dredging plan
By Ines Marlow
Brenmouth Courier

The Northgate Port Authority approved a plan to dredge the Calloway channel on 12 March 2024.

Harbour commissioner Mara Velden visited Calloway on 4 April 2024 to inspect the silted channel.

"The channel is our lifeline," Velden said after the visit.

Mayor Tomas Reyke opposed the plan, saying the dredging would cost Brenmouth too much.

The authority handled 410 ships in 2023 and 455 ships in 2024.
"""

BRIEFING = """id: calloway-dredging
metadata:
  title: "Harbour board approves Calloway dredging plan"
  author: "Ines Marlow"
  publication: "Brenmouth Courier"
  published: "2024-04-10"
  reading_time_minutes: 1
summaries:
  tldr: "The Northgate Port Authority approved dredging the Calloway channel."
  short: ["The Northgate Port Authority approved dredging the Calloway channel on 12 March 2024."]
  full:
    - heading: "The plan"
      text: "The Northgate Port Authority approved dredging the Calloway channel; Mayor Tomas Reyke opposed it."
facts:
  - id: plan-approved
    statement: "The Northgate Port Authority approved a plan to dredge the Calloway channel on 12 March 2024."
    evidence: "The Northgate Port Authority approved a plan to dredge the Calloway channel on 12 March 2024."
    entities: [northgate-port-authority, calloway]
    dates: ["2024-03-12"]
  - id: velden-visit
    statement: "Harbour commissioner Mara Velden visited Calloway on 4 April 2024 to inspect the channel."
    evidence: "Harbour commissioner Mara Velden visited Calloway on 4 April 2024 to inspect the silted channel."
    entities: [mara-velden, calloway]
    dates: ["2024-04-04"]
  - id: reyke-opposed
    statement: "Mayor Tomas Reyke opposed the plan because of its cost to Brenmouth."
    evidence: "Mayor Tomas Reyke opposed the plan, saying the dredging would cost Brenmouth too much."
    entities: [tomas-reyke, brenmouth]
  - id: ships
    statement: "The authority handled 410 ships in 2023 and 455 ships in 2024."
    evidence: "The authority handled 410 ships in 2023 and 455 ships in 2024."
    entities: [northgate-port-authority]
entities:
  - {id: mara-velden, name: Mara Velden, type: person, aliases: [Velden], role: "Harbour commissioner"}
  - {id: tomas-reyke, name: Tomas Reyke, type: person, aliases: [Reyke], role: "Mayor of Brenmouth"}
  - {id: northgate-port-authority, name: Northgate Port Authority, type: organisation,
     aliases: [the authority], role: "Runs the harbour"}
  - {id: calloway, name: Calloway, type: place, role: "A silted harbour channel"}
  - {id: brenmouth, name: Brenmouth, type: place, role: "The town beside the harbour"}
quotes:
  - {id: lifeline, speaker: mara-velden, text: "The channel is our lifeline,", context: "after the visit"}
"""

MARA = Mention("mara-velden", "Mara Velden", "person")
TOMAS = Mention("tomas-reyke", "Tomas Reyke", "person")
AUTHORITY = Mention("northgate-port-authority", "Northgate Port Authority", "organisation")
CALLOWAY = Mention("calloway", "Calloway", "place")


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("content")
    (root / "calloway-dredging").mkdir()
    (root / "calloway-dredging" / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "calloway-dredging" / "briefing.yaml").write_text(BRIEFING, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def briefing(content: Path) -> Briefing:
    return load_content(content)[0].briefing


def thread(question: str, *entities: Mention, dates: tuple[str, ...] = ()) -> ThreadContext:
    return ThreadContext("calloway-dredging", question, entities, dates)


# --- pronouns


def test_without_a_context_the_question_is_left_alone(briefing: Briefing) -> None:
    """A question that opens a thread is not rewritten."""
    assert resolve_followup("when did she visit?", None, briefing) == "when did she visit?"


def test_she_stands_for_the_most_salient_person(briefing: Briefing) -> None:
    """A person pronoun becomes the first person of the context, whoever else it holds."""
    ctx = thread("Who is Mara Velden?", AUTHORITY, MARA, TOMAS)
    assert resolve_followup("when did she visit Calloway?", ctx, briefing) == "when did Mara Velden visit Calloway?"


def test_his_becomes_the_persons_possessive(briefing: Briefing) -> None:
    """his and hers are the person's name with 's."""
    ctx = thread("Who opposed the plan?", TOMAS, AUTHORITY)
    assert resolve_followup("what is his job?", ctx, briefing) == "what is Tomas Reyke's job?"


def test_her_is_possessive_before_a_content_word_and_the_object_otherwise(briefing: Briefing) -> None:
    """'her role' is Mara Velden's role; 'appointed her' and 'her in Calloway' are Mara Velden."""
    ctx = thread("Who is Mara Velden?", MARA)
    assert resolve_followup("what is her role?", ctx, briefing) == "what is Mara Velden's role?"
    assert resolve_followup("who appointed her?", ctx, briefing) == "who appointed Mara Velden?"
    assert resolve_followup("who met her in Calloway?", ctx, briefing) == "who met Mara Velden in Calloway?"


def test_it_stands_for_the_most_salient_non_person(briefing: Briefing) -> None:
    """it and its skip people: they name the first organisation, place or thing."""
    ctx = thread("Who runs the harbour?", MARA, AUTHORITY, CALLOWAY)
    assert resolve_followup("when was it founded?", ctx, briefing) == "when was Northgate Port Authority founded?"
    assert resolve_followup("who is its head?", ctx, briefing) == "who is Northgate Port Authority's head?"


def test_they_stands_for_an_organisation_or_party_only(briefing: Briefing) -> None:
    """they/them/their name an organisation or party; with only people and places they are left alone."""
    assert resolve_followup("what did they approve?", thread("q", MARA, AUTHORITY), briefing) == \
        "what did Northgate Port Authority approve?"
    assert resolve_followup("what did they approve?", thread("q", MARA, CALLOWAY), briefing) == \
        "what did they approve?"


def test_a_pronoun_after_a_name_of_its_kind_in_the_same_question_is_left(briefing: Briefing) -> None:
    """'Did Tomas Reyke say what he wants?': he may be Tomas Reyke, so it is not replaced by the context's person."""
    ctx = thread("Who is Mara Velden?", MARA)
    question = "Did Tomas Reyke say what he wants?"
    assert resolve_followup(question, ctx, briefing) == question


def test_contractions_and_the_it_of_is_it_true_that_are_left(briefing: Briefing) -> None:
    """"it's" and the it that stands for a following clause name no entity."""
    ctx = thread("What did the authority approve?", AUTHORITY)
    for question in ("is it true that the channel silted up?", "it's closed now?", "was it hard to approve?"):
        assert resolve_followup(question, ctx, briefing) == question


def test_chat_mentions_are_dropped_before_resolving(briefing: Briefing) -> None:
    """The bot's own mention is addressing, not a name to resolve."""
    ctx = thread("Who is Mara Velden?", MARA)
    assert resolve_followup("<@U0BOT> when did she visit?", ctx, briefing) == "when did Mara Velden visit?"


# --- elliptical follow-ups


def test_a_bare_year_replaces_the_year_of_the_last_question(briefing: Briefing) -> None:
    """'what about 2024?' after a question about 2023 is that question about 2024."""
    ctx = thread("How many ships did the authority handle in 2023?", AUTHORITY)
    assert resolve_followup("what about 2024?", ctx, briefing) == "How many ships did the authority handle in 2024?"


def test_a_bare_year_is_added_when_the_last_question_had_none(briefing: Briefing) -> None:
    """After a question with no date the year is added at its end."""
    ctx = thread("How many ships did the authority handle?", AUTHORITY, dates=("2023",))
    assert resolve_followup("and 2024?", ctx, briefing) == "How many ships did the authority handle in 2024?"


def test_a_month_replaces_the_date_and_keeps_the_last_year(briefing: Briefing) -> None:
    """'and in March?' after a question about 2023 asks about March 2023; a new day takes the old date's place."""
    assert resolve_followup("and in March?", thread("What was decided in 2023?"), briefing) == \
        "What was decided in March 2023?"
    assert resolve_followup("what about 5 January?", thread("What happened on January 3, 2024?"), briefing) == \
        "What happened on January 5, 2024?"


def test_a_lower_case_month_alone_is_no_date(briefing: Briefing) -> None:
    """'may' and 'march' are also verbs: the previous question's 'may' is not replaced by a year."""
    ctx = thread("How much may the authority spend?", AUTHORITY)
    assert resolve_followup("and 2025?", ctx, briefing) == "How much may the authority spend in 2025?"


def test_a_bare_name_replaces_the_name_of_its_kind(briefing: Briefing) -> None:
    """'and Brenmouth?' swaps the place, 'what about Tomas Reyke?' the person, 'and the Northgate Port
    Authority?' (a known name after 'the') the only name."""
    ctx = thread("When did Mara Velden visit Calloway?", MARA, CALLOWAY)
    assert resolve_followup("and Brenmouth?", ctx, briefing) == "When did Mara Velden visit Brenmouth?"
    assert resolve_followup("what about Tomas Reyke then?", ctx, briefing) == "When did Tomas Reyke visit Calloway?"
    ctx = thread("How many ships did Calloway handle?", CALLOWAY, AUTHORITY)
    assert resolve_followup("and the Northgate Port Authority?", ctx, briefing) == \
        "How many ships did the Northgate Port Authority handle?"


def test_an_unknown_name_replaces_the_only_name_and_is_left_when_unclear(briefing: Briefing) -> None:
    """A name no one knows takes the place of the question's only name; with two names it is left as asked."""
    assert resolve_followup("and Hollisford?", thread("How deep is Calloway?"), briefing) == "How deep is Hollisford?"
    ctx = thread("When did Mara Velden visit Calloway?", MARA, CALLOWAY)
    assert resolve_followup("and Hollisford?", ctx, briefing) == "and Hollisford?"


def test_a_pronoun_alone_is_a_name_fragment(briefing: Briefing) -> None:
    """'what about him?' is 'what about <the person>?', put into the last question."""
    ctx = thread("What did Mara Velden say?", TOMAS, MARA)
    assert resolve_followup("what about him?", ctx, briefing) == "What did Tomas Reyke say?"


def test_a_full_question_is_not_a_fragment(briefing: Briefing) -> None:
    """A question with words of its own is answered as asked, even when it names a date."""
    ctx = thread("How many ships did the authority handle in 2023?", AUTHORITY)
    assert resolve_followup("What happened in 2024?", ctx, briefing) == "What happened in 2024?"


def test_that_year_is_the_year_of_the_last_answer(briefing: Briefing) -> None:
    """'that year' and 'in that year' become the first year the last answer gave."""
    ctx = thread("When did the authority approve the plan?", AUTHORITY, dates=("12 March 2024",))
    assert resolve_followup("what else happened in that year?", ctx, briefing) == "what else happened in 2024?"


# --- the context a thread keeps


def answer(question: str, text: str, *entities: str, answered: bool = True) -> Answer:
    return Answer(question, answered, text, briefing="calloway-dredging", entities=entities)


def test_the_answers_news_comes_before_what_the_question_named(briefing: Briefing) -> None:
    """The cited passage's entities the question did not name lead (names and types from the briefing), then the
    question's own; ids the briefing lacks are dropped."""
    got = next_context(answer("What did Tomas Reyke oppose?", "Mara Velden's plan.", "tomas-reyke", "calloway",
                              "nobody"), briefing)
    assert got == ThreadContext("calloway-dredging", "What did Tomas Reyke oppose?",
                                (CALLOWAY, TOMAS), ())


def test_the_question_alone_gives_the_entities_when_nothing_is_cited(briefing: Briefing) -> None:
    """An abstention still remembers whom the question named."""
    got = next_context(answer("What does Mara Velden earn?", "The article doesn't say.", answered=False), briefing)
    assert got.entities == (MARA,)


def test_an_answer_naming_nothing_keeps_the_previous_entities_and_an_abstention_the_dates(briefing: Briefing) -> None:
    """A thread does not forget whom it is about because one answer named no one."""
    before = thread("When did Mara Velden visit?", MARA, dates=("4 April 2024",))
    got = next_context(answer("why?", "The article doesn't say.", answered=False), briefing, before)
    assert (got.question, got.entities, got.dates) == ("why?", (MARA,), ("4 April 2024",))


def test_the_answers_dates_are_remembered_in_order(briefing: Briefing) -> None:
    """Dates and years as the answer writes them, once each."""
    got = next_context(answer("When?", "On 12 March 2024, then in 2023 and 2023.", "calloway"), briefing)
    assert got.dates == ("12 March 2024", "2023")


def test_the_entities_a_thread_keeps_are_bounded(briefing: Briefing) -> None:
    """However many entities an answer cites, at most MAX_ENTITIES are kept."""
    ids = [e.id for e in briefing.entities] * 5
    assert len(next_context(answer("q", "a", *ids), briefing).entities) <= MAX_ENTITIES


def test_a_context_round_trips_through_json_and_garbage_is_a_value_error() -> None:
    """What to_json writes, from_json reads back equal; anything else is a ValueError, never a half-read context."""
    ctx = thread("When did Mara Velden visit Calloway?", MARA, CALLOWAY, dates=("4 April 2024",))
    assert ThreadContext.from_json(ctx.to_json()) == ctx
    for garbage in ("", "{", "[]", '{"briefing": 3}', '{"briefing": "b", "question": "q", "entities": [{}]}'):
        with pytest.raises(ValueError):
            ThreadContext.from_json(garbage)


# --- a whole thread


@pytest.fixture(scope="module")
def library(content: Path) -> Library:
    return Library(content)


def test_a_follow_up_is_answered_as_its_standalone_question(library: Library) -> None:
    """Through the registry's /ask: the first answer's person is the follow-up's 'she', the reply says the question
    as understood and cites the visit, and the new context names her."""
    registry, ctx = build_registry(), Context(library=library, platform="slack", channel_id="C1")
    first, after_first = ask_in_thread(registry, ctx, "<@U0BOT> Who is Mara Velden?")
    assert not first.ephemeral and after_first is not None and after_first.entities[0] == MARA
    second, after_second = ask_in_thread(registry, ctx, "When did she visit Calloway?", after_first)
    assert second.title == "Q: When did Mara Velden visit Calloway?"
    assert second.blocks[0].citation is not None and "visited Calloway" in second.blocks[0].citation.quote
    assert after_second is not None and MARA in after_second.entities and "4 April 2024" in after_second.dates


def test_a_thread_question_gets_the_ask_commands_checks(library: Library) -> None:
    """A question over /ask's length limit gets its polite usage error, and the thread keeps its context."""
    registry, ctx = build_registry(), Context(library=library, platform="slack", channel_id="C1")
    before = thread("Who is Mara Velden?", MARA)
    reply, after = ask_in_thread(registry, ctx, "why " * 200, before)
    assert reply.error and "too long" in reply.title and after == before


def test_a_thread_about_a_removed_briefing_starts_afresh(library: Library) -> None:
    """A context naming a briefing no longer loaded is dropped: the question is asked as it stands."""
    registry, ctx = build_registry(), Context(library=library, platform="slack", channel_id="C1")
    gone = ThreadContext("no-such-briefing", "Who is Mara Velden?", (MARA,))
    reply, after = ask_in_thread(registry, ctx, "When did she visit Calloway?", gone)
    assert reply.title == "Q: When did she visit Calloway?" and after is not None
    assert after.briefing == "calloway-dredging"
