"""The one module that talks to the site engine (MkDocs 1.x) and the one place that writes the site.

Everything else in the package produces plain `{path: text}` dictionaries; this module
hands them to MkDocs as generated files. Changing engine (ProperDocs, Zensical) should
only mean changing this module.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from datetime import date
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import paths
from .problems import format_problems
from .render import SiteSettings, render_site
from .validate import Directory, load_directory

log = logging.getLogger("mkdocs.plugins.peerdir")
TODAY_ENV = "PEERDIR_TODAY"
PLUGIN_NAME = "peerdir"  # as registered in pyproject.toml and named in mkdocs.yml


class DirectoryPluginConfig(Config):
    today = config_options.Optional(config_options.Type(str))
    branch = config_options.Type(str, default="main")


class DirectoryPlugin(BasePlugin[DirectoryPluginConfig]):
    """Loads the YAML data before each build and adds the generated pages to it."""

    directory: Directory | None = None

    def on_config(self, config: Any) -> Any:
        root = Path(config.config_file_path).parent
        result = load_directory(root, self.today())
        if result.problems:
            raise PluginError(
                f"{len(result.problems)} problem(s) in the data files:\n" + format_problems(result.problems)
            )
        self.directory = result.directory
        return config

    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self.directory is not None  # on_config has loaded it or stopped the build
        settings = SiteSettings(today=self.today(), site_url=config.site_url or "", repo_url=config.repo_url or "")
        for path, content in render_site(self.directory, settings).items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """The "edit" action of a generated page opens the YAML file it comes from."""
        if page.file.generated_by == PLUGIN_NAME:
            data_file = paths.data_file_of(page.file.src_uri)
            repo = (config.repo_url or "").rstrip("/")
            page.edit_url = f"{repo}/edit/{self.config.branch}/{data_file}" if data_file and repo else None
        return context

    def today(self) -> date:
        text = self.config.today or os.environ.get(TODAY_ENV)
        return date.fromisoformat(text) if text else date.today()


def build_site(root: Path, site_dir: Path, today: date, site_url: str | None = None) -> bool:
    """Build into a staging folder, then swap it in: a failed build leaves `site_dir` untouched."""
    _show_engine_messages()
    staging = site_dir.with_name(site_dir.name + ".new")
    previous = site_dir.with_name(site_dir.name + ".old")
    shutil.rmtree(staging, ignore_errors=True)
    overrides: dict[str, Any] = {"site_dir": str(staging), "strict": True}
    if site_url:
        overrides["site_url"] = site_url
    try:
        config = load_config(str(root / "mkdocs.yml"), **overrides)
        config.plugins[PLUGIN_NAME].config.today = today.isoformat()
        mkdocs_build(config)
    except (Abort, MkDocsException, PluginError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The site was not built: {error}\nThe previous site/ is unchanged.", file=sys.stderr)
        return False
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
    return True


def serve_site(root: Path, port: int, today: date | None) -> None:
    """Live preview on 127.0.0.1; editing a YAML file rebuilds and reloads the page."""
    _show_engine_messages()
    if today:
        os.environ[TODAY_ENV] = today.isoformat()
    mkdocs_serve(str(root / "mkdocs.yml"), livereload=True, dev_addr=f"127.0.0.1:{port}")


def _show_engine_messages() -> None:
    """MkDocs logs through `logging`; show its warnings and progress as its own CLI does."""
    logger = logging.getLogger("mkdocs")
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
