"""Load briefing folders from disk, validate them and prove every quote is verbatim."""
from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from bot.core.briefing import Briefing
from bot.core.settings import ContentLimits
from bot.core.text import fold
from bot.core.yamlfile import Document, Loc, YamlError, read_text, validation_message

__all__ = ["ARTICLE_FILE", "BRIEFING_FILE", "REVIEW", "ContentError", "LoadedBriefing", "found_verbatim",
           "load_content"]

log = logging.getLogger(__name__)

ARTICLE_FILE = "article.txt"
BRIEFING_FILE = "briefing.yaml"
REVIEW = "# REVIEW"  # the mark `briefbot new-briefing` puts on each drafted line; `briefbot check` counts those left


class ContentError(YamlError):
    """Bad content: one message naming the file, the YAML path and the line."""


@dataclass(frozen=True)
class LoadedBriefing:
    """A validated briefing with the article text it was proven against."""

    briefing: Briefing
    article: str
    folder: Path
    # sha256 of the briefing file's text the model was validated from ("" when not loaded from a file): what the
    # answer index's build cache keys a briefing by, cheaper than serialising the model again
    source_sha256: str = ""


def found_verbatim(span: str, folded_article: str) -> bool:
    """The verbatim check every evidence span and quote passes: `span` is in the article once typographic quotes,
    dashes, white space and case are folded. `folded_article` is fold(article), folded once for many spans."""
    return fold(span) in folded_article


def _verbatim_spans(b: Briefing) -> Iterable[tuple[Loc, str]]:
    for i, fact in enumerate(b.facts):
        yield ("facts", i, "evidence"), fact.evidence
    for i, event in enumerate(b.timeline):
        yield ("timeline", i, "evidence"), event.evidence
    for i, quote in enumerate(b.quotes):
        yield ("quotes", i, "text"), quote.text


def _references(b: Briefing) -> Iterable[tuple[Loc, str]]:
    for i, fact in enumerate(b.facts):
        for j, ent in enumerate(fact.entities):
            yield ("facts", i, "entities", j), ent
    for i, event in enumerate(b.timeline):
        for j, ent in enumerate(event.entities):
            yield ("timeline", i, "entities", j), ent
    for i, quote in enumerate(b.quotes):
        yield ("quotes", i, "speaker"), quote.speaker


def _check_unique_ids(b: Briefing) -> Iterable[tuple[Loc, str]]:
    for section in ("facts", "entities", "quotes"):
        seen: set[str] = set()
        for i, item in enumerate(getattr(b, section)):
            if item.id in seen:
                yield (section, i, "id"), f"duplicate id {item.id!r}"
            seen.add(item.id)


def _check_glossary(b: Briefing, text: str) -> Iterable[tuple[Loc, str]]:
    """Each glossary term is unique and is the article's own: the term or one of its meanings is in the text."""
    seen: set[str] = set()
    for i, entry in enumerate(b.glossary):
        key = fold(entry.term)
        if key in seen:
            yield ("glossary", i, "term"), f"duplicate glossary term {entry.term!r}"
        seen.add(key)
        if not any(fold(w) in text for w in (entry.term, *entry.means)):
            yield ("glossary", i, "term"), f"neither {entry.term!r} nor what it means is in {ARTICLE_FILE}"


def _inside(path: Path, root: Path) -> bool:
    """Whether `path`, its links followed, lies in the folder `root` (already resolved)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a symlink loop: reading it says so
        return True


def _read(file: Path, root: Path, limits: ContentLimits, setting: str, what: str) -> str:
    """A content file's text: a regular file within its size limit (the `setting` of `limits`), in the content
    folder `root` unless links may leave it."""
    if not limits.follow_symlinks and not _inside(file, root):
        raise ContentError(file, "links outside the content folder; "
                                 "set content_limits.follow_symlinks: true to allow it")
    return read_text(file, getattr(limits, setting), ContentError, what=what, setting=f"content_limits.{setting}")


def load_briefing(folder: Path, limits: ContentLimits | None = None, root: Path | None = None) -> LoadedBriefing:
    """Load and prove one briefing folder of the content folder `root` (its parent by default); raise ContentError
    on the first problem."""
    limits = limits or ContentLimits()
    root = (root or folder.parent).resolve()
    file = folder / BRIEFING_FILE
    source = _read(file, root, limits, "max_briefing_bytes", "the briefing")
    article = _read(folder / ARTICLE_FILE, root, limits, "max_article_bytes", "the article text")
    doc = Document(file, source, ContentError)
    if doc.data is None:
        raise ContentError(file, "the file is empty")
    try:
        briefing = Briefing.model_validate(doc.data)
    except ValidationError as exc:
        raise doc.fail(*validation_message(exc)) from None
    if briefing.id != folder.name:
        raise doc.fail(f"id {briefing.id!r} must match the folder name {folder.name!r}", ("id",))
    for loc, problem in _check_unique_ids(briefing):
        raise doc.fail(problem, loc)
    known = {e.id for e in briefing.entities}
    for loc, ref in _references(briefing):
        if ref not in known:
            raise doc.fail(f"unknown entity id {ref!r}", loc)
    text = fold(article)
    for loc, span in _verbatim_spans(briefing):
        if not found_verbatim(span, text):
            raise doc.fail(f"not found verbatim in {ARTICLE_FILE}: {span[:80]!r}", loc)
    for loc, problem in _check_glossary(briefing, text):
        raise doc.fail(problem, loc)
    return LoadedBriefing(briefing, article, folder, hashlib.sha256(source.encode("utf-8")).hexdigest())


def load_content(root: Path, limits: ContentLimits | None = None) -> list[LoadedBriefing]:
    """Load every briefing folder under `root` (a folder holding a briefing.yaml), each file within `limits`."""
    if not root.is_dir():
        raise ContentError(root, "content folder not found")
    folders = sorted(p.parent for p in root.glob(f"*/{BRIEFING_FILE}"))
    if not folders:
        raise ContentError(root, f"no briefings found (expected {root}/<id>/{BRIEFING_FILE})")
    loaded = [load_briefing(f, limits, root) for f in folders]
    log.info("loaded %d briefing(s) from %s", len(loaded), root)
    return loaded
