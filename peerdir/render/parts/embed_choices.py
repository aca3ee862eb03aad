"""Which groups and events an embed shows, for every output that renders one: the issue's page
(`outputs/listings.py`) and its e-mail edition (`outputs/email_edition.py`) list the same ones."""

from __future__ import annotations

from collections.abc import Mapping

from ...embed_rules import GROUP_FILTERS, id_list, parse_date
from ...models import Event, Group
from .common import Context
from .event_words import is_dated, last_day, to_be_confirmed


def diary_events(ctx: Context, arguments: Mapping[str, str]) -> list[Event]:
    """The events between the `from` and `to` dates, by start, then (unless `undated=no`) those still to be dated."""
    first, last = parse_date(arguments["from"]), parse_date(arguments["to"])
    assert first and last  # checked in phase one
    dated = sorted((e for e in ctx.directory.events
                    if is_dated(e) and e.start and e.start.date() <= last and last_day(e) >= first),
                   key=lambda e: (e.start, e.id))
    undated = to_be_confirmed(ctx.directory.events) if arguments.get("undated", "yes") == "yes" else []
    return dated + undated


def chosen_groups(ctx: Context, arguments: Mapping[str, str]) -> list[Group]:
    """Groups chosen by id (in that order) or by topic, audience, type of support and area (by name)."""
    if "ids" in arguments:
        return [ctx.directory.group(group_id) for group_id in id_list(arguments["ids"])]
    wanted = {field: set(id_list(arguments[name])) for name, (_, field) in GROUP_FILTERS.items() if name in arguments}
    return [group for group in ctx.open_groups()
            if all(wanted_ids & set(_values(group, field)) for field, wanted_ids in wanted.items())]


def _values(group: Group, field: str) -> tuple[str, ...]:
    value = getattr(group, field)
    return value if isinstance(value, tuple) else (value,)
