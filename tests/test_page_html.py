"""Hand-written pages are sanitised like the data (peerdir/page_html.py): validate refuses raw HTML that
the allow-list would drop, at its file:line:column with what to write instead, and the build sanitises
every hand-written page as a second line of defence, changing nothing on a valid page.

The hostile page (tests/fixtures/hostile-pages/) has a script, an event handler, `javascript:` and
`data:` links, a handler added by an attribute list, an iframe, an object, an embed, a form, a style
element, SVG with a script and a style attribute, beside what editors legitimately write."""

from __future__ import annotations

import shutil
from pathlib import Path

from peerdir.page_html import dropped, sanitised
from peerdir.page_links import PageReader

from .conftest import FIXTURES, TODAY, copy_project, run_cli

HOSTILE_PAGE = FIXTURES / "hostile-pages" / "2027-08-hostile-html.md"
SHOWN = "content/newsletter/2027-08-hostile-html.md"
SCRIPT = "a page cannot run scripts: delete it"
EMBEDDED = "a page cannot show another site inside it: link to it instead, as `[what it is](https://...)`"
FORM = "a page cannot hold a form: link to the form instead, as `[Fill in the form](https://...)`"
ADDRESS = ("is not an address the site may lead to: link to a page of the site, an https:// address, an e-mail "
           "address (mailto:) or a phone number (tel:)")
HANDLER = "would run a script in the reader's browser: delete it"
EXPECTED = [
    f"10:1: html: `<script>` is not allowed on a page: {SCRIPT}",
    f"12:6: html: `onmouseover=` on `<div>` {HANDLER}",
    f"14:29: html: `href=\"javascript:alert(\"` on `<a>` {ADDRESS}",  # where Markdown ends the address
    f"14:73: html: `href=\"data:text/html,<script>alert(1)</script>\"` on `<a>` {ADDRESS}",
    f"16:83: html: `onclick=` on `<a>` {HANDLER}",
    f"20:1: html: `<iframe>` is not allowed on a page: {EMBEDDED}",
    f"22:1: html: `<object>` is not allowed on a page: {EMBEDDED}",
    f"24:1: html: `<embed>` is not allowed on a page: {EMBEDDED}",
    f"26:1: html: `<form>` is not allowed on a page: {FORM}",
    f"26:43: html: `<input>` is not allowed on a page: {FORM}",
    "28:1: html: `<style>` is not allowed on a page: a page cannot bring its own styles: delete it (the site's "
    "look is in overrides/assets/stylesheets/, for the maintainers)",
    f"30:6: html: `<script>` is not allowed on a page: {SCRIPT}",
    "30:35: html: `<circle>` is not allowed on a page: write what it shows in Markdown (headings, **bold**, lists, "
    "tables, links, images) instead",
    "32:4: html: `style=` on `<p>` is not allowed (only `text-align` in a table cell): delete it; a page cannot "
    "bring its own styles",
]


def with_hostile_page(project: Path) -> Path:
    shutil.copy(HOSTILE_PAGE, project / SHOWN)
    return project


def test_validate_refuses_each_piece_of_html_the_build_would_drop_where_it_is_written(tmp_path: Path) -> None:
    project = with_hostile_page(copy_project(tmp_path))
    result = run_cli("--root", str(project), "validate")
    assert result.code == 1
    assert result.stdout.splitlines() == [f"{SHOWN}:{line}" for line in EXPECTED]


def test_the_build_refuses_it_and_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    assert run_cli("--root", str(project), "build", "--today", TODAY).code == 0
    before = (project / "site" / "index.html").read_bytes()
    result = run_cli("--root", str(with_hostile_page(project)), "build", "--today", TODAY)
    assert result.code == 1 and f"{SHOWN}:10:1: html: `<script>`" in result.stderr
    assert not (project / "site" / "newsletter" / "2027-08-hostile-html").exists()
    assert (project / "site" / "index.html").read_bytes() == before


def hostile_page_as_built() -> str:
    """The hostile page as the build would sanitise it (rendered with the site's Markdown extensions)."""
    reader = PageReader()
    reader.read(HOSTILE_PAGE.read_text(), SHOWN)
    return sanitised(reader.rendered)


def test_the_build_s_allow_list_drops_what_runs_and_keeps_what_editors_write() -> None:
    page = hostile_page_as_built().lower()
    for gone in ("<script", "alert", "onmouseover", "onclick", "onload", "javascript:", "data:", "<iframe", "<object",
                 "<embed", "<form", "<input", "<style", "<circle", "position", "evil.example"):
        assert gone not in page, gone
    for kept in ('<div class="admonition note">', '<p class="admonition-title">a note</p>', "<strong>bold</strong>",
                 '<a href="https://example.org/">links</a>', "<details><summary>more</summary>", "<br>",
                 '<th style="text-align:left">left</th>', '<td style="text-align:right">b</td>', "hover here."):
        assert kept in page, kept


def test_every_page_of_the_sample_keeps_all_of_its_html() -> None:
    """What the editors' pages legitimately use (admonitions, attribute lists, tables, embeds' markers)
    passes the allow-list untouched: a sample build is byte for byte as before, but for `<path ...></path>`
    written for `<path .../>` in the QR codes."""
    reader = PageReader()
    for page in sorted((FIXTURES.parent.parent / "content").rglob("*.md")):
        reader.read(page.read_text(), str(page))
        assert dropped(reader.rendered) == [], page
