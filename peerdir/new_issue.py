"""`make new-issue` (`build.py new-issue`): the next newsletter issue, ready to write.

The new file has the next number, today's date, the usual sections, and embeds of the
current data (a listing of local groups and the diary for the coming months) that already
pass the checks, so the site builds straight away and the editor replaces the words. It starts
as a draft (`draft: true`): the preview shows it, the published site leaves it out, and
`validate` refuses to publish it while it still has the example sentences below (`pages.py`).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .schema import slugify

if TYPE_CHECKING:  # validate reads the issues (pages.py), which import the example sentences from here
    from .validate import Directory

DIARY_MONTHS = 3  # the diary covers the rest of this month and the next two

# The example sentences of a new issue, for the editor to replace. Written only here: `validate` looks
# for these very sentences in an issue that is to be published (pages.py), so the two cannot drift.
SUMMARY_PLACEHOLDER = "Write one or two sentences about this issue: they show in the list of issues and in the feed."
SECTION_PLACEHOLDERS = {
    "Peer support news": "What has happened since the last issue, and what is coming up.",
    "Spotlight": "One kind of peer support, or the people it helps, in a little more depth.",
    "Peer support stories": "A story from someone who gives or receives peer support, shared with their permission.",
}


def new_issue(directory: Directory, content_dir: Path, today: date) -> Path:
    """Write the next issue's file into `content_dir/newsletter/`; never overwrites (FileExistsError)."""
    number = next_issue_number(directory)
    # Named like the shipped issue, `2026-11-peertalk`: one issue a month; a second one in the same
    # month is refused until the first is renamed, so running the command twice makes no duplicate.
    path = content_dir / paths.issue_page(f"{today:%Y-%m}-{slugify(_newsletter_name(directory)) or 'newsletter'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as file:  # "x": fails if the file exists
        file.write(issue_template(number, today, directory))
    return path


def next_issue_number(directory: Directory) -> int:
    return max((issue.number for issue in directory.issues), default=0) + 1


def issue_template(number: int, today: date, directory: Directory) -> str:
    name = _newsletter_name(directory)
    sections = [
        "---",
        f'title: "{name}: issue {number}"',
        f"number: {number}",
        f"date: {today.isoformat()}",
        f'summary: "{SUMMARY_PLACEHOLDER}"',
        "draft: true",
        "---",
        "",
        "<!-- Write each section in your own words, delete what you do not need, and preview with",
        "     `make serve` (or `.venv/bin/python build.py serve`).",
        "     This issue is a draft (`draft: true` above): the preview shows it, marked Draft, but the",
        "     published site leaves it out (no page, not in the list of issues, the feed, the search",
        "     or the PDFs). To publish it, delete the line `draft: true` (or write `draft: false`);",
        "     `make validate` then checks that none of the example sentences is left.",
        f"     How the generated lists work: {paths.CONTENT_DIR}/{paths.NEWSLETTER_EDITORS_GUIDE} -->",
        "",
        "## In this issue",
        "",
        "\n".join(f"- {section}" for section in (*SECTION_PLACEHOLDERS, "Local groups", "Dates for the diary")),
        "",
    ]
    for section, placeholder in SECTION_PLACEHOLDERS.items():
        sections += [f"## {section}", "", placeholder, ""]
    sections += [
        "## Local groups",
        "",
        _groups_example(directory),
        "",
        "## Dates for the diary",
        "",
        f"<!-- peerdir: diary from={today.isoformat()} to={_diary_end(today).isoformat()} -->",
        "",
    ]
    return "\n".join(sections)


def _newsletter_name(directory: Directory) -> str:
    """The name the latest issue's title starts with (`#PeerTalk: ...`), or "Newsletter"."""
    latest = directory.issues[0].title if directory.issues else ""
    name = latest.split(":", 1)[0].strip() if ":" in latest else ""
    return (name or "Newsletter").replace('"', "'")


def _groups_example(directory: Directory) -> str:
    """A groups embed for the area (other than national) with the most open groups."""
    areas = Counter(g.area for g in directory.groups if g.status != "closed" and g.area != "national")
    if areas:
        return f"<!-- peerdir: groups area={areas.most_common(1)[0][0]} -->"
    open_groups = [g.id for g in directory.groups if g.status != "closed"][:3]
    return f"<!-- peerdir: groups ids={','.join(open_groups)} -->" if open_groups else "No local groups yet."


def _diary_end(today: date) -> date:
    """The last day of the month DIARY_MONTHS - 1 months after this one."""
    month_index = today.year * 12 + today.month - 1 + DIARY_MONTHS
    first_after = date(month_index // 12, month_index % 12 + 1, 1)
    return date.fromordinal(first_after.toordinal() - 1)
