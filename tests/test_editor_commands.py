"""Every command the editors are told to run works on a fresh clone.

A bare `python build.py` fails there (`ModuleNotFoundError: No module named 'mkdocs'`): the packages
are in .venv/, which `make setup` (and so `make serve`, `make validate` ...) creates. So the documents,
the pages generated for editors, a new issue and the command line's own help say `make TARGET` or
`.venv/bin/python build.py COMMAND`, and every target and command they name exists.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from peerdir.cli import _parser
from peerdir.render.outputs.field_reference import render_field_reference

from .browser.conftest import free_port
from .conftest import REPO, run_cli

# `python build.py`, `python3 build.py`, `python3.11 build.py`, but not `.venv/bin/python build.py`.
BARE_PYTHON = re.compile(r"(?<![\w./-])python(?:3(?:\.\d+)?)? +build\.py")
MAKE_TARGET = re.compile(r"(?:`|^)make ([a-z][\w-]*)", re.MULTILINE)  # in `code`, or a line of a code block
BUILD_COMMAND = re.compile(r"\.venv/bin/python build\.py (?:--root \S+ )?([a-z][\w-]*)")
# What editors and maintainers read, and the text the command line prints or writes.
# Besides these, every folder whose name starts with a dot but .github (.git, .venv, caches).
SKIPPED = {"node_modules", "site", "site.new", "site.old", "tests", "__pycache__"}
TEXT_SUFFIXES = {".md", ".yml", ".yaml", ".py", ".html", ".css", ".js", ".txt", ".toml", ".cfg", ""}


def repository_texts() -> list[Path]:
    found = []
    for path in sorted(REPO.rglob("*")):
        parts = path.relative_to(REPO).parts
        hidden = any(part.startswith(".") and part != ".github" for part in parts[:-1])
        if path.is_file() and not hidden and not SKIPPED.intersection(parts) and path.suffix in TEXT_SUFFIXES:
            found.append(path)
    return found


def help_texts() -> dict[str, str]:
    """The command line's help, for itself and for every command."""
    texts = {"--help": _parser().format_help()}
    commands = next(action for action in _parser()._actions if action.dest == "command")
    for name, parser in commands.choices.items():
        texts[f"{name} --help"] = parser.format_help()
    return texts


def generated_texts(project: Path) -> dict[str, str]:
    """The field reference, a new issue as `new-issue` writes it, and the help."""
    written = run_cli("--root", str(project), "new-issue", "--today", "2026-12-01")  # the month after the sample's
    assert written.code == 0, written.stderr
    issue = project / written.stdout.split(": issue ")[0]
    return {"the field reference": render_field_reference(), "a new issue": issue.read_text(encoding="utf-8"),
            **help_texts()}


def makefile_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), flags=re.MULTILINE))


def test_the_documents_to_check_are_found() -> None:
    names = {path.relative_to(REPO).as_posix() for path in repository_texts()}
    assert {"CONTRIBUTING.md", "README.md", "DEVELOPING.md", "Makefile", "mkdocs.yml", "content/editors/newsletter.md",
            ".github/ISSUE_TEMPLATE/suggest-a-group.yml", ".github/workflows/deploy.yml", "peerdir/new_issue.py",
            "peerdir/render/outputs/field_reference.py", "peerdir/cli.py"} <= names


def test_no_file_of_the_repository_says_to_run_a_bare_python_build_py() -> None:
    found = [f"{path.relative_to(REPO)}:{number}: {line.strip()}"
             for path in repository_texts()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if BARE_PYTHON.search(line)]
    assert found == []


def test_nothing_generated_for_editors_says_to_run_a_bare_python_build_py(sample_project: Path) -> None:
    texts = generated_texts(sample_project)
    assert "make serve" in texts["a new issue"] and "make validate" in texts["the field reference"]
    assert {name: BARE_PYTHON.findall(text) for name, text in texts.items() if BARE_PYTHON.search(text)} == {}
    assert texts["--help"].startswith("usage: .venv/bin/python build.py [-h]")


def test_the_pattern_finds_a_bare_python_and_not_the_one_in_the_virtual_environment() -> None:
    assert BARE_PYTHON.findall("run `python build.py validate`, or python3 build.py, or python3.11 build.py") == [
        "python build.py", "python3 build.py", "python3.11 build.py"]
    assert BARE_PYTHON.findall("`.venv/bin/python build.py validate`, `$(PY) build.py`, cpython build.py") == []


@pytest.mark.parametrize("path", ["CONTRIBUTING.md", "README.md", "DEVELOPING.md", "content/editors/newsletter.md"])
def test_every_make_target_and_command_the_documents_name_exists(path: str) -> None:
    text = (REPO / path).read_text(encoding="utf-8")
    commands = next(action for action in _parser()._actions if action.dest == "command").choices
    assert set(MAKE_TARGET.findall(text)) - makefile_targets() == set()
    assert set(BUILD_COMMAND.findall(text)) - set(commands) == set()


def test_every_make_target_and_command_of_the_generated_texts_exists(sample_project: Path) -> None:
    commands = next(action for action in _parser()._actions if action.dest == "command").choices
    texts = generated_texts(sample_project)
    named = {target for text in texts.values() for target in MAKE_TARGET.findall(text)}
    assert named and named <= makefile_targets()
    assert {command for text in texts.values() for command in BUILD_COMMAND.findall(text)} <= set(commands)


def test_the_field_reference_says_what_to_write_in_plain_english() -> None:
    """Not "a list of an id from support_types" or "a list of a set of fields": the words a person would use."""
    cells = [row.split(" | ")[2] for row in render_field_reference().splitlines() if row.startswith("| <code")]
    assert "one or more ids from `support_types`" in cells
    assert "a list of ids from `topics`" in cells
    assert "one or more of `in-person`, `online`, `phone`, `email`, `text`, `social-media`" in cells
    assert "a list of meeting times, each with the fields in “Meeting times (schedule)” below" in cells
    clumsy = [cell for cell in cells if re.search(r"list of (an?|one) |set of fields|of of ", cell)]
    assert clumsy == []


@pytest.mark.parametrize("command", sorted(set(BUILD_COMMAND.findall((REPO / "README.md").read_text(encoding="utf-8")))))
def test_every_command_the_readme_shows_runs(command: str) -> None:
    result = run_cli(command, "--help")
    assert result.code == 0, result.stderr
    assert result.stdout.startswith(f"usage: .venv/bin/python build.py {command}")


def test_make_serve_takes_another_port() -> None:
    """`make serve PORT=...`: the sample site, served where the editor asked."""
    port = free_port()
    server = subprocess.Popen(["make", "--no-print-directory", "serve", f"PORT={port}"], cwd=REPO,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/peer-support/", timeout=5) as answer:
                    assert answer.status == 200
                    assert "Parent and carer peer support" in answer.read().decode("utf-8")
                    break
            except (urllib.error.URLError, ConnectionError):
                assert server.poll() is None and time.monotonic() < deadline, "make serve did not answer"
                time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)


# The folder of seed documents beside the developers' own copy, never beside a clone from GitHub. Joined
# here, not written out: this test only looks for the name in the repository's texts and reads nothing
# there, and written out it would itself be such a mention.
DEVELOPERS_ONLY_FOLDER = "/".join(("..", "shared"))


def test_no_document_points_to_files_a_clone_does_not_have() -> None:
    found = [f"{path.relative_to(REPO)}:{number}" for path in repository_texts()
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if DEVELOPERS_ONLY_FOLDER in line]
    assert found == []


def test_the_readme_puts_what_a_charity_needs_first_and_internals_in_their_own_document() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", readme, flags=re.MULTILINE)
    assert sections[:4] == ["Two commands", "Publish it on GitHub Pages", "Editing the directory",
                            "Sending the newsletter"]
    assert "[DEVELOPING.md](DEVELOPING.md)" in readme
    assert "make serve PORT=" in readme and "8 minutes" in readme
    developing = (REPO / "DEVELOPING.md").read_text(encoding="utf-8")
    for internal in ("## How it fits together", "benchmarks/build_benchmark.py", "make mutants"):
        assert internal in developing and internal not in readme, internal
