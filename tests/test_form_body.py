"""Reading an issue made from one of our forms back into its answers (`form_body.py`), in this process,
with every answer, line number and refusal written out."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdir.form_body import Answer, FormField, form_fields, read_answers
from peerdir.problems import Problem

FORM = """\
name: A form
body:
  - type: markdown
    attributes:
      value: Some words first, with no answer.
  - type: input
    id: name
    attributes:
      label: Group name
  - type: textarea
    id: details
    attributes:
      label: What has changed
  - type: checkboxes
    id: formats
    attributes:
      label: How it meets
      options:
        - label: In person
        - label: Online
        - label: Phone
  - type: dropdown
    id: status
    attributes:
      label: Status
"""
NAME = FormField("name", "Group name", "input")
DETAILS = FormField("details", "What has changed", "textarea")
FORMATS = FormField("formats", "How it meets", "checkboxes")
STATUS = FormField("status", "Status", "dropdown")


@pytest.fixture
def fields(tmp_path: Path) -> list[FormField]:
    form = tmp_path / "form.yml"
    form.write_text(FORM, encoding="utf-8")
    return form_fields(form)


def test_the_fields_are_those_with_an_answer_in_order(fields: list[FormField]) -> None:
    assert fields == [NAME, DETAILS, FORMATS, STATUS]


BODY = """\
### Group name

Riverside Parents

### What has changed


They meet on Thursdays now.
Still at 10:30.

### How it meets

- [X] In person
- [ ] Online
- [x] Phone

### Status

_No response_
"""


def test_each_answer_with_the_line_it_starts_on(fields: list[FormField]) -> None:
    answers, problems = read_answers(fields, BODY, "issue")
    assert problems == []
    assert answers == {
        "name": Answer(NAME, "Riverside Parents", (), 3),
        "details": Answer(DETAILS, "They meet on Thursdays now.\nStill at 10:30.", (), 8),
        "formats": Answer(FORMATS, "- [X] In person\n- [ ] Online\n- [x] Phone", ("In person", "Phone"), 13),
        "status": Answer(STATUS, "", (), 19),
    }


def test_windows_line_ends_headings_with_spaces_after_and_another_order_are_read(fields: list[FormField]) -> None:
    body = ("### Status \r\n\r\nactive\r\n\r\n### Group name\r\n\r\nRiverside\r\n\r\n"
            "### How it meets\r\n\r\n_No response_\r\n\r\n### What has changed\r\n\r\nNothing\r\nat all\r\n")
    answers, problems = read_answers(fields, body, "issue")
    assert problems == []
    assert {key: (a.field, a.text, a.ticked, a.line) for key, a in answers.items()} == {
        "name": (NAME, "Riverside", (), 7), "details": (DETAILS, "Nothing\nat all", (), 15), "formats": (FORMATS, "", (), 11),
        "status": (STATUS, "active", (), 3)}


def test_a_missing_or_repeated_heading_is_refused_where_it_is(fields: list[FormField]) -> None:
    missing = BODY.replace("### Status\n", "")
    assert read_answers(fields, missing, "issue") == ({}, [Problem("issue", 1, 1, "Status", (
        "the heading `### Status` is not in the issue; edit the issue so that each of the form's headings "
        "is there once, with its answer below it"))])
    repeated = BODY.replace("Still at 10:30.", "Still at 10:30.\n### Group name\nSomething else")
    assert read_answers(fields, repeated, "issue") == ({}, [Problem("issue", 10, 1, "Group name", (
        "the heading `### Group name` is more than once in the issue; edit the issue so that each of the form's "
        "headings is there once, with its answer below it"))])


def test_a_form_file_of_the_project_is_read() -> None:
    fields = form_fields(Path(__file__).resolve().parent.parent / ".github" / "ISSUE_TEMPLATE" / "report-a-change.yml")
    assert fields and all(field.type in ("input", "textarea", "dropdown", "checkboxes") for field in fields)
