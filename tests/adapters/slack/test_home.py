"""The App Home tab (views.publish on app_home_opened) and the /digest subscribe dialog (views.open, then a signed
view_submission creating the subscription through /digest subscribe, or errors shown in the dialog)."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.slack.app import SlackService
from bot.adapters.slack.views import Submission, read_submission, schedule_text, subscribe_modal
from bot.app import app_registry
from bot.config import DigestConfig, DigestLimits
from bot.core.library import Library
from bot.digests.service import DigestService
from tests.adapters.slack.conftest import HttpBot, slack_config
from tests.adapters.slack.fakes import FakeSlack, event_body, submission

ADMIN = "UADMIN"


@pytest.fixture
async def digests(tmp_path: Path, library: Library) -> AsyncIterator[DigestService]:
    service = DigestService(DigestConfig(timezone="Europe/Brussels", limits=DigestLimits(per_channel=1)),
                            f"sqlite:///{tmp_path / 'bot.db'}", library)
    await service.start()
    yield service
    await service.stop()


@pytest.fixture
async def bot(make_http_bot: Any, fake: FakeSlack, digests: DigestService) -> HttpBot:
    fake.admins.add(ADMIN)
    made: HttpBot = await make_http_bot(registry=app_registry(digests), digests=digests)
    return made


def home_opened(user: str = "U1", event_id: str = "Ev-home") -> dict[str, Any]:
    return event_body("", kind="app_home_opened", user=user, channel="D1", event_id=event_id, tab="home")


def text_of(view: dict[str, Any]) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


async def open_dialog(bot: HttpBot, fake: FakeSlack, user: str = ADMIN) -> dict[str, Any]:
    """/digest subscribe with no arguments: the view views.open was given."""
    await bot.send("/digest", "subscribe", user=user)
    await fake.wait_for(lambda: bool(fake.calls.get("views.open")))
    [opened] = fake.called("views.open")
    assert opened["trigger_id"] == "1.2.3"
    view: dict[str, Any] = opened["view"]
    return view


def fields(time: str = "07:30", days: tuple[str, ...] = ("mon", "wed"), zone: str = "America/New_York",
           briefing: str = "*", thread: bool = False) -> dict[str, dict[str, Any]]:
    return {"time": {"type": "timepicker", "selected_time": time},
            "days": {"type": "checkboxes", "selected_options": [{"value": d} for d in days]},
            "timezone": {"type": "static_select", "selected_option": {"value": zone}},
            "briefing": {"type": "static_select", "selected_option": {"value": briefing}},
            "thread": {"type": "checkboxes", "selected_options": [{"value": "thread"}] if thread else []}}


async def test_the_home_tab_lists_briefings_and_says_digests_are_off(http_bot: HttpBot, fake: FakeSlack,
                                                                     library: Library) -> None:
    """Without a digest service, app_home_opened publishes the briefings and says digests are not running."""
    assert await http_bot.event(home_opened()) == (200, "")
    await fake.wait_for(lambda: bool(fake.calls.get("views.publish")))
    [published] = fake.called("views.publish")
    assert published["user_id"] == "U1" and published["view"]["type"] == "home"
    shown = text_of(published["view"])
    assert all(lb.briefing.metadata.title in shown for lb in library.current.store)
    assert "Digests are not running on this bot." in shown


async def test_the_home_tab_lists_the_workspaces_digests(bot: HttpBot, fake: FakeSlack) -> None:
    """A digest subscribed with the typed command shows on the Home tab with its channel (a link, no ping)."""
    [created] = await bot.answer(await bot.send("/digest", "subscribe weekdays 09:30", user=ADMIN, channel="C4"))
    assert created["blocks"][0]["text"]["text"].startswith("*Digest #1 created: weekdays 09:30 (Europe/Brussels)")
    await bot.event(home_opened())
    await fake.wait_for(lambda: bool(fake.calls.get("views.publish")))
    shown = text_of(fake.called("views.publish")[0]["view"])
    assert "#1 in <#C4>: weekdays 09:30 (Europe/Brussels), all briefings in turn" in shown
    assert fake.called("views.open") == []  # the typed form needs no dialog


async def test_subscribe_without_arguments_opens_the_dialog_with_the_users_time_zone(bot: HttpBot,
                                                                                     fake: FakeSlack) -> None:
    """An admin's bare /digest subscribe opens a modal (time, days, time zone, briefing, layout) with the
    trigger_id; the user's own zone from users.info is chosen; nothing is answered at the response_url."""
    view = await open_dialog(bot, fake)
    assert view["type"] == "modal" and [b["block_id"] for b in view["blocks"]] == ["time", "days", "timezone",
                                                                                   "briefing", "thread"]
    assert view["blocks"][2]["element"]["initial_option"]["value"] == fake.tz
    assert len(view["blocks"][2]["element"]["options"]) <= 100
    assert fake.hooks == []


async def test_a_member_who_may_not_subscribe_gets_the_commands_refusal(bot: HttpBot, fake: FakeSlack) -> None:
    """For a non-admin no dialog opens: the typed command's refusal comes back privately."""
    [answer] = await bot.answer(await bot.send("/digest", "subscribe", user="UPLAIN"))
    assert answer["blocks"][0]["text"]["text"] == ":warning: *Sorry, only channel admins can use this command.*"
    assert fake.called("views.open") == []


async def test_submitting_the_dialog_subscribes_and_confirms(bot: HttpBot, fake: FakeSlack,
                                                            digests: DigestService) -> None:
    """A valid submission closes the dialog (empty 200), creates the subscription in the channel the command was
    typed in, and confirms it at that command's response_url."""
    view = await open_dialog(bot, fake)
    assert await bot.interact(submission(view, fields(), user=ADMIN)) == (200, "")
    [sub] = digests.store.subscriptions("slack", "C1")
    assert (sub.schedule, sub.timezone, sub.briefing, sub.thread) == ("30 7 * * mon,wed", "America/New_York", None,
                                                                      False)
    await fake.wait_for(lambda: len(fake.hooks) == 1)
    assert fake.hooks[0]["blocks"][0]["text"]["text"].startswith("*Digest #1 created: 30 7 * * mon,wed")


async def test_the_dialogs_layout_box_makes_a_threaded_digest(bot: HttpBot, fake: FakeSlack,
                                                              digests: DigestService) -> None:
    """The optional Layout checkbox, ticked, subscribes with /digest subscribe's thread option; the confirmation
    says so."""
    view = await open_dialog(bot, fake)
    [layout] = [b for b in view["blocks"] if b["block_id"] == "thread"]
    assert layout["optional"] is True and layout["element"]["type"] == "checkboxes"
    assert await bot.interact(submission(view, fields(thread=True), user=ADMIN)) == (200, "")
    [sub] = digests.store.subscriptions("slack", "C1")
    assert sub.thread
    await fake.wait_for(lambda: len(fake.hooks) == 1)
    assert fake.hooks[0]["blocks"][0]["text"]["text"].endswith("all briefings, the facts in a thread*")


async def test_bad_fields_are_shown_in_the_dialog(bot: HttpBot, fake: FakeSlack, digests: DigestService) -> None:
    """No day and an unknown time zone come back as response_action errors under those fields; nothing is made."""
    view = await open_dialog(bot, fake)
    status, body = await bot.interact(submission(view, fields(days=(), zone="Mars/Olympus"), user=ADMIN))
    assert status == 200 and json.loads(body) == {"response_action": "errors", "errors": {
        "days": "Pick at least one day.", "timezone": "Pick a time zone from the list."}}
    assert digests.store.subscriptions() == []


async def test_the_commands_own_checks_apply_to_the_dialog(bot: HttpBot, fake: FakeSlack,
                                                           digests: DigestService) -> None:
    """The channel's limit (one digest here), checked by /digest subscribe itself, is shown in the dialog; so is
    the refusal of a submitter who is not an admin."""
    view = await open_dialog(bot, fake)
    assert await bot.interact(submission(view, fields(), user=ADMIN)) == (200, "")
    _, again = await bot.interact(submission(view, fields(time="18:00"), user=ADMIN))
    _, plain = await bot.interact(submission(view, fields(time="18:00"), user="UPLAIN"))
    assert json.loads(again)["errors"]["time"] == "Sorry, this channel already has 1 digest, the most it may have " \
                                                  "on this bot."
    assert json.loads(plain)["errors"]["time"] == "Sorry, only channel admins can use this command."
    assert len(digests.store.subscriptions()) == 1


async def test_a_view_submission_envelope_gets_its_errors_in_the_ack(fake: FakeSlack, library: Library,
                                                                    digests: DigestService) -> None:
    """Socket Mode: the errors travel in the ack frame's payload for the interactive envelope."""
    service = SlackService(slack_config(fake, "socket"), library, app_registry(digests), digests=digests)
    await service.start()
    try:
        view = subscribe_modal({"channel": "C1"}, [], ["UTC"], "UTC")
        await fake.envelopes.put({"envelope_id": "view-1", "type": "interactive", "accepts_response_payload": True,
                                  "payload": submission(view, fields(time="25:00"), user=ADMIN)})
        await fake.wait_for(lambda: bool(fake.frames))
    finally:
        await service.stop()
    assert fake.frames == [{"envelope_id": "view-1", "payload": {"response_action": "errors",
                                                                 "errors": {"time": "Pick a time of day."}}}]


# --- the dialog's rules, without the wire


@pytest.mark.parametrize(("days", "expected"), [
    (("mon", "tue", "wed", "thu", "fri", "sat", "sun"), "daily 08:05"),
    (("fri", "mon", "tue", "wed", "thu"), "weekdays 08:05"),
    (("sat",), "weekly sat 08:05"),
    (("sun", "sat"), "5 8 * * sat,sun"),
])
def test_days_become_the_shortest_typed_schedule(days: tuple[str, ...], expected: str) -> None:
    """Every day is daily, Monday to Friday weekdays, one day weekly, any other set a cron line."""
    assert schedule_text("08:05", days) == expected


def test_a_submission_reads_into_the_typed_commands_arguments() -> None:
    """The fields become schedule, timezone, briefing and thread; 'all in turn' leaves briefing out, an unticked
    Layout box thread."""
    def view(thread: bool) -> dict[str, Any]:
        return {"private_metadata": json.dumps({"channel": "C9"}), "state": {"values": {
            b: {b: v} for b, v in fields(briefing="some-briefing", thread=thread).items()}}}

    assert read_submission(view(True), frozenset({"America/New_York"}), frozenset({"some-briefing"})) == Submission(
        {"channel": "C9"}, {"schedule": "30 7 * * mon,wed", "timezone": "America/New_York",
                            "briefing": "some-briefing", "thread": True}, {})
    assert "thread" not in read_submission(view(False), frozenset({"America/New_York"}), frozenset()).args


def test_a_garbled_submission_is_all_errors_not_a_crash() -> None:
    """Missing state and unreadable private metadata read as errors for every field."""
    got = read_submission({"private_metadata": "{not json", "state": "x"}, frozenset(), frozenset())
    assert got.private == {} and set(got.errors) == {"time", "days", "timezone", "briefing"}
