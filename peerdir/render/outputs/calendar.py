"""Calendar files (iCalendar, RFC 5545), made with the `icalendar` library.

- one file per dated event, for "Add to calendar";
- the whole calendar of dated events, which people can subscribe to;
- a group's regular meetings as recurring events (RRULE), for groups with a schedule;
- an area's: its dated events and its groups' regular meetings (`parts/area_items.py`), to subscribe to.

What makes them behave in calendar apps:
- UIDs are built from ids and the site's address only, so a subscriber sees an edited event
  change in place, never a duplicate;
- DTSTAMP is the build date, not the clock, so the same data and `--today` give the same bytes;
- times carry TZID=<the event's time zone> and the file has a matching VTIMEZONE, so 14:00 in
  London stays 14:00 on both sides of the clock changes;
- the library escapes commas, semicolons, backslashes and newlines and folds lines at 75 octets.

There is no METHOD property: these are published calendars, not iTIP messages (METHOD:PUBLISH
would require an ORGANIZER we do not have).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import icalendar

from ... import paths
from ...models import DEFAULT_TIMEZONE, Event, Group, Location, Meeting
from ..parts.area_items import AreaItems, area_items
from ..parts.common import Context, group_place, remembered
from ..parts.event_words import is_dated, place_in_words
from ..parts.places import address_parts
from ..parts.recurrence import has_regular_meetings, ical_byday, occurrences
from ..parts.schedule import meeting_in_words
from ..parts.text import plain_text_of_markdown

PRODUCT_ID = "-//peerdir//Parent and carer peer support directory//EN"
REFRESH = timedelta(days=1)  # how often subscribers' apps should fetch a feed again
RECURRING_YEARS = 10  # how far ahead a recurring series' VTIMEZONE spells out the clock changes


def render_calendar_files(ctx: Context) -> dict[str, bytes]:
    """Every calendar file of the site, keyed by its output path."""
    dated = sorted((e for e in ctx.directory.events if is_dated(e)), key=lambda e: (_event_start(e), e.id))
    files = {paths.event_calendar(event.id): remembered(_event_calendar, (event, _group_of(event, ctx)), ctx)
             for event in dated}
    files[paths.CALENDAR] = whole_calendar(dated, ctx)
    for group in ctx.directory.groups:
        if has_regular_meetings(group):
            files[paths.group_calendar(group.id)] = remembered(group_calendar, group, ctx)
    # Each area's worked out again in the preview only when an edit changed its groups or events.
    for area_id, items in area_items(ctx).items():
        files[paths.area_calendar(area_id)] = remembered(
            _area_calendar, (ctx.term("areas", area_id).name, tuple(items.groups), tuple(items.events)), ctx)
    return files


# --------------------------------------------------------------------------- the three kinds of file


def event_calendar(event: Event, ctx: Context) -> bytes:
    """One event, for "Add to calendar"."""
    return _finish("", [_event_entry(event, ctx)], [_event_start(event).date()], [_event_end(event).date()])


def _event_calendar(event_and_group: tuple[Event, Group | None], ctx: Context) -> bytes:
    return event_calendar(event_and_group[0], ctx)  # the group's name is in the description


def _group_of(event: Event, ctx: Context) -> Group | None:
    return ctx.directory.group(event.group) if event.group else None


def whole_calendar(events: list[Event], ctx: Context) -> bytes:
    """Every dated event, past ones included, so that subscribers keep their history."""
    title = f"{ctx.settings.site_name}: dates for the diary" if ctx.settings.site_name else "Dates for the diary"
    firsts = [_event_start(e).date() for e in events] or [ctx.today]
    lasts = [_event_end(e).date() for e in events] or [ctx.today]
    return _finish(title, [_event_entry(event, ctx) for event in events], firsts, lasts)


def group_calendar(group: Group, ctx: Context) -> bytes:
    """A group's regular meetings, each as an event that repeats by its RRULE from the next meeting on."""
    meetings = _meeting_entries(group, ctx)
    firsts = [first for first, _ in meetings]
    last = max(firsts).replace(year=max(firsts).year + RECURRING_YEARS, month=1, day=1)
    return _finish(group.name, [entry for _, entry in meetings], firsts, [last])


def _area_calendar(name_groups_events: tuple[str, tuple[Group, ...], tuple[Event, ...]], ctx: Context) -> bytes:
    name, groups, events = name_groups_events
    return area_calendar(name, AreaItems(list(groups), list(events)), ctx)


def area_calendar(area_name: str, items: AreaItems, ctx: Context) -> bytes:
    """An area's dated events (past ones too, as in the whole calendar) and its groups' regular meetings,
    with the same UIDs as in the event's and the group's own files: one subscribed to both sees one entry."""
    site = f"{ctx.settings.site_name}: " if ctx.settings.site_name else ""
    firsts = [_event_start(e).date() for e in items.events]
    lasts = [_event_end(e).date() for e in items.events]
    entries = [_event_entry(event, ctx) for event in items.events]
    for group in items.groups:
        for first, entry in _meeting_entries(group, ctx):
            firsts.append(first)
            lasts.append(first.replace(year=first.year + RECURRING_YEARS, month=1, day=1))
            entries.append(entry)
    return _finish(f"{site}{area_name}", entries, firsts or [ctx.today], lasts or [ctx.today])


# --------------------------------------------------------------------------- entries, serialised once

# A calendar entry as published (a VEVENT's lines), with the time zones it names: an event is in its own
# file, the whole calendar and its area's; a group's meetings in the group's file and its area's.
Entry = tuple[bytes, frozenset[str]]


def _event_entry(event: Event, ctx: Context) -> Entry:
    return remembered(_serialised_event, event, ctx)


def _serialised_event(event: Event, ctx: Context) -> Entry:
    return _serialised(_event(event, ctx))


def _meeting_entries(group: Group, ctx: Context) -> tuple[tuple[date, Entry], ...]:
    """Each regular meeting's first date from today, and its entry."""
    return remembered(_serialised_meetings, group, ctx)


def _serialised_meetings(group: Group, ctx: Context) -> tuple[tuple[date, Entry], ...]:
    entries = []
    for number, meeting in enumerate(group.schedule, start=1):
        first = next(occurrences(meeting, ctx.today))
        entries.append((first, _serialised(_meeting(group, meeting, number, first, ctx))))
    return tuple(entries)


def _serialised(component: icalendar.Event) -> Entry:
    """The entry's lines, and the zones its properties name (as Calendar.get_used_tzids finds them)."""
    zones = {value.params.get("TZID") for value in component.values() if hasattr(value, "params")}
    zones.discard(None)
    return _to_ical(component), frozenset(zones)


# --------------------------------------------------------------------------- components


def _calendar(name: str = "") -> icalendar.Calendar:
    """A VCALENDAR; with a `name` it is a calendar to subscribe to, without one a single entry to add.

    A single event's file has no name on purpose: Outlook opens a named file as a new,
    separate calendar instead of adding the event to the person's own."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if name:
        # NAME (RFC 7986) and X-WR-CALNAME, which most apps read. Added as vText because
        # icalendar 7.3 does not escape commas and semicolons in NAME (or in its `calendar_name`).
        calendar.add("name", icalendar.vText(_text(name)))
        calendar.add("x-wr-calname", icalendar.vText(_text(name)))
        # REFRESH-INTERVAL (RFC 7986) requires VALUE=DURATION, which `refresh_interval` leaves out.
        calendar.add("refresh-interval", icalendar.vDuration(REFRESH), parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))  # the same, for Outlook and Apple
    return calendar


def _event(event: Event, ctx: Context) -> icalendar.Event:
    zone = ZoneInfo(event.timezone)
    component = icalendar.Event()
    component.add("uid", uid("event", event.id, ctx))
    component.add("dtstamp", _stamp(ctx))
    component.add("dtstart", _event_start(event).replace(tzinfo=zone))
    if event.end:
        component.add("dtend", event.end.replace(tzinfo=zone))
    component.add("summary", _text(event.title))
    component.add("description", _text(_event_description(event, ctx)))
    component.add("location", _text(place_in_words(event)))
    _add_position_and_page(component, event.location, paths.event_page(event.id), ctx)
    return component


def _meeting(group: Group, meeting: Meeting, number: int, first: date, ctx: Context) -> icalendar.Event:
    zone = ZoneInfo(group.timezone)
    component = icalendar.Event()
    component.add("uid", uid("group", f"{group.id}-meeting-{number}", ctx))
    component.add("dtstamp", _stamp(ctx))
    component.add("dtstart", datetime.combine(first, meeting.start, zone))
    if meeting.end:
        component.add("dtend", datetime.combine(first, meeting.end, zone))
    component.add("rrule", rrule(meeting))
    summary = f"{group.name} ({meeting.note})" if meeting.note else group.name
    component.add("summary", _text(summary))
    component.add("description", _text(_meeting_description(group, meeting, ctx)))
    place = _group_location(group, ctx)
    if place:
        component.add("location", _text(place))
    _add_position_and_page(component, group.location, paths.group_page(group.id), ctx)
    return component


def _add_position_and_page(component: icalendar.Event, location: Location | None, page: str, ctx: Context) -> None:
    """GEO only for a precise place (never a home), and the page's address when site_url is known."""
    if location and not location.approximate:
        component.add("geo", (location.lat, location.lon))
    url = paths.absolute_url(ctx.settings.site_url, page)
    if url:
        component.add("url", url)


def rrule(meeting: Meeting) -> dict[str, object]:
    """The RRULE for a regular meeting: the same dates as `recurrence.occurrences` gives."""
    day = ical_byday(meeting)
    if meeting.frequency == "monthly":
        return {"FREQ": "MONTHLY", "BYDAY": day}
    if meeting.frequency == "fortnightly":
        return {"FREQ": "WEEKLY", "INTERVAL": 2, "BYDAY": day}
    return {"FREQ": "WEEKLY", "BYDAY": day}


def uid(kind: str, ident: str, ctx: Context) -> str:
    """`event-<id>@<host>/<path>`: stable for as long as the id and the site's address are.

    The path is part of it because project sites on one host (example.github.io) could
    otherwise give two directories' events the same UID."""
    parts = urlsplit(ctx.settings.site_url)
    where = (parts.netloc + parts.path.rstrip("/")) if parts.netloc else "peerdir.invalid"
    return f"{kind}-{ident}@{where}"


# --------------------------------------------------------------------------- text


def _event_description(event: Event, ctx: Context) -> str:
    lines = [f"Who it is for: {event.who_for}"]
    if event.description:
        lines.append(plain_text_of_markdown(event.description))
    lines.append(_registration_text(event))
    if event.group:
        lines.append(f"Run by {ctx.directory.group(event.group).name}")
    url = paths.absolute_url(ctx.settings.site_url, paths.event_page(event.id))
    if url:
        lines.append(f"Details and changes: {url}")
    return "\n\n".join(lines)


def _registration_text(event: Event) -> str:
    register = event.register
    if register is None:
        return "How to register: see the event's page"
    ways = [register.note or ""]
    if register.url:
        ways.append(f"Book online: {register.url}")
    if register.email:
        ways.append(f"E-mail: {register.email}")
    if register.phone:
        ways.append(f"Phone: {register.phone}")
    return "How to register: " + "\n".join(w for w in ways if w)


def _meeting_description(group: Group, meeting: Meeting, ctx: Context) -> str:
    lines = [group.summary, meeting_in_words(meeting) + (f" ({meeting.note})" if meeting.note else "")]
    if group.schedule_note:
        lines.append(group.schedule_note)
    lines.append("Times can change: check with the group before you go.")
    url = paths.absolute_url(ctx.settings.site_url, paths.group_page(group.id))
    if url:
        lines.append(f"Details and how to get in touch: {url}")
    return "\n\n".join(lines)


def _group_location(group: Group, ctx: Context) -> str:
    if group.location and group.location.approximate:
        return f"A private home in the {ctx.term('areas', group.area).name} area (address when you get in touch)"
    if group.location and address_parts(group.location):
        return group_place(group)
    return "Online" if "online" in group.formats else ""


def _text(value: str) -> str:
    """Plain text from the data, with `<` and `>` made harmless.

    RFC 5545 text is plain, but some calendar apps show DESCRIPTION as HTML; look-alike
    characters keep a title such as `<b>Hi</b>` from becoming markup there."""
    return value.replace("<", "\uff1c").replace(">", "\uff1e")


# --------------------------------------------------------------------------- time


def _stamp(ctx: Context) -> datetime:
    """DTSTAMP: midnight UTC on the build date, the same in every build of that day."""
    return datetime.combine(ctx.today, time(0), UTC)


def _event_start(event: Event) -> datetime:
    assert event.start is not None  # only dated events have calendar entries
    return event.start


def _event_end(event: Event) -> datetime:
    return event.end or _event_start(event)


def _finish(name: str, entries: list[Entry], firsts: list[date], lasts: list[date]) -> bytes:
    """The VCALENDAR of `entries` (named `name`, see `_calendar`), with a VTIMEZONE for every zone they use
    (the default zone when none), covering whole years around the dates: as the library serialises it
    (CRLF line ends, folded at 75 octets), the zones before the first entry, where it puts them.

    Nothing is serialised again for each file: each entry once (`_serialised`), the calendar's own lines
    once per name (the same for every single event's file), and each zone's VTIMEZONE once per build."""
    first, last = date(min(firsts).year, 1, 1), date(max(lasts).year + 1, 1, 1)
    used = frozenset().union(*(zones for _, zones in entries))
    tzids = sorted(used - {"UTC"}) if used else [DEFAULT_TIMEZONE]
    zones = b"".join(_vtimezone_ical(tzid, first, last) for tzid in tzids)
    return _calendar_head(name) + zones + b"".join(lines for lines, _ in entries) + CALENDAR_END


CALENDAR_END = b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=64)  # a single event's file has no name: one head for all of them
def _calendar_head(name: str) -> bytes:
    """The calendar's lines before its first component."""
    return _to_ical(_calendar(name)).removesuffix(CALENDAR_END)


@functools.cache
def _vtimezone_ical(tzid: str, first: date, last: date) -> bytes:
    return _to_ical(_vtimezone(tzid, first, last))


FOLD_AT = 75  # octets: the library folds a line once it would reach this length


def _to_ical(component: icalendar.cal.component.Component) -> bytes:
    """`component.to_ical()`, the same bytes, with the library folding only the lines long enough to
    need it: it walks every character of every line, which made calendars a tenth of a build."""
    lines = []
    for line in component.content_lines():
        if line:
            encoded = line.encode("utf-8")
            lines.append(encoded if len(encoded) < FOLD_AT else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


@functools.cache
def _vtimezone(tzid: str, first: date, last: date) -> icalendar.Timezone:
    """The VTIMEZONE of a zone over whole years; the component is only read when serialised."""
    return icalendar.Timezone.from_tzid(tzid, first_date=first, last_date=last)
