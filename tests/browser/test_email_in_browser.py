"""The sample issue's e-mail edition in a real headless Chromium, at a small phone's width (320 CSS
pixels) and at the column's own (600): nothing wider than the screen, and the words of the issue's
web page (every heading, group and date) in what the reader sees.

Chromium stands in for the e-mail programs that render with a browser engine (Apple Mail, Gmail's
apps, Outlook on the web); the e-mail's markup itself (inline styles only, tables, absolute links) is
checked in tests/test_email_edition.py. Screenshots: tests/.artifacts/email-320.png and email-600.png.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from selenium import webdriver

from peerdir import paths

from .conftest import ARTIFACTS, new_browser

pytestmark = pytest.mark.browser

SLUG = "2026-11-peertalk"


def at_width(driver: webdriver.Chrome, width: int) -> None:
    """The viewport exactly `width` CSS pixels wide, as a phone's (headless windows are 500 px at least)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 600})


def whole_page_screenshot(driver: webdriver.Chrome, width: int, name: str) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": min(height, 16000), "deviceScaleFactor": 1, "mobile": width < 600})
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


@pytest.fixture(scope="module")
def driver() -> webdriver.Chrome:
    driver = new_browser()
    yield driver
    driver.quit()


def visible_text(driver: webdriver.Chrome) -> str:
    return " ".join(driver.execute_script("return document.body.innerText").split())


def same_quotes(text: str) -> str:
    """The issue's page sets the listings' Markdown with typographic quotes (smarty, as hand-written
    text); the e-mail writes the groups' and events' names exactly as typed, as generated pages do."""
    return text.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))


@pytest.mark.parametrize("width", [320, 600])
def test_the_email_fits_the_screen_and_says_what_the_web_issue_says(driver: webdriver.Chrome, sample_site: str,
                                                                     width: int) -> None:
    # The web issue first: its headings, the groups it lists and the dates in its diary, as shown.
    driver.get(sample_site + paths.url_of(paths.issue_page(SLUG)))
    web = driver.execute_script("""
        const article = document.querySelector('article');
        const text = e => e.innerText.replace(/\\s+/g, ' ').trim();
        return {
          headings: [...article.querySelectorAll('h2, h3')].map(text),
          groups: [...article.querySelectorAll('.newsletter-group a[href*="/groups/"]')].map(text)
                    .filter(t => t),
          dates: [...article.querySelectorAll('table time')].map(text),
        };""")
    assert len(web["headings"]) >= 10 and len(web["groups"]) >= 10 and len(web["dates"]) >= 10

    at_width(driver, width)
    driver.get(sample_site + paths.issue_email(SLUG))
    assert driver.execute_script("return window.innerWidth") == width
    overflow = driver.execute_script("""
        const width = document.documentElement.clientWidth;
        return [...document.querySelectorAll('body *')]
          .filter(e => e.getBoundingClientRect().right > width + 0.5 && getComputedStyle(e).display !== 'none')
          .map(e => e.tagName + ': ' + e.textContent.trim().slice(0, 60));""")
    assert overflow == [], f"wider than {width} px"
    assert driver.execute_script("return document.documentElement.scrollWidth") <= width
    column = driver.execute_script("return document.querySelector('.email-column').getBoundingClientRect().width")
    assert column <= min(width, 600)
    shown = same_quotes(visible_text(driver))
    for heading in web["headings"]:
        assert same_quotes(heading) in shown, heading
    for group in web["groups"]:
        assert same_quotes(group) in shown, group
    for day in web["dates"]:  # "Saturday 28 November 2026" and its time
        assert same_quotes(re.sub(r"\s+", " ", day)) in shown, day
    # The same look without any stylesheet: the e-mail has none, so what shows is inline.
    assert driver.execute_script("return document.styleSheets.length") == 0
    link = driver.execute_script("return getComputedStyle(document.querySelector('td a')).color")
    assert link == "rgb(0, 87, 79)"  # #00574f, from the link's own style attribute
    whole_page_screenshot(driver, width, f"email-{width}")
