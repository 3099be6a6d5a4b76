"""The digest Service: migrates the store, syncs config subscriptions, runs the scheduler over the Posters."""
from __future__ import annotations

import asyncio
import hashlib
import logging
import os
import socket
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Protocol

from sqlalchemy.exc import DBAPIError

from bot.core.delivery import Poster
from bot.core.library import Library
from bot.digests.scheduler import DigestScheduler, Outcome
from bot.digests.storage import FatalError, StaticFields, Store, make_engine

__all__ = ["DigestService"]

log = logging.getLogger(__name__)


class Subscription(Protocol):
    """A digest the config file declares (its digests.subscriptions)."""

    @property
    def platform(self) -> str: ...
    @property
    def channel(self) -> str: ...
    @property
    def schedule(self) -> str: ...
    @property
    def timezone(self) -> str | None: ...
    @property
    def briefing(self) -> str | None: ...
    @property
    def thread(self) -> bool: ...


class Limits(Protocol):
    """Bounds on the digests users create from chat (the config's digests.limits)."""

    per_channel: int
    per_server: int
    min_interval: timedelta
    send_now_cooldown: timedelta
    ledger_retention: timedelta


class Settings(Protocol):
    """What the digests read of the config's digests section, passed in by the composition root: the config's own
    model fits it, and this package does not import bot.config (it sits below it)."""

    timezone: str
    catch_up: timedelta
    lease: timedelta
    poll: timedelta

    @property
    def subscriptions(self) -> Sequence[Subscription]: ...
    @property
    def limits(self) -> Limits: ...


class DigestService:
    """Owns the scheduler; `posters` (platform -> Poster) may be filled in after construction."""

    name = "digests"

    def __init__(self, config: Settings, storage_url: str, library: Library,
                 posters: dict[str, Poster] | None = None, *, retry_delays: Sequence[float] = (2.0, 10.0, 60.0),
                 on_fatal: Callable[[BaseException], None] | None = None,
                 count: Callable[[Outcome], None] | None = None):
        self.config = config
        self.library = library
        self.posters: dict[str, Poster] = posters if posters is not None else {}
        self.store = Store(make_engine(storage_url))
        owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.scheduler = DigestScheduler(self.store, library, self.posters, owner=owner, catch_up=config.catch_up,
                                         lease=config.lease, poll=config.poll, retry_delays=retry_delays,
                                         # send-now's cooldown reads the ledger: keep at least that much of it
                                         retention=max(config.limits.ledger_retention,
                                                       config.limits.send_now_cooldown),
                                         on_fatal=on_fatal, count=count)

    def _static(self) -> dict[str, StaticFields]:
        """The config's subscriptions by a key hashed from their fields: a changed entry is a new subscription.
        `thread` joins the hash only when on, so the keys (and editions) of flat ones stay as they were."""
        out: dict[str, StaticFields] = {}
        for s in self.config.subscriptions:
            schedule = " ".join(s.schedule.split())
            fields = (s.platform, s.channel, schedule, s.timezone or self.config.timezone, s.briefing)
            named = (*fields, "thread") if s.thread else fields
            out[hashlib.sha256(repr(named).encode()).hexdigest()[:32]] = (*fields, s.thread)
        return out

    def _prepare(self) -> None:
        self.store.migrate()
        self.store.sync_static(self._static())

    async def start(self) -> None:
        url = self.store.engine.url.render_as_string(hide_password=True)
        try:
            await asyncio.to_thread(self._prepare)
        except DBAPIError as exc:
            log.critical("digest database %s is unreachable (%s): exiting with status 1", url, str(exc).splitlines()[0])
            raise FatalError() from None
        await self.scheduler.start()
        log.info("digests: %d subscription(s) from %s, posting to %s", self.scheduler.scheduled(), url,
                 ", ".join(sorted(self.posters)) or "no platform yet")

    async def stop(self) -> None:
        await self.scheduler.stop()
        await asyncio.to_thread(self.store.close)

    def ready(self) -> bool:
        return self.scheduler.running()
