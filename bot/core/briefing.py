"""The briefing schema: what a curated briefing YAML file may contain."""
from __future__ import annotations

import datetime
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

__all__ = ["Briefing", "Entity", "Event", "Fact", "Metadata", "iso_date"]

Id = str
_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def iso_date(value: str) -> str:
    """A date as YYYY, YYYY-MM or YYYY-MM-DD that exists on the calendar ('2024-02-30' and 'next week' do not)."""
    try:
        if not _DATE.match(value):
            raise ValueError
        datetime.date.fromisoformat((value + "-01-01")[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-05-12") from None
    return value


class Strict(BaseModel):
    """Base for every briefing model: unknown keys are errors, objects are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Metadata(Strict):
    title: str
    subtitle: str = ""
    author: str
    publication: str = ""
    url: str = ""
    published: str = ""  # ISO date (YYYY, YYYY-MM or YYYY-MM-DD) when known
    reading_time_minutes: int = Field(ge=1)
    kind: Literal["news", "opinion", "analysis", "feature"] = "news"

    @field_validator("published")
    @classmethod
    def _published(cls, v: str) -> str:
        return v and iso_date(v)


class Section(Strict):
    heading: str
    text: str


class Summaries(Strict):
    tldr: str
    short: list[str] = Field(min_length=1)
    full: list[Section] = Field(min_length=1)


FactKind = Literal["reported", "argument", "prediction", "background"]


class Fact(Strict):
    id: Id
    statement: str
    evidence: str
    kind: FactKind = "reported"
    tags: list[str] = []
    entities: list[Id] = []
    dates: list[str] = []
    figures: list[str] = []


class Entity(Strict):
    id: Id
    name: str
    type: Literal["person", "organisation", "place", "event", "party", "other"]
    aliases: list[str] = []
    role: str


class Event(Strict):
    date: str  # ISO: YYYY, YYYY-MM or YYYY-MM-DD
    label: str  # the date as the article gives it, e.g. "January 3"
    event: str
    evidence: str
    entities: list[Id] = []

    @field_validator("date")
    @classmethod
    def _iso(cls, v: str) -> str:
        return iso_date(v)


class Quote(Strict):
    id: Id
    speaker: Id
    text: str
    context: str = ""


class GlossaryEntry(Strict):
    """An article's own term and what it means in this article: an abbreviation that names no entity, a
    local or foreign-language name, a nickname. General English synonyms never belong here."""

    term: str = Field(min_length=1)
    means: list[str] = Field(min_length=1)


class Briefing(Strict):
    id: Id
    metadata: Metadata
    summaries: Summaries
    facts: list[Fact] = Field(min_length=1)
    entities: list[Entity] = []
    timeline: list[Event] = []
    quotes: list[Quote] = []
    glossary: list[GlossaryEntry] = []

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("id must be lowercase letters, digits and dashes")
        return v
