"""The diary's table: the events page's five columns (what, who for, when, where, how to register),
shared by the events pages and the diary in a newsletter issue.

It is a real table with row and column headers; `events.css` turns each row into a card on
narrow screens, using the `data-label` of each cell as its visible label.
"""

from __future__ import annotations

from ... import paths
from ...models import Event
from . import html
from .common import Context
from .contact import email_link_html, tel_uri, web_link_html
from .event_words import is_dated, is_past, last_day, place_in_words, when_in_html
from .living_dates import item_attributes

COLUMNS = ("What", "Who for", "When", "Where", "How to register")


ARCHIVE_COLUMNS = COLUMNS[:4]


def events_table(events: list[Event], page: str, ctx: Context, living: bool = False) -> str:
    """The five-column table of the events page, for other pages (a newsletter's diary): a block
    of HTML, which Markdown passes through as it is. `living`: each dated row says when it ends,
    for the events page's script (`living_dates.py`); a newsletter's diary stays as printed."""
    return table(events, page, ctx, COLUMNS, living)


def table(events: list[Event], page: str, ctx: Context, columns: tuple[str, ...], living: bool = False) -> str:
    head = "".join(f"{html.element('th', html.text(name), {'scope': 'col'})}\n" for name in columns)
    rows = "".join(_row(event, page, ctx, columns, living) for event in events)
    return (f'<table class="events-table">\n<thead>\n<tr>\n{head}</tr>\n</thead>\n'
            f'<tbody>\n{rows}</tbody>\n</table>')


def _row(event: Event, page: str, ctx: Context, columns: tuple[str, ...], living: bool) -> str:
    when = when_in_html(event)
    if is_dated(event) and not is_past(event, ctx.today):
        when += "<br>" + _add_to_calendar(event, page)
    cells = {
        "What": event_link(event, page),
        "Who for": html.text(event.who_for),
        "When": when,
        "Where": html.text(place_in_words(event)),
        "How to register": "<br>".join(registration(event, page, ctx)),
    }
    html_cells = []
    for name in columns:
        # The title heads its row, so screen readers announce it with every other cell.
        tag, scope = ("th", "row") if name == "What" else ("td", None)
        html_cells.append(html.element(tag, cells[name], {"data-label": name, "scope": scope}) + "\n")
    ends = item_attributes(last_day(event), event.timezone) if living and is_dated(event) else None
    return html.element("tr", "\n" + "".join(html_cells), ends) + "\n"


def event_link(event: Event, page: str) -> str:
    return html.link(event.title, paths.link(page, paths.event_page(event.id)))


def _add_to_calendar(event: Event, page: str) -> str:
    """An "Add to calendar" link whose accessible name says which event, as a page may list several."""
    hidden = html.element("span", html.text(f": {event.title}"), {"class": "events-visually-hidden"})
    return html.element("a", "Add to calendar" + hidden, {
        "class": "events-add", "href": paths.relative_url(page, paths.event_calendar(event.id))})


def registration(event: Event, page: str, ctx: Context) -> list[str]:
    """The note and working links to book; or, with no way to book, how to find out more (HTML)."""
    note = [html.text(event.register.note)] if event.register and event.register.note else []
    return note + (ways_to_register(event) or [_find_out_more(event, page, ctx)])


def ways_to_register(event: Event) -> list[str]:
    """Links to book: a web page, an e-mail with the event's title as subject, a phone number."""
    register, ways = event.register, []
    if register and register.url:
        ways.append("Book online: " + web_link_html(register.url))
    if register and register.email:
        ways.append("E-mail " + email_link_html(register.email, event.title))
    if register and register.phone:
        ways.append("Phone " + html.link(register.phone, tel_uri(register.phone)))
    return ways


def _find_out_more(event: Event, page: str, ctx: Context) -> str:
    if event.group:
        group = ctx.directory.group(event.group)
        target = paths.link(page, paths.group_page(group.id), "how-to-get-in-touch")
        return "To find out more, contact " + html.link(group.name, target)
    return "No booking details yet: please check this page nearer the time"

