"""What every built page carries beside its own text (issue 17: a 5,000-group site must fit GitHub
Pages many times over): the theme's icons are references into one file, the theme's settings leave
out its unused search, and no file is published that no page loads.

That the icons are drawn in a real browser is tested in tests/browser/test_first_visit.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdir.finishing.site_search import UNUSED_FILES

from .conftest import built_sample_site, elements, web_pages

SITE_URL = "https://example.github.io/peer-support/"
SITE_PATH = "/peer-support/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return built_sample_site(tmp_path_factory.mktemp("chrome"), SITE_URL)


def test_every_icon_a_page_points_to_is_in_the_icon_file_and_none_is_drawn_in_the_page(site: Path) -> None:
    icon_file = elements((site / "assets" / "icons.svg").read_text(encoding="utf-8"))
    drawn = {e.attributes["id"] for e in icon_file if e.tag == "symbol"}
    drawings = {e.attributes["d"] for e in icon_file if e.tag == "path"}
    assert {"logo", "menu", "dark", "light", "search", "top"} <= drawn
    pages = web_pages(site)
    assert len(pages) > 50
    for page in pages:
        found = elements(page.read_text(encoding="utf-8"))
        where = page.relative_to(site)
        uses = [e.attributes["href"] for e in found if e.tag == "use"]
        assert len(uses) >= 6, where  # logo twice, menu, two palette switches, search, back to top
        for href in uses:
            file, _, name = href.partition("#")
            # The 404 page's addresses start from the site's address: it is shown at any depth.
            target = site / file.removeprefix(SITE_PATH) if file.startswith("/") else page.parent / file
            assert target.resolve() == (site / "assets" / "icons.svg").resolve(), (where, href)
            assert name in drawn, (where, href)
        # No page carries an icon's drawing (a newsletter issue's QR codes are drawings of their own).
        assert [e for e in found if e.tag == "path" and e.attributes.get("d") in drawings] == [], where


def test_the_theme_settings_leave_out_its_search(site: Path) -> None:
    page = (site / "index.html").read_text(encoding="utf-8")
    config = page.split('id=__config type=application/json>', 1)[1].split("</script>", 1)[0]
    assert '"base"' in config and '"features"' in config
    assert "search" not in config


def test_nothing_is_published_that_no_page_loads(site: Path) -> None:
    # The theme's own search (lunr and its worker) and source maps, and what Pagefind writes beside its
    # index but the site's search does not use (peerdir/engine/plugin.py, peerdir/finishing/site_search.py).
    published = {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()}
    assert [path for path in published if path.endswith(".map")] == []
    assert [path for path in published if path.startswith(("assets/javascripts/lunr/", "assets/javascripts/workers/"))] == []
    assert [path for path in published if path.startswith("pagefind/") and path.rsplit("/", 1)[-1] in UNUSED_FILES] == []
    # What is used is there: the theme's script, and the search's script, index code and index.
    assert "pagefind/pagefind.js" in published and "pagefind/wasm.en.pagefind" in published
    assert any(path.startswith("assets/javascripts/bundle.") for path in published)
    assert any(path.startswith("pagefind/index/") for path in published)
