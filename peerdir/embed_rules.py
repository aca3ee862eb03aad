"""How a page asks for generated content, and the checks of what it asks for (phase one).

A hand-written page (a newsletter issue, the home page) asks for generated Markdown with
a line of its own holding an HTML comment, the embed's name and its arguments:

    <!-- peerdir: upcoming-events -->
    <!-- peerdir: diary from=2027-06-01 to=2027-07-31 -->
    <!-- peerdir: groups topic=perinatal-mental-health,prematurity area=kensington-and-chelsea -->

An argument is `name=value`; a value is one word, or several separated by commas (any of
them). Fenced code blocks and `code spans` are examples, not embeds, and are left alone. Any
other HTML comment that mentions peerdir (in capitals, inside a paragraph, a list item or a
quote, indented, over several lines) is reported with how to write it: never silently ignored.

This module knows which embeds exist and what each argument may be, and checks every
marker against the ids in the data files, so that a typo is reported like any other data
problem (`file:line:column`) before anything is built. The renderers that turn a marker
into Markdown are in `render/outputs/listings.py` (RENDERERS), one for each name in EMBEDS.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from .problems import position_in
from .schema import did_you_mean

# The ids written in the data files, by list: support_types, audiences, topics, areas and
# groups. A list is None when its file could not be read, so its ids cannot be checked.
KnownIds = Mapping[str, "set[str] | None"]

MARKER = re.compile(r"<!--\s*peerdir:(?P<body>.*?)-->[ \t]*")
COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.DOTALL)
MENTION = re.compile(r"peerdir", re.IGNORECASE)  # a comment that says peerdir is meant as an embed
CAPITALS = re.compile(r"<!--\s*(?!peerdir:)(?i:peerdir):")
STARTS_AS_EMBED = re.compile(r"<!--\s*(?i:peerdir)\b")
NAME_IN_COMMENT = re.compile(r"<!--\s*(?i:peerdir):?\s*(?P<name>[a-z][a-z0-9-]*)")
CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")
LIST_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])(?:\s|$)")
QUOTE = re.compile(r"\s*>")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
TOKEN = re.compile(r"\S+")
NAME = re.compile(r"[a-z][a-z0-9-]*")
ARGUMENT = re.compile(r"(?P<key>[a-z][a-z0-9-]*)=(?P<value>\S+)")
HOW_TO_WRITE = "write an embed on a line of its own, as `<!-- peerdir: NAME argument=value ... -->`"


# --------------------------------------------------------------------------- what an argument may be


class Argument:
    """One argument an embed takes: what it means, and the check of a value."""

    def __init__(self, about: str) -> None:
        self.about = about

    def problem(self, value: str, known: KnownIds) -> str | None:
        raise NotImplementedError


class DateArgument(Argument):
    def problem(self, value: str, known: KnownIds) -> str | None:
        return None if parse_date(value) else f"`{value}` is not a date: write it as YYYY-MM-DD, e.g. 2027-06-01"


class ChoiceArgument(Argument):
    def __init__(self, about: str, *choices: str) -> None:
        super().__init__(about)
        self.choices = choices

    def problem(self, value: str, known: KnownIds) -> str | None:
        if value in self.choices:
            return None
        return f"`{value}` is not allowed: use {' or '.join(self.choices)}{did_you_mean(value, self.choices)}"


class IdsArgument(Argument):
    """One or more ids, separated by commas, from a list in the data files."""

    def __init__(self, about: str, list_name: str, file: str) -> None:
        super().__init__(about)
        self.list_name, self.file = list_name, file

    def problem(self, value: str, known: KnownIds) -> str | None:
        ids = value.split(",")
        if "" in ids:
            return f"`{value}` has an empty id: separate ids with single commas and no spaces"
        ids_known = known.get(self.list_name)
        if ids_known is None:
            return None  # the data file could not be read; its own problems say why
        for ident in ids:
            if ident not in ids_known:
                return f"`{ident}` is not in `{self.list_name}`{_suggestion(ident, ids_known)}; use an id from {self.file}"
        if len(set(ids)) != len(ids):
            return f"`{value}` names the same id twice"
        return None


def _suggestion(ident: str, known: set[str]) -> str:
    """A close spelling, or else the id that starts with (or contains) what was written: ids are
    long, and editors often write the first word of one (`perinatal` for `perinatal-mental-health`)."""
    close = did_you_mean(ident, known)
    if close:
        return close
    containing = sorted((k for k in known if ident in k), key=lambda k: (not k.startswith(ident), len(k), k))
    return f" (did you mean `{containing[0]}`?)" if containing else ""


def parse_date(text: str) -> date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def id_list(value: str) -> list[str]:
    """The ids of an `IdsArgument` value, in the order written."""
    return value.split(",")


# --------------------------------------------------------------------------- the embeds


Rule = Callable[[Mapping[str, str]], "str | None"]  # a check across arguments: a message, or None


@dataclass(frozen=True)
class EmbedRules:
    about: str
    arguments: dict[str, Argument] = field(default_factory=dict)
    required: tuple[str, ...] = ()
    rule: Rule | None = None


def _diary_dates_in_order(arguments: Mapping[str, str]) -> str | None:
    start, end = parse_date(arguments["from"]), parse_date(arguments["to"])
    if start and end and end < start:
        return f"`to={arguments['to']}` is before `from={arguments['from']}`: swap the dates"
    return None


GROUP_FILTERS = {
    # argument: (list in support_types.yaml, the group field it matches)
    "topic": ("topics", "topics"),
    "audience": ("audiences", "audiences"),
    "support-type": ("support_types", "support_types"),
    "area": ("areas", "area"),
}


def _groups_chosen_one_way(arguments: Mapping[str, str]) -> str | None:
    filters = [name for name in GROUP_FILTERS if name in arguments]
    if "ids" in arguments and filters:
        return f"choose groups either by `ids` or by {', '.join(f'`{f}`' for f in filters)}, not both"
    if "ids" not in arguments and not filters:
        return ("say which groups to list: `ids=` (group ids), or one or more of "
                + ", ".join(f"`{name}=`" for name in GROUP_FILTERS))
    return None


VOCABULARIES = "support_types.yaml"
EMBEDS: dict[str, EmbedRules] = {
    "upcoming-events": EmbedRules("the next three events, as on the home page"),
    "corrections": EmbedRules("how to tell us a detail is wrong: by e-mail (mkdocs.yml: corrections_email) or on GitHub"),
    "diary": EmbedRules(
        "a 'Dates for the diary' table of the events between two dates",
        {
            "from": DateArgument("the first day, YYYY-MM-DD"),
            "to": DateArgument("the last day, YYYY-MM-DD"),
            "undated": ChoiceArgument("`yes` (the default) also lists events whose date is to be confirmed; "
                                      "`no` leaves them out", "yes", "no"),
        },
        required=("from", "to"),
        rule=_diary_dates_in_order,
    ),
    "groups": EmbedRules(
        "a listing of groups, with how to contact each, chosen by id or by topic, audience, type or area",
        {
            "ids": IdsArgument("group ids, listed in this order (closed groups are marked as closed)",
                               "groups", "groups.yaml"),
            "topic": IdsArgument("topic ids: groups about any of them", "topics", VOCABULARIES),
            "audience": IdsArgument("audience ids: groups for any of them", "audiences", VOCABULARIES),
            "support-type": IdsArgument("support type ids: groups offering any of them", "support_types",
                                        VOCABULARIES),
            "area": IdsArgument("area ids: groups in any of them", "areas", VOCABULARIES),
        },
        rule=_groups_chosen_one_way,
    ),
}


# --------------------------------------------------------------------------- finding and checking markers


@dataclass(frozen=True)
class Marker:
    """One embed line of a page: where it is, and what it asks for."""

    line: int  # 1-based, in the text it was found in
    column: int  # where the embed's name starts (or the line, for a marker that is not written right)
    name: str
    arguments: dict[str, str]
    argument_columns: dict[str, int]
    syntax: list[tuple[int, str]]  # (column, message) for what could not be read


def find_markers(markdown: str) -> Iterator[Marker]:
    """Every embed of a page, and every other HTML comment that mentions peerdir (in any case): one
    that is not an embed written right is never ignored, but reported with how to write it."""
    lines = markdown.split("\n")
    for comment in COMMENT.finditer(_prose(markdown)):
        if not MENTION.search(comment.group()):
            continue
        number, column = position_in(markdown, comment.start())
        line = lines[number - 1]
        previous = lines[number - 2] if number > 1 else ""
        problem = _misplaced(comment.group(), previous + "\n" + line[: column - 1],
                             line[column - 1 + len(comment.group()):])
        match = MARKER.fullmatch(line)
        if problem is None and match:
            yield _read_marker(number, match)
        else:
            name = NAME_IN_COMMENT.match(comment.group())
            yield Marker(number, column, name["name"] if name else "", {}, {}, [(column, problem or HOW_TO_WRITE)])


def _prose(markdown: str) -> str:
    """The page with fenced code blocks and `code spans` blanked out (lines and columns kept): what is
    written there is an example, shown as it is, not an embed."""
    lines = markdown.split("\n")
    prose = [" " * len(line) for line in lines]
    for number, line in lines_outside_fences(markdown):
        prose[number - 1] = CODE_SPAN.sub(lambda span: " " * len(span.group()), line)
    return "\n".join(prose)


def _misplaced(comment: str, lines_before: str, after: str) -> str | None:
    """Why a comment that mentions peerdir cannot be an embed where it is; None if it is on a line of its own.
    `lines_before` is the line above and, after a line break, what comes before the comment on its line."""
    previous, before = lines_before.split("\n")
    if not comment.endswith("-->"):
        return "this comment is never closed: end it with `-->`"
    if "\n" in comment:
        return "write the embed on one line: join the lines of this comment"
    if CAPITALS.match(comment):
        return f"write `peerdir:` in lowercase, as `{CAPITALS.sub('<!-- peerdir:', comment, count=1)}`"
    if not STARTS_AS_EMBED.match(comment):
        return ("this comment mentions peerdir, so it looks like an embed but is not one: "
                + HOW_TO_WRITE + ", or leave peerdir out of the comment")
    if LIST_ITEM.match(before) or not before and LIST_ITEM.match(previous):
        return ("an embed cannot be inside a list item: put it on a line of its own, at the start of the line, "
                "with a blank line before it")
    if QUOTE.match(before) or not before and QUOTE.match(previous):
        return ("an embed cannot be inside a quote: put it on a line of its own, at the start of the line, "
                "without `>`")
    if before.strip():
        return ("an embed cannot be inside a paragraph: put it on a line of its own, with a blank line "
                "before and after it")
    if before:
        return "an embed starts at the start of its line: delete the spaces before `<!--`"
    if after.strip():
        return "nothing else may be on an embed's line: move what follows `-->` to a line of its own"
    return None


def lines_outside_fences(markdown: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for the lines of Markdown that are not in a fenced code block."""
    fence = ""
    for number, line in enumerate(markdown.split("\n"), start=1):
        if fence:
            closing = line.strip()
            if closing.startswith(fence) and set(closing) == {fence[0]}:
                fence = ""
        elif opening := FENCE.match(line):
            fence = opening["fence"]
        else:
            yield number, line


def _read_marker(line: int, match: re.Match[str]) -> Marker:
    offset = match.start("body") + 1  # columns are 1-based
    tokens = list(TOKEN.finditer(match["body"]))
    if not tokens:
        return Marker(line, 1, "", {}, {}, [(1, "the embed has no name; " + HOW_TO_WRITE)])
    name = tokens[0].group()
    syntax: list[tuple[int, str]] = []
    if not NAME.fullmatch(name):
        syntax.append((offset + tokens[0].start(), f"`{name}` is not an embed name; " + HOW_TO_WRITE))
    arguments: dict[str, str] = {}
    columns: dict[str, int] = {}
    for token in tokens[1:]:
        column = offset + token.start()
        argument = ARGUMENT.fullmatch(token.group())
        if not argument:
            syntax.append((column, f"`{token.group()}` is not an argument: write `name=value` with no spaces "
                                   "around `=`, e.g. `from=2027-06-01`"))
        elif argument["key"] in arguments:
            syntax.append((column, f"`{argument['key']}` is given twice; keep one"))
        else:
            arguments[argument["key"]], columns[argument["key"]] = argument["value"], column
    return Marker(line, offset + tokens[0].start(), name, arguments, columns, syntax)


def check_marker(marker: Marker, known: KnownIds) -> list[tuple[int, str]]:
    """What is wrong with a marker, as (column, message); nothing when it can be rendered."""
    if marker.syntax:
        return marker.syntax
    rules = EMBEDS.get(marker.name)
    if rules is None:
        return [(marker.column, f"there is no embed called `{marker.name}`{did_you_mean(marker.name, EMBEDS)}; "
                                f"use one of: {', '.join(sorted(EMBEDS))}")]
    found = []
    for key, value in marker.arguments.items():
        argument = rules.arguments.get(key)
        column = marker.argument_columns[key]
        if argument is None:
            takes = ", ".join(f"`{name}`" for name in rules.arguments) or "no arguments"
            found.append((column, f"`{marker.name}` has no argument `{key}`{did_you_mean(key, rules.arguments)}; "
                                  f"it takes {takes}"))
        elif message := argument.problem(value, known):
            found.append((column, f"{key}: {message}"))
    missing = [name for name in rules.required if name not in marker.arguments]
    if missing:
        found.append((marker.column, "is missing " + ", ".join(f"`{name}=`" for name in missing)
                      + f" ({'; '.join(rules.arguments[name].about for name in missing)})"))
    if not found and rules.rule and (message := rules.rule(marker.arguments)):
        found.append((marker.column, message))
    return found
