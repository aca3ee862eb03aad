"""Typographic quotes, apostrophes, dashes and ellipses in the site's hand-written pages.

`"mental health"` prints as “mental health”, `parents'` as parents’, `--` as an en dash and `...` as
an ellipsis, by Python-Markdown's own `smarty` extension (pinned with Markdown itself): it works on
the text of the Markdown tree only, so code spans and blocks, link addresses, HTML attributes and
raw HTML keep their straight characters, and its output is fixed entities (`&rsquo;`), never markup.

Only hand-written pages (content/): a page generated from the data shows editors' text exactly as
typed (render/parts/text.py), which is also what people search for and copy, and the editors' field
reference shows YAML to copy. MkDocs builds each page with a new Markdown object from the same list
of extensions, so the plugin (`engine/plugin.py`) says, before each page is rendered, whether this one is
hand-written; the extension adds smarty to that page's Markdown object or leaves it out.
"""

from __future__ import annotations

from markdown import Extension, Markdown
from markdown.extensions.smarty import SmartyExtension


class HandWrittenTypography(Extension):
    def __init__(self) -> None:
        super().__init__()
        self.hand_written = False  # set by the plugin for the page about to be rendered

    def extendMarkdown(self, md: Markdown) -> None:
        if self.hand_written:
            SmartyExtension().extendMarkdown(md)


def as_typed(markdown_text: str) -> str:
    """Escaped Markdown text (render/parts/text.py `md_text`) that keeps its straight quotes in a hand-written
    page: smarty leaves a backslash-escaped quote as it is. For text an issue shows exactly as typed
    everywhere else (its title: in the list of issues, the feed, the browser's title bar, the search)."""
    return markdown_text.replace('"', '\\"').replace("'", "\\'")
