"""Our MkDocs plugin (named `peerdir` in mkdocs.yml, registered in pyproject.toml): it loads the data
before each build, hands the generated pages to the engine as files, fills in hand-written pages' embeds,
turns links written as source paths into addresses, and calls our engine-free finishing steps
(peerdir/finishing/) on what the engine writes. MkDocs 1.6 and ProperDocs run it unchanged (choice.py)."""

from __future__ import annotations

import html
import logging
import os
import posixpath
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

import jinja2
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from .. import content_policy, file_preview, page_html, paths, preview
from ..finishing import minify, site_search
from ..finishing.theme_files import (
    ICON_SPRITE,
    SITE_STYLESHEET,
    SITE_STYLESHEET_PARTS,
    UNUSED_THEME_FOLDERS,
    UNUSED_THEME_SUFFIX,
    ThemeFileMissing,
    bundled_stylesheet,
    icon_sprite,
)
from ..libraries import LibrariesMissing, library_files
from ..pages import display_name
from ..postcode_districts import district_files
from ..print_links import ExternalLinks
from ..project_settings import DEFAULT_UNSUBSCRIBE, SETTINGS, Freshness, ProjectSettings, checked_settings, positions_in
from ..render import (
    HTML_PAGE_MARK,
    MapTiles,
    SiteSettings,
    UnknownEmbed,
    forget_remembered,
    render_hand_written_page,
    render_site,
    settings_from_mkdocs_yml,
)
from ..typography import HandWrittenTypography
from ..validate import Directory, LoadResult, load_directory
from .errors import DataProblems
from .preview_server import CompiledTemplates, ProblemsInPreview, poll_often

log = logging.getLogger("mkdocs.plugins.peerdir")
TODAY_ENV = "PEERDIR_TODAY"
PLUGIN_NAME = "peerdir"  # as registered in pyproject.toml and named in mkdocs.yml
PAGE_FORMAT_KEY, HTML_FORMAT = HTML_PAGE_MARK  # front matter of a generated page written as HTML


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
    # The data as `build.py serve` has checked it before it starts, for the preview's first build
    # (`serve_site`): on the class, because MkDocs makes the plugin (or reuses one kept from before).
    handed_to_preview: ClassVar[Directory | None] = None
    # `build_site` has the search index written once the engine's build has returned (commands.py says
    # why); a plain `mkdocs build` has it written in on_post_build.
    index_written_by_caller = False

    def __init__(self) -> None:
        super().__init__()
        # A build for publishing: its search index, made from each page as it is rendered (site_search.py).
        self.page_indexer: site_search.PageIndexer | None = None
        self.html_bodies: dict[str, str] = {}  # generated HTML pages, between on_page_markdown and on_page_content
        self.typography: HandWrittenTypography | None = None  # in the Markdown extensions from on_config on
        # The live preview's incremental rebuilds (see preview.py).
        self.incremental = False
        self.previous_build: preview.BuildRecord | None = None
        self.base_build: preview.BuildRecord | None = None
        self.pending_build: preview.BuildRecord | None = None
        self.compiled_templates = CompiledTemplates()
        self.indexer: site_search.BackgroundIndexer | None = None  # the preview's; a build indexes before it ends
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
        """The data handed over by `build_site` or `serve_site` (once: a later build loads it afresh), if
        it was read from this build's pages; else loaded and checked now."""
        handed_over = self.handed_over or DirectoryPlugin.handed_to_preview
        self.handed_over = DirectoryPlugin.handed_to_preview = None
        if handed_over is not None and docs_dir.resolve() == (root / paths.CONTENT_DIR).resolve():
            return LoadResult(handed_over, [])
        return load_directory(root, self.today(), docs_dir)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook makes MkDocs keep the plugin between the rebuilds of `serve`, which is
        # what lets a rebuild render only what changed (`serve_site` asks for "dirty" builds).
        self.incremental = command == "serve" and dirty
        self.drafts_shown = command == "serve"
        if command == "serve" and self.indexer is None:
            self.indexer = site_search.BackgroundIndexer()
        self.minified = command != "serve"

    def on_env(self, env: jinja2.Environment, *, config: Any, files: Files) -> jinja2.Environment:
        # Each rebuild of the preview loads the theme afresh, and compiling its templates again was
        # a tenth of a rebuild; a template whose source changed is compiled again (jinja2 checks).
        if self.incremental:
            env.bytecode_cache = self.compiled_templates
        env.globals["content_security_policy"] = self.content_security_policy
        self._start_indexing()
        return env

    def _start_indexing(self) -> None:
        """Pagefind is started once the generated files are rendered (on_files), when the pages are next:
        before, its threads would run in this process when render_site forks (peerdir/forked_steps.py)."""
        if self.minified:  # a build for publishing; the preview indexes its written pages in the background
            try:
                self.page_indexer = site_search.PageIndexer()
            except site_search.IndexingFailed as error:
                raise PluginError(str(error)) from None

    def on_build_error(self, *, error: Exception) -> None:
        if self.page_indexer is not None:
            self.page_indexer.close()
            self.page_indexer = None

    def on_files(self, files: Files, *, config: Any) -> Files:
        assert self.directory is not None  # on_config has loaded it or stopped the build
        if not self.drafts_shown:
            _leave_out_drafts(files, self.draft_pages)
        generated = render_site(self.directory, self.settings(config), in_parallel=not self.incremental)
        _bundle_our_stylesheets(files, config, self.minified)
        _leave_out_unused_theme_files(files, config)
        if self.minified:
            # The e-mail editions stay as written: an editor may paste one into a sending service, and
            # Outlook reads tables whose optional closing tags the minifier would leave out.
            generated = {path: minify.minified(path, content) if isinstance(content, str)
                         and not path.endswith(f"/{paths.EMAIL_HTML}") else content
                         for path, content in generated.items()}
            _minify_our_theme_files(files, config)
        # The map's libraries (Leaflet, leaflet.markercluster), installed from npm, served by the site itself.
        try:
            generated[ICON_SPRITE] = self.sprite = icon_sprite(config.theme.dirs)
            generated.update(library_files(Path(config.config_file_path).parent))
        except (LibrariesMissing, ThemeFileMissing) as error:
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
        else:  # a one-off build has no next one to remember the rendered pieces for, and they take room
            forget_remembered()
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
        if self.page_indexer is not None and not self.index_written_by_caller:
            indexer, self.page_indexer = self.page_indexer, None
            try:
                indexer.write(site_dir)
            except site_search.IndexingFailed as error:
                raise PluginError(str(error)) from None
        elif self.indexer is not None:
            self.indexer.index_soon(site_dir)
        if not self.incremental or self.pending_build is None:
            return
        preview.remove_outputs_of_deleted_files(self.base_build, self.pending_build.contents)
        self.previous_build, self.pending_build = self.pending_build, None


    def on_serve(self, server: Any, *, config: Any, builder: Callable[[], None]) -> Any:
        """In the live preview, a rebuild that fails shows its problems in the browser, and a saved
        file is noticed sooner."""
        ProblemsInPreview(server)
        poll_often(server)
        return server

    def on_page_markdown(self, markdown: str, *, page: Any, config: Any, files: Files) -> str:
        """Hand-written pages may ask for generated lists (`<!-- peerdir: diary from=... to=... -->`),
        and a newsletter issue gets its title, number and date on top."""
        # Only hand-written pages: generated ones carry text from the data, which must stay text.
        hand_written = page.file.generated_by != PLUGIN_NAME
        if self.typography is not None:  # the page is rendered next, with or without smart quotes
            self.typography.hand_written = hand_written
        if not hand_written:
            if not self.incremental:
                # Read now (`markdown`): a one-off build lets go of the generated text, a second copy of
                # the page until the end of the build (at 20,000 groups, hundreds of MB). The preview
                # keeps it, to compare with the next build's (preview.py).
                page.file._content = None
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
        publishing, once the page is minified, which is after the search has read it (finishing/minify.py
        says why); in the preview, as written (and again as served, with the live-reload script:
        `preview_server.ProblemsInPreview`). A preview to open from its folder has its links to folders
        name the page in them."""
        if self.config.get("file_preview"):  # (a plugin not yet configured has none: tests/test_minify.py)
            output = file_preview.preview_page(output, ICON_SPRITE, self.sprite)
        if self.page_indexer is not None:
            self.page_indexer.add_page(output, page.file.dest_uri)
        if self.minified:
            output = minify.minified_html(output)
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
        return settings_from_mkdocs_yml(self.today(), config, self.config, self.project,
                                        newsletter_pdfs=self.config.newsletter_pdfs,
                                        file_preview=self.config.file_preview)

    def today(self) -> date:
        text = self.config.today or os.environ.get(TODAY_ENV)
        return date.fromisoformat(text) if text else date.today()


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
        raise PluginError(f"the site's stylesheet is missing {', '.join(missing)} "
                          "(peerdir/finishing/theme_files.py: SITE_STYLESHEET_PARTS)")
    for file in parts.values():
        files.remove(file)
    content = bundled_stylesheet([parts[part].content_string for part in SITE_STYLESHEET_PARTS])
    if minified:
        content = minify.minified_css(content)
    files.append(File.generated(config, SITE_STYLESHEET, content=content))


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
