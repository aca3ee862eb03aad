"""Whatever sits where a file or a folder of pages is expected, validate answers with one line
per problem and exit 1: never a traceback, never a hang. CRLF and a byte order mark are fine."""

from __future__ import annotations

import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, TODAY

HOW_TO_REPLACE = "put the file itself here (restore it from git if need be)"


def validate(root: Path, *as_user: str) -> subprocess.CompletedProcess[str]:
    """`build.py validate` on `root`; the timeout only stops a hang from stopping the suite."""
    command = [*as_user, sys.executable, str(REPO / "build.py"), "--root", str(root), "validate", "--today", TODAY]
    return subprocess.run(command, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})


def data_project(folder: Path) -> Path:
    for name in ("groups.yaml", "events.yaml", "support_types.yaml"):
        shutil.copy(FIXTURES / "valid" / name, folder / name)
    return folder


def make_socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))


NOT_FILES: dict[str, tuple[Callable[[Path], object], str]] = {
    "folder": (Path.mkdir, f"this is a folder, not a file; {HOW_TO_REPLACE}"),
    "link-to-nowhere": (lambda p: p.symlink_to("nowhere.yaml"),
                        f"this is a link to `nowhere.yaml`, which does not exist; {HOW_TO_REPLACE}"),
    "link-to-itself": (lambda p: p.symlink_to(p.name), f"this is a link that leads round in a circle; {HOW_TO_REPLACE}"),
    "named-pipe": (os.mkfifo, f"this is a named pipe (reading it would wait for ever), not a file; {HOW_TO_REPLACE}"),
    "socket": (make_socket, f"this is a socket, not a file; {HOW_TO_REPLACE}"),
    "device": (lambda p: p.symlink_to("/dev/zero"), f"this is a device, not a file; {HOW_TO_REPLACE}"),
}


@pytest.mark.parametrize("kind", NOT_FILES)
def test_a_data_file_that_is_not_a_file_is_one_message(kind: str, tmp_path: Path) -> None:
    make, message = NOT_FILES[kind]
    (data_project(tmp_path) / "groups.yaml").unlink()
    make(tmp_path / "groups.yaml")
    result = validate(tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (1, f"groups.yaml:1:1: {message}\n", "1 problem found\n")


@pytest.mark.parametrize(("place", "kind"), [
    ("content/newsletter/2026-11-peertalk.md", "link-to-itself"),
    ("content/newsletter/2026-11-peertalk.md", "named-pipe"),
    # MkDocs copies a picture or a stylesheet as it is: a pipe there would stall the build.
    ("content/images/logo.png", "link-to-nowhere"),
    ("content/images/logo.png", "named-pipe"),
    ("content/images/logo.png", "socket"),
])
def test_a_file_of_the_pages_that_is_not_a_file_is_one_message(place: str, kind: str, tmp_path: Path) -> None:
    make, message = NOT_FILES[kind]
    (data_project(tmp_path) / place).parent.mkdir(parents=True)
    make(tmp_path / place)
    result = validate(tmp_path)
    assert result.stdout == f"{place}:1:1: {message}\n"


def test_a_link_to_a_folder_above_is_one_message_not_a_walk_in_circles(tmp_path: Path) -> None:
    (data_project(tmp_path) / "content" / "newsletter").mkdir(parents=True)
    (tmp_path / "content" / "newsletter" / "again").symlink_to("..")
    result = validate(tmp_path)
    assert result.stdout == ("content/newsletter/again:1:1: this is a link to a folder it is in, so it leads round "
                             "in a circle; delete the link\n")


def test_a_folder_of_pages_that_is_not_a_folder_is_one_message(tmp_path: Path) -> None:
    (data_project(tmp_path) / "content").symlink_to("pages")
    result = validate(tmp_path)
    assert result.stdout == ("content:1:1: this should be the folder of pages, but it is not a folder (or it is a link "
                             "that leads nowhere); restore it from git\n")


# --------------------------------------------------------------------------- what a user may not read


@pytest.fixture
def other_user() -> list[str]:
    """The command prefix that runs validate so that permission bits refuse it: root reads everything
    through its capabilities to override them, so as root validate runs without those two. (Running as
    `nobody` instead fails wherever the clone sits in a folder only root may enter, as mktemp's are.)"""
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot be tried")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A project folder any user may read (pytest's own are root's alone)."""
    folder = Path(tempfile.mkdtemp(prefix="peerdir-test-"))
    folder.chmod(0o755)
    yield folder
    for path in [folder, *folder.rglob("*")]:
        if not path.is_symlink():
            path.chmod(0o755)
    shutil.rmtree(folder)


def test_a_data_file_nobody_may_read_is_one_message(other_user: list[str], open_folder: Path) -> None:
    (data_project(open_folder) / "groups.yaml").chmod(0)
    result = validate(open_folder, *other_user)
    assert result.stdout == ("groups.yaml:1:1: the file cannot be read: permission denied; allow reading it "
                             "(chmod a+r) or restore it from git\n")


def test_a_folder_of_issues_nobody_may_read_is_one_message(other_user: list[str], open_folder: Path) -> None:
    issues = data_project(open_folder) / "content" / "newsletter"
    issues.mkdir(parents=True)
    shutil.copy(FIXTURES / "newsletter" / "2026-12-fixture.md", issues)
    (open_folder / "content").chmod(0o755)
    issues.chmod(stat.S_IWUSR)
    result = validate(open_folder, *other_user)
    assert result.stdout == ("content/newsletter:1:1: this folder cannot be read (permission denied), so its pages "
                             "were not checked; allow reading it (chmod a+rx) or restore it from git\n")


# --------------------------------------------------------------------------- what is in a file


def test_a_control_character_in_a_page_is_reported_where_it_is(tmp_path: Path) -> None:
    (data_project(tmp_path) / "content").mkdir()
    (tmp_path / "content" / "index.md").write_bytes(b"# Home\n\nWelcome\x00 and \x7f.\n")
    result = validate(tmp_path)
    assert result.stdout == ("content/index.md:3:8: an invisible control character (U+0000) is here (1 more further "
                             "on); delete it (it can come with text pasted from another program)\n")


def test_crlf_line_endings_and_a_byte_order_mark_are_accepted_in_every_file(sample_project: Path) -> None:
    edited = [*sample_project.glob("*.yaml"), *(sample_project / "content").rglob("*.md")]
    for path in edited:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert any(path.parent.name == "newsletter" for path in edited)
    result = validate(sample_project)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("All good: ") and result.stdout.count("\n") == 1, result.stdout
