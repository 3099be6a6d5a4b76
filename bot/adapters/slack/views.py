"""Slack views, pure: the App Home tab (briefings and the workspace's digests) and the /digest subscribe dialog,
with its submission read back into the arguments of the typed `/digest subscribe` or errors for its fields."""
from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.adapters.slack.render import SECTION_CHARS, escape

__all__ = ["COMMON_ZONES", "SUBSCRIBE", "Digest", "Submission", "home_view", "read_submission", "schedule_text",
           "subscribe_modal"]

log = logging.getLogger(__name__)

SUBSCRIBE = "briefbot-subscribe"  # the dialog's callback_id
HOME_LINES = 40  # briefings, and digests, listed on the Home tab; the rest are counted
MAX_OPTIONS = 100  # options of one static select
OPTION_TEXT = 75  # characters of an option's label
ROTATE = "*"  # the briefing option meaning "all briefings, in turn" (no briefing id is "*")
THREAD = "thread"  # the value of the dialog's one "Layout" checkbox: /digest subscribe's thread option
DAYS = (("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday"),
        ("sat", "Saturday"), ("sun", "Sunday"))
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# The time zones offered first in the dialog: the most populous zone of each region, as IANA names. The user's own
# (users.info) and the bot's default are added; any other is one `/digest subscribe ... timezone:` away.
COMMON_ZONES = ("UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Europe/Paris", "Europe/Brussels",
                "Europe/Amsterdam", "Europe/Berlin", "Europe/Madrid", "Europe/Rome", "Europe/Stockholm",
                "Europe/Warsaw", "Europe/Athens", "Europe/Helsinki", "Europe/Istanbul", "Europe/Moscow",
                "Africa/Lagos", "Africa/Cairo", "Africa/Johannesburg", "Africa/Nairobi", "Asia/Dubai",
                "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Singapore",
                "Asia/Shanghai", "Asia/Hong_Kong", "Asia/Manila", "Asia/Seoul", "Asia/Tokyo", "Australia/Perth",
                "Australia/Sydney", "Pacific/Auckland", "Pacific/Honolulu", "America/Anchorage",
                "America/Los_Angeles", "America/Denver", "America/Phoenix", "America/Chicago", "America/Mexico_City",
                "America/New_York", "America/Toronto", "America/Bogota", "America/Lima", "America/Santiago",
                "America/Sao_Paulo", "America/Argentina/Buenos_Aires", "America/Halifax")
_TIME = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_CHANNEL = re.compile(r"[A-Z0-9]{2,32}")


def _plain(text: str, limit: int = OPTION_TEXT) -> dict[str, Any]:
    return {"type": "plain_text", "text": text if len(text) <= limit else text[:limit - 1] + "\u2026"}


def _section(text: str) -> dict[str, Any]:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text[:SECTION_CHARS], "verbatim": True}}


def _lines(lines: Sequence[str], none: str) -> list[dict[str, Any]]:
    """A list as sections of at most SECTION_CHARS each, HOME_LINES lines at most and the rest counted."""
    shown = [*lines[:HOME_LINES]] or [none]
    if len(lines) > HOME_LINES:
        shown.append(f"_\u2026 and {len(lines) - HOME_LINES} more_")
    blocks: list[dict[str, Any]] = []
    text = ""
    for line in shown:
        if text and len(text) + 1 + len(line) > SECTION_CHARS:
            blocks.append(_section(text))
            text = ""
        text = f"{text}\n{line}" if text else line
    return [*blocks, _section(text)]


@dataclass(frozen=True)
class Digest:
    """One subscription as the Home tab lists it."""

    id: int
    channel: str
    schedule: str
    timezone: str
    briefing: str | None


def _channel(channel_id: str) -> str:
    """A channel link (no ping) for a well-formed id, else the id as inert text."""
    return f"<#{channel_id}>" if _CHANNEL.fullmatch(channel_id) else escape(channel_id)


def home_view(briefings: Iterable[tuple[str, str]], digests: Sequence[Digest] | None) -> dict[str, Any]:
    """The Home tab: the briefings (id, title) and this workspace's digests; `digests` None when digests are off."""
    rows = [f"\u2022 *{escape(title)}* \u00b7 `{escape(bid)}`" for bid, title in briefings]
    blocks = [{"type": "header", "text": _plain("Briefings", 150)},
              *_lines(rows, "No briefing is loaded yet."),
              _section("Ask with `/ask`, by mentioning me in a channel, or here in Messages."),
              {"type": "divider"}, {"type": "header", "text": _plain("Digests in this workspace", 150)}]
    if digests is None:
        blocks.append(_section("Digests are not running on this bot."))
    else:
        subs = [f"\u2022 #{d.id} in {_channel(d.channel)}: {escape(d.schedule)} ({escape(d.timezone)}), "
                f"{'briefing `' + escape(d.briefing) + '`' if d.briefing else 'all briefings in turn'}"
                for d in digests]
        blocks += _lines(subs, "No digest yet. A channel admin can start one with `/digest subscribe` in a channel.")
    return {"type": "home", "blocks": blocks}


def _option(value: str, text: str) -> dict[str, Any]:
    return {"text": _plain(text), "value": value[:150]}


def subscribe_modal(private: Mapping[str, str], briefings: Sequence[tuple[str, str]], zones: Sequence[str],
                    zone: str) -> dict[str, Any]:
    """The dialog: time, days, time zone (`zones`, `zone` chosen), briefing and whether threaded; `private` (the
    channel and the command's response_url) comes back with the submission."""
    day_options = [_option(v, label) for v, label in DAYS]
    zone_options = [_option(z, z) for z in dict.fromkeys([zone, *zones])][:MAX_OPTIONS]
    briefing_options = [_option(ROTATE, "All briefings, in turn"),
                        *(_option(bid, title or bid) for bid, title in briefings)][:MAX_OPTIONS]

    def field(block_id: str, label: str, element: dict[str, Any]) -> dict[str, Any]:
        return {"type": "input", "block_id": block_id, "label": _plain(label), "element": {**element,
                                                                                          "action_id": block_id}}

    return {"type": "modal", "callback_id": SUBSCRIBE, "title": _plain("Subscribe to a digest", 24),
            "submit": _plain("Subscribe", 24), "close": _plain("Cancel", 24),
            "private_metadata": json.dumps(dict(private)),
            "blocks": [
                field("time", "Time", {"type": "timepicker", "initial_time": "08:00"}),
                field("days", "Days", {"type": "checkboxes", "options": day_options,
                                       "initial_options": [o for o in day_options if o["value"] in WEEKDAYS]}),
                field("timezone", "Time zone", {"type": "static_select", "options": zone_options,
                                                "initial_option": zone_options[0]}),
                field("briefing", "Briefing", {"type": "static_select", "options": briefing_options,
                                               "initial_option": briefing_options[0]}),
                {**field("thread", "Layout", {"type": "checkboxes", "options": [
                    _option(THREAD, "A short post, with the key facts as replies in its thread")]}), "optional": True},
            ]}


def schedule_text(time: str, days: Sequence[str]) -> str:
    """The typed schedule for a time and days: daily, weekdays, weekly <day>, or cron for any other days."""
    wanted = [d for d, _ in DAYS if d in days]
    if len(wanted) == len(DAYS):
        return f"daily {time}"
    if tuple(wanted) == WEEKDAYS:
        return f"weekdays {time}"
    if len(wanted) == 1:
        return f"weekly {wanted[0]} {time}"
    hour, minute = time.split(":")
    return f"{int(minute)} {int(hour)} * * {','.join(wanted)}"


@dataclass(frozen=True)
class Submission:
    """The dialog read back: the private metadata, and the /digest subscribe arguments or errors by field."""

    private: dict[str, str]
    args: dict[str, str | bool]
    errors: dict[str, str]


def _value(values: Mapping[str, Any], block: str) -> Mapping[str, Any]:
    found = values.get(block, {}).get(block, {}) if isinstance(values.get(block), Mapping) else {}
    return found if isinstance(found, Mapping) else {}


def _selected(values: Mapping[str, Any], block: str) -> str:
    option = _value(values, block).get("selected_option")
    return str(option.get("value", "")) if isinstance(option, Mapping) else ""


def _private(view: Mapping[str, Any]) -> dict[str, str]:
    try:
        data = json.loads(view.get("private_metadata") or "{}")
    except ValueError:
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(data, dict) \
        else {}


def read_submission(view: Mapping[str, Any], zones: frozenset[str], briefings: frozenset[str]) -> Submission:
    """The arguments of `/digest subscribe` the dialog's fields give, or what is wrong with each field: a time,
    at least one day, a known time zone (`zones`) and a loaded briefing (`briefings`) or all in turn."""
    state = view.get("state")
    values = state.get("values", {}) if isinstance(state, Mapping) else {}
    values = values if isinstance(values, Mapping) else {}
    errors: dict[str, str] = {}
    time = str(_value(values, "time").get("selected_time") or "")
    if not _TIME.fullmatch(time):
        errors["time"] = "Pick a time of day."
    picked = _value(values, "days").get("selected_options")
    days = [str(o.get("value")) for o in picked if isinstance(o, Mapping)] if isinstance(picked, list) else []
    if not any(d in days for d, _ in DAYS):
        errors["days"] = "Pick at least one day."
    zone = _selected(values, "timezone")
    if zone not in zones:
        errors["timezone"] = "Pick a time zone from the list."
    briefing = _selected(values, "briefing")
    if briefing != ROTATE and briefing not in briefings:
        errors["briefing"] = "That briefing is no longer loaded; pick another."
    if errors:
        return Submission(_private(view), {}, errors)
    args: dict[str, str | bool] = {"schedule": schedule_text(time, days), "timezone": zone}
    if briefing != ROTATE:
        args["briefing"] = briefing
    threaded = _value(values, "thread").get("selected_options")
    if isinstance(threaded, list) and any(isinstance(o, Mapping) and o.get("value") == THREAD for o in threaded):
        args["thread"] = True
    return Submission(_private(view), args, {})
