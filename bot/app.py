"""The composition root: builds every enabled part from the config and runs them in one process."""
from __future__ import annotations

import asyncio
import logging
import signal
from typing import Protocol

from bot.adapters.console import repl
from bot.config import Config
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry

log = logging.getLogger(__name__)

STOP_TIMEOUT = 8.0  # seconds each part gets to finish in-flight work on SIGTERM


class Service(Protocol):
    """A long-running part of the process (a platform adapter, the digest scheduler, ...)."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def ready(self) -> bool: ...


def build_services(config: Config, library: Library, registry: Registry) -> list[Service]:
    """Every enabled part, each imported only when enabled so the console stays light."""
    services: list[Service] = []
    return services


async def serve(services: list[Service], stop: asyncio.Event) -> int:
    """Start every service, wait for a stop signal, stop them in reverse order."""
    started: list[Service] = []
    try:
        for service in services:
            await service.start()
            started.append(service)
            log.info("%s started", service.name)
        await stop.wait()
        return 0
    finally:
        for service in reversed(started):
            try:
                await asyncio.wait_for(service.stop(), STOP_TIMEOUT)
            except Exception:
                log.exception("%s did not stop cleanly", service.name)


def run(config: Config, library: Library, registry: Registry, console: bool = False) -> int:
    """Run the bot. With no platform enabled (no tokens), the console is the platform."""
    services = build_services(config, library, registry)
    if console or not services:
        ctx = Context(library=library, platform="console", user_id="console", is_admin=True)
        repl(registry, ctx)
        return 0

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        return await serve(services, stop)

    return asyncio.run(main())
