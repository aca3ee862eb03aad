"""Reading the data again after an edit, as the live preview does after every save: the list items
that did not change are neither parsed nor converted again, and what comes out is what a first
read, in a new process, gives: the same trees, the same records, the same messages at the same lines.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from benchmarks.synthetic import write_synthetic_data
from peerdir.load import load_yaml, parse_yaml
from peerdir.problems import ProblemList, format_problems
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY, run_cli

# Edits to groups.yaml after a first read: (what is written, what it is written over).
EDITS = {
    "one value": ("email: hello@riverbank.example.org", "email: hello@riverside.example.org"),
    "lines added above the later groups": ("cost: Free\n    # Checked by phone\n    # in November", "cost: Free"),
    "lines removed": ("", "    schedule_note: No meetings in school holidays\n"),
    "a comment at the top": ("# Checked in November\ngroups:", "groups:"),
}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "valid", tmp_path, dirs_exist_ok=True)
    return tmp_path


def read(project: Path) -> ProblemList:
    problems = ProblemList()
    tree = load_yaml(project / "groups.yaml", "groups.yaml", problems)
    whole = parse_yaml((project / "groups.yaml").read_text(encoding="utf-8"), "groups.yaml", ProblemList())
    assert tree == whole  # lines and columns included
    return problems


def write_over(project: Path, new: str, old: str) -> None:
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    assert old in text
    groups.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("edit", EDITS)
def test_a_file_read_again_after_an_edit_gives_the_tree_of_a_first_read(project: Path, edit: str) -> None:
    assert not read(project)
    write_over(project, *EDITS[edit])
    assert not read(project)


def test_a_large_file_read_again_gives_the_tree_of_a_first_read(tmp_path: Path) -> None:
    write_synthetic_data(tmp_path, 300)
    read(tmp_path)
    groups = tmp_path / "groups.yaml"
    groups.write_text(groups.read_text(encoding="utf-8").replace("  name: ", "  name: Edited ", 1), encoding="utf-8")
    read(tmp_path)


@pytest.mark.parametrize("edit", EDITS)
def test_problems_after_an_edit_are_reported_as_a_first_read_reports_them(project: Path, edit: str) -> None:
    # A group further down is broken in the same save, and one that was not edited no longer agrees
    # with the vocabularies: their lines may have moved since the first read.
    assert load_directory(project, date.fromisoformat(TODAY)).ok
    write_over(project, *EDITS[edit])
    write_over(project, "website: dads.example.org", "website: https://dads.example.org")
    write_over(project, "start: 25:00", "start: 20:00")
    terms = project / "support_types.yaml"
    terms.write_text(terms.read_text(encoding="utf-8").replace("id: single-parents", "id: lone-parents"), encoding="utf-8")
    again = load_directory(project, date.fromisoformat(TODAY))
    first_read = run_cli("--root", str(project), "validate", "--today", TODAY).stdout.strip()
    assert first_read.count("groups.yaml:") == 4
    assert format_problems(again.problems) == first_read


def test_the_sample_data_is_read_the_same_both_ways() -> None:
    for name in ("groups.yaml", "events.yaml", "support_types.yaml"):
        problems = ProblemList()
        assert load_yaml(REPO / name, name, problems) == parse_yaml((REPO / name).read_text(encoding="utf-8"), name,
                                                                     ProblemList())
        assert not problems
