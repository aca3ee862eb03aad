"""How the build scales with the size of the directory, against plain MkDocs in the same run.

    .venv/bin/python benchmarks/build_benchmark.py [--sizes 100 1000 5000] [--repeat 3] [--profile 1000]
                                                   [--rebuilds 60] [--memory-groups N]

For each N it writes a synthetic project (benchmarks/synthetic.py: N groups, N/10 events) and
measures, each in a fresh process:

- `validate`: loading and checking the three YAML files (best of three, in-process);
- `build`: our full build (validation, generated pages, map, feeds, open data, MkDocs);
- `rebuild`: the same build again with nothing changed;
- `preview`: in a running `build.py serve`, the time from saving a change to one group's name in
  groups.yaml to the page serving the new name (median of three edits), as an editor sees it;
- the baseline: a plain `mkdocs build` with the same theme, extensions and navigation of
  N already-written Markdown pages of similar size (the N group pages our build generates,
  written to disk as ordinary pages), and our build time divided by it;
- peak memory of the build process, and the sizes of the site, its search index and the map
  page (HTML plus data), per group;
- the preview's memory: the resident memory of a running `build.py serve` after 0, 20, 40 and 60
  rebuilds (`--rebuilds 60`), each for an edit to one group, for the smallest size (`--memory-groups N`).

Nothing here asserts anything: it prints numbers, and ratios against a baseline measured in
the same run on the same machine, so a slow or busy machine does not change the conclusion.
`--profile N` also prints where the time of an in-process build of N groups goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.markdown_pages import markdown_group_page  # noqa: E402
from benchmarks.synthetic import DEFAULT_TODAY, write_synthetic_project  # noqa: E402
from peerdir import paths  # noqa: E402
from peerdir.render import SiteSettings  # noqa: E402
from peerdir.render.parts.common import Context  # noqa: E402
from peerdir.validate import load_directory  # noqa: E402

PYTHON = sys.executable
TODAY = DEFAULT_TODAY.isoformat()


@dataclass
class Measurement:
    groups: int
    validate_s: float
    build_s: float
    rebuild_s: float
    preview_s: float
    baseline_s: float
    cpu_ratio: float  # the same ratio in processor time
    peak_mib: float
    site_bytes: int
    search_bytes: int
    map_bytes: int
    page_bytes: float  # a group's built page, on average: ours and the baseline's, to show they are alike
    baseline_page_bytes: float


def run_timed(command: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall-clock seconds, processor seconds (user + system) and peak resident memory (MiB) of one
    child process. On a shared virtual machine the processor time varies less from run to run."""
    started = time.perf_counter()
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    stderr = process.stderr.read().decode() if process.stderr else ""
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr[-3000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


PREVIEW_EDITS = 3


def time_preview(project: Path) -> float:
    """Median seconds from saving an edit to one group to `build.py serve` serving the changed page."""
    with running_preview(project) as (_, show):
        times = []
        for edit in range(PREVIEW_EDITS):
            time.sleep(2)  # let the file watcher settle
            times.append(show(f"Edited group name {edit}"))
        return statistics.median(times)


MEMORY_CHECKPOINTS = 4  # the preview's memory is read after 0, 1/3, 2/3 and all of --rebuilds


def preview_memory(project: Path, rebuilds: int) -> list[tuple[int, float]]:
    """The resident memory (MiB) of a running `build.py serve` after 0 ... `rebuilds` rebuilds, each
    for an edit to one group's name, shown before the next edit is saved."""
    every = max(rebuilds // (MEMORY_CHECKPOINTS - 1), 1)
    with running_preview(project) as (pid, show):
        readings = [(0, resident_mib(pid))]
        for edit in range(1, rebuilds + 1):
            time.sleep(0.5)  # the watcher polls every half second
            show(f"Memory edit {edit}")
            if edit % every == 0 or edit == rebuilds:
                readings.append((edit, resident_mib(pid)))
        return readings


def resident_mib(pid: int) -> float:
    """VmRSS of a running process (Linux)."""
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(re.search(r"^VmRSS:\s+(\d+) kB", status, flags=re.MULTILINE).group(1)) / 1024


@contextmanager
def running_preview(project: Path, code: Path = ROOT) -> Iterator[tuple[int, Callable[[str], float]]]:
    """A `build.py serve` of `project`, its first build done: its process id, and a function that saves
    a new name for the first group and returns the seconds until the group's page shows it. `code` is
    the checkout whose build.py runs (benchmarks/preview_benchmark.py compares two)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [PYTHON, str(code / "build.py"), "--root", str(project), "serve", "--port", str(port), "--today", TODAY]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
                               env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, preexec_fn=interruptible)
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    first = re.search(r"- id: (\S+)\n\s+name: (.*)\n", text)
    assert first, "no group in groups.yaml"
    url = f"http://127.0.0.1:{port}/peer-support/{paths.url_of(paths.group_page(first.group(1)))}"

    def show(name: str) -> float:
        nonlocal text, first
        text = text[: first.start(2)] + name + text[first.end(2):]
        first = re.search(r"- id: (\S+)\n\s+name: (.*)\n", text)
        started = time.perf_counter()
        groups.write_text(text, encoding="utf-8")
        _wait_until(lambda: name in (_page(url) or ""), seconds=600)
        return time.perf_counter() - started

    try:
        _wait_until(lambda: _page(url) is not None, seconds=600)
        yield process.pid, show
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # the server is not part of what is measured
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def interruptible() -> None:
    """In the server's process: let Ctrl-C (SIGINT) stop it, even when this benchmark was started in
    the background, where the shell makes processes ignore it."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _page(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as answer:
            return answer.read().decode("utf-8")
    except (OSError, urllib.error.URLError):
        return None


def _wait_until(condition: Callable[[], bool], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit("the preview did not show the change in time")
        time.sleep(0.05)


def time_validate(project: Path) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        result = load_directory(project, date.fromisoformat(TODAY))
        best = min(best, time.perf_counter() - started)
        assert not result.problems
    return best


def write_baseline_project(project: Path, baseline: Path) -> None:
    """The same theme, extensions and navigation with N ordinary Markdown pages, one per group, as an
    author would write them by hand (benchmarks/markdown_pages.py): the same content as our group
    pages, which are generated as HTML; the table prints both built pages' mean size."""
    directory = load_directory(project, date.fromisoformat(TODAY)).directory
    ctx = Context(directory, SiteSettings(today=date.fromisoformat(TODAY)))
    docs = baseline / "content"
    shutil.copytree(project / "content", docs)
    for group in directory.groups:
        target = docs / paths.group_page(group.id)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown_group_page(group, ctx), encoding="utf-8")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    baseline.joinpath("mkdocs.yml").write_text(_without_our_plugin(config, docs), encoding="utf-8")
    shutil.copytree(project / "overrides", baseline / "overrides")


def _without_our_plugin(config_text: str, docs: Path) -> str:
    """mkdocs.yml without the `peerdir` plugin and the data files to watch. The navigation stays the
    same (it is rendered into every page): its entries for pages only the plugin makes get a short
    page of their own. Not strict, because the pre-written group pages link to browse pages the
    baseline does not have."""
    config = yaml.safe_load(config_text)
    config["plugins"] = [p for p in config["plugins"] if not (p == "peerdir" or isinstance(p, dict) and "peerdir" in p)]
    config.pop("watch", None)
    config["strict"] = False
    _write_missing_nav_pages(config["nav"], docs)
    return yaml.safe_dump(config, sort_keys=False)


def _write_missing_nav_pages(entries: list, docs: Path) -> None:
    for entry in entries:
        title, target = next(iter(entry.items())) if isinstance(entry, dict) else ("Page", entry)
        if isinstance(target, list):
            _write_missing_nav_pages(target, docs)
        elif not (docs / target).exists():
            (docs / target).parent.mkdir(parents=True, exist_ok=True)
            (docs / target).write_text(f"# {title}\n\nA page the directory's plugin would generate.\n", encoding="utf-8")


def mean_group_page_bytes(site: Path) -> float:
    pages = list((site / "groups").glob("*/index.html"))
    return sum(p.stat().st_size for p in pages) / max(len(pages), 1)


def directory_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def map_bytes(site: Path) -> int:
    """The map page's own HTML and data (the files benchmarks/map_benchmark.py measures)."""
    from benchmarks.map_benchmark import MAP_FILES

    return sum((site / name).stat().st_size for name in MAP_FILES)


def measure(groups: int, work: Path, repeat: int) -> Measurement:
    """Each build `repeat` times, ours and the baseline's in turn, keeping the fastest of each: the
    least disturbed by whatever else the machine was doing."""
    project = work / f"project-{groups}"
    write_synthetic_project(project, groups)
    validate_s = time_validate(project)
    baseline = work / f"baseline-{groups}"
    write_baseline_project(project, baseline)
    build = [PYTHON, str(ROOT / "build.py"), "--root", str(project), "build", "--today", TODAY]
    mkdocs = [str(Path(PYTHON).parent / "mkdocs"), "build", "--quiet", "--site-dir", str(baseline / "site")]
    builds, rebuilds, baselines, peaks, build_cpu, baseline_cpu = [], [], [], [], [], []
    for _ in range(repeat):
        shutil.rmtree(project / "site", ignore_errors=True)
        shutil.rmtree(baseline / "site", ignore_errors=True)
        seconds, cpu, peak = run_timed(build, project)  # from nothing, as on a fresh clone in CI
        builds.append(seconds)
        build_cpu.append(cpu)
        peaks.append(peak)
        rebuilds.append(run_timed(build, project)[0])  # nothing changed, the previous site in place
        seconds, cpu, _ = run_timed(mkdocs, baseline)
        baselines.append(seconds)
        baseline_cpu.append(cpu)
    build_s, rebuild_s, baseline_s, peak = min(builds), min(rebuilds), min(baselines), max(peaks)
    cpu_ratio = min(build_cpu) / min(baseline_cpu)
    preview_s = time_preview(project)
    site = project / "site"
    search = site / "pagefind"  # the search index Pagefind writes after the build (peerdir/finishing/site_search.py)
    return Measurement(groups, validate_s, build_s, rebuild_s, preview_s, baseline_s, cpu_ratio, peak,
                       directory_bytes(site),
                       directory_bytes(search) if search.exists() else 0, map_bytes(site),
                       mean_group_page_bytes(site), mean_group_page_bytes(baseline / "site"))


def report(results: list[Measurement]) -> str:
    header = (f"{'groups':>6} {'validate s':>10} {'build s':>8} {'rebuild s':>9} {'preview s':>9} "
              f"{'mkdocs s':>9} {'ratio':>6} {'cpu':>5} "
              f"{'growth':>7} {'peak MiB':>8} {'site MB':>8} {'KB/group':>8} {'search KB/group':>15} "
              f"{'map B/group':>11} {'page KB ours/mkdocs':>19}")
    lines = [header, "-" * len(header)]
    previous: Measurement | None = None
    for m in results:
        growth = f"{m.build_s / previous.build_s:.2f}x" if previous else "-"
        lines.append(
            f"{m.groups:>6} {m.validate_s:>10.3f} {m.build_s:>8.1f} {m.rebuild_s:>9.1f} {m.preview_s:>9.2f} "
            f"{m.baseline_s:>9.1f} "
            f"{m.build_s / m.baseline_s:>6.2f} {m.cpu_ratio:>5.2f} {growth:>7} {m.peak_mib:>8.0f} {m.site_bytes / 1e6:>8.1f} "
            f"{m.site_bytes / m.groups / 1024:>8.1f} {m.search_bytes / m.groups / 1024:>15.2f} "
            f"{m.map_bytes / m.groups:>11.0f} {m.page_bytes / 1024:>10.1f}/{m.baseline_page_bytes / 1024:<8.1f}"
        )
        previous = m
    lines.append("")
    lines.append("ratio: our build / plain MkDocs build of the same number of pre-written pages (target <= 1.15);")
    lines.append("cpu: the same ratio in processor time (user + system), which a busy host disturbs less;")
    lines.append("growth: build time / the previous row's (target for 1,000 -> 5,000: <= 5.5x).")
    lines.append("preview: an edit to one group in `build.py serve` until its page shows it (target at 1,000: < 1 s;")
    lines.append("         benchmarks/preview_benchmark.py measures it in detail).")
    return "\n".join(lines)


def memory_report(groups: int, readings: list[tuple[int, float]]) -> str:
    """The preview's memory over its rebuilds, and how much it grew per 10 after the first third (the
    first rebuilds fill the caches a long session needs anyway)."""
    header = f"{'groups':>6} " + " ".join(f"{f'after {n}':>9}" for n, _ in readings) + f" {'MiB per 10 rebuilds':>20}"
    (start, low), (end, high) = readings[1], readings[-1]
    growth = (high - low) / (end - start) * 10 if end > start else 0.0
    row = f"{groups:>6} " + " ".join(f"{mib:>9.1f}" for _, mib in readings) + f" {growth:>20.2f}"
    return "\n".join(["", "preview memory: resident MiB of `build.py serve` after N rebuilds, each an edit to one "
                       "group's name", header, "-" * len(header), row])


def profile(groups: int, work: Path) -> str:
    """Where an in-process build's time goes, by cumulative time."""
    from peerdir.engine.commands import build_site

    project = work / f"profile-{groups}"
    write_synthetic_project(project, groups)
    profiler = cProfile.Profile()
    profiler.enable()
    build_site(project, project / "site", date.fromisoformat(TODAY))
    profiler.disable()
    return by_cumulative_time(profiler)


def by_cumulative_time(profiler: cProfile.Profile) -> str:
    """The 40 functions that took longest, callees included."""
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each build; the fastest is kept")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="profile a build of N groups")
    parser.add_argument("--rebuilds", type=int, default=60,
                        help="edits to a running preview while its memory is read (0: none)")
    parser.add_argument("--memory-groups", type=int, default=0, metavar="N",
                        help="the preview whose memory is read has N groups (default: the smallest size)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="peerdir-bench-") as scratch:
        work = Path(scratch)
        results = []
        for size in args.sizes:
            results.append(measure(size, work, args.repeat))
            print(f"measured {size} groups", file=sys.stderr, flush=True)
        print(report(results))
        if args.rebuilds:
            groups = args.memory_groups or min(args.sizes)
            project = work / f"memory-{groups}"
            write_synthetic_project(project, groups)
            print(memory_report(groups, preview_memory(project, args.rebuilds)))
        if args.profile:
            print(profile(args.profile, work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
