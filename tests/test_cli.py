"""The command line as editors and CI use it: exit codes, message formats, and a safe build."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, REPO, TODAY, elements, run_cli
from .test_preview import preview  # noqa: F401 (a fixture: a running `build.py serve` of the small project)


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_validate_on_the_sample_says_all_is_well_in_one_line_and_exits_0() -> None:
    # The counts come from the files themselves, read by PyYAML, not from the models.
    groups = len(yaml.safe_load((REPO / "groups.yaml").read_text(encoding="utf-8"))["groups"])
    events = len(yaml.safe_load((REPO / "events.yaml").read_text(encoding="utf-8"))["events"])
    issues = len(list((REPO / "content" / "newsletter").glob("*.md")))
    result = run_cli("validate", "--today", TODAY)
    expected = f"All good: {groups} groups, {events} events, {issues} newsletter issue{'s' if issues != 1 else ''} checked.\n"
    assert (result.code, result.stdout, result.stderr) == (0, expected, "")


def test_validate_counts_what_it_checked_in_the_singular_and_plural(small_project: Path) -> None:
    result = run_cli("--root", str(small_project), "validate", "--today", TODAY)
    assert (result.code, result.stdout, result.stderr) == (0, "All good: 3 groups, 5 events, 0 newsletter issues checked.\n", "")
    groups = small_project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    groups.write_text(text[: text.index("  - id: dads-online")], encoding="utf-8")  # the first group only
    (small_project / "events.yaml").write_text("events:\n" + _first_entry(FIXTURES / "valid" / "events.yaml"),
                                               encoding="utf-8")
    (small_project / "content" / "newsletter").mkdir()
    (small_project / "content" / "newsletter" / "2026-11-news.md").write_text(
        '---\ntitle: "News: issue 1"\nnumber: 1\ndate: 2026-11-16\nsummary: "The first issue."\n---\n\n## News\n\nHello.\n',
        encoding="utf-8")
    result = run_cli("--root", str(small_project), "validate", "--today", TODAY)
    assert (result.code, result.stdout, result.stderr) == (0, "All good: 1 group, 1 event, 1 newsletter issue checked.\n", "")


def _first_entry(path: Path) -> str:
    entries = path.read_text(encoding="utf-8").split("\n  - id:")
    return "  - id:" + entries[1] + "\n"


def test_validate_for_github_says_all_is_well_as_one_notice(small_project: Path) -> None:
    result = run_cli("--root", str(small_project), "validate", "--format", "github", "--today", TODAY)
    assert (result.code, result.stderr) == (0, "")
    assert result.stdout == "::notice title=All good::All good: 3 groups, 5 events, 0 newsletter issues checked.\n"


def test_usage_errors_exit_2() -> None:
    assert run_cli("frobnicate").code == 2
    assert run_cli("validate", "--format", "xml").code == 2
    assert run_cli("build", "--today", "yesterday").code == 2


SAMPLE_DEFECTS = [
    # (file, text in the sample, replacement, expected start of the one message)
    ("groups.yaml", "  - id: bliss\n", "  - id: tamba\n", "groups.yaml:{line}:9: groups[7].id: `tamba` is already the id"),
    ("groups.yaml", "    last_verified: 2026-", "    last_verified: 2026-13-", "groups.yaml:{line}:20: groups[0].last_verified:"),
    ("events.yaml", "    end: 2027-06-09T15:30", "    end: 2027-06-09T13:30",
     "events.yaml:{line}:10: events[0].end: ends at 2027-06-09 13:30, before it starts"),
    ("groups.yaml", "\n    area: national\n", "\n    area: natonal\n",
     "groups.yaml:{line}:11: groups[4].area: `natonal` is not in `areas`"),
]


@pytest.mark.parametrize("file,old,new,expected", SAMPLE_DEFECTS)
def test_a_defect_in_a_copy_of_the_sample_gives_one_message(
    sample_project: Path, file: str, old: str, new: str, expected: str
) -> None:
    path = sample_project / file
    text = path.read_text()
    assert old in text
    line = text[: text.index(old) + (1 if old.startswith("\n") else 0)].count("\n") + 1
    path.write_text(text.replace(old, new, 1))
    result = run_cli("--root", str(sample_project), "validate", "--today", TODAY)
    assert result.code == 1
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith(expected.format(line=line)), lines[0]
    assert "Traceback" not in result.stdout + result.stderr


def test_all_problems_are_reported_in_one_run_sorted_by_file_and_line(sample_project: Path) -> None:
    groups = sample_project / "groups.yaml"
    groups.write_text(groups.read_text().replace("lat: 51.", "lat: 151.").replace("summary:", "summery:", 1))
    events = sample_project / "events.yaml"
    events.write_text(events.read_text().replace("title:", "titel:", 1))
    result = run_cli("--root", str(sample_project), "validate")
    lines = result.stdout.strip().splitlines()
    assert result.code == 1 and len(lines) > 3
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines]
    assert keys == sorted(keys)
    assert {k[0] for k in keys} == {"events.yaml", "groups.yaml"}
    assert "problems found" in result.stderr


def test_github_format_prints_annotations(sample_project: Path) -> None:
    groups = sample_project / "groups.yaml"
    groups.write_text(groups.read_text().replace("lat: 51.", "lat: 151.", 1))
    result = run_cli("--root", str(sample_project), "validate", "--format", "github")
    assert result.code == 1
    line = result.stdout.strip()
    assert line.startswith("::error file=groups.yaml,line=")
    assert ",col=" in line and "::groups[" in line and "is not a latitude" in line


def test_a_failed_validation_leaves_the_previous_site_untouched(sample_project: Path) -> None:
    site = sample_project / "site"
    first = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert first.code == 0, first.stderr
    before = tree_digest(site)
    groups = sample_project / "groups.yaml"
    groups.write_text(groups.read_text().replace("lat: 51.", "lat: 151.", 1))
    result = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert result.code == 1
    assert "is not a latitude" in result.stderr and "site/ is unchanged" in result.stderr
    assert tree_digest(site) == before
    assert not (sample_project / "site.new").exists()


def test_a_failed_site_build_leaves_the_previous_site_untouched(sample_project: Path) -> None:
    site = sample_project / "site"
    first = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert first.code == 0, first.stderr
    before = tree_digest(site)
    # Valid data, but a hand-written page with a broken link: strict mode stops the build.
    (sample_project / "content" / "about.md").write_text("# About\n\n[Gone](no-such-page.md)\n")
    result = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert result.code == 1
    assert "no-such-page.md" in result.stderr
    assert tree_digest(site) == before
    assert not (sample_project / "site.new").exists()


def test_a_build_for_the_samples_placeholder_address_warns_in_one_line(sample_project: Path) -> None:
    result = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert result.code == 0, result.stderr
    [warning] = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    line = (sample_project / "mkdocs.yml").read_text().splitlines().index("site_url: https://example.github.io/peer-support/") + 1
    assert warning.startswith(f"warning: mkdocs.yml:{line}:11: site_url: https://example.github.io/peer-support/ ")
    assert "--site-url" in warning
    assert (sample_project / "site" / "index.html").exists()


def test_a_build_for_its_own_address_uses_it_everywhere(sample_project: Path) -> None:
    """What the Publish workflow does with the address GitHub Pages gives (no trailing slash)."""
    result = run_cli("--root", str(sample_project), "build", "--today", TODAY, "--site-url", "https://octo.github.io/repo")
    assert result.code == 0, result.stderr
    assert "warning:" not in result.stderr
    site = sample_project / "site"
    text_files = [p for p in site.rglob("*") if p.suffix in {".html", ".xml", ".ics", ".json", ".csv"}]
    leftovers = [p.relative_to(site) for p in text_files if "example.github.io" in p.read_text(encoding="utf-8")]
    assert leftovers == []
    address = "https://octo.github.io/repo/"
    page = elements((site / "groups/pnd-and-me/index.html").read_text())
    assert {"rel": "canonical", "href": f"{address}groups/pnd-and-me/"} in [e.attributes for e in page]
    assert f"<loc>{address}about/</loc>" in (site / "sitemap.xml").read_text()
    assert f"<link>{address}newsletter/</link>" in (site / "feed.xml").read_text()
    assert f"URL:{address}groups/pnd-and-me/" in (site / "groups/pnd-and-me.ics").read_text().replace("\r\n ", "")


@pytest.mark.parametrize("site_url,address", [
    (None, "http://127.0.0.1:8000/peer-support/"),  # the sample's mkdocs.yml, as it is
    ('"https://charity.example.org/kent/peer-support"  # no slash at the end', "http://127.0.0.1:8000/kent/peer-support/"),
    ("https://peer-support.example.org/", "http://127.0.0.1:8000/"),
    ("", "http://127.0.0.1:8000/"),
])
def test_serve_help_gives_the_address_with_the_path_of_site_url(
    sample_project: Path, site_url: str | None, address: str
) -> None:
    if site_url is not None:
        set_site_url(sample_project, site_url)
    result = run_cli("--root", str(sample_project), "serve", "--help")
    assert result.code == 0
    assert f"show it on {address} (the path is the one of site_url in mkdocs.yml)" in " ".join(result.stdout.split())
    listed = run_cli("--root", str(sample_project), "--help")
    assert f"serve preview the site on {address}, reloading on edits" in " ".join(listed.stdout.split())


def set_site_url(project: Path, value: str) -> None:
    settings = project / "mkdocs.yml"
    text = settings.read_text(encoding="utf-8")
    old = "site_url: https://example.github.io/peer-support/\n"
    assert old in text
    settings.write_text(text.replace(old, f"site_url: {value}\n"), encoding="utf-8")


@pytest.mark.usefixtures("preview")
def test_serve_says_where_the_preview_is_and_it_is_there(small_project: Path) -> None:
    """A real `build.py serve` (the preview fixture, which has just fetched a page from it): its first line
    gives the address MkDocs then serves the site on."""
    lines = (small_project / "serve.log").read_text(encoding="utf-8").splitlines()
    first = re.fullmatch(r"The preview will be on (http://127\.0\.0\.1:\d+/peer-support/) once the site is built; "
                         r"it reloads when you save a file\. Press Ctrl\+C to stop it\.", lines[0])
    assert first, lines[0]
    assert any(line.endswith(f"Serving on {first[1]}") for line in lines), lines
