"""The baseline's pages: each group's page in Markdown, as an author would write it by hand.

This is the Markdown our renderer wrote for a group before group pages were generated as HTML
(peerdir/render/outputs/group_page.py): the same facts, headings, lists, links, call-outs and map, so the
baseline's pages are ours in all but their source format. Used only by build_benchmark.py.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

from peerdir import paths
from peerdir.models import Group, Location
from peerdir.render.outputs.group_page import NEXT_MEETINGS
from peerdir.render.parts.boundaries import ALONGSIDE, NOTE_CLASS, WHAT_A_GROUP_IS_NOT
from peerdir.render.parts.common import Context, front_matter
from peerdir.render.parts.contact import contact_links
from peerdir.render.parts.corrections import correction_url
from peerdir.render.parts.formats import FORMAT_NAMES
from peerdir.render.parts.map_embed import render_group_map
from peerdir.render.parts.places import address_parts
from peerdir.render.parts.recurrence import has_regular_meetings, meetings_ahead
from peerdir.render.parts.schedule import clock, schedule_lines
from peerdir.render.parts.text import long_date, md_link, md_text, sanitised_markdown
from peerdir.report import is_stale


def group_boundaries_note() -> str:
    return f"{WHAT_A_GROUP_IS_NOT} {ALONGSIDE}\n{NOTE_CLASS}"


def labels(ids: tuple[str, ...], facet: str, page: str, ctx: Context) -> str:
    return ", ".join(
        md_link(ctx.term(facet, term_id).name, paths.link(page, paths.facet_page(facet, term_id)))
        for term_id in ids
    )


def address_markdown(location: Location) -> str:
    return "  \n".join(md_text(x) for x in address_parts(location))


def map_links(location: Location, label: str) -> str:
    lat, lon = f"{location.lat:.5f}", f"{location.lon:.5f}"
    return (
        f"[Open in your map app](geo:{lat},{lon}?q={lat},{lon}({quote(label)})){{ .md-button }} "
        f"[Show on OpenStreetMap](https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon})"
        "\n{ data-search-exclude }"
    )


def markdown_group_page(group: Group, ctx: Context) -> str:
    page = paths.group_page(group.id)
    parts = [
        front_matter(description=group.summary, search_boost=2),
        f"# {md_text(group.name)}",
        _status(group),
        f"{md_text(group.organisation)}\n{{ .group-organisation }}" if group.organisation else "",
        f"{md_text(group.summary)}" + "\n{ .group-summary }",
        _description(group),
        _contact(group),
        _when(group, ctx),
        _where(group, page, ctx),
        _about(group, page, ctx),
        group_boundaries_note(),
        _checked(group, ctx.today),
        _correction(group, ctx),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _status(group: Group) -> str:
    notices = []
    if group.status == "closed":
        notices.append('!!! danger "This group has closed"\n'
                       "    It is no longer running. This page is kept so that old links still work. "
                       "[Find another group](../index.md).")
    elif group.status == "temporarily-closed":
        notices.append('!!! warning "Temporarily closed"\n'
                       "    This group is not meeting at the moment. Get in touch to find out when it restarts.")
    if group.alert:
        notices.append(f'!!! info "Notice"\n    {md_text(group.alert)}')
    return "\n\n".join(notices)


def _description(group: Group) -> str:
    if not group.description:
        return ""
    return f'<div class="group-description">\n{sanitised_markdown(group.description)}\n</div>'


def _contact(group: Group) -> str:
    lines = [f"- **{label}:** {link}" for label, link in contact_links(group.contact)]
    return ("## How to get in touch\n\n<div class=\"group-contact\" markdown>\n\n"
            + "\n".join(lines) + "\n\n</div>")


def _when(group: Group, ctx: Context) -> str:
    lines = []
    for words, note in schedule_lines(group):
        lines.append(f"- {md_text(words)}" + (f" ({md_text(note)})" if note else ""))
    if group.schedule_note:
        lines.append(f"- {md_text(group.schedule_note)}")
    if not lines:
        return ""
    section = "## When it meets\n\n" + "\n".join(lines)
    if not group.schedule:
        return section
    zone = "UK time" if group.timezone == "Europe/London" else f"local time ({md_text(group.timezone)})"
    return section + f"\n\nTimes are {zone}.\n{{ data-search-exclude }}" + _next_meetings(group, ctx)


def _next_meetings(group: Group, ctx: Context) -> str:
    """The next few dates from the regular schedule, and the schedule as a recurring calendar entry."""
    if not has_regular_meetings(group):
        return ""
    items = [f"- {md_text(words)}" for words in _next_meeting_words(group, ctx.today)]
    calendar = paths.link(paths.group_page(group.id), paths.group_calendar(group.id))
    return ('\n\n<div class="group-next-meetings" data-search-exclude markdown>\n\n'
            "**Next meetings**, worked out from the times above:\n\n"
            + "\n".join(items)
            + f"\n\n[Add the regular meetings to your calendar](<{calendar}>){{ .md-button }}\n\n</div>")


def _where(group: Group, page: str, ctx: Context) -> str:
    formats = ", ".join(FORMAT_NAMES[f] for f in group.formats)
    lines = [f"**How it meets:** {formats}"]
    location = group.location
    if location and location.approximate:
        area = ctx.term("areas", group.area).name
        lines.append(f"Meets in a private home in the {md_text(area)} area. "
                     "The group shares the address when you get in touch.")
    elif location:
        lines.append(address_markdown(location))
        lines.append(map_links(location, location.name or group.name))
    else:
        area = ctx.term("areas", group.area).name
        lines.append(f"No meeting place: this group is {md_text(area.lower() if group.area == 'national' else area)}"
                     " and runs " + ", ".join(FORMAT_NAMES[f].lower() for f in group.formats) + "."
                     "\n{ data-search-exclude }")
    lines.append(render_group_map(group, page, ctx))
    return "## Where\n\n" + "\n\n".join(line for line in lines if line)


def _about(group: Group, page: str, ctx: Context) -> str:
    rows = [
        ("Type of support", ", ".join(
            md_link(ctx.term("support_types", t).name, paths.link(page, paths.GLOSSARY, t))
            for t in group.support_types)),
        ("Who it is for", labels(group.audiences, "audiences", page, ctx)),
        ("Topics", labels(group.topics, "topics", page, ctx)),
        ("Area", labels((group.area,), "areas", page, ctx)),
        ("Cost", md_text(group.cost) if group.cost else ""),
        ("Referral", md_text(group.referral) if group.referral else ""),
        ("Languages", md_text(", ".join(group.languages)) if group.languages else ""),
        ("Accessibility", md_text(group.accessibility) if group.accessibility else ""),
    ]
    body = "\n\n".join(f"**{name}**\n:   {value}" for name, value in rows if value)
    return "## About this group\n\n" + body


def _checked(group: Group, today: date) -> str:
    line = f"Details checked on {long_date(group.last_verified)}."
    if is_stale(group, today):
        return ('!!! warning "These details may be out of date"\n'
                f"    {line} That is more than a year ago, so please check with the group "
                "before you go, and tell us if anything has changed.")
    return line + "\n{ .group-checked data-search-exclude }"


def _correction(group: Group, ctx: Context) -> str:
    url = correction_url(group, ctx.repo_url)
    if not url:
        return ""
    return f"[Suggest a correction]({url}){{ .group-correction data-search-exclude }}"


def _next_meeting_words(group: Group, today: date) -> list[str]:
    """The next meetings as the group page words them (its <time> elements aside)."""
    words = []
    for occurrence in meetings_ahead(group, today, 8, NEXT_MEETINGS, NEXT_MEETINGS):
        day, start = occurrence.day, occurrence.meeting.start
        note = occurrence.meeting.note if len(group.schedule) > 1 else None
        words.append(f"{day:%A} {day.day} {day:%B}" + (f" {day.year}" if day.year != today.year else "")
                     + f", {clock(start)}" + (f" ({note})" if note else ""))
    return words
