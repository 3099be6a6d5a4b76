"""What the core asks of a platform to post a reply unprompted (digests), and how posting fails."""
from __future__ import annotations

from datetime import datetime
from typing import Protocol

from bot.core.reply import Reply

__all__ = ["ChannelGone", "DeliveryError", "Poster", "TransientDeliveryError"]


class DeliveryError(Exception):
    """Posting failed."""


class TransientDeliveryError(DeliveryError):
    """Worth retrying later: 5xx, timeout, rate limit the client could not absorb."""


class ChannelGone(DeliveryError):
    """The channel no longer exists or the bot was removed from it: stop posting there."""


class Poster(Protocol):
    """A connected platform that can post a Reply to a channel.

    `key` is the delivery's idempotency key (at most 25 characters): Discord sends it as
    the message nonce with enforce_nonce, Slack puts it in the message metadata, each
    message of a split reply marked with its part. The reply's `thread` replies are posted
    after it, in the thread of its first message, their parts numbered on from the reply's;
    post returns only when every part is posted, so the ledger marks the delivery sent then.

    `since` is set when an earlier attempt of this delivery may have reached the platform
    (a retry, a lease taken over after a crash): the poster then first asks the platform
    which of the delivery's messages exist in the channel since that time (and, when the
    first is there, in its thread) and posts only the missing ones. If it cannot ask for a transient reason, it raises
    TransientDeliveryError rather than post blindly.
    """

    platform: str

    async def post(self, channel_id: str, reply: Reply, key: str, since: datetime | None = None) -> None: ...
