"""`make mutants`: mutation testing of the modules whose slips no page shows at once (dates, the report,
the area check, GitHub annotations, editing the YAML, reading issue forms), each against its own tests.

mutmut (pinned in requirements.txt) makes small changes to one module at a time, a `<` for a `<=`, a
`+ 1` for a `- 1`, and runs the tests that call the changed function; a change no test fails on
"survived", and is printed as a diff to be judged: a test is missing, or the change is equivalent
(nothing observable differs). Each module is tried in a scratch copy of the project, so the work tree
is never changed, and only against the test files listed for it here, so a run takes minutes, not the
whole suite's time. To add a module, add one line to MODULES; a module whose file is not there yet is
skipped with a note. Not part of `make test`: run it after changing one of these modules, before review.

    .venv/bin/python tests/mutants.py [--only peerdir/report.py ...] [--jobs 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Each module, with the test files that exercise it (a listed test file not there yet is left out).
MODULES: dict[str, tuple[str, ...]] = {
    "peerdir/render/parts/recurrence.py": ("tests/test_date_oracles.py", "tests/test_build_dates.py", "tests/test_events.py",
                                           "tests/test_render_pages.py"),
    "peerdir/report.py": ("tests/test_report.py", "tests/test_date_oracles.py", "tests/test_ageing.py"),
    "peerdir/areas.py": ("tests/test_areas.py",),
    "peerdir/problems.py": ("tests/test_problems.py", "tests/test_github.py"),
    "peerdir/yaml_edit.py": ("tests/test_yaml_edit.py", "tests/test_apply_issue.py"),
    "peerdir/form_body.py": ("tests/test_form_body.py", "tests/test_apply_issue.py"),
    "peerdir/freshness.py": ("tests/test_freshness.py",),
    "peerdir/check_in_issue.py": ("tests/test_freshness.py",),
    "peerdir/render/parts/ageing.py": ("tests/test_ageing.py",),
}

# What the scratch copy leaves out: the environment, the installed libraries (linked instead) and what
# builds and test runs leave behind.
NOT_COPIED = (".git", ".venv", "node_modules", "site", "site.new", "site.old", "mutants", "__pycache__",
              ".pytest_cache", ".ruff_cache", ".hypothesis", ".artifacts", "*.egg-info")

# mutmut's names for what happened to a mutant. A mutant that made the tests run out of time was
# caught too (it changed something the tests noticed); one that no test calls, or whose result
# could not be read, counts as surviving.
CAUGHT = {"killed", "timeout", "caught by type check", "segfault"}
LEFT_OUT = {"skipped"}


@dataclass
class ModuleResult:
    module: str
    statuses: dict[str, str] = field(default_factory=dict)  # mutant name -> mutmut's status
    diffs: dict[str, str] = field(default_factory=dict)  # surviving mutant name -> its diff
    seconds: float = 0.0

    @property
    def tried(self) -> int:
        return sum(1 for status in self.statuses.values() if status not in LEFT_OUT)

    @property
    def caught(self) -> int:
        return sum(1 for status in self.statuses.values() if status in CAUGHT)

    @property
    def survivors(self) -> list[str]:
        return sorted((name for name, status in self.statuses.items() if status not in CAUGHT | LEFT_OUT),
                      key=_natural)

    @property
    def score(self) -> float:
        return 100 * self.caught / self.tried if self.tried else 100.0


def _natural(name: str) -> tuple[str, int]:
    """`x_f__mutmut_10` after `x_f__mutmut_9`."""
    stem, _, number = name.rpartition("_")
    return (stem, int(number)) if number.isdigit() else (name, 0)


def mutmut_command() -> list[str]:
    """mutmut from the same environment as this Python (the project's .venv/ under `make mutants`)."""
    return [sys.executable, "-m", "mutmut"]


def scratch_copy(module: str, tests: list[str]) -> Path:
    """A copy of the project in which mutmut may write freely, configured for this module and these tests."""
    work = Path(tempfile.mkdtemp(prefix="peerdir-mutants-"))
    shutil.copytree(REPO, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*NOT_COPIED))
    # mutmut runs the tests in work/mutants/: the project's files are there too (tests find them beside
    # tests/), and node_modules/ is linked, not copied (150 MB).
    mutants = work / "mutants"
    shutil.copytree(work, mutants, ignore=shutil.ignore_patterns("peerdir", "mutants"))
    if (REPO / "node_modules").is_dir():
        (mutants / "node_modules").symlink_to(REPO / "node_modules")
    settings = [
        "[mutmut]",
        "source_paths = peerdir",
        f"only_mutate = {module}",
        "pytest_add_cli_args_test_selection =\n" + "\n".join(f"    {test}" for test in tests),
        "pytest_add_cli_args = -p no:cacheprovider",
        "use_git_change_detection = false",
        "use_setproctitle = false",
    ]
    (work / "setup.cfg").write_text("\n".join(settings) + "\n", encoding="utf-8")
    return work


def run_module(module: str, tests: list[str], jobs: int, keep: bool) -> ModuleResult:
    result = ModuleResult(module)
    work = scratch_copy(module, tests)
    started = time.monotonic()
    try:
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
        run = subprocess.run([*mutmut_command(), "run", "--max-children", str(jobs)], cwd=work, env=env,
                             capture_output=True, text=True)
        # mutmut stops when the tests call none of the module's functions (they may run it in another
        # process, which mutmut does not follow): then every mutant survives, untried.
        uncalled = "could not find any test case" in run.stdout
        if run.returncode != 0 and not uncalled:
            print(run.stdout[-4000:], run.stderr[-4000:], sep="\n", file=sys.stderr)
            raise SystemExit(f"mutmut failed on {module} (exit {run.returncode}); the scratch copy is {work}")
        listed = subprocess.run([*mutmut_command(), "results", "--all", "true"], cwd=work, env=env,
                                capture_output=True, text=True, check=True)
        for line in listed.stdout.splitlines():
            name, _, status = line.strip().partition(": ")
            if status:
                result.statuses[name] = "no tests" if uncalled else status
        for name in result.survivors:
            shown = subprocess.run([*mutmut_command(), "show", name], cwd=work, env=env,
                                   capture_output=True, text=True, check=True)
            result.diffs[name] = shown.stdout
    finally:
        result.seconds = time.monotonic() - started
        if keep:
            print(f"(kept the scratch copy for {module}: {work})")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return result


def changed_lines(diff: str) -> list[str]:
    """The lines a mutant removed and added, without the diff's headers."""
    return [line for line in diff.splitlines()
            if re.match(r"[-+](?![-+]{2} )", line) and line.strip() not in ("-", "+")]


def print_table(results: list[ModuleResult]) -> None:
    width = max(len(r.module) for r in results)
    print(f"\n{'module':<{width}}  {'tried':>5}  {'caught':>6}  {'survived':>8}  {'score':>6}  {'time':>6}")
    for r in results:
        print(f"{r.module:<{width}}  {r.tried:>5}  {r.caught:>6}  {len(r.survivors):>8}  "
              f"{r.score:>5.1f}%  {r.seconds:>5.0f}s")


def print_survivors(results: list[ModuleResult]) -> None:
    for r in results:
        for name in r.survivors:
            print(f"\n{name} ({r.statuses[name]})")
            for line in changed_lines(r.diffs.get(name, "")):
                print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="MODULE", help="these modules of the table only")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once (default 2)")
    parser.add_argument("--keep", action="store_true", help="keep each scratch copy, to look at it after")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - set(MODULES)
    if unknown:
        parser.error(f"not in the table: {', '.join(sorted(unknown))}")
    results = []
    for module, test_files in MODULES.items():
        if args.only and module not in args.only:
            continue
        if not (REPO / module).is_file():
            print(f"{module}: skipped, the module is not there yet")
            continue
        tests = [test for test in test_files if (REPO / test).is_file()]
        missing = sorted(set(test_files) - set(tests))
        if missing:
            print(f"{module}: {', '.join(missing)} not there yet, left out")
        if not tests:
            print(f"{module}: skipped, none of its test files is there yet")
            continue
        print(f"{module}: mutating, against {' '.join(tests)} ...", flush=True)
        results.append(run_module(module, tests, args.jobs, args.keep))
    if results:
        print_table(results)
        print_survivors(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
