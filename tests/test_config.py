"""Config: validated once with a clear message naming the key; secrets only from the environment."""
from __future__ import annotations

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
