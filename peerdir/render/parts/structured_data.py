"""What search engines read from a page besides its text: schema.org structured data, as JSON-LD.

An event's page describes it as a schema.org `Event` (what Google shows as an event); a group's page
describes the group as an `Organization` (see `group_data` for why that type). Only what the data
says goes in: a field we do not hold is left out, never given a default that would read as a fact
(no `eventStatus`: events.yaml records no cancellation or postponement, and EventScheduled is what
a reader assumes without one; no `offers`: events have no price field). A home's address is never
written, as on the page itself and in every export (`public_data.py`).

The data is built as plain dictionaries and written with `json.dumps`. Inside the HTML, a script
element ends at the first `</script`, and `<!--` changes how the parser looks for that end, whatever
the JSON around it says: so `<`, `>` and `&` are written as JSON's `\\u003c`, `\\u003e` and `\\u0026`,
which read back as the same characters. An editor's title can then hold anything and stay a string.
The element is data, not a script a browser runs, so the pages' security policy needs no hash for it
(`content_policy.DATA_TYPES`).
"""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

from ... import paths
from ...models import Event, Group, Location, Meeting
from . import html
from .common import Context
from .contact import tel_uri
from .group_details import other_organisation
from .living_dates import moment
from .public_data import COUNTRY_CODE, PRECISE_DECIMALS, absolute_url_of, area_address
from .recurrence import has_regular_meetings, ical_byday
from .text import plain_text_of_markdown

SCHEMA = "https://schema.org"
JSON_LD_TYPE = "application/ld+json"

Data = dict[str, Any]

# Characters that could end or confuse the script element, as JSON escapes that mean the same.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def json_ld_script(data: Data) -> str:
    """`<script type="application/ld+json">` holding `data`, which no text in it can end early."""
    text = json.dumps({"@context": SCHEMA, **data}, ensure_ascii=False, separators=(",", ":"))
    return html.element("script", text.translate(_SCRIPT_SAFE), {"type": JSON_LD_TYPE})


def _without_empty(data: Data) -> Data:
    """The fields that have a value: a field we do not know is left out, not written empty."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


# --------------------------------------------------------------------------- places


def _postal_address(location: Location) -> Data:
    """The street address and postcode as written; a postcode is a UK one (validation checks it)."""
    return _without_empty({
        "@type": "PostalAddress",
        "streetAddress": location.address,
        "postalCode": location.postcode,
        "addressCountry": COUNTRY_CODE if location.postcode else None,
    })


def _place(location: Location) -> Data | None:
    """The venue with its address and position; nothing for a home, whose door is never published."""
    if location.approximate:
        return None
    address = _postal_address(location)
    return _without_empty({
        "@type": "Place",
        "name": location.name,
        "address": address if len(address) > 1 else None,
        "geo": {"@type": "GeoCoordinates", "latitude": round(location.lat, PRECISE_DECIMALS),
                "longitude": round(location.lon, PRECISE_DECIMALS)},
    })


# A place online: its link is sent to those who register, so the site never has it to give.
VIRTUAL_LOCATION: Data = {"@type": "VirtualLocation"}


def _attendance_mode(in_person: bool, online: bool) -> str | None:
    if in_person and online:
        return f"{SCHEMA}/MixedEventAttendanceMode"
    if online:
        return f"{SCHEMA}/OnlineEventAttendanceMode"
    return f"{SCHEMA}/OfflineEventAttendanceMode" if in_person else None


# --------------------------------------------------------------------------- events


def event_data(event: Event, ctx: Context) -> Data:
    """The event as a schema.org Event. An event whose date is still to be confirmed has no
    `startDate`: schema.org allows that, though Google shows only dated events as events."""
    physical = _place(event.location) if event.location else None
    if physical is None and event.venue_note:
        physical = {"@type": "Place", "name": event.venue_note}
    where = [place for place in (physical, VIRTUAL_LOCATION if event.online else None) if place]
    group = ctx.directory.group(event.group) if event.group else None
    return _without_empty({
        "@type": "Event",
        "name": event.title,
        "url": absolute_url_of(paths.event_page(event.id), ctx),
        "startDate": moment(event.start, event.timezone) if event.start else None,
        "endDate": moment(event.end, event.timezone) if event.start and event.end else None,
        # An event that is not online happens in person, wherever the organisers say on booking.
        "eventAttendanceMode": _attendance_mode(in_person=not event.online or physical is not None,
                                                online=event.online),
        "location": _one_or_all(where),
        "description": plain_text_of_markdown(event.description) if event.description else None,
        "audience": {"@type": "Audience", "audienceType": event.who_for},
        "organizer": _without_empty({"@type": "Organization", "name": group.name, "url": group.contact.website})
        if group else None,
    })


def _one_or_all(values: list[Data]) -> Data | list[Data] | None:
    """A property's one value as itself, several as a list (as schema.org's examples write them)."""
    return values[0] if len(values) == 1 else values or None


# --------------------------------------------------------------------------- groups

# schema.org has no type for a peer support group. `Organization` ("a school, NGO, corporation,
# club, etc.") is the honest fit: people with a name, contact details, a meeting place and an area
# they serve. `LocalBusiness` would bring `openingHours` but says business, and would call a church
# hall's hours the group's; `NGO` is not true of every group (some are the NHS's); `Service` has
# no address, e-mail or phone of its own. The regular meetings are an `Event` with an
# `eventSchedule` (schema.org's `Schedule`: the day, the times, how often, from which date), which
# says what opening hours cannot: "every other Wednesday", "the last Monday of the month".
_REPEATS = {"weekly": "P1W", "fortnightly": "P2W", "monthly": "P1M"}


def group_data(group: Group, ctx: Context) -> Data:
    """The group as a schema.org Organization."""
    contact = group.contact
    place = _place(group.location) if group.location else None
    runs = other_organisation(group)
    return _without_empty({
        "@type": "Organization",
        "name": group.name,
        "description": group.summary,
        "url": contact.website,
        "mainEntityOfPage": absolute_url_of(paths.group_page(group.id), ctx),
        "email": contact.email,
        "telephone": tel_uri(contact.phone).removeprefix("tel:") if contact.phone else None,
        "sameAs": contact.social,
        "parentOrganization": {"@type": "Organization", "name": runs} if runs else None,
        "location": place,
        "areaServed": area_address(group, ctx),
        "event": _meetings(group, place, ctx.today),
    })


def _meetings(group: Group, place: Data | None, today: date) -> Data | None:
    """The regular meetings, while the group is meeting (not closed, for now or for good)."""
    if not has_regular_meetings(group):
        return None
    in_person, online = "in-person" in group.formats, "online" in group.formats
    where = [p for p, meets in ((place, in_person), (VIRTUAL_LOCATION, online)) if p and meets]
    return _without_empty({
        "@type": "Event",
        "name": group.name,
        "eventAttendanceMode": _attendance_mode(in_person, online),
        "location": _one_or_all(where),
        "eventSchedule": [_schedule(meeting, group.timezone, today) for meeting in group.schedule],
    })


def _schedule(meeting: Meeting, timezone: str, today: date) -> Data:
    """One meeting time. The day is a schema.org day of the week, or for a monthly meeting iCalendar's
    `1MO` (the first Monday), which `byDay` takes too: `byMonthWeek` cannot say "the last"."""
    monthly = meeting.frequency == "monthly"
    return _without_empty({
        "@type": "Schedule",
        "repeatFrequency": _REPEATS[meeting.frequency],
        "byDay": ical_byday(meeting) if monthly else f"{SCHEMA}/{meeting.day.capitalize()}",
        "startDate": _fortnight_from(meeting.starting, today).isoformat() if meeting.starting else None,
        "startTime": meeting.start.isoformat(timespec="minutes"),
        "endTime": meeting.end.isoformat(timespec="minutes") if meeting.end else None,
        "scheduleTimezone": timezone,
        "description": meeting.note,
    })


def _fortnight_from(starting: date, today: date) -> date:
    """Which fortnights: a schedule's `startDate` is when it begins, and the editors' `starting` is any
    one meeting, which may be still to come while the group meets now. So a meeting on or before the
    build day, a whole number of fortnights before `starting` if it is later: true on any later day too."""
    fortnights_ahead = -(-(starting - today).days // 14)  # rounded up; none for a meeting in the past
    return starting - timedelta(weeks=2 * max(fortnights_ahead, 0))
