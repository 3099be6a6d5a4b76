"""An article's draft briefing, as the plain dict briefing.yaml holds, with a note on what to check for each item."""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.authoring.anchor import find_anchor
from bot.authoring.dates import Dateline, DateMention, dates_in, read_dateline, relative_dates, stamp_line
from bot.authoring.entities import Entity, entities_in, find_entities, resolve
from bot.authoring.facts import figures_in, kind_of, summarise
from bot.authoring.fetch import Page
from bot.authoring.name_types import NameTyper
from bot.authoring.quotes import QuoteCandidate, find_quotes
from bot.authoring.text import SENTENCE_END, slug, split_paragraphs, split_sentences, unique

__all__ = ["UNKNOWN_SPEAKER", "Drafted", "draft"]

WORDS_PER_MINUTE = 200
HEADLINE_WITHIN = 3  # paragraphs from the top the headline may be under: a byline, a date line, a block of them
UNKNOWN_SPEAKER = "unknown-speaker"
SHORT_SUMMARY, FULL_SUMMARY = 4, 6  # sentences
_AUTHORS = re.compile(r",\s*|\s+and\s+|\s*&\s*")
_SPOKESPERSON = re.compile(r"(?:an?|the)\s+(?:spokes\w+|representative|statement)\s+(?:for|from|of)\s+(?P<body>.+)")
_HEAD_NOUN = re.compile(r"[a-z]+$")
_DATELINE_DASH = re.compile(r"^[^\n—–]{1,80}?\s(?:—|–|--|-)\s+")


@dataclass
class Drafted:
    """The draft briefing and, for each item ("facts/ID", "entities/ID", "quotes/ID", "timeline/N", "metadata/KEY",
    "summaries"), what its # REVIEW mark should ask the curator to check."""

    data: dict[str, Any]
    notes: dict[str, str] = field(default_factory=dict)
    sentences: list[str] = field(default_factory=list)


def _is_meta(paragraph: str) -> bool:
    """A byline or date line ("By Ann Example", "Published March 3, 2025"), not a sentence of the story."""
    read = read_dateline([paragraph])
    return bool(read.author or (read.published and not paragraph.endswith(SENTENCE_END)) or stamp_line(paragraph))


def _unstacked(paragraphs: list[str]) -> list[str]:
    """The paragraphs, with a headline printed straight above its byline or date line ("Calloway pulls 7 lots\nBy
    Miranda Okafor\nNov 12, 2025") split into its lines; a block of meta lines alone stays one ("LENA
    HOLLOWAY\nSCIENCE\nFEB 9, 2027 7:30 AM" above a magazine's headline)."""
    for i, block in enumerate(paragraphs[:HEADLINE_WITHIN]):
        lines = block.split("\n")
        if len(lines) > 1 and not _is_meta(lines[0]) and any(_is_meta(line) for line in lines[1:]):
            return [*paragraphs[:i], *(line.strip() for line in lines if line.strip()), *paragraphs[i + 1:]]
    return paragraphs


def _headline_at(paragraphs: Sequence[str]) -> int:
    """Where the headline is: the first paragraph that is no byline, date line or block of them ("TOMASZ WREN /
    SECURITY / MAR 4, 2026 6:00 AM" above a magazine's headline)."""
    return next((i for i, p in enumerate(paragraphs[:HEADLINE_WITHIN]) if not _is_meta(p)), 0)


def _body(paragraphs: Sequence[str]) -> tuple[str, list[str]]:
    """The standfirst (a line under the headline that is not a sentence) and the story's paragraphs: those after
    the headline that end as sentences do, or with the colon before a quotation ("She said:"), bylines and date
    lines left out."""
    subtitle = ""
    if len(paragraphs) > 1 and not paragraphs[1].endswith(SENTENCE_END) and not _is_meta(paragraphs[1]):
        subtitle = paragraphs[1]
    return subtitle, [p for p in paragraphs[1:] if p.endswith((*SENTENCE_END, ":")) and not _is_meta(p)]


def _without_dateline(paragraph: str) -> str:
    """A paragraph's text after its dateline ("HARWICK — ", "LONDON (Reuters) - "): the rest is still verbatim,
    and a fact, a summary or an event reads without it."""
    cut = _DATELINE_DASH.match(paragraph)
    return paragraph[cut.end():] if cut and read_dateline([paragraph]).place else paragraph


def _published(page: Page | None, dateline: Dateline) -> str:
    return (page.published if page else "") or (dateline.published.isoformat() if dateline.published else "")


def _entity(e: Entity) -> dict[str, Any]:
    return {"id": e.id, "name": e.name, "type": e.type, "aliases": list(e.aliases), "role": e.role}


def _authors(author: str, entities: list[Entity], taken: set[str], notes: dict[str, str]) -> None:
    """Each author not already among the entities joins them, a person whose role is the byline."""
    for name in (n.strip() for n in _AUTHORS.split(author)):
        if name and not any(e.name == name or name in e.aliases for e in entities):
            entities.append(Entity(unique(slug(name), taken), name, "person", [], "Author of the article.",
                                   f"By {author}"))
            notes[f"entities/{entities[-1].id}"] = "from the byline"


class _Speakers:
    """Quote speakers as entity ids: the named speaker resolved to an entity, a new entity when the name matches
    none, UNKNOWN_SPEAKER only when no speaker is named."""

    def __init__(self, entities: list[Entity], notes: dict[str, str]):
        self.entities, self.notes = entities, notes
        self.taken = {e.id for e in entities}

    def id_of(self, quote: QuoteCandidate) -> str:
        name = quote.speaker.strip()
        if not name:
            return UNKNOWN_SPEAKER
        found = self.known(name)
        if found is not None:
            return found.id
        kind = "person" if name[:1].isupper() else "other"
        self.entities.append(Entity(unique(slug(name), self.taken), name, kind, [], "", name))
        self.notes[f"entities/{self.entities[-1].id}"] = "named only as a quote's speaker; type guessed"
        return self.entities[-1].id

    def known(self, name: str) -> Entity | None:
        """The entity a speaker's name or description is: by name, alias or surname, with titles ("Secretary of
        State Marco Rubio" by its last words) or a post-nominal ("Jonathan Reddaway KC"); the body a spokesperson
        speaks for; the one person whose role has the noun a description ends on ("the mayor", "the union's
        representative")."""
        words = name.split()
        if len(words) > 2 and words[-1].isupper():
            words = words[:-1]  # "Jonathan Reddaway KC", "Ana Ruiz MP": a post-nominal after the name
        for i in range(len(words)):
            found = resolve(" ".join(words[i:]), self.entities)
            if found is not None and (i == 0 or found.type == "person"):
                return found
        body = _SPOKESPERSON.match(name)
        if body is not None:
            return resolve(body["body"], self.entities)
        head = _HEAD_NOUN.search(name) if name[:1].islower() else None
        if head is None:
            return None
        holders = [e for e in self.entities if e.type == "person" and re.search(rf"\b{head[0]}\b", e.role.lower())]
        return holders[0] if len(holders) == 1 else None


def _quotes(body: Sequence[str], speakers: _Speakers, notes: dict[str, str]) -> list[dict[str, Any]]:
    taken: set[str] = set()
    out = []
    people = [e.name for e in speakers.entities if e.type == "person"]
    bodies = [n for e in speakers.entities if e.type in ("organisation", "party") for n in [e.name, *e.aliases]]
    for quote in find_quotes(body, people, bodies):
        speaker = speakers.id_of(quote)
        out.append({"id": unique(slug(quote.text, 5), taken), "speaker": speaker, "text": quote.text, "context": ""})
        notes[f"quotes/{out[-1]['id']}"] = (f"speaker named as {quote.speaker!r}" if quote.speaker
                                           else "no speaker is named next to this quote")
    if any(q["speaker"] == UNKNOWN_SPEAKER for q in out):
        speakers.entities.append(Entity(UNKNOWN_SPEAKER, "Unknown speaker", "other", [], "", ""))
        notes[f"entities/{UNKNOWN_SPEAKER}"] = "no one is named next to some quotes"
    return out


def _facts(sentences: Sequence[str], dated: dict[str, list[DateMention]], entities: Sequence[Entity],
           notes: dict[str, str], every: bool = False) -> list[dict[str, Any]]:
    """A fact for each sentence that states a figure or a date, or argues or predicts, with its kind; with none
    (a briefing needs one), the sentence that best sums up the article."""
    taken: set[str] = set()
    out = []
    for s in sentences:
        figures, kind = figures_in(s), kind_of(s)
        if not (every or figures or dated[s] or kind in ("argument", "prediction")):
            continue
        fact_id = unique(slug(s), taken)
        out.append({"id": fact_id, "statement": s, "evidence": s, "kind": kind, "tags": ["review"],
                    "entities": entities_in(s, entities), "dates": list(dict.fromkeys(m.iso for m in dated[s])),
                    "figures": figures})
        notes[f"facts/{fact_id}"] = f"{kind}; write the statement in your own words"
    if out or every:
        return out
    return _facts(summarise(sentences, 1), {s: [] for s in sentences}, entities, notes, every=True)


def _timeline(sentences: Sequence[str], dated: dict[str, list[DateMention]], entities: Sequence[Entity],
              notes: dict[str, str]) -> list[dict[str, Any]]:
    """One event per date and sentence (a sentence naming a date twice, or repeated, gives one), by date."""
    seen: dict[tuple[str, str], DateMention] = {}
    for s in sentences:
        for m in dated[s]:
            seen.setdefault((m.iso, s), m)
    events = []
    for (iso, s), m in sorted(seen.items(), key=lambda item: item[0][0]):
        events.append({"date": iso, "label": m.label, "event": s, "evidence": s, "entities": entities_in(s, entities)})
        notes[f"timeline/{len(events) - 1}"] = "the year is inferred" if m.inferred else ""
    return events


def _summaries(title: str, sentences: Sequence[str]) -> dict[str, Any]:
    """Extractive: the sentences that cover the most distinct facts, for the curator to rewrite."""
    lead = summarise(sentences, 1) or [title]
    return {"tldr": lead[0], "short": summarise(sentences, SHORT_SUMMARY) or [title],
            "full": [{"heading": title, "text": " ".join(summarise(sentences, FULL_SUMMARY)) or title}]}


def draft(article: str, briefing_id: str, page: Page | None = None, typer: NameTyper | None = None) -> Drafted:
    """The draft briefing of `article` (its headline first, as published); `page` is what --url found about it;
    `typer` types the names no cue types (name_types' learned model unless another is given)."""
    paragraphs = _unstacked(split_paragraphs(article))
    headline = _headline_at(paragraphs)
    title = (page.title if page else "") or (paragraphs[headline] if paragraphs else "")
    subtitle, body = _body(paragraphs[headline:])
    sentences = [s for p in body for s in split_sentences(_without_dateline(p))]
    dateline = read_dateline(paragraphs)
    author = (page.author if page else "") or dateline.author
    found = find_anchor(paragraphs, sentences, _published(page, dateline), year_printed=bool(page and page.published))
    published, anchor = found.published, found.day
    dated = relative_dates(sentences, {s: dates_in(s, anchor) for s in sentences}, anchor)
    entities = find_entities([*split_sentences(subtitle), *sentences] if subtitle else sentences, author,
                             (page.publication if page else "") or dateline.publication, typer)
    notes = {f"entities/{e.id}": f"type guessed; first named in: {e.mention[:100].rstrip()}" for e in entities}
    _authors(author, entities, {e.id for e in entities}, notes)
    quotes = _quotes(body, _Speakers(entities, notes), notes)
    notes.update({"metadata/author": "the byline" + ("" if author else " was not found"),
                  "metadata/published": "YYYY-MM-DD" + ("" if published else "; not found") +
                                        (f"; {found.note}" if found.note else ""),
                  "metadata/kind": "news, opinion, analysis or feature",
                  "summaries": "extracted sentences: write these in your own words"})
    data = {
        "id": briefing_id,
        "metadata": {"title": title, "subtitle": subtitle, "author": author,
                     "publication": (page.publication if page else "") or dateline.publication,
                     "url": page.url if page else "", "published": published,
                     "reading_time_minutes": max(1, round(len(article.split()) / WORDS_PER_MINUTE)), "kind": "news"},
        "summaries": _summaries(title, sentences),
        "facts": _facts(sentences, dated, entities, notes),
        "entities": [_entity(e) for e in entities],
        "timeline": _timeline(sentences, dated, entities, notes),
        "quotes": quotes,
    }
    return Drafted(data, notes, sentences)
