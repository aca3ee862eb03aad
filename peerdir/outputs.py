"""Every page and file the site will have, known before anything is rendered, and the check that
no two of them land on the same address (phase one).

The engine keeps one file per source path, and writes a page `groups/x.md` to `groups/x/index.html`
(directory URLs), as it does `groups/x/index.md`: a term with the id `index`, a group named like a
hand-written page, or two hand-written pages with the same address would silently replace one
another. So every output is claimed here, from the same `paths.py` functions the renderers use
(a test keeps this list in step with `render_site`), and a second claim to an address is reported
where it is written, naming what it would replace.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from . import paths
from .files import files_under
from .libraries import LIBRARY_FILES, library_url
from .problems import ProblemList

# The file names MkDocs renders as pages (mkdocs.utils.markdown_extensions); any other file in
# content/ is published as it is.
PAGE_EXTENSIONS = (".markdown", ".mdown", ".mkdn", ".mkd", ".md")

# Generated pages and files that do not depend on an id, and what each is, for messages.
FIXED_OUTPUTS: dict[str, str] = {
    paths.FIND_A_GROUP: "Find a group",
    paths.A_TO_Z: "all groups from A to Z",
    paths.REMOTE: "the groups online, by phone and national",
    paths.GLOSSARY: "the types of peer support",
    **{paths.facet_index(facet): f"the {title} index" for facet, (_, title) in paths.FACETS.items()},
    paths.FIELD_REFERENCE: "the field reference for editors",
    paths.MAINTAINERS: "the maintainers' list",
    paths.EVENTS: "the list of events",
    paths.EVENTS_ARCHIVE: "the archive of past events",
    paths.CALENDAR: "the calendar of all events",
    paths.MAP: "the map",
    paths.MAP_DATA: "the map's groups",
    paths.MAP_PLACES: "the map's places",
    paths.MAP_POSTCODES: "the map's postcode districts",
    paths.MAP_SETUPS: "the map's set-up",
    paths.OPEN_DATA: "the open data page",
    **{path: "open data" for path in (paths.GROUPS_JSON, paths.GROUPS_JSON_SCHEMA, paths.EVENTS_JSON,
                                      paths.EVENTS_JSON_SCHEMA, paths.GROUPS_CSV, paths.HSDS_SERVICES,
                                      paths.MEETING_GUIDE)},
    paths.NEWSLETTER: "the list of issues",
    paths.NEWSLETTER_FEED: "the newsletter's feed",
    **{library_url(name): "a map library from npm" for name in LIBRARY_FILES},
}

# Generated pages made only for some directories: a big directory's A to Z has a page for each first
# letter its groups have. Claimed like the others, so that no hand-written page can take their address;
# not a target for links from hand-written pages, which link to the A to Z itself.
OCCASIONAL_OUTPUTS: dict[str, str] = {
    paths.a_to_z_letter(letter): f"the groups from A to Z under {letter}" for letter in paths.A_TO_Z_LETTERS
}

# The lists of the data files whose ids become pages or files: list -> (file, what one entry is).
ID_LISTS = {
    "support_types": ("support_types.yaml", "type of support"),
    "audiences": ("support_types.yaml", "audience"),
    "topics": ("support_types.yaml", "topic"),
    "areas": ("support_types.yaml", "area"),
    "access_needs": ("support_types.yaml", "access need"),
    "languages": ("groups.yaml", "language"),  # the languages groups are run in (validate.languages_used)
    "groups": ("groups.yaml", "group"),
    "events": ("events.yaml", "event"),
}


def outputs_of_id(list_name: str, ident: str) -> list[tuple[str, str]]:
    """(path, what it is) for each page or file an entry of a list gives the site. Calendars are
    claimed for every group and event, as a schedule or a date may be added at any time."""
    what = f"the page of {ID_LISTS[list_name][1]} `{ident}`"
    if list_name == "groups":
        return [(paths.group_page(ident), what), (paths.group_calendar(ident), f"the calendar of group `{ident}`")]
    if list_name == "events":
        return [(paths.event_page(ident), what), (paths.event_calendar(ident), f"the calendar file of event `{ident}`")]
    if list_name == "areas":
        return [(paths.facet_page(list_name, ident), what),
                (paths.area_calendar(ident), f"the calendar of area `{ident}`"),
                (paths.area_feed(ident), f"the feed of area `{ident}`'s events")]
    return [(paths.facet_page(list_name, ident), what)]


def only_sometimes(path: str) -> bool:
    """Whether an entry's output is made only for some entries: a calendar, for a group with regular
    meetings or a dated event, an area's calendar and feed, for an area with a group or an event. Whether
    one is made is known once the data is valid."""
    return (path.endswith(".ics") and path != paths.CALENDAR) or path.endswith(".xml")


def generated_paths(ids: Iterable[WrittenId]) -> set[str]:
    """Every page and file the data gives the site, as source paths (for links to them)."""
    return set(FIXED_OUTPUTS) | {claim.path for claim in id_claims(ids)}


def folders_of(list_name: str) -> set[str]:
    """The folders the pages and files of a list's entries are in (`groups/`)."""
    return {posixpath.dirname(path) + "/" for path, _ in outputs_of_id(list_name, "x")}


def is_page(path: str) -> bool:
    return path.endswith(PAGE_EXTENSIONS)


def published_as(path: str) -> str:
    """The file a source path becomes in the built site: `groups/x.md` and `groups/x/index.md` are
    both `groups/x/index.html` (MkDocs with directory URLs; `README.md` counts as `index.md`)."""
    if not is_page(path):
        return path
    folder, name = posixpath.split(path)
    stem = posixpath.splitext(name)[0]
    return posixpath.join(folder, "index.html" if stem in ("index", "README") else f"{stem}/index.html")


def address(path: str) -> str:
    """How a reader sees where a page or file is: `groups/x/` for a page, the path for a file."""
    published = published_as(path)
    return (published.removesuffix("index.html") or "/") if is_page(path) else published


def hand_written_files(content_dir: Path, root: Path, problems: ProblemList) -> list[str]:
    """The files MkDocs publishes from `content_dir`, as source paths (`about-peer-support/index.md`):
    not those in hidden folders or named with a dot, nor `templates/` (MkDocs leaves them out).
    A folder that cannot be read or a link round in a circle is reported (`files.files_under`)."""
    found = []
    for path in files_under(content_dir, root, problems):
        relative = path.relative_to(content_dir).as_posix()
        if relative.startswith("templates/") or any(part.startswith(".") for part in relative.split("/")):
            continue
        found.append(relative)
    return sorted(found)  # as source paths sort: `about.md` before `about/index.md`


@dataclass(frozen=True)
class Claim:
    """One page or file of the site, and where it comes from: a data file's id, a hand-written file,
    or one of the fixed generated pages (which come first, so are never the second claim)."""

    path: str
    named: str  # how another claim's message names it: "the page browse/topic/index.md (the Topic index)"
    subject: str  # how its own message names it: "`index`", "this page"
    generated: bool  # generated outputs replace hand-written files of the same name
    file: str = ""  # where to report a clash
    line: int = 1
    column: int = 1
    field: str = ""
    advice: str = ""  # how to fix a clash, said where the claim is written


@dataclass(frozen=True)
class WrittenId:
    """An id as written in a data file, with where, for messages."""

    list_name: str
    index: int
    ident: str
    line: int
    column: int
    field: str = ""  # where it is written, when it is not the `id` of an entry: `groups[3].languages[0]`
    advice: str = "choose another id"


def fixed_claims() -> Iterator[Claim]:
    for path, what in chain(FIXED_OUTPUTS.items(), OCCASIONAL_OUTPUTS.items()):
        kind = "page" if is_page(path) else "file"
        yield Claim(path, f"the generated {kind} {path} ({what})", "", generated=True)


def id_claims(ids: Iterable[WrittenId]) -> Iterator[Claim]:
    for written in ids:
        file = ID_LISTS[written.list_name][0]
        for path, what in outputs_of_id(written.list_name, written.ident):
            yield Claim(path, f"{what} ({file} line {written.line})", f"`{written.ident}`", True, file,
                        written.line, written.column, written.field or f"{written.list_name}[{written.index}].id",
                        written.advice)


def hand_written_claims(files: list[str], content: str) -> Iterator[Claim]:
    for path in files:
        kind = "page" if is_page(path) else "file"
        yield Claim(path, f"the hand-written {kind} {content}/{path}", f"this {kind}", False, f"{content}/{path}",
                    advice=f"rename or move this {kind}")


def issue_pdf_claims(files: list[str], content: str) -> Iterator[Claim]:
    """`build.py build --pdf` writes each issue's PDF beside it (newsletter/<issue>.pdf), and every build
    its e-mail edition under its address (newsletter/<issue>/email.html and email.txt)."""
    for path in files:
        folder, name = posixpath.split(path)
        slug, extension = posixpath.splitext(name)
        if folder == paths.NEWSLETTER_DIR and extension == ".md" and slug != "index":
            pdf = paths.issue_pdf(slug)
            yield Claim(pdf, f"the PDF of issue {content}/{path}",
                        f"this issue's PDF ({pdf}, written by `build.py build --pdf`)", True, f"{content}/{path}",
                        advice="rename or delete the other file")
            for email in (paths.issue_email(slug), paths.issue_email_text(slug)):
                yield Claim(email, f"the e-mail edition of issue {content}/{path}", f"this issue's e-mail edition "
                            f"({email})", True, f"{content}/{path}", advice="rename or delete the other file")


def check_addresses(files: list[str], shown: str, ids: Iterable[WrittenId], problems: ProblemList) -> None:
    """The fixed generated pages first, then the hand-written `files` (in the folder named `shown` in
    messages), then each id's pages and files, then the issues' PDFs: each later claim to a taken
    address is reported where it is written."""
    check_collisions(chain(fixed_claims(), hand_written_claims(files, shown), id_claims(ids),
                           issue_pdf_claims(files, shown)), problems)


def check_collisions(claims: Iterable[Claim], problems: ProblemList) -> None:
    """Report each claim to an address an earlier claim has, where it is written, naming both."""
    taken: dict[str, Claim] = {}
    for claim in claims:
        first = taken.setdefault(published_as(claim.path), claim)
        if first is not claim:
            problems.add(claim.file, claim.line, claim.column, claim.field, clash(claim, first))


def clash(claim: Claim, first: Claim) -> str:
    if claim.path != first.path:
        own = f" ({claim.path})" if claim.generated else ""
        return (f"{claim.subject}{own} would be published at the same address ({address(claim.path)}) as "
                f"{first.named}, and one would replace the other; {claim.advice}")
    if claim.generated:
        return f"{claim.subject} would replace {first.named}; {claim.advice}"
    return f"{claim.subject} would be replaced by {first.named}; {claim.advice}"
