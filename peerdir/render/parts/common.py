"""What every renderer shares: the render context and small Markdown helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from ... import languages, paths
from ...models import Group, Term
from ...project_settings import DEFAULT_UNSUBSCRIBE, Freshness, HelpLine
from ...validate import Directory
from . import html
from .text import html_text

LANGUAGES = "languages"  # the facet whose terms are not a vocabulary but the languages groups use


@dataclass(frozen=True)
class MapTiles:
    """Where the map's background images come from: the one thing the site loads from another host.

    Set in mkdocs.yml (`plugins: - peerdir: map_tiles:`); these defaults are OpenStreetMap's."""

    url: str = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    attribution: str = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors'
    max_zoom: int = 19


@dataclass(frozen=True)
class SiteSettings:
    """Build-wide settings that are not data: the build date and where the site lives."""

    today: date
    site_url: str = ""
    repo_url: str = ""
    site_name: str = ""
    map_tiles: MapTiles = MapTiles()
    data_licence: str = ""  # the terms the open data may be reused on (mkdocs.yml: peerdir: data_licence:)
    newsletter_pdfs: bool = False  # a PDF of each issue is written beside it (`build.py build --pdf`)
    corrections_email: str = ""  # where people without a GitHub account send corrections (mkdocs.yml)
    freshness: Freshness = Freshness()  # when a listing is called out of date (mkdocs.yml)
    help_lines: tuple[HelpLine, ...] = ()  # "Need help now?" (mkdocs.yml: extra: help_now:), for the e-mail edition
    email_unsubscribe: str = DEFAULT_UNSUBSCRIBE  # the sending service's unsubscribe placeholder (mkdocs.yml)
    file_preview: bool = False  # a preview opened from its folder: the map page carries its data (`--file-preview`)


@dataclass
class Context:
    """A directory plus settings, with lookups renderers need often."""

    directory: Directory
    settings: SiteSettings
    _terms: dict[tuple[str, str], Term] = field(default_factory=dict)
    _worked_out: dict[Any, Any] = field(default_factory=dict)
    # Whether `remembered` keeps this context's items for the next build: not for the few pages phase
    # one renders to check links to their anchors, which would make the build after it forget the last.
    remembers: bool = True

    def __post_init__(self) -> None:
        for facet in paths.FACETS:
            for term in self.terms(facet):
                self._terms[(facet, term.id)] = term

    def terms(self, facet: str) -> tuple[Term, ...]:
        """A facet's terms: a vocabulary's, in the order of support_types.yaml; or the languages groups
        are run in (closed ones too, whose pages link to them), by their English names."""
        if facet != LANGUAGES:
            return getattr(self.directory.vocabularies, facet)
        return self.remember(LANGUAGES, self._languages)

    def _languages(self) -> tuple[Term, ...]:
        tags = sorted({tag for group in self.directory.groups for tag in group.languages}, key=languages.english_name)
        return tuple(Term(id=tag, name=languages.label(tag), description=f"Groups run in {languages.label(tag)}.")
                     for tag in tags)

    @property
    def today(self) -> date:
        return self.settings.today

    @property
    def repo_url(self) -> str:
        return self.settings.repo_url

    def term(self, facet: str, term_id: str) -> Term:
        return self._terms[(facet, term_id)]

    def remember(self, key: Any, work_out: Callable[[], Rendered]) -> Rendered:
        """`work_out()` once per build (per Context), for lookups many pages share."""
        if key not in self._worked_out:
            self._worked_out[key] = work_out()
        return self._worked_out[key]

    def open_groups(self) -> list[Group]:
        """Groups shown in browse pages and on the map: all but the closed ones, by name."""
        # Asked for by every browse page: sorted once per build.
        return list(self.remember("open groups", lambda: sorted(
            (g for g in self.directory.groups if g.status != "closed"), key=sort_key)))


Item = TypeVar("Item")
Rendered = TypeVar("Rendered")


class _Builds:
    """What `remembered` keeps from one build to the next in one process: what the last build used,
    and what this build has used so far. Each build keeps only what it used, so an edited group's
    earlier page is forgotten: a long session of the live preview holds two builds' worth at most.
    (Keeping every version, with the vocabularies and settings in its key, grew the preview by about
    1 MB every 10 edits.)

    Keys hold ids of values, not the values: hashing a group means hashing each of its fields, and
    comparing it with last build's equal group each of its fields again, which for the thousands of
    items a build remembers took longer than some of the renderers it spared. Each value is looked
    up by identity first; by value only the first time a build meets it, and then stands for the
    equal value the last build met, whose id the keys of the last build's items hold."""

    def __init__(self) -> None:
        self.previous: dict[tuple[Any, ...], Any] = {}
        self.this: dict[tuple[Any, ...], Any] = {}
        # Each value a key stands for: kept alive, so that no other object can take its id.
        self.previous_values: dict[Any, Any] = {}
        self.this_values: dict[Any, Any] = {}
        self.met: dict[int, tuple[Any, Any]] = {}  # this build: id(object) -> (object, the equal value)
        self.context: Context | None = None  # each build renders with one Context (render_site's)
        self.inputs = 0  # the vocabularies and settings, as a value

    def start(self, ctx: Context) -> None:
        """A new build: forget what the last one did not use."""
        self.previous, self.this = self.this, {}
        self.previous_values, self.this_values, self.met = self.this_values, {}, {}
        self.context = ctx
        self.inputs = self.value_id((ctx.directory.vocabularies, ctx.settings))

    def value_id(self, value: Any) -> int:
        """The same number for equal values, in this build and the next."""
        met = self.met.get(id(value))
        if met is not None and met[0] is value:
            return id(met[1])
        equal = self.this_values.get(value)
        if equal is None:
            equal = self.previous_values.get(value, value)
            self.this_values[equal] = equal
        self.met[id(value)] = (value, equal)
        return id(equal)


_builds = _Builds()


def forget_remembered() -> None:
    """Let go of what `remembered` keeps for the next build: a one-off build has no next one, and at
    thousands of groups it is a copy of most of the site."""
    global _builds  # noqa: PLW0603 (the one store of the process, replaced whole)
    _builds = _Builds()


def remembered(render: Callable[[Item, Context], Rendered], item: Item, ctx: Context) -> Rendered:
    """`render(item, ctx)` for a renderer whose output depends only on the item (a group, say, or a
    tuple of everything it depends on), the vocabularies and the settings. The live preview rebuilds
    the site after every edit; a group's page, calendar, entries in lists and open-data records are
    then worked out again only for the groups the edit changed. Models compare by value, so an
    unchanged group read again from the file finds its earlier output. What it returns is shared
    between builds: it must not be changed."""
    if not ctx.remembers:
        return render(item, ctx)
    builds = _builds
    if ctx is not builds.context:
        builds.start(ctx)
    parts = item if type(item) is tuple else (item,)
    key = (render, builds.inputs, *(builds.value_id(part) for part in parts))
    found = builds.this.get(key)
    if found is None:
        found = builds.previous.get(key)
        builds.this[key] = found = render(item, ctx) if found is None else found
    return found


def sort_key(group: Group) -> tuple[str, str]:
    name = group.name.lower()
    return (name[4:] if name.startswith("the ") else name, group.id)


def front_matter(description: str = "", search_boost: float | None = None, search_exclude: bool = False,
                 **extra: object) -> str:
    """YAML front matter. Values are JSON strings (valid YAML) and HTML-escaped, because
    the theme writes some of them into attributes without escaping."""
    lines = ["---"]
    if description:
        lines.append(f"description: {json.dumps(html_text(description))}")
    if search_boost:
        lines.append(f"search:\n  boost: {search_boost}")
    elif search_exclude:
        lines.append("search:\n  exclude: true")
    for key, value in extra.items():
        lines.append(f"{key}: {json.dumps(value)}")
    lines.append("---")
    return "\n".join(lines)


# Front matter that tells the engine adapter a generated page is written as HTML, not Markdown.
HTML_PAGE_MARK = ("peerdir", "html")


def html_page(title: str, parts: list[str], description: str = "", search_boost: float | None = None,
              search_exclude: bool = False) -> str:
    """A generated page written as HTML (see `html.py`): front matter, then the parts that are not empty.

    The title (shown in the browser's tab and the theme's header) is the page's first heading."""
    key, value = HTML_PAGE_MARK
    matter = front_matter(description=description, search_boost=search_boost, search_exclude=search_exclude,
                          **{"title": html_text(title), key: value})
    return matter + "\n" + "\n".join(part for part in parts if part) + "\n"


def labels_html(ids: tuple[str, ...], facet: str, page: str, ctx: Context) -> str:
    """Links to the browse pages of the given terms, comma separated."""
    return ", ".join(
        html.link(ctx.term(facet, term_id).name, paths.link(page, paths.facet_page(facet, term_id)))
        for term_id in ids
    )


def group_place(group: Group) -> str:
    """Where a group meets, in one line, never closer than the area for home-based groups."""
    location = group.location
    if location is None or location.approximate:
        return ""
    return ", ".join(x for x in (location.name, location.address, location.postcode) if x)


def correction_links_html(github_url: str, email_url: str) -> str:
    """At the foot of a group's or an event's page, for anyone to say a detail is wrong: an e-mail to the
    charity, already filled in, which needs no account, and a GitHub issue, already filled in (in place of
    the theme's edit action). Plain links, either of which the site's settings may leave out."""
    links = [html.link("E-mail us a correction", email_url)] if email_url else []
    if github_url:
        links.append(html.link("suggest a correction on GitHub" if links else "Suggest a correction on GitHub", github_url))
    if not links:
        return ""
    return html.paragraph("Is something here wrong or out of date? " + " or ".join(links) + ".",
                          {"class": "suggest-correction", "data-search-exclude": True})
