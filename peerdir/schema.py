"""The field kinds the models are declared with, and the converter that applies them.

A model (see `models.py`) is a frozen dataclass whose fields are declared with
`spec(kind, "description")`. From that one declaration come:

* conversion of a YAML tree (`load.py`) into a typed model, with a `Problem` for
  every value that does not fit (`convert`);
* a JSON Schema for editors' editors (`json_schema`);
* the field reference in the editors' documentation (`render/field_reference.py`).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import re
from datetime import date, datetime, time
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from .load import FieldPath, YList, YMap, YNode, YScalar, path_text
from .problems import ProblemList


class Invalid:
    """Marks a value that could not be converted (a problem has been reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


class Marks:
    """Where a record and each of its fields were written (1-based line and column).

    It keeps the record's YAML mapping and reads a position from it only when a message
    asks for one: copying every field's position for every record, as loading once did,
    cost more than all the messages that use them.
    """

    __slots__ = ("file", "_where", "_node")

    def __init__(self, file: str = "", where: FieldPath = "", node: YMap | None = None) -> None:
        self.file = file
        self._where = where
        self._node = node

    @property
    def path(self) -> str:
        return path_text(self._where)

    @property
    def line(self) -> int:
        return self._node.line if self._node is not None else 1

    @property
    def column(self) -> int:
        return self._node.column if self._node is not None else 1

    def at(self, name: str) -> tuple[int, int]:
        """The position of field `name`'s value, or of the record when it is absent."""
        value = self._value(name)
        return (value.line, value.column) if value is not None else (self.line, self.column)

    def at_item(self, name: str, index: int) -> tuple[int, int]:
        """The position of item `index` of list field `name`."""
        value = self._value(name)
        if type(value) is YList and index < len(value.items):
            item = value.items[index]
            return item.line, item.column
        return self.at(name)

    def path_of(self, name: str) -> str:
        return path_text((self._where, name))

    def _value(self, name: str) -> YNode | None:
        entry = self._node.entries.get(name) if self._node is not None else None
        return entry[1] if entry is not None else None


class Context:
    """What a conversion needs: the file being read and where to report problems."""

    def __init__(self, file: str, problems: ProblemList) -> None:
        self.file = file
        self.problems = problems

    def report(self, node: YNode, path: FieldPath, message: str) -> Any:
        self.problems.add(self.file, node.line, node.column, path_text(path), message)
        return INVALID


# --------------------------------------------------------------------------- kinds


class Kind:
    """How one field's value is written in YAML and what it becomes."""

    summary: ClassVar[str] = "value"

    def convert(self, node: YNode, path: FieldPath, ctx: Context) -> Any:
        raise NotImplementedError

    def json_schema(self) -> dict[str, Any]:
        raise NotImplementedError

    def describe(self) -> str:
        """A few words for the field reference, e.g. 'text, at most 200 characters'."""
        return self.summary


class ScalarKind(Kind):
    """A kind written as a single value; subclasses parse the editor's text."""

    keeps_spaces = False  # whether parse() is given the text unstripped (an attribute: read per value)

    def convert(self, node: YNode, path: FieldPath, ctx: Context) -> Any:
        if type(node) is not YScalar:
            shape = "a list" if type(node) is YList else "a set of fields"
            return ctx.report(node, path, f"should be {self.expected()}, not {shape}")
        text = node.text
        if text is None:
            return None
        return self.parse(text if self.keeps_spaces else text.strip(), node, path, ctx)

    def expected(self) -> str:
        return self.summary

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        raise NotImplementedError


class Text(ScalarKind):
    summary = "text"

    def __init__(self, max_length: int | None = None, multiline: bool = False) -> None:
        self.max_length = max_length
        self.multiline = multiline
        self.keeps_spaces = multiline

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        text = text.strip("\n") if self.multiline else text
        if not text.strip():
            return None
        if not self.multiline and "\n" in text:
            return ctx.report(node, path, "should be on one line; remove the line breaks")
        if self.max_length and len(text) > self.max_length:
            return ctx.report(
                node, path,
                f"is {len(text)} characters long; shorten it to {self.max_length} or fewer",
            )
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema

    def describe(self) -> str:
        words = "Markdown text" if self.multiline else "text"
        return f"{words}, at most {self.max_length} characters" if self.max_length else words


class Slug(ScalarKind):
    summary = "an id: lowercase letters, digits and hyphens, e.g. `west-london-sands`"
    pattern = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if self.pattern.match(text):
            return text
        suggestion = slugify(text)
        hint = f"; for example `{suggestion}`" if suggestion else ""
        return ctx.report(
            node, path,
            f"`{text}` is not a valid id: use lowercase letters, digits and single hyphens{hint}",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern.pattern}


class Ref(Slug):
    """The id of an entry in another list; whether it exists is checked in `validate.py`."""

    def __init__(self, target: str) -> None:
        self.target = target

    def describe(self) -> str:
        return f"an id from `{self.target}`"


class Choice(ScalarKind):
    def __init__(self, *values: str) -> None:
        self.values = values

    def expected(self) -> str:
        return "one of " + ", ".join(self.values)

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        wanted = text.lower().replace(" ", "-").replace("_", "-")
        if wanted in self.values:
            return wanted
        return ctx.report(node, path, f"`{text}` is not allowed: use {self.expected()}{did_you_mean(text, self.values)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)


class Boolean(ScalarKind):
    summary = "`true` or `false`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.lower() == "true":
            return True
        if text.lower() == "false":
            return False
        return ctx.report(node, path, f"`{text}` is not allowed: write true or false")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Number(ScalarKind):
    def __init__(self, low: float, high: float, what: str) -> None:
        self.low, self.high, self.what = low, high, what

    def expected(self) -> str:
        return f"a {self.what} (a number between {self.low:g} and {self.high:g})"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        try:
            value = float(text)
        except ValueError:
            return ctx.report(node, path, f"`{text}` is not a number: write a {self.what} such as 51.4875")
        if not self.low <= value <= self.high or value != value:
            return ctx.report(
                node, path, f"{text} is not a {self.what} (between {self.low:g} and {self.high:g})"
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.low, "maximum": self.high}

    def describe(self) -> str:
        return f"a {self.what}: a number between {self.low:g} and {self.high:g}"


class Date(ScalarKind):
    summary = "a date written YYYY-MM-DD, e.g. `2026-10-01`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return ctx.report(node, path, f"{text} is not a real date")
        return ctx.report(node, path, f"`{text}` is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


class TimeOfDay(ScalarKind):
    summary = "a time on the 24-hour clock, HH:MM, e.g. `14:30`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
        return ctx.report(node, path, f"`{text}` is not a time: use the 24-hour clock as HH:MM, e.g. 14:30")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}


class LocalDateTime(ScalarKind):
    summary = "a local date and time, YYYY-MM-DDTHH:MM, e.g. `2027-06-09T14:00`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2})", text)
        if not match:
            return ctx.report(
                node, path,
                f"`{text}` is not a date and time: write it as YYYY-MM-DDTHH:MM, e.g. 2027-06-09T14:00",
            )
        try:
            return datetime.fromisoformat(f"{match[1]}T{int(match[2].split(':')[0]):02d}:{match[2].split(':')[1]}")
        except ValueError:
            return ctx.report(node, path, f"{text} is not a real date and time")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}$"}


class Email(ScalarKind):
    summary = "an e-mail address, e.g. `hello@example.org`"
    pattern = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.lower().startswith("mailto:"):
            text = text[len("mailto:"):]
        if self.pattern.match(text) and ".." not in text:
            return text
        return ctx.report(node, path, f"`{text}` is not an e-mail address: write it like name@example.org")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email"}


class Phone(ScalarKind):
    summary = "a phone number, e.g. `020 7946 0000` or `+44 20 7946 0000`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.lower().startswith("tel:"):
            text = text[len("tel:"):]
        digits = re.sub(r"\D", "", text)
        if re.fullmatch(r"\+?[\d ()-]+", text) and 3 <= len(digits) <= 15:
            return text
        return ctx.report(
            node, path,
            f"`{text}` is not a phone number: use only digits, spaces and a leading +, "
            "e.g. 020 7946 0000; put extensions or opening hours in a note",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^\+?[\d ()-]+$"}


class Url(ScalarKind):
    summary = "a web address starting https:// or http://"

    def __init__(self, schemes: tuple[str, ...] = ("https", "http")) -> None:
        self.schemes = schemes

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if " " in text:
            return ctx.report(node, path, f"`{text}` is not a web address: it contains a space")
        parts = urlsplit(text)
        if parts.scheme.lower() not in self.schemes:
            if not parts.scheme and "." in text.split("/")[0]:
                return ctx.report(node, path, f"`{text}` needs to start with https:// (e.g. https://{text})")
            allowed = ", ".join(f"{s}:" for s in self.schemes)
            return ctx.report(node, path, f"`{text}` is not allowed: a link must start with {allowed}")
        if parts.scheme in ("http", "https") and "." not in (parts.hostname or ""):
            return ctx.report(node, path, f"`{text}` is not a web address: it has no domain such as example.org")
        return text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^(" + "|".join(self.schemes) + "):"}


class Postcode(ScalarKind):
    summary = "a UK postcode, e.g. `SW10 9NH`"
    pattern = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        match = self.pattern.match(text.upper())
        if match:
            return f"{match[1]} {match[2]}"
        return ctx.report(node, path, f"`{text}` is not a UK postcode: write it like SW10 9NH")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$"}


class Timezone(ScalarKind):
    summary = "an IANA time zone such as `Europe/London`"
    _known: ClassVar[set[str] | None] = None

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if Timezone._known is None:
            Timezone._known = available_timezones()
        try:
            if text in Timezone._known:
                ZoneInfo(text)
                return text
        except (ZoneInfoNotFoundError, ValueError):
            pass
        return ctx.report(
            node, path, f"`{text}` is not a time zone: use a name such as Europe/London"
            f"{did_you_mean(text, sorted(Timezone._known))}",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string"}


class ListOf(Kind):
    def __init__(self, item: Kind, min_items: int = 0, unique: bool = True, keep_valid: bool = False) -> None:
        # keep_valid: a list of records keeps its valid items when some are broken, so that
        # cross-record checks still run on them; any other list is broken as a whole.
        self.item, self.min_items, self.unique, self.keep_valid = item, min_items, unique, keep_valid

    def convert(self, node: YNode, path: FieldPath, ctx: Context) -> Any:
        if type(node) is not YList:
            if type(node) is YScalar and node.text is None:
                return None
            return ctx.report(
                node, path,
                "should be a list: put each item on its own line starting with `- `",
            )
        convert_item, unique = self.item.convert, self.unique
        values = []
        seen: set[Any] = set()
        broken = False
        for index, item in enumerate(node.items):
            value = convert_item(item, (path, index), ctx)
            if value is None:
                ctx.report(item, (path, index), "this list item is empty; delete the line or fill it in")
                continue
            if value is INVALID:
                broken = True
            elif isinstance(value, (str, int, float)):
                if unique and value in seen:
                    ctx.report(item, (path, index), f"`{value}` is listed twice; delete one")
                    continue
                seen.add(value)
            values.append(value)
        if broken:
            return tuple(values) if self.keep_valid else INVALID
        if len(values) < self.min_items:
            return ctx.report(node, path, f"needs at least {self.min_items} item")
        return tuple(values)

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "array", "items": self.item.json_schema()}
        if self.min_items:
            schema["minItems"] = self.min_items
        if self.unique and isinstance(self.item, ScalarKind):
            schema["uniqueItems"] = True
        return schema

    def describe(self) -> str:
        return f"a list of {self.item.describe()}"


class Nested(Kind):
    """A set of fields described by a model class."""

    def __init__(self, model: type) -> None:
        self.model = model

    def convert(self, node: YNode, path: FieldPath, ctx: Context) -> Any:
        return convert(self.model, node, path, ctx)

    def json_schema(self) -> dict[str, Any]:
        return json_schema(self.model)

    def describe(self) -> str:
        return f"a set of fields (see {self.model.__name__})"


# --------------------------------------------------------------------------- fields


def spec(kind: Kind, doc: str, *, required: bool = False, default: Any = None, example: str = "") -> Any:
    """Declare a model field: how it is written, what it is for, whether it is required."""
    return dataclasses.field(
        default=default,
        metadata={"kind": kind, "doc": doc, "required": required, "example": example},
    )


def marks_field() -> Any:
    """Every model keeps where it was written, for messages raised after conversion."""
    return dataclasses.field(default_factory=Marks, compare=False, repr=False, metadata={"internal": True})


@functools.cache
def schema_fields(model: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in dataclasses.fields(model) if "kind" in f.metadata)


@functools.cache
def _kinds(model: type) -> dict[str, Kind]:
    return {f.name: f.metadata["kind"] for f in schema_fields(model)}


@functools.cache
def _required_fields(model: type) -> tuple[dataclasses.Field, ...]:
    return tuple(f for f in schema_fields(model) if f.metadata["required"])


def convert(model: type, node: YNode, path: FieldPath, ctx: Context) -> Any:
    """Build a `model` from a YAML mapping, reporting every field that does not fit."""
    if type(node) is not YMap:
        if type(node) is YScalar and node.text is None:
            return None
        return ctx.report(node, path, "should be a set of fields written as `name: value` lines")
    kinds = _kinds(model)  # cached: this runs once per record of every file
    values: dict[str, Any] = {}
    invalid: set[str] = set()
    misspelt: set[str] = set()  # fields whose name an unknown key looks like a typo of
    for key, (key_node, value_node) in node.entries.items():
        kind = kinds.get(key)
        if kind is None:
            ctx.report(key_node, (path, key), f"`{key}` is not a known field{did_you_mean(key, kinds)}")
            invalid.add(key)
            misspelt.update(close_matches(key, kinds))
            continue
        value = kind.convert(value_node, (path, key), ctx)
        if value is INVALID:
            invalid.add(key)
        elif value is not None:
            values[key] = value
    for field in _required_fields(model):
        name = field.name
        if name not in values and name not in invalid and name not in misspelt:
            _report_missing(field, node, path, ctx)
            invalid.add(name)
    if invalid:
        return INVALID
    return model(**values, marks=Marks(ctx.file, path, node))


def _report_missing(field: dataclasses.Field, record: YMap, path: FieldPath, ctx: Context) -> None:
    name, doc = field.name, field.metadata["doc"].rstrip(".")
    entry = record.entries.get(name)
    if entry is not None:  # written, but with nothing after the colon
        value = entry[1]
        ctx.problems.add(ctx.file, value.line, value.column, path_text((path, name)), f"is empty: fill it in ({doc})")
    else:
        ctx.problems.add(ctx.file, record.line, record.column, path_text((path, name)),
                         f"is required: add `{name}:` ({doc})")


def close_matches(word: str, choices: Any) -> list[str]:
    return difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.6)


def did_you_mean(word: str, choices: Any) -> str:
    close = close_matches(word, choices)
    return f" (did you mean `{close[0]}`?)" if close else ""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --------------------------------------------------------------------------- JSON Schema


def json_schema(model: type) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    required = []
    for field in schema_fields(model):
        prop = dict(field.metadata["kind"].json_schema())
        prop["description"] = field.metadata["doc"]
        if field.metadata["example"]:
            prop["examples"] = [field.metadata["example"]]
        properties[field.name] = prop
        if field.metadata["required"]:
            required.append(field.name)
    schema: dict[str, Any] = {
        "type": "object",
        "title": model.__name__,
        "description": (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ else "",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    return schema

