"""The field kinds the models are declared with, and the converter that applies them.

A model (see `models.py`) is a frozen dataclass whose fields are declared with
`spec(kind, "description")`. From that one declaration come:

* conversion of a YAML tree (`load.py`) into a typed model, with a `Problem` for
  every value that does not fit (`convert`);
* a JSON Schema for editors' editors (`json_schema`);
* the field reference in the editors' documentation (`render/outputs/field_reference.py`).
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
import ipaddress
import re
import sys
import unicodedata
from datetime import date, datetime, time
from typing import Any, ClassVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

import email_validator
import idna
import phonenumbers

from . import languages
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

    def __init__(self, file: str, problems: ProblemList, known: dict[str, tuple[set[str], str]] | None = None) -> None:
        self.file = file
        self.problems = problems
        # The ids of each list a `Ref` may name, as written (broken entries too), and the file that holds
        # them: a reference is checked as it is read, so an entry with other problems has it checked too.
        self.known = known or {}

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

    def describe_many(self) -> str:
        """The same for several, after "one or more" or "a list of": 'pieces of text, each ...'."""
        return f"values, each {self.describe()}"


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
        self.allowed_controls = "\t\n" if multiline else "\t"  # a lone line break has its own message

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
        hidden = invisible_character(text, self.allowed_controls)
        if hidden is not None:
            return ctx.report(node, path, invisible_character_message(text, hidden))
        return text

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "minLength": 1}
        if self.max_length:
            schema["maxLength"] = self.max_length
        return schema

    def describe(self) -> str:
        words = "Markdown text" if self.multiline else "text"
        return f"{words}, at most {self.max_length} characters" if self.max_length else words

    def describe_many(self) -> str:
        words = "pieces of Markdown text" if self.multiline else "pieces of text"
        return f"{words}, each at most {self.max_length} characters" if self.max_length else words


# Characters that change how the text around them shows without showing themselves. Bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069) can make `moc.live` read as `evil.com`; zero-width
# spaces, word joiners, soft hyphens and tag characters hide inside names. Unicode's categories Cc (control)
# and Cf (format) hold them all, and new ones as they are added; the few format characters that real text
# needs are allowed where they do their job:
DIRECTION_MARKS = frozenset("\u200e\u200f\u061c")  # LRM, RLM, ALM: mark the direction of mixed text (English
# in Arabic) and reorder nothing else
JOINERS = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: Persian and Indic spelling, emoji sequences (👨‍👩‍👧); only
# between two visible characters, where they join (or keep apart) something
FLAG_TAGS = re.compile("\U0001F3F4([\U000E0020-\U000E007E]+\U000E007F)")  # the tags of 🏴 flags (Wales, Scotland)


def invisible_character(text: str, allowed_controls: str = "") -> int | None:
    """Where the first character is that would hide or reorder the text around it; None when there is none."""
    probe = text
    for char in allowed_controls:
        probe = probe.replace(char, "")
    if probe.isprintable():  # the common case, in C: no control, format or line-separator character
        return None
    flag_tags = {index for match in FLAG_TAGS.finditer(text) for index in range(*match.span(1))}
    for index, char in enumerate(text):
        category = unicodedata.category(char)
        if category == "Cc" and char not in allowed_controls:
            return index
        if category == "Cf" and index not in flag_tags and not _does_its_job(text, index):
            return index
    return None


def _does_its_job(text: str, index: int) -> bool:
    char = text[index]
    if char in DIRECTION_MARKS:
        return True
    if char in JOINERS:
        return 0 < index < len(text) - 1 and all(
            neighbour.isprintable() and not neighbour.isspace() for neighbour in (text[index - 1], text[index + 1])
        )
    return False


def invisible_character_message(text: str, index: int) -> str:
    char = text[index]
    name = unicodedata.name(char, "a control character")
    before = text[max(0, index - 20): index]
    where = f"after {shown(before)}" if before.strip() else "at the start"
    return (f"has an invisible character, U+{ord(char):04X} ({name}), {where}: delete it "
            "(it can hide or reorder the text around it; retyping that part removes it)")


SHOWN_LENGTH = 60  # a value quoted in a message is cut to this many characters


def shown(text: str, quoted: bool = True) -> str:
    """A value as a message quotes it: in backticks, on one line, its invisible characters spelled out
    (`<U+202E>`), and cut short, so that a mistake of a megabyte is still a one-line message."""
    cut = text if len(text) <= SHOWN_LENGTH else text[: SHOWN_LENGTH - 1] + "…"
    if not cut.isprintable():
        cut = "".join(c if c.isprintable() else f"<U+{ord(c):04X}>" for c in cut)
    return f"`{cut}`" if quoted else cut


# An id is a page's address and part of file names (`groups/<id>.ics`), which most file systems keep
# under 255 bytes; 80 characters is longer than any name needs, and keeps addresses readable.
MAX_ID_LENGTH = 80


class Slug(ScalarKind):
    summary = f"an id: lowercase letters, digits and hyphens, at most {MAX_ID_LENGTH} characters, e.g. `west-london-sands`"
    pattern = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if len(text) > MAX_ID_LENGTH:
            return ctx.report(node, path, f"is {len(text)} characters long; an id can be at most {MAX_ID_LENGTH} "
                              "(it becomes the page's address and the name of its files): shorten it")
        if self.pattern.match(text):
            return text
        suggestion = slugify(text)
        hint = f"; for example `{suggestion}`" if suggestion and len(suggestion) <= MAX_ID_LENGTH else ""
        return ctx.report(
            node, path,
            f"{shown(text)} is not a valid id: use lowercase letters, digits and single hyphens{hint}",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": self.pattern.pattern, "maxLength": MAX_ID_LENGTH}


class Ref(Slug):
    """The id of an entry in another list, which must exist there (`Context.known`, from `validate.py`).
    A name written instead of an id (`Cardiff`) is told its id, or that the list has none like it, at once."""

    def __init__(self, target: str) -> None:
        self.target = target

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if self.target not in ctx.known or len(text) > MAX_ID_LENGTH:
            return super().parse(text, node, path, ctx)
        known, file = ctx.known[self.target]
        if text in known:
            return text
        if self.pattern.match(text):
            return ctx.report(node, path, f"`{text}` is not in `{self.target}`{did_you_mean(text, known)}; "
                              f"use an existing id or add it to {file}")
        suggestion = slugify(text)
        if suggestion in known:
            return ctx.report(node, path, f"{shown(text)} is not an id: write `{suggestion}`, its id in `{self.target}`")
        return ctx.report(node, path, f"{shown(text)} is not an id, and `{self.target}` has none like it"
                          f"{did_you_mean(suggestion, known)}: use an existing id (lowercase letters, digits and "
                          f"single hyphens) or add it to {file}")

    def describe(self) -> str:
        return f"an id from `{self.target}`"

    def describe_many(self) -> str:
        return f"ids from `{self.target}`"


class Choice(ScalarKind):
    def __init__(self, *values: str) -> None:
        self.values = values

    def expected(self) -> str:
        return "one of " + ", ".join(self.values)

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        wanted = text.lower().replace(" ", "-").replace("_", "-")
        if wanted in self.values:
            return wanted
        return ctx.report(node, path, f"{shown(text)} is not allowed: use {self.expected()}{did_you_mean(text, self.values)}")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "enum": list(self.values)}

    def describe(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def describe_many(self) -> str:
        return "of " + ", ".join(f"`{v}`" for v in self.values)


class Code(Choice):
    """One of another standard's codes, written in capitals as the standard does (`XB`)."""

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.upper() in self.values:
            return text.upper()
        close = difflib.get_close_matches(text.upper(), self.values, n=1)
        hint = f" (did you mean `{close[0]}`?)" if close else ""
        return ctx.report(node, path, f"{shown(text)} is not allowed: use {self.expected()}{hint}")


class Boolean(ScalarKind):
    summary = "`true` or `false`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.lower() == "true":
            return True
        if text.lower() == "false":
            return False
        return ctx.report(node, path, f"{shown(text)} is not allowed: write true or false")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


# A number as YAML 1.2's core schema and JSON write it: digits, one point, an exponent. Not Python's wider
# `float()`, which reads `5_1.48` as 51.48 and `inf`, `nan` and `infinity` as numbers.
NUMBER = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
MAX_NUMBER_LENGTH = 40  # more digits than a double can hold tell nothing more


class Number(ScalarKind):
    def __init__(self, low: float, high: float, what: str, example: str, unit: str = "decimal degrees") -> None:
        self.low, self.high, self.what, self.example, self.unit = low, high, what, example, unit

    def expected(self) -> str:
        return f"a {self.what} (a number between {self.low:g} and {self.high:g})"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if len(text) > MAX_NUMBER_LENGTH or not NUMBER.fullmatch(text):
            return ctx.report(node, path, f"{shown(text)} is not a number: write a {self.what} in {self.unit}, "
                              f"with digits and a point, e.g. {self.example}")
        value = float(text)
        if abs(value) < sys.float_info.min and any(digit in "123456789" for digit in re.split("[eE]", text)[0]):
            or_zero = ", or 0" if self.low <= 0 <= self.high else ""
            return ctx.report(node, path, f"{shown(text)} is too small to tell from 0: write a {self.what} "
                              f"in {self.unit}, e.g. {self.example}{or_zero}")
        if not self.low <= value <= self.high:  # also infinity, from an exponent too large
            return ctx.report(
                node, path, f"{shown(text, quoted=False)} is not a {self.what} (between {self.low:g} and {self.high:g})"
            )
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "number", "minimum": self.low, "maximum": self.high}

    def describe(self) -> str:
        return f"a {self.what} in {self.unit}: a number between {self.low:g} and {self.high:g}"


# Every date becomes pages, calendar files (with the clock changes of every year they span), feeds and
# JSON. The years this century are ones they all hold, and a year outside them is a typo (2207, 1027).
FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2099, 12, 31)
YEARS = f"from {FIRST_DAY.year} to {LAST_DAY.year}"


def out_of_range(day: date, text: str) -> str | None:
    """The message for a date outside the years the site handles; None for one inside them."""
    if day < FIRST_DAY:
        return f"{shown(text, quoted=False)} is too long ago: use a date {YEARS} (check the year)"
    if day > LAST_DAY:
        return f"{shown(text, quoted=False)} is too far ahead: use a date {YEARS} (check the year)"
    return None


class Date(ScalarKind):
    summary = f"a date written YYYY-MM-DD, {YEARS}, e.g. `2026-10-01`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            return ctx.report(node, path, f"{shown(text)} is not a date: write it as YYYY-MM-DD, e.g. 2026-10-01")
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return ctx.report(node, path, f"{text} is not a real date")
        problem = out_of_range(day, text)
        return ctx.report(node, path, problem) if problem else day

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date", "pattern": r"^20[0-9]{2}-"}


class TimeOfDay(ScalarKind):
    summary = "a time on the 24-hour clock, HH:MM, e.g. `14:30`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return time(int(match[1]), int(match[2]))
        return ctx.report(node, path, f"{shown(text)} is not a time: use the 24-hour clock as HH:MM, e.g. 14:30")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^([01]?\d|2[0-3]):[0-5]\d$"}


class LocalDateTime(ScalarKind):
    summary = f"a local date and time, YYYY-MM-DDTHH:MM, {YEARS}, e.g. `2027-06-09T14:00`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        match = re.fullmatch(r"([0-9]{4}-[0-9]{2}-[0-9]{2})[T ]([0-9]{1,2}):([0-9]{2})", text)
        if not match:
            return ctx.report(
                node, path,
                f"{shown(text)} is not a date and time: write it as YYYY-MM-DDTHH:MM, e.g. 2027-06-09T14:00",
            )
        try:
            moment = datetime.fromisoformat(f"{match[1]}T{int(match[2]):02d}:{match[3]}")
        except ValueError:
            return ctx.report(node, path, f"{text} is not a real date and time")
        problem = out_of_range(moment.date(), text)
        return ctx.report(node, path, problem) if problem else moment

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": r"^20[0-9]{2}-[0-9]{2}-[0-9]{2}[T ][0-9]{1,2}:[0-9]{2}$"}


# Characters that are legal in the part of an address before the @ but that a `mailto:` link gives a
# meaning to (the start of its headers, between them, a fragment, an escape): no real address of a group
# has them, and one that does is a pasted link (`victim?cc=attacker@evil.example`), not an address.
MAILTO_SPECIAL = "?&=#%"


class Email(ScalarKind):
    """An e-mail address and nothing more, by `email-validator`'s reading of the standards (no DNS look-up:
    a build must not depend on the network)."""

    summary = "an e-mail address, e.g. `hello@example.org`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.lower().startswith("mailto:"):
            text = text[len("mailto:"):]
        problem = email_problem(text)
        return ctx.report(node, path, problem) if problem else text

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "email", "maxLength": 254}


@functools.lru_cache(maxsize=65536)  # a charity's address is often given by many of its groups
def email_problem(text: str) -> str | None:
    """What is wrong with `text` as an e-mail address, in words for the editor; None when nothing is."""
    try:
        address = email_validator.validate_email(text, check_deliverability=False)
    except email_validator.EmailNotValidError as error:
        return f"{shown(text)} is not an e-mail address ({_in_a_clause(str(error))}): write it like name@example.org"
    special = next((char for char in address.local_part if char in MAILTO_SPECIAL), None)
    if special:
        return (f"{shown(text)} is not just an e-mail address: `{special}` has no place in one; "
                "write only the address, e.g. name@example.org")
    return None


def _in_a_clause(sentences: str) -> str:
    """The library's `The part after the @-sign is not valid. It should have a period.` as a clause of
    ours: `the part after the @-sign is not valid; it should have a period`."""
    parts = [part.strip() for part in sentences.strip().rstrip(".").split(". ")]
    return "; ".join(part[:1].lower() + part[1:] for part in parts if part)


PHONE_REGION = "GB"  # how a number without a country code is read (and dialled): the directory is in the UK
MAX_PHONE_LENGTH = 40  # the longest international number, written out with spaces, is shorter
PHONE_CHARACTERS = re.compile(r"\+?[0-9 ()-]+")  # what the field reference and the JSON Schema promise


class Phone(ScalarKind):
    """A phone number as people dial it, by the rules of Google's libphonenumber (`phonenumbers`): a valid
    UK number, an international one starting + or 00, or a UK short number such as 116 123."""

    summary = "a phone number, e.g. `020 7946 0000` or `+44 20 7946 0000`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if text.lower().startswith("tel:"):
            text = text[len("tel:"):]
        if (len(text) <= MAX_PHONE_LENGTH and PHONE_CHARACTERS.fullmatch(text)
                and (_whole_phone_number(text) or _short_number(text))):
            return text
        return ctx.report(
            node, path,
            f"{shown(text)} is not a phone number: write it as you would dial it, e.g. 020 7946 0000 or "
            "+44 20 7946 0000; put extensions or opening hours in a note",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": f"^{PHONE_CHARACTERS.pattern}$", "maxLength": MAX_PHONE_LENGTH}


@functools.lru_cache(maxsize=65536)  # so is a helpline's number
def _whole_phone_number(text: str) -> bool:
    """Whether `text` is one valid number and nothing else: libphonenumber's matcher finds the numbers in
    a text, and one that covers all of it (without an extension) is a number as written, not `---123`."""
    matches = list(phonenumbers.PhoneNumberMatcher(text, PHONE_REGION, leniency=phonenumbers.Leniency.VALID))
    return (len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(text)
            and not matches[0].number.extension)


def _short_number(text: str) -> bool:
    """A UK short number (116 123, 111, a text service's 85258), written in digits and spaces."""
    if not re.fullmatch(r"[0-9]+(?: [0-9]+)*", text):
        return False
    try:
        number = phonenumbers.parse(text, PHONE_REGION)
    except phonenumbers.NumberParseException:  # too short or too long to be any number
        return False
    return phonenumbers.is_valid_short_number_for_region(number, PHONE_REGION)


# In bytes of UTF-8: what every browser, search engine and sitemap still takes whole, and what a printed QR
# code holds (at most 2,331 bytes with the error correction `render/parts/qr.py` uses).
MAX_URL_LENGTH = 2000


class Url(ScalarKind):
    """A web address, read by `urllib.parse` as browsers read it, with a host that is a domain name
    (checked label by label with the `idna` package, so an international name is one too)."""

    summary = "a web address starting https:// or http://"

    def __init__(self, schemes: tuple[str, ...] = ("https", "http")) -> None:
        self.schemes = schemes

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        problem = self.problem(text)
        return ctx.report(node, path, problem) if problem else text

    def problem(self, text: str) -> str | None:
        """What is wrong with `text` as a web address, in words for the editor; None when nothing is."""
        size = len(text.encode("utf-8"))
        if size > MAX_URL_LENGTH:
            long = f"{size} characters long" if text.isascii() else f"{size} bytes long (letters beyond A to Z take 2 to 4)"
            return f"is {long}; a web address can be at most {MAX_URL_LENGTH}: link to a shorter one"
        if " " in text or not text.isprintable():  # no space, line break, control or invisible character
            char = next(char for char in text if char == " " or not char.isprintable())
            what = "a space" if char == " " else f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"
            return f"{shown(text)} is not a web address: it contains {what}; delete it"
        try:
            parts = urlsplit(text)
        except ValueError:  # e.g. an unclosed `[` of an IPv6 address
            return f"{shown(text)} is not a web address: check the part after https://"
        if parts.scheme.lower() not in self.schemes:
            if not parts.scheme and "." in text.split("/")[0]:
                return f"{shown(text)} needs to start with https:// (e.g. {shown('https://' + text, quoted=False)})"
            allowed = ", ".join(f"{s}:" for s in self.schemes)
            return f"{shown(text)} is not allowed: a link must start with {allowed}"
        if "@" in parts.netloc:
            after = shown(parts.netloc.rpartition("@")[2])
            return ("is not allowed: a web address must not hold a user name or password; delete the part "
                    f"up to the `@` before {after} and link to the page itself")
        host = parts.hostname or ""
        if not (_domain_name(host) or _ip_address(host)):
            return f"{shown(text)} is not a web address: it has no domain such as example.org"
        try:
            parts.port  # noqa: B018 - raises for a port that is not a number from 0 to 65535
        except ValueError:
            return f"{shown(text)} is not a web address: the part after `{host}:` is not a port number"
        return None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "pattern": "^(" + "|".join(self.schemes) + "):", "maxLength": MAX_URL_LENGTH}


def _ip_address(host: str) -> bool:
    """An IPv4 address such as 192.0.2.10 (a link checker's test server has one); an IPv6 one in brackets
    is read differently by browsers and by Python, and no group's site needs one."""
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return False
    return True


@functools.lru_cache(maxsize=65536)  # and the host of a charity's pages
def _domain_name(host: str) -> bool:
    """A name of at least two labels (not `.`, not `localhost`) whose last is not a number (`1.2.3.4` is an
    IP address or nothing), each valid as IDNA 2008 says: letters, digits and hyphens, or an international name."""
    labels = host.removesuffix(".").split(".")
    if len(labels) < 2 or labels[-1].isdigit():
        return False
    try:
        idna.encode(host.removesuffix("."), uts46=True)
    except idna.IDNAError:
        return False
    return True


class Language(ScalarKind):
    """A language, written as its BCP 47 tag or its name in English or in itself, kept as the tag
    (`languages.py`, with langcodes)."""

    summary = ("a language: its code, e.g. `cy` (`bfi` for British Sign Language), or its name in English "
               "or in itself, e.g. `Welsh` or `Cymraeg`")

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        tag = languages.language_tag(text)
        if tag is not None:
            return tag
        return ctx.report(node, path, language_problem(text))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": 1, "maxLength": languages.MAX_LENGTH}


def language_problem(text: str) -> str:
    """What is wrong with a language that names none, and what to write instead."""
    how = "write its name in English or in itself, e.g. Welsh or Cymraeg, or its code, e.g. cy (bfi for British Sign Language)"
    if languages.abbreviation(text):
        return f"{shown(text)} is an abbreviation, which can mean more than one language: {how}"
    close = languages.suggestion(text)
    hint = f" (did you mean `{close}`?)" if close else ""
    return f"{shown(text)} is not a language we can find{hint}: {how}"


class Postcode(ScalarKind):
    summary = "a UK postcode, e.g. `SW10 9NH`"
    pattern = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        match = self.pattern.match(text.upper())
        if match:
            return f"{match[1]} {match[2]}"
        return ctx.report(node, path, f"{shown(text)} is not a UK postcode: write it like SW10 9NH")

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
            node, path, f"{shown(text)} is not a time zone: use a name such as Europe/London"
            f"{did_you_mean(text, sorted(Timezone._known))}",
        )

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string"}


# Each list of records as converted the last time, by file and place: its records that had no problem,
# each with its tree and index. `load._ItemsOfLists` gives an item that did not change the same tree
# in the next read, and the same tree at the same index is the same record: the live preview does not
# convert every group again after each edit. Only the last conversion of each list is kept, with the ids
# its references were checked against (`Context.known`): when those change, every record is converted again.
_records: dict[tuple[str, FieldPath], tuple[dict[str, frozenset[str]], dict[int, tuple[YNode, int, Any]]]] = {}


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
        # A list of records: each record converted the last time, by its tree (see _records).
        known = {name: frozenset(ids) for name, (ids, _) in ctx.known.items()} if self.keep_valid else {}
        last = _records.get((ctx.file, path)) if self.keep_valid else None
        earlier = (last[1] if last and last[0] == known else {}) if self.keep_valid else None
        converted: dict[int, tuple[YNode, int, Any]] = {}
        for index, item in enumerate(node.items):
            kept = earlier.get(id(item)) if earlier else None
            if kept is not None and kept[0] is item and kept[1] == index:
                value = kept[2]
            else:
                reported = len(ctx.problems)
                value = convert_item(item, (path, index), ctx)
                kept = (item, index, value) if len(ctx.problems) == reported and value not in (None, INVALID) else None
            if kept is not None and earlier is not None:
                converted[id(item)] = kept
            if value is None:
                ctx.report(item, (path, index), "this list item is empty; delete the line or fill it in")
                continue
            if value is INVALID:
                broken = True
            elif isinstance(value, (str, int, float)):
                if unique and value in seen:
                    written = item.text.strip() if type(item) is YScalar and item.text else str(value)
                    also = f" (`{written}` is `{value}`)" if written != str(value) else ""
                    ctx.report(item, (path, index), f"`{value}` is listed twice{also}; delete one")
                    continue
                seen.add(value)
            values.append(value)
        if earlier is not None:
            _records[(ctx.file, path)] = (known, converted)
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
        """"one or more ids from `topics`", "a list of pieces of text, ...", "any of `a`, `b`"."""
        return f"{self.how_many(self.item.describe_many())} {self.item.describe_many()}"

    def how_many(self, items: str) -> str:
        if self.min_items:
            return "one or more" if self.min_items == 1 else f"at least {self.min_items}"
        return "any" if items.startswith("of ") else "a list of"


class Nested(Kind):
    """A set of fields described by a model class."""

    def __init__(self, model: type) -> None:
        self.model = model

    def convert(self, node: YNode, path: FieldPath, ctx: Context) -> Any:
        return convert(self.model, node, path, ctx)

    def json_schema(self) -> dict[str, Any]:
        return json_schema(self.model)

    def describe(self) -> str:
        return f"the fields of {self.model.__name__}"

    def describe_many(self) -> str:
        return f"entries, each with the fields of {self.model.__name__}"


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

