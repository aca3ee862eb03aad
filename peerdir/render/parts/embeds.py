"""Generated Markdown inside hand-written pages: how the embeds are found and filled in.

A page asks for an embed with a line of its own, `<!-- peerdir: diary from=2027-06-01
to=2027-07-31 -->`; the line is replaced by what the embed's renderer returns, with links
relative to that page. Without the plugin (or in a plain Markdown viewer) the comment
simply shows nothing.

How a marker is written, which embeds exist, the arguments each takes and the checks
against the data are in `embed_rules.py`: phase one checks every page with them, so a
renderer only meets arguments that fit. To add an embed, declare it and its arguments
there, and give it a renderer `(ctx, page, arguments) -> Markdown` in RENDERERS in
`outputs/listings.py`, which `render/__init__.py` hands to `fill_embeds`. What a
renderer returns may also be blocks of HTML (the diary table, the list of what is coming up):
Markdown passes an HTML element that starts a line through as it is, and the plugin resolves
its links to other pages (`.md`) as it does on generated HTML pages.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from ...embed_rules import check_marker, find_markers
from ...problems import Problem
from ...validate import Directory
from .common import Context

Renderer = Callable[[Context, str, Mapping[str, str]], str]


class UnknownEmbed(ValueError):
    """A page asks for an embed that does not exist, or with arguments that do not fit.

    The message is a data problem, `content/newsletter/2026-11-peertalk.md:42:20: groups: ...`."""


def has_embeds(markdown: str) -> bool:
    return next(find_markers(markdown), None) is not None


def known_ids(directory: Directory) -> dict[str, set[str] | None]:
    """The ids an embed may name, by list, as phase one checks them."""
    vocabularies = directory.vocabularies
    ids: dict[str, set[str] | None] = {
        facet: {term.id for term in getattr(vocabularies, facet)}
        for facet in ("support_types", "audiences", "topics", "areas")
    }
    ids["groups"] = {group.id for group in directory.groups}
    return ids


def fill_embeds(markdown: str, page: str, ctx: Context, renderers: Mapping[str, Renderer], source: str = "",
                first_line: int = 1) -> str:
    """`markdown` with every marker line replaced by its generated Markdown, from `renderers` (by embed).

    `source` names the page's file in messages (default: `page`), and `first_line` is the line
    of that file `markdown` starts on (after the front matter the engine has taken off)."""
    lines = markdown.split("\n")
    known = known_ids(ctx.directory)
    for marker in find_markers(markdown):
        problems = check_marker(marker, known)
        if problems:
            column, message = problems[0]
            where = Problem(source or page, first_line + marker.line - 1, column, marker.name, message)
            raise UnknownEmbed(where.as_text())
        lines[marker.line - 1] = renderers[marker.name](ctx, page, marker.arguments)
    return "\n".join(lines)
