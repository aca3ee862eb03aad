"""What every page and file about events says alike: which events are dated, past or still to be
confirmed, and when and where each happens, in words (the events pages, the diary in a newsletter,
the list of what is coming up, the calendar files)."""

from __future__ import annotations

from datetime import date, datetime

from ...models import DEFAULT_TIMEZONE, Event
from . import html
from .living_dates import moment, time_element
from .places import address_parts
from .schedule import clock
from .text import long_date

TO_BE_CONFIRMED = "Date to be confirmed"
COMING_UP = 3  # events in "Coming up" on the home page, and in an e-mail edition's


def is_dated(event: Event) -> bool:
    return event.start is not None


def last_day(event: Event) -> date:
    """The day a dated event ends (or starts, when no end is given)."""
    assert event.start is not None
    return (event.end or event.start).date()


def is_past(event: Event, today: date) -> bool:
    """Past once its last day is over: an event stays upcoming on the day it happens."""
    return is_dated(event) and last_day(event) < today


def upcoming_dated(events: tuple[Event, ...], today: date) -> list[Event]:
    """Dated events that have not finished, soonest first."""
    return sorted((e for e in events if is_dated(e) and not is_past(e, today)), key=_start_order)


def past_events(events: tuple[Event, ...], today: date) -> list[Event]:
    """Finished events, most recent first."""
    return sorted((e for e in events if is_past(e, today)), key=_start_order, reverse=True)


def to_be_confirmed(events: tuple[Event, ...]) -> list[Event]:
    return sorted((e for e in events if not is_dated(e)), key=lambda e: (e.title.lower(), e.id))


def _start_order(event: Event) -> tuple[datetime, str]:
    assert event.start is not None
    return (event.start, event.id)


def day_in_words(moment: datetime | date) -> str:
    """`Wednesday 9 June 2027`."""
    return f"{moment:%A} {long_date(moment)}"


def when_in_words(event: Event) -> str:
    """`Wednesday 9 June 2027, 14:00 to 15:30`, in the event's own local time."""
    return "".join(words for words, _ in _when(event))


def when_in_html(event: Event) -> str:
    """The same words as `when_in_words`, with the start and the end each in a `<time>` element
    whose value is the moment with the offset of the event's time zone on that day."""
    return "".join(time_element(words, moment(local, event.timezone)) if local else html.text(words)
                   for words, local in _when(event))


def _when(event: Event) -> list[tuple[str, datetime | None]]:
    """The words of when an event is, in pieces: each with the local time it names, if it names one."""
    start, end = event.start, event.end
    if start is None:
        return [(TO_BE_CONFIRMED, None)]
    pieces: list[tuple[str, datetime | None]] = [(f"{day_in_words(start)}, {clock(start.time())}", start)]
    if end is not None and end.date() == start.date():
        pieces += [(" to ", None), (clock(end.time()), end)]
    elif end is not None:
        pieces += [(" to ", None), (f"{day_in_words(end)}, {clock(end.time())}", end)]
    if event.timezone != DEFAULT_TIMEZONE:
        pieces.append((f" ({event.timezone} time)", None))
    return pieces


def day_in_html(day: date) -> str:
    """`Wednesday 9 June 2027` in a `<time>` element whose value is the date."""
    return time_element(day_in_words(day), day.isoformat())


def place_in_words(event: Event) -> str:
    """Where the event happens, in one line of plain text."""
    places = []
    if event.location and address_parts(event.location):
        places.append(", ".join(address_parts(event.location)))
    elif event.venue_note:
        places.append(event.venue_note)
    if event.online:
        places.append("Online")
    return " or ".join(places) if places else "Given when you register"

