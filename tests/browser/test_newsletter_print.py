"""A newsletter issue on paper: a real headless Chromium print to PDF of the sample issue, read
back with poppler (`pdftotext`, `pdfinfo`, `pdftoppm`), and the issue page in print and screen
media in a real browser.

The page images are written to tests/.artifacts/newsletter-print-*.png for a person to look at.
"""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from peerdir.pdf import find_chromium, sandbox_flags, write_issue_pdfs
from peerdir.render.parts.event_words import when_in_words
from peerdir.validate import load_directory

from ..conftest import REPO, TODAY, copy_project, elements, run_cli
from .conftest import ARTIFACTS, screenshot

pytestmark = pytest.mark.browser

ISSUE_URL = "newsletter/2026-11-peertalk/"
DIARY_FROM, DIARY_TO = date(2026, 11, 16), date(2027, 7, 31)  # the sample issue's diary embed
XHTML = "{http://www.w3.org/1999/xhtml}"
SITE_CHROME = (  # text of the site around the issue, which paper must not show
    "Skip to content", "Find a group", "Table of contents", "Made with", "Material for MkDocs",
    "example/peer-support", "Print this issue", "Download PDF", "All issues", "Back to top",
    "Add to calendar", "Edit this page",
)


@pytest.fixture(scope="module")
def issue_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`build.py pdf 1`: the sample issue printed by headless Chromium."""
    project = copy_project(tmp_path_factory.mktemp("newsletter-pdf"))
    output = project / "out" / "peertalk.pdf"
    result = run_cli("--root", str(project), "pdf", "1", "--today", TODAY, "--output", str(output))
    assert result.code == 0, result.stderr
    assert result.stdout.strip() == str(output)
    assert not (project / "site").exists()  # printed from a scratch build
    return output


def poppler(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=120).stdout


def diary_events() -> list:
    events = load_directory(REPO).directory.events
    return [e for e in events if e.start is None or DIARY_FROM <= e.start.date() <= DIARY_TO]


def test_the_pdf_holds_the_issue_and_every_diary_entry_and_none_of_the_site(issue_pdf: Path) -> None:
    text = " ".join(poppler("pdftotext", str(issue_pdf), "-").split())
    # Title, number and date at the top of the first page.
    first_page = " ".join(poppler("pdftotext", "-f", "1", "-l", "1", str(issue_pdf), "-").split())
    # Under the one line of crisis numbers every printed page starts with (help-now.css).
    title_at = first_page.find("#PeerTalk: spotlight on parents Issue 1 · Monday 16 November 2026")
    assert first_page[:title_at].startswith("Need help now?") and title_at < 200, first_page[:300]
    assert "Read this issue online: example.github.io/peer-support/newsletter/" in first_page
    # Every diary entry, in its table: the title in the What column, the date in the When column.
    columns = table_columns(issue_pdf, ("What", "Who", "When", "Where", "How"))
    assert len(diary_events()) == 12
    for event in diary_events():
        assert event.title in columns["What"], (event.title, columns["What"])
        assert when_in_words(event) in columns["When"], (when_in_words(event), columns["When"])
    # Groups, from the data, with how to reach them.
    assert "Gingerbread West London group" in text and "0808 802 0925" in text
    # A link to another website is followed by its address; links within the site are not.
    assert "NHS website’s mental health pages (https://www.nhs.uk/mental-health/)" in text  # typographic
    assert "127.0.0.1" not in text
    for chrome in SITE_CHROME:
        assert chrome not in text, chrome


def test_the_pdf_is_a4_and_its_pages_are_saved_to_look_at(issue_pdf: Path) -> None:
    info = poppler("pdfinfo", str(issue_pdf))
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])
    assert 2 <= pages <= 12, info
    ARTIFACTS.mkdir(exist_ok=True)
    for old in ARTIFACTS.glob("newsletter-print-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(issue_pdf), str(ARTIFACTS / "newsletter-print")],
                   check=True, timeout=120)
    assert len(list(ARTIFACTS.glob("newsletter-print-*.png"))) == pages


DIARY_HEADINGS = ("What", "Who", "When", "Where", "How")
BOTTOM_MARGIN = 16 * 72 / 25.4  # print.css's @page bottom margin, in points: the page number is below it
QR_GAP = 20 * 72 / 25.4  # points: taller than a row's padding, shorter than a QR code (24 mm, print.css)


def table_columns(pdf: Path, headings: tuple[str, ...]) -> dict[str, str]:
    """The text of each column of the table with these headings, over all the pages it spans."""
    pages = table_pages(pdf, headings)
    if not pages:
        raise AssertionError(f"no table headed {headings} in {pdf}")
    return {name: " ".join(page[name] for page in pages.values()) for name in headings}


def table_pages(pdf: Path, headings: tuple[str, ...]) -> dict[int, dict[str, str]]:
    """For each page (numbered from 1) with a row of these headings (first words): the text of each
    column below it, read from the words' positions (pdftotext -bbox-layout), as plain pdftotext
    interleaves the lines of neighbouring cells."""
    found = {}
    for number, page in enumerate(pdf_pages(pdf), start=1):
        height = float(page.get("height"))
        words = sorted(((float(w.get("yMin")), float(w.get("xMin")), w.text or "") for w in page.iter(f"{XHTML}word")),
                       key=lambda w: (round(w[0]), w[1]))
        for top, _, text in words:
            header = {t: x for y, x, t in reversed(words) if abs(y - top) < 2 and t in headings}
            if text != headings[0] or header.keys() != set(headings):
                continue
            starts = sorted(header.values())
            # The table ends at the page's end, or at the QR codes under it: the first gap between
            # lines taller than any row's padding is their pictures (at least 2 cm, no words).
            lines = sorted({y for y, _, _ in words if top + 2 < y < height - BOTTOM_MARGIN})
            bottom = next(((upper + lower) / 2 for upper, lower in itertools.pairwise(lines) if lower - upper > QR_GAP),
                          height - BOTTOM_MARGIN)
            cells: dict[str, list[str]] = {name: [] for name in headings}
            for y, x, word in words:
                if top + 2 < y < bottom - 2:
                    column = max(i for i, start in enumerate(starts) if x >= start - 2)
                    cells[headings[column]].append(word)
            found[number] = {name: " ".join(words) for name, words in cells.items()}
            break
    return found


def pdf_pages(pdf: Path) -> list[ET.Element]:
    return list(ET.fromstring(poppler("pdftotext", "-bbox-layout", str(pdf), "-")).iter(f"{XHTML}page"))


def filled(page: ET.Element) -> float:
    """How far down the page its text reaches, as a fraction of its height (the page number aside)."""
    height = float(page.get("height"))
    return max(float(w.get("yMax")) for w in page.iter(f"{XHTML}word")
               if float(w.get("yMax")) < height - BOTTOM_MARGIN) / height


def test_a_long_diary_breaks_between_rows_with_its_headings_on_every_page(issue_pdf: Path) -> None:
    """The diary is not moved whole to a new page (which left most of a page blank before it): it
    starts under the text before it, breaks between rows, repeats its headings on every page it
    spans, and never cuts a row in two."""
    pages = table_pages(issue_pdf, DIARY_HEADINGS)
    first, last = min(pages), max(pages)
    assert last > first, f"the sample diary should be long enough to run onto a second page: {sorted(pages)}"
    assert sorted(pages) == list(range(first, last + 1)), sorted(pages)  # the headings on each page
    every_page = pdf_pages(issue_pdf)
    first_page_text = " ".join(w.text or "" for w in every_page[first - 1].iter(f"{XHTML}word"))
    assert "Dates for the diary" in first_page_text  # the heading, its sentence and the first rows together
    assert all(filled(page) > 0.7 for page in every_page[:-1]), [round(filled(p), 2) for p in every_page]
    for event in diary_events():  # each row whole, on one page
        holding = [n for n, columns in pages.items() if event.title in columns["What"]]
        assert len(holding) == 1, (event.title, holding)
        row = pages[holding[0]]
        assert " ".join(event.who_for.split()) in row["Who"], (event.who_for, row["Who"])
        assert when_in_words(event) in row["When"], (when_in_words(event), row["When"])


# --------------------------------------------------------------------------- the page in a browser


PRINT_LAYOUT = """
const shown = el => el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0;
const after = el => getComputedStyle(el, '::after').content;
const external = document.querySelector('article a.external-link');
const internal = document.querySelector('article a[href*="/groups/"]');
const qr = document.querySelector('.newsletter-group .qr-figure svg');
return {
  header: shown(document.querySelector('.md-header')),
  navigation: shown(document.querySelector('.md-sidebar--primary')),
  toc: shown(document.querySelector('.md-sidebar--secondary')),
  search: shown(document.querySelector('.site-search-button')),
  footer: shown(document.querySelector('.md-footer')),
  edit: shown(document.querySelector('.page-edit')),
  buttons: shown(document.querySelector('.newsletter-actions')),
  title: shown(document.querySelector('article h1')),
  masthead: shown(document.querySelector('.newsletter-masthead')),
  online: shown(document.querySelector('.newsletter-online')),
  qr: shown(qr),
  qrWidth: qr ? qr.getBoundingClientRect().width : 0,
  qrLabel: qr ? qr.getAttribute('aria-label') : '',
  helpNow: [...document.querySelectorAll('.help-now')].map(shown),
  externalAfter: after(external),
  externalHref: external.getAttribute('href'),
  internalAfter: after(internal),
  rowBreak: getComputedStyle(document.querySelector('.events-table tbody tr')).breakInside,
  groupBreak: getComputedStyle(document.querySelector('.newsletter-group')).breakInside,
  bodySize: getComputedStyle(document.querySelector('article h2 + p')).fontSize,
};
"""

# Crisis lines: paper keeps the site's own bar (overrides/partials/help-now.html, before the page)
# and lines an issue carries itself.
ADD_HELP_NOW = """
const bar = document.createElement('div');
bar.className = 'help-now';
bar.textContent = 'Need help now? Call 999';
document.querySelector('article').prepend(bar);
"""


def open_issue(driver, base: str) -> None:
    driver.get(base + ISSUE_URL)
    WebDriverWait(driver, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "article h1")))


@pytest.fixture
def print_media(browser) -> Iterator:
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    yield browser
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_in_print_the_issue_has_no_site_chrome_and_shows_qr_codes(print_media, sample_site: str) -> None:
    open_issue(print_media, sample_site)
    print_media.execute_script(ADD_HELP_NOW)
    layout = print_media.execute_script(PRINT_LAYOUT)
    hidden = ("header", "navigation", "toc", "search", "footer", "edit", "buttons")
    assert not any(layout[name] for name in hidden), layout
    assert layout["title"] and layout["masthead"] and layout["online"] and layout["qr"], layout
    assert layout["qrWidth"] >= 75, layout  # at least 2 cm (96 CSS px to the inch)
    assert layout["qrLabel"].startswith("QR code: "), layout
    assert layout["helpNow"] == [True, True], layout
    assert layout["externalAfter"] == f'" ({layout["externalHref"]})"', layout
    assert layout["internalAfter"] in ("none", "normal"), layout
    assert (layout["rowBreak"], layout["groupBreak"]) == ("avoid", "avoid"), layout
    assert layout["bodySize"] == "16px", layout  # 12pt


SCREEN = """
const shown = el => el && getComputedStyle(el).display !== 'none';
return {
  qr: [...document.querySelectorAll('.qr-figure')].some(shown),
  printOnly: [...document.querySelectorAll('.print-only')].some(shown),
  button: document.querySelector('.newsletter-actions button').textContent,
  feed: document.querySelector('link[rel~=alternate][type="application/rss+xml"]').href,
  sideways: document.documentElement.scrollWidth > window.innerWidth + 1,
};
"""


def test_on_screen_the_issue_has_a_print_button_and_no_qr_codes(browser, phone, sample_site: str) -> None:
    for driver, name in ((browser, "newsletter-issue-1280"), (phone, "newsletter-issue-390")):
        open_issue(driver, sample_site)
        screen = driver.execute_script(SCREEN)
        assert not screen["qr"] and not screen["printOnly"], screen
        assert screen["button"] == "Print this issue"
        assert screen["feed"].endswith("/peer-support/feed.xml"), screen
        assert not screen["sideways"], screen
        # Nothing fails to load.
        assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
        screenshot(driver, name)


def test_a_build_with_pdfs_links_each_issue_to_its_pdf(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    result = run_cli("--root", str(project), "build", "--pdf", "--today", TODAY)
    assert result.code == 0, result.stderr
    site = project / "site"
    pdf = site / "newsletter/2026-11-peertalk.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    page = (site / ISSUE_URL / "index.html").read_text()
    link = re.search(r'<a (?=[^>]*\bclass="?md-button\b)(?=[^>]*\bdownload\b)[^>]*>Download PDF</a>', page)
    assert link, "no Download PDF button"
    href = elements(link[0])[0].attributes["href"]
    assert (site / ISSUE_URL / href).resolve() == pdf.resolve()
    assert "Issue 1" in " ".join(poppler("pdftotext", "-l", "1", str(pdf), "-").split())


# What a script in an issue would write on paper, if printing ran it: the local server's address and
# the browser's name (both once reached a PDF this way).
PAGE_SCRIPT = ('<script>document.write("SCRIPT RAN " + location.href + " " + navigator.userAgent)</script>'
               '<img src="none.png" onerror="document.write(\'HANDLER RAN\')" alt="">')


def test_printing_runs_no_script_of_the_page(tmp_path: Path) -> None:
    """A script written into the built issue (validate and the build would refuse or drop it in the
    Markdown) is not run by the print: the PDF has the issue and nothing a script writes."""
    project = copy_project(tmp_path)
    assert run_cli("--root", str(project), "build", "--today", TODAY).code == 0
    site = project / "site"
    page = site / ISSUE_URL / "index.html"
    page.write_text(page.read_text().replace("</h1>", "</h1>" + PAGE_SCRIPT, 1))
    issues = load_directory(project).directory.published().issues
    [pdf] = write_issue_pdfs(site, issues, find_chromium())
    text = " ".join(poppler("pdftotext", str(pdf), "-").split())
    assert "spotlight on parents" in text and "Dates for the diary" in text
    for written in ("SCRIPT RAN", "HANDLER RAN", "127.0.0.1", "HeadlessChrome", "Mozilla"):
        assert written not in text


def test_chromium_keeps_its_sandbox_unless_run_as_root() -> None:
    assert ("--no-sandbox" in sandbox_flags()) == (os.geteuid() == 0)  # Chromium refuses root with a sandbox
