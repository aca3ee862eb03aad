"""`data/groups.csv`: one row per group, for people who work in a spreadsheet.

Readable column headings, term names rather than ids, lists joined with "; ". UTF-8 with a
byte order mark so that Excel reads the accents and apostrophes right. Every cell written
from the YAML is defused against CSV injection: a spreadsheet runs a cell that starts with
`=`, `+`, `-` or `@` as a formula, and the YAML comes from pull requests.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable

from ... import languages, paths
from ...models import Group
from ..parts.common import Context, remembered
from ..parts.public_data import groups_by_id, public_position, public_venue, site_url_of
from ..parts.schedule import meeting_in_words

LIST_SEPARATOR = "; "
# What a spreadsheet may take for the start of a formula (OWASP's list), tab and carriage return included.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """The text as a spreadsheet shows it but never runs it: a leading apostrophe defuses a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _names(facet: str, ids: tuple[str, ...], ctx: Context) -> str:
    return LIST_SEPARATOR.join(ctx.term(facet, term_id).name for term_id in ids)


def _meetings(group: Group) -> str:
    return LIST_SEPARATOR.join(
        meeting_in_words(m) + (f" ({m.note})" if m.note else "") for m in group.schedule
    )


def _venue(index: int) -> Callable[[Group, Context], str]:
    def cell(group: Group, ctx: Context) -> str:
        return (public_venue(group.location)[index] or "") if group.location else ""
    return cell


def _position(index: int) -> Callable[[Group, Context], str]:
    def cell(group: Group, ctx: Context) -> str:
        return str(public_position(group.location)[index]) if group.location else ""
    return cell


Cell = Callable[[Group, Context], str]
# (heading, the cell's text, whether the text comes from the YAML and so needs defusing)
COLUMNS: tuple[tuple[str, Cell, bool], ...] = (
    ("ID", lambda g, ctx: g.id, False),
    ("Name", lambda g, ctx: g.name, True),
    ("Organisation", lambda g, ctx: g.organisation or "", True),
    ("Status", lambda g, ctx: g.status, False),
    ("Summary", lambda g, ctx: g.summary, True),
    ("Description (Markdown)", lambda g, ctx: g.description or "", True),
    ("Types of support", lambda g, ctx: _names("support_types", g.support_types, ctx), True),
    ("Who it is for", lambda g, ctx: _names("audiences", g.audiences, ctx), True),
    ("Topics", lambda g, ctx: _names("topics", g.topics, ctx), True),
    ("How it meets", lambda g, ctx: LIST_SEPARATOR.join(g.formats), False),
    ("Area", lambda g, ctx: ctx.term("areas", g.area).name, True),
    ("Venue", _venue(0), True),
    ("Address", _venue(1), True),
    ("Postcode", _venue(2), True),
    ("Latitude", _position(0), False),
    ("Longitude", _position(1), False),
    ("Meets in a home (location approximate)", lambda g, ctx: "yes" if g.location and g.location.approximate else "", False),
    ("Meeting times", lambda g, ctx: _meetings(g), True),
    ("Schedule note", lambda g, ctx: g.schedule_note or "", True),
    ("Time zone", lambda g, ctx: g.timezone, False),
    ("Website", lambda g, ctx: g.contact.website or "", True),
    ("E-mail", lambda g, ctx: g.contact.email or "", True),
    ("Phone", lambda g, ctx: g.contact.phone or "", True),
    ("Phone note", lambda g, ctx: g.contact.phone_note or "", True),
    ("Social media", lambda g, ctx: g.contact.social or "", True),
    ("Cost", lambda g, ctx: g.cost or "", True),
    ("Referral", lambda g, ctx: g.referral or "", True),
    ("Languages", lambda g, ctx: LIST_SEPARATOR.join(languages.english_name(tag) for tag in g.languages), False),
    ("Language codes (BCP 47)", lambda g, ctx: LIST_SEPARATOR.join(g.languages), False),
    ("Access", lambda g, ctx: _names("access_needs", g.access, ctx), True),
    ("Accessibility", lambda g, ctx: g.accessibility or "", True),
    ("Notice", lambda g, ctx: g.alert or "", True),
    ("Details last checked", lambda g, ctx: g.last_verified.isoformat(), False),
    ("Page on this site", lambda g, ctx: site_url_of(paths.group_page(g.id), ctx), False),
)
HEADINGS = tuple(heading for heading, _, _ in COLUMNS)


def render_groups_csv(ctx: Context) -> bytes:
    """Every group, closed ones included (see the Status column), in id order."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(HEADINGS)
    for group in groups_by_id(ctx):
        writer.writerow(remembered(_row, group, ctx))
    return out.getvalue().encode("utf-8-sig")


def _row(group: Group, ctx: Context) -> tuple[str, ...]:
    return tuple(spreadsheet_safe(cell(group, ctx)) if untrusted else cell(group, ctx) for _, cell, untrusted in COLUMNS)
