""""Need help now?" on every built page, from the one place it is configured (mkdocs.yml,
`extra: help_now:`), with the privacy page in every footer; and a configuration with hostile
values still renders as plain text, because MkDocs' Jinja escapes nothing by itself.

The bar in a real browser (in sight, never under the map, on paper, the quick exit) is tested
in tests/browser/test_help_now.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from .conftest import TODAY, copy_project, run_cli, web_pages

SITE_URL = "https://example.github.io/peer-support/"


class HelpBarFinder(HTMLParser):
    """The links inside each `<aside class="help-now">`, and the footer's links."""

    def __init__(self) -> None:
        super().__init__()
        self.bars = 0
        self.links: list[tuple[str, str]] = []  # (href, text) in the bar
        self.footer_links: list[str] = []
        self.elements: list[tuple[str, dict[str, str | None]]] = []  # in the bar
        self.text = ""  # the bar's, as shown
        # Inside the bar: till its `</aside>`, which, unlike `</li>` or `</p>`, a page cannot leave out
        # (the published pages are minified and leave out the end tags they may).
        self._in_bar = False
        self._in_footer = False
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "aside" and "help-now" in (values.get("class") or "").split():
            self.bars += 1
            self._in_bar = True
        if tag == "footer":
            self._in_footer = True
        if self._in_bar:
            self.elements.append((tag, values))
        if tag == "a" and self._in_bar:
            self._href, self._text = values.get("href") or "", []
        if tag == "a" and self._in_footer:
            self.footer_links.append(values.get("href") or "")

    def handle_data(self, data: str) -> None:
        if self._in_bar:
            self.text += data
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        if tag == "aside":
            self._in_bar = False
        if tag == "footer":
            self._in_footer = False


def build(project: Path) -> Path:
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    return project / "site"


def help_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]["help_now"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("help-bar"))
    build(project)
    return project


def test_every_page_has_one_help_bar_with_the_configured_numbers(sample: Path) -> None:
    config = help_config(sample)
    lines = [(line["link"], line["label"]) for line in config["lines"]]
    assert [link for link, _ in lines] == ["tel:999", "tel:116123", "sms:85258?body=SHOUT"]
    pages = web_pages(sample / "site")
    assert len(pages) > 50
    for page in pages:
        finder = HelpBarFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        where = page.relative_to(sample / "site")
        assert finder.bars == 1, where
        # Folded for phones and in a row for wide screens: the same lines twice, then the way out.
        assert finder.links == lines + lines + [(config["leave_url"], "Leave this site")], where


def test_every_footer_links_to_the_privacy_page(sample: Path) -> None:
    site = sample / "site"
    for page in web_pages(site):
        finder = HelpBarFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        # Relative links from the page's folder; the 404 page, served at any address, links from the root.
        sub_path = urlsplit(SITE_URL).path
        targets = [(site / href.removeprefix(sub_path) if href.startswith(sub_path) else page.parent / href)
                   .joinpath("index.html").resolve() for href in finder.footer_links if "://" not in href]
        assert (site / "privacy" / "index.html").resolve() in targets, page
    about = (sample / "content" / "about.md").read_text(encoding="utf-8")
    assert "(privacy.md)" in about


def test_the_privacy_page_explains_the_quick_exit(sample: Path) -> None:
    page = " ".join((sample / "content" / "privacy.md").read_text(encoding="utf-8").split())
    assert "Escape" in page and "twice" in page and "BBC Weather" in page
    assert help_config(sample)["leave_url"] == "https://www.bbc.co.uk/weather", \
        "content/privacy.md names the BBC Weather page: change both together"


HOSTILE_HELP = """\
extra:
  help_now:
    lines:
      - name: "<script>alert('name')</script>"
        label: "\\"><img src=x onerror=alert('label')>"
        link: "javascript:alert('link')"
        note: "<b>bold</b> & {{ config.site_name }}"
      - name: Fine
        label: Call 116 123
        link: "tel:116123\\" onclick=\\"alert('attr')"
        note: ok
    leave_url: "javascript:alert('leave')"

"""


def test_hostile_help_bar_settings_are_shown_as_text_and_never_linked(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("extra:\n"), config.index("# Editing a data file")
    (project / "mkdocs.yml").write_text(config[:start] + HOSTILE_HELP + config[end:], encoding="utf-8")
    page = (build(project) / "index.html").read_text(encoding="utf-8")
    finder = HelpBarFinder()
    finder.feed(page)
    assert not {"script", "img", "b"} & {tag for tag, _ in finder.elements}
    assert not [attributes for _, attributes in finder.elements if "onclick" in attributes]
    assert "<script>alert('name')</script>:" in finder.text  # shown as text
    assert "<b>bold</b> & {{ config.site_name }}" in finder.text
    assert finder.links == [('tel:116123" onclick="alert(\'attr\')', "Call 116 123")] * 2, \
        "only tel: and sms: links, their quotes escaped; no way out to a javascript: address"
