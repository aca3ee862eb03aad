"""Turning editors' text into safe Markdown and HTML.

All data comes from pull requests and is untrusted. Plain fields (names, summaries,
notes) are escaped so that they show exactly as typed: no HTML, no Markdown. The
Markdown `description` fields are rendered, then sanitised with nh3 (Ammonia).
"""

from __future__ import annotations

import html
import re
from datetime import date
from html.parser import HTMLParser

import markdown
import nh3

# Characters Python-Markdown gives a meaning to and accepts a backslash before
# (its ESCAPED_CHARS, plus `|` from the tables extension).
_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")

_ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "ul", "ol", "li", "blockquote", "code"}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def folded(text: str) -> str:
    """`Full of  Life` -> `full of life`: for telling whether two names are the same words,
    whatever their case and spacing."""
    return " ".join(text.split()).casefold()


def md_text(text: str) -> str:
    """Escape plain text for use inline in Markdown: it renders as exactly these characters."""
    escaped = html.escape(text, quote=False)
    escaped = _MARKDOWN_PUNCTUATION.sub(r"\\\1", escaped)
    # Newlines would end a table cell or list item; runs of spaces would start a code block.
    return re.sub(r"\s+", " ", escaped).strip()


def md_link(label: str, target: str) -> str:
    """A Markdown link with an escaped label. `target` must be our own URL or a validated one."""
    return f"[{md_text(label)}](<{_escape_link_target(target)}>)"


def _escape_link_target(target: str) -> str:
    # Inside <...> a link target may contain spaces and parentheses but not < > or newlines.
    return target.replace("<", "%3C").replace(">", "%3E").replace("\n", "")


def html_text(text: str) -> str:
    """Escape plain text for HTML text or a quoted attribute."""
    return html.escape(text, quote=True)


# One converter for the whole build: making a new one per description costs more than converting.
_MARKDOWN = markdown.Markdown(extensions=[], output_format="html")


def sanitised_markdown(source: str) -> str:
    """Render an editor's Markdown description to HTML that cannot carry script or styling."""
    rendered = _MARKDOWN.reset().convert(source)
    return nh3.clean(
        rendered,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_ALLOWED_SCHEMES,
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    )


def long_date(day: date) -> str:
    """`1 October 2026`: the way dates are written on the site."""
    return f"{day.day} {day:%B %Y}"


def plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


class _PlainText(HTMLParser):
    """Collects the text of sanitised HTML, keeping paragraphs, list items and link addresses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._href = ""
        self._link_start = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self.parts.append("\n- ")
        elif tag == "br":
            self.parts.append("\n")
        elif tag == "a":
            self._href, self._link_start = dict(attrs).get("href") or "", len(self.parts)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "ul", "ol", "blockquote"):
            self.parts.append("\n\n")
        elif tag == "a" and self._href:
            label = "".join(self.parts[self._link_start:]).strip()
            if label != self._href.removeprefix("mailto:").removeprefix("tel:"):
                self.parts.append(f" ({self._href})")
            self._href = ""

    def handle_data(self, data: str) -> None:
        # Whitespace with a newline in it only separates HTML elements, or is a soft line break.
        self.parts.append(" " if not data.strip() and "\n" in data else data)


def plain_text_of_markdown(source: str) -> str:
    """An editor's Markdown as plain text (for calendar files): no markup, links as `label (address)`."""
    parser = _PlainText()
    parser.feed(sanitised_markdown(source))
    parser.close()
    text = re.sub(r" *\n *", "\n", re.sub(r"[ \t]+", " ", "".join(parser.parts)))
    return re.sub(r"\n{3,}", "\n\n", text).strip()
