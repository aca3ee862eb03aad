"""Where a group or event meets: the address and links to open it in a map app, as HTML.

Shared by group pages and event pages so that a place reads, and opens, the same way on both.
"""

from __future__ import annotations

from urllib.parse import quote

from ...models import Location
from . import html


def address_parts(location: Location) -> list[str]:
    """Venue, street address and postcode as written; nothing for a home (approximate) location."""
    if location.approximate:
        return []
    return [x for x in (location.name, location.address, location.postcode) if x]


def address_html(location: Location) -> str:
    """The address on separate lines."""
    return html.paragraph(html.join_lines(html.text(x) for x in address_parts(location)))


def map_addresses(location: Location, label: str) -> tuple[str, str]:
    """A `geo:` address, which phones open in their own map app, and the place on OpenStreetMap."""
    lat, lon = f"{location.lat:.5f}", f"{location.lon:.5f}"
    return (f"geo:{lat},{lon}?q={lat},{lon}({quote(label)})",
            f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}")


def map_links_html(location: Location, label: str) -> str:
    """The place in a map app and on OpenStreetMap, as HTML."""
    geo, osm = map_addresses(location, label)
    return html.paragraph(f"{html.button('Open in your map app', geo)} {html.link('Show on OpenStreetMap', osm)}",
                          {"data-search-exclude": True})
