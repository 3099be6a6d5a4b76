"""Slack adapter: slash commands over Socket Mode or HTTP, answers and digests as Block Kit."""
