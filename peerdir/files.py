"""Reading what an editor or a file system hands the build: text files and the folder of pages.

Anything may sit where a file is expected: a folder, a link that leads nowhere or in a
circle, a named pipe (reading it waits for ever), a socket or a device, a file nobody may
read, bytes that are not UTF-8, invisible control characters. Each is reported as one
problem at the file (or at the character) instead of a traceback or a hang.

Text is accepted as Windows editors save it: a byte order mark at the start is dropped and
CRLF line endings become LF, so that every later step sees the lines GitHub shows.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path

import yaml

from .problems import ProblemList, position_in

# The characters YAML forbids in a stream (PyYAML's own list: C0 controls but tab, LF and CR,
# DEL, C1 controls but NEL, U+FFFE and U+FFFF), and the noncharacters U+FDD0-U+FDEF, which are
# never text and which the loader keeps for its own use (see load.py).
_FORBIDDEN = re.compile(f"{yaml.reader.Reader.NON_PRINTABLE.pattern}|[\ufdd0-\ufdef]")
# Opening never waits (a pipe swapped in after the check) nor adopts a terminal.
_OPEN_FLAGS = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)


def read_text(path: Path, display_name: str, problems: ProblemList) -> str | None:
    """A text file as UTF-8, with LF line endings; None, with the problem reported, when it
    cannot be read, is not UTF-8 or holds a control character."""
    data = read_bytes(path)
    if isinstance(data, str):
        problems.add(display_name, 1, 1, "", data)
        return None
    try:
        text = data.decode("utf-8-sig").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        problems.add(
            display_name, line, column, "",
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8 "
            "(in most editors: 'Save with encoding' > 'UTF-8')",
        )
        return None
    if forbidden := _FORBIDDEN.search(text):
        _report_control_character(text, forbidden, display_name, problems)
        return None
    return text


def read_bytes(path: Path) -> bytes | str:
    """The bytes of a regular file, or a sentence saying why it cannot be read."""
    if why := not_a_plain_file(path):
        return why
    try:
        with open(os.open(path, _OPEN_FLAGS), "rb") as file:
            mode = os.fstat(file.fileno()).st_mode  # what was opened, if it changed since
            if not stat.S_ISREG(mode):
                return f"this is {_kind(mode)}, not a file; {_HOW_TO_REPLACE}"
            return file.read()
    except OSError as error:
        return _why_unreadable(path, error)


def not_a_plain_file(path: Path) -> str | None:
    """Why `path` is not a regular file that can be opened, or None when it is one."""
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        return _why_unreadable(path, error)
    return None if stat.S_ISREG(mode) else f"this is {_kind(mode)}, not a file; {_HOW_TO_REPLACE}"


_HOW_TO_REPLACE = "put the file itself here (restore it from git if need be)"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (reading it would wait for ever)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "something other than a file"


def _why_unreadable(path: Path, error: OSError) -> str:
    if error.errno == errno.ENOENT and path.is_symlink():
        return f"this is a link to `{os.readlink(path)}`, which does not exist; {_HOW_TO_REPLACE}"
    if error.errno == errno.ENOENT:
        return "the file is missing; create it or restore it from git"
    if error.errno == errno.ELOOP:
        return f"this is a link that leads round in a circle; {_HOW_TO_REPLACE}"
    if error.errno in (errno.EACCES, errno.EPERM):
        return "the file cannot be read: permission denied; allow reading it (chmod a+r) or restore it from git"
    return f"the file cannot be read ({_reason(error)}); {_HOW_TO_REPLACE}"


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def _report_control_character(text: str, found: re.Match[str], display_name: str, problems: ProblemList) -> None:
    line, column = position_in(text, found.start())
    more = len(_FORBIDDEN.findall(text, found.end()))
    also = f" ({more} more further on)" if more else ""
    problems.add(display_name, line, column, "",
                 f"an invisible control character (U+{ord(found.group()):04X}) is here{also}; delete it "
                 "(it can come with text pasted from another program)")


def files_under(folder: Path, root: Path, problems: ProblemList) -> list[Path]:
    """Every file under `folder`, sorted, following links to folders as MkDocs does; a
    folder that cannot be read, or a link that leads back to a folder above it, is reported
    (pathlib's glob would skip the first without a word and go round the second)."""
    if not folder.is_dir():
        if os.path.lexists(folder):
            problems.add(display_name(folder, root), 1, 1, "", "this should be the folder of pages, but it is "
                         "not a folder (or it is a link that leads nowhere); restore it from git")
        return []

    def unreadable(error: OSError) -> None:
        problems.add(display_name(Path(error.filename), root), 1, 1, "",
                     f"this folder cannot be read ({_reason(error)}), so its pages were not checked; "
                     "allow reading it (chmod a+rx) or restore it from git")

    found: list[Path] = []
    for here, folders, files in os.walk(folder, onerror=unreadable, followlinks=True):
        for name in _links_round_in_a_circle(here, folders):
            folders.remove(name)
            problems.add(display_name(Path(here, name), root), 1, 1, "", "this is a link to a folder it is in, "
                         "so it leads round in a circle; delete the link")
        for path in (Path(here, name) for name in files):
            # Pages are read, and so checked, later; any other file is copied as it is, which a pipe would stall.
            why = None if path.suffix == ".md" else not_a_plain_file(path)
            if why:
                problems.add(display_name(path, root), 1, 1, "", why)
            else:
                found.append(path)
    return sorted(found)


def _links_round_in_a_circle(here: str, folders: list[str]) -> list[str]:
    real_here = os.path.realpath(here)
    return [name for name in folders
            if os.path.commonpath([real_here, real := os.path.realpath(os.path.join(here, name))]) == real]


def display_name(path: Path, root: Path) -> str:
    """How a file is named in messages: relative to the project, e.g. `content/newsletter/...md`."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def write_email_files(folder: Path, slug: str, email_html: str, email_text: str) -> list[Path]:
    """`build.py email`: an issue's e-mail edition as `<slug>-email.html` and `.txt` in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for suffix, content in ((".html", email_html), (".txt", email_text)):
        path = (folder / f"{slug}-email{suffix}").resolve()
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
