"""The published site is minified (peerdir/finishing/minify.py): its pages, and the CSS and JavaScript we write;
the sources stay as they are, and a page reads the same (its elements, links and text)."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdir.finishing import minify
from peerdir.finishing.theme_files import SITE_STYLESHEET, SITE_STYLESHEET_PARTS, bundled_stylesheet

from .conftest import FIXTURES, REPO, TODAY, copy_project, elements, links, page_text, run_cli, web_pages


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("minified"), FIXTURES / "valid")
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    assert result.code == 0, result.stderr
    return project / "site"


def test_our_stylesheets_and_scripts_are_published_minified(site: Path) -> None:
    overrides = REPO / "overrides"
    ours = sorted(p for p in overrides.rglob("*") if p.suffix in (".css", ".js"))
    assert ours
    bundled = [overrides / part for part in SITE_STYLESHEET_PARTS]
    assert set(bundled) <= set(ours)
    for source in bundled:  # published as one file, not each on its own
        assert not (site / source.relative_to(overrides)).exists(), source
    sources = bundled_stylesheet([source.read_text(encoding="utf-8") for source in bundled])
    published = (site / SITE_STYLESHEET).read_text(encoding="utf-8")
    assert published == minify.minified_css(sources) and "/*" not in published
    assert len(published) < len(sources) * 0.8
    for source in sorted(set(ours) - set(bundled)):
        text = source.read_text(encoding="utf-8")
        published = (site / source.relative_to(overrides)).read_text(encoding="utf-8")
        assert published == minify.minified(source.name, text), source
        assert len(published) < len(text) and "/*" not in published, source
    setups = (site / "assets/map/setups.js").read_text(encoding="utf-8")
    assert setups == minify.minified_js(setups) and "\n  " not in setups


def test_pages_are_published_minified(site: Path) -> None:
    pages = web_pages(site)
    assert len(pages) > 20 and site / "404.html" in pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "\n  " not in text, page  # no indentation left
        assert text.startswith("<!doctype html>"), page


def test_a_minified_page_has_the_same_elements_links_and_text() -> None:
    page = ('<!doctype html>\n<html lang="en">\n  <head>\n    <title>A &amp; B</title>\n  </head>\n  <body>\n'
            '    <p class="x y" data-search-exclude>\n      Call <a href="tel:999" class="call">999</a>,\n'
            '      or <a href="../a b/">here</a>.\n    </p>\n    <ul>\n      <li>One</li>\n      <li>Two</li>\n'
            '    </ul>\n  </body>\n</html>\n')
    small = minify.minified_html(page)
    assert len(small) < len(page) * 0.75
    assert links(small) == links(page) == ["tel:999", "../a b/"]
    # The same text; spaces only where they show (between blocks, the page had indentation).
    assert page_text(small).replace(" ", "") == page_text(page).replace(" ", "")
    assert "Call 999, or here." in page_text(small)
    assert [(e.tag, e.attributes) for e in elements(small) if e.tag in ("p", "a", "li")] == \
        [(e.tag, e.attributes) for e in elements(page) if e.tag in ("p", "a", "li")]


def test_the_preview_is_not_minified() -> None:
    from peerdir.engine.plugin import DirectoryPlugin

    plugin = DirectoryPlugin()
    assert plugin.minified  # a build, `mkdocs build` and build.py build alike
    plugin.on_startup(command="serve", dirty=True)
    assert not plugin.minified
    assert plugin.on_post_page("<p>\n  text\n</p>", page=None, config=None) == "<p>\n  text\n</p>"
