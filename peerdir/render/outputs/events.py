"""Dates for the diary: the events page, the archive of past events and a page per event.

All of it is HTML (see `html.py`): the pages are generated pages written as HTML. The diary
table is a part (`parts/events_table.py`), as a newsletter's diary has it too, and the short
list of what is coming up for the home page is an embed (`listings.py`).
"""

from __future__ import annotations

from datetime import date
from itertools import groupby
from urllib.parse import urlencode

from ... import paths
from ...models import DEFAULT_TIMEZONE, Event
from ..parts import html
from ..parts.common import Context, correction_links_html, html_page
from ..parts.contact import mailto_uri
from ..parts.corrections import correction_email_body
from ..parts.event_words import (
    TO_BE_CONFIRMED,
    day_in_html,
    is_dated,
    is_past,
    past_events,
    place_in_words,
    to_be_confirmed,
    upcoming_dated,
    when_in_html,
    when_in_words,
)
from ..parts.events_table import ARCHIVE_COLUMNS, COLUMNS, events_table, registration, table, ways_to_register
from ..parts.living_dates import LIVING_GROUP, living_container, nothing_left
from ..parts.places import address_html, address_parts, map_links_html
from ..parts.structured_data import event_data, json_ld_script
from ..parts.text import sanitised_markdown

# --------------------------------------------------------------------------- the events page and archive

# The events with no date yet, under their heading "Date to be confirmed": no "When" column saying it again.
UNDATED_COLUMNS = tuple(name for name in COLUMNS if name != "When")


def _month(event: Event) -> date:
    """The first day of the month the event starts in, for the month headings."""
    assert event.start is not None
    return event.start.date().replace(day=1)


def render_events_pages(ctx: Context) -> dict[str, str]:
    """The events page, the archive, and a page per event."""
    pages = {paths.EVENTS: _events_page(ctx), paths.EVENTS_ARCHIVE: _archive_page(ctx)}
    for event in ctx.directory.events:
        pages[paths.event_page(event.id)] = _event_page(event, ctx)
    return pages


def _events_page(ctx: Context) -> str:
    page = paths.EVENTS
    events = ctx.directory.events
    upcoming, unconfirmed = upcoming_dated(events, ctx.today), to_be_confirmed(events)
    title = "Dates for the diary"
    parts = [
        html.heading(1, html.text(title)),
        html.paragraph(html.text(
            "Events for parents, carers and peer workers: what they are, who they are for, when and where "
            "they happen, and how to book. Times are UK time unless it says otherwise.")),
        _subscribe(page, ctx),
    ]
    if not upcoming and not unconfirmed:
        parts.append(html.paragraph("Nothing is in the diary just now. Please check again soon."))
    if upcoming:
        parts.append(_upcoming_months(upcoming, page, ctx))
    if unconfirmed:
        parts += [html.heading(2, html.text(TO_BE_CONFIRMED)),
                  html.paragraph(html.text("These have no date yet: the page of each says how to hear when it is set.")),
                  html.division(table(unconfirmed, page, ctx, UNDATED_COLUMNS), html.UNSEARCHED)]
    parts.append(html.paragraph(html.link("Past events", paths.link(page, paths.EVENTS_ARCHIVE))))
    return html_page(title, parts, description="Dates for the diary: events for parents, carers and peer workers.")


def _upcoming_months(upcoming: list[Event], page: str, ctx: Context) -> str:
    """The dated events, a table for each month under its heading, kept up to date by the visitor's
    clock (`living_dates.py`): a month whose events have all ended goes with them."""
    months = [html.division(html.heading(2, html.text(f"{month:%B %Y}")) + "\n"
                            + _unsearched_table(list(in_month), page, ctx), LIVING_GROUP)
              for month, in_month in groupby(upcoming, key=_month)]
    past = html.link("past events", paths.link(page, paths.EVENTS_ARCHIVE))
    return html.division("\n".join([*months, nothing_left(f"No upcoming dates just now: see the {past}.")]),
                         living_container())


def _archive_page(ctx: Context) -> str:
    page = paths.EVENTS_ARCHIVE
    past = past_events(ctx.directory.events, ctx.today)
    title = "Past events"
    parts = [
        html.heading(1, html.text(title)),
        html.paragraph("Events that have already happened, most recent first. "
                       + html.link("See what is coming up", paths.link(page, paths.EVENTS)) + "."),
    ]
    if not past:
        parts.append(html.paragraph("No past events yet."))
    for month, in_month in groupby(past, key=_month):
        parts += [html.heading(2, html.text(f"{month:%B %Y}")), table(list(in_month), page, ctx, ARCHIVE_COLUMNS)]
    # Not in the search: someone who types a group's name or its venue means what is on now, and
    # each past event would come before the group's own page.
    return html_page(title, parts, description="Past events from the dates for the diary.", search_exclude=True)


def _subscribe(page: str, ctx: Context) -> str:
    """Links to the whole calendar: subscribe (webcal://, so calendar apps open it) and download."""
    download = html.button("Download all events (.ics)", paths.relative_url(page, paths.CALENDAR))
    feed_url = paths.absolute_url(ctx.settings.site_url, paths.CALENDAR)
    if not feed_url:
        return html.paragraph(download, {"class": "events-subscribe"})
    webcal = "webcal://" + feed_url.split("://", 1)[1]
    return "\n".join([
        html.paragraph("<strong>Add every event to your calendar.</strong> Subscribe, and new events appear "
                       "in your calendar app by themselves."),
        html.paragraph(html.button("Subscribe in your calendar app", webcal, primary=True) + " " + download),
        html.paragraph(f"Or copy this address into your calendar app: <code>{html.text(feed_url)}</code>",
                       {"class": "events-subscribe"}),
    ])


def _unsearched_table(events: list[Event], page: str, ctx: Context) -> str:
    """The list's table, left out of the search: each event has its own page there, and the list
    (which names groups and venues many times) would come before a group's page for its own name."""
    return html.division(events_table(events, page, ctx, living=True), html.UNSEARCHED)


# --------------------------------------------------------------------------- a page per event


def _event_page(event: Event, ctx: Context) -> str:
    page = paths.event_page(event.id)
    parts = [
        html.heading(1, html.text(event.title)),
        _event_status(event, page, ctx),
        html.paragraph(f"<strong>Who it is for:</strong> {html.text(event.who_for)}", {"class": "event-who-for"}),
        _event_when(event, page, ctx),
        _event_where(event),
        _event_registration(event, page, ctx),
        _event_about(event),
        _event_group(event, page, ctx),
        html.paragraph(html.link("All dates for the diary", paths.link(page, paths.EVENTS))),
        correction_links_html(event_correction_url(event, ctx.repo_url), event_correction_email_url(
            event, ctx.settings.corrections_email, paths.absolute_url(ctx.settings.site_url, page))),
        json_ld_script(event_data(event, ctx)),
    ]
    return html_page(event.title, parts,
                     description=f"{event.title}: {when_in_words(event)}. Who it is for: {event.who_for}.")


def event_correction_url(event: Event, repo_url: str) -> str:
    """A new GitHub issue about the event, its title and the details the page shows filled in."""
    if not repo_url:
        return ""
    query = urlencode({
        "title": f"Change to the event {event.title} ({event.id})",
        "body": "What has changed or is wrong:\n\n\nThe details we show now:\n" + "\n".join(_shown(event)),
    })
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def event_correction_email_url(event: Event, corrections_email: str, page_address: str) -> str:
    """An e-mail to the charity about the event, with its title, the details shown now and the page's address."""
    if not corrections_email:
        return ""
    return mailto_uri(corrections_email, f"Correction: the event {event.title} ({event.id})",
                      correction_email_body(_shown(event), page_address))


def _shown(event: Event) -> list[str]:
    return [f"Event: {event.title} ({event.id})", f"When: {when_in_words(event)}", f"Where: {place_in_words(event)}"]


def _event_status(event: Event, page: str, ctx: Context) -> str:
    if event.start and is_past(event, ctx.today):
        return html.admonition("note", "This event has finished",
                               f"It took place on {day_in_html(event.start.date())}. "
                               + html.link("See what is coming up", paths.link(page, paths.EVENTS)) + ".")
    return ""


def _event_when(event: Event, page: str, ctx: Context) -> str:
    """When it is; for an event with no date yet, "Date to be confirmed" once, here, with how to hear."""
    when = when_in_html(event)
    lines = [html.paragraph(when)]
    if not is_dated(event):
        hear = ("Use the details under How to register to hear when it is." if ways_to_register(event)
                else "Please check this page again later.")
        lines = [html.paragraph(f"<strong>{when}.</strong> {html.text(hear)}")]
    if is_dated(event) and not is_past(event, ctx.today):
        if event.timezone == DEFAULT_TIMEZONE:
            lines[0] = html.paragraph(f"{when} (UK time)")
        calendar = paths.relative_url(page, paths.event_calendar(event.id))
        lines.append(html.paragraph(html.button("Add to calendar", calendar, primary=True)))
    return "\n".join([html.heading(2, "When"), *lines])


def _event_where(event: Event) -> str:
    lines = []
    location = event.location
    if location and address_parts(location):
        lines.append(address_html(location))
    if event.venue_note:
        lines.append(html.paragraph(html.text(event.venue_note)))
    if event.online:
        lines.append(html.paragraph("Online: the organisers send the link when you register."))
    if location and not location.approximate:
        lines.append(map_links_html(location, location.name or event.title))
    if not lines:
        lines.append(html.paragraph("The organisers give the place when you register."))
    return "\n".join([html.heading(2, "Where"), *lines])


def _event_registration(event: Event, page: str, ctx: Context) -> str:
    if is_past(event, ctx.today):
        return ""
    return html.heading(2, "How to register") + "\n" + html.bullet_list(registration(event, page, ctx))


def _event_about(event: Event) -> str:
    if not event.description:
        return ""
    return (html.heading(2, "About this event") + "\n"
            + html.division(sanitised_markdown(event.description), {"class": "event-description"}))


def _event_group(event: Event, page: str, ctx: Context) -> str:
    if not event.group:
        return ""
    group = ctx.directory.group(event.group)
    return html.paragraph(f"Run by {html.link(group.name, paths.link(page, paths.group_page(group.id)))}.")

