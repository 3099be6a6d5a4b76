"""The request gate on the wire: malformed timestamps get 401; with an allowlist, other workspaces and apps are
refused."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from bot.adapters.slack.app import SlackService
from bot.core.library import Library
from bot.core.registry import Registry
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack, slash_form

GATE = "bot.adapters.slack.gate"


@pytest.mark.parametrize("timestamp", [
    "abc", "1.7e9", "", " 1700000000", "0x65", "-1", "\u0661\u0667\u0660\u0660\u0660\u0660\u0660\u0660\u0660\u0660",
    "1_700_000_000", "9" * 13, "9" * 5000,
])
async def test_a_malformed_timestamp_gets_401_and_no_error_log(http_bot: HttpBot, fake: FakeSlack, timestamp: str,
                                                              caplog: pytest.LogCaptureFixture) -> None:
    """Non-numeric, non-ASCII, padded or absurd timestamps, signed as sent, are refused with 401, no traceback."""
    with caplog.at_level(logging.DEBUG):
        sent = await http_bot.send("/brief", "public", timestamp=timestamp)
    assert sent.status == 401
    assert [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info] == []
    await http_bot.answer(await http_bot.send("/source"))  # still serving, and the refused one caused nothing
    assert fake.posts == [] and fake.hooks_for(sent.response_url) == []


async def test_a_missing_timestamp_gets_401(http_bot: HttpBot, fake: FakeSlack) -> None:
    """A signed command without X-Slack-Request-Timestamp is refused before anything runs."""
    sent = await http_bot.send("/brief", "public", without="X-Slack-Request-Timestamp")
    assert sent.status == 401
    await http_bot.answer(await http_bot.send("/source"))
    assert fake.posts == [] and fake.hooks_for(sent.response_url) == []


@pytest.mark.parametrize(("team", "app"), [("T2", "A1"), ("T1", "A2"), ("", "")])
async def test_another_workspace_or_app_is_refused_over_http(make_http_bot: Any, fake: FakeSlack, team: str, app: str,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    """With slack.team_id and slack.app_id set, a validly signed command from elsewhere gets 403 and runs nothing;
    it is logged once at WARNING, without the request's text, however often it comes."""
    bot: HttpBot = await make_http_bot(team_id="T1", app_id="A1")
    with caplog.at_level(logging.DEBUG, logger=GATE):
        refused = [await bot.send("/secret", "private words", user="UADMIN", team=team, app=app) for _ in range(3)]
    assert [s.status for s in refused] == [403] * 3
    ours = await bot.answer(await bot.send("/who", "Noem"))
    assert ours[0]["blocks"][0]["text"]["text"].startswith("*Who is Kristi Noem")
    assert fake.users_info == [] and fake.posts == [] and all(fake.hooks_for(s.response_url) == [] for s in refused)
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == [f"slack: refused a request from team {team!r}, app {app!r} (slack.team_id / slack.app_id "
                        "allow 'T1', 'A1'); further ones from it are logged at DEBUG"]
    assert "private words" not in caplog.text


async def test_one_allowlisted_id_leaves_the_other_open(make_http_bot: Any) -> None:
    """With only slack.team_id set, any app id from that workspace is served."""
    bot: HttpBot = await make_http_bot(team_id="T1")
    assert (await bot.send("/who", "Noem", team="T2")).status == 403
    [answer] = await bot.answer(await bot.send("/who", "Noem", app="A9"))
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"].startswith("*Who is Kristi Noem")


async def test_without_an_allowlist_any_workspace_is_served(http_bot: HttpBot) -> None:
    """The allowlist is optional: unset, a validly signed command from any workspace is answered."""
    [answer] = await http_bot.answer(await http_bot.send("/who", "Noem", team="T9", app="A9"))
    assert answer["response_type"] == "ephemeral"
    assert answer["blocks"][0]["text"]["text"].startswith("*Who is Kristi Noem")


async def test_another_workspace_is_acked_and_ignored_over_socket_mode(fake: FakeSlack, library: Library,
                                                                      slack_registry: Registry) -> None:
    """In Socket Mode a refused envelope is still acked (no retries from Slack), and nothing answers it."""
    service = SlackService(slack_config(fake, "socket", team_id="T1", app_id="A1"), library, slack_registry)
    await service.start()
    try:
        foreign, ours = fake.response_url(), fake.response_url()
        for envelope, url, team in (("env-x", foreign, "T2"), ("env-1", ours, "T1")):
            await fake.envelopes.put({"envelope_id": envelope, "type": "slash_commands",
                                      "accepts_response_payload": True,
                                      "payload": slash_form("/who", "Noem", url, team=team)})
        await fake.wait_for(lambda: len(fake.frames) == 2 and bool(fake.hooks_for(ours)))
        assert fake.frames == [{"envelope_id": "env-x"}, {"envelope_id": "env-1"}]
        assert fake.hooks_for(foreign) == []
    finally:
        await service.stop()
