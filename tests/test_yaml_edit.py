"""Editing a data file as an editor would (`yaml_edit.py`): the text after each edit written out in full,
so that a change to the house style, the wrapping of long text or where a new line goes is seen."""

from __future__ import annotations

import pytest

from peerdir.yaml_edit import EditRefused, Folded, Literal, append_entry, entries, entry_text, scalar, set_field

GROUPS = """\
# Groups, with a comment that must stay
groups:
  - id: one
    name: One
    status: active

  - id: two  # the second
    name: Two
    description: >-
      A description long enough to be written as a folded block,
      over two lines.

  - id: three
    name: Three
"""
LONG = " ".join(["word"] * 30)  # 149 characters


def test_an_entry_is_added_in_the_house_style_after_a_blank_line_as_the_others() -> None:
    entry = {"id": "four", "name": "Four", "description": Folded(LONG), "notes": Literal("a\nb"), "start": "14:30",
             "days": ["monday", "tuesday"], "contact": {"website": "https://b.org", "email": "a@b.org"},
             "schedule": [{"day": "monday", "start": "10:30"}], "venue": "Café Élan", "approximate": True}
    assert append_entry(GROUPS, "groups.yaml", "groups", entry) == GROUPS + """
  - id: four
    name: Four
    description: >-
      word word word word word word word word word word word word word word word word
      word word word word word word word word word word word word word word
    notes: |-
      a
      b
    start: "14:30"
    days: [monday, tuesday]
    contact:
      website: https://b.org
      email: a@b.org
    schedule:
      - day: monday
        start: "10:30"
    venue: Café Élan
    approximate: true
"""


def test_long_text_is_folded_at_eighty_columns_and_short_text_stays_on_one_line() -> None:
    folded = entry_text({"description": Folded(LONG + " " + LONG)}, 2)
    lines = folded.splitlines()
    assert lines[0] == "  - description: >-"
    # PyYAML breaks at the first space past 80 columns, counted from the field's own indent (2).
    assert [len(line) for line in lines[1:]] == [85, 85, 85, 65]
    assert " ".join(line.strip() for line in lines[1:]) == LONG + " " + LONG
    assert entry_text({"summary": LONG}, 2) == f"  - summary: {LONG}\n"  # not Folded: one line, however long
    assert entry_text({"summary": "x"}, 0, "\r\n") == "- summary: x\r\n"


def test_an_entry_is_added_without_a_blank_line_where_the_others_have_none() -> None:
    text = "groups:\n  - id: one\n  - id: two\n"
    assert append_entry(text, "groups.yaml", "groups", {"id": "three"}) == text + "  - id: three\n"
    unended = "groups:\n- id: one"  # no line end after the last entry, and the list not indented
    assert append_entry(unended, "groups.yaml", "groups", {"id": "two"}) == "groups:\n- id: one\n- id: two\n"


def test_a_field_goes_after_the_last_of_the_fields_it_follows() -> None:
    assert set_field(GROUPS, "groups.yaml", "groups", 0, "alert", "x: y", ("name", "status")) == GROUPS.replace(
        "    status: active\n", "    status: active\n    alert: \"x: y\"\n")


def test_a_field_goes_after_the_entrys_last_field_when_it_has_none_of_those_it_follows() -> None:
    """Entry two has no `status`: the new line goes after its last field, the folded description, and
    before the blank line that ends it."""
    assert set_field(GROUPS, "groups.yaml", "groups", 1, "alert", "Closed today", ("status",)) == GROUPS.replace(
        "      over two lines.\n", "      over two lines.\n    alert: Closed today\n")
    assert set_field(GROUPS, "groups.yaml", "groups", 2, "alert", "A", ("status",)) == GROUPS + "    alert: A\n"


def test_a_value_is_replaced_where_it_stands() -> None:
    assert set_field(GROUPS, "groups.yaml", "groups", 0, "name", "14:30", ()) == GROUPS.replace(
        "name: One", 'name: "14:30"')
    assert set_field(GROUPS, "groups.yaml", "groups", 1, "id", "deux", ()) == GROUPS.replace(
        "id: two  # the second", "id: deux  # the second")


def test_windows_line_ends_are_kept() -> None:
    crlf = GROUPS.replace("\n", "\r\n")
    assert set_field(crlf, "groups.yaml", "groups", 2, "alert", "A", ("status",)) == crlf + "    alert: A\r\n"
    assert append_entry(crlf, "groups.yaml", "groups", {"id": "four"}) == crlf + "\r\n  - id: four\r\n"


def test_what_cannot_be_changed_safely_is_refused_with_a_reason() -> None:
    with pytest.raises(EditRefused, match=r"groups.yaml: `description` of entry 2 is not written on one line"):
        set_field(GROUPS, "groups.yaml", "groups", 1, "description", "short", ())
    with pytest.raises(EditRefused, match=r"groups.yaml: `groups:` is not a list written one entry a line"):
        append_entry("groups: [{id: one}]\n", "groups.yaml", "groups", {"id": "two"})
    with pytest.raises(EditRefused, match=r"groups.yaml: `groups:` is not a list written one entry a line"):
        append_entry("groups: []\n", "groups.yaml", "groups", {"id": "two"})
    with pytest.raises(EditRefused, match=r"groups.yaml cannot be read as YAML"):
        entries("groups: [\n", "groups.yaml", "groups")
    with pytest.raises(EditRefused, match=r"groups.yaml does not start with its list name"):
        entries("- id: one\n", "groups.yaml", "groups")
    with pytest.raises(EditRefused, match=r"groups.yaml: `groups:` is not a list of entries"):
        entries("groups:\n  - one\n", "groups.yaml", "groups")
    with pytest.raises(EditRefused, match=r"groups.yaml: `groups:` is not a list of entries"):
        entries("events: []\n", "groups.yaml", "groups")


def test_entries_and_their_values_as_written() -> None:
    found = entries(GROUPS, "groups.yaml", "groups")
    assert [scalar(entry, "id") for entry in found] == ["one", "two", "three"]
    assert scalar(found[0], "status") == "active" and scalar(found[1], "status") is None


CHECK_FAILED = "groups.yaml: the change could not be written without changing something else; make it by hand"


def test_a_splice_that_leaves_the_file_unreadable_is_refused_in_words() -> None:
    """An entry written as a flow mapping has no line of its own for a new field: the text after the
    splice cannot be read at all, and that is refused like any other failed check, not raised as
    PyYAML's error (which apply_issue would not catch)."""
    flow = "groups:\n  - {id: one}\n  - id: two\n"
    with pytest.raises(EditRefused) as refused:
        set_field(flow, "groups.yaml", "groups", 0, "alert", "A", ())
    assert str(refused.value) == CHECK_FAILED
