"""The data contract: every field an editor can write, one per line, with what it is for.

These declarations are the single source of truth for validation (`schema.convert`),
the JSON Schemas in `schema/` and the editors' field reference. Field names are the
contract with editors: rename one only with a migration of the YAML files.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from .schema import (
    Boolean,
    Choice,
    Code,
    Date,
    Email,
    Language,
    ListOf,
    LocalDateTime,
    Marks,
    Nested,
    Number,
    Phone,
    Postcode,
    Ref,
    Slug,
    Text,
    TimeOfDay,
    Timezone,
    Url,
    marks_field,
    spec,
)

FORMATS = ("in-person", "online", "phone", "email", "text", "social-media")
DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FREQUENCIES = ("weekly", "fortnightly", "monthly")
WEEKS = ("first", "second", "third", "fourth", "last")
STATUSES = ("active", "temporarily-closed", "closed")
# Meeting Guide's type codes for access (code4recovery/spec, data/types.json): wheelchair access, a
# wheelchair-accessible bathroom, child-friendly, babysitting available, fragrance free. The proposed D-HOH
# (deaf and hard of hearing) is not in the list, and clients ignore codes they do not know.
MEETING_GUIDE_ACCESS = ("X", "XB", "CF", "BA", "FF")
SUPPORT_TYPE_KINDS = ("delivery", "structure", "role", "other-role")
DEFAULT_TIMEZONE = "Europe/London"


# --------------------------------------------------------------------------- vocabularies


@dataclass(frozen=True, kw_only=True)
class Term:
    """An entry in a controlled list (audiences, topics, areas)."""

    id: str = spec(Slug(), "Stable id that groups refer to, e.g. `single-parents`.", required=True)
    name: str = spec(Text(80), "Name shown on the site, e.g. 'Single parents'.", required=True)
    description: str | None = spec(Text(400), "One or two plain sentences explaining the term.")
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class Centre:
    """The middle of an area, in decimal degrees: the check of groups' locations measures from here."""

    lat: float = spec(Number(-90, 90, "latitude", "51.5020"), "Latitude in decimal degrees, e.g. 51.5020.", required=True)
    lon: float = spec(Number(-180, 180, "longitude", "-0.1940"), "Longitude in decimal degrees, e.g. -0.1940.", required=True)
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class Area(Term):
    """A place groups are in; with a centre and a radius, `validate` checks that its groups' locations are in it."""

    centre: Centre | None = spec(Nested(Centre), "The middle of the area, e.g. the borough's centre on a map. Give it "
                                 "with `radius_km`; leave both out for an area that is not a place (no check is then made).")
    radius_km: float | None = spec(Number(0.1, 2000, "distance", "5", unit="kilometres"), "How far the area reaches "
                                   "from its centre, with a little to spare, so that the circle holds all of it: "
                                   "e.g. 5 for a London borough, 800 for the whole UK.")


@dataclass(frozen=True, kw_only=True)
class SupportType:
    """A type of peer support or peer role, from the taxonomy in the #PeerTalk newsletter."""

    id: str = spec(Slug(), "Stable id that groups refer to, e.g. `peer-led`.", required=True)
    name: str = spec(Text(80), "Name shown on the site, e.g. 'Peer-led'.", required=True)
    description: str = spec(Text(400), "One or two plain sentences explaining the type.", required=True)
    kind: str = spec(Choice(*SUPPORT_TYPE_KINDS), "How it is offered (`delivery`), how a group is run "
                     "(`structure`), a peer worker's `role`, or an `other-role` that is not support as such.",
                     required=True)
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class AccessNeed(Term):
    """Something a group offers for people's access needs, e.g. step-free access or a hearing loop."""

    description: str = spec(Text(400), "One or two plain sentences saying what it means at a group, for the glossary.",
                            required=True)
    meeting_guide: str | None = spec(Code(*MEETING_GUIDE_ACCESS), "The Meeting Guide type code that says the same, "
                                     "if one does: `X` wheelchair access, `XB` wheelchair-accessible toilet, "
                                     "`CF` child-friendly, `BA` babysitting, `FF` fragrance free.")


@dataclass(frozen=True, kw_only=True)
class Vocabularies:
    """The controlled lists in `support_types.yaml`: a typo can never create a new category."""

    support_types: tuple[SupportType, ...] = spec(ListOf(Nested(SupportType), 1, keep_valid=True), "Types of peer support and peer roles.", required=True)
    audiences: tuple[Term, ...] = spec(ListOf(Nested(Term), 1, keep_valid=True), "Who a group is for, e.g. dads and male carers.", required=True)
    topics: tuple[Term, ...] = spec(ListOf(Nested(Term), 1, keep_valid=True), "What a group is about, e.g. perinatal mental health.", required=True)
    areas: tuple[Area, ...] = spec(ListOf(Nested(Area), 1, keep_valid=True), "Where groups are, for browsing by area; include `national`.", required=True)
    access_needs: tuple[AccessNeed, ...] = spec(ListOf(Nested(AccessNeed), keep_valid=True), "What groups offer for "
                                                "access needs, e.g. step-free access, a hearing loop.", default=())
    marks: Marks = marks_field()


# --------------------------------------------------------------------------- groups


@dataclass(frozen=True, kw_only=True)
class Location:
    """Where a group or event meets."""

    name: str | None = spec(Text(120), "The venue, e.g. 'St Luke's Church Hall'.")
    address: str | None = spec(Text(200), "Street address without the postcode. Leave it out when `approximate` is true.")
    postcode: str | None = spec(Postcode(), "UK postcode, e.g. 'SW10 9NH'.")
    lat: float = spec(Number(-90, 90, "latitude", "51.4846"), "Latitude in decimal degrees, e.g. 51.4846.", required=True)
    lon: float = spec(Number(-180, 180, "longitude", "-0.1817"), "Longitude in decimal degrees, e.g. -0.1817.", required=True)
    approximate: bool = spec(Boolean(), "true when the group meets in someone's home: the site then shows "
                             "only the area, never the door.", default=False)
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class Meeting:
    """One regular meeting time of a group, in the group's local time."""

    day: str = spec(Choice(*DAYS), "Day of the week, e.g. `wednesday`.", required=True)
    start: time = spec(TimeOfDay(), "Start time, 24-hour clock, e.g. `10:30`.", required=True)
    end: time | None = spec(TimeOfDay(), "End time, 24-hour clock, e.g. `12:00`.")
    frequency: str = spec(Choice(*FREQUENCIES), "How often: `weekly`, `fortnightly` or `monthly`.", default="weekly")
    week: str | None = spec(Choice(*WEEKS), "For monthly meetings: which week of the month, e.g. `first` or `last`.")
    starting: date | None = spec(Date(), "For fortnightly meetings: the date of any one meeting, so the site can count the fortnights.")
    note: str | None = spec(Text(160), "Anything else about this time, e.g. 'Term time only'.")
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class Contact:
    """How to reach a group: at least one of these."""

    website: str | None = spec(Url(), "The group's own web page, starting https://.")
    email: str | None = spec(Email(), "E-mail address, e.g. hello@example.org.")
    phone: str | None = spec(Phone(), "Phone number, e.g. 020 7946 0000.")
    phone_note: str | None = spec(Text(120), "When the phone is answered, or an option to press, e.g. 'Option 7, weekdays 9 to 5'.")
    social: str | None = spec(Url(), "A social media page or hashtag link, starting https://.")
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class Group:
    """A peer support group or service."""

    id: str = spec(Slug(), "Stable id, lowercase with hyphens; it is the page address, so never change it.", required=True)
    name: str = spec(Text(120), "The group's name as people know it.", required=True)
    organisation: str | None = spec(Text(120), "The charity or organisation that runs it.")
    summary: str = spec(Text(200), "One plain sentence saying who it helps and how.", required=True)
    description: str | None = spec(Text(4000, multiline=True), "Longer description; Markdown allowed (links, lists, emphasis).")
    support_types: tuple[str, ...] = spec(ListOf(Ref("support_types"), 1), "Ids from `support_types` in support_types.yaml.", required=True)
    audiences: tuple[str, ...] = spec(ListOf(Ref("audiences")), "Who it is for: ids from `audiences` in support_types.yaml.", default=())
    topics: tuple[str, ...] = spec(ListOf(Ref("topics")), "What it is about: ids from `topics` in support_types.yaml.", default=())
    formats: tuple[str, ...] = spec(ListOf(Choice(*FORMATS), 1), "How it meets: " + ", ".join(FORMATS) + ".", required=True)
    area: str = spec(Ref("areas"), "Where it is: an id from `areas` in support_types.yaml (`national` for UK-wide).", required=True)
    location: Location | None = spec(Nested(Location), "Where it meets; required when `formats` includes in-person.")
    schedule: tuple[Meeting, ...] = spec(ListOf(Nested(Meeting)), "Regular meeting times.", default=())
    schedule_note: str | None = spec(Text(200), "Anything the schedule cannot say, e.g. 'Forum open all day, every day'.")
    timezone: str = spec(Timezone(), "Time zone of the schedule (IANA name).", default=DEFAULT_TIMEZONE)
    contact: Contact = spec(Nested(Contact), "How to reach the group: at least one of website, email, phone, social.", required=True)
    cost: str | None = spec(Text(120), "What it costs, e.g. 'Free'.")
    referral: str | None = spec(Text(200), "Whether a referral is needed, e.g. 'No referral needed: just come along'.")
    languages: tuple[str, ...] = spec(ListOf(Language()), "Languages the group is run in, by name or code, e.g. "
                                      "`[English, Welsh]` or `[en, cy]`; `bfi` is British Sign Language.", default=())
    access: tuple[str, ...] = spec(ListOf(Ref("access_needs")), "What the group offers for access needs: ids from "
                                   "`access_needs` in support_types.yaml, e.g. `[step-free, hearing-loop]`.", default=())
    accessibility: str | None = spec(Text(300), "Anything about access that `access` cannot say, e.g. "
                                     "'Lift to the first floor; the loop covers the front rows'.")
    last_verified: date = spec(Date(), "The date someone last checked these details with the group.", required=True)
    status: str = spec(Choice(*STATUSES), "`active`, `temporarily-closed` or `closed` (a closed group keeps its page).", default="active")
    alert: str | None = spec(Text(120), "A short notice shown prominently, e.g. 'No meetings in August'.")
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class GroupsFile:
    """groups.yaml: the directory of peer support groups."""

    groups: tuple[Group, ...] = spec(ListOf(Nested(Group), 1, keep_valid=True), "The peer support groups.", required=True)
    marks: Marks = marks_field()


# --------------------------------------------------------------------------- events


@dataclass(frozen=True, kw_only=True)
class Registration:
    """How to register for an event, or find out more."""

    url: str | None = spec(Url(), "A booking page, starting https://.")
    email: str | None = spec(Email(), "E-mail address to register with.")
    phone: str | None = spec(Phone(), "Phone number to register with.")
    note: str | None = spec(Text(200), "What to do, e.g. 'Email to reserve your space'.")
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class Event:
    """A dated event for the diary."""

    id: str = spec(Slug(), "Stable id, lowercase with hyphens; it is the page address.", required=True)
    title: str = spec(Text(120), "What it is.", required=True)
    who_for: str = spec(Text(200), "Who it is for.", required=True)
    start: datetime | None = spec(LocalDateTime(), "When it starts, local time: YYYY-MM-DDTHH:MM. Leave out only with `date_to_be_confirmed: true`.")
    end: datetime | None = spec(LocalDateTime(), "When it ends, local time: YYYY-MM-DDTHH:MM.")
    date_to_be_confirmed: bool = spec(Boolean(), "true while the date is not yet known (shown as 'Date to be confirmed').", default=False)
    timezone: str = spec(Timezone(), "Time zone of start and end (IANA name).", default=DEFAULT_TIMEZONE)
    location: Location | None = spec(Nested(Location), "Where it happens (as for groups). Leave out for online-only events.")
    venue_note: str | None = spec(Text(160), "Where it happens when there is no map location, e.g. 'Kensington and Chelsea Mind (room on booking)'.")
    online: bool = spec(Boolean(), "true when it happens online.", default=False)
    register: Registration | None = spec(Nested(Registration), "How to register or find out more.")
    group: str | None = spec(Ref("groups"), "The id of the group running it, if it is one of ours.")
    description: str | None = spec(Text(4000, multiline=True), "Longer description; Markdown allowed.")
    marks: Marks = marks_field()


@dataclass(frozen=True, kw_only=True)
class EventsFile:
    """events.yaml: dates for the diary."""

    events: tuple[Event, ...] = spec(ListOf(Nested(Event), keep_valid=True), "The events.", default=())
    marks: Marks = marks_field()
