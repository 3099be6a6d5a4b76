"""Buttons on the wire: Reply.actions sent as components, and clicks (INTERACTION_CREATE of component type 3) from the
fake gateway answered through the fake REST, by the real discord.py client, after a restart too."""
from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

import discord
import pytest

from bot.adapters.discord.render import FAILED, render
from bot.core.clicks import run_action
from bot.core.context import Context
from bot.core.library import Library
from bot.core.offers import digest_actions
from bot.core.registry import Permission, Registry
from bot.core.reply import Reply
from tests.adapters.discord.conftest import named
from tests.adapters.discord.fake_discord import APP_ID, CHANNEL_ID, USER, FakeDiscord

QUESTION = "What is Operation Absolute Resolve?"
EPHEMERAL = 64
NO_PINGS: dict[str, Any] = {"parse": []}


@pytest.fixture(autouse=True)
def warm(library: Library) -> None:
    """The answer engine built before the clock of any wait starts (it builds on first use)."""
    library.current.engine.ask(QUESTION)


def ids(message: dict[str, Any]) -> dict[str, str]:
    """A message's buttons, label -> custom_id."""
    return {b["label"]: b["custom_id"] for row in message["components"] for b in row["components"]}


def expected(registry: Registry, library: Library, custom_id: str, **ctx: Any) -> Reply:
    return run_action(registry, Context(library=library, platform="discord", **ctx), custom_id)


async def asked(fake: FakeDiscord) -> dict[str, Any]:
    """/ask answered privately; the message it created, buttons included."""
    iid, token = await fake.interact("ask", [{"name": "question", "type": 3, "value": QUESTION}])
    await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")
    return fake.responses[token]["message"]


async def answer_to(fake: FakeDiscord, click: tuple[str, str]) -> dict[str, Any]:
    iid, token = click
    return (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json


def digest(library: Library) -> Reply:
    lb = library.current.store.get(None)
    return Reply(title="Your digest", ephemeral=False, actions=digest_actions(lb, [lb.briefing.facts[0].id]))


async def test_an_answer_carries_its_actions_as_buttons(connect, fake: FakeDiscord, test_registry: Registry,
                                                        library: Library) -> None:
    """The /ask callback holds one row of buttons (type 2, secondary), one per action, each with its encoded id."""
    await connect()
    message = await asked(fake)
    reply = test_registry.dispatch(Context(library=library, platform="discord"), "ask", QUESTION)
    assert reply.actions and ids(message) == {b.label: b.custom_id for b in render(reply)[-1].buttons}
    assert {(b["type"], b["style"]) for row in message["components"] for b in row["components"]} == {(2, 2)}


async def test_a_reply_without_actions_sends_no_components(connect, fake: FakeDiscord) -> None:
    """A reply with no actions goes out as before buttons existed: no components key in the callback."""
    await connect()
    iid, token = await fake.interact("whoami")
    assert "components" not in (await answer_to(fake, (iid, token)))["data"]


async def test_show_passage_is_answered_privately(connect, fake: FakeDiscord, test_registry: Registry,
                                                  library: Library) -> None:
    """Show passage: the core's reply to the click, rendered, sent to the clicker alone."""
    await connect()
    message = await asked(fake)
    custom_id = ids(message)["Show passage"]
    data = (await answer_to(fake, await fake.click(message, custom_id)))["data"]
    want = expected(test_registry, library, custom_id)
    assert data["flags"] == EPHEMERAL and data["allowed_mentions"] == NO_PINGS
    assert data["embeds"] == [e.to_dict() for e in render(want)[0].embeds] and not want.error


async def test_share_posts_the_answer_publicly_naming_the_sharer(connect, fake: FakeDiscord) -> None:
    """Share in channel: a public message with the same answer, 'Shared by' the clicker, pinging no one."""
    await connect()
    message = await asked(fake)
    data = (await answer_to(fake, await fake.click(message, ids(message)["Share in channel"])))["data"]
    assert data.get("flags", 0) & EPHEMERAL == 0 and data["content"] == f"Shared by <@{USER['id']}>"
    assert data["allowed_mentions"] == NO_PINGS and data["embeds"][0]["title"] == message["embeds"][0]["title"]


async def test_a_slow_share_is_deferred_and_still_public(connect, fake: FakeDiscord) -> None:
    """A click that outlasts defer_after is acknowledged without a "thinking" message (type 6), and the public
    share follows as a public message; a private answer would follow as a private one."""
    service = await connect()
    message = await asked(fake)
    service.client.defer_after = 0
    iid, token = await fake.click(message, ids(message)["Share in channel"])
    assert (await fake.wait_for("POST", f"/interactions/{iid}/{token}/callback")).json == {"type": 6}
    shared = (await fake.wait_for("POST", f"/webhooks/{APP_ID}/{token}")).json
    assert shared.get("flags", 0) & EPHEMERAL == 0 and shared["content"].startswith("Shared by")


async def test_digest_buttons_next_fact_and_full_brief(connect, fake: FakeDiscord, test_registry: Registry,
                                                       library: Library) -> None:
    """A digest posted with Next fact and Full brief: each click gets the core's reply, privately."""
    service = await connect()
    await service.post(CHANNEL_ID, digest(library), "sub1:2026-01-05T08:00")
    [posted] = fake.messages
    for label in ("Next fact", "Full brief"):
        data = (await answer_to(fake, await fake.click(posted, ids(posted)[label])))["data"]
        want = expected(test_registry, library, ids(posted)[label])
        assert data["flags"] == EPHEMERAL and not want.error
        assert data["embeds"] == [e.to_dict() for e in render(want)[0].embeds]


async def test_a_week_old_button_works_after_a_restart(connect, fake: FakeDiscord, library: Library) -> None:
    """A digest posted a week ago by a client since stopped: a new client, with no memory of that message, answers
    a click on its button."""
    first = await connect()
    await first.post(CHANNEL_ID, digest(library), "sub1:2026-01-05T08:00")
    await first.stop()
    posted = {**fake.messages[0], "id": str(discord.utils.time_snowflake(datetime.now(UTC) - timedelta(days=7)))}
    fake.identified.clear()
    await connect()
    data = (await answer_to(fake, await fake.click(posted, ids(posted)["Full brief"])))["data"]
    assert data["flags"] == EPHEMERAL and data["embeds"][0]["title"]


async def test_a_click_gets_the_checks_of_its_command(connect, fake: FakeDiscord, test_registry: Registry,
                                                      library: Library) -> None:
    """With /brief for channel admins only, Full brief is refused to a member and answered for one with Manage
    Channels: admin rights come from the click's permissions, as for a slash command."""
    brief = named(test_registry, "brief")
    test_registry.commands["brief"] = dataclasses.replace(brief, permission=Permission.CHANNEL_ADMIN)
    service = await connect()
    await service.post(CHANNEL_ID, digest(library), "sub1")
    [posted] = fake.messages
    refused = (await answer_to(fake, await fake.click(posted, ids(posted)["Full brief"])))["data"]
    allowed = (await answer_to(fake, await fake.click(posted, ids(posted)["Full brief"], permissions=1 << 4)))["data"]
    assert refused["content"].startswith("Sorry, only channel admins") and refused["flags"] == EPHEMERAL
    assert allowed["embeds"] and not allowed.get("content") and allowed["flags"] == EPHEMERAL


async def test_a_damaged_button_gets_a_polite_private_answer(connect, fake: FakeDiscord, library: Library) -> None:
    """A custom_id cut short or not the bot's: a private message saying so, never "This interaction failed"."""
    service = await connect()
    await service.post(CHANNEL_ID, digest(library), "sub1")
    [posted] = fake.messages
    cut = ids(posted)["Full brief"][:-2]
    damaged = {**posted, "components": [{"type": 1, "components": [
        {"type": 2, "style": 2, "label": "Full brief", "custom_id": cut}]}]}
    data = (await answer_to(fake, await fake.click(damaged, cut)))["data"]
    assert data["flags"] == EPHEMERAL and data["content"].startswith("Sorry, that button's data is damaged")


async def test_a_failing_click_is_apologised_for_privately(connect, fake: FakeDiscord, test_registry: Registry,
                                                           library: Library, caplog: pytest.LogCaptureFixture) -> None:
    """Discord refusing the answer (400) is logged and the clicker is told privately, not left without a word."""
    service = await connect()
    await service.post(CHANNEL_ID, digest(library), "sub1")
    [posted] = fake.messages
    fake.fail("POST", "/callback", 400, {"message": "Invalid Form Body", "code": 50035})
    iid, token = await fake.click(posted, ids(posted)["Full brief"])
    calls = await fake.wait_count("POST", f"/interactions/{iid}/{token}/callback", 2)
    told = calls[1].json["data"]
    assert (told["content"], told["flags"], told["allowed_mentions"]) == (FAILED, EPHEMERAL, NO_PINGS)
    assert any("a button click failed" in r.getMessage() for r in caplog.records)
