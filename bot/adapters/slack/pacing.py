"""Per-channel pacing: Slack accepts about one chat.postMessage per second per channel."""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

__all__ = ["ChannelPacer"]

log = logging.getLogger(__name__)


class ChannelPacer:
    """Spaces posts to one channel `interval` seconds apart; other channels are not held up."""

    def __init__(self, interval: float = 1.0, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.interval = interval
        self._clock = clock
        self._sleep = sleep
        self._next: dict[str, float] = {}

    async def wait(self, channel: str) -> None:
        """Reserve the channel's next slot (no await in between, so no lock) and sleep until it."""
        now = self._clock()
        if len(self._next) > 1024:  # forget channels that are idle again
            self._next = {c: t for c, t in self._next.items() if t > now}
        slot = max(now, self._next.get(channel, now))
        self._next[channel] = slot + self.interval
        if slot > now:
            await self._sleep(slot - now)
