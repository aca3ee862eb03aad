"""How far one build goes: build time, peak memory (the build and Pagefind together), site size and files,
and `validate`, at 1,000, 5,000 and 20,000 groups, against two plain mkdocs-material builds (issue 30).

    .venv/bin/python benchmarks/scale_benchmark.py [--sizes 1000 5000 20000] [--baselines-up-to 5000]
                                                   [--repeat 3] [--engine mkdocs|properdocs] [--profile N]
                                                   [--code DIR]

Each figure comes from a fresh process (`build.py validate`, `build.py build`), on a synthetic project
(benchmarks/synthetic.py). Peak memory is the largest sum of the resident memory of the build's process
and all its children (Pagefind's binary), read every 20 ms. The baselines, for sizes up to
`--baselines-up-to`, are plain `mkdocs build`s with the same theme and navigation: one of N short pages
(a heading and a sentence each: what MkDocs and the theme cost by themselves) and one of N pages with the
same content as our group pages, written by hand (benchmarks/build_benchmark.py: write_baseline_project).

With `--repeat N`, the build and the baselines of a size are run N times in turn (ours, short pages,
same content, ours, ...) and each keeps its fastest run, the least disturbed by whatever else the
machine was doing; the peak memory is the largest of the runs. On a shared machine single runs vary
by a third.

GitHub Pages publishes at most 1 GB per site, and a deployment that takes more than 10 minutes fails: the
table says how much of each a size uses. Nothing here asserts anything; a busy machine gives rough figures.
`--code DIR` runs another checkout's build.py (an older commit, for figures before a change) with this
checkout's environment and baselines.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.build_benchmark import (  # noqa: E402
    TODAY,
    _write_missing_nav_pages,
    directory_bytes,
    profile,
    write_baseline_project,
)
from benchmarks.synthetic import write_synthetic_project  # noqa: E402

PAGES_LIMIT_BYTES = 1024**3  # GitHub Pages: a published site of at most 1 GB
PAGES_LIMIT_SECONDS = 10 * 60  # and a deployment of at most 10 minutes
PYTHONS = {"mkdocs": ROOT / ".venv" / "bin" / "python", "properdocs": ROOT / ".venv-properdocs" / "bin" / "python"}


@dataclass
class Scale:
    groups: int
    validate_s: float
    build_s: float
    peak_mib: float
    site_bytes: int
    files: int
    short_pages_s: float | None  # plain mkdocs-material, N short pages
    same_content_s: float | None  # plain mkdocs-material, N pages like our group pages


def run_measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Wall-clock seconds, and the largest resident memory (MiB) the process and its children held at once."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=environment)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], tree_rss_kib(process.pid))
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{stderr.decode()[-3000:]}")
    return seconds, peak[0] / 1024


def tree_rss_kib(root: int) -> int:
    """The resident memory of `root` and every process under it, from /proc (Linux)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="utf-8") as status:
                fields = dict(line.split(":", 1) for line in status if ":" in line)
        except OSError:
            continue
        pid = int(entry.name)
        children.setdefault(int(fields.get("PPid", "0").strip() or 0), []).append(pid)
        rss[pid] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def write_short_pages_project(project: Path, baseline: Path, groups: int) -> None:
    """The same settings, theme and navigation, with `groups` pages of a heading and a sentence each."""
    docs = baseline / "content"
    shutil.copytree(project / "content", docs)
    for number in range(groups):
        page = docs / "groups" / f"group-{number}.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"# Group {number}\n\nA peer support group for parents and carers.\n", encoding="utf-8")
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = []
    config.pop("watch", None)
    config["strict"] = False
    _write_missing_nav_pages(config["nav"], docs)
    (baseline / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    shutil.copytree(project / "overrides", baseline / "overrides")


def measure(groups: int, work: Path, engine: str, baselines: bool, code: Path = ROOT, repeat: int = 1) -> Scale:
    python, build_py = str(PYTHONS[engine]), str(code / "build.py")
    choice = ["--engine", engine] if engine != "mkdocs" else []  # an older build.py has no --engine
    project = work / f"project-{groups}"
    write_synthetic_project(project, groups)
    validate_s = min(run_measured([python, build_py, "--root", str(project), "validate", "--today", TODAY],
                                  project)[0] for _ in range(3))
    mkdocs = str(ROOT / ".venv" / "bin" / "mkdocs")
    short, same = work / f"short-{groups}", work / f"same-{groups}"
    if baselines:
        write_short_pages_project(project, short, groups)
        write_baseline_project(project, same)
    builds, peaks, shorts, sames = [], [], [], []
    for _ in range(repeat):  # in turn, so that a slow spell of the machine slows each alike
        shutil.rmtree(project / "site", ignore_errors=True)
        seconds, peak = run_measured([python, build_py, "--root", str(project), "build", "--today", TODAY, *choice],
                                     project)
        builds.append(seconds)
        peaks.append(peak)
        if baselines:
            shorts.append(run_measured([mkdocs, "build", "--quiet", "--site-dir", str(short / "site")], short)[0])
            sames.append(run_measured([mkdocs, "build", "--quiet", "--site-dir", str(same / "site")], same)[0])
    shutil.rmtree(short, ignore_errors=True)
    shutil.rmtree(same, ignore_errors=True)
    site = project / "site"
    files = sum(1 for path in site.rglob("*") if path.is_file())
    scale = Scale(groups, validate_s, min(builds), max(peaks), directory_bytes(site), files,
                  min(shorts) if shorts else None, min(sames) if sames else None)
    shutil.rmtree(project)
    return scale


def report(results: list[Scale], engine: str, code: Path = ROOT, repeat: int = 1) -> str:
    header = (f"{'groups':>6} {'validate s':>10} {'build s':>8} {'peak MiB':>8} {'site MB':>8} {'files':>7} "
              f"{'vs short pages':>14} {'vs same content':>15} {'of 1 GB':>7} {'of 10 min':>9}")
    lines = [f"engine: {engine}; code: {code}; times: the fastest of {repeat} run(s) each", header, "-" * len(header)]
    for s in results:
        short = f"{s.build_s / s.short_pages_s:.2f}x" if s.short_pages_s else "-"
        same = f"{s.build_s / s.same_content_s:.2f}x" if s.same_content_s else "-"
        lines.append(f"{s.groups:>6} {s.validate_s:>10.2f} {s.build_s:>8.1f} {s.peak_mib:>8.0f} "
                     f"{s.site_bytes / 1e6:>8.1f} {s.files:>7} {short:>14} {same:>15} "
                     f"{s.site_bytes / PAGES_LIMIT_BYTES:>7.0%} {s.build_s / PAGES_LIMIT_SECONDS:>9.0%}")
    lines += ["", "vs short pages: our build / plain mkdocs-material building as many pages of a heading and a sentence "
              "(target at 1,000: <= 3.0x);",
              "vs same content: our build / plain mkdocs-material building our group pages written by hand "
              "(target at 1,000: <= 1.10x);",
              "peak: the build's process and Pagefind's together; of 1 GB, of 10 min: GitHub Pages' limits."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--baselines-up-to", type=int, default=5000, metavar="N",
                        help="build the plain mkdocs-material baselines for sizes up to N (default: 5000)")
    parser.add_argument("--repeat", type=int, default=1, metavar="N",
                        help="run each build N times in turn and keep the fastest (default: 1)")
    parser.add_argument("--engine", choices=sorted(PYTHONS), default="mkdocs")
    parser.add_argument("--profile", type=int, default=0, metavar="N", help="also profile a build of N groups")
    parser.add_argument("--code", type=Path, default=ROOT, metavar="DIR", help="the checkout whose build.py runs")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="peerdir-scale-") as scratch:
        work = Path(scratch)
        results = []
        for size in args.sizes:
            results.append(measure(size, work, args.engine, size <= args.baselines_up_to, args.code.resolve(),
                                   args.repeat))
            print(f"measured {size} groups", file=sys.stderr, flush=True)
        print(report(results, args.engine, args.code.resolve(), args.repeat))
        if args.profile:
            print(profile(args.profile, work))
    return 0


if __name__ == "__main__":
    sys.exit(main())
