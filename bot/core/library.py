"""The live content: a store and its answer engine, swapped atomically on reload."""
from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.loader import ContentError, load_content
from bot.core.settings import ContentLimits
from bot.core.store import ContentStore

if TYPE_CHECKING:
    from bot.core.answer import AnswerEngine

__all__ = ["Library", "Snapshot", "answer_engine"]

log = logging.getLogger(__name__)
EngineFactory = Callable[[ContentStore, "AnswerEngine | None"], "AnswerEngine"]  # reuses the previous engine's work


def answer_engine(store: ContentStore, previous: AnswerEngine | None) -> AnswerEngine:
    """The /ask engine over a store; imported on first use, so a process that has not been asked anything yet
    carries none of the retrieval libraries (numpy, bm25s) or the index."""
    from bot.core.answer import AnswerEngine

    return AnswerEngine(store, previous)


class Snapshot:
    """One consistent version of the content; handlers take one and use only it. Its answer engine is built on the
    first question (from the on-disk build cache when warm), once, whichever thread asks first."""

    def __init__(self, store: ContentStore, version: int, factory: EngineFactory,
                 previous: Snapshot | None = None) -> None:
        self.store = store
        self.version = version
        self._factory = factory
        # the engine whose work the build reuses: the previous snapshot's, or the one it was handed if it was never
        # asked; only the engine is kept, so reloads with no question between them hold no chain of old stores
        self._previous = previous.handover() if previous is not None else None
        self._engine: AnswerEngine | None = None
        self._lock = threading.Lock()

    def handover(self) -> AnswerEngine | None:
        """The newest built engine behind this snapshot: its own, else the one it was handed."""
        return self._engine or self._previous

    @property
    def engine(self) -> AnswerEngine:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    self._engine, self._previous = self._factory(self.store, self._previous), None
        return self._engine


class Library:
    """Holds the current Snapshot. Reload validates first and keeps the old one on error."""

    def __init__(self, root: Path, default_briefing: str | None = None, channels: Mapping[str, str] | None = None,
                 engine: EngineFactory = answer_engine, limits: ContentLimits | None = None):
        self.root = root
        self.limits = limits or ContentLimits()  # the config's content_limits
        self.default_briefing = default_briefing
        self.channels = dict(channels or {})
        self._engine = engine
        self._lock = threading.Lock()
        self._current = self._build(1, None)

    def _build(self, version: int, previous: Snapshot | None) -> Snapshot:
        store = ContentStore(load_content(self.root, self.limits), self.default_briefing)
        for channel, briefing in self.channels.items():
            if briefing not in store.ids():
                raise ContentError(self.root, f"channel_briefings: channel {channel} names no briefing {briefing!r}")
        return Snapshot(store, version, self._engine, previous)

    def briefing_for(self, channel: str) -> str | None:
        """The briefing a channel's questions are about (channel_briefings), None for the default one."""
        return self.channels.get(channel)

    @property
    def current(self) -> Snapshot:
        return self._current

    def reload(self) -> Snapshot:
        """Load and validate the content again; swap only if it is good (ContentError otherwise)."""
        with self._lock:
            snapshot = self._build(self._current.version + 1, self._current)
            self._current = snapshot
        log.info("content reloaded: version %d, %d briefing(s)", snapshot.version, len(snapshot.store))
        return snapshot
