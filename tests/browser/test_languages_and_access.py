"""Languages and access needs in real headless Chromium (issue 27), on the sample site with some groups run
in Welsh (written `cy`, `Welsh` and `Cymraeg`) and one in British Sign Language: the map's language and
access filters show exactly the groups that have them and live in the address, and the site's search
finds a Welsh group by the language's own name. Expected groups come from the YAML through the loader.

A screenshot of the map at 390 px filtered to Welsh goes to tests/.artifacts/ (map-language-390.png).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from ..conftest import copy_project
from .conftest import build_and_serve, screenshot
from .test_map import choose_and_check_filter, map_numbers, open_groups, open_map
from .test_search import open_with_shortcut, results_for

pytestmark = pytest.mark.browser

# group id -> its languages as an editor might write them
WELSH = {"full-of-life": "[English, Welsh]", "tamba": "[Cymraeg]", "west-london-sands": "[cy, en]"}
SIGNED = {"child-death-helpline": "[English, British Sign Language]"}


@pytest.fixture(scope="module")
def languages_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("languages"))
    text = (project / "groups.yaml").read_text()
    for group_id, written in {**WELSH, **SIGNED}.items():
        text, found = re.subn(rf"(- id: {group_id}\n(?:    .*\n|      .*\n|\n)*?    languages: )\[English\]",
                              lambda m, w=written: m[1] + w, text)
        assert found == 1, group_id
    (project / "groups.yaml").write_text(text)
    return project


@pytest.fixture(scope="module")
def languages_site(languages_project: Path) -> Iterator[str]:
    yield from build_and_serve(languages_project)


@pytest.mark.parametrize("parameter, value, field", [
    ("lang", "cy", "languages"),
    ("lang", "bfi", "languages"),
    ("access", "step-free", "access"),
])
def test_language_and_access_filters_show_exactly_the_matching_groups_and_live_in_the_url(
        browser, languages_site: str, languages_project: Path, parameter: str, value: str, field: str) -> None:
    want = [g for g in open_groups(languages_project) if value in getattr(g, field)]
    assert want and len(want) < len(open_groups(languages_project))
    open_map(browser, languages_site + "map/")
    choose_and_check_filter(browser, parameter, value, want)


def test_the_language_filter_names_each_language_in_english_and_in_itself(browser, languages_site: str) -> None:
    open_map(browser, languages_site + "map/?lang=cy")
    select = Select(browser.find_element(By.CSS_SELECTOR, "select[name='lang']"))
    assert [o.text for o in select.options] == ["Any language", "British Sign Language", "English", "Welsh (Cymraeg)"]
    assert select.first_selected_option.text == "Welsh (Cymraeg)"


@pytest.mark.parametrize("query", ["Cymraeg", "Welsh"])
def test_search_finds_a_welsh_group_by_either_name_of_the_language(browser, languages_site: str, query: str) -> None:
    browser.get(languages_site)
    open_with_shortcut(browser)
    titles = results_for(browser, query)
    names = {g.name for g in open_groups() if g.id in WELSH}
    assert names <= set(titles), titles


def test_screenshot_of_the_map_filtered_to_welsh_on_a_phone(phone, languages_site: str) -> None:
    open_map(phone, languages_site + "map/?lang=cy")
    WebDriverWait(phone, 10).until(lambda d: map_numbers(d)["matching"] == len(WELSH))
    assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert screenshot(phone, "map-language-390").stat().st_size > 10_000


def test_ways_to_look_lead_to_each_languages_groups(browser, languages_site: str, languages_project: Path) -> None:
    browser.get(languages_site)
    browser.find_element(By.LINK_TEXT, "By language").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Browse by language")
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "article li a")] == [
        "British Sign Language", "English", "Welsh (Cymraeg)"]
    browser.find_element(By.LINK_TEXT, "Welsh (Cymraeg)").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Welsh (Cymraeg)")
    listed_names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "article li strong a")]
    assert sorted(listed_names) == sorted(g.name for g in open_groups(languages_project) if "cy" in g.languages)
    browser.get(languages_site)
    browser.find_element(By.LINK_TEXT, "By access needs").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.TAG_NAME, "h1").text == "Browse by access needs")
    browser.find_element(By.LINK_TEXT, "Step-free access").click()
    listed_names = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "article li strong a")]
    assert sorted(listed_names) == sorted(g.name for g in open_groups(languages_project) if "step-free" in g.access)
