"""The weekly check-in (`build.py freshness`): which groups to ask whether their details are still right,
and which open check-in issues are done. Decided offline, from the directory, the day, the open
check-in issues (as `gh issue list --label check-in --state open --json number,title,body,labels`
prints them) and mkdocs.yml's settings; the workflow (.github/workflows/check-in.yml) does the asking.

* A group is due when it is not closed and its `last_verified` is `check_in_after_months` whole months
  old or more, a month before the site calls it out of date.
* A group is asked once while its issue is open: each issue carries the group's id (check_in_issue.py).
* At most `check_ins_per_run` new issues a run, the longest unchecked first (ties in file order), so a
  directory that has fallen behind is caught up over a few weeks instead of in one flood.
* An open issue whose group is no longer due (checked since), closed, or gone from groups.yaml is
  closed, as is a second issue for the same group.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .check_in_issue import CHECK_IN_LABEL, check_in_body, check_in_title, marked_group
from .models import Group
from .problems import Problem
from .project_settings import Freshness, ProjectSettings
from .report import months_between
from .validate import Directory

GH_LIST = "gh issue list --label check-in --state open --json number,title,body,labels"


@dataclass(frozen=True)
class OpenCheckIn:
    """An open check-in issue, and the group it asks about."""

    number: int
    group_id: str


@dataclass(frozen=True)
class Closing:
    """An open check-in issue that is done, and the comment that says why."""

    number: int
    group_id: str
    comment: str


@dataclass(frozen=True)
class Plan:
    """What the run should do: the groups to ask, and the issues to close."""

    to_ask: list[Group]
    to_close: list[Closing]


def is_due(group: Group, today: date, freshness: Freshness) -> bool:
    return group.status != "closed" and months_between(group.last_verified, today) >= freshness.check_in_after_months


def plan_check_ins(groups: Sequence[Group], open_check_ins: Sequence[OpenCheckIn], today: date,
                   freshness: Freshness) -> Plan:
    by_id = {group.id: group for group in groups}
    asked: dict[str, int] = {}  # group id -> the open issue that asks it (the oldest, if several do)
    to_close = []
    for issue in sorted(open_check_ins, key=lambda issue: issue.number):
        group = by_id.get(issue.group_id)
        why = _done(group, issue, asked, today, freshness)
        if why:
            to_close.append(Closing(issue.number, issue.group_id, why))
        else:
            asked[issue.group_id] = issue.number
    due = [group for group in groups if is_due(group, today, freshness) and group.id not in asked]
    oldest_first = sorted(due, key=lambda group: group.last_verified)  # sorted() keeps file order in a tie
    return Plan(oldest_first[:freshness.check_ins_per_run], to_close)


def _done(group: Group | None, issue: OpenCheckIn, asked: Mapping[str, int], today: date,
          freshness: Freshness) -> str:
    """Why the issue can be closed, for its comment ("" while it is still needed). The comment names
    the group by its id only, which is a checked slug: a name could carry Markdown into it."""
    if group is None:
        return f"`{issue.group_id}` is no longer in groups.yaml, so it needs no check-in."
    if group.status == "closed":
        return f"`{group.id}` is marked closed in groups.yaml (`status: closed`), so it needs no check-in."
    if not is_due(group, today, freshness):
        return (f"The details of `{group.id}` were checked on {group.last_verified.isoformat()} "
                "(`last_verified` in groups.yaml): this check-in is done. Thank you.")
    if group.id in asked:
        return f"#{asked[group.id]} already asks `{group.id}` whether its details are still right."
    return ""


def actions(plan: Plan, directory: Directory, settings: ProjectSettings, today: date) -> dict[str, list[dict[str, Any]]]:
    """The plan as the workflow reads it: each issue to open with its title and body, each to close."""
    areas = {area.id: area.name for area in directory.vocabularies.areas}
    return {
        "open": [{"group": group.id, "title": check_in_title(group),
                  "body": check_in_body(group, areas.get(group.area, group.area), settings, today)}
                 for group in plan.to_ask],
        "close": [{"number": closing.number, "group": closing.group_id, "comment": closing.comment}
                  for closing in plan.to_close],
    }


# --------------------------------------------------------------------------- the open issues


def read_open_check_ins(text: str, file_name: str) -> tuple[list[OpenCheckIn], list[Problem]]:
    """The open check-in issues in `gh issue list`'s JSON, each with its group; issues without the
    check-in label, or with no group id to be found, are not ours and are left alone. Anything
    unexpected is a problem: a run that misread the open issues would ask the same groups again."""
    try:
        issues = json.loads(text)
    except json.JSONDecodeError as error:
        return [], [Problem(file_name, error.lineno, error.colno, "",
                            f"is not valid JSON ({error.msg}): it should be what `{GH_LIST}` prints")]
    if not isinstance(issues, list):
        return [], [Problem(file_name, 1, 1, "", f"is not a JSON list of issues, as `{GH_LIST}` prints")]
    found, problems = [], []
    for index, issue in enumerate(issues):
        wrong = _unexpected(issue)
        if wrong:
            problems.append(Problem(file_name, 1, 1, f"[{index}]", f"{wrong}; the file should be what `{GH_LIST}` prints"))
            continue
        if CHECK_IN_LABEL not in {label["name"] for label in issue["labels"]}:
            continue
        group_id = marked_group(issue["title"], issue["body"] or "")
        if group_id:
            found.append(OpenCheckIn(issue["number"], group_id))
    return found, problems


def _unexpected(issue: Any) -> str:
    """What is wrong with one item of the list, in words ("" for nothing)."""
    if not isinstance(issue, dict):
        return "is not an issue (a JSON object)"
    if isinstance(issue.get("number"), bool) or not isinstance(issue.get("number"), int):
        return "has no issue `number`"
    for name in ("title", "body"):
        # A null body is taken as an empty one; no `body` at all is a file written without the bodies.
        if not isinstance(issue.get(name), str) and not (name == "body" and name in issue and issue[name] is None):
            return f"has no `{name}` text"
    labels = issue.get("labels")
    if not isinstance(labels, list) or not all(isinstance(label, dict) and isinstance(label.get("name"), str)
                                               for label in labels):
        return "has no list of `labels` with their names"
    return ""
