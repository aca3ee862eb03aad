"""The search index (Pagefind's, made from each page as the build renders it) holds each group once,
on its own page: browse lists, boilerplate, the site's header, navigation, help bar and footer are left
out, so what a query fetches stays small as the directory grows and a group's own page comes before
lists of it."""

from __future__ import annotations

import json
import shutil
import stat
from pathlib import Path

import pytest

from peerdir.finishing import site_search

from .conftest import TODAY, copy_project, indexed_pages, run_cli


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("search"))
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    assert result.code == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="module")
def search_index(built_site: Path) -> list[dict]:
    return indexed_pages(built_site)


def test_pages_handed_over_one_by_one_make_the_index_pagefind_makes_of_the_folder(built_site: Path,
                                                                                  tmp_path: Path) -> None:
    """A build hands Pagefind each page as it is rendered (site_search.PageIndexer); `build.py finish`
    and the preview have it read the written folder (site_search.index_site). The same pages give the
    same pages in the index, at the same addresses, with the same text."""
    read_from_folder = tmp_path / "folder"
    shutil.copytree(built_site, read_from_folder, ignore=shutil.ignore_patterns(site_search.BUNDLE_DIR))
    site_search.index_site(read_from_folder)
    handed_over = tmp_path / "handed-over"
    indexer = site_search.PageIndexer()
    pages = sorted(read_from_folder.rglob("*.html"))
    for page in pages:
        indexer.add_page(page.read_text(encoding="utf-8"), page.relative_to(read_from_folder).as_posix())
    indexer.write(handed_over)

    def by_url(site: Path) -> list[dict]:
        return sorted(indexed_pages(site), key=lambda page: page["url"])

    assert by_url(handed_over) == by_url(read_from_folder)
    assert len(by_url(handed_over)) > 50
    assert {"/", "/groups/tamba/"} <= {page["url"] for page in by_url(handed_over)}

    def fragments(site: Path) -> set[str]:
        return {path.name for path in (site / site_search.BUNDLE_DIR / "fragment").iterdir()}

    assert fragments(handed_over) == fragments(read_from_folder)
    for site in (handed_over, read_from_folder):
        entry = json.loads((site / site_search.BUNDLE_DIR / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert entry["languages"]["en"]["page_count"] == len(fragments(site))
        assert not (site / site_search.BUNDLE_DIR / "pagefind-ui.js").exists()  # left out as unused


@pytest.mark.parametrize(("path", "url"), [("index.html", "/"), ("groups/tamba/index.html", "/groups/tamba/"),
                                           ("404.html", "/404.html"), ("a/b.html", "/a/b.html")])
def test_a_page_has_the_address_pagefind_gives_it_in_a_folder(path: str, url: str) -> None:
    assert site_search.page_url(path) == url


def test_a_build_whose_search_index_fails_says_why_in_a_line_and_keeps_the_previous_site(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path)
    assert run_cli("--root", str(project), "build", "--today", TODAY).code == 0
    before = {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()}
    failing = tmp_path / "pagefind"  # a Pagefind that stops as soon as it starts, saying why
    failing.write_text("#!/bin/sh\necho 'Error: the disk is full' >&2\nexit 3\n", encoding="utf-8")
    failing.chmod(failing.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(failing))  # as the pagefind package reads it
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    assert result.code == 1
    assert "Traceback" not in result.stderr
    assert ("the search index could not be written: Pagefind stopped (exit code 3): Error: the disk is full"
            in result.stderr)
    assert "The previous site/ is unchanged." in result.stderr
    assert {path: path.read_bytes() for path in (project / "site").rglob("*") if path.is_file()} == before


def test_group_lists_on_browse_pages_are_not_indexed(search_index: list[dict]) -> None:
    browse = [doc for doc in search_index if doc["url"].startswith("/browse/")]
    assert browse, "browse pages themselves are still findable by their titles"
    for doc in browse:
        assert "Groups that meet in person" not in doc["text"]
        assert "Tamba" not in doc["text"], doc["url"]


def test_each_group_is_found_on_its_own_page_with_place_and_postcode(search_index: list[dict]) -> None:
    (gingerbread,) = [d["text"] for d in search_index if d["url"] == "/groups/gingerbread-west-london/"]
    assert "Masbro Centre" in gingerbread and "W14 0LR" in gingerbread
    assert "Details checked" not in gingerbread and "Open in your map app" not in gingerbread


def test_only_the_article_of_a_page_is_indexed(search_index: list[dict]) -> None:
    # The header, the navigation, the "Need help now?" bar (its helplines' notes, from mkdocs.yml) and
    # the footer are on every page.
    for doc in search_index:
        for around in ("free, day or night", "Skip to content", "Made with"):
            assert around not in doc["text"], (around, doc["url"])


def test_pages_kept_out_of_the_search_are_not_indexed(search_index: list[dict]) -> None:
    addresses = {doc["url"] for doc in search_index}
    assert "/groups/tamba/" in addresses and "/" in addresses
    # `search: exclude: true` in their front matter (render/outputs/field_reference.py, render/outputs/maintainers.py).
    # The pages for editors and for people reusing the data: a parent's search for "Polish" found the
    # open data page among the groups.
    assert not [a for a in addresses if a.startswith(("/editors/", "/maintainers/", "/data/"))], addresses
    assert "/404.html" not in addresses


def test_the_map_page_is_found_by_its_words_not_its_controls(search_index: list[dict]) -> None:
    (map_page,) = [d for d in search_index if d["url"] == "/map/"]
    assert map_page["title"] == "Groups on a map"
    assert "Prefer a plain list?" in map_page["text"]
    for control in ("Postcode, area or venue", "Show only groups", "Any topic", "Near me", "Filters"):
        assert control not in map_page["text"], control



def test_text_only_on_paper_is_not_indexed(search_index: list[dict]) -> None:
    # The QR codes of a newsletter issue, their captions and addresses, and where to read it online.
    (issue,) = [d for d in search_index if d["url"] == "/newsletter/2026-11-peertalk/"]
    assert "PND & Me (#PNDchat)" in issue["text"] or "PND &amp; Me (#PNDchat)" in issue["text"], \
        "the issue's group listings are indexed"
    for doc in search_index:
        for printed in ("Scan for all the details", "Read this issue online", "/peer-support/groups/"):
            assert printed not in doc["text"], (printed, doc["url"])
