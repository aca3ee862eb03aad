"""The data's problems as a failed build of the engine reports them."""

from __future__ import annotations

from mkdocs.exceptions import PluginError

from ..problems import Problem, format_problems


class DataProblems(PluginError):
    """The data's problems, which stop a build: kept as data for the preview's page of problems."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        counted = "1 problem" if len(problems) == 1 else f"{len(problems)} problems"
        super().__init__(f"{counted} in the data files:\n" + format_problems(problems))


def problems_behind(error: BaseException) -> DataProblems | None:
    """The data's problems behind a failed build: MkDocs logs them and raises its own summary
    ("Aborted with a BuildError!") from inside its `except`, so they are that error's context."""
    seen: BaseException | None = error
    while seen is not None and not isinstance(seen, DataProblems):
        seen = seen.__cause__ or seen.__context__
    return seen
