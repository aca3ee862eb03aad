"""What a parent's phone downloads on a first visit, as the directory grows (issue 17).

    .venv/bin/python benchmarks/page_weight.py [--sizes 100 1000 5000] [--lighthouse-runs 3] [--json FILE]

For each size it writes a synthetic project (benchmarks/synthetic.py: N groups, each with a summary
and a description of its own (`varied_text`, since repeated sentences compress far better than real
text), N/10 events, and one newsletter issue: the sample issue's text with its embeds pointed at
synthetic groups), builds it with `build.py build` for a sub-path address, and serves the site from
127.0.0.1 the way GitHub Pages serves one: text files (HTML, CSS, JavaScript, JSON, XML, SVG ...)
gzip-compressed when the browser accepts it, everything else as it is, the site's 404 page for a
missing file. Then:

- first visit: each page (home, a group page, the map, the newsletter issue) in a new headless
  Chromium (Debian's, the test suite's settings) 390 px wide, so with a cold cache, no interaction:
  the page loads and the benchmark waits until no request has been under way for two seconds. The
  bytes on the wire are Chromium's own count (DevTools Protocol `Network.loadingFinished`
  `encodedDataLength`: compressed body and response headers; for a worker's own requests, which
  finish outside the tab's log, the server's count of the same bytes) for every request to the site;
  requests to other hosts (the map's tiles) are listed apart, since this machine cannot reach them
  and they are not the site's. The table gives KB per page and size, and the largest requests;
- search: a first visit to the home page, then the search button pressed and a query typed, until
  its results show and the network is quiet: the bytes of the search's own files (search/ and
  pagefind/, whenever they were fetched, since an index fetched on page load serves the query too)
  and of anything else fetched once typing began; the first result; and the milliseconds from the
  last keystroke to the first result on screen;
- disk: the built site's bytes (file sizes, as GitHub Pages' 1 GB limit counts them) per group, and
  the kinds of file that take the most;
- Lighthouse (npm `lighthouse`, pinned in package-lock.json) in its default mobile setting against
  the same compressing server with CHROME_PATH=/usr/bin/chromium: performance and accessibility for
  the four pages, `--lighthouse-runs` times each (the median run counts, as Lighthouse advises). Its
  simulated throttling estimates timings from the trace, so a busy machine still lowers the
  performance score: its `benchmarkIndex` (the speed it measured this machine at) is printed too.

Nothing here asserts anything: it prints numbers. `--json FILE` also writes them as JSON, and
`--from-json FILE` prints the tables of such a file again (a before and after to compare).
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from email.utils import formatdate
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import write_synthetic_project  # noqa: E402
from peerdir import paths  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM,
    SUB_PATH,
    SubPathHandler,
    free_port,
    phone_browser,
    serving,
)
from tests.conftest import TODAY  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
ISSUE = "newsletter/2026-11-peertalk.md"
DIARY = ("2026-11-16", "2027-01-15")  # the issue's diary: two months from its date
QUIET_SECONDS = 2.0  # no request under way for this long: the page has finished loading
LOAD_TIMEOUT = 120.0
GZIP_LEVEL = 6
# The search's own files, wherever a search implementation keeps them.
SEARCH_FILES = re.compile(r"(?:^|/)(?:search|pagefind)/")
# The site's search (overrides/assets/javascripts/site-search.js): the header's button that opens it,
# its box (made when it is first opened), and a result.
SEARCH_BUTTON = "button[data-site-search-open]"
SEARCH_BOX = "dialog.site-search input[type=search]"
SEARCH_RESULT = ".site-search__result"
SEARCH_RESULT_TITLE = ".site-search__result-title"
# Media types GitHub Pages sends gzip-compressed; fonts, images, archives and pre-compressed files
# (application/octet-stream, application/wasm) go as they are.
COMPRESSED_TYPES = re.compile(
    r"^(?:text/.*|application/(?:json|javascript|xml|manifest\+json|geo\+json|.*\+json|.*\+xml)|image/svg\+xml)$")


# --------------------------------------------------------------------------- the compressing server


class GzipSubPathHandler(SubPathHandler):
    """The built site at SUB_PATH (as the browser tests serve it), text gzip-compressed as GitHub
    Pages sends it when the browser says it accepts gzip, with its Content-Length."""

    compressed: dict[tuple[str, int], bytes] = {}  # (file, mtime) -> gzip body, shared by all requests
    lock = threading.Lock()
    header_bytes = 0

    def do_GET(self) -> None:
        body = self._answer() or b""
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the browser gave up on it: not sent in full
            return
        self.server.sent.append((self.path, self.header_bytes + len(body)))

    def do_HEAD(self) -> None:
        self._answer()

    def end_headers(self) -> None:
        self.header_bytes = sum(len(line) for line in getattr(self, "_headers_buffer", [])) + 2
        super().end_headers()

    def _answer(self) -> bytes | None:
        """Send the status and headers for the requested file; its body to send, if any."""
        target = Path(self.translate_path(self.path))
        address = self.path.split("?", 1)[0].split("#", 1)[0]
        if target.is_dir():
            if not address.endswith("/"):
                self.send_response(301)
                self.send_header("Location", address + "/")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            target = target / "index.html"
        if not target.is_file():  # the site's 404 page, as GitHub Pages answers
            page = self.site / "404.html"
            if page.is_file():
                return self.send_file(404, page)
            self.send_error(404)
            return None
        return self.send_file(200, target)

    def send_file(self, status: int, file: Path) -> bytes:
        media_type = self.guess_type(str(file))
        body = self.body_of(file, media_type)
        self.send_response(status)
        self.send_header("Content-Type", media_type + ("; charset=utf-8" if media_type.startswith("text/") else ""))
        if body is not None:
            self.send_header("Content-Encoding", "gzip")
        else:
            body = file.read_bytes()
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", formatdate(file.stat().st_mtime, usegmt=True))
        self.send_header("Cache-Control", "max-age=600")  # as GitHub Pages
        self.end_headers()
        return body

    def body_of(self, file: Path, media_type: str) -> bytes | None:
        """The gzip body, if this file is sent compressed to this browser."""
        if not COMPRESSED_TYPES.match(media_type) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return None
        key = (str(file), file.stat().st_mtime_ns)
        with self.lock:
            if key not in self.compressed:
                self.compressed[key] = gzip.compress(file.read_bytes(), GZIP_LEVEL, mtime=0)
            return self.compressed[key]


class CountingServer(http.server.ThreadingHTTPServer):
    """Remembers each answer it has sent in full: (request path, bytes of headers and body)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.sent: list[tuple[str, int]] = []


@contextmanager
def compressed_server(site: Path, port: int = 0) -> Iterator[CountingServer]:
    """Serve `site` with compression on 127.0.0.1; its address (ending in SUB_PATH) is `address(server)`."""
    with serving(CountingServer(("127.0.0.1", port), functools.partial(GzipSubPathHandler, site=site))) as server:
        yield server


def address(server: http.server.HTTPServer) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"


# --------------------------------------------------------------------------- what the browser fetched


@dataclass
class Request:
    url: str
    bytes: int  # on the wire: compressed body and headers, as Chromium counts them
    failed: bool = False
    started: int = 0  # the order in which the browser started it


@dataclass
class NetworkLog:
    """Chromium's Network events for one tab, read from ChromeDriver's performance log.

    A worker's own requests (the theme's search worker loading its script) start in the tab's log
    but finish in the worker's, which the log does not show: once the tab's events are quiet, such
    a request takes its bytes from the server's record of what it sent for that address."""

    driver: object
    server: CountingServer
    requests: dict[str, Request] = field(default_factory=dict)
    pending: set[str] = field(default_factory=set)
    finished: set[str] = field(default_factory=set)
    last_event: float = field(default_factory=time.monotonic)
    started: int = 0
    server_mark: int = -1  # the server's answers before this tab opened are not its own

    def __post_init__(self) -> None:
        self.server_mark = len(self.server.sent)

    def read(self) -> None:
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            method, params = message["method"], message.get("params", {})
            if not method.startswith("Network."):
                continue
            self.last_event = time.monotonic()
            self._record(method, params)

    def _record(self, method: str, params: dict) -> None:
        request_id = params.get("requestId")
        if method == "Network.requestWillBeSent":
            url = params["request"]["url"]
            if url.startswith(("data:", "blob:")):
                return
            redirect = params.get("redirectResponse")
            if redirect and request_id in self.requests:  # the redirect's own response, then the new address
                first = self.requests[request_id]
                self.requests[f"{request_id}-redirect-{self.started}"] = Request(
                    first.url, int(redirect.get("encodedDataLength", 0)), started=first.started)
                self.finished.add(f"{request_id}-redirect-{self.started}")
            self.started += 1
            self.requests[request_id] = Request(url, 0, started=self.started)
            self.pending.add(request_id)
        elif method == "Network.loadingFinished" and request_id in self.requests:
            self.requests[request_id].bytes = int(params.get("encodedDataLength", 0))
            self.pending.discard(request_id)
            self.finished.add(request_id)
        elif method == "Network.loadingFailed" and request_id in self.requests:
            self.requests[request_id].failed = True
            self.pending.discard(request_id)

    def _finish_from_server(self) -> None:
        """Pending requests the server has answered in full, beyond those the tab's log counted."""
        sent = self.server.sent[self.server_mark:]
        answered = Counter(path for path, _ in sent)
        counted = Counter(server_target(self.requests[r].url) for r in self.finished if self.requests[r].bytes)
        for request_id in sorted(self.pending, key=lambda r: self.requests[r].started):
            target = server_target(self.requests[request_id].url)
            if answered[target] > counted[target]:
                counted[target] += 1
                sizes = [count for path, count in sent if path == target]
                self.requests[request_id].bytes = sizes[counted[target] - 1]
                self.pending.discard(request_id)
                self.finished.add(request_id)

    def wait_until_quiet(self, quiet: float = QUIET_SECONDS, timeout: float = LOAD_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while True:
            self.read()
            if self.pending and time.monotonic() - self.last_event >= quiet:
                self._finish_from_server()
            if not self.pending and time.monotonic() - self.last_event >= quiet:
                return
            if time.monotonic() > deadline:
                still = [self.requests[r].url for r in self.pending]
                raise SystemExit(f"the page did not finish loading in {timeout:.0f} s; still loading: {still}")
            time.sleep(0.1)

    def since(self, mark: int) -> list[Request]:
        return [r for r in self.requests.values() if r.started > mark]


def server_target(url: str) -> str:
    """The request target a server sees for a URL: path and query."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def site_path(url: str, base: str) -> str | None:
    """The path of a request under the site's address, or None for another host."""
    return url[len(base):].split("?", 1)[0] if url.startswith(base) else None


@dataclass
class Visit:
    page: str
    size: int
    site_bytes: int
    requests: int
    largest: list[tuple[str, int]]  # (site path, bytes), largest first
    elsewhere: list[str]  # requests to other hosts (not counted)


def first_visit(server: CountingServer, page: str, path: str, size: int) -> Visit:
    base = address(server)
    with phone_browser() as driver:
        log = NetworkLog(driver, server)
        driver.get(base + path)
        log.wait_until_quiet()
        return summarise(page, size, base, list(log.requests.values()))


def summarise(page: str, size: int, base: str, requests: list[Request]) -> Visit:
    ours = [(site_path(r.url, base), r.bytes) for r in requests if site_path(r.url, base) is not None]
    elsewhere = sorted({urlsplit(r.url).netloc for r in requests if site_path(r.url, base) is None})
    by_path: Counter[str] = Counter()
    for path, count in ours:
        by_path[path or "(home)"] += count
    return Visit(page, size, sum(b for _, b in ours), len(ours), by_path.most_common(), elsewhere)


@dataclass
class Search:
    query: str
    size: int
    search_file_bytes: int  # the search's own files, fetched on page load or after typing
    after_typing_bytes: int  # every request to the site once typing began
    files: list[tuple[str, int]]
    first_result: str
    results_ms: float | None


RESULT_TIMER = """
const box = document.querySelector(arguments[0]);
window.__typed = null; window.__shown = null;
box.addEventListener('input', () => { window.__typed = performance.now(); window.__shown = null; });
new MutationObserver(() => {
  if (window.__typed !== null && window.__shown === null && document.querySelector(arguments[1]))
    window.__shown = performance.now();
}).observe(document.body, {childList: true, subtree: true});
"""


def search(server: CountingServer, query: str, size: int) -> Search:
    """A first visit to the home page, then the search opened and `query` typed, as on a phone."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait

    base = address(server)
    with phone_browser() as driver:
        log = NetworkLog(driver, server)
        driver.get(base)
        log.wait_until_quiet()
        mark, sent_mark = log.started, len(server.sent)
        driver.find_element(By.CSS_SELECTOR, SEARCH_BUTTON).click()
        box = WebDriverWait(driver, LOAD_TIMEOUT).until(EC.visibility_of_element_located((By.CSS_SELECTOR, SEARCH_BOX)))
        driver.execute_script(RESULT_TIMER, SEARCH_BOX, SEARCH_RESULT)
        box.send_keys(query)
        deadline = time.monotonic() + LOAD_TIMEOUT
        while not driver.execute_script("return window.__shown !== null"):
            if time.monotonic() > deadline:
                break  # no result: reported as such
            log.read()
            time.sleep(0.05)
        log.wait_until_quiet()
        first_result = settled(lambda: driver.execute_script(FIRST_RESULT, SEARCH_RESULT_TITLE))
        timing = driver.execute_script("return window.__shown === null ? null : window.__shown - window.__typed")
        # The search's files by the server's count: Pagefind's worker fetches the index and its
        # fragments, and a worker's requests are not in the tab's log.
        search_files = [(served_path(path), count) for path, count in server.sent[log.server_mark:]
                        if SEARCH_FILES.search(path)]
        typed = [(served_path(path), count) for path, count in server.sent[sent_mark:] if SEARCH_FILES.search(path)]
        typed += [(site_path(r.url, base), r.bytes) for r in log.since(mark)
                  if site_path(r.url, base) is not None and not SEARCH_FILES.search(site_path(r.url, base))]
        files = sorted(set(search_files) | set(typed), key=lambda f: -f[1])
        return Search(query, size, sum(b for _, b in search_files), sum(b for _, b in typed), files,
                      first_result or "(no result)", timing)


def served_path(target: str) -> str:
    """The path below the site's address of a request target the server answered."""
    return target.split("?", 1)[0].removeprefix(SUB_PATH)


FIRST_RESULT = "const e = document.querySelector(arguments[0]); return e && e.textContent.trim().replace(/\\s+/g, ' ')"


def settled(read: Callable[[], str | None], seconds: float = 1.0) -> str | None:
    """What `read` returns once it has stayed the same for `seconds` (the results list is redrawn
    as the query grows)."""
    value, since = read(), time.monotonic()
    deadline = since + LOAD_TIMEOUT
    while time.monotonic() - since < seconds and time.monotonic() < deadline:
        time.sleep(0.1)
        latest = read()
        if latest != value:
            value, since = latest, time.monotonic()
    return value


# --------------------------------------------------------------------------- on disk


@dataclass
class Disk:
    size: int
    groups: int
    site_bytes: int
    files: int
    kinds: list[tuple[str, int, int]]  # (kind, bytes, files), largest first


def file_kind(relative: Path) -> str:
    """`groups/*.html`, `search/*.json`, `sitemap.xml`: a file's top folder and extension."""
    if len(relative.parts) == 1:
        return relative.name
    return f"{relative.parts[0]}/*{relative.suffix or '(none)'}"


def disk_usage(site: Path, size: int, groups: int) -> Disk:
    sizes: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    for file in site.rglob("*"):
        if file.is_file():
            kind = file_kind(file.relative_to(site))
            sizes[kind] += file.stat().st_size
            counts[kind] += 1
    kinds = [(kind, total, counts[kind]) for kind, total in sizes.most_common()]
    return Disk(size, groups, sum(sizes.values()), sum(counts.values()), kinds)


# --------------------------------------------------------------------------- Lighthouse


@dataclass
class LighthouseScores:
    page: str
    size: int
    performance: float | None  # the median run's (Lighthouse's advice: its score varies from run to run)
    accessibility: float | None
    total_kb: float | None  # Lighthouse's own count of the bytes transferred
    benchmark_index: float | None
    error: str = ""
    performance_runs: list[float] = field(default_factory=list)


def lighthouse(url: str, page: str, size: int, work: Path, runs: int) -> LighthouseScores:
    """Lighthouse's mobile setting (its default) for one page, `runs` times: the median run's scores
    out of 100, and every run's performance score."""
    results = [lighthouse_run(url, page, size, work) for _ in range(runs)]
    scored = sorted((r for r in results if r.performance is not None), key=lambda r: r.performance)
    if not scored:
        return results[0]
    median = scored[(len(scored) - 1) // 2]
    median.performance_runs = [r.performance for r in results if r.performance is not None]
    return median


def lighthouse_run(url: str, page: str, size: int, work: Path) -> LighthouseScores:
    if not LIGHTHOUSE.exists():
        return LighthouseScores(page, size, None, None, None, None, "not installed: run `make setup` (npm ci)")
    report = work / f"lighthouse-{size}-{re.sub(r'[^a-z]+', '-', page)}.json"
    report.unlink(missing_ok=True)
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
               "--only-categories=performance,accessibility", "--chrome-flags=--headless --no-sandbox"]
    ran = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    if ran.returncode != 0 or not report.exists():
        return LighthouseScores(page, size, None, None, None, None, (ran.stderr or ran.stdout).strip()[-500:])
    result = json.loads(report.read_text(encoding="utf-8"))
    categories = result["categories"]

    def score(name: str) -> float | None:
        value = categories.get(name, {}).get("score")
        return None if value is None else round(value * 100)

    weight = result["audits"].get("total-byte-weight", {}).get("numericValue")
    problem = result.get("runtimeError", {}).get("message", "")
    return LighthouseScores(page, size, score("performance"), score("accessibility"),
                            None if weight is None else weight / 1024,
                            result.get("environment", {}).get("benchmarkIndex"), problem)


# --------------------------------------------------------------------------- one size


@dataclass
class SizeResult:
    size: int
    build_seconds: float
    measure_seconds: float
    visits: list[Visit]
    searches: list[Search]
    disk: Disk
    lighthouse: list[LighthouseScores]


def write_issue(project: Path, group_ids: list[str]) -> None:
    """The sample newsletter issue's text, its embeds pointed at synthetic groups: the four group
    lists show five groups each (the same at every size), and the diary two months from the issue's
    date, whatever the sample's own diary covers (so it lists about N/10 x 61/365 events; the
    sample's diary grew to eight months in issue 18, which would have made the issue measured here
    four times as long as before, and the figures not comparable)."""
    text = (ROOT / "content" / ISSUE).read_text(encoding="utf-8")
    lists = iter(group_ids[i:i + 5] for i in range(0, 20, 5))

    def replace(match: re.Match) -> str:
        return f"<!-- peerdir: groups ids={','.join(next(lists))} -->"

    text = re.sub(r"<!-- peerdir: groups [^>]*-->", replace, text)
    text = re.sub(r"<!-- peerdir: diary [^>]*-->", f"<!-- peerdir: diary from={DIARY[0]} to={DIARY[1]} -->", text)
    target = project / "content" / ISSUE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")


def groups_of(project: Path) -> list[dict]:
    """The groups of groups.yaml as plain YAML (read once per size: 4 MB at 5,000 groups)."""
    import yaml

    return yaml.safe_load((project / "groups.yaml").read_text(encoding="utf-8"))["groups"]


def open_group_ids(groups: list[dict]) -> list[str]:
    """The ids of the first groups that are open, in the order of groups.yaml (the same at every size)."""
    return [g["id"] for g in groups if g.get("status", "active") == "active"][:20]


def queries_for(groups: list[dict]) -> list[str]:
    """Typical queries: a topic, a format, a place and a group's name."""
    return ["autism", "online", "Camden", groups[0]["name"]]


def measure(size: int, work: Path, lighthouse_runs: int) -> SizeResult:
    project = work / f"site-{size}"
    write_synthetic_project(project, size, varied_text=True)
    groups = groups_of(project)
    ids = open_group_ids(groups)
    write_issue(project, ids)
    port = free_port()
    started = time.perf_counter()
    command = [sys.executable, str(ROOT / "build.py"), "--root", str(project), "build", "--today", TODAY,
               "--site-url", f"http://127.0.0.1:{port}{SUB_PATH}"]
    built = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    build_seconds = time.perf_counter() - started
    if built.returncode != 0:
        raise SystemExit(f"the {size}-group site did not build:\n{built.stderr[-3000:]}")
    site = project / "site"
    pages = {"home": "", "group page": paths.url_of(paths.group_page(ids[0])), "map": paths.url_of(paths.MAP),
             "newsletter issue": paths.url_of(ISSUE)}
    started = time.perf_counter()
    with compressed_server(site, port) as server:
        base = address(server)
        visits = [first_visit(server, page, path, size) for page, path in pages.items()]
        searches = [search(server, query, size) for query in queries_for(groups)]
        scores = [lighthouse(base + path, page, size, work, lighthouse_runs)
                  for page, path in pages.items()] if lighthouse_runs else []
    measure_seconds = time.perf_counter() - started
    disk = disk_usage(site, size, size)
    shutil.rmtree(project)  # a 5,000-group site takes a few hundred MB
    return SizeResult(size, build_seconds, measure_seconds, visits, searches, disk, scores)


# --------------------------------------------------------------------------- the tables


def kb(count: float) -> str:
    return f"{count / 1024:,.1f}"


def visit_of(result: SizeResult, page: str) -> Visit:
    return next(v for v in result.visits if v.page == page)


def report(results: list[SizeResult]) -> str:
    sizes = [r.size for r in results]
    out: list[str] = []
    size_columns = "".join(f"{f'{s:,} groups':>15}" for s in sizes)

    out.append("First visit: KB on the wire (gzip; bodies and headers, as Chromium counts them), requests in (),")
    out.append("and bytes more per added group from one size to the next")
    growth_columns = "".join(f"{f'B/group {a.size:,}-{b.size:,}':>22}" for a, b in zip(results, results[1:], strict=False))
    out.append(f"{'page':<18}{size_columns}{growth_columns}")
    pages = [v.page for v in results[0].visits]
    for page in pages:
        cells = []
        for r in results:
            visit = visit_of(r, page)
            cells.append(f"{kb(visit.site_bytes)} ({visit.requests})")
        growth = [f"{(visit_of(b, page).site_bytes - visit_of(a, page).site_bytes) / (b.size - a.size):.0f}"
                  for a, b in zip(results, results[1:], strict=False)]
        out.append(f"{page:<18}" + "".join(f"{c:>15}" for c in cells) + "".join(f"{g:>22}" for g in growth))
    out.append("")
    out.append("The largest requests of each first visit (KB on the wire)")
    for page in pages:
        for r in results:
            visit = visit_of(r, page)
            largest = ", ".join(f"{path} {kb(count)}" for path, count in visit.largest[:4])
            out.append(f"{page:<18}{r.size:>6,}  {largest}")
    elsewhere = sorted({host for r in results for v in r.visits for host in v.elsewhere})
    if elsewhere:
        out.append(f"(requests to other hosts, not counted and not reachable here: {', '.join(elsewhere)})")

    out.append("")
    out.append("Search: a first visit to the home page, then a query typed into the search box. KB on the wire of")
    out.append("the search's own files (fetched on page load or after typing) / of everything fetched after typing;")
    out.append("ms from the last keystroke to the first result on screen")
    out.append(f"{'query':<30}{'groups':>7}{'search KB':>11}{'typing KB':>11}{'ms':>7}  first result")
    for query in [s.query for s in results[0].searches]:
        for r in results:
            s = next(s for s in r.searches if s.query == query)
            ms = "-" if s.results_ms is None else f"{s.results_ms:.0f}"
            out.append(f"{query[:29]:<30}{r.size:>7,}{kb(s.search_file_bytes):>11}{kb(s.after_typing_bytes):>11}"
                       f"{ms:>7}  {s.first_result[:50]}")
    for r in results:
        files = ", ".join(f"{path} {kb(count)}" for path, count in r.searches[0].files[:4])
        out.append(f"  files for '{r.searches[0].query}' at {r.size:,}: {files or 'none'}")

    out.append("")
    out.append("On disk: the built site (file sizes)")
    out.append(f"{'groups':>7}{'site MB':>10}{'files':>8}{'KB/group':>10}  largest kinds (MB, files)")
    for r in results:
        d = r.disk
        kinds = ", ".join(f"{kind} {count / 1e6:.1f} ({files:,})" for kind, count, files in d.kinds[:5])
        out.append(f"{d.size:>7,}{d.site_bytes / 1e6:>10.1f}{d.files:>8,}{d.site_bytes / d.groups / 1024:>10.1f}  {kinds}")

    if any(r.lighthouse for r in results):
        out.append("")
        out.append("Lighthouse 12 (mobile, simulated throttling): performance (the median run's; lowest-highest) /")
        out.append("accessibility, and the KB Lighthouse counted")
        out.append(f"{'page':<18}" + "".join(f"{f'{s:,} groups':>26}" for s in sizes))
        for page in pages:
            cells = []
            for r in results:
                score = next((s for s in r.lighthouse if s.page == page), None)
                if score is None or score.performance is None:
                    cells.append("failed")
                else:
                    runs = score.performance_runs or [score.performance]
                    cells.append(f"{score.performance:.0f} ({min(runs):.0f}-{max(runs):.0f}) / {score.accessibility:.0f},"
                                 f" {score.total_kb:,.0f}")
            out.append(f"{page:<18}" + "".join(f"{c:>26}" for c in cells))
        indexes = [s.benchmark_index for r in results for s in r.lighthouse if s.benchmark_index]
        if indexes:
            out.append(f"(benchmarkIndex of this machine: {min(indexes):.0f} to {max(indexes):.0f})")
        for r in results:
            for s in r.lighthouse:
                if s.error:
                    out.append(f"  {s.page} at {r.size:,}: {s.error}")

    out.append("")
    out.append("Time: " + ", ".join(f"{r.size:,} groups: build {r.build_seconds:.0f} s, measure {r.measure_seconds:.0f} s"
                                    for r in results))
    return "\n".join(out)


def load_results(file: Path) -> list[SizeResult]:
    """The measurements `--json` wrote."""
    results = []
    for saved in json.loads(file.read_text(encoding="utf-8")):
        disk = saved.pop("disk")
        disk["kinds"] = [tuple(kind) for kind in disk["kinds"]]
        visits = [Visit(**{**v, "largest": [tuple(x) for x in v["largest"]]}) for v in saved.pop("visits")]
        searches = [Search(**{**s, "files": [tuple(x) for x in s["files"]]}) for s in saved.pop("searches")]
        scores = [LighthouseScores(**s) for s in saved.pop("lighthouse")]
        results.append(SizeResult(**saved, visits=visits, searches=searches, disk=Disk(**disk), lighthouse=scores))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--lighthouse-runs", type=int, default=3, metavar="N",
                        help="Lighthouse runs of each page, the median counts (0: no Lighthouse)")
    parser.add_argument("--json", type=Path, help="also write the measurements to this file")
    parser.add_argument("--from-json", type=Path, metavar="FILE",
                        help="measure nothing: print the tables of an earlier run's --json file")
    args = parser.parse_args(argv)
    if args.from_json:
        print(report(load_results(args.from_json)))
        return 0
    results = []
    with tempfile.TemporaryDirectory(prefix="page-weight-") as work:
        for size in args.sizes:
            print(f"building and measuring {size} groups...", file=sys.stderr, flush=True)
            results.append(measure(size, Path(work), args.lighthouse_runs))
            if size != args.sizes[-1]:  # so far, in case a larger size does not finish
                print(report(results) + "\n", file=sys.stderr, flush=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
