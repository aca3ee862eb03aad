"""A to Z at national scale: up to A_TO_Z_ON_ONE_PAGE groups it is one page; above, an index of first
letters with a page for each, so that a phone never loads the whole directory at once (at 5,000 groups
the one page was 1.8 MB, 300 KB gzip)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from benchmarks.synthetic import write_synthetic_data
from peerdir import paths
from peerdir.outputs import FIXED_OUTPUTS, ID_LISTS, OCCASIONAL_OUTPUTS, outputs_of_id
from peerdir.render import SiteSettings, render_site
from peerdir.render.outputs.browse import A_TO_Z_ON_ONE_PAGE
from peerdir.render.parts.common import sort_key
from peerdir.render.parts.text import plural
from peerdir.validate import Directory, languages_used, load_directory

from .conftest import REPO, TODAY, copy_project, elements, links, page_text, run_cli

SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/")
GROUPS = A_TO_Z_ON_ONE_PAGE + 50


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("a-to-z-data")
    write_synthetic_data(folder, GROUPS, today=date.fromisoformat(TODAY))
    return folder


@pytest.fixture(scope="module")
def big(data: Path) -> tuple[Directory, dict[str, str]]:
    directory = load_directory(data, date.fromisoformat(TODAY)).directory
    assert directory is not None
    return directory, render_site(directory, SETTINGS)


def open_groups(directory: Directory) -> list:
    return sorted((g for g in directory.groups if g.status != "closed"), key=sort_key)


def letter_pages(pages: dict[str, str]) -> dict[str, str]:
    return {path: page for path, page in pages.items() if path.startswith("browse/a-z/")}


def group_links(page: str, from_page: str) -> list[str]:
    """The groups a page lists, as their pages' source paths."""
    prefix = paths.link(from_page, "groups/")
    return [href for href in links(page) if href.startswith(prefix)]


def test_a_small_directory_has_one_a_to_z_page_with_every_group() -> None:
    directory = load_directory(REPO, date.fromisoformat(TODAY)).directory
    assert directory is not None and len(open_groups(directory)) <= A_TO_Z_ON_ONE_PAGE
    pages = render_site(directory, SETTINGS)
    assert letter_pages(pages) == {}
    listed = group_links(pages[paths.A_TO_Z], paths.A_TO_Z)
    assert listed == [paths.link(paths.A_TO_Z, paths.group_page(g.id)) for g in open_groups(directory)]


def test_a_big_directory_has_a_page_per_first_letter_with_each_group_once(big: tuple) -> None:
    directory, pages = big
    groups = open_groups(directory)
    assert len(groups) > A_TO_Z_ON_ONE_PAGE
    letters = letter_pages(pages)
    assert len(letters) >= 5 and set(letters) <= set(OCCASIONAL_OUTPUTS)
    # The index lists no group, and links to every letter's page, with its count.
    index = pages[paths.A_TO_Z]
    assert group_links(index, paths.A_TO_Z) == []
    assert sorted(href for href in links(index) if href.startswith("a-z/")) == \
        sorted(paths.link(paths.A_TO_Z, path) for path in letters)
    listed: list[str] = []
    for path, page in letters.items():
        on_page = group_links(page, path)
        letter = path.rsplit("/", 1)[1].removesuffix(".md")
        for href in on_page:
            group = directory.group(href.rsplit("/", 1)[1].removesuffix(".md"))
            initial = sort_key(group)[0][:1]
            assert (initial.lower() == letter) if letter != "other" else not initial.isalpha(), (path, group.name)
        label = "#" if letter == "other" else letter.upper()
        assert f" {label} ({plural(len(on_page), 'group')}) " in f" {page_text(index)} ", path
        listed += [href.rsplit("/", 1)[1] for href in on_page]
    assert sorted(listed) == sorted(f"{g.id}.md" for g in groups)


def test_each_letter_page_leads_to_every_other_letter_and_back(big: tuple) -> None:
    _, pages = big
    letters = letter_pages(pages)
    assert len(letters) >= 5
    for path, page in letters.items():
        found = elements(page)
        current = [e for e in found if e.attributes.get("aria-current") == "page"]
        assert len(current) == 1, path
        others = {href for href in links(page) if not href.startswith("../../")}
        assert others == {paths.link(path, other) for other in letters if other != path} | \
            {paths.link(path, paths.A_TO_Z)}, path


def test_every_letter_page_is_claimed_before_rendering(big: tuple) -> None:
    directory, pages = big
    claimed = set(FIXED_OUTPUTS) | set(OCCASIONAL_OUTPUTS) | {
        path for name in ID_LISTS if name != "languages"
        for entry in (getattr(directory.vocabularies, name) if hasattr(directory.vocabularies, name)
                      else getattr(directory, name))
        for path, _ in outputs_of_id(name, entry.id)} | {
        path for written in languages_used(directory.groups) for path, _ in outputs_of_id("languages", written.ident)}
    assert set(pages) <= claimed


def test_a_big_directory_builds_and_its_letter_pages_are_published(data: Path, tmp_path: Path) -> None:
    project = copy_project(tmp_path, data)
    result = run_cli("--root", str(project), "build", "--today", TODAY)  # strict: every link leads somewhere
    assert result.code == 0, result.stderr
    site = project / "site"
    published = sorted(p.parent.name for p in (site / "browse" / "a-z").glob("*/index.html"))
    assert len(published) >= 5
    # A phone loads a letter's groups, not the directory's: no page of the A to Z holds them all.
    biggest = max((site / "browse" / "a-z").rglob("index.html"), key=lambda p: p.stat().st_size)
    listed = [href for href in links(biggest.read_text(encoding="utf-8")) if "/groups/" in href]
    assert 0 < len(listed) < GROUPS / 2
