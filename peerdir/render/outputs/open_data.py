"""Open data: the directory published as files that other services can import, built with the site.

* `data/groups.json` and `data/events.json`: every field of the models, versioned, each with
  a JSON Schema generated from the same models (`data/*.schema.json`);
* `data/groups.csv`: one row per group, for spreadsheets (`spreadsheet.py`);
* `data/hsds/services.json`: Open Referral HSDS 3 services (`hsds.py`);
* `data/meeting-guide.json`: the Meeting Guide feed of weekly meetings (`meeting_guide.py`);
* `data/index.md`: the page that documents them (`open_data_page.py`).

A group that meets in someone's home never has its venue, address or exact position in any
of them (`public_data.py`). Closed groups stay in groups.json and the CSV, marked `closed`,
so that an importer can remove them; the HSDS and Meeting Guide feeds leave them out.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time
from typing import Any

from ... import paths
from ...models import Event, Group, Location, Vocabularies
from ...schema import Kind, Language, ListOf, Nested, schema_fields
from ..parts.common import Context, remembered
from ..parts.data_files import dump_compact, dump_data, dump_json, dump_list
from ..parts.public_data import groups_by_id, public_position, public_venue, site_url_of

# The version of groups.json and events.json. Adding a field is a minor change (1.1);
# renaming or removing one, or changing what a value means, is a major one (2.0).
SCHEMA_VERSION = "1.0"
JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# Editors may write a language's name; the published data carry its tag.
LANGUAGE_TAGS = "Here each is a BCP 47 language tag, e.g. `cy` (Welsh) or `bfi` (British Sign Language)."
LOCATION_PRIVACY = ("When `approximate` is true the group meets in someone's home: `name`, `address` and "
                    "`postcode` are left out and `lat`/`lon` are rounded to 2 decimal places (about 1 km).")
# The privacy rule, in the schema too: a home's location has no venue name, address or postcode.
HOME_HAS_NO_ADDRESS = {
    "if": {"properties": {"approximate": {"const": True}}},
    "then": {"not": {"anyOf": [{"required": ["name"]}, {"required": ["address"]}, {"required": ["postcode"]}]}},
}
URL_FIELD = {"type": "string", "minLength": 1,
             "description": "The page on this site: a full address when the site has one, else relative to the site root."}


def render_open_data(ctx: Context) -> dict[str, str | bytes]:
    """groups.json and events.json, each with its JSON Schema, keyed by output path. The open-data
    step of `render/__init__.py` adds the other files (each from its own module) and their page."""
    return {
        paths.GROUPS_JSON: groups_json(ctx),
        paths.GROUPS_JSON_SCHEMA: dump_json(groups_schema(ctx)),
        paths.EVENTS_JSON: dump_data(events_document(ctx)),
        paths.EVENTS_JSON_SCHEMA: dump_json(events_schema(ctx)),
    }


def groups_json(ctx: Context) -> str:
    """The schema version and date, every group (closed ones too, in id order) and the vocabularies,
    as `dump_data` writes them, with each group's record dumped once and remembered."""
    header = dump_compact(_header(ctx))
    groups = dump_list(remembered(_dumped_group, group, ctx) for group in groups_by_id(ctx))
    vocabularies = dump_compact(_record(ctx.directory.vocabularies))
    return f'{header[:-1]},"groups":{groups[:-1]},"vocabularies":{vocabularies}}}\n'


def _dumped_group(group: Group, ctx: Context) -> str:
    return dump_compact(exported_group(group, ctx))


# --------------------------------------------------------------------------- documents


def events_document(ctx: Context) -> dict[str, Any]:
    events = sorted(ctx.directory.events, key=lambda e: e.id)
    return {**_header(ctx), "events": [exported_event(event, ctx) for event in events]}


def exported_group(group: Group, ctx: Context) -> dict[str, Any]:
    return {**_record(group), "url": site_url_of(paths.group_page(group.id), ctx)}


def exported_event(event: Event, ctx: Context) -> dict[str, Any]:
    return {**_record(event), "url": site_url_of(paths.event_page(event.id), ctx)}


def _header(ctx: Context) -> dict[str, Any]:
    header: dict[str, Any] = {"schema_version": SCHEMA_VERSION, "generated": ctx.today.isoformat()}
    licence = ctx.settings.data_licence
    if licence:
        header["licence"] = licence
    return header


def _record(record: Any) -> dict[str, Any]:
    """A model as JSON values, field by field in the models' order; empty optional fields left out."""
    if isinstance(record, Location):
        return _location(record)
    values = {}
    for field in schema_fields(type(record)):
        value = getattr(record, field.name)
        if value is not None:
            values[field.name] = _value(value)
    return values


def _location(location: Location) -> dict[str, Any]:
    name, address, postcode = public_venue(location)
    lat, lon = public_position(location)
    values = {"name": name, "address": address, "postcode": postcode, "lat": lat, "lon": lon,
              "approximate": location.approximate}
    return {key: value for key, value in values.items() if value is not None}


def _value(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_value(item) for item in value]
    if dataclasses.is_dataclass(value):
        return _record(value)
    if isinstance(value, datetime):  # before date: a datetime is a date too
        return f"{value:%Y-%m-%dT%H:%M}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return value


# --------------------------------------------------------------------------- schemas


def groups_schema(ctx: Context) -> dict[str, Any]:
    group = export_schema(Group, extra={"url": URL_FIELD})
    return _schema_document(ctx, paths.GROUPS_JSON_SCHEMA, "Peer support groups", {
        "groups": {"type": "array", "items": group, "description": "Every group, closed ones included (`status: closed`)."},
        "vocabularies": {**export_schema(Vocabularies),
                         "description": "The controlled lists the groups' ids refer to, with their names."},
    })


def events_schema(ctx: Context) -> dict[str, Any]:
    event = export_schema(Event, extra={"url": URL_FIELD})
    return _schema_document(ctx, paths.EVENTS_JSON_SCHEMA, "Events", {
        "events": {"type": "array", "items": event, "description": "Every event, past ones included."},
    })


def _schema_document(ctx: Context, path: str, title: str, lists: dict[str, Any]) -> dict[str, Any]:
    properties = {
        "schema_version": {"const": SCHEMA_VERSION, "description": "The version of this format."},
        "generated": {"type": "string", "format": "date", "description": "The day the site was built."},
        "licence": {"type": "string", "minLength": 1, "description": "The terms on which the data may be reused."},
        **lists,
    }
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "$id": site_url_of(path, ctx),
        "title": f"{title}, as published by {ctx.settings.site_name or 'the directory'}",
        "type": "object",
        "properties": properties,
        "required": ["schema_version", "generated", *lists],
        "additionalProperties": False,
    }


def export_schema(model: type, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON Schema of a model as exported: a field with a default is always present."""
    properties, required = {}, []
    for field in schema_fields(model):
        properties[field.name] = {**_kind_schema(field.metadata["kind"]), "description": _describe(field)}
        if field.metadata["required"] or field.default is not None:
            required.append(field.name)
    properties.update(extra or {})
    required.extend(extra or {})
    description = (model.__doc__ or "").strip().splitlines()[0]
    schema = {"type": "object", "title": model.__name__, "description": description,
              "properties": properties, "required": required, "additionalProperties": False}
    if model is Location:
        schema.update(HOME_HAS_NO_ADDRESS)
    return schema


def _describe(field: dataclasses.Field) -> str:
    kind = field.metadata["kind"]
    about_homes = (isinstance(kind, Nested) and kind.model is Location) or field.name == "approximate"
    as_tags = isinstance(kind, ListOf) and isinstance(kind.item, Language)
    return (field.metadata["doc"] + (" " + LOCATION_PRIVACY if about_homes else "")
            + (" " + LANGUAGE_TAGS if as_tags else ""))


def _kind_schema(kind: Kind) -> dict[str, Any]:
    if isinstance(kind, Nested):
        return export_schema(kind.model)
    if isinstance(kind, ListOf):
        return {**kind.json_schema(), "items": _kind_schema(kind.item)}
    return kind.json_schema()
