"""The search index (Pagefind's, written after the build) holds each group once, on its own page:
browse lists, boilerplate, the site's header, navigation, help bar and footer are left out, so what a
query fetches stays small as the directory grows and a group's own page comes before lists of it."""

from __future__ import annotations

import pytest

from .conftest import TODAY, copy_project, indexed_pages, run_cli


@pytest.fixture(scope="module")
def search_index(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    project = copy_project(tmp_path_factory.mktemp("search"))
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    assert result.code == 0, result.stderr
    return indexed_pages(project / "site")


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
