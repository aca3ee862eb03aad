"""What went wrong, in plain words, when a YAML file cannot be read, and how to put it right.

The parser's own words ("mapping values are not allowed in this context", "found character that
cannot start any token") mean nothing to an editor. The mistakes editors make are few: a colon or
a leading `@`, `*`, `&`, backtick, `%`, `>` or `|` in text that is not in quotes, text that starts
with a quote and goes on after it, a list in brackets left open, a `-` or a colon without the space
after it, a line indented differently from its neighbours. Each is recognised from the parser's error
and the line it stopped on, and explained with the field it was reading and the line as it should be.

Two mistakes leave the file valid, and YAML drops text without a word: a `#` glued to a word after
a value (`cost: Free #1` is "Free") and a `!` at the start of one (`name: !Important news` is "news");
`silently_dropped_text` finds them, with a quick search first since it runs on every file.

The rest only runs when a file has failed to parse, so it may read the file again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

from .problems import position_in

# (line and column from 1, the field the parser was reading, the message)
Explained = tuple[int, int, str, str]

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_KEY = re.compile(r"(?P<indent>[ ]*(?:-[ ]+)*)(?P<key>[^\s:#'\"\[\]{},-][^:#]*?):(?:[ \t]+|$)")  # `  - name: `
_FIELD_NAME = re.compile(r"(?:-[ ]+)?[A-Za-z_][\w-]*:(?:[ \t]|$)")  # `summary: `, `- day:`; not `for parents: `
_GLUED_KEY = re.compile(r"(?P<indent>[ ]*(?:-[ ]+)*)(?P<key>[\w-]+):(?=\S)")  # `  name:Value`
# Characters YAML gives a meaning at the start of a value: a value starting with one must be quoted.
_STARTERS = {"@": "`@`", "`": "a backtick (`)", "%": "`%`", "*": "`*`", "&": "`&`", ">": "`>`", "|": "`|`",
             "!": "`!`"}


def explain(error: yaml.MarkedYAMLError, text: str) -> Explained | None:
    """The mistake behind `error` in plain words, or None when it is not one of the usual ones."""
    lines = text.split("\n")
    for explain_one in (_colon_in_text, _reserved_first_character, _text_after_a_quoted_start,
                        _list_left_open, _no_space_after_a_colon, _no_space_after_a_dash, _indentation):
        found = explain_one(error, lines)
        if found is not None:
            line, column, message, *misplaced = found  # `misplaced`: the line is not where its field belongs
            field = field_of_misplaced_line(text, lines, line - 1) if misplaced else \
                field_at(text, lines[line - 1], column - 1)
            return line, column, field, message
    return None


def _colon_in_text(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | tuple[int, int, str, bool] | None:
    """`summary: Meet up: every week`: the second colon would start a field of its own."""
    mark = error.problem_mark
    if mark is None or not (error.problem or "").startswith("mapping values are not allowed"):
        return None
    line = lines[mark.line]
    key = _KEY.match(line)
    if key is None:
        return None
    if key.end() > mark.column:  # the colon is the line's own: the line is indented more than the one above
        above = _previous_content_line(lines, mark.line)
        if above is None:
            return None
        return (mark.line + 1, _indent(line) + 1,  # about the field above, whose text it is taken for
                f"this line is indented more than line {above + 1} above it, so YAML reads it as more of that "
                "line's text, where a colon cannot be: indent it like the fields around it, or, if it is text, "
                "put the text in quotes", True)
    return (mark.line + 1, mark.column + 1,
            "a colon followed by a space in text makes YAML read a new field: put the text in quotes: "
            f"{_quoted_from(line, key.end())}")


def _reserved_first_character(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """`cost: @home`, `` name: `Tea` ``, `summary: *New* group`, `cost: > 5 people`."""
    mark = error.context_mark if error.context in ("while scanning an alias", "while scanning an anchor",
                                                   "while scanning a block scalar", "while scanning a tag") \
        else error.problem_mark if error.problem == "found character that cannot start any token" else None
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    first = line[mark.column: mark.column + 1]
    if first not in _STARTERS:
        return None
    return (mark.line + 1, mark.column + 1,
            f"text cannot start with {_STARTERS[first]} unless it is in quotes: put the text in quotes: "
            f"{_quoted_from(line, mark.column)}")


def _text_after_a_quoted_start(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """`cost: "Free" for members`: the value ended at the closing quote, and more text follows."""
    mark = error.problem_mark
    if mark is None or error.problem not in ("did not find expected key", "did not find expected '-' indicator",
                                             "did not find expected <document start>"):
        return None
    line = lines[mark.line]
    key = _KEY.match(line)
    start = key.end() if key else len(line) - len(line.lstrip(" -"))
    quote = line[start: start + 1]
    if quote not in ("'", '"') or not start < mark.column or not line[start + 1: mark.column].rstrip().endswith(quote):
        return None
    text = line[start:].rstrip()
    other = "'" if quote == '"' else '"'
    fixed = line[:start] + (f"{other}{text}{other}" if other not in text else _double_quoted(text))
    return (mark.line + 1, start + 1,
            f"text that starts with a quote ends at the closing quote, and more follows it here: put the whole "
            f"text in quotes: {fixed.strip()}")


def _list_left_open(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """`languages: [English, Arabic` with no `]`, or an item in brackets with a colon in it."""
    brackets = {"while parsing a flow sequence": ("square brackets", "]"), "while parsing a flow mapping": ("braces", "}")}
    mark = error.context_mark
    if mark is None or error.context not in brackets:
        return None
    kind, closing = brackets[error.context]
    if error.problem_mark is not None and error.problem_mark.line == mark.line:
        return (mark.line + 1, mark.column + 1,
                f"this list in {kind} cannot be read: an item with a colon followed by a space (or a `#`) needs "
                f"quotes, e.g. [\"Time: 10:30\"], and the list ends with {closing}")
    return (mark.line + 1, mark.column + 1,
            f"this list in {kind} is not closed: add {closing} after its last item, on this line")


def _no_space_after_a_colon(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """`cost:Free`: without a space after it, the colon is part of the text, and the line has no field."""
    mark = error.context_mark
    if mark is None or error.context != "while scanning a simple key" or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    glued = re.match(r"([ ]*(?:-[ ]+)?[\w-]+):(?=\S)", line)
    if glued:
        return (mark.line + 1, glued.end() + 1,
                f"a colon needs a space after it: {glued[1].strip()}: {line[glued.end():].strip()}")
    return (mark.line + 1, mark.column + 1,
            "this line has no `field: value` colon: add one, or join the line to the one above if it is the "
            "rest of its text (in quotes)")


def _no_space_after_a_dash(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """`-day: monday`: without a space after it, the dash is part of the text, and the list has no item."""
    mark = error.problem_mark
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    dash = re.match(r"([ ]*)-(?=[^\s-])", line)
    if dash is None or error.problem not in ("did not find expected '-' indicator", "did not find expected key"):
        return None
    return (mark.line + 1, dash.end(),
            f"a list item's `-` needs a space after it: - {line[dash.end():].strip()}")


def _indentation(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """A line indented more or less than the fields (or the list items) it belongs with."""
    mark, context = error.problem_mark, error.context_mark
    if mark is None or context is None or mark.line >= len(lines):
        return None
    spaces = _indent(lines[mark.line])
    if error.problem == "did not find expected key" and error.context == "while parsing a block mapping":
        return (mark.line + 1, spaces + 1,
                f"this line is indented by {_spaces(spaces)}, but the fields it follows (from line {context.line + 1}) "
                f"by {_spaces(context.column)}: line it up with them, with spaces")
    if error.problem == "did not find expected '-' indicator" and error.context == "while parsing a block collection":
        if lines[mark.line].lstrip().startswith("- "):
            return (mark.line + 1, spaces + 1,
                    f"this list item's `-` is indented by {_spaces(spaces)}, but the list's first item (line "
                    f"{context.line + 1}) by {_spaces(context.column)}: line it up with the other items")
        fields = context.column + 2  # after `- `
        return (mark.line + 1, spaces + 1,
                f"this line is indented by {_spaces(spaces)}, but the fields of the entries of this list (from line "
                f"{context.line + 1}) by {_spaces(fields)}: line it up with them, with spaces")
    return None


def field_at(text: str, line: str, column: int) -> str:
    """The field a line is about, as far as the file could be read (`groups[0].summary`): the lists
    and entries open where the parser stopped that `line` sits inside, and the key it starts with."""
    key = _KEY.match(line) or _GLUED_KEY.match(line)
    if key:
        column = key.start("key")
    new_item = line.lstrip(" ").startswith("-")
    parts: list[str | int] = []
    for frame in _frames_where_parsing_stopped(text):
        if frame.column >= column:
            break
        if frame.mapping and frame.pending:
            parts.append(frame.part)
        elif not frame.mapping and (frame.pending or new_item or frame.count):
            # the item being read; else the next one if the line starts one, or the one before it
            parts.append(frame.part if frame.pending else frame.count if new_item else frame.count - 1)
    if key:
        parts.append(key["key"].strip())
    return "".join(f"[{part}]" if isinstance(part, int) else (f".{part}" if i else str(part))
                   for i, part in enumerate(parts))


def field_of_misplaced_line(text: str, lines: list[str], index: int) -> str:
    """The field written on line `index` (from 0) when its indentation puts it in the wrong place (too
    deep, or a tab): named where it was meant to be. That is inside the field on the line above when that
    one opens a block (`schedule:`); else beside the next line's field when that one is no deeper than the
    line above (a tab standing for a shallower indent); else beside the field on the line above."""
    written = lines[index].lstrip(" \t")
    above = _previous_content_line(lines, index)
    if above is None:
        return field_at(text, written, 0)
    if _FIELD_NAME.match(written) is None:  # `  for parents: all welcome` is more of the text above, not a field
        return field_at(text, lines[above], _indent(lines[above]))
    above_key = _KEY.match(lines[above])
    opens_a_block = above_key is not None and not lines[above][above_key.end():].split("#")[0].strip()
    below = _next_content_line(lines, index)
    meant = _key_column(lines[above])
    if opens_a_block:
        meant += 2
    elif below is not None and "\t" not in lines[below][:_indent(lines[below]) + 1] and _key_column(lines[below]) < meant:
        meant = _key_column(lines[below])
    field = field_at(text, " " * meant + written, meant)
    if opens_a_block and written.startswith("-") and not field.startswith(field_at(text, lines[above], meant) + "["):
        field = field.replace(f"{above_key['key'].strip()}.", f"{above_key['key'].strip()}[0].", 1)
    return field


def _frames_where_parsing_stopped(text: str) -> list[_Frame]:
    frames: list[_Frame] = []
    try:
        for event in yaml.parse(text, Loader=_Loader):
            kind = type(event)
            if kind in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
                frames.pop()
                _value_done(frames)
            elif kind in (yaml.ScalarEvent, yaml.AliasEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent):
                starts = kind in (yaml.MappingStartEvent, yaml.SequenceStartEvent)
                top = frames[-1] if frames else None
                if top is not None and top.mapping and not top.pending:  # a key
                    top.part, top.pending = getattr(event, "value", None), True
                    if starts:  # a key that is itself a list or a mapping: not ours to name
                        frames.append(_Frame(kind is yaml.MappingStartEvent, event.start_mark.column))
                    continue
                if top is not None and not top.mapping:  # an item of a list
                    top.part, top.pending = top.count, True
                    top.count += 1
                if starts:
                    frames.append(_Frame(kind is yaml.MappingStartEvent, event.start_mark.column))
                else:
                    _value_done(frames)
    except yaml.YAMLError:
        pass
    return frames


@dataclass
class _Frame:
    mapping: bool
    column: int  # where its keys, or its items' dashes, start
    part: str | int | None = None  # the key being read, or the index of the item
    pending: bool = False  # its value is not finished yet
    count: int = 0  # items of a list so far


def _value_done(frames: list[_Frame]) -> None:
    if frames:
        frames[-1].pending = False


def _quoted_from(line: str, start: int) -> str:
    """The line with its text from `start` in quotes, as the editor should write it."""
    text = line[start:].strip()
    quoted = f"'{text}'" if '"' in text and "'" not in text else _double_quoted(text)
    return (line[:start].strip() + " " + quoted).strip()


def _double_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _previous_content_line(lines: list[str], before: int) -> int | None:
    for number in range(before - 1, -1, -1):
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            return number
    return None


def _next_content_line(lines: list[str], after: int) -> int | None:
    for number in range(after + 1, len(lines)):
        if lines[number].strip() and not lines[number].lstrip().startswith("#"):
            return number
    return None


def _key_column(line: str) -> int:
    """Where the line's field starts: after its indentation and any list item's `- `."""
    key = _KEY.match(line)
    return key.start("key") if key else _indent(line)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _spaces(n: int) -> str:
    return f"{n} space{'' if n == 1 else 's'}"




def silently_dropped_text(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for each piece of text that YAML leaves out without a word, though the
    file is valid: after a `#` glued to a word, or a `!` at the start of a value."""
    return sorted(comments_cutting_text(text) + tags_dropping_text(text))


def tags_dropping_text(text: str) -> list[tuple[int, int, str]]:
    """`name: !Important news` is "news" and `cost: !free` is empty: YAML reads `!word` at the start
    of a value as a type tag, which this project has no use for. Looked for only where ` !` is."""
    if " !" not in text and "\t!" not in text:
        return []
    try:
        tags = [token for token in yaml.scan(text, Loader=_Loader) if type(token) is yaml.TagToken]
    except yaml.YAMLError:
        return []  # reported as a syntax error
    lines = text.split("\n")
    found = []
    for tag in tags:
        line = lines[tag.start_mark.line]
        cut = line[tag.start_mark.column:].split()[0]
        found.append((tag.start_mark.line + 1, tag.start_mark.column + 1,
                      f"`!` at the start of text makes YAML read `{cut}` as a type and leave it out: put the text "
                      f"in quotes: {_quoted_from(line, tag.start_mark.column)}"))
    return found


def comments_cutting_text(text: str) -> list[tuple[int, int, str]]:
    """(line, column, message) for each comment that starts with `#` and a word on the line of a value.

    YAML reads `#` after a space as the start of a comment, so `cost: Free #1 in London` is "Free"
    and `title: #PeerTalk news` is empty, without a word. Comments are written `# like this`; a `#`
    glued to a word is text the editor meant to keep. Valid YAML, so this looks for it on purpose:
    a quick search first, then the scanner's values for the rare file where it is found."""
    candidates = _hashes_glued_to_a_word(text)
    if not candidates:
        return []
    try:
        values = [(token.start_mark.index, token.end_mark.index) for token in yaml.scan(text, Loader=_Loader)
                  if type(token) is yaml.ScalarToken]
    except yaml.YAMLError:
        return []  # reported as a syntax error
    found = []
    for hash_at in candidates:
        start = text.rfind("\n", 0, hash_at) + 1
        end = text.find("\n", hash_at) % (len(text) + 1)
        line = text[start:end]
        if not text[start:hash_at].strip() or _in_a_value(hash_at, values) or any(
                not _in_a_value(earlier.start(1), values) for earlier in _COMMENT_START.finditer(text, start, hash_at)):
            continue  # a comment on a line of its own, a `#` inside a value, or in a comment begun before it
        key = _KEY.match(line)
        value_at = key.end() if key else len(line) - len(line.lstrip(" -"))
        cut = line[hash_at - start:].rstrip()
        found.append((*position_in(text, hash_at),
                      f"`#` after a space starts a comment, so YAML leaves `{cut}` out of the text: put the whole "
                      f"text in quotes: {_quoted_from(line, value_at)} (or, if it is a comment, a space after the #)"))
    return found


_COMMENT_START = re.compile(r"(?:^|[ \t])(#)", re.MULTILINE)


def _in_a_value(index: int, values: list[tuple[int, int]]) -> bool:
    return any(first <= index < last for first, last in values)


def _hashes_glued_to_a_word(text: str) -> list[int]:
    """Where a `#` follows a space or tab and a word follows it: `Free #1`, `cost: #free`. On every
    file of every build, so with str.find, several times faster than a regular expression here."""
    found = []
    for blank in (" #", "\t#"):
        at = text.find(blank)
        while at != -1:
            after = text[at + 2: at + 3]
            if after and not after.isspace() and after != "#":
                found.append(at + 1)
            at = text.find(blank, at + 2)
    return sorted(found)
