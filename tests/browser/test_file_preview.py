"""The pull request's preview, unzipped and opened from its folder (file://), as CONTRIBUTING step 7 says:
real headless Chromium, 390 px wide, following links from the home page to a group, the map and the events.

Without a server a link to a folder opens a listing of it, the browser refuses to fetch the map's data,
and Pagefind cannot load: `build.py build --file-preview` makes links name each page's index.html, writes
the map's groups into its page and has the search say it works on the published site.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import TODAY, copy_project, run_cli, web_pages
from .conftest import screenshot
from .test_map import (
    TILE_HOST,
    listed,
    map_numbers,
    markers_drawn,
    nearest_title,
    open_groups,
    press,
    search_place,
    severe_errors,
    wait_until_ready,
)

pytestmark = pytest.mark.browser

NOT_IN_PREVIEW = "The search works on the published site"
_LINK = re.compile(r"""<a\b[^>]*?\shref=("[^"]*"|'[^']*'|[^\s>]+)""")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@pytest.fixture(scope="module")
def preview_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built as the pull-request workflow builds its preview."""
    project = copy_project(tmp_path_factory.mktemp("file-preview"))
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--file-preview")
    assert result.code == 0, result.stderr
    return project / "site"


def follow(driver, link_text: str) -> None:
    """Click the link as a person would, and wait for the page it leads to."""
    open_link(driver, driver.find_element(By.LINK_TEXT, link_text))


def open_link(driver, link) -> None:
    before = driver.current_url
    press(driver, link)
    WebDriverWait(driver, 10).until(lambda d: d.current_url != before)
    assert_a_page(driver)


def assert_a_page(driver) -> None:
    """A page of the site, not Chromium's listing of a folder ("Index of …")."""
    assert driver.current_url.startswith("file://") and driver.current_url.split("?")[0].endswith("/index.html")
    assert not driver.title.startswith("Index of"), driver.current_url
    assert driver.find_elements(By.CSS_SELECTOR, "article.md-content__inner h1")


def heading(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, "article.md-content__inner h1").text


def test_the_preview_opened_from_its_folder_leads_to_a_group_the_map_and_the_events(
        phone, preview_folder: Path) -> None:
    driver = phone
    driver.get((preview_folder / "index.html").as_uri())
    assert_a_page(driver)
    assert driver.execute_script("return window.innerWidth") == 390
    shot = screenshot(driver, "file-preview-home-390")
    driver.set_window_size(390, 844)

    # The map, with a marker for every open group that has a place, from data in the page.
    follow(driver, "See groups on a map")
    wait_until_ready(driver)
    located = sum(1 for g in open_groups() if g.location)
    assert map_numbers(driver)["markers"] == located
    WebDriverWait(driver, 10).until(lambda d: markers_drawn(d) == located)
    assert "could not be shown" not in driver.find_element(By.CSS_SELECTOR, "[data-status]").text
    screenshot(driver, "file-preview-map-390")
    driver.set_window_size(390, 844)

    # The place box finds a postcode in the page's data: one in no group's details from the postcode
    # districts, then a group's own; and the nearest group's page opens from the list the script writes.
    search_place(driver, "SE1 7PB")
    WebDriverWait(driver, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    assert nearest_title(driver).startswith("Nearest to SE1 7PB (around ")
    search_place(driver, "W14 0LR")
    WebDriverWait(driver, 5).until(lambda d: nearest_title(d).startswith("Nearest to W14 0LR"))
    assert listed(driver, "nearest")[0] == "Gingerbread West London group"
    open_link(driver, driver.find_element(By.CSS_SELECTOR, "[data-list='nearest'] a"))
    assert heading(driver) == "Gingerbread West London group"
    wait_until_ready(driver, "[data-map='group'][data-ready]")

    # Home again from the menu, then the events.
    driver.find_element(By.CSS_SELECTOR, "label.md-header__button[for='__drawer']").click()
    home = WebDriverWait(driver, 10).until(EC.element_to_be_clickable(
        (By.XPATH, "//nav[contains(@class, 'md-nav--primary')]//a[normalize-space()='Home']")))
    home.click()
    WebDriverWait(driver, 10).until(lambda d: d.current_url == (preview_folder / "index.html").as_uri())
    follow(driver, "All dates for the diary")
    assert heading(driver) == "Dates for the diary"
    assert "events/index.html" in driver.current_url

    # And a group from the list of all groups from A to Z, by links the build wrote.
    driver.get((preview_folder / "groups" / "index.html").as_uri())
    follow(driver, "All groups from A to Z")
    first_group = driver.find_element(By.CSS_SELECTOR, "article.md-content__inner a[href*='/groups/']")
    name = first_group.text
    follow(driver, name)
    assert "/groups/" in driver.current_url and heading(driver) == name

    # The search says plainly that it works on the published site, and asks for nothing.
    press(driver, driver.find_element(By.CSS_SELECTOR, "button[data-site-search-open]"))
    status = WebDriverWait(driver, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, ".site-search__status")))
    assert status.text.startswith(NOT_IN_PREVIEW)
    driver.find_element(By.CSS_SELECTOR, ".site-search__input").send_keys("autism")
    assert status.text.startswith(NOT_IN_PREVIEW)
    screenshot(driver, "file-preview-search-390")
    assert severe_errors(driver, TILE_HOST) == []
    assert shot.is_file()


def test_every_link_between_the_previews_pages_names_a_file_that_is_there(preview_folder: Path) -> None:
    """Each page's links to the site's own pages and files, as a browser opening it from disk follows
    them (404.html, shown only by a server, links from the site's root and is left out; so are the
    newsletter's e-mail editions, whose links are all absolute but the sending service's placeholder)."""
    missing = []
    for page in web_pages(preview_folder):
        if page.name == "404.html" or preview_folder / "pagefind" in page.parents:
            continue
        for quoted in _LINK.findall(page.read_text(encoding="utf-8")):
            url = html.unescape(quoted.strip("\"'"))
            path = re.split(r"[?#]", url, maxsplit=1)[0]
            if not path or _SCHEME.match(url) or url.startswith("//"):
                continue
            if not (page.parent / path).is_file():
                missing.append(f"{page.relative_to(preview_folder)}: {url}")
    assert missing == []
