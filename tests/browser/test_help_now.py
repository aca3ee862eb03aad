""""Need help now?" and "Leave this site" in real headless Chromium: on every key page, in sight
while the page scrolls, never under the map, one line on a phone that opens from the keyboard,
on paper, and a quick exit that leaves nothing to go Back to.

What the bar should say comes from mkdocs.yml (`extra: help_now:`), the one place it is set.
"""

from __future__ import annotations

import base64
import http.server
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import REPO, copy_project, elements
from .conftest import ARTIFACTS, build_and_serve, send_html

pytestmark = pytest.mark.browser

KEY_PAGES = ("", "groups/", "browse/area/kensington-and-chelsea/", "groups/gingerbread-west-london/", "map/",
             "events/", "newsletter/2026-11-peertalk/", "privacy/")
START_PAGE = "data:text/html,<title>Before</title><p>The page before the site"


def help_config() -> dict:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["extra"]["help_now"]


def open_page(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
    assert driver.find_element(By.CSS_SELECTOR, "article h1").text != "Sorry, we cannot find that page", url  # not the 404 page


def rect(driver, element) -> dict:
    return driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", element)


def uncovered(driver, selector: str) -> list[str]:
    """Points across the bar (and the header) where something else is painted on top of it."""
    return driver.execute_script("""
        const bar = document.querySelector(arguments[0]).getBoundingClientRect();
        const misses = [];
        for (let x = 4; x < document.documentElement.clientWidth - 4; x += 16) {
          for (const y of [bar.top + 3, bar.top + bar.height / 2, bar.bottom - 3]) {
            const hit = document.elementFromPoint(x, y);
            if (!hit || !hit.closest(arguments[0])) misses.push(`${x},${y}: ${hit ? hit.className : 'nothing'}`);
          }
        }
        return misses;""", selector)


def visible_calls(driver) -> list[tuple[str, str]]:
    return [(a.text, a.get_attribute("href"))
            for a in driver.find_elements(By.CSS_SELECTOR, ".help-now a.help-now__call") if a.is_displayed()]


# ------------------------------------------------------------------ on screen


def test_every_key_page_shows_the_configured_numbers_as_working_links(browser, sample_site: str) -> None:
    help_now = help_config()
    expected = [(line["label"], line["link"]) for line in help_now["lines"]]
    assert [link for _, link in expected] == ["tel:999", "tel:116123", "sms:85258?body=SHOUT"]
    for path in KEY_PAGES:
        open_page(browser, sample_site + path)
        bar = browser.find_element(By.CSS_SELECTOR, "aside.help-now")
        assert bar.get_attribute("aria-label") == "Need help now?"
        assert bar.is_displayed()
        assert visible_calls(browser) == expected, path
        leave = browser.find_element(By.CSS_SELECTOR, "a[data-quick-exit]")
        assert leave.is_displayed() and leave.text == "Leave this site"
        assert leave.get_attribute("href") == help_now["leave_url"]
        # Calm, not an alarm: no red in the bar's background.
        red, green, blue = browser.execute_script(
            "return getComputedStyle(arguments[0]).backgroundColor.match(/\\d+/g).slice(0, 3).map(Number)", bar)
        assert not (red > 150 and red > green + 60 and red > blue + 60), "the bar should not be alarm red"


def test_the_bar_stays_under_the_header_while_the_page_scrolls(browser, sample_site: str) -> None:
    open_page(browser, sample_site + "browse/a-z/")
    browser.execute_script("window.scrollTo(0, document.documentElement.scrollHeight)")
    header = rect(browser, browser.find_element(By.CSS_SELECTOR, "header.md-header"))
    bar = rect(browser, browser.find_element(By.CSS_SELECTOR, "aside.help-now"))
    assert browser.execute_script("return window.scrollY") > 500
    assert abs(bar["top"] - header["bottom"]) <= 1
    assert uncovered(browser, "aside.help-now") == []
    # Scrolling back up brings the theme's "Back to top" button: below the bar, not behind it.
    for _ in range(3):
        browser.execute_script("window.scrollBy(0, -150)")
        time.sleep(0.2)
    WebDriverWait(browser, 5).until(lambda d: d.find_element(By.CSS_SELECTOR, ".md-top").is_displayed())
    assert rect(browser, browser.find_element(By.CSS_SELECTOR, ".md-top"))["top"] >= bar["bottom"]
    assert browser.execute_script(
        "const box = document.querySelector('.md-top').getBoundingClientRect();"
        "return !!document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2).closest('.md-top')")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_map_and_its_controls_never_cover_the_bar(browser, sample_site: str, width: int) -> None:
    browser.set_window_size(width, 844)
    open_page(browser, sample_site + "map/")
    WebDriverWait(browser, 20).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-map][data-ready]")))
    # Scroll until the map, its markers and its zoom buttons are behind the header and the bar.
    browser.execute_script(
        "window.scrollBy(0, document.querySelector('.directory-map .folium-map').getBoundingClientRect().top - 20)")
    zoom = rect(browser, browser.find_element(By.CSS_SELECTOR, ".leaflet-control-zoom"))
    bar = rect(browser, browser.find_element(By.CSS_SELECTOR, "aside.help-now"))
    assert zoom["top"] < bar["bottom"], "the zoom buttons should be behind the bar for this check"
    assert uncovered(browser, "aside.help-now") == []
    assert uncovered(browser, "header.md-header") == []


def test_on_a_phone_the_bar_is_one_short_line_that_opens_from_the_keyboard(phone, sample_site: str) -> None:
    open_page(phone, sample_site + "groups/gingerbread-west-london/")
    bar = phone.find_element(By.CSS_SELECTOR, "aside.help-now")
    assert rect(phone, bar)["height"] <= 60, "one line: the bar must not eat the screen"
    assert visible_calls(phone) == []
    summary = phone.find_element(By.CSS_SELECTOR, ".help-now__summary")
    assert summary.is_displayed() and summary.text == "Need help now?"
    assert phone.find_element(By.CSS_SELECTOR, "a[data-quick-exit]").is_displayed()
    phone.execute_script("arguments[0].focus()", summary)
    ActionChains(phone).send_keys(Keys.ENTER).perform()
    WebDriverWait(phone, 5).until(lambda d: visible_calls(d))
    assert visible_calls(phone) == [(line["label"], line["link"]) for line in help_config()["lines"]]
    for link in phone.find_elements(By.CSS_SELECTOR, ".help-now__fold a.help-now__call"):
        size = rect(phone, link)
        assert size["height"] >= 40, "each number is a big tap target"
    assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    ActionChains(phone).send_keys(Keys.ENTER).perform()
    WebDriverWait(phone, 5).until(lambda d: not visible_calls(d))


def test_the_bar_is_right_on_a_page_reached_by_a_link(browser, sample_site: str) -> None:
    open_page(browser, sample_site)
    browser.execute_script("window.__samePage = true")
    browser.find_element(By.CSS_SELECTOR, ".md-copyright a[href$='privacy/']").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "article h1"), "Privacy"))
    # No instant navigation (mkdocs.yml): a link opens a page of its own, as it does without JavaScript.
    assert browser.execute_script("return window.__samePage") is None
    assert len(browser.find_elements(By.CSS_SELECTOR, "aside.help-now")) == 1
    assert visible_calls(browser) == [(line["label"], line["link"]) for line in help_config()["lines"]]


# ------------------------------------------------------------------ leaving quickly


class NeutralPage(http.server.BaseHTTPRequestHandler):
    """Stands in for the ordinary site people leave to, so that the tests need no network."""

    def do_GET(self) -> None:
        send_html(self, 200, b"<!doctype html><title>Weather</title><p>Sunny spells.")

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def neutral_url() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), NeutralPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:  # another origin than the site's 127.0.0.1, as the real neutral page is
        yield f"http://localhost:{server.server_address[1]}/weather"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def exit_site(tmp_path_factory: pytest.TempPathFactory, neutral_url: str) -> Iterator[str]:
    """The sample site, leaving to the local neutral page instead of BBC Weather."""
    project = copy_project(tmp_path_factory.mktemp("quick-exit"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    default = f"leave_url: {help_config()['leave_url']}"
    assert config.count(default) == 1
    (project / "mkdocs.yml").write_text(config.replace(default, f"leave_url: {neutral_url}"), encoding="utf-8")
    yield from build_and_serve(project)


def start_on_the_site(driver, url: str) -> int:
    """A tab that was somewhere else before it came to `url`; returns the tab's history length."""
    driver.get(START_PAGE)
    open_page(driver, url)
    return driver.execute_script("return history.length")


def wait_until_gone(driver, neutral_url: str) -> None:
    WebDriverWait(driver, 15).until(lambda d: d.current_url == neutral_url)
    assert driver.title == "Weather"


def test_leave_this_site_replaces_the_page_and_back_does_not_return(browser, exit_site: str,
                                                                    neutral_url: str) -> None:
    length = start_on_the_site(browser, exit_site + "groups/gingerbread-west-london/")
    browser.find_element(By.CSS_SELECTOR, "a[data-quick-exit]").click()
    wait_until_gone(browser, neutral_url)
    assert browser.execute_script("return history.length") == length, "the page was replaced, not added to"
    browser.back()
    WebDriverWait(browser, 10).until(lambda d: d.current_url.startswith("data:"))
    assert browser.title == "Before"


def test_escape_twice_leaves_but_once_does_not(browser, exit_site: str, neutral_url: str) -> None:
    url = exit_site + "map/"
    length = start_on_the_site(browser, url)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    time.sleep(1.5)  # longer than "quickly": a second press now counts as a first one
    assert browser.current_url == url
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    time.sleep(1.5)
    assert browser.current_url == url
    ActionChains(browser).send_keys(Keys.ESCAPE).send_keys(Keys.ESCAPE).perform()
    wait_until_gone(browser, neutral_url)
    assert browser.execute_script("return history.length") == length


def test_the_quick_exit_works_on_a_page_reached_by_a_link_and_from_the_keyboard(browser, exit_site: str,
                                                                                neutral_url: str) -> None:
    start_on_the_site(browser, exit_site)
    browser.find_element(By.CSS_SELECTOR, "article a[href$='groups/']").click()
    WebDriverWait(browser, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "article h1"), "Find a group"))
    leave = browser.find_element(By.CSS_SELECTOR, "a[data-quick-exit]")
    browser.execute_script("arguments[0].focus()", leave)
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    wait_until_gone(browser, neutral_url)


def test_without_javascript_the_button_is_a_plain_link_to_the_same_page(sample_site: str) -> None:
    page = urllib.request.urlopen(sample_site).read().decode("utf-8")
    leave = next(e for e in elements(page) if e.tag == "a" and e.attributes.get("class") == "help-now__leave")
    assert leave.attributes["href"] == help_config()["leave_url"]


# ------------------------------------------------------------------ on paper


def test_on_paper_the_bar_is_one_line_above_the_title_without_the_button(browser, sample_site: str) -> None:
    open_page(browser, sample_site + "newsletter/2026-11-peertalk/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        bar = browser.find_element(By.CSS_SELECTOR, "aside.help-now")
        assert bar.is_displayed()
        assert browser.execute_script("return getComputedStyle(arguments[0]).position", bar) == "static"
        assert not browser.find_element(By.CSS_SELECTOR, "a[data-quick-exit]").is_displayed()
        assert not browser.find_element(By.CSS_SELECTOR, ".help-now__fold").is_displayed()
        line = browser.find_element(By.CSS_SELECTOR, ".help-now__row")
        assert "Samaritans: Call 116 123 free, day or night" in line.text  # brackets are drawn by CSS
        assert rect(browser, bar)["bottom"] <= rect(browser, browser.find_element(By.CSS_SELECTOR, "article h1"))["top"]
        assert rect(browser, bar)["height"] <= 60, "a line or two, not a block"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_the_printed_first_page_carries_the_numbers(browser, sample_site: str) -> None:
    open_page(browser, sample_site + "newsletter/2026-11-peertalk/")
    pdf = ARTIFACTS / "help-now-print.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    pdf.write_bytes(base64.b64decode(browser.print_page()))
    first_page = pdf_text(pdf, first=1, last=1)
    for line in help_config()["lines"]:
        assert line["label"] in first_page
    # Apart from the first line's words, as the eye reads them (the minified page has no space between).
    first_line = first_page.split("Need help now?", 1)[1]
    assert first_line.startswith(" Emergency services:"), first_page[:120]
    assert "Leave this site" not in pdf_text(pdf)


def pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = ["-f", str(first), "-l", str(last)] if first else []
    text = subprocess.run(["pdftotext", "-layout", *pages, str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout
    return " ".join(text.split())
