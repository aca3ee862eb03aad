"""Small builders for the HTML of generated pages.

Generated pages (a group, a browse list, an event) are written as HTML, not Markdown: their
text all comes from the data, so there is nothing for a Markdown parser to do but escape it,
and on a national directory parsing it again for every page was most of the build. Every
piece of text goes through `text()` (HTML-escaped, nothing else), so editors' words can never
become markup. Links to other pages are written as relative source paths (`../browse/a-z.md`),
as in Markdown; the engine adapter (`engine/plugin.py`) turns them into the published URLs and fails a
strict build on a link to a page that does not exist.

The markup matches what Python-Markdown and its extensions (admonition, def_list, attr_list,
toc) write, so that the theme's styles and the site's CSS apply unchanged.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

# Attributes are written in the order given; a value of True writes the bare attribute name.
Attributes = dict[str, str | bool | None]

# An element the site's search leaves out, with all it holds (peerdir/finishing/site_search.py: EXCLUDED).
UNSEARCHED: Attributes = {"data-search-exclude": True}


def text(value: str) -> str:
    """Plain text for HTML text or a quoted attribute: shows exactly as typed."""
    return html.escape(value, quote=True)


def breakable_text(value: str, after: str) -> str:
    """Plain text (as `text()`) that a narrow column breaks only after one of the characters in
    `after` (`last_` / `verified`, `kcmind.` / `org.uk`), never inside a word: a `<wbr>` after each
    of them but the last character. `after` holds no character that escaping writes (`&`, `#`, `;`)."""
    return re.sub(f"([{re.escape(after)}])(?=.)", r"\1<wbr>", text(value))


def attributes(attrs: Attributes | None) -> str:
    if not attrs:
        return ""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(f" {name}")
        elif value:
            parts.append(f' {name}="{text(value)}"')
    return "".join(parts)


def element(tag: str, inner: str, attrs: Attributes | None = None) -> str:
    """`<tag attrs>inner</tag>`; `inner` is HTML already (escape text with `text()` first)."""
    return f"<{tag}{attributes(attrs)}>{inner}</{tag}>"


def paragraph(inner: str, attrs: Attributes | None = None) -> str:
    return element("p", inner, attrs)


def bare_address(address: str) -> str:
    """`https://www.example.org/` -> `example.org`: what people read as the same address."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", address.strip().lower()).rstrip("/")


EXTERNAL_LINK_CLASS = "external-link"  # print.css writes the address after such links on paper


def link(label: str, href: str, attrs: Attributes | None = None) -> str:
    """A link with a plain-text label. `href` is a relative source path (`../a-z.md#b`), or an
    address that validation has checked (http(s), mailto:, tel:, geo:)."""
    attrs = dict(attrs or {})
    if href.lower().startswith(("http://", "https://")) and bare_address(label) != bare_address(href):
        attrs["class"] = " ".join(filter(None, [str(attrs.get("class") or ""), EXTERNAL_LINK_CLASS]))
    return element("a", text(label), {"href": href, **attrs})


def button(label: str, href: str, primary: bool = False, attrs: Attributes | None = None) -> str:
    classes = "md-button md-button--primary" if primary else "md-button"
    return link(label, href, {"class": classes, **(attrs or {})})


def heading(level: int, inner: str, anchor: str | None = None, attrs: Attributes | None = None) -> str:
    """A heading with an id, as the toc extension gives it (the page's table of contents is read
    back from these by the adapter). `inner` is HTML; the id comes from its text unless given.

    The page's title (level 1) has a fixed id, the target of the theme's "Skip to content" link:
    one made from a title taken from the data (an event called "Where") could repeat a section's."""
    if level == 1:
        return element("h1", inner, {"id": TITLE_ID, **(attrs or {})})
    identifier = anchor or slug(html.unescape(re.sub(r"<[^>]+>", "", inner)))
    return element(f"h{level}", inner, {"id": identifier, **(attrs or {})})


TITLE_ID = "page-title"


def slug(words: str) -> str:
    """The id Python-Markdown's toc extension makes from a heading's text."""
    ascii_text = unicodedata.normalize("NFKD", words).encode("ascii", "ignore").decode("ascii")
    cleaned = re.sub(r"[^\w\s-]", "", ascii_text).strip().lower()
    return re.sub(r"[-\s]+", "-", cleaned)


def bullet_list(items: Iterable[str], attrs: Attributes | None = None) -> str:
    """`<ul>` of items that are HTML already."""
    return bullet_list_of((list_item(item) for item in items), attrs)


def list_item(inner: str, attrs: Attributes | None = None) -> str:
    """`<li attrs>inner</li>`, for `bullet_list_of`: an item with attributes of its own."""
    return element("li", inner, attrs)


def bullet_list_of(list_items: Iterable[str], attrs: Attributes | None = None) -> str:
    """`<ul>` of `<li>` elements written already (`list_item`)."""
    return element("ul", "\n" + "".join(f"{item}\n" for item in list_items), attrs)


def definition_list(rows: Iterable[tuple[str, str]]) -> str:
    """`<dl>` of (term as text, description as HTML) rows."""
    body = "".join(f"<dt><strong>{text(term)}</strong></dt>\n<dd>{value}</dd>\n" for term, value in rows)
    return element("dl", "\n" + body)


def admonition(kind: str, title: str, body: str) -> str:
    """A call-out box as the admonition extension writes it; `body` is HTML, `title` text."""
    return (f'<div class="admonition {kind}">\n<p class="admonition-title">{text(title)}</p>\n'
            f"{paragraph(body)}\n</div>")


def division(inner: str, attrs: Attributes | None = None) -> str:
    return f"<div{attributes(attrs)}>\n{inner}\n</div>"


def join_lines(lines: Iterable[str]) -> str:
    """Lines of HTML separated by line breaks (an address, for example)."""
    return "<br>\n".join(line for line in lines if line)
