"""Writing RSS 2.0 elements safely, for every feed of the site (the newsletter's, each area's events)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"


def add(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = xml_characters(text)


def add_text(parent: ET.Element, tag: str, text: str) -> None:
    """Plain text in an RSS title or description, which feed readers take to be HTML (feedparser does
    whenever it sees a tag or an entity in one): escaped as HTML first, the text shows as typed, and
    `<b>` or `<img onerror>` in it is never markup. Quotes stay as they are: HTML text needs no escape
    for them, and a reader that shows the title as plain text then shows fewer entities."""
    add(parent, tag, html.escape(text, quote=False))


def xml_characters(text: str) -> str:
    """ElementTree escapes markup but writes any character: drop those XML 1.0 does not allow."""
    return re.sub(r"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]", "", text)


def channel(rss_title: str, link: str, description: str, self_url: str) -> tuple[ET.Element, ET.Element]:
    """An `<rss>` element and its `<channel>`, with its title, link, description, language and the
    address of the feed itself (atom:link rel=self, as feed validators ask)."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    found = ET.SubElement(rss, "channel")
    add_text(found, "title", rss_title)
    add(found, "link", link)
    add_text(found, "description", description)
    add(found, "language", "en-gb")
    ET.SubElement(found, f"{{{ATOM}}}link", {"href": self_url, "rel": "self", "type": "application/rss+xml"})
    return rss, found


def serialised(rss: ET.Element) -> bytes:
    ET.indent(rss)
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True) + b"\n"
