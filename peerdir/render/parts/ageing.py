"""How old a group's details are, said honestly wherever the group is shown: its page, its entry in a
list (browse pages, a newsletter's listing) and its popup on the map.

A listing whose details were last checked `stale_after_months` ago or more (mkdocs.yml) may be out of
date, and says so in plain words, telling a parent to contact the group before going: the same rule as
`build.py report` and the maintainers' page (report.py: `is_stale`). With `list_last_after_months` set,
groups not checked for that long come after the checked ones in lists.
"""

from __future__ import annotations

import calendar
from datetime import date

from ...models import Group
from ...report import is_stale, months_between
from .common import Context
from .text import long_date, plural

# In a list or a popup, where there is room for one line.
OUT_OF_DATE_IN_A_LIST = "Details may be out of date: contact the group before you go."


def is_out_of_date(group: Group, ctx: Context) -> bool:
    """Details old enough to warn about; never for a closed group, whose page already says it has closed."""
    return group.status != "closed" and is_stale(group, ctx.today, ctx.settings.freshness.stale_after_months)


def out_of_date_from(group: Group, ctx: Context) -> date:
    """The first day on which the group's details are `stale_after_months` old (report.py's whole months:
    checked on 31 January, one month old on 1 March, as February has no 31st)."""
    index = group.last_verified.year * 12 + group.last_verified.month - 1 + ctx.settings.freshness.stale_after_months
    year, month = divmod(index, 12)
    if group.last_verified.day <= calendar.monthrange(year, month + 1)[1]:
        return date(year, month + 1, group.last_verified.day)
    year, month = divmod(index + 1, 12)
    return date(year, month + 1, 1)


def is_listed_last(group: Group, ctx: Context) -> bool:
    """Not checked for `list_last_after_months` (0: the setting is off, and no group is)."""
    after = ctx.settings.freshness.list_last_after_months
    return bool(after) and months_between(group.last_verified, ctx.today) >= after


def checked_first(groups: list[Group], ctx: Context) -> list[Group]:
    """`groups` in their order, but those listed last after the others (the order of each part kept)."""
    if not ctx.settings.freshness.list_last_after_months:
        return groups
    return sorted(groups, key=lambda group: is_listed_last(group, ctx))


def out_of_date_words(group: Group, ctx: Context) -> str:
    """The notice on a group's page: when the details were checked, and what to do. "A year or more ago"
    rather than "20 months ago": a page is read for days after it is built, and only the first stays true."""
    after = ctx.settings.freshness.stale_after_months
    age = "a year or more ago" if after == 12 else f"{plural(after, 'month')} or more ago"
    return (f"These details were last checked on {long_date(group.last_verified)}, {age}, so some of them "
            "may have changed. Please contact the group before you go, and tell us if anything is different.")
