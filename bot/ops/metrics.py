"""Prometheus metrics in one typed object with its own registry (no module globals)."""
from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, Literal

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from bot.core.registry import Command, Handler, Registry
from bot.core.reply import Reply

__all__ = ["CONTENT_TYPE", "Metrics", "instrument"]

if TYPE_CHECKING:
    from bot.core.context import Context

log = logging.getLogger(__name__)

DigestOutcome = Literal["sent", "retried", "skipped", "failed"]
DIGEST_OUTCOMES: tuple[DigestOutcome, ...] = ("sent", "retried", "skipped", "failed")
CONTENT_TYPE = CONTENT_TYPE_LATEST


class Metrics:
    """What /metrics shows. Adapters and digests call the methods; nothing here is global."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self._commands = Counter("briefbot_commands", "Commands served, by platform and command",
                                 ("platform", "command"), registry=self.registry)
        self._latency = Histogram("briefbot_answer_seconds", "Time to answer a command, by command",
                                  ("command",), registry=self.registry,
                                  buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
        self._abstentions = Counter("briefbot_abstentions", "Questions the content could not answer",
                                    ("platform",), registry=self.registry)
        self._digests = Counter("briefbot_digests", "Digest deliveries by outcome",
                                ("outcome",), registry=self.registry)
        for outcome in DIGEST_OUTCOMES:
            self._digests.labels(outcome)  # show zeros before the first delivery
        self._content_version = Gauge("briefbot_content_version",
                                      "Version of the live content (1 at start-up, +1 per good reload)",
                                      registry=self.registry)

    def command_served(self, platform: str, command: str, seconds: float, abstained: bool = False) -> None:
        self._commands.labels(platform, command).inc()
        self._latency.labels(command).observe(seconds)
        if abstained:
            self._abstentions.labels(platform).inc()

    def digest(self, outcome: DigestOutcome) -> None:
        if outcome not in DIGEST_OUTCOMES:
            raise ValueError(f"unknown digest outcome {outcome!r}")
        self._digests.labels(outcome).inc()

    def track_content_version(self, version: Callable[[], int]) -> None:
        """Read the content version at each scrape (e.g. `lambda: library.current.version`)."""
        self._content_version.set_function(version)

    def render(self) -> bytes:
        return generate_latest(self.registry)


def abstained(command: str, reply: Reply) -> bool:
    """An /ask reply that is no error yet cites nothing: answers always cite, abstentions never do."""
    return command == "ask" and not reply.error and not any(b.citation for b in reply.blocks)


def _timed(handler: Handler, label: str, metrics: Metrics) -> Handler:
    def run(ctx: Context, args: Mapping[str, Any]) -> Reply:
        start = time.perf_counter()
        reply = handler(ctx, args)
        metrics.command_served(ctx.platform, label, time.perf_counter() - start, abstained(label, reply))
        return reply
    return run


def _instrumented(command: Command, metrics: Metrics, prefix: str = "") -> Command:
    label = f"{prefix}{command.name}"
    subs = tuple(_instrumented(s, metrics, f"{label} ") for s in command.subcommands)
    handler = _timed(command.handler, label, metrics) if command.handler else None
    return dataclasses.replace(command, handler=handler, subcommands=subs)


def instrument(registry: Registry, metrics: Metrics) -> None:
    """Count and time every command the registry serves, on every platform, in one place."""
    for name, command in list(registry.commands.items()):
        registry.commands[name] = _instrumented(command, metrics)
