"""The live content: the answer engine is built on the first question, once, and a reload reuses its work."""
from __future__ import annotations

import threading
from pathlib import Path

from bot.core.answer import AnswerEngine
from bot.core.library import Library
from bot.core.store import ContentStore


class Counting:
    """An engine factory that records each build and the previous engine it was handed."""

    def __init__(self) -> None:
        self.previous: list[AnswerEngine | None] = []

    def __call__(self, store: ContentStore, previous: AnswerEngine | None) -> AnswerEngine:
        self.previous.append(previous)
        return AnswerEngine(store, previous)


def test_the_engine_is_built_on_the_first_question_only(two_briefings: Path) -> None:
    """Loading content builds no engine; asking builds it; asking again uses the same one."""
    factory = Counting()
    library = Library(two_briefings, engine=factory)
    assert factory.previous == []
    engine = library.current.engine
    assert library.current.engine is engine and factory.previous == [None]


def test_threads_asking_at_once_share_one_build(two_briefings: Path) -> None:
    """Eight threads reaching an unbuilt engine together get the same engine from a single build."""
    factory = Counting()
    library = Library(two_briefings, engine=factory)
    start = threading.Barrier(8)
    seen: list[AnswerEngine] = []

    def ask() -> None:
        start.wait()
        seen.append(library.current.engine)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(factory.previous) == 1 and len(seen) == 8 and len({id(engine) for engine in seen}) == 1


def test_a_reload_hands_over_the_previous_engine_only_if_it_was_built(two_briefings: Path) -> None:
    """The new snapshot's engine reuses the previous engine's work when there was one, and starts fresh when no
    question had been asked."""
    factory = Counting()
    library = Library(two_briefings, engine=factory)
    second = library.reload().engine
    assert library.current.engine is second
    third = library.reload().engine
    assert factory.previous == [None, second] and third is not second


def test_reloads_with_no_question_between_hand_over_the_last_built_engine(two_briefings: Path) -> None:
    """Reloads nobody asked a question after keep only the last built engine to reuse (no chain of old snapshots):
    the next build is handed that engine."""
    factory = Counting()
    library = Library(two_briefings, engine=factory)
    built = library.current.engine
    library.reload()
    library.reload()
    assert library.current.handover() is built
    assert library.current.engine is not built and factory.previous == [None, built]
