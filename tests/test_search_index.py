"""The search index holds each group once, on its own page: browse lists and boilerplate are
left out, so the index a phone downloads stays small as the directory grows."""

from __future__ import annotations

import json

import pytest

from .conftest import TODAY, copy_project, run_cli


@pytest.fixture(scope="module")
def search_index(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    project = copy_project(tmp_path_factory.mktemp("search"))
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    assert result.code == 0, result.stderr
    return json.loads((project / "site" / "search" / "search_index.json").read_text())["docs"]


def test_group_lists_on_browse_pages_are_not_indexed(search_index: list[dict]) -> None:
    browse = [doc for doc in search_index if doc["location"].startswith("browse/")]
    assert browse, "browse pages themselves are still findable by their titles"
    for doc in browse:
        assert "#groups-that-meet-in-person" not in doc["location"]
        assert "#online-by-phone-and-national" not in doc["location"]
        assert "Tamba" not in doc["text"], doc["location"]


def test_each_group_is_found_on_its_own_page_with_place_and_postcode(search_index: list[dict]) -> None:
    gingerbread = " ".join(d["text"] for d in search_index if d["location"].startswith("groups/gingerbread-west-london/"))
    assert "Masbro Centre" in gingerbread and "W14 0LR" in gingerbread
    assert "Details checked" not in gingerbread and "Open in your map app" not in gingerbread


def test_text_only_on_paper_is_not_indexed(search_index: list[dict]) -> None:
    # The QR codes of a newsletter issue, their captions and addresses, and where to read it online.
    issue = [d for d in search_index if d["location"].startswith("newsletter/2026-11-peertalk/")]
    assert any("PND &amp; Me (#PNDchat)" in d["text"] for d in issue), "the issue's group listings are indexed"
    for doc in search_index:
        for printed in ("Scan for all the details", "Read this issue online", "/peer-support/groups/"):
            assert printed not in doc["text"], (printed, doc["location"])
