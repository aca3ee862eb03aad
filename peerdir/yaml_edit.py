"""Changing a data file the way an editor would: one entry added, or one field changed, and every
other character of the file (comments, order, blank lines, quoting) left exactly as it was.

The file is never loaded and dumped again, which would lose its comments and quoting. Instead
PyYAML's composer says where each entry and value starts and ends, and the new text is spliced in
at those places. The new text itself comes from PyYAML's emitter, which quotes or escapes any
value that could otherwise be read as something else, so a value such as `x\\n  status: closed`
stays one string. After every splice the whole file is read again and compared with what was
meant, so that a mistake here can never reach a file unnoticed.
"""

from __future__ import annotations

from typing import Any

import yaml

WRAP = 80  # long descriptions are folded (`>-`) at about this width, as in the sample


class Folded(str):
    """Text written as a folded block (`>-`), as the data files write long descriptions."""


class Literal(str):
    """Text of several lines written as a literal block (`|-`): each line as it was typed."""


class _HouseEmitter(yaml.emitter.Emitter):
    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style  # the data files quote with double quotes ("14:30")


class _HouseDumper(_HouseEmitter, yaml.serializer.Serializer, yaml.representer.SafeRepresenter,
                   yaml.resolver.Resolver):
    """The house style: block mappings, lists of plain values on one line, list items indented."""

    def __init__(self, stream: Any, **options: Any) -> None:
        _HouseEmitter.__init__(self, stream, width=options.get("width"), allow_unicode=True)
        yaml.serializer.Serializer.__init__(self)
        yaml.representer.SafeRepresenter.__init__(self, sort_keys=False)
        yaml.resolver.Resolver.__init__(self)

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_list(dumper: _HouseDumper, data: list) -> yaml.Node:
    flow = all(not isinstance(item, (list, dict)) for item in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_dict(dumper: _HouseDumper, data: dict) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data, flow_style=False)


def _represent_folded(dumper: _HouseDumper, data: Folded) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style=">")


_HouseDumper.add_representer(list, _represent_list)
_HouseDumper.add_representer(dict, _represent_dict)
def _represent_literal(dumper: _HouseDumper, data: Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", str(data), style="|")


_HouseDumper.add_representer(Folded, _represent_folded)
_HouseDumper.add_representer(Literal, _represent_literal)


class EditRefused(Exception):
    """The file cannot be changed safely in this way; the message says why in plain words."""


def _dump_field(key: str, value: Any) -> str:
    width = WRAP if _has_folded(value) else 1_000_000  # one line for everything else, as editors write it
    return yaml.dump({key: value}, Dumper=_HouseDumper, width=width)


def _has_folded(value: Any) -> bool:
    if isinstance(value, dict):
        return any(_has_folded(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_folded(v) for v in value)
    return isinstance(value, Folded)


def _indented(text: str, first: str, rest: str) -> list[str]:
    lines = text.rstrip("\n").split("\n")
    return [(first if i == 0 else rest) + line if line else "" for i, line in enumerate(lines)]


def entry_text(entry: dict[str, Any], column: int, newline: str = "\n") -> str:
    """One list item in the house style, its `-` at `column`."""
    lines: list[str] = []
    for key, value in entry.items():
        first = " " * column + "- " if not lines else " " * (column + 2)
        lines += _indented(_dump_field(key, value), first, " " * (column + 2))
    return newline.join(lines) + newline


def _compose(text: str, name: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # the pure-Python reader: marks count characters
    except yaml.YAMLError as error:
        raise EditRefused(f"{name} cannot be read as YAML; run validate, fix it, then try again") from error
    if not isinstance(node, yaml.MappingNode):
        raise EditRefused(f"{name} does not start with its list name; run validate, fix it, then try again")
    return node


def _value(mapping: yaml.MappingNode, key: str) -> yaml.Node | None:
    return next((value for k, value in mapping.value if k.value == key), None)


def entries(text: str, name: str, list_name: str) -> list[yaml.MappingNode]:
    """The entries of the file's list, as PyYAML composed them."""
    items = _value(_compose(text, name), list_name)
    if not isinstance(items, yaml.SequenceNode) or not all(isinstance(i, yaml.MappingNode) for i in items.value):
        raise EditRefused(f"{name}: `{list_name}:` is not a list of entries; run validate, fix it, then try again")
    return items.value


def scalar(mapping: yaml.MappingNode, key: str) -> str | None:
    node = _value(mapping, key)
    return node.value if isinstance(node, yaml.ScalarNode) else None


def _end_of_lines(text: str, node: yaml.Node) -> int:
    """Where the line after the node's last line starts (its trailing comment included)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    end = node.end_mark.index
    while end > 0 and text[end - 1] in " \t\r\n":
        end -= 1  # a block scalar ends after the empty lines that follow it
    line_end = text.find("\n", end)
    return len(text) if line_end < 0 else line_end + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def append_entry(text: str, name: str, list_name: str, entry: dict[str, Any]) -> str:
    """The file with `entry` added at the end of its list, in the house style."""
    items = _value(_compose(text, name), list_name)
    if not isinstance(items, yaml.SequenceNode) or items.flow_style or not items.value:
        raise EditRefused(f"{name}: `{list_name}:` is not a list written one entry a line; add this entry by hand")
    newline = _newline(text)
    last = items.value[-1]
    at = _end_of_lines(text, last)
    before = text[:at] if text[:at].endswith("\n") or not at else text[:at] + newline
    added = entry_text(entry, items.start_mark.column, newline)
    if len(items.value) > 1 and _blank_line_before(text, last):
        added = newline + added
    result = before + added + text[at:]
    expected = _load(text)
    expected[list_name].append(_as_text(entry))
    _check(result, expected, name)
    return result


def _blank_line_before(text: str, item: yaml.Node) -> bool:
    line_start = text.rfind("\n", 0, item.start_mark.index) + 1
    previous = text[:max(line_start - 1, 0)].rsplit("\n", 1)[-1]
    return not previous.strip()


def set_field(text: str, name: str, list_name: str, index: int, key: str, value: Any,
              after: tuple[str, ...]) -> str:
    """The file with one field of entry `index` set to `value`: its value replaced where it stands, or,
    if the entry has no such field, a line added after the last of the fields `after` that it has."""
    item = entries(text, name, list_name)[index]
    old = _value(item, key)
    if isinstance(old, yaml.ScalarNode) and old.style not in ("|", ">"):
        start, end = old.start_mark.index, old.end_mark.index
        result = text[:start] + _dump_field(key, value).rstrip("\n").split(": ", 1)[1] + text[end:]
    elif old is not None:
        raise EditRefused(f"{name}: `{key}` of entry {index + 1} is not written on one line; change it by hand")
    else:
        keys = [k.value for k, _ in item.value]
        previous = [k for k in keys if k in after]
        anchor = _value(item, previous[-1]) if previous else item.value[-1][1]
        at = _end_of_lines(text, anchor)
        newline = _newline(text)
        line = newline.join(_indented(_dump_field(key, value), " " * item.start_mark.column,
                                      " " * item.start_mark.column)) + newline
        before = text[:at] if text[:at].endswith("\n") else text[:at] + newline
        result = before + line + text[at:]
    expected = _load(text)
    expected[list_name][index][key] = _as_text(value)
    _check(result, expected, name)
    return result


def _load(text: str) -> Any:
    return yaml.load(text, Loader=yaml.BaseLoader)  # every value as the text written: nothing guessed


def _as_text(value: Any) -> Any:
    """What BaseLoader reads back for a value written by the dumper."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _check(result: str, expected: Any, name: str) -> None:
    try:
        same = _load(result) == expected
    except yaml.YAMLError:  # the splice made text that cannot be read at all
        same = False
    if not same:
        raise EditRefused(f"{name}: the change could not be written without changing something else; "
                          "make it by hand")

