"""A Markdown extension that marks links to other websites, so that paper can show where they go.

Printed, a link's address is written after it (print.css: `a.external-link::after`). That
cannot be decided in CSS from `href` alone: the site's own pages may be linked with absolute
`https://` addresses too (the theme's instant navigation, when it is on, turns every link into
one), so on the page internal and external links can look alike. The mark is made when the Markdown is rendered,
where the difference is plain. A link whose text already is its address is not marked.
The plugin (`engine/plugin.py`) adds the extension to every page.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

from .render.parts.html import EXTERNAL_LINK_CLASS, bare_address

CLASS = EXTERNAL_LINK_CLASS


class _MarkExternalLinks(Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for link in root.iter("a"):
            href = link.get("href", "")
            if not href.lower().startswith(("http://", "https://")):
                continue
            if bare_address("".join(link.itertext())) == bare_address(href):
                continue
            link.set("class", " ".join(filter(None, [link.get("class"), CLASS])))


class ExternalLinks(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # Last: after the inline patterns have made the links and "unescape" (priority 0) has put
        # back the characters Markdown escaped, so that a link's text reads as it will on the page.
        md.treeprocessors.register(_MarkExternalLinks(md), "peerdir_external_links", -1)
