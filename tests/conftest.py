"""Shared fixtures: the bundled content, a two-briefing library, a console context, a digest database."""
from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MAIN_ID = "belgium-silent-front"
SECOND_ID = "rotterdam-port-scanners"
PG_ENV, REQUIRE_ENV = "BRIEFBOT_TEST_POSTGRES_URL", "BRIEFBOT_REQUIRE_POSTGRES"


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


def postgres_url() -> str:
    """The test DSN; skip visibly where it is unset, fail where CI requires PostgreSQL."""
    url = os.environ.get(PG_ENV)
    if not url:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {PG_ENV} is unset")
        pytest.skip(f"PostgreSQL test: set {PG_ENV}=postgresql+psycopg://postgres@127.0.0.1:5432/test to run it")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a throwaway schema in the PostgreSQL test database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'digests.db'}"
        return
    url = postgres_url()
    schema = f"digests_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
