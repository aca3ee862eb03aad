"""Putting a newly built folder in place of the old one in a single step.

A build writes the new site beside the old one (`site.new/`) and then swaps the two. With two
renames (`site/` to `site.old/`, then `site.new/` to `site/`) a build killed between them left no
`site/` at all, and a server or an upload reading it found nothing. On Linux, `renameat2` with
`RENAME_EXCHANGE` swaps two names in one system call: whenever the process dies, `site/` is a whole
site, the previous one or the new one. Both stay real folders (GitHub's upload-pages-artifact packs
`site/` with tar, which a symbolic link to a versioned folder would not suit).
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

_AT_FDCWD = -100  # <fcntl.h>: paths are taken as they are (relative ones to the working folder)
_RENAME_EXCHANGE = 1 << 1  # <linux/fs.h>
# The kernel or file system cannot exchange: the caller falls back to two renames.
_CANNOT_EXCHANGE = {errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP}
AUDIT_EVENT = "peerdir.swap.exchange"  # raised before the exchange, as os.rename raises "os.rename"

NOT_ATOMIC_NOTE = ("note: this system cannot swap two folders in one step (Linux's renameat2), so {target} "
                   "was replaced by two renames; a build killed between them leaves no {target} but the "
                   "previous site in {previous}, which the next build puts back")


def _load_renameat2() -> Callable[..., int] | None:
    """libc's renameat2 (glibc 2.28 and later), or None where there is none (macOS, Windows, musl < 1.2.4)."""
    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError, TypeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


_renameat2 = _load_renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swap the names of two existing paths in one system call. False where the system cannot (nothing
    has changed then); an OSError for any other failure (a path missing, no permission)."""
    if _renameat2 is None:
        return False
    sys.audit(AUDIT_EVENT, str(first), str(second))
    if _renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _CANNOT_EXCHANGE:
        return False
    raise OSError(code, os.strerror(code), str(first), None, str(second))


def leftovers(target: Path) -> tuple[Path, Path]:
    """The folders a build puts beside `target`: the new site while it is built, the old one while
    it is deleted."""
    return target.with_name(target.name + ".new"), target.with_name(target.name + ".old")


def tidy(target: Path) -> None:
    """Remove what a killed build left beside `target`; `target` itself is always whole. Only two
    renames (`replace_by_renames`) killed between them leave no `target`: the previous site goes back."""
    new, previous = leftovers(target)
    if previous.is_dir() and not target.exists():
        previous.rename(target)
    for folder in (new, previous):
        shutil.rmtree(folder, ignore_errors=True)


def replace_folder(new: Path, target: Path) -> None:
    """Put `new` in place of `target` (which may not exist yet) and delete the old one."""
    if not target.exists():
        new.rename(target)  # one rename: there was nothing to lose
        return
    if exchange(new, target):
        shutil.rmtree(new)  # `new` now names the previous site
    else:
        replace_by_renames(new, target)


def replace_by_renames(new: Path, target: Path) -> None:
    """Where the system cannot exchange: `target` aside, `new` in its place; there is a moment with
    no `target`, which the build says."""
    previous = leftovers(target)[1]
    print(NOT_ATOMIC_NOTE.format(target=target, previous=previous), file=sys.stderr)
    shutil.rmtree(previous, ignore_errors=True)
    target.rename(previous)
    new.rename(target)
    shutil.rmtree(previous)
