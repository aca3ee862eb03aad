"""A hand-written page with hostile HTML, as the build's allow-list leaves it, in a real page of a real
build, opened in headless Chromium: nothing runs and nothing is injected (validate refuses such a page
first: tests/test_page_html.py; this is the second line of defence)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ..conftest import copy_project
from ..test_page_html import hostile_page_as_built
from .conftest import build_and_serve
from .test_untrusted_text import assert_nothing_ran, open_and_settle, recording  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser
ISSUE = "newsletter/2026-11-peertalk/"


def test_the_sanitised_hostile_page_runs_nothing_in_a_browser(recording, tmp_path: Path) -> None:  # noqa: F811
    project = copy_project(tmp_path)
    for base in build_and_serve(project):
        page = project / "site" / ISSUE / "index.html"
        built = page.read_text()
        start, end = built.index("<h2"), built.rindex("</article>")
        page.write_text(built[:start] + hostile_page_as_built() + built[end:])
        open_and_settle(recording, base + ISSUE)
        assert_nothing_ran(recording, ISSUE)
        assert recording.title != "pwned"
        assert "Hover here." in recording.page_source and "Details stay." in recording.page_source
