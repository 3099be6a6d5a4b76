"""Who is asking, where, and the services a handler may use."""
from __future__ import annotations

from dataclasses import dataclass

from bot.core.library import Library

__all__ = ["Context"]


@dataclass(frozen=True)
class Context:
    """Built by an adapter for each call; `is_admin` is checked by the platform on every call."""

    library: Library
    platform: str = "console"
    user_id: str = ""
    channel_id: str = ""
    server_id: str = ""  # the Discord server (guild) or Slack workspace (team) the channel belongs to
    is_admin: bool = False
    is_dm: bool = False
