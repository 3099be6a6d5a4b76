"""What the core asks of a platform to post a reply unprompted (digests), and how posting fails."""
from __future__ import annotations

from typing import Protocol

from bot.core.reply import Reply


class DeliveryError(Exception):
    """Posting failed."""


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: 5xx, timeout, rate limit the client could not absorb."""


class ChannelGone(DeliveryError):
    """The channel no longer exists or the bot was removed from it: stop posting there."""


class Poster(Protocol):
    """A connected platform that can post a Reply to a channel.

    `key` is the delivery's idempotency key (at most 25 characters): Discord sends it as
    the message nonce with enforce_nonce, Slack puts it in the message metadata.
    """

    platform: str

    async def post(self, channel_id: str, reply: Reply, key: str) -> None: ...
