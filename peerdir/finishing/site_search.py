"""The site's search index, written by Pagefind (PyPI `pagefind[bin]`, pinned) from the built pages.

The theme's own search sent every visitor the whole directory's index (1.3 MB gzip at 5,000 groups)
before anyone searched. Pagefind splits the index into fragments, and the browser loads only those a
query needs, once the search box is first used (overrides/assets/javascripts/site-search.js).

What is indexed is decided in the pages: the article of each page carries `data-pagefind-body`
(overrides/main.html), so the header, navigation, "Need help now?" bar and footer are left out, and
so is every page without it (those with `search: exclude: true` in their front matter). Inside it,
what the renderers mark `data-search-exclude` (text only for paper, lists that repeat the groups'
own pages) is left out too.

A build for publishing hands each page to Pagefind as the engine renders it (`PageIndexer`), so the
index is made on the machine's other core while the pages are still being rendered, and nobody reads
the written site back; the preview, and `build.py finish`, index the written site (`index_site`).
Nothing here knows the site engine; `engine/plugin.py` runs it.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from pagefind.service import get_executable

BUNDLE_DIR = "pagefind"  # in the built site: the index, its fragments and pagefind.js
EXCLUDED = "[data-search-exclude]"  # as the renderers mark text kept out of the search
LANGUAGE = "en"  # every page is English: one index, whatever a page's lang says
# What Pagefind writes beside the index that the site's search never loads: its stock search boxes,
# its worker (site-search.js runs it with `noWorker`), and the index code for pages of no known language
# (every page is English: `--force-language en`). Left out of the published site: 0.5 MB nobody fetches.
UNUSED_FILES = (
    "pagefind-ui.js", "pagefind-ui.css",
    "pagefind-modular-ui.js", "pagefind-modular-ui.css",
    "pagefind-component-ui.js", "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
    "wasm.unknown.pagefind",
)


class IndexingFailed(Exception):
    """Pagefind could not index the site; the message holds what it said."""


def index_command(site_dir: Path) -> list[str]:
    """Pagefind's binary, from the Python package (no download at build time), run on the built site."""
    return [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE_DIR,
            "--exclude-selectors", EXCLUDED, "--force-language", LANGUAGE, "--quiet"]


def index_site(site_dir: Path) -> None:
    """Write the search index into `site_dir`/pagefind/."""
    done = subprocess.run(index_command(site_dir), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise IndexingFailed(f"the search index could not be written (Pagefind exited with {done.returncode}): {said}")
    _remove_unused_files(site_dir)


def _remove_unused_files(site_dir: Path) -> None:
    for name in UNUSED_FILES:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)


def page_url(path_in_site: str) -> str:
    """The address Pagefind gives a page it finds at `path_in_site` when it reads a site's folder
    (`groups/x/index.html` is `/groups/x/`), so that both ways of indexing give the same results."""
    folder, _, name = path_in_site.rpartition("/")
    if name == "index.html":
        return f"/{folder}/" if folder else "/"
    return f"/{path_in_site}"


class PageIndexer:
    """The search index of one build, from its pages as they are rendered (`add_page`), written with
    `write`. It talks to Pagefind's service (`pagefind --service`, the binary of the pinned `pagefind[bin]`)
    in its documented protocol: requests and answers as base64 JSON, each ended by a comma. Not through the
    package's Python API: its reader (1.5.2) sleeps 0.1 s before reading each answer, so the 3,455 pages of
    1,000 groups would take six minutes.

    Pages are sent without waiting for their answers: Pagefind parses them in its own process while
    the engine renders the next. A thread reads the answers and keeps only what went wrong."""

    def __init__(self) -> None:
        executable = get_executable()
        if executable is None:
            raise IndexingFailed("the search index could not be written: Pagefind's program is not installed "
                                 "(run `make setup`)")
        self._service = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._last_id = 0
        self._waited: dict[int, dict[str, Any] | None] = {}  # answers someone waits for, by message id
        self._problems: list[str] = []
        self._answered = threading.Condition()
        self._ended = False
        self._last_words = b""  # what Pagefind printed on its error output, if it stopped
        threading.Thread(target=self._read_answers, name="search index answers", daemon=True).start()
        threading.Thread(target=self._read_errors, name="search index errors", daemon=True).start()
        config = {"exclude_selectors": [EXCLUDED], "force_language": LANGUAGE}  # as index_command's options
        self._index_id = self._ask({"type": "NewIndex", "config": config})["index_id"]

    def add_page(self, html: str, path_in_site: str) -> None:
        """One page, as the engine wrote it for `path_in_site` (not minified: finishing/minify.py says why)."""
        self._send({"type": "AddFile", "index_id": self._index_id, "url": page_url(path_in_site),
                    "file_path": None, "file_contents": html})

    def write(self, site_dir: Path) -> None:
        """The index of every page added, into `site_dir`/pagefind/; then the service ends."""
        try:
            self._ask({"type": "WriteFiles", "index_id": self._index_id, "output_path": str(site_dir / BUNDLE_DIR)})
            if self._problems:
                raise IndexingFailed(f"the search index could not be written: {self._problems[0]}")
        finally:
            self.close()
        _remove_unused_files(site_dir)

    def close(self) -> None:
        """End the service, if it still runs (a build that failed)."""
        if self._service.poll() is None:
            if self._service.stdin:
                self._service.stdin.close()
            try:
                self._service.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._service.kill()
                self._service.wait()

    def _send(self, payload: dict[str, Any], *, flush: bool = False) -> int:
        self._last_id += 1
        message = json.dumps({"message_id": self._last_id, "payload": payload}).encode("utf-8")
        assert self._service.stdin is not None
        try:
            self._service.stdin.write(base64.b64encode(message) + b",")
            if flush:
                self._service.stdin.flush()
        except (BrokenPipeError, ValueError):  # ValueError: written after close()
            raise self._stopped() from None
        return self._last_id

    def _ask(self, payload: dict[str, Any]) -> dict[str, Any]:
        with self._answered:
            message_id = self._last_id + 1
            self._waited[message_id] = None
        self._send(payload, flush=True)
        with self._answered:
            self._answered.wait_for(lambda: self._waited[message_id] is not None or self._ended)
            answer = self._waited.pop(message_id)
        if answer is None:
            raise self._stopped()
        if answer.get("type") == "Error":
            raise IndexingFailed(f"the search index could not be written: {answer.get('message')}")
        return answer

    def _stopped(self) -> IndexingFailed:
        self._service.wait()
        # What it said, without Rust's lines about backtraces: a panic's message is the line after "panicked at".
        said = [line for line in self._last_words.decode("utf-8", "replace").strip().splitlines()
                if line and not line.startswith(("note:", "stack backtrace:", "thread '"))]
        why = f": {said[0]}" if said else (f": {self._problems[0]}" if self._problems else "")
        return IndexingFailed(f"the search index could not be written: Pagefind stopped (exit code "
                              f"{self._service.returncode}){why}")

    def _read_errors(self) -> None:
        assert self._service.stderr is not None
        while chunk := self._service.stderr.read1(1 << 12):
            self._last_words = (self._last_words + chunk)[-4000:]

    def _read_answers(self) -> None:
        assert self._service.stdout is not None
        pending = b""
        while chunk := self._service.stdout.read1(1 << 16):
            *answers, pending = (pending + chunk).split(b",")
            for answer in answers:
                self._take(json.loads(base64.b64decode(answer)))
        with self._answered:
            self._ended = True
            self._answered.notify_all()

    def _take(self, answer: dict[str, Any]) -> None:
        payload = answer.get("payload") or {}
        with self._answered:
            if payload.get("type") == "Error":
                self._problems.append(str(payload.get("message")))
            if answer.get("message_id") in self._waited:
                self._waited[answer["message_id"]] = payload
                self._answered.notify_all()


class BackgroundIndexer:
    """The preview's search index, written again after each build on a thread of its own: Pagefind
    reads every page (seconds at thousands of groups), and the editor is waiting for the page, not
    the search. A build that ends while it runs makes it run once more when it is done."""

    def __init__(self) -> None:
        self.wanted = threading.Event()
        self.site_dir: Path | None = None
        threading.Thread(target=self._run, name="search index", daemon=True).start()

    def index_soon(self, site_dir: Path) -> None:
        self.site_dir = site_dir
        self.wanted.set()

    def _run(self) -> None:
        while True:
            self.wanted.wait()
            self.wanted.clear()
            if self.site_dir is None:
                continue
            try:
                index_site(self.site_dir)
            except IndexingFailed as error:
                # Printed, not logged: a message logged while a build runs would count as that build's.
                print(f"{error}; the preview's search keeps the previous index", file=sys.stderr)
