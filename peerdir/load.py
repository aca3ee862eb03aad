"""Read a YAML file into a small tree that remembers where every value was written.

PyYAML's own constructor is not used, for three reasons that matter to editors:

* YAML 1.1 guesses types: `14:30` becomes 870, `NO` becomes False, `2026-10-01`
  becomes a date. Here every scalar stays the text the editor typed, and the schema
  (`schema.py`) decides what it means for the field it is in.
* PyYAML keeps the last of two duplicate keys without a word. Here it is a problem.
* Anchors and aliases can expand exponentially (the "billion laughs" bomb). Here an
  alias is refused where it stands and never expanded.

Only the parser (libyaml's, when PyYAML was built with it) is used: the tree is
built straight from its events, in one pass that is linear in the size of the file.
Lists and entries nested more than MAX_DEPTH deep are refused, so that no file can
exhaust the stack.

Lines are the lines GitHub shows on a pull request: only LF ends one. YAML 1.1 also ends
a line at NEL (U+0085), U+2028, U+2029 and a lone CR; those are read as ordinary
characters of the value they are in (as YAML 1.2 reads the first three), so a separator
pasted into a description neither cuts it in two nor shifts the line numbers after it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yaml_mistakes
from .files import read_text
from .problems import ProblemList

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # only its parser is used
_NULLS = {"", "~", "null", "Null", "NULL"}
_QUOTED = {"'", '"', "|", ">"}
MAX_DEPTH = 50  # the data files need 5 levels: the file, a list, an entry, its schedule, a meeting

# Swapped for noncharacters (which `files.read_text` refuses in a file) while parsing, and back.
_NOT_LINE_BREAKS = {"\r": "\ufdd0", "\x85": "\ufdd1", "\u2028": "\ufdd2", "\u2029": "\ufdd3"}
_NOT_LINE_BREAK = re.compile("[\r\x85\u2028\u2029]")
_HIDE = str.maketrans(_NOT_LINE_BREAKS)
_RESTORE = str.maketrans({hidden: char for char, hidden in _NOT_LINE_BREAKS.items()})


@dataclass(slots=True)
class YScalar:
    text: str | None  # None for an empty value or an explicit null
    line: int
    column: int
    quoted: bool = False


@dataclass(slots=True)
class YMap:
    line: int
    column: int
    # key -> (the key as written, the value)
    entries: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)


@dataclass(slots=True)
class YList:
    line: int
    column: int
    items: list[YNode] = field(default_factory=list)


YNode = YScalar | YMap | YList


def load_yaml(path: Path, display_name: str, problems: ProblemList) -> YNode | None:
    """Parse one YAML file; report every problem found in `problems`.

    Returns None when the file cannot be read as YAML at all.
    """
    text = read_text(path, display_name, problems)
    if text is None:
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.add(display_name, 1, 1, "", "the file is empty; it should start with its "
                     f"list name, for example `{Path(display_name).stem}:`")
        return None
    reported = len(problems)
    root = _items.parse(text, display_name) or parse_yaml(text, display_name, problems)
    if root is None and len(problems) == reported:  # read without error, but nothing in it
        problems.add(display_name, 1, 1, "", "the file has no content")
    return root


def parse_yaml(text: str, display_name: str, problems: ProblemList) -> YNode | None:
    """Parse YAML text as `read_text` returns it (a file, or the front matter at the top of a
    Markdown page, whose lines keep their numbers); None when it is empty or cannot be read,
    with the problem reported."""
    hidden = _NOT_LINE_BREAK.search(text) is not None
    if hidden:
        text = text.translate(_HIDE)
    try:
        root = _TreeBuilder(text, display_name, problems, hidden).document()
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, display_name, problems)
    except yaml.YAMLError as error:  # errors without a position are rare; keep them readable
        problems.add(display_name, 1, 1, "", f"this is not valid YAML ({error})")
    except _Refused as refused:
        problems.add(display_name, refused.line, refused.column, refused.path, refused.message)
    else:
        for line, column, message in yaml_mistakes.silently_dropped_text(text):
            problems.add(display_name, line, column, _field_on_line(root, line), message.translate(_RESTORE))
        return root
    return None


def _field_on_line(node: YNode | None, line: int, where: FieldPath = "") -> str:
    """The path of the field (or list item) written on `line`, e.g. `groups[0].cost`; "" if none is."""
    if type(node) is YMap:
        children = [((where, key), key_node.line, value) for key, (key_node, value) in node.entries.items()]
    elif type(node) is YList:
        children = [((where, index), item.line, item) for index, item in enumerate(node.items)]
    else:
        return ""
    for here, written_on, value in children:
        if written_on == line and (type(value) is YScalar or value.line != line):
            return path_text(here)
        found = _field_on_line(value, line, here)
        if found:
            return found
    return ""


def _report_syntax_error(
    error: yaml.MarkedYAMLError, text: str, display_name: str, problems: ProblemList
) -> None:
    mark = error.problem_mark or error.context_mark
    if error.context_mark and "quoted scalar" in (error.context or ""):
        mark = error.context_mark  # point at the opening quote, not at the end of the file
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    tab_line = _first_tab_indent(text, up_to_line=line)
    if tab_line is not None:
        lines = text.split("\n")
        tab_column = lines[tab_line - 1].index("\t") + 1
        field_name = yaml_mistakes.field_of_misplaced_line(text, lines, tab_line - 1)
        problems.add(display_name, tab_line, tab_column, field_name.translate(_RESTORE),
                     "this line is indented with a tab; YAML needs spaces (replace the tab with spaces)")
        return
    quote = _runaway_quote(text, before=(line, column))
    if quote is not None:
        opening, mark = quote.start_mark, quote.style
        problems.add(display_name, opening.line + 1, opening.column + 1, "",
                     f"this is not valid YAML: this quote is not closed: add the closing {mark} at the end of the "
                     f"value (as it is, the value runs on to the next {mark}, on line {quote.end_mark.line + 1})")
        return
    explained = yaml_mistakes.explain(error, text)
    if explained is not None:
        line, column, field_name, message = explained
        problems.add(display_name, line, column, field_name.translate(_RESTORE), message.translate(_RESTORE))
        return
    problems.add(display_name, line, column, "", _explain_syntax_error(error))


_KEY_LINE = re.compile(r"[ \t]*(?:-[ \t]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)")  # `  key: `, `  - key:`


def _runaway_quote(text: str, before: tuple[int, int]) -> yaml.ScalarToken | None:
    """A quote left open: the quoted value that ends just before a syntax error at `before`
    (line, column) after running on over lines written as `key: value`. The next quote further
    down closed it, and the parser reports the error where that quote leaves it, often many
    lines below the quote that is really open."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if (token.start_mark.line + 1, token.start_mark.column + 1) >= before:
                break
            if type(token) is yaml.ScalarToken and token.style in ("'", '"'):
                last = token
    except yaml.YAMLError:
        pass  # the error itself: every token before it has been seen
    if last is None or not 0 <= before[0] - (last.end_mark.line + 1) <= 1:
        return None
    swallowed = text.split("\n")[last.start_mark.line + 1: last.end_mark.line + 1]
    return last if any(_KEY_LINE.match(line) for line in swallowed) else None


def _first_tab_indent(text: str, up_to_line: int) -> int | None:
    for number, line in enumerate(text.split("\n")[:up_to_line], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number
    return None


def _explain_syntax_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    hints = {
        "mapping values are not allowed": (  # "... here" (PyYAML), "... in this context" (libyaml)
            "a colon in a value needs the value in quotes, e.g. summary: \"Time: 10:30\"; "
            "or the indentation of this line is wrong"
        ),
        "could not find expected ':'": "a line is missing its `key: value` colon, or a quote is not closed",
        "did not find expected key": "the indentation does not line up with the lines above",
        "did not find expected '-' indicator": "the indentation of this list item does not line up",
        "found undefined alias": "anchors and aliases (*name) are not supported; write the value out",
        "quoted scalar": "this quote is not closed: add the closing quote mark at the end of the value",
        "found unexpected end of stream": "a quote or bracket is not closed",
    }
    for phrase, hint in hints.items():
        if phrase in problem or phrase in context:
            return f"this is not valid YAML: {hint}"
    detail = problem or context or "syntax error"
    return f"this is not valid YAML ({detail}); check the indentation and quotes on this line"


class _Refused(Exception):
    """An alias or merge key was met: the whole file is refused without expanding anything."""

    def __init__(self, line: int, column: int, path: str, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.path, self.message = line, column, path, message


# Where a node sits, as a chain from the node back to the root: "" for the root, else
# (where its parent sits, its key or index). Building a link is one small tuple; the
# text, e.g. `groups[3].schedule[0]`, is assembled by `path_text` only for a message.
FieldPath = str | tuple["FieldPath", str | int]


def path_text(path: FieldPath, most: int | None = None) -> str:
    """The field path as editors read it, e.g. `groups[3].schedule[0].day`; with `most`, only
    its first `most` parts and `…` when there are more."""
    parts: list[str | int] = []
    while type(path) is tuple:
        path, part = path
        parts.append(part)
    text = path
    for part in reversed(parts[-most:] if most is not None else parts):
        text += f"[{part}]" if type(part) is int else (f".{part}" if text else part)
    return text + "…" if most is not None and len(parts) > most else text


class _TreeBuilder:
    """Builds YNodes straight from the parser's events: one pass, one tree, nothing expanded.

    This runs for every line of every file on every build, so it avoids per-node work
    that is only needed for messages: each list and mapping is given where it sits (one
    `FieldPath` link), and the text of a path is assembled only when a problem is found.
    Scalars, most of the nodes, are built inline in the loops, without a call to `node`.
    """

    def __init__(self, text: str, display_name: str, problems: ProblemList, hidden: bool = False,
                 lines_before: int = 0) -> None:
        self.parser = _Loader(text)
        self.next_event = self.parser.get_event
        self.file = display_name
        self.problems = problems
        self.scalar = _scalar_restored if hidden else _scalar  # see _NOT_LINE_BREAKS
        if lines_before:  # `text` is part of a file, from the line after `lines_before` (see _ItemsOfLists)
            self.scalar = functools.partial(_scalar_moved, self.scalar, lines_before)
        self.lines_before = lines_before
        # Lists and mappings open around the current event; a list item read alone is in two, the
        # file's mapping and its list, of which the item's own list stands for one.
        self.depth = 1 if lines_before else 0

    def document(self) -> YNode | None:
        try:
            return self._document()
        finally:
            self.parser.dispose()

    def _document(self) -> YNode | None:
        self.next_event()  # StreamStart
        event = self.next_event()
        if type(event) is yaml.StreamEndEvent:
            return None
        root = self.node(self.next_event(), "")
        self.next_event()  # DocumentEnd
        event = self.next_event()
        if type(event) is yaml.DocumentStartEvent:
            raise _Refused(*_position(event), "", "a file holds one document: delete this `---` line "
                           "and everything after it, or merge it into the list above")
        return root

    def node(self, event: yaml.Event, where: FieldPath) -> YNode:
        """Any node; `where` is where it sits, for messages."""
        kind = type(event)
        if kind is _ScalarEvent:
            return self.scalar(event)
        line, column = _position(event)
        line += self.lines_before
        if kind is not _MappingStartEvent and kind is not _SequenceStartEvent:
            raise _Refused(line, column, path_text(where),
                           "anchors and aliases (&name / *name) are not supported; write the value out in full")
        if self.depth == MAX_DEPTH:
            raise _Refused(line, column, path_text(where, most=4), f"lists and entries are nested more than {MAX_DEPTH} "
                           "deep here; the data files need no more than 5: check the brackets and the indentation")
        self.depth += 1
        built = self.mapping(line, column, where) if kind is _MappingStartEvent else self.sequence(line, column, where)
        self.depth -= 1
        return built

    def sequence(self, line: int, column: int, where: FieldPath) -> YList:
        items: list[YNode] = []
        append, next_event, node, scalar = items.append, self.next_event, self.node, self.scalar
        while (kind := type(event := next_event())) is not _SequenceEndEvent:
            append(scalar(event) if kind is _ScalarEvent else node(event, (where, len(items))))
        return YList(line, column, items)

    def mapping(self, line: int, column: int, where: FieldPath) -> YMap:
        entries: dict[str, tuple[YScalar, YNode]] = {}
        next_event, node, scalar = self.next_event, self.node, self.scalar
        while (kind := type(event := next_event())) is not _MappingEndEvent:
            key_node = scalar(event) if kind is _ScalarEvent else node(event, where)
            if type(key_node) is not YScalar or key_node.text is None:
                self.problems.add(self.file, key_node.line, key_node.column, path_text(where),
                                  "a key must be a plain name such as `name:`")
                node(next_event(), where)  # skip its value
                continue
            key = key_node.text
            if key == "<<":
                raise _Refused(key_node.line, key_node.column, path_text((where, key)),
                               "merge keys (<<) are not supported; write the fields out in full")
            kind = type(event := next_event())
            value = scalar(event) if kind is _ScalarEvent else node(event, (where, key))
            if key in entries:
                self.problems.add(self.file, key_node.line, key_node.column, path_text((where, key)),
                                  f"`{key}` appears twice in the same entry (first on line {entries[key][0].line}); "
                                  "keep one and delete the other")
                continue
            entries[key] = (key_node, value)
        return YMap(line, column, entries)


_ScalarEvent, _MappingStartEvent, _MappingEndEvent = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.MappingEndEvent
_SequenceStartEvent, _SequenceEndEvent = yaml.SequenceStartEvent, yaml.SequenceEndEvent


def _scalar(event: yaml.ScalarEvent) -> YScalar:
    mark = event.start_mark
    if not event.style and event.value in _NULLS:  # plain: libyaml says "", the Python parser None
        return YScalar(None, mark.line + 1, mark.column + 1)
    return YScalar(event.value, mark.line + 1, mark.column + 1, event.style in _QUOTED)


def _scalar_moved(scalar: Callable[[yaml.ScalarEvent], YScalar], lines_before: int,
                  event: yaml.ScalarEvent) -> YScalar:
    node = scalar(event)
    node.line += lines_before
    return node


def _scalar_restored(event: yaml.ScalarEvent) -> YScalar:
    scalar = _scalar(event)
    if scalar.text is not None:
        scalar.text = scalar.text.translate(_RESTORE)
    return scalar


def _position(event: yaml.Event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


class _ItemsOfLists:
    """A data file read list item by list item, each item's tree kept until the next read, so that the
    live preview, which reads every file again after each edit, parses again only the items that
    changed (and those whose lines moved): parsing all of groups.yaml was the largest part of
    loading it, and loading a tenth of a rebuild.

    Only a file of the usual shape is read this way: comments, one `name:` line, and a list whose
    items each start with `- ` at one indentation, with nothing after it. Items are cut where the
    parser would start a new one anyway (a line that starts with `- ` at the list's indentation
    cannot be inside an item of that list), and each is parsed where it stands in the file, so its
    lines and columns are the file's. Anything else, any item the parser finds a problem in, and any
    item with text YAML would drop without a word (`yaml_mistakes.silently_dropped_text`) sends
    the whole file to be read as usual (`parse_yaml`), which reports the problems as always."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, int, str], YNode] = {}  # (file, lines before the item, its text)

    def parse(self, text: str, display_name: str) -> YNode | None:
        """The file's tree, or None when it must be read as usual."""
        if _NOT_LINE_BREAK.search(text):
            return None
        lines = text.split("\n")
        shape = _list_shape(lines)
        if shape is None:
            return None
        key_line, name, starts = shape
        kept, items, problems = {}, [], ProblemList()
        for start, end in zip(starts, [*starts[1:], len(lines)], strict=True):
            key = (display_name, start, "\n".join(lines[start:end]))
            item = self.kept.get(key)
            if item is None:
                parsed = _parse_part(key[2], display_name, problems, start)
                if problems or type(parsed) is not YList or len(parsed.items) != 1:
                    return None
                if yaml_mistakes.silently_dropped_text(key[2]):
                    return None  # read as a whole, which reports the text YAML would drop
                item = parsed.items[0]
            kept[key] = item
            items.append(item)
        self.kept = {k: v for k, v in self.kept.items() if k[0] != display_name} | kept
        first = lines[starts[0]]
        listed = YList(starts[0] + 1, len(first) - len(first.lstrip(" ")) + 1, items)
        return YMap(key_line + 1, 1, {name: (YScalar(name, key_line + 1, 1), listed)})


_items = _ItemsOfLists()
_LIST_NAME = re.compile(r"([a-z_]+):[ ]*(?:#.*)?")
_ITEM_START = re.compile(r"( *)-(?: |$)")


def _list_shape(lines: list[str]) -> tuple[int, str, list[int]] | None:
    """(the line of `name:`, the name, the first line of each item), all 0-based; None for any other shape."""
    index, key_line, name = 0, -1, ""
    for index, line in enumerate(lines):
        if not line.strip() or line.lstrip(" ").startswith("#"):
            continue
        if key_line >= 0:
            break
        written = _LIST_NAME.fullmatch(line)
        if written is None:
            return None
        key_line, name = index, written.group(1)
    else:
        return None
    start = _ITEM_START.match(lines[index])
    if start is None:
        return None
    indent = start.group(1)
    starts = []
    for number in range(index, len(lines)):
        line = lines[number]
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#") or len(line) - len(stripped) > len(indent):
            continue
        if len(line) - len(stripped) < len(indent) or not _ITEM_START.match(line):
            return None  # something after the list, or not a list item at its indentation
        starts.append(number)
    return key_line, name, starts


def _parse_part(text: str, display_name: str, problems: ProblemList, lines_before: int) -> YNode | None:
    try:
        return _TreeBuilder(text, display_name, problems, lines_before=lines_before).document()
    except (yaml.YAMLError, _Refused):
        problems.add(display_name, 1, 1, "", "read again as a whole")
        return None
