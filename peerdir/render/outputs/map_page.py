"""The map: a page with every open group that has a meeting place, and a small map per group page.

The page is a frame of plain HTML (filters, place box, lists) around a Leaflet map whose
skeleton Folium writes (`folium_maps.py`). The groups come from `map/groups.json`
(`map_data.py`); `overrides/assets/javascripts/directory-map.js` turns them into markers,
popups and lists in the browser, always setting group text as text. Everything the page
loads comes from the site itself except the map tiles, from the provider in mkdocs.yml.
"""

from __future__ import annotations

from ... import paths
from ...models import FORMATS
from ..parts.boundaries import alongside_help_note
from ..parts.common import Context, front_matter
from ..parts.folium_maps import DIRECTORY_MAP, Skeleton, skeleton
from ..parts.formats import FORMAT_NAMES
from ..parts.map_embed import embed_open, map_script
from ..parts.text import html_text, md_link

# The filters: (URL parameter, facet, label, the choice that filters nothing).
FILTERS = (
    ("type", "support_types", "Type of support", "Any type"),
    ("for", "audiences", "Who it is for", "Anyone"),
    ("topic", "topics", "Topic", "Any topic"),
    ("format", "formats", "How it meets", "Any way"),
    ("lang", "languages", "Language", "Any language"),
    ("access", "access_needs", "Access", "Any"),
    ("day", "days", "Day", "Any day"),
)
DAY_CHOICES = [("today", "Meets today")] + [
    (day, f"{day.capitalize()}s") for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
]


def render_map_page(ctx: Context, data_version: str, places_version: str,
                    embedded: dict[str, str] | None = None) -> str:
    """With `embedded` (in a preview opened from its folder, where a browser refuses to fetch a file:
    map/groups.json's and map/places.json's text, by the kind of data, "groups" and "places"), the page
    carries them in data blocks, which the map reads instead."""
    page = paths.MAP
    groups = ctx.open_groups()
    located = sum(1 for g in groups if g.location is not None)
    built = skeleton(DIRECTORY_MAP, ctx.settings.map_tiles)
    # The fingerprints in the URLs: a browser never pairs this page with older data.
    attributes = {"data-map-data": paths.relative_url(page, paths.MAP_DATA) + f"?v={data_version}",
                  "data-map-places": paths.relative_url(page, paths.MAP_PLACES) + f"?v={places_version}",
                  # The postcode districts' centres (peerdir/postcode_districts.py), the same file whatever is typed.
                  "data-map-postcodes": paths.relative_url(page, paths.MAP_POSTCODES),
                  "data-group-count": str(len(groups)), "data-located-count": str(located),
                  # The place box, filters and lists are the interface, not what the page is about: indexed,
                  # they were its search excerpt ("Any topicParenting with..."), and each group has its page.
                  "data-search-exclude": ""}
    parts = [
        front_matter(description="Peer support groups for parents and carers on a map: find one near you.",
                     hide=["navigation", "toc"]),
        "# Groups on a map",
        # One raw HTML block (no blank lines inside), then the script that brings it to life.
        "\n".join([embed_open(page, built, "directory-map", attributes),
                   _place_search(), _controls(ctx), _layout(built), *_data_blocks(embedded or {}), "</div>"]),
        map_script(page),
        "Prefer a plain list? See " + md_link("all groups from A to Z", paths.link(page, paths.A_TO_Z))
        + " or " + md_link("groups you can join from anywhere", paths.link(page, paths.REMOTE)) + ".",
        alongside_help_note(),
    ]
    return "\n\n".join(parts) + "\n"


def _data_blocks(embedded: dict[str, str]) -> list[str]:
    """The map's data as JSON data blocks: a browser never runs them, so the page's policy needs no hash
    for them. Editors' text is inside, written by `map_data.compact_json` with `<`, `>` and `&` as `\\u`
    escapes: nothing in it can end a block (`</script>`) or open a comment."""
    return [f'<script type="application/json" data-map-json="{kind}">{text.strip()}</script>'
            for kind, text in embedded.items()]


def _place_search() -> str:
    return "\n".join([
        '<form class="map-place" role="search" aria-label="Groups near a place">',
        '<label for="map-place-input">Postcode, area or venue</label>',
        '<div class="map-place__row">',
        '<input id="map-place-input" name="place" type="search" autocomplete="off" spellcheck="false" '
        'enterkeyhint="search" placeholder="e.g. W14 0LR">',
        '<button type="submit" class="md-button md-button--primary">Show</button>',
        '<button type="button" class="md-button map-near-me" data-near-me>Near me</button>',
        "</div>",
        '<p class="map-place__message" data-place-message hidden></p>',
        '<p class="map-note">What you type and your location stay in your browser. '
        'Postcode districts from <a href="https://www.geonames.org/">GeoNames</a> '
        '(<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>).</p>',
        "</form>",
    ])


def _controls(ctx: Context) -> str:
    """Filters, the status line and Map / List. On a phone the filters fold away behind a button."""
    fields = []
    for name, facet, label, any_choice in FILTERS:
        choices = "".join(f'<option value="{html_text(value)}">{html_text(text)}</option>'
                          for value, text in _choices(facet, ctx))
        fields.append(
            f'<div class="map-filter"><label for="map-filter-{name}">{html_text(label)}</label>'
            f'<select id="map-filter-{name}" name="{name}" data-facet="{facet}">'
            f'<option value="">{html_text(any_choice)}</option>{choices}</select></div>'
        )
    return "\n".join([
        '<div class="map-controls">',
        '<button type="button" class="map-filters-toggle md-button" aria-expanded="false" '
        'aria-controls="map-filters" data-filters-toggle>Filters</button>',
        '<fieldset class="map-filters" id="map-filters">',
        "<legend>Show only groups</legend>",
        *fields,
        '<button type="button" class="map-clear md-button" data-clear-filters hidden>Clear filters</button>',
        "</fieldset>",
        '<p class="map-status" role="status" aria-live="polite" data-status>Loading the map…</p>',
        # On a phone the choices fold away behind "Filters (1)": the ones in use show here, each a
        # button that removes it (directory-map.js fills it in).
        '<ul class="map-chips" aria-label="Filters in use" data-active-filters hidden></ul>',
        '<div class="map-views" role="group" aria-label="Show the groups as">',
        '<button type="button" class="md-button" data-view="map" aria-pressed="true">Map</button>',
        '<button type="button" class="md-button" data-view="list" aria-pressed="false">List</button>',
        "</div>",
        "</div>",
    ])


def _choices(facet: str, ctx: Context) -> list[tuple[str, str]]:
    """The terms at least one open group has, in the order of support_types.yaml: no choice leads nowhere."""
    groups = ctx.open_groups()
    if facet == "days":
        return DAY_CHOICES
    if facet == "formats":
        used = {f for g in groups for f in g.formats}
        return [(f, FORMAT_NAMES[f]) for f in FORMATS if f in used]
    field = "access" if facet == "access_needs" else facet
    used = {term_id for g in groups for term_id in getattr(g, field)}
    return [(t.id, t.name) for t in ctx.terms(facet) if t.id in used]


def _layout(built: Skeleton) -> str:
    return "\n".join([
        '<div class="map-layout">',
        '<div class="map-pane" data-pane="map">',
        '<a class="map-skip" href="#map-aside">Skip the map</a>',
        '<div class="map-frame" role="region" aria-label="Map of groups. Arrow keys move the map, '
        'plus and minus zoom; Tab reaches the groups.">',
        built.html,
        "</div>",
        "</div>",
        '<section class="map-list" data-pane="list" aria-labelledby="map-list-title" hidden>',
        '<h2 id="map-list-title">Groups</h2>',
        '<ol class="map-groups" data-list="all"></ol>',
        "</section>",
        # Not an <aside>: a complementary landmark belongs at the top level, not inside <main>;
        # each list in it is a named region with a heading of its own.
        '<div class="map-aside" id="map-aside" tabindex="-1">',
        '<section class="map-nearest" aria-labelledby="map-nearest-title" data-nearest hidden>',
        '<h2 id="map-nearest-title">Nearest groups</h2>',
        '<ol class="map-groups" data-list="nearest"></ol>',
        "</section>",
        '<section class="map-remote" aria-labelledby="map-remote-title" data-remote>',
        '<h2 id="map-remote-title">Online, by phone and national</h2>',
        "<p>These groups have no meeting place, so they are not on the map. You can join them from anywhere.</p>",
        '<ul class="map-groups" data-list="remote"></ul>',
        "</section>",
        "</div>",
        "</div>",
    ])
