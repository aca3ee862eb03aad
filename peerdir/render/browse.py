"""Browse pages: by type of support, who it is for, topic and area; A to Z; and the
groups with no meeting place (online, phone, national), which must never be lost."""

from __future__ import annotations

from itertools import groupby

from .. import paths
from ..models import Group
from .boundaries import alongside_help_note
from .common import Context, front_matter, sort_key
from .group_page import FORMAT_NAMES
from .schedule import meeting_in_words
from .text import md_link, md_text, plural

# Lists of groups repeat what each group's own page says; left out of the search index, which
# would otherwise hold every summary once per browse page (the index is what a phone downloads).
UNSEARCHED = " { data-search-exclude }"

FACET_FIELD = {"support_types": "support_types", "audiences": "audiences", "topics": "topics", "areas": "area"}
FACET_INTRO = {
    "support_types": "Groups and services by the kind of peer support they offer.",
    "audiences": "Groups for particular parents, carers and families.",
    "topics": "Groups by what they help with.",
    "areas": "Groups by where they are. Online, phone and national groups are listed under National.",
}


def render_browse_pages(ctx: Context) -> dict[str, str]:
    pages = {paths.FIND_A_GROUP: _find_a_group(ctx), paths.A_TO_Z: _a_to_z(ctx),
             paths.REMOTE: _remote(ctx), paths.GLOSSARY: _glossary(ctx)}
    for facet in paths.FACETS:
        pages[paths.facet_index(facet)] = _facet_index(facet, ctx)
        for term in getattr(ctx.directory.vocabularies, facet):
            pages[paths.facet_page(facet, term.id)] = _facet_page(facet, term.id, ctx)
    return pages


def groups_with(facet: str, term_id: str, ctx: Context) -> list[Group]:
    """The open groups that belong on a term's browse page."""
    field = FACET_FIELD[facet]
    return [g for g in ctx.open_groups() if term_id in _values(g, field)]


def _values(group: Group, field: str) -> tuple[str, ...]:
    value = getattr(group, field)
    return value if isinstance(value, tuple) else (value,)


def is_remote(group: Group) -> bool:
    """A group with no place on the map: online, phone or national only."""
    return group.location is None


def group_entry(group: Group, page: str, ctx: Context) -> str:
    """One group in a list: linked name, summary, and how and where it meets."""
    name = md_link(group.name, paths.link(page, paths.group_page(group.id)))
    status = " (temporarily closed)" if group.status == "temporarily-closed" else ""
    details = [", ".join(FORMAT_NAMES[f] for f in group.formats), ctx.term("areas", group.area).name]
    if group.schedule:
        details.append(meeting_in_words(group.schedule[0]) + (" and more" if len(group.schedule) > 1 else ""))
    return (f"- **{name}**{status}  \n  {md_text(group.summary)}  \n"
            f"  <small>{' · '.join(md_text(d) for d in details)}</small>")


def group_list(groups: list[Group], page: str, ctx: Context) -> str:
    return "\n".join(group_entry(g, page, ctx) for g in groups) if groups else "No groups are listed here yet."


def _find_a_group(ctx: Context) -> str:
    page = paths.FIND_A_GROUP
    groups = ctx.open_groups()
    remote = [g for g in groups if is_remote(g)]
    ways = [
        f"- {md_link('Type of support', paths.link(page, paths.facet_index('support_types')))}: "
        "one to one, groups, peer-led and more",
        f"- {md_link('Who it is for', paths.link(page, paths.facet_index('audiences')))}: "
        "dads, single parents, bereaved parents and others",
        f"- {md_link('Topic', paths.link(page, paths.facet_index('topics')))}: what a group helps with",
        f"- {md_link('Area', paths.link(page, paths.facet_index('areas')))}: where groups meet",
        f"- {md_link('Online, by phone and national', paths.link(page, paths.REMOTE))}: "
        f"{plural(len(remote), 'group')} you can join from anywhere",
        f"- {md_link('All groups from A to Z', paths.link(page, paths.A_TO_Z))}",
    ]
    return "\n\n".join([
        front_matter(description="Find a parent and carer peer support group by type, who it is for, topic or area."),
        "# Find a group",
        f"There are {plural(len(groups), 'group')} in the directory. Choose how you would like to look:",
        md_link("See groups on a map", paths.link(page, paths.MAP)) + "{ .md-button .md-button--primary }",
        "\n".join(ways),
        alongside_help_note(),
    ]) + "\n"


def _facet_index(facet: str, ctx: Context) -> str:
    page = paths.facet_index(facet)
    title = paths.FACETS[facet][1]
    rows = []
    for term in getattr(ctx.directory.vocabularies, facet):
        count = len(groups_with(facet, term.id, ctx))
        rows.append(f"- {md_link(term.name, paths.link(page, paths.facet_page(facet, term.id)))} "
                    f"({plural(count, 'group')})")
    return "\n\n".join([
        front_matter(description=FACET_INTRO[facet]),
        f"# Browse by {title.lower()}",
        FACET_INTRO[facet],
        "\n".join(rows),
    ]) + "\n"


def _facet_page(facet: str, term_id: str, ctx: Context) -> str:
    page = paths.facet_page(facet, term_id)
    term = ctx.term(facet, term_id)
    groups = groups_with(facet, term_id, ctx)
    local = [g for g in groups if not is_remote(g)]
    remote = [g for g in groups if is_remote(g)]
    parts = [
        front_matter(description=f"Peer support groups: {term.name}."),
        f"# {md_text(term.name)}",
        md_text(term.description) if term.description else "",
        f"{plural(len(groups), 'group')}. "
        + md_link(f"Browse by {paths.FACETS[facet][1].lower()}", paths.link(page, paths.facet_index(facet))),
    ]
    if local:
        parts += ["## Groups that meet in person" + UNSEARCHED, group_list(local, page, ctx)]
    if remote:
        parts += ["## Online, by phone and national" + UNSEARCHED, group_list(remote, page, ctx)]
    if facet == "areas" and term_id != "national":
        parts.append("You can also join groups from anywhere: "
                     + md_link("online, by phone and national", paths.link(page, paths.REMOTE)) + ".")
    if not groups:
        parts.append("No groups are listed here yet. "
                     + md_link("See all groups", paths.link(page, paths.A_TO_Z)) + ".")
    parts.append(alongside_help_note())
    return "\n\n".join(p for p in parts if p) + "\n"


def _a_to_z(ctx: Context) -> str:
    page = paths.A_TO_Z
    parts = [front_matter(description="Every group in the directory, from A to Z."), "# All groups from A to Z"]
    for letter, groups in groupby(ctx.open_groups(), key=lambda g: _initial(sort_key(g)[0])):
        parts += [f"## {letter}" + UNSEARCHED, group_list(list(groups), page, ctx)]
    parts.append(alongside_help_note())
    return "\n\n".join(parts) + "\n"


def _initial(name: str) -> str:
    first = name[:1].upper()
    return first if first.isalpha() and first.isascii() else "#"


def _remote(ctx: Context) -> str:
    page = paths.REMOTE
    groups = [g for g in ctx.open_groups() if is_remote(g)]
    return "\n\n".join([
        front_matter(description="Peer support you can join from anywhere: online, by phone and national groups."),
        "# Online, by phone and national",
        "These groups have no meeting place, so they are not on the map. You can join them from anywhere.",
        f'<div data-search-exclude markdown>\n\n{group_list(groups, page, ctx)}\n\n</div>',
        alongside_help_note(),
    ]) + "\n"


def _glossary(ctx: Context) -> str:
    page = paths.GLOSSARY
    parts = [
        front_matter(description="The types of peer support and peer roles, and the groups that offer each."),
        "# Types of peer support",
        "Peer support comes in different shapes. These are the words the directory uses. "
        + md_link("Read more about each type", paths.link(page, "about-peer-support/types.md")) + ".",
    ]
    for support_type in ctx.directory.vocabularies.support_types:
        groups = groups_with("support_types", support_type.id, ctx)
        names = ", ".join(md_link(g.name, paths.link(page, paths.group_page(g.id))) for g in groups)
        parts += [
            f"## {md_text(support_type.name)} {{ #{support_type.id} }}",
            md_text(support_type.description),
            f"**Groups:** {names}" if names else "No groups offer this yet.",
        ]
    return "\n\n".join(parts) + "\n"
