"""The buttons a reply offers: Show passage, Share in channel and More on this under an /ask answer; Next fact and
Full brief under a digest. A button whose id would not fit (bot.core.buttons) is left off."""
from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from bot.core.briefing import Fact
from bot.core.buttons import ActionError, action, encode, mark
from bot.core.cited import cited_fact, paragraph_of, paragraphs, related
from bot.core.loader import LoadedBriefing
from bot.core.reply import Action
from bot.core.store import ContentStore, UnknownBriefing

if TYPE_CHECKING:
    from bot.core.answer import Answer

__all__ = ["answer_actions", "digest_actions", "next_fact"]

log = logging.getLogger(__name__)


def _fitting(actions: Iterable[Action]) -> tuple[Action, ...]:
    """The actions whose ids encode; one that does not (a long question, a long briefing id) is left off."""
    out = []
    for act in actions:
        try:
            encode(act)
        except ActionError as exc:
            log.debug("button %s left off: %s", act.kind, exc)
            continue
        out.append(act)
    return tuple(out)


def _cited(store: ContentStore, answer: Answer) -> LoadedBriefing | None:
    """The briefing of the answer's first citation, or None."""
    if not answer.citations:
        return None
    try:
        return store.get(answer.citations[0].briefing_id)
    except UnknownBriefing:
        return None


def answer_actions(store: ContentStore, answer: Answer, question: str, asked: str | None,
                   public: bool) -> tuple[Action, ...]:
    """The buttons of an /ask reply: Show passage (the paragraph around the first citation), Share in channel (a
    private answer only; `question` and `asked`, the briefing it was asked about, let a click ask it again) and
    More on this (when the cited fact has related facts)."""
    share = [action("share", asked or "", mark(answer.text), question)] if answer.answered and not public else []
    lb = _cited(store, answer)
    if lb is None:
        return _fitting(share)
    quote = answer.citations[0].quote
    at = paragraph_of(lb.article, quote)
    out = [] if at is None else [action("passage", lb.briefing.id, str(at), mark(paragraphs(lb.article)[at]))]
    out += share
    facts = lb.briefing.facts
    fact_at = cited_fact(lb, quote)
    if fact_at is not None and related(facts, facts[fact_at]):
        out.append(action("more", lb.briefing.id, str(fact_at), mark(facts[fact_at].id)))
    return _fitting(out)


def next_fact(facts: Sequence[Fact], shown: Sequence[str]) -> int:
    """The index of the fact after the last of `shown` (fact ids) in briefing order that is not itself shown,
    going round to the start; the one after the last shown when every fact is."""
    ids = [f.id for f in facts]
    start = ids.index(shown[-1]) + 1 if shown and shown[-1] in ids else 0
    order = [(start + k) % len(facts) for k in range(len(facts))]
    return next((i for i in order if facts[i].id not in shown), order[0])


def digest_actions(lb: LoadedBriefing, shown: Sequence[str]) -> tuple[Action, ...]:
    """The buttons under a digest that showed the facts `shown` (ids, in order): Next fact and Full brief."""
    facts = lb.briefing.facts
    at = next_fact(facts, shown)
    return _fitting([action("next", lb.briefing.id, str(at), mark(facts[at].id)), action("brief", lb.briefing.id)])
