"""Config: validated once with a clear message naming the key; secrets only from the environment."""
from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from bot.config import ConfigError, DiscordConfig, load_config
from bot.logs import config_secrets
from tests.conftest import ROOT


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_file_means_console_defaults() -> None:
    """Without a config file every platform is off, so the bot runs the console."""
    config = load_config(None, env={})
    assert not config.discord.enabled and not config.slack.enabled


def test_example_config_is_valid_with_platforms_off() -> None:
    """config.example.yaml loads as shipped."""
    config = load_config(ROOT / "config.example.yaml", env={})
    assert config.content_dir == (ROOT / "content").resolve()
    assert config.digests.catch_up.total_seconds() == 3600


def test_secrets_come_from_the_environment(tmp_path: Path) -> None:
    """${VAR} is expanded from the environment and kept secret in reprs."""
    path = write(tmp_path, "slack:\n  enabled: true\n  bot_token: ${BOT}\n  app_token: ${APP}\n")
    config = load_config(path, env={"BOT": "xoxb-123-456-abcdef", "APP": "xapp-1-A1-2-abc"})
    assert config.slack.bot_token.get_secret_value() == "xoxb-123-456-abcdef"
    assert "xoxb" not in repr(config) and "xoxb" not in str(config.model_dump())


def test_literal_secret_in_file_is_refused(tmp_path: Path) -> None:
    """A token written into the file is an error that says to use an environment variable."""
    path = write(tmp_path, "discord:\n  token: MTIzNDU2.abc.def\n")
    with pytest.raises(ConfigError, match=r"discord.token \(line 2\): secrets must not be written"):
        load_config(path, env={})


def test_enabled_platform_without_its_secret_names_the_variable(tmp_path: Path) -> None:
    """Enabling Discord with DISCORD_TOKEN unset says exactly which variable to set."""
    path = write(tmp_path, "discord:\n  enabled: true\n  token: ${DISCORD_TOKEN}\n")
    with pytest.raises(ConfigError, match="set the environment variable DISCORD_TOKEN"):
        load_config(path, env={})


@pytest.mark.parametrize(("text", "env", "problem"), [
    ("slack:\n  enabled: true\n  bot_token: ${BOT}\n", {"BOT": "xoxb-1"},
     "slack is enabled but slack.app_token is empty: set slack.app_token: ${ENV_VAR} and that variable"),
    ("slack:\n  enabled: true\n  mode: http\n  bot_token: ${BOT}\n  app_token: ${APP}\n", {"BOT": "x", "APP": "y"},
     "slack is enabled but slack.signing_secret is empty"),
    ("slack:\n  enabled: true\n  app_token: ${APP}\n", {"APP": "xapp-1"},
     "slack is enabled but slack.bot_token is empty"),
    ("discord:\n  enabled: true\n", {}, "discord is enabled but discord.token is empty"),
])
def test_each_enabled_platform_needs_its_own_secrets(tmp_path: Path, text: str, env: dict[str, str],
                                                     problem: str) -> None:
    """Slack needs its bot token, plus the app token in socket mode or the signing secret in http mode (the app
    token set there does not stand in); Discord its token. A secret not written at all is named with the key."""
    with pytest.raises(ConfigError, match=re.escape(problem)):
        load_config(write(tmp_path, text), env=env)


@pytest.mark.parametrize(("text", "needle"), [
    ("slack:\n  mode: websocket\n", "slack.mode (line 2)"),
    ("digests:\n  timezone: Mars/Olympus\n", "unknown time zone 'Mars/Olympus'"),
    ("colour: red\n", "colour (line 1): unknown key"),
    ("http:\n  port: 99999\n", "http.port (line 2)"),
    ("- a list\n", "must be a mapping"),
])
def test_bad_settings_name_the_key(tmp_path: Path, text: str, needle: str) -> None:
    """Each bad setting is reported with its key and line."""
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text), env={})
    assert needle in str(info.value)


def alias_bomb() -> str:
    """The audit's config: 8 levels of 9 aliases (9**8, some 43 million values once expanded) in under 500 bytes."""
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]" for i in range(1, 8)]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("data", "needle"), [
    (b"log_level: INFO\n# caf\xe9\n", "(line 2): not UTF-8: byte 0xe9 at offset 21; save it as UTF-8"),
    ("log_level: INFO\n".encode("utf-16"), "(line 1): not UTF-8: byte 0xff at offset 0"),
    (b"storage:\n  url: !!python/object/apply:os.system [id]\n",
     "(line 2): unknown tag '!!python/object/apply:os.system'"),
    (b"!!python/name:os.system : 1\n", "(line 1): unknown tag '!!python/name:os.system'"),
    (b"? [a, b]\n: c\n", "(line 1): a key must be a plain value, not a list or mapping"),
    (b"http:\n  port: !!int abc\n", "(line 2): cannot read 'abc' as !!int"),
    (b"log_level: !!timestamp 2024-99-99\n", "(line 1): cannot read '2024-99-99' as !!timestamp"),
    (b"log_level: !!bool maybe\n", "(line 1): cannot read 'maybe' as !!bool"),
    (b"log_level: INFO\x07\n", "(line 1): character U+0007 is not allowed in YAML"),
    (b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n", "(line 1): nested more than 64 levels deep"),
    (b"".join(b" " * i + b"a:\n" for i in range(1000)), "(line 64): nested more than 64 levels deep"),
    (alias_bomb().encode(), "(line 5): aliases repeat more than 10,000 values"),
    (b"a: &a {b: *a}\n", "(line 1): alias *a is inside the value it names"),
    (b"a: 1\n---\nb: 2\n", "(line 2): expected a single document in the stream, but found another document"),
])
def test_malformed_config_is_one_located_error(tmp_path: Path, data: bytes, needle: str) -> None:
    """Bad bytes, Python and unknown tags, list keys, values their tag cannot read, control characters, deep nesting
    and alias bombs each give one ConfigError naming the file and line, never a crash or a long wait."""
    path = tmp_path / "config.yaml"
    path.write_bytes(data)
    with pytest.raises(ConfigError) as info:
        load_config(path, env={})
    assert str(info.value).startswith(str(path)) and needle in str(info.value)
    assert "\n" not in str(info.value)


def test_the_audit_alias_bomb_is_small(tmp_path: Path) -> None:
    """The alias bomb above is the audit's: under 500 bytes, 9**8 values once expanded."""
    assert len(alias_bomb()) < 500 and alias_bomb().count("*l") == 7 * 9


def test_config_file_size_and_kind_are_checked_before_reading(tmp_path: Path) -> None:
    """A config over 1 MB is refused by its size; a FIFO or a device is refused without blocking or reading."""
    big = write(tmp_path, "# padding\n" * 200_000)
    with pytest.raises(ConfigError, match="the config file is 2,000,000 bytes, over the limit of 1,000,000 bytes"):
        load_config(big, env={})
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        with pytest.raises(ConfigError, match="cannot read the config file: not a regular file"):
            load_config(path, env={})


def test_content_limits_are_settings(tmp_path: Path) -> None:
    """content_limits has the documented defaults and takes other values from the file; a limit must be positive."""
    assert load_config(None, env={}).content_limits.model_dump() == {
        "max_article_bytes": 2_000_000, "max_briefing_bytes": 1_000_000, "follow_symlinks": False}
    path = write(tmp_path, "content_limits:\n  max_article_bytes: 5000000\n  follow_symlinks: true\n")
    limits = load_config(path, env={}).content_limits
    assert limits.max_article_bytes == 5_000_000 and limits.follow_symlinks
    with pytest.raises(ConfigError, match=r"content_limits.max_briefing_bytes \(line 2\)"):
        load_config(write(tmp_path, "content_limits:\n  max_briefing_bytes: 0\n"), env={})


@pytest.mark.parametrize(("written", "seconds"), [
    ("1h", 3600), ("30m", 1800), ("90s", 90), ("2d", 172800), ("1w", 604800), ("1h30m", 5400), ("1h 30m", 5400),
    ("PT1H", 3600), ("P1D", 86400), ("3600", 3600), ("0s", 0),
])
def test_durations_take_short_and_iso_forms(tmp_path: Path, written: str, seconds: int) -> None:
    """A duration may be written 1h, 30m, 90s, 2d, 1w, 1h30m, in ISO 8601 (PT1H) or as seconds."""
    config = load_config(write(tmp_path, f"digests:\n  catch_up: {written}\n"), env={})
    assert config.digests.catch_up.total_seconds() == seconds


@pytest.mark.parametrize("written", ["1 hour", "1y", "h", "soon", "-1h", "-PT1H"])
def test_a_bad_duration_shows_the_accepted_forms(tmp_path: Path, written: str) -> None:
    """A duration that cannot be read (or is negative) names the key and line and shows the forms that work."""
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, f"digests:\n  limits:\n    min_interval: {written}\n"), env={})
    assert "digests.limits.min_interval (line 3)" in str(info.value)
    assert "90s, 30m, 1h, 1h30m, 2d or 1w, or ISO 8601 such as PT1H" in str(info.value)


def test_a_section_with_no_value_takes_its_defaults(tmp_path: Path) -> None:
    """`discord:` (or any setting) written with no value means its defaults, not a type error."""
    config = load_config(write(tmp_path, "discord:\nslack:\n  http:\ndigests:\n  catch_up:\nlog_level:\n"), env={})
    assert config.discord == DiscordConfig() and config.slack.http.port == 3000
    assert config.digests.catch_up.total_seconds() == 3600 and config.log_level == "INFO"
    with pytest.raises(ConfigError, match=r"colour \(line 1\): unknown key"):
        load_config(write(tmp_path, "colour:\n"), env={})  # an unknown key is still an error, value or not


@pytest.mark.parametrize(("url", "needle"), [
    ("mysql://briefbot@db/briefbot", "briefbot keeps digests in SQLite or PostgreSQL, not 'mysql'"),
    ("postgresql+psycopg2://briefbot@db/briefbot",
     "the database driver 'psycopg2' is not installed: install briefbot[postgres]"),
    ("postgresql+nosuch://briefbot@db/briefbot", "unknown postgresql driver 'postgresql+nosuch'"),
    ("postgresql+psycopg://briefbot@db:notaport/briefbot", "the port is not a number"),
    ("postgresql+psycopg://briefbot@db:99999/briefbot", "the port 99999 is not between 1 and 65535"),
    ("briefbot.db", "not a database URL: write sqlite:///briefbot.db"),
])
def test_a_storage_url_run_could_not_open_is_refused(tmp_path: Path, url: str, needle: str) -> None:
    """storage.url is parsed, its database and driver checked without connecting, so `run` cannot trip on it later."""
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, f"storage:\n  url: {url}\n"), env={})
    assert "storage.url (line 2)" in str(info.value) and needle in str(info.value)


def test_with_digests_off_neither_the_database_nor_the_schedules_are_checked(tmp_path: Path) -> None:
    """The storage URL and the schedules are only the digest service's: with digests disabled a bad one loads
    (nothing will open it), and enabling digests refuses it with its line."""
    text = "storage:\n  url: mysql://db/x\ndigests:\n  enabled: {}\n"
    assert load_config(write(tmp_path, text.format("false")), env={}).storage.url == "mysql://db/x"
    with pytest.raises(ConfigError, match=r"storage.url \(line 2\): briefbot keeps digests in SQLite or PostgreSQL"):
        load_config(write(tmp_path, text.format("true")), env={})


def test_storage_url_accepts_sqlite_and_postgresql(tmp_path: Path) -> None:
    """The documented URLs pass, and the backend is named for `briefbot check`."""
    for url, backend in [("sqlite:///briefbot.db", "sqlite"), ("sqlite:////data/briefbot.db", "sqlite"),
                         ("postgresql+psycopg://briefbot:pw@db:5432/briefbot", "postgresql")]:
        assert load_config(write(tmp_path, f"storage:\n  url: {url}\n"), env={}).storage.backend == backend


def test_an_unset_variable_is_named(tmp_path: Path) -> None:
    """${VAR} unset in a setting is an error naming the variable; in a secret of a disabled platform it is not."""
    path = write(tmp_path, "discord:\n  token: ${DISCORD_TOKEN}\nstorage:\n  url: ${DATABASE_URL}\n")
    with pytest.raises(ConfigError, match=r"storage.url \(line 4\): the environment variable DATABASE_URL is not set"):
        load_config(path, env={})
    assert load_config(path, env={"DATABASE_URL": "sqlite:///x.db"}).storage.url == "sqlite:///x.db"


def test_a_subscription_for_a_disabled_platform_is_refused(tmp_path: Path) -> None:
    """A static subscription whose platform is not enabled would never be posted: an error naming it and the fix."""
    text = "digests:\n  subscriptions:\n    - platform: discord\n      channel: '1'\n      schedule: daily 09:00\n"
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text), env={})
    assert ("digests.subscriptions[0].platform (line 3): a discord subscription, but discord is not enabled"
            in str(info.value))
    assert "set discord.enabled: true" in str(info.value)


def test_content_dir_counts_as_configured_only_when_written(tmp_path: Path) -> None:
    """content_dir is resolved next to the config file either way, but only a written one is 'configured' (the
    bundled sample may stand in for a missing default folder, never for a folder the config names)."""
    assert not load_config(write(tmp_path, "log_level: INFO\n"), env={}).content_configured
    config = load_config(write(tmp_path, "content_dir: content\n"), env={})
    assert config.content_configured and config.content_dir == tmp_path / "content"


def test_names_checked_after_loading_are_located(tmp_path: Path) -> None:
    """Briefing ids and command names are known only once content and commands are loaded; the errors still name
    the file, the key and its line, and list what exists."""
    text = "default_briefing: belgium\nslack:\n  rename: {who: whois, brief: source}\n"
    config = load_config(write(tmp_path, text), env={})
    with pytest.raises(ConfigError, match=r"default_briefing \(line 1\): there is no briefing 'belgium'; "
                                          r"the briefings are: a-one, b-two"):
        config.check_briefings(["b-two", "a-one"])
    with pytest.raises(ConfigError, match=r"slack.rename.brief \(line 3\): /brief cannot be renamed /source: "
                                          r"/source already has that name"):
        config.check_commands(["brief", "who", "source"])
    config.check_commands(["brief", "who"])  # /brief may become /source when no command has that name


def test_digest_values_are_checked_unless_the_command_runs_no_digests(tmp_path: Path) -> None:
    """load_config(digests=False), for commands that run no digests, reads and types the digest settings but
    leaves the schedules and the database URL (APScheduler's and SQLAlchemy's to check) to `run` and `check`."""
    text = ("discord:\n  enabled: true\n  token: ${T}\nstorage:\n  url: mysql://db/b\ndigests:\n  subscriptions:\n"
            "    - {platform: discord, channel: '1', schedule: when pigs fly}\n")
    path = write(tmp_path, text)
    config = load_config(path, env={"T": "t"}, digests=False)
    assert config.storage.url == "mysql://db/b" and config.digests.subscriptions[0].schedule == "when pigs fly"
    with pytest.raises(ConfigError, match=r"/config.yaml: storage.url \(line 5\): briefbot keeps digests in SQLite"):
        load_config(path, env={"T": "t"})
    with pytest.raises(ConfigError, match=r"/config.yaml: digests.subscriptions\[0\] \(line 8\): "):
        load_config(write(tmp_path, text.replace("mysql://db/b", "sqlite:///x.db")), env={"T": "t"})


def test_the_llm_is_off_by_default_and_its_key_comes_from_the_environment(tmp_path: Path) -> None:
    """llm is off unless enabled; its api_key is a secret read from ${BRIEFBOT_LLM_API_KEY} (unset is allowed: a
    local server needs none), never written in the file, and registered for redaction."""
    example = load_config(ROOT / "config.example.yaml", env={})
    assert not example.llm.enabled and example.llm.api_key.get_secret_value() == ""
    text = "llm:\n  enabled: true\n  model: small-model\n  api_key: ${BRIEFBOT_LLM_API_KEY}\n  timeout: 90s\n"
    config = load_config(write(tmp_path, text), env={"BRIEFBOT_LLM_API_KEY": "sk-local-123456"})
    assert config.llm.api_key.get_secret_value() == "sk-local-123456" and config.llm.timeout.total_seconds() == 90
    assert "sk-local" not in repr(config) and "sk-local-123456" in config_secrets(config)
    with pytest.raises(ConfigError, match=r"llm.api_key \(line 2\): secrets must not be written"):
        load_config(write(tmp_path, "llm:\n  api_key: sk-local-123456\n"), env={})


@pytest.mark.parametrize(("text", "needle"), [
    ("llm:\n  enabled: true\n", "llm (line 1): llm is enabled but llm.model is empty"),
    ("llm:\n  base_url: 127.0.0.1:11434/v1\n", "llm.base_url (line 2): '127.0.0.1:11434/v1' is not an http://"),
    ("llm:\n  base_url: file:///tmp/socket\n", "llm.base_url (line 2)"),
    ("llm:\n  timeout: 0s\n", "llm.timeout (line 2): the model needs some time to answer"),
])
def test_bad_llm_settings_name_the_key(tmp_path: Path, text: str, needle: str) -> None:
    """An enabled llm names its model; base_url is an http(s) URL; the timeout is longer than zero."""
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text), env={})
    assert needle in str(info.value)


def test_conversations_open_the_database_only_with_a_platform(tmp_path: Path) -> None:
    """With digests off, the storage URL is checked when a platform would keep the threads' contexts in it, and
    not for the console, which has no threads."""
    text = "storage:\n  url: mysql://db/x\ndigests:\n  enabled: false\n"
    assert load_config(write(tmp_path, text), env={}).storage.url == "mysql://db/x"
    slack = text + "slack:\n  enabled: true\n  bot_token: ${B}\n  app_token: ${A}\n"
    with pytest.raises(ConfigError, match=r"storage.url \(line 2\): briefbot keeps digests in SQLite"):
        load_config(write(tmp_path, slack), env={"B": "xoxb-1", "A": "xapp-1"})
    off = slack + "conversations:\n  enabled: false\n"
    assert load_config(write(tmp_path, off), env={"B": "xoxb-1", "A": "xapp-1"}).storage.url == "mysql://db/x"


def test_a_threads_expiry_is_a_positive_duration(tmp_path: Path) -> None:
    """conversations.expiry reads like the other durations and is longer than zero."""
    assert load_config(write(tmp_path, "conversations:\n  expiry: 2h\n"), env={}).conversations.expiry.seconds == 7200
    with pytest.raises(ConfigError, match=r"conversations.expiry \(line 2\): a thread needs some time"):
        load_config(write(tmp_path, "conversations:\n  expiry: 0s\n"), env={})
