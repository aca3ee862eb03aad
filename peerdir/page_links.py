"""Links from the hand-written pages, checked in phase one as the strict build would check them.

A hand-written page links to other pages by their source path (`../browse/type/peer-led.md#x`),
generated or hand-written, and to files (`../events/calendar.ics`). MkDocs fails a strict build on
a link that leads nowhere or to a missing anchor, naming the page but no line; here each page is
read with the Markdown library (the extensions in mkdocs.yml), so that only real links count (not
code), and every link is reported at its `file:line:column`:

- the page or file must exist: a hand-written file in content/, or one the data gives the site
  (`outputs.py`, from the ids as written);
- it must not be a newsletter issue that is a draft (`draft: true`), which the published site
  leaves out, unless the page linking to it is a draft too;
- an anchor (`#section`) must be a heading or an element id of the page it points to: of a
  hand-written page as the toc extension names its headings, of a generated page as rendered.

Anchors of generated pages are only known once the data is valid, so those links are checked
last (`check_generated_anchors`), rendering only the pages they point to.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import unquote, urlsplit

import markdown
from markdown.extensions.admonition import AdmonitionExtension
from markdown.extensions.attr_list import AttrListExtension
from markdown.extensions.def_list import DefListExtension
from markdown.extensions.md_in_html import MarkdownInHtmlExtension
from markdown.extensions.tables import TableExtension
from markdown.extensions.toc import TocExtension, slugify
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE

from .outputs import is_page, only_sometimes
from .problems import Problem, ProblemList, position_in
from .schema import close_matches

# The Markdown extensions of mkdocs.yml, which change what is a link or a heading's id (a test keeps
# them in step with mkdocs.yml). Given as classes: by name, Markdown looks them up among the entry
# points of every installed package, which takes longer than reading the pages.
EXTENSIONS = {"admonition": AdmonitionExtension, "attr_list": AttrListExtension, "def_list": DefListExtension,
              "md_in_html": MarkdownInHtmlExtension, "tables": TableExtension, "toc": TocExtension}
FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
FIELD = "link"


@dataclass(frozen=True)
class Link:
    url: str
    line: int
    column: int
    in_html: bool  # written as HTML: the build resolves only links to pages (`.md`) there (engine/plugin.py)


@dataclass(frozen=True)
class PageLinks:
    """What a page links to, and the anchors it has."""

    file: str  # as named in messages, `content/newsletter/2026-11-peertalk.md`
    links: tuple[Link, ...]
    anchors: frozenset[str]


@dataclass
class Targets:
    """Everything a link may lead to: source paths of pages and files, and the anchors of pages."""

    files: set[str]
    hand_written: Mapping[str, PageLinks]  # by source path
    hand_written_files: set[str]
    unknown_folders: tuple[str, ...] = ()  # folders of a data file that could not be read: not checked
    drafts: frozenset[str] = frozenset()  # newsletter issues that are drafts: not in the published site


# --------------------------------------------------------------------------- reading a page


class _Collect(Treeprocessor):
    """Last of the tree steps, as MkDocs' own link step: the links and ids the page ends up with."""

    def __init__(self) -> None:
        super().__init__()
        self.clear()

    def clear(self) -> None:
        """Before each page (Markdown skips the tree steps of an empty page)."""
        self.links: list[str] = []
        self.ids: set[str] = set()

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element.tag in ("a", "img") and (url := element.get("href" if element.tag == "a" else "src")):
                self.links.append(url)
            if anchor := element.get("id"):
                self.ids.add(anchor)


class _RawHtml(HTMLParser):
    """Links and ids in the page's raw HTML, which Markdown passes through as it is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name == "href":
                self.links.append(value)
            if value and (name == "id" or name == "name" and tag == "a"):
                self.ids.add(value)


class PageReader:
    """Reads pages with one Markdown converter, reset between pages (setting one up is the slow part)."""

    def __init__(self) -> None:
        self.rendered = ""  # the HTML of the page read last (page_html.py checks it)
        self._collect = _Collect()
        self._markdown = markdown.Markdown(extensions=[extension() for extension in EXTENSIONS.values()])
        self._markdown.treeprocessors.register(self._collect, "peerdir-links", 0)

    def read(self, text: str, file: str, extra_anchors: Iterable[str] = ()) -> PageLinks:
        """`text` is the whole file; the front matter is left out as MkDocs leaves it out."""
        front = FRONT_MATTER.match(text)
        body_start = front.end() if front else 0
        self._markdown.reset()
        self._collect.clear()
        self.rendered = self._markdown.convert(text[body_start:])
        raw = _RawHtml()
        for block in self._markdown.htmlStash.rawHtmlBlocks:
            raw.feed(block if isinstance(block, str) else etree.tostring(block, encoding="unicode"))
        raw.close()
        links = _located(text, body_start, self._collect.links, False) + _located(text, body_start, raw.links, True)
        return PageLinks(file, tuple(links), frozenset(self._collect.ids | raw.ids | set(extra_anchors)))


def heading_id(text: str) -> str:
    """The id the toc extension gives a heading with this text."""
    return slugify(text, "-")


def _located(text: str, start: int, urls: list[str], in_html: bool) -> list[Link]:
    """Each link with the line and column it is written at: found in the text in order (or, for a
    reference link defined above where it is used, from the top of the page)."""
    links, cursor = [], start
    for url in urls:
        # HTML may write `&` as `&amp;`; failing all, a link Markdown changed is shown at the page's top.
        ways = (url, url.replace("&", "&amp;")) if in_html and "&" in url else (url,)
        places = [text.find(way, begin) for begin in (cursor, start) for way in ways]
        found = next((place for place in places if place >= 0), start)
        if found in places:
            cursor = found + len(url)
        links.append(Link(url, *position_in(text, found), in_html))
    return links


# --------------------------------------------------------------------------- checking the links


def check_links(page: str, links: PageLinks, targets: Targets, problems: ProblemList) -> list[tuple[Link, str]]:
    """Report each link of a hand-written page (source path `page`) that leads nowhere; return the links
    to anchors of generated pages, (link, target), which can only be checked once the data is valid."""
    later = []
    for link in links.links:
        message, target = _problem(page, link, targets)
        if message:
            problems.add(links.file, link.line, link.column, FIELD, message)
        elif target:
            later.append((link, target))
    return later


def _problem(page: str, link: Link, targets: Targets) -> tuple[str | None, str | None]:
    """(what is wrong, None), or (None, a generated page whose anchors are still to check)."""
    url = link.url
    try:
        scheme, netloc, path, _, anchor = urlsplit(url)
    except ValueError:  # e.g. `http://[nowhere`: the engine could not read it either
        return f"`{url}` is not an address a browser can follow: correct it", None
    if scheme or netloc or AMP_SUBSTITUTE in url or (link.in_html and not _source_link_in_html(url)):
        return None, None  # another site, an e-mail address, or HTML the build leaves as it is
    if url.startswith(("/", "\\")):
        return _absolute(url, page, targets), None
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(path))) if path else page
    if target.startswith(targets.unknown_folders):
        return None, None
    if target not in targets.files:
        return _missing(url, target, page, targets), None
    if target in targets.drafts and page not in targets.drafts:
        return (f"`{url}` leads to an issue that is a draft ({target}, `draft: true`), which the published site "
                "leaves out, so the link would lead nowhere: add the link once the issue is published, or delete it"), None
    if only_sometimes(target) and target not in targets.hand_written_files:
        return None, target  # a calendar: is it made for this group or event?
    if not anchor or not is_page(target):
        return None, None
    if target not in targets.hand_written:
        return None, target
    anchors = targets.hand_written[target].anchors
    return (None if anchor in anchors else _no_anchor(url, anchor, target, page, anchors)), None


def _source_link_in_html(url: str) -> bool:
    """The links in HTML that the build resolves and checks: to a page's source path (engine/plugin.py)."""
    try:
        return urlsplit(url).path.endswith(".md")
    except ValueError:
        return False


def _absolute(url: str, page: str, targets: Targets) -> str:
    target = posixpath.normpath(urlsplit(url).path.lstrip("/\\") or "index.md")
    guesses = [g for g in (target, target + ".md", posixpath.join(target, "index.md")) if g in targets.files]
    example = f", here `{_relative(page, guesses[0])}`" if guesses else ""
    return (f"`{url}` is an absolute link, which leads nowhere when the site is not at the root of its "
            f"address: link to the page's file from this page{example}")


def _missing(url: str, target: str, page: str, targets: Targets) -> str:
    kind = "page" if is_page(target) or not posixpath.splitext(target)[1] else "file"
    if not posixpath.splitext(target)[1]:  # a folder or an address, not a file
        for guess in (target + ".md", posixpath.join(target, "index.md")):
            if guess in targets.files:
                return f"`{url}` is an address, not a page's file: link to `{_relative(page, guess)}`"
    nearby = [f for f in targets.files if posixpath.dirname(f) == posixpath.dirname(target)]
    close = close_matches(target, nearby)
    hint = f" (did you mean `{_relative(page, close[0])}`?)" if close else ""
    return f"`{url}` leads nowhere: there is no {kind} {target} in the site{hint}; correct the link or delete it"


def _no_anchor(url: str, anchor: str, target: str, page: str, anchors: Iterable[str]) -> str:
    close = close_matches(anchor, anchors)
    hint = f" (did you mean `#{close[0]}`?)" if close else ""
    where = "this page" if target == page else target
    return (f"`{url}`: {where} has no heading or anchor `#{anchor}`{hint}; "
            f"link to one of its headings, or delete `#{anchor}`")


def _relative(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


# --------------------------------------------------------------------------- anchors of generated pages


def check_generated_anchors(later: Iterable[tuple[str, Link, str, str]],
                            render: Callable[[set[str]], Mapping[str, Any]]) -> list[Problem]:
    """Links to anchors of generated pages, and to calendars, as (page, link, file, target): `render`
    gives the pages and files they point to (only those); a page's ids are read as any page's are."""
    later = list(later)
    if not later:
        return []
    rendered = render({target for *_, target in later})
    reader = PageReader()
    anchors = {path: reader.read(str(content), path).anchors for path, content in rendered.items() if is_page(path)}
    problems = []
    for page, link, file, target in later:
        anchor = urlsplit(link.url).fragment
        if target not in rendered:
            message = (f"`{link.url}` leads nowhere: the data gives the site no file {target} (a calendar is made "
                       "for a group with regular meetings, or an event with a date); correct the link or delete it")
        elif target in anchors and anchor not in anchors[target]:
            message = _no_anchor(link.url, anchor, target, page, anchors[target])
        else:
            continue
        problems.append(Problem(file, link.line, link.column, FIELD, message))
    return problems
