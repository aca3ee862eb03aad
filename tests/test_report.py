"""`build.py report` and the maintainers' page; `build.py check-links` against a local server."""

from __future__ import annotations

import functools
import http.server
import threading
from datetime import date
from pathlib import Path

from peerdir.github_text import inert_markdown
from peerdir.links import broken_links_report, check_links, external_links
from peerdir.render import SiteSettings, render_site
from peerdir.report import attention_items, is_stale
from peerdir.validate import load_directory

from .conftest import FIXTURES, TODAY, run_cli


def test_report_lists_stale_groups_with_file_and_line() -> None:
    result = run_cli("--root", str(FIXTURES / "valid"), "report", "--today", TODAY)
    assert result.code == 0
    lines = result.stdout.strip().splitlines()
    stale = [line for line in lines if "last_verified" in line]
    assert len(stale) == 1
    assert stale[0].startswith("groups.yaml:") and "The Old Friends Circle" in stale[0]
    assert "1 item need attention" in result.stderr or "items need attention" in result.stderr


def test_staleness_is_judged_against_the_build_date() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    group = directory.groups[0]  # checked 2026-10-01
    assert not is_stale(group, date(2027, 9, 30))
    assert is_stale(group, date(2027, 10, 1))
    later = attention_items(directory, date(2028, 1, 1))
    assert {i.field for i in later} >= {f"groups[{n}].last_verified" for n in range(3)}


def test_the_maintainers_page_lists_the_same_items() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    pages = render_site(directory, SiteSettings(today=date.fromisoformat(TODAY)))
    page = pages["editors/maintainers.md"]
    assert "The Old Friends Circle" in page and "exclude: true" in page
    for item in attention_items(directory, date.fromisoformat(TODAY)):
        assert f"`{item.file}:{item.line}`" in page


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
