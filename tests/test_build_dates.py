"""The date-dependent pages built on days other than the golden tests' Monday: a Thursday, a Sunday, the
last day of a month (and of a year), the Wednesday that is a month's last, the Monday that is a month's
first (the monthly meeting's day) and both clock-change Sundays.

The expected dates are written out (worked out by hand and checked with dateutil, never with our own
recurrence code): the small fixture's Riverside Parents Group meets every Wednesday at 10:30 and on the
first Monday of the month at 19:00 (Dads' evening); Dads Online every Tuesday at 20:00. Its events are on
14 October 2026 (Autumn Talk), 9 December 2026, 9 June 2027 and 14 July 2027, and one has no date yet.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime

import icalendar
import pytest

from peerdir import paths
from peerdir.render import SiteSettings, render_site
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(FIXTURES / "valid").directory


class Expected:
    """What a build on `today` shows."""

    def __init__(self, today: str, riverside: list[str], dads: list[str], upcoming: set[str]) -> None:
        self.today = date.fromisoformat(today)
        self.riverside, self.dads, self.upcoming = riverside, dads, upcoming


EVERY_EVENT = {"network-meeting", "winter-coffee-morning", "summer-picnic", "autumn-talk", "peer-support-training"}
ALL_BUT_AUTUMN = EVERY_EVENT - {"autumn-talk"}
LATER_ONES = {"network-meeting", "summer-picnic", "peer-support-training"}

BUILD_DAYS = {
    "a Thursday": Expected(
        "2026-11-26",
        ["Wednesday 2 December, 10:30", "Monday 7 December, 19:00 (Dads' evening)", "Wednesday 9 December, 10:30"],
        ["Tuesday 1 December, 20:00", "Tuesday 8 December, 20:00", "Tuesday 15 December, 20:00"],
        ALL_BUT_AUTUMN),
    "a Sunday": Expected(
        "2026-11-29",
        ["Wednesday 2 December, 10:30", "Monday 7 December, 19:00 (Dads' evening)", "Wednesday 9 December, 10:30"],
        ["Tuesday 1 December, 20:00", "Tuesday 8 December, 20:00", "Tuesday 15 December, 20:00"],
        ALL_BUT_AUTUMN),
    "a year's last day, a Thursday": Expected(
        "2026-12-31",
        ["Monday 4 January 2027, 19:00 (Dads' evening)", "Wednesday 6 January 2027, 10:30",
         "Wednesday 13 January 2027, 10:30"],
        ["Tuesday 5 January 2027, 20:00", "Tuesday 12 January 2027, 20:00", "Tuesday 19 January 2027, 20:00"],
        LATER_ONES),
    "the spring clock change, a Sunday": Expected(
        "2027-03-28",
        ["Wednesday 31 March, 10:30", "Monday 5 April, 19:00 (Dads' evening)", "Wednesday 7 April, 10:30"],
        ["Tuesday 30 March, 20:00", "Tuesday 6 April, 20:00", "Tuesday 13 April, 20:00"],
        LATER_ONES),
    "a month's last day, a Wednesday meeting day": Expected(
        "2027-03-31",
        ["Wednesday 31 March, 10:30", "Monday 5 April, 19:00 (Dads' evening)", "Wednesday 7 April, 10:30"],
        ["Tuesday 6 April, 20:00", "Tuesday 13 April, 20:00", "Tuesday 20 April, 20:00"],
        LATER_ONES),
    "the first Monday of a month, a monthly meeting day": Expected(
        "2027-02-01",
        ["Monday 1 February, 19:00 (Dads' evening)", "Wednesday 3 February, 10:30", "Wednesday 10 February, 10:30"],
        ["Tuesday 2 February, 20:00", "Tuesday 9 February, 20:00", "Tuesday 16 February, 20:00"],
        LATER_ONES),
    "the autumn clock change, a Sunday": Expected(
        "2026-10-25",
        ["Wednesday 28 October, 10:30", "Monday 2 November, 19:00 (Dads' evening)", "Wednesday 4 November, 10:30"],
        ["Tuesday 27 October, 20:00", "Tuesday 3 November, 20:00", "Tuesday 10 November, 20:00"],
        ALL_BUT_AUTUMN),
}


@pytest.fixture(scope="module", params=list(BUILD_DAYS))
def build(request: pytest.FixtureRequest, directory: Directory) -> tuple[Expected, dict[str, str | bytes]]:
    expected = BUILD_DAYS[request.param]
    return expected, render_site(directory, SiteSettings(today=expected.today))


def next_meetings_shown(page: str) -> list[str]:
    """The items of a group page's "Next meetings" list that the build shows, as text (the page also
    carries the next few weeks' hidden, for living-dates.js to show as these pass)."""
    section = page[page.index('class="group-next-meetings"'):]
    section = section[:section.index("Add the regular meetings")]
    return [html.unescape(re.sub(r"<[^>]+>", "", text))
            for attributes, text in re.findall(r"<li([^>]*)>(.*?)</li>", section) if "hidden" not in attributes.split()]


def test_group_pages_show_the_next_meetings_from_the_build_day(build: tuple[Expected, dict[str, str | bytes]]) -> None:
    expected, output = build
    assert next_meetings_shown(str(output["groups/riverside-parents.md"])) == expected.riverside
    assert next_meetings_shown(str(output["groups/dads-online.md"])) == expected.dads


def test_events_are_upcoming_until_the_day_after(build: tuple[Expected, dict[str, str | bytes]]) -> None:
    expected, output = build

    def listed(page: str) -> set[str]:
        return {event for event in EVERY_EVENT if f'href="{event}.md"' in str(output[page])}

    assert listed(paths.EVENTS) == expected.upcoming
    assert listed(paths.EVENTS_ARCHIVE) == EVERY_EVENT - expected.upcoming


def first_meetings(raw: str | bytes) -> list[tuple[datetime, str]]:
    """Each recurring entry's first meeting (local time) and its rule, in the file's order."""
    calendar = icalendar.Calendar.from_ical(raw)
    return [(event["DTSTART"].dt.replace(tzinfo=None), event["RRULE"].to_ical().decode()) for event in calendar.events]


def test_group_calendars_start_at_the_next_meeting(build: tuple[Expected, dict[str, str | bytes]]) -> None:
    expected, output = build
    riverside = first_meetings(output["groups/riverside-parents.ics"])
    dads = first_meetings(output["groups/dads-online.ics"])
    wednesday = next(line for line in expected.riverside if line.startswith("Wednesday"))
    monday = next(line for line in expected.riverside if line.startswith("Monday"))
    assert riverside == [(shown_as_datetime(wednesday, expected.today), "FREQ=WEEKLY;BYDAY=WE"),
                         (shown_as_datetime(monday, expected.today), "FREQ=MONTHLY;BYDAY=1MO")]
    assert dads == [(shown_as_datetime(expected.dads[0], expected.today), "FREQ=WEEKLY;BYDAY=TU")]


def shown_as_datetime(words: str, today: date) -> datetime:
    """`Monday 4 January 2027, 19:00 (Dads' evening)` (the year only when not the build's) as a datetime."""
    day_and_time = words.split(" (")[0]
    when, clock = day_and_time.split(", ")
    parts = when.split(" ")[1:]
    year = int(parts[2]) if len(parts) == 3 else today.year
    return datetime.strptime(f"{parts[0]} {parts[1]} {year} {clock}", "%d %B %Y %H:%M")
