"""Newsletter issues as PDF files, printed by headless Chromium from the built site.

Chromium prints the issue page exactly as a reader's browser does with "Print this issue"
(the print stylesheet, A4, QR codes), so the PDF and a home print are the same document.
The built site is served on a loopback address while it prints, as the published site is
served, so every relative link and stylesheet resolves as it will online.

It prints with JavaScript switched off: a page is printed from what it is, never from what a
script on it writes (a script in an issue once wrote the local server's address and the browser's
name into the PDF). Headless Chromium's own `--print-to-pdf` writes no PDF at all once scripts are
off (`--blink-settings=scriptEnabled=false`), so the page is opened and printed through the DevTools
protocol instead, over a pipe (`--remote-debugging-pipe`: no port that another program could reach),
with `Emulation.setScriptExecutionDisabled` set before it loads.

Chromium is found on the PATH (`chromium`, `chromium-browser`, `google-chrome`, ...) or
named with the environment variable PEERDIR_CHROMIUM.
"""

from __future__ import annotations

import base64
import functools
import http.server
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from . import paths
from .pages import Issue

CHROMIUM_ENV = "PEERDIR_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT = 120  # seconds for one issue; a healthy print takes one or two
CLOSE_TIMEOUT = 10  # seconds for Chromium to close once it has printed
CHROMIUM_FLAGS = (
    "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    "--remote-debugging-pipe",  # the DevTools protocol on file descriptors 3 (to it) and 4 (from it)
)
# What the print looks like, as `--print-to-pdf --no-pdf-header-footer` printed it: the page's own
# @page rules give the paper (A4) and say what goes in the margins.
PRINT_SETTINGS = {"displayHeaderFooter": False, "preferCSSPageSize": True, "printBackground": False}


class PdfError(RuntimeError):
    """A PDF could not be written: no Chromium, or Chromium failed."""


def find_chromium() -> str:
    """The Chromium (or Chrome) program to print with."""
    named = os.environ.get(CHROMIUM_ENV)
    candidates = (named,) if named else BROWSERS
    for candidate in candidates:
        if candidate and (found := shutil.which(candidate)):
            return found
    if named:
        raise PdfError(f"{CHROMIUM_ENV}={named} is not a program that can be run")
    raise PdfError("writing PDFs needs Chromium: install it (Debian and Ubuntu: `apt-get install chromium`), "
                   f"or set {CHROMIUM_ENV} to a Chromium or Google Chrome program")


def write_issue_pdfs(site_dir: Path, issues: Iterable[Issue], chromium: str) -> list[Path]:
    """Print each issue of a built site into the site, beside its page (`newsletter/<slug>.pdf`)."""
    written = []
    with serve_folder(site_dir) as base_url:
        for issue in issues:
            output = site_dir / paths.issue_pdf(issue.slug)
            print_to_pdf(base_url + paths.url_of(issue.page), output, chromium)
            written.append(output)
    return written


def print_to_pdf(url: str, output: Path, chromium: str) -> None:
    """Print one page to a PDF file with headless Chromium, in a fresh throwaway profile, scripts off."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    # A helper process that outlives Chromium may still write a file into the profile as it is deleted.
    with tempfile.TemporaryDirectory(prefix="peerdir-chromium-", ignore_cleanup_errors=True) as profile:
        try:
            with _DevTools(chromium, profile) as browser:
                pdf = browser.print_page(url, time.monotonic() + PRINT_TIMEOUT)
        except TimeoutError:
            raise PdfError(f"Chromium took more than {PRINT_TIMEOUT} seconds to print {url}") from None
        except OSError as error:
            raise PdfError(f"could not run {chromium}: {error}") from None
    if not pdf.startswith(b"%PDF-"):
        raise PdfError(f"Chromium could not print {url} to {output}: what it gave is not a PDF")
    output.write_bytes(pdf)


def sandbox_flags() -> tuple[str, ...]:
    """Chromium's sandbox stays on, except for root, whom Chromium refuses to start for with it
    ("Running as root without --no-sandbox is not supported"): containers and CI often run as root."""
    return ("--no-sandbox",) if hasattr(os, "geteuid") and os.geteuid() == 0 else ()


# Run as `python -c THIS IN OUT PROGRAM ARGUMENTS...`: IN and OUT become descriptors 3 and 4 (by way of
# descriptors above 9, in case one is already 3 or 4), then PROGRAM replaces this process.
_ON_DESCRIPTORS_3_AND_4 = """
import fcntl, os, sys
into, out = (fcntl.fcntl(int(fd), fcntl.F_DUPFD, 10) for fd in sys.argv[1:3])
os.dup2(into, 3)
os.dup2(out, 4)
os.execv(sys.argv[3], sys.argv[3:])
"""


class _DevTools:
    """A headless Chromium driven through the DevTools protocol over a pipe: each message is JSON
    ended by a NUL byte. Used as a context manager: Chromium is stopped on the way out."""

    def __init__(self, chromium: str, profile: str) -> None:
        self.chromium, self.profile = chromium, profile
        self.next_id = 0
        self.received = b""
        self.events: list[dict[str, Any]] = []  # received while waiting for an answer

    def __enter__(self) -> _DevTools:
        # What Chromium says goes to a file (a pipe nobody reads would fill up and stop it), for messages.
        self.log = open(Path(self.profile, "chromium.log"), "w+b")  # noqa: SIM115 (closed in __exit__)
        to_chromium, self.commands = os.pipe()
        self.answers, from_chromium = os.pipe()
        # Chromium reads commands from file descriptor 3 and writes answers to 4: a small Python program
        # puts the pipes there and becomes Chromium (a shell could not: it handles descriptors 0 to 9 only).
        command = [*CHROMIUM_FLAGS, *sandbox_flags(), f"--user-data-dir={self.profile}", "about:blank"]
        self.process = subprocess.Popen(
            [sys.executable, "-c", _ON_DESCRIPTORS_3_AND_4, str(to_chromium), str(from_chromium), self.chromium,
             *command],
            pass_fds=(to_chromium, from_chromium), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self.log)
        os.close(to_chromium)
        os.close(from_chromium)
        return self

    def __exit__(self, *exception: object) -> None:
        # Asked to close, Chromium ends its own helper processes, which would otherwise still be writing
        # into the profile as it is deleted; one that does not answer is stopped.
        try:
            os.write(self.commands, json.dumps({"id": 0, "method": "Browser.close"}).encode() + b"\0")
            self.process.wait(CLOSE_TIMEOUT)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        os.close(self.commands)
        os.close(self.answers)
        self.log.close()

    def print_page(self, url: str, deadline: float) -> bytes:
        target = self.call("Target.createTarget", {"url": "about:blank"}, deadline)["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, deadline)["sessionId"]
        self.call("Emulation.setScriptExecutionDisabled", {"value": True}, deadline, session)
        self.call("Page.enable", {}, deadline, session)
        navigated = self.call("Page.navigate", {"url": url}, deadline, session)
        if navigated.get("errorText"):
            raise OSError(f"{url}: {navigated['errorText']}")
        self.wait_for("Page.loadEventFired", deadline, session)
        printed = self.call("Page.printToPDF", PRINT_SETTINGS, deadline, session)
        return base64.b64decode(printed["data"])

    def call(self, method: str, params: dict[str, Any], deadline: float, session: str | None = None) -> dict[str, Any]:
        """Send one command and wait for its answer; events that come first are kept for `wait_for`."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self.commands, json.dumps(message).encode() + b"\0")
        while True:
            answer = self.receive(deadline)
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise OSError(f"Chromium refused {method}: {answer['error'].get('message', answer['error'])}")
                return answer.get("result", {})
            if "method" in answer:
                self.events.append(answer)

    def wait_for(self, event: str, deadline: float, session: str) -> None:
        while True:
            message = self.events.pop(0) if self.events else self.receive(deadline)
            if message.get("method") == event and message.get("sessionId") == session:
                return

    def receive(self, deadline: float) -> dict[str, Any]:
        """The next message from Chromium."""
        while b"\0" not in self.received:
            self.received += self._read(deadline)
        message, self.received = self.received.split(b"\0", 1)
        return json.loads(message)

    def _read(self, deadline: float) -> bytes:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([self.answers], [], [], left)[0]:
            raise TimeoutError
        chunk = os.read(self.answers, 1 << 20)
        if not chunk:  # Chromium has ended
            self.log.seek(0)
            detail = self.log.read().decode(errors="replace")
            lines = [line for line in detail.strip().splitlines() if "dbus" not in line][-3:]
            raise OSError("Chromium stopped before it printed" + (":\n  " + "\n  ".join(lines) if lines else ""))
        return chunk


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 (a free port) while the block runs; yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # Chromium's requests are not news
        pass
