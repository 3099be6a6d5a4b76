"""The live content: a store and its answer engine, swapped atomically on reload."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.core.answer import AnswerEngine
from bot.core.loader import ContentError, load_content
from bot.core.settings import ContentLimits
from bot.core.store import ContentStore

__all__ = ["Library"]

log = logging.getLogger(__name__)
EngineFactory = Callable[[ContentStore, "AnswerEngine | None"], AnswerEngine]  # reuses the previous engine's work


@dataclass(frozen=True)
class Snapshot:
    """One consistent version of the content; handlers take one and use only it."""

    store: ContentStore
    engine: AnswerEngine
    version: int


class Library:
    """Holds the current Snapshot. Reload validates first and keeps the old one on error."""

    def __init__(self, root: Path, default_briefing: str | None = None, channels: Mapping[str, str] | None = None,
                 engine: EngineFactory = AnswerEngine, limits: ContentLimits | None = None):
        self.root = root
        self.limits = limits or ContentLimits()  # the config's content_limits
        self.default_briefing = default_briefing
        self.channels = dict(channels or {})
        self._engine = engine
        self._lock = threading.Lock()
        self._current = self._build(1, None)

    def _build(self, version: int, previous: AnswerEngine | None) -> Snapshot:
        store = ContentStore(load_content(self.root, self.limits), self.default_briefing)
        for channel, briefing in self.channels.items():
            if briefing not in store.ids():
                raise ContentError(self.root, f"channel_briefings: channel {channel} names no briefing {briefing!r}")
        return Snapshot(store, self._engine(store, previous), version)

    def briefing_for(self, channel: str) -> str | None:
        """The briefing a channel's questions are about (channel_briefings), None for the default one."""
        return self.channels.get(channel)

    @property
    def current(self) -> Snapshot:
        return self._current

    def reload(self) -> Snapshot:
        """Load and validate the content again; swap only if it is good (ContentError otherwise)."""
        with self._lock:
            snapshot = self._build(self._current.version + 1, self._current.engine)
            self._current = snapshot
        log.info("content reloaded: version %d, %d briefing(s)", snapshot.version, len(snapshot.store))
        return snapshot
