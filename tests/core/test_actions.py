"""Buttons end to end on a made-up briefing: what an /ask answer and a digest offer, what each click answers,
and that every click passes its command's checks and refuses damaged ids and content changed by a reload."""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from bot.core.answer import Answer
from bot.core.buttons import action, decode, encode, mark
from bot.core.clicks import STANDS_FOR, located, run_action
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.offers import answer_actions, digest_actions, next_fact
from bot.core.registry import Command, Permission, Registry
from bot.core.reply import Block, Reply

ID = "riverside-library"
ARTICLE = """Riverside library reopens after roof repair
By Nadia Ferrow
Eastvale Gazette

The Eastvale Town Council reopened the Riverside Library on 2 June 2025 after a six-month roof repair. \
The repair cost 1.2 million euros, paid from the council's building fund.

Head librarian Otto Brandt said the reading room had been closed since December. \
"We lost half a year of story hours," Brandt said.

Councillor Lena Voss criticised the cost of the repair. She said the council should have fixed the roof earlier.

The library lends 90,000 books a year.
"""

BRIEFING = """id: riverside-library
metadata:
  title: "Riverside library reopens after roof repair"
  author: "Nadia Ferrow"
  publication: "Eastvale Gazette"
  reading_time_minutes: 1
summaries:
  tldr: "Eastvale reopened the Riverside Library after a costly roof repair."
  short: ["The council reopened the library on 2 June 2025.", "The repair cost 1.2 million euros."]
  full:
    - heading: "Reopening"
      text: "The Eastvale Town Council reopened the Riverside Library after six months."
    - heading: "Cost"
      text: "The repair cost 1.2 million euros; Councillor Lena Voss criticised it."
facts:
  - id: reopened
    statement: "The council reopened the Riverside Library on 2 June 2025 after a six-month roof repair."
    evidence: "The Eastvale Town Council reopened the Riverside Library on 2 June 2025 after a six-month roof repair."
    entities: [eastvale-council, riverside-library]
    tags: [repair]
  - id: repair-cost
    statement: "The roof repair cost 1.2 million euros from the council's building fund."
    evidence: "The repair cost 1.2 million euros, paid from the council's building fund."
    entities: [eastvale-council]
    tags: [repair, budget]
  - id: closed
    statement: "The reading room had been closed since December."
    evidence: "Head librarian Otto Brandt said the reading room had been closed since December."
    entities: [otto-brandt, riverside-library]
  - id: criticism
    statement: "Councillor Lena Voss criticised the cost of the repair."
    evidence: "Councillor Lena Voss criticised the cost of the repair."
    kind: reported
    entities: [lena-voss]
    tags: [budget]
  - id: loans
    statement: "The library lends 90,000 books a year."
    evidence: "The library lends 90,000 books a year."
entities:
  - {id: eastvale-council, name: Eastvale Town Council, type: organisation, aliases: [the council],
     role: "Runs Eastvale"}
  - {id: riverside-library, name: Riverside Library, type: organisation, role: "The town's public library"}
  - {id: otto-brandt, name: Otto Brandt, type: person, aliases: [Brandt], role: "Head librarian"}
  - {id: lena-voss, name: Lena Voss, type: person, aliases: [Voss], role: "Councillor"}
"""
COST = "How much did the roof repair cost?"


def write(root: Path, article: str = ARTICLE, briefing: str = BRIEFING) -> Path:
    (root / ID).mkdir(parents=True, exist_ok=True)
    (root / ID / "article.txt").write_text(article, encoding="utf-8")
    (root / ID / "briefing.yaml").write_text(briefing, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    return Library(write(tmp_path_factory.mktemp("content")))


@pytest.fixture(scope="module")
def registry() -> Registry:
    return build_registry()


@pytest.fixture
def ctx(library: Library) -> Context:
    return Context(library=library, platform="slack", user_id="U42", channel_id="C1")


def kinds(reply: Reply) -> list[str]:
    return [a.kind for a in reply.actions]


def click(registry: Registry, ctx: Context, reply: Reply, kind: str) -> Reply:
    """The reply to clicking `reply`'s button of `kind`, through its id as a platform would send it."""
    return run_action(registry, ctx, encode(next(a for a in reply.actions if a.kind == kind)))


# --- what replies offer


def test_an_answer_offers_show_passage_share_and_more(registry: Registry, ctx: Context) -> None:
    """A private, cited answer whose fact has related facts offers the three buttons, each id within 100 chars."""
    reply = registry.dispatch(ctx, "ask", COST)
    assert not reply.error and kinds(reply) == ["passage", "share", "more"]
    assert all(len(encode(a)) <= 100 and decode(encode(a)) == a for a in reply.actions)


def test_a_public_answer_offers_no_share(registry: Registry, ctx: Context) -> None:
    """An answer already in the channel has nothing to share."""
    assert "share" not in kinds(registry.dispatch(ctx, "ask", f"public {COST}"))


def test_an_answer_without_citation_offers_nothing(library: Library) -> None:
    """An abstention with nothing cited offers no button: no passage, no fact, nothing worth sharing."""
    answer = Answer("q", False, "The article doesn't say anything about that.", (), 0.0, ID)
    assert answer_actions(library.current.store, answer, "q", None, False) == ()


def test_a_question_too_long_for_an_id_offers_no_share(library: Library) -> None:
    """Share carries the question; when the id would pass 100 characters the button is left off, not cut."""
    store = library.current.store
    lb = store.get(ID)
    answer = Answer("q", True, "1.2 million euros.", (store.citation(lb, lb.briefing.facts[1].evidence),), 0.9, ID)
    assert [a.kind for a in answer_actions(store, answer, "why " * 20 + "?", None, False)] == ["passage", "more"]
    assert [a.kind for a in answer_actions(store, answer, "why?", None, False)] == ["passage", "share", "more"]


def test_plain_text_leaves_buttons_out() -> None:
    """The console view of a reply with buttons is the view of the same reply without them."""
    plain = Reply(title="T", blocks=(Block("b"),), footer="f")
    with_buttons = dataclasses.replace(plain, actions=(action("brief", ID),), shared_by="U1")
    assert with_buttons.plain_text() == plain.plain_text()


def test_a_digest_offers_next_fact_after_the_shown_ones_and_full_brief(library: Library) -> None:
    """Next fact names the first fact after the last shown one that the digest did not show; Full brief names the
    briefing."""
    lb = library.current.store.get(ID)
    acts = digest_actions(lb, ["closed", "reopened", "criticism"])
    assert [a.kind for a in acts] == ["next", "brief"]
    assert acts[0].payload == (ID, "4", mark("loans")) and acts[1].payload == (ID,)


def test_next_fact_goes_round_and_skips_what_was_shown(library: Library) -> None:
    """After the last fact comes the first not shown; when all were shown, the one after the last."""
    facts = library.current.store.get(ID).briefing.facts
    assert next_fact(facts, ["loans", "reopened"]) == 1
    assert next_fact(facts, [f.id for f in facts]) == 0


# --- what each click answers


def test_show_passage_replies_with_the_paragraph_around_the_citation(registry: Registry, ctx: Context) -> None:
    """The passage is the whole paragraph holding the cited evidence, cited from the article, shown only to the
    clicker."""
    reply = click(registry, ctx, registry.dispatch(ctx, "ask", COST), "passage")
    assert not reply.error and reply.ephemeral and reply.title == "Passage: paragraph 2 of 5"
    quote = reply.blocks[0].citation.quote if reply.blocks[0].citation else ""
    assert quote.startswith("The Eastvale Town Council reopened") and quote.endswith("building fund.")


def test_share_posts_the_same_answer_publicly_with_who_shared_it(registry: Registry, ctx: Context) -> None:
    """Share re-issues the answer as a public reply attributed to the clicking user; it offers no second share."""
    private = registry.dispatch(ctx, "ask", COST)
    shared = click(registry, ctx, private, "share")
    assert not shared.error and shared.ephemeral is False and shared.shared_by == "U42"
    assert shared.blocks == private.blocks and shared.title == private.title
    assert kinds(shared) == ["passage", "more"]


def test_share_keeps_pings_out_of_the_public_reply(registry: Registry, ctx: Context) -> None:
    """A question with a broadcast and a mention is shared without them."""
    shared = click(registry, ctx, registry.dispatch(ctx, "ask", f"<!channel> <@U7> {COST}"), "share")
    assert shared.title == f"Q: {COST}" and not shared.error


def test_share_refuses_an_answer_that_changed(registry: Registry, ctx: Context) -> None:
    """When asking again gives another answer (content reloaded since), the old one is not shared."""
    reply = run_action(registry, ctx, encode(action("share", ID, mark("an older answer"), COST)))
    assert reply.error and "changed" in reply.title


def test_more_on_this_lists_the_facts_sharing_entities_or_tags(registry: Registry, ctx: Context) -> None:
    """More on this shows the facts related to the cited one, most related first, each with its evidence."""
    reply = click(registry, ctx, registry.dispatch(ctx, "ask", COST), "more")
    assert reply.title == "More on this: 2 related facts" and reply.ephemeral
    assert [b.text for b in reply.blocks] == ["The council reopened the Riverside Library on 2 June 2025 after a "
                                              "six-month roof repair.", "Councillor Lena Voss criticised the cost of "
                                              "the repair."]
    assert all(b.citation for b in reply.blocks)


def test_more_on_a_fact_with_no_relation_says_so(registry: Registry, ctx: Context) -> None:
    """A fact that shares nothing gets a polite sentence, not an empty list."""
    reply = run_action(registry, ctx, encode(action("more", ID, "4", mark("loans"))))
    assert not reply.error and "No other fact" in reply.plain_text()


def test_next_fact_shows_the_named_fact_and_offers_the_one_after(registry: Registry, ctx: Context) -> None:
    """Next fact shows its fact privately, with a Next fact for the following one and Full brief."""
    reply = run_action(registry, ctx, encode(action("next", ID, "4", mark("loans"))))
    assert reply.title.startswith("Fact 5 of 5") and reply.blocks[0].text == "The library lends 90,000 books a year."
    assert kinds(reply) == ["next", "brief"] and reply.actions[0].payload == (ID, "0", mark("reopened"))


def test_full_brief_is_the_brief_full_reply(registry: Registry, ctx: Context) -> None:
    """Full brief answers exactly what /brief full answers."""
    reply = run_action(registry, ctx, encode(action("brief", ID)))
    assert reply == registry.dispatch(ctx, "brief", f"full briefing:{ID}")


# --- checks


def test_every_kind_stands_for_a_command_of_the_registry(registry: Registry) -> None:
    """Each button kind names a command the registry holds, whose checks its clicks pass through."""
    assert all(registry.get(name) is not None for name in STANDS_FOR.values())


def with_command(registry: Registry, name: str, **changes: Any) -> Registry:
    """The registry with command `name` changed (its permission, availability or options)."""
    out = Registry()
    out.extend(dataclasses.replace(c, **changes) if c.name == name else c for c in registry)
    return out


def test_a_click_runs_its_command_permission_check(registry: Registry, ctx: Context) -> None:
    """With /brief limited to channel admins, Full brief is refused to a member and answered for an admin."""
    admins_only = with_command(registry, "brief", permission=Permission.CHANNEL_ADMIN)
    raw = encode(action("brief", ID))
    refused = run_action(admins_only, ctx, raw)
    assert refused.error and "admins" in refused.title
    assert not run_action(admins_only, dataclasses.replace(ctx, is_admin=True), raw).error


def test_a_click_runs_its_command_availability_check(registry: Registry, ctx: Context) -> None:
    """A command unavailable where the click happens answers with its own reason."""
    closed = with_command(registry, "facts", unavailable=lambda c: Reply("Not here.", error=True))
    reply = run_action(closed, ctx, encode(action("next", ID, "4", mark("loans"))))
    assert reply.error and reply.title == "Not here."


def test_a_click_runs_its_command_argument_checks(registry: Registry, ctx: Context) -> None:
    """Share passes the question to /ask's argument checks: over /ask's length limit it is refused."""
    strict = with_command(registry, "ask", options=tuple(
        dataclasses.replace(o, max_length=10) if o.name == "question" else o
        for o in (registry.get("ask") or Command("ask", "")).options))
    reply = run_action(strict, ctx, encode(action("share", ID, mark("x"), COST)))
    assert reply.error and "too long" in reply.title


def test_a_registry_without_the_command_refuses_the_click(ctx: Context) -> None:
    """A button whose command this bot does not have is refused politely."""
    reply = run_action(Registry(), ctx, encode(action("brief", ID)))
    assert reply.error and "not available" in reply.title


@pytest.mark.parametrize("raw", ["", "bb1:brief:riverside-library:aaaaaa", "bb9:brief:x:y", "click me"])
def test_a_damaged_or_foreign_id_gets_a_polite_error(registry: Registry, ctx: Context, raw: str) -> None:
    """Ids that do not decode answer with an error reply, never an exception."""
    reply = run_action(registry, ctx, raw)
    assert reply.error and "again" in reply.plain_text()


def test_an_unknown_briefing_is_refused(registry: Registry, ctx: Context) -> None:
    """A button of a briefing that is no longer loaded says so."""
    reply = run_action(registry, ctx, encode(action("brief", "gone-briefing")))
    assert reply.error and "no longer loaded" in reply.title


# --- after a reload


@pytest.fixture
def reloadable(tmp_path: Path) -> tuple[Path, Context]:
    root = write(tmp_path / "content")
    return root, Context(library=Library(root), user_id="U42", channel_id="C1")


def test_a_removed_fact_is_stale_after_a_reload(registry: Registry, reloadable: tuple[Path, Context]) -> None:
    """A Next fact button for a fact the reload removed is refused politely."""
    root, ctx = reloadable
    raw = encode(action("next", ID, "4", mark("loans")))
    write(root, briefing=BRIEFING.replace("  - id: loans\n", "  - id: lending\n"))
    ctx.library.reload()
    reply = run_action(registry, ctx, raw)
    assert reply.error and "no longer in the briefing" in reply.title


def test_a_fact_moved_by_a_reload_is_still_found(registry: Registry, reloadable: tuple[Path, Context]) -> None:
    """A reference whose fact moved (another fact removed before it) finds the fact by its mark."""
    root, ctx = reloadable
    raw = encode(action("next", ID, "4", mark("loans")))
    start, end = BRIEFING.index("  - id: reopened"), BRIEFING.index("  - id: repair-cost")
    write(root, briefing=BRIEFING[:start] + BRIEFING[end:])
    ctx.library.reload()
    reply = run_action(registry, ctx, raw)
    assert not reply.error and reply.title.startswith("Fact 4 of 4")


def test_a_changed_paragraph_is_stale_after_a_reload(registry: Registry, reloadable: tuple[Path, Context]) -> None:
    """Show passage for a paragraph the new article text changed is refused politely."""
    root, ctx = reloadable
    raw = encode(next(a for a in registry.dispatch(ctx, "ask", COST).actions if a.kind == "passage"))
    write(root, article=ARTICLE.replace("building fund.\n", "building fund. Work began in December.\n"))
    ctx.library.reload()
    reply = run_action(registry, ctx, raw)
    assert reply.error and "passage is gone" in reply.title


def test_located_finds_a_reference_where_it_was_or_where_it_moved() -> None:
    """At its index while the mark matches; else the one place with its mark; else (gone or ambiguous) None."""
    assert located(["a", "b", "c"], 1, "b") == 1
    assert located(["x", "a", "b"], 1, "b") == 2
    assert located(["a", "c"], 1, "b") is None and located(["b", "a", "b"], 1, "b") is None
    assert located(["a"], 5, "a") == 0
