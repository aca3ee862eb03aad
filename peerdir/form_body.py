"""An issue made from one of our issue forms, read back into its fields.

GitHub writes a form's answers into the issue body as Markdown: each field is a `### <label>`
heading followed by the answer, `_No response_` for a field left empty, and a checkbox list as
`- [X] option` / `- [ ] option` lines. The fields are found by the labels in the form file itself
(`.github/ISSUE_TEMPLATE/<form>.yml`), so renaming a field there is all it takes to keep this
reading right, and a body that lacks a heading, or has one twice (an answer that pretends to
be the next field), is refused rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import Problem

NO_RESPONSE = "_No response_"
_CHECKBOX = re.compile(r"- \[([ xX])\] (.*)")


@dataclass(frozen=True)
class FormField:
    """One field of an issue form, as its YAML definition describes it."""

    id: str
    label: str
    type: str  # input, textarea, dropdown or checkboxes


@dataclass(frozen=True)
class Answer:
    """What the issue says for one field: its text (empty for no response), the options ticked
    (checkboxes only), and the line of the body it starts on."""

    field: FormField
    text: str
    ticked: tuple[str, ...]
    line: int


def form_fields(form_file: Path) -> list[FormField]:
    """The fields of a form file that have an answer (Markdown blocks have none), in order."""
    definition = yaml.safe_load(form_file.read_text(encoding="utf-8"))
    return [FormField(item["id"], item["attributes"]["label"], item["type"])
            for item in definition["body"] if "id" in item]


def read_answers(fields: list[FormField], body: str, body_name: str) -> tuple[dict[str, Answer], list[Problem]]:
    """Each field's answer by id, or the problems that keep the body from being read safely."""
    lines = body.replace("\r\n", "\n").split("\n")
    headings = {f"### {field.label}": field for field in fields}
    found: dict[str, list[int]] = {}
    for index, line in enumerate(lines):
        field = headings.get(line.rstrip())
        if field is not None:
            found.setdefault(field.id, []).append(index)
    problems = []
    for field in fields:
        where = found.get(field.id, [])
        if len(where) != 1:
            line = where[1] + 1 if where else 1
            problems.append(Problem(body_name, line, 1, field.label, (
                f"the heading `### {field.label}` is {'not in' if not where else 'more than once in'} the issue; "
                "edit the issue so that each of the form's headings is there once, with its answer below it")))
    if problems:
        return {}, problems
    starts = sorted(((found[field.id][0], field) for field in fields), key=lambda start: start[0])
    ends = [index for index, _ in starts[1:]] + [len(lines)]
    answers = {field.id: _answer(field, lines[start + 1:end], start + 2)
               for (start, field), end in zip(starts, ends, strict=True)}
    return answers, []


def _answer(field: FormField, lines: list[str], first_line: int) -> Answer:
    while lines and not lines[0].strip():
        lines, first_line = lines[1:], first_line + 1
    text = "\n".join(lines).strip()
    if text == NO_RESPONSE:
        text = ""
    ticked: tuple[str, ...] = ()
    if field.type == "checkboxes":
        boxes = [_CHECKBOX.fullmatch(line.strip()) for line in lines]
        ticked = tuple(box[2].strip() for box in boxes if box and box[1] in "xX")
    return Answer(field, text, ticked, first_line)
