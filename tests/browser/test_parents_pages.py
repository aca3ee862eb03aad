"""What a parent sees, at 390 px (a phone) and 1280 px (a desktop), in real headless Chromium
(issue 18): buttons that do not touch, no name said twice, no heading over nothing, filters in use
in sight on a phone, e-mail addresses that break only between their parts, ways of meeting in one
order everywhere, no edit pencil on generated pages, and words a parent understands.

Which groups and events to look at comes from the YAML through the project's own loader, never
from the page.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from peerdir.models import FORMATS, Event, Group
from peerdir.render.parts.formats import formats_in_words
from peerdir.render.parts.text import folded
from peerdir.validate import load_directory

from ..conftest import REPO, TODAY
from .conftest import new_browser

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
GAP = 6  # px: the least space between two buttons that does not read as one control


@pytest.fixture(params=WIDTHS, ids=lambda width: f"{width}px")
def window(request: pytest.FixtureRequest) -> Iterator:
    """A headless Chromium as wide as a phone (390 CSS px) or a desktop (1280)."""
    driver = new_browser(request.param, 900)
    driver.set_window_size(request.param, 900)  # headless windows open at least 500 px wide
    try:
        assert driver.execute_script("return window.innerWidth") == request.param
        yield driver
    finally:
        driver.quit()


def open_page(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))


def open_map(driver, url: str) -> None:
    driver.get(url)
    WebDriverWait(driver, 20).until(EC.presence_of_element_located(
        (By.CSS_SELECTOR, "[data-map='directory'][data-ready]")))


def sample_groups() -> list[Group]:
    return [g for g in load_directory(REPO).directory.groups if g.status != "closed"]


def sample_events() -> list[Event]:
    return list(load_directory(REPO).directory.events)


def is_shown(driver, selector: str) -> bool:
    return driver.execute_script(
        "const e = document.querySelector(arguments[0]);"
        "return !!e && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'", selector)


# ------------------------------------------------------------------ buttons


BUTTON_BOXES = """
return [...document.querySelectorAll('article p')]
  .map(p => [...p.querySelectorAll(':scope > .md-button')].map(b => {
    const r = b.getBoundingClientRect();
    return {text: b.textContent.trim(), left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }))
  .filter(buttons => buttons.length > 1);
"""


def space_between(a: dict, b: dict) -> float:
    """How far apart two boxes are: across if they share a line, otherwise down."""
    vertical = max(a["top"], b["top"]) - min(a["bottom"], b["bottom"])
    horizontal = max(a["left"], b["left"]) - min(a["right"], b["right"])
    return max(vertical, horizontal)


@pytest.mark.parametrize("path", ["", "events/"], ids=["home", "events"])
def test_buttons_side_by_side_or_stacked_never_touch(window, sample_site: str, path: str) -> None:
    open_page(window, sample_site + path)
    rows = window.execute_script(BUTTON_BOXES)
    assert rows, "no paragraph with two buttons or more"
    for buttons in rows:
        for a, b in itertools.pairwise(buttons):
            assert space_between(a, b) >= GAP, f"{a['text']!r} and {b['text']!r} touch: {a} {b}"
    if window.execute_script("return window.innerWidth") == 390 and path == "":
        tops = [b["top"] for b in rows[0]]
        assert len(set(tops)) > 1, "on a phone the home page's buttons are expected to stack"


# ------------------------------------------------------------------ a group page


def test_a_group_page_does_not_repeat_its_name_under_it(window, sample_site: str) -> None:
    same = [g for g in sample_groups() if g.organisation and folded(g.organisation) == folded(g.name)]
    other = [g for g in sample_groups() if g.organisation and folded(g.organisation) != folded(g.name)]
    assert same and other, "the sample has groups of both kinds"
    open_page(window, sample_site + f"groups/{same[0].id}/")
    assert not window.find_elements(By.CSS_SELECTOR, ".group-organisation")
    top = window.execute_script(  # the title and what follows it, up to the first section
        "const h1 = document.querySelector('article h1'); const lines = [h1.innerText];"
        "for (let e = h1.nextElementSibling; e && e.tagName !== 'H2'; e = e.nextElementSibling) lines.push(e.innerText);"
        "return lines")
    assert [folded(line) for line in top].count(folded(same[0].name)) == 1, top
    open_page(window, sample_site + f"groups/{other[0].id}/")
    assert window.find_element(By.CSS_SELECTOR, ".group-organisation").text == other[0].organisation


def test_the_map_links_of_a_place_sit_on_whole_lines(window, sample_site: str) -> None:
    """"Open in your map app" and "Show on OpenStreetMap": side by side, or the link whole on the next line."""
    located = next(g for g in sample_groups() if g.location and not g.location.approximate)
    open_page(window, sample_site + f"groups/{located.id}/")
    boxes = window.execute_script(
        "const p = document.querySelector('article p:has(> a[href^=\"geo:\"])');"
        "return [...p.children].map(a => [...a.getClientRects()].map(r => ({top: r.top, bottom: r.bottom,"
        " left: r.left, right: r.right})));")
    button, link = boxes
    assert len(button) == 1 and len(link) == 1, f"a control is broken over two lines: {boxes}"
    assert space_between(button[0], link[0]) >= GAP, boxes


# ------------------------------------------------------------------ the map


def test_no_online_heading_over_nothing_when_a_filter_leaves_no_such_group(window, sample_site: str) -> None:
    remote = [g for g in sample_groups() if g.location is None]
    assert remote, "the sample has groups with no meeting place"
    open_map(window, sample_site + "map/")
    assert is_shown(window, "#map-remote-title"), "without filters the online groups are listed"
    open_map(window, sample_site + "map/?format=in-person")
    numbers = window.execute_script("return document.querySelector('[data-map=directory]').dataset")
    assert numbers["remote"] == "0" and int(numbers["markers"]) > 0, numbers
    assert not is_shown(window, "#map-remote-title")
    status = window.find_element(By.CSS_SELECTOR, "[data-status]").text
    assert status.endswith(f"match: {numbers['markers']} on the map."), status  # not "0 you can join"
    assert "These groups have no meeting place" not in window.find_element(By.CSS_SELECTOR, "article").text
    # Nothing beside the map: it takes the whole width of the page.
    widths = window.execute_script(
        "return [document.querySelector('.map-frame').getBoundingClientRect().width,"
        " document.querySelector('.map-layout').getBoundingClientRect().width]")
    assert widths[0] >= widths[1] - 2, widths


def active_filters(driver) -> list[str]:
    """The chips of the filters in use, by their accessible names as Chromium computes them."""
    chips = driver.find_elements(By.CSS_SELECTOR, "[data-active-filters] button")
    return [chip.accessible_name for chip in chips if chip.is_displayed()]


def test_on_a_phone_the_filters_in_use_show_and_each_goes_in_one_tap(window, sample_site: str) -> None:
    groups = sample_groups()
    topic = next(t for g in groups for t in g.topics)
    vocabulary = load_directory(REPO).directory.vocabularies
    topic_name = next(t.name for t in vocabulary.topics if t.id == topic)
    open_map(window, sample_site + f"map/?topic={topic}&format=in-person")
    phone = window.execute_script("return window.innerWidth") == 390
    if not phone:
        # On a desktop the choices themselves are in sight: no chips to repeat them.
        assert active_filters(window) == []
        return
    assert window.find_element(By.CSS_SELECTOR, "[data-filters-toggle]").text == "Filters (2)"
    assert not window.find_element(By.ID, "map-filter-topic").is_displayed(), "the choices are folded away"
    assert active_filters(window) == [f"Remove filter: {topic_name}", "Remove filter: In person"]
    chip = window.find_element(By.CSS_SELECTOR, "[data-active-filters] button")
    box = chip.rect
    assert box["height"] >= 44 and box["width"] >= 44, box  # a target a thumb can hit
    window.execute_script("arguments[0].scrollIntoView({block: 'center'})", chip)
    chip.click()
    assert active_filters(window) == ["Remove filter: In person"]
    query = parse_qs(urlsplit(window.current_url).query)
    assert "topic" not in query and query.get("format") == ["in-person"], window.current_url
    assert window.find_element(By.CSS_SELECTOR, "[data-filters-toggle]").text == "Filters (1)"
    assert window.switch_to.active_element.accessible_name == "Remove filter: In person"
    window.switch_to.active_element.click()
    assert active_filters(window) == []
    assert window.find_element(By.CSS_SELECTOR, "[data-filters-toggle]").text == "Filters"
    numbers = window.execute_script("return document.querySelector('[data-map=directory]').dataset")
    assert int(numbers["matching"]) == len(groups)


# ------------------------------------------------------------------ e-mail addresses


# Where each line of a link (those `arguments[0]` selects) starts, from the boxes of its characters
# (Range.getClientRects): the character before each new line.
LINE_BREAKS = """
const breaks = [];
for (const link of document.querySelectorAll(arguments[0])) {
  const chars = [];
  const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect) chars.push({c: node.data[i], top: rect.top, width: rect.width});
    }
  }
  const lines = [];
  for (let i = 1; i < chars.length; i++) {
    if (chars[i].top > chars[i - 1].top + 2) lines.push(chars[i - 1].c);
  }
  // Whether a part of the address between its dots, slashes and @ is wider than the line it is in:
  // such a part can only break inside (the page's overflow-wrap, rather than widen the table).
  const box = link.closest('td, li, p, dd, div');
  const style = getComputedStyle(box);
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  let part = 0, widest = 0;
  for (const ch of chars) {
    part += ch.width;
    widest = Math.max(widest, part);
    if ('./@'.includes(ch.c)) part = 0;
  }
  breaks.push({text: link.textContent, after: lines, tooWide: widest > room});
}
return breaks;
"""


@pytest.mark.parametrize("path", ["events/", "events/{event}/", "newsletter/2026-11-peertalk/"],
                         ids=["diary", "event", "newsletter"])
def test_an_email_address_breaks_only_after_an_at_or_a_dot(window, sample_site: str, path: str) -> None:
    event = next(e for e in sample_events() if e.register and e.register.email)
    open_page(window, sample_site + path.format(event=event.id))
    # Not "E-mail us a correction": words, which break between words like any others.
    breaks = window.execute_script(LINE_BREAKS, 'a[href^="mailto:"]:not(.suggest-correction *)')
    assert breaks, "no e-mail address on the page"
    for link in breaks:
        assert set(link["after"]) <= {"@", "."}, f"{link['text']} breaks inside a word: after {link['after']}"
    if path == "events/" and window.execute_script("return window.innerWidth") == 1280:
        # The diary's narrow column: the address does break there, at the @ (the case of issue 18).
        assert any(link["after"] for link in breaks), breaks


@pytest.mark.parametrize("path", ["events/", "events/{event}/", "groups/{group}/"], ids=["diary", "event", "group"])
def test_a_web_address_breaks_only_after_a_dot_or_a_slash(window, sample_site: str, path: str) -> None:
    # One still to come on the pinned day: a past event's page has no way to register.
    event = next(e for e in sample_events() if e.register and e.register.url
                 and (e.start is None or e.start.date() >= date.fromisoformat(TODAY)))
    group = next(g for g in sample_groups() if g.contact.website)
    open_page(window, sample_site + path.format(event=event.id, group=group.id))
    breaks = window.execute_script(LINE_BREAKS, "a.web-address")
    assert breaks, "no web address on the page"
    for link in breaks:
        if link["tooWide"]:  # a part wider than its column breaks where it must, as any long word does
            continue
        assert set(link["after"]) <= {".", "/"}, f"{link['text']} breaks inside a word: after {link['after']}"
    if path == "events/" and window.execute_script("return window.innerWidth") == 1280:
        # The diary's narrow column: the addresses whose parts fit it break there, at a dot or a slash
        # ("www.gingerbread." / "org.uk", where "www.gingerbr" / "ead.org.uk" could break before).
        assert any(link["after"] for link in breaks if not link["tooWide"]), breaks


# ------------------------------------------------------------------ ways of meeting


# The text of the list item (`arguments[0]`) that links to a group page (its address ends `arguments[1]`);
# textContent, as the map lays out only the items in sight (content-visibility), whose innerText is empty.
ITEM_OF_GROUP = """
const link = [...document.querySelectorAll('a')].find(a => a.href.endsWith(arguments[1]) && a.closest(arguments[0]));
return link ? link.closest(arguments[0]).textContent : '(no link to ' + arguments[1] + ')';
"""


def test_ways_of_meeting_read_the_same_on_a_to_z_the_map_and_a_group_page(window, sample_site: str) -> None:
    mixed = [g for g in sample_groups() if len(g.formats) > 1
             and tuple(f for f in FORMATS if f in g.formats) != g.formats]
    assert mixed, "the sample has a group whose ways of meeting are written in another order"
    group = mixed[0]
    expected = formats_in_words(group.formats)
    assert expected != ", ".join(formats_in_words([f]) for f in group.formats)  # not the editor's order

    open_page(window, sample_site + f"groups/{group.id}/")
    how = window.find_element(By.XPATH, "//p[strong[starts-with(., 'How it meets')]]").text
    assert how == f"How it meets: {expected}"

    open_page(window, sample_site + "browse/a-z/")
    item = window.execute_script(ITEM_OF_GROUP, "article li", f"/groups/{group.id}/")
    assert expected in item, item

    open_map(window, sample_site + "map/")
    details = window.execute_script(ITEM_OF_GROUP, ".map-group", f"/groups/{group.id}/")
    assert expected + " · " in details, details


# ------------------------------------------------------------------ edit links and corrections


def test_generated_pages_offer_a_correction_not_the_theme_edit_pencil(window, sample_site: str) -> None:
    group = sample_groups()[0]
    event = sample_events()[0]
    for path in (f"groups/{group.id}/", f"events/{event.id}/", "events/", "browse/a-z/", "support-types/"):
        open_page(window, sample_site + path)
        assert not window.find_elements(By.CSS_SELECTOR, "a[rel=edit], .md-content__button"), path
    for path in (f"groups/{group.id}/", f"events/{event.id}/"):
        open_page(window, sample_site + path)
        # Without a GitHub account, by e-mail (mkdocs.yml: corrections_email); with one, on GitHub.
        email = window.find_element(By.LINK_TEXT, "E-mail us a correction")
        assert email.get_attribute("href").startswith("mailto:corrections@example.org?subject=Correction"), path
        link = window.find_element(By.LINK_TEXT, "suggest a correction on GitHub")
        assert "/issues/new?" in link.get_attribute("href"), path
        assert email.is_displayed() and link.is_displayed()
    # Hand-written pages end with a line in words to their own Markdown file on GitHub: no bare pencil
    # beside a parent's heading. It comes after everything else in the article.
    for path, source in (("", "index.md"), ("newsletter/2026-11-peertalk/", "newsletter/2026-11-peertalk.md")):
        open_page(window, sample_site + path)
        assert not window.find_elements(By.CSS_SELECTOR, ".md-content__button"), path
        edit = window.find_element(By.CSS_SELECTOR, "article a[rel=edit]")
        assert edit.text == "Edit this page on GitHub", path
        assert edit.get_attribute("href").endswith(f"/edit/main/content/{source}"), path
        assert window.execute_script("const a = document.querySelector('article'); "
                                     "return a.lastElementChild.contains(arguments[0])", edit), path


# ------------------------------------------------------------------ words


def test_an_event_with_no_date_yet_says_so_once(window, sample_site: str) -> None:
    undated = [e for e in sample_events() if e.start is None]
    assert undated, "the sample has an event with no date yet"
    open_page(window, sample_site + f"events/{undated[0].id}/")
    text = window.find_element(By.CSS_SELECTOR, "article").text
    assert text.count("Date to be confirmed") == 1, text
    # The events page: the heading over them says it, and their rows do not say it again.
    open_page(window, sample_site + "events/")
    text = window.find_element(By.CSS_SELECTOR, "article").text
    assert text.count("Date to be confirmed") == 1, text
    heading = window.find_element(By.ID, "date-to-be-confirmed")
    table = heading.find_element(By.XPATH, "following-sibling::div[1]//table")
    assert [th.get_attribute("textContent") for th in table.find_elements(By.CSS_SELECTOR, "thead th")] == [
        "What", "Who for", "Where", "How to register"]
    assert {row.find_element(By.CSS_SELECTOR, "th").get_attribute("textContent")
            for row in table.find_elements(By.CSS_SELECTOR, "tbody tr")} == {event.title for event in undated}


def test_the_newsletter_feed_says_what_it_does(window, sample_site: str) -> None:
    open_page(window, sample_site + "newsletter/")
    link = window.find_element(By.CSS_SELECTOR, "article a[href$='feed.xml']")
    assert link.text == "Get new issues in a news reader (RSS)"
    assert "RSS feed" not in window.find_element(By.CSS_SELECTOR, "article").text


def test_an_area_page_names_its_area_once_not_under_every_group(window, sample_site: str) -> None:
    group = next(g for g in sample_groups() if g.area != "national")
    vocabulary = load_directory(REPO).directory.vocabularies
    area = next(t.name for t in vocabulary.areas if t.id == group.area)
    open_page(window, sample_site + f"browse/area/{group.area}/")
    small_print = [e.text for e in window.find_elements(By.CSS_SELECTOR, "article li small")]
    assert small_print and not [line for line in small_print if area in line.split(" · ")], small_print
    assert window.find_element(By.CSS_SELECTOR, "article h1").text == area
    open_page(window, sample_site + "browse/a-z/")
    assert area in window.execute_script(ITEM_OF_GROUP, "article li", f"/groups/{group.id}/")
