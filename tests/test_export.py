"""`build.py export DIR`: the site's sources as plain files that an engine without our plugin builds.
Zensical (pinned, for the tests only) builds the exported sample, and every page, the map's assets and
the calendar links of what it built are found where they point; so does MkDocs without our plugin."""

from __future__ import annotations

import os
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
import yaml

from peerdir import content_policy, paths
from peerdir.export import root_relative_addresses

from .conftest import REPO, TODAY, copy_project, run_cli

BASE = "/peer-support/"  # the path of the sample's site_url
ADDRESS = re.compile(r'\b(href|src|data-map-[a-z-]+|data-styles)="([^"]*)"')
ELSEWHERE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|#|//)")


def tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("project"))
    target = tmp_path_factory.mktemp("export") / "site-sources"
    result = run_cli("--root", str(project), "export", str(target), "--today", TODAY)
    assert result.code == 0, result.stderr
    return target


def addresses(page: str) -> list[str]:
    return [token for name, value in ADDRESS.findall(page)
            for token in (value.split(" ") if name.startswith("data-map-") else [value])]


def unresolved(site: Path, sources: Path) -> dict[str, list[str]]:
    """Every address on every page the engine built that leads to no file of the built site, by page. (HTML
    files published as they are, such as the newsletter's e-mail edition, are not the engine's.)"""
    found: dict[str, list[str]] = {}
    for page in site.rglob("*.html"):
        if (sources / "docs" / page.relative_to(site)).exists():
            continue
        folder = page.relative_to(site).parent.as_posix()
        page_url = BASE if folder == "." else f"{BASE}{folder}/"
        for token in addresses(page.read_text(encoding="utf-8")):
            if not token or ELSEWHERE.match(token):
                continue
            path = unquote(urlsplit(token).path)
            full = path if path.startswith("/") else posixpath.normpath(posixpath.join(page_url, path))
            if full.rstrip("/") + "/" == BASE:  # the home page
                continue
            target = site / full[len(BASE):] if full.startswith(BASE) else None
            if target is None or not (target.is_file() or (target / "index.html").is_file()):
                found.setdefault(page.relative_to(site).as_posix(), []).append(token)
    return found


def pages_without_output(sources: Path, site: Path) -> list[str]:
    docs = sources / "docs"
    return [page.relative_to(docs).as_posix() for page in docs.rglob("*.md")
            if not (site / paths.url_of(page.relative_to(docs).as_posix()) / "index.html").is_file()]


def test_the_export_has_every_page_and_file_and_settings_without_our_plugin(exported: Path) -> None:
    settings = yaml.safe_load((exported / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "plugins" not in settings and settings["docs_dir"] == "docs"
    assert settings["theme"]["custom_dir"] == "overrides" and (exported / "overrides" / "main.html").is_file()
    docs = exported / "docs"
    for path in ("groups/pnd-and-me.md", "map.md", "about.md", "assets/icons.svg", "assets/stylesheets/site.css",
                 "assets/lib/leaflet/leaflet.js", "map/groups.json", "groups/pnd-and-me.ics", "events/calendar.ics"):
        assert (docs / path).is_file(), path
    pages = {page.relative_to(docs).as_posix(): page.read_text(encoding="utf-8") for page in docs.rglob("*.md")}
    for page in ("index.md", "about.md", "privacy.md"):  # each with an embed (the editors' guide shows some in code)
        assert "<!-- peerdir:" in (REPO / "content" / page).read_text(encoding="utf-8")
        assert "<!-- peerdir:" not in pages[page], f"{page}: the embed is not filled in"
    assert not [p for p, text in pages.items() if 'peerdir: "html"' in text]
    # No address in HTML is written relative to where the page is published: engines read those differently.
    relative = {p: [a for a in addresses(text) if a.startswith("../")] for p, text in pages.items()}
    assert {p: a for p, a in relative.items() if a} == {}


def test_zensical_builds_the_exported_site_with_every_page_asset_and_calendar_link(exported: Path) -> None:
    built = subprocess.run([tool("zensical"), "build", "--clean"], cwd=exported, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    site = exported / "site"
    assert 'content="zensical-' in (site / "index.html").read_text(encoding="utf-8")
    assert pages_without_output(exported, site) == []
    assert unresolved(site, exported) == {}
    map_page = (site / "map" / "index.html").read_text(encoding="utf-8")
    assert f"{BASE}assets/lib/leaflet/leaflet.js" in map_page and f"{BASE}assets/map/setups.js" in map_page
    group_page = (site / "groups" / "pnd-and-me" / "index.html").read_text(encoding="utf-8")
    assert f'href="{BASE}groups/pnd-and-me.ics"' in group_page
    # What the search must leave out, and what it weighs most, is still marked for Pagefind.
    assert "data-pagefind-body" in group_page and 'data-pagefind-weight="10"' in group_page
    assert group_page.count("data-pagefind-ignore") > 3
    calendar = icalendar.Calendar.from_ical((site / "groups" / "pnd-and-me.ics").read_bytes())
    assert calendar.walk("VEVENT")


def test_our_finishing_steps_give_a_zensical_build_its_search_index_minified_pages_and_policies(
        exported: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    built = subprocess.run([tool("zensical"), "build", "--clean"], cwd=exported, capture_output=True, text=True,
                           timeout=600)
    assert built.returncode == 0, built.stdout + built.stderr
    shutil.copytree(exported / "site", site)
    before = (site / "groups" / "pnd-and-me" / "index.html").stat().st_size
    finished = run_cli("finish", str(site))
    assert finished.code == 0, finished.stderr
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "pagefind" / "pagefind-entry.json").is_file()
    assert (site / "groups" / "pnd-and-me" / "index.html").stat().st_size < before * 0.9
    for page in site.rglob("*.html"):
        if page.name == paths.EMAIL_HTML:
            continue
        text = page.read_text(encoding="utf-8")
        policy = content_policy.page_policy(text)
        assert policy is not None, page
        for script in content_policy.inline_scripts(text):
            assert content_policy.hash_source(script) in policy, page


def test_finish_refuses_a_folder_with_no_site(tmp_path: Path) -> None:
    result = run_cli("finish", str(tmp_path))
    assert result.code == 1 and "no built site here" in result.stderr and "Traceback" not in result.stderr


def test_mkdocs_without_our_plugin_builds_the_exported_site_too(exported: Path, tmp_path: Path) -> None:
    built = subprocess.run([tool("mkdocs"), "build", "--site-dir", str(tmp_path / "site")], cwd=exported,
                           capture_output=True, text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert built.returncode == 0, built.stderr
    assert pages_without_output(exported, tmp_path / "site") == []
    assert unresolved(tmp_path / "site", exported) == {}


@pytest.mark.parametrize("address,source,expected", [
    ("../browse/a-z.md#b", "groups/x.md", "/peer-support/browse/a-z/#b"),
    ("../index.md", "groups/x.md", "/peer-support/"),
    ("../assets/map/setups.js", "map.md", "/peer-support/assets/map/setups.js"),
    ("groups.json?v=1a", "map.md", "/peer-support/map/groups.json?v=1a"),
    ("../x.ics", "groups/x.md", "/peer-support/groups/x.ics"),
    ("../../", "browse/area/camden.md", "/peer-support/browse/"),
    ("https://example.org/a", "map.md", "https://example.org/a"),
    ("#top", "map.md", "#top"),
    ("/peer-support/a/", "map.md", "/peer-support/a/"),
])
def test_addresses_are_written_from_the_sites_root(address: str, source: str, expected: str) -> None:
    assert root_relative_addresses(f'<a href="{address}">x</a>', source, BASE) == f'<a href="{expected}">x</a>'


def test_the_maps_lists_of_addresses_are_written_from_the_sites_root() -> None:
    page = '<div data-map-scripts="../a.js ../b/c.js" title="../not-an-address">'
    assert root_relative_addresses(page, "map.md", "/") == '<div data-map-scripts="/a.js /b/c.js" title="../not-an-address">'
