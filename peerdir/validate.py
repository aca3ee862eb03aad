"""Phase one of every build: load all data files, check them, and return typed models.

Nothing is rendered until everything has been loaded and checked, so renderers never
meet bad data. Checks that need more than one field or more than one record live here;
checks of a single value live with its kind in `schema.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from .areas import outside_message
from .collections_pause import full_collections_paused
from .embed_rules import KnownIds
from .load import YList, YMap, YNode, YScalar, load_yaml
from .models import Area, Event, EventsFile, Group, GroupsFile, Vocabularies
from .outputs import WrittenId, check_addresses, folders_of, generated_paths, hand_written_files
from .page_links import Link, Targets, check_generated_anchors, check_links
from .pages import Issue, display_name, load_pages
from .paths import CONTENT_DIR
from .problems import Problem, ProblemList
from .schema import INVALID, Context, Slug, convert

GROUPS_FILE = "groups.yaml"
EVENTS_FILE = "events.yaml"
VOCABULARIES_FILE = "support_types.yaml"
DATA_FILES = (VOCABULARIES_FILE, GROUPS_FILE, EVENTS_FILE)
# The lists whose entries have ids, and their files.
ID_FILES = {"support_types": VOCABULARIES_FILE, "audiences": VOCABULARIES_FILE, "topics": VOCABULARIES_FILE,
            "areas": VOCABULARIES_FILE, "access_needs": VOCABULARIES_FILE, "groups": GROUPS_FILE, "events": EVENTS_FILE}


@dataclass(frozen=True)
class Directory:
    """Everything the site is built from, valid and cross-checked."""

    vocabularies: Vocabularies
    groups: tuple[Group, ...]
    events: tuple[Event, ...]
    root: Path = field(default=Path("."), compare=False)
    issues: tuple[Issue, ...] = ()  # newsletter issues (content/newsletter/), newest first, drafts too

    def published(self) -> Directory:
        """The directory as the published site shows it: without the issues that are drafts."""
        return replace(self, issues=tuple(issue for issue in self.issues if not issue.draft))

    def drafts(self) -> tuple[Issue, ...]:
        return tuple(issue for issue in self.issues if issue.draft)

    def group(self, group_id: str) -> Group:
        return self._groups_by_id()[group_id]

    def _groups_by_id(self) -> dict[str, Group]:
        cache = self.__dict__.get("_by_id")
        if cache is None:
            cache = {g.id: g for g in self.groups}
            object.__setattr__(self, "_by_id", cache)
        return cache


@dataclass
class LoadResult:
    directory: Directory | None
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return self.directory is not None and not self.problems


def load_directory(root: Path, today: date | None = None, content_dir: Path | None = None) -> LoadResult:
    """Load and check the three data files in `root`, and the hand-written pages that use them
    (`content_dir`, by default `root/content`); report every problem at once."""
    with full_collections_paused():  # the loaded data lives on: see collections_pause.py
        return _load_directory(root, today, content_dir)


def _load_directory(root: Path, today: date | None, content_dir: Path | None) -> LoadResult:
    problems = ProblemList()
    # 1. Read each file into a tree that remembers lines and columns.
    trees = {name: load_yaml(root / name, name, problems) for name in DATA_FILES}
    # 2. Check ids across records, using what was written even where a record is broken.
    ids = {name: _check_unique_ids(trees[file], name, file, problems) for name, file in ID_FILES.items()}
    known: dict[str, set[str]] = {name: {w.ident for w in ids[name]} for name in ID_FILES if name != "events"}
    # 3. Convert each tree into typed models, field by field, each reference checked against the ids of
    #    the list it names (a list whose file could not be read is not checked).
    listed = {name: (idents, ID_FILES[name]) for name, idents in known.items()
              if (_lists(trees[GROUPS_FILE], "groups") if name == "groups" else trees[ID_FILES[name]] is not None)}
    vocabularies = _convert_file(Vocabularies, trees[VOCABULARIES_FILE], VOCABULARIES_FILE, None, problems, listed)
    groups_file = _convert_file(GroupsFile, trees[GROUPS_FILE], GROUPS_FILE, "groups", problems, listed)
    events_file = _convert_file(EventsFile, trees[EVENTS_FILE], EVENTS_FILE, "events", problems, listed)
    groups_readable = groups_file not in (None, INVALID)
    # 4. Check each record's own rules.
    groups = _valid(groups_file, "groups")
    ids["languages"] = languages_used(groups)  # each language's browse page, claimed like an id's
    events = _valid(events_file, "events")
    areas = {area.id: area for area in _valid(vocabularies, "areas")}
    for area in areas.values():
        _check_area(area, problems)
    for group in groups:
        _check_group(group, today, problems)
        _check_in_area(group, areas, problems)
    for event in events:
        _check_event(event, problems)
    # 5. Hand-written pages: newsletter issues' front matter, and every embed's ids against the lists above
    #    (a list whose file could not be read is not checked).
    readable = {VOCABULARIES_FILE: trees[VOCABULARIES_FILE] is not None, GROUPS_FILE: groups_readable}
    page_known = {name: idents if readable[GROUPS_FILE if name == "groups" else VOCABULARIES_FILE] else None
                  for name, idents in known.items()}
    issues, later = _check_hand_written(content_dir or root / CONTENT_DIR, root, trees, ids, page_known, problems)
    if problems or vocabularies in (None, INVALID):
        return LoadResult(None, problems.sorted())
    directory = Directory(vocabularies, groups, events, root, issues)
    # 8. Links to anchors of generated pages, now that the pages can be rendered.
    anchor_problems = _generated_anchor_problems(directory, today, later)
    return LoadResult(None, sorted(anchor_problems)) if anchor_problems else LoadResult(directory, [])


LaterLinks = list[tuple[str, Link, str, str]]  # (page, link, file, generated page): see check_generated_anchors


def _check_hand_written(content: Path, root: Path, trees: dict[str, YNode | None], ids: dict[str, list[WrittenId]],
                        page_known: KnownIds, problems: ProblemList) -> tuple[tuple[Issue, ...], LaterLinks]:
    """Steps 5 to 7: the pages in `content`, and the addresses of every page and file."""
    files, shown = hand_written_files(content, root, problems), display_name(content, root)
    pages = load_pages(content, root, files, page_known, problems)
    # 6. No two pages or files at one address: an id's pages against the generated and hand-written ones.
    #    Ids that are not valid are left out: they are reported as such already.
    valid_ids = [w for written in ids.values() for w in written if Slug.pattern.match(w.ident)]
    check_addresses(files, shown, valid_ids, problems)
    # 7. Every link of a hand-written page leads to a page or file (a list whose file could not be read
    #    is not checked); links to anchors of generated pages wait for the data to be valid.
    unknown = tuple(folder for name, file in ID_FILES.items() if trees[file] is None for folder in folders_of(name))
    drafts = frozenset(issue.page for issue in pages.issues if issue.draft)
    targets = Targets(set(files) | generated_paths(valid_ids), pages.links, set(files), unknown, drafts)
    later = [(page, link, links.file, target) for page, links in pages.links.items()
             for link, target in check_links(page, links, targets, problems)]
    return pages.issues, later


def _generated_anchor_problems(directory: Directory, today: date | None, later: LaterLinks) -> list[Problem]:
    """Links to anchors of generated pages: the pages they point to, and only those, are rendered."""
    from .render import SiteSettings, render_pages  # render imports this module; it needs valid data

    settings = SiteSettings(today=today or date.today())
    return check_generated_anchors(later, lambda wanted: render_pages(directory, settings, wanted))


def _lists(tree: YNode | None, list_name: str) -> bool:
    """Whether the file's tree has its list (`groups:` followed by entries), whatever the entries hold."""
    return isinstance(tree, YMap) and isinstance(tree.entries.get(list_name, (None, None))[1], YList)


def _convert_file(model: type, tree: YNode | None, file: str, list_name: str | None,
                  problems: ProblemList, known: dict[str, tuple[set[str], str]]) -> Any:
    if tree is None:
        return None
    if not isinstance(tree, YMap):
        expected = f"`{list_name}:`" if list_name else "`support_types:`"
        problems.add(file, tree.line, tree.column, "",
                     f"the file should start with {expected} on its own line, followed by the list")
        return None
    return convert(model, tree, "", Context(file, problems, known))


def _valid(parsed: Any, list_name: str) -> tuple[Any, ...]:
    if parsed in (None, INVALID):
        return ()
    return tuple(item for item in getattr(parsed, list_name) if item is not INVALID)


def _check_unique_ids(tree: YNode | None, list_name: str, file: str, problems: ProblemList) -> list[WrittenId]:
    """Report reused ids; return the first entry with each id written in the list, valid records or not."""
    seen: dict[str, int] = {}
    first: list[WrittenId] = []
    for index, item in enumerate(_list_items(tree, list_name)):
        id_node = item.entries.get("id", (None, None))[1] if isinstance(item, YMap) else None
        if not isinstance(id_node, YScalar) or not id_node.text:
            continue
        ident = id_node.text.strip()
        if ident in seen:
            problems.add(file, id_node.line, id_node.column, f"{list_name}[{index}].id",
                         f"`{ident}` is already the id of an entry on line {seen[ident]}; "
                         "every id must be unique")
        else:
            seen[ident] = item.line
            first.append(WrittenId(list_name, index, ident, id_node.line, id_node.column))
    return first


def languages_used(groups: Iterable[Group]) -> list[WrittenId]:
    """The languages groups are run in, each where a group first names it: each has a browse page."""
    first: dict[str, WrittenId] = {}
    for group in groups:
        for index, tag in enumerate(group.languages):
            if tag.lower() not in first:
                line, column = group.marks.at_item("languages", index)
                first[tag.lower()] = WrittenId("languages", index, tag.lower(), line, column,
                                               f"{group.marks.path_of('languages')}[{index}]",
                                               "rename or move the other page (the language's page is made for it)")
    return list(first.values())


def _list_items(tree: YNode | None, list_name: str) -> Iterable[YNode]:
    if isinstance(tree, YMap) and list_name in tree.entries:
        value = tree.entries[list_name][1]
        if isinstance(value, YList):
            return value.items
    return ()


def _report(problems: ProblemList, record: Any, name: str, message: str) -> None:
    line, column = record.marks.at(name)
    problems.add(record.marks.file, line, column, record.marks.path_of(name), message)


def _check_group(group: Group, today: date | None, problems: ProblemList) -> None:
    if "in-person" in group.formats and group.location is None:
        _report(problems, group, "formats",
                "the group meets in-person, so it needs a `location:` with at least lat and lon")
    contact = group.contact
    if not (contact.website or contact.email or contact.phone or contact.social):
        _report(problems, group, "contact",
                "gives no way to reach the group: add at least one of website, email, phone or social")
    else:  # each way the group says it can be reached has its details
        _check_formats_reachable(group, problems)
        if contact.phone_note and not contact.phone:
            _report(problems, contact, "phone_note",
                    "is a note about the phone, but there is no `phone:`: add the number, or delete `phone_note`")
    if group.location and "in-person" not in group.formats:
        _report(problems, group, "location", "is where the group meets, but `formats` has no in-person, so the "
                "map would show it where no one meets: add in-person to formats, or delete the location")
    if group.location and group.location.approximate and group.location.address:
        _report(problems, group.location, "address",
                "this group meets in someone's home (approximate: true), so its street address "
                "must not be published: delete the address line")
    for meeting in group.schedule:
        _check_meeting(meeting, problems)
    if today and group.last_verified > today:
        _report(problems, group, "last_verified",
                f"{group.last_verified.isoformat()} is in the future; write the date the details were checked")


def _check_area(area: Area, problems: ProblemList) -> None:
    if area.centre and area.radius_km is None:
        _report(problems, area, "centre", "has no `radius_km:` to go with it: add how far the area reaches "
                "from its centre in kilometres, e.g. `radius_km: 5`, or delete `centre`")
    if area.radius_km is not None and area.centre is None:
        _report(problems, area, "radius_km", "has no `centre:` to measure from: add `centre:` with the "
                "area's middle as lat and lon, or delete `radius_km`")


def _check_in_area(group: Group, areas: dict[str, Area], problems: ProblemList) -> None:
    location, area = group.location, areas.get(group.area)  # no area: one not in the list, reported already
    message = outside_message(location, area) if location and area else None
    if location and message:
        line, column = location.marks.at("lat")
        problems.add(location.marks.file, line, column, location.marks.path, message)


# What each way of meeting needs in a group's `contact:` for someone to use it: (any of these fields, what the
# way means, the fields as the message names them, what to add). A group page that says "By e-mail" and gives
# no address leaves the reader stuck; `in-person` needs a location instead (see `_check_group`).
FORMAT_CONTACTS = {
    "email": (("email",), "can be reached by e-mail", "`email:`", "its e-mail address"),
    "phone": (("phone",), "can be reached by phone", "`phone:`", "its number"),
    "text": (("phone",), "can be reached by text message", "`phone:`", "the number to text"),
    "online": (("website", "social"), "meets online", "`website:` or `social:` link", "the page where it meets"),
    "social-media": (("social", "website"), "is on social media", "`social:` or `website:` link", "its page"),
}


def _check_formats_reachable(group: Group, problems: ProblemList) -> None:
    for index, way in enumerate(group.formats):
        if way not in FORMAT_CONTACTS:
            continue
        fields, meaning, missing, wanted = FORMAT_CONTACTS[way]
        if any(getattr(group.contact, name) for name in fields):
            continue
        line, column = group.marks.at_item("formats", index)
        problems.add(group.marks.file, line, column, f"{group.marks.path_of('formats')}[{index}]",
                     f"`{way}` means the group {meaning}, but `contact:` has no {missing}: add {wanted} "
                     f"under `contact:`, or take `{way}` out of formats")


def _check_meeting(meeting: Any, problems: ProblemList) -> None:
    if meeting.end and meeting.end <= meeting.start:
        _report(problems, meeting, "end",
                f"ends at {meeting.end:%H:%M}, not after it starts at {meeting.start:%H:%M}")
    if meeting.frequency == "monthly" and not meeting.week:
        _report(problems, meeting, "frequency",
                "a monthly meeting needs `week:` (first, second, third, fourth or last)")
    if meeting.week and meeting.frequency != "monthly":
        _report(problems, meeting, "week", "`week` only applies to monthly meetings; "
                "set `frequency: monthly` or delete `week`")
    if meeting.frequency == "fortnightly" and not meeting.starting:
        _report(problems, meeting, "frequency",
                "a fortnightly meeting needs `starting:` with the date of one meeting, e.g. 2026-09-02")
    if meeting.starting and meeting.frequency != "fortnightly":
        _report(problems, meeting, "starting", "`starting` only applies to fortnightly meetings; "
                "set `frequency: fortnightly` or delete `starting`")
    if meeting.starting and meeting.starting.strftime("%A").lower() != meeting.day:
        _report(problems, meeting, "starting",
                f"{meeting.starting.isoformat()} is a {meeting.starting:%A}, not a {meeting.day.capitalize()}")


def _check_event(event: Event, problems: ProblemList) -> None:
    if event.start is None and not event.date_to_be_confirmed:
        _report(problems, event, "start", "is required: add `start:` (e.g. 2027-06-09T14:00), "
                "or `date_to_be_confirmed: true` if the date is not known yet")
    elif event.start and event.date_to_be_confirmed:
        _report(problems, event, "date_to_be_confirmed",
                "the event has a start date; delete `date_to_be_confirmed`")
    elif event.end and not event.start:
        _report(problems, event, "end", "the date is to be confirmed, so there is no end yet; delete `end`")
    if event.start and event.end and event.end <= event.start:
        _report(problems, event, "end",
                f"ends at {event.end:%Y-%m-%d %H:%M}, before it starts at {event.start:%Y-%m-%d %H:%M}; "
                "check the dates")
    if not (event.location or event.online or event.venue_note):
        _report(problems, event, "location",
                "says nowhere: add a `location:`, `online: true`, or a `venue_note:`")
    register = event.register
    if event.online and not event.group and not (register and (register.url or register.email or register.phone)):
        _report(problems, event, "online", "the event is online, but says nowhere how to join: add `register:` "
                "with a url, email or phone, or the `group:` that runs it")
