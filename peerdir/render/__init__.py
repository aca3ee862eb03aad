"""Renderers: pure functions from the validated directory to `{output path: content}`.

A path ending in `.md` is a page (Markdown, which the engine renders with the theme);
any other path (`.ics`, `.json`, `.csv`, `.xml`, `.js`) is a file published as it is.
Nothing here reads or writes files or knows about MkDocs; `site.py` hands the result
to the engine. One module per output kind; each adds its step below.
"""

from __future__ import annotations

from .. import paths
from ..validate import Directory
from .browse import render_browse_pages
from .common import Context, SiteSettings
from .field_reference import render_field_reference
from .group_page import render_group_page

__all__ = ["SiteSettings", "render_site"]


def render_site(directory: Directory, settings: SiteSettings) -> dict[str, str | bytes]:
    """Every generated page of the site, keyed by its Markdown source path."""
    ctx = Context(directory, settings)
    pages: dict[str, str | bytes] = {}
    # 1. A page per group, closed ones included so that old links keep working.
    for group in directory.groups:
        pages[paths.group_page(group.id)] = render_group_page(group, ctx)
    # 2. Browse pages: by type, audience, topic and area, A to Z, and groups with no map location.
    pages.update(render_browse_pages(ctx))
    # 3. The editors' field reference, from the same models that validate the data.
    pages[paths.FIELD_REFERENCE] = render_field_reference()
    return pages
