"""Hand-written pages against the generated ones: no two pages or files at one address, each
clash reported where it is written and naming both; the list of outputs `validate` knows is the
list `render_site` writes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from peerdir.libraries import LIBRARY_FILES, library_url
from peerdir.outputs import FIXED_OUTPUTS, ID_LISTS, outputs_of_id, published_as
from peerdir.render import SiteSettings, render_site
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY

SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/")


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    """The small valid fixture data, with these hand-written files in content/."""
    for name in ("groups.yaml", "events.yaml", "support_types.yaml"):
        shutil.copy(FIXTURES / "valid" / name, tmp_path / name)
    for name, text in files.items():
        (tmp_path / "content" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "content" / name).write_text(text, encoding="utf-8")
    return tmp_path


def messages(root: Path) -> list[str]:
    return [p.as_text() for p in load_directory(root, date.fromisoformat(TODAY)).problems]


# --------------------------------------------------------------------------- collisions


@pytest.mark.parametrize(("files", "expected"), [
    ({"groups/dads-online.md": "# Dads\n"},
     "groups.yaml:47:9: groups[1].id: `dads-online` would replace the hand-written page "
     "content/groups/dads-online.md; choose another id"),
    ({"groups/dads-online/index.md": "# Dads\n"},
     "groups.yaml:47:9: groups[1].id: `dads-online` (groups/dads-online.md) would be published at the same address "
     "(groups/dads-online/) as the hand-written page content/groups/dads-online/index.md, and one would replace "
     "the other; choose another id"),
    ({"groups/dads-online.ics": "BEGIN:VCALENDAR\n"},
     "groups.yaml:47:9: groups[1].id: `dads-online` would replace the hand-written file "
     "content/groups/dads-online.ics; choose another id"),
    ({"browse/topic/child-mental-health.md": "# Topic\n"},
     "support_types.yaml:16:9: topics[0].id: `child-mental-health` would replace the hand-written page "
     "content/browse/topic/child-mental-health.md; choose another id"),
    ({"map.md": "# My map\n"},
     "content/map.md:1:1: this page would be replaced by the generated page map.md (the map); "
     "rename or move this page"),
    ({"map/index.md": "# My map\n"},
     "content/map/index.md:1:1: this page would be published at the same address (map/) as the generated page "
     "map.md (the map), and one would replace the other; rename or move this page"),
    ({"data/groups.csv": "id\n"},
     "content/data/groups.csv:1:1: this file would be replaced by the generated file data/groups.csv (open data); "
     "rename or move this file"),
    ({"about.md": "# About\n", "about/index.md": "# About\n"},
     "content/about/index.md:1:1: this page would be published at the same address (about/) as the hand-written "
     "page content/about.md, and one would replace the other; rename or move this page"),
    ({"about.md": "# About\n", "about/README.md": "# About\n"},
     "content/about/README.md:1:1: this page would be published at the same address (about/) as the hand-written "
     "page content/about.md, and one would replace the other; rename or move this page"),
    ({"newsletter/2026-10-a.md": "---\ntitle: A\nnumber: 1\ndate: 2026-10-01\nsummary: A.\n---\n",
      "newsletter/2026-10-a.pdf": "%PDF"},
     "content/newsletter/2026-10-a.md:1:1: this issue's PDF (newsletter/2026-10-a.pdf, written by `build.py build "
     "--pdf`) would replace the hand-written file content/newsletter/2026-10-a.pdf; rename or delete the other file"),
], ids=["group-page", "group-page-folder", "group-calendar", "term-page", "fixed-page", "fixed-page-folder",
        "fixed-file", "two-hand-written", "readme", "issue-pdf"])
def test_a_clash_of_addresses_is_reported_once_naming_both(tmp_path: Path, files: dict[str, str],
                                                           expected: str) -> None:
    assert messages(project(tmp_path, files)) == [expected]


def test_hidden_files_and_templates_are_not_published_so_do_not_clash(tmp_path: Path) -> None:
    assert messages(project(tmp_path, {".map.md": "x", "templates/map.md": "x", ".drafts/groups/index.md": "x"})) == []


def test_a_page_and_a_file_of_one_name_are_published_apart() -> None:
    assert published_as("groups/x.md") == published_as("groups/x/index.md") == "groups/x/index.html"
    assert published_as("index.md") == "index.html" and published_as("events/calendar.ics") == "events/calendar.ics"


def test_the_outputs_validate_knows_are_the_files_the_site_is_built_from() -> None:
    """Every file render_site writes is claimed in phase one, from the same paths.py functions."""
    for root in (REPO, FIXTURES / "valid"):
        directory = load_directory(root, date.fromisoformat(TODAY)).directory
        assert directory is not None
        built = set(render_site(directory, SETTINGS)) | {library_url(name) for name in LIBRARY_FILES}
        records = {name: getattr(directory.vocabularies, name, None) or getattr(directory, name)
                   for name in ID_LISTS}
        claimed = set(FIXED_OUTPUTS) | {path for name, entries in records.items() for entry in entries
                                        for path, _ in outputs_of_id(name, entry.id)}
        assert built <= claimed
        assert set(FIXED_OUTPUTS) <= built  # nothing claimed that is never made
