"""What a first visit fetches that does not depend on the machine (issue 17): a phone on a weak signal
should not download the directory's list of pages before anyone has clicked a link."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.page_weight import NetworkLog, address, compressed_server, site_path

from .conftest import phone_browser

pytestmark = pytest.mark.browser


def first_visit(site: Path, page: str) -> tuple[list[str], list[str]]:
    """What a new phone-sized Chromium requests for `page` until the network is quiet: the site
    paths, and every address (the site was built for another port, so some may go elsewhere)."""
    with compressed_server(site) as server, phone_browser() as driver:
        log = NetworkLog(driver, server)
        driver.get(address(server) + page)
        log.wait_until_quiet()
        urls = [r.url for r in log.requests.values()]
        return [path for url in urls if (path := site_path(url, address(server))) is not None], urls


@pytest.mark.parametrize("page", ["", "groups/tamba/", "map/"])
def test_a_first_visit_does_not_fetch_the_sitemap(sample_site_folder: Path, page: str) -> None:
    # mkdocs-material fetched sitemap.xml (every page of the site) on every first visit twice over:
    # for instant navigation (off in mkdocs.yml) and beside the feed's <link rel="alternate">
    # (overrides/main.html). Search engines still find sitemap.xml.
    paths, urls = first_visit(sample_site_folder, page)
    assert page in paths, "the log did record the visit"
    assert [url for url in urls if "sitemap" in url] == []
    assert (sample_site_folder / "sitemap.xml").is_file()


def test_the_header_icons_are_drawn_from_the_one_icon_file(phone, sample_site: str) -> None:
    # Every page points into assets/icons.svg instead of carrying the drawings (issue 17): each icon of
    # a phone's header (the menu, the dark/light switch, the search) is there, drawn, at its size.
    phone.get(sample_site + "groups/tamba/")
    sizes = phone.execute_script("""
        return [...document.querySelectorAll('.md-header use')]
          .filter(use => use.closest('label, button, a').offsetParent !== null)
          .map(use => [use.getAttribute('href').split('#')[1], use.getBBox().width, use.getBBox().height]);""")
    names = [name for name, _, _ in sizes]
    assert {"menu", "search"} <= set(names) and ({"dark", "light"} & set(names)), sizes
    for name, width, height in sizes:
        assert width > 10 and height > 10, f"{name} is not drawn: {width} × {height}"
