"""Passages: everything of a briefing the engine can answer from, each with the verbatim span it cites."""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from bot.core.answer.terms import Names, content_keys, name_key, tokens
from bot.core.loader import LoadedBriefing
from bot.core.text import normalise

__all__ = ["Passage", "sentences"]

_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
_ABBREV = re.compile(r"(?:\b(?:[A-Z]\.){1,3}|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|etc|No|Gen|Sen|Rep|Gov|Prof))\.?$")


@dataclass(frozen=True, slots=True)
class Passage:
    """One answerable passage: what is shown, the verbatim span cited, and what it is about."""

    briefing: str
    kind: str  # fact | event | quote | entity | term (glossary) | byline | sentence
    text: str  # shown as the answer's support: a curated statement or the article sentence
    quote: str  # verbatim span of the article: the citation
    entities: tuple[str, ...]  # entity ids it is about (curated, or found by name)
    subject: str = ""  # an entity card's entity, or a quote's speaker
    stance: str = ""  # a fact's kind: reported, background, argument, prediction
    date: str = ""  # ISO date of a timeline event or a dated fact
    early: bool = False  # its quote is in the article's opening paragraphs, where news puts the main story


def sentences(article: str) -> list[str]:
    """Article sentences and title lines (four words or more), as verbatim substrings of the article."""
    out: list[str] = []
    for line in article.splitlines():
        line = line.strip()
        if len(line.split()) < 4:
            continue
        merged: list[str] = []
        for piece in _SENTENCE_END.split(line):
            if merged and _ABBREV.search(merged[-1]):
                merged[-1] = f"{merged[-1]} {piece}"
            else:
                merged.append(piece)
        out += [s for s in merged if len(s.split()) >= 4]
    return out


def build(lb: LoadedBriefing) -> tuple[list[Passage], list[tuple[str, ...]]]:
    """The passages of one briefing and the match keys the index stores for each."""
    b = lb.briefing
    by_id = {e.id: e for e in b.entities}
    finder = Names({k: e.id for e in b.entities for n in (e.name, *e.aliases) if (k := name_key(tokens(n)))})
    article = sentences(lb.article)  # split once: cards and glossary terms fall back to its sentences
    opening = lb.article[:_opening(lb.article)]  # the headline, byline and first paragraphs
    passages: list[Passage] = []
    corpus: list[tuple[str, ...]] = []

    def add(kind: str, text: str, quote: str, search: str, ents: list[str], **extra: str) -> None:
        words = tokens(search)
        found = dict.fromkeys(ents)
        found.update(dict.fromkeys(e for _, _, e in finder.find(words)))
        entities = tuple(e for e in found if e in by_id)
        shown = normalise(text)
        passages.append(Passage(b.id, kind, shown, shown if shown == quote else quote, entities,
                                early=bool(quote) and quote in opening, **extra))
        corpus.append((*content_keys(words), *(sys.intern(f"e:{e}") for e in entities)))

    for f in b.facts:
        add("fact", f.statement, f.evidence, f"{f.statement} {f.evidence} {' '.join(f.tags)}", f.entities,
            stance=f.kind, date=f.dates[0] if len(f.dates) == 1 else "")
    for ev in b.timeline:
        add("event", f"{ev.label}: {ev.event}", ev.evidence, f"{ev.label} {ev.event} {ev.evidence}", ev.entities,
            date=ev.date)
    for q in b.quotes:
        speaker = by_id[q.speaker].name if q.speaker in by_id else q.speaker
        context = f" ({q.context.rstrip('.')})" if q.context else ""
        add("quote", f"{speaker} said: \u201c{q.text}\u201d{context}.", q.text, f"{speaker} said {q.text} {q.context}",
            [q.speaker], subject=q.speaker)
    for e in b.entities:
        cite = _evidence_for(lb, article, e.id, (e.name, *e.aliases))
        if cite:
            aka = ", ".join(a for a in dict.fromkeys(e.aliases) if a.lower() != e.name.lower())
            add("entity", f"{e.name}{f' (also: {aka})' if aka else ''}: {e.role}", cite,
                f"{e.name} {' '.join(e.aliases)} {e.role}", [e.id], subject=e.id)
    for g in b.glossary:  # the article's own term, answered from the sentence that uses it
        cite = _evidence_for(lb, article, "", (g.term, *g.means))
        if cite:
            add("term", f"{g.term}: {', '.join(g.means)}", cite, f"{g.term} {' '.join(g.means)} means stands for", [])
    author = b.metadata.author
    byline = next((s.strip() for s in lb.article.splitlines() if author and author in s), "")
    if byline:
        add("byline", f"The article was written by {author}.", byline, f"author wrote writer byline {author}", [])
    for s in article:
        add("sentence", s, s, s, [])
    return passages, corpus


def _evidence_for(lb: LoadedBriefing, article: list[str], entity: str, aliases: tuple[str, ...]) -> str:
    """A verbatim span that names the entity: a fact about it that names it, else the first article sentence."""
    low = [a.lower() for a in aliases]
    for f in lb.briefing.facts:
        if (not entity or entity in f.entities) and any(a in f.evidence.lower() for a in low):
            return f.evidence
    return next((s for s in article if any(a in s.lower() for a in low)), "")


def _opening(article: str, paragraphs: int = 2) -> int:
    """Where the article's first paragraphs of prose end (headline, byline and dateline lines skipped)."""
    seen = 0
    at = 0
    for line in article.splitlines(keepends=True):
        at += len(line)
        if len(line.split()) >= 12:  # a paragraph of prose, not a title or a dateline
            seen += 1
            if seen == paragraphs:
                return at
    return at
