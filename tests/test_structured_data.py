"""The schema.org structured data (JSON-LD) on event and group pages, read back as search engines read it.

The outside judges: extruct (Zyte's extractor of embedded metadata) finds and parses the JSON-LD of
each built, minified page; html5lib, the HTML standard's parsing algorithm in Python, says where a
script element ends, which is what an editor's `</script>` or `<!--` would try to move; rdflib's
list of schema.org's terms (`rdflib.namespace.SDO`) says that every type, property and enumeration
member we write exists; and msgspec-schemaorg's classes (one per schema.org type, with its parents'
properties and the types each property takes) say that each property belongs to its type and takes
its value. What Google requires of an event
(https://developers.google.com/search/docs/appearance/structured-data/event) is checked on every
dated event's page.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import extruct
import html5lib
import msgspec_schemaorg.enums as schema_org_enums
import msgspec_schemaorg.models as schema_org_types
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import namespace

from peerdir import content_policy, paths
from peerdir.models import WEEKS
from peerdir.render.parts.structured_data import json_ld_script
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES, REPO, TODAY, built_sample_site, copy_project, run_cli

SITE_URL = "https://peer.example.org/support/"
SCHEMA = "https://schema.org/"
GOOGLE_REQUIRED_EVENT = ("name", "startDate", "location")
HTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Directory]:
    return built_sample_site(tmp_path_factory.mktemp("structured"), SITE_URL), load_directory(REPO).directory


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Directory]:
    project = copy_project(tmp_path_factory.mktemp("hostile-structured"), FIXTURES / "hostile")
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    return project / "site", load_directory(project).directory


def page_of(site: Path, page: str) -> str:
    return (site / paths.url_of(page) / "index.html").read_text(encoding="utf-8")


def structured_data(html: str, page: str) -> list[dict[str, Any]]:
    """The page's JSON-LD items as extruct reads them (it raises on JSON it cannot parse)."""
    return extruct.extract(html, base_url=SITE_URL + paths.url_of(page), syntaxes=["json-ld"])["json-ld"]


def the_item(site: Path, page: str) -> dict[str, Any]:
    items = structured_data(page_of(site, page), page)
    assert len(items) == 1, (page, items)
    assert items[0]["@context"] in ("https://schema.org", "http://schema.org")
    return items[0]


def local_moment(value: str, zone: str) -> datetime:
    """An ISO 8601 date and time with its offset, which must be there, in the given zone's local time."""
    moment = datetime.fromisoformat(value)
    assert moment.utcoffset() is not None, value
    return moment.astimezone(ZoneInfo(zone)).replace(tzinfo=None)


def places(item: dict[str, Any]) -> list[dict[str, Any]]:
    location = item.get("location", [])
    return location if isinstance(location, list) else [location]


# --------------------------------------------------------------------------- events


def test_every_event_page_describes_its_event_as_search_engines_read_it(sample: tuple[Path, Directory]) -> None:
    site, directory = sample
    dated = 0
    for event in directory.events:
        page = paths.event_page(event.id)
        item = the_item(site, page)
        assert item["@type"] == "Event" and item["name"] == event.title
        assert item["url"] == SITE_URL + paths.url_of(page)
        assert item["audience"] == {"@type": "Audience", "audienceType": event.who_for}
        if event.start is None:  # date to be confirmed: no date is made up
            assert "startDate" not in item and "endDate" not in item
            continue
        dated += 1
        assert all(item.get(name) for name in GOOGLE_REQUIRED_EVENT), (event.id, item)
        assert local_moment(item["startDate"], event.timezone) == event.start
        assert (local_moment(item["endDate"], event.timezone) if "endDate" in item else None) == event.end
        shown = places(item)
        assert [p["@type"] for p in shown if p["@type"] == "VirtualLocation"] == (["VirtualLocation"] if event.online else [])
        mode = {"Place": "Offline", "VirtualLocation": "Online"}
        modes = {mode[p["@type"]] for p in shown} | ({"Offline"} if not event.online else set())
        assert item["eventAttendanceMode"] == SCHEMA + ("Mixed" if len(modes) == 2 else modes.pop()) + "EventAttendanceMode"
        venue = next((p for p in shown if p["@type"] == "Place"), None)
        if event.location and not event.location.approximate:
            assert venue["geo"] == {"@type": "GeoCoordinates", "latitude": round(event.location.lat, 5),
                                    "longitude": round(event.location.lon, 5)}
            if event.location.postcode:
                assert venue["address"]["postalCode"] == event.location.postcode
                assert venue["address"]["addressCountry"] == "GB"
        assert ("organizer" in item) == bool(event.group)
        if event.group:
            assert item["organizer"]["name"] == directory.group(event.group).name
        assert ("description" in item) == bool(event.description)
    assert dated >= 10


def test_the_minifier_and_the_security_policy_leave_the_structured_data_alone(sample: tuple[Path, Directory]) -> None:
    site, directory = sample
    event = next(e for e in directory.events if e.start and e.location and e.group)
    page = page_of(site, paths.event_page(event.id))
    script = re.search(r"<script type=\"?application/ld\+json\"?>(.*?)</script>", page, re.DOTALL)
    # Minified, the JSON is exactly as written (no space to take out, nothing rewritten) ...
    assert json.loads(script.group(1)) == the_item(site, paths.event_page(event.id))
    written = json_ld_script({key: value for key, value in json.loads(script.group(1)).items() if key != "@context"})
    assert f">{script.group(1)}</script>" in written
    # ... and data is no script to run: the policy names no hash for it, and every script it runs has one.
    policy = content_policy.page_policy(page)
    assert content_policy.hash_source(script.group(1)) not in policy
    assert all(content_policy.hash_source(s) in policy for s in content_policy.inline_scripts(page))


# --------------------------------------------------------------------------- groups


def test_every_group_page_describes_the_group_its_place_and_its_meetings(sample: tuple[Path, Directory]) -> None:
    site, directory = sample
    with_meetings = 0
    for group in directory.groups:
        item = the_item(site, paths.group_page(group.id))
        text = json.dumps(item)
        assert item["@type"] == "Organization" and item["name"] == group.name
        assert item["description"] == group.summary
        assert item["mainEntityOfPage"] == SITE_URL + paths.url_of(paths.group_page(group.id))
        assert item.get("url") == group.contact.website and item.get("email") == group.contact.email
        assert ("telephone" in item) == bool(group.contact.phone)
        location = group.location
        if location is None or location.approximate:
            assert "location" not in item
            for private in (location.name, location.address, location.postcode, f"{location.lat}") if location else ():
                assert not private or private not in text, (group.id, private)  # never the door of a home
        else:
            assert item["location"]["geo"]["latitude"] == round(location.lat, 5)
        meetings = item.get("event")
        if group.status != "active" or not group.schedule:
            assert meetings is None, group.id
            continue
        with_meetings += 1
        schedules = meetings["eventSchedule"]
        assert len(schedules) == len(group.schedule)
        for schedule, meeting in zip(schedules, group.schedule, strict=True):
            assert schedule["startTime"] == f"{meeting.start:%H:%M}" and schedule["scheduleTimezone"] == group.timezone
            assert schedule["repeatFrequency"] == {"weekly": "P1W", "fortnightly": "P2W", "monthly": "P1M"}[meeting.frequency]
            if meeting.frequency == "monthly":  # iCalendar's BYDAY: the first Monday is 1MO, the last -1MO
                week = -1 if meeting.week == "last" else WEEKS.index(meeting.week) + 1
                assert schedule["byDay"] == f"{week}{meeting.day[:2].upper()}"
            else:
                assert schedule["byDay"] == SCHEMA + meeting.day.capitalize()
    assert with_meetings >= 3


def test_every_type_and_property_written_is_schema_org_s_and_where_schema_org_puts_it(
        sample: tuple[Path, Directory]) -> None:
    site, directory = sample
    pages = [paths.event_page(e.id) for e in directory.events] + [paths.group_page(g.id) for g in directory.groups]
    items = [the_item(site, page) for page in pages]
    names = set().union(*(vocabulary_names(item) for item in items))
    assert {"Event", "Organization", "Place", "PostalAddress", "GeoCoordinates", "Schedule", "eventSchedule",
            "VirtualLocation", "MixedEventAttendanceMode", "Wednesday"} <= names
    assert not [name for name in names if not in_rdflib_vocabulary(name)]
    assert not [problem for item in items for problem in misplaced(item)]


def test_the_vocabulary_check_finds_what_is_not_schema_org() -> None:
    assert not in_rdflib_vocabulary("startdate") and in_rdflib_vocabulary("startDate")
    wrong = {"@type": "Event", "name": "x", "telephone": "1", "location": {"@type": "Schedule"},
             "eventAttendanceMode": SCHEMA + "Wednesday", "organizer": {"@type": "Organisation"}}
    assert misplaced(wrong) == ["Event has no property telephone", "Event's location cannot be a Schedule",
                                "Event's eventAttendanceMode cannot be Wednesday", "no type Organisation"]


def in_rdflib_vocabulary(name: str) -> bool:
    """Whether rdflib's schema.org namespace, a list of every term schema.org defines, has the name."""
    return SCHEMA + name in namespace.SDO


def vocabulary_names(value: Any) -> set[str]:
    """Every schema.org name in an item: its types, its properties, and values that are schema.org terms."""
    if isinstance(value, list):
        return set().union(*(vocabulary_names(v) for v in value))
    if isinstance(value, str):
        return {value.removeprefix(SCHEMA)} if value.startswith(SCHEMA) and "/" not in value.removeprefix(SCHEMA) else set()
    if not isinstance(value, dict):
        return set()
    names = {key for key in value if not key.startswith("@")} | {value["@type"]}
    return names.union(*(vocabulary_names(v) for key, v in value.items() if key != "@context"))


def misplaced(node: dict[str, Any]) -> list[str]:
    """What schema.org does not allow in a node and the nodes in it: a type it does not have, a property
    its type does not have, a value of a type (or an enumeration's member) the property does not take.
    msgspec-schemaorg has a class per schema.org type, with its parents', holding each property with
    the types it takes."""
    kind = getattr(schema_org_types, node["@type"], None)
    if kind is None:
        return [f"no type {node['@type']}"]
    problems = []
    for name, values in node.items():
        if name.startswith("@"):
            continue
        if name not in kind.__struct_encode_fields__:
            problems.append(f"{node['@type']} has no property {name}")
            continue
        takes = next(set(re.findall(r"\w+", k.__annotations__[name])) for k in kind.__mro__
                     if name in getattr(k, "__annotations__", {}))
        for value in values if isinstance(values, list) else [values]:
            if isinstance(value, dict):
                inner = getattr(schema_org_types, value["@type"], None)
                if inner and not takes & {k.__name__ for k in inner.__mro__}:
                    problems.append(f"{node['@type']}'s {name} cannot be a {value['@type']}")
                problems += misplaced(value)
            elif isinstance(value, str) and value.startswith(SCHEMA) and "str" not in takes:
                member = value.removeprefix(SCHEMA)
                if not any(member in getattr(schema_org_enums, t, {}).__members__ for t in takes
                           if hasattr(schema_org_enums, t)):
                    problems.append(f"{node['@type']}'s {name} cannot be {member}")
    return problems


# --------------------------------------------------------------------------- hostile text


def test_hostile_text_stays_inside_its_json_string(hostile: tuple[Path, Directory]) -> None:
    site, directory = hostile
    event = next(e for e in directory.events if e.id == "hostile-json-ld")
    page = paths.event_page(event.id)
    item = the_item(site, page)
    assert item["name"] == event.title == "</script><script>alert(1)</script><!--"
    assert item["audience"]["audienceType"] == event.who_for
    assert places(item)[0] == {"@type": "Place", "name": event.venue_note}  # `"},"@type":"Thing` made no new field
    group = directory.group("hostile-template")
    assert the_item(site, paths.group_page(group.id))["parentOrganization"]["name"] == group.organisation
    assert_one_script_of_data(page_of(site, page), item)


def assert_one_script_of_data(page: str, item: dict[str, Any]) -> None:
    """Parsed as a browser parses it (html5lib follows the HTML standard's tokenizer), the page has one
    JSON-LD script whose text is all of the data, and no script runs an editor's `alert`."""
    document = html5lib.parse(page)
    scripts = document.iter(f"{HTML}script")
    data = [s for s in scripts if "ld+json" in s.get("type", "")]
    assert len(data) == 1 and json.loads(data[0].text) == item
    assert not [s.text for s in document.iter(f"{HTML}script") if s not in data and "alert" in (s.text or "")]


# Characters YAML can carry: any but lone surrogates and NUL (which the HTML parser replaces in scripts).
EDITOR_TEXT = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))


@settings(max_examples=300, derandomize=True, deadline=None, database=None)
@given(st.lists(st.sampled_from(["</script>", "</SCRIPT ", "<!--", "-->", "<script>", '"}', "\\", "&lt;", "]]>"])
                | EDITOR_TEXT, max_size=6).map("".join))
def test_any_text_is_read_back_as_written(text: str) -> None:
    page = f"<!doctype html><title>t</title><p>before</p>{json_ld_script({'@type': 'Thing', 'name': text})}<p>after</p>"
    document = html5lib.parse(page)
    assert [p.text for p in document.iter(f"{HTML}p")] == ["before", "after"]
    assert_one_script_of_data(page, {"@context": "https://schema.org", "@type": "Thing", "name": text})
    assert structured_data(page, "index.md")[0]["name"] == text
