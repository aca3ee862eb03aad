"""Single random edits of the sample's files, as a hurried editor or a broken tool might make them.

Whatever the edit, `validate` exits 0 or 1, never with a traceback or a hang, and every line it
prints is one `file:line:col:` message; an edit it accepts builds. Hypothesis runs a fixed number
of examples from a fixed seed (derandomize), so a run in CI is the same every time."""

from __future__ import annotations

import contextlib
import io
import re
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from peerdir.cli import main

from .conftest import TODAY, copy_project, run_cli

FILES = ("groups.yaml", "events.yaml", "support_types.yaml", "content/newsletter/2026-11-peertalk.md")
# Pieces that have broken a loader or a renderer somewhere: YAML syntax, control characters, the line
# breaks that only some tools count, invisible and bidi characters, values at and past every bound.
PIECES = (
    "\x00", "\x1b", "\x7f", "\t", "\r", "\r\n", "\x85", "\u2028", "\u2029", "\ufeff", "\u202e", "\u200b",
    ": ", "- ", "-", "? ", "[", "]", "{", "}", "[[[[[[[[", '"', "'", "#", "&anchor ", "*anchor", "!!python/object:os.system",
    "|", ">", "  ", "~", "null", "yes", "0x1F", "1e-400", "5_1.48", ".inf", "9999-12-31", "0000-01-01", "24:00",
    "index", "a" * 300, "<script>alert(1)</script>", "`", "%", "@", "?cc=x@evil.example", "javascript:", "https://.",
    "https://user:pass@example.org", "+44", "---123", "<!-- peerdir: diary -->", "<!-- PEERDIR: groups -->", "---\n",
)
# A fixed seed and no example database: CI runs the same examples every time, bounded by count, not time.
SAME_EVERY_RUN = {"derandomize": True, "deadline": None, "database": None,
                  "suppress_health_check": [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]}
SAMPLE_MESSAGE = re.compile(r"[^:\n]+:\d+:\d+: [^\n]*")
ALL_GOOD = re.compile(r"All good: \d+ groups?, \d+ events?, \d+ newsletter issues? checked\.\n")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("fuzz"))


@dataclass(frozen=True)
class Edit:
    """One edit of one file: a piece put in, a span replaced, or a whole line moved about."""

    file: str
    kind: str
    piece: str
    position: int
    length: int

    def apply(self, text: str) -> str:
        at = self.position % (len(text) + 1)
        lines = text.splitlines(keepends=True)
        line = self.position % max(len(lines), 1)
        if self.kind == "insert":
            return text[:at] + self.piece + text[at:]
        if self.kind == "replace":
            return text[:at] + self.piece + text[at + self.length:]
        if self.kind == "delete-line":
            return "".join(lines[:line] + lines[line + 1:])
        if self.kind == "duplicate-line":
            return "".join(lines[: line + 1] + lines[line:])
        if self.kind == "swap-lines" and line + 1 < len(lines):
            lines[line], lines[line + 1] = lines[line + 1], lines[line]
            return "".join(lines)
        return "".join(lines[:line] + ["  " + x for x in lines[line: line + 1]] + lines[line + 1:])


EDITS = st.builds(
    Edit,
    file=st.sampled_from(FILES),
    kind=st.sampled_from(("insert", "replace", "delete-line", "duplicate-line", "swap-lines", "indent")),
    piece=st.one_of(st.sampled_from(PIECES), st.text(max_size=8)),
    position=st.integers(0, 10**6),
    length=st.integers(1, 40),
)


@contextlib.contextmanager
def edited(project: Path, edit: Edit) -> Iterator[None]:
    path = project / edit.file
    original = path.read_bytes()
    path.write_bytes(edit.apply(original.decode("utf-8")).encode("utf-8"))
    try:
        yield
    finally:
        path.write_bytes(original)


@contextlib.contextmanager
def no_longer_than(seconds: int) -> Iterator[None]:
    """A hang fails the example instead of the whole run (validate runs in this process, for speed)."""
    def stop(*_: object) -> None:
        raise TimeoutError(f"validate took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def validate(project: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), no_longer_than(20):
        code = main(["--root", str(project), "validate", "--today", TODAY])
    return code, out.getvalue(), err.getvalue()


def assert_one_message_a_line(code: int, stdout: str, stderr: str) -> None:
    assert code in (0, 1), (code, stdout, stderr)
    if code == 0:
        assert ALL_GOOD.fullmatch(stdout), stdout
        return
    lines = stdout.splitlines()
    assert lines, "exit 1 without a message"
    for line in lines:
        assert SAMPLE_MESSAGE.fullmatch(line), f"not one file:line:col: message: {line!r}"
    assert re.fullmatch(r"\d+ problems? found\n", stderr), stderr


@settings(max_examples=400, **SAME_EVERY_RUN)
@given(edit=EDITS)
def test_validate_survives_any_single_edit_with_one_line_messages(project: Path, edit: Edit) -> None:
    with edited(project, edit):
        code, stdout, stderr = validate(project)
        event("accepted" if code == 0 else "refused")  # shown by pytest --hypothesis-show-statistics
        assert_one_message_a_line(code, stdout, stderr)


@settings(max_examples=30, **SAME_EVERY_RUN)
@given(edit=EDITS)
def test_an_edit_that_validate_accepts_builds(project: Path, edit: Edit) -> None:
    with edited(project, edit):
        code, stdout, stderr = validate(project)
        assert_one_message_a_line(code, stdout, stderr)
        event("accepted, then built" if code == 0 else "refused")
        if code == 0:
            result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-dir", str(project / "site"))
            assert result.code == 0 and "Traceback" not in result.stderr, result.stderr
