"""Hostile text from a pull request stays text, everywhere.

The site is built from tests/fixtures/hostile (script tags, `<img onerror>`, `javascript:` and
`data:` links, `${...}`, backticks, Markdown link tricks, a very long word, right-to-left text
and emoji in every text field of a group, an event and the vocabularies), and every page of it
is opened in headless Chromium with alert/confirm/prompt replaced, before any script runs, by a
recorder. No dialog may ever fire, no element may have been injected, and each hostile value
must appear on its pages exactly as typed. The files beside the pages (.ics, .json, .csv, .xml)
must keep the text as text too.

A newsletter issue written for this data (tests/fixtures/hostile/newsletter/) has the same tricks in
its front matter, which the theme writes into the page's title, header and search results.

Expected values come from the fixture through the project's own loader, never from the page.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from peerdir import languages
from peerdir.render.parts.contact import web_label
from peerdir.validate import Directory, load_directory

from ..conftest import FIXTURES, copy_project, read_feed, run_cli
from .conftest import build_and_serve
from .test_search import open_with_shortcut, results_for

pytestmark = pytest.mark.browser

HOSTILE = FIXTURES / "hostile"
SITE_NAME = "Parent and carer peer support"  # mkdocs.yml

RECORD_DIALOGS = (
    "window.__dialogs = [];"
    "for (const name of ['alert', 'confirm', 'prompt', 'print'])"
    "  window[name] = (...args) => { window.__dialogs.push(name + ': ' + args.join(' ')); };"
)

# Everything on a page that hostile text could have turned into markup or script.
INJECTED = r"""
const found = [];
const schemeOf = (value) => {
  try { return new URL(value.trim(), document.baseURI).protocol; } catch (error) { return 'unparsable:'; }
};
for (const element of document.querySelectorAll('*')) {
  for (const attribute of element.attributes) {
    const name = attribute.name.toLowerCase();
    if (name.startsWith('on')) found.push(`${element.tagName} with ${name}="${attribute.value}"`);
    if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster'].includes(name)
        && ['javascript:', 'data:', 'vbscript:'].includes(schemeOf(attribute.value))) {
      found.push(`${element.tagName} with ${name}="${attribute.value}"`);
    }
  }
}
for (const element of document.querySelectorAll(
    'iframe, frame, frameset, object, embed, applet, marquee, base, meta[http-equiv="refresh" i], article style, '
    + 'article form:not(.map-place), article input:not(.map-place input), article textarea')) {
  found.push(element.outerHTML.slice(0, 120));
}
for (const link of document.querySelectorAll('link[rel~="stylesheet" i], link[rel~="import" i]')) {
  if (new URL(link.href).origin !== location.origin) found.push(`style from ${link.href}`);
}
for (const script of document.scripts) {
  if (script.src && new URL(script.src).origin !== location.origin) found.push(`script from ${script.src}`);
  // The page's structured data holds the editors' words as JSON strings: data that no browser runs.
  const data = ['application/ld+json', 'application/json'].includes(script.type.toLowerCase());
  if (!script.src && !data && /alert|\$\{/.test(script.textContent)) {
    found.push(`inline script: ${script.textContent.slice(0, 120)}`);
  }
}
for (const image of document.images) {
  const source = image.getAttribute('src') || '';
  const outside = new URL(source, document.baseURI).origin !== location.origin;
  if (source === 'x' || (outside && !image.classList.contains('leaflet-tile'))) found.push(image.outerHTML.slice(0, 120));
}
// A page's text is in its article; an issue's e-mail edition (newsletter/<issue>/email.html) has its column.
for (const bold of document.querySelectorAll('article b, .email-column b')) found.push(`<b>${bold.textContent}</b>`);
for (const element of document.querySelectorAll('.email-column style, .email-column form')) {
  found.push(element.outerHTML.slice(0, 120));
}
if (!document.querySelector('article, .email-column') || document.body.offsetHeight === 0) found.push('the page is hidden');
return found;
"""


def norm(text: str) -> str:
    """Text as a page shows it: runs of whitespace (line separators included) as one space."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("hostile"), HOSTILE)


@pytest.fixture(scope="module")
def hostile_site(hostile_project: Path) -> Iterator[str]:
    yield from build_and_serve(hostile_project)


@pytest.fixture(scope="module")
def hostile(hostile_project: Path) -> Directory:
    result = load_directory(hostile_project)
    assert not result.problems
    return result.directory


@pytest.fixture
def recording(browser):
    """A browser in which any dialog, from any script on any page, is recorded instead of shown."""
    browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_DIALOGS})
    return browser


def open_and_settle(driver, url: str) -> None:
    """Open a page and wait until it and its maps have done everything they do by themselves."""
    driver.get(url)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
    WebDriverWait(driver, 20).until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('[data-map]')].every(m => m.dataset.ready || m.matches('.is-broken'))"))


def assert_nothing_ran(driver, where: str) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - raises when no dialog is open
    assert driver.execute_script("return window.__dialogs") == [], where
    assert driver.execute_script(INJECTED) == [], where


def text_of(driver, selector: str = "article") -> str:
    return norm(driver.find_element(By.CSS_SELECTOR, selector).get_attribute("textContent"))


def site_pages(site: Path) -> list[str]:
    return sorted(str(page.relative_to(site).parent).replace(".", "") + "/" if page.name == "index.html"
                  else str(page.relative_to(site)) for page in site.rglob("*.html"))


# ------------------------------------------------------------------ every page


def test_no_page_runs_hostile_text_or_grows_markup_from_it(recording, hostile_site: str,
                                                            hostile_project: Path) -> None:
    pages = site_pages(hostile_project / "site")
    assert len(pages) > 25 and "map/" in pages and "groups/hostile-script/" in pages
    for page in pages:
        open_and_settle(recording, hostile_site + page.lstrip("/"))
        assert_nothing_ran(recording, page)


def test_the_checks_catch_markup_that_did_get_in(recording, hostile_site: str) -> None:
    # They must be able to fail: the same page with an injected image and link is caught.
    open_and_settle(recording, hostile_site + "groups/hostile-template/")
    recording.execute_script("window.__refused = [];"
                             "document.addEventListener('securitypolicyviolation', e => __refused.push(e.violatedDirective))")
    recording.execute_script("document.querySelector('article').insertAdjacentHTML('beforeend', "
                             "'<img src=x onerror=\"alert(1)\"><a href=\"javascript:alert(2)\">x</a><b>b</b>')")
    found = recording.execute_script(INJECTED)
    assert len(found) == 4, found  # the handler, the javascript: link, the image, the bold
    # The injected handler does not run: the page's security policy refuses inline handlers
    # (peerdir/content_policy.py). A dialog opened by a script that does run is recorded.
    WebDriverWait(recording, 5).until(lambda d: d.execute_script("return window.__refused") == ["script-src-attr"])
    assert recording.execute_script("return window.__dialogs") == []
    recording.execute_script("alert(1)")
    assert recording.execute_script("return window.__dialogs") == ["alert: 1"]


def test_group_text_shows_exactly_as_typed(recording, hostile_site: str, hostile: Directory) -> None:
    for group in hostile.groups:
        open_and_settle(recording, hostile_site + f"groups/{group.id}/")
        assert recording.find_element(By.CSS_SELECTOR, "article h1").get_attribute("textContent") == group.name
        assert recording.title.startswith(group.name)
        assert text_of(recording, ".group-summary") == norm(group.summary)
        page = text_of(recording)
        contact, location = group.contact, group.location
        typed = [group.organisation, group.alert, group.schedule_note, group.cost, group.referral,
                 group.accessibility, *(languages.label(tag) for tag in group.languages), contact.phone_note,
                 location and location.name, location and location.address,
                 *(meeting.note for meeting in group.schedule)]
        for value in filter(None, typed):
            assert norm(value) in page, value
        if contact.email:
            assert contact.email in [a.text for a in recording.find_elements(By.CSS_SELECTOR, "a[href^='mailto:']")]
        if contact.website:
            link = recording.find_element(By.LINK_TEXT, web_label(contact.website))
            assert link.get_attribute("href").startswith("https://example.org/")
        assert_nothing_ran(recording, group.id)


def test_markdown_descriptions_lose_their_scripts_and_dangerous_links_but_keep_their_words(
        recording, phone, hostile_site: str) -> None:
    open_and_settle(recording, hostile_site + "groups/hostile-script/")
    description = recording.find_element(By.CSS_SELECTOR, ".group-description")
    links = [(a.text, a.get_attribute("href")) for a in description.find_elements(By.TAG_NAME, "a")]
    assert [text for text, _ in links] == ["link", "raw link", "data"]
    assert all(href is None for _, href in links), "javascript: and data: addresses are removed"
    assert description.find_elements(By.CSS_SELECTOR, "script, iframe, img, style") == []
    words = norm(description.get_attribute("textContent"))
    assert "longwordthatmustwrap" in words
    assert "مرحبا بكم في المجموعة — שלום 👨‍👩‍👧 🌈" in words
    # The very long word wraps: the page never scrolls sideways on a phone.
    open_and_settle(phone, hostile_site + "groups/hostile-script/")
    assert phone.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_event_and_vocabulary_text_shows_exactly_as_typed(recording, hostile_site: str, hostile: Directory) -> None:
    event = hostile.events[0]
    open_and_settle(recording, hostile_site + f"events/{event.id}/")
    assert recording.find_element(By.CSS_SELECTOR, "article h1").get_attribute("textContent") == event.title
    page = text_of(recording)
    for value in (event.who_for, event.location.name, event.register.note):
        assert norm(value) in page, value
    assert [a.get_attribute("href") for a in recording.find_elements(By.CSS_SELECTOR, ".group-description a, "
                                                                     "article a[href^='javascript' i]")] in ([], [None])
    open_and_settle(recording, hostile_site + "events/")
    assert event.title in [a.text for a in recording.find_elements(By.CSS_SELECTOR, "article a")]
    vocabularies = hostile.vocabularies
    for facet, folder in (("support_types", "type"), ("audiences", "who-for"), ("topics", "topic"),
                          ("areas", "area")):
        for term in getattr(vocabularies, facet):
            open_and_settle(recording, hostile_site + f"browse/{folder}/{term.id}/")
            assert recording.find_element(By.CSS_SELECTOR, "article h1").get_attribute("textContent") == term.name
            if term.description:
                assert norm(term.description) in text_of(recording)
            assert_nothing_ran(recording, f"{facet}/{term.id}")
    open_and_settle(recording, hostile_site + "browse/a-z/")
    names = [a.get_attribute("textContent") for a in recording.find_elements(By.CSS_SELECTOR, "article li a")]
    assert sorted(names) == sorted(g.name for g in hostile.groups)


STRUCTURED_DATA = ("return [...document.querySelectorAll('script')].filter(s => s.type === 'application/ld+json')"
                   ".map(s => JSON.parse(s.textContent))")


def test_structured_data_holds_hostile_text_as_typed(recording, hostile_site: str, hostile: Directory) -> None:
    """Chromium finds one JSON-LD script on each event and group page, whose JSON (parsed by the browser)
    holds the title exactly: `</script>`, `<!--` or `"},"x":"` in it ended neither the element nor the string."""
    pages = [(f"events/{e.id}/", e.title) for e in hostile.events] + [(f"groups/{g.id}/", g.name) for g in hostile.groups]
    for page, name in pages:
        open_and_settle(recording, hostile_site + page)
        items = recording.execute_script(STRUCTURED_DATA)
        assert len(items) == 1 and items[0]["name"] == name, page
        assert_nothing_ran(recording, page)
    assert "</script><script>alert(1)</script><!--" in [e.title for e in hostile.events]


def test_the_site_search_shows_hostile_names_as_text(recording, hostile_site: str) -> None:
    open_and_settle(recording, hostile_site)
    open_with_shortcut(recording)
    # The venue of the group called <script>alert('name')</script>.
    titles = [norm(title) for title in results_for(recording, "Hall")]
    assert "<script>alert('name')</script>" in titles, titles
    assert recording.execute_script("return window.__dialogs") == []
    assert recording.execute_script(
        "return [...document.querySelectorAll('.site-search [onerror], .site-search img, "
        ".site-search script, .site-search svg[onload]')].length") == 0


def test_newsletter_front_matter_shows_exactly_as_typed(recording, hostile_site: str, hostile: Directory) -> None:
    (issue,) = hostile.issues
    assert "<script>" in issue.title and "<img" in issue.summary and "&amp;" in issue.title  # as typed
    open_and_settle(recording, hostile_site + f"newsletter/{issue.slug}/")
    assert recording.title == f"{issue.title} - {SITE_NAME}"
    assert recording.find_element(By.CSS_SELECTOR, "article h1").get_attribute("textContent") == issue.title
    header = recording.find_element(By.CSS_SELECTOR, "[data-md-component=header-topic] .md-ellipsis")
    assert norm(header.get_attribute("textContent")) == issue.title
    assert_nothing_ran(recording, "the issue")
    open_and_settle(recording, hostile_site + "newsletter/")
    titles = [a.get_attribute("textContent") for a in recording.find_elements(By.CSS_SELECTOR, "article h2 a")]
    assert titles == [issue.title]
    assert norm(issue.summary) in text_of(recording)
    assert_nothing_ran(recording, "the list of issues")
    open_with_shortcut(recording)
    found = [norm(title) for title in results_for(recording, "quotes")]  # a word of the issue's title
    assert found[0] == issue.title, found
    assert_nothing_ran(recording, "the search results")


def test_newsletter_front_matter_prints_exactly_as_typed(hostile_project: Path, hostile: Directory,
                                                         tmp_path: Path) -> None:
    (issue,) = hostile.issues
    pdf = tmp_path / "issue.pdf"
    result = run_cli("--root", str(hostile_project), "pdf", str(issue.number), "--output", str(pdf))
    assert result.code == 0, result.stderr
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True, timeout=120).stdout
    assert re.search(r"^Title:\s+(.*)$", info, re.MULTILINE)[1] == f"{issue.title} - {SITE_NAME}", info
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120).stdout
    assert issue.title in norm(text)


# ------------------------------------------------------------------ the files beside the pages


def test_feeds_and_sitemaps_are_well_formed_xml(hostile_project: Path) -> None:
    site = hostile_project / "site"
    for name in ("feed.xml", "sitemap.xml"):
        ET.parse(site / name)  # raises if hostile text had broken the XML


def test_feed_readers_show_the_issue_exactly_as_typed(hostile_project: Path, hostile: Directory) -> None:
    (issue,) = hostile.issues
    assert read_feed(hostile_project / "site" / "feed.xml") == (
        f"{SITE_NAME}: newsletter", [(f"{issue.title} (issue {issue.number})", issue.summary)])


def test_calendar_files_keep_the_text_as_text(hostile_project: Path, hostile: Directory) -> None:
    site = hostile_project / "site"
    event = hostile.events[0]

    def look_alike(text: str) -> str:  # calendar.py writes < and > as look-alikes, for apps that show HTML
        return text.replace("<", "\uff1c").replace(">", "\uff1e")

    calendar = icalendar.Calendar.from_ical((site / f"events/{event.id}.ics").read_bytes())
    entry = next(iter(calendar.walk("VEVENT")))
    assert str(entry["SUMMARY"]) == look_alike(event.title)
    assert str(entry["LOCATION"]).startswith(look_alike(event.location.name))
    assert "javascript:" not in str(entry.get("DESCRIPTION", ""))
    group = hostile.groups[0]
    meetings = icalendar.Calendar.from_ical((site / f"groups/{group.id}.ics").read_bytes())
    assert all(look_alike(group.name) in str(e["SUMMARY"]) for e in meetings.walk("VEVENT"))


def test_open_data_keeps_the_text_as_typed(hostile_project: Path, hostile: Directory) -> None:
    site = hostile_project / "site"
    by_id = {g.id: g for g in hostile.groups}
    published = json.loads((site / "data/groups.json").read_text(encoding="utf-8"))["groups"]
    assert {g["id"]: g["name"] for g in published} == {i: g.name for i, g in by_id.items()}
    assert {g["id"]: g["summary"] for g in published} == {i: g.summary for i, g in by_id.items()}
    events = json.loads((site / "data/events.json").read_text(encoding="utf-8"))["events"]
    assert [e["title"] for e in events] == [e.title for e in hostile.events]
    services = json.loads((site / "data/hsds/services.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in (services if isinstance(services, list) else services["services"])} \
        == {g.name for g in hostile.groups if g.status != "closed"}
    rows = list(csv.DictReader(io.StringIO((site / "data/groups.csv").read_text(encoding="utf-8-sig"))))
    assert {r["ID"]: r["Name"] for r in rows} == {i: g.name for i, g in by_id.items()}
    cost = by_id["hostile-script"].cost
    assert cost.startswith("=")
    assert next(r for r in rows if r["ID"] == "hostile-script")["Cost"] == "'" + cost, "a formula stays text"
    map_records = json.loads((site / "map/groups.json").read_text(encoding="utf-8"))["groups"]
    assert {r[0]: r[1] for r in map_records} == {i: g.name for i, g in by_id.items() if g.status != "closed"}
