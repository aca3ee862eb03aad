"""Phase one for the hand-written pages in `content/`: newsletter issues and embeds.

A newsletter issue is a Markdown file in `content/newsletter/`, named after its address
(`2026-11-peertalk.md` is published at `newsletter/2026-11-peertalk/`), that starts with
front matter saying what it is:

    ---
    title: "#PeerTalk: spotlight on parents"
    number: 1
    date: 2026-11-23
    summary: One or two plain sentences for the list of issues and the feed.
    draft: true
    ---

The front matter is read by the same loader as the data files (lines kept, no YAML 1.1
guessing) and converted with the same field kinds, so a mistake in it is reported as
`file:line:column` like any other. Every embed line of every page (`embed_rules.py`) is
checked against the ids in the data files at the same time.

An issue with `draft: true` is being written: the preview shows it, the published site leaves it
out (`Directory.published`). One that is to be published may not keep the example sentences that
`new-issue` wrote (`new_issue.py`), and no other page may link to a draft.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from . import paths
from .embed_rules import KnownIds, check_marker, find_markers, lines_outside_fences
from .files import display_name, read_text
from .load import FieldPath, YScalar, parse_yaml
from .new_issue import SECTION_PLACEHOLDERS, SUMMARY_PLACEHOLDER
from .outputs import is_page
from .page_html import page_problems
from .page_links import FRONT_MATTER, PageLinks, PageReader, heading_id
from .problems import ProblemList, position_in
from .schema import INVALID, Boolean, Context, Date, Marks, ScalarKind, Slug, Text, convert, marks_field, spec


class WholeNumber(ScalarKind):
    summary = "a whole number, e.g. `12`"

    def parse(self, text: str, node: YScalar, path: FieldPath, ctx: Context) -> Any:
        if re.fullmatch(r"[1-9]\d{0,5}", text):
            return int(text)
        return ctx.report(node, path, f"`{text}` is not an issue number: write a whole number from 1, e.g. 12")

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 1}


@dataclass(frozen=True, kw_only=True)
class Issue:
    """A newsletter issue: the front matter at the top of its Markdown file."""

    title: str = spec(Text(120), "The title, in quotes, e.g. \"#PeerTalk: spotlight on parents\".", required=True)
    number: int = spec(WholeNumber(), "The issue number: 1 for the first issue, then 2, 3 and so on.", required=True)
    date: date = spec(Date(), "The date of the issue, YYYY-MM-DD.", required=True)
    summary: str = spec(Text(300), "One or two plain sentences for the list of issues and the feed.", required=True)
    draft: bool = spec(Boolean(), "true while the issue is being written: the preview shows it, marked Draft, and "
                       "the published site leaves it out. Delete the line (or write false) to publish it.", default=False)
    marks: Marks = marks_field()
    slug: str = field(default="", compare=False)  # from the file name: the last part of its address
    # The Markdown after the front matter, and the line of the file it starts on: the e-mail edition
    # renders it (render/outputs/email_edition.py) as the engine renders the issue's page.
    body: str = field(default="", compare=False, repr=False)
    body_line: int = field(default=1, compare=False)

    @property
    def page(self) -> str:
        return paths.issue_page(self.slug)


@dataclass(frozen=True)
class HandWrittenPages:
    issues: tuple[Issue, ...]  # newest first
    links: dict[str, PageLinks]  # every page's links and anchors, by source path (`newsletter/x.md`)


def load_pages(content_dir: Path, root: Path, files: list[str], known: KnownIds,
               problems: ProblemList) -> HandWrittenPages:
    """Check every page's embeds, read every issue's front matter and every page's links and anchors
    (`files` are the files of `content_dir`, as `outputs.hand_written_files` lists them)."""
    issues: list[Issue] = []
    links: dict[str, PageLinks] = {}
    reader = PageReader()
    for page in (f for f in files if is_page(f)):
        path = content_dir / page
        display = display_name(path, root)
        text = read_text(path, display, problems)
        if text is None:
            continue
        # 1. Embeds, on every page: the name, each argument, and each id against the data files.
        check_embeds(text, display, known, problems)
        # 2. Newsletter issues: front matter, file name, no hand-written title (the title is the top heading).
        issue = _read_issue(path, text, display, problems) if posixpath.dirname(page) == paths.NEWSLETTER_DIR else None
        if issue is not None:
            issues.append(issue)
        # 3. Links and anchors, checked once every page has been read.
        links[page] = reader.read(text, display, [heading_id(issue.title)] if issue else [])
        # 4. HTML that the build's allow-list would drop (page_html.py): reported, never dropped unsaid.
        front = FRONT_MATTER.match(text)
        problems.extend(page_problems(text, front.end() if front else 0, reader.rendered, display))
    _check_numbers(issues, problems)
    return HandWrittenPages(tuple(sorted(issues, key=lambda i: (i.date, i.number), reverse=True)), links)


def check_embeds(text: str, display: str, known: KnownIds, problems: ProblemList, first_line: int = 1) -> None:
    for marker in find_markers(text):
        for column, message in check_marker(marker, known):
            problems.add(display, first_line + marker.line - 1, column, marker.name, message)


def _read_issue(path: Path, text: str, display: str, problems: ProblemList) -> Issue | None:
    slug = path.stem
    if path.suffix != ".md":
        problems.add(display, 1, 1, "", f"an issue is a `.md` file: rename `{path.name}` to `{slug}.md`")
        return None
    if slug == "index":
        return None  # the list of issues is generated there: reported as a clash of addresses (outputs.py)
    if not Slug.pattern.match(slug):
        problems.add(display, 1, 1, "", f"`{path.name}` is not a usable file name for an issue: use lowercase "
                     "letters, digits and hyphens, e.g. 2026-11-peertalk.md; it becomes the issue's address")
        return None
    front = FRONT_MATTER.match(text)
    if front is None:
        problems.add(display, 1, 1, "", "an issue starts with front matter: a line `---`, then `title:`, "
                     "`number:`, `date:` and `summary:`, then `---` (see content/editors/newsletter.md)")
        return None
    _check_no_title_heading(text, front.end(), display, problems)
    # The front matter as YAML from the opening `---` (a YAML document start), so lines keep their numbers.
    before = len(problems)
    tree = parse_yaml(text[: front.end("yaml")], display, problems) if front["yaml"] else None
    if tree is None or (type(tree) is YScalar and tree.text is None):
        # Blank, only comments, or `~` (YAML's null): the issue would build, missing from the list and feed.
        if len(problems) == before:  # not a YAML mistake, which is reported already
            problems.add(display, 1, 1, "", "the front matter is empty: add `title:`, `number:`, `date:` "
                         "and `summary:`")
        return None
    issue = convert(Issue, tree, "", Context(display, problems))
    if issue in (None, INVALID):
        return None
    if not issue.draft:
        _check_no_placeholders(text, issue, problems)
    return replace(issue, slug=slug, body=text[front.end():], body_line=text.count("\n", 0, front.end()) + 1)


def _check_no_placeholders(text: str, issue: Issue, problems: ProblemList) -> None:
    """An issue to be published has none of the example sentences `new-issue` wrote, each reported where it is."""
    keep_draft = ", or keep `draft: true` in the front matter until the issue is ready"
    if SUMMARY_PLACEHOLDER in issue.summary:
        line, column = issue.marks.at("summary")
        problems.add(issue.marks.file, line, column, "summary", "this is the example summary of a new issue, "
                     "which would be published: write one or two sentences about this issue instead" + keep_draft)
    for placeholder in SECTION_PLACEHOLDERS.values():
        start = text.find(placeholder)
        while start >= 0:
            line, column = position_in(text, start)
            problems.add(issue.marks.file, line, column, "", f'"{placeholder}" is an example sentence of a new '
                         "issue, which would be published: replace it with your own words or delete it" + keep_draft)
            start = text.find(placeholder, start + len(placeholder))


def _check_no_title_heading(text: str, body_start: int, display: str, problems: ProblemList) -> None:
    """The title comes from the front matter (so the page, the list and the feed agree): no `# ` heading."""
    first_line = text.count("\n", 0, body_start) + 1
    for number, line in lines_outside_fences(text[body_start:]):
        if re.match(r"#(\s|$)", line):
            problems.add(display, first_line + number - 1, 1, "", "an issue's title comes from `title:` in its "
                         "front matter and is shown above the issue with its number and date: delete this "
                         "`# ` heading, or make it a section with `## `")


def _check_numbers(issues: list[Issue], problems: ProblemList) -> None:
    first: dict[int, Issue] = {}
    for issue in sorted(issues, key=lambda i: i.marks.file):
        if issue.number in first:
            line, column = issue.marks.at("number")
            problems.add(issue.marks.file, line, column, "number",
                         f"{first[issue.number].marks.file} is issue {issue.number} too; give each issue its own number")
        else:
            first[issue.number] = issue
