"""The site's search (Pagefind, overrides/assets/javascripts/site-search.js) in real headless Chromium,
on the sample site built for a sub-path: nothing of it is fetched before it is opened; the keyboard
shortcut and the header's button open it with the focus in the box; what people type finds the page
they mean first; results are links without the search words in their address, with the words marked
in the excerpt; axe finds nothing serious with results shown; Escape closes it.

Screenshots of the open search at 390 px and 1280 px, light and dark, go to tests/.artifacts/.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import screenshot
from .test_accessibility import axe_violations, serious, use_scheme

pytestmark = pytest.mark.browser

BUTTON = "button[data-site-search-open]"
BOX = "dialog.site-search input[type=search]"
RESULT_LINKS = "dialog.site-search .site-search__results a"
RESULT_TITLES = "dialog.site-search .site-search__result-title"
SEARCH_FILES = ("pagefind/", "search/")  # wherever a search keeps its script and index

# What people type, and the page that must come first.
FIRST_RESULTS = [
    ("PNDchat", "PND & Me (#PNDchat)"),  # the part of a name in brackets, after #
    ("Twins Trust", "Tamba (Twins Trust)"),  # the part of a name in brackets
    ("Gingerbread", "Gingerbread West London group"),
    # where it meets: one of the group's own events there (a page that names the venue) comes first
    ("Masbro", "Gingerbread West London: single parents' get-together (January)"),
]


def requested(driver) -> list[str]:
    """The paths below the site's address of every request the page has made so far."""
    entries = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [urlsplit(url).path for url in entries]


def search_requests(driver) -> list[str]:
    return [path for path in requested(driver) if any(f"/{part}" in path for part in SEARCH_FILES)]


def open_with_shortcut(driver, key: str = "/") -> None:
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, BUTTON)))
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.peerdirSearch === true"))
    ActionChains(driver).send_keys(key).perform()
    WebDriverWait(driver, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, BOX)))


def results_for(driver, query: str) -> list[str]:
    """The titles of the results once `query` is in the box and its results are shown."""
    box = driver.find_element(By.CSS_SELECTOR, BOX)
    box.clear()
    box.send_keys(query)
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return document.querySelector('.site-search__results').dataset.query === arguments[0]", query))
    return driver.execute_script("return [...document.querySelectorAll(arguments[0])].map(e => e.textContent)",
                                 RESULT_TITLES)


def test_nothing_of_the_search_is_fetched_before_it_is_opened(browser, sample_site: str) -> None:
    browser.get(sample_site + "groups/tamba/")
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return document.readyState === 'complete'"))
    browser.execute_script("return new Promise(r => setTimeout(r, 500))")
    assert search_requests(browser) == []
    assert browser.find_elements(By.CSS_SELECTOR, "dialog.site-search") == []
    open_with_shortcut(browser)
    results_for(browser, "Tamba")
    fetched = search_requests(browser)
    assert any(path.endswith("/pagefind/pagefind.js") for path in fetched), fetched


@pytest.mark.parametrize("key", ["/", "s", "f"])
def test_the_shortcut_opens_the_search_with_the_focus_in_the_box(browser, sample_site: str, key: str) -> None:
    browser.get(sample_site)
    open_with_shortcut(browser, key)
    assert browser.execute_script("return document.activeElement.matches(arguments[0])", BOX)
    assert browser.find_element(By.CSS_SELECTOR, BOX).get_attribute("value") == ""  # the key is not typed
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 5).until(EC.invisibility_of_element_located((By.CSS_SELECTOR, BOX)))
    # The dialog's "close" event, which hands the focus back, is queued after the dialog is hidden
    # (HTML's "close the dialog" steps), so the focus leaves it a moment later: wait for that, not longer.
    WebDriverWait(browser, 5).until(lambda d: d.execute_script(
        "return document.activeElement === document.body || !document.activeElement.closest('dialog')"))


def test_what_people_type_finds_the_page_they_mean_first(browser, sample_site: str) -> None:
    browser.get(sample_site)
    open_with_shortcut(browser)
    found = [(query, (results_for(browser, query) or ["(nothing found)"])[0]) for query, _ in FIRST_RESULTS]
    assert found == FIRST_RESULTS


def test_a_word_the_site_does_not_have_finds_nothing_rather_than_its_first_letters(browser, sample_site: str) -> None:
    """Pagefind searches a word it does not know as the longest beginning of it that it knows:
    "autism" (in no page of the sample) as "a", which found 48 pages. A parent is told nothing was found."""
    browser.get(sample_site)
    open_with_shortcut(browser)
    for query in ("autism", "zzqx"):
        assert results_for(browser, query) == [], query
        status = browser.find_element(By.CSS_SELECTOR, ".site-search__status").text
        assert status == "No pages found", (query, status)
    # A word the index stems, and one half typed, still find what they mean.
    assert results_for(browser, "bereavement")[0] == "Bereaved parents"
    assert results_for(browser, "Gingerbr")[0] == "Gingerbread West London group"


def test_results_are_links_without_the_search_words_with_the_words_marked(browser, sample_site: str) -> None:
    browser.get(sample_site)
    open_with_shortcut(browser)
    assert results_for(browser, "Gingerbread")
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, RESULT_LINKS)]
    assert links and all(link.startswith(sample_site) for link in links), links
    assert not [link for link in links if "?" in link or "gingerbread" in (urlsplit(link).fragment.lower())]
    marks = [m.text.lower() for m in browser.find_elements(By.CSS_SELECTOR, "dialog.site-search mark")]
    assert marks and all("gingerbread" in mark for mark in marks), marks
    # The results are reached from the box with Tab (past the Close button) or the arrow keys.
    ActionChains(browser).send_keys(Keys.ARROW_DOWN).perform()
    assert browser.execute_script("return document.activeElement.href") == links[0]
    ActionChains(browser).send_keys(Keys.ENTER).perform()
    WebDriverWait(browser, 10).until(lambda d: d.current_url == links[0])
    assert not browser.find_elements(By.CSS_SELECTOR, "dialog.site-search[open]")


def test_the_header_button_opens_it_on_a_phone(phone, sample_site: str) -> None:
    phone.get(sample_site + "groups/")
    button = WebDriverWait(phone, 10).until(EC.element_to_be_clickable((By.CSS_SELECTOR, BUTTON)))
    button.click()
    WebDriverWait(phone, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, BOX)))
    assert phone.execute_script("return document.activeElement.matches(arguments[0])", BOX)
    assert results_for(phone, "PNDchat")[0] == "PND & Me (#PNDchat)"
    width = phone.execute_script("return document.querySelector('dialog.site-search').getBoundingClientRect().width")
    assert width >= phone.execute_script("return window.innerWidth") - 1, "the whole screen on a phone"


@pytest.mark.parametrize("palette", ["default", "slate"])
def test_the_open_search_with_results_has_no_serious_axe_violations(browser, phone, sample_site: str,
                                                                    palette: str) -> None:
    problems = []
    for driver, size in ((browser, "1280"), (phone, "390")):
        driver.get(sample_site)
        use_scheme(driver, palette)
        open_with_shortcut(driver)
        assert results_for(driver, "parents")
        problems += [f"{size} px: {text}" for text in serious(axe_violations(driver))]
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
        assert screenshot(driver, f"search-{palette}-{size}").stat().st_size > 10_000
    assert problems == [], "\n".join(problems)


def test_what_is_not_the_page_is_not_found(browser, sample_site: str) -> None:
    """Only each page's article is indexed: not the header, the navigation, the footer or the "Need
    help now?" bar, whose "Samaritans" is on every page but in the article of only two."""
    browser.get(sample_site)
    open_with_shortcut(browser)
    assert sorted(results_for(browser, "Samaritans")) == ["About this directory", "What is peer support?"]
