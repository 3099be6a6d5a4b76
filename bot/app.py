"""The composition root: builds every enabled part from the config and runs them."""
from __future__ import annotations

import logging

from bot.adapters.console import repl
from bot.config import Config
from bot.core.context import Context
from bot.core.library import Library
from bot.core.registry import Registry

log = logging.getLogger(__name__)


def run(config: Config, library: Library, registry: Registry, console: bool = False) -> int:
    """Run the bot. With no platform enabled (no tokens), the console is the platform."""
    platforms = [p for p in ("discord", "slack") if getattr(config, p).enabled]
    if console or not platforms:
        ctx = Context(library=library, platform="console", user_id="console", is_admin=True)
        repl(registry, ctx)
        return 0
    log.error("platforms %s are not available in this build yet", ", ".join(platforms))
    return 1
