"""Schedules: the accepted forms, IANA zones across DST, and clear errors for anything else."""
from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger

from bot.digests.schedule import InvalidSchedule, fire_times, gap_under, latest_times, next_times, parse


def test_daily_weekdays_weekly_and_cron_fire_at_the_expected_local_times() -> None:
    """Each accepted form yields CronTrigger fire times at the named local time and days."""
    after = datetime(2025, 6, 6, 12, 0, tzinfo=UTC)  # a Friday
    tz = ZoneInfo("Europe/Brussels")
    daily = next_times(parse("daily 08:00", "Europe/Brussels"), after)
    assert [t.astimezone(tz).strftime("%a %H:%M") for t in daily] == ["Sat 08:00", "Sun 08:00", "Mon 08:00"]
    weekdays = next_times(parse("weekdays 09:30", "Europe/Brussels"), after)
    assert [t.astimezone(tz).strftime("%a %d %H:%M") for t in weekdays] == ["Mon 09 09:30", "Tue 10 09:30",
                                                                            "Wed 11 09:30"]
    weekly = next_times(parse("weekly mon 09:00", "UTC"), after, 2)
    assert [t.strftime("%a %d %H:%M") for t in weekly] == ["Mon 09 09:00", "Mon 16 09:00"]
    cron = next_times(parse("*/15 9-10 * * 1-5", "UTC"), after, 4)
    assert [t.strftime("%a %H:%M") for t in cron] == ["Mon 09:00", "Mon 09:15", "Mon 09:30", "Mon 09:45"]
    assert parse("  Weekly   MON  9:00 ", "UTC").fields == parse("weekly mon 09:00", "UTC").fields


@pytest.mark.parametrize("zone_name, change, utc_before, utc_after", [
    ("Europe/Brussels", datetime(2025, 3, 30, tzinfo=UTC), 7, 6),        # CET -> CEST
    ("Europe/Brussels", datetime(2025, 10, 26, tzinfo=UTC), 6, 7),       # CEST -> CET
    ("America/New_York", datetime(2025, 3, 9, tzinfo=UTC), 13, 12),      # EST -> EDT
    ("America/New_York", datetime(2025, 11, 2, tzinfo=UTC), 12, 13),     # EDT -> EST
])
def test_a_daily_digest_keeps_its_local_hour_across_a_dst_change(zone_name: str, change: datetime,
                                                                   utc_before: int, utc_after: int) -> None:
    """`daily 08:00` fires at 08:00 local on the days before and after the change; the UTC hour moves."""
    trigger = parse("daily 08:00", zone_name)
    times = list(fire_times(trigger, change - timedelta(days=3), change + timedelta(days=3)))
    assert [t.astimezone(ZoneInfo(zone_name)).hour for t in times] == [8] * 6
    assert {t.astimezone(UTC).hour for t in times if t < change} == {utc_before}
    assert {t.astimezone(UTC).hour for t in times if t > change} == {utc_after}


@pytest.mark.parametrize("schedule", ["daily", "daily 25:00", "daily 8am", "weekly funday 09:00",
                                      "weekdays", "every morning", "* * * *", "61 * * * *", "@everyone 09:00"])
def test_an_unreadable_schedule_names_every_accepted_form(schedule: str) -> None:
    """A bad schedule is refused with a message listing daily, weekdays, weekly and cron."""
    with pytest.raises(InvalidSchedule) as err:
        parse(schedule, "UTC")
    assert str(err.value).startswith(f"I can't read the schedule {schedule!r}. Accepted: ")
    for form in ("daily 08:00", "weekdays 09:30", "weekly mon 09:00", "5-field cron"):
        assert form in str(err.value)


@pytest.mark.parametrize("zone_name", ["Mars/Olympus", "CEST+2", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_refused_with_examples(zone_name: str) -> None:
    """Only IANA zone names are accepted; the message gives examples."""
    with pytest.raises(InvalidSchedule, match=re.escape(f"Unknown time zone {zone_name!r}. Use an IANA name such as "
                                                        "Europe/Brussels, America/New_York or UTC.")):
        parse("daily 08:00", zone_name)


@pytest.mark.parametrize("field, days", [("1-5", "Mon Tue Wed Thu Fri"), ("0", "Sun"), ("7", "Sun"),
                                         ("*/2", "Sun Tue Thu Sat"), ("sat,sun", "Sat Sun"), ("5,0", "Fri Sun")])
def test_cron_weekday_numbers_mean_what_crontab_means(field: str, days: str) -> None:
    """0 and 7 are Sunday and 1 is Monday, as in crontab (APScheduler 3 alone would read 0 as Monday)."""
    week = next_times(parse(f"0 9 * * {field}", "UTC"), datetime(2025, 6, 7, 12, tzinfo=UTC), 7)  # from a Saturday
    assert sorted({t.strftime("%a") for t in week}, key=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].index) == \
        sorted(days.split(), key=["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].index)


@pytest.mark.parametrize("schedule, gap", [
    ("* * * * *", timedelta(minutes=1)), ("*/30 * * * *", timedelta(minutes=30)),
    ("0,59 * * * *", timedelta(minutes=1)),        # 00:59 then 01:00
    ("0 9,10 * * 1-5", None),                        # exactly the limit is allowed
    ("30 8,9 * * *", None), ("0 23,0 * * *", None),  # 23:00 then 00:00 the next day: one hour
    ("50 23 * * *", None), ("10 0,23 * * *", None),
    ("* 8 * * *", timedelta(minutes=1)), ("* * 29 2 *", timedelta(minutes=1)),  # rare days still run every minute
    ("0 */2 * * *", None), ("daily 08:00", None), ("weekly mon 09:00", None),
])
def test_gap_under_finds_runs_closer_than_the_limit(schedule: str, gap: timedelta | None) -> None:
    """The shortest gap is read from the schedule's hours and minutes, whatever its days: `* * 29 2 *` is as
    frequent as `* * * * *` on the day it runs; a gap exactly at the limit passes."""
    assert gap_under(parse(schedule, "Europe/Brussels"), timedelta(hours=1)) == gap


def test_gap_under_a_zero_limit_accepts_everything() -> None:
    """A limit of 0 (limits.min_interval: PT0S) turns the check off."""
    assert gap_under(parse("* * * * *", "UTC"), timedelta(0)) is None


class CountingTrigger:
    """A CronTrigger's fire times, counting how often they are asked for."""

    def __init__(self, trigger: CronTrigger):
        self.trigger, self.probes = trigger, 0

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        self.probes += 1
        found: datetime | None = self.trigger.get_next_fire_time(previous_fire_time, now)
        return found


@pytest.mark.parametrize("schedule", ["* * * * *", "*/7 3-5 * * *", "daily 08:00", "weekdays 09:30", "* 8 * * *",
                                      "*/13 * 1,15 * *", "0 0 29 2 *", "0,59 * * * *"])
@pytest.mark.parametrize("since_minutes", [0, 1, 59, 61, 1439, 4000, 10_080])
def test_latest_times_are_the_last_runs_of_the_span_in_few_probes(schedule: str, since_minutes: int) -> None:
    """The latest runs in (after, until] are those fire_times lists, oldest first, and finding 12 of them in a
    week of an every-minute schedule asks the trigger a few dozen times, not 10,080."""
    until = datetime(2025, 6, 5, 8, 20, 30, tzinfo=UTC)
    after = until - timedelta(minutes=since_minutes)
    base = parse(schedule, "Europe/Brussels")
    trigger = CountingTrigger(base)
    expected = list(fire_times(base, after, until))[-12:]
    assert latest_times(trigger, after, until, 12) == expected
    assert trigger.probes <= 40 * (len(expected) + 1)
    assert latest_times(base, after, until, 1) == expected[-1:]
