"""A parent's path through the directory, in a real browser, on a site served from a sub-path."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import SUB_PATH, screenshot

pytestmark = pytest.mark.browser


def click_link(driver, text: str) -> None:
    link = WebDriverWait(driver, 10).until(EC.element_to_be_clickable((By.PARTIAL_LINK_TEXT, text)))
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()


def wait_for_heading(driver, text: str) -> None:
    WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.CSS_SELECTOR, "article h1"), text))


def test_home_to_browse_page_to_group_phone_link(browser, sample_site: str) -> None:
    browser.get(sample_site)
    assert "peer support" in browser.title.lower()
    click_link(browser, "Find a group")
    wait_for_heading(browser, "Find a group")
    click_link(browser, "Area")
    wait_for_heading(browser, "Browse by area")
    click_link(browser, "Hammersmith and Fulham")
    wait_for_heading(browser, "Hammersmith and Fulham")
    click_link(browser, "Gingerbread")
    wait_for_heading(browser, "Gingerbread")
    assert browser.current_url.startswith(sample_site + "groups/gingerbread-west-london/")
    phone = browser.find_element(By.CSS_SELECTOR, ".group-contact a[href^='tel:']")
    assert phone.get_attribute("href") == "tel:+448088020925"
    assert phone.text == "0808 802 0925"


def test_every_asset_and_link_works_from_the_sub_path(browser, sample_site: str) -> None:
    browser.get(sample_site + "groups/tamba/")
    wait_for_heading(browser, "Tamba")
    urls = browser.execute_script(
        "return [...document.querySelectorAll('link[rel=stylesheet], script[src], a[href]')]"
        ".map(e => e.href || e.src).filter(u => u.startsWith(location.origin))")
    assert urls
    for url in set(urls):
        assert url.startswith(sample_site), url
        with urllib.request.urlopen(url.split("#")[0]) as response:
            assert response.status == 200, url


def test_the_404_page_is_styled_from_the_sub_path(browser, sample_site: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(sample_site + "groups/no-such-group/")
    assert missing.value.code == 404
    browser.get(sample_site + "groups/no-such-group/")
    assert "404" in browser.find_element(By.TAG_NAME, "body").text
    sheets = browser.execute_script("return [...document.styleSheets].filter(s => s.cssRules.length).length")
    assert sheets >= 2
    home = browser.find_element(By.CSS_SELECTOR, "a.md-header__button.md-logo").get_attribute("href")
    assert home.rstrip("/").endswith(SUB_PATH.rstrip("/"))


def test_screenshots_of_key_pages(browser, phone, sample_site: str) -> None:
    for driver, size in ((browser, "1280"), (phone, "390")):
        for name, path in (("home", ""), ("group", "groups/gingerbread-west-london/"),
                           ("stale-group", "groups/west-london-action-for-children/"),
                           ("browse", "browse/area/kensington-and-chelsea/")):
            driver.get(sample_site + path)
            WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))
            assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"), \
                f"{name} scrolls sideways at {size} px"
            assert screenshot(driver, f"{name}-{size}").stat().st_size > 10_000


@pytest.mark.parametrize("query,expected", [
    ("Gingerbread", "Gingerbread West London group"),   # name
    ("Masbro", "Gingerbread West London group"),        # place
    ("W14 0LR", "Gingerbread West London group"),       # postcode
    ("stillbirth", "West London Sands"),                # topic
])
def test_the_site_search_finds_groups(browser, sample_site: str, query: str, expected: str) -> None:
    browser.get(sample_site)
    box = WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, "input.md-search__input")))
    box.click()
    box.send_keys(query)
    WebDriverWait(browser, 15).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".md-search-result__list"), expected))
