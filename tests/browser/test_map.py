"""The map in real headless Chromium, with the network closed: markers, filters, places, "Near me",
the list view, the keyboard, links and the Back button, and hostile group text that must stay text.

Expected numbers come from the YAML through the project's own loader, never from the page.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from selenium.common.exceptions import NoAlertPresentException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from peerdir.models import Group
from peerdir.postcode_districts import DATA_FILE as DISTRICTS_FILE
from peerdir.render.outputs.map_data import meeting_code
from peerdir.render.parts.common import sort_key
from peerdir.render.parts.map_embed import APPROXIMATE_DECIMALS, PRECISE_DECIMALS
from peerdir.render.parts.recurrence import occurrences
from peerdir.render.parts.schedule import meeting_in_words
from peerdir.validate import load_directory

from ..conftest import FIXTURES, REPO, copy_project
from .conftest import build_and_serve, screenshot

pytestmark = pytest.mark.browser

TILE_HOST = "tile.openstreetmap.org"
XSS_TILES = "https://tiles.example.test/{z}/{x}/{y}.png"
FACET_OF_PARAMETER = {"type": "support_types", "for": "audiences", "topic": "topics", "format": "formats"}
HOSTILE = FIXTURES / "map-xss"


# ------------------------------------------------------------------ helpers


def open_groups(root: Path = REPO) -> list[Group]:
    return [g for g in load_directory(root).directory.groups if g.status != "closed"]


def open_map(driver, url: str) -> None:
    driver.get(url)
    wait_until_ready(driver)


def wait_until_ready(driver, selector: str = "[data-map='directory'][data-ready]") -> None:
    WebDriverWait(driver, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))


def map_numbers(driver) -> dict[str, int]:
    return driver.execute_script(
        "const e = document.querySelector('[data-map=directory]');"
        "return {markers: +e.dataset.markers, remote: +e.dataset.remote, matching: +e.dataset.matching};")


def markers_drawn(driver) -> int:
    """Groups the map shows: the counts on the clusters plus the single markers."""
    return driver.execute_script(
        "const map = document.getElementById('map_directory');"
        "const clusters = [...map.querySelectorAll('.marker-cluster span')].map(s => +s.textContent);"
        "return clusters.reduce((a, b) => a + b, 0) + map.querySelectorAll('.leaflet-marker-icon.map-pin').length;")


def listed(driver, name: str) -> list[str]:
    return driver.execute_script(
        f"return [...document.querySelectorAll('[data-list={name}] .map-group__name')].map(a => a.textContent)")


# The "Show on the map" button of the group of this name in the list view.
SHOW_BUTTON_OF = """
return [...document.querySelectorAll("[data-list='all'] li")]
  .filter(li => li.querySelector('.map-group__name').textContent === arguments[0])
  .map(li => li.querySelector('.map-group__show'))[0];
"""


def press(driver, element) -> None:
    """Click a control as a person would, after scrolling it clear of the sticky header."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def pin_for(driver, name: str):
    """The marker of the group called `name`, once the map draws it on its own."""
    return WebDriverWait(driver, 10).until(lambda d: next(
        (pin for pin in d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon.map-pin")
         if pin.get_attribute("title").startswith(name)), None))


def severe_errors(driver, tile_host: str) -> list[str]:
    """Console errors, except failed tile requests: the network is closed, and tiles are the one
    thing that may come from outside."""
    return [entry["message"] for entry in driver.get_log("browser")
            if entry["level"] == "SEVERE" and not entry["message"].startswith(f"https://{tile_host}/")]


def requested_hosts(driver) -> set[str]:
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                hosts.add(urlsplit(url).hostname)
    hosts.update(urlsplit(url).hostname for url in driver.execute_script(
        "return performance.getEntriesByType('resource').map(r => r.name)"))
    return hosts


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 3958.8 * math.asin(math.sqrt(h))


def meets_on(group: Group, day: date) -> bool:
    return any(next(occurrences(meeting, day)) == day for meeting in group.schedule)


def expected(groups: list[Group], parameter: str, value: str, today: date) -> list[Group]:
    if parameter == "day":
        if value == "today":
            return [g for g in groups if meets_on(g, today)]
        return [g for g in groups if any(m.day == value for m in g.schedule)]
    return [g for g in groups if value in getattr(g, FACET_OF_PARAMETER[parameter])]


def london_today(driver) -> date:
    return date.fromisoformat(driver.execute_script("return peerdirMaps.schedule.londonToday().iso"))


def no_dialog_opened(driver) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no dialog is open
    assert driver.execute_script("return window.__dialogs") == []


def record_dialogs(driver) -> None:
    """Any alert/confirm/prompt, from any script on any page, is recorded instead of shown."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__dialogs = [];"
        "for (const name of ['alert', 'confirm', 'prompt'])"
        "  window[name] = (...args) => { window.__dialogs.push(name + ': ' + args.join(' ')); };")})


# ------------------------------------------------------------------ the sample map


def test_every_open_group_is_on_the_map_or_beside_it(browser, sample_site: str) -> None:
    open_map(browser, sample_site + "map/")
    groups = open_groups()
    located = [g for g in groups if g.location]
    remote = sorted((g for g in groups if not g.location), key=lambda g: g.name.lower().removeprefix("the "))
    assert map_numbers(browser) == {"markers": len(located), "remote": len(remote), "matching": len(groups)}
    WebDriverWait(browser, 10).until(lambda d: markers_drawn(d) == len(located))
    assert listed(browser, "remote") == [g.name for g in remote]
    assert len(located) + len(listed(browser, "remote")) == len(groups)
    status = browser.find_element(By.CSS_SELECTOR, "[data-status]").text
    assert status == f"{len(groups)} groups: {len(located)} on the map, {len(remote)} you can join from anywhere."
    assert severe_errors(browser, TILE_HOST) == []
    assert requested_hosts(browser) <= {"127.0.0.1", TILE_HOST}


def test_requests_stay_on_the_site_except_for_tiles(browser, sample_site: str) -> None:
    """The hosts come from mkdocs.yml, the one place the tile provider is set."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)
    tiles = next(p["peerdir"]["map_tiles"]["url"] for p in config["plugins"] if isinstance(p, dict) and "peerdir" in p)
    assert urlsplit(tiles).hostname == TILE_HOST
    for page in ("map/", "groups/gingerbread-west-london/", "groups/west-london-sands/"):
        browser.get(sample_site + page)
        wait_until_ready(browser, "[data-map][data-ready]")
        hosts = requested_hosts(browser)
        assert hosts <= {"127.0.0.1", TILE_HOST}, page
        assert TILE_HOST in hosts, "the map asks for its tiles"
        assert severe_errors(browser, TILE_HOST) == []


@pytest.mark.parametrize("parameter,value", [
    ("type", "peer-led"),
    ("for", "single-parents"),
    ("topic", "perinatal-mental-health"),
    ("format", "online"),
    ("format", "in-person"),
    ("day", "wednesday"),
    ("day", "today"),
])
def test_filters_show_exactly_the_matching_groups_and_live_in_the_url(browser, sample_site: str,
                                                                     parameter: str, value: str) -> None:
    open_map(browser, sample_site + "map/")
    choose_and_check_filter(browser, parameter, value, expected(open_groups(), parameter, value, london_today(browser)))


def choose_and_check_filter(browser, parameter: str, value: str, want: list[Group]) -> None:
    """Choose `value` in the map's filter `parameter`: exactly the groups `want` show, on the map and
    in the list of those without a place, and the address, opened afresh, shows the same."""
    Select(browser.find_element(By.CSS_SELECTOR, f"select[name='{parameter}']")).select_by_value(value)
    on_map = sum(1 for g in want if g.location)
    numbers = {"markers": on_map, "remote": len(want) - on_map, "matching": len(want)}
    WebDriverWait(browser, 5).until(lambda d: map_numbers(d) == numbers)
    WebDriverWait(browser, 10).until(lambda d: markers_drawn(d) == on_map)
    assert sorted(listed(browser, "remote")) == sorted(g.name for g in want if not g.location)
    assert f"{parameter}={value}" in browser.current_url
    shared = browser.current_url
    browser.get("about:blank")
    open_map(browser, shared)
    assert map_numbers(browser) == numbers
    assert browser.find_element(By.CSS_SELECTOR, f"select[name='{parameter}']").get_attribute("value") == value
    assert severe_errors(browser, TILE_HOST) == []


def test_filters_combine_and_clear(browser, sample_site: str) -> None:
    open_map(browser, sample_site + "map/?type=peer-led&format=in-person")
    want = [g for g in open_groups() if "peer-led" in g.support_types and "in-person" in g.formats]
    assert map_numbers(browser)["matching"] == len(want)
    assert browser.find_element(By.CSS_SELECTOR, "[data-status]").text.startswith(f"{len(want)} of ")
    browser.find_element(By.CSS_SELECTOR, "[data-clear-filters]").click()
    assert map_numbers(browser)["matching"] == len(open_groups())
    assert "type=" not in browser.current_url and "format=" not in browser.current_url


def test_the_schedule_rules_in_the_browser_match_the_python_ones(browser, sample_site: str) -> None:
    """The map decides "meets today" and writes meeting times itself: same answers as recurrence.py
    and schedule.py for every meeting in the sample and the fixture, on every day for ten weeks."""
    open_map(browser, sample_site + "map/")
    groups = open_groups() + open_groups(FIXTURES / "valid")
    meetings = [m for g in groups for m in g.schedule]
    days = [date(2026, 11, 23) + timedelta(days=n) for n in range(70)]
    days += [date(2027, 1, 31), date(2027, 2, 28), date(2028, 2, 29), date(2026, 3, 29)]
    answers = browser.execute_script("""
        const [codes, days] = arguments, s = peerdirMaps.schedule;
        return codes.map(code => {
          const meeting = s.readMeeting(code);
          return [s.meetingInWords(meeting), days.map(d => s.meetsOn(meeting, s.dayInfo(...d)))];
        });""", [meeting_code(m) for m in meetings], [[d.year, d.month, d.day] for d in days])
    for meeting, (words, meets) in zip(meetings, answers, strict=True):
        assert words == meeting_in_words(meeting)
        assert meets == [next(occurrences(meeting, d)) == d for d in days], meeting_code(meeting)


def test_a_marker_opens_from_the_keyboard_with_the_group_in_words(browser, sample_site: str) -> None:
    open_map(browser, sample_site + "map/")
    group = next(g for g in open_groups() if g.id == "chelsea-westminster-neonatal-parents")
    # Zoom in on it so that it stands alone, then reach it as a keyboard user would.
    browser.execute_script("peerdirMaps.maps.at(-1).setView([arguments[0], arguments[1]], 18, {animate: false})",
                           group.location.lat, group.location.lon)
    pin = pin_for(browser, group.name)
    assert pin.get_attribute("title") == group.name
    assert pin.get_attribute("tabindex") == "0" and pin.get_attribute("role") == "button"
    pin.send_keys(Keys.ENTER)
    popup = WebDriverWait(browser, 5).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".map-popup")))

    def text(selector: str) -> list[str]:  # as written, whether or not it has faded in yet
        return [e.get_attribute("textContent") for e in popup.find_elements(By.CSS_SELECTOR, selector)]

    assert text(".map-popup__name") == [group.name]
    assert text(".map-popup__summary") == [group.summary]
    assert text(".map-popup__how") == ["In person"]
    assert text(".map-popup__when") == [meeting_in_words(m) for m in group.schedule]
    assert text(".map-popup__where") == ["Kensington and Chelsea"]
    link = popup.find_element(By.CSS_SELECTOR, "a.map-popup__link")
    assert link.get_attribute("href") == sample_site + f"groups/{group.id}/"
    assert browser.switch_to.active_element == link, "Enter moves the keyboard into the popup"
    link.send_keys(Keys.ESCAPE)
    WebDriverWait(browser, 5).until(lambda d: d.find_elements(By.CSS_SELECTOR, ".map-popup") == [])
    assert browser.switch_to.active_element == pin_for(browser, group.name), "and back to the marker"


def test_the_map_itself_moves_and_zooms_from_the_keyboard(browser, sample_site: str) -> None:
    open_map(browser, sample_site + "map/")
    container = browser.find_element(By.ID, "map_directory")
    assert container.get_attribute("tabindex") == "0"
    def view() -> list[float]:
        return browser.execute_script("const m = peerdirMaps.maps.at(-1); return [m.getZoom(), m.getCenter().lng]")

    zoom, east = view()
    container.send_keys("+")
    WebDriverWait(browser, 5).until(lambda d: view()[0] > zoom)
    zoom, east = view()
    container.send_keys(Keys.ARROW_RIGHT)
    WebDriverWait(browser, 5).until(lambda d: view()[1] > east)
    assert view()[0] == zoom


def test_skip_the_map_moves_the_keyboard_past_it(browser, sample_site: str) -> None:
    open_map(browser, sample_site + "map/?format=online")
    skip = browser.find_element(By.CSS_SELECTOR, "a.map-skip")  # out of sight until focused
    assert skip.get_attribute("textContent") == "Skip the map"
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "map-aside"
    assert browser.current_url.endswith("map/?format=online"), "the filters stay in the address"


def test_the_list_view_is_one_keypress_away_and_lists_every_group(browser, sample_site: str) -> None:
    open_map(browser, sample_site + "map/")
    button = browser.find_element(By.CSS_SELECTOR, "[data-view='list']")
    button.send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-pane='list']")))
    assert button.get_attribute("aria-pressed") == "true"
    assert not browser.find_element(By.CSS_SELECTOR, "[data-pane='map']").is_displayed()
    groups = open_groups()
    assert sorted(listed(browser, "all")) == sorted(g.name for g in groups)
    assert "view=list" in browser.current_url
    # Filters apply to the list too, and a shared list address opens as a list.
    Select(browser.find_element(By.CSS_SELECTOR, "select[name='format']")).select_by_value("online")
    online = sorted(g.name for g in groups if "online" in g.formats)
    WebDriverWait(browser, 5).until(lambda d: sorted(listed(d, "all")) == online)
    open_map(browser, browser.current_url)
    assert browser.find_element(By.CSS_SELECTOR, "[data-pane='list']").is_displayed()
    assert sorted(listed(browser, "all")) == online
    browser.find_element(By.CSS_SELECTOR, "[data-view='map']").click()
    assert browser.find_element(By.ID, "map_directory").is_displayed()


def districts() -> dict[str, list]:
    return json.loads(DISTRICTS_FILE.read_text())["districts"]


def nearest_open_first(at: tuple[float, float]) -> list[str]:
    """The groups on the map as the 'Nearest' list must order them: every group that is meeting
    before any that is temporarily closed, then by distance."""
    located = [g for g in open_groups() if g.location]
    located.sort(key=lambda g: (g.status == "temporarily-closed", miles(at, shown_at(g))))
    return [g.name for g in located]


def shown_at(group: Group) -> tuple[float, float]:
    """Where the map puts a group: a home only as precisely as its area (map_data.py)."""
    decimals = APPROXIMATE_DECIMALS if group.location.approximate else PRECISE_DECIMALS
    return round(group.location.lat, decimals), round(group.location.lon, decimals)


def search_place(driver, query: str) -> None:
    box = driver.find_element(By.ID, "map-place-input")
    box.clear()
    box.send_keys(query, Keys.ENTER)


def nearest_title(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "#map-nearest-title").text


# Any UK postcode, found in the browser from the published centres of the postcode districts.
# (query, the district whose centre it is placed at, the heading of the "Nearest" list)
POSTCODES = [
    ("SE1 7PB", "SE1", "Nearest to SE1 7PB (around {place})"),
    ("se17pb", "SE1", "Nearest to SE1 7PB (around {place})"),
    ("  Se1   7pB ", "SE1", "Nearest to SE1 7PB (around {place})"),
    ("SW6", "SW6", "Nearest to SW6 (around {place})"),
    ("sw6", "SW6", "Nearest to SW6 (around {place})"),
    ("SW6 1", "SW6", "Nearest to SW6 1 (around {place})"),
    ("sw61", "SW6", "Nearest to SW6 1 (around {place})"),   # there is no district SW61
    ("W14", "W14", "Nearest to W14 (around {place})"),      # the district W14, not the sector W1 4
    ("w1 4", "W1", "Nearest to W1 4 (around {place})"),     # the sector W1 4
    ("EC1A 1BB", "EC1A", "Nearest to EC1A 1BB (around {place})"),
    ("SW10 9XX", "SW10", "Nearest to SW10 9XX (around {place})"),  # in a district we have groups in
    ("G1 1XQ", "G1", "Nearest to G1 1XQ (around {place})"),  # Glasgow: far from every group
]
# (query, what the message says): nothing found, and whatever was shown before is cleared.
NOT_FOUND = [
    ("SE1 7PBX", "\u201cSE1 7PBX\u201d is not a UK postcode"),
    ("SE1 7P", "\u201cSE1 7P\u201d is not a UK postcode"),
    ("12345", "\u201c12345\u201d is not a UK postcode"),
    ("BX1 1LT", "We do not know where the postcode district BX1 is, so we cannot tell which groups are near BX1 1LT"),
    ("ZZ9 9ZZ", "We do not know where the postcode district ZZ9 is"),
    ("Atlantis", "We could not find \u201cAtlantis\u201d among the areas and venues in our directory"),
]


@pytest.mark.parametrize("query,district,title", POSTCODES)
def test_any_uk_postcode_is_found_in_the_browser_and_sent_nowhere(browser, sample_site: str, query: str,
                                                                  district: str, title: str) -> None:
    lat, lon, place = districts()[district]
    open_map(browser, sample_site + "map/")
    search_place(browser, query)
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    assert nearest_title(browser) == title.format(place=place)
    assert listed(browser, "nearest") == nearest_open_first((lat, lon))
    details = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "[data-list='nearest'] .map-group__details")]
    assert details and all(re.search(r"(About \d+ miles? away|Under a mile away \(roughly\))$", d) for d in details)
    message = browser.find_element(By.CSS_SELECTOR, "[data-place-message]").text
    assert f"middle of the {district} postcode district, so they are approximate" in message
    assert requested_hosts(browser) <= {"127.0.0.1", TILE_HOST}
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    fetched = [u for u in urls if TILE_HOST not in u]
    assert [u for u in fetched if "/map/postcode-districts.json" in u], "the districts come from the site itself"
    typed = query.strip().upper().replace(" ", "")
    assert not [u for u in fetched if typed in u.upper().replace("%20", "")], "what was typed is never sent"


@pytest.mark.parametrize("query,message", NOT_FOUND)
def test_an_unknown_or_invalid_postcode_says_which_and_clears_the_last_answer(browser, sample_site: str,
                                                                               query: str, message: str) -> None:
    open_map(browser, sample_site + "map/")
    search_place(browser, "Camden")
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    assert nearest_title(browser) == "Nearest to Camden"
    assert browser.find_elements(By.CSS_SELECTOR, ".map-origin")
    search_place(browser, query)
    WebDriverWait(browser, 5).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, "[data-place-message]"), message))
    assert not browser.find_element(By.CSS_SELECTOR, "[data-nearest]").is_displayed(), "no answer to the last search"
    assert not browser.find_elements(By.CSS_SELECTOR, ".map-origin"), "no marker for the last place"
    assert "miles" not in browser.find_element(By.CSS_SELECTOR, ".map-layout").text
    assert requested_hosts(browser) <= {"127.0.0.1", TILE_HOST}


@pytest.mark.parametrize("query,nearest", [
    ("W14 0LR", "Gingerbread West London group"),   # a group's own postcode: its groups, exactly
    ("w140lr", "Gingerbread West London group"),
    ("masbro", "Gingerbread West London group"),    # a venue
])
def test_places_in_our_own_data_still_work(browser, sample_site: str, query: str, nearest: str) -> None:
    open_map(browser, sample_site + "map/")
    search_place(browser, query)
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    assert listed(browser, "nearest")[0] == nearest
    assert "miles away" in browser.find_element(By.CSS_SELECTOR, "[data-list='nearest'] li").text
    assert requested_hosts(browser) <= {"127.0.0.1", TILE_HOST}


def test_without_the_postcode_districts_our_own_places_still_work_and_a_postcode_says_so(browser,
                                                                                        sample_site: str) -> None:
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*postcode-districts.json*"]})
    open_map(browser, sample_site + "map/")
    search_place(browser, "W14")  # a district our groups are in: the middle of them
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    assert nearest_title(browser) == "Nearest to W14"
    assert listed(browser, "nearest")[0] == "Gingerbread West London group"
    search_place(browser, "SE1 7PB")
    WebDriverWait(browser, 5).until(EC.text_to_be_present_in_element(
        (By.CSS_SELECTOR, "[data-place-message]"), "Postcodes could not be loaded just now"))
    assert not browser.find_element(By.CSS_SELECTOR, "[data-nearest]").is_displayed()


def test_groups_that_meet_come_before_temporarily_closed_ones_at_any_distance(browser, sample_site: str) -> None:
    """Cocoon is temporarily closed and the nearest group to Camden and to its own postcode: it comes
    last, after groups miles further away, in the "Nearest" list and in the list view."""
    cocoon = next(g for g in open_groups() if g.id == "cocoon")
    assert cocoon.status == "temporarily-closed"
    open_map(browser, sample_site + "map/")
    for query in ("Camden", "NW6 3AX", "NW6"):
        search_place(browser, query)
        WebDriverWait(browser, 5).until(lambda d, q=query: nearest_title(d) in (f"Nearest to {q}", f"Nearest to {q} (")
                                        or nearest_title(d).startswith(f"Nearest to {q} ("))
        names = listed(browser, "nearest")
        assert names[-1] == "Cocoon" and "Cocoon" not in names[:-1], (query, names)
        if query != "NW6":
            assert names == nearest_open_first((cocoon.location.lat, cocoon.location.lon)), query
    browser.find_element(By.CSS_SELECTOR, "[data-view='list']").click()
    located = [name for name in listed(browser, "all") if name in names]
    assert located == names, "the list view orders the groups on the map the same way"
    assert requested_hosts(browser) <= {"127.0.0.1", TILE_HOST}


def test_the_site_publishes_the_postcode_districts_with_their_credit(sample_site_folder: Path) -> None:
    published = sample_site_folder / "map" / "postcode-districts.json"
    assert published.read_bytes() == DISTRICTS_FILE.read_bytes()
    page = (sample_site_folder / "map" / "index.html").read_text()
    assert re.search(r'data-map-postcodes="?postcode-districts\.json[" >]', page)
    assert re.search(r'href="?https://www\.geonames\.org/', page) and "CC BY 4.0" in page
    privacy = (sample_site_folder / "privacy" / "index.html").read_text()
    assert re.search(r'href="?https://www\.geonames\.org/', privacy)
    assert "creativecommons.org/licenses/by/4.0/" in privacy


def test_screenshot_of_a_postcode_search_on_a_phone(phone, sample_site: str) -> None:
    open_map(phone, sample_site + "map/")
    search_place(phone, "SE1 7PB")
    WebDriverWait(phone, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert screenshot(phone, "map-postcode-SE1-7PB-390").stat().st_size > 10_000


def test_near_me_asks_only_when_pressed_and_sends_nothing(browser, sample_site: str) -> None:
    origin = sample_site.split("/peer-support/")[0]
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["geolocation"]})
    here = (51.5010, -0.2100)  # Kensington Olympia
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": here[0], "longitude": here[1],
                                                                 "accuracy": 30})
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
        "window.__asked = 0; const ask = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);"
        "navigator.geolocation.getCurrentPosition = (...a) => { window.__asked += 1; return ask(...a); };")})
    open_map(browser, sample_site + "map/")
    assert browser.execute_script("return window.__asked") == 0, "no location is asked for before the button"
    browser.find_element(By.CSS_SELECTOR, "[data-near-me]").click()
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    located = [g for g in open_groups() if g.location]
    by_distance = sorted(located, key=lambda g: miles(here, (g.location.lat, g.location.lon)))
    assert listed(browser, "nearest") == nearest_open_first(here)[:10]
    first = browser.find_element(By.CSS_SELECTOR, "[data-list='nearest'] .map-group__details").text
    assert f"{miles(here, (by_distance[0].location.lat, by_distance[0].location.lon)):.1f} miles away" in first
    assert browser.find_element(By.CSS_SELECTOR, "#map-nearest-title").text == "Nearest to you"
    assert requested_hosts(browser) <= {"127.0.0.1", TILE_HOST}
    urls = browser.execute_script("return performance.getEntriesByType('resource').map(r => r.name)")
    assert not [u for u in urls if "51.50" in u and TILE_HOST not in u], "the location is never sent"


def test_group_pages_show_a_pin_or_for_a_home_only_the_area(browser, sample_site: str) -> None:
    browser.get(sample_site + "groups/gingerbread-west-london/")
    wait_until_ready(browser, "[data-map='group'][data-ready]")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".group-map .map-pin")) == 1
    assert browser.find_elements(By.CSS_SELECTOR, ".group-map path.map-area") == []
    browser.get(sample_site + "groups/west-london-sands/")
    wait_until_ready(browser, "[data-map='group'][data-ready]")
    assert browser.find_elements(By.CSS_SELECTOR, ".group-map .map-pin") == []
    assert len(browser.find_elements(By.CSS_SELECTOR, ".group-map path.map-area")) == 1
    home = next(g for g in open_groups() if g.id == "west-london-sands").location
    source = browser.page_source
    assert f"{home.lat:.4f}" not in source and f"{home.lon:.4f}" not in source
    browser.get(sample_site + "groups/tamba/")
    assert browser.find_elements(By.CSS_SELECTOR, "[data-map]") == []
    assert severe_errors(browser, TILE_HOST) == []


def test_the_map_works_when_reached_by_links_and_the_back_button(browser, sample_site: str) -> None:
    """From the home page to the map, to a group's small map from the list, and back to the map."""
    browser.get(sample_site)
    button = browser.find_element(By.LINK_TEXT, "See groups on a map")
    button.click()
    wait_until_ready(browser)
    assert map_numbers(browser)["markers"] == sum(1 for g in open_groups() if g.location)
    browser.find_element(By.CSS_SELECTOR, "[data-view='list']").click()
    browser.find_element(By.LINK_TEXT, "Gingerbread West London group").click()
    wait_until_ready(browser, "[data-map='group'][data-ready]")
    browser.back()
    wait_until_ready(browser)
    assert map_numbers(browser)["markers"] == sum(1 for g in open_groups() if g.location)
    assert browser.execute_script("return peerdirMaps.maps.length") == 1
    assert severe_errors(browser, TILE_HOST) == []


def test_screenshots_of_the_map(browser, phone, sample_site: str) -> None:
    for driver, size in ((browser, "1280"), (phone, "390")):
        for name, path in (("map", "map/"), ("map-list", "map/?view=list&day=wednesday"),
                           ("group-map", "groups/chelsea-westminster-neonatal-parents/")):
            driver.get(sample_site + path)
            wait_until_ready(driver, "[data-map][data-ready]")
            assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                f"{name} scrolls sideways at {size} px"
            assert screenshot(driver, f"{name}-{size}").stat().st_size > 10_000


# ------------------------------------------------------------------ hostile text


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site plus the hostile groups and term names of tests/fixtures/map-xss (so that
    hand-written pages about the sample groups still build), with its own tile provider."""
    project = copy_project(tmp_path_factory.mktemp("map-xss"))
    hostile_groups = (HOSTILE / "groups.yaml").read_text().split("groups:\n", 1)[1]
    with (project / "groups.yaml").open("a") as groups:
        groups.write("\n" + hostile_groups)
    vocabularies = (project / "support_types.yaml").read_text()
    for facet, terms in yaml.safe_load((HOSTILE / "support_types.yaml").read_text()).items():
        for term in terms:
            vocabularies, found = re.subn(rf"(- id: {term['id']}\n\s+name: ).*", lambda m, t=term:
                                          m[1] + json.dumps(t["name"]), vocabularies)
            assert found == 1, (facet, term["id"])
    (project / "support_types.yaml").write_text(vocabularies)
    config = (project / "mkdocs.yml").read_text()
    assert config.count("url: https://tile.openstreetmap.org/") == 1
    (project / "mkdocs.yml").write_text(config.replace("url: https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                                                       f"url: {XSS_TILES}"))
    return project


@pytest.fixture(scope="module")
def hostile_site(hostile_project: Path) -> Iterator[str]:
    yield from build_and_serve(hostile_project)


def test_hostile_group_text_shows_as_text_and_never_runs(browser, hostile_site: str, hostile_project: Path) -> None:
    record_dialogs(browser)
    open_map(browser, hostile_site + "map/")
    every_group = sorted(open_groups(hostile_project), key=sort_key)
    hostile_ids = {g.id for g in open_groups(HOSTILE)}
    groups = [g for g in every_group if g.id in hostile_ids]
    for group in (g for g in groups if g.location):
        # From the list, "Show on the map" zooms in (or spreads a cluster) and opens the popup.
        press(browser, browser.find_element(By.CSS_SELECTOR, "[data-view='list']"))
        # Found and pressed in one step, again if the list is filled anew in between (a busy machine).
        WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
            lambda d, name=group.name: press(d, d.execute_script(SHOW_BUTTON_OF, name)) or True)
        popup = WebDriverWait(browser, 10).until(lambda d, name=group.name: next(
            (p for p in d.find_elements(By.CSS_SELECTOR, ".map-popup")
             if p.find_element(By.CSS_SELECTOR, ".map-popup__name").get_attribute("textContent") == name), None))
        assert popup.find_element(By.CSS_SELECTOR, ".map-popup__summary").get_attribute("textContent") == group.summary
        suffix = " (meets in a home: area only)" if group.location.approximate else ""
        assert pin_for(browser, group.name).get_attribute("title") == group.name + suffix
    assert listed(browser, "remote") == [g.name for g in every_group if not g.location]
    assert "Back`tick`${alert(2)}` \"quote\" 'apostrophe'" in listed(browser, "remote")
    press(browser, browser.find_element(By.CSS_SELECTOR, "[data-view='list']"))
    assert listed(browser, "all") == [g.name for g in every_group]
    box = browser.find_element(By.ID, "map-place-input")
    box.send_keys("svg onload", Keys.ENTER)  # a venue name
    WebDriverWait(browser, 5).until(lambda d: listed(d, "nearest")[:1] == ["<img src=x onerror=alert(1)>"])
    options = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "select[name='type'] option")]
    assert "Groups <img src=x onerror=alert('type')>" in options
    injected = browser.execute_script(  # the map tiles are the only images
        "return [...document.querySelectorAll('[onerror], [onload], [onmouseover], article iframe, "
        "article svg svg, article img:not(.leaflet-tile), article script:not([src])')].map(e => e.outerHTML)")
    assert injected == []
    no_dialog_opened(browser)
    hosts = requested_hosts(browser)
    assert hosts <= {"127.0.0.1", urlsplit(XSS_TILES).hostname}, "only the configured tile provider"
    assert urlsplit(XSS_TILES).hostname in hosts
    assert severe_errors(browser, urlsplit(XSS_TILES).hostname) == []


def test_hostile_group_pages_keep_their_small_maps_safe(browser, hostile_site: str) -> None:
    record_dialogs(browser)
    for group in open_groups(HOSTILE):
        browser.get(hostile_site + f"groups/{group.id}/")
        if group.location:
            wait_until_ready(browser, "[data-map='group'][data-ready]")
        assert browser.find_element(By.CSS_SELECTOR, "article h1").text == group.name
        no_dialog_opened(browser)


def test_a_group_whose_details_are_old_says_so_in_its_popup(browser, sample_site: str) -> None:
    """West London Action for Children was last checked in March 2025: out of date on the build day."""
    open_map(browser, sample_site + "map/")
    group = next(g for g in open_groups() if g.id == "west-london-action-for-children")
    browser.execute_script("peerdirMaps.maps.at(-1).setView([arguments[0], arguments[1]], 18, {animate: false})",
                           group.location.lat, group.location.lon)
    pin_for(browser, group.name).send_keys(Keys.ENTER)
    popup = WebDriverWait(browser, 5).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".map-popup")))
    statuses = [e.get_attribute("textContent") for e in popup.find_elements(By.CSS_SELECTOR, ".map-popup__status")]
    assert statuses == ["Details may be out of date: contact the group before you go."]
    # A group checked last month says nothing of the kind.
    fresh = next(g for g in open_groups() if g.id == "chelsea-westminster-neonatal-parents")
    open_map(browser, sample_site + "map/")  # afresh: no popup panning the map as it closes
    browser.execute_script("peerdirMaps.maps.at(-1).setView([arguments[0], arguments[1]], 18, {animate: false})",
                           fresh.location.lat, fresh.location.lon)
    pin_for(browser, fresh.name).send_keys(Keys.ENTER)
    popup = WebDriverWait(browser, 5).until(lambda d: next(
        (p for p in d.find_elements(By.CSS_SELECTOR, ".map-popup")
         if p.find_element(By.CSS_SELECTOR, ".map-popup__name").get_attribute("textContent") == fresh.name), None))
    assert popup.find_elements(By.CSS_SELECTOR, ".map-popup__status") == []
