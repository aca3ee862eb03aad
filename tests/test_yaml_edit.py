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


def test_a_blank_line_goes_before_a_new_entry_only_when_one_is_between_the_last_two() -> None:
    two = "groups:\n  - id: one\n\n  - id: two\n"
    assert append_entry(two, "groups.yaml", "groups", {"id": "three"}) == two + "\n  - id: three\n"
    # With one entry there is nothing between entries to copy: the blank line after `groups:` is not one.
    one = "groups:\n\n  - id: one\n"
    assert append_entry(one, "groups.yaml", "groups", {"id": "two"}) == one + "  - id: two\n"


def test_an_entry_is_added_after_the_last_line_of_a_list_the_last_entry_ends_with() -> None:
    text = """\
groups:
  - id: one
    schedule:
      - day: monday
      - day: tuesday
      - day: friday
        start: "10:30"
"""
    assert append_entry(text, "groups.yaml", "groups", {"id": "two"}) == text + "  - id: two\n"


def test_a_field_is_added_after_a_literal_block_whose_last_line_is_one_letter() -> None:
    text = "groups:\n  - id: one\n    notes: |-\n      Ring the bell marked\n      X\n  - id: two\n"
    assert set_field(text, "groups.yaml", "groups", 0, "alert", "A", ("notes",)) == text.replace(
        "      X\n", "      X\n    alert: A\n")


def test_long_text_is_folded_at_eighty_columns_inside_a_mapping_or_a_list_too() -> None:
    entry = {"id": "x", "contact": {"note": Folded(LONG)}, "schedule": [{"day": "monday", "note": Folded(LONG)}]}
    line1, line2 = " ".join(["word"] * 16), " ".join(["word"] * 14)
    assert entry_text(entry, 2) == f"""\
  - id: x
    contact:
      note: >-
        {line1}
        {line2}
    schedule:
      - day: monday
        note: >-
          {line1}
          {line2}
"""


def test_values_are_written_whole_false_and_a_final_capital_letter_included() -> None:
    text = "groups:\n  - id: one\n"
    entry = {"id": "two", "name": "Studio X", "approximate": False}
    assert append_entry(text, "groups.yaml", "groups", entry) == text + (
        "  - id: two\n    name: Studio X\n    approximate: false\n")
    assert set_field(GROUPS, "groups.yaml", "groups", 2, "name", "Studio X", ()) == GROUPS.replace(
        "name: Three", "name: Studio X")


def test_a_value_with_a_colon_in_it_replaces_the_old_one_quoted() -> None:
    assert set_field(GROUPS, "groups.yaml", "groups", 0, "name", "x: y", ()) == GROUPS.replace(
        "name: One", 'name: "x: y"')


def test_a_field_goes_after_the_one_field_it_follows_before_the_fields_after_that() -> None:
    assert set_field(GROUPS, "groups.yaml", "groups", 0, "alert", "A", ("name",)) == GROUPS.replace(
        "    name: One\n", "    name: One\n    alert: A\n")


def test_a_field_of_several_lines_is_added_with_every_line_indented_and_empty_lines_left_empty() -> None:
    assert set_field(GROUPS, "groups.yaml", "groups", 2, "notes", Literal("a\n\nb"), ("name",)) == GROUPS + (
        "    notes: |-\n      a\n\n      b\n")


def test_a_field_is_added_on_a_line_of_its_own_when_the_file_does_not_end_with_a_line_end() -> None:
    assert set_field("groups:\n- id: one", "groups.yaml", "groups", 0, "alert", "A", ()) == (
        "groups:\n- id: one\n  alert: A\n")


def test_a_literal_block_is_not_replaced_either() -> None:
    text = "groups:\n  - id: one\n    notes: |-\n      a\n      b\n"
    with pytest.raises(EditRefused) as refused:
        set_field(text, "groups.yaml", "groups", 0, "notes", "short", ())
    assert str(refused.value) == "groups.yaml: `notes` of entry 1 is not written on one line; change it by hand"


def test_each_refusal_names_the_file() -> None:
    with pytest.raises(EditRefused) as refused:
        append_entry("groups: [\n", "groups.yaml", "groups", {"id": "two"})
    assert str(refused.value) == "groups.yaml cannot be read as YAML; run validate, fix it, then try again"
    with pytest.raises(EditRefused) as refused:
        set_field("- id: one\n", "groups.yaml", "groups", 0, "alert", "A", ())
    assert str(refused.value) == ("groups.yaml does not start with its list name; run validate, fix it, "
                                  "then try again")


def test_an_edit_that_would_change_a_kept_block_is_refused() -> None:
    """`|+` keeps the empty lines after its text as part of it: a new line put before them, where other
    blocks' empty lines end, would take them from the value; the check after the splice refuses it."""
    kept = "groups:\n  - id: one\n    notes: |+\n      a\n\n"
    for edit in (lambda: append_entry(kept, "groups.yaml", "groups", {"id": "two"}),
                 lambda: set_field(kept, "groups.yaml", "groups", 0, "alert", "A", ("notes",))):
        with pytest.raises(EditRefused) as refused:
            edit()
        assert str(refused.value) == CHECK_FAILED


def test_a_value_beginning_or_ending_with_a_no_break_space_keeps_it() -> None:
    """To YAML a no-break space (U+00A0) is a character like any other, so the emitter leaves such a
    value plain; only the `key: ` before it and the line end after it are taken off, not the spaces that
    Python also counts as white space."""
    assert set_field(GROUPS, "groups.yaml", "groups", 0, "name", "\u00a0One\u00a0", ()) == GROUPS.replace(
        "name: One\n", "name: \u00a0One\u00a0\n")
    text = "groups:\n  - id: one\n"
    assert append_entry(text, "groups.yaml", "groups", {"id": "two", "name": "Two\u00a0"}) == text + (
        "  - id: two\n    name: Two\u00a0\n")
