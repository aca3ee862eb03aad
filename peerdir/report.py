"""What needs an editor's attention: stale listings and events nobody can register for.

The items are Problems (file, line, column, field, message) so they print like
validation messages, and an editor can work through them in order.
"""

from __future__ import annotations

from datetime import date

from .models import Event, Group
from .problems import Problem
from .validate import Directory

STALE_AFTER_MONTHS = 12


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (negative when `later` is before)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def is_stale(group: Group, today: date) -> bool:
    """Details not checked for more than a year may be out of date."""
    return months_between(group.last_verified, today) >= STALE_AFTER_MONTHS


def has_registration_route(event: Event) -> bool:
    register = event.register
    return bool(register and (register.url or register.email or register.phone))


def attention_items(directory: Directory, today: date) -> list[Problem]:
    """Stale groups (not closed) and events with no way to register, in file and line order."""
    items = [_stale_item(g, today) for g in directory.groups if g.status != "closed" and is_stale(g, today)]
    items += [_no_route_item(e) for e in directory.events if not has_registration_route(e)]
    return sorted(items)


def _stale_item(group: Group, today: date) -> Problem:
    line, column = group.marks.at("last_verified")
    months = months_between(group.last_verified, today)
    return Problem(group.marks.file, line, column, group.marks.path_of("last_verified"),
                   f"{group.name}: details last checked {group.last_verified.isoformat()}, {months} months ago; "
                   "check them with the group and update last_verified")


def _no_route_item(event: Event) -> Problem:
    line, column = event.marks.line, event.marks.column
    return Problem(event.marks.file, line, column, event.marks.path_of("register"),
                   f"{event.title}: no way to register (add register.url, register.email or register.phone)")
