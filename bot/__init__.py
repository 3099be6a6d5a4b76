"""briefbot: curated news briefings served on Discord, Slack and the console."""

__version__ = "0.1.0"
