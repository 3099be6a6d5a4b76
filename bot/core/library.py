"""The live content: a store and its answer engine, swapped atomically on reload."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.core.answer import AnswerEngine
from bot.core.loader import load_content
from bot.core.store import ContentStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Snapshot:
    """One consistent version of the content; handlers take one and use only it."""

    store: ContentStore
    engine: AnswerEngine
    version: int


class Library:
    """Holds the current Snapshot. Reload validates first and keeps the old one on error."""

    def __init__(self, root: Path, default_briefing: str | None = None):
        self.root = root
        self.default_briefing = default_briefing
        self._lock = threading.Lock()
        self._current = self._build(1)

    def _build(self, version: int) -> Snapshot:
        store = ContentStore(load_content(self.root), self.default_briefing)
        return Snapshot(store, AnswerEngine(store), version)

    @property
    def current(self) -> Snapshot:
        return self._current

    def reload(self) -> Snapshot:
        """Load and validate the content again; swap only if it is good (ContentError otherwise)."""
        with self._lock:
            snapshot = self._build(self._current.version + 1)
            self._current = snapshot
        log.info("content reloaded: version %d, %d briefing(s)", snapshot.version, len(snapshot.store))
        return snapshot
