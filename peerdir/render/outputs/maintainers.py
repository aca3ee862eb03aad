"""A page for maintainers, not in the navigation: what needs checking, as `build.py report` lists it."""

from __future__ import annotations

from ... import paths
from ...report import attention_items
from ..parts.common import Context, front_matter
from ..parts.text import long_date, md_text


def render_maintainers_page(ctx: Context) -> str:
    items = attention_items(ctx.directory, ctx.today, ctx.settings.freshness)
    parts = [
        front_matter(description="Listings that need checking.", search_exclude=True),
        "# For maintainers: what needs checking",
        f"As of {long_date(ctx.today)}. The same list comes from `make report`. "
        "This page is not in the site's menu.",
    ]
    if not items:
        parts.append("Nothing needs attention.")
    else:
        rows = ["| File and line | Field | What to do |", "| --- | --- | --- |"]
        for item in items:
            # A code span shows its text as it is: escaping it (md_text) would show the backslashes.
            rows.append(f"| `{item.file}:{item.line}` | `{item.field}` | {md_text(item.message)} |")
        parts.append("\n".join(rows))
    parts.append(f"See the [field reference]({paths.link(paths.MAINTAINERS, paths.FIELD_REFERENCE)}) "
                 "for what each field means.")
    return "\n\n".join(parts) + "\n"
