"""The config file: one typed model, validated once at start-up; secrets from the environment."""
from __future__ import annotations

import os
import re
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator, model_validator

from bot.core.yamlfile import Document, YamlError, read_text, validation_message

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SLASH_NAME = re.compile(r"[a-z0-9_-]{1,32}")
MAX_CONFIG_BYTES = 1_000_000  # a config file is a few KB; this only stops a wrong path or a huge file


class ConfigError(YamlError):
    """A bad config file or setting; the message names the key."""


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _secret(env: str) -> Any:
    return Field(default=SecretStr(""), description=f"from ${{{env}}}")


class DiscordConfig(Section):
    enabled: bool = False
    token: SecretStr = _secret("DISCORD_TOKEN")
    application_id: int | None = None
    guilds: list[int] = []
    api_url: str = "https://discord.com/api/v10"
    gateway_url: str = "wss://gateway.discord.gg/"


class SlackHttp(Section):
    host: str = "0.0.0.0"
    port: int = Field(default=3000, ge=0, le=65535)
    path: str = "/slack/events"


class SlackConfig(Section):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    bot_token: SecretStr = _secret("SLACK_BOT_TOKEN")
    app_token: SecretStr = _secret("SLACK_APP_TOKEN")
    signing_secret: SecretStr = _secret("SLACK_SIGNING_SECRET")
    http: SlackHttp = SlackHttp()
    api_url: str = "https://slack.com/api/"
    # when set, a request from another workspace or app is refused, even when validly signed
    team_id: str | None = None
    app_id: str | None = None
    admins: list[str] = []  # user ids allowed to manage digests, besides workspace admins
    # Slack names for commands whose own name the workspace already uses (Slack has a built-in /who).
    rename: dict[str, str] = {}

    @field_validator("rename")
    @classmethod
    def _slash_names(cls, v: dict[str, str]) -> dict[str, str]:
        for new in v.values():
            if not _SLASH_NAME.fullmatch(new):
                raise ValueError(f"{new!r} is not a Slack command name (lowercase letters, digits, - and _; up to 32)")
        if len(set(v.values())) != len(v):
            raise ValueError("two commands renamed to the same name")
        return v


class StorageConfig(Section):
    url: str = "sqlite:///briefbot.db"


class StaticSubscription(Section):
    platform: Literal["discord", "slack"]
    channel: str
    schedule: str
    timezone: str | None = None
    briefing: str | None = None

    @model_validator(mode="after")
    def _schedule(self) -> StaticSubscription:
        from bot.digests.schedule import parse
        parse(self.schedule, self.timezone or "UTC")  # InvalidSchedule is a ValueError: says what is accepted
        return self


class DigestLimits(Section):
    """Bounds on the digests users create with /digest (the config file's own subscriptions are not limited)."""

    per_channel: int = Field(default=5, ge=0)
    per_server: int = Field(default=25, ge=0)  # per Discord server or Slack workspace
    min_interval: timedelta = timedelta(hours=1)  # the shortest gap a schedule may have between two digests
    send_now_cooldown: timedelta = timedelta(minutes=5)  # per channel
    ledger_retention: timedelta = timedelta(days=30)  # how long delivery records are kept


class DigestConfig(Section):
    enabled: bool = True
    timezone: str = "UTC"
    catch_up: timedelta = timedelta(hours=1)
    lease: timedelta = timedelta(minutes=5)  # how long a claimed digest is reserved before another instance retakes it
    poll: timedelta = timedelta(seconds=30)  # how often subscriptions are re-read (several instances, crash recovery)
    subscriptions: list[StaticSubscription] = []
    limits: DigestLimits = DigestLimits()

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {v!r} (use an IANA name such as Europe/Brussels)") from None
        return v


class ContentLimits(Section):
    """Bounds on what the content loader reads, so no file can make loading slow, huge or hang."""

    max_article_bytes: int = Field(default=2_000_000, ge=1)
    max_briefing_bytes: int = Field(default=1_000_000, ge=1)
    follow_symlinks: bool = False  # allow article or briefing files that link outside the content folder


class HttpConfig(Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)


class Config(Section):
    content_dir: Path = Path("content")
    default_briefing: str | None = None
    channel_briefings: dict[str, str] = {}  # channel id -> the briefing its questions are about
    content_limits: ContentLimits = ContentLimits()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    discord: DiscordConfig = DiscordConfig()
    slack: SlackConfig = SlackConfig()
    storage: StorageConfig = StorageConfig()
    digests: DigestConfig = DigestConfig()
    http: HttpConfig = HttpConfig()


SECRETS = {("discord", "token"), ("slack", "bot_token"), ("slack", "app_token"), ("slack", "signing_secret")}
REQUIRED_SECRETS = {
    "discord": lambda c: [("discord", "token")],
    "slack": lambda c: [("slack", "bot_token"), ("slack", "app_token" if c.mode == "socket" else "signing_secret")],
}


def _expand(value: Any, env: Mapping[str, str], doc: Document, loc: tuple[str | int, ...]) -> Any:
    """Replace ${VAR} from the environment; secrets must come this way, never literally."""
    if isinstance(value, dict):
        return {k: _expand(v, env, doc, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, env, doc, (*loc, i)) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    if loc in SECRETS and value and not _ENV.fullmatch(value):
        raise doc.fail("secrets must not be written in the config file; use ${ENV_VAR}", loc)
    return _ENV.sub(lambda m: env.get(m.group(1), ""), value)


def load_config(path: Path | None, env: Mapping[str, str] | None = None) -> Config:
    """Read, expand and validate the config; without a file, the defaults (console mode)."""
    env = os.environ if env is None else env
    if path is None:
        return _check_secrets(Config(), {}, None)
    source = read_text(path, MAX_CONFIG_BYTES, ConfigError, what="the config file")
    doc = Document(path, source, ConfigError)
    raw = doc.data or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, "the config file must be a mapping of settings")
    try:
        config = Config.model_validate(_expand(raw, env, doc, ()))
    except ValidationError as exc:
        raise doc.fail(*validation_message(exc)) from None
    if not config.content_dir.is_absolute():
        config.content_dir = (path.parent / config.content_dir).resolve()
    return _check_secrets(config, raw, doc)


def _check_secrets(config: Config, raw: Mapping[str, Any], doc: Document | None) -> Config:
    for platform, required in REQUIRED_SECRETS.items():
        section = getattr(config, platform)
        if not section.enabled:
            continue
        for loc in required(section):
            if not getattr(section, loc[1]).get_secret_value():
                written = (raw.get(loc[0]) or {}).get(loc[1], "")
                var = _ENV.fullmatch(written)
                hint = f"set the environment variable {var.group(1)}" if var else f"set {loc[0]}.{loc[1]}: ${{ENV_VAR}} and that variable"
                problem = f"{platform} is enabled but {loc[0]}.{loc[1]} is empty: {hint}"
                raise doc.fail(problem, loc) if doc else ConfigError("config", problem, loc)
    return config
