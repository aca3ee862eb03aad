"""Meeting times in plain words: "Every Wednesday, 10:30 to 12:00"."""

from __future__ import annotations

from datetime import time

from ...models import Group, Meeting


def clock(moment: time) -> str:
    return f"{moment:%H:%M}"


def meeting_in_words(meeting: Meeting) -> str:
    day = meeting.day.capitalize()
    if meeting.frequency == "monthly":
        when = f"{(meeting.week or '').capitalize()} {day} of the month"
    elif meeting.frequency == "fortnightly":
        when = f"Every other {day}"
    else:
        when = f"Every {day}"
    hours = f"{clock(meeting.start)} to {clock(meeting.end)}" if meeting.end else f"from {clock(meeting.start)}"
    return f"{when}, {hours}"


def schedule_lines(group: Group) -> list[tuple[str, str | None]]:
    """(plain words, note) for each regular meeting of the group."""
    return [(meeting_in_words(m), m.note) for m in group.schedule]


def meeting_days(group: Group) -> list[str]:
    """Days of the week the group meets on, in week order, for filters."""
    order = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    days = {m.day for m in group.schedule}
    return [d for d in order if d in days]
