"""Shared fixtures: the bundled content, a two-briefing library, a console context."""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAIN_ID = "belgium-silent-front"
SECOND_ID = "rotterdam-port-scanners"


@pytest.fixture(scope="session", autouse=True)
def _vector_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The answer engine's sentence-vector cache in a folder of the test run, not the user's home."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))  # kept by CLI tests' clean env
        yield


@pytest.fixture(scope="session")
def library() -> Library:
    """The bundled content only."""
    return Library(CONTENT)


@pytest.fixture
def two_briefings(tmp_path: Path) -> Path:
    """A content folder with the bundled briefing and the small fixture briefing side by side."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT / MAIN_ID, root / MAIN_ID)
    shutil.copytree(FIXTURES / "content" / SECOND_ID, root / SECOND_ID)
    return root


@pytest.fixture(scope="session")
def registry() -> Registry:
    return build_registry()


@pytest.fixture
def ctx(library: Library) -> Context:
    return Context(library=library, platform="console", user_id="tester", channel_id="C1")
