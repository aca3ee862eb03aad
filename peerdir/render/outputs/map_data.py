"""The open groups as one compact JSON file for the map page, and the places they meet at as another.

The map's script (overrides/assets/javascripts/directory-map.js) builds markers, popups,
filters and lists from `map/groups.json` in the browser, so a group costs one short JSON
array instead of Folium's ~1 KB of page per marker. Every value is data, which the script
sets as text, never as HTML or code. The layout:

    {"version": 1,
     "facets": {"support_types": [ids], "audiences": [...], "topics": [...], "languages": [tags],
                "access_needs": [...], "formats": [...], "areas": [...]},
     "names": {"formats": ["In person", ...], "areas": ["Kensington and Chelsea", ...]},
     "words": {"outOfDate": "Details may be out of date: ..."},
     "groupUrl": "../groups/", "approximateRadius": 1500,
     "groups": [[id, name, summary, types, audiences, topics, formats, languages, access, place, meetings,
                 lat, lon], ...]}

- types, audiences, topics, formats, languages, access: the terms of that facet the group has, as a number
  whose bit i stands for the i-th id in `facets` (a list of indexes for longer lists);
- place: 16 x the index of the group's area in `facets.areas`, plus 1 when it meets in a
  home (approximate: placed no closer than about a kilometre), 2 when temporarily closed,
  4 when its details may be out of date (render/parts/ageing.py) and 8 when it is listed
  after the checked groups (mkdocs.yml: list_last_after_months);
- meetings: the regular meetings, space separated, each `<day><frequency>[<extra>]@HHMM[-HHMM]`:
  day 0 (Monday) to 6; frequency `w`eekly, `f`ortnightly or `m`onthly; extra is the week
  of the month for monthly meetings (1 to 4, 5 for the last) and, for fortnightly ones,
  whether they fall in the even (0) or odd (1) weeks counted from Monday 5 January 1970;
- lat, lon: where it meets, in ten-thousandths of a degree (51.4991 is 514991); left out
  for a group with no meeting place, which the page lists beside the map.

The venues and postcodes, which only the place box needs, are in `map/places.json`, which
the page fetches when someone first uses the box:

    {"version": 1, "groups": "<fingerprint of groups.json>",
     "places": [[index in groups, venue, postcode], ...]}

Groups that meet in a home have no entry: their place is never more precise than the area.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from ... import paths
from ...models import DAYS, FORMATS, WEEKS, Group, Meeting
from ..parts.ageing import OUT_OF_DATE_IN_A_LIST, is_listed_last, is_out_of_date
from ..parts.common import Context
from ..parts.formats import FORMAT_NAMES
from ..parts.map_embed import APPROXIMATE_DECIMALS, APPROXIMATE_RADIUS_METRES, PRECISE_DECIMALS

VERSION = 1
MAX_BITS = 52              # a JSON number holds whole numbers up to 2**53 exactly
FACETS = ("support_types", "audiences", "topics")
# Facets after the formats in a record: the languages groups use, and the access needs (group field `access`).
LATER_FACETS = {"languages": "languages", "access_needs": "access"}
FLAG_APPROXIMATE = 1
FLAG_TEMPORARILY_CLOSED = 2
FLAG_OUT_OF_DATE = 4
FLAG_LISTED_LAST = 8
PLACE_FLAGS = 16  # the area's index is counted in steps of this, above the flags
FIRST_MONDAY = date(1970, 1, 5)  # fortnights are counted in weeks from here
FREQUENCY_LETTERS = {"weekly": "w", "fortnightly": "f", "monthly": "m"}


def map_data(ctx: Context) -> dict[str, Any]:
    """The map's data: every open group, with or without a meeting place."""
    vocabularies = ctx.directory.vocabularies
    facets = {facet: [term.id for term in ctx.terms(facet)] for facet in (*FACETS, *LATER_FACETS)}
    facets["formats"] = list(FORMATS)
    facets["areas"] = [term.id for term in vocabularies.areas]
    return {
        "version": VERSION,
        "facets": facets,
        "names": {"formats": [FORMAT_NAMES[f] for f in FORMATS], "areas": [t.name for t in vocabularies.areas]},
        # What the site says of a group whose details may be out of date, as its lists say it.
        "words": {"outOfDate": OUT_OF_DATE_IN_A_LIST},
        "groupUrl": paths.relative_url(paths.MAP, paths.FIND_A_GROUP),
        "approximateRadius": APPROXIMATE_RADIUS_METRES,
        "groups": [group_record(group, facets, ctx) for group in ctx.open_groups()],
    }


def place_index(ctx: Context, groups_version: str) -> dict[str, Any]:
    """Venues and postcodes of the groups on the map, for the place box (see the layout above)."""
    places = []
    for index, group in enumerate(ctx.open_groups()):
        location = group.location
        if location and not location.approximate and (location.name or location.postcode):
            places.append([index, location.name or "", location.postcode or ""])
    return {"version": VERSION, "groups": groups_version, "places": places}


def compact_json(value: object) -> str:
    """JSON without spaces, safe even inside a <script> element: `<`, `>`, `&` and the two
    JavaScript line terminators are written as \\u escapes."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text


def version_of(text: str) -> str:
    """A short fingerprint of a file, for its URL, so a browser never pairs a new page with old data."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]


def group_record(group: Group, facets: dict[str, list[str]], ctx: Context) -> list[object]:
    location = group.location
    flags = FLAG_TEMPORARILY_CLOSED if group.status == "temporarily-closed" else 0
    if location and location.approximate:
        flags |= FLAG_APPROXIMATE
    if is_out_of_date(group, ctx):
        flags |= FLAG_OUT_OF_DATE
    if is_listed_last(group, ctx):
        flags |= FLAG_LISTED_LAST
    record: list[object] = [
        group.id,
        group.name,
        group.summary,
        *(_bits(getattr(group, facet), facets[facet]) for facet in FACETS),
        _bits(group.formats, facets["formats"]),
        *(_bits(getattr(group, field), facets[facet]) for facet, field in LATER_FACETS.items()),
        facets["areas"].index(group.area) * PLACE_FLAGS + flags,
        " ".join(meeting_code(m) for m in group.schedule),
    ]
    if location:
        decimals = APPROXIMATE_DECIMALS if location.approximate else PRECISE_DECIMALS
        record += [_ten_thousandths(location.lat, decimals), _ten_thousandths(location.lon, decimals)]
    return record


def _ten_thousandths(degrees: float, decimals: int) -> int:
    """Degrees rounded to `decimals` places, as a whole number of ten-thousandths (shorter in JSON)."""
    return round(round(degrees, decimals) * 10_000)


def meeting_code(meeting: Meeting) -> str:
    """`2w@1030-1200` is every Wednesday, 10:30 to 12:00 (see the layout above)."""
    extra = ""
    if meeting.frequency == "monthly" and meeting.week:
        extra = str(WEEKS.index(meeting.week) + 1)
    elif meeting.frequency == "fortnightly" and meeting.starting:
        extra = str((meeting.starting - FIRST_MONDAY).days // 7 % 2)
    hours = f"{meeting.start:%H%M}" + (f"-{meeting.end:%H%M}" if meeting.end else "")
    return f"{DAYS.index(meeting.day)}{FREQUENCY_LETTERS[meeting.frequency]}{extra}@{hours}"


def _bits(values: tuple[str, ...], ids: list[str]) -> int | list[int]:
    indexes = sorted(ids.index(value) for value in values)
    if len(ids) > MAX_BITS:
        return indexes
    return sum(1 << index for index in indexes)
