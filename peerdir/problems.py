"""Problems are data: where an editor went wrong, what is wrong, and how to fix it.

Every check in the project reports a `Problem` instead of raising, so that one run
can list every mistake at once, sorted by file and line.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str

    def as_text(self) -> str:
        """`groups.yaml:12:5: groups[3].location.lat: 151.2 is not a latitude ...`, always one line."""
        where = f"{one_line(self.file)}:{self.line}:{self.column}"
        return f"{where}: {self._said()}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request.

        The file keeps its real name (GitHub matches it); the title and message are one line."""
        title = _escape_github_property(one_line(self.field or "problem"))
        message = _escape_github_data(self._said())
        return (
            f"::error file={_escape_github_property(self.file)},line={self.line},"
            f"col={self.column},title={title}::{message}"
        )

    def _said(self) -> str:
        return one_line(f"{self.field}: {self.message}" if self.field else self.message)


class ProblemList:
    """Collects problems from every phase of loading and validation."""

    def __init__(self) -> None:
        self._problems: list[Problem] = []

    def add(self, file: str, line: int, column: int, field: str, message: str) -> None:
        self._problems.append(Problem(file, line, column, field, message))

    def extend(self, problems: Iterable[Problem]) -> None:
        self._problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self._problems)

    def __len__(self) -> int:
        return len(self._problems)

    def sorted(self) -> list[Problem]:
        """Problems in file and line order, each reported once."""
        return sorted(set(self._problems))


def position_in(text: str, offset: int) -> tuple[int, int]:
    """The line and column (both from 1, columns in characters) of `text[offset]`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    lines = [p.as_github() if style == "github" else p.as_text() for p in problems]
    return "\n".join(lines)


# Characters that are invisible, or break a line, in a terminal or a pull request: controls (Cc: NUL,
# ESC, CR, LF, NEL ...), formats (Cf: zero-width and right-to-left marks), line and paragraph
# separators (Zl, Zp) and lone surrogates (Cs: a file name that is not UTF-8).
_INVISIBLE = {"Cc", "Cf", "Cs", "Zl", "Zp"}


def one_line(text: str) -> str:
    """`text` with every invisible or line-breaking character written as an escape (`\\n`,
    `\\x1b`, `\\u2028`), so that a value echoed in a message can neither span lines (nor forge
    a `file:line:col:` line of its own) nor hide what is in it."""
    if text.isprintable():  # the usual case: nothing to escape
        return text
    return "".join(
        char.encode("unicode_escape").decode("ascii") if unicodedata.category(char) in _INVISIBLE else char
        for char in text
    )


# GitHub's workflow-command escaping: data escapes %, CR and LF; properties also : and ,.
def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")
