"""Languages as a controlled list and access needs as a vocabulary (issue 27): how editors may write them,
what pages say, the browse pages, the map's choices and the open data. The names come from langcodes at
build time and are checked against what CLDR and the IANA registry say, not against a table of ours."""

from __future__ import annotations

import dataclasses
import json

import pytest

from peerdir import languages, paths
from peerdir.render import SiteSettings, render_site
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES, TODAY


@pytest.mark.parametrize("written, tag", [
    ("cy", "cy"), ("CY", "cy"), ("Welsh", "cy"), ("welsh", "cy"), ("Cymraeg", "cy"),  # code, English, endonym
    ("pl", "pl"), ("Polish", "pl"), ("polski", "pl"),
    ("bfi", "bfi"), ("sgn-GB", "bfi"), ("British Sign Language", "bfi"),  # the registry's preferred code
    ("Tagalog", "fil"), ("tl", "fil"), ("iw", "he"), ("Farsi", "fa"),  # names and codes CLDR has replaced
    ("zh-Hant", "zh-Hant"), ("en-GB", "en-GB"), ("no", "no"),
])
def test_a_language_is_its_code_or_its_name_in_english_or_in_itself(written: str, tag: str) -> None:
    assert languages.language_tag(written) == tag


@pytest.mark.parametrize("written", [
    "xx", "Polsih", "BSL", "ASL", "sgn", "mul", "und", "zxx", "qaa", "", "English and Polish", "x" * 81,
    "<b>English</b>", "English</b>", "Welsh speaking",
])
def test_what_names_no_single_language_is_refused(written: str) -> None:
    assert languages.language_tag(written) is None


def test_pages_name_a_language_in_english_and_in_itself() -> None:
    assert [languages.label(tag) for tag in ("cy", "pl", "ar", "en", "bfi", "gd")] == [
        "Welsh (Cymraeg)", "Polish (polski)", "Arabic (العربية)", "English", "British Sign Language",
        "Scottish Gaelic (Gàidhlig)"]


def test_a_typo_is_answered_with_the_language_meant() -> None:
    assert [languages.suggestion(typo) for typo in ("Polsih", "Cymrag", "Engish", "Urdo", "Britsh Sign Language")] == [
        "Polish", "Welsh", "English", "Urdu", "British Sign Language"]


# --------------------------------------------------------------------------- the site


SETTINGS = SiteSettings(today=__import__("datetime").date.fromisoformat(TODAY), site_url="https://example.org/peer-support/")


@pytest.fixture(scope="module")
def site() -> tuple[Directory, dict[str, str]]:
    directory = load_directory(FIXTURES / "valid").directory
    return directory, render_site(directory, SETTINGS)


def test_each_language_a_group_uses_has_a_browse_page_linked_from_ways_to_look(site) -> None:
    directory, pages = site
    assert paths.facet_index("languages") in pages[paths.FIND_A_GROUP] or "browse/language/index.md" in \
        pages[paths.FIND_A_GROUP]
    index = pages["browse/language/index.md"]
    for label in ("Arabic (العربية)", "British Sign Language", "English", "Welsh (Cymraeg)"):
        assert label in index
    assert index.index("Arabic") < index.index("British Sign") < index.index("English") < index.index("Welsh")
    welsh = pages["browse/language/cy.md"]
    assert "Welsh (Cymraeg)" in welsh and "old-friends.md" in welsh and "riverside-parents.md" not in welsh
    assert "dads-online.md" in pages["browse/language/bfi.md"]
    assert not [page for page in pages if page.startswith("browse/language/") and page.endswith(("/pl.md", "/fr.md"))]


def test_each_access_need_has_a_browse_page_and_a_glossary_entry(site) -> None:
    directory, pages = site
    assert "browse/access/index.md" in pages[paths.FIND_A_GROUP]
    loop = pages["browse/access/hearing-loop.md"]
    assert "Hearing loop" in loop and "riverside-parents.md" in loop and "old-friends.md" not in loop
    glossary = pages[paths.GLOSSARY]
    for need in directory.vocabularies.access_needs:
        assert f'id="access-{need.id}"' in glossary and need.description in glossary


def test_a_group_page_names_its_languages_both_ways_and_links_them(site) -> None:
    _, pages = site
    page = pages[paths.group_page("old-friends")]
    assert '<a href="../browse/language/cy.md">Welsh (Cymraeg)</a>' in page
    assert '<a href="../browse/access/quiet-space.md">Quiet space</a>' in page


def test_the_map_offers_only_the_languages_and_needs_of_open_groups(site) -> None:
    directory, pages = site
    closed = dataclasses.replace(directory.group("old-friends"), status="closed")
    groups = tuple(closed if g.id == "old-friends" else g for g in directory.groups)
    page = render_site(dataclasses.replace(directory, groups=groups), SETTINGS)[paths.MAP]
    assert 'name="lang"' in page and '<option value="bfi">British Sign Language</option>' in page
    assert 'value="cy"' not in page and 'value="quiet-space"' not in page  # only the closed group has them
    data = json.loads(pages[paths.MAP_DATA])
    assert data["facets"]["languages"] == ["ar", "bfi", "en", "cy"]  # by English name


def test_the_open_data_carry_the_codes(site) -> None:
    directory, pages = site
    groups = {g["id"]: g for g in json.loads(pages[paths.GROUPS_JSON])["groups"]}
    assert groups["dads-online"]["languages"] == ["en", "bfi"]  # written `[en, British Sign Language]`
    assert groups["old-friends"]["access"] == ["quiet-space"]
    services = {s["name"]: s for s in json.loads(pages[paths.HSDS_SERVICES])}
    dads = services["Dads Online"]
    assert [(lang["name"], lang["code"]) for lang in dads["languages"]] == [
        ("English", "en"), ("British Sign Language", "bfi")]
    riverside = services["Riverside Parents Group"]
    accessibility = riverside["service_at_locations"][0]["location"]["accessibility"]
    assert [(entry["description"], entry.get("details")) for entry in accessibility] == [
        ("Step-free access", "You can get in and to the room without steps."),
        ("Hearing loop", "The room has a hearing loop."), ("Children welcome", "You can bring your children with you.")]
    home = services["The Old Friends Circle"]["service_at_locations"][0]["location"]["accessibility"]
    assert [entry["description"] for entry in home] == [
        "Quiet space", "Two steps at the front door; the circle meets on the ground floor."]  # then its own words
    csv = pages[paths.GROUPS_CSV]
    csv = csv.decode("utf-8-sig") if isinstance(csv, bytes) else csv
    assert "English; British Sign Language,en; bfi," in csv
