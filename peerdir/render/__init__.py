"""Renderers: pure functions from the validated directory to `{output path: content}`.

A path ending in `.md` is a page (Markdown, which the engine renders with the theme);
any other path (`.ics`, `.json`, `.csv`, `.xml`, `.js`) is a file published as it is.
Nothing here reads or writes files or knows about MkDocs; `engine/plugin.py` hands the result
to the engine. One module per output kind in `outputs/`, built from the shared `parts/`; each
adds its step below. An output never imports another: where outputs go together (the map page
and the data it loads, the open-data files and their page), the step here puts them together.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from .. import paths
from ..forked_steps import run_steps
from ..postcode_districts import district_files
from ..validate import Directory
from .outputs.area_feeds import render_area_feeds
from .outputs.browse import render_browse_page, render_browse_pages
from .outputs.calendar import render_calendar_files
from .outputs.email_edition import EmailEdition, render_email_edition
from .outputs.events import render_events_pages
from .outputs.field_reference import render_field_reference
from .outputs.group_page import render_group_page
from .outputs.hsds import render_hsds_services
from .outputs.listings import RENDERERS
from .outputs.maintainers import render_maintainers_page
from .outputs.map_data import compact_json, map_data, place_index, version_of
from .outputs.map_page import render_map_page
from .outputs.meeting_guide import left_out_meetings, render_meeting_guide, render_meeting_guide_file
from .outputs.newsletter import render_issue_page, render_newsletter_files
from .outputs.open_data import SCHEMA_VERSION, render_open_data
from .outputs.open_data_page import render_open_data_page
from .outputs.spreadsheet import HEADINGS, render_groups_csv
from .parts.common import HTML_PAGE_MARK, Context, MapTiles, SiteSettings, forget_remembered, remembered
from .parts.embeds import UnknownEmbed, fill_embeds, has_embeds
from .parts.folium_maps import setups_script

if TYPE_CHECKING:
    from ..project_settings import ProjectSettings

__all__ = ["HTML_PAGE_MARK", "EmailEdition", "MapTiles", "SiteSettings", "UnknownEmbed", "forget_remembered", "has_embeds",
           "render_email", "render_embeds",
           "render_hand_written_page", "render_pages", "render_site", "settings_from_mkdocs_yml"]


def settings_from_mkdocs_yml(today: date, site: Mapping[str, Any], plugin: Mapping[str, Any],
                             project: ProjectSettings, *, newsletter_pdfs: bool = False,
                             file_preview: bool = False) -> SiteSettings:
    """What the renderers are told, from mkdocs.yml: the engine's own settings (`site`), our plugin's
    (`plugin`) and the directory's (`project`), as MkDocs has loaded them (engine/plugin.py) or as read
    from the file (export.py); a setting left out has the plugin's default."""
    tiles = plugin.get("map_tiles") or {}
    return SiteSettings(today=today, site_url=site.get("site_url") or "", repo_url=site.get("repo_url") or "",
                        site_name=site.get("site_name") or "",
                        map_tiles=MapTiles(url=tiles.get("url", MapTiles.url),
                                           attribution=tiles.get("attribution", MapTiles.attribution),
                                           max_zoom=tiles.get("max_zoom", MapTiles.max_zoom)),
                        data_licence=plugin.get("data_licence", ""), newsletter_pdfs=newsletter_pdfs,
                        file_preview=file_preview, corrections_email=project.corrections_email,
                        freshness=project.freshness, help_lines=project.help_lines,
                        email_unsubscribe=project.email_unsubscribe)


def render_site(directory: Directory, settings: SiteSettings, *, in_parallel: bool = False) -> dict[str, str | bytes]:
    """Every generated page of the site, keyed by its Markdown source path. With `in_parallel`, the
    calendars, feeds and open data are rendered in a second process meanwhile (forked_steps.py): a one-off
    build on a machine with two cores; the live preview keeps what it renders for the next rebuild, so
    renders here."""
    ctx = Context(directory, settings)
    done = run_steps(_site_steps(ctx), beside=RENDERED_BESIDE, in_parallel=in_parallel)
    pages: dict[str, str | bytes] = {}
    for rendered in done.values():  # in the order of the steps, whichever process rendered each
        pages.update(rendered)
    return pages


RENDERED_BESIDE = frozenset({"calendars", "area feeds", "open data"})  # what a second process can take


def _site_steps(ctx: Context) -> dict[str, Callable[[], dict[str, str | bytes]]]:
    """The steps of the site, in order, each by name and run with no argument."""
    return {
        # 1. A page per group, closed ones included so that old links keep working.
        "groups": lambda: {paths.group_page(group.id): remembered(render_group_page, group, ctx)
                           for group in ctx.directory.groups},
        # 2. Browse pages: by type, audience, topic and area, A to Z, and groups with no map location.
        "browse": lambda: render_browse_pages(ctx),
        # 3. The editors' field reference, from the same models that validate the data.
        "field reference": lambda: {paths.FIELD_REFERENCE: render_field_reference()},
        # 4. The maintainers' list of stale groups and events nobody can register for (not in the nav).
        "maintainers": lambda: {paths.MAINTAINERS: render_maintainers_page(ctx)},
        # 5. Dates for the diary: upcoming events by month, the archive of past ones, a page per event.
        "events": lambda: render_events_pages(ctx),
        # 6. Calendar files: one per dated event, the whole calendar, each group's regular meetings, and each
        #    area's events and meetings; and each area's upcoming events as a feed.
        "calendars": lambda: render_calendar_files(ctx),
        "area feeds": lambda: render_area_feeds(ctx),
        # 7. The map: its page, its data (one compact JSON file) and the Folium map skeletons, which the
        #    small map on each group page (step 1) uses too. The libraries come from npm (engine/plugin.py).
        "map": lambda: render_map_files(ctx),
        # 8. Open data: groups and events as JSON (with their schemas) and CSV, Open Referral (HSDS)
        #    services, the Meeting Guide feed, and the page that documents them.
        "open data": lambda: render_open_data_files(ctx),
        # 9. The newsletter: the list of issues (newest first), each published issue's e-mail edition, and
        #    the RSS feed of issues, carrying each one whole. The issues are hand-written pages; their tops
        #    and embeds are rendered by `render_hand_written_page`.
        "newsletter": lambda: render_newsletter_step(ctx),
    }


def render_pages(directory: Directory, settings: SiteSettings, wanted: set[str]) -> dict[str, str | bytes]:
    """Only the generated pages and files in `wanted`, as `render_site` renders them: a group page or a
    browse page alone, any other with the rest of its step (a path the data makes nothing for is left
    out). Phase one reads the anchors of pages hand-written pages link to, and which calendars exist."""
    ctx = Context(directory, settings, remembers=False)  # see Context.remembers
    groups = {paths.group_page(group.id): group for group in directory.groups}
    pages: dict[str, str | bytes] = {}
    for page in wanted:
        content = remembered(render_group_page, groups[page], ctx) if page in groups else render_browse_page(page, ctx)
        if content is not None:
            pages[page] = content
    for name, step in _site_steps(ctx).items():
        if name not in ("groups", "browse") and not wanted <= pages.keys():  # those two page by page, above
            pages.update((page, content) for page, content in step().items() if page in wanted)
    return pages


def render_embeds(markdown: str, page: str, directory: Directory, settings: SiteSettings) -> str:
    """A hand-written page with its `<!-- peerdir: name -->` lines replaced by generated Markdown."""
    return fill_embeds(markdown, page, Context(directory, settings), RENDERERS)


def render_hand_written_page(markdown: str, page: str, directory: Directory, settings: SiteSettings,
                             source: str = "", first_line: int = 1) -> str:
    """A hand-written page as the engine should render it: its embeds filled in and, for a newsletter
    issue, its title, number and date on top. `source` and `first_line` say where `markdown` is
    written (file, and the line it starts on), for messages."""
    ctx = Context(directory, settings)
    filled = fill_embeds(markdown, page, ctx, RENDERERS, source, first_line)
    issue = next((issue for issue in directory.issues if issue.page == page), None)
    return render_issue_page(filled, issue, ctx) if issue else filled


def render_newsletter_step(ctx: Context) -> dict[str, str | bytes]:
    """The list of issues, the e-mail edition of every published issue (when the site's address is
    known: an e-mail's links must be absolute) and the feed, which carries each issue's e-mail whole."""
    emails = {issue.slug: render_email_edition(issue, ctx) for issue in ctx.directory.issues
              if not issue.draft and ctx.settings.site_url}  # drafts: only `build.py email`
    files: dict[str, str | bytes] = {}
    for slug, email in emails.items():
        files[paths.issue_email(slug)] = email.html
        files[paths.issue_email_text(slug)] = email.text
    files.update(render_newsletter_files(ctx, {slug: email.feed_html for slug, email in emails.items()}))
    return files


def render_email(issue_slug: str, directory: Directory, settings: SiteSettings) -> EmailEdition:
    """One issue's e-mail edition, a draft's too (marked Draft): for `build.py email`."""
    ctx = Context(directory, settings)
    return render_email_edition(next(i for i in directory.issues if i.slug == issue_slug), ctx)


def render_map_files(ctx: Context) -> dict[str, str]:
    """The map page, its data, the place index and the Folium skeletons both kinds of map use."""
    data = compact_json(map_data(ctx))
    places = compact_json(place_index(ctx, version_of(data)))
    return {
        paths.MAP: render_map_page(ctx, data_version=version_of(data), places_version=version_of(places),
                                   embedded=_map_data_in_page(data, places) if ctx.settings.file_preview else None),
        paths.MAP_DATA: data,
        paths.MAP_PLACES: places,
        paths.MAP_SETUPS: setups_script(ctx.settings.map_tiles),
    }


def _map_data_in_page(groups: str, places: str) -> dict[str, str]:
    """The map's data files for a preview opened from its folder, where a browser refuses to fetch them,
    by the kind of data the map's script asks for; the postcode districts, committed third-party data,
    through `compact_json` like ours, which makes any text safe inside a script element."""
    districts = json.loads(district_files()[paths.MAP_POSTCODES])
    return {"groups": groups, "places": places, "postcodes": compact_json(districts)}


def render_open_data_files(ctx: Context) -> dict[str, str | bytes]:
    """Every open-data file and the page that documents them, keyed by output path. The page is told
    what the files beside it hold: their schema version, the spreadsheet's columns, and the meetings
    the Meeting Guide feed has and leaves out."""
    return {
        **render_open_data(ctx),
        paths.GROUPS_CSV: render_groups_csv(ctx),
        paths.HSDS_SERVICES: render_hsds_services(ctx),
        paths.MEETING_GUIDE: render_meeting_guide_file(ctx),
        paths.OPEN_DATA: render_open_data_page(ctx, SCHEMA_VERSION, HEADINGS, len(render_meeting_guide(ctx)),
                                               left_out_meetings(ctx)),
    }
