"""`build.py report` and the maintainers' page; `build.py check-links` against a local server."""

from __future__ import annotations

import functools
import http.server
import threading
from dataclasses import replace
from datetime import date
from pathlib import Path

from peerdir.github_text import inert_markdown
from peerdir.links import broken_links_report, check_links, external_links
from peerdir.render import SiteSettings, render_site
from peerdir.report import attention_items, is_stale
from peerdir.validate import load_directory

from .conftest import FIXTURES, TODAY, run_cli

REPORT = FIXTURES / "report"  # one group or event for each case; the comments in its files say which

# What needs attention on the tests' build date, worked out by hand from the fixture's dates and lines.
EXPECTED_ITEMS = [
    ("events.yaml", 3, 5, "events[0].register",
     "No Register: no way to register (add register.url, register.email or register.phone)"),
    ("events.yaml", 29, 5, "events[4].register",
     "Note Only: no way to register (add register.url, register.email or register.phone)"),
    ("groups.yaml", 22, 20, "groups[1].last_verified",
     "Stale Group: details last checked 2025-06-30, 16 months ago; check them with the group and update last_verified"),
    ("groups.yaml", 32, 20, "groups[2].last_verified",
     "A Year to the Day: details last checked 2025-11-23, 12 months ago; check them with the group and update "
     "last_verified"),
    ("groups.yaml", 73, 20, "groups[6].last_verified",
     "Resting Group: details last checked 2025-01-10, 22 months ago; check them with the group and update last_verified"),
]


def test_the_report_lists_exactly_what_needs_attention() -> None:
    """Stale and temporarily closed groups and events with no url, e-mail or phone; not fresh groups, one a
    day short of a year, one ten months back by a late day of the month, closed groups, or events with any
    one way to register."""
    directory = load_directory(REPORT).directory
    items = attention_items(directory, date.fromisoformat(TODAY))
    assert [(i.file, i.line, i.column, i.field, i.message) for i in items] == EXPECTED_ITEMS


def test_the_report_command_prints_them_with_file_and_line() -> None:
    result = run_cli("--root", str(REPORT), "report", "--today", TODAY)
    assert result.code == 0
    assert result.stdout.splitlines() == [f"{file}:{line}:{column}: {field}: {message}"
                                          for file, line, column, field, message in EXPECTED_ITEMS]
    assert result.stderr.strip().endswith("5 items need attention")


def test_staleness_is_judged_against_the_build_date() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    group = directory.groups[0]  # checked 2026-10-01
    assert not is_stale(group, date(2027, 9, 30))
    assert is_stale(group, date(2027, 10, 1))
    later = attention_items(directory, date(2028, 1, 1))
    assert [i.field for i in later] == ["events[1].register", "events[3].register", "events[4].register",  # note only, none, none
                                        "groups[0].last_verified", "groups[1].last_verified", "groups[2].last_verified"]
    assert [i.message.split(", ")[1] for i in later if i.file == "groups.yaml"] == [
        "15 months ago; check them with the group and update last_verified",  # 2026-10-01
        "15 months ago; check them with the group and update last_verified",  # 2026-09-15
        "35 months ago; check them with the group and update last_verified"]  # 2025-01-10


def test_a_group_is_stale_from_twelve_whole_months() -> None:
    directory = load_directory(REPORT).directory
    by_id = {group.id: group for group in directory.groups}
    assert is_stale(by_id["year-to-the-day"], date(2026, 11, 23))
    assert not is_stale(by_id["year-to-the-day"], date(2026, 11, 22))
    assert not is_stale(by_id["a-day-short"], date(2026, 11, 23))
    assert is_stale(by_id["a-day-short"], date(2026, 11, 24))
    assert not is_stale(by_id["late-in-the-month"], date(2026, 11, 23))  # ten whole months
    assert is_stale(by_id["late-in-the-month"], date(2026, 12, 28))


# The maintainers' page's table, written out: the field in a code span, as it is; the message Markdown-escaped.
EXPECTED_ROWS = """\
| File and line | Field | What to do |
| --- | --- | --- |
| `events.yaml:3` | `events[0].register` | No Register: no way to register \\(add register\\.url, register\\.email or \
register\\.phone\\) |
| `events.yaml:29` | `events[4].register` | Note Only: no way to register \\(add register\\.url, register\\.email or \
register\\.phone\\) |
| `groups.yaml:22` | `groups[1].last_verified` | Stale Group: details last checked 2025\\-06\\-30, 16 months ago; \
check them with the group and update last\\_verified |
| `groups.yaml:32` | `groups[2].last_verified` | A Year to the Day: details last checked 2025\\-11\\-23, 12 months \
ago; check them with the group and update last\\_verified |
| `groups.yaml:73` | `groups[6].last_verified` | Resting Group: details last checked 2025\\-01\\-10, 22 months \
ago; check them with the group and update last\\_verified |
"""


def test_the_maintainers_page_has_a_row_for_each_item() -> None:
    directory = load_directory(REPORT).directory
    page = str(render_site(directory, SiteSettings(today=date.fromisoformat(TODAY)))["editors/maintainers.md"])
    assert "exclude: true" in page and "As of 23 November 2026." in page
    table = page[page.index("| File and line"):page.index("\n\nSee the")] + "\n"
    assert table == EXPECTED_ROWS


def test_the_maintainers_page_says_when_nothing_needs_attention() -> None:
    directory = load_directory(REPORT).directory
    page = str(render_site(directory, SiteSettings(today=date(2026, 7, 1)))["editors/maintainers.md"])
    # On 1 July 2026 the stale group has just reached a year (30 June 2025), the resting group is long past it,
    # and the two events still have no way to register.
    assert [row.split(" | ")[0] for row in page.split("\n") if row.startswith("| `")] == [
        "| `events.yaml:3`", "| `events.yaml:29`", "| `groups.yaml:22`", "| `groups.yaml:73`"]
    fresh = replace(directory, groups=directory.groups[:1], events=directory.events[1:4])
    page = str(render_site(fresh, SiteSettings(today=date.fromisoformat(TODAY)))["editors/maintainers.md"])
    assert "Nothing needs attention." in page and "| File and line" not in page


class Answers(http.server.BaseHTTPRequestHandler):
    def do_HEAD(self) -> None:
        self.send_response(200 if self.path.startswith("/ok") else 404)
        self.end_headers()

    do_GET = do_HEAD

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_check_links_reports_only_the_broken_ones(tmp_path: Path) -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Answers))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        (tmp_path / "support_types.yaml").write_text((FIXTURES / "valid" / "support_types.yaml").read_text())
        (tmp_path / "events.yaml").write_text("events: []\n")
        groups = (FIXTURES / "valid" / "groups.yaml").read_text()
        groups = groups.replace("https://riverside.example.org/parents", f"{base}/ok/riverside")
        groups = groups.replace("https://social.example.org/@riverside", f"{base}/ok/social")
        groups = groups.replace("https://dads.example.org", f"{base}/gone/dads")
        (tmp_path / "groups.yaml").write_text(groups)
        directory = load_directory(tmp_path).directory
        links = external_links(directory)
        assert len(links) == 3
        results = check_links(links)
        report = broken_links_report(results)
        # Every cell is inert text (github_text.py): the address is there, escaped, and no longer a link.
        assert inert_markdown(f"{base}/gone/dads") in report and "404" in report and "ok\\/" not in report
        assert inert_markdown("groups.yaml line") in report
        cli = run_cli("--root", str(tmp_path), "check-links")
        assert cli.code == 1 and inert_markdown(f"{base}/gone/dads") in cli.stdout
    finally:
        server.shutdown()
        server.server_close()
