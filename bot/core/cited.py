"""What a citation points at in its briefing: the article paragraph around it, the fact it cites, and the facts
related to that fact."""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.core.briefing import Fact
from bot.core.loader import LoadedBriefing
from bot.core.text import fold

__all__ = ["MAX_RELATED", "cited_fact", "paragraph_of", "paragraphs", "related"]

MAX_RELATED = 5  # facts "More on this" shows
RECENT = 4  # articles whose paragraphs are kept: a click or an answer reads one, a few at most
_BLANK_LINE = re.compile(r"\n\s*\n")


@lru_cache(maxsize=RECENT)
def paragraphs(article: str) -> tuple[str, ...]:
    """The article's paragraphs as it wrote them, each on one line: the runs of lines between blank lines, or each
    line when the article has no blank line at all (one paragraph a line)."""
    text = article.strip()
    pieces = _BLANK_LINE.split(text) if _BLANK_LINE.search(text) else text.splitlines()
    return tuple(" ".join(p.split()) for p in pieces if p.strip())


@lru_cache(maxsize=RECENT)
def _folded(article: str) -> tuple[str, ...]:
    return tuple(fold(p) for p in paragraphs(article))


def paragraph_of(article: str, quote: str) -> int | None:
    """The index of the paragraph holding `quote` (quotes, dashes, case and white space folded), or None."""
    want = fold(quote)
    if not want:
        return None
    return next((i for i, p in enumerate(_folded(article)) if want in p), None)


def cited_fact(lb: LoadedBriefing, quote: str) -> int | None:
    """The index of the fact a citation cites: the one whose evidence the quote holds or is part of (the longest
    such evidence), else the first whose evidence is in the quote's paragraph; None when no fact is near."""
    want = fold(quote)
    facts = lb.briefing.facts
    evidence = [fold(f.evidence) for f in facts]
    overlap = [len(e) if e and (e in want or want in e) else 0 for e in evidence]
    if want and max(overlap) > 0:
        return overlap.index(max(overlap))
    at = paragraph_of(lb.article, quote)
    if at is None:
        return None
    around = _folded(lb.article)[at]
    return next((i for i, e in enumerate(evidence) if e and e in around), None)


def related(facts: Sequence[Fact], fact: Fact, n: int = MAX_RELATED) -> list[Fact]:
    """The other facts sharing entities or tags with `fact`, those sharing most first (ties in briefing order), at
    most `n`."""
    entities, tags = set(fact.entities), set(fact.tags)
    shared = [(len(entities & set(f.entities)) + len(tags & set(f.tags)), i) for i, f in enumerate(facts)
              if f.id != fact.id]
    return [facts[i] for score, i in sorted(shared, key=lambda s: (-s[0], s[1])) if score > 0][:n]
