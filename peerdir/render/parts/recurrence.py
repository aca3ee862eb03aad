"""The dates a group's regular meetings fall on: weekly, fortnightly, or the Nth weekday of the month.

Pure date arithmetic, shared by the group pages ("Next meetings") and the calendar feeds,
whose RRULEs must describe exactly the same dates (a test expands both and compares them).
"""

from __future__ import annotations

import calendar
import heapq
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import count, islice

from ...models import DAYS, WEEKS, Group, Meeting

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Occurrence:
    """One meeting of a group on one date."""

    day: date
    meeting: Meeting


def weekday_number(meeting: Meeting) -> int:
    """Monday is 0, as in `date.weekday()`."""
    return DAYS.index(meeting.day)


def occurrences(meeting: Meeting, on_or_after: date) -> Iterator[date]:
    """Every date the meeting falls on, from `on_or_after` onwards, without end."""
    if meeting.frequency == "monthly":
        yield from _monthly(meeting, on_or_after)
        return
    first = _next_weekday(on_or_after, weekday_number(meeting))
    step = WEEK
    if meeting.frequency == "fortnightly" and meeting.starting:
        step = 2 * WEEK
        # Count the fortnights from the one known meeting, forwards or backwards.
        weeks_apart = (first - meeting.starting).days // 7
        if weeks_apart % 2:
            first += WEEK
    while True:
        yield first
        first += step


ICAL_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # iCalendar's names of the days, Monday first
ICAL_WEEKS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": -1}


def ical_byday(meeting: Meeting) -> str:
    """The meeting's day as iCalendar's BYDAY writes it (RFC 5545): `WE`, or `1MO` for the first Monday
    of the month and `-1MO` for the last; the calendar files and the pages' structured data say it so."""
    day = ICAL_DAYS[weekday_number(meeting)]
    return f"{ICAL_WEEKS[meeting.week or 'first']}{day}" if meeting.frequency == "monthly" else day


def has_regular_meetings(group: Group) -> bool:
    """A group that is meeting now and has a schedule: it has next meetings and a recurring calendar."""
    return group.status == "active" and bool(group.schedule)


def next_meetings(group: Group, today: date, how_many: int = 3) -> list[Occurrence]:
    """The group's next meetings on or after `today`, in date and time order, across all its meeting times."""
    return list(islice(_merged(group, today), how_many))


def meetings_ahead(group: Group, today: date, weeks: int, at_least: int, at_most: int) -> list[Occurrence]:
    """The group's meetings from `today` until `weeks` weeks later, in date and time order: at least
    `at_least` however far off they are (a monthly group's), and at most `at_most` (a group that meets
    every day)."""
    until = today + weeks * WEEK
    ahead = []
    for occurrence in _merged(group, today):
        if len(ahead) == at_most or (len(ahead) >= at_least and occurrence.day >= until):
            break
        ahead.append(occurrence)
    return ahead


def _merged(group: Group, today: date) -> Iterator[Occurrence]:
    streams = [_occurrences_of(meeting, today) for meeting in group.schedule]
    return heapq.merge(*streams, key=lambda o: (o.day, o.meeting.start))


def _occurrences_of(meeting: Meeting, on_or_after: date) -> Iterator[Occurrence]:
    for day in occurrences(meeting, on_or_after):
        yield Occurrence(day, meeting)


def nth_weekday(year: int, month: int, weekday: int, week: str) -> date:
    """The first, second, third, fourth or last given weekday of a month (every month has at least four)."""
    days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1) if date(year, month, d).weekday() == weekday]
    return date(year, month, days[-1] if week == "last" else days[WEEKS.index(week)])


def _monthly(meeting: Meeting, on_or_after: date) -> Iterator[date]:
    for months in count():
        month_index = on_or_after.year * 12 + on_or_after.month - 1 + months
        day = nth_weekday(month_index // 12, month_index % 12 + 1, weekday_number(meeting), meeting.week or "first")
        if day >= on_or_after:
            yield day


def _next_weekday(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)
