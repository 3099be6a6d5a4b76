"""Digest fixtures: a migrated store on the test database (tests/conftest.py's db_url) and a fake Poster."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Connection, text

from bot.core.delivery import ChannelGone, DeliveryError
from bot.core.reply import Reply
from bot.digests.storage import Store, Sub, make_engine


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(make_engine(db_url))
    s.migrate()
    yield s
    s.engine.dispose()


def add_before_upgrade(conn: Connection, channel_id: str, editions: int = 0) -> None:
    """A user subscription as an older schema holds it: only the columns every revision has, by plain SQL."""
    conn.execute(text("INSERT INTO digest_subscriptions (platform, channel_id, schedule, timezone, created_by, "
                      "created_at, enabled, editions) VALUES ('slack', :channel, 'daily 08:00', 'UTC', 'U1', "
                      "'2025-03-01 08:00:00', true, :editions)"), {"channel": channel_id, "editions": editions})


def add(store: Store, platform: str, channel_id: str, schedule: str = "daily 08:00", tz: str = "UTC",
        thread: bool = False) -> Sub:
    """A user subscription, as store.add creates it (None is only for a config one another instance added first)."""
    sub = store.add(platform, channel_id, schedule, tz, None, thread=thread)
    assert sub is not None
    return sub


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
