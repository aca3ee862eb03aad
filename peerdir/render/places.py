"""Where a group or event meets: the address in Markdown and links to open it in a map app.

Shared by group pages and event pages so that a place reads, and opens, the same way on both.
"""

from __future__ import annotations

from urllib.parse import quote

from ..models import Location
from .text import md_text


def address_parts(location: Location) -> list[str]:
    """Venue, street address and postcode as written; nothing for a home (approximate) location."""
    if location.approximate:
        return []
    return [x for x in (location.name, location.address, location.postcode) if x]


def address_markdown(location: Location) -> str:
    """The address on separate lines (Markdown hard line breaks)."""
    return "  \n".join(md_text(x) for x in address_parts(location))


def map_links(location: Location, label: str) -> str:
    """A `geo:` link, which phones open in their own map app, and the place on OpenStreetMap."""
    lat, lon = f"{location.lat:.5f}", f"{location.lon:.5f}"
    return (
        f"[Open in your map app](geo:{lat},{lon}?q={lat},{lon}({quote(label)})){{ .md-button }} "
        f"[Show on OpenStreetMap](https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon})"
        "\n{ data-search-exclude }"  # the same words on every page: nothing to find them by
    )
