"""Digest schedules: `daily 08:00`, `weekdays 09:30`, `weekly mon 09:00` or 5-field cron, in an IANA zone."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

__all__ = ["InvalidSchedule", "fire_times", "gap_under", "latest_times", "next_times", "parse", "zone"]

log = logging.getLogger(__name__)

ACCEPTED = ("`daily 08:00`, `weekdays 09:30`, `weekly mon 09:00` (mon..sun), "
            "or a 5-field cron expression such as `30 9 * * 1-5` (minute hour day month weekday)")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_SIMPLE = re.compile(r"^(daily|weekdays|weekly\s+(?P<day>[a-z]{3}))\s+(?P<h>\d{1,2}):(?P<m>\d{2})$")
_TICK = timedelta(microseconds=1)
_SECOND = timedelta(seconds=1)
_MINUTE = timedelta(minutes=1)
_DAY = timedelta(days=1)


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


def gap_under(trigger: CronTrigger, limit: timedelta) -> timedelta | None:
    """The shortest gap between two runs of the schedule if it is under `limit`, else None.

    The gaps are read from one day of the schedule's hours and minutes, as if it ran every day (its day, month and
    weekday fields only spread runs further apart), from the last run of a day to the first of the next included.
    Wall-clock gaps: a DST change can shorten one gap, once, by its shift. At most one probe per run of that day,
    and it stops at a one-minute gap, the shortest a schedule of whole minutes has.
    """
    if limit <= timedelta(0):
        return None
    daily = CronTrigger(**{f.name: str(f) for f in trigger.fields if f.name in ("hour", "minute", "second")},
                        timezone=UTC)
    start = datetime(2001, 1, 1, tzinfo=UTC)
    runs = fire_times(daily, start - _TICK)
    first = prev = next(runs)
    shortest = _DAY
    for t in runs:
        shortest = min(shortest, t - prev)
        if t - first >= _DAY or shortest <= _MINUTE:
            break
        prev = t
    return shortest if shortest < limit else None


def latest_times(trigger: CronTrigger, after: datetime, until: datetime, n: int) -> list[datetime]:
    """Up to the `n` latest fire times in (after, until], oldest first.

    Each is found by galloping back from `until` and bisecting, so the cost grows with log(span), never with the
    number of runs the span holds: a week of an every-minute schedule is a few probes, not 10,080.
    """
    found: list[datetime] = []
    window = timedelta(minutes=1)
    while len(found) < n:
        t = _latest(trigger, after, until, window)
        if t is None:
            break
        if found:
            window = max(found[0] - t, _SECOND)  # a regular schedule's previous run is one gap back
        found.insert(0, t)
        until = t - _TICK
    return found


def _latest(trigger: CronTrigger, after: datetime, until: datetime, window: timedelta) -> datetime | None:
    """The latest fire time in (after, until]: gallop back from `until` by doubling windows, then bisect."""
    def first_after(t: datetime) -> datetime | None:
        nxt = trigger.get_next_fire_time(None, t + _TICK)
        return nxt if nxt is not None and nxt <= until else None

    while True:
        lo = max(after, until - window)
        t = first_after(lo)
        if t is not None:
            break
        if lo <= after:
            return None
        window *= 2
    hi = until  # runs in (lo, until] all lie in (lo, hi]; t is the first of them
    while (nxt := first_after(t)) is not None:
        lo, t = nxt - _TICK, nxt  # step to the next run, and halve what is left
        mid = lo + (hi - lo) / 2
        if (m := first_after(mid)) is not None:
            lo, t = mid, m
        else:
            hi = mid
    return t
