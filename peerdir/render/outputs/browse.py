"""Browse pages: by type of support, who it is for, topic and area; A to Z; and the
groups with no meeting place (online, phone, national), which must never be lost."""

from __future__ import annotations

import functools
from collections.abc import Callable
from itertools import groupby

from ... import paths
from ...models import Group
from ..parts import html
from ..parts.ageing import OUT_OF_DATE_IN_A_LIST, checked_first, is_out_of_date
from ..parts.area_items import area_items
from ..parts.boundaries import alongside_help_html
from ..parts.common import Context, html_page, remembered, sort_key
from ..parts.group_details import group_details
from ..parts.text import plural

# Lists of groups repeat what each group's own page says; left out of the search index, which
# would otherwise hold every summary once per browse page and find the list before the group. A
# list is marked (html.UNSEARCHED), not only the heading above it.

# Up to this many groups, A to Z is one page. Above, it is an index of first letters with a page for each,
# so that a phone never loads the whole directory at once: at 5,000 groups the one page was 1.8 MB
# (300 KB gzip); at this size it is about 80 KB (15 KB gzip).
A_TO_Z_ON_ONE_PAGE = 250
OTHER_INITIAL = "#"  # the heading of names that do not start with a letter (page `other`)

FACET_FIELD = {"support_types": "support_types", "audiences": "audiences", "topics": "topics", "areas": "area",
               "access_needs": "access", "languages": "languages"}
FACET_INTRO = {
    "support_types": "Groups and services by the kind of peer support they offer.",
    "audiences": "Groups for particular parents, carers and families.",
    "topics": "Groups by what they help with.",
    "areas": "Groups by where they are. Online, phone and national groups are listed under National.",
    "access_needs": "Groups by what they offer for access needs, such as step-free access or a hearing loop. "
                    "Each group's page says more about access.",
    "languages": "Groups by the language they are run in, including sign languages.",
}


def render_browse_pages(ctx: Context) -> dict[str, str]:
    return {page: render() for page, render in _browse_pages(ctx).items()}


def render_browse_page(page: str, ctx: Context) -> str | None:
    """One browse page, by its path: phase one checks links to its anchors without rendering them all."""
    render = _browse_pages(ctx).get(page)
    return render() if render else None


def _browse_pages(ctx: Context) -> dict[str, Callable[[], str]]:
    """Each browse page's path, and how to render it."""
    pages: dict[str, Callable[[], str]] = {
        paths.FIND_A_GROUP: lambda: _find_a_group(ctx), paths.A_TO_Z: lambda: _a_to_z(ctx),
        paths.REMOTE: lambda: _remote(ctx), paths.GLOSSARY: lambda: _glossary(ctx)}
    for initial, groups in _a_to_z_pages(ctx).items():
        pages[_letter_page(initial)] = functools.partial(_a_to_z_letter_page, initial, groups, ctx)
    for facet in paths.FACETS:
        pages[paths.facet_index(facet)] = functools.partial(_facet_index, facet, ctx)
        for term in ctx.terms(facet):
            pages[paths.facet_page(facet, term.id)] = functools.partial(_facet_page, facet, term.id, ctx)
    return pages


def groups_with(facet: str, term_id: str, ctx: Context) -> list[Group]:
    """The open groups that belong on a term's browse page, by name."""
    return list(ctx.remember(("groups by term", facet), lambda: _groups_by_term(facet, ctx)).get(term_id, ()))


def _groups_by_term(facet: str, ctx: Context) -> dict[str, list[Group]]:
    """Each term's open groups, sorted once for all the facet's pages (sorting them again for each of
    the dozens of pages was a tenth of a rebuild of the live preview)."""
    field, by_term = FACET_FIELD[facet], {}
    for group in ctx.open_groups():
        for term_id in _values(group, field):
            by_term.setdefault(term_id, []).append(group)
    return by_term


def _values(group: Group, field: str) -> tuple[str, ...]:
    value = getattr(group, field)
    return value if isinstance(value, tuple) else (value,)


def is_remote(group: Group) -> bool:
    """A group with no place on the map: online, phone or national only."""
    return group.location is None


def group_entry(group: Group, page: str, ctx: Context) -> str:
    """One group in a list: linked name, summary, and how and where it meets."""
    name = html.link(group.name, paths.link(page, paths.group_page(group.id)))
    status = " (temporarily closed)" if group.status == "temporarily-closed" else ""
    details = group_details(group, ctx)
    if page == paths.facet_page("areas", group.area):  # the page of its area says it once, on top
        details.remove(ctx.term("areas", group.area).name)
    out_of_date = (f"<br>\n{html.element('small', html.text(OUT_OF_DATE_IN_A_LIST), {'class': 'group-out-of-date'})}"
                   if is_out_of_date(group, ctx) else "")
    return (f"<strong>{name}</strong>{status}<br>\n{html.text(group.summary)}<br>\n"
            f"<small>{html.text(' · '.join(details))}</small>{out_of_date}")


def group_list(groups: list[Group], page: str, ctx: Context) -> str:
    if not groups:
        return html.paragraph("No groups are listed here yet.")
    return html.bullet_list(remembered(_entry_on, (g, page), ctx) for g in checked_first(groups, ctx))


def _entry_on(group_on_page: tuple[Group, str], ctx: Context) -> str:
    return group_entry(*group_on_page, ctx)


def _find_a_group(ctx: Context) -> str:
    page = paths.FIND_A_GROUP
    groups = ctx.open_groups()
    remote = [g for g in groups if is_remote(g)]
    ways = [
        f"{html.link('Type of support', paths.link(page, paths.facet_index('support_types')))}: "
        "one to one, groups, peer-led and more",
        f"{html.link('Who it is for', paths.link(page, paths.facet_index('audiences')))}: "
        "dads, single parents, bereaved parents and others",
        f"{html.link('Topic', paths.link(page, paths.facet_index('topics')))}: what a group helps with",
        f"{html.link('Area', paths.link(page, paths.facet_index('areas')))}: where groups meet",
        f"{html.link('Language', paths.link(page, paths.facet_index('languages')))}: "
        "the language a group is run in, spoken or signed",
        f"{html.link('Access needs', paths.link(page, paths.facet_index('access_needs')))}: "
        "what a group offers, such as step-free access",
        f"{html.link('Online, by phone and national', paths.link(page, paths.REMOTE))}: "
        f"{plural(len(remote), 'group')} you can join from anywhere",
        html.link("All groups from A to Z", paths.link(page, paths.A_TO_Z)),
    ]
    return html_page("Find a group", [
        html.heading(1, "Find a group"),
        html.paragraph(f"There are {plural(len(groups), 'group')} in the directory. Choose how you would like to look:"),
        html.paragraph(html.button("See groups on a map", paths.link(page, paths.MAP), primary=True)),
        html.bullet_list(ways),
        alongside_help_html(),
    ], description="Find a parent and carer peer support group by type, who it is for, topic or area.")


def _facet_index(facet: str, ctx: Context) -> str:
    page = paths.facet_index(facet)
    title = f"Browse by {paths.FACETS[facet][1].lower()}"
    rows = []
    for term in ctx.terms(facet):
        count = len(groups_with(facet, term.id, ctx))
        rows.append(f"{html.link(term.name, paths.link(page, paths.facet_page(facet, term.id)))} "
                    f"({plural(count, 'group')})")
    return html_page(title, [
        html.heading(1, html.text(title)),
        html.paragraph(html.text(FACET_INTRO[facet])),
        html.bullet_list(rows),
    ], description=FACET_INTRO[facet])


def _facet_page(facet: str, term_id: str, ctx: Context) -> str:
    page = paths.facet_page(facet, term_id)
    term = ctx.term(facet, term_id)
    groups = groups_with(facet, term_id, ctx)
    local = [g for g in groups if not is_remote(g)]
    remote = [g for g in groups if is_remote(g)]
    parts = [
        html.heading(1, html.text(term.name)),
        html.paragraph(html.text(term.description)) if term.description else "",
        html.paragraph(f"{plural(len(groups), 'group')}. "
                       + html.link(f"Browse by {paths.FACETS[facet][1].lower()}", paths.link(page, paths.facet_index(facet)))),
    ]
    if local:
        parts += _listed_groups("Groups that meet in person", local, page, ctx)
    if remote:
        parts += _listed_groups("Online, by phone and national", remote, page, ctx)
    if facet == "areas" and term_id in area_items(ctx):
        parts += _area_subscriptions(term_id, term.name, page, ctx)
    if facet == "areas" and term_id != "national":
        parts.append(html.paragraph("You can also join groups from anywhere: "
                                    + html.link("online, by phone and national", paths.link(page, paths.REMOTE)) + "."))
    if not groups:
        parts.append(html.paragraph("No groups are listed here yet. "
                                    + html.link("See all groups", paths.link(page, paths.A_TO_Z)) + "."))
    parts.append(alongside_help_html())
    return html_page(term.name, parts, description=f"Peer support groups: {term.name}.")


def _area_subscriptions(area_id: str, name: str, page: str, ctx: Context) -> list[str]:
    """The area's calendar (events and regular meetings) and its feed of upcoming events, said plainly:
    on a phone, the webcal:// link opens the calendar app, which then keeps the calendar up to date."""
    calendar = paths.relative_url(page, paths.area_calendar(area_id))
    address = paths.absolute_url(ctx.settings.site_url, paths.area_calendar(area_id))
    parts = [html.heading(2, "What is on in " + html.text(name), "whats-on-here"),
             html.paragraph(f"Get the dates of events in {html.text(name)}, and the regular meetings of its groups, "
                            "in the calendar on your phone. Subscribe once, and new dates appear by themselves.")]
    if address:
        webcal = "webcal://" + address.split("://", 1)[1]
        parts.append(html.paragraph(html.button("Subscribe in your calendar app", webcal, primary=True) + " "
                                    + html.button("Download the calendar (.ics)", calendar)))
        parts.append(html.paragraph(
            "On an iPhone, tap Subscribe and then Subscribe again. On Android, add the address below in Google "
            "Calendar on a computer (Settings, Add calendar, From URL); it then shows on your phone. "
            f"The address: <code>{html.text(address)}</code>", {"class": "events-subscribe"}))
        feed = paths.relative_url(page, paths.area_feed(area_id))
        parts.append(html.paragraph(f"Or follow the {html.link('upcoming events in a news reader (RSS)', feed)}."))
    else:
        parts.append(html.paragraph(html.button("Download the calendar (.ics)", calendar)))
    return parts


def _a_to_z(ctx: Context) -> str:
    page = paths.A_TO_Z
    parts = [html.heading(1, "All groups from A to Z")]
    letter_pages = _a_to_z_pages(ctx)
    if letter_pages:
        parts += [
            html.paragraph(f"{plural(len(ctx.open_groups()), 'group')}, by the first letter of their name. "
                           "Choose a letter:"),
            html.bullet_list((html.link(f"{initial} ({plural(len(groups), 'group')})",
                                        paths.link(page, _letter_page(initial)))
                              for initial, groups in letter_pages.items()), {"class": "a-to-z-index"}),
        ]
    else:
        for initial, groups in _by_initial(ctx.open_groups()):
            parts += _listed_groups(html.text(initial), groups, page, ctx)
    parts.append(alongside_help_html())
    return html_page("All groups from A to Z", parts, description="Every group in the directory, from A to Z.")


def _a_to_z_pages(ctx: Context) -> dict[str, list[Group]]:
    """A big directory's groups under each first letter (`B`, `#`), each to have a page of its own; none
    for a small one. Worked out once per build: the index and every letter page ask for it."""
    def work_out() -> dict[str, list[Group]]:
        groups = ctx.open_groups()
        return {} if len(groups) <= A_TO_Z_ON_ONE_PAGE else dict(_by_initial(groups))
    return ctx.remember("a to z pages", work_out)


def _by_initial(groups: list[Group]) -> list[tuple[str, list[Group]]]:
    """Groups (sorted by name) under the first letter of their name, `#` for any other first character."""
    return [(initial, list(listed)) for initial, listed in groupby(groups, key=lambda g: _initial(sort_key(g)[0]))]


def _letter_page(initial: str) -> str:
    """The page of a first letter: `browse/a-z/b.md`, and `other` for names that start with no letter."""
    return paths.a_to_z_letter("other" if initial == OTHER_INITIAL else initial.lower())


def _a_to_z_letter_page(initial: str, groups: list[Group], ctx: Context) -> str:
    page = _letter_page(initial)
    title = f"Groups from A to Z: {initial}"
    letters = [html.element("strong", initial, {"aria-current": "page"}) if other == initial
               else html.link(other, paths.link(page, _letter_page(other)))
               for other in _a_to_z_pages(ctx)]
    return html_page(title, [
        html.heading(1, html.text(title)),
        html.paragraph(f"{plural(len(groups), 'group')} under {html.text(initial)}. "
                       + html.link("All groups from A to Z", paths.link(page, paths.A_TO_Z))),
        html.element("nav", html.paragraph(" ".join(letters)), {"class": "a-to-z-letters", "aria-label": "First letter"}),
        html.division(group_list(groups, page, ctx), html.UNSEARCHED),
        alongside_help_html(),
    ], description=f"The directory's groups from A to Z: {initial}.")


def _listed_groups(heading: str, groups: list[Group], page: str, ctx: Context) -> list[str]:
    """A heading (HTML) and the list of groups under it, both left out of the search."""
    return [html.heading(2, heading, attrs=html.UNSEARCHED), html.division(group_list(groups, page, ctx), html.UNSEARCHED)]


def _initial(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _remote(ctx: Context) -> str:
    page = paths.REMOTE
    groups = [g for g in ctx.open_groups() if is_remote(g)]
    return html_page("Online, by phone and national", [
        html.heading(1, "Online, by phone and national"),
        html.paragraph("These groups have no meeting place, so they are not on the map. You can join them from anywhere."),
        html.division(group_list(groups, page, ctx), html.UNSEARCHED),
        alongside_help_html(),
    ], description="Peer support you can join from anywhere: online, by phone and national groups.")


def _glossary(ctx: Context) -> str:
    page = paths.GLOSSARY
    parts = [
        html.heading(1, "Types of peer support"),
        html.paragraph("Peer support comes in different shapes. These are the words the directory uses. "
                       + html.link("Read more about each type", paths.link(page, "about-peer-support/types.md")) + "."),
    ]
    for support_type in ctx.directory.vocabularies.support_types:
        groups = groups_with("support_types", support_type.id, ctx)
        names = ", ".join(html.link(g.name, paths.link(page, paths.group_page(g.id))) for g in groups)
        parts += [
            html.heading(2, html.text(support_type.name), anchor=support_type.id),
            html.paragraph(html.text(support_type.description)),
            # The names are on the groups' own pages: listed here they would grow the search index.
            html.paragraph(f"<strong>Groups:</strong> {names}" if names else "No groups offer this yet.", html.UNSEARCHED),
        ]
    parts += _access_glossary(page, ctx)
    return html_page("Types of peer support", parts,
                     description="The types of peer support and peer roles, and the groups that offer each.")


def _access_glossary(page: str, ctx: Context) -> list[str]:
    """What each access need means at a group, under the types: the words groups' pages use."""
    needs = ctx.terms("access_needs")
    if not needs:
        return []
    parts = [html.heading(2, "Access needs", anchor="access-needs"),
             html.paragraph("What groups can offer for access needs. "
                            + html.link("Browse groups by access needs", paths.link(page, paths.facet_index("access_needs")))
                            + ".")]
    for need in needs:
        parts += [html.heading(3, html.text(need.name), anchor=f"access-{need.id}"),
                  html.paragraph(html.text(need.description))]
    return parts
