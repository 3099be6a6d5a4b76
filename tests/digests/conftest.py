"""Digest fixtures: a database per test (SQLite file, or PostgreSQL from the environment) and a fake Poster."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.core.delivery import ChannelGone, DeliveryError
from bot.core.reply import Reply
from bot.digests.storage import Store, make_engine

PG_ENV, REQUIRE_ENV = "BRIEFBOT_TEST_POSTGRES_URL", "BRIEFBOT_REQUIRE_POSTGRES"


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


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(make_engine(db_url))
    s.migrate()
    yield s
    s.engine.dispose()


class FakePoster:
    """A Poster that records each post (with the wall-clock time); raises the queued errors first, and
    ChannelGone for the `gone` channels. Like the real adapters, with `since` it skips a key already posted."""

    def __init__(self, platform: str = "slack", errors: list[DeliveryError] | None = None,
                 gone: frozenset[str] = frozenset()):
        self.platform = platform
        self.errors = list(errors or [])
        self.gone = gone
        self.posts: list[tuple[str, str, Reply, datetime]] = []  # channel, key, reply, when
        self.attempts = 0
        self.resumed: list[str] = []  # keys posted with `since` (an earlier attempt may have reached us)

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None:
        self.attempts += 1
        if since is not None:
            self.resumed.append(key)
            if any((c, k) == (channel_id, key) for c, k, _, _ in self.posts):
                return
        if channel_id in self.gone:
            raise ChannelGone(f"{channel_id}: channel_not_found")
        if self.errors:
            raise self.errors.pop(0)
        self.posts.append((channel_id, key, reply, datetime.now(UTC)))
