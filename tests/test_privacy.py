"""Privacy: the built site loads nothing from a third-party host. Map tiles are the only
outside requests, from the configured provider; ordinary outbound links are fine."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from .conftest import built_sample_site

SITE_URL = "https://example.github.io/peer-support/"
# Attributes through which a page makes the browser fetch something by itself.
LOADING = {("script", "src"), ("link", "href"), ("img", "src"), ("img", "srcset"), ("iframe", "src"),
           ("source", "src"), ("source", "srcset"), ("video", "src"), ("audio", "src"), ("embed", "src"),
           ("object", "data"), ("input", "src"), ("frame", "src"), ("video", "poster"), ("track", "src"),
           ("use", "href"), ("use", "xlink:href"), ("image", "href"), ("image", "xlink:href")}
NAVIGATION_LINKS = {"canonical", "alternate", "author", "license", "help", "next", "prev", "search"}


class ResourceFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.resources: list[str] = []
        self.inline: list[str] = []
        self.scripts: list[str] = []  # the text of inline scripts
        self.redirects: list[str] = []  # <meta http-equiv="refresh"> targets
        self._in_style_or_script = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "meta" and (values.get("http-equiv") or "").lower() == "refresh":
            target = re.search(r"url\s*=\s*['\"]?([^'\"]+)", values.get("content") or "", re.IGNORECASE)
            self.redirects.append(target[1].strip() if target else "(this page)")
        if tag == "link" and (values.get("rel") or "").lower() in NAVIGATION_LINKS:
            return  # a link to a page, not something the browser loads
        for name, value in attrs:
            if (tag, name) in LOADING and value:
                self.resources += [part.strip().split(" ")[0] for part in value.split(",")] if "srcset" in name \
                    else [value]
            if name == "style" and value:
                self.inline.append(value)
        self._in_style_or_script = tag in ("style", "script")
        self._in_script = tag == "script"

    def handle_data(self, data: str) -> None:
        if self._in_style_or_script:
            self.inline.append(data)
        if self._in_script:
            self.scripts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style_or_script = self._in_script = False


@pytest.fixture(scope="module")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_sample_site(tmp_path_factory.mktemp("privacy"), SITE_URL)


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


# A script asking for something by itself: fetch, XHR, beacons, sockets, workers' imports, dynamic imports.
SCRIPT_REQUEST = re.compile(r"""(?:fetch|sendBeacon|importScripts|import|open|WebSocket|EventSource|Worker)\s*\("""
                            r"""\s*(?:["'`]\w*["'`]\s*,\s*)?["'`](?:(?:https?|wss?):)?//([\w.-]+)""")
OUR_SCRIPTS = ("assets/javascripts/directory-map.js", "assets/javascripts/quick-exit.js", "assets/map/setups.js")


def test_no_script_of_ours_asks_a_third_party_for_anything(built_site: Path) -> None:
    allowed = allowed_hosts(built_site.parent / "mkdocs.yml")
    texts = {name: (built_site / name).read_text(encoding="utf-8") for name in OUR_SCRIPTS}
    for page in built_site.rglob("*.html"):
        finder = ResourceFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        texts[str(page.relative_to(built_site))] = "\n".join(finder.scripts)
    offenders = [f"{name}: {match[0]}" for name, text in texts.items()
                 for match in SCRIPT_REQUEST.finditer(text) if match[1] not in allowed]
    assert offenders == []
    assert SCRIPT_REQUEST.search("navigator.sendBeacon('https://stats.example/hit', data)")[1] == "stats.example"
    assert SCRIPT_REQUEST.search('xhr.open("GET", "//cdn.example/x.json")')[1] == "cdn.example"


def test_no_page_sends_the_browser_elsewhere_by_itself(built_site: Path) -> None:
    allowed = allowed_hosts(built_site.parent / "mkdocs.yml")
    offenders = []
    for page in built_site.rglob("*.html"):
        finder = ResourceFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        offenders += [f"{page.relative_to(built_site)}: {url}" for url in finder.redirects
                      if urlsplit(urljoin(SITE_URL, url)).hostname not in allowed]
    assert offenders == []
    finder = ResourceFinder()
    finder.feed('<meta http-equiv="Refresh" content="0; url=https://tracker.example/">')
    assert finder.redirects == ["https://tracker.example/"]


def test_the_theme_has_no_reason_to_call_github(built_site: Path) -> None:
    # The theme's repository widget asks api.github.com for stars and forks from every visitor's browser;
    # overrides/partials/source.html leaves it out.
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in text, page


def test_the_privacy_page_names_the_map_tile_provider_in_use(built_site: Path) -> None:
    tiles = allowed_hosts(built_site.parent / "mkdocs.yml") - {urlsplit(SITE_URL).hostname}
    privacy = (built_site / "privacy" / "index.html").read_text(encoding="utf-8")
    assert tiles and all(host in privacy for host in tiles), \
        "content/privacy.md should say which map tile provider the site uses (mkdocs.yml: map_tiles)"
    assert "No cookies" in privacy and "Leave this site" in privacy
