"""Digest schedules: `daily 08:00`, `weekdays 09:30`, `weekly mon 09:00` or 5-field cron, in an IANA zone."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

log = logging.getLogger(__name__)

ACCEPTED = ("`daily 08:00`, `weekdays 09:30`, `weekly mon 09:00` (mon..sun), "
            "or a 5-field cron expression such as `30 9 * * 1-5` (minute hour day month weekday)")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SIMPLE = re.compile(r"^(daily|weekdays|weekly\s+(?P<day>[a-z]{3}))\s+(?P<h>\d{1,2}):(?P<m>\d{2})$")
_TICK = timedelta(microseconds=1)


class InvalidSchedule(ValueError):
    """A schedule or time zone the bot cannot use; the message says what is accepted."""


def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`, or InvalidSchedule."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidSchedule(f"Unknown time zone {name!r}. Use an IANA name such as Europe/Brussels, "
                              "America/New_York or UTC.") from None


def parse(schedule: str, timezone: str) -> CronTrigger:
    """The CronTrigger for a schedule in a time zone."""
    tz = zone(timezone)
    text = " ".join(schedule.lower().split())
    m = _SIMPLE.match(text)
    try:
        if m:
            day = m.group("day")
            if day is not None and day not in DAYS:
                raise ValueError(f"unknown day {day!r}")
            hour, minute = int(m.group("h")), int(m.group("m"))
            if hour > 23 or minute > 59:
                raise ValueError("time out of range")
            dow = "mon-fri" if text.startswith("weekdays") else day
            return CronTrigger(day_of_week=dow, hour=hour, minute=minute, timezone=tz)
        fields = text.split()
        if len(fields) == 5:
            return CronTrigger.from_crontab(" ".join([*fields[:4], _weekdays(fields[4])]), timezone=tz)
    except ValueError:
        pass
    raise InvalidSchedule(f"I can't read the schedule {schedule.strip()[:60]!r}. Accepted: {ACCEPTED}.")


def _weekdays(field: str) -> str:
    """Crontab weekday numbers (0 or 7 = Sunday) as names: APScheduler 3's from_crontab reads 0 as Monday."""
    if not any(c.isdigit() for c in field):
        return field  # `*` and names mean the same in both
    days: set[str] = set()
    for item in field.split(","):
        span, _, step = item.partition("/")
        lo, _, hi = ("0", "", "6") if span == "*" else span.partition("-")
        a = DAYS.index(lo) + 1 if lo in DAYS else int(lo)
        b = (DAYS.index(hi) + 1 if hi in DAYS else int(hi)) if hi else (7 if step else a)
        if not 0 <= a <= b <= 7:
            raise ValueError(f"bad weekday {item!r}")
        days.update(DAYS[(n - 1) % 7] for n in range(a, b + 1, int(step or 1)))
    return ",".join(d for d in DAYS if d in days)


def fire_times(trigger: CronTrigger, after: datetime, until: datetime | None = None) -> Iterator[datetime]:
    """Fire times strictly after `after` (and not later than `until`, if given), in order."""
    t = trigger.get_next_fire_time(None, after + _TICK)
    while t is not None and (until is None or t <= until):
        yield t
        t = trigger.get_next_fire_time(None, t + _TICK)


def next_times(trigger: CronTrigger, after: datetime, n: int = 3) -> list[datetime]:
    """The next `n` fire times after `after`."""
    return list(islice(fire_times(trigger, after), n))
