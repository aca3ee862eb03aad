"""The live preview (`build.py serve`): an edit to the data shows, and only what changed is rendered again.

A real `build.py serve` process on the small fixture project, read over HTTP as a browser would.
"""

from __future__ import annotations

import gc
import html
import http.client
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from peerdir.preview import PROBLEMS_TITLE
from peerdir.render import SiteSettings, render_pages, render_site
from peerdir.validate import load_directory

from .browser.conftest import free_port, new_browser, screenshot
from .browser.test_accessibility import axe_violations, emulate, serious
from .conftest import FIXTURES, REPO, TODAY, run_cli

WAIT_SECONDS = 120


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
    with served(small_project, "groups/riverside-parents/") as base:
        yield small_project, base


@contextmanager
def served(project: Path, first_page: str, python: str = sys.executable, *options: str) -> Iterator[str]:
    """`build.py serve` of `project` (run by `python`, with `options`), once it serves `first_page`;
    yields the site's base URL."""
    port = free_port()
    log = (project / "serve.log").open("w")
    process = subprocess.Popen(
        [python, str(REPO / "build.py"), "--root", str(project), "serve", "--port", str(port),
         "--today", TODAY, *options],
        # Its log goes to a file: a pipe nobody reads would fill up and stop the server.
        stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        # Ctrl-C stops the server even when the tests run in the background, where it is ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    base = f"http://127.0.0.1:{port}/peer-support/"
    try:
        wait_for(lambda: fetch(base + first_page)[0] == 200, "the first build")
        yield base
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


# The titles and addresses of the pages the preview's search finds for a query, asked of Pagefind's
# own script (pagefind/pagefind.js) in headless Chromium, as the site's search box asks it.
SEARCH = """
const [base, query, done] = arguments;
import(base + 'pagefind/pagefind.js?' + Date.now()).then(async (pagefind) => {
  await pagefind.options({baseUrl: new URL(base).pathname});
  const found = await pagefind.search(query);
  const pages = await Promise.all(found.results.map((result) => result.data()));
  done(pages.map((page) => [page.meta.title, page.url]));
}).catch((error) => done(String(error)));
"""


def search(base: str, query: str) -> list[tuple[str, str]]:
    """What the preview's search finds now: the index is written again in the background after each build."""
    driver = new_browser()
    try:
        driver.get(base)
        driver.set_script_timeout(30)
        found = driver.execute_async_script(SEARCH, base, query)
    finally:
        driver.quit()
    assert isinstance(found, list), found
    return [tuple(page) for page in found]


def edit(project: Path, old: str, new: str) -> None:
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    assert old in text
    groups.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_edited_group_shows_in_its_page_the_lists_and_search(preview: tuple[Path, str]) -> None:
    project, base = preview
    page = "/peer-support/groups/riverside-parents/"
    assert ("Riverside Parents Group", page) in search(base, "Riverside")
    edit(project, "name: Riverside Parents Group", "name: Riverbank Parents Group")
    wait_for(lambda: "Riverbank Parents Group" in fetch(base + "groups/riverside-parents/")[1], "the new name")
    assert "Riverbank Parents Group" in fetch(base + "browse/a-z/")[1]
    # The search finds the group by its new name, and no longer by its old one.
    wait_for(lambda: ("Riverbank Parents Group", page) in search(base, "Riverbank"), "the new name in the search")
    assert not [title for title, _ in search(base, "Riverside") if "Riverside Parents Group" in title]
    # The pages the edit did not touch are still served as they were.
    assert "Dads Online" in fetch(base + "groups/dads-online/")[1]


# Every file that shows a group's name, each worked out once per group and remembered between rebuilds.
NAMED_IN = ("groups/riverside-parents/", "browse/a-z/", "browse/type/peer-led/", "map/groups.json",
            "data/groups.json", "data/groups.csv", "data/hsds/services.json", "data/meeting-guide.json",
            "groups/riverside-parents.ics")


def test_a_renamed_group_shows_everywhere_it_is_named_and_its_old_name_nowhere(preview: tuple[Path, str]) -> None:
    project, base = preview
    assert all("Riverside Parents Group" in fetch(base + named)[1] for named in NAMED_IN)
    edit(project, "name: Riverside Parents Group", "name: Riverbank Parents Group")
    wait_for(lambda: "Riverbank Parents Group" in fetch(base + "groups/riverside-parents/")[1], "the new name")
    for named in NAMED_IN:
        text = fetch(base + named)[1]
        assert "Riverbank Parents Group" in text and "Riverside Parents Group" not in text, named


def test_a_renamed_type_of_support_shows_on_the_pages_of_the_groups_that_offer_it(preview: tuple[Path, str]) -> None:
    # A group's page and open-data records are remembered by the group and the vocabularies: the
    # group did not change, the name of one of its terms did.
    project, base = preview
    types = project / "support_types.yaml"
    types.write_text(types.read_text(encoding="utf-8").replace("name: Peer-led", "name: Led by peers"), encoding="utf-8")
    wait_for(lambda: "Led by peers" in fetch(base + "groups/riverside-parents/")[1], "the new name of the type")
    for named in ("browse/type/peer-led/", "data/groups.json", "data/groups.csv",
                  "data/hsds/services.json"):
        text = fetch(base + named)[1]
        assert "Led by peers" in text and "Peer-led" not in text, named


def test_a_deleted_group_leaves_the_preview(preview: tuple[Path, str]) -> None:
    project, base = preview
    groups = project / "groups.yaml"
    text = groups.read_text(encoding="utf-8")
    start, end = text.index("  - id: old-friends"), len(text)
    groups.write_text(text[:start] + text[end:], encoding="utf-8")
    wait_for(lambda: fetch(base + "groups/old-friends/")[0] == 404, "the deleted group's page gone")
    assert "The Old Friends Circle" not in fetch(base + "browse/a-z/")[1]
    wait_for(lambda: not [url for _, url in search(base, "Old Friends Circle") if "/groups/old-friends/" in url],
             "the deleted group gone from the search")


def test_a_change_to_the_theme_renders_every_page_again(preview: tuple[Path, str]) -> None:
    # Generated pages whose data did not change are otherwise left as they were: not after this.
    project, base = preview
    bar = project / "overrides" / "partials" / "help-now.html"
    bar.write_text(bar.read_text(encoding="utf-8").replace("Need help now?", "Need help right now?"), encoding="utf-8")
    wait_for(lambda: "Need help right now?" in fetch(base + "groups/dads-online/")[1], "the changed template")
    assert "Need help right now?" in fetch(base + "browse/a-z/")[1]


@pytest.mark.browser
def test_the_preview_keeps_the_security_policy_and_its_live_reload_runs(preview: tuple[Path, str]) -> None:
    """MkDocs' server adds its live-reload script to each page as it serves it: the page's policy names it
    (peerdir/content_policy.py), so it runs, and nothing else on the page is refused."""
    project, base = preview
    driver = new_browser()
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": (
            "window.__violations = []; document.addEventListener('securitypolicyviolation',"
            " (event) => window.__violations.push(event.violatedDirective + ' ' + event.sample));")})
        driver.get(base + "groups/riverside-parents/")
        assert driver.execute_script("return typeof livereload") == "function"
        policy = driver.execute_script(
            "return document.querySelector('meta[http-equiv=Content-Security-Policy]').content")
        assert "script-src 'self' 'wasm-unsafe-eval' 'sha256-" in policy and "unsafe-inline" not in policy
        assert driver.execute_script("return window.__violations") == []
        assert [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]] == []
    finally:
        driver.quit()


def answer(url: str) -> tuple[int, str]:
    """The status and text of a page, whatever the status; a request left waiting fails the test."""
    try:
        with urllib.request.urlopen(url, timeout=WAIT_SECONDS) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


GOOD_AREA, BAD_AREA = "area: kensington-and-chelsea", 'area: "<b>chelsea</b>"'  # the problem quotes the markup


def problems_of(project: Path) -> str:
    """What `build.py validate` says about the data: the preview must show exactly this."""
    messages = run_cli("--root", str(project), "validate", "--today", TODAY).stdout.strip()
    assert messages.startswith("groups.yaml:") and "<b>chelsea</b>" in messages
    return messages


def as_shown(messages: str) -> list[str]:
    """`build.py validate`'s lines as the preview's page shows each, a block of its own: where, the field
    (the text up to the first `: `; no field name has one), then what to do, all escaped."""
    shown = []
    for line in messages.splitlines():
        file, line_number, column, said = line.split(":", 3)
        field, _, message = said.strip().partition(": ")
        shown.append(f'<li><p class="where">{html.escape(file)}, line {line_number}, column {column} · '
                     f'<code>{html.escape(field)}</code></p><p class="what">{html.escape(message)}</p></li>')
    return shown


def test_the_problems_page_counts_in_words_and_says_nothing_of_the_engine() -> None:
    from peerdir.preview import problems_page
    from peerdir.problems import Problem

    one = Problem("groups.yaml", 3, 5, "groups[0].cost", "is empty: write what it costs, or `Free`")
    assert "Fix this problem and save the file" in problems_page([one]) and "it is fixed" in problems_page([one])
    two = problems_page([one], ["Doc file 'about.md' contains a link 'x.md', but the target is not found."])
    assert "Fix these 2 problems and save the file" in two and "they are fixed" in two
    assert "problem(s)" not in two and "Abort" not in two and "<pre>" not in two


def test_a_problem_in_the_data_is_shown_instead_of_every_page_until_it_is_fixed(preview: tuple[Path, str]) -> None:
    project, base = preview
    page = base + "groups/riverside-parents/"
    edit(project, GOOD_AREA, BAD_AREA)
    messages = problems_of(project)
    # Before, MkDocs left every request waiting until the data was fixed: `answer` would time out.
    wait_for(lambda: PROBLEMS_TITLE in answer(page)[1], "the problems")
    status, text = answer(page)
    assert status == 503
    for shown in as_shown(messages):  # the exact messages, a block each, as text: the editors' markup stays text
        assert shown in text
    assert text.count("<li>") == len(messages.splitlines())
    assert "<b>chelsea</b>" not in text
    assert "Abort" not in text and "BuildError" not in text and "problem(s)" not in text
    assert "livereload(" in text  # MkDocs' script, which reloads the page after the next build
    assert as_shown(messages)[0] in answer(base + "browse/a-z/")[1]
    assert answer(base + "pagefind/pagefind.js")[0] == 200  # files other than pages: the last good build's
    assert messages in (project / "serve.log").read_text(encoding="utf-8")  # the terminal prints them too
    edit(project, BAD_AREA, GOOD_AREA)
    wait_for(lambda: answer(page)[0] == 200, "the page again")
    assert "Riverside Parents Group" in answer(page)[1]


@pytest.mark.browser
def test_the_open_page_shows_the_problems_and_comes_back_by_itself_once_they_are_fixed(
        preview: tuple[Path, str]) -> None:
    project, base = preview
    driver = new_browser()
    try:
        emulate(driver, 390, 844, mobile=True)  # on a phone: a block per problem, wrapping, nothing off the side
        driver.get(base + "groups/riverside-parents/")
        assert driver.title.startswith("Riverside Parents Group")
        edit(project, GOOD_AREA, BAD_AREA)
        WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.title == PROBLEMS_TITLE)
        messages = problems_of(project)
        blocks = driver.execute_script("return [...document.querySelectorAll('main li')].map(li => li.innerText)")
        expected = [f"{file}, line {line}, column {column} · {said.strip().replace(': ', chr(10) * 2, 1)}"  # paragraphs
                    for file, line, column, said in (m.split(":", 3) for m in messages.splitlines())]
        assert blocks == expected
        assert driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")
        assert serious(axe_violations(driver)) == []
        screenshot(driver, "preview-problems-390")
        edit(project, BAD_AREA, GOOD_AREA)
        WebDriverWait(driver, WAIT_SECONDS).until(lambda d: d.title.startswith("Riverside Parents Group"))
    finally:
        driver.quit()


def test_a_long_session_keeps_no_earlier_version_of_an_edited_group() -> None:
    # The preview's memory grew by about 1 MB every 10 edits: each rebuild kept the edited group's
    # earlier page and calendar (with a copy of the vocabularies). benchmarks/build_benchmark.py
    # prints the preview's memory over its rebuilds.
    directory = load_directory(FIXTURES / "valid").directory
    settings = SiteSettings(today=date.fromisoformat(TODAY))
    versions = []
    for edit in range(30):
        group = replace(directory.groups[0], name=f"Riverside Parents Group {edit}")
        directory = replace(directory, groups=(group, *directory.groups[1:]))
        assert f"Riverside Parents Group {edit}" in render_site(directory, settings)["groups/riverside-parents.md"]
        versions.append(weakref.ref(group))
    del group
    gc.collect()
    # The last version (this build's) and the one before (the previous build's) at most.
    assert [v() is not None for v in versions][:-2] == [False] * 28


def test_checking_links_to_generated_anchors_leaves_what_the_last_build_rendered() -> None:
    # Phase one renders the few generated pages that hand-written pages link to anchors of; the live
    # preview's next build must still find every group's page, list entries and records of the last.
    directory = load_directory(FIXTURES / "valid").directory
    settings = SiteSettings(today=date.fromisoformat(TODAY))
    last = render_site(directory, settings)
    render_pages(directory, settings, {"browse/a-z.md", "groups/dads-online.md"})
    rebuilt = render_site(directory, settings)
    assert rebuilt["groups/riverside-parents.md"] is last["groups/riverside-parents.md"]


def raw_request(base: str, path: str, host: str | None = None) -> tuple[int, str, str]:
    """(status, content type, body) of a GET of `path` as written, with `host` as the Host header
    (by default the preview's own address), as no browser would send it."""
    address = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_host=True)
        connection.putheader("Host", host if host is not None else address.netloc)
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.getheader("Content-Type", ""), answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


def test_the_preview_answers_only_for_its_own_address_and_refuses_malformed_paths(preview) -> None:
    project, base = preview
    port = urllib.parse.urlsplit(base).port
    page = "/peer-support/groups/riverside-parents/"
    for own in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert raw_request(base, page, own)[0] == 200, own
    # A page elsewhere whose name leads to 127.0.0.1 (DNS rebinding), another port, no Host at all.
    for other in (f"evil.example:{port}", "evil.example", f"127.0.0.1:{port + 1}", "127.0.0.1", ""):
        for path in (page, "/livereload/1/1", "/"):
            status, kind, body = raw_request(base, path, other)
            assert (status, kind) == (421, "text/plain; charset=utf-8"), (other, path)
            assert body == (f"This preview answers only at http://127.0.0.1:{port}/ and "
                            f"http://localhost:{port}/.\n")
    for malformed in ("/peer-support/%00", "/peer-support/groups%00/", "/peer-support/%0a.html",
                      "/peer-support/../../../etc/passwd", "/peer-support/groups/..%2f..%2fetc/passwd",
                      "/peer-support/%5c..%5cmkdocs.yml", "/peer-support/%ff%fe/"):
        status, kind, _ = raw_request(base, malformed)
        assert (status, kind) == (400, "text/plain; charset=utf-8"), malformed
    for not_found in ("/peer-support/%zz", "/peer-support/%"):
        assert raw_request(base, not_found)[0] == 404, not_found
    assert raw_request(base, page)[0] == 200  # still serving
    log = (project / "serve.log").read_text()
    assert "Traceback" not in log and " 500 " not in log, log
