"""`data/meeting-guide.json`: weekly meetings in Code4Recovery's Meeting Guide format, so that
meeting-finder apps and widgets that read that format (the Meeting Guide app, TSML UI and others)
can show our groups.

The format is for weekly meetings only, and a meeting in it needs a way to get there or to join:
a meeting in person needs a specific address, and an online one a `conference_url` or
`conference_phone` (without one the specification counts it as inactive). So a meeting is in the
feed only when it is weekly and its group is open and meets at a venue with a street address,
online with a link to a video call, or by phone with a number to dial; the rest are left out and
the open-data page lists them with the reason (`left_out_meetings`). A group that meets in a home
is in the feed only when it also meets online or by phone, and then with only its area and
`approximate: "yes"`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from ... import paths
from ...models import DAYS, Group, Meeting
from ..parts.common import Context, remembered
from ..parts.corrections import correction_url
from ..parts.data_files import dump_compact, dump_list
from ..parts.public_data import (
    COUNTRY_NAME,
    absolute_url_of,
    area_address,
    area_name,
    open_groups_by_id,
    public_position,
    public_venue,
)
from ..parts.schedule import clock

# Type codes are only ever taken from the specification's list (code4recovery/spec, data/types.json,
# March 2026): clients ignore codes they do not know. It has no code for "online": clients work that
# out from `conference_url` and `conference_phone`.
TEMPORARILY_CLOSED = "TC"
# Meeting Guide's codes for languages, by the ISO 639 code of the languages groups are run in (a tag's
# first part: `pt-BR` is Portuguese, POR). CLDR calls Tagalog Filipino (`fil`), and Norwegian is written
# `no`, `nb` (Bokmål) or `nn` (Nynorsk).
LANGUAGE_TYPES = {
    "af": "AF", "am": "AM", "ar": "AR", "bg": "BG", "da": "DA", "de": "DE", "el": "EL", "en": "EN", "fa": "FA",
    "fi": "FI", "fr": "FR", "he": "HE", "hi": "HI", "hr": "HR", "hu": "HU", "is": "IS", "it": "ITA", "ja": "JA",
    "ka": "KA", "ko": "KOR", "lt": "LT", "ml": "ML", "mt": "MT", "ne": "NE", "nl": "NL", "no": "NO", "pl": "POL",
    "pt": "POR", "pa": "PUN", "ru": "RUS", "es": "S", "sk": "SK", "sl": "SL", "sv": "SV", "th": "TH", "fil": "TL",
    "tr": "TUR", "uk": "UK", "nb": "NO", "nn": "NO",
}
# `M` (Men) and `W` (Women) say a meeting is for men or for women only: true of a group whose only
# audience is dads and male carers, or mothers. No other audience or topic of ours means what a code
# of the list means (`LGBTQ` is a meeting of LGBTQ people, not of their families), so none is mapped.
AUDIENCE_TYPES = {"dads-and-male-carers": "M", "mothers": "W"}
# The services whose links Meeting Guide clients accept as a `conference_url`, from the list that
# TSML UI and the 12 Step Meeting List plugin share ("matches Meeting Guide app", June 2026); they
# drop a link to any other host. The specification asks for a link that opens the call itself.
CONFERENCE_SERVICES = (
    "bluejeans.com", "discord.gg", "freeconference.com", "freeconferencecall.com", "goto.com", "gotomeet.me",
    "gotomeeting.com", "horizon.meta.com", "maps.secondlife.com", "meet.google.com", "meet.jit.si",
    "meetings.dialpad.com", "signal.group", "skype.com", "slurl.com", "teams.live.com", "teams.microsoft.com",
    "vrchat.com", "webex.com", "zoho.com", "zoom.us",
)
# TSML UI drops a `conference_phone` with fewer digits than this.
CONFERENCE_PHONE_DIGITS = 10


def meeting_guide_day(meeting: Meeting) -> int:
    """Meeting Guide counts days from Sunday (0) to Saturday (6); our DAYS start on Monday."""
    return (DAYS.index(meeting.day) + 1) % 7


def meeting_slug(group: Group, meeting: Meeting) -> str:
    """`riverside-parents-wednesday-1030`: unique, and unchanged when editors reorder the schedule."""
    return f"{group.id}-{meeting.day}-{meeting.start:%H%M}"


def left_out_meetings(ctx: Context) -> list[tuple[Group, Meeting, str]]:
    """Meetings of open groups that the feed leaves out, each with the reason in a few words."""
    left_out = []
    for group in open_groups_by_id(ctx):
        reason = None if _attendance(group, ctx) else _why_not_listed(group)
        left_out += [(group, m, reason or f"meets {m.frequency}") for m in group.schedule
                     if reason or m.frequency != "weekly"]
    return left_out


def render_meeting_guide(ctx: Context) -> list[dict[str, Any]]:
    """The feed: a JSON array of meetings, in group id, day and time order."""
    return [entry for group in open_groups_by_id(ctx) for entry in remembered(group_meetings, group, ctx)]


def render_meeting_guide_file(ctx: Context) -> str:
    """`data/meeting-guide.json`: the feed as `render_meeting_guide` has it, each group's meetings dumped
    once and remembered."""
    return dump_list(remembered(_dumped_meetings, group, ctx) for group in open_groups_by_id(ctx))


def _dumped_meetings(group: Group, ctx: Context) -> str:
    """A group's meetings in the Meeting Guide feed, as items of its list ("" for none)."""
    return ",".join(dump_compact(entry) for entry in group_meetings(group, ctx))


def group_meetings(group: Group, ctx: Context) -> tuple[dict[str, Any], ...]:
    """A group's weekly meetings in the feed. Slugs begin with the group's id, so they can only
    clash within a group."""
    attendance = _attendance(group, ctx)
    if not attendance:
        return ()
    entries = []
    slugs: set[str] = set()
    weekly = [m for m in group.schedule if m.frequency == "weekly"]
    for number, meeting in enumerate(sorted(weekly, key=lambda m: (meeting_guide_day(m), m.start)), start=1):
        slug = meeting_slug(group, meeting)
        # Two meetings of a group on the same day at the same time: number the second.
        slug = slug if slug not in slugs else f"{slug}-{number}"
        slugs.add(slug)
        entries.append(meeting_guide_entry(group, meeting, slug, attendance, ctx))
    return tuple(entries)


def meeting_guide_entry(group: Group, meeting: Meeting, slug: str, attendance: dict[str, Any],
                        ctx: Context) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "name": group.name,
        "slug": slug,
        "day": meeting_guide_day(meeting),
        "time": clock(meeting.start),
        "end_time": clock(meeting.end) if meeting.end else None,
        "timezone": group.timezone,
        **attendance,
        "region": area_name(group, ctx),
        "types": _types(group, ctx),
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


def _attendance(group: Group, ctx: Context) -> dict[str, Any]:
    """Where to go or how to join, in the format's fields; empty when the format cannot say it."""
    venue = _venue(group)
    phone = conference_phone(group)
    joining = {
        "conference_url": conference_url(group),
        "conference_phone": phone,
        "conference_phone_notes": group.contact.phone_note if phone else None,
    }
    joining = {key: value for key, value in joining.items() if value}
    if not venue and not joining:
        return {}
    # Not in person (a home, or no venue): only the area, which the apps use to find "nearby" meetings.
    return {**(venue or {"formatted_address": area_address(group, ctx), "approximate": "yes"}), **joining}


def _venue(group: Group) -> dict[str, Any]:
    """A public meeting place with a street address: the specific address the format needs in person."""
    location = group.location
    if "in-person" not in group.formats or location is None or location.approximate or not location.address:
        return {}
    name, address, postcode = public_venue(location)
    lat, lon = public_position(location)
    return {
        "location": name,
        "formatted_address": ", ".join(x for x in (address, postcode, COUNTRY_NAME) if x),
        "latitude": lat,
        "longitude": lon,
        "approximate": "no",
    }


def conference_url(group: Group) -> str | None:
    """The group's website or social link when it is a video call on a service the clients accept.

    None for a temporarily closed group: clients read a way to join as "meets online", not closed."""
    if group.status != "active" or "online" not in group.formats:
        return None
    for link in (group.contact.website, group.contact.social):
        host = (urlsplit(link).hostname or "") if link else ""
        if any(host == service or host.endswith("." + service) for service in CONFERENCE_SERVICES):
            return link
    return None


def conference_phone(group: Group) -> str | None:
    """The number to dial for a group that meets by phone and not in person, written as the
    specification asks: digits, with a leading + for an international number. A group that meets
    in person gives its number for enquiries (it is `contact_1_phone`), not to join by phone."""
    phone = group.contact.phone
    if group.status != "active" or "phone" not in group.formats or "in-person" in group.formats or not phone:
        return None
    number = re.sub(r"[^\d+]", "", phone.replace("(0)", ""))
    return number if len(number.lstrip("+")) >= CONFERENCE_PHONE_DIGITS else None


def _why_not_listed(group: Group) -> str:
    """Why the format cannot hold any meeting of a group, in a few words for the open-data page."""
    location = group.location
    if "in-person" in group.formats and location is not None and location.approximate:
        return "meets in a home"
    if "in-person" in group.formats and location is not None:
        return "the venue has no street address"
    if group.status == "temporarily-closed":
        return "temporarily closed"
    if "online" in group.formats:
        return "online, with no link to a video call"
    if "phone" in group.formats:
        return "by phone, with no number to dial"
    return "by e-mail, text or social media"


def _types(group: Group, ctx: Context) -> list[str]:
    types = [TEMPORARILY_CLOSED] if group.status == "temporarily-closed" else []
    if len(group.audiences) == 1 and group.audiences[0] in AUDIENCE_TYPES:
        types.append(AUDIENCE_TYPES[group.audiences[0]])
    codes = [LANGUAGE_TYPES.get(tag.split("-")[0]) for tag in group.languages]
    codes += [ctx.term("access_needs", need).meeting_guide for need in group.access]
    for code in codes:
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
