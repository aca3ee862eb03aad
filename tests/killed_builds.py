"""Builds killed with SIGKILL at chosen steps, and what each left on disk (for test_build_swap.py).

    python -m tests.killed_builds PROJECT

Run in a process of its own: it installs an audit hook (which cannot be removed again) and forks.
It builds the project once (the site then holds version "A" of a group's name), lists the steps a
build takes on the file system (files written into site.new/, folders removed, the swap), and then,
for each chosen step, saves the other version of the name and forks a `build.py build` that kills
itself with SIGKILL at that step. The steps are counted by an audit hook: the same hooks Python
raises for os.rename, shutil.rmtree and open, and the one `peerdir.swap` raises before its exchange.
Each kill starts from what the last one left, leftovers included. It prints one JSON object per
build: where it was killed, whether it was, which version site/ holds and what lies beside it.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
from pathlib import Path
from typing import Any

import peerdir.engine.commands  # noqa: F401 (imported once here rather than in every child)
from peerdir import cli
from peerdir.finishing import swap

from .conftest import TODAY

VERSIONS = {"A": "name: Riverside Parents Group", "B": "name: Riverbank Parents Group"}
MARKER_PAGE = "groups/riverside-parents/index.html"
SEED = 15  # the random steps are the same in every run
RANDOM_STEPS = 5

_kill_at: int | None = None  # in a child: the step to die at; None counts without killing
_steps: list[str] = []
_swapped = False  # removals count only after the swap (before it, they tidy leftovers of any size)


def _audit(event: str, args: tuple[Any, ...]) -> None:
    """Count the steps that change the site's folders; die at the chosen one."""
    global _swapped
    if event in (swap.AUDIT_EVENT, "os.rename"):
        _swapped = True
    if not _counts(event, args):
        return
    _steps.append(event)
    if len(_steps) == _kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _counts(event: str, args: tuple[Any, ...]) -> bool:
    if event in ("os.remove", "os.rmdir"):
        return _swapped
    if event == "open":
        return _writes_into_staging(args)
    return event in ("shutil.rmtree", swap.AUDIT_EVENT, "os.rename")


_staging = ""


def _writes_into_staging(args: tuple[Any, ...]) -> bool:
    path, mode, flags = args
    writes = any(c in mode for c in "wax+") if isinstance(mode, str) else bool(flags & (os.O_WRONLY | os.O_RDWR))
    return isinstance(path, str) and path.startswith(_staging) and writes


def _build_in_child(project: Path, kill_at: int | None, log: Path) -> tuple[bool, list[str]]:
    """A `build.py build` in a forked child, killed at step `kill_at`: whether it was killed, and the
    steps it took (for a build that was not)."""
    steps_file = project / "steps.json"
    pid = os.fork()
    if pid == 0:
        global _kill_at
        _kill_at = kill_at
        with log.open("a") as out:
            os.dup2(out.fileno(), 2)
            os.dup2(out.fileno(), 1)
        code = cli.main(["--root", str(project), "build", "--today", TODAY])
        steps_file.write_text(json.dumps(_steps), encoding="utf-8")
        os._exit(code)
    _, status = os.waitpid(pid, 0)
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    steps = [] if killed else json.loads(steps_file.read_text(encoding="utf-8"))
    return killed, steps


# Pagefind names the files of the search index after their content: each version's are its own, and
# the index is whole when the files its entry names are there (`search_index_whole`).
CONTENT_NAMED = ("pagefind/fragment/", "pagefind/index/")


def files_of(site: Path) -> set[str]:
    """The site's files, but for the search index's content-named ones."""
    files = {str(p.relative_to(site)) for p in site.rglob("*") if p.is_file()}
    return {f for f in files if not f.startswith(CONTENT_NAMED) and not f.endswith(".pf_meta")}


def search_index_whole(site: Path) -> bool:
    """The index's entry names its metadata file, which is there, and one fragment per page."""
    try:
        entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    (language,) = entry["languages"].values()
    fragments = list((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    return (site / "pagefind" / f"pagefind.{language['hash']}.pf_meta").is_file() \
        and len(fragments) == language["page_count"]


def site_state(project: Path, whole: set[str]) -> str:
    """"A" or "B" for a whole site of either version, else what is wrong with it."""
    site = project / "site"
    if not site.is_dir():
        return "missing"
    files = files_of(site)
    if files != whole:
        return f"incomplete: {len(files)} of {len(whole)} files"
    if not search_index_whole(site):
        return "incomplete: the search index"
    page = (site / MARKER_PAGE).read_text(encoding="utf-8")
    found = [v for v, line in VERSIONS.items() if line.split(": ")[1] in page]
    return found[0] if len(found) == 1 else "unknown version"


def _save_version(project: Path, version: str) -> str:
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    other = VERSIONS["B" if version == "A" else "A"]
    groups.write_text(text.replace(other, VERSIONS[version]), encoding="utf-8")
    return version


def _chosen_steps(steps: list[str]) -> list[int]:
    """Every folder removal and the swap, the step right after each, and a few at random."""
    marked = [i + 1 for i, event in enumerate(steps) if event != "open" and event not in ("os.remove", "os.rmdir")]
    chosen = set(marked) | {i + 1 for i in marked if i < len(steps)}
    chosen |= set(random.Random(SEED).sample(range(1, len(steps) + 1), RANDOM_STEPS))
    chosen.add(len(steps))  # the last: the old site's folder is empty, about to go
    return sorted(chosen)


def main(project: Path) -> None:
    global _staging
    _staging = str(swap.leftovers(project / "site")[0]) + os.sep
    log = project / "builds.log"
    _save_version(project, "A")
    _build_in_child(project, None, log)  # the first build: no site/ yet
    whole = files_of(project / "site")
    sys.addaudithook(_audit)
    _save_version(project, "B")
    _, steps = _build_in_child(project, None, log)
    _report(project, whole, "A", "B", "whole build", False, len(steps), steps)
    for step in _chosen_steps(steps):
        before = site_state(project, whole)
        wanted = _save_version(project, "A" if before == "B" else "B")
        killed, _ = _build_in_child(project, step, log)
        _report(project, whole, before, wanted, steps[step - 1], killed, step, steps)
    before = site_state(project, whole)
    killed, _ = _build_in_child(project, None, log)  # the next build after the last kill
    _report(project, whole, before, wanted, "whole build", killed, len(steps), steps)


def _report(project: Path, whole: set[str], before: str, wanted: str, event: str, killed: bool, step: int,
            steps: list[str]) -> None:
    beside = sorted(p.name for p in swap.leftovers(project / "site") if p.exists())
    swap_step = steps.index(swap.AUDIT_EVENT) + 1 if swap.AUDIT_EVENT in steps else 0
    print(json.dumps({"step": step, "of": len(steps), "swap_step": swap_step, "event": event, "killed": killed,
                      "before": before, "wanted": wanted, "site": site_state(project, whole), "beside": beside}),
          flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
