"""Real pages in real headless Chromium (Debian's chromium + chromium-driver).

The sample site is built once per session with a sub-path `site_url`, as on GitHub
project pages, and served from 127.0.0.1 under that sub-path. A missing page gets the
site's 404.html with status 404, as GitHub Pages does.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from ..conftest import TODAY, copy_project, run_cli

SUB_PATH = "/peer-support/"
ARTIFACTS = Path(__file__).resolve().parent.parent / ".artifacts"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def send_html(handler: http.server.BaseHTTPRequestHandler, status: int, body: bytes) -> None:
    """Answer a test server's request with an HTML page."""
    handler.send_response(status)
    handler.send_header("Content-Type", "text/html; charset=utf-8")
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


class SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves `site/` at SUB_PATH only, with the site's own 404 page for anything else."""

    def __init__(self, *args, site: Path, **kwargs) -> None:
        self.site = site
        super().__init__(*args, directory=str(site), **kwargs)

    def translate_path(self, path: str) -> str:
        path = path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(SUB_PATH):
            return str(self.site / "__outside_the_sub_path__")
        return super().translate_path("/" + path[len(SUB_PATH):])

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = self.site / "404.html"
        if code != 404 or not page.exists():
            return super().send_error(code, message, explain)
        send_html(self, 404, page.read_bytes())

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass


def free_port() -> int:
    """A port nothing listens on now: a site must know its address (site_url) before it is built."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


Server = TypeVar("Server", bound=http.server.HTTPServer)


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    """Answer requests on `server` from a thread until the block ends, then close it."""
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def build_and_serve(project: Path) -> Iterator[str]:
    """Build `project` for the sub-path and serve it; yields the site's base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}{SUB_PATH}"
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", base)
    assert result.code == 0, result.stderr
    handler = functools.partial(SubPathHandler, site=project / "site")
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)):
        yield base


@pytest.fixture(scope="session")
def served_sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """The sample site, built with real MkDocs in strict mode and served under a sub-path:
    its address and its folder."""
    project = copy_project(tmp_path_factory.mktemp("sample-site"))
    for base in build_and_serve(project):
        yield base, project / "site"


@pytest.fixture(scope="session")
def sample_site(served_sample: tuple[str, Path]) -> str:
    """The address of the served sample site."""
    return served_sample[0]


@pytest.fixture(scope="session")
def sample_site_folder(served_sample: tuple[str, Path]) -> Path:
    """The same build's files, for checks that read them rather than open them in a browser."""
    return served_sample[1]


def new_browser(width: int = 1280, height: int = 900) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run",
                 "--disable-dev-shm-usage", f"--window-size={width},{height}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))


# Noon on the day the test sites are built for, in London: a page's dates as the build worked them out.
BUILD_DAY = datetime.combine(date.fromisoformat(TODAY), time(12), ZoneInfo("Europe/London"))


def set_clock(driver: webdriver.Chrome, moment: datetime) -> None:
    """The new browser's clock reads `moment` for the page it opens next (the DevTools protocol's
    virtual time): the events and meetings it lists are hidden by the visitor's clock once ended
    (overrides/assets/javascripts/living-dates.js), so a test of what a build day's page shows opens
    it on that day. Once per browser: the clock cannot be set again, and it runs on by itself, fast,
    while a page is idle, so only the first page opened is sure to be on that day."""
    driver.execute_cdp_cmd("Emulation.setVirtualTimePolicy", {
        "policy": "pauseIfNetworkFetchesPending", "initialVirtualTime": moment.timestamp()})


@pytest.fixture
def browser() -> Iterator[webdriver.Chrome]:
    driver = new_browser()
    try:
        yield driver
    finally:
        driver.quit()


@contextmanager
def phone_browser() -> Iterator[webdriver.Chrome]:
    """A new headless Chromium in a phone-sized window, 390 CSS pixels wide (a cold cache)."""
    driver = new_browser(390, 844)
    # Headless Chromium opens windows at least 500 px wide whatever --window-size says;
    # resizing afterwards does give 390.
    driver.set_window_size(390, 844)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def phone() -> Iterator[webdriver.Chrome]:
    """A phone-sized window: 390 CSS pixels wide."""
    with phone_browser() as driver:
        yield driver


def screenshot(driver: webdriver.Chrome, name: str) -> Path:
    """Save a full-page screenshot under tests/.artifacts/ for a person to look at."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.set_window_size(max(width, 390), min(max(height, 600), 6000))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path
