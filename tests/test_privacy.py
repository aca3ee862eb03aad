"""Privacy: the built site loads nothing from a third-party host. Map tiles are the only
outside requests, from the configured provider; ordinary outbound links are fine."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from .conftest import TODAY, copy_project, run_cli

SITE_URL = "https://example.github.io/peer-support/"
# Attributes through which a page makes the browser fetch something by itself.
LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"), ("embed", "src"),
           ("object", "data"), ("input", "src"), ("frame", "src")}
NAVIGATION_LINKS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}


class ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.inline: list[str] = []
        self._in_style_or_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "").lower() in NAVIGATION_LINKS:
            return  # a link to a page, not something the browser loads
        for name, value in attrs:
            if (tag, name) in LOADING and value:
                self.resources += [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name \
                    else [value]
            if name == "style" and value:
                self.inline.append(value)
        self._in_style_or_script = tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if self._in_style_or_script:
            self.inline.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style_or_script = False


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("privacy"))
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    return project / "site"


def allowed_hosts(project_config: Path) -> set[str]:
    """Our own host, plus the configured map tile provider."""
    config = yaml.load(project_config.read_text(), Loader=yaml.BaseLoader)
    hosts = {urlsplit(SITE_URL).hostname}
    plugin = [p["peerdir"] for p in config["plugins"] if isinstance(p, dict) and "peerdir" in p]
    tiles = str(plugin[0].get("map_tiles", {}).get("url", "")) if plugin else ""
    assert tiles, "the map tile provider should be configured in mkdocs.yml"
    for sub in "abc":
        if tiles:
            hosts.add(urlsplit(tiles.replace("{s}", sub)).hostname)
    return {h for h in hosts if h}


def test_no_page_loads_anything_from_a_third_party(built_site: Path) -> None:
    allowed = allowed_hosts(built_site.parent / "mkdocs.yml")
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    offenders = []
    for page in pages:
        finder = ResourceFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        base = SITE_URL + str(page.relative_to(built_site).parent).replace(".", "") + "/"
        urls = [urljoin(base, u) for u in finder.resources if not u.startswith(("data:", "blob:"))]
        urls += re.findall(r"""url\(\s*['"]?(https?:)?//([^'")/]+)""", "\n".join(finder.inline))
        for url in urls:
            host = url[1] if isinstance(url, tuple) else urlsplit(url).hostname
            if host and host not in allowed:
                offenders.append(f"{page.relative_to(built_site)}: {url}")
    assert offenders == []


def test_no_stylesheet_or_script_reaches_out(built_site: Path) -> None:
    allowed = allowed_hosts(built_site.parent / "mkdocs.yml")
    offenders = []
    for path in list(built_site.rglob("*.css")) + list(built_site.rglob("*.js")):
        text = path.read_text(encoding="utf-8", errors="replace")
        for match in re.finditer(r"""(?:@import\s+|url\(\s*)['"]?(?:https?:)?//([\w.-]+)""", text):
            if match[1] not in allowed:
                offenders.append(f"{path.relative_to(built_site)}: {match[0]}")
    assert offenders == []


def test_no_google_fonts_and_no_analytics(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "fonts.gstatic", "googletagmanager", "google-analytics", "gtag("):
            assert needle not in text, f"{page}: {needle}"


def test_the_crawler_catches_a_third_party_script(tmp_path: Path) -> None:
    # The check above must be able to fail: a page with a CDN script is caught.
    finder = ResourceFinder()
    finder.feed('<script src="https://cdn.jsdelivr.net/npm/leaflet.js"></script><a href="https://nhs.uk">ok</a>')
    assert finder.resources == ["https://cdn.jsdelivr.net/npm/leaflet.js"]
