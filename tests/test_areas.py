"""Areas' circles (support_types.yaml): the distance they are measured with, and the sample's circles."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from peerdir.areas import covers, distance_km, outside_message
from peerdir.models import Area, Centre, Location
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO

# Places whose position is well known (to about 100 m): each area's town hall or seat, and the UK's far
# corners. Every sample area's circle must hold its own.
PLACES_IN_AREAS = {
    "kensington-and-chelsea": [(51.5019, -0.1955)],  # Kensington Town Hall
    "westminster": [(51.4975, -0.1357)],  # Westminster City Hall, Victoria Street
    "hammersmith-and-fulham": [(51.4925, -0.2345)],  # Hammersmith Town Hall
    "camden": [(51.5297, -0.1256)],  # Camden Town Hall, Judd Street
    "lambeth": [(51.4613, -0.1156)],  # Lambeth Town Hall, Brixton
    "wandsworth": [(51.4569, -0.1918)],  # Wandsworth Town Hall
    "brent": [(51.5586, -0.2817)],  # Brent Civic Centre, Wembley
    "islington": [(51.5416, -0.1025)],  # Islington Town Hall, Upper Street
    "london": [(51.5073, -0.1276), (51.4700, -0.4543), (51.5590, 0.2180)],  # Charing Cross, Heathrow, Romford
    "national": [(60.1550, -1.1450), (54.5970, -5.9300), (50.1180, -5.5370), (51.1290, 1.3080)],
    # Lerwick, Belfast, Penzance, Dover
}


def test_the_distance_is_the_great_circle_distance() -> None:
    # London (Charing Cross) to Paris (Notre-Dame), and to Edinburgh (the Scott Monument): 343.5 and 534 km
    # as the crow flies
    assert distance_km(51.5073, -0.1276, 48.8530, 2.3499) == pytest.approx(343.5, abs=1)
    assert distance_km(51.5073, -0.1276, 55.9524, -3.1933) == pytest.approx(534, abs=2)
    assert distance_km(0, 0, 0, 180) == pytest.approx(20015, abs=1)  # half the equator
    assert distance_km(51.5, -0.19, 51.5, -0.19) == 0


def test_every_sample_area_has_a_circle_that_holds_its_own_places() -> None:
    result = load_directory(REPO)
    assert result.directory is not None, result.problems
    areas = {area.id: area for area in result.directory.vocabularies.areas}
    assert set(areas) == set(PLACES_IN_AREAS) | {"outside-the-uk"}
    # Groups run from another country and joined online: not a place, so no circle and no check.
    assert (areas["outside-the-uk"].centre, areas["outside-the-uk"].radius_km) == (None, None)
    for area_id, places in PLACES_IN_AREAS.items():
        area = areas[area_id]
        assert area.centre is not None and area.radius_km is not None, area_id
        for lat, lon in places:
            assert covers(area, lat, lon), (area_id, lat, lon)
            assert not covers(area, lon, lat), (area_id, "swapped", lat, lon)
    assert not covers(areas["national"], 40.7128, -74.0060)  # New York
    assert covers(areas["outside-the-uk"], 40.7128, -74.0060)  # no circle: anywhere
    assert not covers(areas["kensington-and-chelsea"], 51.4613, -0.1156)  # Brixton is in Lambeth


def test_an_area_without_a_centre_is_not_checked(tmp_path: Path) -> None:
    for name in ("groups.yaml", "events.yaml", "support_types.yaml"):
        shutil.copy(FIXTURES / "valid" / name, tmp_path / name)
    groups = tmp_path / "groups.yaml"
    online = "    formats: [online]\n    area: national\n"
    in_new_york = "    formats: [online, in-person]\n    area: national\n    location:\n      lat: 40.7128\n      lon: -74.0060\n"
    assert groups.read_text().count(online) == 1
    groups.write_text(groups.read_text().replace(online, in_new_york))
    result = load_directory(tmp_path)
    assert result.problems == []
    assert result.directory is not None
    assert result.directory.group("dads-online").location is not None


# --------------------------------------------------------------------------- what the check says


def sample_area(area_id: str) -> Area:
    return next(area for area in load_directory(REPO).directory.vocabularies.areas if area.id == area_id)


# An area east of Greenwich, around Canterbury Cathedral (51.2798 N, 1.0828 E as the maps give it).
CANTERBURY = replace(sample_area("kensington-and-chelsea"), id="canterbury", name="Canterbury",
                     centre=Centre(lat=51.2802, lon=1.0789), radius_km=15)


@pytest.mark.parametrize(("area", "lat", "lon", "message"), [
    # East of Greenwich, a minus sign too many: 2.16 degrees of longitude at 51.3 N is 150 km.
    (CANTERBURY, 51.2802, -1.0789, "51.2802, -1.0789 is 150 km from the centre of Canterbury: should the longitude "
     "have no minus sign? (lon 1.0789 is in the area; places east of Greenwich have none)"),
    # West of Greenwich, the minus sign lost: 0.37 degrees of longitude and 0.016 of latitude, 25.8 km.
    ("kensington-and-chelsea", 51.4843, 0.1817, "51.4843, 0.1817 is 25.8 km from the centre of Kensington and "
     "Chelsea: is the longitude's minus sign missing? (lon -0.1817 is in the area; places west of Greenwich have one)"),
    ("kensington-and-chelsea", -0.1817, 51.4843, "-0.1817, 51.4843 is 7,500 km from the centre of Kensington and "
     "Chelsea: are latitude and longitude swapped? (lat 51.4843, lon -0.1817 is in the area)"),
    # A tenth of a degree north (11.1 km): no slip of a sign or an order explains it.
    ("kensington-and-chelsea", 51.6, -0.1817, "51.6, -0.1817 is 11.1 km from the centre of Kensington and Chelsea, "
     "6.1 km beyond the 5 km the area reaches: check lat and lon against the venue's postcode on a map, and check "
     "the group's `area`"),
    # On the meridian: no sign to be missing.
    ("kensington-and-chelsea", 51.4843, 0.0, "51.4843, 0 is 13.3 km from the centre of Kensington and Chelsea, "
     "8.3 km beyond the 5 km the area reaches: check lat and lon against the venue's postcode on a map, and check "
     "the group's `area`"),
    ("kensington-and-chelsea", 51.4843, -0.1817, None),  # in it
    (CANTERBURY, 51.29, 1.07, None),
    ("outside-the-uk", 40.7128, -74.0060, None),  # no circle
])
def test_a_place_outside_its_area_is_explained(area: Area | str, lat: float, lon: float, message: str | None) -> None:
    circle = sample_area(area) if isinstance(area, str) else area
    assert outside_message(Location(lat=lat, lon=lon), circle) == message


def test_the_circle_holds_its_edge_and_a_place_just_beyond_it_is_measured_to_a_tenth() -> None:
    kensington = sample_area("kensington-and-chelsea")
    assert kensington.centre is not None
    edge = distance_km(kensington.centre.lat, kensington.centre.lon, 51.4843, -0.1817)
    on_the_edge = replace(kensington, radius_km=edge)
    assert covers(on_the_edge, 51.4843, -0.1817)
    assert outside_message(Location(lat=51.4843, lon=-0.1817), on_the_edge) is None
    just_inside = replace(kensington, radius_km=edge - 0.01)  # 10 m short: "0.1 km beyond", the least it says
    message = outside_message(Location(lat=51.4843, lon=-0.1817), just_inside)
    assert message is not None and message.startswith("51.4843, -0.1817 is 1.8 km ")
    assert ", 0.1 km beyond the 1.8279 km" in message


def test_distances_are_written_in_whole_kilometres_from_100_and_tenths_below() -> None:
    from peerdir.areas import _km  # the messages' own number format

    assert [_km(d) for d in (5.0, 5.04, 25.75, 99.94, 100.4, 7499.6)] == ["5", "5", "25.8", "99.9", "100", "7,500"]


def test_an_area_with_only_half_a_circle_is_not_measured() -> None:
    """A centre without a radius, or a radius without a centre, is reported by validate (see
    `_check_area`); until it is fixed, the area's groups are not measured against half a circle."""
    kensington = sample_area("kensington-and-chelsea")
    far = Location(lat=40.7128, lon=-74.0060)  # New York
    for half in (replace(kensington, radius_km=None), replace(kensington, centre=None)):
        assert covers(half, far.lat, far.lon)
        assert outside_message(far, half) is None


# Circles around the poles, where a longitude of 90 is a latitude a place can have and one beyond it is not.
NORTH_POLE = replace(CANTERBURY, id="north-pole", name="the North Pole", centre=Centre(lat=89.5, lon=0), radius_km=150)
SOUTH_POLE = replace(NORTH_POLE, id="south-pole", name="the South Pole", centre=Centre(lat=-89.5, lon=0))


@pytest.mark.parametrize(("area", "lat", "lon", "message"), [
    (NORTH_POLE, 10, 90, "10, 90 is 8,896 km from the centre of the North Pole: are latitude and longitude "
     "swapped? (lat 90, lon 10 is in the area)"),
    (SOUTH_POLE, 10, -90, "10, -90 is 11,119 km from the centre of the South Pole: are latitude and longitude "
     "swapped? (lat -90, lon 10 is in the area)"),
    # Read as a latitude, 90.5 would be half a degree past the pole, 111 km from the centre: no such latitude.
    (NORTH_POLE, 10, 90.5, "10, 90.5 is 8,896 km from the centre of the North Pole, 8,746 km beyond the 150 km "
     "the area reaches: check lat and lon against the venue's postcode on a map, and check the group's `area`"),
    (SOUTH_POLE, 10, -90.5, "10, -90.5 is 11,120 km from the centre of the South Pole, 10,970 km beyond the 150 km "
     "the area reaches: check lat and lon against the venue's postcode on a map, and check the group's `area`"),
])
def test_a_longitude_is_offered_as_the_latitude_only_when_it_could_be_one(area: Area, lat: float, lon: float,
                                                                          message: str) -> None:
    assert outside_message(Location(lat=lat, lon=lon), area) == message
