"""Working links for ways to get in touch: `tel:`, `mailto:` and web addresses."""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from ..models import Contact
from . import html
from .text import md_link, md_text


def tel_uri(phone: str) -> str:
    """`020 7946 0000` -> `tel:+442079460000` (UK numbers in international form)."""
    digits = re.sub(r"[^\d+]", "", phone)
    if digits.startswith("+"):
        return f"tel:{digits}"
    if digits.startswith("0") and len(digits) in (10, 11):
        return f"tel:+44{digits[1:]}"
    return f"tel:{digits}"


def mailto_uri(email: str, subject: str = "") -> str:
    uri = f"mailto:{email}"
    return f"{uri}?subject={quote(subject)}" if subject else uri


def web_label(url: str) -> str:
    """A short, readable label for a web address: `www.example.org/groups`."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    return (parts.netloc + path) if len(path) <= 30 else parts.netloc


def ways_to_get_in_touch(contact: Contact) -> list[tuple[str, str, str, str]]:
    """(label, text, address, note) for each way to get in touch, in the order people should try them."""
    ways = []
    if contact.phone:
        ways.append(("Phone", contact.phone, tel_uri(contact.phone), contact.phone_note or ""))
    if contact.email:
        ways.append(("E-mail", contact.email, mailto_uri(contact.email), ""))
    if contact.website:
        ways.append(("Website", web_label(contact.website), contact.website, ""))
    if contact.social:
        ways.append(("Social media", web_label(contact.social), contact.social, ""))
    return ways


def contact_links(contact: Contact) -> list[tuple[str, str]]:
    """(label, Markdown link) for each way to get in touch."""
    return [(label, md_link(words, address) + (f" ({md_text(note)})" if note else ""))
            for label, words, address, note in ways_to_get_in_touch(contact)]


def contact_links_html(contact: Contact) -> list[tuple[str, str]]:
    """(label, HTML link) for each way to get in touch."""
    return [(label, html.link(words, address) + (f" ({html.text(note)})" if note else ""))
            for label, words, address, note in ways_to_get_in_touch(contact)]
