"""The site engine as a setting (issue 30): the data is checked once per build, and the site builds the
same on MkDocs and on ProperDocs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from peerdir import cli, validate
from peerdir.site import build_site

from .conftest import TODAY


def test_a_build_checks_the_data_once(small_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`build.py build` has checked the data before it builds, and the plugin takes it as checked."""
    loads: list[Path] = []
    load = validate._load_directory

    def counted(root: Path, *args: object) -> validate.LoadResult:
        loads.append(root)
        return load(root, *args)

    monkeypatch.setattr(validate, "_load_directory", counted)
    assert cli.main(["--root", str(small_project), "build", "--today", TODAY]) == 0
    assert len(loads) == 1
    assert (small_project / "site" / "groups" / "index.html").is_file()


def test_a_build_without_data_handed_over_checks_it_itself(small_project: Path) -> None:
    """A plain `mkdocs build` (here: build_site without the data) still refuses bad data."""
    groups = small_project / "groups.yaml"
    groups.write_text(groups.read_text(encoding="utf-8").replace("lat: 51.", "lat: 151.", 1), encoding="utf-8")
    assert not build_site(small_project, small_project / "site", date.fromisoformat(TODAY))
    assert not (small_project / "site").exists()
