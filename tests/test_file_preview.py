"""The preview opened from its folder (`build.py build --file-preview`), without a browser:
its links, its icons and the map's data in its page (tests/browser/test_file_preview.py opens it)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from peerdir import content_policy, paths
from peerdir.file_preview import page_file_link, preview_page, with_page_file_links
from peerdir.postcode_districts import district_files
from peerdir.render import render_site
from peerdir.validate import load_directory

from .test_map import SETTINGS, XSS

SPRITE = '<svg xmlns="http://www.w3.org/2000/svg"><symbol id="menu" viewBox="0 0 24 24"><path d="M3 6h18"/></symbol></svg>\n'


@pytest.mark.parametrize(("link", "in_preview"), [
    ("groups/", "groups/index.html"),
    ("../../map/", "../../map/index.html"),
    (".", "./index.html"),
    ("..", "../index.html"),
    ("../", "../index.html"),
    ("../map/?view=list&amp;day=monday#map", "../map/index.html?view=list&amp;day=monday#map"),
    ("events/#coming-up", "events/index.html#coming-up"),
    # Files, anchors, other sites and addresses from the site's root stay as they are.
    ("../calendar.ics", "../calendar.ics"),
    ("assets/icons.svg#menu", "assets/icons.svg#menu"),
    ("#coming-up", "#coming-up"),
    ("https://example.org/groups/", "https://example.org/groups/"),
    ("mailto:someone@example.org", "mailto:someone@example.org"),
    ("tel:116123", "tel:116123"),
    ("/peer-support/groups/", "/peer-support/groups/"),
    ("//example.org/", "//example.org/"),
    ("", ""),
])
def test_a_link_to_a_folder_names_its_page(link: str, in_preview: str) -> None:
    assert page_file_link(link) == in_preview


def test_only_href_attributes_change() -> None:
    page = '<a href="groups/">Groups</a> <a class=x href=\'../\'>Up</a> <p>href="groups/" as text</p>'
    assert with_page_file_links(page) == (
        '<a href="groups/index.html">Groups</a> <a class=x href=\'../index.html\'>Up</a> <p>href="groups/" as text</p>')


def test_the_icons_point_into_the_page_which_carries_their_drawings() -> None:
    page = '<html><body><svg><use href="../../assets/icons.svg#menu" /></svg><a href="../">Up</a></body></html>'
    previewed = preview_page(page, "assets/icons.svg", SPRITE)
    assert '<use href="#menu" />' in previewed and '<a href="../index.html">' in previewed
    assert "icons.svg" not in previewed
    assert previewed.endswith('<svg width="0" height="0" aria-hidden="true" focusable="false" '
                              'xmlns="http://www.w3.org/2000/svg"><symbol id="menu" viewBox="0 0 24 24">'
                              '<path d="M3 6h18"/></symbol></svg></body></html>')
    assert preview_page("<body><p>No icons</p></body>", "assets/icons.svg", SPRITE) == "<body><p>No icons</p></body>"


def test_the_map_page_carries_its_groups_only_in_the_preview_as_inert_data() -> None:
    directory = load_directory(XSS).directory
    published = render_site(directory, SETTINGS)
    preview = render_site(directory, replace(SETTINGS, file_preview=True))
    assert "data-map-json" not in published[paths.MAP]
    assert {path: text for path, text in preview.items() if path != paths.MAP} == \
        {path: text for path, text in published.items() if path != paths.MAP}
    blocks = dict(re.findall(r'<script type="application/json" data-map-json="(\w+)">(.*?)</script>',
                             preview[paths.MAP], flags=re.DOTALL))
    # The hostile names' markup cannot close a block: every `<` is JSON's escape, and the data reads
    # back as the files have it.
    assert not any("<" in text for text in blocks.values())
    assert {kind: json.loads(text) for kind, text in blocks.items()} == {
        "groups": json.loads(published[paths.MAP_DATA]), "places": json.loads(published[paths.MAP_PLACES]),
        "postcodes": json.loads(district_files()[paths.MAP_POSTCODES])}
    assert any("</" in str(record) for record in json.loads(blocks["groups"])["groups"]), "the fixture's names are hostile"
    # A data block is never run: the page's policy needs no hash for it.
    assert content_policy.inline_scripts(preview[paths.MAP]) == content_policy.inline_scripts(published[paths.MAP])
