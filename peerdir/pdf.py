"""Newsletter issues as PDF files, printed by headless Chromium from the built site.

Chromium prints the issue page exactly as a reader's browser does with "Print this issue"
(the print stylesheet, A4, QR codes), so the PDF and a home print are the same document.
The built site is served on a loopback address while it prints, as the published site is
served, so every relative link and stylesheet resolves as it will online.

Chromium is found on the PATH (`chromium`, `chromium-browser`, `google-chrome`, ...) or
named with the environment variable PEERDIR_CHROMIUM.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from . import paths
from .pages import Issue

CHROMIUM_ENV = "PEERDIR_CHROMIUM"
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
PRINT_TIMEOUT = 120  # seconds for one issue; a healthy print takes one or two
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
    "--no-pdf-header-footer",  # the page's own @page rules say what goes in the margins
)


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
    """Print one page to a PDF file with headless Chromium, in a fresh throwaway profile."""
    output.parent.mkdir(parents=True, exist_ok=True)
    output.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="peerdir-chromium-") as profile:
        command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={output}", url]
        try:
            run = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium took more than {PRINT_TIMEOUT} seconds to print {url}") from None
        except OSError as error:
            raise PdfError(f"could not run {chromium}: {error}") from None
    if run.returncode != 0 or not output.is_file() or not output.read_bytes().startswith(b"%PDF-"):
        detail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        raise PdfError(f"Chromium could not print {url} to {output} (exit code {run.returncode})"
                       + (":\n  " + "\n  ".join(detail) if detail else ""))


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
