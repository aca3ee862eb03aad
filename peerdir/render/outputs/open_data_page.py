"""The "Open data" page: what each data file holds, its format and version, and how to reuse it.

Generated, so that the links, counts and the list of meetings the Meeting Guide feed leaves
out (with the reason for each) always match the files published beside it. What those files hold
(the schema version, the spreadsheet's columns, the feed's meetings) the open-data step of
`render/__init__.py` tells the page, from the files' own modules.
"""

from __future__ import annotations

from ... import paths
from ...models import Group, Meeting
from ..parts.common import Context, front_matter
from ..parts.public_data import absolute_url_of, open_groups_by_id
from ..parts.schedule import meeting_in_words
from ..parts.text import long_date, md_link, md_text, plural

PAGE = paths.OPEN_DATA
FILES = (paths.GROUPS_JSON, paths.EVENTS_JSON, paths.GROUPS_CSV, paths.HSDS_SERVICES, paths.MEETING_GUIDE)

# (HSDS field, where its value comes from): the fields of a service that we fill.
HSDS_FIELDS = (
    ("`id`", "a UUID derived from the group's id, the same in every build"),
    ("`name`, `description`", "the group's name; its summary followed by its description (Markdown)"),
    ("`url`, `email`", "the group's website (else its page on this site) and e-mail address"),
    ("`status`", "`active` or `temporarily closed`"),
    ("`fees_description`, `application_process`", "cost and referral"),
    ("`eligibility_description`", "who it is for"),
    ("`alert`, `assured_date`", "the notice, and the date the details were last checked"),
    ("`organization`", "the organisation that runs it (groups of one organisation share it); "
                       "a group with no organisation is its own"),
    ("`phones`, `contacts`", "the phone number with its note; one unnamed contact with the e-mail and phone "
                             "(we list no people)"),
    ("`schedules`", "each regular meeting as `freq`, `interval`, `byday` (`WE`, or `1MO` for the first Monday of "
                    "the month, `-1FR` for the last Friday), `dtstart` for fortnightly meetings, `opens_at` and "
                    "`closes_at`; the schedule note as a `description`"),
    ("`service_areas`", "the area"),
    ("`service_at_locations`", "the meeting place: `location` with `name`, `latitude`, `longitude`, `accessibility` "
                               "(one entry per access need, named with its description in `details`, then the "
                               "group's own words) "
                               "and an `addresses` entry (`address_1` and `city` from the street address, "
                               "`state_province` from the area, `postal_code`, `country` `GB`)"),
    ("`languages`", "the languages it is run in: `name` in English and `code`, the ISO 639 code (`cy` for Welsh, "
                    "`bfi` for British Sign Language)"),
    ("`attributes`", "types of support, who it is for, topics and access needs, as terms of taxonomies of our own"),
)


def render_open_data_page(ctx: Context, schema_version: str, csv_headings: tuple[str, ...], feed_meetings: int,
                          left_out: list[tuple[Group, Meeting, str]]) -> str:
    """The page, given what the files hold: `feed_meetings` is how many meetings the Meeting Guide feed
    has, and `left_out` the regular meetings it leaves out, each with the reason."""
    parts = [
        # Left out of the site's search: it is for people reusing the data, and it names languages, areas and
        # groups in its tables, so a parent's search for "Polish" found it among the groups.
        front_matter(description="The directory as open data: JSON, CSV, Open Referral (HSDS) and "
                                 "Meeting Guide files, rebuilt with the site.", search_exclude=True),
        "# Open data",
        "Everything in this directory is also published as data, so that councils, national directories, "
        "meeting-finder apps and anyone with a spreadsheet can reuse it. The files are rebuilt with the "
        f"site whenever the directory changes. This copy was built on {long_date(ctx.today)}.",
        _files_table(ctx, schema_version, feed_meetings),
        _full_addresses(ctx),
        _licence(ctx),
        _privacy(),
        _json_section(schema_version),
        _csv_section(csv_headings),
        _hsds_section(),
        _meeting_guide_section(left_out),
    ]
    return "\n\n".join(part for part in parts if part) + "\n"


def _file_link(path: str) -> str:
    target = paths.link(PAGE, path)
    return md_link(target, target)


def _files_table(ctx: Context, schema_version: str, meetings: int) -> str:
    directory = ctx.directory
    groups, events = len(directory.groups), len(directory.events)
    services = len(open_groups_by_id(ctx))
    rows = [
        (paths.GROUPS_JSON, f"JSON, schema version {schema_version} ({_schema_link(paths.GROUPS_JSON_SCHEMA)})",
         f"{plural(groups, 'group')}, closed ones included, with every field, and the lists of types of "
         "support, audiences, topics and areas they refer to"),
        (paths.EVENTS_JSON, f"JSON, schema version {schema_version} ({_schema_link(paths.EVENTS_JSON_SCHEMA)})",
         f"{plural(events, 'event')}, past ones included"),
        (paths.GROUPS_CSV, "CSV, UTF-8", f"{plural(groups, 'group')}, one row each, for spreadsheets"),
        (paths.HSDS_SERVICES, "Open Referral HSDS 3, JSON", f"{plural(services, 'group')} still running, as services"),
        (paths.MEETING_GUIDE, "Meeting Guide JSON feed", f"{plural(meetings, 'weekly meeting')} of open groups"),
    ]
    lines = ["## The files", "", "| File | Format | What it holds |", "| --- | --- | --- |"]
    lines += [f"| {_file_link(path)} | {fmt} | {what} |" for path, fmt, what in rows]
    return "\n".join(lines)


def _schema_link(path: str) -> str:
    return md_link("schema", paths.link(PAGE, path))


def _full_addresses(ctx: Context) -> str:
    if not ctx.settings.site_url:
        return ""
    lines = ["Their full addresses, to give to an app or an importer:", ""]
    lines += [f"- {md_link(absolute_url_of(path, ctx), absolute_url_of(path, ctx))}" for path in FILES]
    return "\n".join(lines)


def _licence(ctx: Context) -> str:
    licence = ctx.settings.data_licence
    if licence:
        return (f"## Licence\n\nYou may reuse the data under this licence: {md_text(licence)}. "
                "Please say that it comes from this directory and link to it.")
    return ("## Licence\n\nThe maintainers have not chosen a licence for the data yet. Until they do, "
            "please ask them before you republish it. The groups' details are the ones the groups "
            "publish themselves; check with a group before you rely on them.")


def _privacy() -> str:
    return ("## Privacy\n\n"
            "Some groups meet in a member's home. For those groups no file holds the venue's name, the "
            "address or the postcode, and the position is rounded to 2 decimal places (about 1 km), "
            "as the group pages show only the area. Such a group is in the Meeting Guide feed only if it "
            'also meets online or by phone, and then with only its area, no position, and `"approximate": "yes"`.')


def _json_section(schema_version: str) -> str:
    fields = md_link("field reference", paths.link(PAGE, paths.FIELD_REFERENCE))
    return (
        "## groups.json and events.json\n\n"
        f"Each is one JSON object: `schema_version` (now `{schema_version}`), `generated` (the day the site "
        "was built), `licence` (once one is chosen), and the `groups` (with the `vocabularies` their ids refer "
        "to) or the `events`. Each group and event has the fields described in the "
        f"{fields}, with the same names, and `url`, the address of its page on this site. A field with no "
        "value is left out. Dates are written `YYYY-MM-DD`, times `HH:MM` in the group's or event's "
        "`timezone`, and an event's `start` and `end` `YYYY-MM-DDTHH:MM` in local time. Closed groups are "
        "included with `status: closed`, so that an importer can remove them.\n\n"
        "Each file has a JSON Schema beside it. The version goes up by 0.1 when fields are added, and by "
        "1.0 when a field is renamed or removed or a value changes meaning: check `schema_version` before "
        "you import."
    )


def _csv_section(headings: tuple[str, ...]) -> str:
    columns = ", ".join(md_text(heading) for heading in headings)
    return (
        "## groups.csv\n\n"
        f"One row per group, closed ones included (see the Status column). The columns are: {columns}. "
        "Lists are separated by a semicolon and a space. The file is UTF-8 with a byte order mark, so "
        "that Excel shows every character right. A cell from the data that starts with `=`, `+`, `-` or `@` "
        "starts with an apostrophe, so that a spreadsheet shows it as text and never runs it as a formula: "
        "a phone number written `+44 ...` reads `'+44 ...`."
    )


def _hsds_section() -> str:
    rows = ["| HSDS field | What we put in it |", "| --- | --- |"]
    rows += [f"| {field} | {source} |" for field, source in HSDS_FIELDS]
    return (
        "## Open Referral (HSDS 3)\n\n"
        "`hsds/services.json` is a JSON array of services, each in the shape of the Human Services Data "
        "Specification 3 compiled `service_with_definitions` schema, which Open Referral UK builds on; "
        "the project's tests check each service against it. Closed groups are left out. Every id is a "
        "UUID that stays the same from build to build, so an importer can update its copy.\n\n"
        + "\n".join(rows) + "\n\n"
        "Meeting times are the group's local time. HSDS can only give a fixed offset from UTC, which "
        "cannot follow summer time, so each schedule names the time zone in its `notes` instead. "
        "A home's location has no address, a rounded position, and the area as its name. "
        "We leave out programs, funding, cost options (the cost is free text), required documents and "
        "metadata."
    )


def _meeting_guide_section(left_out: list[tuple[Group, Meeting, str]]) -> str:
    text = (
        "## Meeting Guide feed\n\n"
        "`meeting-guide.json` follows Code4Recovery's Meeting Guide specification, which meeting-finder apps "
        "and widgets such as the Meeting Guide app and TSML UI read: a JSON array with one entry per weekly "
        "meeting. Its `slug` is the group's id, the day and the start time (`riverside-parents-wednesday-1030`), "
        "so it does not change when the schedule is reordered. `day` counts from Sunday (0) to Saturday (6), and "
        "`updated` is the date the details were last checked. The `types` are codes from the specification's "
        "own list only: the languages a group is run in, `M` or `W` for a group only for dads and male carers "
        "or only for mothers, the codes for access needs the list has (`X` wheelchair access, `XB` an accessible "
        "toilet, `CF` child-friendly), and `TC` for a group that is temporarily closed.\n\n"
        "The apps need to know where to go or how to join, so a meeting is in the feed only if its group "
        "meets in one of these ways:\n\n"
        "- in person at a venue with a street address, which is the `formatted_address` (the specification asks "
        "for a specific address for a meeting in person);\n"
        "- online, when the group's website or social media link opens a video call on a service the apps "
        "accept (Zoom, Google Meet, Microsoft Teams, Jitsi and a few others), which is the `conference_url`;\n"
        "- by phone, for a group that meets by phone and not in person, with its number as the "
        "`conference_phone`.\n\n"
        "The specification counts an online meeting with neither a `conference_url` nor a `conference_phone` "
        "as inactive, and the apps drop a `conference_url` that is not a video call, such as a group's own "
        "website. A meeting only online or by phone gives the group's area as its address, with "
        '`"approximate": "yes"`.\n\n'
        "So these are left out: fortnightly and monthly meetings (the format is for weekly meetings only); "
        "groups that meet in someone's home, unless they also meet online or by phone (we never publish a "
        "home's address); groups that meet online without a video-call link, or only by e-mail, text or social "
        "media; and temporarily closed groups with no venue (`TC` marks a closed meeting place). Groups with no "
        "regular meeting times, such as helplines and forums, have nothing to list."
    )
    if not left_out:
        return text + "\n\nAt present every regular meeting is in the feed."
    lines = [f"- {md_link(group.name, paths.link(PAGE, paths.group_page(group.id)))}: "
             f"{md_text(meeting_in_words(meeting))} ({md_text(reason)})" for group, meeting, reason in left_out]
    return text + "\n\nThese regular meetings are not in the feed at present:\n\n" + "\n".join(lines)
