"""What happens in each area: its groups and its events, for the area's own calendar and feed.

A group is in the area it names (`area:`). An event has no area of its own: it is in the area of the
group that runs it, or else in the area whose centre is nearest to where it happens, among the areas
whose circle holds that place (`areas.py`); an online event of no group is in none. So a parent in
Hammersmith who subscribes to Hammersmith and Fulham gets what happens there, and a charity covering
several boroughs can send each its own part.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...areas import covers, distance_km
from ...models import Area, Event, Group
from .common import Context
from .event_words import is_dated
from .recurrence import has_regular_meetings


@dataclass
class AreaItems:
    groups: list[Group] = field(default_factory=list)  # open groups with regular meetings, by name
    events: list[Event] = field(default_factory=list)  # dated events, by start

    def __bool__(self) -> bool:
        return bool(self.groups or self.events)


def area_items(ctx: Context) -> dict[str, AreaItems]:
    """Each area's groups with regular meetings and dated events; an area with neither is left out."""
    return ctx.remember("area items", lambda: _work_out(ctx))


def _work_out(ctx: Context) -> dict[str, AreaItems]:
    areas = ctx.directory.vocabularies.areas
    found: dict[str, AreaItems] = {area.id: AreaItems() for area in areas}
    for group in ctx.open_groups():
        if has_regular_meetings(group) and group.area in found:
            found[group.area].groups.append(group)
    for event in sorted((e for e in ctx.directory.events if is_dated(e)), key=lambda e: (e.start, e.id)):
        area = event_area(event, areas, ctx)
        if area in found:
            found[area].events.append(event)
    return {area_id: items for area_id, items in found.items() if items}


def event_area(event: Event, areas: tuple[Area, ...], ctx: Context) -> str | None:
    """The area of the event's group; else the nearest area whose circle holds its place; else none."""
    if event.group:
        return ctx.directory.group(event.group).area
    if event.location is None:
        return None
    lat, lon = event.location.lat, event.location.lon
    placed = [area for area in areas if area.centre is not None and area.radius_km is not None and covers(area, lat, lon)]
    if not placed:
        return None
    return min(placed, key=lambda area: (distance_km(area.centre.lat, area.centre.lon, lat, lon), area.id)).id  # type: ignore[union-attr]
