"""Every generated page's source path, in one place.

Paths are Markdown source paths relative to the docs folder (`groups/tamba.md`); MkDocs
turns them into URLs (`groups/tamba/`) and checks every link between them in strict mode.
"""

from __future__ import annotations

import posixpath

HOME = "index.md"
FIND_A_GROUP = "groups/index.md"
A_TO_Z = "browse/a-z.md"
REMOTE = "browse/online-phone-national.md"
GLOSSARY = "support-types.md"
FIELD_REFERENCE = "editors/fields.md"
FACETS = {
    # facet: (folder, page title, heading of the index page)
    "support_types": ("browse/type", "Type of support"),
    "audiences": ("browse/who-for", "Who it is for"),
    "topics": ("browse/topic", "Topic"),
    "areas": ("browse/area", "Area"),
}

# Group ids that would collide with a generated page beside the group pages.
RESERVED_GROUP_IDS = {"index"}


def group_page(group_id: str) -> str:
    return f"groups/{group_id}.md"


def facet_index(facet: str) -> str:
    return f"{FACETS[facet][0]}/index.md"


def facet_page(facet: str, term_id: str) -> str:
    return f"{FACETS[facet][0]}/{term_id}.md"


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one source page to another, as MkDocs expects in Markdown."""
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def url_of(page: str) -> str:
    """The site-relative URL a source page is published at (with directory URLs)."""
    if page == "index.md":
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


def data_file_of(page: str) -> str | None:
    """The YAML file an editor changes to change a generated page, if there is one."""
    if page.startswith("groups/") and page != FIND_A_GROUP:
        return "groups.yaml"
    if page.startswith("events/"):
        return "events.yaml"
    if page == GLOSSARY:
        return "support_types.yaml"
    return None
