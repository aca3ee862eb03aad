"""How the open-data files are written as JSON: a small document people read indented, a data
file that grows with the directory compact, and a long list from its items dumped one by one."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any


def dump_json(document: Any) -> str:
    """A small document people read (a schema), indented. Not escaped for HTML: these are files of
    their own, never put inside a page."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def dump_data(document: Any) -> str:
    """A data file that grows with the directory, compact: a third smaller, and written by the C
    encoder, which Python uses only without indentation (indented, these were a tenth of a build)."""
    return dump_compact(document) + "\n"


def dump_list(dumped_items: Iterable[str]) -> str:
    """`dump_data` of a list, from its items dumped one by one (by `dump_compact`, and remembered: in
    the live preview, writing every group's JSON again was the largest part of the open data). An
    item dumped as "" is left out."""
    return "[" + ",".join(item for item in dumped_items if item) + "]\n"


def dump_compact(value: Any) -> str:
    """One value as compact JSON, with no newline: an item for `dump_list`, or a piece of a document."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

