"""The map's data, page and Folium skeletons, without a browser (tests/browser/test_map.py has one)."""

from __future__ import annotations

import gzip
import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from benchmarks.synthetic import write_synthetic_data
from peerdir import paths
from peerdir.libraries import LIBRARY_FILES, LibrariesMissing, find_node_modules, library_files
from peerdir.render import MapTiles, SiteSettings, render_site
from peerdir.render.outputs.map_data import compact_json, map_data, meeting_code
from peerdir.render.parts.common import Context
from peerdir.render.parts.folium_maps import DIRECTORY_MAP, GROUP_MAP, setups_script, skeleton
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY, check_golden

SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url="https://example.org/peer-support/",
                        repo_url="https://github.com/example/peer-support")
XSS = FIXTURES / "map-xss"


def rendered(root: Path, settings: SiteSettings = SETTINGS) -> tuple:
    directory = load_directory(root).directory
    return directory, render_site(directory, settings)


@pytest.fixture(scope="module")
def sample() -> tuple:
    return rendered(REPO)


def test_golden_map_files(sample: tuple) -> None:
    _, pages = rendered(FIXTURES / "valid")
    check_golden("pages/map.md", pages[paths.MAP])
    check_golden("map/groups.json", pages[paths.MAP_DATA])
    check_golden("map/places.json", pages[paths.MAP_PLACES])


def test_every_open_group_is_in_the_data_once_and_closed_ones_never(sample: tuple) -> None:
    directory, pages = sample
    data = json.loads(pages[paths.MAP_DATA])
    ids = [record[0] for record in data["groups"]]
    assert sorted(ids) == sorted(g.id for g in directory.groups if g.status != "closed")
    located = {record[0] for record in data["groups"] if len(record) > 11}
    assert located == {g.id for g in directory.groups if g.status != "closed" and g.location}
    assert located and len(located) < len(ids), "the sample should have groups on and off the map"


def test_a_closed_group_is_not_on_the_map() -> None:
    from dataclasses import replace

    directory = load_directory(FIXTURES / "valid").directory
    closed = replace(directory.groups[0], status="closed")
    directory = replace(directory, groups=(closed, *directory.groups[1:]))
    data = json.loads(render_site(directory, SETTINGS)[paths.MAP_DATA])
    assert closed.id not in [record[0] for record in data["groups"]]
    assert "data-map=" not in render_site(directory, SETTINGS)[paths.group_page(closed.id)]


def test_the_data_says_what_each_group_has(sample: tuple) -> None:
    directory, pages = sample
    data = json.loads(pages[paths.MAP_DATA])
    facets = data["facets"]
    for record in data["groups"]:
        group = directory.group(record[0])
        assert record[1:3] == [group.name, group.summary]
        for position, facet, field in ((3, "support_types", "support_types"), (4, "audiences", "audiences"),
                                       (5, "topics", "topics"), (6, "formats", "formats"),
                                       (7, "languages", "languages"), (8, "access_needs", "access")):
            has = {term for index, term in enumerate(facets[facet]) if record[position] >> index & 1}
            assert has == set(getattr(group, field)), (group.id, facet)
        assert facets["areas"][record[9] // 16] == group.area
        assert bool(record[9] & 2) == (group.status == "temporarily-closed")
        # Checked on the build day, 23 November 2026: out of date from 23 November 2025 back.
        assert bool(record[9] & 4) == (group.last_verified <= date(2025, 11, 23)), group.id
        assert not record[9] & 8  # the sample lists no group last (list_last_after_months is off)
        assert record[10] == " ".join(meeting_code(m) for m in group.schedule)


def test_a_home_is_never_placed_closer_than_the_area(sample: tuple) -> None:
    """Groups meeting in a home: rounded to two decimals in the data and on the group page, with
    no venue or postcode; their exact coordinates appear in no page or file of the site."""
    for root in (REPO, FIXTURES / "valid", XSS):
        directory, pages = rendered(root)
        homes = [g for g in directory.groups if g.location and g.location.approximate]
        assert homes, root
        data = json.loads(pages[paths.MAP_DATA])
        places = json.loads(pages[paths.MAP_PLACES])
        records = {record[0]: record for record in data["groups"]}
        for group in homes:
            record = records.get(group.id)
            if record:
                assert record[11] == round(round(group.location.lat, 2) * 10_000)
                assert record[12] == round(round(group.location.lon, 2) * 10_000)
                assert record[9] & 1
                index = list(records).index(group.id)
                assert index not in [place[0] for place in places["places"]]
            exact = set()
            for degrees in (group.location.lat, group.location.lon):
                if round(degrees, 2) != degrees:  # else the area-level place is the place itself
                    exact |= {f"{degrees:.4f}".rstrip("0"), str(round(degrees * 10_000))}
            for path, content in pages.items():
                text = content if isinstance(content, str) else ""
                for value in exact:
                    assert value not in text, f"{path} shows where {group.id} meets: {value}"


def test_places_are_the_venues_and_postcodes_of_groups_on_the_map(sample: tuple) -> None:
    directory, pages = sample
    data = json.loads(pages[paths.MAP_DATA])
    places = json.loads(pages[paths.MAP_PLACES])
    assert f'data-map-data="groups.json?v={places["groups"]}"' in pages[paths.MAP]
    for index, venue, postcode in places["places"]:
        location = directory.group(data["groups"][index][0]).location
        assert (venue, postcode) == (location.name or "", location.postcode or "")
    assert "W14 0LR" in [place[2] for place in places["places"]]


def test_json_is_safe_even_inside_a_script_element() -> None:
    value = {"name": "</script><script>alert(1)</script> & \u2028\u2029 `${x}`"}
    text = compact_json(value)
    for unsafe in ("<", ">", "&", "\u2028", "\u2029"):
        assert unsafe not in text
    assert json.loads(text) == value


def test_hostile_text_reaches_the_map_data_only_as_json_strings() -> None:
    directory, pages = rendered(XSS)
    data = json.loads(pages[paths.MAP_DATA])
    assert {"<img src=x onerror=alert(1)>", "${alert(1)}"} <= {record[1] for record in data["groups"]}
    assert {g.name for g in directory.groups} == {record[1] for record in data["groups"]}
    for path in (paths.MAP_DATA, paths.MAP_PLACES):
        assert "<" not in pages[path] and ">" not in pages[path]
    # The page holds no group text at all; term names are escaped HTML.
    page = pages[paths.MAP]
    assert "alert(1)" not in page and "onerror" not in page.replace("onerror=alert(&#x27;type&#x27;)", "")
    assert "Groups &lt;img src=x onerror=alert(&#x27;type&#x27;)&gt;" in page
    assert "Single parents &lt;/option&gt;&lt;script&gt;" in page
    assert "<script>alert" not in page


def test_meeting_codes() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    riverside, _, old_friends = directory.groups
    assert [meeting_code(m) for m in riverside.schedule] == ["2w@1030-1200", "0m1@1900-2030"]
    # Every other Thursday from 8 January 2026, an even week counted from Monday 5 January 1970.
    assert [meeting_code(m) for m in old_friends.schedule] == ["3f0@1930"]
    starting = old_friends.schedule[0].starting
    for fortnights in range(-3, 4):
        assert ((starting + timedelta(days=14 * fortnights) - date(1970, 1, 5)).days // 7) % 2 == 0
    assert ((starting + timedelta(days=7) - date(1970, 1, 5)).days // 7) % 2 == 1


def test_folium_writes_the_skeletons_with_our_own_libraries_only() -> None:
    for kind in (DIRECTORY_MAP, GROUP_MAP):
        built = skeleton(kind, MapTiles())
        assert built.scripts[0] == "assets/lib/leaflet/leaflet.js"
        assert all(url.startswith("assets/lib/") for url in built.scripts + built.stylesheets)
        assert built.html == f'<div class="folium-map" id="map_{kind}" ></div>'
        assert f'var map_{kind} = L.map(' in built.script
    assert skeleton(DIRECTORY_MAP, MapTiles()).scripts[1] == "assets/lib/leaflet.markercluster/leaflet.markercluster.js"
    script = setups_script(MapTiles())
    assert script == setups_script(MapTiles()), "the same every build (Folium's random names are replaced)"
    assert "L.markerClusterGroup(" in script and "L.tileLayer(" in script
    urls = set(re.findall(r"https?://[^\s\"\\]+", script))
    assert urls == {"https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://www.openstreetmap.org/copyright"}
    for cdn in ("jsdelivr", "cdnjs", "jquery", "bootstrap", "fontawesome", "netdna"):
        assert cdn not in script.lower()


def test_the_tile_provider_is_set_in_one_place() -> None:
    tiles = MapTiles(url="https://tiles.example.test/{z}/{x}/{y}.png", attribution="Example tiles", max_zoom=17)
    directory = load_directory(FIXTURES / "valid").directory
    script = render_site(directory, SiteSettings(today=SETTINGS.today, map_tiles=tiles))[paths.MAP_SETUPS]
    assert script.count('"https://tiles.example.test/{z}/{x}/{y}.png"') == 2
    assert '"maxZoom": 17' in script and "openstreetmap" not in script


def test_group_pages_embed_a_small_map_where_the_group_meets(sample: tuple) -> None:
    directory, pages = sample
    ctx = Context(directory, SETTINGS)
    for group in ctx.open_groups():
        page = pages[paths.group_page(group.id)]
        if group.location is None:
            assert "data-map=" not in page
            continue
        assert 'data-map="group"' in page
        assert '<script src="../../assets/javascripts/directory-map.js" defer></script>' in page
        # Leaflet's stylesheet is loaded by the script with Leaflet, so it never holds up the page's text.
        assert 'data-map-styles="../../assets/lib/leaflet/leaflet.css"' in page
        assert 'leaflet.css">' not in page
        if group.location.approximate:
            assert 'data-place="approximate"' in page and 'data-radius="1500"' in page
        else:
            assert f'data-lat="{group.location.lat:.4f}"' in page


def test_map_page_links_its_data_and_libraries_relative_to_itself(sample: tuple) -> None:
    _, pages = sample
    page = pages[paths.MAP]
    assert 'data-map-scripts="../assets/lib/leaflet/leaflet.js ../assets/lib/leaflet.markercluster/' \
           'leaflet.markercluster.js ../assets/map/setups.js"' in page
    assert 'data-map-styles="../assets/lib/leaflet/leaflet.css ../assets/lib/leaflet.markercluster/' \
           'MarkerCluster.css ../assets/lib/leaflet.markercluster/MarkerCluster.Default.css"' in page
    assert '<link rel="stylesheet" href="../assets/stylesheets/map.css">' in page
    assert '<script src="../assets/javascripts/directory-map.js" defer></script>' in page
    assert re.search(r'data-map-data="groups\.json\?v=[0-9a-f]{10}"', page)
    assert "hide: [\"navigation\", \"toc\"]" in page
    for facet_choice in ('value="peer-led"', 'value="single-parents"', 'value="online"', 'value="today"'):
        assert facet_choice in page


def test_find_a_group_and_home_link_to_the_map(sample: tuple) -> None:
    _, pages = sample
    assert '<a href="../map.md" class="md-button md-button--primary">See groups on a map</a>' in pages[paths.FIND_A_GROUP]
    assert "[See groups on a map](map.md)" in (REPO / "content" / "index.md").read_text()


@pytest.mark.parametrize("from_page,to_path,expected", [
    ("map.md", "map/groups.json", "groups.json"),
    ("map.md", "assets/lib/leaflet/leaflet.js", "../assets/lib/leaflet/leaflet.js"),
    ("groups/tamba.md", "assets/map/setups.js", "../../assets/map/setups.js"),
    ("map.md", "groups/index.md", "../groups/"),
    ("index.md", "map.md", "map/"),
    ("map.md", "index.md", "../"),
])
def test_relative_urls_for_raw_html(from_page: str, to_path: str, expected: str) -> None:
    assert paths.relative_url(from_page, to_path) == expected


def test_the_libraries_come_from_node_modules(tmp_path: Path) -> None:
    files = library_files(tmp_path)  # not in the project: found beside the package
    assert set(files) == {f"assets/lib/{name}" for name in LIBRARY_FILES}
    assert files["assets/lib/leaflet/leaflet.js"].startswith(b"/* @preserve\n * Leaflet 1.9.4")
    with pytest.raises(LibrariesMissing, match="make setup"):
        find_node_modules(tmp_path)


def test_map_data_size_per_group_stays_small(sample: tuple) -> None:
    """Not a timing: the data holds one short array per group, not Folium's ~1 KB per marker."""
    directory, pages = sample
    data = json.loads(pages[paths.MAP_DATA])
    text_bytes = sum(len(json.dumps(record[:3], ensure_ascii=False)) for record in data["groups"])
    structure = len(pages[paths.MAP_DATA].encode()) - text_bytes - len(compact_json(
        {k: v for k, v in map_data(Context(directory, SETTINGS)).items() if k != "groups"}).encode())
    assert structure / len(data["groups"]) < 60, "bytes per group beyond its id, name and summary"


def test_the_map_data_grows_by_less_than_100_bytes_gzip_per_group(tmp_path: Path) -> None:
    """Issue 17: the map page may grow by at most 100 bytes (gzip, as GitHub Pages sends it) per group,
    and map/groups.json is the only part of it that grows with the directory. Measured as the
    difference between two synthetic directories, so the fixed part (facets, names) does not count."""
    def gzip_bytes(groups: int) -> int:
        folder = tmp_path / str(groups)
        write_synthetic_data(folder, groups, varied_text=True)
        data = compact_json(map_data(Context(load_directory(folder).directory, SETTINGS)))
        return len(gzip.compress(data.encode(), 6))

    per_group = (gzip_bytes(1000) - gzip_bytes(200)) / 800
    assert per_group <= 100, f"{per_group:.0f} bytes gzip per group"
