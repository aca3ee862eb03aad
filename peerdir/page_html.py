"""What the HTML of a hand-written page may be: an allow-list, checked in phase one and applied by the build.

A hand-written page (`content/`, newsletter issues above all) comes in by pull request, like the data,
and Markdown passes raw HTML through as it is: a `<script>`, an `onmouseover=`, a link to `javascript:`
would run in every reader's browser. The allow-list is nh3's (Ammonia's) own default list of elements
and attributes, which keeps what editors use (Markdown's and the theme's: admonitions, attribute lists,
tables, images, `<details>`/`<summary>`, line breaks), with the few additions our embeds and the pages'
own parts need (the QR codes' inline SVG, `class`, `id`, `data-` and `aria-` attributes, table cells'
`text-align`). Everything else is dropped: scripts and styles with their content, event handlers,
`javascript:` and `data:` addresses, `<iframe>`, `<object>`, `<embed>`, `<form>`, SVG's scripts.

Nothing is dropped behind an editor's back:

- phase one (`validate`) renders each page's Markdown as the build does, sanitises it with nh3, and
  reports each element or attribute that nh3 would drop at its `file:line:column`, with what to write
  instead (`page_problems`); a page with any is not built;
- the build sanitises the rendered HTML of every hand-written page with the same allow-list
  (`sanitised`), embeds included, and reports (as a warning, which fails a strict build) anything it
  drops there: a second line of defence, which on a valid page changes nothing.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from .problems import Problem, position_in

FIELD = "html"

ALLOWED_TAGS = nh3.ALLOWED_TAGS | {
    "svg", "path",  # the QR codes on paper (render/parts/qr.py), drawn inline by segno
    "button",  # an issue's "Print this issue" (render/outputs/newsletter.py), with the one handler below
}
ALLOWED_ATTRIBUTES = {
    tag: set(names) for tag, names in nh3.ALLOWED_ATTRIBUTES.items()
} | {"*": {"class", "id", "title", "lang", "dir", "role", "hidden"}}
for _tag, _names in {
    "a": {"title", "rel", "download"},
    "img": {"title", "loading"},
    "th": {"style"}, "td": {"style"},  # Markdown's aligned table columns: `text-align` only (below)
    "time": {"datetime"},
    "details": {"open"},
    "ol": {"reversed", "type"},
    "svg": {"viewBox", "xmlns"},
    "path": {"d", "stroke", "fill", "transform"},
}.items():
    ALLOWED_ATTRIBUTES[_tag] = ALLOWED_ATTRIBUTES.get(_tag, set()) | _names
# An attribute allowed with these values only (the print button is a plain button; print-button.js prints).
ALLOWED_VALUES = {"button": {"type": {"button"}}}
GENERIC_PREFIXES = {"data-", "aria-"}  # data-search-exclude, data-pagefind-*, aria-label, ...
STYLE_PROPERTIES = {"text-align"}
URL_SCHEMES = {"http", "https", "mailto", "tel", "sms", "webcal"}  # and addresses within the site
CONTENT_DROPPED = {"script", "style"}  # dropped with what is inside them, not only their tags


def sanitised(html: str) -> str:
    """`html` with everything the allow-list does not keep taken out, by nh3."""
    return nh3.clean(html, tags=ALLOWED_TAGS, clean_content_tags=CONTENT_DROPPED, attributes=ALLOWED_ATTRIBUTES,
                     tag_attribute_values=ALLOWED_VALUES, generic_attribute_prefixes=GENERIC_PREFIXES,
                     filter_style_properties=STYLE_PROPERTIES, url_schemes=URL_SCHEMES, link_rel=None,
                     strip_comments=True)


# --------------------------------------------------------------------------- what sanitising drops


@dataclass(frozen=True)
class StartTag:
    """An element's start as written: its name, attributes, the text of the tag and where it starts."""

    name: str
    attributes: tuple[tuple[str, str], ...]
    text: str
    offset: int


@dataclass(frozen=True)
class Dropped:
    """One element, or one attribute of an element, that sanitising takes out."""

    tag: StartTag
    attribute: str | None = None  # None: the whole element
    value: str = ""


def dropped(html: str, cleaned: str | None = None) -> list[Dropped]:
    """What `sanitised(html)` takes out of `html` (given as `cleaned` when it is at hand), in order: the
    elements whose start is gone, and the attributes gone from (or changed in) the elements that stay.
    Elements nh3 adds (a `<tbody>` a table lacks) and closing tags are not counted."""
    before, after = start_tags(html), start_tags(sanitised(html) if cleaned is None else cleaned)
    found: list[Dropped] = []
    shapes = [_shape(tag) for tag in before], [_shape(tag) for tag in after]
    for operation, start, end, other_start, other_end in difflib.SequenceMatcher(None, *shapes, autojunk=False).get_opcodes():
        if operation == "delete":
            found += [Dropped(tag) for tag in before[start:end]]
        elif operation == "replace":
            found += list(_replaced(before[start:end], after[other_start:other_end]))
    return found


def _shape(tag: StartTag) -> tuple[str, tuple[tuple[str, str], ...]]:
    return tag.name, tuple(sorted((name, _as_compared(name, value)) for name, value in tag.attributes))


def _as_compared(name: str, value: str) -> str:
    """nh3 writes a style it keeps without spaces (`text-align: left;` as `text-align:left`)."""
    return "".join(value.split()).rstrip(";") if name == "style" else value


def _replaced(old: list[StartTag], new: list[StartTag]) -> Iterator[Dropped]:
    """Tags that differ: paired by name, in order, the attributes that went; unpaired ones, whole."""
    kept = list(new)
    for tag in old:
        twin = next((other for other in kept if other.name == tag.name), None)
        if twin is None:
            yield Dropped(tag)
            continue
        kept.remove(twin)
        remaining = {name: _as_compared(name, value) for name, value in twin.attributes}
        for name, value in tag.attributes:
            if remaining.get(name) != _as_compared(name, value):
                yield Dropped(tag, name, value)


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[StartTag] = []
        self.lines = [0]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        self.tags.append(StartTag(tag, tuple((name, value or "") for name, value in attrs),
                                  self.get_starttag_text() or "", self.lines[line - 1] + column))


def start_tags(html: str) -> list[StartTag]:
    """Every element's start in `html`, with where it is written (an offset into `html`)."""
    parser = _StartTags()
    for line in html.split("\n"):
        parser.lines.append(parser.lines[-1] + len(line) + 1)
    parser.feed(html)
    parser.close()
    return parser.tags


# --------------------------------------------------------------------------- what to tell the editor


_SCRIPT = "a page cannot run scripts: delete it"
_EMBEDDED = "a page cannot show another site inside it: link to it instead, as `[what it is](https://...)`"
_FORM = "a page cannot hold a form: link to the form instead, as `[Fill in the form](https://...)`"
_STYLED = ("a page cannot bring its own styles: delete it (the site's look is in overrides/assets/stylesheets/, "
           "for the maintainers)")
INSTEAD = {
    "script": _SCRIPT, "noscript": _SCRIPT, "template": _SCRIPT,
    "style": _STYLED, "link": _STYLED, "font": _STYLED, "meta": "delete it: a page's settings go in its front matter",
    "iframe": _EMBEDDED, "frame": _EMBEDDED, "frameset": _EMBEDDED, "object": _EMBEDDED, "embed": _EMBEDDED,
    "applet": _EMBEDDED, "portal": _EMBEDDED, "video": _EMBEDDED, "audio": _EMBEDDED, "source": _EMBEDDED,
    "form": _FORM, "input": _FORM, "select": _FORM, "textarea": _FORM, "option": _FORM, "label": _FORM,
    "fieldset": _FORM, "button": _FORM,
}


def what_to_do(drop: Dropped) -> str:
    """The message for one thing sanitising would drop: what it is, and what to write instead."""
    tag = drop.tag.name
    if drop.attribute is None:
        return f"`<{tag}>` is not allowed on a page: " + INSTEAD.get(
            tag, "write what it shows in Markdown (headings, **bold**, lists, tables, links, images) instead")
    name, value = drop.attribute, drop.value
    if name.startswith("on"):
        return f"`{name}=` on `<{tag}>` would run a script in the reader's browser: delete it"
    if name in ("href", "src", "action", "formaction", "xlink:href", "poster", "srcset"):
        return (f"`{name}=\"{value}\"` on `<{tag}>` is not an address the site may lead to: link to a page of the "
                "site, an https:// address, an e-mail address (mailto:) or a phone number (tel:)")
    if name == "style":
        return (f"`style=` on `<{tag}>` is not allowed (only `text-align` in a table cell): delete it; "
                "a page cannot bring its own styles")
    return f"`{name}=` is not allowed on `<{tag}>`: delete it"


def page_problems(source: str, body_start: int, rendered: str, file: str) -> list[Problem]:
    """Each element or attribute of a page that sanitising would drop, at its line and column in the
    page's file (`source`, whose Markdown starts at `body_start` and renders as `rendered`)."""
    problems = []
    cursor = body_start
    for drop in dropped(rendered):
        offset = _written_at(source, drop, cursor, body_start)
        cursor = max(cursor, offset)
        problems.append(Problem(file, *position_in(source, offset), FIELD, what_to_do(drop)))
    return problems


def _written_at(source: str, drop: Dropped, cursor: int, body_start: int) -> int:
    """Where the dropped thing is written in the page: raw HTML passes through Markdown as written, so
    its tag is found as it is; what Markdown made (a link, an attribute list) by the value or the
    attribute's name. Found from the last place found on, or from the top; failing all, the top."""
    wanted = [drop.tag.text] if drop.attribute is None else [drop.value, drop.attribute] if drop.value else [drop.attribute]
    if drop.attribute is not None and (tag_at := _find(source, drop.tag.text, cursor, body_start)) is not None:
        within = source.find(drop.attribute, tag_at, tag_at + len(drop.tag.text))
        return within if within >= 0 else tag_at
    if drop.attribute is None:
        wanted.append(f"<{drop.tag.name}")
    for text in wanted:
        found = _find(source, text, cursor, body_start)
        if found is not None:
            return found
    return body_start


def _find(source: str, text: str, cursor: int, body_start: int) -> int | None:
    if not text:
        return None
    lowered, wanted = source.lower(), text.lower()
    for start in (cursor, body_start):
        found = lowered.find(wanted, start)
        if found >= 0:
            return found
    return None
