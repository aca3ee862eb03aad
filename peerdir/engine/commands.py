"""A build and the live preview, as `build.py build` and `serve` run them: the engine's own build and
serve, with our plugin (plugin.py) set up for them, into a staging folder swapped in whole
(peerdir/finishing/swap.py)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
import logging
import os
import re
import shutil
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, MkDocsException, PluginError

from .. import paths
from ..collections_pause import full_collections_paused
from ..finishing import site_search, swap
from ..pdf import PdfError
from ..problems import position_in
from ..render import forget_remembered
from ..validate import Directory
from .choice import engine_logger_name
from .plugin import PLUGIN_NAME, TODAY_ENV, DirectoryPlugin


def build_site(root: Path, site_dir: Path, today: date, site_url: str | None = None,
               write_pdfs: Callable[[Path], None] | None = None, drafts: bool = False,
               file_preview: bool = False, directory: Directory | None = None) -> bool:
    """Build into a staging folder, then swap it in: a failed build leaves `site_dir` untouched.

    With `write_pdfs`, the newsletter issues link to their PDFs, and `write_pdfs(staging folder)`
    writes them into the built site before it is swapped in (`build.py build --pdf`). With `drafts`,
    the issues that are drafts are built too, marked Draft (`build.py pdf` of a draft, for proofs). With
    `file_preview`, the site opens from its folder in a browser, without a server (file_preview.py).
    `directory`: the data as the caller has loaded and checked it for `today`, which is then not loaded again."""
    _show_engine_messages()
    swap.tidy(site_dir)  # what a killed build left beside site/
    staging = swap.leftovers(site_dir)[0]
    overrides: dict[str, Any] = {"site_dir": str(staging), "strict": True}
    if site_url:
        overrides["site_url"] = site_url
    try:
        config = load_config(str(root / "mkdocs.yml"), **overrides)
        _warn_if_placeholder_address(root / "mkdocs.yml", config.site_url or "")
        plugin = config.plugins[PLUGIN_NAME]
        plugin.config.today = today.isoformat()
        plugin.config.newsletter_pdfs = write_pdfs is not None
        plugin.drafts_shown = drafts
        plugin.config.file_preview = file_preview
        plugin.handed_over = directory
        plugin.index_written_by_caller = True
        with full_collections_paused():  # a one-off build: its heap lives until the end
            mkdocs_build(config)
        indexer, plugin.page_indexer = plugin.page_indexer, None
        _write_search_index(indexer, staging)
        if write_pdfs:
            write_pdfs(staging)
    except (Abort, MkDocsException, PluginError, PdfError, site_search.IndexingFailed) as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The site was not built: {error}\nThe previous site/ is unchanged.", file=sys.stderr)
        return False
    swap.replace_folder(staging, site_dir)  # in one step: site/ is always a whole site
    return True


def _write_search_index(indexer: site_search.PageIndexer | None, site_dir: Path) -> None:
    """Pagefind writes its index once the engine's build has returned and its pages and navigation,
    and the renderers' remembered pieces, are let go: writing is when Pagefind holds the most (1.4 GB at
    20,000 groups), and it then does not run beside the engine's whole site in this process."""
    if indexer is None:
        return
    forget_remembered()
    gc.collect()
    _give_back_freed_memory()
    indexer.write(site_dir)


def _give_back_freed_memory() -> None:
    """What the collector freed goes back to the system (glibc keeps it for the process otherwise)."""
    with contextlib.suppress(OSError, AttributeError):  # not glibc: the memory stays with the process
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _warn_if_placeholder_address(settings: Path, site_url: str) -> None:
    """One line, and the build goes on: a preview or a test may rightly use the sample's address."""
    if site_url.rstrip("/") != paths.PLACEHOLDER_SITE_URL.rstrip("/"):
        return
    text = settings.read_text(encoding="utf-8")
    setting = re.search(r"^site_url:[ \t]*", text, flags=re.MULTILINE)
    line, column = position_in(text, setting.end()) if setting else (1, 1)
    print(f"warning: {settings.name}:{line}:{column}: site_url: {site_url} is the sample's address, so QR codes, "
          "the feed, calendars and links in PDFs would point to a site that does not exist; set site_url in "
          "mkdocs.yml to your site's address, or build with --site-url ADDRESS", file=sys.stderr)


def serve_site(root: Path, port: int, today: date | None, directory: Directory | None = None) -> None:
    """Live preview on 127.0.0.1; editing a YAML file rebuilds and reloads the page. `directory`: the
    data as the caller has loaded and checked it (for `today`, or this day), used by the first build."""
    _show_engine_messages()
    if today:
        os.environ[TODAY_ENV] = today.isoformat()
    DirectoryPlugin.handed_to_preview = directory
    # "Dirty" builds: after the first, a rebuild renders only the pages whose content changed
    # (DirectoryPlugin.on_files); MkDocs' warning about them is about hand-made sites, not this one.
    logging.getLogger(f"{engine_logger_name()}.commands.build").addFilter(_IgnoreDirtyBuildWarning())
    mkdocs_serve(str(root / "mkdocs.yml"), livereload=True, build_type="dirty", dev_addr=f"127.0.0.1:{port}")


class _IgnoreDirtyBuildWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave the navigation inaccurate. Here every hand-written page
    is rendered again, and a change to the settings or theme renders everything; and in strict mode the
    warning alone would fail every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _show_engine_messages() -> None:
    """MkDocs logs through `logging`; show its warnings and progress as its own CLI does (ProperDocs' under
    `properdocs`, which what is logged under `mkdocs` goes to: choice.py)."""
    logger = logging.getLogger(engine_logger_name())
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
