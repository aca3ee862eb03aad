"""A build killed at any moment leaves a whole site/ (the previous one or the new one), and the next
build tidies what it left beside it.

Real builds of the small fixture project, killed with SIGKILL at chosen steps (tests/killed_builds.py).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from peerdir.finishing import swap

from .conftest import FIXTURES, REPO, TODAY, copy_project, run_cli


@pytest.fixture(scope="module")
def killed_builds(tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    project = copy_project(tmp_path_factory.mktemp("killed"), FIXTURES / "valid")
    done = subprocess.run([sys.executable, "-m", "tests.killed_builds", str(project)], cwd=REPO,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_every_killed_build_leaves_a_whole_site_old_until_the_swap_and_new_after_it(killed_builds: list[dict]) -> None:
    first, *kills, _ = killed_builds
    assert not first["killed"] and first["site"] == "B" and first["beside"] == []
    swap_step = first["swap_step"]
    assert swap_step, "the build never swapped the folders in one step (renameat2)"
    assert len(kills) >= 10
    for kill in kills:
        assert kill["killed"], kill
        expected = kill["before"] if kill["step"] <= swap_step else kill["wanted"]
        assert kill["site"] == expected, kill
    # Killed while writing the new site, just before the swap, just after it, and while deleting the old one.
    events = {(kill["event"], kill["step"] - swap_step) for kill in kills}
    assert any(event == "open" and after < 0 for event, after in events)
    assert (swap.AUDIT_EVENT, 0) in events
    assert ("shutil.rmtree", 1) in events
    assert ("os.remove", 2) in events


def test_the_build_after_a_kill_tidies_what_it_left(killed_builds: list[dict]) -> None:
    *kills, last = killed_builds[1:]
    assert kills[-1]["beside"] == ["site.new"]  # killed as the old site's last folder was going
    assert not last["killed"]
    assert last["site"] == last["wanted"] and last["beside"] == []


def test_leftover_folders_are_removed_by_the_next_build(small_project: Path) -> None:
    # As a build killed by an older version, or by hand, might leave them beside the site.
    assert run_cli("--root", str(small_project), "build", "--today", TODAY).code == 0
    for name in ("site.new", "site.old"):
        (small_project / name / "groups").mkdir(parents=True)
        (small_project / name / "groups" / "stale.html").write_text("stale", encoding="utf-8")
    assert run_cli("--root", str(small_project), "build", "--today", TODAY).code == 0
    assert not (small_project / "site.new").exists() and not (small_project / "site.old").exists()
    assert (small_project / "site" / "index.html").is_file()
    assert not (small_project / "site" / "groups" / "stale.html").exists()


def old_and_new_sites(folder: Path) -> tuple[Path, Path]:
    target, new = folder / "site", folder / "site.new"
    for site, text in ((target, "old"), (new, "new")):
        site.mkdir()
        (site / "index.html").write_text(text, encoding="utf-8")
    return new, target


def test_replacing_a_folder_keeps_it_a_real_folder_with_the_new_content(tmp_path: Path) -> None:
    # GitHub's upload-pages-artifact packs site/ with tar: it must stay a folder, not a link.
    new, target = old_and_new_sites(tmp_path)
    swap.replace_folder(new, target)
    assert target.is_dir() and not target.is_symlink()
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_where_the_system_cannot_swap_in_one_step_the_build_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    new, target = old_and_new_sites(tmp_path)
    swap.replace_by_renames(new, target)
    assert (target / "index.html").read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    assert capsys.readouterr().err == (
        f"note: this system cannot swap two folders in one step (Linux's renameat2), so {target} was replaced by "
        f"two renames; a build killed between them leaves no {target} but the previous site in "
        f"{tmp_path / 'site.old'}, which the next build puts back\n")


def test_the_previous_site_left_aside_by_two_renames_goes_back(tmp_path: Path) -> None:
    # A build that used two renames, killed between them: no site/, the previous one in site.old/.
    new, target = old_and_new_sites(tmp_path)
    target.rename(tmp_path / "site.old")
    swap.tidy(target)
    assert (target / "index.html").read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_exchange_swaps_two_folders_in_one_call_on_linux(tmp_path: Path) -> None:
    if not sys.platform.startswith("linux"):
        pytest.skip("renameat2 is Linux's")
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    (first / "mark").touch()
    second.mkdir()
    assert swap.exchange(first, second)
    assert (second / "mark").exists() and not (first / "mark").exists()
    with pytest.raises(FileNotFoundError):
        swap.exchange(first, tmp_path / "missing")
    shutil.rmtree(first)
