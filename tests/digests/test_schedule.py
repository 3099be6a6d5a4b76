"""Schedules: the accepted forms, IANA zones across DST, and clear errors for anything else."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from bot.digests.schedule import InvalidSchedule, fire_times, next_times, parse

UTC = timezone.utc


def test_daily_weekdays_weekly_and_cron_fire_at_the_expected_local_times() -> None:
    """Each accepted form yields CronTrigger fire times at the named local time and days."""
    after = datetime(2025, 6, 6, 12, 0, tzinfo=UTC)  # a Friday
    tz = ZoneInfo("Europe/Brussels")
    daily = next_times(parse("daily 08:00", "Europe/Brussels"), after)
    assert [t.astimezone(tz).strftime("%a %H:%M") for t in daily] == ["Sat 08:00", "Sun 08:00", "Mon 08:00"]
    weekdays = next_times(parse("weekdays 09:30", "Europe/Brussels"), after)
    assert [t.astimezone(tz).strftime("%a %d %H:%M") for t in weekdays] == ["Mon 09 09:30", "Tue 10 09:30", "Wed 11 09:30"]
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
    for form in ("daily 08:00", "weekdays 09:30", "weekly mon 09:00", "5-field cron"):
        assert form in str(err.value)


@pytest.mark.parametrize("zone_name", ["Mars/Olympus", "CEST+2", "", "../etc/passwd"])
def test_an_unknown_time_zone_is_refused_with_examples(zone_name: str) -> None:
    """Only IANA zone names are accepted; the message gives examples."""
    with pytest.raises(InvalidSchedule, match="IANA name such as Europe/Brussels"):
        parse("daily 08:00", zone_name)


@pytest.mark.parametrize("field, days", [("1-5", "Mon Tue Wed Thu Fri"), ("0", "Sun"), ("7", "Sun"),
                                         ("*/2", "Sun Tue Thu Sat"), ("sat,sun", "Sat Sun"), ("5,0", "Fri Sun")])
def test_cron_weekday_numbers_mean_what_crontab_means(field: str, days: str) -> None:
    """0 and 7 are Sunday and 1 is Monday, as in crontab (APScheduler 3 alone would read 0 as Monday)."""
    week = next_times(parse(f"0 9 * * {field}", "UTC"), datetime(2025, 6, 7, 12, tzinfo=UTC), 7)  # from a Saturday
    assert sorted({t.strftime("%a") for t in week}, key="Mon Tue Wed Thu Fri Sat Sun".split().index) == \
        sorted(days.split(), key="Mon Tue Wed Thu Fri Sat Sun".split().index)
