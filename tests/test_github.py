"""The GitHub side: workflows with the right triggers, permissions and pinned actions; issue
forms whose fields map onto YAML fields; annotations in GitHub's format."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest
import yaml

from peerdir.issue_forms import CONFIRM_FORM, ISSUE_FORMS, NOTHING_CHANGED
from peerdir.models import FORMATS, Contact, Location, Registration
from peerdir.problems import Problem, format_problems

from .conftest import REPO

WORKFLOWS = REPO / ".github" / "workflows"
FORMS = REPO / ".github" / "ISSUE_TEMPLATE"


def workflow(name: str) -> dict:
    data = yaml.load((WORKFLOWS / name).read_text(), Loader=yaml.BaseLoader)  # keeps `on` a string key
    assert isinstance(data, dict)
    return data


def steps(job: dict) -> list[dict]:
    return job["steps"]


def runs(job: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(job))


def test_every_action_is_pinned_to_a_full_commit() -> None:
    for path in WORKFLOWS.glob("*.yml"):
        for use in re.findall(r"uses:\s*(\S+)", path.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), f"{path.name}: {use} is not pinned"


def test_pull_requests_are_validated_with_annotations_and_built_strict() -> None:
    flow = workflow("pull-request.yml")
    assert "pull_request" in flow["on"]
    assert flow["permissions"] == {"contents": "read"}
    [job] = flow["jobs"].values()
    commands = runs(job)
    assert "build.py validate --format github" in commands
    assert "build.py build" in commands  # strict: mkdocs.yml sets strict and build.py forces it
    upload = [s for s in steps(job) if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload and upload[0]["with"]["path"] == "site/"
    assert commands.index("validate") < commands.index("build.py build")
    # A preview to open from its unzipped folder (CONTRIBUTING step 7), which the published site is not.
    assert "build.py build --file-preview" in commands
    assert all("--file-preview" not in runs(job) for job in workflow("deploy.yml")["jobs"].values())


def test_every_pull_request_is_checked_dependabots_included() -> None:
    """Dependabot's pull requests come from its own `dependabot/...` branches and change only requirements,
    package files or workflows: no branch, path or type filter may leave them unchecked, and nothing in the
    job may need more than the read-only token and no secrets that GitHub gives them."""
    flow = workflow("pull-request.yml")
    trigger = flow["on"]["pull_request"]
    assert trigger == "" or not {"branches", "branches-ignore", "paths", "paths-ignore", "types"} & set(trigger)
    assert set(flow["on"]) == {"pull_request"}
    [job] = flow["jobs"].values()
    assert "if" not in job
    assert set(job["permissions"].values()) == {"read"}
    assert "secrets." not in (WORKFLOWS / "pull-request.yml").read_text()


def test_main_is_deployed_to_pages_with_the_right_permissions() -> None:
    flow = workflow("deploy.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    build, deploy = flow["jobs"]["build"], flow["jobs"]["deploy"]
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in steps(build))
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(deploy))
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert flow["permissions"] == {"contents": "read"}  # nothing else may write


def test_the_site_is_rebuilt_every_night_with_the_uk_date_and_kept_switched_on() -> None:
    """Pages say what is coming up and what is out of date as of the build: it runs every night, for the UK's
    date, and re-enables the scheduled workflows through GitHub's API so that 60 quiet days cannot stop it."""
    flow = workflow("deploy.yml")
    [cron] = [entry["cron"] for entry in flow["on"]["schedule"]]
    minute, hour, day_of_month, month, day_of_week = cron.split()
    assert (day_of_month, month, day_of_week) == ("*", "*", "*")  # every day
    assert 2 <= int(hour) <= 5  # early morning in the UK, winter (UTC) and summer (UTC+1) alike
    [build] = [s for s in steps(flow["jobs"]["build"]) if "build.py build" in s.get("run", "")]
    assert '--today "$(TZ=Europe/London date +%F)"' in build["run"]
    keep_alive = flow["jobs"]["keep-alive"]
    assert keep_alive["if"] == "github.event_name == 'schedule'"
    assert keep_alive["permissions"] == {"actions": "write"}
    commands = runs(keep_alive)
    assert 'gh api --method PUT "repos/$GITHUB_REPOSITORY/actions/workflows/$workflow/enable"' in commands
    scheduled = sorted(path.name for path in WORKFLOWS.glob("*.yml") if "schedule" in workflow(path.name)["on"])
    named = re.search(r"for workflow in ([\w. -]+); do", commands)
    assert named and set(scheduled) <= set(named.group(1).split()), scheduled
    # A failed build deploys nothing: the published site stays as the last good build made it.
    assert flow["jobs"]["deploy"]["needs"] == "build"


CONFIGURE_PAGES = "actions/configure-pages@"


@pytest.mark.parametrize("name", ["deploy.yml", "pull-request.yml"])
def test_the_site_is_built_for_the_address_github_pages_gives_it(name: str) -> None:
    jobs = workflow(name)["jobs"]
    job = jobs["build"] if "build" in jobs else next(iter(jobs.values()))
    assert job["permissions"] == {"contents": "read", "pages": "read"}
    [pages] = [s for s in steps(job) if s.get("uses", "").startswith(CONFIGURE_PAGES)]
    [build] = [s for s in steps(job) if "build.py build" in s.get("run", "")]
    assert steps(job).index(pages) < steps(job).index(build)
    # The address reaches the shell as data (an environment variable), never pasted into the script.
    assert build["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert '--site-url "$SITE_URL"' in build["run"] and "${{" not in build["run"]
    # Only the preview may go on without an address (Pages not switched on yet): it then warns.
    assert pages.get("continue-on-error", "false") == ("true" if name == "pull-request.yml" else "false")


def test_no_workflow_pastes_an_expression_into_a_shell_script() -> None:
    """GitHub's advice against script injection: expressions go through `env:`, not into `run:`."""
    assert {"apply-issue.yml", "check-in.yml"} <= {path.name for path in WORKFLOWS.glob("*.yml")}
    for path in WORKFLOWS.glob("*.yml"):
        for job in workflow(path.name)["jobs"].values():
            for step in steps(job):
                assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


def test_links_are_checked_weekly_and_reported_in_one_issue() -> None:
    flow = workflow("check-links.yml")
    [cron] = [entry["cron"] for entry in flow["on"]["schedule"]]
    minute, hour, day_of_month, month, day_of_week = cron.split()
    assert (day_of_month, month) == ("*", "*") and day_of_week.isdigit()
    assert flow["permissions"]["issues"] == "write"
    [job] = flow["jobs"].values()
    commands = runs(job)
    assert "build.py check-links" in commands
    assert "gh issue edit" in commands and "gh issue create" in commands  # update one issue, or open it


def test_every_workflow_pins_an_action_to_the_same_commit() -> None:
    pins: dict[str, set[str]] = {}
    for path in WORKFLOWS.glob("*.yml"):
        for action, commit in re.findall(r"uses:\s*([\w.-]+/[\w.-]+)@(\S+)", path.read_text()):
            pins.setdefault(action, set()).add(commit)
    assert {action: commits for action, commits in pins.items() if len(commits) > 1} == {}
    assert "actions/configure-pages" in pins and "actions/setup-python" in pins


def test_the_weekly_check_in_opens_and_closes_issues_from_the_freshness_command() -> None:
    flow = workflow("check-in.yml")
    [cron] = [entry["cron"] for entry in flow["on"]["schedule"]]
    minute, hour, day_of_month, month, day_of_week = cron.split()
    assert (day_of_month, month, day_of_week) == ("*", "*", "1") and 5 <= int(hour) <= 8  # Monday morning, UK
    assert "workflow_dispatch" in flow["on"]
    assert flow["permissions"] == {}
    [job] = flow["jobs"].values()
    assert job["permissions"] == {"contents": "read", "issues": "write", "pages": "read", "actions": "write"}
    [checkout] = [s for s in steps(job) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] == "false"
    assert "make setup" in runs(job)
    # The site's address from GitHub Pages (mkdocs.yml's when Pages is off), as data.
    [pages] = [s for s in steps(job) if s.get("uses", "").startswith(CONFIGURE_PAGES)]
    assert pages.get("continue-on-error") == "true"
    [decide] = [s for s in steps(job) if "build.py freshness" in s.get("run", "")]
    assert steps(job).index(pages) < steps(job).index(decide)
    assert decide["env"]["SITE_URL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert "gh issue list --label check-in --state open --json number,title,body,labels --limit 1000" in decide["run"]
    assert 'build.py freshness --today "$(TZ=Europe/London date +%F)"' in decide["run"]
    assert '--open-issues "$RUNNER_TEMP/open-check-ins.json" --site-url "$SITE_URL"' in decide["run"]
    commands = runs(job)
    assert "gh label create check-in --force" in commands
    # The issue's text goes through a file, the title through a variable filled by jq.
    assert """'.open[$i].body' "$RUNNER_TEMP/check-ins.json" > "$RUNNER_TEMP/check-in-body.md\"""" in commands
    assert 'gh issue create --label check-in --title "$title" --body-file "$RUNNER_TEMP/check-in-body.md"' in commands
    assert 'gh issue close "$number" --comment "$comment"' in commands
    # Every step that talks to GitHub has the job's token, as data.
    for step in steps(job):
        if "gh " in step.get("run", ""):
            assert step["env"]["GH_TOKEN"] == "${{ github.token }}", step["name"]


def test_the_check_in_keeps_itself_and_the_publish_workflow_switched_on() -> None:
    """GitHub disables a public repository's scheduled workflows after 60 days without activity; enabling
    them through the API is activity, and needs `actions: write`."""
    [job] = workflow("check-in.yml")["jobs"].values()
    [keep] = [s for s in steps(job) if "/enable" in s.get("run", "")]
    assert "for workflow in check-in.yml deploy.yml; do" in keep["run"]
    assert 'gh api --method PUT "repos/$GITHUB_REPOSITORY/actions/workflows/$workflow/enable"' in keep["run"]
    assert all((WORKFLOWS / name).is_file() for name in ("check-in.yml", "deploy.yml"))


def test_a_maintainers_label_turns_an_issue_from_a_form_into_a_pull_request() -> None:
    """Only a label (which only maintainers can add) starts it; the form comes from the labels the forms
    add themselves; the body reaches the command as a file, through the environment."""
    flow = workflow("apply-issue.yml")
    assert flow["on"] == {"issues": {"types": ["labeled"]}}
    assert flow["permissions"] == {"contents": "read"}
    [job] = flow["jobs"].values()
    assert job["if"] == "github.event.label.name == 'import'"
    assert job["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    commands = runs(job)
    assert {path.name for path in form_files()} >= {"confirm-details.yml", "report-a-change.yml"}
    for path in form_files():
        [label] = yaml.safe_load(path.read_text())["labels"]
        assert f"{label}) form={path.stem} ;;" in commands, f"{path.name}: its label {label} is not mapped"
    [apply] = [s for s in steps(job) if ".venv/bin/python build.py apply-issue" in s.get("run", "")]
    assert apply["env"]["BODY"] == "${{ github.event.issue.body }}"
    assert "printf '%s' \"$BODY\" > \"$RUNNER_TEMP/issue-body.md\"" in apply["run"]
    # The day of the answer is the day the issue was opened, in UK time, from the event through `env:`.
    assert apply["env"]["CREATED"] == "${{ github.event.issue.created_at }}"
    assert 'answered=$(TZ=Europe/London date -d "$CREATED" +%F)' in apply["run"]
    assert '--issue "$NUMBER" --answered "$answered" --pr-body "$RUNNER_TEMP/pr-body.md"' in apply["run"]
    [publish] = [s for s in steps(job) if "gh pr create" in s.get("run", "")]
    assert publish["env"]["GH_TOKEN"] == "${{ github.token }}"
    assert 'branch="issue-$NUMBER"' in publish["run"]
    assert '--body-file "$RUNNER_TEMP/pr-body.md"' in publish["run"] and "gh issue comment" in publish["run"]


NESTED = {"location": Location, "contact": Contact, "register": Registration}


def form_files() -> list[Path]:
    """The issue forms: every file in ISSUE_TEMPLATE but the chooser's settings (config.yml)."""
    return sorted(path for path in FORMS.glob("*.yml") if path.name != "config.yml")


def form_ids(name: str) -> list[str]:
    form = yaml.safe_load((FORMS / f"{name}.yml").read_text())
    return [item["id"] for item in form["body"] if "id" in item]


def test_every_form_file_has_its_entry_in_the_one_mapping() -> None:
    assert {path.stem for path in FORMS.glob("*.yml")} - {"config"} == set(ISSUE_FORMS)


@pytest.mark.parametrize("name", sorted(ISSUE_FORMS))
def test_issue_form_fields_are_the_mapping_and_map_onto_yaml_fields(name: str) -> None:
    form = ISSUE_FORMS[name]
    assert form_ids(name) == list(form.fields), f"{name}.yml and peerdir/issue_forms.py list different fields"
    for field_id, yaml_field in form.fields.items():
        if yaml_field is None:
            continue
        top, _, sub = yaml_field.partition(".")
        assert top in {f.name for f in fields(form.record)}, f"{name}: {field_id} -> {yaml_field} is not a field"
        if sub:
            assert sub in {f.name for f in fields(NESTED[top])}, f"{name}: {field_id} -> {yaml_field} is not a field"


def check_jsonschema(schema: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    """GitHub's own published schema, as vendored by check-jsonschema (offline, pinned with it)."""
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(("schema", "pattern", "among_them"), [
    ("vendor.github-issue-forms", "ISSUE_TEMPLATE/*.yml", {"confirm-details.yml", "report-a-change.yml"}),
    ("vendor.github-issue-config", "ISSUE_TEMPLATE/config.yml", {"config.yml"}),
    ("vendor.github-workflows", "workflows/*.yml", {"apply-issue.yml", "check-in.yml", "deploy.yml"}),
    ("vendor.dependabot", "dependabot.yml", {"dependabot.yml"}),
])
def test_github_accepts_our_forms_config_and_workflows(schema: str, pattern: str, among_them: set[str]) -> None:
    paths = sorted(path for path in (REPO / ".github").glob(pattern)
                   if path.name != "config.yml" or schema == "vendor.github-issue-config")
    assert among_them <= {path.name for path in paths}
    result = check_jsonschema(schema, *paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_githubs_form_schema_refuses_a_dotted_id(tmp_path: Path) -> None:
    """The judge is live: the mistake that once made GitHub refuse our forms is caught."""
    text = (FORMS / "add-an-event.yml").read_text().replace("id: location_name", "id: location.name")
    (tmp_path / "form.yml").write_text(text)
    result = check_jsonschema("vendor.github-issue-forms", tmp_path / "form.yml")
    assert result.returncode == 1 and "'location.name' does not match" in result.stdout


def test_the_formats_checkboxes_are_the_formats_the_validator_accepts() -> None:
    form = yaml.safe_load((FORMS / "suggest-a-group.yml").read_text())
    [formats] = [item for item in form["body"] if item.get("id") == "formats"]
    assert tuple(option["label"] for option in formats["attributes"]["options"]) == FORMATS


def test_the_access_checkboxes_are_the_access_needs_of_support_types_yaml() -> None:
    form = yaml.safe_load((FORMS / "suggest-a-group.yml").read_text())
    [access] = [item for item in form["body"] if item.get("id") == "access"]
    vocabularies = yaml.safe_load((REPO / "support_types.yaml").read_text())
    assert [option["label"] for option in access["attributes"]["options"]] == [
        need["id"] for need in vocabularies["access_needs"]]


def test_the_confirm_form_offers_the_answer_that_confirms_everything() -> None:
    """apply-issue tells a confirmation from a change by this option's words, and the check-in's links
    fill in these fields."""
    form = yaml.safe_load((FORMS / "confirm-details.yml").read_text())
    [still_right] = [item for item in form["body"] if item.get("id") == "still_right"]
    assert still_right["attributes"]["options"][0] == NOTHING_CHANGED
    assert form["labels"] == ["check-in-answer"] and CONFIRM_FORM == "confirm-details.yml"
    assert {"group_id", "current"} <= {item["id"] for item in form["body"] if "id" in item}


def test_the_correction_link_prefills_fields_the_form_has() -> None:
    form = yaml.safe_load((FORMS / "report-a-change.yml").read_text())
    ids = {item["id"] for item in form["body"] if "id" in item}
    assert {"group_id", "current"} <= ids


def test_annotation_format_matches_githubs_workflow_command_syntax() -> None:
    problems = [
        Problem("groups.yaml", 12, 5, "groups[3].location.lat", "151.2 is not a latitude (between -90 and 90)"),
        Problem("events.yaml", 3, 1, "", "line one\nline two, 100% sure: yes"),
    ]
    assert format_problems(problems, "github").splitlines() == [
        "::error file=groups.yaml,line=12,col=5,title=groups[3].location.lat::"
        "groups[3].location.lat: 151.2 is not a latitude (between -90 and 90)",
        "::error file=events.yaml,line=3,col=1,title=problem::line one\\nline two, 100%25 sure: yes",
    ]


def test_contributing_guide_has_a_complete_entry_that_validates(tmp_path: Path) -> None:
    from peerdir.validate import load_directory

    text = (REPO / "CONTRIBUTING.md").read_text()
    [example] = re.findall(r"```yaml\n(  - id: .*?)```", text, flags=re.S)
    (tmp_path / "support_types.yaml").write_text((REPO / "support_types.yaml").read_text())
    (tmp_path / "events.yaml").write_text("events: []\n")  # the sample's events name the sample's groups
    (tmp_path / "groups.yaml").write_text("groups:\n" + example)
    result = load_directory(tmp_path)
    assert result.problems == [], result.problems


def test_a_message_is_always_one_line_with_invisible_characters_shown() -> None:
    forged = "x\ngroups.yaml:1:1: forged\r\u2028\x85\x1b[31m\u202e\udcff"
    problem = Problem("content/a\nb.md", 2, 3, f"groups[0].{forged}", f"`{forged}` is not allowed")
    shown = r"x\ngroups.yaml:1:1: forged\r\u2028\x85\x1b[31m\u202e\udcff"
    assert format_problems([problem]) == (
        rf"content/a\nb.md:2:3: groups[0].{shown}: `{shown}` is not allowed"
    )
    assert format_problems([problem], "github") == (
        "::error file=content/a%0Ab.md,line=2,col=3,title=groups[0].x\\ngroups.yaml%3A1%3A1%3A forged"
        r"\r\u2028\x85\x1b[31m\u202e\udcff::"
        rf"groups[0].{shown}: `{shown}` is not allowed"
    )
