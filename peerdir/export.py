"""The whole site's sources as plain files, for an engine that runs no plugin of ours (`build.py export DIR`).

MkDocs and ProperDocs build the site with our plugin (peerdir/engine/plugin.py), which hands them the generated
pages. An engine without it (Zensical, MkDocs 2, whatever comes next) needs files: this writes

    DIR/mkdocs.yml   the site's settings without our plugin, docs_dir `docs`, the theme's overrides beside it
    DIR/docs/        every page: the generated ones, and the hand-written ones with their embeds filled in
                     (a newsletter issue with its heading); every file the pages load or link to: calendars,
                     open data, the map's data and libraries, the icon sprite and the bundled stylesheet
    DIR/overrides/   our templates and assets (overrides/ works in Jinja2 and MiniJinja: tests/test_templates.py)

Links are written so that any engine resolves them: Markdown links as source paths (`../browse/a-z.md`),
which every engine of this family turns into addresses, and every address in HTML (a link, a script, a
stylesheet, the map's data) from the site's root (`/peer-support/assets/map/setups.js`), which no engine
changes and every one leaves right: a relative one is read by some engines as relative to the source file
and by others to the published page. What an engine does not do, our finishing steps do after it
(README: "Changing the site engine"). Nothing here imports an engine (only the theme's package, for its icons).
"""

from __future__ import annotations

import html
import posixpath
import re
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import content_policy, paths
from .finishing import minify, site_search, swap
from .finishing.theme_files import ICON_SPRITE, SITE_STYLESHEET, SITE_STYLESHEET_PARTS, bundled_stylesheet, icon_sprite
from .libraries import library_files
from .page_links import FRONT_MATTER
from .pages import display_name
from .postcode_districts import district_files
from .project_settings import PLUGIN_NAME, SETTINGS_FILE, read_project_settings
from .render import (
    HTML_PAGE_MARK,
    SiteSettings,
    render_hand_written_page,
    render_site,
    settings_from_mkdocs_yml,
)
from .validate import Directory

DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
# What the renderers mark as kept out of the search (finishing/site_search.py: EXCLUDED) is written with
# Pagefind's own attribute: Zensical takes `data-search-exclude` for its own search's and drops it.
SEARCH_EXCLUDED, PAGEFIND_IGNORED = " data-search-exclude", " data-pagefind-ignore"
# The settings an engine without our plugin has no use for: the plugin itself, and the files the preview watches.
LEFT_OUT_SETTINGS = ("plugins", "watch")


@dataclass(frozen=True)
class Exported:
    pages: int
    files: int


def export_site(root: Path, target: Path, directory: Directory, today: date, site_url: str | None = None) -> Exported:
    """Write the site's sources into `target` (replaced whole, as a build replaces site/)."""
    settings_text = (root / SETTINGS_FILE).read_text(encoding="utf-8")
    config = yaml.safe_load(settings_text)
    if site_url:
        config["site_url"] = site_url.rstrip("/") + "/"
    settings = site_settings(root, config, today)
    sources = site_sources(root, directory.published(), settings, _theme_dirs(root, config))
    base = urlsplit(settings.site_url).path or "/"
    swap.tidy(target)
    staging = swap.leftovers(target)[0]
    docs = staging / DOCS_DIR
    pages = 0
    for path, content in sources.items():
        if path.endswith(".md"):
            assert isinstance(content, str)
            content = root_relative_addresses(content, path, base).replace(SEARCH_EXCLUDED, PAGEFIND_IGNORED)
            pages += 1
        file = docs / path
        file.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            file.write_text(content, encoding="utf-8")
        else:
            file.write_bytes(content)
    overrides = config.get("theme", {}).get("custom_dir")
    if overrides:
        shutil.copytree(root / overrides, staging / OVERRIDES_DIR)
    (staging / SETTINGS_FILE).write_text(engine_settings(config, settings), encoding="utf-8")
    swap.replace_folder(staging, target)
    return Exported(pages=pages, files=len(sources) - pages)


def site_settings(root: Path, config: Mapping[str, Any], today: date) -> SiteSettings:
    """What the renderers are told, from mkdocs.yml as our plugin reads it (engine/plugin.py: DirectoryPlugin.settings)."""
    return settings_from_mkdocs_yml(today, config, _plugin_settings(config), read_project_settings(root)[0])


def site_sources(root: Path, directory: Directory, settings: SiteSettings,
                 theme_dirs: list[Path]) -> dict[str, str | bytes]:
    """Every source file of the site, keyed by its path in docs_dir."""
    sources: dict[str, str | bytes] = dict(render_site(directory, settings))
    for path, content in sources.items():
        if path.endswith(".md"):
            sources[path] = plain_page(content)  # type: ignore[arg-type]
    content_dir = root / paths.CONTENT_DIR
    drafts = {issue.page for issue in directory.drafts()}
    for file in sorted(content_dir.rglob("*")):
        path = file.relative_to(content_dir).as_posix()
        if not file.is_file() or path in drafts:
            continue
        if path.endswith(".md"):
            sources[path] = hand_written_page(file.read_text(encoding="utf-8"), path, directory, settings,
                                              display_name(file, root))
        else:
            sources[path] = file.read_bytes()
    sources[ICON_SPRITE] = icon_sprite([str(folder) for folder in theme_dirs])
    sources[SITE_STYLESHEET] = bundled_stylesheet(
        [(theme_dirs[0] / part).read_text(encoding="utf-8") for part in SITE_STYLESHEET_PARTS])
    sources.update(library_files(root))
    sources.update(district_files())
    return sources


def plain_page(page: str) -> str:
    """A generated page without the front matter that tells our plugin it is written as HTML: its HTML is
    Markdown's raw HTML, which every engine of this family passes through."""
    key, value = HTML_PAGE_MARK
    return page.replace(f'\n{key}: "{value}"\n', "\n", 1)


def hand_written_page(text: str, path: str, directory: Directory, settings: SiteSettings, source: str) -> str:
    """A hand-written page with its embeds filled in, and its front matter's text escaped as our plugin
    escapes it (engine/plugin.py: escape_front_matter): the theme writes it into the page as HTML."""
    front = FRONT_MATTER.match(text)
    body = text[front.end():] if front else text
    first_line = text[: front.end()].count("\n") + 1 if front else 1
    rendered = render_hand_written_page(body, path, directory, settings, source, first_line)
    if not front or not front["yaml"]:
        return rendered
    meta = yaml.safe_load(front["yaml"]) or {}
    escaped = {key: html.escape(value) if isinstance(value, str) else value for key, value in meta.items()}
    return "---\n" + yaml.safe_dump(escaped, allow_unicode=True, sort_keys=False) + "---\n" + rendered


def engine_settings(config: Mapping[str, Any], site: SiteSettings) -> str:
    """mkdocs.yml for an engine without our plugin; the pages' security policy, which the plugin gives the
    templates, is in `extra` (overrides/main.html reads it there), without the hashes `finish_site` adds."""
    settings = {key: value for key, value in config.items() if key not in LEFT_OUT_SETTINGS}
    settings["extra"] = {**(settings.get("extra") or {}),
                         "content_security_policy": content_policy.policy(content_policy.tile_source(site.map_tiles.url))}
    settings["docs_dir"] = DOCS_DIR
    if "theme" in settings and settings["theme"].get("custom_dir"):
        settings["theme"] = {**settings["theme"], "custom_dir": OVERRIDES_DIR}
    return ("# Written by `build.py export`: the site's settings for an engine without the peerdir plugin,\n"
            "# whose pages are in docs/ (peerdir/export.py). Edit mkdocs.yml in the project, not this file.\n"
            + yaml.safe_dump(settings, allow_unicode=True, sort_keys=False))


# An address in an attribute of HTML: a link, a script or stylesheet, or one of the map's (data-map-*,
# several separated by spaces). Markdown's own links (`[text](page.md)`) are the engine's to resolve.
_ADDRESS = re.compile(r'\b(href|src|data-map-[a-z-]+|data-styles)="([^"]*)"')
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/|#|\?)")


def root_relative_addresses(page: str, source: str, base: str) -> str:
    """Every relative address in the HTML of the page at `source`, from the site's root (`base`, the path of
    site_url): a source path (`../browse/a-z.md#b`) as the page's address, a published one (`../map/x.js`,
    relative to where the page is published) as the file's."""
    published = paths.url_of(source)

    def rewritten(token: str) -> str:
        if not token or _EXTERNAL.match(token):
            return token
        address, _, anchor = token.partition("#")
        address, _, query = address.partition("?")
        if address.endswith(".md"):
            target = paths.url_of(posixpath.normpath(posixpath.join(posixpath.dirname(source), address)))
        else:
            target = posixpath.normpath(posixpath.join(published, address))
            target = "" if target == "." else target + ("/" if address.endswith("/") else "")
        return base + target + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")

    def attribute(match: re.Match[str]) -> str:
        name, value = match.groups()
        tokens = value.split(" ") if name.startswith("data-map-") else [value]
        return f'{name}="{" ".join(rewritten(token) for token in tokens)}"'

    return _ADDRESS.sub(attribute, page)


def _plugin_settings(config: Mapping[str, Any]) -> dict[str, Any]:
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and PLUGIN_NAME in plugin:
            return plugin[PLUGIN_NAME] or {}
    return {}


def _theme_dirs(root: Path, config: Mapping[str, Any]) -> list[Path]:
    """The theme's folders, ours first, as MkDocs lists them: the overrides, then mkdocs-material's templates."""
    import material  # mkdocs-material, for its icons; importing it imports no engine

    overrides = config.get("theme", {}).get("custom_dir")
    return [*([root / overrides] if overrides else []), Path(material.__file__).parent / "templates"]


def finish_site(site_dir: Path) -> int:
    """What our plugin does to a built site, done to one another engine built (`build.py finish DIR`): the
    search index from its pages, then every page minified with its security policy naming its inline
    scripts (the order finishing/minify.py explains). The newsletter's e-mail editions stay as written, as
    in a build. Returns the number of pages."""
    site_search.index_site(site_dir)
    pages = [page for page in sorted(site_dir.rglob("*.html")) if page.name != paths.EMAIL_HTML]
    minify.minify_pages(pages)
    return len(pages)
