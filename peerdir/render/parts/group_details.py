"""A group's small print in a list (how it meets, its area, when it first meets), the same in the
browse pages' lists and a newsletter's listing of groups."""

from __future__ import annotations

from ...models import Group
from .common import Context
from .formats import formats_in_words
from .schedule import meeting_in_words
from .text import folded


def group_details(group: Group, ctx: Context) -> list[str]:
    """How and where a group meets, and when first: the small print of a group in a list."""
    details = [formats_in_words(group.formats), ctx.term("areas", group.area).name]
    if group.schedule:
        details.append(meeting_in_words(group.schedule[0]) + (" and more" if len(group.schedule) > 1 else ""))
    return details



# After a group's name in a listing (a newsletter's, on the page or in the e-mail), when it is not meeting.
STATUS_NOTES = {"temporarily-closed": " (temporarily closed)", "closed": " (this group has closed)"}


def other_organisation(group: Group) -> str | None:
    """Who runs the group, when that is not the group's own name again ("Full of Life" run by
    "Full of Life"), however it is spaced or capitalised."""
    if not group.organisation or folded(group.organisation) == folded(group.name):
        return None
    return group.organisation
