"""The digest service's config subscriptions: threaded ones are read from the file, and switching one is a change."""
from __future__ import annotations

from pathlib import Path

from bot.config import load_config
from bot.core.library import Library
from bot.digests.service import DigestService

CONFIG = """
slack: {{enabled: true, bot_token: '${{T}}', signing_secret: '${{T}}', app_token: '${{T}}'}}
digests:
  subscriptions:
    - {{platform: slack, channel: C1, schedule: daily 07:00}}
    - {{platform: slack, channel: C2, schedule: daily 07:00, thread: {thread}}}
"""


async def test_config_subscriptions_may_be_threaded_and_switching_one_keeps_the_other(
        tmp_path: Path, db_url: str, library: Library) -> None:
    """`thread: true` in digests.subscriptions makes a threaded subscription; turning it off on a restart replaces
    that subscription with a new flat one, while the untouched entry keeps its row (so its editions go on)."""
    created = []
    for thread in ("true", "false"):
        (tmp_path / "config.yaml").write_text(CONFIG.format(thread=thread))
        config = load_config(tmp_path / "config.yaml", env={"T": "t"})
        svc = DigestService(config.digests, db_url, library, {})
        await svc.start()
        subs = svc.store.subscriptions()
        await svc.stop()
        assert [(s.channel_id, s.thread) for s in subs] == [("C1", False), ("C2", thread == "true")]
        created.append([s.created_at for s in subs])
    assert created[1][0] == created[0][0] and created[1][1] > created[0][1]
