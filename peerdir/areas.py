"""Whether a location is in its area: a circle around the area's centre, as `support_types.yaml` gives it.

Latitude and longitude swapped, or a longitude that lost its minus sign, put a London group in the
Indian Ocean or in Kent; the map would show it there without a word. The circle is generous (it holds
the whole area with a little to spare), so it catches those slips, not a venue over the border.
"""

from __future__ import annotations

import math

from .models import Area, Location

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG): the sphere that is closest to the Earth on average


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle distance between two points by the haversine formula. On a sphere it is within
    0.5% of the distance on the Earth's ellipsoid: ample for telling a borough from the sea."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_dphi, half_dlambda = (phi2 - phi1) / 2, math.radians(lon2 - lon1) / 2
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def covers(area: Area, lat: float, lon: float) -> bool:
    """Whether the point is in the area's circle; an area without a centre and radius covers everything."""
    if area.centre is None or area.radius_km is None:
        return True
    return distance_km(area.centre.lat, area.centre.lon, lat, lon) <= area.radius_km


def outside_message(location: Location, area: Area) -> str | None:
    """What is wrong with a location that is outside its area's circle, and what to check; None when it is in it."""
    lat, lon = location.lat, location.lon
    if area.centre is None or area.radius_km is None:
        return None
    distance = distance_km(area.centre.lat, area.centre.lon, lat, lon)
    if distance <= area.radius_km:  # what `covers` says, with the distance kept for the message
        return None
    where = f"{lat:g}, {lon:g} is {_km(distance)} km from the centre of {area.name}"
    if -90 <= lon <= 90 and covers(area, lon, lat):
        return f"{where}: are latitude and longitude swapped? (lat {lon:g}, lon {lat:g} is in the area)"
    if lon and covers(area, lat, -lon):
        if lon > 0:
            return (f"{where}: is the longitude's minus sign missing? (lon {-lon:g} is in the area; "
                    "places west of Greenwich have one)")
        return (f"{where}: should the longitude have no minus sign? (lon {-lon:g} is in the area; "
                "places east of Greenwich have none)")
    return (f"{where}, {_km(max(distance - area.radius_km, 0.1))} km beyond the {area.radius_km:g} km the area reaches: "
            "check lat and lon against the venue's postcode on a map, and check the group's `area`")


def _km(distance: float) -> str:
    """A distance as the messages write it: whole kilometres with thousands separators, tenths below 100."""
    return f"{distance:,.0f}" if distance >= 100 else f"{distance:.1f}".removesuffix(".0")
