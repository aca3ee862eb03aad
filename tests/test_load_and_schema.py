"""YAML 1.1 traps, hostile YAML, and the JSON Schemas generated from the models."""

from __future__ import annotations

import json
import shutil
from datetime import time
from pathlib import Path

import jsonschema
import pytest

from peerdir.json_schemas import schema_documents
from peerdir.load import YList, YMap, YNode, YScalar, load_yaml, parse_yaml
from peerdir.problems import ProblemList
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO


def test_yaml_1_1_surprises_keep_their_meaning(tmp_path: Path) -> None:
    for name in ("support_types.yaml", "events.yaml"):
        shutil.copy(FIXTURES / "valid" / name, tmp_path / name)
    groups = (FIXTURES / "valid" / "groups.yaml").read_text()
    groups = groups.replace("cost: Free", "cost: NO").replace("referral: No referral needed", "referral: off")
    groups = groups.replace("languages: [English, Arabic]", "languages: [no, Cymraeg]")  # `no`: Norwegian
    (tmp_path / "groups.yaml").write_text(groups)
    result = load_directory(tmp_path)
    assert result.problems == []
    group = result.directory.groups[0]
    assert group.schedule[0].start == time(10, 30)  # not 630, as YAML 1.1 sexagesimal would say
    assert (group.cost, group.referral) == ("NO", "off")  # not False
    assert group.languages == ("no", "cy")
    assert group.last_verified.isoformat() == "2026-10-01"


def test_an_empty_value_or_null_means_the_field_is_not_given(tmp_path: Path) -> None:
    # libyaml reports a plain scalar's style as "", the pure-Python parser as None: both are plain.
    for name in ("support_types.yaml", "events.yaml"):
        shutil.copy(FIXTURES / "valid" / name, tmp_path / name)
    groups = (FIXTURES / "valid" / "groups.yaml").read_text()
    groups = groups.replace("cost: Free", "cost: ~").replace("languages: [English, Arabic]", "languages:")
    groups = groups.replace("referral: No referral needed", 'referral: "~"')  # quoted: the text itself
    (tmp_path / "groups.yaml").write_text(groups)
    result = load_directory(tmp_path)
    assert result.problems == []
    group = result.directory.groups[0]
    assert (group.cost, group.languages, group.referral) == (None, (), "~")


def test_an_alias_bomb_is_refused_without_being_expanded(tmp_path: Path) -> None:
    # Ten levels of ten aliases: expanded, a billion items. Refused at the first alias.
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    lines.append("groups: [*a9]")
    path = tmp_path / "groups.yaml"
    path.write_text("\n".join(lines) + "\n")
    problems = ProblemList()
    assert load_yaml(path, "groups.yaml", problems) is None
    [problem] = problems.sorted()
    assert problem.line == 2 and "aliases" in problem.message


def test_nel_line_and_paragraph_separators_and_a_lone_cr_are_characters_not_line_breaks(tmp_path: Path) -> None:
    # GitHub ends a line only at LF (CRLF is read as LF): these stay in the value they are in,
    # and every line after them keeps the number GitHub shows.
    path = tmp_path / "groups.yaml"
    path.write_bytes("a: one\u2028two\nb: |\n  three\x85four\rfive\n  six\u2029\r\nc: 'seven\reight'\nd: 9\n".encode())
    tree = load_yaml(path, "groups.yaml", ProblemList())
    assert isinstance(tree, YMap)
    values = {key: value for key, (_, value) in tree.entries.items()}
    assert {key: (value.text, value.line) for key, value in values.items() if isinstance(value, YScalar)} == {
        "a": ("one\u2028two", 1), "b": ("three\x85four\rfive\nsix\u2029\n", 2), "c": ("seven\reight", 5), "d": ("9", 6),
    }


def test_a_value_nested_thousands_deep_is_refused_where_it_gets_too_deep(tmp_path: Path) -> None:
    path = tmp_path / "groups.yaml"
    path.write_text("groups: " + "[" * 100_000 + "]" * 100_000 + "\n")
    problems = ProblemList()
    assert load_yaml(path, "groups.yaml", problems) is None
    assert [p.as_text() for p in problems.sorted()] == [
        "groups.yaml:1:58: groups[0][0][0]…: lists and entries are nested more than 50 deep here; "
        "the data files need no more than 5: check the brackets and the indentation"
    ]


@pytest.mark.parametrize(("text", "expected"), [
    # The open quote on line 1 runs on to the quote that opens line 4's value; the parser stops on line 4.
    ('a: "one\nb: two\nc: three\nd: "four"\n', 'x.yaml:1:4: this is not valid YAML: this quote is not closed: '
     'add the closing " at the end of the value (as it is, the value runs on to the next ", on line 4)'),
    # A quoted value written over two lines is fine: the mistake is the bracket left open below it
    # (reported where the file ends).
    ('a: "Note\n  Time: 10:30"\nb: 1\nc: [\n', 'x.yaml:5:1: this is not valid YAML (did not find expected node '
     'content); check the indentation and quotes on this line'),
])
def test_a_quote_left_open_is_reported_where_it_opens(text: str, expected: str) -> None:
    problems = ProblemList()
    assert parse_yaml(text, "x.yaml", problems) is None
    assert [p.as_text() for p in problems.sorted()] == [expected]


def test_a_large_file_is_read_in_linear_time(tmp_path: Path) -> None:
    # Not a timing assertion: 20,000 entries must simply load, each with its own line.
    path = tmp_path / "big.yaml"
    path.write_text("items:\n" + "".join(f"  - id: item-{i}\n    name: Item {i}\n" for i in range(20000)))
    tree = load_yaml(path, "big.yaml", ProblemList())
    assert isinstance(tree, YMap)
    items = tree.entries["items"][1]
    assert isinstance(items, YList) and len(items.items) == 20000
    assert items.items[-1].line == 2 + 2 * 19999


def test_committed_schemas_match_the_models() -> None:
    for name, text in schema_documents().items():
        assert (REPO / "schema" / name).read_text() == text, f"schema/{name} is stale: run `make schema`"


def test_data_files_point_editors_at_their_schema() -> None:
    for name in ("groups", "events", "support_types"):
        first = (REPO / f"{name}.yaml").read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema=./schema/{name}.schema.json"


def as_yaml_1_2(node: YNode) -> object:
    """Plain data as a YAML 1.2 editor (the YAML language server) reads the file."""
    if isinstance(node, YMap):
        return {k: as_yaml_1_2(v) for k, (_, v) in node.entries.items()}
    if isinstance(node, YList):
        return [as_yaml_1_2(v) for v in node.items]
    assert isinstance(node, YScalar)
    if node.text is None or node.quoted:
        return node.text
    if node.text in ("true", "false"):
        return node.text == "true"
    try:
        return json.loads(node.text) if node.text[:1] in "-0123456789" else node.text
    except ValueError:
        return node.text


@pytest.mark.parametrize("name", ["groups", "events", "support_types"])
def test_the_sample_validates_against_its_json_schema(name: str) -> None:
    schema = json.loads((REPO / "schema" / f"{name}.schema.json").read_text())
    tree = load_yaml(REPO / f"{name}.yaml", f"{name}.yaml", ProblemList())
    jsonschema.validate(as_yaml_1_2(tree), schema)


def test_the_json_schema_rejects_what_the_validator_rejects() -> None:
    schema = json.loads((REPO / "schema" / "groups.schema.json").read_text())
    tree = as_yaml_1_2(load_yaml(FIXTURES / "valid" / "groups.yaml", "groups.yaml", ProblemList()))
    tree["groups"][0]["location"]["lat"] = 151.2
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tree, schema)
    tree["groups"][0]["location"]["lat"] = 51.5
    tree["groups"][0]["summery"] = "typo"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(tree, schema)
