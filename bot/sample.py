"""What ships inside the package for a first run: the sample briefing, the commented example config, `briefbot init`."""
from __future__ import annotations

import logging
import shutil
from pathlib import Path

__all__ = ["InitError", "content_dir", "content_for", "files", "init"]

log = logging.getLogger(__name__)

_PACKAGED = Path(__file__).resolve().parent / "sample_files"  # in an installed wheel (pyproject maps it)
_CHECKOUT = Path(__file__).resolve().parent.parent  # in a source checkout: the top level itself
CONFIG_FILE = "config.yaml"
EXAMPLE_CONFIG = "config.example.yaml"


class InitError(Exception):
    """`briefbot init` cannot write its files; the message says why and what to do."""


def files() -> Path:
    """The folder holding config.example.yaml and content/: inside the installed package, or the checkout's top."""
    return _PACKAGED if (_PACKAGED / EXAMPLE_CONFIG).is_file() else _CHECKOUT


def content_dir() -> Path:
    """The bundled content folder (the sample briefing)."""
    return files() / "content"


def content_for(configured: Path, explicit: bool) -> Path:
    """The content folder to load: the configured one; or, when none was configured and the default one does not
    exist, the bundled sample (said in one log line). A folder the config names explicitly is never replaced."""
    if explicit or configured.is_dir():
        return configured
    bundled = content_dir()
    log.info("no content folder at %s: using the sample briefing bundled with briefbot (%s); "
             "`briefbot init` writes an editable copy and a config", configured.absolute(), bundled)
    return bundled


def init(target: Path) -> list[Path]:
    """Write `target`/config.yaml (the commented example config) and `target`/content/ (the sample briefing), for a
    self-hoster to start from. Nothing is overwritten: if any of these files exists, nothing is written at all."""
    source = files()
    plan = {target / CONFIG_FILE: source / EXAMPLE_CONFIG}
    for path in sorted((source / "content").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            plan[target / "content" / path.relative_to(source / "content")] = path
    existing = [p for p in plan if p.exists() or p.is_symlink()]
    if existing:
        more = f" and {len(existing) - 3} more" if len(existing) > 3 else ""
        names = ", ".join(str(p) for p in existing[:3]) + more
        raise InitError(f"{names} already exist{'s' if len(existing) == 1 else ''}; nothing was written. "
                        "Choose an empty folder: briefbot init DIR")
    try:
        for dest, src in plan.items():
            dest.parent.mkdir(parents=True, exist_ok=True)
            with open(src, "rb") as read, open(dest, "xb") as write:  # "x": a file made meanwhile is not replaced
                shutil.copyfileobj(read, write)
    except OSError as exc:
        raise InitError(f"cannot write {exc.filename or target}: {exc.strerror or exc}") from None
    return list(plan)
