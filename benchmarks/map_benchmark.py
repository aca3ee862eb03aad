"""How the map page grows and how fast it becomes usable, for 100, 1,000 and 5,000 groups.

    .venv/bin/python benchmarks/map_benchmark.py [--sizes 100 1000 5000] [--runs 5]

For each size: write synthetic groups (benchmarks/synthetic.py) into a copy of the site
project, build the whole site with `build.py build` (real MkDocs, strict), serve it from a
sub-path on 127.0.0.1 and open map/ in headless Chromium (Debian's chromium and
chromedriver, the test suite's settings) with the browser cache off.

Printed per size:
- the bytes of the map page (map/index.html) and its data (map/groups.json), their total
  per group, and how much they grow per added group compared with the previous size
  (raw bytes, and gzip as a server would send them); and the size of the place index
  (map/places.json: venues and postcodes), which the page fetches only when someone first
  uses the place box;
- time to interactive: from navigation start until the map script has added every
  marker and list and set `data-ready` (the `peerdir-map-ready` performance mark),
  median and slowest of `--runs` loads.

Numbers only: nothing here passes or fails.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_synthetic_project  # noqa: E402
from tests.browser.conftest import SUB_PATH, SubPathHandler, free_port, new_browser, serving  # noqa: E402
from tests.conftest import TODAY, run_cli  # noqa: E402

MAP_FILES = ("map/index.html", "map/groups.json")
PLACE_INDEX = "map/places.json"


@dataclass
class Result:
    groups: int
    open_groups: int
    html_bytes: int
    data_bytes: int
    gzip_bytes: int
    places_bytes: int
    build_seconds: float
    interactive_ms: list[float]

    @property
    def total(self) -> int:
        return self.html_bytes + self.data_bytes


def measure(size: int, runs: int, work: Path) -> Result:
    project = work / f"site-{size}"
    write_synthetic_project(project, size)  # the site's pages, without the newsletter issues
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    started = time.perf_counter()
    built = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", base)
    build_seconds = time.perf_counter() - started
    if built.code != 0:
        raise SystemExit(f"the {size}-group site did not build:\n{built.stderr}")
    site = project / "site"
    contents = [(site / name).read_bytes() for name in MAP_FILES]
    handler = functools.partial(SubPathHandler, site=site)
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)):
        timings, open_groups = time_to_interactive(base + "map/", runs)
    return Result(size, open_groups, len(contents[0]), len(contents[1]),
                  sum(len(gzip.compress(c, 6)) for c in contents), (site / PLACE_INDEX).stat().st_size,
                  build_seconds, timings)


def time_to_interactive(url: str, runs: int) -> tuple[list[float], int]:
    driver = new_browser()
    try:
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        timings = []
        for _ in range(runs):
            driver.get("about:blank")
            driver.get(url)
            deadline = time.monotonic() + 60
            while not driver.execute_script("return document.querySelector('[data-map][data-ready]') !== null"):
                if time.monotonic() > deadline:
                    raise SystemExit(f"{url} never became interactive")
                time.sleep(0.02)
            timings.append(driver.execute_script(
                "return performance.getEntriesByName('peerdir-map-ready')[0].startTime"))
        open_groups = int(driver.execute_script("return document.querySelector('[data-map]').dataset.groupCount"))
        return timings, open_groups
    finally:
        driver.quit()


def report(results: list[Result]) -> str:
    lines = [
        "groups  open   map HTML   data JSON   bytes/group   growth/group  gzip growth/group  place index"
        "   build s   interactive ms (median, slowest)",
    ]
    previous: Result | None = None
    for r in results:
        growth = gzip_growth = "-"
        if previous:
            added = r.open_groups - previous.open_groups
            growth = f"{(r.total - previous.total) / added:.0f}"
            gzip_growth = f"{(r.gzip_bytes - previous.gzip_bytes) / added:.0f}"
        lines.append(
            f"{r.groups:>6}  {r.open_groups:>4}  {r.html_bytes:>9,}  {r.data_bytes:>10,}  "
            f"{r.total / r.open_groups:>12.0f}  {growth:>12}  {gzip_growth:>17}  {r.places_bytes:>11,}"
            f"  {r.build_seconds:>8.1f}"
            f"   {statistics.median(r.interactive_ms):>6.0f}, {max(r.interactive_ms):.0f}"
        )
        previous = r
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="map-benchmark-") as work:
        results = []
        for size in args.sizes:
            print(f"building and timing {size} groups...", file=sys.stderr, flush=True)
            results.append(measure(size, args.runs, Path(work)))
    print(report(results))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
