"""What keeps a page's dates right after the day it was built: `<time>` elements, and the marks that
`overrides/assets/javascripts/living-dates.js` reads to hide, by the visitor's own clock, what has
ended since (the list of what is coming up, the events page, a group's next meetings).

A page is built for one day (`--today`) and read for weeks. Each row or item that can end carries
`data-ends`, the moment it is gone: the midnight after its last day in its own time zone, as the
build judges it (`event_words.is_past`: an event, like a meeting, stays listed on its day). The
script acts only inside an element marked `data-living-dates`, so a newsletter's diary, a dated
snapshot that shares the events table, stays as printed. Inside one:

* `data-shown="3"` on the container: show only the first three items that have not ended (the
  page carries a few more, `hidden`, to take the place of those that end);
* `data-living-group` on an element (a month of the events page, a list): hidden once all of its
  items are;
* `data-living-none` on a message, `hidden` as built: shown once no item is left;
* `data-shown-from` on a notice, `hidden` as built: shown from that moment on (a group's "may be out
  of date" notice, from the day its details are old enough).

Without JavaScript the page shows exactly what the build knew: `hidden` stays hidden.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from . import html

LIVING_DATES = "data-living-dates"


def living_container(shown: int | None = None) -> html.Attributes:
    """The attributes of an element whose items living-dates.js keeps up to date."""
    return {LIVING_DATES: True, "data-shown": str(shown) if shown else None}


LIVING_GROUP: html.Attributes = {"data-living-group": True}


@lru_cache(maxsize=64)
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def moment(local: datetime, timezone: str) -> str:
    """A local date and time as an HTML global date and time with its zone's offset on that day,
    `2027-06-09T14:00+01:00`, which browsers' `Date.parse` reads too. A time the clocks skip when they
    go forward is given the offset before the change (Python's `fold=0`): the same moment as the
    time the clocks jump to."""
    return local.replace(tzinfo=_zone(timezone)).isoformat(timespec="minutes")


def starts(day: date, timezone: str) -> str:
    """The first moment of `day`: its midnight, local time."""
    return moment(datetime.combine(day, time(0)), timezone)


def ends(last_day: date, timezone: str) -> str:
    """The moment something whose last day is `last_day` is gone: the midnight after, local time."""
    return starts(last_day + timedelta(days=1), timezone)


def item_attributes(last_day: date, timezone: str, hidden: bool = False) -> html.Attributes:
    """A row or item that living-dates.js hides once its last day is over; `hidden` for one the page
    carries for later."""
    return {"data-ends": ends(last_day, timezone), "hidden": hidden}


def time_element(words: str, machine_value: str) -> str:
    """`<time datetime="…">words</time>`: a date as people read it and as machines do."""
    return html.element("time", html.text(words), {"datetime": machine_value})


def nothing_left(message: str) -> str:
    """The message (HTML) living-dates.js shows once every item of its container has ended; hidden as
    built, since the build had some to show."""
    return html.paragraph(message, {"hidden": True, "data-living-none": True, **html.UNSEARCHED})
