"""`build.py apply-issue`: an issue made from one of the forms becomes the change a pull request
carries. Every body here is written from the form file itself, as GitHub writes it, so renaming a
field in a form without the reading following it breaks these tests."""

from __future__ import annotations

import difflib
import http.server
import json
import shutil
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml

from peerdir.apply_issue import trailing_postcode
from peerdir.github_text import inert_markdown
from peerdir.issue_forms import NOTHING_CHANGED
from peerdir.postcodes import look_up_postcode
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY, run_cli

FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def issue_body(form: str, answers: dict[str, str | list[str]]) -> str:
    """The body GitHub writes for a form: `### label`, a blank line, the answer (`_No response_` when
    there is none; a checkbox list as `- [X] option`), a blank line."""
    definition = yaml.safe_load((FORMS / f"{form}.yml").read_text())
    parts = []
    for item in definition["body"]:
        if "id" not in item:
            continue
        answer = answers.get(item["id"])
        if item["type"] == "checkboxes":
            answer = "\n".join(f"- [{'X' if option['label'] in (answer or []) else ' '}] {option['label']}"
                               for option in item["attributes"]["options"])
        parts.append(f"### {item['attributes']['label']}\n\n{answer or '_No response_'}")
    return "\n\n".join(parts)


def apply(project: Path, form: str, body: str, *options: str) -> tuple[int, str, str]:
    (project / "body.md").write_text(body, encoding="utf-8")
    result = run_cli("--root", str(project), "apply-issue", form, str(project / "body.md"),
                     "--today", TODAY, "--pr-body", str(project / "pr.md"), *options)
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result.code, result.stdout, (project / "pr.md").read_text()


def diff(before: str, after: str) -> str:
    """The change as `diff -u` shows it, without the file names."""
    return "".join(list(difflib.unified_diff(before.splitlines(True), after.splitlines(True), n=1))[2:])


# --------------------------------------------------------------------------- a local postcodes.io


POSTCODES = {  # postcodes.io's answers, cut to the fields the look-up reads and a few around them
    "W69JU": {"postcode": "W6 9JU", "country": "England", "admin_district": "Hammersmith and Fulham",
              "longitude": -0.232822, "latitude": 51.492594},
    "W105XL": {"postcode": "W10 5XL", "country": "England", "admin_district": "Kensington and Chelsea",
               "longitude": -0.211024, "latitude": 51.517522},
    "GY11AA": {"postcode": "GY1 1AA", "country": "Channel Islands", "longitude": None, "latitude": None},
}


class PostcodesIo(http.server.BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        PostcodesIo.asked.append(self.path)
        code = self.path.removeprefix("/postcodes/")
        if self.path.startswith("/postcodes/") and code in POSTCODES:
            status, answer = 200, {"status": 200, "result": POSTCODES[code]}
        else:
            status, answer = 404, {"status": 404, "error": "Postcode not found"}
        body = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def postcodes_io(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PostcodesIo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}"
    monkeypatch.setenv("PEERDIR_POSTCODES_URL", url)
    PostcodesIo.asked.clear()
    yield url
    server.shutdown()
    server.server_close()


def test_a_postcode_is_looked_up_at_postcodes_io(postcodes_io: str) -> None:
    assert look_up_postcode("w6 9ju") == (51.4926, -0.2328)
    assert PostcodesIo.asked == ["/postcodes/W69JU"]


def test_an_unknown_postcode_or_one_without_coordinates_gives_none(postcodes_io: str) -> None:
    assert look_up_postcode("ZZ9 9ZZ") is None
    assert look_up_postcode("GY1 1AA") is None
    assert PostcodesIo.asked == ["/postcodes/ZZ99ZZ", "/postcodes/GY11AA"]


def test_text_that_is_not_a_postcode_is_never_sent(postcodes_io: str) -> None:
    assert look_up_postcode("../../admin?x=1") is None
    assert look_up_postcode("") is None
    assert PostcodesIo.asked == []


def test_no_answer_gives_none() -> None:
    with http.server.ThreadingHTTPServer(("127.0.0.1", 0), PostcodesIo) as closed:
        url = f"http://127.0.0.1:{closed.server_port}"
    assert look_up_postcode("W6 9JU", url) is None  # nothing listens there any more


# --------------------------------------------------------------------------- each form


GROUP = {
    "name": "Fulham Mums Together",
    "organisation": "Fulham Family Trust",
    "summary": "A weekly group where mums in Fulham support each other over a coffee.",
    "description": "We meet for coffee and a chat.\n\nBabies are welcome too.",
    "support_types": "Peer support groups, peer-led",
    "audiences": "Mothers",
    "topics": "perinatal mental health",
    "formats": ["in-person", "email"],
    "area": "Hammersmith and Fulham",
    "location_name": "Hammersmith Town Hall",
    "location_address": "King Street, London",
    "location_postcode": "w6 9ju",
    "schedule": "Every Wednesday, 10:30 to 12:00. First Monday of the month, 19:00 to 20:30.",
    "contact_email": "hello@fulham-mums.example.org",
    "cost": "Free",
    "referral": "No referral needed",
    "languages": "English, Polish",
    "access": ["step-free", "children-welcome"],
    "accessibility": "Lift to the hall.\nBuggy parking.",
    "consent": ["The group has agreed to be listed, and these are its public contact details."],
}

GROUP_DIFF = """\
@@ -486 +486,40 @@
     status: active
+
+  - id: fulham-mums-together
+    name: Fulham Mums Together
+    organisation: Fulham Family Trust
+    summary: A weekly group where mums in Fulham support each other over a coffee.
+    description: |-
+      We meet for coffee and a chat.
+
+      Babies are welcome too.
+    support_types: [peer-support-groups, peer-led]
+    audiences: [mothers]
+    topics: [perinatal-mental-health]
+    formats: [in-person, email]
+    area: hammersmith-and-fulham
+    location:
+      name: Hammersmith Town Hall
+      address: King Street, London
+      postcode: W6 9JU
+      lat: 51.4926
+      lon: -0.2328
+    schedule:
+      - day: wednesday
+        start: "10:30"
+        end: "12:00"
+        frequency: weekly
+      - day: monday
+        start: "19:00"
+        end: "20:30"
+        frequency: monthly
+        week: first
+    contact:
+      email: hello@fulham-mums.example.org
+    cost: Free
+    referral: No referral needed
+    languages: [English, Polish]
+    access: [step-free, children-welcome]
+    accessibility: Lift to the hall. Buggy parking.
+    last_verified: 2026-11-23
+    status: active
"""


def test_suggest_a_group_adds_the_group_with_the_postcodes_coordinates(sample_project: Path, postcodes_io: str) -> None:
    before = (sample_project / "groups.yaml").read_text()
    code, output, pr = apply(sample_project, "suggest-a-group", issue_body("suggest-a-group", GROUP), "--issue", "12")
    assert (code, output) == (0, "")
    assert diff(before, (sample_project / "groups.yaml").read_text()) == GROUP_DIFF
    assert pr == """\
`fulham-mums-together` added to groups.yaml from #12. Review it before merging.

Closes #12

### Still to do before merging

- The coordinates are the centre of the postcode W6 9JU (from postcodes.io): move them to the venue's door if you can.
- `last_verified` is the day of the import, 2026-11-23: change it if the details were checked with the group on another day.

### For the reviewer (not copied into the data)

Permission:

```text
The group has agreed to be listed, and these are its public contact details.
```
"""
    assert run_cli("--root", str(sample_project), "validate", "--today", TODAY).code == 0


def test_without_postcodes_io_the_coordinates_are_asked_for(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_text()
    code, output, pr = apply(sample_project, "suggest-a-group", issue_body("suggest-a-group", GROUP),
                             "--no-postcode-lookup")
    assert code == 1
    assert output == (
        "groups.yaml:502:7: groups[16].location.lat: is required: add `lat:` (Latitude in decimal degrees, e.g. 51.4846)\n"
        "groups.yaml:502:7: groups[16].location.lon: is required: add `lon:` (Longitude in decimal degrees, e.g. -0.1817)\n"
    )
    assert ("- Coordinates are still needed: add `lat:` and `lon:` under `location:` "
            "(the centre of the postcode W6 9JU will do).") in pr
    assert "Closes #" not in pr  # no issue number given
    without = GROUP_DIFF.replace("+      lat: 51.4926\n+      lon: -0.2328\n", "").replace("+486,40", "+486,38")
    assert diff(before, (sample_project / "groups.yaml").read_text()) == without


def test_every_problem_is_found_in_one_run_and_each_is_still_to_do(sample_project: Path) -> None:
    # Before, the area typed as a name was refused as no id; once written as an id, as not in `areas`,
    # and only once the coordinates were there: an editor fixed one thing at a time. Now one run says all.
    body = issue_body("suggest-a-group", {**GROUP, "area": "Cardiff", "topics": "perinatl mental health, nonsense",
                                          "location_postcode": ""})
    code, output, pr = apply(sample_project, "suggest-a-group", body, "--no-postcode-lookup")
    assert code == 1
    assert output.splitlines() == [
        "groups.yaml:498:14: groups[16].topics[0]: `perinatl mental health` is not an id, and `topics` has none like "
        "it (did you mean `perinatal-mental-health`?): use an existing id (lowercase letters, digits and single "
        "hyphens) or add it to support_types.yaml",
        "groups.yaml:498:38: groups[16].topics[1]: `nonsense` is not in `topics`; use an existing id or add it to "
        "support_types.yaml",
        "groups.yaml:500:11: groups[16].area: `Cardiff` is not an id, and `areas` has none like it: use an existing id "
        "(lowercase letters, digits and single hyphens) or add it to support_types.yaml",
        "groups.yaml:502:7: groups[16].location.lat: is required: add `lat:` (Latitude in decimal degrees, e.g. 51.4846)",
        "groups.yaml:502:7: groups[16].location.lon: is required: add `lon:` (Longitude in decimal degrees, e.g. -0.1817)",
    ]
    to_do = pr.split("### Still to do before merging\n\n")[1].split("\n\n")[0].splitlines()
    assert to_do[-5:] == [f"- Fix {inert_markdown(line)}" for line in output.splitlines()]
    assert "### The checks found" not in pr


def test_a_name_written_for_an_id_is_told_the_id_it_has(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "valid", tmp_path, dirs_exist_ok=True)
    groups = tmp_path / "groups.yaml"
    groups.write_text(groups.read_text().replace("area: kensington-and-chelsea", "area: Kensington and Chelsea", 1))
    assert [p.as_text() for p in load_directory(tmp_path, date.fromisoformat(TODAY)).problems] == [
        "groups.yaml:14:11: groups[0].area: `Kensington and Chelsea` is not an id: write `kensington-and-chelsea`, "
        "its id in `areas`"]


EVENT = {
    "title": "Peer Worker Network Meeting (August)",
    "who_for": "Peer workers, paid or voluntary",
    "start": "2027-08-11 14:00",
    "end": "2027-08-11 15:30",
    "location_name": "Kensington and Chelsea Mind, meeting room",
    "location_address": "7 Thorpe Close, London W10 5XL",
    "online": "false",
    "register_email": "zoe.copeland@kcmind.org.uk",
    "register_note": "Email Zoe to reserve your space",
    "description": "The August meeting of the local peer worker network.",
}

EVENT_DIFF = """\
@@ -242 +242,18 @@
       The monthly King's Cross meeting, on the second Wednesday of the month.
+
+  - id: peer-worker-network-meeting-august
+    title: Peer Worker Network Meeting (August)
+    who_for: Peer workers, paid or voluntary
+    start: 2027-08-11T14:00
+    end: 2027-08-11T15:30
+    location:
+      name: Kensington and Chelsea Mind, meeting room
+      address: 7 Thorpe Close, London
+      postcode: W10 5XL
+      lat: 51.5175
+      lon: -0.211
+    register:
+      email: zoe.copeland@kcmind.org.uk
+      note: Email Zoe to reserve your space
+    description: >-
+      The August meeting of the local peer worker network.
"""


def test_add_an_event_adds_the_event(sample_project: Path, postcodes_io: str) -> None:
    before = (sample_project / "events.yaml").read_text()
    code, output, pr = apply(sample_project, "add-an-event", issue_body("add-an-event", EVENT), "--issue", "13")
    assert (code, output) == (0, "")
    assert diff(before, (sample_project / "events.yaml").read_text()) == EVENT_DIFF
    assert pr.startswith("`peer-worker-network-meeting-august` added to events.yaml from #13. Review it before "
                         "merging.\n\nCloses #13\n")


CHANGE = {
    "group_id": "full-of-life",
    "status": "temporarily-closed",
    "current": "Full of Life\nKensington Town Hall",
    "changes": "Closed for refurbishment until March.",
    "alert": "No forums until March 2027",
    "how_we_know": "I spoke to the organiser on 3 November",
}

CHANGE_DIFF = """\
@@ -37,4 +37,5 @@
     access: [step-free, accessible-toilet]
-    last_verified: 2026-09-15
-    status: active
+    last_verified: 2026-11-20
+    status: temporarily-closed
+    alert: No forums until March 2027
 \n"""


def test_report_a_change_sets_status_alert_and_the_day_of_the_report(sample_project: Path) -> None:
    """A report is news of the group on the day it was made: last_verified says so, and the pull request
    asks for the reporter's changes before merging, naming the old date in case they cannot be checked."""
    before = (sample_project / "groups.yaml").read_text()
    code, output, pr = apply(sample_project, "report-a-change", issue_body("report-a-change", CHANGE),
                             "--issue", "14", "--answered", "2026-11-20")
    assert (code, output) == (0, "")
    assert diff(before, (sample_project / "groups.yaml").read_text()) == CHANGE_DIFF
    assert pr == """\
`status`, `alert` and `last_verified` of `full-of-life` changed in groups.yaml from #14. Review it before merging.

`last_verified` is now 2026-11-20, the day of this report about the group.

Closes #14

### Still to do before merging

- Make the changes described below in groups.yaml on this branch: the new `last_verified` says the details were \
checked that day; if they could not be checked with the group, put back 2026-09-15.

### For the reviewer (not copied into the data)

The details we show now:

```text
Full of Life
Kensington Town Hall
```

What has changed:

```text
Closed for refurbishment until March.
```

How do you know? (for example, "I spoke to the organiser on 3 November"):

```text
I spoke to the organiser on 3 November
```
"""


def test_a_change_to_an_existing_alert_replaces_it_where_it_stands(small_project: Path) -> None:
    before = (small_project / "groups.yaml").read_text()
    body = issue_body("report-a-change", {"group_id": "riverside-parents", "status": "active",
                                          "changes": "New alert", "alert": "No meeting on 31 December"})
    assert apply(small_project, "report-a-change", body, "--answered", "2026-10-01")[0] == 0  # its last_verified
    assert diff(before, (small_project / "groups.yaml").read_text()) == (
        "@@ -45,3 +45,3 @@\n     status: active\n-    alert: No meeting on 24 December\n"
        "+    alert: No meeting on 31 December\n   - id: dads-online\n")


def test_a_report_that_changes_nothing_writes_nothing(sample_project: Path) -> None:
    """Nothing to set, and last_verified (2026-09-15) is not moved back by an older report."""
    before = (sample_project / "groups.yaml").read_bytes()
    body = issue_body("report-a-change", {**CHANGE, "status": "active", "alert": ""})
    code, output, pr = apply(sample_project, "report-a-change", body, "--answered", "2026-09-01")
    assert (code, output) == (0, "")
    assert (sample_project / "groups.yaml").read_bytes() == before
    assert pr.startswith("Nothing in the data files needed changing; any change described below is to be made by hand."
                         "\n\n`last_verified` stays 2026-09-15: the details were checked on that day, no earlier "
                         "than this report (2026-09-01).\n")


# --------------------------------------------------------------------------- a check-in's answer


CONFIRMED = {"group_id": "full-of-life", "still_right": NOTHING_CHANGED,
             "current": "Name: Full of Life\nDetails last checked: 15 September 2026"}


def test_a_confirmation_is_exactly_a_one_line_change_of_last_verified(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_text()
    code, output, pr = apply(sample_project, "confirm-details", issue_body("confirm-details", CONFIRMED),
                             "--issue", "31", "--answered", "2026-11-21")
    assert (code, output) == (0, "")
    after = (sample_project / "groups.yaml").read_text()
    changed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"]
    assert changed == ["-     last_verified: 2026-09-15", "+     last_verified: 2026-11-21"]
    assert pr == """\
`last_verified` of `full-of-life` changed in groups.yaml from #31. Review it before merging.

`last_verified` is now 2026-11-21, the day the group answered that its details are still right; nothing else changes.

Closes #31

### For the reviewer (not copied into the data)

Is everything still right?:

```text
Yes: still running, nothing has changed
```

The details we show now:

```text
Name: Full of Life
Details last checked: 15 September 2026
```

What has changed:

```text
(no answer)
```
"""


def test_without_answered_a_confirmation_dates_the_check_today(sample_project: Path) -> None:
    apply(sample_project, "confirm-details", issue_body("confirm-details", CONFIRMED))
    assert f"    last_verified: {TODAY}\n    status: active\n" in (sample_project / "groups.yaml").read_text()


def test_an_answer_that_something_changed_also_sets_last_verified(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_text()
    answer = {**CONFIRMED, "still_right": "No: something has changed, or the group has stopped (say what below)",
              "changes": "The forums are now on Thursdays."}
    code, _, pr = apply(sample_project, "confirm-details", issue_body("confirm-details", answer),
                        "--answered", "2026-11-21")
    assert code == 0
    assert diff(before, (sample_project / "groups.yaml").read_text()) == (
        "@@ -37,3 +37,3 @@\n     access: [step-free, accessible-toilet]\n"
        "-    last_verified: 2026-09-15\n+    last_verified: 2026-11-21\n     status: active\n")
    assert "- Make the changes described below in groups.yaml on this branch" in pr
    assert "```text\nThe forums are now on Thursdays.\n```" in pr


def test_a_confirmation_older_than_the_last_check_changes_nothing(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_bytes()
    code, _, pr = apply(sample_project, "confirm-details", issue_body("confirm-details", CONFIRMED),
                        "--answered", "2026-09-15")
    assert code == 0 and (sample_project / "groups.yaml").read_bytes() == before
    assert "`last_verified` stays 2026-09-15: the details were checked on that day, no earlier than this answer" in pr


def test_a_confirmation_for_an_unknown_group_is_refused(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_bytes()
    code, output, _ = apply(sample_project, "confirm-details",
                            issue_body("confirm-details", {**CONFIRMED, "group_id": "full-of-lfe"}))
    assert code == 1 and "`full-of-lfe` is not the id of a group in groups.yaml (did you mean `full-of-life`?)" in output
    assert (sample_project / "groups.yaml").read_bytes() == before


# --------------------------------------------------------------------------- refused


def test_a_group_whose_id_exists_is_refused(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_bytes()
    code, output, pr = apply(sample_project, "suggest-a-group",
                             issue_body("suggest-a-group", {**GROUP, "name": "Full of LIFE!"}))
    assert code == 1
    assert output == (
        f"{sample_project / 'body.md'}:3:1: Name of the group: makes the id `full-of-life`, which groups.yaml "
        "already has (line 11): if it is the same group, use the form to report a change instead; if not, "
        "edit the name so that it differs\n")
    assert (sample_project / "groups.yaml").read_bytes() == before
    assert pr.startswith("Nothing was changed: the issue cannot be applied as it is.\n\n### Why\n")


def test_an_event_whose_id_exists_gets_its_date(sample_project: Path) -> None:
    body = issue_body("add-an-event", {**EVENT, "title": "Peer worker network: June!", "online": "true",
                                       "location_name": "", "location_address": ""})
    apply(sample_project, "add-an-event", body)
    events = yaml.safe_load((sample_project / "events.yaml").read_text())["events"]
    assert events[-1]["id"] == "peer-worker-network-june-2027-08-11"
    assert events[-1]["online"] is True and "location" not in events[-1]


def test_a_change_to_a_group_that_is_not_there_is_refused(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_bytes()
    code, output, _ = apply(sample_project, "report-a-change",
                            issue_body("report-a-change", {**CHANGE, "group_id": "full-of-lfe"}))
    assert code == 1
    assert output == (f"{sample_project / 'body.md'}:3:1: Group id: `full-of-lfe` is not the id of a group in "
                      "groups.yaml (did you mean `full-of-life`?); write the last part of the group page's address\n")
    assert (sample_project / "groups.yaml").read_bytes() == before


def test_an_answer_that_repeats_a_heading_is_refused(sample_project: Path) -> None:
    """An answer can hold a line that looks like the next field's heading: which one is real is not guessed."""
    before = (sample_project / "groups.yaml").read_bytes()
    changes = "Nothing.\n\n### A short notice to show on the page (optional)\n\nClosed for ever"
    code, output, _ = apply(sample_project, "report-a-change",
                            issue_body("report-a-change", {**CHANGE, "changes": changes}))
    assert code == 1
    assert output == (f"{sample_project / 'body.md'}:22:1: A short notice to show on the page (optional): the heading "
                      "`### A short notice to show on the page (optional)` is more than once in the issue; edit the "
                      "issue so that each of the form's headings is there once, with its answer below it\n")
    assert (sample_project / "groups.yaml").read_bytes() == before


def test_a_body_from_another_form_is_refused(sample_project: Path) -> None:
    code, output, _ = apply(sample_project, "add-an-event", issue_body("report-a-change", CHANGE))
    assert code == 1
    assert output.splitlines()[0] == (
        f"{sample_project / 'body.md'}:1:1: What is it?: the heading `### What is it?` is not in the issue; edit "
        "the issue so that each of the form's headings is there once, with its answer below it")


# --------------------------------------------------------------------------- hostile answers


HOSTILE = {
    "name": "&anchor !!python/object:os.system $(touch pwned)",
    "organisation": "key: value",
    "summary": "- a; `touch pwned`; ${{ github.token }} | tee /tmp/x && echo '\"' # not a comment",
    "description": "x\n  status: closed\n---\n... \n%YAML 1.1\n*alias\n\t- [ ] a tab",
    "support_types": "peer-led",
    "formats": ["online"],
    "area": "national",
    "contact_website": "https://example.org/?a=1&b=$(id)",
    "cost": "!!python/object/apply:os.system ['touch pwned']",
    "referral": "'single' \"double\" \\ back",
    "languages": "- English, {Polish: 1}, [Urdu]",
}


def test_hostile_answers_stay_text_in_one_new_entry(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_text()
    code, output, pr = apply(sample_project, "suggest-a-group", issue_body("suggest-a-group", HOSTILE), "--issue", "7")
    after = (sample_project / "groups.yaml").read_text()
    assert after.startswith(before)  # nothing before the new entry moved
    [entry] = yaml.load(after[len(before):], Loader=yaml.BaseLoader)  # the new text alone is one entry...
    assert yaml.load(after, Loader=yaml.BaseLoader)["groups"][-1] == entry  # ...and the file's last
    assert entry == {
        "id": "anchor-python-object-os-system-touch-pwned",
        "name": HOSTILE["name"], "organisation": "key: value", "summary": HOSTILE["summary"],
        "description": HOSTILE["description"], "support_types": ["peer-led"], "formats": ["online"],
        "area": "national", "contact": {"website": HOSTILE["contact_website"]}, "cost": HOSTILE["cost"],
        "referral": HOSTILE["referral"], "languages": ["English", "{Polish: 1}", "[Urdu]"],
        "last_verified": TODAY, "status": "active",
    }
    # All of it is acceptable text, but for two languages that name none, which stay text in the messages.
    line = after.count("\n", 0, after.rindex("languages: [")) + 1
    how = ("write its name in English or in itself, e.g. Welsh or Cymraeg, or its code, e.g. cy (bfi for British "
           "Sign Language)")
    assert (code, output) == (1, f"groups.yaml:{line}:26: groups[16].languages[1]: `{{Polish: 1}}` is not a language "
                                 f"we can find (did you mean `Polish`?): {how}\n"
                                 f"groups.yaml:{line}:41: groups[16].languages[2]: `[Urdu]` is not a language we can "
                                 f"find (did you mean `Urdu`?): {how}\n")
    assert not (sample_project / "pwned").exists() and not (REPO / "pwned").exists()


def test_a_value_that_tries_to_add_a_line_changes_only_its_own_field(sample_project: Path) -> None:
    before = (sample_project / "groups.yaml").read_text()
    body = issue_body("report-a-change", {**CHANGE, "status": "active", "alert": "x\n  status: closed"})
    code, output, _ = apply(sample_project, "report-a-change", body, "--answered", "2026-09-15")  # its last_verified
    assert diff(before, (sample_project / "groups.yaml").read_text()) == (
        "@@ -39,2 +39,3 @@\n     status: active\n+    alert: \"x\\n  status: closed\"\n \n")
    assert (code, output) == (1, "groups.yaml:40:12: groups[0].alert: should be on one line; remove the line breaks\n")


def test_an_issue_body_with_windows_line_ends_is_read(small_project: Path) -> None:
    project = small_project
    body = issue_body("report-a-change", {**CHANGE, "group_id": "dads-online", "status": "closed"})
    apply(project, "report-a-change", body.replace("\n", "\r\n"), "--answered", "2026-09-15")
    assert "    last_verified: 2026-09-15\n    status: closed\n    alert: No forums until March 2027\n  - id: old-" in (
        project / "groups.yaml").read_text()


def test_a_value_that_tries_to_add_a_line_where_a_value_stood_changes_only_that_value(small_project: Path) -> None:
    before = (small_project / "groups.yaml").read_text()
    body = issue_body("report-a-change", {"group_id": "riverside-parents", "status": "active", "changes": "x",
                                          "alert": "x\n    status: closed\n    cost: '£100'"})
    code, output, _ = apply(small_project, "report-a-change", body, "--answered", "2026-10-01")
    assert diff(before, (small_project / "groups.yaml").read_text()) == (
        "@@ -45,3 +45,3 @@\n     status: active\n-    alert: No meeting on 24 December\n"
        "+    alert: \"x\\n    status: closed\\n    cost: '£100'\"\n   - id: dads-online\n")
    assert (code, output) == (1, "groups.yaml:46:12: groups[0].alert: should be on one line; remove the line breaks\n")


def test_a_schedule_in_other_words_and_a_venue_without_address_are_left_to_the_reviewer(sample_project: Path) -> None:
    body = issue_body("suggest-a-group", {**GROUP, "schedule": "Most Wednesdays\nin term time", "location_address": ""})
    code, output, pr = apply(sample_project, "suggest-a-group", body, "--no-postcode-lookup")
    entry = yaml.safe_load((sample_project / "groups.yaml").read_text())["groups"][-1]
    assert (entry["schedule_note"], "schedule" in entry) == ("Most Wednesdays in term time", False)
    assert entry["location"] == {"name": "Hammersmith Town Hall", "postcode": "W6 9JU"}
    assert ("- When it meets is in `schedule_note`, in the suggester's words: write it as `schedule:` entries "
            "(day, start, end) if it is regular.\n") in pr
    assert ("- There is no street address: if the group meets in someone's home, add `approximate: true` under "
            "`location:`, so that the site shows only the area.\n") in pr


def test_a_file_saved_with_windows_line_ends_keeps_them(small_project: Path) -> None:
    path = small_project / "events.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    body = issue_body("add-an-event", {**EVENT, "online": "true", "location_name": "", "location_address": "",
                                       "description": "Line one.\nLine two."})
    assert apply(small_project, "add-an-event", body)[:2] == (0, "")
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")
    assert after[len(before):].decode() == (
        "  - id: peer-worker-network-meeting-august\r\n    title: Peer Worker Network Meeting (August)\r\n"
        "    who_for: Peer workers, paid or voluntary\r\n    start: 2027-08-11T14:00\r\n    end: 2027-08-11T15:30\r\n"
        "    online: true\r\n    register:\r\n      email: zoe.copeland@kcmind.org.uk\r\n"
        "      note: Email Zoe to reserve your space\r\n    description: |-\r\n      Line one.\r\n      Line two.\r\n")


# --------------------------------------------------------------------------- bounded work on big answers

# GitHub's largest issue body. The trailing-postcode search once took quadratic time on a run of commas
# and spaces (60,000 commas: 107 seconds); now it looks only at an address's last characters. The bounds
# are generous on purpose (a busy machine is no failure): the old code took a hundred times longer.
LARGEST_BODY = 65_536
SHAPES = {"commas": ",", "spaces": " ", "line breaks": "\n", "commas and spaces": ", ", "a word and a comma": "a,",
          "commas, tabs and line breaks": ",\t\n ", "postcode-like": "W6 9JU,"}


@pytest.mark.parametrize("unit", SHAPES.values(), ids=SHAPES.keys())
def test_an_address_of_the_largest_size_is_read_in_linear_time(unit: str) -> None:
    address = (unit * LARGEST_BODY)[:LARGEST_BODY]
    started = time.perf_counter()
    for ending in ("", " W6 9JU", "W6 9JU"):
        trailing_postcode(address + ending)
    assert time.perf_counter() - started < 1  # each search: microseconds; the old one: minutes


def test_the_trailing_postcode_is_split_off_as_before() -> None:
    assert trailing_postcode("12 High St, London, W6 9JU") == ("12 High St, London", "W6 9JU")
    assert trailing_postcode(" ,, w69ju \n") == ("", "w69ju")
    assert trailing_postcode("12 High St W6 9JU, ") is None  # not at the end
    assert trailing_postcode("BadW6 9JU") is None  # glued to a word
    assert trailing_postcode(",,,,") is None


def test_apply_issue_with_an_answer_of_the_largest_size_finishes(sample_project: Path) -> None:
    """A whole run, from the issue's body to the pull request's text, with answers of the largest size
    made of commas, spaces and line breaks (the address, and the description the reviewer reads)."""
    filler = (",  \n," * LARGEST_BODY)[:LARGEST_BODY]
    body = issue_body("suggest-a-group", {**GROUP, "location_address": filler, "location_postcode": "",
                                          "accessibility": filler})
    started = time.perf_counter()
    code, output, pr = apply(sample_project, "suggest-a-group", body, "--issue", "7", "--no-postcode-lookup")
    assert time.perf_counter() - started < 30  # about two seconds, mostly starting Python; was minutes
    assert code == 1 and "groups.yaml" in output  # an address of commas is no address: validate says so
    assert "added to groups.yaml from #7" in pr
