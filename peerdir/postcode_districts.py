"""The centres of the UK's postcode districts ("SE1", "W14"), for the map's place box.

The map page finds any postcode without sending it anywhere: the site publishes this one small
table (`map/postcode-districts.json`), which the page fetches the first time someone uses the place
box, the same file whatever they type (so even the site's own server never learns which area), and
looks the district up in the browser. The table is derived from GeoNames' postal codes for GB
(outward codes only, CC BY 4.0), by `python -m peerdir.postcode_districts < GB.txt > districts.json`;
peerdir/data/postcode-districts/README.md says where the source comes from and when it was taken.

The committed file is the derived one; the build only copies it. (`postcodes.py`, the look-up of a
whole postcode for `apply-issue`, is a separate, build-time helper.)

The layout: {"version": 1, "credit": "...", "districts": {"SE1": [51.499, -0.099, "Southwark"], ...}}:
each district's centre in degrees (three decimals, about 100 m: a district is kilometres across) and
the name of the place nearest that centre, for "Nearest to SE1 7PB (around Southwark)".
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from . import paths

DATA_FILE = Path(__file__).resolve().parent / "data" / "postcode-districts" / "districts.json"
VERSION = 1
DECIMALS = 3
CREDIT = "Postcode districts: GeoNames (geonames.org), CC BY 4.0"
DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")
GOOD_ACCURACY = {"4"}  # GeoNames' own place; 3 and below are estimates, often the district's average
COUNTRY, POSTCODE, PLACE, LAT, LON, ACCURACY = 0, 1, 2, 9, 10, 11  # columns of GeoNames' postal code files

Place = tuple[float, float, str, bool]  # lat, lon, name, whether GeoNames placed it itself


def read_geonames(lines: Iterable[str]) -> dict[str, list[Place]]:
    """The places of each district in a GeoNames postal code file (tab separated, one place a line)."""
    districts: dict[str, list[Place]] = defaultdict(list)
    for line in lines:
        columns = line.rstrip("\n").split("\t")
        if len(columns) <= ACCURACY or columns[COUNTRY] != "GB" or not DISTRICT.match(columns[POSTCODE]):
            continue
        try:
            lat, lon = float(columns[LAT]), float(columns[LON])
        except ValueError:
            continue
        if lat == 0 and lon == 0:
            continue  # no position
        districts[columns[POSTCODE]].append((lat, lon, columns[PLACE].strip(), columns[ACCURACY] in GOOD_ACCURACY))
    return districts


def district_centre(places: list[Place]) -> tuple[float, float, str]:
    """The middle of a district's places (each position counted once: GeoNames gives places it could not
    place the district's average), and the name of the place nearest it, preferring places GeoNames placed."""
    positions = sorted({(lat, lon) for lat, lon, _, _ in places})
    lat = sum(p[0] for p in positions) / len(positions)
    lon = sum(p[1] for p in positions) / len(positions)
    named = [p for p in places if p[3] and p[2]] or [p for p in places if p[2]]
    # Longitude degrees are shorter than latitude ones this far north; 0.6 is near enough for ranking.
    nearest = min(named, key=lambda p: ((p[0] - lat) ** 2 + (0.6 * (p[1] - lon)) ** 2, p[2])) if named else None
    return round(lat, DECIMALS), round(lon, DECIMALS), nearest[2] if nearest else ""


def districts_json(lines: Iterable[str]) -> str:
    """The published table (see the layout above), as compact JSON with the districts in order."""
    table = {district: list(district_centre(places)) for district, places in sorted(read_geonames(lines).items())}
    return json.dumps({"version": VERSION, "credit": CREDIT, "districts": table},
                      ensure_ascii=False, separators=(",", ":")) + "\n"


def district_files() -> dict[str, bytes]:
    """The committed table, keyed by the site path it is published at."""
    return {paths.MAP_POSTCODES: DATA_FILE.read_bytes()}


if __name__ == "__main__":
    sys.stdout.write(districts_json(sys.stdin))
