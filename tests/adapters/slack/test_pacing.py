"""Per-channel pacing: one post per second per channel, other channels unaffected."""
from __future__ import annotations

from bot.adapters.slack.pacing import ChannelPacer


async def test_posts_to_one_channel_are_spaced_and_others_are_not_held_up() -> None:
    """Three posts to C1 at the same instant wait 0, 1 and 2 s; C2 waits 0; after the gap, no wait."""
    now = [100.0]
    slept: list[tuple[str, float]] = []
    channel = [""]

    async def sleep(seconds: float) -> None:
        slept.append((channel[0], seconds))

    pacer = ChannelPacer(clock=lambda: now[0], sleep=sleep)
    for name in ("C1", "C1", "C2", "C1"):
        channel[0] = name
        await pacer.wait(name)
    now[0] += 10
    channel[0] = "C1"
    await pacer.wait("C1")
    assert slept == [("C1", 1.0), ("C1", 2.0)]
