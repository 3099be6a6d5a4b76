"""What the bot is sent: Events API messages it answers (a mention in a channel or a direct message, read into a
question, with the bot's own messages, other bots, edits and joins left out, each answered once) and button clicks
(block_actions), read into where the click was and what it asks."""
from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from bot.adapters.slack.render import unescape

if TYPE_CHECKING:
    from slack_bolt.async_app import AsyncBoltRequest

__all__ = ["Asked", "Click", "Seen", "asked", "is_retry", "without_mention"]

log = logging.getLogger(__name__)

SEEN = 4096  # events and messages remembered to answer each once; Slack retries within minutes, not thousands later
ANSWERED_SUBTYPES = frozenset({None, "thread_broadcast", "file_share"})  # a person's new message; not edits, joins...


@dataclass(frozen=True)
class Asked:
    """A message that asks the bot something: where it is, the thread the answer goes in, who asked, and what."""

    team: str
    channel: str
    ts: str
    thread_ts: str  # the thread the message is in, or its own ts: the answer starts (or continues) that thread
    user: str
    text: str  # as the user typed it, the bot's mention taken out
    is_dm: bool


def is_retry(request: AsyncBoltRequest) -> bool:
    """Slack's redelivery of an event (X-Slack-Retry-Num, which bolt also sets from a Socket Mode envelope's
    retry_attempt; a first Socket Mode try says 0): to ack and not act on again."""
    return request.headers.get("x-slack-retry-num", ["0"])[0] not in ("", "0")


def without_mention(text: str, bot_user: str) -> str:
    """The message text as typed (Slack's &amp; &lt; &gt; decoded), the bot's own mentions taken out."""
    if bot_user:
        text = re.sub(rf"<@{re.escape(bot_user)}(?:\|[^>]*)?>", " ", text)
    return " ".join(unescape(text).split())


def _from_a_person(event: Mapping[str, Any], bot_user: str) -> bool:
    """Not a bot's message (ours or another's), not an edit, deletion, join or other change; sent by a user."""
    return (event.get("subtype") in ANSWERED_SUBTYPES and not event.get("bot_id") and not event.get("bot_profile")
            and "edited" not in event and bool(event.get("user")) and event.get("user") != bot_user)


def asked(body: Mapping[str, Any], bot_user: str) -> Asked | None:
    """The question an `app_mention` or a direct `message` event carries, or None when the bot should not answer it.
    A `message` event counts only in a direct message (message.im); in a channel only a mention does."""
    event = body.get("event")
    if not isinstance(event, Mapping) or not _from_a_person(event, bot_user):
        return None
    kind, channel, ts = event.get("type"), event.get("channel"), event.get("ts")
    is_dm = event.get("channel_type") == "im"
    if kind not in ("app_mention", "message") or (kind == "message" and not is_dm):
        return None
    if not isinstance(channel, str) or not channel or not isinstance(ts, str) or not ts:
        return None
    thread = event.get("thread_ts")
    team = body.get("team_id") or event.get("team") or ""
    return Asked(team=str(team), channel=channel, ts=ts, thread_ts=thread if isinstance(thread, str) and thread else ts,
                 user=str(event["user"]), text=without_mention(str(event.get("text") or ""), bot_user),
                 is_dm=is_dm or channel.startswith("D"))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


@dataclass(frozen=True)
class Click:
    """A click on a button: its raw id, who clicked where, and the message it was under."""

    raw: str  # the button's value: its encoded id
    user: str
    team: str
    channel: str
    response_url: str  # where replies only the clicker sees go ("" when Slack gave none)
    message_ts: str
    thread_ts: str  # the thread the clicked message is in, or ""
    ephemeral: bool  # the clicked message was seen only by the clicker

    @classmethod
    def read(cls, body: Mapping[str, Any]) -> Click:
        """The click a block_actions payload describes; anything missing reads as "" (the reply then says so)."""
        def part(name: str) -> Mapping[str, Any]:
            value = body.get(name)
            return value if isinstance(value, Mapping) else {}

        actions = body.get("actions")
        first = actions[0] if isinstance(actions, list) and actions and isinstance(actions[0], Mapping) else {}
        user, container, message = part("user"), part("container"), part("message")
        return cls(raw=_text(first.get("value")) or _text(first.get("action_id")), user=_text(user.get("id")),
                   team=_text(part("team").get("id")) or _text(user.get("team_id")),
                   channel=_text(part("channel").get("id")) or _text(container.get("channel_id")),
                   response_url=_text(body.get("response_url")),
                   message_ts=_text(container.get("message_ts")) or _text(message.get("ts")),
                   thread_ts=_text(container.get("thread_ts")) or _text(message.get("thread_ts")),
                   ephemeral=container.get("is_ephemeral") is True)


class Seen:
    """The last `size` keys seen: `first(key)` is True only the first time a key comes (an event id, a message)."""

    def __init__(self, size: int = SEEN) -> None:
        self.size = size
        self._keys: OrderedDict[str, None] = OrderedDict()

    def first(self, key: str) -> bool:
        if key in self._keys:
            self._keys.move_to_end(key)
            return False
        self._keys[key] = None
        if len(self._keys) > self.size:
            self._keys.popitem(last=False)
        return True
