"""The composition root: builds every enabled part from the config and runs them in one process."""
from __future__ import annotations

import asyncio
import logging
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Protocol

from bot.adapters.console import repl
from bot.config import Config
from bot.core.commands import build_registry
from bot.core.context import Context
from bot.core.delivery import Poster
from bot.core.library import Library
from bot.core.registry import Registry
from bot.digests.commands import digest_command
from bot.ops.reload import ContentWatcher, SignalReload, reload_command

__all__ = ["app_registry", "build_services", "run", "serve"]

if TYPE_CHECKING:
    from bot.digests.service import DigestService
    from bot.ops.metrics import Metrics

log = logging.getLogger(__name__)

STOP_TIMEOUT = 8.0  # seconds all parts together get to finish in-flight work on SIGTERM (stop within 10 s)


class Service(Protocol):
    """A long-running part of the process (a platform adapter, the digest scheduler, ...)."""

    name: str

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def ready(self) -> bool: ...


def app_registry(digests: DigestService | None = None) -> Registry:
    """The commands `briefbot run` serves, /digest bound to the digest service when one runs. Without one (the
    command line, the console, slack-manifest) /digest is listed but says digests are not running here."""
    return build_registry(reload_command(), digest_command(digests))


def build_services(config: Config, library: Library, metrics: Metrics | None = None) -> list[Service]:
    """Every enabled part, each imported only when enabled so the console stays light.

    Built one way: the digest service, then the one registry with /digest bound to it, then the threads' store, then
    the platforms serving that registry and keeping their threads' context in that store. The digests post through
    the platforms, which need the registry first, so the service is given the table of posters (platform -> Poster)
    that each platform joins as it is built.
    """
    posters: dict[str, Poster] = {}
    digests = None
    if config.digests.enabled and config.platforms:
        from bot.digests.service import DigestService
        digests = DigestService(config.digests, config.storage.url, library, posters,
                                count=metrics.digest if metrics is not None else None)
    registry = app_registry(digests)
    if metrics is not None:  # wrap every command (/digest too) before an adapter reads them
        from bot.ops.metrics import instrument
        instrument(registry, metrics)
    services: list[Service] = []
    conversations = None
    if config.conversations.enabled and config.platforms:  # first: the threads' store is ready before a question
        from bot.digests.conversations import ConversationKeeper
        keeper = ConversationKeeper(config.storage.url, config.conversations.expiry)
        services.append(keeper)
        conversations = keeper.store
    if config.slack.enabled:
        from bot.adapters.slack.app import SlackService
        slack = SlackService(config.slack, library, registry, conversations=conversations, digests=digests)
        services.append(slack)
        posters[slack.platform] = slack
    if config.discord.enabled:
        from bot.adapters.discord.service import DiscordService
        discord = DiscordService(config.discord, library, registry, conversations=conversations)
        services.append(discord)
        posters[discord.platform] = discord
    if digests is not None:  # last: started once the adapters are connected, stopped first
        services.append(digests)
    return services


async def serve(services: list[Service], stop: asyncio.Event) -> int:
    """Start every service, wait for a stop signal, stop them in reverse order."""
    started: list[Service] = []
    try:
        for service in services:
            try:
                await service.start()
            except Exception as exc:  # a bad token, a port in use: one clear line, the trace at DEBUG
                log.error("%s could not start: %s", service.name, exc)
                log.debug("%s start failure", service.name, exc_info=True)
                return 1
            started.append(service)
            log.info("%s started", service.name)
        await stop.wait()
        return 0
    finally:
        deadline = asyncio.get_running_loop().time() + STOP_TIMEOUT
        for service in reversed(started):
            try:
                await asyncio.wait_for(service.stop(), max(deadline - asyncio.get_running_loop().time(), 0.1))
            except Exception:
                log.exception("%s did not stop cleanly", service.name)


@contextmanager
def in_background(services: list[Service]) -> Iterator[None]:
    """Run `services` on their own event loop in a thread while the block runs, for a main thread that blocks (the
    console's REPL reads the terminal there, so Ctrl-C and readline behave as usual). A service that cannot start
    is said in one line and left out; the others are stopped, in reverse order, when the block ends."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="briefbot-services", daemon=True)
    thread.start()
    started: list[Service] = []
    try:
        for service in services:
            try:
                asyncio.run_coroutine_threadsafe(service.start(), loop).result()
            except Exception as exc:
                log.warning("%s could not start: %s", service.name, exc)
                continue
            started.append(service)
        yield
    finally:
        for service in reversed(started):
            try:
                asyncio.run_coroutine_threadsafe(service.stop(), loop).result(STOP_TIMEOUT)
            except Exception:
                log.exception("%s did not stop cleanly", service.name)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(STOP_TIMEOUT)
        if not thread.is_alive():
            loop.close()


def run(config: Config, library: Library, console: bool = False) -> int:
    """Run the bot. With no platform enabled (no tokens) and no HTTP listener, the console is the platform.

    Content edits are picked up without a restart (ContentWatcher), on the platforms and in the console alike.
    Exit codes: 0 clean stop, 1 fatal runtime error (2, a config or content error, is raised before this).
    """
    from bot.ops.metrics import Metrics

    if console or not (config.discord.enabled or config.slack.enabled or config.http.enabled):
        logging.getLogger().setLevel(max(logging.getLogger().level, logging.WARNING))  # keep the console readable
        ctx = Context(library=library, platform="console", user_id="console", is_admin=True)
        with in_background([ContentWatcher(library)]):
            repl(app_registry(), ctx)
        return 0
    metrics = Metrics()
    metrics.track_content_version(lambda: library.current.version)
    services = build_services(config, library, metrics)
    services.append(ContentWatcher(library))
    if config.http.enabled:
        from bot.ops.health import HealthServer
        checks = [("content", lambda: len(library.current.store) > 0)] + [(s.name, s.ready) for s in services]
        services.append(HealthServer(config.http.host, config.http.port, metrics, checks))

    async def main() -> int:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        # `briefbot` ignores SIGHUP from its first line (bot/__main__.py); from here on it reloads the content
        loop.add_signal_handler(signal.SIGHUP, SignalReload(library))
        return await serve(services, stop)

    try:
        return asyncio.run(main())
    except Exception:
        log.exception("fatal error; stopping")
        return 1
