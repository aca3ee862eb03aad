"""Generated pages written as HTML: what MkDocs did for Markdown pages, the adapter now does for them.

Built with real MkDocs from the small fixture project: links written as source paths become the
published URLs, a link to a page that does not exist fails the strict build (as it does in
Markdown), the table of contents and anchors come from the headings, and the title is the group's.
"""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import TODAY, elements, links, run_cli


def build(project: Path) -> tuple[int, str]:
    result = run_cli("--root", str(project), "build", "--today", TODAY)
    return result.code, result.stderr


def article(site: Path, page: str) -> str:
    text = (site / page).read_text(encoding="utf-8")
    return text[text.index("<article"): text.index("</article>")]


def test_links_in_generated_html_become_published_urls(small_project: Path) -> None:
    code, stderr = build(small_project)
    assert code == 0, stderr
    group = links(article(small_project / "site", "groups/riverside-parents/index.html"))
    assert "../../browse/area/kensington-and-chelsea/" in group
    assert "../../support-types/#peer-led" in group
    assert "../riverside-parents.ics" in group  # a file, published beside the page's folder
    assert not [href for href in group if re.fullmatch(r"[^:]*\.md(#.*)?", href)]  # no source path is left


def test_the_table_of_contents_title_and_anchors_come_from_the_html(small_project: Path) -> None:
    code, stderr = build(small_project)
    assert code == 0, stderr
    page = (small_project / "site" / "groups/riverside-parents/index.html").read_text(encoding="utf-8")
    assert "<title>Riverside Parents Group - " in page
    skip = next(e for e in elements(page) if "md-skip" in e.attributes.get("class", "").split())
    assert skip.attributes["href"] == "#page-title"  # "Skip to content" lands on the group's name
    toc = page[re.search(r'aria-label="?Table of contents', page).start():]
    toc = toc[: toc.index("</nav>")]
    assert links(toc) == ["#how-to-get-in-touch", "#when-it-meets", "#where", "#about-this-group"]


def test_a_link_to_a_missing_page_in_html_fails_the_strict_build(small_project: Path) -> None:
    # Raw HTML in a hand-written page is resolved the same way as the generated pages' HTML.
    (small_project / "content" / "about.md").write_text(
        '# About\n\n<p><a href="groups/no-such-group.md">A group that is gone</a></p>\n', encoding="utf-8")
    code, stderr = build(small_project)
    assert code != 0
    assert "groups/no-such-group.md" in stderr


def test_a_link_to_a_heading_of_a_generated_page_is_checked(small_project: Path) -> None:
    about = small_project / "content" / "about.md"
    about.write_text("# About\n\n[Peer-led groups](support-types.md#peer-led)\n", encoding="utf-8")
    code, stderr = build(small_project)
    assert code == 0, stderr  # the anchor is there: the glossary's heading for the type
    about.write_text("# About\n\n[Peer-led groups](support-types.md#no-such-type)\n", encoding="utf-8")
    code, stderr = build(small_project)
    assert code != 0
    assert "no-such-type" in stderr
