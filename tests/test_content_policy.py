"""The pages' Content Security Policy (peerdir/content_policy.py): the hashes of a page's inline scripts,
and the tile server's source. The policy in built pages and in Chromium: tests/browser/test_content_security_policy.py."""

from __future__ import annotations

import pytest

from peerdir.content_policy import (
    UnusableTileAddress,
    hash_source,
    inline_scripts,
    page_policy,
    policy,
    tile_source,
    with_script_hashes,
)
from peerdir.finishing.minify import minified_html


def test_a_script_is_hashed_as_the_csp_standard_hashes_it() -> None:
    # The example of CSP Level 3, section "Hash usage for script elements".
    assert hash_source("alert('Hello, world.');") == "'sha256-qznLcsROx4GACP2dm0UCKCzCG+HiZ1guq6ZZDob/Tng='"
    # The HTML parser reads CR LF and CR as LF, so the browser hashes those.
    assert hash_source("a();\r\nb();\rc();") == hash_source("a();\nb();\nc();")


def test_only_scripts_a_browser_runs_from_the_page_count() -> None:
    page = ('<script>one()</script><SCRIPT type="module">two()</SCRIPT>'
            '<script src="x.js"></script><script defer src=y.js></script>'
            '<script id=__config type=application/json>{"a": 1}</script>'
            '<script type="application/ld+json">{}</script><script data-source="x">three()</script>')
    assert inline_scripts(page) == ["one()", "two()", "three()"]


PAGE = ('<!doctype html><html><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{policy("https://tile.example.org")}">'
        "<script>first()</script></head><body><p>Text</p><script>second()</script>"
        '<script id="__config" type="application/json">{}</script></body></html>')


def test_a_page_names_exactly_its_own_inline_scripts() -> None:
    page = with_script_hashes(PAGE)
    assert page_policy(page) == policy("https://tile.example.org", (hash_source("first()"), hash_source("second()")))
    assert with_script_hashes(page) == page, "working the hashes out again changes nothing"
    # A script added to the page (MkDocs' live reload, in the preview) is named too, and one taken out is no longer.
    changed = with_script_hashes(page.replace("<script>first()</script>", "").replace("</body>", "<script>r()</script></body>"))
    assert page_policy(changed) == policy("https://tile.example.org", (hash_source("second()"), hash_source("r()")))


def test_the_policy_is_found_and_kept_in_a_minified_page() -> None:
    page = minified_html(PAGE)
    assert "http-equiv=Content-Security-Policy" in page.replace('"', "")  # the minifier's quotes and order
    hashed = with_script_hashes(page)
    assert page_policy(hashed) == policy("https://tile.example.org", (hash_source("first()"), hash_source("second()")))
    assert hashed.count("Content-Security-Policy") == 1


def test_a_page_without_a_policy_is_left_alone() -> None:
    page = "<!doctype html><title>Problems</title><script>livereload(1, 2)</script>"
    assert with_script_hashes(page) == page
    assert page_policy(page) is None


@pytest.mark.parametrize("url,source", [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tile.opentopomap.org/{z}/{x}/{y}.png", "https://*.tile.opentopomap.org"),
    ("https://tiles.Example.org:8443/v1/{z}/{x}/{y}{r}.png?key=abc", "https://tiles.example.org:8443"),
    ("HTTP://127.0.0.1:9000/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:9000"),
    ("//tiles.example.org/{z}/{x}/{y}.png", "tiles.example.org"),
    ("tiles/{z}/{x}/{y}.png", ""),  # served by the site itself: 'self'
])
def test_the_tile_server_is_allowed_by_its_scheme_and_host(url: str, source: str) -> None:
    assert tile_source(url) == source
    assert policy(source).startswith("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:")


@pytest.mark.parametrize("url", [
    "https://tiles-{s}.example.org/{z}/{x}/{y}.png",
    "https://user@tiles.example.org/{z}/{x}/{y}.png",
    "https://tiles.example.org;script-src *;/{z}/{x}/{y}.png",
    "javascript:alert(1)",
    "ftp://tiles.example.org/{z}/{x}/{y}.png",
])
def test_a_tile_address_no_policy_can_name_is_refused(url: str) -> None:
    with pytest.raises(UnusableTileAddress):
        tile_source(url)
