"""The live preview: how long an editor waits, after saving an edit to one group, to see it.

    .venv/bin/python benchmarks/preview_benchmark.py [--sizes 100 1000 5000] [--edits 5] [--against REV]

For each N it writes a synthetic project (benchmarks/synthetic.py: N groups, N/10 events) and measures:

- `build`: `build.py build` from nothing, for comparison;
- `first`: a `build.py serve` from its start until the first group's page is served;
- `edit`: in that running preview, from saving a new name for the first group in groups.yaml to its
  page serving the new name, as an editor's browser would ask for it (the median of `--edits` edits,
  2 s apart): noticing the save, the rebuild and the answer; the target at 1,000 groups is < 1 s;
- `edit cpu`: the processor time the preview's process spent on each edit (the median), which a
  busy machine disturbs less than the waiting time.

With `--against REV` (a branch, tag or commit, e.g. `main`), the same is measured in the same run on
the same data with that revision's code (its files from `git archive`, run with this .venv; the
project's mkdocs.yml, content/ and overrides/ are this checkout's), and the table shows both, the
revision's first.

Nothing here asserts anything: it prints numbers. `--profile N` also prints where the processor time
of one such rebuild goes, in-process, for N groups.
"""

from __future__ import annotations

import argparse
import cProfile
import logging
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build_benchmark import PYTHON, TODAY, by_cumulative_time, run_timed, running_preview  # noqa: E402
from benchmarks.synthetic import write_synthetic_project  # noqa: E402

EDIT_PAUSE_SECONDS = 2  # between two edits: the editor reads the page


@dataclass
class Preview:
    code: str  # which code: "this" or the revision compared against
    groups: int
    build_s: float
    first_s: float
    edit_s: float
    edit_cpu_s: float
    edits: list[float]


def process_seconds(pid: int) -> float:
    """User + system processor time of a running process (Linux), all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(project: Path, code: Path, label: str, groups: int, edits: int) -> Preview:
    shutil.rmtree(project / "site", ignore_errors=True)  # each code builds from nothing
    build_s = run_timed([PYTHON, str(code / "build.py"), "--root", str(project), "build", "--today", TODAY],
                        project)[0]
    started = time.perf_counter()
    with running_preview(project, code) as (pid, show):
        first_s = time.perf_counter() - started
        waits, cpu = [], []
        for edit in range(edits):
            time.sleep(EDIT_PAUSE_SECONDS)
            before = process_seconds(pid)
            waits.append(show(f"{label} edit {edit}"))
            cpu.append(process_seconds(pid) - before)
    return Preview(label, groups, build_s, first_s, statistics.median(waits), statistics.median(cpu), waits)


@contextmanager
def checkout(revision: str) -> Iterator[Path]:
    """`revision`'s files (`git archive`) in a temporary folder, with this checkout's node_modules."""
    with tempfile.TemporaryDirectory(prefix="peerdir-preview-") as scratch:
        folder = Path(scratch)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision], check=True, capture_output=True)
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
        yield folder


def report(results: list[Preview]) -> str:
    header = (f"{'groups':>6} {'code':>12} {'build s':>8} {'first s':>8} {'edit s':>7} {'edit cpu s':>10}  "
              "each edit s")
    lines = [header, "-" * len(header)]
    for r in results:
        each = " ".join(f"{s:.2f}" for s in r.edits)
        lines.append(f"{r.groups:>6} {r.code:>12} {r.build_s:>8.1f} {r.first_s:>8.1f} {r.edit_s:>7.2f} "
                     f"{r.edit_cpu_s:>10.2f}  {each}")
    lines += ["", "edit: saving a new name for one group in groups.yaml until its page in `build.py serve` shows it",
              "(median); target at 1,000 groups: < 1 s. edit cpu: the preview's processor time for it (median)."]
    return "\n".join(lines)


def profile(groups: int, work: Path) -> str:
    """Where a rebuild of the preview goes, in-process: `build.py serve`'s dirty builds, after one edit."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project = work / f"profile-{groups}"
    write_synthetic_project(project, groups)
    os.environ["PEERDIR_TODAY"] = TODAY
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    serve_url = "http://127.0.0.1:8000/peer-support/"

    def config() -> object:  # as `mkdocs serve` loads it for every build
        loaded = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(work / f"site-{groups}"))
        loaded.site_url = serve_url
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    build(first, serve_url=serve_url, dirty=True)
    groups_file = project / "groups.yaml"
    profiler = cProfile.Profile()
    for edit in range(3):  # the last one is profiled, once the preview has settled
        text = groups_file.read_text(encoding="utf-8")
        name = re.search(r"- id: \S+\n\s+name: (.*)\n", text)
        assert name, "no group in groups.yaml"
        groups_file.write_text(text[: name.start(1)] + f"Profiled edit {edit}" + text[name.end(1):], encoding="utf-8")
        if edit == 2:
            profiler.enable()
        build(config(), serve_url=serve_url, dirty=True)
    profiler.disable()
    return by_cumulative_time(profiler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--edits", type=int, default=5, help="edits to each running preview; the median counts")
    parser.add_argument("--against", metavar="REV", help="also measure this revision's code (e.g. main)")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile a rebuild of N groups")
    args = parser.parse_args(argv)
    results = []
    with tempfile.TemporaryDirectory(prefix="peerdir-preview-bench-") as scratch:
        work = Path(scratch)
        with checkout(args.against) if args.against else nullcontext() as other:
            for size in args.sizes:
                project = work / f"project-{size}"
                write_synthetic_project(project, size)
                if other is not None:
                    results.append(measure(project, other, args.against[:12], size, args.edits))
                    write_synthetic_project(project, size)  # the edits undone
                results.append(measure(project, ROOT, "this", size, args.edits))
                print(f"measured {size} groups", file=sys.stderr, flush=True)
        print(report(results))
        if args.profile:
            print(profile(args.profile, work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
