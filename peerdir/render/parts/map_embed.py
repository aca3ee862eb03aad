"""A Leaflet map inside a page: the markup around a Folium skeleton, and the small map on group pages.

A map's outer <div> names, in `data-map-scripts`, the scripts to load in order (Leaflet,
its plugins, then the Folium skeletons), and in `data-map-styles` their stylesheets:
`directory-map.js` (deferred) loads them all once the page has been drawn and then builds
the map, so the page's text never waits for the map's libraries. Only our own map.css is
a plain <link>, since it sizes the map's frame and lays out the controls from the start.
"""

from __future__ import annotations

from ... import paths
from ...models import Group
from .common import Context
from .folium_maps import GROUP_MAP, Skeleton, skeleton
from .text import html_text

PRECISE_DECIMALS = 4       # about 10 metres: enough to find the door
APPROXIMATE_DECIMALS = 2   # about a kilometre: never closer than the area for a home
APPROXIMATE_RADIUS_METRES = 1500
GROUP_MAP_ZOOM = {"precise": 15, "approximate": 12}


def render_group_map(group: Group, page: str, ctx: Context) -> str:
    """A small map of where a group meets: a pin, or for a home only a circle around the area."""
    location = group.location
    if location is None or group.status == "closed":
        return ""
    built = skeleton(GROUP_MAP, ctx.settings.map_tiles)
    if location.approximate:
        # Rounded here, so that the page never holds the home's exact coordinates.
        decimals, kind = APPROXIMATE_DECIMALS, "approximate"
        label = "Map of the area the group meets in; the exact place is not shown"
    else:
        decimals, kind = PRECISE_DECIMALS, "precise"
        label = "Map of where the group meets"
    attributes = {
        "data-lat": f"{round(location.lat, decimals):.{decimals}f}",
        "data-lon": f"{round(location.lon, decimals):.{decimals}f}",
        "data-zoom": str(GROUP_MAP_ZOOM[kind]),
        "data-place": kind,
    }
    if location.approximate:
        attributes["data-radius"] = str(APPROXIMATE_RADIUS_METRES)
    return "\n".join([
        embed_open(page, built, "group-map", attributes),
        f'<div class="map-frame" role="region" aria-label="{html_text(label)}">',
        built.html,
        "</div>",
        "</div>",
        "",
        map_script(page),
    ])


def embed_open(page: str, built: Skeleton, css_class: str, attributes: dict[str, str]) -> str:
    """The map's outer <div>, naming the scripts to load in order and their stylesheets, and our map.css."""
    scripts = [*built.scripts, paths.MAP_SETUPS]
    attributes = {"data-map": built.kind,
                  "data-map-scripts": " ".join(paths.relative_url(page, s) for s in scripts),
                  "data-map-styles": " ".join(paths.relative_url(page, s) for s in built.stylesheets),
                  **attributes}
    html_attributes = " ".join(f'{name}="{html_text(value)}"' for name, value in attributes.items())
    link = f'<link rel="stylesheet" href="{html_text(paths.relative_url(page, paths.MAP_STYLES))}">'
    return "\n".join([f'<div class="{css_class}" {html_attributes}>', link])


def map_script(page: str) -> str:
    """Our map script, deferred: it finds every map on the page and starts it once the page is drawn."""
    return f'<script src="{html_text(paths.relative_url(page, paths.MAP_SCRIPT))}" defer></script>'
