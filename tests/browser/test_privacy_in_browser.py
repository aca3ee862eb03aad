"""Privacy in real headless Chromium: after a visit through the site (pages, search, the map and its
filters, a link followed) the browser holds no cookie and nothing but the theme's palette choice,
and it has asked no host but the site itself, and the map tile provider, for anything.

The built files are crawled for third-party references in tests/test_privacy.py.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import yaml
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

from ..conftest import REPO
from .test_search import open_with_shortcut, results_for

pytestmark = pytest.mark.browser

PAGES = ("", "groups/", "browse/area/kensington-and-chelsea/", "groups/gingerbread-west-london/", "map/",
         "events/", "events/peer-worker-network-june/", "newsletter/2026-11-peertalk/", "privacy/", "about/")


def tile_host() -> str:
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    plugin = next(p["peerdir"] for p in config["plugins"] if isinstance(p, dict) and "peerdir" in p)
    return urlsplit(plugin["map_tiles"]["url"]).hostname


def open_page(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
    assert driver.find_element(By.CSS_SELECTOR, "article h1").text != "Sorry, we cannot find that page", url  # not the 404 page
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('[data-map]')].every(m => m.dataset.ready || m.matches('.is-broken'))"))


def requested_hosts(driver) -> set[str]:
    """Every host the browser sent a request to since the log was last read."""
    hosts = set()
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] in ("Network.requestWillBeSent", "Network.webSocketCreated"):
            url = message["params"].get("request", {}).get("url") or message["params"].get("url", "")
            if url.startswith(("http:", "https:", "ws:", "wss:")):
                hosts.add(urlsplit(url).hostname)
    return hosts


def a_visit(driver, site: str) -> None:
    """Pages, the site search, the map with a filter and its list, and a link followed."""
    for path in PAGES:
        open_page(driver, site + path)
    open_page(driver, site)
    open_with_shortcut(driver)
    assert results_for(driver, "bereaved")
    open_page(driver, site + "map/")
    Select(driver.find_element(By.ID, "map-filter-type")).select_by_index(1)
    driver.find_element(By.CSS_SELECTOR, "[data-view='list']").click()
    driver.find_element(By.CSS_SELECTOR, ".md-copyright a[href$='privacy/']").click()
    WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "article h1"), "Privacy"))


def test_no_cookies_and_nothing_kept_but_the_palette(browser, sample_site: str) -> None:
    a_visit(browser, sample_site)
    assert browser.get_cookies() == []
    assert browser.execute_script("return document.cookie") == ""
    # mkdocs-material keeps the light/dark choice on the device (localStorage, scoped to the site's
    # path); the privacy page says so. Nothing else is kept, and nothing that could outlive the tab.
    kept = browser.execute_script("return Object.keys(localStorage)")
    assert kept == [urlsplit(sample_site).path + ".__palette"]
    assert browser.execute_script("return Object.keys(sessionStorage)") == []
    browser.set_script_timeout(10)
    stores = browser.execute_async_script("""
        const done = arguments[arguments.length - 1];
        Promise.all([indexedDB.databases(), caches.keys(), navigator.serviceWorker.getRegistrations()])
          .then(([databases, cached, workers]) => done({databases: databases.length, caches: cached.length,
                                                       workers: workers.length}));""")
    assert stores == {"databases": 0, "caches": 0, "workers": 0}


def test_the_browser_asks_no_other_host_than_the_site_and_the_map_tiles(browser, sample_site: str) -> None:
    requested_hosts(browser)  # start with an empty log
    a_visit(browser, sample_site)
    hosts = requested_hosts(browser)
    site_host = urlsplit(sample_site).hostname
    assert site_host in hosts and tile_host() in hosts, "the log did record the visit and the map"
    assert hosts <= {site_host, tile_host()}
