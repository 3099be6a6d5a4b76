"""The HTTP listener through a real HTTP client: /healthz, /readyz and /metrics."""
from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.library import Library
from bot.ops.health import HealthServer
from bot.ops.metrics import Metrics, instrument


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """The exposition text parsed by prometheus-client's own parser: (name, labels) -> value."""
    return {(s.name, tuple(sorted(s.labels.items()))): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


class Platform:
    """A stand-in platform service whose connection state the test flips."""

    name = "discord"
    connected = False

    def ready(self) -> bool:
        return self.connected


Served = tuple[HealthServer, Platform, httpx.AsyncClient]


@pytest.fixture
async def server(library: Library) -> AsyncIterator[Served]:
    platform = Platform()
    metrics = Metrics()
    metrics.track_content_version(lambda: library.current.version)
    checks = [("content", lambda: len(library.current.store) > 0), (platform.name, platform.ready)]
    health = HealthServer("127.0.0.1", 0, metrics, checks)
    await health.start()
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{health.port}") as client:
        yield health, platform, client
    await health.stop()


async def test_healthz_answers_while_not_ready(server: Served) -> None:
    """/healthz says the process is alive even while a platform is still disconnected."""
    _, _, client = server
    r = await client.get("/healthz")
    assert r.status_code == 200 and r.json() == {"status": "alive"}


async def test_readyz_lists_failing_parts_until_connected(server: Served) -> None:
    """/readyz is 503 naming the disconnected platform, then 200 once it connects."""
    _, platform, client = server
    r = await client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["failing"] == ["discord"]
    platform.connected = True
    r = await client.get("/readyz")
    assert r.status_code == 200 and r.json()["status"] == "ready" and r.json()["failing"] == []


async def test_readyz_counts_a_raising_check_as_failing(server: Served) -> None:
    """A readiness check that raises (say the database driver) makes /readyz 503 instead of a 500."""
    health, platform, client = server
    platform.connected = True

    def database() -> bool:
        raise ConnectionError("database unreachable")

    health.checks.append(("database", database))
    r = await client.get("/readyz")
    assert r.status_code == 503 and r.json()["failing"] == ["database"]


async def test_metrics_in_prometheus_format(library: Library) -> None:
    """/metrics serves commands by platform and command, latency, abstentions, digests and the content version."""
    metrics = Metrics()
    metrics.track_content_version(lambda: library.current.version)
    registry = build_registry()
    instrument(registry, metrics)
    slack = Context(library=library, platform="slack", user_id="U1", channel_id="C1")
    registry.dispatch(slack, "ask", "How many tons of cocaine were seized in Antwerp in 2023?")
    registry.dispatch(slack, "ask", "What is the airspeed velocity of an unladen swallow?")
    registry.dispatch(Context(library=library, platform="discord"), "brief", "tldr")
    for outcome in ("sent", "sent", "retried", "skipped"):
        metrics.digest(outcome)
    health = HealthServer("127.0.0.1", 0, metrics, [])
    await health.start()
    try:
        async with httpx.AsyncClient() as client:
            r = await client.get(f"http://127.0.0.1:{health.port}/metrics")
    finally:
        await health.stop()
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/plain")
    got = samples(r.text)
    assert got[("briefbot_commands_total", (("command", "ask"), ("platform", "slack")))] == 2
    assert got[("briefbot_commands_total", (("command", "brief"), ("platform", "discord")))] == 1
    assert got[("briefbot_abstentions_total", (("platform", "slack"),))] == 1
    assert got[("briefbot_answer_seconds_count", (("command", "ask"),))] == 2
    assert got[("briefbot_digests_total", (("outcome", "sent"),))] == 2
    assert got[("briefbot_digests_total", (("outcome", "failed"),))] == 0
    assert got[("briefbot_content_version", ())] == library.current.version


def test_subcommands_are_counted_with_their_group(library: Library) -> None:
    """A subcommand such as /briefbot reload is counted as 'briefbot reload'."""
    from bot.ops.reload import reload_command

    metrics = Metrics()
    registry = build_registry(reload_command())
    instrument(registry, metrics)
    registry.dispatch(Context(library=library, platform="slack", is_admin=False), "briefbot", "reload")
    registry.dispatch(Context(library=Library(library.root), platform="slack", is_admin=True), "briefbot", "reload")
    got = samples(metrics.render().decode())
    # the refused call never reaches the handler: only served commands count
    assert got[("briefbot_commands_total", (("command", "briefbot reload"), ("platform", "slack")))] == 1


def test_unknown_digest_outcome_is_refused() -> None:
    """A typo in a digest outcome fails loudly instead of creating a new time series."""
    with pytest.raises(ValueError):
        Metrics().digest("delivered")  # type: ignore[arg-type]
