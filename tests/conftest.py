"""Shared fixtures: small projects copied into a temporary folder, and golden files."""

from __future__ import annotations

import gzip
import html
import json
import os
import re
import shutil
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import NamedTuple

import feedparser
import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
TODAY = "2026-11-23"  # every test builds as if it were this day
UPDATE_GOLDEN = os.environ.get("UPDATE_GOLDEN") == "1"
PROJECT_FILES = ("mkdocs.yml", "groups.yaml", "events.yaml", "support_types.yaml")
PROJECT_DIRS = ("content", "overrides")


def copy_project(target: Path, data_from: Path | None = None) -> Path:
    """A copy of this repository's site project; its data files from `data_from` if given.

    With other data, the newsletter issues are left out: their embeds name the sample's groups
    and topics, which other data does not have (the build would rightly refuse them). Issues
    written for that data, in `data_from/newsletter/`, are used instead."""
    for name in PROJECT_FILES:
        source = (data_from / name) if data_from and name.endswith(".yaml") else REPO / name
        shutil.copy(source, target / name)
    for name in PROJECT_DIRS:
        if (REPO / name).exists():
            skip = shutil.ignore_patterns("newsletter") if data_from and name == "content" else None
            shutil.copytree(REPO / name, target / name, ignore=skip)
    if data_from and (data_from / "newsletter").is_dir():
        shutil.copytree(data_from / "newsletter", target / "content" / "newsletter")
    return target


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """The shipped sample site, in a scratch folder the test may change."""
    return copy_project(tmp_path)


@pytest.fixture
def small_project(tmp_path: Path) -> Path:
    """The site with the small valid fixture data instead of the sample."""
    return copy_project(tmp_path, FIXTURES / "valid")


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>; `make golden` (UPDATE_GOLDEN=1) rewrites it."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"no golden file {path}; run `make golden` and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from its golden file; if the change is right, run `make golden`"


def read_feed(path: Path) -> tuple[str, list[tuple[str, str]]]:
    """An RSS feed as feed readers show it (feedparser, which must find no error): the channel's title
    and each item's title and description, as text."""
    feed = feedparser.parse(path.read_bytes())  # bytes: a string could be taken for an address to fetch
    assert feed.bozo == 0, feed.get("bozo_exception")
    return (shown_text(feed.feed.title_detail.type, feed.feed.title),
            [(shown_text(entry.title_detail.type, entry.title), shown_text(entry.summary_detail.type, entry.summary))
             for entry in feed.entries])


def shown_text(content_type: str, value: str) -> str:
    """What a reader shows of a feed's text: as it is if feedparser says it is plain text; if it says
    HTML, the HTML must be text only (no element that could show or run) and is shown decoded."""
    if content_type == "text/plain":
        return value
    assert content_type == "text/html", content_type
    assert not re.search(r"<[a-zA-Z/!?]", value), f"markup in the feed: {value!r}"
    return html.unescape(value)


def run_cli(*args: str, cwd: Path | None = None) -> CompletedCli:
    import subprocess

    process = subprocess.run(
        [sys.executable, str(REPO / "build.py"), *args],
        capture_output=True, text=True, cwd=cwd or REPO, timeout=600,
    )
    return CompletedCli(process.returncode, process.stdout, process.stderr)


def built_sample_site(folder: Path, site_url: str) -> Path:
    """The shipped sample site, copied into `folder` and built for `site_url`: its site/ folder."""
    project = copy_project(folder)
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", site_url)
    assert result.code == 0, result.stderr
    return project / "site"


class CompletedCli:
    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code, self.stdout, self.stderr = code, stdout, stderr


def web_pages(site: Path) -> list[Path]:
    """The built site's pages: every .html file but the newsletter's e-mail editions
    (newsletter/<issue>/email.html), which are e-mails, not pages of the site: no theme, no help bar
    of the site's, no scripts and so no security policy, not minified (tests/test_email_edition.py).
    The Nu HTML Checker, the privacy checks and the hostile-text browser test read them too."""
    return sorted(page for page in site.rglob("*.html") if page.name != "email.html")


def indexed_pages(site: Path) -> list[dict]:
    """Every page in the site's search index (Pagefind's, in `site`/pagefind/): its address (from the
    site's root, `/groups/tamba/`), its title and the text indexed for it. Each page is one fragment
    file, gzip-compressed JSON after Pagefind's marker."""
    pages = []
    for fragment in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        page = json.loads(data)
        pages.append({"url": page["url"], "title": page["meta"].get("title", ""), "text": page["content"]})
    return pages


class Element(NamedTuple):
    tag: str
    attributes: dict[str, str]  # a value-less attribute as ""


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Element] = []
        self.text: list[str] = []

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append(Element(tag, {name: value or "" for name, value in attrs}))


def elements(page: str) -> list[Element]:
    """Every element of a built page, in order, with its attributes as a browser reads them: the
    published pages are minified (peerdir/finishing/minify.py), so quotes, closing tags and the attributes'
    order are the minifier's, and a test reads the page instead of matching its text."""
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return parser.found


def page_text(page: str) -> str:
    """The text of a built page (outside its tags), entities read, as one line."""
    parser = _Elements()
    parser.feed(page)
    parser.close()
    return " ".join("".join(parser.text).split())


def links(page: str) -> list[str]:
    """The `href` of every link of a built page, in order."""
    return [e.attributes["href"] for e in elements(page) if e.tag == "a" and "href" in e.attributes]


def after_id(page: str, element_id: str) -> str:
    """The page from the element with this id on (which may be written `id=x` or `id="x"`)."""
    match = re.search(rf"""\bid=(["']?){re.escape(element_id)}\1[\s>/]""", page)
    assert match, f"no element with id {element_id}"
    return page[match.start():]
