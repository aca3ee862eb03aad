"""`build.py freshness`: which groups the weekly check-in asks, which check-in issues it closes, and
the issue's words, with untrusted text kept as text. "Today" is pinned in every test."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from peerdir.check_in_issue import check_in_body, check_in_title, marked_group, marker
from peerdir.freshness import OpenCheckIn, Plan, actions, plan_check_ins, read_open_check_ins
from peerdir.github_text import inert_markdown
from peerdir.issue_forms import NOTHING_CHANGED
from peerdir.models import Group
from peerdir.problems import Problem
from peerdir.project_settings import Freshness, ProjectSettings, read_project_settings
from peerdir.render.parts.contact import mailto_uri
from peerdir.validate import load_directory

from .conftest import FIXTURES, check_golden, copy_project, run_cli

TODAY = date(2026, 11, 23)
FRESHNESS = Freshness()  # check_in_after_months 11, check_ins_per_run 10
SETTINGS = ProjectSettings(site_url="https://example.github.io/peer-support/",
                           repo_url="https://github.com/example/peer-support", site_name="Parent and carer peer support",
                           corrections_email="corrections@example.org")


def groups_project(tmp_path: Path, groups: list[tuple[str, str, str]]) -> Path:
    """A project whose groups.yaml has one small online group per (id, last_verified, status), in order."""
    project = copy_project(tmp_path, FIXTURES / "valid")
    entries = "".join(
        f"  - id: {group_id}\n    name: Group {group_id}\n    summary: A group.\n    support_types: [peer-led]\n"
        f"    formats: [online]\n    area: national\n    contact:\n      website: https://example.org/{group_id}\n"
        f"    last_verified: {verified}\n    status: {status}\n"
        for group_id, verified, status in groups)
    (project / "groups.yaml").write_text("groups:\n" + entries)
    (project / "events.yaml").write_text("events: []\n")
    return project


def loaded_groups(project: Path) -> tuple[Group, ...]:
    result = load_directory(project, TODAY)
    assert result.problems == [] and result.directory
    return result.directory.groups


def plan(tmp_path: Path, groups: list[tuple[str, str, str]], open_check_ins: list[OpenCheckIn] = (),
         freshness: Freshness = FRESHNESS) -> Plan:
    return plan_check_ins(loaded_groups(groups_project(tmp_path, groups)), list(open_check_ins), TODAY, freshness)


def asked(result: Plan) -> list[str]:
    return [group.id for group in result.to_ask]


def closed(result: Plan) -> list[tuple[int, str]]:
    return [(closing.number, closing.group_id) for closing in result.to_close]


# --------------------------------------------------------------------------- the decisions


def test_a_group_is_asked_from_eleven_whole_months_after_its_last_check(tmp_path: Path) -> None:
    result = plan(tmp_path, [
        ("stale", "2025-06-01", "active"),
        ("exactly-eleven-months", "2025-12-23", "active"),  # 23 December to 23 November: 11 months
        ("a-day-short", "2025-12-24", "active"),  # 10 months and 30 days
        ("fresh", "2026-10-01", "active"),
        ("paused", "2025-06-01", "temporarily-closed"),  # not closed: still listed, still asked
    ])
    assert asked(result) == ["stale", "paused", "exactly-eleven-months"]
    assert closed(result) == []


def test_a_closed_group_is_never_asked(tmp_path: Path) -> None:
    assert asked(plan(tmp_path, [("gone", "2024-01-01", "closed")])) == []


def test_a_group_already_asked_is_not_asked_again_and_its_issue_stays_open(tmp_path: Path) -> None:
    result = plan(tmp_path, [("stale", "2025-06-01", "active")], [OpenCheckIn(7, "stale")])
    assert (asked(result), closed(result)) == ([], [])


def test_an_issue_is_closed_when_its_group_was_checked_since(tmp_path: Path) -> None:
    result = plan(tmp_path, [("checked", "2026-11-20", "active")], [OpenCheckIn(7, "checked")])
    assert asked(result) == []
    [closing] = result.to_close
    assert (closing.number, closing.group_id) == (7, "checked")
    assert closing.comment == ("The details of `checked` were checked on 2026-11-20 (`last_verified` in "
                               "groups.yaml): this check-in is done. Thank you.")


def test_an_issue_is_closed_when_its_group_has_closed(tmp_path: Path) -> None:
    result = plan(tmp_path, [("shut", "2025-01-01", "closed")], [OpenCheckIn(8, "shut")])
    assert closed(result) == [(8, "shut")]
    assert result.to_close[0].comment == ("`shut` is marked closed in groups.yaml (`status: closed`), so it needs "
                                          "no check-in.")


def test_an_issue_is_closed_when_its_group_was_taken_out(tmp_path: Path) -> None:
    result = plan(tmp_path, [("kept", "2026-10-01", "active")], [OpenCheckIn(9, "removed")])
    assert closed(result) == [(9, "removed")]
    assert result.to_close[0].comment == "`removed` is no longer in groups.yaml, so it needs no check-in."


def test_a_second_issue_for_the_same_group_is_closed(tmp_path: Path) -> None:
    result = plan(tmp_path, [("stale", "2025-06-01", "active")], [OpenCheckIn(12, "stale"), OpenCheckIn(5, "stale")])
    assert (asked(result), closed(result)) == ([], [(12, "stale")])
    assert result.to_close[0].comment == "#5 already asks `stale` whether its details are still right."


def test_at_most_ten_a_run_the_longest_unchecked_first_ties_in_file_order(tmp_path: Path) -> None:
    groups = [(f"group-{n:02}", f"2025-{1 + n % 6:02}-01", "active") for n in range(14)]
    groups.insert(3, ("already-asked", "2024-01-01", "active"))
    result = plan(tmp_path, groups, [OpenCheckIn(3, "already-asked")])
    # Months 1..6 over n = 0..13: n % 6 == 0 is January (group-00, 06, 12), 1 February, and so on.
    assert asked(result) == ["group-00", "group-06", "group-12", "group-01", "group-07", "group-13",
                             "group-02", "group-08", "group-03", "group-09"]
    (tmp_path / "two").mkdir()
    assert asked(plan(tmp_path / "two", groups, freshness=replace(FRESHNESS, check_ins_per_run=2))) == [
        "already-asked", "group-00"]


# --------------------------------------------------------------------------- reading the open issues


def issue(number: int, title: str, body: str | None, labels: tuple[str, ...] = ("check-in",)) -> dict:
    """An issue as `gh issue list --json number,title,body,labels` prints it."""
    return {"number": number, "title": title, "body": body,
            "labels": [{"id": f"LA_{name}", "name": name, "description": "", "color": "ededed"} for name in labels]}


def test_the_marker_is_read_back_from_an_issue_the_command_wrote(tmp_path: Path) -> None:
    [group] = loaded_groups(groups_project(tmp_path, [("riverside", "2025-06-01", "active")]))
    body = check_in_body(group, "National", SETTINGS, TODAY)
    assert body.startswith(marker("riverside") + "\n") and body.endswith(marker("riverside") + "\n")
    assert marked_group(check_in_title(group), body) == "riverside"


def test_the_marker_survives_a_person_editing_the_issue() -> None:
    body = f"{marker('riverside')}\nThe details of this group ...\n\n### The details we show\n\n{marker('riverside')}\n"
    without_first_paragraph = body.split("\n", 2)[2]
    rewritten = "I rang them on Tuesday: no answer yet.\n\n" + body.replace("The details", "Details")
    for edited in (without_first_paragraph, rewritten, body.replace("\n", "\r\n")):
        assert marked_group("Anything at all", edited) == "riverside"


def test_without_a_marker_the_id_at_the_end_of_the_title_is_used() -> None:
    assert marked_group("Check in with Riverside (riverside)", "Someone rewrote all of it.") == "riverside"
    # Markers that disagree are no evidence either way.
    both = f"{marker('one')}\ntext\n{marker('two')}\n"
    assert marked_group("Check in with Riverside (riverside)", both) == "riverside"
    assert marked_group("A question about groups", both) is None


def test_a_marker_inside_a_line_of_text_is_not_a_marker() -> None:
    """A group's own words in the issue follow a label on their line, so a name cannot forge a marker."""
    assert marked_group("No id here", f"Name: {marker('other-group')}\n") is None


def test_issues_without_the_label_or_without_a_group_are_left_alone() -> None:
    issues = [
        issue(1, "Check in with A (group-a)", marker("group-a")),
        issue(2, "Check in with B (group-b)", marker("group-b"), labels=("question",)),
        issue(3, "Can someone check the Riverside group?", "No marker here.", labels=("check-in", "help")),
        issue(4, "Check in with D", "", labels=("check-in",)),
    ]
    found, problems = read_open_check_ins(json.dumps(issues), "open.json")
    assert (found, problems) == ([OpenCheckIn(1, "group-a")], [])


SHOULD_BE = "the file should be what `gh issue list --label check-in --state open --json number,title,body,labels` prints"


def test_a_check_in_issue_is_found_by_its_marker_or_its_title_and_a_null_body_is_an_empty_one() -> None:
    """A null body is taken as an empty one. Every issue is read, whatever comes before it."""
    issues = [
        issue(1, "Not ours", "", labels=("question",)),
        issue(2, "Check in with someone", marker("by-marker")),
        issue(3, "Check in with Someone (by-title)", None),
        issue(4, "Check in with Someone (by-title-too)", marker("by-marker-first")),
    ]
    assert read_open_check_ins(json.dumps(issues), "open.json") == (
        [OpenCheckIn(2, "by-marker"), OpenCheckIn(3, "by-title"), OpenCheckIn(4, "by-marker-first")], [])


@pytest.mark.parametrize(("text", "line", "column", "message"), [
    ("[{", 1, 3, "is not valid JSON (Expecting property name enclosed in double quotes): it should be what "
                 "`gh issue list --label check-in --state open --json number,title,body,labels` prints"),
    ('[\n  {"number": 1}\n  {}]', 3, 3, "is not valid JSON (Expecting ',' delimiter): it should be what "
                                       "`gh issue list --label check-in --state open --json number,title,body,labels` prints"),
    ('{"number": 1}', 1, 1, "is not a JSON list of issues, as `gh issue list --label check-in --state open "
                            "--json number,title,body,labels` prints"),
])
def test_a_file_that_is_not_gh_issue_lists_json_is_a_problem(text: str, line: int, column: int, message: str) -> None:
    found, problems = read_open_check_ins(text, "open.json")
    assert (found, problems) == ([], [Problem("open.json", line, column, "", message)])
    assert problems[0].as_text() == f"open.json:{line}:{column}: {message}"


def good(**changes: object) -> dict:
    return {**issue(1, "Check in with A (group-a)", marker("group-a")), **changes}


@pytest.mark.parametrize(("item", "wrong"), [
    ([1], "is not an issue (a JSON object)"),
    ("check-in", "is not an issue (a JSON object)"),
    (good(number="1"), "has no issue `number`"),
    (good(number=True), "has no issue `number`"),
    (good(number=None), "has no issue `number`"),
    ({key: value for key, value in good().items() if key != "number"}, "has no issue `number`"),
    (good(title=None), "has no `title` text"),
    (good(title=["Check in"]), "has no `title` text"),
    (good(body=5), "has no `body` text"),
    # Not the same as `"body": null`: the command that wrote the file did not ask for the bodies, so the
    # markers in them cannot be read (this was a KeyError).
    ({key: value for key, value in good().items() if key != "body"}, "has no `body` text"),
    ({key: value for key, value in good().items() if key != "labels"}, "has no list of `labels` with their names"),
    (good(labels="check-in"), "has no list of `labels` with their names"),
    (good(labels=["check-in"]), "has no list of `labels` with their names"),
    (good(labels=[{"id": "LA_1", "description": ""}]), "has no list of `labels` with their names"),
    (good(labels=[{"name": "check-in"}, {"name": None}]), "has no list of `labels` with their names"),
])
def test_an_item_that_is_not_an_issue_is_a_problem_that_names_it(item: object, wrong: str) -> None:
    found, problems = read_open_check_ins(json.dumps([item]), "open.json")
    assert (found, problems) == ([], [Problem("open.json", 1, 1, "[0]", f"{wrong}; {SHOULD_BE}")])


def test_each_wrong_item_is_a_problem_of_its_own_and_the_others_are_still_read() -> None:
    issues = [good(number=2, labels=None), good(number=3), ["not an issue"], good(number=5, title="Check in (group-b)",
                                                                                body=None)]
    found, problems = read_open_check_ins(json.dumps(issues), "open.json")
    assert found == [OpenCheckIn(3, "group-a"), OpenCheckIn(5, "group-b")]
    assert [problem.as_text() for problem in problems] == [
        f"open.json:1:1: [0]: has no list of `labels` with their names; {SHOULD_BE}",
        f"open.json:1:1: [2]: is not an issue (a JSON object); {SHOULD_BE}",
    ]


# --------------------------------------------------------------------------- the command


def open_issues_file(folder: Path, issues: list[dict]) -> Path:
    path = folder / "open.json"
    path.write_text(json.dumps(issues), encoding="utf-8")
    return path


def test_the_command_prints_what_to_open_and_close(small_project: Path) -> None:
    """On the small fixture, on 1 September 2027: riverside-parents (checked 2026-10-01), dads-online
    (2026-09-15) and old-friends (2025-01-10, paused) are due; dads-online is asked already; an issue
    for a group no longer listed is closed; an issue of another kind is left alone."""
    issues = open_issues_file(small_project, [
        issue(21, "Check in with Dads Online (dads-online)", "Edited by hand.\n" + marker("dads-online")),
        issue(22, "Check in with Old Group (old-group)", marker("old-group") + "\nText"),
        issue(23, "Broken links in the directory", "...", labels=("broken-links",)),
    ])
    result = run_cli("--root", str(small_project), "freshness", "--today", "2027-09-01", "--open-issues", str(issues),
                     "--site-url", "https://parents.example.org/directory")
    assert (result.code, result.stderr) == (0, "")
    printed = json.loads(result.stdout)
    assert [(item["group"], item["title"]) for item in printed["open"]] == [
        ("old-friends", "Check in with The Old Friends Circle (old-friends)"),
        ("riverside-parents", "Check in with Riverside Parents Group (riverside-parents)"),
    ]
    assert printed["close"] == [{"number": 22, "group": "old-group",
                                 "comment": "`old-group` is no longer in groups.yaml, so it needs no check-in."}]
    assert "https://parents.example.org/directory/groups/riverside-parents/" in printed["open"][1]["body"]
    check_golden("freshness/small.json", result.stdout)


def test_the_actions_are_each_issue_to_open_with_its_words_and_each_to_close(small_project: Path) -> None:
    """What the command prints, in this process: the same day, issues and address as the test above."""
    today = date(2027, 9, 1)
    directory = load_directory(small_project, today).directory
    settings, problems = read_project_settings(small_project)
    assert directory and problems == []
    settings = replace(settings, site_url="https://parents.example.org/directory")
    open_check_ins, problems = read_open_check_ins(json.dumps([
        issue(21, "Check in with Dads Online (dads-online)", "Edited by hand.\n" + marker("dads-online")),
        issue(22, "Check in with Old Group (old-group)", marker("old-group") + "\nText"),
        issue(23, "Broken links in the directory", "...", labels=("broken-links",)),
    ]), "open.json")
    assert problems == []
    riverside, _, old_friends = directory.groups
    done = actions(plan_check_ins(directory.groups, open_check_ins, today, settings.freshness), directory, settings,
                   today)
    assert done == {
        "open": [
            {"group": "old-friends", "title": "Check in with The Old Friends Circle (old-friends)",
             "body": check_in_body(old_friends, "Kensington and Chelsea", settings, today)},
            {"group": "riverside-parents", "title": "Check in with Riverside Parents Group (riverside-parents)",
             "body": check_in_body(riverside, "Kensington and Chelsea", settings, today)},
        ],
        "close": [{"number": 22, "group": "old-group",
                   "comment": "`old-group` is no longer in groups.yaml, so it needs no check-in."}],
    }
    check_golden("freshness/small.json", json.dumps(done, indent=2) + "\n")


def test_an_area_the_directory_does_not_list_is_named_by_its_id(small_project: Path) -> None:
    """Loading refuses such a group, so only a plan made from other groups than the directory's can have
    one; its issue is still written, with the id where the area's name would be."""
    directory = load_directory(small_project, TODAY).directory
    assert directory
    elsewhere = replace(directory.groups[1], area="somewhere-else")
    done = actions(Plan([elsewhere], []), directory, SETTINGS, TODAY)
    assert done == {"open": [{"group": "dads-online", "title": "Check in with Dads Online (dads-online)",
                              "body": check_in_body(elsewhere, "somewhere-else", SETTINGS, TODAY)}], "close": []}
    assert "\nArea: somewhere-else\n" in done["open"][0]["body"]


def test_with_nothing_to_do_the_command_prints_two_empty_lists(small_project: Path) -> None:
    """On 23 November 2026 only old-friends is due, and it has been asked already."""
    issues = open_issues_file(small_project, [issue(4, "Check in with The Old Friends Circle (old-friends)",
                                                    marker("old-friends"))])
    result = run_cli("--root", str(small_project), "freshness", "--today", "2026-11-23", "--open-issues", str(issues))
    assert (result.code, result.stdout, result.stderr) == (0, '{\n  "open": [],\n  "close": []\n}\n', "")


def test_bad_input_is_one_line_each_and_exit_1(small_project: Path) -> None:
    (small_project / "groups.yaml").write_text((small_project / "groups.yaml").read_text().replace(
        "last_verified: 2026-10-01", "last_verified: 2026-13-01"))
    issues = small_project / "open.json"
    issues.write_text("not json", encoding="utf-8")
    result = run_cli("--root", str(small_project), "freshness", "--today", "2026-11-23", "--open-issues", str(issues))
    assert (result.code, result.stdout) == (1, "")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("groups.yaml:44:20: groups[0].last_verified: ")
    assert lines[1] == (f"{issues}:1:1: is not valid JSON (Expecting value): it should be what `gh issue list "
                        "--label check-in --state open --json number,title,body,labels` prints")
    assert lines[2:] == ["2 problems found; no check-in was decided"]


def test_a_missing_file_is_one_line_and_exit_1(small_project: Path) -> None:
    missing = small_project / "nowhere.json"
    result = run_cli("--root", str(small_project), "freshness", "--today", "2026-11-23", "--open-issues", str(missing))
    assert (result.code, result.stdout) == (1, "")
    assert result.stderr.splitlines()[0].startswith(f"{missing}:1:1: cannot be read ([Errno 2] No such file")
    assert "Traceback" not in result.stderr


# --------------------------------------------------------------------------- the issue's words


def fenced_blocks(markdown: str) -> tuple[list[str], str]:
    """The fenced code blocks of a Markdown text (CommonMark: a block ends only at a line of at least as
    many backticks as opened it), and the text outside them."""
    blocks, outside, lines = [], [], iter(markdown.split("\n"))
    for line in lines:
        opening = re.fullmatch(r"(`{3,})[^`]*", line)
        if not opening:
            outside.append(line)
            continue
        inside = []
        for inner in lines:
            if re.fullmatch(rf"`{{{len(opening[1])},}}\s*", inner):
                break
            inside.append(inner)
        blocks.append("\n".join(inside))
    return blocks, "\n".join(outside)


def links(markdown: str) -> list[tuple[str, str]]:
    return re.findall(r"\[([^\]]*)\]\(([^)\s]*)\)", markdown)


def hostile_groups(tmp_path: Path) -> tuple[Group, ...]:
    project = copy_project(tmp_path, FIXTURES / "hostile")
    result = load_directory(project, TODAY)
    assert result.directory is not None, result.problems
    return result.directory.groups


def test_the_body_shows_the_details_as_the_page_does_and_links_the_page(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)
    body = check_in_body(riverside, "Kensington and Chelsea", SETTINGS, TODAY)
    [details], _ = fenced_blocks(body)
    assert details == "\n".join([
        "Name: Riverside Parents Group",
        "Run by: Riverside Family Trust",
        "About: A weekly peer-led group for parents and carers of children with mental health difficulties.",
        "Notice: No meeting on 24 December",
        "Phone: 020 7946 0000 (Weekdays 9:00 to 17:00)",
        "E-mail: hello@riverside.example.org",
        "Website: https://riverside.example.org/parents",
        "Social media: https://social.example.org/@riverside",
        "When: Every Wednesday, 10:30 to 12:00",
        "When: First Monday of the month, 19:00 to 20:30 (Dads' evening)",
        "When: No meetings in school holidays",
        "Times: UK time",
        "How it meets: In person, By phone",
        "Where: Riverside Community Centre, 1 Example Street, London, SW10 9NH",
        "Area: Kensington and Chelsea",
        "Details last checked: 1 October 2026",
    ])
    assert "The group's page: https://example.github.io/peer-support/groups/riverside-parents/\n" in body


def test_the_editor_asks_in_one_click_and_the_group_can_answer_two_ways(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)
    body = check_in_body(riverside, "Kensington and Chelsea", SETTINGS, TODAY)
    [details], _ = fenced_blocks(body)
    (_, ask), (_, form), (_, charity) = links(body)
    # The editor's e-mail to the group: subject, details, the page and the form (short: only the id).
    to, query = ask.removeprefix("mailto:").split("?")
    fields = parse_qs(query)
    assert to == "hello@riverside.example.org"
    assert fields["subject"] == ["Are these details of Riverside Parents Group still right?"]
    [letter] = fields["body"]
    assert details.replace("\n", "\r\n") in letter
    assert "https://example.github.io/peer-support/groups/riverside-parents/" in letter
    assert ("https://github.com/example/peer-support/issues/new?template=confirm-details.yml&title=Details%20of%20"
            "Riverside%20Parents%20Group%20%28riverside-parents%29&group_id=riverside-parents") in letter
    assert NOTHING_CHANGED in letter
    # The form on GitHub, with the id and the details filled in.
    parts = urlsplit(form)
    assert parts.geturl().startswith("https://github.com/example/peer-support/issues/new?")
    assert parse_qs(parts.query) == {"template": ["confirm-details.yml"], "group_id": ["riverside-parents"],
                                     "title": ["Details of Riverside Parents Group (riverside-parents)"],
                                     "current": [details]}
    # The e-mail to the charity: its subject names the group and its id; its body the details and the page.
    to, query = charity.removeprefix("mailto:").split("?")
    assert to == "corrections@example.org"
    fields = parse_qs(query)
    assert fields["subject"] == ["Details of Riverside Parents Group (riverside-parents)"]
    assert details.replace("\n", "\r\n") in fields["body"][0]
    assert "on https://example.github.io/peer-support/groups/riverside-parents/:" in fields["body"][0]


def test_a_group_without_e_mail_is_asked_another_way(small_project: Path) -> None:
    [_, dads, _] = loaded_groups(small_project)
    body = check_in_body(dads, "National (UK-wide)", SETTINGS, TODAY)
    assert ("The group has no e-mail address: ask it through its website (under \"The details we show\" above)"
            in body)
    address = inert_markdown("corrections@example.org")  # an @ that GitHub does not take for a mention
    assert [text for text, _ in links(body)] == ["Confirm the group's details", "write to " + address]


def test_without_a_repository_or_an_address_the_body_says_what_is_missing(small_project: Path) -> None:
    [_, dads, _] = loaded_groups(small_project)
    body = check_in_body(dads, "National (UK-wide)", ProjectSettings(), TODAY)
    assert links(body) == [] and "The group's page" not in body
    assert "set `repo_url` and `corrections_email` in mkdocs.yml" in body


def test_the_body_says_the_page_calls_the_details_out_of_date_from_twelve_whole_months(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)  # last checked on 1 October 2026
    for today, said in [
        (date(2027, 9, 30), "11 months ago. Please ask the group whether they are still right, before its page says "
                            "that they may be out of date."),
        (date(2027, 10, 1), "12 months ago. Please ask the group whether they are still right: its page already says "
                            "that they may be out of date."),
    ]:
        body = check_in_body(riverside, "Kensington and Chelsea", SETTINGS, today)
        assert body.split("\n")[1] == f"The details of this group were last checked on 1 October 2026, {said}"


def test_a_group_without_e_mail_is_asked_each_way_it_can_be_reached(small_project: Path) -> None:
    [_, dads, _] = loaded_groups(small_project)
    dads = replace(dads, contact=replace(dads.contact, phone="020 7946 0001"))
    body = check_in_body(dads, "National (UK-wide)", SETTINGS, TODAY)
    assert ("\n### Ask the group\n\nThe group has no e-mail address: ask it by phone or through its website (under "
            "\"The details we show\" above), and send the organiser the form below if they would like to answer in "
            "writing.\n\n### How the group can answer\n") in body


def test_with_only_a_repository_or_only_an_address_the_group_is_offered_that_one(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)
    for settings, offered in [(ProjectSettings(repo_url="https://github.com/example/peer-support"), "On GitHub:"),
                              (ProjectSettings(corrections_email="corrections@example.org"), "By e-mail")]:
        body = check_in_body(riverside, "Kensington and Chelsea", settings, TODAY)
        answers = body.split("### How the group can answer\n\n")[1].split("\n\n")[0]
        assert answers.startswith(f"- **{offered}") and "\n" not in answers and "mkdocs.yml" not in body


def test_without_settings_the_letters_leave_out_what_is_missing(small_project: Path) -> None:
    """No site address, no site name, no repository, no corrections address."""
    [riverside, *_] = loaded_groups(small_project)
    body = check_in_body(riverside, "Kensington and Chelsea", ProjectSettings(), TODAY)
    [details], _ = fenced_blocks(body)
    [(_, ask)] = links(body)
    [letter] = parse_qs(ask.split("?")[1])["body"]
    assert letter == "\r\n".join([
        "Hello,", "",
        "Riverside Parents Group is listed on our directory of peer support for parents and carers.", "",
        "Could you tell us whether these details are still right?", "",
        *details.split("\n"), "",
        f'To answer, please reply to this e-mail with "{NOTHING_CHANGED}", or with what has changed.', "",
        "Thank you.", "",
    ])
    assert body.split("### How the group can answer\n\n")[1].startswith(
        "- By replying to you: set `repo_url` and `corrections_email` in mkdocs.yml to offer a form and an e-mail "
        "address.\n\n### When the answer comes\n")
    # With a corrections address but no site address, the e-mail to the charity names no page.
    charity_only = check_in_body(riverside, "Kensington and Chelsea",
                                 ProjectSettings(corrections_email="corrections@example.org"), TODAY)
    [_, (_, charity)] = links(charity_only)
    [letter] = parse_qs(charity.split("?")[1])["body"]
    assert letter.startswith("The details of Riverside Parents Group (riverside-parents):\r\n\r\nName: ")


def test_a_repository_address_ending_in_a_slash_makes_the_same_form_link(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)
    bodies = [check_in_body(riverside, "Kensington and Chelsea", replace(SETTINGS, repo_url=url), TODAY)
              for url in ("https://github.com/example/peer-support", "https://github.com/example/peer-support/")]
    assert bodies[0] == bodies[1]
    assert "(https://github.com/example/peer-support/issues/new?template=" in bodies[0]
    # Only slashes are taken off: a repository's name may end in any letter.
    ending_in_x = check_in_body(riverside, "Kensington and Chelsea", replace(SETTINGS, repo_url="https://github.com/e/TeamX"),
                                TODAY)
    assert "(https://github.com/e/TeamX/issues/new?template=" in ending_in_x


def test_the_e_mail_body_has_crlf_line_breaks_whatever_it_was_given() -> None:
    assert mailto_uri("a@example.org", "Hi", "one\r\ntwo\nthree ~x") == (
        "mailto:a@example.org?subject=Hi&body=one%0D%0Atwo%0D%0Athree%20~x")


def test_times_outside_the_uk_are_local_time_with_the_zone(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)
    body = check_in_body(replace(riverside, timezone="Europe/Dublin"), "Kensington and Chelsea", SETTINGS, TODAY)
    assert "\nTimes: local time (Europe/Dublin)\n" in body and "UK time" not in body


HOSTILE_FRAGMENTS = ("<script", "<img", "<b>", "<marquee", "alert(", "${", "javascript:", "{{", "evil.example",
                     "octocat", "#1", "<!-- {", "\u2028")


def test_hostile_values_stay_text(tmp_path: Path) -> None:
    for group in hostile_groups(tmp_path):
        group = replace(group, name=group.name + " ```` @octocat #1 ![x](https://evil.example/x.png) ``````")
        body = check_in_body(group, "Kensington and Chelsea", SETTINGS, TODAY)
        blocks, outside = fenced_blocks(body)
        # All of the group's text is in the one code block, one value a line...
        [details] = blocks
        assert details.startswith("Name: " + group.name.replace("\u2028", "\\u2028"))
        assert all(re.match(r"[A-Z][A-Za-z -]+: ", line) for line in details.split("\n"))
        # ...whose fence is longer than any run of backticks in it.
        assert body.count("\n```````text\n") == 1
        # Outside it: none of it, only our own links, every value in them percent-encoded.
        for _, address in links(outside):
            assert re.fullmatch(r"(https://github\.com/example/peer-support/issues/new|mailto:[a-z.'+@]+)\?"
                                r"[A-Za-z0-9%._~=&-]+", address), address
            outside = outside.replace(address, "")
        for fragment in HOSTILE_FRAGMENTS:
            assert fragment not in outside, fragment
        assert "@" not in outside.replace(inert_markdown("corrections@example.org"), "")  # no @mention
        assert len(body) < 65536  # GitHub's limit for an issue's body


def test_the_title_is_one_line_with_the_id_last(tmp_path: Path) -> None:
    hostile = hostile_groups(tmp_path)[0]
    title = check_in_title(replace(hostile, name="Two\nlines\u2028and\tmore"))
    assert title == "Check in with Two\\nlines\\u2028and\\tmore (hostile-script)"
    assert marked_group(title, "") == "hostile-script"


def test_the_mailto_links_encode_every_character_of_their_values(small_project: Path) -> None:
    [riverside, *_] = loaded_groups(small_project)
    tricky = replace(riverside, name="A&B ?subject=x #1 %41 \"q\" <b>")
    body = check_in_body(tricky, "Kensington and Chelsea", SETTINGS, TODAY)
    (_, ask), (_, form), (_, charity) = links(body)
    for address in (ask, charity):
        query = address.split("?", 1)[1]
        assert [name for name, _ in (pair.split("=", 1) for pair in query.split("&"))] == ["subject", "body"]
        assert "A&B ?subject=x #1 %41 \"q\" <b>" in unquote(query.split("&")[0])
    assert [name for name, _ in (pair.split("=", 1) for pair in urlsplit(form).query.split("&"))] == [
        "template", "title", "group_id", "current"]


def test_an_empty_site_url_keeps_mkdocs_yml_s(small_project: Path) -> None:
    """The workflow passes GitHub Pages' address, which is empty before Pages is switched on."""
    issues = open_issues_file(small_project, [])
    result = run_cli("--root", str(small_project), "freshness", "--today", "2026-11-23", "--open-issues", str(issues),
                     "--site-url", "")
    [asked_group] = json.loads(result.stdout)["open"]
    assert "The group's page: https://example.github.io/peer-support/groups/old-friends/\n" in asked_group["body"]
