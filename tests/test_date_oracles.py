"""Every date rule checked against an outside oracle, dateutil, on generated schedules and build dates.

Our recurrence code (`render/parts/recurrence.py`) and the calendar files' RRULEs (`render/outputs/
calendar.py`) are compared with `dateutil.rrule` rules built here, independently, from the schedule as
an editor wrote it; `report.months_between` with `dateutil.relativedelta`. The build dates are any day
of any week, the last days of months and the UK's clock-change Sundays; the meeting times include the
small hours either side of the clock changes. Hypothesis runs from a fixed seed with a fixed number of
examples and no example database, so every run tries the same cases.
"""

from __future__ import annotations

import calendar as month_lengths
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import icalendar
from dateutil.relativedelta import relativedelta
from dateutil.rrule import FR, MO, MONTHLY, SA, SU, TH, TU, WE, WEEKLY, rrule, rrulestr
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerdir.models import Group, Meeting
from peerdir.render import SiteSettings
from peerdir.render.outputs.calendar import group_calendar
from peerdir.render.parts.common import Context
from peerdir.render.parts.recurrence import meetings_ahead, next_meetings, occurrences
from peerdir.render.parts.structured_data import group_data
from peerdir.report import months_between
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES

# The same run every time: a fixed seed (derandomize), a fixed count, nothing remembered between runs.
ORACLE_RUNS = settings(derandomize=True, max_examples=300, database=None, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow])

WEEKDAY = {"monday": MO, "tuesday": TU, "wednesday": WE, "thursday": TH, "friday": FR, "saturday": SA, "sunday": SU}
NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}
# Times either side of the UK clock changes (01:00 to 02:00 is skipped in March, and twice in October),
# and ordinary ones.
CLOCK_TIMES = [time(0, 30), time(0, 59), time(1, 30), time(2, 0), time(2, 30), time(10, 30), time(19, 0), time(23, 30)]
# The last Sundays of March and October, written out (not worked out by the code under test).
CLOCK_CHANGE_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2027, 3, 28), date(2027, 10, 31),
                     date(2028, 3, 26), date(2028, 10, 29), date(2030, 3, 31), date(2030, 10, 27)]
A_MONDAY = date(2021, 1, 4)


def month_end(year: int, month: int) -> date:
    return date(year, month, month_lengths.monthrange(year, month)[1])


build_dates = st.one_of(
    st.dates(min_value=date(2025, 1, 1), max_value=date(2034, 12, 31)),
    st.builds(month_end, st.integers(2025, 2034), st.integers(1, 12)),
    st.sampled_from(CLOCK_CHANGE_DAYS),
)


@st.composite
def meetings(draw: st.DrawFn) -> Meeting:
    day = draw(st.sampled_from(list(WEEKDAY)))
    start = draw(st.sampled_from(CLOCK_TIMES))
    end = (datetime.combine(date(2000, 1, 1), start) + timedelta(minutes=draw(st.integers(15, 20)))).time()
    frequency = draw(st.sampled_from(["weekly", "fortnightly", "monthly"]))
    if frequency == "fortnightly":
        # Any one meeting, before or after the build date: a Monday plus whole weeks, plus the day.
        starting = A_MONDAY + timedelta(weeks=draw(st.integers(0, 900)), days=list(WEEKDAY).index(day))
        return Meeting(day=day, start=start, end=end, frequency=frequency, starting=starting)
    if frequency == "monthly":
        return Meeting(day=day, start=start, end=end, frequency=frequency, week=draw(st.sampled_from(list(NTH))))
    return Meeting(day=day, start=start, end=end, frequency=frequency)


def reference_rule(meeting: Meeting, today: date) -> rrule:
    """dateutil's rule for the meeting, from the schedule alone, with `today`'s meetings included."""
    weekday = WEEKDAY[meeting.day]
    if meeting.frequency == "monthly":
        return rrule(MONTHLY, byweekday=weekday(NTH[meeting.week or "first"]), dtstart=datetime.combine(today, meeting.start))
    if meeting.frequency == "fortnightly":
        assert meeting.starting is not None
        # The fortnights run on from the known meeting and back before it: start the rule an even number
        # of weeks before both that meeting and the build date.
        anchor = meeting.starting - timedelta(weeks=2 * ((meeting.starting - today).days // 14 + 2))
        return rrule(WEEKLY, interval=2, byweekday=weekday, dtstart=datetime.combine(anchor, meeting.start))
    return rrule(WEEKLY, byweekday=weekday, dtstart=datetime.combine(today, meeting.start))


def reference_dates(meeting: Meeting, today: date, how_many: int) -> list[datetime]:
    return list(reference_rule(meeting, today).xafter(datetime.combine(today, time(0)), count=how_many, inc=True))


def first(how_many: int, dates: object) -> list[date]:
    found = []
    for day in dates:  # type: ignore[attr-defined]
        if len(found) == how_many:
            break
        found.append(day)
    return found


# --------------------------------------------------------------------------- next meetings


@ORACLE_RUNS
@given(meeting=meetings(), today=build_dates)
def test_occurrences_are_dateutils_dates(meeting: Meeting, today: date) -> None:
    assert first(8, occurrences(meeting, today)) == [d.date() for d in reference_dates(meeting, today, 8)]


@ORACLE_RUNS
@given(schedule=st.lists(meetings(), min_size=1, max_size=4), today=build_dates, how_many=st.integers(1, 7))
def test_next_meetings_are_dateutils_dates_in_order(schedule: list[Meeting], today: date, how_many: int) -> None:
    group = replace(BASE_GROUP, schedule=tuple(schedule))
    expected = sorted((moment, index) for index, meeting in enumerate(schedule)
                      for moment in reference_dates(meeting, today, how_many))[:how_many]
    found = [(datetime.combine(o.day, o.meeting.start), schedule.index(o.meeting)) for o in next_meetings(group, today, how_many)]
    # Two meeting times that are equal as values are one time, whichever of them is named.
    assert [moment for moment, _ in found] == [moment for moment, _ in expected]
    assert [schedule[i] for _, i in found] == [schedule[i] for _, i in expected]


def test_three_next_meetings_unless_asked_for_more() -> None:
    weekly = replace(BASE_GROUP, schedule=(Meeting(day="monday", start=time(9, 0)),))
    assert [o.day for o in next_meetings(weekly, date(2026, 11, 26))] == [date(2026, 11, 30), date(2026, 12, 7),
                                                                         date(2026, 12, 14)]


WEEK_OF_BUILD_DAYS = [date(2026, 11, 23) + timedelta(days=n) for n in range(14)]  # Monday 23 Nov to Sunday 6 Dec
EVERY_KIND = [
    *(Meeting(day=day, start=time(10, 30)) for day in WEEKDAY),
    *(Meeting(day=day, start=time(10, 30), frequency="fortnightly", starting=A_MONDAY + timedelta(days=n + parity * 7))
      for n, day in enumerate(WEEKDAY) for parity in (0, 1)),
    *(Meeting(day=day, start=time(10, 30), frequency="monthly", week=week) for day in WEEKDAY for week in NTH),
]


def test_the_meetings_a_page_carries_end_before_the_day_weeks_later_and_stop_at_the_least_asked() -> None:
    """A group page carries its meetings of the next few weeks (living-dates.js shows them as earlier ones
    pass): up to but not including the day `weeks` later, and once it has `at_least`, no more."""
    wednesdays = replace(BASE_GROUP, schedule=(Meeting(day="wednesday", start=time(10, 30)),))
    on_a_wednesday = date(2026, 11, 25)
    days = [o.day for o in meetings_ahead(wednesdays, on_a_wednesday, weeks=2, at_least=1, at_most=16)]
    assert days == [date(2026, 11, 25), date(2026, 12, 2)]  # 9 December is two weeks on: not carried
    days = [o.day for o in meetings_ahead(wednesdays, on_a_wednesday, weeks=0, at_least=2, at_most=16)]
    assert days == [date(2026, 11, 25), date(2026, 12, 2)]  # at least two, however far, and no more
    days = [o.day for o in meetings_ahead(wednesdays, on_a_wednesday, weeks=52, at_least=1, at_most=3)]
    assert days == [date(2026, 11, 25), date(2026, 12, 2), date(2026, 12, 9)]  # at most three


def test_every_kind_of_meeting_from_every_day_of_two_weeks() -> None:
    """Every weekday, both fortnights and every week of the month, from each build day of two weeks that
    hold a month's end (so a build day is, in turn, each month's last and first Monday to Sunday)."""
    for today in WEEK_OF_BUILD_DAYS:
        for meeting in EVERY_KIND:
            assert first(5, occurrences(meeting, today)) == [d.date() for d in reference_dates(meeting, today, 5)], \
                (today, meeting)


def test_a_meeting_on_the_build_day_is_the_next_one() -> None:
    """Written out: on the day itself the meeting is still to come."""
    last_wednesday = Meeting(day="wednesday", start=time(19, 0), frequency="monthly", week="last")
    assert next(occurrences(last_wednesday, date(2026, 11, 25))) == date(2026, 11, 25)
    assert next(occurrences(last_wednesday, date(2026, 11, 26))) == date(2026, 12, 30)
    thursdays = Meeting(day="thursday", start=time(19, 0))
    assert next(occurrences(thursdays, date(2026, 11, 26))) == date(2026, 11, 26)
    assert next(occurrences(Meeting(day="monday", start=time(9, 0)), date(2026, 11, 26))) == date(2026, 11, 30)
    assert next(occurrences(Meeting(day="tuesday", start=time(9, 0)), date(2026, 11, 29))) == date(2026, 12, 1)


# --------------------------------------------------------------------------- the calendar files


DIRECTORY: Directory = load_directory(FIXTURES / "valid").directory
BASE_GROUP: Group = replace(DIRECTORY.group("riverside-parents"), status="active")


def uk_offset(local: datetime) -> timedelta:
    """UK summer time by the rule in law: from 01:00 GMT on the last Sunday in March to 01:00 GMT on the last
    Sunday in October (for local times outside the hour that is missing or twice, see `near_a_change`)."""
    def last_sunday(month: int) -> datetime:
        day = date(local.year, month, 31)
        return datetime.combine(day - timedelta(days=(day.weekday() + 1) % 7), time(1))

    return timedelta(hours=1) if last_sunday(3) <= local < last_sunday(10) else timedelta(0)


def near_a_change(local: datetime) -> bool:
    """01:00 to 02:00 on a clock-change Sunday: missing in March, twice in October; not checked in UTC."""
    return local.month in (3, 10) and local.weekday() == 6 and local.day > 24 and time(1) <= local.time() < time(2)


@settings(derandomize=True, max_examples=120, database=None, deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(schedule=st.lists(meetings(), min_size=1, max_size=3), today=build_dates)
def test_the_calendar_files_rrules_give_dateutils_dates(schedule: list[Meeting], today: date) -> None:
    group = replace(BASE_GROUP, schedule=tuple(schedule))
    raw = group_calendar(group, Context(DIRECTORY, SiteSettings(today=today)))
    calendar = icalendar.Calendar.from_ical(raw)
    zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in calendar.timezones}
    events = calendar.events
    assert [str(e["UID"]).split("@")[0] for e in events] == [f"group-{group.id}-meeting-{n}"
                                                             for n in range(1, len(schedule) + 1)]
    for event, meeting in zip(events, schedule, strict=True):
        start = event["DTSTART"].dt
        assert str(start.tzinfo) == "Europe/London"
        local_start = start.replace(tzinfo=None)
        expanded = list(rrulestr(event["RRULE"].to_ical().decode(), dtstart=local_start).xafter(
            local_start, count=30, inc=True))
        assert expanded == reference_dates(meeting, today, 30), event["RRULE"].to_ical()
        assert event["DTEND"].dt.replace(tzinfo=None) == datetime.combine(local_start.date(), meeting.end)
        for local in expanded:  # the wall clock stays put; the file's own VTIMEZONE moves UTC with the law
            if not near_a_change(local):
                utc = local.replace(tzinfo=zones[str(start.tzinfo)]).astimezone(UTC)
                assert utc == (local - uk_offset(local)).replace(tzinfo=UTC), local


# --------------------------------------------------------------------------- whole months


@ORACLE_RUNS
@given(meeting=meetings(), today=build_dates)
def test_the_structured_data_schedules_give_dateutils_dates(meeting: Meeting, today: date) -> None:
    """A group page's schema.org Schedule, read as an RRULE (`repeatFrequency` P1W, P2W or P1M, `byDay`
    a schema.org day or iCalendar's `-1MO`, from its `startDate`), gives the meetings' dates."""
    group = replace(BASE_GROUP, schedule=(meeting,))
    schedule = group_data(group, Context(DIRECTORY, SiteSettings(today=today)))["event"]["eventSchedule"][0]
    rule = {"P1W": "FREQ=WEEKLY", "P2W": "FREQ=WEEKLY;INTERVAL=2", "P1M": "FREQ=MONTHLY"}[schedule["repeatFrequency"]]
    day = schedule["byDay"]
    byday = day.removeprefix("https://schema.org/")[:2].upper() if day.startswith("https://schema.org/") else day
    begins = date.fromisoformat(schedule.get("startDate", today.isoformat()))
    assert begins <= today  # a schedule that has begun: still true on the days after the build
    dtstart = datetime.combine(begins, time.fromisoformat(schedule["startTime"]))
    expanded = rrulestr(f"{rule};BYDAY={byday}", dtstart=dtstart).xafter(datetime.combine(today, time(0)), count=8, inc=True)
    assert list(expanded) == reference_dates(meeting, today, 8)
    assert schedule["endTime"] == f"{meeting.end:%H:%M}" and schedule["scheduleTimezone"] == group.timezone


def clipped(earlier: date, later: date) -> bool:
    """`later` is its month's last day and earlier than `earlier`'s day of the month: relativedelta counts the
    month as whole (31 January + 1 month is 28 February), `months_between` waits for the next day."""
    return later.day < earlier.day and later == month_end(later.year, later.month)


@ORACLE_RUNS
@given(earlier=build_dates, later=build_dates)
def test_months_between_is_relativedeltas_whole_months(earlier: date, later: date) -> None:
    if later < earlier:
        earlier, later = later, earlier
    between = relativedelta(later, earlier)
    assert months_between(earlier, later) == between.years * 12 + between.months - clipped(earlier, later)
    # Backwards, the count is rounded down too: a part of a month is one more month before.
    assert months_between(later, earlier) == -months_between(earlier, later) - (earlier.day != later.day)


def test_whole_months_written_out() -> None:
    assert months_between(date(2025, 12, 20), date(2026, 11, 5)) == 10  # the later day of the month is smaller
    assert months_between(date(2025, 11, 30), date(2026, 11, 29)) == 11
    assert months_between(date(2025, 11, 29), date(2026, 11, 29)) == 12
    assert months_between(date(2026, 1, 31), date(2026, 2, 28)) == 0  # not yet a whole month
    assert months_between(date(2026, 11, 23), date(2026, 11, 23)) == 0
    assert months_between(date(2026, 11, 23), date(2026, 10, 23)) == -1
