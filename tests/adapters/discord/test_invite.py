"""`briefbot discord-invite`: the OAuth2 URL with exactly the bot's scopes and permissions."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from bot.cli import main


def test_invite_url_has_exactly_the_needed_scopes_and_permissions(capsys):
    """The URL asks for bot + applications.commands and View Channel, Send Messages, Embed Links only."""
    assert main(["discord-invite", "--application-id", "123456789012345678"]) == 0
    url = urlsplit(capsys.readouterr().out.strip())
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    view_channel, send_messages, embed_links = 1 << 10, 1 << 11, 1 << 14  # Discord's permission bits
    assert int(query["permissions"][0]) == view_channel | send_messages | embed_links


def test_invite_reads_the_application_id_from_the_config(tmp_path, capsys):
    """Without --application-id, discord.application_id from the config file is used."""
    config = tmp_path / "config.yaml"
    config.write_text("discord:\n  application_id: 42\n")
    assert main(["--config", str(config), "discord-invite"]) == 0
    assert "client_id=42&" in capsys.readouterr().out


def test_invite_without_an_application_id_says_where_to_find_it(tmp_path, capsys):
    """No application id anywhere: exit 2 with a message naming the setting and the option."""
    config = tmp_path / "config.yaml"
    config.write_text("log_level: INFO\n")
    assert main(["--config", str(config), "discord-invite"]) == 2
    err = capsys.readouterr().err
    assert "discord.application_id" in err and "--application-id" in err
