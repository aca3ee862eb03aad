"""What the renderers write for living-dates.js (peerdir/render/parts/living_dates.py): `<time>` elements
with the offset of the event's or group's own time zone, `data-ends` (the midnight after the last day,
also across a clock change and on another continent), the items carried hidden, and the hidden messages
for when nothing is left. The script itself is tested in Chromium (tests/browser/test_living_dates.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time

import pytest

from peerdir.render import SiteSettings, render_embeds, render_site
from peerdir.render.parts.event_words import when_in_html
from peerdir.render.parts.living_dates import ends, moment
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES, TODAY

SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/",
                        repo_url="https://github.com/example/peer-support", site_name="Peer support")


@pytest.fixture(scope="module")
def directory() -> Directory:
    return load_directory(FIXTURES / "valid").directory


def test_moments_carry_the_offset_of_their_own_zone_on_that_day() -> None:
    assert moment(datetime(2026, 12, 9, 14, 0), "Europe/London") == "2026-12-09T14:00+00:00"
    assert moment(datetime(2027, 6, 9, 14, 0), "Europe/London") == "2027-06-09T14:00+01:00"
    assert moment(datetime(2026, 12, 10, 19, 0), "America/New_York") == "2026-12-10T19:00-05:00"
    assert moment(datetime(2027, 1, 5, 9, 30), "Australia/Sydney") == "2027-01-05T09:30+11:00"


def test_an_item_ends_at_the_midnight_after_its_last_day() -> None:
    assert ends(date(2026, 12, 9), "Europe/London") == "2026-12-10T00:00+00:00"
    assert ends(date(2026, 12, 10), "America/New_York") == "2026-12-11T00:00-05:00"  # 05:00 in London
    # The UK's clocks go forward at 01:00 on Sunday 28 March 2027: the Saturday ends in winter time,
    # the Sunday in summer time.
    assert ends(date(2027, 3, 27), "Europe/London") == "2027-03-28T00:00+00:00"
    assert ends(date(2027, 3, 28), "Europe/London") == "2027-03-29T00:00+01:00"
    # Back at 02:00 on Sunday 31 October 2027: the Sunday ends in winter time.
    assert ends(date(2027, 10, 30), "Europe/London") == "2027-10-31T00:00+01:00"
    assert ends(date(2027, 10, 31), "Europe/London") == "2027-11-01T00:00+00:00"


def test_an_events_start_and_end_are_each_a_time_element(directory: Directory) -> None:
    network = next(e for e in directory.events if e.id == "network-meeting")
    assert when_in_html(network) == ('<time datetime="2027-06-09T14:00+01:00">Wednesday 9 June 2027, 14:00</time>'
                                     ' to <time datetime="2027-06-09T15:30+01:00">15:30</time>')
    # Over two days, on the day the clocks go forward, in New York (whose clocks change on 14 March).
    weekend = replace(network, start=datetime(2027, 3, 13, 18, 0), end=datetime(2027, 3, 14, 12, 0),
                      timezone="America/New_York")
    assert when_in_html(weekend) == (
        '<time datetime="2027-03-13T18:00-05:00">Saturday 13 March 2027, 18:00</time> to '
        '<time datetime="2027-03-14T12:00-04:00">Sunday 14 March 2027, 12:00</time> (America/New_York time)')


def test_the_events_page_marks_each_row_and_month_and_hides_the_message(directory: Directory) -> None:
    page = str(render_site(directory, SETTINGS)["events/index.md"])
    assert "<div data-living-dates>\n<div data-living-group>\n<h2 id=\"december-2026\">December 2026</h2>" in page
    assert '<tr data-ends="2026-12-10T00:00+00:00">' in page  # Winter Coffee Morning, 9 December
    assert '<tr data-ends="2027-06-10T00:00+01:00">' in page  # Network meeting, 9 June (summer time)
    assert ('<p hidden data-living-none data-search-exclude>No upcoming dates just now: see the '
            '<a href="archive.md">past events</a>.</p>\n</div>\n<h2 id="date-to-be-confirmed">') in page
    # The events to be dated never end: no data-ends, outside the list the script keeps.
    confirmed = page[page.index('id="date-to-be-confirmed"'):]
    assert "data-ends" not in confirmed and "<tr>\n" in confirmed


def test_a_newsletters_diary_stays_as_printed(directory: Directory) -> None:
    diary = render_embeds("<!-- peerdir: diary from=2026-12-01 to=2027-07-31 -->\n", "newsletter/x.md",
                          directory, SETTINGS)
    assert '<time datetime="2026-12-09T14:00+00:00">' in diary
    assert "data-ends" not in diary and "data-living" not in diary


def test_coming_up_carries_the_next_events_hidden(directory: Directory) -> None:
    # Fifteen more events, a day apart from Tuesday 1 December: 17 upcoming in all, 12 carried.
    template = next(e for e in directory.events if e.id == "winter-coffee-morning")
    extra = tuple(replace(template, id=f"extra-{n}", start=datetime(2026, 12, n, 10, 0),
                          end=datetime(2026, 12, n, 11, 0)) for n in range(1, 16))
    many = replace(directory, events=directory.events + extra)
    filled = render_embeds("<!-- peerdir: upcoming-events -->\n", "index.md", many, SETTINGS)
    assert len(re.findall(r'<li data-ends="[^"]+">', filled)) == 3
    assert len(re.findall(r'<li data-ends="[^"]+" hidden data-search-exclude>', filled)) == 9
    assert ('<li data-ends="2026-12-02T00:00+00:00"><strong><a href="events/extra-1.md">' in filled)
    assert '<li data-ends="2026-12-05T00:00+00:00" hidden data-search-exclude>' in filled
    # The diary has more than the list carries, so it never says there is nothing.
    assert ('<p hidden data-living-none data-search-exclude>The next dates are in '
            '<a href="events/index.md">all dates for the diary</a>.</p>') in filled

    few = render_embeds("<!-- peerdir: upcoming-events -->\n", "index.md", directory, SETTINGS)
    # All of the fixture's upcoming events (three) are shown: none is carried.
    assert len(re.findall(r'<li data-ends="[^"]+">', few)) == 3
    assert not re.findall(r"<li data-ends=\"[^\"]+\" hidden", few)
    assert ('<p hidden data-living-none data-search-exclude>No upcoming dates just now: see the '
            '<a href="events/archive.md">past events</a>.</p>') in few


def test_next_meetings_carry_about_eight_weeks_in_the_groups_zone(directory: Directory) -> None:
    group = directory.group("dads-online")  # every Tuesday at 20:00
    in_new_york = replace(group, timezone="America/New_York")
    groups = tuple(in_new_york if g.id == group.id else g for g in directory.groups)
    page = str(render_site(replace(directory, groups=groups), SETTINGS)["groups/dads-online.md"])
    assert ('<div class="group-next-meetings" data-search-exclude data-living-dates data-shown="3">' in page)
    assert ('<li data-ends="2026-11-25T00:00-05:00"><time datetime="2026-11-24T20:00-05:00">'
            'Tuesday 24 November, 20:00</time></li>') in page
    # Eight Tuesdays from Monday 23 November: three shown, five hidden, the last on 12 January.
    assert page.count("<li data-ends=") == 8 and page.count('" hidden><time') == 5
    assert ('<li data-ends="2027-01-13T00:00-05:00" hidden><time datetime="2027-01-12T20:00-05:00">'
            'Tuesday 12 January 2027, 20:00</time></li>') in page
    assert ('<p hidden data-living-none data-search-exclude>No dates are listed here just now: see the regular '
            'times above, and <a href="#how-to-get-in-touch">get in touch with the group</a> to check before '
            'you go.</p>') in page


def test_a_meeting_on_the_day_the_clocks_go_forward() -> None:
    # Sunday 28 March 2027: a meeting at 10:00 is in summer time, and its day ends at the next midnight.
    assert moment(datetime.combine(date(2027, 3, 28), time(10, 0)), "Europe/London") == "2027-03-28T10:00+01:00"
    assert ends(date(2027, 3, 28), "Europe/London") == "2027-03-29T00:00+01:00"
