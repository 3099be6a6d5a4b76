"""Logging set-up: text or JSON lines, tokens and secrets redacted, user data unable to forge or flood a line."""
from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from urllib.parse import parse_qsl, unquote

from pydantic import BaseModel, SecretStr

__all__ = ["MAX_TEXT", "REDACTED", "Redactor", "TextFormatter", "config_secrets", "setup_logging"]

REDACTED = "[REDACTED]"
MIN_SECRET = 6  # shorter configured values would blank out ordinary words
MAX_TEXT = 10_000  # longest message (or traceback) logged; a library dumping a whole payload is cut
UNTRUSTED = {"slack_bolt.RequestVerification": 200}  # loggers quoting unauthenticated requests: a short prefix only
MARGIN = 1024  # redaction looks this far past a cut, so no secret or token is cut in half before it is found
KEEP = rf"\g<keep>{REDACTED}"  # keep what names the secret (URL part, key), replace the secret

# Linear time on any input: each pattern starts at a fixed text (or one character class), every repeat
# before a pattern's end is bounded, and only a pattern's last repeat is unbounded (it never backtracks).
_B64 = "[A-Za-z0-9_-]"
_KEY = ("(?:[Tt][Oo][Kk][Ee][Nn]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww](?:[Oo][Rr])?[Dd]|[Pp][Ww][Dd]"
        "|[Tt][Ii][Cc][Kk][Ee][Tt])")  # access_token, client_secret, PGPASSWORD, Socket Mode's ?ticket= ...
_SEP = r"[\"']?[ \t]{0,4}[:=][ \t]{0,4}"
TOKEN_PATTERNS = (  # (pattern, replacement)
    # Slack tokens: bot, user, app, refresh, rotated (xoxe.xoxp-), workflow (xwfp-) ...
    (r"x(?:ox[a-z]|app|wf[a-z])(?:\.xox[a-z])?-[0-9A-Za-z-]{6}[0-9A-Za-z-]*", REDACTED),
    # Discord bot token: base64 user id . timestamp . HMAC (not inside a longer base64 run)
    (rf"[MNO](?<!{_B64}[MNO]){_B64}{{22,30}}\.{_B64}{{6}}\.{_B64}{{27}}{_B64}*", REDACTED),
    # Discord interaction token anywhere (base64 of "interaction:..."), and in interaction/webhook URLs
    (rf"aW50ZXJhY3Rpb24{_B64}*", REDACTED),
    (r"(?P<keep>/(?:interactions|webhooks)/\d{1,20}/)[A-Za-z0-9_.-]+", KEEP),
    # Slack response_url / incoming webhook, commercial and GovSlack, plain, JSON-escaped or form-encoded
    (r"(?P<keep>hooks\.slack(?:-gov)?\.com(?:/|\\/|%2[Ff]))[^\s\"'<>&]+", KEEP),
    # password in a URL: scheme://user:pw@host; the user may be empty, the password may hold '/' and '@'
    (r"(?P<keep>://[^\s/:@\"'<>]{0,64}:)[^\s\"'<>]{1,128}@", rf"\g<keep>{REDACTED}@"),
    # key=value, key: value: form bodies (token=), ?password=, libpq password=, JSON and dict dumps ('token': ...)
    (rf"(?P<keep>{_KEY}{_SEP})"
     r"""(?:"(?:[^"\\\n]|\\.){1,512}"|'(?:[^'\\\n]|\\.){1,512}'|[^\s"'&,;)}\[\]]+)""", KEEP),
    # Authorization: Bot|Bearer|Basic <credential>
    (rf"(?P<keep>[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn]{_SEP}[\"']?"
     r"(?:[Bb][Oo][Tt]|[Bb][Ee][Aa][Rr][Ee][Rr]|[Bb][Aa][Ss][Ii][Cc])[ \t]{1,4})[^\s\"',;]+", KEEP),
)
# C0/C1 controls, line and paragraph separators, bidi marks and overrides: each could forge or disguise a line.
CONTROL = {c: chr(c).encode("unicode_escape").decode("ascii") for c in
           [*range(0x20), *range(0x7f, 0xa0), 0x2028, 0x2029, 0x200e, 0x200f, *range(0x202a, 0x202f),
            *range(0x2066, 0x206a)]}


class Redactor:
    """Replaces registered secret values and token-shaped strings by [REDACTED], in time linear in the text."""

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

    def clip(self, text: str, limit: int = MAX_TEXT) -> str:
        """Redacted and at most `limit` characters, saying how many were cut; redaction runs before the cut."""
        if len(text) <= limit:
            return self(text)
        return f"{self(text[:limit + MARGIN])[:limit]}… [{len(text) - limit} characters cut]"


def escape(text: str) -> str:
    """Control characters as visible escapes (\\n, \\x1b, \\u2028): one record can only ever be one line."""
    return text.translate(CONTROL)


class _Formatter(logging.Formatter):
    """The record's message, traceback and stack, redacted and clipped before any escaping."""

    def __init__(self, redact: Redactor, fmt: str | None = None):
        super().__init__(fmt)
        self.redact = redact

    def parts(self, record: logging.LogRecord) -> tuple[str, str, str]:
        message = self.redact.clip(record.getMessage(), UNTRUSTED.get(record.name, MAX_TEXT))
        exc = self.redact.clip(self.formatException(record.exc_info)) if record.exc_info else ""
        stack = self.redact.clip(self.formatStack(record.stack_info)) if record.stack_info else ""
        return message, exc, stack


class TextFormatter(_Formatter):
    """`time LEVEL logger: message` on one line; a traceback follows on lines that begin with two spaces."""

    def __init__(self, redact: Redactor):
        super().__init__(redact, "%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        message, exc, stack = self.parts(record)
        record.message, record.asctime = escape(message), self.formatTime(record)
        lines = [self.formatMessage(record)]
        for block in (exc, stack):
            lines += ("  " + escape(line) for line in block.splitlines())
        return "\n".join(lines)


class JsonFormatter(_Formatter):
    """One JSON object per line: time, level, logger, message, and exc / stack when present."""

    def format(self, record: logging.LogRecord) -> str:
        message, exc, stack = self.parts(record)
        out = {"time": self.formatTime(record), "level": record.levelname, "logger": record.name, "message": message}
        out.update((k, v) for k, v in (("exc", exc), ("stack", stack)) if v)
        return json.dumps(out)  # ASCII only: no raw U+2028 for a log reader to split on


def url_secrets(url: str) -> list[str]:
    """The password of a URL such as storage.url, as written and percent-decoded: user:pw@ and ?password=."""
    rest = url.partition("://")[2]
    userinfo = rest.rpartition("@")[0]  # a password may hold '@' and '/': up to the last '@'
    found = [userinfo.partition(":")[2]] if ":" in userinfo else []
    found += [v for k, v in parse_qsl(rest.partition("?")[2]) if k.lower() in ("password", "passwd", "pwd")]
    return [*found, *(unquote(s) for s in found)]


def config_secrets(config: BaseModel) -> list[str]:
    """The secret values of a Config: every SecretStr field, and the password of every URL field (storage.url)."""
    found: list[str] = []
    for name in type(config).model_fields:
        value = getattr(config, name)
        if isinstance(value, SecretStr):
            found += [value.get_secret_value()] if value.get_secret_value() else []  # unset: nothing to hide
        elif isinstance(value, str) and "://" in value:
            found += url_secrets(value)
        elif isinstance(value, BaseModel):
            found += config_secrets(value)
    return found


def setup_logging(level: str = "INFO", fmt: str = "text", secrets: Iterable[str] = ()) -> Redactor:
    """Log to stderr; every line passes through a Redactor knowing `secrets` (returned, to add more)."""
    redact = Redactor(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter(redact) if fmt == "json" else TextFormatter(redact))
    handler.addFilter(_quiet_chatty)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    return redact


_CHATTY = ("bm25s", "alembic")  # index building and migration steps are not news below WARNING


def _quiet_chatty(record: logging.LogRecord) -> bool:
    """Drop a chatty library's records below WARNING. A filter on the handler, not a logger level: bm25s sets its
    own logger to DEBUG when it is imported, which (imported lazily) happens after logging is set up."""
    return record.levelno >= logging.WARNING or record.name.split(".")[0] not in _CHATTY
