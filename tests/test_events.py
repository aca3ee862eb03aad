"""Events and calendars from the renderers: golden pages and .ics files, the upcoming/archive
split, registration links, and group meeting dates that agree with their RRULEs."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import icalendar
import pytest
from dateutil.rrule import rrulestr

from peerdir import paths
from peerdir.models import Group, Meeting
from peerdir.render import SiteSettings, render_embeds, render_site
from peerdir.render.outputs.calendar import rrule
from peerdir.render.parts.recurrence import next_meetings, occurrences
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES, REPO, TODAY, check_golden

SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/",
                        repo_url="https://github.com/example/peer-support", site_name="Peer support")


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(FIXTURES / "valid").directory


@pytest.fixture(scope="module")
def fixture_output(directory: Directory) -> dict[str, str | bytes]:
    return render_site(directory, SETTINGS)


def ics_text(content: str | bytes) -> str:
    """A calendar file as text with LF line ends, for golden files (the file itself uses CRLF)."""
    assert isinstance(content, bytes)
    return content.decode("utf-8").replace("\r\n", "\n")


# --------------------------------------------------------------------------- golden output


@pytest.mark.parametrize("path", [
    "events/network-meeting.ics",        # in summer time, run by a group
    "events/winter-coffee-morning.ics",  # in winter time, online
    "events/summer-picnic.ics",          # commas, semicolons, newlines, long lines, markup-like text
    "events/calendar.ics",               # the whole calendar, past events included
    "groups/riverside-parents.ics",      # weekly and monthly on the first Monday
    "groups/dads-online.ics",            # online only, no end of the RRULE
])
def test_golden_calendar_files(fixture_output: dict[str, str | bytes], path: str) -> None:
    check_golden(f"calendar/{path}", ics_text(fixture_output[path]))


@pytest.mark.parametrize("page", [
    "events/index.md",
    "events/archive.md",
    "events/summer-picnic.md",
    "events/peer-support-training.md",
])
def test_golden_event_pages(fixture_output: dict[str, str | bytes], page: str) -> None:
    check_golden(f"pages/{page}", str(fixture_output[page]))


# --------------------------------------------------------------------------- calendar files


def test_calendar_files_use_crlf_and_fold_at_75_octets(fixture_output: dict[str, str | bytes]) -> None:
    files = {path: content for path, content in fixture_output.items() if path.endswith(".ics")}
    assert len(files) >= 4
    for path, content in files.items():
        assert isinstance(content, bytes) and content.endswith(b"\r\n"), path
        lines = content.split(b"\r\n")
        assert b"\n" not in b"".join(lines), f"{path}: a bare LF"
        assert max(len(line) for line in lines) <= 75, path
        content.decode("utf-8")  # folding never splits a UTF-8 character


def test_text_is_escaped_and_reads_back_the_same(fixture_output: dict[str, str | bytes],
                                                 directory: Directory) -> None:
    raw = fixture_output["events/summer-picnic.ics"]
    assert isinstance(raw, bytes)
    unfolded = raw.decode().replace("\r\n ", "")
    assert "SUMMARY:Summer picnic\\, games\\; and a chat: parents \uff1cand\uff1e carers & friends" in unfolded
    assert "LOCATION:Riverside Gardens\\, by the bandstand\\, 1 River Walk\\, London\\, SW10 9NH" in unfolded
    assert "\\nA second line\\; with a semicolon\\, and a comma." in unfolded
    event = icalendar.Calendar.from_ical(raw).events[0]
    title = next(e.title for e in directory.events if e.id == "summer-picnic")
    assert str(event["SUMMARY"]) == title.replace("<", "\uff1c").replace(">", "\uff1e")
    description = str(event["DESCRIPTION"])
    assert "Bring a blanket, a hat and food to share.\nA second line; with a semicolon, and a comma." in description
    assert "the park's page (https://parks.example.org/riverside)" in description
    assert "**" not in description and "<" not in description


def test_times_are_local_with_a_vtimezone_and_right_in_utc(fixture_output: dict[str, str | bytes]) -> None:
    calendar = icalendar.Calendar.from_ical(fixture_output["events/calendar.ics"])
    assert [tz.tz_name for tz in calendar.timezones] == ["Europe/London"]
    starts = {str(e["UID"]).split("@")[0]: e for e in calendar.events}
    assert b"DTSTART;TZID=Europe/London:20270609T140000\r\n" in fixture_output["events/calendar.ics"]  # type: ignore[operator]
    assert starts["event-network-meeting"].start.astimezone(UTC) == datetime(2027, 6, 9, 13, 0, tzinfo=UTC)
    assert starts["event-winter-coffee-morning"].start.astimezone(UTC) == datetime(2026, 12, 9, 14, 0, tzinfo=UTC)
    assert starts["event-summer-picnic"].start.astimezone(UTC) == datetime(2027, 7, 14, 13, 0, tzinfo=UTC)
    assert set(starts) == {"event-network-meeting", "event-winter-coffee-morning", "event-summer-picnic",
                           "event-autumn-talk"}  # past events stay in the feed; no date, no entry


def test_uids_and_dtstamp_do_not_depend_on_the_clock(directory: Directory) -> None:
    first = render_site(directory, SETTINGS)
    again = render_site(directory, SETTINGS)
    later = render_site(directory, replace(SETTINGS, today=date(2027, 1, 5)))
    assert first["events/calendar.ics"] == again["events/calendar.ics"]

    def uids(output: dict[str, str | bytes]) -> list[str]:
        return [str(e["UID"]) for e in icalendar.Calendar.from_ical(output["events/calendar.ics"]).events]

    assert uids(first) == uids(later)
    assert len(set(uids(first))) == len(uids(first))
    assert b"DTSTAMP:20261123T000000Z" in first["events/network-meeting.ics"]  # type: ignore[operator]
    assert b"DTSTAMP:20270105T000000Z" in later["events/network-meeting.ics"]  # type: ignore[operator]


def test_a_calendar_file_exists_for_every_dated_event_and_no_other(fixture_output: dict[str, str | bytes],
                                                                    directory: Directory) -> None:
    for event in directory.events:
        assert (paths.event_calendar(event.id) in fixture_output) == (event.start is not None)
    assert "groups/old-friends.ics" not in fixture_output  # temporarily closed: no regular meetings now


def test_an_empty_diary_still_gives_a_valid_calendar(directory: Directory) -> None:
    output = render_site(replace(directory, events=()), SETTINGS)
    calendar = icalendar.Calendar.from_ical(output["events/calendar.ics"])
    assert calendar.events == [] and calendar.timezones
    assert "Nothing is in the diary just now" in str(output["events/index.md"])


# --------------------------------------------------------------------------- pages


def test_events_move_from_upcoming_to_the_archive_the_day_after(directory: Directory) -> None:
    def where_is(event_id: str, today: date) -> set[str]:
        output = render_site(directory, replace(SETTINGS, today=today))
        return {page for page in (paths.EVENTS, paths.EVENTS_ARCHIVE)
                if f'href="{event_id}.md"' in str(output[page])}

    assert where_is("winter-coffee-morning", date(2026, 12, 8)) == {paths.EVENTS}
    assert where_is("winter-coffee-morning", date(2026, 12, 9)) == {paths.EVENTS}  # on the day itself
    assert where_is("winter-coffee-morning", date(2026, 12, 10)) == {paths.EVENTS_ARCHIVE}
    assert where_is("peer-support-training", date(2030, 1, 1)) == {paths.EVENTS}  # no date: never past


def test_every_event_is_on_the_events_page_or_in_the_archive(fixture_output: dict[str, str | bytes],
                                                              directory: Directory) -> None:
    listed = str(fixture_output[paths.EVENTS]) + str(fixture_output[paths.EVENTS_ARCHIVE])
    for event in directory.events:
        assert listed.count(f'href="{event.id}.md"') == 1, event.id


def test_upcoming_events_are_in_date_order_under_month_headings(fixture_output: dict[str, str | bytes]) -> None:
    page = str(fixture_output[paths.EVENTS])
    order = [page.index(text) for text in ('<h2 id="december-2026">December 2026</h2>', '"winter-coffee-morning.md"',
                                            '<h2 id="june-2027">June 2027</h2>', '"network-meeting.md"',
                                            '<h2 id="july-2027">July 2027</h2>', '"summer-picnic.md"',
                                            '<h2 id="date-to-be-confirmed">Date to be confirmed</h2>',
                                            '"peer-support-training.md"')]
    assert order == sorted(order)
    assert "autumn-talk" not in page


def test_registration_links_work_and_every_event_says_how_to_find_out_more(directory: Directory) -> None:
    booked = replace(directory.events[0], register=replace(
        directory.events[0].register, url="https://tickets.example.org/june", phone="020 7946 0001"))
    output = render_site(replace(directory, events=(booked, *directory.events[1:])), SETTINGS)
    page = str(output["events/network-meeting.md"])
    assert ('Book online: <a href="https://tickets.example.org/june" class="web-address">'
            'tickets.<wbr>example.<wbr>org/<wbr>june</a>') in page  # breaking only after a . or a /
    assert 'href="mailto:events@riverside.example.org?subject=Peer%20Worker%20Network%20Meeting"' in page
    assert 'Phone <a href="tel:+442079460001">020 7946 0001</a>' in page
    assert 'Run by <a href="../groups/riverside-parents.md">Riverside Parents Group</a>.' in page  # linked
    # A note but no way to book: the group's contact details; nothing at all: what to do instead.
    assert 'contact <a href="../groups/riverside-parents.md#how-to-get-in-touch">Riverside Parents Group</a>' \
        in str(output["events/winter-coffee-morning.md"])
    assert "No booking details yet" in str(output["events/peer-support-training.md"])


def test_untrusted_event_text_stays_text(directory: Directory) -> None:
    nasty = replace(directory.events[0], title='<script>alert(1)</script> [x](javascript:alert(1))',
                    description="<img src=x onerror=alert(1)> [y](javascript:alert(2))")
    output = render_site(replace(directory, events=(nasty,)), SETTINGS)
    for page in (paths.EVENTS, "events/network-meeting.md"):
        text = str(output[page]).split("\n---\n", 1)[1]  # the body; front matter is JSON-quoted text
        # The page's structured data is the one script element: no `<` in it (tests/test_structured_data.py)
        text = re.sub(r'<script type="application/ld\+json">[^<]*</script>', "", text)
        assert "<script" not in text and "<img" not in text and 'href="javascript:' not in text, page
        assert "&lt;script&gt;alert(1)&lt;/script&gt; [x](javascript:alert(1))" in text, page  # shown as typed
    ics = ics_text(output["events/network-meeting.ics"])
    assert "<" not in ics and ">" not in ics


def test_the_home_page_embed_lists_the_next_events(directory: Directory) -> None:
    markdown = "# Home\n\n## Coming up\n\n<!-- peerdir: upcoming-events -->\n\nMore text\n"
    filled = render_embeds(markdown, "index.md", directory, SETTINGS)
    assert "<!--" not in filled and "More text" in filled
    assert filled.index('href="events/winter-coffee-morning.md"') < filled.index('href="events/network-meeting.md"')
    assert 'href="events/index.md"' in filled and "autumn-talk" not in filled
    # A block of HTML, which Markdown passes through as it is: it starts a line.
    assert '\n<div class="events-upcoming" data-living-dates data-shown="3">\n' in filled
    assert "<strong>" in filled and "**" not in filled


def test_an_unknown_embed_is_an_error(directory: Directory) -> None:
    from peerdir.render import UnknownEmbed

    with pytest.raises(UnknownEmbed, match="upcoming-events"):
        render_embeds("<!-- peerdir: upcoming-event -->\n", "index.md", directory, SETTINGS)


def test_the_sample_renders_every_event() -> None:
    sample = load_directory(REPO).directory
    output = render_site(sample, SETTINGS)
    for event in sample.events:
        assert paths.event_page(event.id) in output


# --------------------------------------------------------------------------- regular meetings


def meeting(**fields: object) -> Meeting:
    return Meeting(**{"day": "wednesday", "start": time(14, 0), "end": time(15, 0), **fields})  # type: ignore[arg-type]


MEETINGS = {
    "weekly": meeting(),
    "fortnightly from a past date": meeting(frequency="fortnightly", starting=date(2026, 1, 7)),
    "fortnightly from an odd week": meeting(frequency="fortnightly", starting=date(2026, 1, 14)),
    "fortnightly counted from a later date": meeting(frequency="fortnightly", starting=date(2027, 3, 3)),
    "first of the month": meeting(frequency="monthly", week="first"),
    "fourth of the month": meeting(day="saturday", frequency="monthly", week="fourth"),
    "last of the month": meeting(frequency="monthly", week="last"),
}


@pytest.mark.parametrize("name", MEETINGS)
def test_meeting_dates_agree_with_the_rrule_in_the_calendar(name: str) -> None:
    """Expand our RRULE with dateutil (an independent implementation) and compare over two years."""
    regular = MEETINGS[name]
    today = date.fromisoformat(TODAY)
    ours = []
    for day in occurrences(regular, today):
        if day > today + timedelta(days=730):
            break
        ours.append(day)
    rule = ";".join(f"{k}={v}" for k, v in rrule(regular).items())
    expanded = rrulestr(rule, dtstart=datetime.combine(ours[0], regular.start))
    theirs = [d.date() for d in expanded.between(datetime.combine(today, time(0)),
                                                  datetime.combine(today + timedelta(days=730), time(23, 59)), inc=True)]
    assert ours == theirs
    assert all(day.weekday() == ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                 "sunday"].index(regular.day) for day in ours)


def test_known_meeting_dates() -> None:
    today = date(2026, 11, 23)  # a Monday
    assert next(occurrences(MEETINGS["weekly"], today)) == date(2026, 11, 25)
    assert next(occurrences(MEETINGS["weekly"], date(2026, 11, 25))) == date(2026, 11, 25)  # today counts
    assert next(occurrences(MEETINGS["fortnightly from a past date"], today)) == date(2026, 11, 25)  # 46 weeks on
    assert next(occurrences(MEETINGS["fortnightly from an odd week"], today)) == date(2026, 12, 2)  # 45 weeks on
    # `starting` is any one meeting, so the fortnights count backwards from it too (14 weeks before).
    assert next(occurrences(MEETINGS["fortnightly counted from a later date"], today)) == date(2026, 11, 25)
    assert next(occurrences(MEETINGS["first of the month"], today)) == date(2026, 12, 2)
    assert next(occurrences(MEETINGS["last of the month"], today)) == date(2026, 11, 25)
    assert next(occurrences(MEETINGS["fourth of the month"], today)) == date(2026, 11, 28)
    assert next(occurrences(MEETINGS["fourth of the month"], date(2026, 11, 29))) == date(2026, 12, 26)


def test_next_meetings_merge_a_groups_meeting_times(directory: Directory) -> None:
    group: Group = directory.group("riverside-parents")  # weekly Wednesday 10:30, first Monday 19:00
    found = [(o.day, o.meeting.start) for o in next_meetings(group, date(2026, 11, 30), 4)]
    assert found == [(date(2026, 12, 2), time(10, 30)), (date(2026, 12, 7), time(19, 0)),
                     (date(2026, 12, 9), time(10, 30)), (date(2026, 12, 16), time(10, 30))]


def test_group_pages_show_next_meetings_only_while_the_group_meets(fixture_output: dict[str, str | bytes]) -> None:
    riverside = str(fixture_output["groups/riverside-parents.md"])
    assert ('<li data-ends="2026-11-26T00:00+00:00"><time datetime="2026-11-25T10:30+00:00">'
            "Wednesday 25 November, 10:30</time></li>\n"
            '<li data-ends="2026-12-03T00:00+00:00"><time datetime="2026-12-02T10:30+00:00">'
            "Wednesday 2 December, 10:30</time></li>\n"
            '<li data-ends="2026-12-08T00:00+00:00"><time datetime="2026-12-07T19:00+00:00">'
            "Monday 7 December, 19:00</time> (Dads&#x27; evening)</li>\n") in riverside
    assert 'href="../riverside-parents.ics"' in riverside  # published at groups/riverside-parents/
    assert "Next meetings" not in str(fixture_output["groups/old-friends.md"])  # temporarily closed
