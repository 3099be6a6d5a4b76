"""What a button click answers: the button read back from its id (bot.core.buttons) and run as the command it
stands for, through that command's availability, permission and argument checks (Registry.run).

Adapters call `run_action(registry, ctx, raw_id)` with the Context they build for a command and render the Reply
it returns as they render a command's reply (ephemeral unless it says otherwise).
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from bot.core.buttons import AGAIN, ActionError, decode, mark
from bot.core.cited import paragraphs, related
from bot.core.commands import fact_block, footer
from bot.core.context import Context
from bot.core.loader import LoadedBriefing
from bot.core.offers import digest_actions
from bot.core.registry import Command, Registry
from bot.core.reply import Action, Block, Reply, error_reply
from bot.core.store import ContentStore, UnknownBriefing

__all__ = ["STANDS_FOR", "located", "run_action"]

log = logging.getLogger(__name__)

Run = Callable[[Action, Command, Context, Mapping[str, Any]], Reply]


class _Stale(Exception):
    """What a button refers to has changed or gone since it was made (a content reload); the message says so."""


@dataclass(frozen=True)
class _Click:
    command: str  # the command the button stands for: its checks apply to every click
    args: Callable[[Action], dict[str, Any]]  # the arguments those checks read
    run: Run


def _briefing(ctx: Context, briefing_id: str) -> tuple[ContentStore, LoadedBriefing]:
    store = ctx.library.current.store
    try:
        return store, store.get(briefing_id)
    except UnknownBriefing:
        raise _Stale(f"That button belongs to the briefing {briefing_id!r}, which is no longer loaded.") from None


def located(marks: Sequence[str], index: int, want: str) -> int | None:
    """Where a button's reference is now: at its index while the mark there matches, else the one place its mark
    is (the content moved in a reload), else None (it changed or went)."""
    if index < len(marks) and marks[index] == want:
        return index
    found = [i for i, m in enumerate(marks) if m == want]
    return found[0] if len(found) == 1 else None


def _fact(lb: LoadedBriefing, act: Action) -> int:
    at = located([mark(f.id) for f in lb.briefing.facts], int(act.payload[1]), act.payload[2])
    if at is None:
        raise _Stale("That fact is no longer in the briefing; it has been updated since.")
    return at


def _reply(lb: LoadedBriefing, title: str, blocks: list[Block]) -> Reply:
    return Reply(title=title, blocks=tuple(blocks), footer=footer(lb), url=lb.briefing.metadata.url)


def _passage(act: Action, command: Command, ctx: Context, args: Mapping[str, Any]) -> Reply:
    """Show passage: the article's paragraph around the answer's citation."""
    store, lb = _briefing(ctx, act.payload[0])
    found = paragraphs(lb.article)
    at = located([mark(p) for p in found], int(act.payload[1]), act.payload[2])
    if at is None:
        raise _Stale("The article has changed since this answer, so that passage is gone.")
    title = f"Passage: paragraph {at + 1} of {len(found)}"
    return _reply(lb, title, [Block("", citation=store.citation(lb, found[at]))])


def _share(act: Action, command: Command, ctx: Context, args: Mapping[str, Any]) -> Reply:
    """Share in channel: the same answer asked again as a public reply, saying who shared it; refused when the
    answer is no longer the same."""
    if act.payload[0]:
        _briefing(ctx, act.payload[0])
    assert command.handler is not None, command.name
    reply = command.handler(ctx, args)
    if reply.error:
        return reply
    if not reply.blocks or mark(reply.blocks[0].text) != act.payload[1]:
        raise _Stale("The briefing has changed since this answer, so I won't share the old one.")
    return replace(reply, ephemeral=False, shared_by=ctx.user_id)


def _more(act: Action, command: Command, ctx: Context, args: Mapping[str, Any]) -> Reply:
    """More on this: the facts sharing entities or tags with the cited one."""
    store, lb = _briefing(ctx, act.payload[0])
    facts = lb.briefing.facts
    found = related(facts, facts[_fact(lb, act)])
    if not found:
        return _reply(lb, "More on this", [Block("No other fact in this briefing shares a person, place or topic "
                                                 "with this one.")])
    title = f"More on this: {len(found)} related fact{'' if len(found) == 1 else 's'}"
    return _reply(lb, title, [fact_block(store, lb, f) for f in found])


def _next(act: Action, command: Command, ctx: Context, args: Mapping[str, Any]) -> Reply:
    """Next fact: the fact the button names, with a button for the one after it."""
    store, lb = _briefing(ctx, act.payload[0])
    facts = lb.briefing.facts
    at = _fact(lb, act)
    reply = _reply(lb, f"Fact {at + 1} of {len(facts)}: {lb.briefing.metadata.title}"[:250],
                   [fact_block(store, lb, facts[at], heading="Key fact")])
    return replace(reply, actions=digest_actions(lb, [facts[at].id]))


def _command(act: Action, command: Command, ctx: Context, args: Mapping[str, Any]) -> Reply:
    """A button that is its command with fixed arguments (Full brief is /brief full)."""
    _briefing(ctx, act.payload[0])
    assert command.handler is not None, command.name
    return command.handler(ctx, args)


def _in(act: Action) -> dict[str, Any]:
    return {"briefing": act.payload[0]}


def _question(act: Action) -> dict[str, Any]:
    briefing, _, question = act.payload
    return {"question": question, "public": True, **({"briefing": briefing} if briefing else {})}


_CLICKS = {
    "passage": _Click("source", _in, _passage),  # reads the article, as /source does
    "share": _Click("ask", _question, _share),
    "more": _Click("facts", _in, _more),
    "next": _Click("facts", _in, _next),
    "brief": _Click("brief", lambda act: {**_in(act), "length": "full"}, _command),
}
STANDS_FOR = {kind: click.command for kind, click in _CLICKS.items()}  # button kind -> the command it stands for


def run_action(registry: Registry, ctx: Context, raw_id: str) -> Reply:
    """The reply to a click on the button whose id is `raw_id`, for the user and place `ctx` describes. A damaged,
    foreign or out-of-date id, a command that is unavailable or not allowed there, and content that changed since
    the button was made each get a polite error reply, never an exception."""
    try:
        act = decode(raw_id)
    except ActionError as exc:
        log.info("button click refused: %s", exc)
        return exc.reply()
    click = _CLICKS[act.kind]
    command = registry.get(click.command)
    if command is None or command.handler is None:
        return error_reply("Sorry, that button's command is not available here.", hint=AGAIN)

    def handler(ctx: Context, args: Mapping[str, Any]) -> Reply:
        try:
            return click.run(act, command, ctx, args)
        except _Stale as exc:
            return error_reply(str(exc), hint=AGAIN)

    return registry.run(ctx, replace(command, handler=handler), click.args(act))
