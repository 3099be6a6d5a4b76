"""Digest editions, platform-free: headline, TL;DR, rotating key facts with evidence, a quote, a question."""
from __future__ import annotations

import hashlib
import logging
import random
from dataclasses import dataclass

from bot.core.commands import fact_block
from bot.core.loader import LoadedBriefing
from bot.core.offers import digest_actions
from bot.core.reply import Block, Reply
from bot.core.store import ContentStore

__all__ = ["FACTS_PER_EDITION", "compose", "pick"]

log = logging.getLogger(__name__)

FACTS_PER_EDITION = 3


@dataclass(frozen=True)
class Pick:
    """What edition `number` of a subscription shows: which briefing, which facts, which quote."""

    briefing: LoadedBriefing
    fact_ids: tuple[str, ...]
    quote_index: int | None


def _order(seed: str, n: int) -> list[int]:
    """A fixed per-subscription shuffle of 0..n-1, so rotation order differs between channels."""
    order = list(range(n))
    random.Random(hashlib.sha256(seed.encode()).digest()).shuffle(order)
    return order


def pick(store: ContentStore, subscription_id: int, number: int, briefing_id: str | None) -> Pick:
    """Edition `number` (1-based): one named briefing, or each briefing in turn when none is named.

    Facts go round a fixed shuffled cycle per (subscription, briefing), FACTS_PER_EDITION at a time,
    so no fact repeats until every fact of the briefing has been shown.
    """
    if briefing_id:
        lb, turn = store.get(briefing_id), number
    else:
        ids = sorted(store.ids())
        lb, turn = store.get(ids[(number - 1) % len(ids)]), (number - 1) // len(ids) + 1
    facts = lb.briefing.facts
    k = min(FACTS_PER_EDITION, len(facts))
    order = _order(f"{subscription_id}:{lb.briefing.id}", len(facts))
    start = (turn - 1) * k
    fact_ids = tuple(facts[order[(start + i) % len(facts)]].id for i in range(k))
    quotes = lb.briefing.quotes
    return Pick(lb, fact_ids, (turn - 1) % len(quotes) if quotes else None)


def _question(lb: LoadedBriefing, fact_id: str) -> str:
    fact = next(f for f in lb.briefing.facts if f.id == fact_id)
    names = {e.id: e.name for e in lb.briefing.entities}
    about = next((names[e] for e in fact.entities if e in names), None) or (fact.tags[0] if fact.tags else "")
    return f"/ask What does the article say about {about}?" if about else "/ask What is the article about?"


def compose(store: ContentStore, subscription_id: int, number: int, briefing_id: str | None,
            thread: bool = False) -> Reply:
    """The Reply for edition `number` of a subscription (at most 6 blocks, short texts), with Next fact and Full
    brief buttons. A `thread`ed edition is compact (title, TL;DR, buttons) with the rest, one block each, as the
    replies in its thread: the same blocks in the same order."""
    p = pick(store, subscription_id, number, briefing_id)
    b = p.briefing.briefing
    meta = b.metadata
    by_id = {f.id: f for f in b.facts}
    blocks = [Block(b.summaries.tldr, heading="TL;DR")]
    blocks += [fact_block(store, p.briefing, by_id[fid], heading="Key fact") for fid in p.fact_ids]
    if p.quote_index is not None:
        q = b.quotes[p.quote_index]
        speaker = next((e.name for e in b.entities if e.id == q.speaker), q.speaker)
        blocks.append(Block(q.context, heading=f"Quote \u2014 {speaker}", citation=store.citation(p.briefing, q.text)))
    blocks.append(Block(_question(p.briefing, p.fact_ids[0]), heading="Ask me"))
    replies = tuple(Reply(title="", blocks=(block,), ephemeral=False) for block in blocks[1:]) if thread else ()
    return Reply(
        title=f"Digest #{number}: {meta.title}"[:250],
        blocks=tuple(blocks[:1] if thread else blocks),
        footer=f"Edition {number} \u00b7 {meta.author}" + (f", {meta.publication}" if meta.publication else ""),
        url=meta.url,
        ephemeral=False,
        actions=digest_actions(p.briefing, p.fact_ids),
        thread=replies,
    )
