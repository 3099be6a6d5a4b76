"""The config file: one typed model, validated once at start-up; secrets from the environment."""
from __future__ import annotations

import os
import re
from collections.abc import Collection, Mapping
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    PrivateAttr,
    SecretStr,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from bot.core.settings import ContentLimits, Section
from bot.core.yamlfile import Document, Loc, YamlError, read_text, validation_message

# ContentLimits is the core's own (bot.core.settings); Config.content_limits holds one, so it is named here too
__all__ = ["Config", "ConfigError", "DigestConfig", "DigestLimits", "DiscordConfig", "HttpConfig", "LlmConfig",
           "SlackConfig", "SlackHttp", "StaticSubscription", "StorageConfig", "load_config"]

_ENV = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")
_SLASH_NAME = re.compile(r"[a-z0-9_-]{1,32}")
MAX_CONFIG_BYTES = 1_000_000  # a config file is a few KB; this only stops a wrong path or a huge file


class ConfigError(YamlError):
    """A bad config file or setting; the message names the key."""


DURATION_FORMS = "90s, 30m, 1h, 1h30m, 2d or 1w, or ISO 8601 such as PT1H"
_DURATION = re.compile(r"(?:(?P<weeks>\d+)w)?(?:(?P<days>\d+)d)?(?:(?P<hours>\d+)h)?"
                       r"(?:(?P<minutes>\d+)m)?(?:(?P<seconds>\d+)s)?")
_TIMEDELTA = TypeAdapter(timedelta)


def _duration(value: Any) -> Any:
    """90s, 30m, 1h, 1h30m, 2d, 1w, or what pydantic reads (ISO 8601 `PT1H`, seconds); other text says the forms."""
    if not isinstance(value, str):
        return value
    short = _DURATION.fullmatch(value.replace(" ", "").lower())
    if short and any(short.groups()):
        return timedelta(**{k: int(v) for k, v in short.groupdict().items() if v})
    try:
        return _TIMEDELTA.validate_python(value.strip())
    except ValidationError:
        raise ValueError(f"{value[:40]!r} is not a duration: write {DURATION_FORMS}") from None


def _not_negative(value: timedelta) -> timedelta:
    if value < timedelta(0):
        raise ValueError(f"a duration cannot be negative: write {DURATION_FORMS}")
    return value


Duration = Annotated[timedelta, BeforeValidator(_duration), AfterValidator(_not_negative)]


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


def _digests_checked(info: ValidationInfo) -> bool:
    """Whether to check the values only the digest service reads (schedules, the database URL): yes, unless the
    command loading the config never runs digests (`load_config(..., digests=False)`), which then loads neither
    APScheduler nor SQLAlchemy to check them."""
    return not (isinstance(info.context, dict) and info.context.get("digests") is False)


DATABASES = "sqlite:///briefbot.db (a file) or postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE"


def database_url(url: str) -> str:
    """A URL SQLAlchemy can open for the digest store, checked without connecting: it parses, names SQLite or
    PostgreSQL, and its driver is installed (`run` would fail on each of these only when it first connects).
    SQLAlchemy is imported here, when a config names a database, so `ask` with the default one never loads it."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ValueError(f"not a database URL: write {DATABASES}") from None
    except ValueError:  # make_url's int() of the port is its only ValueError
        raise ValueError(f"the port is not a number: write {DATABASES}") from None
    if parsed.port is not None and not 0 < parsed.port < 65536:
        raise ValueError(f"the port {parsed.port} is not between 1 and 65535")
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise ValueError(f"briefbot keeps digests in SQLite or PostgreSQL, not {backend[:30]!r}: write {DATABASES}")
    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        raise ValueError(f"unknown {backend} driver {parsed.drivername[:40]!r}: write {DATABASES}") from None
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        fix = ("install briefbot[postgres] (pip install 'briefbot[postgres]') and use postgresql+psycopg://"
               if backend == "postgresql" else f"write {DATABASES}")
        raise ValueError(f"the database driver {exc.name or parsed.drivername!r} is not installed: {fix}") from None
    return url


def _database_url(url: str, info: ValidationInfo) -> str:
    return database_url(url) if _digests_checked(info) else url


class StorageConfig(Section):
    url: Annotated[str, AfterValidator(_database_url)] = "sqlite:///briefbot.db"

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        from sqlalchemy.engine import make_url
        return make_url(self.url).get_backend_name()


class StaticSubscription(Section):
    platform: Literal["discord", "slack"]
    channel: str
    schedule: str
    timezone: str | None = None
    briefing: str | None = None
    thread: bool = False  # a compact post, the facts as replies in its thread

    @model_validator(mode="after")
    def _schedule(self, info: ValidationInfo) -> StaticSubscription:
        if not _digests_checked(info):
            return self
        from bot.digests.schedule import parse
        parse(self.schedule, self.timezone or "UTC")  # InvalidSchedule is a ValueError: says what is accepted
        return self


class DigestLimits(Section):
    """Bounds on the digests users create with /digest (the config file's own subscriptions are not limited)."""

    per_channel: int = Field(default=5, ge=0)
    per_server: int = Field(default=25, ge=0)  # per Discord server or Slack workspace
    min_interval: Duration = timedelta(hours=1)  # the shortest gap a schedule may have between two digests
    send_now_cooldown: Duration = timedelta(minutes=5)  # per channel
    ledger_retention: Duration = timedelta(days=30)  # how long delivery records are kept


class DigestConfig(Section):
    enabled: bool = True
    timezone: str = "UTC"
    catch_up: Duration = timedelta(hours=1)
    lease: Duration = timedelta(minutes=5)  # how long a claimed digest is reserved before another instance retakes it
    poll: Duration = timedelta(seconds=30)  # how often subscriptions are re-read (several instances, crash recovery)
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


class ConversationConfig(Section):
    """Questions asked by mentioning the bot are answered in a thread, and a follow-up there keeps the thread's
    context (kept in the storage database, so every instance shares it and a restart keeps it)."""

    enabled: bool = True
    expiry: Duration = timedelta(hours=24)  # how long a thread remembers its last answer

    @field_validator("expiry")
    @classmethod
    def _some_time(cls, v: timedelta) -> timedelta:
        if v <= timedelta(0):
            raise ValueError("a thread needs some time to remember its last answer: write e.g. 24h")
        return v


class HttpConfig(Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=0, le=65535)


def _http_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url[:60]!r} is not an http:// or https:// URL, e.g. http://127.0.0.1:11434/v1")
    return url.rstrip("/")


class LlmConfig(Section):
    """Optional help from a language model for `briefbot new-briefing`, through any OpenAI-compatible server."""

    enabled: bool = False  # true: new-briefing asks the model without --llm
    base_url: Annotated[str, AfterValidator(_http_url)] = "http://127.0.0.1:11434/v1"  # Ollama's, on this machine
    model: str = ""
    api_key: SecretStr = _secret("BRIEFBOT_LLM_API_KEY")  # sent as a Bearer token; a local server needs none
    timeout: Duration = timedelta(minutes=2)  # for one answer; a local model on a CPU is slow

    @field_validator("timeout")
    @classmethod
    def _some_time(cls, v: timedelta) -> timedelta:
        if v <= timedelta(0):
            raise ValueError("the model needs some time to answer: write e.g. 2m")
        return v

    @model_validator(mode="after")
    def _model_named(self) -> LlmConfig:
        if self.enabled and not self.model.strip():
            raise ValueError("llm is enabled but llm.model is empty: name the model the server serves")
        return self


class Config(Section):
    content_dir: Path = Path("content")  # unset and missing: the sample briefing bundled with briefbot
    default_briefing: str | None = None
    channel_briefings: dict[str, str] = {}  # channel id -> the briefing its questions are about
    content_limits: ContentLimits = ContentLimits()
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    discord: DiscordConfig = DiscordConfig()
    slack: SlackConfig = SlackConfig()
    storage: StorageConfig = StorageConfig()
    digests: DigestConfig = DigestConfig()
    conversations: ConversationConfig = ConversationConfig()
    http: HttpConfig = HttpConfig()
    llm: LlmConfig = LlmConfig()
    _source: Document | None = PrivateAttr(default=None)

    @property
    def uses_database(self) -> bool:
        """Whether `run` opens storage.url: for digests, or for the threads' conversations on a platform."""
        return self.digests.enabled or (self.conversations.enabled and bool(self.platforms))

    @property
    def content_configured(self) -> bool:
        """Whether the config file names content_dir; if not, and ./content is missing, the bundled sample is used."""
        return "content_dir" in self.model_fields_set

    @property
    def platforms(self) -> list[str]:
        """The chat platforms enabled; with none (and no HTTP listener) `briefbot run` is the console."""
        return [p for p in ("discord", "slack") if getattr(self, p).enabled]

    def fail(self, problem: str, loc: Loc) -> YamlError:
        """The error (a ConfigError) for a problem at `loc` found after loading: the config file, the key, its line."""
        return self._source.fail(problem, loc) if self._source else ConfigError("config", problem, loc)

    def check_briefings(self, ids: Collection[str]) -> None:
        """Every briefing the config names (default_briefing, channel_briefings, subscriptions) is in the content."""
        named: list[tuple[Loc, str]] = [(("default_briefing",), self.default_briefing or "")]
        named += [(("channel_briefings", channel), b) for channel, b in self.channel_briefings.items()]
        named += [(("digests", "subscriptions", i, "briefing"), s.briefing or "")
                  for i, s in enumerate(self.digests.subscriptions)]
        for loc, briefing in named:
            if briefing and briefing not in ids:
                raise self.fail(f"there is no briefing {briefing[:60]!r}; "
                                f"the briefings are: {', '.join(sorted(ids))}", loc)

    def check_commands(self, names: Collection[str]) -> None:
        """slack.rename renames existing commands, to names no other command has (the manifest lists each once)."""
        final = {self.slack.rename.get(n, n): n for n in names if n not in self.slack.rename}
        for old, new in self.slack.rename.items():
            loc = ("slack", "rename", old)
            if old not in names:
                raise self.fail(f"there is no command /{old[:40]}; the commands are: "
                                f"{', '.join('/' + n for n in sorted(names))}", loc)
            if new in final:
                raise self.fail(f"/{old} cannot be renamed /{new}: /{final[new]} already has that name on Slack; "
                                "choose another name", loc)
            final[new] = old


SECRETS = {("discord", "token"), ("slack", "bot_token"), ("slack", "app_token"), ("slack", "signing_secret"),
           ("llm", "api_key")}


def _expand(value: Any, env: Mapping[str, str], doc: Document, loc: tuple[str | int, ...]) -> Any:
    """Replace ${VAR} from the environment; secrets must come this way, never literally. An unset variable is an
    error where it is used, except in a secret (checked only when its platform is enabled)."""
    if isinstance(value, dict):
        return {k: _expand(v, env, doc, (*loc, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_expand(v, env, doc, (*loc, i)) for i, v in enumerate(value)]
    if not isinstance(value, str):
        return value
    if loc in SECRETS and value and not _ENV.fullmatch(value):
        raise doc.fail("secrets must not be written in the config file; use ${ENV_VAR}", loc)
    unset = [m.group(1) for m in _ENV.finditer(value) if m.group(1) not in env]
    if unset and loc not in SECRETS:
        raise doc.fail(f"the environment variable {unset[0]} is not set: set it, or write the value here", loc)
    return _ENV.sub(lambda m: env.get(m.group(1), ""), value)


def load_config(path: Path | None, env: Mapping[str, str] | None = None, *, digests: bool = True) -> Config:
    """Read, expand and validate the config; without a file, the defaults (console mode). A command that never
    runs digests (`ask`, `facts`, ...) passes digests=False: the digest settings are still read and typed, but
    the schedules and the database URL, whose checks need APScheduler and SQLAlchemy, are left to `run` and
    `check`, which check them when digests are enabled (a bot without digests never loads either library)."""
    env = os.environ if env is None else env
    if path is None:
        return _check_secrets(Config(), {}, None)
    source = read_text(path, MAX_CONFIG_BYTES, ConfigError, what="the config file")
    doc = Document(path, source, ConfigError)
    raw = doc.data or {}
    if not isinstance(raw, dict):
        raise ConfigError(path, "the config file must be a mapping of settings")
    expanded = _expand(raw, env, doc, ())
    try:
        config = Config.model_validate(expanded, context={"digests": False})
        if digests and config.uses_database:  # only `run` opens the database and reads the schedules
            config = Config.model_validate(expanded, context={"digests": True})
    except ValidationError as exc:
        raise doc.fail(*validation_message(exc)) from None
    config._source = doc
    written = config.content_configured
    if not config.content_dir.is_absolute():
        config.content_dir = (path.parent / config.content_dir).resolve()
    if not written:
        config.model_fields_set.discard("content_dir")  # resolved here, not written: the bundled sample may stand in
    for i, sub in enumerate(config.digests.subscriptions):
        if sub.platform not in config.platforms:
            raise doc.fail(f"a {sub.platform} subscription, but {sub.platform} is not enabled: "
                           f"set {sub.platform}.enabled: true, or remove it",
                           ("digests", "subscriptions", i, "platform"))
    return _check_secrets(config, raw, doc)


def _required_secrets(config: Config) -> list[tuple[str, str]]:
    """The secrets the enabled platforms need, as (section, key); Slack's second one depends on its mode."""
    required = [("discord", "token")] if config.discord.enabled else []
    if config.slack.enabled:
        required += [("slack", "bot_token"),
                     ("slack", "app_token" if config.slack.mode == "socket" else "signing_secret")]
    return required


def _check_secrets(config: Config, raw: Mapping[str, Any], doc: Document | None) -> Config:
    """Every secret an enabled platform needs is set; if not, say which environment variable to set."""
    for loc in _required_secrets(config):
        if getattr(getattr(config, loc[0]), loc[1]).get_secret_value():
            continue
        written = (raw.get(loc[0]) or {}).get(loc[1], "")
        var = _ENV.fullmatch(written)
        hint = (f"set the environment variable {var.group(1)}" if var
                else f"set {loc[0]}.{loc[1]}: ${{ENV_VAR}} and that variable")
        problem = f"{loc[0]} is enabled but {loc[0]}.{loc[1]} is empty: {hint}"
        raise doc.fail(problem, loc) if doc else ConfigError("config", problem, loc)
    return config
