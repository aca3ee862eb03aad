"""Problems are data: where an editor went wrong, what is wrong, and how to fix it.

Every check in the project reports a `Problem` instead of raising, so that one run
can list every mistake at once, sorted by file and line.
"""

from __future__ import annotations

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
        """`groups.yaml:12:5: groups[3].location.lat: 151.2 is not a latitude ...`"""
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def as_github(self) -> str:
        """A GitHub Actions workflow command that annotates the line in a pull request."""
        title = _escape_github_property(self.field or "problem")
        message = _escape_github_data(f"{self.field}: {self.message}" if self.field else self.message)
        return (
            f"::error file={_escape_github_property(self.file)},line={self.line},"
            f"col={self.column},title={title}::{message}"
        )


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


def format_problems(problems: Iterable[Problem], style: str = "text") -> str:
    lines = [p.as_github() if style == "github" else p.as_text() for p in problems]
    return "\n".join(lines)


# GitHub's workflow-command escaping: data escapes %, CR and LF; properties also : and ,.
def _escape_github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github_data(text).replace(":", "%3A").replace(",", "%2C")
