"""The usual YAML mistakes are explained in plain words (their exact messages are golden files of the
invalid fixtures, `syntax-*`), and where a message gives the line as it should be, that line works."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from peerdir.load import parse_yaml
from peerdir.problems import ProblemList, format_problems
from peerdir.validate import load_directory

from .conftest import FIXTURES, GOLDEN, TODAY

# "...: put the text in quotes: summary: "Meet up: every week"", "...: needs a space after it: cost: Free"
SUGGESTED_LINE = re.compile(r"(?:put the (?:whole )?text in quotes|needs a space after it): (?P<line>.+?)"
                            r"(?: \(or, if it is a comment, a space after the #\))?$")
SUGGESTING = sorted(case for case in (FIXTURES / "invalid" / "groups").glob("syntax-*.yaml")
                    if SUGGESTED_LINE.search((GOLDEN / "messages" / "groups" / f"{case.stem}.txt").read_text()))


def test_most_of_the_mistakes_come_with_the_line_as_it_should_be() -> None:
    assert len(SUGGESTING) >= 8


@pytest.mark.parametrize("case", SUGGESTING, ids=lambda path: path.stem)
def test_the_line_a_message_suggests_makes_the_file_valid(case: Path, tmp_path: Path) -> None:
    message = (GOLDEN / "messages" / "groups" / f"{case.stem}.txt").read_text(encoding="utf-8").strip()
    line_number = int(message.split(":")[1])
    suggested = SUGGESTED_LINE.search(message)["line"]
    lines = case.read_text(encoding="utf-8").split("\n")
    wrong = lines[line_number - 1]
    indent = re.match(r"[ ]*", wrong)[0]
    # a suggested `- day: monday` replaces the `-` and what follows it; `summary: "..."` the field's line
    lines[line_number - 1] = indent + suggested
    for name in ("events.yaml", "support_types.yaml"):
        shutil.copy(FIXTURES / "valid" / name, tmp_path / name)
    (tmp_path / "groups.yaml").write_text("\n".join(lines), encoding="utf-8")
    result = load_directory(tmp_path, today=date.fromisoformat(TODAY))
    assert result.problems == [], format_problems(result.problems)


def test_a_hash_in_a_value_in_a_comment_or_starting_a_comment_with_a_space_is_left_alone() -> None:
    text = ('# a comment on its own line, #with a word\n'
            'a: Free  # a comment after a value\n'
            'b: "Tea #1 in quotes"\n'
            "c: 'Tea #2 in quotes' # and a comment #too\n"
            'd: |\n  Markdown #hashtag and\n  ## a heading\n'
            'e: https://example.org/page#part\n'
            'f:\n  - Issue#3\n')
    problems = ProblemList()
    assert parse_yaml(text, "x.yaml", problems) is not None
    assert problems.sorted() == []


def test_every_hash_glued_to_text_after_a_value_is_reported_where_it_is() -> None:
    problems = ProblemList()
    assert parse_yaml("a: Free #1\nitems:\n  - one #two\n  - id: x\n    cost: #free\n", "x.yaml", problems) is not None
    assert [(p.line, p.column, p.field) for p in problems.sorted()] == [(1, 9, "a"), (3, 9, "items[0]"),
                                                                       (5, 11, "items[1].cost")]
