"""The events pages in a real browser: a table on wide screens, cards on phones, and calendar
links that work from the sub-path."""

from __future__ import annotations

import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import BUILD_DAY, new_browser, screenshot, set_clock

pytestmark = pytest.mark.browser

LAYOUT = """
const table = document.querySelector('table.events-table');
const row = table.querySelector('tbody tr');
const cell = row.querySelector('td[data-label="When"]');
const head = table.querySelector('thead').getBoundingClientRect();
return {
  table: getComputedStyle(table).display,
  row: getComputedStyle(row).display,
  label: getComputedStyle(cell, '::before').content,
  headVisible: head.width > 1 && head.height > 1,
  rowWidth: row.getBoundingClientRect().width,
  width: window.innerWidth,
  sideways: document.documentElement.scrollWidth > window.innerWidth + 1,
};
"""


def open_page(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))


def test_the_events_page_is_a_table_on_a_desktop_and_cards_on_a_phone(browser, phone, sample_site: str) -> None:
    set_clock(browser, BUILD_DAY)
    set_clock(phone, BUILD_DAY)
    open_page(browser, sample_site + "events/")
    wide = browser.execute_script(LAYOUT)
    assert (wide["table"], wide["row"], wide["headVisible"]) == ("table", "table-row", True), wide
    assert wide["label"] in ("none", "normal"), wide  # no per-cell labels: the header row says it
    assert not wide["sideways"]
    screenshot(browser, "events-1280")

    open_page(phone, sample_site + "events/")
    narrow = phone.execute_script(LAYOUT)
    assert (narrow["table"], narrow["row"], narrow["headVisible"]) == ("block", "block", False), narrow
    assert "When" in narrow["label"], narrow  # each value under its column's name
    assert not narrow["sideways"], "the events page scrolls sideways at 390 px"
    assert narrow["width"] == 390 and narrow["rowWidth"] < 390, narrow
    screenshot(phone, "events-390")


def table_as_a_screen_reader_gets_it(driver) -> list[list[tuple[str, str]]]:
    """The first diary table in Chromium's accessibility tree: each row's cells as (role, name)."""
    driver.execute_cdp_cmd("Accessibility.enable", {})
    nodes = driver.execute_cdp_cmd("Accessibility.getFullAXTree", {})["nodes"]
    by_id = {node["nodeId"]: node for node in nodes}

    def role(node: dict) -> str:
        return node.get("role", {}).get("value", "")

    def below(node: dict, wanted: set[str]) -> list[dict]:
        """The nearest descendants with one of the `wanted` roles (through rowgroups and the like)."""
        found = []
        for child in (by_id[i] for i in node.get("childIds", []) if i in by_id):
            found += [child] if role(child) in wanted else below(child, wanted)
        return found

    tables = [node for node in nodes if role(node) in ("table", "LayoutTable")]
    assert tables, "no table in the accessibility tree"
    return [[(role(cell), cell.get("name", {}).get("value", "")) for cell in below(row, {"columnheader", "rowheader", "cell"})]
            for row in below(tables[0], {"row"})]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_diary_stays_a_table_for_screen_readers_even_as_cards(browser, sample_site: str, width: int) -> None:
    # The markup has no ARIA roles (HTML forbids restating a table's own); the cards on a phone
    # must not cost the table its rows, column headers and row headers.
    browser.set_window_size(width, 900)
    set_clock(browser, BUILD_DAY)  # the events as the build listed them
    open_page(browser, sample_site + "events/")
    assert browser.execute_script("return innerWidth") == width
    rows = table_as_a_screen_reader_gets_it(browser)
    assert rows[0] == [("columnheader", name) for name in ("What", "Who for", "When", "Where", "How to register")]
    assert [role for role, _ in rows[1]] == ["rowheader", "cell", "cell", "cell", "cell"], rows[1]
    assert rows[1][0][1] == "Families Together London, Battersea meeting"  # the first after 23 November 2026
    # The visible "When" label of a card is left out of what is read: the column header says it.
    assert rows[1][2][1].startswith("Saturday 28 November 2026, 14:00 to 16:00"), rows[1][2]


def test_calendar_links_work_from_the_sub_path(browser, sample_site: str) -> None:
    set_clock(browser, BUILD_DAY)  # the events as the build listed them
    open_page(browser, sample_site + "events/")
    links = browser.execute_script(
        "return [...document.querySelectorAll('article a[href$=\".ics\"]')].map(a => a.href)"
        ".filter(u => u.startsWith('http'))")
    subscribe = browser.find_element(By.PARTIAL_LINK_TEXT, "Subscribe").get_attribute("href")
    assert subscribe == "webcal://" + sample_site.split("://", 1)[1] + "events/calendar.ics"
    add_links = browser.find_elements(By.CSS_SELECTOR, "a.events-add")
    assert len(add_links) >= 3
    # Each link's name says which event it is for; the event's name is out of sight, as the row shows it.
    assert add_links[0].get_attribute("textContent") == "Add to calendar: Families Together London, Battersea meeting"
    hidden = add_links[0].find_element(By.CSS_SELECTOR, ".events-visually-hidden").rect
    assert hidden["width"] <= 1 and hidden["height"] <= 1

    open_page(browser, sample_site + "events/peer-worker-network-june/")
    links += [browser.find_element(By.LINK_TEXT, "Add to calendar").get_attribute("href")]
    open_page(browser, sample_site + "groups/families-together-london/")
    links += [browser.find_element(By.PARTIAL_LINK_TEXT, "Add the regular meetings").get_attribute("href")]

    for url in {*links, "http://" + subscribe.split("://", 1)[1]}:
        assert url.startswith(sample_site), url
        with urllib.request.urlopen(url) as response:
            assert response.status == 200, url
            assert response.read().startswith(b"BEGIN:VCALENDAR\r\n"), url


def test_from_the_home_page_to_an_event_and_its_calendar_file(browser, sample_site: str) -> None:
    title = "Families Together London, Battersea meeting"  # the first event after 23 November 2026
    # "Coming up" as the build listed it, in a browser whose clock reads the build's day. A click there
    # would hang: under the DevTools protocol's virtual time, ChromeDriver waits for a navigation that a
    # click starts and never sees it end. So the event's link is followed in an ordinary browser.
    on_build_day = new_browser()
    try:
        set_clock(on_build_day, BUILD_DAY)
        open_page(on_build_day, sample_site)
        # Who it is for, under each event in "Coming up".
        coming_up = on_build_day.find_element(By.CSS_SELECTOR, ".events-upcoming li").text
        assert coming_up.startswith(title) and coming_up.endswith(
            "For: Parents and other family members of lesbian, gay, bisexual and trans people"), coming_up
        event_page = on_build_day.find_element(By.PARTIAL_LINK_TEXT, title).get_attribute("href")
    finally:
        on_build_day.quit()
    open_page(browser, event_page)
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "article h1"), title))
    assert browser.current_url == sample_site + "events/families-together-london-battersea-november/"
    assert "Saturday 28 November 2026, 14:00 to 16:00" in browser.find_element(By.CSS_SELECTOR, "article").text
    book = browser.find_element(By.CSS_SELECTOR, "article a[href^='https://www.familiestogetherlondon.com']")
    assert book.text == "www.familiestogetherlondon.com"


def test_screenshots_of_event_and_group_pages(browser, phone, sample_site: str) -> None:
    for driver, size in ((browser, "1280"), (phone, "390")):
        for name, path in (("event", "events/peer-worker-network-june/"),
                           ("event-tbc", "events/peer-support-training/"),
                           ("events-archive", "events/archive/"),
                           ("group-next-meetings", "groups/families-together-london/"),
                           ("home-coming-up", "")):
            open_page(driver, sample_site + path)
            assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                f"{name} scrolls sideways at {size} px"
            assert screenshot(driver, f"{name}-{size}").stat().st_size > 10_000
