"""Every generated page's source path, in one place.

Paths are Markdown source paths relative to the docs folder (`groups/tamba.md`); MkDocs
turns them into URLs (`groups/tamba/`) and checks every link between them in strict mode.
"""

from __future__ import annotations

import functools
import posixpath

HOME = "index.md"
FIND_A_GROUP = "groups/index.md"
A_TO_Z = "browse/a-z.md"
# A big directory's A to Z is an index of first letters, with a page for each (render/outputs/browse.py).
A_TO_Z_LETTERS = (*"abcdefghijklmnopqrstuvwxyz", "other")  # `other`: names that do not start with a letter
REMOTE = "browse/online-phone-national.md"
GLOSSARY = "support-types.md"
FIELD_REFERENCE = "editors/fields.md"
MAINTAINERS = "editors/maintainers.md"
FACETS = {
    # facet: (folder, page title, heading of the index page)
    "support_types": ("browse/type", "Type of support"),
    "audiences": ("browse/who-for", "Who it is for"),
    "topics": ("browse/topic", "Topic"),
    "areas": ("browse/area", "Area"),
    "access_needs": ("browse/access", "Access needs"),
    "languages": ("browse/language", "Language"),
}

def group_page(group_id: str) -> str:
    return f"groups/{group_id}.md"


def a_to_z_letter(letter: str) -> str:
    return f"browse/a-z/{letter}.md"


def facet_index(facet: str) -> str:
    return f"{FACETS[facet][0]}/index.md"


def facet_page(facet: str, term_id: str) -> str:
    """A term's browse page; a language's tag in lower case (`zh-hant`), as every address is."""
    return f"{FACETS[facet][0]}/{term_id.lower()}.md"


def event_page(event_id: str) -> str:
    return f"events/{event_id}.md"


# Events: the upcoming list, the archive of past events and the whole-calendar feed share the
# folder with the event pages (so `index`, `archive` and `calendar` cannot be event ids: outputs.py).
EVENTS = "events/index.md"
EVENTS_ARCHIVE = "events/archive.md"
CALENDAR = "events/calendar.ics"


def area_calendar(area_id: str) -> str:
    """An area's events and its groups' regular meetings, to subscribe to in a calendar app."""
    return f"{FACETS['areas'][0]}/{area_id}.ics"


def area_feed(area_id: str) -> str:
    """An area's upcoming events as an RSS feed."""
    return f"{FACETS['areas'][0]}/{area_id}.xml"


def event_calendar(event_id: str) -> str:
    """One event as an iCalendar file, for "Add to calendar"."""
    return f"events/{event_id}.ics"


def group_calendar(group_id: str) -> str:
    """A group's regular meetings as recurring iCalendar events."""
    return f"groups/{group_id}.ics"


# The sample's address in mkdocs.yml: a site built for it has QR codes, feeds and calendars that
# point nowhere, so a build for it warns (a fork sets its own, or the Publish workflow passes it).
PLACEHOLDER_SITE_URL = "https://example.github.io/peer-support/"


def absolute_url(site_url: str, path: str) -> str:
    """The full address of a page (`.md`) or file on the published site; "" without a site_url."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + (url_of(path) if path.endswith(".md") else path)


# The map: its page, the groups it shows (one compact JSON file), the Leaflet map skeletons
# Folium writes, our own script and styles (in overrides/) and the libraries from npm.
MAP = "map.md"
MAP_DATA = "map/groups.json"
MAP_PLACES = "map/places.json"
MAP_POSTCODES = "map/postcode-districts.json"  # peerdir/postcode_districts.py
MAP_SETUPS = "assets/map/setups.js"
MAP_SCRIPT = "assets/javascripts/directory-map.js"
MAP_STYLES = "assets/stylesheets/map.css"
LIBRARIES = "assets/lib"


def relative_url(from_page: str, to_path: str) -> str:
    """A URL relative to where a page is published, for raw HTML, which MkDocs does not rewrite.

    `to_path` is a page (`.md`, published as a folder) or a file (`map/groups.json`)."""
    target = url_of(to_path) if to_path.endswith(".md") else to_path
    relative = _relative_path(target.rstrip("/") or ".", url_of(from_page).rstrip("/") or ".")
    return relative + "/" if target.endswith("/") or target == "" else relative


def link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one source page to another, as MkDocs expects in Markdown."""
    target = _relative_path(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


@functools.lru_cache(maxsize=65536)
def _relative_path(path: str, start: str) -> str:
    # Every group page links to the same few browse pages and map scripts, and every browse page to
    # the same groups: `relpath` normalises both paths each time, which on a large directory adds up.
    return posixpath.relpath(path, start)


def url_of(page: str) -> str:
    """The site-relative URL a source page is published at (with directory URLs)."""
    if page == "index.md":
        return ""
    if page.endswith("/index.md"):
        return page[: -len("index.md")]
    return page[: -len(".md")] + "/"


# Open data: the directory as files for other services to import, beside a page that documents them.
OPEN_DATA = "data/index.md"
GROUPS_JSON = "data/groups.json"
GROUPS_JSON_SCHEMA = "data/groups.schema.json"
EVENTS_JSON = "data/events.json"
EVENTS_JSON_SCHEMA = "data/events.schema.json"
GROUPS_CSV = "data/groups.csv"
HSDS_SERVICES = "data/hsds/services.json"
MEETING_GUIDE = "data/meeting-guide.json"


# The newsletter: issues are hand-written pages in content/newsletter/ (one Markdown file each,
# named after the slug); the index of issues and the feed are generated beside them, and
# `build.py build --pdf` adds a PDF of each issue.
CONTENT_DIR = "content"  # the docs_dir in mkdocs.yml: hand-written pages
NEWSLETTER_DIR = "newsletter"
NEWSLETTER = "newsletter/index.md"
# The feed of issues sits at the site's root: every page names it in a <link rel="alternate feed">
# (overrides/main.html says why not rel="alternate").
NEWSLETTER_FEED = "feed.xml"
NEWSLETTER_EDITORS_GUIDE = "editors/newsletter.md"  # hand-written: how to write an issue and its embeds


def issue_page(slug: str) -> str:
    return f"{NEWSLETTER_DIR}/{slug}.md"


def issue_pdf(slug: str) -> str:
    return f"{NEWSLETTER_DIR}/{slug}.pdf"


# An issue's e-mail edition, under the issue's own address, for editors to send (not in the navigation).
EMAIL_HTML = "email.html"
EMAIL_TEXT = "email.txt"


def issue_email(slug: str) -> str:
    return f"{NEWSLETTER_DIR}/{slug}/{EMAIL_HTML}"


def issue_email_text(slug: str) -> str:
    return f"{NEWSLETTER_DIR}/{slug}/{EMAIL_TEXT}"
