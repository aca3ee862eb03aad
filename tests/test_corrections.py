"""Corrections without a GitHub account: each group's and event's page offers a pre-filled e-mail to the
charity (mkdocs.yml: corrections_email) beside the GitHub form, and the About and privacy pages say how
to send one and what happens to it."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from peerdir import paths
from peerdir.render import SiteSettings, render_site
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY, after_id, built_sample_site, links, page_text

SITE = "https://peer.example.org/support/"
ADDRESS = "fix-it@example.org"
SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url=SITE, repo_url="https://github.com/example/peer-support",
                        corrections_email=ADDRESS)


def _links(page: str) -> dict[str, str]:
    """The correction paragraph's links: their words -> their addresses."""
    [paragraph] = re.findall(r'<p class="suggest-correction"[^>]*>(.*?)</p>', page, re.DOTALL)
    return {unescape(words): unescape(href) for href, words in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)</a>', paragraph)}


def _mailto(address: str) -> tuple[str, str, str]:
    """(to, subject, body) of a mailto: link, read as a mail program reads it (RFC 6068)."""
    parts = urlsplit(address)
    assert parts.scheme == "mailto"
    # Split on "&" and "=", then percent-decoded once: a "+" stays a plus (not a space, as in a form).
    fields = dict(field.split("=", 1) for field in parts.query.split("&"))
    assert set(fields) == {"subject", "body"}
    return unquote(parts.path), unquote(fields["subject"]), unquote(fields["body"])


def test_a_group_page_offers_an_email_with_its_details_and_the_github_form() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    page = render_site(directory, SETTINGS)[paths.group_page("riverside-parents")]
    links = _links(page)
    assert list(links) == ["E-mail us a correction", "suggest a correction on GitHub"]
    to, subject, body = _mailto(links["E-mail us a correction"])
    assert to == ADDRESS
    assert subject == "Correction: Riverside Parents Group (riverside-parents)"
    assert body.split("\r\n") == [
        "What has changed or is wrong:", "", "", "",
        "The details on the site now:",
        "Name: Riverside Parents Group",
        "Phone: 020 7946 0000",
        "E-mail: hello@riverside.example.org",
        "Website: https://riverside.example.org/parents",
        "Where: Riverside Community Centre, 1 Example Street, London, SW10 9NH",
        "Details checked: 2026-10-01",
        "Page: https://peer.example.org/support/groups/riverside-parents/",
    ]
    assert links["suggest a correction on GitHub"].startswith("https://github.com/example/peer-support/issues/new?")


def test_an_event_page_offers_the_same_email() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    event = directory.events[0]
    page = render_site(directory, SETTINGS)[paths.event_page(event.id)]
    to, subject, body = _mailto(_links(page)["E-mail us a correction"])
    assert (to, subject) == (ADDRESS, f"Correction: the event {event.title} ({event.id})")
    lines = body.split("\r\n")
    assert lines[5] == f"Event: {event.title} ({event.id})"
    assert lines[-1] == f"Page: {SITE}events/{event.id}/"


@pytest.mark.parametrize(("email", "repo", "words"), [
    ("", "https://github.com/example/peer-support", ["Suggest a correction on GitHub"]),
    (ADDRESS, "", ["E-mail us a correction"]),
    ("", "", None),
])
def test_either_way_may_be_left_out(email: str, repo: str, words: list[str] | None) -> None:
    directory = load_directory(FIXTURES / "valid").directory
    settings = SiteSettings(today=date.fromisoformat(TODAY), repo_url=repo, corrections_email=email)
    page = render_site(directory, settings)[paths.group_page("riverside-parents")]
    if words is None:
        assert "suggest-correction" not in page
    else:
        assert list(_links(page)) == words


def test_hostile_names_stay_text_in_the_email() -> None:
    """A name with `&`, `?`, `#`, `%`, quotes and markup is exactly the subject, and adds no field."""
    directory = load_directory(FIXTURES / "hostile").directory
    pages = render_site(directory, SETTINGS)
    for group in directory.groups:
        to, subject, body = _mailto(_links(pages[paths.group_page(group.id)])["E-mail us a correction"])
        assert to == ADDRESS
        assert subject == f"Correction: {group.name} ({group.id})"
        assert f"Name: {group.name}" in body.split("\r\n")


def test_a_real_build_has_the_correction_email_the_stale_notice_and_how_to_send_a_correction(tmp_path: Path) -> None:
    site = built_sample_site(tmp_path, "https://peer.example.org/support/")
    for page in ("about/index.html", "privacy/index.html"):
        text = (site / page).read_text(encoding="utf-8")
        assert "mailto:corrections@example.org?subject=Correction" in links(text), page
        assert "If you have a GitHub account" in page_text(text), page
    privacy = page_text((site / "privacy/index.html").read_text(encoding="utf-8"))
    assert "we never publish your name, your e-mail address or what you wrote" in " ".join(privacy.split())
    # The sample's group pages carry the e-mail, from mkdocs.yml.
    group = (site / "groups" / load_directory(REPO).directory.groups[0].id / "index.html").read_text(encoding="utf-8")
    assert "mailto:corrections@example.org?subject=Correction%3A%20" in group
    # And the one group last checked more than a year before the build day says so, at the top.
    stale = (site / "groups/west-london-action-for-children/index.html").read_text(encoding="utf-8")
    assert "last checked on 14 March 2025, a year or more ago" in " ".join(page_text(stale).split())
    assert "These details may be out of date" in page_text(stale)
    assert "These details may be out of date" not in after_id(stale, "how-to-get-in-touch")  # read before it
