"""The composition root: build_services wires the digest scheduler to the adapters and to the metrics."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import time_machine

from bot.adapters.slack.app import SlackService
from bot.app import app_registry, build_services
from bot.config import Config, StorageConfig
from bot.core.context import Context
from bot.core.library import Library
from bot.digests.conversations import ConversationKeeper, ThreadKey
from bot.digests.service import DigestService
from bot.ops.metrics import Metrics
from tests.adapters.slack.conftest import slack_config
from tests.adapters.slack.fakes import FakeSlack, event_body


async def test_a_digest_delivered_through_build_services_shows_in_the_metrics(tmp_path: Path, library: Library) -> None:
    """Slack + digests from build_services(metrics=...): a due digest reaches the fake Slack and /metrics counts it
    sent."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    metrics = Metrics()
    async with FakeSlack() as fake:
        config = Config(slack=slack_config(fake), storage=StorageConfig(url=url))
        services = build_services(config, library, metrics)
        digests = next(s for s in services if isinstance(s, DigestService))
        slack = next(s for s in services if isinstance(s, SlackService))
        # the registry Slack serves has /digest bound to that service, which posts to Slack
        assert slack.registry.commands["digest"].available(Context(library=library, platform="slack"))
        assert not app_registry().commands["digest"].available(Context(library=library, platform="slack"))
        with time_machine.travel(datetime(2025, 6, 2, 7, tzinfo=UTC), tick=False):
            digests.store.migrate()
            digests.store.add("slack", "C1", "0 8 * * *", "UTC", None)
        with time_machine.travel(datetime(2025, 6, 2, 8, 5, tzinfo=UTC), tick=True):
            for service in services:
                await service.start()
            try:
                await fake.wait_for(lambda: len(fake.posts) == 1)
                for _ in range(500):  # the ledger marks it sent, then it is counted
                    if b'briefbot_digests_total{outcome="sent"} 1.0' in metrics.render():
                        break
                    await asyncio.sleep(0.01)
            finally:
                for service in reversed(services):
                    await service.stop()
    assert fake.posts[0]["channel"] == "C1"
    assert b'briefbot_digests_total{outcome="sent"} 1.0' in metrics.render()


async def test_a_service_that_cannot_start_exits_1_with_one_clear_line(caplog) -> None:
    """A platform that fails at start (here: Slack unreachable) stops the run with exit 1 and a one-line reason."""
    from bot.app import serve

    class Broken:
        name = "slack"

        async def start(self) -> None:
            raise RuntimeError("Slack rejected the bot token: invalid_auth")

        async def stop(self) -> None:
            raise AssertionError("never started, so never stopped")

        def ready(self) -> bool:
            return False

    assert await serve([Broken()], asyncio.Event()) == 1
    assert "slack could not start: Slack rejected the bot token: invalid_auth" in caplog.text
    assert "Traceback" not in caplog.text


async def test_the_console_picks_up_an_edited_briefing_without_reload(tmp_path: Path) -> None:
    """`briefbot chat` on a content folder: after the briefing file is edited between two questions, the console's
    next answer shows the edit, with no /briefbot reload; quit still exits 0."""
    import os
    import shutil
    import sys

    from tests.conftest import CONTENT, ROOT

    shutil.copytree(CONTENT, tmp_path / "content")
    [briefing] = (tmp_path / "content").glob("*/briefing.yaml")
    config = tmp_path / "config.yaml"
    config.write_text(f"content_dir: {tmp_path / 'content'}\nstorage:\n  url: sqlite:///{tmp_path / 'bot.db'}\n",
                      encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFBOT_")}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "--config", str(config), "chat", cwd=ROOT, env={**env, "PYTHONUNBUFFERED": "1"},
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    seen = b""

    async def answer_contains(needle: bytes) -> bool:
        """Ask /brief tldr and read its answer (up to the next prompt); whether it contains `needle`."""
        nonlocal seen
        proc.stdin.write(b"/brief tldr\n")  # type: ignore[union-attr]
        await proc.stdin.drain()  # type: ignore[union-attr]
        answer = await asyncio.wait_for(proc.stdout.readuntil(b"briefbot> "), 30)  # type: ignore[union-attr]
        seen += answer
        return needle in answer

    try:
        seen += await asyncio.wait_for(proc.stdout.readuntil(b"briefbot> "), 60)  # the banner and first prompt
        assert await answer_contains(b"cocaine gateway")
        text = briefing.read_text(encoding="utf-8")
        briefing.write_text(text.replace("Antwerp is Europe's main cocaine gateway", "EDITED-TLDR-7 Antwerp"),
                            encoding="utf-8")
        deadline = asyncio.get_running_loop().time() + 30
        while not await answer_contains(b"EDITED-TLDR-7") and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.2)
        proc.stdin.write(b"quit\n")
        await proc.stdin.drain()
        code = await asyncio.wait_for(proc.wait(), 30)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    err = (await proc.stderr.read()).decode()
    assert b"EDITED-TLDR-7" in seen, (seen.decode()[-2000:], err)
    assert code == 0, err
    assert "Traceback" not in err


async def test_a_thread_answered_through_build_services_is_remembered_in_the_storage_database(
        tmp_path: Path, library: Library) -> None:
    """Slack from build_services with conversations on (the default): the store's schema is made at start, before
    the platform, and a mention's answer leaves its thread's context in the configured database; with
    conversations off, no store is built and nothing is remembered."""
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    async with FakeSlack() as fake:
        config = Config.model_validate({"slack": slack_config(fake, "socket").model_dump(), "storage": {"url": url},
                                        "digests": {"enabled": False}})
        services = build_services(config, library)
        keeper = services[0]
        assert isinstance(keeper, ConversationKeeper)
        for service in services:
            await service.start()
        try:
            await fake.envelopes.put({"envelope_id": "e1", "type": "events_api", "accepts_response_payload": False,
                                      "payload": event_body("<@UBOT> Who wrote the article?", ts="1700000009.1")})
            await fake.wait_for(lambda: len(fake.posts) == 1)
            context = keeper.store.get(ThreadKey("slack", "T1", "C1", "1700000009.1"))
        finally:
            for service in reversed(services):
                await service.stop()
    assert context is not None
    off = config.model_copy(update={"conversations": config.conversations.model_copy(update={"enabled": False})})
    assert not any(isinstance(s, ConversationKeeper) for s in build_services(off, library))
