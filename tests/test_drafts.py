"""Newsletter drafts: `new-issue` starts one (`draft: true`); the live preview shows it marked Draft; a
real published build leaves it out everywhere (page, list, feed, search, sitemap, PDFs); `validate`
refuses to publish the example sentences, and a link from another page to a draft; a PDF of a draft
is a proof marked Draft on every page."""

from __future__ import annotations

import functools
import http.server
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from .browser.conftest import SUB_PATH, SubPathHandler, new_browser, screenshot, serving
from .browser.test_accessibility import axe_violations, serious
from .browser.test_html_validity import CANARY_HTML, THEME_ERRORS, errors, is_theme_error
from .conftest import TODAY, copy_project, indexed_pages, links, read_feed, run_cli
from .test_preview import fetch, search, served, wait_for

SITE_URL = "https://example.org/peer-support/"
DRAFT_DAY = "2026-12-07"  # `new-issue` on this day writes the sample's issue 2:
DRAFT = "content/newsletter/2026-12-peertalk.md"
DRAFT_ADDRESS = "newsletter/2026-12-peertalk/"
PUBLISHED_ADDRESS = "newsletter/2026-11-peertalk/"  # the sample's issue 1
KEEP_DRAFT = ", or keep `draft: true` in the front matter until the issue is ready"


def start_draft(project: Path) -> Path:
    result = run_cli("--root", str(project), "new-issue", "--today", DRAFT_DAY)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(f"{DRAFT}: issue 2 is started, as a draft")
    return project / DRAFT


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(project: Path) -> tuple[int, list[str]]:
    """Exit code and problems; the one "All good: …" line of a valid run is not a problem."""
    result = run_cli("--root", str(project), "validate", "--today", DRAFT_DAY)
    return result.code, [line for line in result.stdout.splitlines() if not line.startswith("All good: ")]


# --------------------------------------------------------------------------- new-issue and validate


def test_new_issue_starts_a_draft_and_says_how_to_publish_it(sample_project: Path) -> None:
    text = start_draft(sample_project).read_text(encoding="utf-8")
    front = text.split("\n---\n", 1)[0]
    assert front.endswith("\ndraft: true")
    comment = text[text.index("<!--"): text.index("-->")]
    assert "draft: true" in comment and "delete the line `draft: true` (or write `draft: false`)" in comment
    assert "`make serve` (or `.venv/bin/python build.py serve`)" in comment
    assert "python build.py" not in comment.replace(".venv/bin/python build.py", "")  # never a bare `python`
    # A draft may keep the example sentences: it is valid as it is.
    assert validate(sample_project) == (0, [])


PLACEHOLDER_MESSAGES = [
    f"{DRAFT}:5:10: summary: this is the example summary of a new issue, which would be published: write one or "
    f"two sentences about this issue instead{KEEP_DRAFT}",
    f'{DRAFT}:{{news}}:1: "What has happened since the last issue, and what is coming up." is an example sentence '
    f"of a new issue, which would be published: replace it with your own words or delete it{KEEP_DRAFT}",
    f'{DRAFT}:{{spotlight}}:1: "One kind of peer support, or the people it helps, in a little more depth." is an '
    "example sentence of a new issue, which would be published: replace it with your own words or delete "
    f"it{KEEP_DRAFT}",
    f'{DRAFT}:{{stories}}:1: "A story from someone who gives or receives peer support, shared with their '
    "permission.\" is an example sentence of a new issue, which would be published: replace it with your own "
    f"words or delete it{KEEP_DRAFT}",
]


@pytest.mark.parametrize("publish", [("draft: true\n", ""), ("draft: true", "draft: false")],
                         ids=["line-deleted", "draft-false"])
def test_an_issue_with_the_example_sentences_cannot_be_published(sample_project: Path,
                                                                 publish: tuple[str, str]) -> None:
    draft = start_draft(sample_project)
    replace_in(draft, *publish)
    lines = draft.read_text(encoding="utf-8").split("\n")
    below = {name: lines.index(f"## {heading}") + 3  # the sentence is two lines under its heading
             for name, heading in (("news", "Peer support news"), ("spotlight", "Spotlight"),
                                   ("stories", "Peer support stories"))}
    assert validate(sample_project) == (1, [message.format(**below) for message in PLACEHOLDER_MESSAGES])
    # Each sentence replaced, the issue is published.
    replace_in(draft, "Write one or two sentences about this issue: they show in the list of issues and in the "
               "feed.", "Our winter issue.")
    for sentence in ("What has happened since the last issue, and what is coming up.",
                     "One kind of peer support, or the people it helps, in a little more depth.",
                     "A story from someone who gives or receives peer support, shared with their permission."):
        replace_in(draft, sentence, "Our own words.")
    assert validate(sample_project) == (0, [])


def test_draft_is_true_or_false(sample_project: Path) -> None:
    replace_in(start_draft(sample_project), "draft: true", "draft: yes")
    assert validate(sample_project) == (1, [f"{DRAFT}:6:8: draft: `yes` is not allowed: write true or false"])


def test_a_link_to_a_draft_from_a_published_page_is_a_problem(sample_project: Path) -> None:
    draft = start_draft(sample_project)
    about = sample_project / "content/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nThe [next issue](newsletter/2026-12-peertalk.md).\n",
                     encoding="utf-8")
    line = about.read_text(encoding="utf-8").count("\n")
    assert validate(sample_project) == (1, [
        f"content/about.md:{line}:18: link: `newsletter/2026-12-peertalk.md` leads to an issue that is a draft "
        "(newsletter/2026-12-peertalk.md, `draft: true`), which the published site leaves out, so the link would "
        "lead nowhere: add the link once the issue is published, or delete it"])
    # A draft may link to another draft; once published, the link is fine.
    replace_in(draft, "## Spotlight\n", "## Spotlight\n\nSee [this issue](2026-12-peertalk.md).\n")
    replace_in(draft, "draft: true", "draft: true  # still being written")
    assert len(validate(sample_project)[1]) == 1
    draft.write_text(draft.read_text(encoding="utf-8").replace("draft: true  # still being written\n", "")
                     .replace("Write one or two sentences", "Two sentences")
                     .replace("What has happened", "What happened").replace("One kind of", "A kind of")
                     .replace("A story from", "Stories from"), encoding="utf-8")
    assert validate(sample_project) == (0, [])


# --------------------------------------------------------------------------- the published build


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with a draft (issue 2) beside the published issue 1, built with `build --pdf`."""
    project = copy_project(tmp_path_factory.mktemp("drafts"))
    start_draft(project)
    result = run_cli("--root", str(project), "build", "--pdf", "--today", DRAFT_DAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    # The build says what it left out, for an editor who forgot the issue was a draft.
    assert result.stderr.splitlines()[-1] == (
        f"Left out 1 draft (`draft: true`), which the published site does not show: issue 2, {DRAFT}. "
        "Delete the line `draft: true` to publish one.")
    return project / "site"


def test_a_draft_has_no_page_and_is_not_in_the_list_of_issues(published: Path) -> None:
    assert (published / PUBLISHED_ADDRESS / "index.html").is_file()
    assert not (published / DRAFT_ADDRESS).exists()
    listing = (published / "newsletter/index.html").read_text(encoding="utf-8")
    assert {"../2026-11-peertalk/", "2026-11-peertalk/"} & set(links(listing))
    assert "2026-12-peertalk" not in listing and "issue 2" not in listing and "Draft" not in listing


def test_a_draft_is_not_in_the_feed(published: Path) -> None:
    _, items = read_feed(published / "feed.xml")
    assert [title for title, _ in items] == ["#PeerTalk: spotlight on parents (issue 1)"]
    assert b"2026-12-peertalk" not in (published / "feed.xml").read_bytes()


def test_a_draft_is_not_in_the_search_or_the_sitemap(published: Path) -> None:
    pages = indexed_pages(published)
    addresses = {page["url"] for page in pages}
    assert "/" + PUBLISHED_ADDRESS in addresses and "/" + DRAFT_ADDRESS not in addresses
    assert not [page for page in pages if "issue 2" in page["title"] or "What has happened" in page["text"]]
    sitemap = ET.parse(published / "sitemap.xml").getroot()
    urls = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert SITE_URL + PUBLISHED_ADDRESS in urls and SITE_URL + DRAFT_ADDRESS not in urls


def test_the_search_in_a_browser_does_not_find_a_draft(published: Path) -> None:
    handler = functools.partial(SubPathHandler, site=published)
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
        found = [address for _, address in search(base, "PeerTalk")]
        assert SUB_PATH + PUBLISHED_ADDRESS in found and SUB_PATH + DRAFT_ADDRESS not in found, found
        assert not [address for _, address in search(base, "happened") if DRAFT_ADDRESS in address]


def test_build_with_pdfs_prints_only_the_published_issues(published: Path) -> None:
    assert sorted(p.name for p in (published / "newsletter").glob("*.pdf")) == ["2026-11-peertalk.pdf"]


def test_a_pdf_of_a_draft_is_a_proof_marked_draft_on_every_page(sample_project: Path) -> None:
    start_draft(sample_project)
    output = sample_project / "proof.pdf"
    result = run_cli("--root", str(sample_project), "pdf", "2", "--today", DRAFT_DAY, "--output", str(output))
    assert result.code == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1] == (
        "issue 2 is a draft (`draft: true`): this PDF is a proof, marked Draft on every page; the published site "
        "has no page or PDF of it until `draft: true` is deleted")
    pages = subprocess.run(["pdftotext", "-layout", str(output), "-"], capture_output=True, text=True, check=True,
                           timeout=120).stdout.split("\f")[:-1]
    assert len(pages) >= 2
    assert all("Draft: not published" in page for page in pages), pages
    assert "Draft This issue is not published yet" in " ".join(pages[0].split())
    assert not (sample_project / "site").exists()  # printed from a scratch build
    # A published issue's PDF has no mark.
    run_cli("--root", str(sample_project), "pdf", "1", "--today", DRAFT_DAY, "--output", str(output))
    assert "Draft" not in subprocess.run(["pdftotext", str(output), "-"], capture_output=True, text=True,
                                         check=True, timeout=120).stdout


# --------------------------------------------------------------------------- the live preview


@pytest.fixture
def preview_with_draft(small_project: Path) -> Iterator[tuple[Path, str]]:
    """`build.py serve` of the small project with a new issue, a draft."""
    start = run_cli("--root", str(small_project), "new-issue", "--today", TODAY)
    assert start.code == 0, start.stderr
    with served(small_project, "newsletter/") as base:
        yield small_project, base


SMALL_DRAFT = "newsletter/2026-11-newsletter/"  # the small project has no issue: this is "Newsletter: issue 1"
# As the preview serves it (not minified): through the build's allow-list, whose nh3 writes an attribute
# without a value as `=""` (page_html.py).
BANNER = ('<div class="newsletter-draft" role="note" data-search-exclude=""><p><strong class="newsletter-draft-badge">'
          "Draft</strong> This issue is not published yet: only the preview and proof copies show it. To publish "
          "it, delete <code>draft: true</code> from the top of its file.</p></div>")


def test_the_preview_shows_a_draft_marked_draft(preview_with_draft: tuple[Path, str]) -> None:
    project, base = preview_with_draft
    status, page = fetch(base + SMALL_DRAFT)
    assert status == 200
    assert page.index("Newsletter: issue 1</h1>") < page.index(BANNER) < page.index('class="newsletter-masthead"')
    listing = fetch(base + "newsletter/")[1]
    assert ('<p class="newsletter-issue-line"><strong class="newsletter-draft-badge">Draft</strong> '
            "<strong>Issue 1</strong>") in listing
    # Saving the issue without `draft: true` publishes it: the preview drops the mark, validate the sentences.
    issue = project / "content" / (SMALL_DRAFT.rstrip("/") + ".md")
    text = issue.read_text(encoding="utf-8").replace("draft: true\n", "").replace(
        "Write one or two sentences about this issue: they show in the list of issues and in the feed.", "Ours.")
    for sentence in ("What has happened since the last issue, and what is coming up.",
                     "One kind of peer support, or the people it helps, in a little more depth.",
                     "A story from someone who gives or receives peer support, shared with their permission."):
        text = text.replace(sentence, "Our words.")
    issue.write_text(text, encoding="utf-8")
    wait_for(lambda: "newsletter-draft" not in fetch(base + SMALL_DRAFT)[1] and "Our words." in fetch(
        base + SMALL_DRAFT)[1], "the published issue")
    assert "newsletter-draft-badge" not in fetch(base + "newsletter/")[1]


@pytest.mark.browser
def test_on_a_phone_the_draft_mark_is_seen_on_screen_and_on_paper(preview_with_draft: tuple[Path, str]) -> None:
    _, base = preview_with_draft
    driver = new_browser(390, 844)
    driver.set_window_size(390, 844)  # headless Chromium opens at least 500 px wide
    try:
        driver.get(base + SMALL_DRAFT)
        banner = driver.find_element(By.CSS_SELECTOR, "article .newsletter-draft")
        assert banner.is_displayed()
        assert banner.text.startswith("Draft This issue is not published yet")
        box = driver.execute_script("const r = arguments[0].getBoundingClientRect();"
                                    "return [r.left, r.right, document.documentElement.clientWidth, window.innerWidth,"
                                    " getComputedStyle(arguments[0]).borderTopStyle];", banner)
        left, right, page_width, window_width, border = box
        assert window_width == 390 and left >= 0 and right <= page_width  # nothing cut off
        assert border == "dashed"  # framed, not only coloured
        assert serious(axe_violations(driver)) == []
        screenshot(driver, "draft-issue-390")
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert banner.is_displayed() and driver.find_element(By.CSS_SELECTOR, ".newsletter-actions").is_displayed() \
            is False
    finally:
        driver.quit()


@pytest.mark.html_checker
def test_the_draft_mark_is_valid_html(preview_with_draft: tuple[Path, str], tmp_path: Path) -> None:
    _, base = preview_with_draft
    pages = []
    for name, address in (("draft.html", SMALL_DRAFT), ("list.html", "newsletter/")):
        page = fetch(base + address)[1]
        assert "newsletter-draft" in page
        pages.append(tmp_path / name)
        pages[-1].write_text(page, encoding="utf-8")
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY_HTML, encoding="utf-8")
    ours = [m for m in errors("--html", pages, canary) if not any(is_theme_error(m, e) for e in THEME_ERRORS)]
    assert ours == []
