"""Problems as the terminal and GitHub show them (`problems.py`): every escape GitHub's workflow commands
need, in a file name, a field and a message, and the list that collects them, sorted and each once."""

from __future__ import annotations

from peerdir.problems import Problem, ProblemList, format_problems, one_line, position_in


def test_a_comma_in_a_file_or_field_name_does_not_end_the_property() -> None:
    """GitHub reads `file=a,b.yaml` as the file `a` and a property `b.yaml`: a comma there is %2C, a colon
    %3A; in the message after `::` both stay as they are, and a percent sign is %25 everywhere."""
    problem = Problem("my groups, 2026.yaml", 4, 7, "groups[0].name,title:x", "a, b: c is 50% done")
    assert problem.as_github() == (
        "::error file=my groups%2C 2026.yaml,line=4,col=7,title=groups[0].name%2Ctitle%3Ax::"
        "groups[0].name,title:x: a, b: c is 50%25 done")


def test_a_file_name_keeps_its_characters_escaped_for_github() -> None:
    assert Problem("100%\r\n:x.yaml", 1, 2, "f", "m").as_github() == \
        "::error file=100%25%0D%0A%3Ax.yaml,line=1,col=2,title=f::f: m"


def test_a_problem_without_a_field_is_titled_problem_and_said_without_one() -> None:
    problem = Problem("groups.yaml", 3, 1, "", "the file is empty")
    assert problem.as_github() == "::error file=groups.yaml,line=3,col=1,title=problem::the file is empty"
    assert problem.as_text() == "groups.yaml:3:1: the file is empty"


def test_problems_are_printed_one_a_line_in_either_format() -> None:
    problems = [Problem("a.yaml", 1, 2, "x", "one"), Problem("b.yaml", 3, 4, "y", "two")]
    assert format_problems(problems) == "a.yaml:1:2: x: one\nb.yaml:3:4: y: two"
    assert format_problems(problems, "text") == format_problems(problems)
    assert format_problems(problems, "github") == ("::error file=a.yaml,line=1,col=2,title=x::x: one\n"
                                                   "::error file=b.yaml,line=3,col=4,title=y::y: two")
    assert format_problems([]) == ""


def test_the_list_reports_every_problem_once_in_file_and_line_order() -> None:
    problems = ProblemList()
    assert not problems and len(problems) == 0
    problems.add("groups.yaml", 9, 1, "b", "later")
    problems.add("events.yaml", 2, 5, "a", "first file")
    problems.extend([Problem("groups.yaml", 3, 1, "c", "earlier"), Problem("groups.yaml", 9, 1, "b", "later")])
    assert problems and len(problems) == 4
    assert problems.sorted() == [Problem("events.yaml", 2, 5, "a", "first file"),
                                 Problem("groups.yaml", 3, 1, "c", "earlier"),
                                 Problem("groups.yaml", 9, 1, "b", "later")]


def test_a_position_is_a_line_and_a_column_from_one() -> None:
    text = "ab\ncde\n\nf"
    assert [position_in(text, offset) for offset in (0, 1, 2, 3, 5, 6, 7, 8)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 3), (2, 4), (3, 1), (4, 1)]
    assert position_in("\nab", 2) == (2, 2)  # a first line that is empty


def test_only_invisible_and_line_breaking_characters_are_escaped() -> None:
    assert one_line("Café, 50% — “quoted”") == "Café, 50% — “quoted”"
    assert one_line("tab\there\u200bzero width\u00a0no-break") == "tab\\there\\u200bzero width\u00a0no-break"
