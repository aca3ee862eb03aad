"""What needs an editor's attention: stale listings and events nobody can register for.

The items are Problems (file, line, column, field, message) so they print like
validation messages, and an editor can work through them in order.
"""

from __future__ import annotations

from datetime import date

from .models import Event, Group
from .problems import Problem
from .project_settings import Freshness
from .validate import Directory

STALE_AFTER_MONTHS = Freshness.stale_after_months
DEFAULT_FRESHNESS = Freshness()


def months_between(earlier: date, later: date) -> int:
    """Whole months from `earlier` to `later` (negative when `later` is before)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return months - (1 if later.day < earlier.day else 0)


def is_stale(group: Group, today: date, after_months: int = STALE_AFTER_MONTHS) -> bool:
    """Details not checked for `after_months` whole months (mkdocs.yml: stale_after_months) may be out of date."""
    return months_between(group.last_verified, today) >= after_months


def has_registration_route(event: Event) -> bool:
    register = event.register
    return bool(register and (register.url or register.email or register.phone))


def attention_items(directory: Directory, today: date, freshness: Freshness = DEFAULT_FRESHNESS) -> list[Problem]:
    """Stale groups (not closed) and events with no way to register, in file and line order."""
    after = freshness.stale_after_months
    items = [_stale_item(g, today) for g in directory.groups if g.status != "closed" and is_stale(g, today, after)]
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
