"""The briefing commands answer from the content, with verbatim citations, on any platform."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.loader import ContentError
from bot.core.registry import Registry
from bot.core.reply import Reply
from bot.core.text import fold
from tests.conftest import MAIN_ID, SECOND_ID

BAD_ROTTERDAM = (f"There is no briefing 'rotterdam'. Did you mean {SECOND_ID}? "
                 f"Briefings: {MAIN_ID}, {SECOND_ID}.")


LABELS = {"argument": " _(Author's argument)_", "prediction": " _(Author's prediction)_",
          "background": " _(Background)_", "reported": ""}


def cited_verbatim(reply: Reply, library: Library) -> bool:
    store = library.current.store
    cites = [b.citation for b in reply.blocks if b.citation]
    return bool(cites) and all(fold(c.quote) in fold(store.get(c.briefing_id).article) for c in cites)


def test_brief_has_three_lengths(registry: Registry, ctx: Context) -> None:
    """tldr is one line, short is bullets, full has one block per section."""
    tldr = registry.dispatch(ctx, "brief", "tldr")
    short = registry.dispatch(ctx, "brief", "")
    full = registry.dispatch(ctx, "brief", "full")
    assert len(tldr.blocks) == 1 and "\n" not in tldr.blocks[0].text
    assert short.blocks[0].text.startswith("\u2022")
    assert len(full.blocks) > 2 and all(b.heading for b in full.blocks)
    assert len(tldr.plain_text()) < len(short.plain_text()) < len(full.plain_text())


def test_facts_cite_evidence_and_filter_by_topic(registry: Registry, ctx: Context, library: Library) -> None:
    """/facts cites each fact verbatim; a topic narrows them; an unknown topic lists known ones."""
    all_facts = registry.dispatch(ctx, "facts", "")
    assert cited_verbatim(all_facts, library)
    cocaine = registry.dispatch(ctx, "facts", "cocaine")
    found = len(cocaine.blocks)
    assert 0 < found < len(library.current.store.get(MAIN_ID).briefing.facts)
    assert cocaine.title == f"Facts about cocaine ({found} of {found})" and cited_verbatim(cocaine, library)
    assert [b for b in cocaine.blocks if b.citation is None or "cocaine" not in fold(b.text + b.citation.quote)] == []
    assert len([b for b in cocaine.blocks if "462 tons" in b.text]) == 1
    unknown = registry.dispatch(ctx, "facts", "volcanoes")
    assert unknown.error is True and unknown.title == "I have no facts about 'volcanoes' in this briefing."
    assert unknown.plain_text().startswith(f"{unknown.title}\nTopics I know: ")


def test_opinion_is_labelled(registry: Registry, ctx: Context, library: Library) -> None:
    """The author's arguments are labelled as such, apart from reported facts."""
    facts = library.current.store.get(MAIN_ID).briefing.facts
    assert registry.dispatch(ctx, "facts", "briefing:" + MAIN_ID).footer.endswith(" (opinion)")  # an opinion column
    shown = [b.text for t in ("secession", "us-policy", "drugs") for b in registry.dispatch(ctx, "facts", t).blocks]
    kinds = []
    for text in shown:
        fact = next(f for f in facts if text.startswith(f.statement))
        assert text == fact.statement + LABELS[fact.kind]
        kinds.append(fact.kind)
    assert {"argument", "reported"} <= set(kinds)


def test_who_knows_aliases_and_suggests(registry: Registry, ctx: Context) -> None:
    """/who finds people by alias and suggests close names for a misspelling."""
    reply = registry.dispatch(ctx, "who", "N-VA")
    assert reply.error is False and "New Flemish Alliance" in reply.plain_text()
    miss = registry.dispatch(ctx, "who", "Bart de Wevr")
    assert miss.error is True and miss.title == "I don't know anyone called 'Bart de Wevr' in these briefings."
    assert miss.plain_text().startswith(f"{miss.title}\nDid you mean Bart De Wever, ")


def test_timeline_quote_source(registry: Registry, ctx: Context, library: Library) -> None:
    """Timeline events and quotes are cited verbatim; /source names the author."""
    assert cited_verbatim(registry.dispatch(ctx, "timeline", ""), library)
    quotes = registry.dispatch(ctx, "quote", "De Wever")
    assert cited_verbatim(quotes, library) and "know no borders" in quotes.plain_text()
    assert {b.heading for b in quotes.blocks} == {"Bart De Wever"}
    nobody = registry.dispatch(ctx, "quote", "Angela Merkel")
    assert nobody.error is True and nobody.title == "No quotes from 'Angela Merkel' in this briefing."
    assert registry.dispatch(ctx, "source", "").plain_text().splitlines()[1] == "By Jett James Pruitt"


def test_replies_are_ephemeral_unless_public(registry: Registry, ctx: Context) -> None:
    """Answers go only to the asker by default; `public` posts them for everyone."""
    assert registry.dispatch(ctx, "brief", "").ephemeral is True
    assert registry.dispatch(ctx, "brief", "public").ephemeral is False


def test_commands_choose_between_briefings(two_briefings: Path) -> None:
    """With two briefings, commands take `briefing`, and an unknown one is refused with the list."""
    library = Library(two_briefings)
    ctx = Context(library=library)
    reg = build_registry()
    source = reg.dispatch(ctx, "source", f"briefing:{SECOND_ID}")
    assert source.title == library.current.store.get(SECOND_ID).briefing.metadata.title
    assert reg.dispatch(ctx, "briefings", "").plain_text().splitlines()[2::3] == [f"{MAIN_ID} (default)", SECOND_ID]
    bad = reg.dispatch(ctx, "brief", "briefing:rotterdam")
    assert bad.error is True and bad.title == BAD_ROTTERDAM


def test_who_may_name_its_briefing(two_briefings: Path) -> None:
    """/who searches every briefing, or only the one `briefing` names (an unknown one lists those that exist)."""
    ctx, reg = Context(library=Library(two_briefings)), build_registry()
    for text in ("Marit van Dijk", f"Marit van Dijk briefing:{SECOND_ID}"):
        found = reg.dispatch(ctx, "who", text)
        assert found.error is False and found.title == "Who is Marit van Dijk?"
        assert found.blocks[0].text.startswith("Reporter who wrote the article")
    elsewhere = reg.dispatch(ctx, "who", f"Marit van Dijk briefing:{MAIN_ID}")
    assert elsewhere.error is True
    assert elsewhere.title == "I don't know anyone called 'Marit van Dijk' in these briefings."
    bad = reg.dispatch(ctx, "who", "Marit van Dijk briefing:rotterdam")
    assert bad.error is True and bad.title == BAD_ROTTERDAM


def test_a_channel_asks_its_own_briefing(two_briefings: Path) -> None:
    """channel_briefings decides which briefing a channel's questions and briefs are about; others get the
    default, and a command's own briefing option still wins."""
    library = Library(two_briefings, channels={"C-port": SECOND_ID})
    reg = build_registry()
    port = Context(library=library, channel_id="C-port")
    other = Context(library=library, channel_id="C-other")

    def cited(reply: Reply) -> list[str]:
        return [b.citation.briefing_id for b in reply.blocks if b.citation]

    assert cited(reg.dispatch(port, "ask", "Who wrote this article?")) == [SECOND_ID]
    assert cited(reg.dispatch(other, "ask", "Who wrote this article?")) == [MAIN_ID]
    second = library.current.store.get(SECOND_ID).briefing.metadata.title
    assert reg.dispatch(port, "brief", "").title == f"Briefing: {second}"
    assert cited(reg.dispatch(port, "ask", f"briefing:{MAIN_ID} Who wrote this article?")) == [MAIN_ID]


def test_a_channel_mapped_to_no_briefing_is_a_content_error(two_briefings: Path) -> None:
    """A channel_briefings entry naming a briefing that does not exist fails loading with a clear message."""
    with pytest.raises(ContentError, match="names no briefing 'nope'"):
        Library(two_briefings, channels={"C1": "nope"})


def test_help_lists_every_command(registry: Registry, ctx: Context) -> None:
    """/help is generated from the registry, so every command appears."""
    lines = registry.dispatch(ctx, "help", "").plain_text().splitlines()
    usages = [line.split()[0] for line in lines if " \u2014 " in line]  # "/name <args> \u2014 what it does"
    assert usages == [f"/{command.name}" for command in registry]


def test_ask_ignores_mentions_in_the_question(registry: Registry, ctx: Context) -> None:
    """Mentions and @everyone typed into a question neither change the answer nor survive into it."""
    plain = registry.dispatch(ctx, "ask", "Who is the PM?")
    pinged = registry.dispatch(ctx, "ask", "<@U123> <!channel> @everyone Who is the PM?")
    assert "De Wever" in plain.blocks[0].text
    assert pinged.blocks[0].text == plain.blocks[0].text
    only = registry.dispatch(ctx, "ask", "<@U123> @here")
    assert only.error is True and only.title == "/ask needs a question, not only mentions."


def test_an_unknown_briefing_names_the_briefings_and_the_command_usage(registry: Registry, ctx: Context) -> None:
    """'/brief long' is neither a length nor a briefing: the reply lists the briefings that exist and /brief's
    own usage with its lengths, not another command's."""
    reply = registry.dispatch(ctx, "brief", "long")
    assert reply.error is True and reply.plain_text() == (
        f"There is no briefing 'long'. Briefings: {MAIN_ID}.\nUsage:\n"
        "/brief [tldr|short|full] [<briefing>] [public] \u2014 Summary of the article")


def test_a_choice_may_follow_the_briefing(registry: Registry, ctx: Context) -> None:
    """'/brief <id> tldr' is the tldr of that briefing, as '/brief tldr <id>' is."""
    after = registry.dispatch(ctx, "brief", f"{MAIN_ID} tldr")
    assert after.error is False and after == registry.dispatch(ctx, "brief", f"tldr {MAIN_ID}")


def test_who_shows_each_entity_once(registry: Registry, ctx: Context, library: Library) -> None:
    """An entity whose name folds to its own id is shown once, and suggestions never repeat a name."""
    store = library.current.store
    same = next(e for lb in store for e in lb.briefing.entities if fold(e.name) == fold(e.id))
    reply = registry.dispatch(ctx, "who", same.name)
    assert [b.heading for b in reply.blocks if b.heading].count(f"{same.name} ({same.type})") == 1
    close = store.suggest("de we")
    assert close and len(close) == len(set(close))
