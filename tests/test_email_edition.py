"""The newsletter's e-mail edition (render/outputs/email_edition.py), the full issues in the feed, and
each area's calendar and feed, checked as their consumers read them: the e-mail's HTML by its own
markup (no stylesheet, no script, every look inline, absolute links) and by the Nu HTML Checker, its
text by its lines, the feed by feedparser, the calendars by icalendar, the strict `ical` and
recurring-ical-events. The browser's view of the e-mail is in tests/browser/test_email_in_browser.py.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import recurring_ical_events
from ical.calendar_stream import IcsCalendarStream

from peerdir import paths
from peerdir.render.outputs.email_edition import render_email_edition
from peerdir.render.parts.area_items import area_items
from peerdir.render.parts.common import Context, SiteSettings
from peerdir.validate import load_directory

from .conftest import REPO, TODAY, Element, copy_project, elements, page_text, read_feed, run_cli

SITE_URL = "https://example.org/peer-support/"
SLUG = "2026-11-peertalk"
UNSUBSCRIBE = "*|UNSUB|*"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Elements that show no box or text of their own, or whose look is the browser's everywhere (<br>).
WITHOUT_LOOK = {"html", "head", "meta", "title", "br", "wbr", "tbody", "tr", "strong", "em", "code", "small", "span", "time"}


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("email"))
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    return project


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "site"


@pytest.fixture(scope="module")
def email_html(site: Path) -> str:
    return (site / paths.issue_email(SLUG)).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def email_text(site: Path) -> str:
    return (site / paths.issue_email_text(SLUG)).read_text(encoding="utf-8")


def headings(page: str) -> list[str]:
    """The text of every h1 to h4, in order."""
    return [" ".join(re.sub(r"<[^>]+>", "", inner).split())
            for inner in re.findall(r"<h[1-4]\b[^>]*>(.*?)</h[1-4]>", page, re.DOTALL)]


def hrefs(found: list[Element]) -> list[str]:
    return [e.attributes["href"] for e in found if e.tag == "a" and "href" in e.attributes]


# --------------------------------------------------------------------------- the e-mail's HTML


def test_the_email_has_no_stylesheet_script_form_or_font(email_html: str) -> None:
    found = elements(email_html)
    tags = {e.tag for e in found}
    assert not tags & {"style", "script", "form", "input", "button", "iframe", "object", "embed", "svg"}
    assert not any(e.tag == "link" for e in found)  # no stylesheet, no web font, nothing to fetch
    assert "@font-face" not in email_html and "@import" not in email_html
    assert not any(name.startswith("on") for e in found for name in e.attributes)


def test_every_visible_element_carries_its_look_inline(email_html: str) -> None:
    body = email_html[email_html.index("<body"):]
    unstyled = [e for e in elements(body) if e.tag not in WITHOUT_LOOK and "style" not in e.attributes]
    assert unstyled == []
    styles = {e.tag: e.attributes.get("style", "") for e in elements(body)}
    assert "font-family" in styles["body"] and "color" in styles["body"] and "background-color" in styles["body"]
    assert all("color" in e.attributes["style"] for e in elements(body) if e.tag in ("a", "h1", "h2", "h3"))


def test_one_column_of_at_most_600_px_in_tables_for_outlook(email_html: str) -> None:
    found = elements(email_html)
    column = next(e for e in found if e.tag == "table" and "email-column" in e.attributes.get("class", ""))
    assert column.attributes["width"] == "600" and "max-width: 600px" in column.attributes["style"]
    assert all(e.attributes.get("role") == "presentation" for e in found if e.tag == "table")
    widths = [int(e.attributes["width"]) for e in found if e.attributes.get("width", "").isdigit()]
    assert max(widths) == 600


def test_every_link_and_image_is_absolute(email_html: str) -> None:
    found = elements(email_html)
    links = hrefs(found)
    assert len(links) > 80 and links.count(UNSUBSCRIBE) == 1
    # https, e-mail and phone; and sms: for the Shout line of "Need help now?", as on every web page.
    odd = [href for href in links if href != UNSUBSCRIBE and not href.startswith(("https://", "mailto:", "tel:", "sms:"))]
    assert odd == []
    assert sum(href.startswith(SITE_URL + "groups/") for href in links) >= 10  # each group's page
    assert sum(href.startswith(SITE_URL + "events/") for href in links) >= 10  # each event's page
    assert all(e.attributes.get("alt") is not None and e.attributes.get("width") and
               e.attributes["src"].startswith("https://") for e in found if e.tag == "img")


def test_a_line_to_the_web_version_the_help_lines_and_the_alongside_note(email_html: str) -> None:
    text = page_text(email_html)
    assert "Read this issue on the website" in text.split("Need help now?")[0]
    assert hrefs(elements(email_html))[0] == SITE_URL + "newsletter/2026-11-peertalk/"
    for line in ("Call 999", "Call 116 123", "Text SHOUT to 85258"):
        assert line in text
    assert "Peer support sits alongside help from your GP" in text
    assert "tel:116123" in hrefs(elements(email_html))


def test_the_email_says_what_the_web_issue_says(site: Path, email_html: str) -> None:
    web = (site / "newsletter" / SLUG / "index.html").read_text(encoding="utf-8")
    article = web[web.index("<article"):web.index("</article>")]
    email_words = page_text(email_html)
    for heading in headings(article):
        assert heading in email_words, heading
    web_groups = {href.rsplit("/", 2)[-2] for href in hrefs(elements(article)) if "/groups/" in href and "#" not in href}
    email_groups = {href.rsplit("/", 2)[-2] for href in hrefs(elements(email_html)) if "/groups/" in href and "#" not in href}
    assert web_groups and web_groups == email_groups
    web_events = {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs(elements(article))
                  if "/events/" in href and href.endswith("/") and not href.endswith("/events/")}
    email_events = {href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs(elements(email_html))
                    if "/events/" in href and not href.endswith("/events/")}
    assert web_events and web_events == email_events
    for day in re.findall(r'<time datetime="[^"]*">([^<]+)</time>', article):
        assert day.split(",")[0] in email_words, day


@pytest.mark.html_checker
def test_the_nu_html_checker_finds_no_error_in_the_email_as_sent(email_html: str, tmp_path: Path) -> None:
    """As the sending service sends it: its placeholder replaced by the reader's own unsubscribe address."""
    java = shutil.which("java")
    assert java and VNU.is_file(), "`make test` installs Java (make browser) and vnu.jar (npm ci)"
    sent = tmp_path / "sent.html"
    sent.write_text(email_html.replace(UNSUBSCRIBE, "https://example.us1.list-manage.com/unsubscribe?u=1&id=2"))
    wrong = tmp_path / "wrong.html"  # the same e-mail with one error of ours: proof that the checker reads it
    wrong.write_text(sent.read_text().replace("</body>", "<div><li>an item outside a list</li></div></body>"))
    process = subprocess.run([java, "-jar", str(VNU), "--html", "--errors-only", "--format", "json", str(sent),
                              str(wrong)], capture_output=True, text=True, timeout=600)
    messages = json.loads(process.stderr)["messages"]
    assert [m for m in messages if m["url"].endswith("/sent.html")] == [], messages
    assert [m for m in messages if m["url"].endswith("/wrong.html")]


# --------------------------------------------------------------------------- the plain-text edition


def test_the_text_edition_has_every_heading_and_every_link_address(email_html: str, email_text: str) -> None:
    for heading in headings(email_html):
        assert heading.replace("#", "") in email_text.replace("#", ""), heading
    flat = "".join(email_text.split())  # an address is never broken, but is on a line of its own when long
    for href in hrefs(elements(email_html)):
        assert f"<{href}>" in flat, href
    assert "Need help now?" in email_text and "tel:116123" in email_text
    assert "Dates for the diary" in email_text and "Saturday 28 November 2026, 14:00 to 16:00" in email_text


def test_the_text_edition_is_wrapped_at_72_columns(email_text: str) -> None:
    long = [line for line in email_text.splitlines() if len(line) > 72 and not re.fullmatch(r"\s*\S+", line)]
    assert long == []
    assert "<" not in re.sub(r"<[^<>\s]+>", "", email_text)  # no markup: only <address>es


# --------------------------------------------------------------------------- untrusted text, drafts, the command

HOSTILE_FRONT_MATTER = """---
title: "<img src=x onerror=alert(1)> & \\"quotes\\""
number: 2
date: 2026-12-01
summary: "<script>alert(2)</script> summary"
---

## News

Plain words.
"""
# What phase one refuses in an issue (content/newsletter/*.md), given to the renderer all the same:
# it must not trust the check.
HOSTILE_BODY = """
## News <b>bold</b>

A paragraph with <script>alert(3)</script> and <a href="javascript:alert(4)">a bad link</a>
and <span style="color:red" onclick="alert(5)">a styled span</span>.

![A photo of the group](../assets/photo.png)

[The types of support](../support-types.md#peer-led) and [the news](#news-bold).
"""


def test_hostile_text_stays_text_in_the_email_the_text_and_the_feed(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    (project / "content" / "newsletter" / "2026-12-hostile.md").write_text(HOSTILE_FRONT_MATTER, encoding="utf-8")
    result = run_cli("--root", str(project), "email", "2", "--today", TODAY, "--site-url", SITE_URL,
                     "--output-dir", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    email = (tmp_path / "out" / "2026-12-hostile-email.html").read_text()
    text = (tmp_path / "out" / "2026-12-hostile-email.txt").read_text()
    assert not any(e.tag in ("script", "img") for e in elements(email))
    assert "&lt;img src=x onerror=alert(1)&gt; &amp; \"quotes\"" in email  # the title, as typed
    assert "<img src=x onerror=alert(1)> & \"quotes\"" in text
    # the same issue in the feed: its title as text, its whole e-mail as HTML with no element from the title
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    titles = [title for title, _ in read_feed(project / "site" / "feed.xml")[1]]
    assert "<img src=x onerror=alert(1)> & \"quotes\" (issue 2)" in titles
    content = feedparser.parse((project / "site" / "feed.xml").read_bytes()).entries[0].content[0].value
    assert not any(e.tag in ("script", "img") for e in elements(content))

    directory = load_directory(project, date.fromisoformat(TODAY)).directory
    issue = replace(next(i for i in directory.issues if i.number == 2), body=HOSTILE_BODY)
    settings = SiteSettings(today=date.fromisoformat(TODAY), site_url=SITE_URL)
    edition = render_email_edition(issue, Context(directory, settings))
    found = elements(edition.html)
    assert not any(e.tag == "script" for e in found) and "alert(3)" not in edition.html + edition.text
    assert not any(name.startswith("on") for e in found for name in e.attributes)
    assert not any("javascript" in e.attributes.get("href", "") for e in found)
    assert "color:red" not in edition.html.replace(" ", "")
    (image,) = [e for e in found if e.tag == "img"]
    assert {**image.attributes, "style": ""} == {"width": "560", "src": SITE_URL + "assets/photo.png",
                                                 "alt": "A photo of the group", "style": ""}
    assert {SITE_URL + "support-types/#peer-led", SITE_URL + "newsletter/2026-12-hostile/#news-bold"} <= set(hrefs(found))


def test_the_unsubscribe_placeholder_is_a_setting_written_as_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    settings = project / "mkdocs.yml"
    settings.write_text(settings.read_text().replace(
        'email_unsubscribe: "*|UNSUB|*"', 'email_unsubscribe: "{{ unsubscribe_url }}\\"><script>x</script>"', 1))
    result = run_cli("--root", str(project), "email", "1", "--today", TODAY, "--output-dir", str(tmp_path / "out"))
    assert result.code == 0, result.stderr
    email = (tmp_path / "out" / f"{SLUG}-email.html").read_text()
    assert '{{ unsubscribe_url }}"><script>x</script>' in hrefs(elements(email))  # a link's address, as typed
    assert not any(e.tag == "script" for e in elements(email))
    settings.write_text(settings.read_text().replace('email_unsubscribe: "{{ unsubscribe_url }}', 'email_unsubscribe: "\\n'))
    result = run_cli("--root", str(project), "validate")
    assert result.code == 1 and "plugins.peerdir.email_unsubscribe" in result.stdout + result.stderr


def test_drafts_have_an_email_only_from_build_py_email_marked_draft(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    issue = project / "content" / "newsletter" / f"{SLUG}.md"
    issue.write_text(issue.read_text().replace("number: 1\n", "number: 1\ndraft: true\n", 1))
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    assert not (project / "site" / "newsletter" / SLUG).exists()
    assert "content:encoded" not in (project / "site" / "feed.xml").read_text()
    result = run_cli("--root", str(project), "email", SLUG, "--today", TODAY, "--output-dir", str(tmp_path / "out"))
    assert result.code == 0 and "is a draft" in result.stderr
    assert "Draft: not published" in page_text((tmp_path / "out" / f"{SLUG}-email.html").read_text())
    assert "Draft: not published" in (tmp_path / "out" / f"{SLUG}-email.txt").read_text()


def test_the_issue_page_links_its_email_edition_for_editors(site: Path) -> None:
    web = (site / "newsletter" / SLUG / "index.html").read_text(encoding="utf-8")
    assert {"email.html", "email.txt"} <= set(hrefs(elements(web)))
    nav = web[web.index('<nav class="md-nav md-nav--primary"'):]
    assert "email.html" not in nav.split("</nav>")[0]


# --------------------------------------------------------------------------- the feed, whole


def test_the_feed_carries_each_issue_whole(site: Path, email_html: str) -> None:
    feed = feedparser.parse((site / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    (entry,) = feed.entries
    (content,) = entry.content
    assert content.type == "text/html"
    for heading in headings(email_html)[1:]:  # every heading of the issue (the title is the item's too)
        assert heading in headings(content.value), heading
    assert "Call 116 123" in page_text(content.value)
    # feedparser keeps links of the schemes it knows, which do not include tel: or sms: (the numbers stay as text)
    wanted = {href for href in hrefs(elements(email_html)) if href != UNSUBSCRIBE and not href.startswith(("tel:", "sms:"))}
    wanted -= {SITE_URL + "newsletter/2026-11-peertalk/", SITE_URL + "newsletter/"}  # the e-mail's own top and foot
    assert wanted - set(hrefs(elements(content.value))) == set()
    assert UNSUBSCRIBE not in content.value  # the sending service adds its own footer
    assert entry.summary.startswith("What peer support looks like")


# --------------------------------------------------------------------------- your own area


def area_files(site: Path) -> dict[str, bytes]:
    return {p.stem: p.read_bytes() for p in sorted((site / "browse" / "area").glob("*.ics"))}


def test_each_area_with_groups_or_events_has_a_calendar_and_a_feed(site: Path) -> None:
    directory = load_directory(REPO, date.fromisoformat(TODAY)).directory
    items = area_items(Context(directory, SiteSettings(today=date.fromisoformat(TODAY), site_url=SITE_URL)))
    assert "hammersmith-and-fulham" in items and "brent" not in items
    assert set(area_files(site)) == set(items)
    assert {p.stem for p in (site / "browse" / "area").glob("*.xml")} == set(items)
    page = (site / "browse" / "area" / "hammersmith-and-fulham" / "index.html").read_text()
    assert "webcal://example.org/peer-support/browse/area/hammersmith-and-fulham.ics" in hrefs(elements(page))
    assert "../hammersmith-and-fulham.xml" in hrefs(elements(page)) and "On an iPhone" in page_text(page)
    brent = (site / "browse" / "area" / "brent" / "index.html").read_text()
    assert "webcal:" not in brent


def test_area_calendars_parse_in_three_readers_that_agree(site: Path) -> None:
    start = datetime(2026, 11, 23, tzinfo=ZoneInfo("Europe/London"))
    end = start + timedelta(days=120)
    for area, raw in area_files(site).items():
        loose = icalendar.Calendar.from_ical(raw)
        strict = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))  # raises on anything off the RFC
        expanded = recurring_ical_events.of(loose).between(start, end)
        by_recurring = sorted((str(e["UID"]), e["DTSTART"].dt.astimezone(ZoneInfo("UTC"))) for e in expanded)
        by_ical = sorted((e.uid, e.dtstart.astimezone(ZoneInfo("UTC")))
                         for e in strict.timeline_tz(ZoneInfo("Europe/London")).included(start, end))
        assert by_recurring == by_ical, area
        assert {str(e["UID"]) for e in loose.walk("VEVENT")} == {e.uid for e in strict.events}, area
    assert by_recurring, "the last area had nothing in four months"


def test_a_hostile_area_name_stays_text(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    vocabulary = project / "support_types.yaml"
    text = vocabulary.read_text()
    old = re.search(r"(  - id: hammersmith-and-fulham\n    name: )(.*)\n", text)
    assert old
    vocabulary.write_text(text.replace(old[0], old[1] + "'<b>Ham</b> & \"Fulham\"; <script>x</script>'\n"))
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    site = project / "site"
    calendar = icalendar.Calendar.from_ical((site / "browse/area/hammersmith-and-fulham.ics").read_bytes())
    assert "<" not in str(calendar["X-WR-CALNAME"]) and "Ham" in str(calendar["X-WR-CALNAME"])
    IcsCalendarStream.calendar_from_ics((site / "browse/area/hammersmith-and-fulham.ics").read_text())
    title, _ = read_feed(site / "browse/area/hammersmith-and-fulham.xml")
    assert title.endswith("events in <b>Ham</b> & \"Fulham\"; <script>x</script>")
    page = (site / "browse/area/hammersmith-and-fulham/index.html").read_text()
    article = page[page.index("<article"):page.index("</article>")]
    assert not any(e.tag in ("b", "script") for e in elements(article))
    assert "<b>Ham</b> & \"Fulham\"; <script>x</script>" in page_text(article)
