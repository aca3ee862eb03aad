"""Read a YAML file into a small tree that remembers where every value was written.

PyYAML's own constructor is not used, for three reasons that matter to editors:

* YAML 1.1 guesses types: `14:30` becomes 870, `NO` becomes False, `2026-10-01`
  becomes a date. Here every scalar stays the text the editor typed, and the schema
  (`schema.py`) decides what it means for the field it is in.
* PyYAML keeps the last of two duplicate keys without a word. Here it is a problem.
* Anchors and aliases can expand exponentially (the "billion laughs" bomb). Here an
  alias is refused where it stands and never expanded.

Only the composer (libyaml's, when PyYAML was built with it) is used; the tree
walk below is linear in the size of the file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import ProblemList

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NULLS = {"", "~", "null", "Null", "NULL"}


@dataclass
class YScalar:
    text: str | None  # None for an empty value or an explicit null
    line: int
    column: int
    quoted: bool = False


@dataclass
class YMap:
    line: int
    column: int
    # key -> (the key as written, the value)
    entries: dict[str, tuple[YScalar, YNode]] = field(default_factory=dict)


@dataclass
class YList:
    line: int
    column: int
    items: list[YNode] = field(default_factory=list)


YNode = YScalar | YMap | YList


def load_yaml(path: Path, display_name: str, problems: ProblemList) -> YNode | None:
    """Parse one YAML file; report every problem found in `problems`.

    Returns None when the file cannot be read as YAML at all.
    """
    text = _read_text(path, display_name, problems)
    if text is None:
        return None
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        problems.add(display_name, 1, 1, "", "the file is empty; it should start with its "
                     f"list name, for example `{Path(display_name).stem}:`")
        return None
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, display_name, problems)
        return None
    except yaml.YAMLError as error:  # errors without a position are rare; keep them readable
        problems.add(display_name, 1, 1, "", f"this is not valid YAML ({error})")
        return None
    if node is None:
        problems.add(display_name, 1, 1, "", "the file has no content")
        return None
    try:
        return _Walker(display_name, problems).walk(node)
    except _Refused as refused:
        line, column = _first_alias_position(text) if refused.alias else (refused.line, refused.column)
        problems.add(display_name, line, column, refused.path, refused.message)
        return None


def _first_alias_position(text: str) -> tuple[int, int]:
    """Where the first `*alias` is written (the composed tree only knows where its anchor is)."""
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            return event.start_mark.line + 1, event.start_mark.column + 1
    return 1, 1


def _read_text(path: Path, display_name: str, problems: ProblemList) -> str | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        problems.add(display_name, 1, 1, "", "the file is missing; create it or restore it from git")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.add(
            display_name, line, column, "",
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8 "
            "(in most editors: 'Save with encoding' > 'UTF-8')",
        )
        return None
    return text


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
        problems.add(display_name, tab_line, 1, "",
                     "this line is indented with a tab; YAML needs spaces (replace the tab with spaces)")
        return
    problems.add(display_name, line, column, "", _explain_syntax_error(error))


def _first_tab_indent(text: str, up_to_line: int) -> int | None:
    for number, line in enumerate(text.splitlines()[:up_to_line], start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            return number
    return None


def _explain_syntax_error(error: yaml.MarkedYAMLError) -> str:
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    hints = {
        "mapping values are not allowed here": (
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

    def __init__(self, line: int, column: int, path: str, message: str, alias: bool = False) -> None:
        super().__init__(message)
        self.line, self.column, self.path, self.message, self.alias = line, column, path, message, alias


class _Walker:
    """Turns PyYAML nodes into YNodes, reporting duplicate keys and aliases."""

    def __init__(self, display_name: str, problems: ProblemList) -> None:
        self.file = display_name
        self.problems = problems
        self.seen: set[int] = set()  # node ids: a node met twice was reached through an alias

    def walk(self, node: yaml.Node, path: str = "") -> YNode:
        line, column = node.start_mark.line + 1, node.start_mark.column + 1
        if id(node) in self.seen:
            raise _Refused(line, column, path, "anchors and aliases (&name / *name) are not supported; "
                           "write the value out in full", alias=True)
        self.seen.add(id(node))
        if isinstance(node, yaml.MappingNode):
            return self._walk_mapping(node, line, column, path)
        if isinstance(node, yaml.SequenceNode):
            items = [self.walk(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
            return YList(line, column, items)
        return self._scalar(node, line, column)

    def _scalar(self, node: yaml.Node, line: int, column: int) -> YScalar:
        quoted = node.style in ("'", '"', "|", ">")
        text = node.value
        if not quoted and text in _NULLS:
            return YScalar(None, line, column)
        return YScalar(text, line, column, quoted)

    def _walk_mapping(self, node: yaml.MappingNode, line: int, column: int, path: str) -> YMap:
        mapping = YMap(line, column)
        for key_node, value_node in node.value:
            key_line, key_column = key_node.start_mark.line + 1, key_node.start_mark.column + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.add(self.file, key_line, key_column, path,
                                  "a key must be a plain name such as `name:`")
                continue
            key = str(key_node.value)
            key_path = f"{path}.{key}" if path else key
            if key == "<<":
                raise _Refused(key_line, key_column, key_path,
                               "merge keys (<<) are not supported; write the fields out in full")
            if key in mapping.entries:
                first = mapping.entries[key][0]
                self.problems.add(
                    self.file, key_line, key_column, key_path,
                    f"`{key}` appears twice in the same entry (first on line {first.line}); "
                    "keep one and delete the other",
                )
                continue
            mapping.entries[key] = (
                YScalar(key, key_line, key_column), self.walk(value_node, key_path)
            )
        return mapping
