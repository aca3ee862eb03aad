"""A parent's path through the directory, in a real browser, on a site served from a sub-path."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import SUB_PATH, screenshot
from .test_search import open_with_shortcut, results_for

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


@pytest.mark.parametrize("missing", ["no-such-page/", "groups/no-such-group/", "a/b/c/d/e.html"])
def test_the_404_page_helps_and_its_links_work_from_any_depth(phone, sample_site: str, missing: str) -> None:
    """An old link or QR code, or a group that changed its id: plain words, then the ways to find it,
    each link working from wherever the missing address was, the search and "Need help now?"."""
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(sample_site + missing)
    assert answer.value.code == 404
    phone.get(sample_site + missing)
    assert phone.title == "Page not found - Parent and carer peer support"
    assert phone.find_element(By.CSS_SELECTOR, "article h1").text == "Sorry, we cannot find that page"
    assert "changed its name or stopped meeting" in phone.find_element(By.CSS_SELECTOR, "article").text
    sheets = phone.execute_script("return [...document.styleSheets].filter(s => s.cssRules.length).length")
    assert sheets >= 2
    home = phone.find_element(By.CSS_SELECTOR, "a.md-header__button.md-logo").get_attribute("href")
    assert home.rstrip("/").endswith(SUB_PATH.rstrip("/"))
    links = {a.text: a.get_attribute("href") for a in phone.find_elements(By.CSS_SELECTOR, "article a")}
    assert list(links) == ["Find a group", "Every group from A to Z", "The map of groups", "Events",
                           "The newsletter", "Go to the home page"]
    for text, url in links.items():
        assert url.startswith(sample_site) and "//" not in url.split("://", 1)[1], (text, url)
        with urllib.request.urlopen(url) as response:
            assert response.status == 200, (text, url)
    assert phone.find_element(By.CSS_SELECTOR, ".help-now").is_displayed()
    if missing == "groups/no-such-group/":
        screenshot(phone, "404-390")
    phone.find_element(By.CSS_SELECTOR, "article [data-site-search-open]").click()
    box = WebDriverWait(phone, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog.site-search input")))
    assert phone.execute_script("return document.activeElement === arguments[0]", box)
    overflow = phone.execute_script("return document.documentElement.scrollWidth > window.innerWidth")
    assert not overflow


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


# What people type, and the page that must come first: names, parts of names (punctuation separates
# words: `(`, `)`, `#`, `&`, `/`), places, postcodes, areas, topics and who a group is for.
FIRST_RESULTS = [
    ("PNDchat", "PND & Me (#PNDchat)"),                         # the part of a name in brackets, after #
    ("pndchat", "PND & Me (#PNDchat)"),                         # as typed on a phone
    ("#PNDchat", "PND & Me (#PNDchat)"),
    ("PND", "PND & Me (#PNDchat)"),                             # the part before &
    ("PND & Me", "PND & Me (#PNDchat)"),
    ("pndandme", "PND & Me (#PNDchat)"),                        # its web address
    ("Twins Trust", "Tamba (Twins Trust)"),                     # the part of a name in brackets
    ("Tamba", "Tamba (Twins Trust)"),
    ("Gingerbread", "Gingerbread West London group"),
    ("Compassionate", "The Compassionate Friends"),
    ("Child & Family", "Child & Family Connections"),
    # where it meets: one of the group's own events there (a page that names the venue) comes first
    ("Masbro", "Gingerbread West London: single parents' get-together (January)"),
    ("W14 0LR", "Gingerbread West London: single parents' get-together (January)"),  # postcode, as above
    ("Fulham", "Hammersmith and Fulham"),                       # area
    ("Kensington and Chelsea", "Kensington and Chelsea"),
    ("UK-wide", "National (UK-wide)"),                          # the part of an area's name in brackets
    ("stillbirth", "Stillbirth and neonatal death"),            # topic
    ("perinatal", "Perinatal mental health"),
    ("dads", "Dads and male carers"),                           # who it is for
]


def test_the_site_search_puts_what_people_type_first(browser, sample_site: str) -> None:
    browser.get(sample_site)
    open_with_shortcut(browser)
    found = [(query, (results_for(browser, query) or ["(nothing found)"])[0]) for query, _ in FIRST_RESULTS]
    assert found == FIRST_RESULTS
