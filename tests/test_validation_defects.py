"""Each invalid fixture holds exactly one defect and yields exactly one message, as in its golden file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from peerdir.problems import format_problems
from peerdir.validate import load_directory

from .conftest import FIXTURES, TODAY, check_golden

CASES = sorted((FIXTURES / "invalid").glob("*/*.yaml"))


def project_with(case: Path, tmp_path: Path) -> Path:
    for name in ("groups.yaml", "events.yaml", "support_types.yaml"):
        shutil.copy(FIXTURES / "valid" / name, tmp_path / name)
    shutil.copy(case, tmp_path / f"{case.parent.name}.yaml")
    return tmp_path


def test_there_is_a_fixture_per_defect_kind() -> None:
    assert len(CASES) >= 35


@pytest.mark.parametrize("case", CASES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_golden_message_for_each_defect(case: Path, tmp_path: Path) -> None:
    from datetime import date

    result = load_directory(project_with(case, tmp_path), today=date.fromisoformat(TODAY))
    text = format_problems(result.problems)
    assert result.directory is None
    assert len(result.problems) == 1, f"expected exactly one problem, got:\n{text}"
    problem = result.problems[0]
    assert problem.file == f"{case.parent.name}.yaml"
    assert problem.line >= 1 and problem.column >= 1
    check_golden(f"messages/{case.parent.name}/{case.stem}.txt", text + "\n")


def test_the_valid_fixture_has_no_problems() -> None:
    result = load_directory(FIXTURES / "valid")
    assert result.problems == []
    assert result.directory is not None
    assert [g.id for g in result.directory.groups] == ["riverside-parents", "dads-online", "old-friends"]
