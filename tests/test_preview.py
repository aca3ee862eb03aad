"""The live preview (`build.py serve`): an edit to the data shows, and only what changed is rendered again.

A real `build.py serve` process on the small fixture project, read over HTTP as a browser would.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .conftest import REPO, TODAY

WAIT_SECONDS = 120


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"the preview never showed {what}"
        time.sleep(0.2)


@pytest.fixture
def preview(small_project: Path) -> Iterator[tuple[Path, str]]:
    """The small project served by `build.py serve`; yields the project and the site's base URL."""
    port = free_port()
    log = (small_project / "serve.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "build.py"), "--root", str(small_project), "serve", "--port", str(port),
         "--today", TODAY],
        # Its log goes to a file: a pipe nobody reads would fill up and stop the server.
        stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        # Ctrl-C stops the server even when the tests run in the background, where it is ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    base = f"http://127.0.0.1:{port}/peer-support/"
    try:
        wait_for(lambda: fetch(base + "groups/riverside-parents/")[0] == 200, "the first build")
        yield small_project, base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def search_docs(base: str) -> list[dict]:
    return json.loads(fetch(base + "search/search_index.json")[1])["docs"]


def pages_in(docs: list[dict]) -> list[str]:
    return sorted(doc["location"] for doc in docs if "#" not in doc["location"])


def edit(project: Path, old: str, new: str) -> None:
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    assert old in text
    groups.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_group_shows_in_its_page_the_lists_and_search(preview: tuple[Path, str]) -> None:
    project, base = preview
    before = search_docs(base)
    edit(project, "name: Riverside Parents Group", "name: Riverbank Parents Group")
    wait_for(lambda: "Riverbank Parents Group" in fetch(base + "groups/riverside-parents/")[1], "the new name")
    assert "Riverbank Parents Group" in fetch(base + "browse/a-z/")[1]
    docs = search_docs(base)
    # Every page is in the index once, the edited one with its new words only.
    assert pages_in(docs) == pages_in(before)
    titles = {doc["title"] for doc in docs if doc["location"] == "groups/riverside-parents/"}
    assert titles == {"Riverbank Parents Group"}
    assert not any("Riverside Parents Group" in doc["title"] for doc in docs)
    # The pages the edit did not touch are still served as they were.
    assert "Dads Online" in fetch(base + "groups/dads-online/")[1]


def test_a_deleted_group_leaves_the_preview(preview: tuple[Path, str]) -> None:
    project, base = preview
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    start, end = text.index("  - id: old-friends"), len(text)
    groups.write_text(text[:start] + text[end:], encoding="utf-8")
    wait_for(lambda: fetch(base + "groups/old-friends/")[0] == 404, "the deleted group's page gone")
    assert "The Old Friends Circle" not in fetch(base + "browse/a-z/")[1]
    assert not [doc for doc in search_docs(base) if doc["location"].startswith("groups/old-friends/")]


def test_a_change_to_the_theme_renders_every_page_again(preview: tuple[Path, str]) -> None:
    # Generated pages whose data did not change are otherwise left as they were: not after this.
    project, base = preview
    bar = project / "overrides" / "partials" / "help-now.html"
    bar.write_text(bar.read_text(encoding="utf-8").replace("Need help now?", "Need help right now?"), encoding="utf-8")
    wait_for(lambda: "Need help right now?" in fetch(base + "groups/dads-online/")[1], "the changed template")
    assert "Need help right now?" in fetch(base + "browse/a-z/")[1]
