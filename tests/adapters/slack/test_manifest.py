"""`briefbot slack-manifest`: the app manifest generated from the same registry `briefbot run` serves."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.adapters.slack import manifest
from bot.adapters.slack.manifest import BOT_SCOPES, build_manifest, usage_hint
from bot.app import app_registry
from bot.cli import main
from bot.config import Config, SlackConfig
from bot.core.commands import build_registry
from bot.core.registry import Command, Option, Registry
from tests.test_cli import briefbot

Capture = pytest.CaptureFixture[str]


def manifest_from_cli(tmp_path: Path, capsys: Capture, mode: str, *args: str) -> dict[str, Any]:
    config = tmp_path / "config.yaml"
    config.write_text(f"slack:\n  mode: {mode}\n  http:\n    path: /hooks/slack\n", encoding="utf-8")
    assert main(["--config", str(config), "slack-manifest", *args]) == 0
    return yaml.safe_load(capsys.readouterr().out)


def test_socket_mode_manifest_lists_every_command_with_scopes(tmp_path: Path, capsys: Capture) -> None:
    """Socket mode: every command `run` serves (/digest included), usage hints, scopes, no request URLs."""
    manifest = manifest_from_cli(tmp_path, capsys, "socket")
    commands = manifest["features"]["slash_commands"]
    assert [c["command"] for c in commands] == [f"/{c.name}" for c in app_registry()]
    digest = next(c for c in commands if c["command"] == "/digest")
    assert digest["usage_hint"].startswith("subscribe [thread] <schedule>")
    ask = next(c for c in commands if c["command"] == "/ask")
    assert ask["description"].startswith("Ask a question")
    assert ask["usage_hint"] == "[public] <question> [briefing:<briefing>]"
    assert all("url" not in c for c in commands)
    assert manifest["settings"]["socket_mode_enabled"] is True
    assert manifest["oauth_config"]["scopes"]["bot"] == BOT_SCOPES == [
        "commands", "chat:write", "chat:write.public", "users:read", "channels:history", "groups:history",
        "channels:join", "app_mentions:read", "im:history"]


def test_the_manifest_subscribes_to_mentions_direct_messages_and_the_home_tab(tmp_path: Path, capsys: Capture) -> None:
    """The events the bot answers, the scopes they need, the Home and Messages tabs and interactivity are on; in
    Socket Mode none of them names a URL."""
    manifest = manifest_from_cli(tmp_path, capsys, "socket")
    settings = manifest["settings"]
    assert settings["event_subscriptions"] == {"bot_events": ["app_mention", "message.im", "app_home_opened"]}
    assert settings["interactivity"] == {"is_enabled": True}
    assert {"app_mentions:read", "im:history", "chat:write", "users:read"} <= set(BOT_SCOPES)
    assert manifest["features"]["app_home"] == {"home_tab_enabled": True, "messages_tab_enabled": True,
                                                "messages_tab_read_only_enabled": False}


def test_http_mode_manifest_points_every_command_at_the_request_url(tmp_path: Path, capsys: Capture) -> None:
    """HTTP mode: --url plus slack.http.path becomes the request URL of each command, the events and
    interactivity (bolt serves them all on one path); socket mode is off."""
    manifest = manifest_from_cli(tmp_path, capsys, "http", "--url", "https://bot.example.com/", "--name", "newsbot")
    assert {c["url"] for c in manifest["features"]["slash_commands"]} == {"https://bot.example.com/hooks/slack"}
    settings = manifest["settings"]
    assert settings["event_subscriptions"]["request_url"] == settings["interactivity"]["request_url"] == (
        "https://bot.example.com/hooks/slack")
    assert manifest["settings"]["socket_mode_enabled"] is False
    assert manifest["display_information"]["name"] == manifest["features"]["bot_user"]["display_name"] == "newsbot"


def test_http_mode_without_an_https_url_is_refused(tmp_path: Path, capsys: Capture) -> None:
    """HTTP mode needs a public https URL; without one the tool exits 2 and says so."""
    with pytest.raises(SystemExit) as exited:
        manifest_from_cli(tmp_path, capsys, "http", "--url", "http://bot.example.com")
    assert exited.value.code == 2 and "--url https://" in capsys.readouterr().err


def test_a_command_group_gets_a_hint_per_subcommand() -> None:
    """A group such as /digest shows its subcommands and their arguments in one usage hint."""
    group = Command("digest", "Scheduled digests", subcommands=(
        Command("subscribe", "Subscribe", lambda c, a: None, (Option("schedule", "When", required=True),)),  # type: ignore[arg-type, return-value]
        Command("list", "List", lambda c, a: None)))  # type: ignore[arg-type, return-value]
    assert usage_hint(group) == "subscribe <schedule> | list"
    registry = Registry()
    registry.add(group)
    [entry] = build_manifest(registry, SlackConfig(mode="http"), "https://x/slack/events")["features"]["slash_commands"]
    assert entry == {"command": "/digest", "description": "Scheduled digests", "should_escape": False,
                     "usage_hint": "subscribe <schedule> | list", "url": "https://x/slack/events"}


def test_renamed_commands_appear_under_their_slack_name(tmp_path: Path, capsys: Capture) -> None:
    """slack.rename gives a command another Slack name (Slack has a built-in /who); the rest keep theirs."""
    config = tmp_path / "config.yaml"
    config.write_text("slack:\n  rename: {who: whois}\n", encoding="utf-8")
    assert main(["--config", str(config), "slack-manifest"]) == 0
    names = [c["command"] for c in yaml.safe_load(capsys.readouterr().out)["features"]["slash_commands"]]
    assert "/whois" in names and "/who" not in names and "/ask" in names


def test_a_rename_that_is_not_a_slack_command_name_is_refused(tmp_path: Path) -> None:
    """A rename to an impossible name fails at config load, naming the key."""
    config = tmp_path / "config.yaml"
    config.write_text("slack:\n  rename: {who: Who Is}\n", encoding="utf-8")
    assert main(["--config", str(config), "slack-manifest"]) == 2


@pytest.mark.parametrize("url, problem", [
    ("https://bot example.com", "has a space"),
    ("https://bot.example.com/slack events", "has a space"),
    ("bot.example.com", "is not https"),
    ("http://bot.example.com", "is not https"),
    ("https://", "has no host name"),
    ("https:///slack/events", "has no host name"),
    ("https://bot.example.com:99999/", "is not a valid URL"),
    ("https://user:hunter2@bot.example.com/", "has a user name or password"),
])
def test_a_url_slack_cannot_call_is_refused(tmp_path: Path, url: str, problem: str) -> None:
    """Through the real CLI in http mode: a URL with spaces, without https or a host, with a bad port or a password
    exits 2 with one line saying what is wrong, no manifest and no password echoed."""
    config = tmp_path / "config.yaml"
    config.write_text("slack:\n  mode: http\n", encoding="utf-8")
    out = briefbot("--config", str(config), "slack-manifest", "--url", url)
    assert out.returncode == 2 and problem in out.stderr, out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr and "hunter2" not in out.stderr


def test_a_url_in_socket_mode_is_refused_not_ignored(tmp_path: Path) -> None:
    """Socket mode takes no request URL: --url there exits 2 saying it is for http mode, instead of being dropped."""
    config = tmp_path / "config.yaml"
    config.write_text("slack:\n  mode: socket\n", encoding="utf-8")
    out = briefbot("--config", str(config), "slack-manifest", "--url", "https://bot.example.com")
    assert out.returncode == 2 and "--url is used only in http mode" in out.stderr and out.stdout == ""


def test_without_digests_the_manifest_offers_no_digest_command(tmp_path: Path, capsys: Capture) -> None:
    """digests.enabled: false: /digest could only answer that digests are off, so Slack is not given it."""
    config = tmp_path / "config.yaml"
    config.write_text("digests:\n  enabled: false\n", encoding="utf-8")
    assert main(["--config", str(config), "slack-manifest"]) == 0
    names = [c["command"] for c in yaml.safe_load(capsys.readouterr().out)["features"]["slash_commands"]]
    assert "/digest" not in names and "/brief" in names and "/help" in names


def test_the_tool_describes_the_registry_it_is_given(capsys: Capture) -> None:
    """The tool lists exactly the commands it is handed (the command line hands it those `run` serves); here the
    core's alone, so neither /digest nor /briefbot."""
    registry = build_registry()
    assert manifest.main([], Config(), registry) == 0
    names = [c["command"] for c in yaml.safe_load(capsys.readouterr().out)["features"]["slash_commands"]]
    assert names == [f"/{c.name}" for c in registry] and "/digest" not in names and "/briefbot" not in names
