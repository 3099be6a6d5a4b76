"""Config: validated once with a clear message naming the key; secrets only from the environment."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.config import ConfigError, load_config
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
    (b"storage:\n  url: !!python/object/apply:os.system [id]\n", "(line 2): unknown tag '!!python/object/apply:os.system'"),
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
