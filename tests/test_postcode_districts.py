"""The centres of the postcode districts the map's place box uses: how they are derived from GeoNames'
table, and the committed file the site publishes (its shape, its size on the wire, its credit)."""

from __future__ import annotations

import gzip
import json
import re

from peerdir.postcode_districts import CREDIT, DATA_FILE, districts_json, read_geonames
from peerdir.schema import Postcode

# A few lines in GeoNames' layout (country, code, place, admin names and codes, lat, lon, accuracy).
GEONAMES = """\
GB\tSE1\tSouth Bank\tEngland\tENG\tGreater London\t11609024\t\t\t51.5025\t-0.1158\t4
GB\tSE1\tBorough\tEngland\tENG\tGreater London\t11609024\t\t\t51.4987\t-0.0904\t3
GB\tSE1\tLondon Bridge\tEngland\tENG\tGreater London\t11609024\t\t\t51.4987\t-0.0904\t3
GB\tSE1\tLambeth\tEngland\tENG\tGreater London\t11609024\t\t\t51.4963\t-0.1115\t4
GB\tSE1\tBermondsey\tEngland\tENG\tGreater London\t11609024\t\t\t51.4979\t-0.0661\t4
GB\tW1A\tCity of Westminster\tEngland\tENG\tGreater London\t11609024\t\t\t51.5\t-0.1167\t4
GB\tWV98\tWolverhampton\tEngland\tENG\t\t\t\t\t52.4054\t-2.22\t
GB\tSW1A 1AA\tNot an outward code\tEngland\tENG\t\t\t\t\t51.5\t-0.14\t4
GB\tZZ1\tNo position\tEngland\tENG\t\t\t\t\t\t\t4
FR\t75001\tParis\t\t\t\t\t\t\t48.86\t2.34\t4
a line that is not in the layout
"""


def test_each_district_is_the_middle_of_its_places_with_the_name_of_the_nearest() -> None:
    table = json.loads(districts_json(GEONAMES.splitlines(keepends=True)))
    assert table["version"] == 1 and table["credit"] == CREDIT
    # The two places at one position (GeoNames' estimate) count once: the middle of four positions.
    lat = (51.5025 + 51.4987 + 51.4963 + 51.4979) / 4
    lon = (-0.1158 - 0.0904 - 0.1115 - 0.0661) / 4
    assert table["districts"]["SE1"] == [round(lat, 3), round(lon, 3), "Lambeth"]
    assert table["districts"]["W1A"] == [51.5, -0.117, "City of Westminster"]
    assert table["districts"]["WV98"] == [52.405, -2.22, "Wolverhampton"]  # no accuracy given: still a place
    assert list(table["districts"]) == ["SE1", "W1A", "WV98"], "full postcodes, other countries and no position left out"


def test_a_district_named_only_by_estimates_still_gets_a_name() -> None:
    lines = ["GB\tHU12\tPreston\tEngland\tENG\t\t\t\t\t53.7509\t-0.2072\t3\n",
             "GB\tHU12\tLelley\tEngland\tENG\t\t\t\t\t53.716\t-0.1398\t3\n"]
    assert json.loads(districts_json(lines))["districts"]["HU12"][2] in {"Preston", "Lelley"}
    assert set(read_geonames(lines)) == {"HU12"}


def test_the_committed_table_has_every_district_in_the_uk_in_the_published_shape() -> None:
    table = json.loads(DATA_FILE.read_text())
    assert table["version"] == 1 and table["credit"] == CREDIT
    districts = table["districts"]
    assert 2900 < len(districts) < 3200, "about 3,000 postcode districts"
    for district, (lat, lon, place) in districts.items():
        assert Postcode.pattern.match(f"{district} 1AA"), district
        assert 49.0 < lat < 61.0 and -8.7 < lon < 2.0, (district, lat, lon)  # the UK, Channel Islands, Man
        assert round(lat, 3) == lat and round(lon, 3) == lon
        assert place and "<" not in place, district
    for district in ("SE1", "SW6", "W14", "EC1A", "BT1", "G1", "CF10", "ZE1", "JE2", "E20"):
        assert district in districts, district
    # SW6 is Fulham, a few miles south-west of Westminster
    assert districts["SW6"][2] == "Fulham" and abs(districts["SW6"][0] - 51.48) < 0.02


def test_one_search_loads_under_60_kb_on_the_wire() -> None:
    """The whole table is one file, fetched once whatever is typed; gzip is what GitHub Pages sends."""
    raw = DATA_FILE.read_bytes()
    assert len(gzip.compress(raw, compresslevel=6)) < 60_000


def test_the_data_says_where_it_comes_from_and_under_which_licence() -> None:
    readme = (DATA_FILE.parent / "README.md").read_text()
    assert "symerio/postal-codes-data" in readme and re.search(r"commit [0-9a-f]{40}", readme)
    assert "CC BY 4.0" in readme or "Creative Commons Attribution 4.0" in readme
    assert "creativecommons.org/licenses/by/4.0" in (DATA_FILE.parent / "LICENSE").read_text()
