"""Working links for ways to get in touch: `tel:`, `mailto:` and web addresses."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urlsplit

import phonenumbers

from ...models import Contact
from ...schema import PHONE_REGION
from . import html
from .text import md_link, md_text


@functools.lru_cache(maxsize=4096)
def tel_uri(phone: str) -> str:
    """`020 7946 0000` -> `tel:+442079460000`: the number in E.164 form, which a phone anywhere dials
    the same way; a UK short number such as 116 123 only works as it is, so it stays `tel:116123`.

    `phone` has been checked by `schema.Phone`, with the same library and region."""
    number = phonenumbers.parse(phone, PHONE_REGION)
    if phonenumbers.is_valid_number(number):
        return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "tel:" + re.sub(r"[^0-9]", "", phone)


# What a `mailto:` address may hold as it is (those of RFC 6068's "some-delims" an address can have);
# everything else, `?`, `&`, `%` and `#` above all, is percent-encoded, so that an address, a subject
# or a body is only ever that.
MAILTO_SAFE = "@!$'*+"


def mailto_uri(email: str, subject: str = "", body: str = "") -> str:
    """The one place `mailto:` links are made: `mailto:name@example.org?subject=Peer%20Worker%20Meeting`,
    with a body if given, its line breaks written as CRLF (RFC 6068)."""
    fields = [f"subject={quote(subject, safe='')}"] if subject else []
    if body:
        fields.append("body=" + quote(body.replace("\r\n", "\n").replace("\n", "\r\n"), safe=""))
    return "mailto:" + quote(email, safe=MAILTO_SAFE) + ("?" + "&".join(fields) if fields else "")


def email_link_html(email: str, subject: str = "") -> str:
    """A `mailto:` link whose address, in a narrow column, breaks only after the `@` or a `.` of
    the domain (`zoe.copeland@` / `kcmind.org.uk`), never inside a word: a `<wbr>` at each, and
    the class that keeps the theme's break-anywhere rule off it (directory.css). The name before
    the `@` stays whole, as people read it."""
    name, at, domain = email.rpartition("@")
    words = html.text(name) + html.breakable_text(at + domain, "@.")
    return html.element("a", words, {"href": mailto_uri(email, subject), "class": "email-address"})


def web_link_html(url: str) -> str:
    """A link to a web address labelled with its short form (`web_label`), which in a narrow column
    breaks only after a `.` or a `/` (`www.familiestogetherlondon.` / `com`), never inside a word
    (`www.familiestog` / `etherlondon.com`): the same rule and class as an e-mail address's."""
    return html.element("a", html.breakable_text(web_label(url), "./"), {"href": url, "class": "web-address"})


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
    return [(label, _link_html(words, address) + (f" ({html.text(note)})" if note else ""))
            for label, words, address, note in ways_to_get_in_touch(contact)]


def _link_html(words: str, address: str) -> str:
    if address.startswith("mailto:"):
        return email_link_html(words)
    if address.startswith(("http://", "https://")):
        return web_link_html(address)
    return html.link(words, address)
