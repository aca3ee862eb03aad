"""`data/meeting-guide.json`: weekly meetings in code4recovery's Meeting Guide format, so that
meeting-finder apps and widgets that read that format (TSML UI and others) can show our groups.

The format is for weekly meetings only: a fortnightly or monthly meeting cannot be said in
it, so those are left out (the open-data page says so). One entry per weekly meeting of each
open group. A group that meets in a home gets an area instead of an address, no position,
and `approximate: "yes"`; an online group gets the type `ONL`, a temporarily closed one `TC`.
"""

from __future__ import annotations

from typing import Any

from .. import paths
from ..models import DAYS, Group, Meeting
from .common import Context
from .group_page import correction_url
from .public_data import (
    COUNTRY_NAME,
    absolute_url_of,
    area_address,
    area_name,
    open_groups_by_id,
    public_position,
    public_venue,
)
from .schedule import clock

ONLINE = "ONL"
TEMPORARILY_CLOSED = "TC"
# Meeting Guide's codes for languages (from the spec's list of types), for the languages groups are run in.
LANGUAGE_TYPES = {
    "amharic": "AM", "danish": "DA", "english": "EN", "french": "FR", "german": "DE", "greek": "EL",
    "hebrew": "HE", "hindi": "HI", "croatian": "HR", "hungarian": "HU", "italian": "ITA", "japanese": "JA",
    "korean": "KOR", "lithuanian": "LT", "malayalam": "ML", "norwegian": "NO", "persian": "FA", "farsi": "FA",
    "polish": "POL", "portuguese": "POR", "punjabi": "PUN", "russian": "RUS", "spanish": "S", "slovak": "SK",
    "swedish": "SV", "thai": "TH", "tagalog": "TL", "ukrainian": "UK",
}


def meeting_guide_day(meeting: Meeting) -> int:
    """Meeting Guide counts days from Sunday (0) to Saturday (6); our DAYS start on Monday."""
    return (DAYS.index(meeting.day) + 1) % 7


def meeting_slug(group: Group, meeting: Meeting) -> str:
    """`riverside-parents-wednesday-1030`: unique, and unchanged when editors reorder the schedule."""
    return f"{group.id}-{meeting.day}-{meeting.start:%H%M}"


def weekly_meetings(group: Group) -> list[Meeting]:
    return [m for m in group.schedule if m.frequency == "weekly"]


def left_out_meetings(ctx: Context) -> list[tuple[Group, Meeting]]:
    """Meetings of open groups that the format cannot hold: fortnightly and monthly ones."""
    return [(g, m) for g in open_groups_by_id(ctx) for m in g.schedule if m.frequency != "weekly"]


def render_meeting_guide(ctx: Context) -> list[dict[str, Any]]:
    """The feed: a JSON array of meetings, in group id, day and time order."""
    entries: list[dict[str, Any]] = []
    slugs: set[str] = set()
    for group in open_groups_by_id(ctx):
        meetings = sorted(weekly_meetings(group), key=lambda m: (meeting_guide_day(m), m.start))
        for number, meeting in enumerate(meetings, start=1):
            slug = meeting_slug(group, meeting)
            # Two meetings of a group on the same day at the same time: number the second.
            slug = slug if slug not in slugs else f"{slug}-{number}"
            slugs.add(slug)
            entries.append(meeting_guide_entry(group, meeting, slug, ctx))
    return entries


def meeting_guide_entry(group: Group, meeting: Meeting, slug: str, ctx: Context) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": group.name,
        "slug": slug,
        "day": meeting_guide_day(meeting),
        "time": clock(meeting.start),
        "end_time": clock(meeting.end) if meeting.end else None,
        "timezone": group.timezone,
        **_place(group, ctx),
        "region": area_name(group, ctx),
        "types": _types(group),
        "notes": _notes(group, meeting),
        "group": group.organisation or group.name,
        "url": absolute_url_of(paths.group_page(group.id), ctx),
        "feedback_url": correction_url(group, ctx.repo_url),
        "updated": f"{group.last_verified:%Y-%m-%d} 00:00:00",
        "contact_1_email": group.contact.email,
        "contact_1_phone": group.contact.phone,
        "entity": ctx.settings.site_name or None,
        "entity_website_url": ctx.settings.site_url or None,
    }
    return {key: value for key, value in entry.items() if value not in (None, "", [])}


def _place(group: Group, ctx: Context) -> dict[str, Any]:
    """Where: a street address and position for a venue; only the area for a home or an online group."""
    location = group.location
    if location is None or location.approximate:
        return {"formatted_address": area_address(group, ctx), "approximate": "yes"}
    name, address, postcode = public_venue(location)
    lat, lon = public_position(location)
    street = ", ".join(x for x in (address, postcode) if x)
    return {
        "location": name,
        "formatted_address": f"{street}, {COUNTRY_NAME}" if street else area_address(group, ctx),
        "latitude": lat,
        "longitude": lon,
        "approximate": "no",
    }


def _types(group: Group) -> list[str]:
    types = [ONLINE] if "online" in group.formats else []
    if group.status == "temporarily-closed":
        types.append(TEMPORARILY_CLOSED)
    for language in group.languages:
        code = LANGUAGE_TYPES.get(language.strip().lower())
        if code and code not in types:
            types.append(code)
    return types


def _notes(group: Group, meeting: Meeting) -> str:
    """Plain text, one thing a line: the format strips HTML and shows no Markdown."""
    contact = group.contact
    lines = [
        group.summary,
        meeting.note,
        group.schedule_note,
        f"Notice: {group.alert}" if group.alert else None,
        f"Website: {contact.website}" if contact.website else None,
        f"Phone: {contact.phone} ({contact.phone_note})" if contact.phone and contact.phone_note else None,
        f"Cost: {group.cost}" if group.cost else None,
        f"Referral: {group.referral}" if group.referral else None,
    ]
    return "\n".join(line for line in lines if line)
