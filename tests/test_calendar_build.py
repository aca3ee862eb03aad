"""Events and calendar files in real MkDocs builds of the sample site, read back with `icalendar`
and again with the stricter `ical`.

Two events at 14:00 are added to a copy of the sample, one on each side of the clock
changes, so the feed must give 13:00 UTC in July and 14:00 UTC in December. UTC times are
worked out from each file's own VTIMEZONE and checked against the UK rule written out here
(summer time from the last Sunday in March to the last Sunday in October), not against the
time zone database the site used to write them.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from dateutil.rrule import rrulestr
from ical.calendar import Calendar as IcalCalendar
from ical.calendar_stream import IcsCalendarStream
from ical.exceptions import CalendarParseError

from peerdir.validate import load_directory

from .conftest import TODAY, after_id, copy_project, elements, links, page_text, run_cli

EXTRA_EVENTS = """
  - id: clock-test-july
    title: Summer afternoon, with a long title; to check folding and escaping in every calendar app there is
    who_for: Anyone
    start: 2027-07-21T14:00
    end: 2027-07-21T15:00
    online: true
    register:
      url: https://example.org/join
  - id: clock-test-december
    title: Winter afternoon
    who_for: Anyone
    start: 2026-12-16T14:00
    end: 2026-12-16T15:00
    online: true
    register:
      url: https://example.org/join
"""
LATER = "2027-06-10"  # the day after the sample's June event


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("calendar-build"))
    events = project / "events.yaml"
    events.write_text(events.read_text() + EXTRA_EVENTS)
    return project


def build(project: Path, today: str, name: str) -> Path:
    site = project / name
    result = run_cli("--root", str(project), "build", "--today", today, "--site-dir", str(site))
    assert result.code == 0, result.stderr
    return site


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return build(project, TODAY, "site")


@pytest.fixture(scope="module")
def site_again(project: Path) -> Path:
    return build(project, TODAY, "site-again")


@pytest.fixture(scope="module")
def site_later(project: Path) -> Path:
    return build(project, LATER, "site-later")


def calendar_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*.ics"))}


def uk_offset(local: datetime) -> timedelta:
    """UK summer time, by the rule in law, for times well away from the 01:00 UTC changeover."""
    def last_sunday(month: int) -> date:
        day = date(local.year, month, 31)
        return day - timedelta(days=(day.weekday() + 1) % 7)

    return timedelta(hours=1) if last_sunday(3) <= local.date() < last_sunday(10) else timedelta(0)


def in_utc(moment: datetime, zones: dict[str, object]) -> datetime:
    """A DTSTART/DTEND in UTC, using the VTIMEZONE in the same file (not the system's database)."""
    assert moment.tzinfo is not None, "a floating time: no TZID"
    zone = zones[str(moment.tzinfo)]
    return moment.replace(tzinfo=zone).astimezone(UTC)  # type: ignore[arg-type]


def test_every_calendar_file_is_valid_and_right_across_the_clock_changes(site: Path) -> None:
    files = calendar_files(site)
    assert "events/calendar.ics" in files and "events/clock-test-july.ics" in files
    assert any(path.startswith("groups/") for path in files)
    checked = 0
    for path, raw in files.items():
        # Lines: CRLF, at most 75 octets, and folding never splits a character.
        lines = raw.split(b"\r\n")
        assert lines[-1] == b"" and all(b"\n" not in line for line in lines), path
        assert max(len(line) for line in lines) <= 75, path
        raw.decode("utf-8")
        calendar = icalendar.Calendar.from_ical(raw)
        assert calendar["VERSION"] == "2.0" and calendar["PRODID"], path
        zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in calendar.timezones}
        assert zones, f"{path}: no VTIMEZONE"
        assert calendar.get_used_tzids() <= set(zones), path
        uids = [str(event["UID"]) for event in calendar.events]
        assert len(uids) == len(set(uids)), f"{path}: a UID twice"
        for event in calendar.events:
            assert event["DTSTAMP"].dt.tzinfo is not None and event["SUMMARY"], path
            start = event["DTSTART"].dt
            assert str(start.tzinfo) == "Europe/London", path
            local_starts = [start.replace(tzinfo=None)]
            if "RRULE" in event:  # the next two years of a group's regular meetings
                rule = rrulestr(event["RRULE"].to_ical().decode(), dtstart=start.replace(tzinfo=None))
                local_starts = list(rule.between(local_starts[0], local_starts[0] + timedelta(days=730), inc=True))
                assert len(local_starts) >= 24, path
            for local in local_starts:
                utc = in_utc(local.replace(tzinfo=start.tzinfo), zones)
                assert utc == (local - uk_offset(local)).replace(tzinfo=UTC), (path, local)
                checked += 1
    assert checked > 100


def strict_read(raw: bytes) -> IcalCalendar:
    """A second reader, stricter than icalendar: the `ical` package refuses a value of the wrong type."""
    return IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))


def test_every_calendar_file_parses_with_the_strict_ical_package(site: Path) -> None:
    files = calendar_files(site)
    for path, raw in files.items():
        strict = strict_read(raw)
        loose = icalendar.Calendar.from_ical(raw)
        assert [(e.uid, e.summary) for e in strict.events] == [(str(e["UID"]), str(e["SUMMARY"])) for e in loose.events], path
        for strict_event, loose_event in zip(strict.events, loose.events, strict=True):
            assert strict_event.dtstart == loose_event["DTSTART"].dt, path  # the same moment, read two ways
            assert strict_event.url == str(loose_event["URL"]), path
        # ical works out the occurrences itself, from the RRULE and the file's VTIMEZONE.
        first = next(iter(strict.timeline), None)
        assert first is not None and first.dtstart.tzinfo is not None, path
    assert len(files) > 5


def test_the_strict_parser_refuses_what_icalendar_lets_through(site: Path) -> None:
    """The second judge is live: a start that is not a date is refused, where icalendar reads it."""
    raw = (site / "events" / "calendar.ics").read_bytes()
    broken = raw.replace(b"DTSTART;TZID=Europe/London:", b"DTSTART;TZID=Europe/London:X", 1)
    assert broken != raw
    icalendar.Calendar.from_ical(broken)
    with pytest.raises(CalendarParseError):
        strict_read(broken)


def test_fourteen_hundred_is_1300_utc_in_july_and_1400_utc_in_december(site: Path) -> None:
    raw = (site / "events" / "calendar.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    zones = {tz.tz_name: tz.to_tz(lookup_tzid=False) for tz in calendar.timezones}
    starts = {str(e["UID"]).split("@")[0]: e["DTSTART"].dt for e in calendar.events}
    assert in_utc(starts["event-clock-test-july"], zones) == datetime(2027, 7, 21, 13, 0, tzinfo=UTC)
    assert in_utc(starts["event-clock-test-december"], zones) == datetime(2026, 12, 16, 14, 0, tzinfo=UTC)
    assert in_utc(starts["event-peer-worker-network-june"], zones) == datetime(2027, 6, 9, 13, 0, tzinfo=UTC)
    assert b"DTSTART;TZID=Europe/London:20270721T140000\r\n" in raw


def test_the_feed_has_every_dated_event_with_a_stable_uid(site: Path, site_again: Path, site_later: Path,
                                                          project: Path) -> None:
    dated = [e for e in load_directory(project).directory.events if e.start]
    feed = icalendar.Calendar.from_ical((site / "events" / "calendar.ics").read_bytes())
    assert sorted(str(e["UID"]).split("@")[0] for e in feed.events) == sorted(f"event-{e.id}" for e in dated)
    uids = {str(e["UID"]).split("@")[0]: str(e["UID"]) for e in feed.events}
    assert all(uid.endswith("@example.github.io/peer-support") for uid in uids.values())  # mkdocs.yml's site_url
    for event in dated:  # the event's own file has the same UID as its entry in the feed
        own = icalendar.Calendar.from_ical((site / "events" / f"{event.id}.ics").read_bytes())
        assert [str(e["UID"]) for e in own.events] == [uids[f"event-{event.id}"]]
    # The same data and the same --today give the same bytes; another day keeps every UID.
    assert calendar_files(site) == calendar_files(site_again)
    later = icalendar.Calendar.from_ical((site_later / "events" / "calendar.ics").read_bytes())
    assert [str(e["UID"]) for e in later.events] == [str(e["UID"]) for e in feed.events]
    groups = {p: icalendar.Calendar.from_ical(raw) for p, raw in calendar_files(site).items() if p.startswith("groups/")}
    groups_later = {p: icalendar.Calendar.from_ical(raw) for p, raw in calendar_files(site_later).items()
                    if p.startswith("groups/")}
    for path, calendar in groups.items():
        assert [str(e["UID"]) for e in calendar.events] == [str(e["UID"]) for e in groups_later[path].events]


def event_links(html: str) -> set[str]:
    return {found[1] for href in links(html) if (found := re.fullmatch(r"(?:\.\./)?([a-z0-9-]+)/", href))}


def test_an_event_moves_to_the_archive_the_day_after(site: Path, site_later: Path) -> None:
    before_upcoming = (site / "events" / "index.html").read_text()
    before_archive = (site / "events" / "archive" / "index.html").read_text()
    after_upcoming = (site_later / "events" / "index.html").read_text()
    after_archive = (site_later / "events" / "archive" / "index.html").read_text()
    assert "peer-worker-network-june" in event_links(before_upcoming)
    assert "peer-worker-network-june" not in event_links(before_archive)
    assert "peer-worker-network-june" not in event_links(after_upcoming)
    assert "peer-worker-network-june" in event_links(after_archive)
    assert "peer-worker-network-july" in event_links(after_upcoming)  # not yet
    assert "This event has finished" in (site_later / "events" / "peer-worker-network-june" / "index.html").read_text()


def test_every_event_is_on_the_events_page_or_in_the_archive(site: Path, project: Path) -> None:
    listed = event_links((site / "events" / "index.html").read_text()) | \
        event_links((site / "events" / "archive" / "index.html").read_text())
    for event in load_directory(project).directory.events:
        assert event.id in listed, event.id
        assert (site / "events" / event.id / "index.html").exists()


def test_the_home_page_shows_the_next_events_and_who_each_is_for(site: Path, project: Path) -> None:
    home = (site / "index.html").read_text()
    coming_up_html = after_id(home, "coming-up")
    coming_up_html = coming_up_html[:coming_up_html.index("ways-to-look")]
    dated = sorted((e for e in load_directory(project).directory.events if e.start), key=lambda e: e.start)
    following = [e for e in dated if e.start.date() >= date.fromisoformat(TODAY)]
    items = [(elements(f"<li{attributes}>")[0].attributes, inner)
             for attributes, inner in re.findall(r"<li\b([^>]*)>(.*?)</li>", coming_up_html, re.S)]

    def listed(hidden: bool) -> list[str]:
        return [href.removeprefix("events/").rstrip("/") for attributes, inner in items
                if ("hidden" in attributes) == hidden for href in links(inner) if href.startswith("events/")]

    assert listed(hidden=False) == [e.id for e in following[:3]]
    # The next nine are carried, hidden, for the visitor's clock to show as the first ones end.
    assert listed(hidden=True) == [e.id for e in following[3:12]]
    text = page_text(coming_up_html)
    for event in following[:3]:
        assert f"For: {event.who_for}" in text
    assert "events/" in links(coming_up_html)
    assert "peerdir:" not in home


def test_a_group_page_shows_its_next_meetings(site: Path) -> None:
    page = (site / "groups" / "families-together-london" / "index.html").read_text()
    # Second Wednesday at 19:00 and fourth Saturday at 14:00, from Monday 23 November 2026.
    assert "Saturday 28 November, 14:00" in page
    assert "Wednesday 9 December, 19:00" in page
    assert "../families-together-london.ics" in links(page)
