"""A page per group: everything a parent needs to decide, and to get in touch."""

from __future__ import annotations

from datetime import date, datetime

from ... import paths
from ...models import Group
from ..parts import html
from ..parts.ageing import is_out_of_date, out_of_date_from, out_of_date_words
from ..parts.boundaries import group_boundaries_html
from ..parts.common import Context, correction_links_html, html_page, labels_html
from ..parts.contact import contact_links_html
from ..parts.corrections import correction_email_url, correction_url
from ..parts.formats import format_names, formats_in_words
from ..parts.group_details import other_organisation
from ..parts.living_dates import (
    LIVING_GROUP,
    item_attributes,
    living_container,
    moment,
    nothing_left,
    starts,
    time_element,
)
from ..parts.map_embed import render_group_map
from ..parts.places import address_html, map_links_html
from ..parts.public_data import ABROAD_AREA, NATIONAL_AREA
from ..parts.recurrence import Occurrence, has_regular_meetings, meetings_ahead
from ..parts.schedule import clock, schedule_lines
from ..parts.structured_data import group_data, json_ld_script
from ..parts.text import long_date, sanitised_markdown


def render_group_page(group: Group, ctx: Context) -> str:
    page = paths.group_page(group.id)
    return html_page(group.name, [
        html.heading(1, html.text(group.name)),
        _status(group),
        _out_of_date(group, ctx),
        _organisation(group),
        html.paragraph(html.text(group.summary), {"class": "group-summary"}),
        _description(group),
        _contact(group),
        _when(group, ctx),
        _where(group, page, ctx),
        _about(group, page, ctx),
        group_boundaries_html(),
        _checked(group, ctx),
        correction_links_html(correction_url(group, ctx.repo_url), correction_email_url(
            group, ctx.settings.corrections_email, paths.absolute_url(ctx.settings.site_url, page))),
        json_ld_script(group_data(group, ctx)),
    ], description=group.summary, search_boost=2)


def _organisation(group: Group) -> str:
    """Who runs the group, under its name (not when it is the group's own name again)."""
    runs = other_organisation(group)
    return html.paragraph(html.text(runs), {"class": "group-organisation"}) if runs else ""


def _status(group: Group) -> str:
    notices = []
    if group.status == "closed":
        notices.append(html.admonition(
            "danger", "This group has closed",
            "It is no longer running. This page is kept so that old links still work. "
            + html.link("Find another group", "../index.md") + "."))
    elif group.status == "temporarily-closed":
        notices.append(html.admonition(
            "warning", "Temporarily closed",
            "This group is not meeting at the moment. Get in touch to find out when it restarts."))
    if group.alert:
        notices.append(html.admonition("info", "Notice", html.text(group.alert)))
    return "\n".join(notices)


def _description(group: Group) -> str:
    if not group.description:
        return ""
    return html.division(sanitised_markdown(group.description), {"class": "group-description"})


def _contact(group: Group) -> str:
    items = [f"<strong>{html.text(label)}:</strong> {link}" for label, link in contact_links_html(group.contact)]
    return (html.heading(2, "How to get in touch") + "\n"
            + html.division(html.bullet_list(items), {"class": "group-contact"}))


def _when(group: Group, ctx: Context) -> str:
    lines = []
    for words, note in schedule_lines(group):
        lines.append(html.text(words) + (f" ({html.text(note)})" if note else ""))
    if group.schedule_note:
        lines.append(html.text(group.schedule_note))
    if not lines:
        return ""
    section = html.heading(2, "When it meets") + "\n" + html.bullet_list(lines)
    if not group.schedule:
        return section
    zone = "UK time" if group.timezone == "Europe/London" else f"local time ({group.timezone})"
    return (section + "\n" + html.paragraph(html.text(f"Times are {zone}."), {"data-search-exclude": True})
            + _next_meetings(group, page=paths.group_page(group.id), ctx=ctx))


NEXT_MEETINGS = 3
# The page carries the meetings of about the next eight weeks, `hidden` but for the first three: as
# meetings pass after the build, the visitor's clock hides them and shows the next (`living_dates.py`).
# At most 16, a group that meets every day's 3 KB, as one of 5,000 pages.
MEETINGS_CARRIED_WEEKS = 8
MEETINGS_CARRIED_AT_MOST = 16


def _next_meetings(group: Group, page: str, ctx: Context) -> str:
    """The next few dates from the regular schedule, and the schedule as a recurring calendar entry."""
    if not has_regular_meetings(group):
        return ""
    carried = meetings_ahead(group, ctx.today, MEETINGS_CARRIED_WEEKS, NEXT_MEETINGS, MEETINGS_CARRIED_AT_MOST)
    items = [html.list_item(next_meeting_html(occurrence, group, ctx.today),
                            item_attributes(occurrence.day, group.timezone, hidden=index >= NEXT_MEETINGS))
             for index, occurrence in enumerate(carried)]
    calendar = paths.relative_url(page, paths.group_calendar(group.id))
    get_in_touch = html.link("get in touch with the group", "#how-to-get-in-touch")
    return "\n" + html.division("\n".join([
        html.paragraph("<strong>Next meetings</strong>, worked out from the times above:"),
        html.bullet_list_of(items, LIVING_GROUP),
        nothing_left("No dates are listed here just now: see the regular times above, and "
                     f"{get_in_touch} to check before you go."),
        html.paragraph(html.button("Add the regular meetings to your calendar", calendar)),
    ]), {"class": "group-next-meetings", "data-search-exclude": True, **living_container(NEXT_MEETINGS)})


def next_meeting_html(occurrence: Occurrence, group: Group, today: date) -> str:
    """`Wednesday 25 November, 10:30` (the year only when not this year's) in a `<time>` element, and
    the meeting's note when the group has more than one meeting time."""
    day, start = occurrence.day, occurrence.meeting.start
    words = f"{day:%A} {day.day} {day:%B}" + (f" {day.year}" if day.year != today.year else "") + f", {clock(start)}"
    note = occurrence.meeting.note if len(group.schedule) > 1 else None
    return (time_element(words, moment(datetime.combine(day, start), group.timezone))
            + (html.text(f" ({note})") if note else ""))


def _where(group: Group, page: str, ctx: Context) -> str:
    lines = [html.paragraph(f"<strong>How it meets:</strong> {html.text(formats_in_words(group.formats))}")]
    location = group.location
    if location and location.approximate:
        area = ctx.term("areas", group.area).name
        lines.append(html.paragraph(html.text(f"Meets in a private home in the {area} area. "
                                              "The group shares the address when you get in touch.")))
    elif location:
        lines.append(address_html(location))
        lines.append(map_links_html(location, location.name or group.name))
    else:
        area = ctx.term("areas", group.area).name
        ways = ", ".join(name.lower() for name in format_names(group.formats))
        # "national (UK-wide)" and "outside the UK" read as words in the sentence (only their first letter
        # lowered: UK keeps its capitals); a borough's name keeps its capital.
        where = area[:1].lower() + area[1:] if group.area in (NATIONAL_AREA, ABROAD_AREA) else area
        words = f"No meeting place: this group is {where} and runs {ways}."
        lines.append(html.paragraph(html.text(words), {"data-search-exclude": True}))
    lines.append(render_group_map(group, page, ctx))
    return html.heading(2, "Where") + "\n" + "\n".join(line for line in lines if line)


def _about(group: Group, page: str, ctx: Context) -> str:
    rows = [
        ("Type of support", ", ".join(
            html.link(ctx.term("support_types", t).name, paths.link(page, paths.GLOSSARY, t))
            for t in group.support_types)),
        ("Who it is for", labels_html(group.audiences, "audiences", page, ctx)),
        ("Topics", labels_html(group.topics, "topics", page, ctx)),
        ("Area", labels_html((group.area,), "areas", page, ctx)),
        ("Cost", html.text(group.cost) if group.cost else ""),
        ("Referral", html.text(group.referral) if group.referral else ""),
        ("Languages", labels_html(group.languages, "languages", page, ctx)),
        ("Access", labels_html(group.access, "access_needs", page, ctx)),
        ("Accessibility", html.text(group.accessibility) if group.accessibility else ""),
    ]
    return html.heading(2, "About this group") + "\n" + html.definition_list((n, v) for n, v in rows if v)


def _out_of_date(group: Group, ctx: Context) -> str:
    """Near the top, before the contact details, where a parent deciding whether to go reads it. A group
    that is not out of date yet carries the notice hidden, for living-dates.js to show by the visitor's
    clock from the day it is: if the nightly build stops, the page still does not call old details fresh."""
    notice = html.admonition("warning", "These details may be out of date", html.text(out_of_date_words(group, ctx)))
    if is_out_of_date(group, ctx):
        return notice
    if group.status == "closed":
        return ""
    shown_from = starts(out_of_date_from(group, ctx), group.timezone)
    return html.division(html.division(notice, {"hidden": True, "data-shown-from": shown_from}),
                         {"class": "group-out-of-date-later", **living_container(), **html.UNSEARCHED})


def _checked(group: Group, ctx: Context) -> str:
    """When the details were checked, at the foot of the page (an out-of-date group says it at the top)."""
    if is_out_of_date(group, ctx):
        return ""
    return html.paragraph(html.text(f"Details checked on {long_date(group.last_verified)}."),
                          {"class": "group-checked", "data-search-exclude": True})
