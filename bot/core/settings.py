"""The settings the core reads (the content limits) and the strict base every settings section of the config shares."""
from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["ContentLimits", "Section"]


class Section(BaseModel):
    """A part of the config. Unknown keys are errors; a key written with no value (`discord:`) takes its default."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _empty_means_default(cls, data: Any) -> Any:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None or k not in cls.model_fields}
        return data


class ContentLimits(Section):
    """Bounds on what the content loader reads, so no file can make loading slow, huge or hang."""

    max_article_bytes: int = Field(default=2_000_000, ge=1)
    max_briefing_bytes: int = Field(default=1_000_000, ge=1)
    follow_symlinks: bool = False  # allow article or briefing files that link outside the content folder
