"""Hand-written pages against the generated ones: no two pages or files at one address, each
clash reported where it is written and naming both; the list of outputs `validate` knows is the
list `render_site` writes."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from peerdir.libraries import LIBRARY_FILES, library_url
from peerdir.outputs import FIXED_OUTPUTS, ID_LISTS, issue_pdf_claims, outputs_of_id, published_as
from peerdir.postcode_districts import district_files
from peerdir.render import SiteSettings, render_site
from peerdir.validate import languages_used, load_directory

from .conftest import FIXTURES, REPO, TODAY, run_cli

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
    ({"browse/language/cy.md": "# Cymraeg\n"},
     "groups.yaml:82:17: groups[2].languages[0]: `cy` would replace the hand-written page "
     "content/browse/language/cy.md; rename or move the other page (the language's page is made for it)"),
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
], ids=["group-page", "group-page-folder", "group-calendar", "term-page", "language-page", "fixed-page", "fixed-page-folder",
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
        built = (set(render_site(directory, SETTINGS)) | {library_url(name) for name in LIBRARY_FILES}
                 | set(district_files()))
        records = {name: getattr(directory.vocabularies, name) if hasattr(directory.vocabularies, name)
                   else getattr(directory, name) for name in ID_LISTS if name != "languages"}
        claimed = set(FIXED_OUTPUTS) | {path for name, entries in records.items() for entry in entries
                                        for path, _ in outputs_of_id(name, entry.id)}
        claimed |= {claim.path for claim in issue_pdf_claims([i.page for i in directory.issues], "content")}
        claimed |= {path for written in languages_used(directory.groups)
                    for path, _ in outputs_of_id("languages", written.ident)}
        assert built <= claimed
        assert set(FIXED_OUTPUTS) <= built  # nothing claimed that is never made


# --------------------------------------------------------------------------- links from hand-written pages


@pytest.mark.parametrize(("page", "expected"), [
    ("See [peer-led groups](browse/type/peer-lead.md).",
     "content/index.md:3:23: link: `browse/type/peer-lead.md` leads nowhere: there is no page browse/type/peer-lead.md "
     "in the site (did you mean `browse/type/peer-led.md`?); correct the link or delete it"),
    ("What [peer-led](support-types.md#peer-lead) means.",
     "content/index.md:3:17: link: `support-types.md#peer-lead`: support-types.md has no heading or anchor "
     "`#peer-lead` (did you mean `#peer-led`?); link to one of its headings, or delete `#peer-lead`"),
    ("How [Riverside meets](groups/riverside-parents.md#when-it-meet).",
     "content/index.md:3:23: link: `groups/riverside-parents.md#when-it-meet`: groups/riverside-parents.md has no "
     "heading or anchor `#when-it-meet` (did you mean `#when-it-meets`?); link to one of its headings, "
     "or delete `#when-it-meet`"),
    ("Read [about us](about.md#who-we-is).",
     "content/index.md:3:17: link: `about.md#who-we-is`: about.md has no heading or anchor `#who-we-is` "
     "(did you mean `#who-we-are`?); link to one of its headings, or delete `#who-we-is`"),
    ("Back to [the top](#welcom).",
     "content/index.md:3:19: link: `#welcom`: this page has no heading or anchor `#welcom` (did you mean `#welcome`?); "
     "link to one of its headings, or delete `#welcom`"),
    ("The [A to Z](/browse/a-z/).",
     "content/index.md:3:14: link: `/browse/a-z/` is an absolute link, which leads nowhere when the site is not at "
     "the root of its address: link to the page's file from this page, here `browse/a-z.md`"),
    ("The [A to Z](browse/a-z/).",
     "content/index.md:3:14: link: `browse/a-z/` is an address, not a page's file: link to `browse/a-z.md`"),
    ('<p>The <a href="browse/a-to-z.md">A to Z</a>.</p>',
     "content/index.md:3:17: link: `browse/a-to-z.md` leads nowhere: there is no page browse/a-to-z.md in the site "
     "(did you mean `browse/a-z.md`?); correct the link or delete it"),
    ("![A leaflet](leaflet.png)",
     "content/index.md:3:14: link: `leaflet.png` leads nowhere: there is no file leaflet.png in the site; "
     "correct the link or delete it"),
    ("Add [the training](events/peer-support-training.ics) to your calendar.",
     "content/index.md:3:20: link: `events/peer-support-training.ics` leads nowhere: the data gives the site no file "
     "events/peer-support-training.ics (a calendar is made for a group with regular meetings, or an event with a "
     "date); correct the link or delete it"),
], ids=["generated-page", "generated-anchor", "group-anchor", "hand-written-anchor", "own-anchor", "absolute",
        "address", "html", "image", "calendar-not-made"])
def test_a_link_that_leads_nowhere_is_reported_at_its_line(tmp_path: Path, page: str, expected: str) -> None:
    root = project(tmp_path, {"index.md": f"# Welcome\n\n{page}\n", "about.md": "# About\n\n## Who we are\n"})
    assert messages(root) == [expected]


def test_links_that_lead_somewhere_and_examples_of_links_are_not_reported(tmp_path: Path) -> None:
    page = """# Welcome

[Types](support-types.md#peer-led), [a group](groups/riverside-parents.md#how-to-get-in-touch),
[a calendar](events/calendar.ics),
[a group's](groups/riverside-parents.ics), [open data](data/groups.csv), [about](about.md#who-we-are),
[the top](#welcome), [elsewhere](https://example.org/x.md), [mail](mailto:a@example.org), <a@example.org>,
<a href="map.md">the map</a>, <a href="../not-checked/">an address in HTML</a>, [a reference][ref].

`[not a link](nowhere.md)`

```
[an example](nowhere.md)
```

[ref]: browse/type/peer-led.md
"""
    assert messages(project(tmp_path, {"index.md": page, "about.md": "# About\n\n## Who we are\n"})) == []


def test_links_to_the_pages_of_a_file_that_cannot_be_read_are_not_checked(tmp_path: Path) -> None:
    root = project(tmp_path, {"index.md": "# Home\n\n[A group](groups/no-such-group.md)\n"})
    (root / "groups.yaml").write_text("groups:\n  - id: [unclosed\n", encoding="utf-8")
    assert all(m.startswith("groups.yaml:") for m in messages(root))


def test_the_markdown_extensions_links_are_read_with_are_those_of_mkdocs_yml() -> None:
    import yaml

    from peerdir.page_links import EXTENSIONS

    settings = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names = [next(iter(e)) if isinstance(e, dict) else e for e in settings["markdown_extensions"]]
    assert sorted(names) == sorted(EXTENSIONS)


def test_renaming_a_support_type_a_page_links_to_is_reported_by_validate_and_by_the_build(
        sample_project: Path) -> None:
    """The issue's case: the glossary's anchor is the support type's id, linked from the newsletter."""
    for name in ("support_types.yaml", "groups.yaml"):
        path = sample_project / name
        path.write_text(path.read_text(encoding="utf-8").replace("peer-led", "peer-run"), encoding="utf-8")
    issue = "content/newsletter/2026-11-peertalk.md"
    lines = (sample_project / issue).read_text(encoding="utf-8").split("\n")
    line = next(n for n, text in enumerate(lines, start=1) if "support-types.md#peer-led" in text)
    column = lines[line - 1].index("../support-types.md#peer-led") + 1
    expected = (f"{issue}:{line}:{column}: link: `../support-types.md#peer-led`: support-types.md has no heading or "
                "anchor `#peer-led`")
    validated = run_cli("--root", str(sample_project), "validate")
    assert validated.code == 1 and validated.stdout.startswith(expected), validated.stdout
    built = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert built.code == 1 and expected in built.stderr, built.stderr


def test_each_page_is_read_on_its_own(tmp_path: Path) -> None:
    """An empty page after a page with a broken link: Markdown skips its tree steps, nothing is carried over."""
    root = project(tmp_path, {"a.md": "[x](nowhere.md)\n", "b.md": ""})
    assert messages(root) == ["content/a.md:1:5: link: `nowhere.md` leads nowhere: there is no page nowhere.md in "
                              "the site; correct the link or delete it"]
