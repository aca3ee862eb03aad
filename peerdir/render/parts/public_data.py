"""What every open-data export shares: which groups it lists, their addresses on the site,
and the privacy rule for groups that meet in someone's home.

Every export (JSON, CSV, HSDS, Meeting Guide) goes through these helpers, so that a home
address can leak through none of them and a group's id and page address read the same in all.
"""

from __future__ import annotations

import uuid

from ... import paths
from ...models import Group, Location
from .common import Context

# A home-based group's position is published to 2 decimal places: about 1 km, the
# neighbourhood and never the door. The site's own pages show only the area's name.
APPROXIMATE_DECIMALS = 2
# Meeting places that are public venues: 5 decimal places is about a metre.
PRECISE_DECIMALS = 5
COUNTRY_CODE = "GB"   # ISO 3166-1, as HSDS asks
COUNTRY_NAME = "UK"   # as people write it in an address
NATIONAL_AREA = "national"
ABROAD_AREA = "outside-the-uk"  # groups run from another country, joined online

# Ids in HSDS are UUIDs. They are derived (uuid5) from this fixed namespace and a group's
# id or an organisation's name, so that every build gives a record the same id and an
# importer can update it instead of adding a duplicate. Never change this value.
ID_NAMESPACE = uuid.UUID("401663e2-437e-4c11-989b-625c65a63fc3")


def stable_uuid(kind: str, key: str) -> str:
    """The same UUID for the same record in every build, e.g. `stable_uuid("service", "tamba")`."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{key}"))


def groups_by_id(ctx: Context) -> list[Group]:
    """Every group, closed ones included, in id order (stable for people who diff the files)."""
    return sorted(ctx.directory.groups, key=lambda g: g.id)


def open_groups_by_id(ctx: Context) -> list[Group]:
    """Groups still running (active or temporarily closed), in id order."""
    return [g for g in groups_by_id(ctx) if g.status != "closed"]


def site_url_of(page: str, ctx: Context) -> str:
    """A page or file's address: absolute when the site has a `site_url`, else relative to the site root."""
    return paths.absolute_url(ctx.settings.site_url, page) or (paths.url_of(page) if page.endswith(".md") else page)


def absolute_url_of(page: str, ctx: Context) -> str:
    """A page or file's full address, or "" when the site has no `site_url`."""
    return paths.absolute_url(ctx.settings.site_url, page)


def public_position(location: Location) -> tuple[float, float]:
    """Latitude and longitude as published: rounded to about 1 km for a home."""
    decimals = APPROXIMATE_DECIMALS if location.approximate else PRECISE_DECIMALS
    return round(location.lat, decimals), round(location.lon, decimals)


def public_venue(location: Location) -> tuple[str | None, str | None, str | None]:
    """(name, street address, postcode) as published: none of them for a home."""
    if location.approximate:
        # The name of a home ("Sam's flat") can say whose it is: left out like the address.
        return None, None, None
    return location.name, location.address, location.postcode


def area_name(group: Group, ctx: Context) -> str:
    return ctx.term("areas", group.area).name


def area_address(group: Group, ctx: Context) -> str:
    """An address no closer than the group's area, e.g. `Kensington and Chelsea, UK`."""
    if group.area == NATIONAL_AREA:
        return COUNTRY_NAME
    if group.area == ABROAD_AREA:
        return area_name(group, ctx)
    return f"{area_name(group, ctx)}, {COUNTRY_NAME}"
