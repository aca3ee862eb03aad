"""Dates that stay right after the build day (overrides/assets/javascripts/living-dates.js), in real
headless Chromium whose clock is set weeks after the build through the DevTools protocol's virtual
time (`Emulation.setVirtualTimePolicy`): nothing in the page or the script is told the date.

The sample site is built for TODAY (Monday 23 November 2026). Its groups meet weekly and monthly;
for a fortnightly group, and one on another continent's time, the copy gives Child & Family
Connections (America/New_York) a fortnightly Thursday meeting.

Virtual time runs on by itself while a page is idle (days in a second), so each page is opened in
a browser of its own, whose clock starts where it is set, and the test reads the clock the page had
when the script ran (the moment of DOMContentLoaded, which follows deferred scripts): loading a page
moves it on by up to an hour or so.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import copy_project
from .conftest import build_and_serve, new_browser, set_clock

pytestmark = pytest.mark.browser

FORTNIGHTLY = """\
    timezone: America/New_York
    schedule:
      - day: thursday
        start: "19:00"
        end: "20:30"
        frequency: fortnightly
        starting: 2026-11-26
"""

GROUPS = {  # the groups whose "Next meetings" are checked, and how they meet
    "chelsea-westminster-neonatal-parents": "weekly, twice a week",
    "pnd-and-me": "weekly",
    "families-together-london": "monthly, twice a month",
    "child-and-family-connections": "fortnightly, New York time",
}

# What each container of the page holds, as the visitor sees it, and the clock the page's script had.
SNAPSHOT = """
const shown = (element) => element.checkVisibility();
const text = (element) => element.textContent.replace(/\\s+/g, ' ').trim();
return {
  clock: performance.timing.domContentLoadedEventStart,
  notices: [...document.querySelectorAll('[data-shown-from]')].map((notice) => ({
    from: notice.dataset.shownFrom, visible: shown(notice), text: text(notice),
  })),
  lists: [...document.querySelectorAll('[data-living-dates]')].filter((list) => list.querySelector('[data-ends]'))
    .map((list) => ({
    shown: Number(list.dataset.shown) || null,
    items: [...list.querySelectorAll('[data-ends]')].map((item) => ({
      ends: item.dataset.ends, visible: shown(item), text: text(item),
      title: item.querySelector('th') ? text(item.querySelector('th')) : null,
      times: [...item.querySelectorAll('time')].map((time) => time.dateTime),
    })),
    groups: [...list.querySelectorAll('[data-living-group]')].map((group) => ({
      visible: shown(group), heading: group.querySelector('h2') ? text(group.querySelector('h2')) : null,
    })),
    none: [...list.querySelectorAll('[data-living-none]')].map((message) => ({
      visible: shown(message), text: text(message), links: [...message.querySelectorAll('a')].map((a) => a.href),
    })),
  })),
};
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = copy_project(tmp_path_factory.mktemp("living-dates"))
    groups = project / "groups.yaml"
    sample = groups.read_text(encoding="utf-8")
    assert sample.count("    timezone: America/New_York\n") == 1
    groups.write_text(sample.replace("    timezone: America/New_York\n", FORTNIGHTLY), encoding="utf-8")
    yield from build_and_serve(project)


def at(moment: str) -> datetime:
    return datetime.fromisoformat(moment)


def page_at(url: str, clock: datetime, javascript: bool = True, within: timedelta = timedelta(hours=4)) -> dict:
    """The page opened in a new headless Chromium whose clock reads `clock`, and `seen`, the clock the
    page's script had: later by what virtual time ran on while the page loaded, which must stay
    `within` the time the checks for `clock` hold."""
    driver = new_browser(390, 844)
    try:
        set_clock(driver, clock)
        if not javascript:
            driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(url)
        WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
        snapshot = driver.execute_script(SNAPSHOT)
    finally:
        driver.quit()
    seen = datetime.fromtimestamp(snapshot["clock"] / 1000, UTC)
    assert clock <= seen < clock + within, f"the page's clock read {seen}, too long after {clock}"
    return snapshot | {"seen": seen}


# Friday 11 December 2026, 00:30 in London: 19:30 on Thursday 10 December in New York, until midnight
# there (05:00 in London) at the latest.
WEEKS_LATER = at("2026-12-11T00:30+00:00")
# After every dated event of the sample, and long after the meetings a group page carries.
AFTER_EVERYTHING = at("2027-08-01T12:00+00:00")


def kept_up_to_date(snapshot: dict) -> list[list[str]]:
    """Check that each list shows exactly what had not ended by the page's clock, the first few only where it
    shows a few, hides its parts with nothing left, and says so when nothing is left; its shown items."""
    assert snapshot["lists"], "no list for the script on this page"
    shown_lists = []
    for found in snapshot["lists"]:
        items = found["items"]
        left = [item["text"] for item in items if at(item["ends"]) > snapshot["seen"]]
        shown = [item["text"] for item in items if item["visible"]]
        assert shown == left[:found["shown"] or len(left)]
        if not shown:
            assert not any(group["visible"] for group in found["groups"])
        assert [message["visible"] for message in found["none"]] == [not left]
        shown_lists.append(shown)
    return shown_lists


def shown_items(snapshot: dict) -> list[str]:
    return [item["text"] for found in snapshot["lists"] for item in found["items"] if item["visible"]]


def test_weeks_later_coming_up_shows_the_next_events_and_none_that_have_ended(site: str) -> None:
    snapshot = page_at(site, WEEKS_LATER)
    [shown] = kept_up_to_date(snapshot)
    # The first three of the build (28 November to 2 December) and the 9 December meeting have ended;
    # the next three, carried hidden, show in their place.
    assert [text.split(" · ")[0] for text in shown] == [
        "Gingerbread West London: single parents' get-together (December) Saturday 12 December 2026, 10:30 to 12:00",
        "Gingerbread West London: single parents' get-together (January) Saturday 9 January 2027, 10:30 to 12:00",
        "Cocoon West Hampstead group restarts Tuesday 12 January 2027, 10:00 to 11:30",
    ]


def test_weeks_later_the_events_page_has_no_ended_event_nor_its_month(site: str) -> None:
    snapshot = page_at(site + "events/", WEEKS_LATER)
    kept_up_to_date(snapshot)
    [events] = snapshot["lists"]
    assert [group["heading"] for group in events["groups"] if group["visible"]] == [
        "December 2026", "January 2027", "June 2027", "July 2027"]  # November's event has ended
    shown = [item["title"] for item in events["items"] if item["visible"]]
    assert len(shown) == 7 and shown[0] == "Gingerbread West London: single parents' get-together (December)"


NEXT_MEETINGS_WEEKS_LATER = {
    # Tuesdays and Thursdays in London, where Thursday 10 December is over.
    "chelsea-westminster-neonatal-parents": ["Tuesday 15 December, 14:00", "Thursday 17 December, 14:00",
                                             "Tuesday 22 December, 14:00"],
    "pnd-and-me": ["Wednesday 16 December, 20:00", "Wednesday 23 December, 20:00", "Wednesday 30 December, 20:00"],
    # Carried: its meetings of about eight weeks, at least three; two of them are left.
    "families-together-london": ["Saturday 26 December, 14:00", "Wednesday 13 January 2027, 19:00"],
    # Still Thursday 10 December in New York, where it meets: listed on its day, even after its time.
    "child-and-family-connections": ["Thursday 10 December, 19:00", "Thursday 24 December, 19:00",
                                     "Thursday 7 January 2027, 19:00"],
}


@pytest.mark.parametrize("group", GROUPS, ids=GROUPS.values())
def test_weeks_later_next_meetings_has_no_past_date(site: str, group: str) -> None:
    snapshot = page_at(site + f"groups/{group}/", WEEKS_LATER)
    [shown] = kept_up_to_date(snapshot)
    assert [text.split(" (")[0] for text in shown] == NEXT_MEETINGS_WEEKS_LATER[group]


@pytest.mark.parametrize("path", ["", "events/"], ids=["coming up", "events page"])
def test_after_every_event_the_lists_say_so(site: str, path: str) -> None:
    snapshot = page_at(site + path, AFTER_EVERYTHING)
    kept_up_to_date(snapshot)
    [found] = snapshot["lists"]
    assert not shown_items(snapshot) and not any(group["visible"] for group in found["groups"])
    [message] = found["none"]
    assert message["visible"] and message["text"] == "No upcoming dates just now: see the past events."
    assert message["links"] == [site + "events/archive/"]


@pytest.mark.parametrize("group", GROUPS, ids=GROUPS.values())
def test_long_after_the_build_next_meetings_points_to_the_regular_times(site: str, group: str) -> None:
    snapshot = page_at(site + f"groups/{group}/", AFTER_EVERYTHING)
    kept_up_to_date(snapshot)
    [message] = snapshot["lists"][0]["none"]
    assert message["visible"] and message["text"] == (
        "No dates are listed here just now: see the regular times above, and get in touch with the group "
        "to check before you go.")
    assert message["links"] == [site + f"groups/{group}/#how-to-get-in-touch"]


BUILD_DAY = {  # what the build knew on Monday 23 November 2026: the first shown items of each page
    "": ["Families Together London, Battersea meeting", "Parents of teenagers evening", "Parent carers' forum"],
    "events/": ["Families Together London, Battersea meeting", "Parents of teenagers evening",
                "Parent carers' forum", "Families Together London, King's Cross meeting (December)"],
    "groups/chelsea-westminster-neonatal-parents/": ["Tuesday 24 November, 14:00", "Thursday 26 November, 14:00",
                                                     "Tuesday 1 December, 14:00"],
    "groups/families-together-london/": ["Saturday 28 November, 14:00", "Wednesday 9 December, 19:00",
                                         "Saturday 26 December, 14:00"],
}


@pytest.mark.parametrize("path", BUILD_DAY, ids=["coming up", "events page", "weekly", "monthly"])
def test_without_javascript_a_page_shows_what_the_build_knew(site: str, path: str) -> None:
    snapshot = page_at(site + path, AFTER_EVERYTHING, javascript=False)
    shown = shown_items(snapshot)
    assert len(shown) == (11 if path == "events/" else 3)  # the events page: every one from the build day on
    assert all(text.startswith(start) for text, start in zip(shown, BUILD_DAY[path], strict=False)), shown
    for found in snapshot["lists"]:
        assert all(group["visible"] for group in found["groups"])
        assert not any(message["visible"] for message in found["none"])


def test_a_group_whose_details_grow_old_after_the_build_says_so_by_the_visitors_clock(site: str) -> None:
    """Families Together London was checked on 11 August 2026: fresh on the build day, out of date (12
    months, mkdocs.yml) from 11 August 2027. Should the nightly build stop, the page still says so then."""
    path = site + "groups/families-together-london/"
    before = page_at(path, at("2027-08-10T12:00+01:00"))
    [notice] = before["notices"]
    assert notice["from"] == "2027-08-11T00:00+01:00" and not notice["visible"]
    after = page_at(path, at("2027-08-11T09:00+01:00"))
    [notice] = after["notices"]
    assert notice["visible"]
    assert notice["text"].startswith("These details may be out of date")
    assert "These details were last checked on 11 August 2026, a year or more ago" in notice["text"]
    without_javascript = page_at(path, at("2027-08-11T09:00+01:00"), javascript=False)
    assert not without_javascript["notices"][0]["visible"]  # what the build knew
