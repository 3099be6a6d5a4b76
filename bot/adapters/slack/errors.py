"""What the Slack adapter tells a user when an answer cannot be given or posted, and the Slack errors that mean the
bot cannot post in a channel."""
from __future__ import annotations

__all__ = ["CANNOT_POST", "FAILED", "GONE"]

FAILED = "Sorry, something went wrong answering that. The error has been logged."
CANNOT_POST = ("I can't post in this channel. Invite me (`/invite @briefbot`) or leave out `public` "
               "to get the answer only for you.")
GONE = frozenset({"channel_not_found", "not_in_channel", "is_archived", "account_inactive"})
