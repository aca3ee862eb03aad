"""The one module that talks to the site engine (MkDocs 1.x) and the one place that writes the site.

Everything else in the package produces plain `{path: text}` dictionaries; this module
hands them to MkDocs as generated files. Changing engine (ProperDocs, Zensical) should
only mean changing this module.
"""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
import shutil
import sys
import threading
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import config_options, load_config
from mkdocs.config.base import Config
from mkdocs.exceptions import Abort, MkDocsException, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc
from watchdog.observers.polling import PollingObserver

from . import content_policy, file_preview, minify, page_html, paths, preview, site_search, swap
from .collections_pause import full_collections_paused
from .engine_choice import engine_logger_name
from .libraries import LibrariesMissing, library_files
from .pages import display_name
from .pdf import PdfError
from .postcode_districts import district_files
from .print_links import ExternalLinks
from .problems import Problem, format_problems, position_in
from .project_settings import DEFAULT_UNSUBSCRIBE, SETTINGS, Freshness, ProjectSettings, checked_settings, positions_in
from .render import HTML_PAGE_MARK, MapTiles, SiteSettings, UnknownEmbed, render_hand_written_page, render_site
from .typography import HandWrittenTypography
from .validate import Directory, LoadResult, load_directory

log = logging.getLogger("mkdocs.plugins.peerdir")
TODAY_ENV = "PEERDIR_TODAY"
PLUGIN_NAME = "peerdir"  # as registered in pyproject.toml and named in mkdocs.yml
PAGE_FORMAT_KEY, HTML_FORMAT = HTML_PAGE_MARK  # front matter of a generated page written as HTML

# The theme's icons that every page shows (header, drawer and back-to-top button), drawn once in
# one file that pages point into (`<use href="assets/icons.svg#menu">`, overrides/.icons/sprite/), so
# that a page does not carry their drawings: 1.5 KB a page, 7 MB of a 5,000-group site (issue 17).
# Each is named by what it is for, from the theme's Material Design icon of that name.
ICON_SPRITE = "assets/icons.svg"
SPRITE_ICONS = {
    "logo": "material/library",
    "menu": "material/menu",
    "dark": "material/weather-night",
    "light": "material/weather-sunny",
    "search": "material/magnify",
    "top": "material/arrow-up",
}

# The theme's files that no page of this site loads: its own search (lunr, its language files and its
# worker; the site's search is Pagefind's) and the source maps of its minified scripts and styles, which
# only a browser's developer tools ask for. 2.3 MB that every site would publish and nobody fetch.
UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
UNUSED_THEME_SUFFIX = ".map"

# Our stylesheets for the screen, in the order they apply, published as one file that every page links
# to: one request on a first visit instead of six, and 0.4 KB less in every page (issue 17). Paper's
# (print.css), the map's (map.css) and the search's (site-search.css) stay apart: each is for some pages
# or some moments only.
SITE_STYLESHEET = "assets/stylesheets/site.css"
SITE_STYLESHEET_PARTS = (
    "assets/stylesheets/directory.css",
    "assets/stylesheets/events.css",
    "assets/stylesheets/newsletter.css",
    "assets/stylesheets/editors.css",  # the editors' field reference: a card per field on phones
    "assets/stylesheets/accessibility.css",  # WCAG 2.2 AA colours, underlined links, a focus ring that shows
    "assets/stylesheets/help-now.css",  # "Need help now?"
)


class MapTilesConfig(Config):
    """The map's tile provider (`map_tiles:` in mkdocs.yml), OpenStreetMap unless set."""

    url = config_options.Type(str, default=MapTiles.url)
    attribution = config_options.Type(str, default=MapTiles.attribution)
    max_zoom = config_options.Type(int, default=MapTiles.max_zoom)


class DirectoryPluginConfig(Config):
    today = config_options.Optional(config_options.Type(str))
    map_tiles = config_options.SubConfig(MapTilesConfig)
    # The terms the open data (data/*.json, .csv) may be reused on, e.g. a licence's name and address.
    data_licence = config_options.Type(str, default="")
    # Set by `build.py build --pdf`, which writes a PDF of each newsletter issue after the build:
    # the issue pages then link to them. Not for mkdocs.yml (a plain `mkdocs build` writes no PDFs).
    newsletter_pdfs = config_options.Type(bool, default=False)
    # Set by `build.py build --file-preview`, for the pull request's preview opened from its unzipped
    # folder (file://): links name each page's index.html and the map page carries its data (file_preview.py).
    file_preview = config_options.Type(bool, default=False)
    # The directory's own settings, described and checked in project_settings.py (SETTINGS), which
    # `report` and `freshness` read from mkdocs.yml without MkDocs.
    corrections_email = config_options.Type(str, default="")
    stale_after_months = config_options.Type(int, default=Freshness.stale_after_months)
    list_last_after_months = config_options.Type(int, default=Freshness.list_last_after_months)
    check_in_after_months = config_options.Type(int, default=Freshness.check_in_after_months)
    check_ins_per_run = config_options.Type(int, default=Freshness.check_ins_per_run)
    email_unsubscribe = config_options.Type(str, default=DEFAULT_UNSUBSCRIBE)


class _GeneratedFile(File):
    """A generated file that, in a rebuild of the live preview, counts as modified only if its content
    changed: MkDocs then neither renders nor writes it again."""

    changed = True

    @classmethod
    def generated(cls, config: Any, src_uri: str, *, content: str | bytes, changed: bool = True) -> Any:  # type: ignore[override]
        file = super().generated(config, src_uri, content=content)
        file.changed = changed
        return file

    def is_modified(self) -> bool:
        return self.changed


class DirectoryPlugin(BasePlugin[DirectoryPluginConfig]):
    """Loads the YAML data before each build and adds the generated pages to it."""

    directory: Directory | None = None
    project = ProjectSettings()  # the directory's settings in mkdocs.yml, checked (project_settings.py)
    # Newsletter issues that are drafts are built in the preview (and in `build.py pdf` of a draft), and
    # left out of a published build: `serve` sets this in on_startup, `build_site` for a draft's PDF.
    drafts_shown = False
    draft_pages: frozenset[str] = frozenset()  # the drafts' source paths, left out when not shown
    # A build for publishing minifies its pages and our CSS and JavaScript (minify.py); the preview
    # does not, so that a rebuild stays quick and an editor can read a page's source.
    minified = True
    # Every page's Content Security Policy before its inline scripts' hashes are added (content_policy.py):
    # overrides/main.html writes it, and each page gets its hashes once written (`_with_script_hashes`).
    content_security_policy = ""
    # The data as `build.py build` has loaded and checked it already (`build_site`): validation runs once
    # per build. A plain `mkdocs build`, and each rebuild of the preview, loads it in on_config.
    handed_over: Directory | None = None

    def __init__(self) -> None:
        super().__init__()
        self.pages_to_minify: list[Path] = []  # written pages, from on_post_page to on_post_build
        self.html_bodies: dict[str, str] = {}  # generated HTML pages, between on_page_markdown and on_page_content
        self.typography: HandWrittenTypography | None = None  # in the Markdown extensions from on_config on
        # The live preview's incremental rebuilds (see preview.py).
        self.incremental = False
        self.previous_build: preview.BuildRecord | None = None
        self.base_build: preview.BuildRecord | None = None
        self.pending_build: preview.BuildRecord | None = None
        self.compiled_templates = _CompiledTemplates()
        self.indexer: _BackgroundIndexer | None = None  # the preview's; a build indexes before it ends
        self.sprite = ""  # the icons' drawings (ICON_SPRITE), which a preview opened from its folder puts in each page

    def on_config(self, config: Any) -> Any:
        root = Path(config.config_file_path).parent
        result = self._loaded_directory(root, Path(config.docs_dir))
        self.project, setting_problems = checked_settings(
            {name: self.config[name] for name in SETTINGS}, config, positions_in(Path(config.config_file_path)))
        problems = setting_problems + result.problems
        if problems:
            raise DataProblems(problems)
        assert result.directory is not None
        try:
            tiles = content_policy.tile_source(self.config.map_tiles.url)
        except content_policy.UnusableTileAddress as error:
            raise PluginError(f"mkdocs.yml: plugins: peerdir: map_tiles: url: {error}") from None
        self.content_security_policy = content_policy.policy(tiles)
        self.draft_pages = frozenset(issue.page for issue in result.directory.drafts())
        self.directory = result.directory if self.drafts_shown else result.directory.published()
        # Links to other websites carry a class, so that paper can write out their address (print.css).
        if not any(isinstance(e, ExternalLinks) for e in config.markdown_extensions):
            config.markdown_extensions.append(ExternalLinks())
        # Typographic quotes in hand-written pages only (typography.py): on_page_markdown says which.
        self.typography = next((e for e in config.markdown_extensions if isinstance(e, HandWrittenTypography)), None)
        if self.typography is None:
            self.typography = HandWrittenTypography()
            config.markdown_extensions.append(self.typography)
        return config

    def _loaded_directory(self, root: Path, docs_dir: Path) -> LoadResult:
        """The data handed over by `build_site` (once: a later build loads it afresh), if it was read from
        this build's pages; else loaded and checked now."""
        handed_over, self.handed_over = self.handed_over, None
        if handed_over is not None and docs_dir.resolve() == (root / paths.CONTENT_DIR).resolve():
            return LoadResult(handed_over, [])
        return load_directory(root, self.today(), docs_dir)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook makes MkDocs keep the plugin between the rebuilds of `serve`, which is
        # what lets a rebuild render only what changed (`serve_site` asks for "dirty" builds).
        self.incremental = command == "serve" and dirty
        self.drafts_shown = command == "serve"
        if command == "serve" and self.indexer is None:
            self.indexer = _BackgroundIndexer()
        self.minified = command != "serve"

    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self.directory is not None  # on_config has loaded it or stopped the build
        if not self.drafts_shown:
            _leave_out_drafts(files, self.draft_pages)
        generated = render_site(self.directory, self.settings(config))
        _bundle_our_stylesheets(files, config, self.minified)
        _leave_out_unused_theme_files(files, config)
        if self.minified:
            # The e-mail editions stay as written: an editor may paste one into a sending service, and
            # Outlook reads tables whose optional closing tags the minifier would leave out.
            generated = {path: minify.minified(path, content) if isinstance(content, str)
                         and not path.endswith(f"/{paths.EMAIL_HTML}") else content
                         for path, content in generated.items()}
            _minify_our_theme_files(files, config)
        generated[ICON_SPRITE] = self.sprite = icon_sprite(config.theme.dirs)
        # The map's libraries (Leaflet, leaflet.markercluster), installed from npm, served by the site itself.
        try:
            generated.update(library_files(Path(config.config_file_path).parent))
        except LibrariesMissing as error:
            raise PluginError(str(error)) from None
        # The centres of the postcode districts, for the map's place box: third-party data, published as committed.
        generated.update(district_files())
        previous, setup = None, ()
        if self.incremental:  # the live preview: compare with the previous build
            overrides = [Path(config.theme.custom_dir)] if config.theme.custom_dir else []
            setup = preview.setup_fingerprint(Path(config.config_file_path), overrides)
            if self.previous_build is not None and self.previous_build.setup == setup:
                previous = self.previous_build  # else the settings or theme changed: render everything
        for path, content in generated.items():
            files.append(_GeneratedFile.generated(config, path, content=content,
                                                  changed=preview.changed(previous, path, content)))
        if self.incremental:
            self.start_incremental_build(files, generated, setup, previous)
        return files

    def start_incremental_build(self, files: Files, generated: dict[str, str | bytes], setup: tuple,
                                previous: preview.BuildRecord | None) -> None:
        """In `serve`: hand-written pages are always rendered again (their embeds and the navigation
        depend on the data); remember what this build renders, for the next one."""
        for file in files.documentation_pages():
            if not isinstance(file, _GeneratedFile):
                file.is_modified = lambda: True  # type: ignore[method-assign]
        self.pending_build = preview.BuildRecord(
            setup, generated, {f.src_uri: f.abs_dest_path for f in files if isinstance(f, _GeneratedFile)})
        self.base_build = previous

    def on_post_build(self, *, config: Any) -> None:
        """The search index is written from the pages just built, before `build_site` swaps them in;
        the preview indexes in the background, so an edit shows without waiting for it."""
        site_dir = Path(config.site_dir)
        if self.indexer is not None:
            self.indexer.index_soon(site_dir)
        else:
            try:
                site_search.index_site(site_dir)
            except site_search.IndexingFailed as error:
                raise PluginError(str(error)) from None
        _minify_pages(self.pages_to_minify)
        self.pages_to_minify = []
        if not self.incremental or self.pending_build is None:
            return
        preview.remove_outputs_of_deleted_files(self.base_build, self.pending_build.contents)
        self.previous_build, self.pending_build = self.pending_build, None

    def on_env(self, env: jinja2.Environment, *, config: Any, files: Files) -> jinja2.Environment:
        # Each rebuild of the preview loads the theme afresh, and compiling its templates again was
        # a tenth of a rebuild; a template whose source changed is compiled again (jinja2 checks).
        if self.incremental:
            env.bytecode_cache = self.compiled_templates
        env.globals["content_security_policy"] = self.content_security_policy
        return env

    def on_serve(self, server: Any, *, config: Any, builder: Callable[[], None]) -> Any:
        """In the live preview, a rebuild that fails shows its problems in the browser, and a saved
        file is noticed sooner."""
        _ProblemsInPreview(server)
        _poll_often(server)
        return server

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        """Hand-written pages may ask for generated lists (`<!-- peerdir: diary from=... to=... -->`),
        and a newsletter issue gets its title, number and date on top."""
        # Only hand-written pages: generated ones carry text from the data, which must stay text.
        hand_written = page.file.generated_by != PLUGIN_NAME
        if self.typography is not None:  # the page is rendered next, with or without smart quotes
            self.typography.hand_written = hand_written
        if not hand_written:
            if page.meta.get(PAGE_FORMAT_KEY) == HTML_FORMAT:
                # Written as HTML already: nothing for Markdown to do (on_page_content puts it back).
                self.html_bodies[page.file.src_uri] = markdown
                return ""
            return markdown
        assert self.directory is not None
        escape_front_matter(page.meta)
        root = Path(config.config_file_path).parent
        source = display_name(Path(page.file.abs_src_path), root)
        try:
            return render_hand_written_page(markdown, page.file.src_uri, self.directory, self.settings(config),
                                            source, _first_line_of(markdown, page.file.content_string))
        except UnknownEmbed as error:  # phase one checks every page in docs_dir, so this is a safety net
            raise PluginError(str(error)) from None

    def on_page_content(self, html: str, *, page: Any, config: Any, files: Files) -> str:
        """A generated page written as HTML replaces the (empty) Markdown rendering; on every page,
        links written as source paths in HTML (which Markdown leaves alone) become URLs."""
        body = self.html_bodies.pop(page.file.src_uri, None)
        if body is not None:
            return adopt_html_page(body, page, files)
        if page.file.generated_by != PLUGIN_NAME:
            html = sanitised_page(html, display_name(Path(page.file.abs_src_path), Path(config.config_file_path).parent))
        return resolve_source_links(html, page, files)

    def on_post_page(self, output: str, *, page: Any, config: Any) -> str:
        """The page's policy names the hashes of its inline scripts as published: in a build for
        publishing, once the page is minified (after the search has read it: `_minify_pages`); in the
        preview, as written (and again as served, with the live-reload script: `_ProblemsInPreview`).
        A preview to open from its folder has its links to folders name the page in them."""
        if self.config.file_preview:
            output = file_preview.preview_page(output, ICON_SPRITE, self.sprite)
        if self.minified:
            self.pages_to_minify.append(Path(page.file.abs_dest_path))
            return output
        return content_policy.with_script_hashes(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: Any) -> str:
        """The theme's pages that are no page of ours: 404.html (and sitemap.xml, left as it is)."""
        if self.minified:
            output_content = minify.minified(template_name, output_content)
        return content_policy.with_script_hashes(output_content)  # a file without a policy is left as it is

    def on_page_context(self, context: Any, *, page: Any, config: Any, nav: Any) -> Any:
        """A generated page has no "edit" action: it would open GitHub's editor on a whole YAML file,
        which is no way for a parent to say a detail is wrong. A group or event page has a "Suggest a
        correction" link instead; hand-written pages keep the theme's edit action."""
        if page.file.generated_by == PLUGIN_NAME:
            page.edit_url = None
        return context

    def settings(self, config: Any) -> SiteSettings:
        tiles = self.config.map_tiles
        return SiteSettings(today=self.today(), site_url=config.site_url or "", repo_url=config.repo_url or "",
                            site_name=config.site_name or "",
                            map_tiles=MapTiles(url=tiles.url, attribution=tiles.attribution, max_zoom=tiles.max_zoom),
                            data_licence=self.config.data_licence, newsletter_pdfs=self.config.newsletter_pdfs,
                            file_preview=self.config.file_preview,
                            corrections_email=self.project.corrections_email, freshness=self.project.freshness,
                            help_lines=self.project.help_lines, email_unsubscribe=self.project.email_unsubscribe)

    def today(self) -> date:
        text = self.config.today or os.environ.get(TODAY_ENV)
        return date.fromisoformat(text) if text else date.today()


def _minify_pages(pages: list[Path]) -> None:
    """The built pages, minified once the search has indexed them: Pagefind reads text in which the
    minifier has left a bare `&` wrongly (it then leaves the other entities of that text undecoded:
    a title typed `&amp;` showed in results as `&amp;amp;`), so it is given the pages as MkDocs wrote them.
    Each page's policy then names the hashes of its inline scripts as minified, which is what is published."""
    for page in pages:
        minified = minify.minified_html(page.read_text(encoding="utf-8"))
        page.write_text(content_policy.with_script_hashes(minified), encoding="utf-8")


def _minify_our_theme_files(files: Files, config: Any) -> None:
    """Our stylesheets and scripts in the theme's overrides (`overrides/assets/`) are published
    minified; the theme's own come minified already, and the map's libraries are left as npm has them."""
    custom_dir = config.theme.custom_dir
    if not custom_dir:
        return
    for file in list(files):
        if file.src_dir == custom_dir and file.src_uri.endswith(minify.MINIFIED_SUFFIXES):
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=minify.minified(file.src_uri, file.content_string)))


def _leave_out_unused_theme_files(files: Files, config: Any) -> None:
    docs = Path(config.docs_dir).resolve()
    for file in list(files):
        unused = file.src_uri.startswith(UNUSED_THEME_FOLDERS) or file.src_uri.endswith(UNUSED_THEME_SUFFIX)
        if unused and file.src_dir and Path(file.src_dir).resolve() != docs:  # never a hand-written file
            files.remove(file)


def _bundle_our_stylesheets(files: Files, config: Any, minified: bool) -> None:
    """SITE_STYLESHEET_PARTS, from the theme's overrides, replaced by the one file made of them."""
    parts = {file.src_uri: file for file in files if file.src_uri in SITE_STYLESHEET_PARTS}
    missing = [part for part in SITE_STYLESHEET_PARTS if part not in parts]
    if missing:
        raise PluginError(f"the site's stylesheet is missing {', '.join(missing)} (peerdir/site.py: SITE_STYLESHEET_PARTS)")
    for file in parts.values():
        files.remove(file)
    content = bundled_stylesheet([parts[part].content_string for part in SITE_STYLESHEET_PARTS])
    if minified:
        content = minify.minified_css(content)
    files.append(File.generated(config, SITE_STYLESHEET, content=content))


def bundled_stylesheet(parts: list[str]) -> str:
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


def icon_sprite(theme_dirs: list[str]) -> str:
    """One SVG file with a `<symbol>` for each of SPRITE_ICONS, taken from the theme's icon files."""
    symbols = []
    for name, icon in SPRITE_ICONS.items():
        drawing = _theme_icon(theme_dirs, icon)
        inside = drawing[drawing.index(">") + 1:drawing.rindex("</svg>")]  # the paths, without <svg ...>
        view_box = re.search(r'viewBox="([^"]+)"', drawing)
        symbols.append(f'<symbol id="{name}" viewBox="{view_box[1] if view_box else "0 0 24 24"}">{inside}</symbol>')
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"


def _theme_icon(theme_dirs: list[str], icon: str) -> str:
    for folder in theme_dirs:
        file = Path(folder, ".icons", f"{icon}.svg")
        if file.is_file():
            return file.read_text(encoding="utf-8")
    raise PluginError(f"the theme has no icon {icon!r} (peerdir/site.py: SPRITE_ICONS)")


def _leave_out_drafts(files: Files, draft_pages: frozenset[str]) -> None:
    """MkDocs' own drafts (its `draft_docs` setting): no page, no search entry, no sitemap entry. MkDocs
    only mentions a link to one (at INFO): a link from another page is refused by phase one (page_links.py)."""
    for file in files.documentation_pages():
        if file.src_uri in draft_pages:
            file.inclusion = InclusionLevel.DRAFT


def sanitised_page(html: str, source: str) -> str:
    """A hand-written page's HTML (its embeds filled in) through the allow-list of page_html.py: phase
    one has refused a page with anything it drops, so this changes nothing on a valid page; what it
    does drop is said, as a warning, which fails a strict build."""
    cleaned = page_html.sanitised(html)
    for drop in page_html.dropped(html, cleaned):
        log.warning(f"{source}: {page_html.FIELD}: the build dropped this from the page: {page_html.what_to_do(drop)}")
    return cleaned


def escape_front_matter(meta: dict[str, Any]) -> None:
    """A hand-written page's front matter is editors' text, but the theme writes `title`, `description`
    and the like into the page as HTML (MkDocs' templates do not escape): the page's `<title>`, the
    header, the navigation and the search index. So its text is escaped here, once, as the generated
    pages' front matter is when it is written (`render/parts/common.py`); everything else that shows it
    (an issue's heading, the list of issues, the feed) reads the front matter itself (`pages.py`)."""
    for key, value in meta.items():
        if isinstance(value, str):
            meta[key] = html.escape(value)


def adopt_html_page(body: str, page: Any, files: Files) -> str:
    """What MkDocs would have made of a page written as HTML: its links resolved to published URLs
    (and checked, as MkDocs checks Markdown links), its table of contents and its anchors."""
    page.toc = get_toc(_toc_tokens(body))
    page.present_anchor_ids = set(_ANCHOR_ID.findall(body))
    page.links_to_anchors = {}
    return resolve_source_links(body, page, files)


def resolve_source_links(html: str, page: Any, files: Files) -> str:
    """Links in HTML written as relative source paths (`../browse/a-z.md#b`), as in Markdown, become
    published URLs; a link to a page that does not exist is reported as MkDocs reports one."""
    if ".md" not in html:
        return html
    return _SOURCE_LINK.sub(lambda match: _resolved_link(match, page, files), html)


_ANCHOR_ID = re.compile(r'<[a-z0-9]+ [^>]*?\bid="([^"]+)"')
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>')
# A link to another page, written as its relative source path (`../browse/a-z.md#b`); links to other
# files (calendars, scripts) are written as published URLs already (`paths.relative_url`).
_SOURCE_LINK = re.compile(r'\b(href)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/)([^"#]*\.md)(#[^"]*)?"')


def _toc_tokens(body: str) -> list[Any]:
    """The page's headings, nested by level, in the form the Markdown toc extension gives them."""
    root: dict[str, Any] = {"level": 0, "children": []}
    stack = [root]
    for level, anchor, inner in _HEADING.findall(body):
        token = {"level": int(level), "id": anchor, "name": _TAG.sub("", inner).strip(), "children": []}
        while stack[-1]["level"] >= token["level"]:
            stack.pop()
        stack[-1]["children"].append(token)
        stack.append(token)
    return root["children"]


_TAG = re.compile(r"<[^>]+>")


def _resolved_link(match: re.Match[str], page: Any, files: Files) -> str:
    """`href="../browse/a-z.md#b"` written from source paths -> the published, relative URL."""
    attribute, path, anchor = match.group(1), match.group(2), match.group(3) or ""
    source = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), path))
    target = files.get_file_from_path(source)
    if target is None:
        log.warning(f"Doc file '{page.file.src_uri}' contains a link to '{path}', which is not found "
                    "among the documentation files.")
        return match.group(0)
    if anchor and target.page is not None and page.links_to_anchors is not None:
        page.links_to_anchors.setdefault(target, {})[anchor[1:]] = path + anchor
    return f'{attribute}="{target.url_relative_to(page.file)}{anchor}"'


def _first_line_of(markdown: str, source: str) -> int:
    """The line of the page's file that `markdown` starts on: MkDocs hands on_page_markdown the text
    after the front matter (and the blank lines after it), which is the end of the file's text."""
    if markdown and source.endswith(markdown):
        return source[: len(source) - len(markdown)].count("\n") + 1
    return 1


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
        config.plugins[PLUGIN_NAME].config.today = today.isoformat()
        config.plugins[PLUGIN_NAME].config.newsletter_pdfs = write_pdfs is not None
        config.plugins[PLUGIN_NAME].drafts_shown = drafts
        config.plugins[PLUGIN_NAME].config.file_preview = file_preview
        config.plugins[PLUGIN_NAME].handed_over = directory
        with full_collections_paused():  # a one-off build: its heap lives until the end
            mkdocs_build(config)
        if write_pdfs:
            write_pdfs(staging)
    except (Abort, MkDocsException, PluginError, PdfError) as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"The site was not built: {error}\nThe previous site/ is unchanged.", file=sys.stderr)
        return False
    swap.replace_folder(staging, site_dir)  # in one step: site/ is always a whole site
    return True


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


def serve_site(root: Path, port: int, today: date | None) -> None:
    """Live preview on 127.0.0.1; editing a YAML file rebuilds and reloads the page."""
    _show_engine_messages()
    if today:
        os.environ[TODAY_ENV] = today.isoformat()
    # "Dirty" builds: after the first, a rebuild renders only the pages whose content changed
    # (DirectoryPlugin.on_files); MkDocs' warning about them is about hand-made sites, not this one.
    logging.getLogger(f"{engine_logger_name()}.commands.build").addFilter(_IgnoreDirtyBuildWarning())
    mkdocs_serve(str(root / "mkdocs.yml"), livereload=True, build_type="dirty", dev_addr=f"127.0.0.1:{port}")


class DataProblems(PluginError):
    """The data's problems, which stop a build: kept as data for the preview's page of problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        counted = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"{counted} in the data files:\n" + format_problems(problems))


def _problems_behind(error: BaseException) -> DataProblems | None:
    """The data's problems behind a failed build: MkDocs logs them and raises its own summary
    ("Aborted with a BuildError!") from inside its `except`, so they are that error's context."""
    seen: BaseException | None = error
    while seen is not None and not isinstance(seen, DataProblems):
        seen = seen.__cause__ or seen.__context__
    return seen


class _ProblemsInPreview:
    """It answers only requests for its own address, with a path a page can have (`preview.refused_request`).

    MkDocs' preview server (1.6) leaves every request waiting while a rebuild fails, until a build
    succeeds: the editor's browser hangs. Here a failed rebuild counts as done, and until the next
    good one every page is the list of its problems, with MkDocs' live-reload script, so the page
    comes back by itself once they are fixed. The terminal prints them as before.

    It takes over the server's builder and WSGI application, and reads its epochs (private in MkDocs
    1.6, which requirements.txt pins)."""

    def __init__(self, server: Any) -> None:
        self.server, self.build, self.serve_file = server, server.builder, server.get_app()
        self.problems: tuple[list[Problem], list[str]] | None = None  # (data's, others); None after a good build
        self.messages = _BuildMessages()
        logging.getLogger(engine_logger_name()).addHandler(self.messages)
        server.builder = self.rebuild
        server.set_app(self.serve)

    def rebuild(self) -> None:
        self.messages.clear()
        try:
            with full_collections_paused():  # as in a one-off build: the editor is waiting
                self.build()
        except Exception as error:  # whatever it is, the editor sees it instead of waiting
            # The data's problems as data; and what else was logged (a strict build's warnings). MkDocs'
            # own summary ("Aborted with a BuildError!", "Aborted with 2 warnings in strict mode!") tells
            # an editor nothing: it is left out, unless nothing else was said.
            data = _problems_behind(error)
            others = [message for message in self.messages.messages if data is None or message != str(data)]
            if data is None and (not others or not isinstance(error, Abort)):
                others.append(str(error) or type(error).__name__)
            self.problems = (data.problems if data else [], others)
            if not isinstance(error, MkDocsException):
                log.exception("The preview could not be built")  # a bug: the traceback helps
            log.error(f"{error} The browser shows the problems until they are fixed.")
        else:
            self.problems = None

    def serve(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        refused = preview.refused_request(environ, self.server.server_port)
        if refused is not None:
            status, text = refused
            body = (text + "\n").encode("utf-8")
            start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        path = environ.get("PATH_INFO", "")
        if path.startswith("/livereload/") or not path.endswith(("/", ".html")):
            return self.serve_file(environ, start_response)
        server = self.server
        with server._epoch_cond:  # a rebuild under way: wait for its outcome, as MkDocs does
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch, problems = server._visible_epoch, self.problems
        if problems is None:
            return self.serve_page(environ, start_response)
        page = server._inject_js_into_html(preview.problems_page(*problems).encode("utf-8"), epoch)
        start_response("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(page)))])
        return [page]

    def serve_page(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """A page as MkDocs' server serves it, with the live-reload script it adds to the end of each page:
        an inline script like the theme's, which the page's security policy must name too (its hash differs
        from one request to the next), or the preview would no longer reload by itself."""
        answer: list[Any] = []
        written: list[bytes] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers]
            return written.append

        parts = self.serve_file(environ, keep)
        try:
            body = b"".join([*written, *parts])
        finally:
            if hasattr(parts, "close"):
                parts.close()
        status, headers = answer
        if any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers):
            body = content_policy.with_script_hashes(body.decode("utf-8")).encode("utf-8")
            headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled by the previous builds of the preview, by template."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # left empty (compiled again) if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


POLL_SECONDS = 0.1


def _poll_often(server: Any) -> None:
    """MkDocs' preview looks for saved files every half second: a quarter of a second of every wait
    for a rebuild, on average. Looking costs a few `stat` calls (the data files, content/ and the
    theme's overrides), so it looks every tenth of a second instead. The observer has not started
    yet; the paths MkDocs watches so far are watched again by the new one (MkDocs 1.6's server keeps
    them in `_watched_paths`, private, which requirements.txt pins)."""
    watched = dict(server._watched_paths)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


class _BuildMessages(logging.Handler):
    """The warnings and errors logged by one build: the data's problems among them, or the warnings a
    strict build refused. Only the build's own thread counts: the server logs a warning for each
    request it answers with an error (a missing favicon, say) from the requests' threads."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.build_thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.build_thread:
            self.messages.append(record.getMessage())

    def clear(self) -> None:
        """Called by the build's thread as it starts a build."""
        self.messages, self.build_thread = [], threading.get_ident()


class _BackgroundIndexer:
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
                site_search.index_site(self.site_dir)
            except site_search.IndexingFailed as error:
                # Printed, not logged: a message logged while a build runs would count as that build's.
                print(f"{error}; the preview's search keeps the previous index", file=sys.stderr)


class _IgnoreDirtyBuildWarning(logging.Filter):
    """MkDocs warns that a dirty build may leave the navigation inaccurate. Here every hand-written page
    is rendered again, and a change to the settings or theme renders everything; and in strict mode the
    warning alone would fail every rebuild."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")


def _show_engine_messages() -> None:
    """MkDocs logs through `logging`; show its warnings and progress as its own CLI does (ProperDocs' under
    `properdocs`, which what is logged under `mkdocs` goes to: engine_choice.py)."""
    logger = logging.getLogger(engine_logger_name())
    if not logger.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
