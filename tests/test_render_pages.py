"""Generated pages (Markdown, and HTML for group pages): golden files for representative pages, and browse pages that list exactly
the groups that belong to them."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest

from peerdir import paths
from peerdir.render import SiteSettings, render_site
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY, check_golden

SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/",
                        repo_url="https://github.com/example/peer-support")


@pytest.fixture(scope="module")
def fixture_pages() -> dict[str, str]:
    return render_site(load_directory(FIXTURES / "valid").directory, SETTINGS)


@pytest.fixture(scope="module")
def sample() -> tuple:
    directory = load_directory(REPO).directory
    return directory, render_site(directory, SETTINGS)


@pytest.mark.parametrize("page", [
    "groups/riverside-parents.md",   # every field
    "groups/dads-online.md",         # online only, no location
    "groups/old-friends.md",         # stale, temporarily closed, meets in a home
    "browse/a-z.md",
    "browse/area/kensington-and-chelsea.md",
    "support-types.md",
])
def test_golden_generated_pages(fixture_pages: dict[str, str], page: str) -> None:
    check_golden(f"pages/{page}", fixture_pages[page])


def test_every_group_has_a_page_with_its_contact_details(sample: tuple) -> None:
    directory, pages = sample
    for group in directory.groups:
        page = pages[paths.group_page(group.id)]
        if group.contact.phone:
            assert 'href="tel:+' in page
        if group.contact.email:
            assert f'href="mailto:{group.contact.email}"' in page
        if group.contact.website:
            assert f'href="{html.escape(group.contact.website)}"' in page
        assert f"checked on {group.last_verified.day} {group.last_verified:%B %Y}" in page


def test_a_group_run_from_abroad_says_so_and_is_not_called_uk_wide(sample: tuple) -> None:
    """Child & Family Connections meets on US time from Philadelphia: a UK parent is told before they click."""
    directory, pages = sample
    group = next(g for g in directory.groups if g.id == "child-and-family-connections")
    assert group.area == "outside-the-uk"
    page = pages[paths.group_page(group.id)]
    assert "No meeting place: this group is outside the UK and runs online." in page
    assert "UK-wide" not in page
    assert "groups/child-and-family-connections" in pages["browse/area/outside-the-uk.md"]
    assert "groups/child-and-family-connections" not in pages["browse/area/national.md"]


def linked_groups(markdown: str) -> set[str]:
    return set(re.findall(r"groups/([a-z0-9-]+)\.md\"", markdown))


FIELDS = {"support_types": "support_types", "audiences": "audiences", "topics": "topics", "areas": "area"}


def test_every_browse_page_lists_exactly_the_groups_that_belong(sample: tuple) -> None:
    directory, pages = sample
    open_groups = [g for g in directory.groups if g.status != "closed"]
    for facet, field in FIELDS.items():
        for term in getattr(directory.vocabularies, facet):
            def belongs(group, term_id=term.id, field=field) -> bool:
                value = getattr(group, field)
                return term_id in (value if isinstance(value, tuple) else (value,))
            expected = {g.id for g in open_groups if belongs(g)}
            assert linked_groups(pages[paths.facet_page(facet, term.id)]) == expected, (facet, term.id)


def test_a_to_z_and_remote_pages_lose_no_group(sample: tuple) -> None:
    directory, pages = sample
    open_ids = {g.id for g in directory.groups if g.status != "closed"}
    assert linked_groups(pages[paths.A_TO_Z]) == open_ids
    remote = {g.id for g in directory.groups if g.status != "closed" and g.location is None}
    assert remote and linked_groups(pages[paths.REMOTE]) == remote


def test_a_closed_group_keeps_its_page_but_leaves_the_browse_pages(fixture_pages: dict[str, str]) -> None:
    directory = load_directory(FIXTURES / "valid").directory
    from dataclasses import replace

    closed = replace(directory.groups[1], status="closed")
    directory = replace(directory, groups=(directory.groups[0], closed, directory.groups[2]))
    pages = render_site(directory, SETTINGS)
    assert "This group has closed" in pages["groups/dads-online.md"]
    assert "dads-online" not in linked_groups(pages[paths.A_TO_Z])
    assert "dads-online" not in linked_groups(pages[paths.REMOTE])


def test_remembered_pages_follow_every_change_to_a_group_its_terms_and_the_settings() -> None:
    # The live preview re-renders only what changed: a remembered page must never be a stale one.
    from dataclasses import replace

    directory = load_directory(FIXTURES / "valid").directory
    first = render_site(directory, SETTINGS)
    renamed = replace(directory.groups[0], name="Riverbank Parents Group")
    directory = replace(directory, groups=(renamed, *directory.groups[1:]))
    second = render_site(directory, SETTINGS)
    assert "Riverbank Parents Group" in second["groups/riverside-parents.md"]
    assert second["groups/dads-online.md"] == first["groups/dads-online.md"]
    areas = tuple(replace(t, name="Royal Borough") if t.id == "kensington-and-chelsea" else t
                  for t in directory.vocabularies.areas)
    directory = replace(directory, vocabularies=replace(directory.vocabularies, areas=areas))
    assert "Royal Borough" in render_site(directory, SETTINGS)["groups/riverside-parents.md"]
    later = render_site(directory, replace(SETTINGS, today=date(2027, 6, 1)))
    assert "Wednesday 25 November" in second["groups/riverside-parents.md"]
    assert "Wednesday 25 November" not in later["groups/riverside-parents.md"]


@pytest.mark.parametrize("organisation, shown", [
    ("Riverside Parents Group", False),     # the group's own name
    ("riverside  PARENTS group ", False),   # the same words, spaced and capitalised otherwise
    ("Riverside Family Trust", True),
])
def test_a_group_page_names_its_organisation_only_when_it_is_another_name(organisation: str, shown: bool) -> None:
    from dataclasses import replace

    directory = load_directory(FIXTURES / "valid").directory
    group = replace(directory.groups[0], name="Riverside Parents Group", organisation=organisation)
    pages = render_site(replace(directory, groups=(group, *directory.groups[1:])), SETTINGS)
    page = pages[paths.group_page(group.id)]
    assert ('class="group-organisation"' in page) == shown
