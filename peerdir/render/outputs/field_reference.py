"""The editors' field reference, generated from the models so it can never disagree with them."""

from __future__ import annotations

from ...models import AccessNeed, Area, Centre, Contact, Event, Group, Location, Meeting, Registration, SupportType, Term
from ...pages import Issue
from ...schema import Kind, ListOf, Nested, schema_fields
from ..parts.common import front_matter
from ..parts.html import breakable_text

TABLE_CLASS = "field-table"
SECTIONS = [
    ("Groups (groups.yaml)", Group),
    ("Location", Location),
    ("Meeting times (schedule)", Meeting),
    ("Contact", Contact),
    ("Events (events.yaml)", Event),
    ("Registration (register)", Registration),
    ("Support types (support_types.yaml)", SupportType),
    ("Audiences and topics (support_types.yaml)", Term),
    ("Areas (support_types.yaml)", Area),
    ("Centre of an area (centre)", Centre),
    ("Access needs (support_types.yaml)", AccessNeed),
    ("Newsletter issues (the front matter at the top of each file in content/newsletter/)", Issue),
]


def render_field_reference() -> str:
    parts = [
        # For editors, not for people looking for support: kept out of the site's search.
        front_matter(description="Every field an editor can use in the directory's YAML files.", search_exclude=True),
        "# Field reference for editors",
        "Every field you can write in `groups.yaml`, `events.yaml` and `support_types.yaml`. "
        "Required fields are marked. `make validate` checks all of them and names the "
        "file, line and field of any mistake.",
    ]
    for title, model in SECTIONS:
        # In a block of its own, for the phone layout (overrides/assets/stylesheets/editors.css).
        parts += [f"## {title}", f'<div class="{TABLE_CLASS}" markdown>', _table(model), "</div>"]
    return "\n\n".join(parts) + "\n"


def _table(model: type) -> str:
    rows = ["| Field | Required | What to write | What it is for |", "| --- | --- | --- | --- |"]
    for field in schema_fields(model):
        kind = field.metadata["kind"]
        written = _what_to_write(field.name, kind)
        required = "yes" if field.metadata["required"] else ""
        default = field.default if field.default not in (None, ()) else None
        doc = field.metadata["doc"] + (f" Default: `{default}`." if isinstance(default, (str, bool)) else "")
        rows.append(f"| {_field_name(field.name)} | {required} | {_cell(written)} | {_cell(doc)} |")
    return "\n".join(rows)


def _what_to_write(name: str, kind: Kind) -> str:
    """In words: "one or more ids from `topics`"; for fields of their own, where in this page they are."""
    if isinstance(kind, Nested):
        return f"the fields below under {name}:"
    if isinstance(kind, ListOf) and isinstance(kind.item, Nested):
        title = next(title for title, model in SECTIONS if model is kind.item.model)
        noun = title.split(" (")[0].lower()
        return f"{kind.how_many(noun)} {noun}, each with the fields in “{title}” below"
    return kind.describe()


def _field_name(name: str) -> str:
    """The name in code type, breakable only after `_` or `.` (`last_verified`), never inside a word."""
    return f'<code class="field-name">{breakable_text(name, "_.")}</code>'


def _cell(text: str) -> str:
    # The descriptions are ours, not editors' data; only table pipes need escaping.
    return text.replace("|", "\\|")
