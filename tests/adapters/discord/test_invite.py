"""`briefbot discord-invite`: the OAuth2 URL with exactly the bot's scopes and permissions."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import discord
import pytest

from bot.cli import main
from tests.test_cli import briefbot

VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS = 1 << 10, 1 << 11, 1 << 14  # Discord's permission bits
READ_MESSAGE_HISTORY, CREATE_PUBLIC_THREADS, SEND_MESSAGES_IN_THREADS = 1 << 16, 1 << 35, 1 << 38
NEEDED = (VIEW_CHANNEL | SEND_MESSAGES | EMBED_LINKS | READ_MESSAGE_HISTORY | CREATE_PUBLIC_THREADS
          | SEND_MESSAGES_IN_THREADS)


def test_invite_url_has_exactly_the_needed_scopes_and_permissions(capsys):
    """The URL asks for bot + applications.commands and View Channel, Send Messages, Embed Links, Read Message
    History, Create Public Threads and Send Messages in Threads only."""
    assert main(["discord-invite", "--application-id", "123456789012345678"]) == 0
    url = urlsplit(capsys.readouterr().out.strip())
    query = parse_qs(url.query)
    assert (url.scheme, url.netloc, url.path) == ("https", "discord.com", "/oauth2/authorize")
    assert query["client_id"] == ["123456789012345678"]
    assert query["scope"] == ["bot applications.commands"]
    assert int(query["permissions"][0]) == NEEDED


def test_invite_reads_the_application_id_from_the_config(tmp_path, capsys):
    """Without --application-id, discord.application_id from the config file is used."""
    config = tmp_path / "config.yaml"
    config.write_text("discord:\n  application_id: 42\n")
    assert main(["--config", str(config), "discord-invite"]) == 0
    assert capsys.readouterr().out == ("https://discord.com/oauth2/authorize?client_id=42&scope=bot+applications.commands"
                                       f"&permissions={NEEDED}\n")


def test_invite_without_an_application_id_says_where_to_find_it(tmp_path, capsys):
    """No application id anywhere: exit 2 with a message naming the setting and the option."""
    config = tmp_path / "config.yaml"
    config.write_text("log_level: INFO\n")
    assert main(["--config", str(config), "discord-invite"]) == 2
    assert capsys.readouterr().err == (
        "briefbot discord-invite: no application id; set discord.application_id in the config or pass "
        "--application-id (Developer Portal > your app > General Information)\n")


@pytest.mark.parametrize(("name", "bit"), [("send_messages_in_threads", SEND_MESSAGES_IN_THREADS),
                                           ("create_public_threads", CREATE_PUBLIC_THREADS),
                                           ("read_message_history", READ_MESSAGE_HISTORY)])
def test_the_invite_grants_what_answering_in_threads_needs(capsys, name: str, bit: int) -> None:
    """Each permission a mention's answer in a thread needs is one bit of the invite, and the one Discord names so."""
    assert main(["discord-invite", "--application-id", "42"]) == 0
    granted = int(parse_qs(urlsplit(capsys.readouterr().out.strip()).query)["permissions"][0])
    assert granted & bit and getattr(discord.Permissions(bit), name)


@pytest.mark.parametrize("value", ["-5", "0", "abc", "12.5", "1e9", "18446744073709551616", "\u0664\u0662", ""])
def test_an_application_id_that_is_not_one_is_refused(value: str) -> None:
    """Through the real CLI: a negative, zero, non-numeric or too large id exits 2 with a message saying what an
    application id is and where to find it, and prints no link."""
    out = briefbot("discord-invite", "--application-id", value)
    assert out.returncode == 2
    assert (f"briefbot discord-invite: error: argument --application-id: {value!r} is not a Discord application id; "
            "copy the number under Application ID (Developer Portal > your app > General Information)\n"
            ) in out.stderr
    assert out.stdout == "" and "Traceback" not in out.stderr


def test_a_bad_application_id_in_the_config_is_refused_naming_the_key(tmp_path, capsys):
    """discord.application_id: -5 in the config: exit 2, the key named, no link."""
    config = tmp_path / "config.yaml"
    config.write_text("discord:\n  application_id: -5\n")
    assert main(["--config", str(config), "discord-invite"]) == 2
    out = capsys.readouterr()
    assert out.err == ("briefbot discord-invite: discord.application_id: '-5' is not a Discord application id; copy "
                       "the number under Application ID (Developer Portal > your app > General Information)\n")
    assert out.out == ""
