"""`data/hsds/services.json`: the groups as Open Referral HSDS 3 services, for councils and
national directories (Open Referral UK) to import.

A JSON array of services in the shape of HSDS 3's compiled `service_with_definitions`
schema: each service carries its organisation, its place (service_at_locations -> location
-> addresses), its regular meetings as iCalendar-like schedules, phones, contacts, languages,
service areas and categories (attributes pointing at our own taxonomy terms).

Ids are UUIDs derived from the group's id (see `public_data.stable_uuid`), so an importer that
runs every night updates the same records. Closed groups are left out; temporarily closed
ones are `temporarily closed`.
"""

from __future__ import annotations

from typing import Any

from ... import languages, paths
from ...models import Group, Meeting
from ..parts.common import Context, remembered
from ..parts.data_files import dump_compact, dump_list
from ..parts.public_data import (
    COUNTRY_CODE,
    absolute_url_of,
    area_name,
    open_groups_by_id,
    public_position,
    public_venue,
    stable_uuid,
)
from ..parts.schedule import clock, meeting_in_words
from ..parts.text import folded, plural

STATUS = {"active": "active", "temporarily-closed": "temporarily closed"}
BYDAY = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR",
         "saturday": "SA", "sunday": "SU"}
WEEK_OF_MONTH = {"first": "1", "second": "2", "third": "3", "fourth": "4", "last": "-1"}
# Our vocabularies become taxonomies of their own; the facet is what a term describes.
# A group's fields whose ids are terms of our own taxonomies: field -> (facet, taxonomy).
TAXONOMIES = {"support_types": ("support_types", "Type of peer support"), "audiences": ("audiences", "Who it is for"),
              "topics": ("topics", "Topic"), "access": ("access_needs", "Access needs")}
HOME_DESCRIPTION = ("Meets in a private home in this area; the group shares the address when you get in touch. "
                    "The position is rounded to about 1 km.")


ServiceItem = tuple[Group, tuple[tuple[str, Any], ...]]  # what one service is made from (a key of `remembered`)


def render_hsds_services(ctx: Context) -> str:
    """`data/hsds/services.json`: a JSON array of every open group's service, each dumped once and remembered."""
    return dump_list(remembered(_dumped_service, item, ctx) for item in services(ctx))


def _dumped_service(item: Any, ctx: Context) -> str:
    return dump_compact(hsds_service_of(item, ctx))


def services(ctx: Context) -> list[ServiceItem]:
    """Every open group (each an HSDS 3 service, in id order) with its organisation, which the
    groups it runs share."""
    organisations = _organisations(ctx)
    return [(group, _frozen(organisations[organisation_key(group)])) for group in open_groups_by_id(ctx)]


def hsds_service_of(item: ServiceItem, ctx: Context) -> dict[str, Any]:
    """One group's service, empty values left out."""
    group, organisation = item
    return _compact(hsds_service(group, {organisation_key(group): dict(organisation)}, ctx))


def _frozen(organisation: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """An organisation (strings only) as a key of `remembered`."""
    return tuple(organisation.items())


def hsds_service(group: Group, organisations: dict[str, dict[str, Any]], ctx: Context) -> dict[str, Any]:
    service_id = stable_uuid("service", group.id)
    organisation = organisations[organisation_key(group)]
    contact = group.contact
    return {
        "id": service_id,
        "organization_id": organisation["id"],
        "name": group.name,
        "description": "\n\n".join(x for x in (group.summary, group.description) if x),
        "url": contact.website or absolute_url_of(paths.group_page(group.id), ctx),
        "email": contact.email,
        "status": STATUS[group.status],
        "fees_description": group.cost,
        "application_process": group.referral,
        "eligibility_description": _eligibility(group, ctx),
        "alert": group.alert,
        "assured_date": group.last_verified.isoformat(),
        "organization": organisation,
        "phones": _phones(group, service_id=service_id),
        "contacts": _contacts(group, service_id),
        "schedules": _schedules(group, service_id),
        "service_areas": [{"id": stable_uuid("service-area", group.id), "service_id": service_id,
                           "name": area_name(group, ctx)}],
        "service_at_locations": _service_at_locations(group, service_id, organisation["id"], ctx),
        "languages": [{"id": stable_uuid("language", f"{group.id}:{tag}"), "service_id": service_id,
                       "name": languages.english_name(tag), "code": languages.iso_639(tag)} for tag in group.languages],
        "attributes": _attributes(group, service_id, ctx),
    }


# --------------------------------------------------------------------------- organisations


def organisation_key(group: Group) -> str:
    """Groups run by the same organisation share one HSDS organisation; a group with none is its own."""
    if group.organisation:
        return "organisation:" + folded(group.organisation)
    return "group:" + group.id


def _organisations(ctx: Context) -> dict[str, dict[str, Any]]:
    runs: dict[str, list[Group]] = {}
    for group in open_groups_by_id(ctx):
        runs.setdefault(organisation_key(group), []).append(group)
    return {key: _organisation(key, groups, ctx) for key, groups in runs.items()}


def _organisation(key: str, groups: list[Group], ctx: Context) -> dict[str, Any]:
    """HSDS needs a description. An organisation's is how many of the directory's groups it runs: its
    services are those groups. Not their names: the organisation is copied into each of its services,
    so a list of names made the file grow with the square of the groups an organisation runs."""
    first = groups[0]
    if first.organisation is None:
        return {"id": stable_uuid("organization", key), "name": first.name, "description": first.summary}
    return {"id": stable_uuid("organization", key), "name": first.organisation,
            "description": runs_groups(len(groups), ctx.settings.site_name)}


def runs_groups(count: int, site_name: str) -> str:
    """`Runs 3 groups listed in Parent and carer peer support.`"""
    return f"Runs {plural(count, 'group')} listed in {site_name or 'this directory'}."


# --------------------------------------------------------------------------- contact


def _phones(group: Group, **owner: str) -> list[dict[str, Any]]:
    contact = group.contact
    if not contact.phone:
        return []
    kind = "-".join(owner)  # a different id for the service's phone and the contact's copy of it
    return [{"id": stable_uuid(f"phone-{kind}", group.id), **owner, "number": contact.phone,
             "type": "voice", "description": contact.phone_note}]


def _contacts(group: Group, service_id: str) -> list[dict[str, Any]]:
    """One unnamed contact with the group's e-mail and phone: the directory lists no people."""
    contact = group.contact
    if not (contact.email or contact.phone):
        return []
    contact_id = stable_uuid("contact", group.id)
    return [{"id": contact_id, "service_id": service_id, "email": contact.email,
             "phones": _phones(group, contact_id=contact_id)}]


def _eligibility(group: Group, ctx: Context) -> str | None:
    if not group.audiences:
        return None
    return "For " + ", ".join(ctx.term("audiences", a).name.lower() for a in group.audiences) + "."


# --------------------------------------------------------------------------- schedules


def hsds_schedule(meeting: Meeting) -> dict[str, Any]:
    """A meeting as HSDS's iCalendar-like fields: weekly, fortnightly (interval 2) or `1MO`-style monthly."""
    schedule: dict[str, Any] = {"freq": "WEEKLY", "interval": 1, "byday": BYDAY[meeting.day], "wkst": "MO"}
    if meeting.frequency == "fortnightly":
        # HSDS needs dtstart with an interval: the one known meeting fixes which weeks.
        schedule.update(interval=2, dtstart=meeting.starting.isoformat() if meeting.starting else None)
    elif meeting.frequency == "monthly":
        schedule.update(freq="MONTHLY", byday=WEEK_OF_MONTH[meeting.week or "first"] + BYDAY[meeting.day])
    schedule["opens_at"] = clock(meeting.start)
    schedule["closes_at"] = clock(meeting.end) if meeting.end else None
    return schedule


def _schedules(group: Group, service_id: str) -> list[dict[str, Any]]:
    schedules = []
    seen: set[str] = set()
    for index, meeting in enumerate(group.schedule):
        # Keyed by what the meeting is, not its place in the list, so reordering keeps the ids.
        key = f"{group.id}:{meeting.day}:{clock(meeting.start)}:{meeting.frequency}:{meeting.week}"
        key = key if key not in seen else f"{key}:{index}"
        seen.add(key)
        words = meeting_in_words(meeting) + (f" ({meeting.note})" if meeting.note else "")
        schedules.append({
            "id": stable_uuid("schedule", key), "service_id": service_id, **hsds_schedule(meeting),
            "description": words,
            # HSDS wants a fixed UTC offset, which a place with summer time does not have:
            # times are the group's local wall-clock time, and the zone is named here.
            "notes": f"Times are local time in {group.timezone}.",
        })
    if group.schedule_note:
        schedules.append({"id": stable_uuid("schedule-note", group.id), "service_id": service_id,
                          "description": group.schedule_note})
    return schedules


# --------------------------------------------------------------------------- places


def _service_at_locations(group: Group, service_id: str, organisation_id: str, ctx: Context) -> list[dict[str, Any]]:
    location = group.location
    if location is None:
        return []
    location_id = stable_uuid("location", group.id)
    name, address, postcode = public_venue(location)
    lat, lon = public_position(location)
    place = {
        "id": location_id,
        "location_type": "physical",
        "organization_id": organisation_id,
        "name": name or f"{area_name(group, ctx)} (private home)",
        "description": HOME_DESCRIPTION if location.approximate else None,
        "latitude": lat,
        "longitude": lon,
        "addresses": _addresses(location_id, address, postcode, group, ctx),
        "accessibility": _accessibility(group, location_id, ctx),
    }
    return [{"id": stable_uuid("service-at-location", group.id), "service_id": service_id,
             "location_id": location_id, "location": place}]


def _accessibility(group: Group, location_id: str, ctx: Context) -> list[dict[str, Any]]:
    """What the place offers for access needs, one entry each, then what the group says in its own words."""
    entries = []
    for need_id in group.access:
        need = ctx.term("access_needs", need_id)
        entries.append({"id": stable_uuid("accessibility", f"{group.id}:{need_id}"), "location_id": location_id,
                        "description": need.name, "details": need.description})
    if group.accessibility:
        entries.append({"id": stable_uuid("accessibility", group.id), "location_id": location_id,
                        "description": group.accessibility})
    return entries


def _addresses(location_id: str, address: str | None, postcode: str | None, group: Group,
               ctx: Context) -> list[dict[str, Any]]:
    """HSDS needs a street, town and postcode; a place without a street address or postcode has none."""
    if not (address and postcode):
        return []
    street, _, town = address.rpartition(",")
    street, town = (street.strip(), town.strip()) if street else (address, area_name(group, ctx))
    return [{"id": stable_uuid("address", group.id), "location_id": location_id, "address_1": street,
             "city": town, "state_province": area_name(group, ctx), "postal_code": postcode,
             "country": COUNTRY_CODE, "address_type": "physical"}]


# --------------------------------------------------------------------------- categories


def _attributes(group: Group, service_id: str, ctx: Context) -> list[dict[str, Any]]:
    attributes = []
    for field, (facet, taxonomy) in TAXONOMIES.items():
        for term_id in getattr(group, field):
            term = ctx.term(facet, term_id)
            term_uuid = stable_uuid("taxonomy-term", f"{facet}:{term_id}")
            attributes.append({
                "id": stable_uuid("attribute", f"{group.id}:{facet}:{term_id}"),
                "link_id": service_id, "link_type": facet, "link_entity": "service",
                "taxonomy_term_id": term_uuid,
                "taxonomy_term": {"id": term_uuid, "code": term_id, "name": term.name,
                                  "description": term.description or term.name, "taxonomy": taxonomy},
            })
    return attributes


# --------------------------------------------------------------------------- output


def _compact(value: Any) -> Any:
    """Leave out empty values: HSDS fields are optional, and `null` or `""` is not a valid string."""
    if isinstance(value, dict):
        cleaned = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in cleaned.items() if v not in (None, "", [])}
    if isinstance(value, list):
        return [_compact(item) for item in value]
    return value
