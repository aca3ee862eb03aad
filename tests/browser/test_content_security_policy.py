"""The Content Security Policy every page carries (peerdir/content_policy.py), in the built files and
in headless Chromium: every page has it before any script or stylesheet, it names exactly the page's
own inline scripts, nothing the site does breaks it, and a script put into a page after the build does
not run. Violations are read as Chromium reports them: a `securitypolicyviolation` listener added to
every document before it loads (it only listens), and the console's "Content Security Policy" errors.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import re
import shutil
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from ..conftest import TODAY, copy_project, run_cli, web_pages
from .conftest import SUB_PATH, SubPathHandler, build_and_serve, free_port, serving

pytestmark = pytest.mark.browser

# The sample's policy, but for each page's inline scripts' hashes (`'sha256-…'`, after 'wasm-unsafe-eval').
SAMPLE_POLICY = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; "
                 "img-src 'self' data: https://tile.openstreetmap.org; "
                 "object-src 'none'; base-uri 'self'; form-action 'self'")

OBSERVE = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', (event) => window.__violations.push(
  `${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile}:${event.lineNumber}`
  + ` ${event.sample}`));
window.__printed = 0;
window.addEventListener('beforeprint', () => { window.__printed += 1; });
"""


class PageParts(HTMLParser):
    """What a browser reads of a page that the policy is about, read with Python's own HTML parser."""

    def __init__(self) -> None:
        super().__init__()
        self.order: list[str] = []  # "policy", "script", "stylesheet", in the order they come
        self.policies: list[str] = []
        self.inline_scripts: list[str] = []
        self.attributes: list[tuple[str, str]] = []  # (tag, attribute) of style and on* attributes
        self.style_elements = 0
        self._script: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.attributes += [(tag, name) for name in values if name == "style" or name.startswith("on")]
        if tag == "meta" and values.get("http-equiv", "").lower() == "content-security-policy":
            self.order.append("policy")
            self.policies.append(values.get("content", ""))
        elif tag == "script":
            self.order.append("script")
            data = values.get("type", "").lower() in ("application/json", "application/ld+json")  # not run
            self._script = [] if "src" not in values and not data else None
        elif tag == "link" and "stylesheet" in values.get("rel", "").split():
            self.order.append("stylesheet")
        elif tag == "style":
            self.style_elements += 1

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.inline_scripts.append("".join(self._script))
        if tag == "script":
            self._script = None


def parts_of(page: Path) -> PageParts:
    parts = PageParts()
    parts.feed(page.read_text(encoding="utf-8"))
    parts.close()
    return parts


def sha256_source(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def test_every_built_page_has_the_policy_before_any_script_and_it_names_its_inline_scripts(
        sample_site_folder: Path) -> None:
    pages = web_pages(sample_site_folder)
    assert len(pages) > 100 and sample_site_folder / "404.html" in pages
    wrong = {}
    for page in pages:
        parts = parts_of(page)
        name = str(page.relative_to(sample_site_folder))
        if len(parts.policies) != 1 or parts.order[0] != "policy":
            wrong[name] = f"policies {len(parts.policies)}, in the order {parts.order[:3]}"
            continue
        hashes = "".join(" " + sha256_source(script) for script in dict.fromkeys(parts.inline_scripts))
        if parts.policies[0] != SAMPLE_POLICY.format(hashes=hashes):
            wrong[name] = parts.policies[0]
        # What the policy would refuse: no page has a style or on* attribute, or a style element.
        if parts.attributes or parts.style_elements:
            wrong[name] = f"{parts.attributes}, {parts.style_elements} style element(s)"
    assert wrong == {}
    assert "unsafe-inline" not in SAMPLE_POLICY and "'unsafe-eval'" not in SAMPLE_POLICY


# ------------------------------------------------------------------ in Chromium


def observed(driver) -> None:
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVE})


def violations(driver) -> list[str]:
    """What this page's listener heard, and every policy error on the console since the last call."""
    heard = driver.execute_script("return window.__violations || []")
    console = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]
    return heard + console


def wait_for(driver, selector: str, seconds: int = 20):
    return WebDriverWait(driver, seconds).until(EC.presence_of_element_located((By.CSS_SELECTOR, selector)))


def test_no_page_or_feature_of_the_site_breaks_the_policy(browser, sample_site: str) -> None:
    observed(browser)
    found: dict[str, list[str]] = {}

    def visit(name: str, url: str, ready: str = "body") -> None:
        browser.get(sample_site + url)
        wait_for(browser, ready)
        found[name] = violations(browser)

    visit("home", "")
    # The palette switch, and a page opened with the palette kept (the theme's inline script reads it).
    toggle = browser.find_element(By.CSS_SELECTOR, "form[data-md-component='palette'] label:not([hidden])")
    toggle.click()
    WebDriverWait(browser, 5).until(lambda d: d.execute_script("return document.body.dataset.mdColorScheme") == "slate")
    visit("a page in the palette chosen", "events/")
    assert browser.execute_script("return document.body.dataset.mdColorScheme") == "slate"
    visit("a group page and its map", "groups/gingerbread-west-london/", "[data-map='group'][data-ready]")
    assert browser.find_elements(By.CSS_SELECTOR, "#map_group .leaflet-tile-container img.leaflet-tile")
    visit("a group that meets in a home: its area only", "groups/west-london-sands/", "[data-map='group'][data-ready]")
    assert browser.find_elements(By.CSS_SELECTOR, ".group-map path.map-area")
    visit("the map, zoomed in", "map/", "[data-map='directory'][data-ready]")
    # A cluster opened by zooming in, and a marker's popup.
    browser.execute_script("peerdirMaps.maps.at(-1).setView([51.4843, -0.1817], 18, {animate: false})")
    pin = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".leaflet-marker-icon.map-pin")))
    pin.send_keys(Keys.ENTER)
    wait_for(browser, ".map-popup", 5)
    found["a marker's popup"] = violations(browser)
    visit("the map, filtered", "map/?format=online", "[data-map='directory'][data-ready]")
    browser.find_element(By.CSS_SELECTOR, "[data-view='list']").send_keys(Keys.ENTER)
    WebDriverWait(browser, 5).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-pane='list']")))
    found["the map's list"] = violations(browser)

    origin = sample_site.split(SUB_PATH)[0]
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": origin, "permissions": ["geolocation"]})
    browser.execute_cdp_cmd("Emulation.setGeolocationOverride", {"latitude": 51.501, "longitude": -0.21, "accuracy": 30})
    visit("the map", "map/", "[data-map='directory'][data-ready]")
    browser.find_element(By.CSS_SELECTOR, "[data-near-me]").click()
    WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-nearest]")))
    box = browser.find_element(By.ID, "map-place-input")
    box.send_keys("W14 0LR", Keys.ENTER)
    found["near me and the place box"] = violations(browser)
    assert "/map/" in browser.current_url

    visit("the events page", "events/")
    visit("a newsletter issue", "newsletter/2026-11-peertalk/", "[data-print-page]")
    browser.find_element(By.CSS_SELECTOR, "[data-print-page]").click()
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.__printed") >= 1)
    found["the print button"] = violations(browser)
    # On paper, as `build.py pdf` prints it: Chromium's own printing of the page (opened again: the
    # button's printing is under way in this one).
    visit("a newsletter issue, again", "newsletter/2026-11-peertalk/", "[data-print-page]")
    pdf = base64.b64decode(browser.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True})["data"])
    assert pdf.startswith(b"%PDF-")
    found["the issue, printed"] = violations(browser)

    visit("a missing page", "no-such-page/")
    assert browser.find_element(By.CSS_SELECTOR, "article h1").text == "Sorry, we cannot find that page"
    WebDriverWait(browser, 10).until(lambda d: d.execute_script("return window.peerdirSearch === true"))
    ActionChains(browser).send_keys("/").perform()
    box = WebDriverWait(browser, 10).until(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog.site-search input")))
    box.send_keys("Gingerbread")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return document.querySelector('.site-search__results').dataset.query === 'Gingerbread'"))
    assert browser.find_elements(By.CSS_SELECTOR, "dialog.site-search .site-search__results a")
    found["the search, with results"] = violations(browser)

    # "Leave this site" with Escape twice: nothing refused on the way out (the network is closed, so
    # the page it leaves for does not load; test_help_now.py checks where it goes).
    browser.get(sample_site + "groups/")
    ActionChains(browser).send_keys(Keys.ESCAPE).send_keys(Keys.ESCAPE).perform()
    WebDriverWait(browser, 10).until(lambda d: not d.current_url.startswith(sample_site))
    found["leaving quickly"] = [m for m in (e["message"] for e in browser.get_log("browser"))
                                if "Content Security Policy" in m]

    assert {name: heard for name, heard in found.items() if heard} == {}


# ------------------------------------------------------------------ the policy bites


INJECTED = ('<script>document.documentElement.dataset.injected = "ran"</script>'
            '<img src="data:," alt="" onload="document.documentElement.dataset.handler = \'ran\'">')


@pytest.fixture
def tampered_site(sample_site_folder: Path, tmp_path: Path) -> Iterator[str]:
    """A copy of the built sample site whose home page had a script and an inline handler put into it
    after the build, served as the site is: its address."""
    site = tmp_path / "site"
    shutil.copytree(sample_site_folder, site)
    home = site / "index.html"
    page = home.read_text(encoding="utf-8")
    assert page.count("</body>") == 1
    home.write_text(page.replace("</body>", INJECTED + "</body>"), encoding="utf-8")
    port = free_port()
    handler = functools.partial(SubPathHandler, site=site)
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)):
        yield f"http://127.0.0.1:{port}{SUB_PATH}"


def test_a_script_put_into_a_page_after_the_build_does_not_run(browser, tampered_site: str) -> None:
    observed(browser)
    browser.get(tampered_site)
    wait_for(browser, "img[onload]")
    WebDriverWait(browser, 10).until(lambda d: len(d.execute_script("return window.__violations")) >= 2)
    ran = browser.execute_script("return [document.documentElement.dataset.injected, document.documentElement.dataset.handler]")
    assert ran == [None, None]
    heard = browser.execute_script("return window.__violations")
    assert [v.split()[0] for v in heard] == ["script-src-elem", "script-src-attr"], heard
    # The page's own inline scripts, named by their hashes, did run: the theme's storage helpers exist.
    assert browser.execute_script("return typeof __md_get") == "function"


# ------------------------------------------------------------------ another tile provider


TILE = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


class TileServer(http.server.BaseHTTPRequestHandler):
    """Another tile provider, on another origin than the site (another port): a tile for every address."""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(TILE)))
        self.end_headers()
        self.wfile.write(TILE)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def tile_origin() -> Iterator[str]:
    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), TileServer)) as server:
        yield f"http://localhost:{server.server_address[1]}"


@pytest.fixture(scope="module")
def other_tiles_site(tmp_path_factory: pytest.TempPathFactory, tile_origin: str) -> Iterator[tuple[str, Path]]:
    project = copy_project(tmp_path_factory.mktemp("other-tiles"))
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    default = "url: https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert config.count(default) == 1
    (project / "mkdocs.yml").write_text(config.replace(default, f"url: {tile_origin}/tiles/{{z}}/{{x}}/{{y}}.png"))
    for base in build_and_serve(project):
        yield base, project / "site"


def test_the_policy_follows_the_tile_provider_set_in_mkdocs_yml(browser, other_tiles_site: tuple[str, Path],
                                                                tile_origin: str) -> None:
    base, site = other_tiles_site
    policy = parts_of(site / "map" / "index.html").policies[0]
    assert f"img-src 'self' data: {tile_origin};" in policy and "openstreetmap" not in policy
    observed(browser)
    browser.get(base + "map/")
    wait_for(browser, "[data-map='directory'][data-ready]")
    WebDriverWait(browser, 20).until(lambda d: d.execute_script(
        "return [...document.querySelectorAll('#map_directory img.leaflet-tile')]"
        ".some(tile => tile.complete && tile.naturalWidth === 1)"))
    assert violations(browser) == []


def test_a_tile_address_no_policy_can_name_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs.yml").write_text(config.replace(
        "url: https://tile.openstreetmap.org/", "url: https://tiles-{s}.example.org/"))
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    assert result.code != 0
    assert re.search(r"map_tiles: url: .*the tile server's name must be written out", result.stderr), result.stderr
    assert not (project / "site").exists()
