"""The site's search index, written by Pagefind (PyPI `pagefind[bin]`, pinned) from the built pages.

The theme's own search sent every visitor the whole directory's index (1.3 MB gzip at 5,000 groups)
before anyone searched. Pagefind splits the index into fragments, and the browser loads only those a
query needs, once the search box is first used (overrides/assets/javascripts/site-search.js).

What is indexed is decided in the pages: the article of each page carries `data-pagefind-body`
(overrides/main.html), so the header, navigation, "Need help now?" bar and footer are left out, and
so is every page without it (those with `search: exclude: true` in their front matter). Inside it,
what the renderers mark `data-search-exclude` (text only for paper, lists that repeat the groups'
own pages) is left out too.

Nothing here knows the site engine; `engine/plugin.py` runs it after each build.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

BUNDLE_DIR = "pagefind"  # in the built site: the index, its fragments and pagefind.js
EXCLUDED = "[data-search-exclude]"  # as the renderers mark text kept out of the search
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
            "--exclude-selectors", EXCLUDED, "--force-language", "en", "--quiet"]


def index_site(site_dir: Path) -> None:
    """Write the search index into `site_dir`/pagefind/."""
    done = subprocess.run(index_command(site_dir), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip()
        raise IndexingFailed(f"the search index could not be written (Pagefind exited with {done.returncode}): {said}")
    for name in UNUSED_FILES:
        (site_dir / BUNDLE_DIR / name).unlink(missing_ok=True)


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
