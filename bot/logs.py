"""Logging set-up: plain text or JSON lines, with tokens and secrets redacted from every line."""
from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable

from pydantic import BaseModel, SecretStr

REDACTED = "[REDACTED]"
MIN_SECRET = 6  # shorter configured values would blank out ordinary words
KEEP = rf"\1{REDACTED}"  # keep the URL part before the secret
TOKEN_PATTERNS = (  # (pattern, replacement)
    (r"\bx(?:ox[a-z](?:\.xox[a-z])?|app)-[0-9A-Za-z-]{6,}", REDACTED),            # Slack bot/user/app/refresh tokens
    (r"\b[MNO][A-Za-z0-9_-]{22,}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}", REDACTED),  # Discord bot token
    (r"(/(?:interactions|webhooks)/\d{17,20}/)[A-Za-z0-9_.-]{20,}", KEEP),         # Discord interaction/webhook token
    (r"(hooks\.slack\.com/)[^\s\"'<>]+", KEEP),                                   # Slack response_url / webhook
    (r"(://[^/\s:@]+:)[^/\s@]+(?=@)", KEEP),                                     # password in a URL (database DSN)
)


class Redactor:
    """Replaces registered secret values and token-shaped strings by [REDACTED]."""

    def __init__(self, secrets: Iterable[str] = ()):
        self._patterns = [(re.compile(p), r) for p, r in TOKEN_PATTERNS]
        self._secrets: re.Pattern[str] | None = None
        self._known: set[str] = set()
        self.add(*secrets)

    def add(self, *secrets: str) -> None:
        self._known.update(s for s in secrets if len(s) >= MIN_SECRET)
        if self._known:
            self._secrets = re.compile("|".join(re.escape(s) for s in sorted(self._known, key=len, reverse=True)))

    def __call__(self, text: str) -> str:
        if self._secrets:
            text = self._secrets.sub(REDACTED, text)
        for pattern, replacement in self._patterns:
            text = pattern.sub(replacement, text)
        return text


class RedactingFormatter(logging.Formatter):
    """Redacts the whole formatted line: message, arguments, traceback and stack alike."""

    def __init__(self, inner: logging.Formatter, redact: Redactor):
        super().__init__()
        self.inner, self.redact = inner, redact

    def format(self, record: logging.LogRecord) -> str:
        return self.redact(self.inner.format(record))


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name,
               "message": record.getMessage()}
        if record.exc_info:
            out["exc"] = self.formatException(record.exc_info)
        if record.stack_info:
            out["stack"] = self.formatStack(record.stack_info)
        return json.dumps(out)


def config_secrets(config: BaseModel) -> list[str]:
    """The secret values of a Config (every SecretStr field of every section)."""
    found: list[str] = []
    for name in type(config).model_fields:
        value = getattr(config, name)
        if isinstance(value, SecretStr):
            found.append(value.get_secret_value())
        elif isinstance(value, BaseModel):
            found += config_secrets(value)
    return found


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> Redactor:
    """Log to stderr; every line passes through a Redactor knowing `secrets` (returned, to add more)."""
    redact = Redactor(secrets)
    inner = JsonFormatter() if fmt == "json" else logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(inner, redact))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for chatty in ("bm25s", "alembic"):  # index building and migration steps are not news at INFO
        logging.getLogger(chatty).setLevel(max(logging.getLevelName(level), logging.WARNING))
    return redact
