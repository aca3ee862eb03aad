"""Every page of the built sample site is valid HTML, and our stylesheets valid CSS, by the Nu HTML
Checker: `vnu.jar` from npm (`vnu-jar`, pinned in package-lock.json), run by Debian's Java (both
installed by `make test`). It reads the same build the browser tests open, in one run over all pages.

The only errors let through are a few that mkdocs-material's own templates produce, listed in
THEME_ERRORS with where they come from, and the e-mail editions' unsubscribe placeholder
(PLACEHOLDER_ERRORS); each must still occur, so that the list stays short.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from peerdir.finishing.theme_files import SITE_STYLESHEET, SITE_STYLESHEET_PARTS

from ..conftest import REPO, elements

pytestmark = pytest.mark.html_checker

VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"

# (the start of the checker's message, the theme's element it is about: its tag and some of its
# attributes, read from the checker's extract of the minified page). Matched on both, so the same
# kind of error in our own markup still fails.
THEME_ERRORS = (
    # base.html: the hidden checkboxes that open the navigation drawer and the search carry
    # autocomplete="off" (so that browsers do not restore them ticked on Back); HTML allows
    # autocomplete only on inputs that take text.
    ("Attribute “autocomplete” is only allowed when the input type is", ("input", {"class": "md-toggle"})),
    # partials/toc.html writes the table of contents' title as <label for="__toc"> on every page
    # with headings, but partials/nav-item.html writes the __toc checkbox only on pages that are
    # in the navigation: generated pages (groups, browse lists, single events) name a missing control.
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
     ("label", {"class": "md-nav__title", "for": "__toc"})),
)

# Not ours either: the sending service's unsubscribe placeholder in each e-mail edition's link
# (newsletter/<issue>/email.html; mkdocs.yml: email_unsubscribe, Mailchimp's *|UNSUB|* by default),
# which the service replaces with each reader's own address as it sends. tests/test_email_edition.py
# checks the e-mail as sent, with an address in its place, and finds no error at all.
PLACEHOLDER_ERRORS = (
    ("Bad value “*|UNSUB|*” for attribute “href” on element “a”", ("a", {"href": "*|UNSUB|*"})),
)
KNOWN_ERRORS = THEME_ERRORS + PLACEHOLDER_ERRORS

# A page and a stylesheet with one error of ours each, on line 3, checked in the same run as the
# site: proof that the checker ran, read the files, and reported what it found (and on which line)
# where this test looks for it.
CANARY_HTML = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Canary</title></head>
<body><table><tr role="row"><td>One error of ours</td></tr></table></body></html>
"""
CANARY_CSS = "/* Canary */\n.canary {\n  colr: red;\n}\n"


def is_theme_error(message: dict, entry: tuple[str, tuple[str, dict[str, str]]]) -> bool:
    start, (tag, attributes) = entry
    return message.get("message", "").startswith(start) and any(
        element.tag == tag and attributes.items() <= element.attributes.items()
        for element in elements(message.get("extract", "")))


def where(message: dict, site: Path) -> str:
    url = message.get("url", "?").removeprefix("file:")
    name = Path(url).relative_to(site) if Path(url).is_relative_to(site) else url
    extract = " ".join(message.get("extract", "").split())
    return f"{name}:{message.get('lastLine', '?')}: {message.get('message', message)}\n      {extract}"


def errors(option: str, files: list[Path], canary: Path) -> list[dict]:
    """The checker's errors in `files`, in one run (`--css` for stylesheets, `--html` for pages).

    The two kinds are checked in separate runs: with both in one (`--also-check-css`), vnu 26.9.27
    reports every line of an HTML page one too early."""
    java = shutil.which("java")
    assert java, "no java: `make browser` (part of `make test`) installs Debian's default-jre-headless"
    assert VNU.is_file(), "vnu.jar is not installed: run `make setup` (npm ci installs vnu-jar from package-lock.json)"
    process = subprocess.run(
        [java, "-jar", str(VNU), option, "--errors-only", "--format", "json", *map(str, files), str(canary)],
        capture_output=True, text=True, timeout=600)
    assert process.stderr.strip(), f"the checker said nothing (exit {process.returncode}): {process.stdout}"
    messages = json.loads(process.stderr)["messages"]  # JSON goes to stderr
    from_canary = [m for m in messages if m.get("url", "").endswith("/" + canary.name)]
    assert [m.get("lastLine") for m in from_canary] == [3], f"the checker missed the canary's error: {from_canary}"
    return [m for m in messages if m not in from_canary]


def test_every_page_is_valid_html_but_for_the_themes_own_errors(sample_site_folder: Path, tmp_path: Path) -> None:
    site = sample_site_folder.resolve()
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 50 and site / "index.html" in pages and site / "events" / "index.html" in pages
    canary = tmp_path / "canary.html"
    canary.write_text(CANARY_HTML, encoding="utf-8")

    found = errors("--html", pages, canary)

    ours = [m for m in found if not any(is_theme_error(m, entry) for entry in KNOWN_ERRORS)]
    assert ours == [], f"{len(ours)} errors in our HTML:\n" + "\n".join(where(m, site) for m in ours)
    unused = [entry[0] for entry in KNOWN_ERRORS if not any(is_theme_error(m, entry) for m in found)]
    assert unused == [], f"the theme no longer produces these; take them off THEME_ERRORS: {unused}"


def test_our_stylesheets_are_valid_css(sample_site_folder: Path, tmp_path: Path) -> None:
    # As the site serves them; the theme's minified stylesheets are not ours to check.
    site, overrides = sample_site_folder.resolve(), REPO / "overrides"
    bundled = {overrides / part for part in SITE_STYLESHEET_PARTS}  # published as one file
    stylesheets = [site / css.relative_to(overrides) for css in sorted(overrides.rglob("*.css")) if css not in bundled]
    stylesheets.append(site / SITE_STYLESHEET)
    assert stylesheets and all(css.is_file() for css in stylesheets), stylesheets
    canary = tmp_path / "canary.css"
    canary.write_text(CANARY_CSS, encoding="utf-8")

    found = errors("--css", stylesheets, canary)

    assert found == [], f"{len(found)} errors in our CSS:\n" + "\n".join(where(m, site) for m in found)
