"""The briefing commands answer from the content, with verbatim citations, on any platform."""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.loader import ContentError
from bot.core.registry import Registry
from bot.core.text import fold
from tests.conftest import MAIN_ID, SECOND_ID


def cited_verbatim(reply, library: Library) -> bool:
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
    assert cocaine.blocks and all("cocaine" in fold(b.text + b.citation.quote) or b.citation for b in cocaine.blocks)
    assert any("462" in b.text for b in cocaine.blocks)
    unknown = registry.dispatch(ctx, "facts", "volcanoes")
    assert unknown.error and "Topics I know" in unknown.plain_text()


def test_opinion_is_labelled(registry: Registry, ctx: Context) -> None:
    """The author's arguments are labelled as such, apart from reported facts."""
    text = registry.dispatch(ctx, "facts", "briefing:" + MAIN_ID).plain_text()
    everything = "".join(registry.dispatch(ctx, "facts", t).plain_text() for t in ("secession", "us-policy", "drugs"))
    assert "(opinion)" in text  # the footer says the article is an opinion column
    assert "Author's argument" in everything or "Author's prediction" in everything


def test_who_knows_aliases_and_suggests(registry: Registry, ctx: Context) -> None:
    """/who finds people by alias and suggests close names for a misspelling."""
    reply = registry.dispatch(ctx, "who", "N-VA")
    assert "New Flemish Alliance" in reply.plain_text()
    miss = registry.dispatch(ctx, "who", "Bart de Wevr")
    assert miss.error and "De Wever" in miss.plain_text()


def test_timeline_quote_source(registry: Registry, ctx: Context, library: Library) -> None:
    """Timeline events and quotes are cited verbatim; /source names the author."""
    assert cited_verbatim(registry.dispatch(ctx, "timeline", ""), library)
    quotes = registry.dispatch(ctx, "quote", "De Wever")
    assert cited_verbatim(quotes, library) and "know no borders" in quotes.plain_text()
    assert registry.dispatch(ctx, "quote", "Angela Merkel").error
    assert "Jett James Pruitt" in registry.dispatch(ctx, "source", "").plain_text()


def test_replies_are_ephemeral_unless_public(registry: Registry, ctx: Context) -> None:
    """Answers go only to the asker by default; `public` posts them for everyone."""
    assert registry.dispatch(ctx, "brief", "").ephemeral
    assert not registry.dispatch(ctx, "brief", "public").ephemeral


def test_commands_choose_between_briefings(two_briefings: Path) -> None:
    """With two briefings, commands take `briefing`, and an unknown one is refused with the list."""
    library = Library(two_briefings)
    ctx = Context(library=library)
    reg = build_registry()
    assert "Rotterdam" in reg.dispatch(ctx, "source", f"briefing:{SECOND_ID}").plain_text()
    assert SECOND_ID in reg.dispatch(ctx, "briefings", "").plain_text()
    bad = reg.dispatch(ctx, "brief", "briefing:rotterdam")
    assert bad.error and SECOND_ID in bad.title


def test_who_may_name_its_briefing(two_briefings: Path) -> None:
    """/who searches every briefing, or only the one `briefing` names (an unknown one lists those that exist)."""
    ctx, reg = Context(library=Library(two_briefings)), build_registry()
    for text in ("Marit van Dijk", f"Marit van Dijk briefing:{SECOND_ID}"):
        found = reg.dispatch(ctx, "who", text)
        assert not found.error and "Reporter who wrote the article" in found.plain_text()
    elsewhere = reg.dispatch(ctx, "who", f"Marit van Dijk briefing:{MAIN_ID}")
    assert elsewhere.error and "I don't know anyone called 'Marit van Dijk'" in elsewhere.title
    bad = reg.dispatch(ctx, "who", "Marit van Dijk briefing:rotterdam")
    assert bad.error and SECOND_ID in bad.title


def test_a_channel_asks_its_own_briefing(two_briefings: Path) -> None:
    """channel_briefings decides which briefing a channel's questions and briefs are about; others get the
    default, and a command's own briefing option still wins."""
    library = Library(two_briefings, channels={"C-port": SECOND_ID})
    reg = build_registry()
    port = Context(library=library, channel_id="C-port")
    other = Context(library=library, channel_id="C-other")
    assert "van Dijk" in reg.dispatch(port, "ask", "Who wrote this article?").plain_text()
    assert "Pruitt" in reg.dispatch(other, "ask", "Who wrote this article?").plain_text()
    assert "Rotterdam" in reg.dispatch(port, "brief", "").plain_text()
    assert "Pruitt" in reg.dispatch(port, "ask", f"briefing:{MAIN_ID} Who wrote this article?").plain_text()


def test_a_channel_mapped_to_no_briefing_is_a_content_error(two_briefings: Path) -> None:
    """A channel_briefings entry naming a briefing that does not exist fails loading with a clear message."""
    with pytest.raises(ContentError, match="names no briefing 'nope'"):
        Library(two_briefings, channels={"C1": "nope"})


def test_help_lists_every_command(registry: Registry, ctx: Context) -> None:
    """/help is generated from the registry, so every command appears."""
    text = registry.dispatch(ctx, "help", "").plain_text()
    for command in registry:
        assert f"/{command.name}" in text


def test_ask_ignores_mentions_in_the_question(registry: Registry, ctx: Context) -> None:
    """Mentions and @everyone typed into a question neither change the answer nor survive into it."""
    plain = registry.dispatch(ctx, "ask", "Who is the PM?")
    pinged = registry.dispatch(ctx, "ask", "<@U123> <!channel> @everyone Who is the PM?")
    assert "De Wever" in plain.blocks[0].text
    assert pinged.blocks[0].text == plain.blocks[0].text
    only = registry.dispatch(ctx, "ask", "<@U123> @here")
    assert only.error and "needs a question" in only.title


def test_an_unknown_briefing_names_the_briefings_and_the_command_usage(registry: Registry, ctx: Context) -> None:
    """'/brief long' is neither a length nor a briefing: the reply lists the briefings that exist and /brief's
    own usage with its lengths, not another command's."""
    reply = registry.dispatch(ctx, "brief", "long")
    text = reply.plain_text()
    assert reply.error and f"Briefings: {MAIN_ID}" in text and "/brief [tldr|short|full]" in text
    assert "/briefings" not in text


def test_a_choice_may_follow_the_briefing(registry: Registry, ctx: Context) -> None:
    """'/brief <id> tldr' is the tldr of that briefing, as '/brief tldr <id>' is."""
    after = registry.dispatch(ctx, "brief", f"{MAIN_ID} tldr")
    assert not after.error and after == registry.dispatch(ctx, "brief", f"tldr {MAIN_ID}")


def test_who_shows_each_entity_once(registry: Registry, ctx: Context, library: Library) -> None:
    """An entity whose name folds to its own id is shown once, and suggestions never repeat a name."""
    store = library.current.store
    same = next(e for lb in store for e in lb.briefing.entities if fold(e.name) == fold(e.id))
    reply = registry.dispatch(ctx, "who", same.name)
    assert [b.heading for b in reply.blocks if b.heading].count(f"{same.name} ({same.type})") == 1
    close = store.suggest("de we")
    assert close and len(close) == len(set(close))
