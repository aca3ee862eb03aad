"""Each area's upcoming events as an RSS 2.0 feed (`browse/area/<area>.xml`), for a news reader or a
sending service's RSS campaign that sends a borough its own dates.

Which events are an area's: `parts/area_items.py`. "Upcoming" is worked out when the site is built:
an event leaves the feed at the first build after its last day. The published site is rebuilt every
night (.github/workflows), so the feed is at most a day behind; a feed has no script to hide an event
as the pages' living dates do (`parts/living_dates.py`), and a reader shows each item's date anyway.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from ... import paths
from ..parts.area_items import area_items
from ..parts.common import Context
from ..parts.event_words import last_day, place_in_words, when_in_words
from ..parts.rss import add, add_text, channel, serialised


def render_area_feeds(ctx: Context) -> dict[str, bytes]:
    """A feed per area that has a group or an event (when the site's address is known: feeds need
    absolute links); an area with nothing coming up has a feed with no items."""
    site_url = ctx.settings.site_url
    if not site_url:
        return {}
    return {paths.area_feed(area_id): _area_feed(area_id, ctx) for area_id in area_items(ctx)}


def _area_feed(area_id: str, ctx: Context) -> bytes:
    site_url = ctx.settings.site_url
    name = ctx.term("areas", area_id).name
    site = f"{ctx.settings.site_name}: " if ctx.settings.site_name else ""
    rss, found = channel(f"{site}events in {name}", paths.absolute_url(site_url, paths.facet_page("areas", area_id)),
                         f"Upcoming peer support events in {name}, and events run by its groups.",
                         paths.absolute_url(site_url, paths.area_feed(area_id)))
    for event in (e for e in area_items(ctx)[area_id].events if last_day(e) >= ctx.today):
        item = ET.SubElement(found, "item")
        link = paths.absolute_url(site_url, paths.event_page(event.id))
        add_text(item, "title", f"{event.title}: {when_in_words(event)}")
        add(item, "link", link)
        add_text(item, "description", f"{when_in_words(event)}. Where: {place_in_words(event)}. For: {event.who_for}.")
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = link
    return serialised(rss)
