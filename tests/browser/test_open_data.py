"""The open-data page in a real browser: reached from About, and every file it links to is
served from the site's sub-path and parses."""

from __future__ import annotations

import csv
import io
import json
import urllib.request

import pytest
from selenium.webdriver.common.by import By

from .conftest import screenshot
from .test_directory import click_link, wait_for_heading

pytestmark = pytest.mark.browser


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        assert response.status == 200, url
        return response.read()


def test_about_links_to_the_open_data_files_which_are_served(browser, sample_site: str) -> None:
    browser.get(sample_site + "about/")
    wait_for_heading(browser, "About this directory")
    click_link(browser, "Open data")
    wait_for_heading(browser, "Open data")
    assert browser.current_url.startswith(sample_site + "data/")
    files = browser.execute_script(
        "return [...document.querySelectorAll('article a[href]')].map(a => a.href)"
        ".filter(u => u.startsWith(location.origin) && /\\.(json|csv)$/.test(u))")
    expected = {sample_site + "data/" + name for name in (
        "groups.json", "groups.schema.json", "events.json", "events.schema.json", "groups.csv",
        "hsds/services.json", "meeting-guide.json")}
    assert set(files) == expected
    for url in expected:
        body = fetch(url)
        if url.endswith(".csv"):
            rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
            assert rows and rows[0]["ID"]
        else:
            assert json.loads(body)
    feed = json.loads(fetch(sample_site + "data/meeting-guide.json"))
    assert feed and all(meeting["url"].startswith(sample_site + "groups/") for meeting in feed)
    table = browser.find_element(By.CSS_SELECTOR, "article table")
    assert "Meeting Guide JSON feed" in table.text
    screenshot(browser, "open-data")
