"""Honest ageing: a group whose details are old says so on its page, in lists and on the map, by the
threshold in mkdocs.yml; the report and the maintainers' page agree with the pages; and, when the site
is set to, groups not checked for long come after the checked ones."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

import pytest

from peerdir import paths
from peerdir.project_settings import Freshness
from peerdir.render import SiteSettings, render_site
from peerdir.report import attention_items
from peerdir.validate import load_directory

from .conftest import FIXTURES

TODAY = date(2026, 11, 23)
NOTICE_TITLE = "These details may be out of date"


def shows_notice(page: str) -> bool:
    """The notice as built, not the one a fresh group carries hidden for the day its details grow old."""
    return NOTICE_TITLE in page and "data-shown-from" not in page
IN_A_LIST = "Details may be out of date: contact the group before you go."


def _pages(freshness: Freshness = Freshness(), directory=None):  # noqa: B008 - frozen, so one default is safe
    directory = directory or load_directory(FIXTURES / "valid").directory
    return directory, render_site(directory, SiteSettings(today=TODAY, freshness=freshness))


def test_an_old_listing_says_so_at_the_top_of_its_page_and_a_fresh_one_when_it_was_checked() -> None:
    _, pages = _pages()
    old = pages[paths.group_page("old-friends")]  # checked 10 January 2025
    assert shows_notice(old)
    assert ("These details were last checked on 10 January 2025, a year or more ago, so some of them may have changed. "
            "Please contact the group before you go, and tell us if anything is different.") in old
    assert old.index(NOTICE_TITLE) < old.index("How to get in touch")  # read before the contact details
    assert "Details checked on" not in old
    fresh = pages[paths.group_page("riverside-parents")]  # checked 1 October 2026
    assert not shows_notice(fresh) and IN_A_LIST not in fresh
    assert "Details checked on 1 October 2026." in fresh


def test_an_old_listing_says_so_in_lists_and_on_the_map() -> None:
    _, pages = _pages()
    a_to_z = pages[paths.A_TO_Z]
    entries = a_to_z.split("<li>")[1:]
    old = next(e for e in entries if "old-friends.md" in e)
    fresh = next(e for e in entries if "riverside-parents.md" in e)
    assert f'<small class="group-out-of-date">{IN_A_LIST}</small>' in old and IN_A_LIST not in fresh
    data = json.loads(pages[paths.MAP_DATA])
    assert data["words"]["outOfDate"] == IN_A_LIST
    flags = {record[0]: record[9] % 16 for record in data["groups"]}  # after the facets, formats, languages, access
    assert flags["old-friends"] & 4 and not flags["riverside-parents"] & 4 and not flags["dads-online"] & 4


# Checked: old-friends 10 January 2025 (22 whole months before 23 November 2026), dads-online
# 15 September 2026 (2), riverside-parents 1 October 2026 (1).
@pytest.mark.parametrize(("months", "stale"), [
    (12, {"old-friends"}),
    (3, {"old-friends"}),
    (2, {"old-friends", "dads-online"}),
    (1, {"old-friends", "dads-online", "riverside-parents"}),
    (22, {"old-friends"}),
    (23, set()),
])
def test_the_threshold_in_mkdocs_yml_decides_and_the_report_agrees(months: int, stale: set[str]) -> None:
    directory, pages = _pages(Freshness(stale_after_months=months, check_in_after_months=0))
    on_pages = {g.id for g in directory.groups if shows_notice(pages[paths.group_page(g.id)])}
    assert on_pages == stale
    reported = attention_items(directory, TODAY, Freshness(stale_after_months=months, check_in_after_months=0))
    assert {directory.groups[int(i.field.split("[")[1].split("]")[0])].id
            for i in reported if i.field.endswith("last_verified")} == stale
    maintainers = pages["editors/maintainers.md"]
    assert {g.id for g in directory.groups if f"{g.name}: details last checked" in maintainers} == stale


def test_a_closed_group_does_not_warn_that_its_details_are_old() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    closed = replace(directory.group("old-friends"), status="closed")
    directory = replace(directory, groups=tuple(closed if g.id == "old-friends" else g for g in directory.groups))
    _, pages = _pages(directory=directory)
    page = pages[paths.group_page("old-friends")]
    assert "This group has closed" in page and NOTICE_TITLE not in page


def test_groups_not_checked_for_long_come_last_only_when_the_site_says_so() -> None:
    def order(pages: dict) -> list[str]:
        a_to_z = pages[paths.A_TO_Z]
        found = [(a_to_z.index(f"groups/{gid}.md"), gid) for gid in ("dads-online", "old-friends", "riverside-parents")]
        return [gid for _, gid in sorted(found)]

    _, usual = _pages()
    assert order(usual) == ["dads-online", "old-friends", "riverside-parents"]  # by name, in its letter
    _, last = _pages(Freshness(list_last_after_months=2, check_in_after_months=1, stale_after_months=12))
    flags = {record[0]: record[9] % 16 for record in json.loads(last[paths.MAP_DATA])["groups"]}
    # dads-online (2 months) and old-friends (22 months) are listed last; riverside-parents (1 month) is not.
    assert {gid for gid, flag in flags.items() if flag & 8} == {"dads-online", "old-friends"}
    # On the A to Z page each letter has its own list: D, O and R each hold one group, so the
    # order across the page stays alphabetical; the area's page holds two in one list.
    area = last[paths.facet_page("areas", "kensington-and-chelsea")]
    assert area.index("groups/riverside-parents.md") < area.index("groups/old-friends.md")
    usual_area = usual[paths.facet_page("areas", "kensington-and-chelsea")]
    assert usual_area.index("groups/old-friends.md") < usual_area.index("groups/riverside-parents.md")


def test_the_notice_stays_true_on_every_day_after_the_build() -> None:
    """"A year or more ago", not "22 months ago": a page is read for days after it is built."""
    _, pages = _pages(Freshness(stale_after_months=6, check_in_after_months=5))
    assert "last checked on 10 January 2025, 6 months or more ago, so some" in pages[paths.group_page("old-friends")]
    _, pages = _pages(Freshness(stale_after_months=1, check_in_after_months=0))
    assert "last checked on 1 October 2026, 1 month or more ago, so some" in pages[paths.group_page("riverside-parents")]


@pytest.mark.parametrize(("checked", "months", "from_day"), [
    (date(2026, 8, 11), 12, date(2027, 8, 11)),
    (date(2026, 1, 31), 1, date(2026, 3, 1)),   # February has no 31st: one whole month on 1 March
    (date(2024, 2, 29), 12, date(2025, 3, 1)),  # nor February 2025 a 29th
    (date(2026, 12, 15), 1, date(2027, 1, 15)),
    (date(2026, 10, 31), 2, date(2026, 12, 31)),
])
def test_a_fresh_group_carries_the_notice_for_the_day_its_details_are_old(checked: date, months: int,
                                                                          from_day: date) -> None:
    """Hidden as built, for living-dates.js to show from that day: the day report.py's whole months first
    call the details stale (checked against is_stale on the day before and the day itself)."""
    directory = load_directory(FIXTURES / "valid").directory
    group = replace(directory.group("riverside-parents"), last_verified=checked)
    directory = replace(directory, groups=tuple(group if g.id == group.id else g for g in directory.groups))
    freshness = Freshness(stale_after_months=months, check_in_after_months=0)
    assert not attention_items_for(directory, from_day - timedelta(days=1), freshness)
    assert attention_items_for(directory, from_day, freshness)
    page = render_site(directory, SiteSettings(today=checked, freshness=freshness))[paths.group_page(group.id)]
    offset = "+01:00" if date(from_day.year, 3, 28) < from_day < date(from_day.year, 10, 25) else "+00:00"
    assert f'<div hidden data-shown-from="{from_day.isoformat()}T00:00{offset}">' in page
    assert page.index("data-shown-from") < page.index("How to get in touch")


def attention_items_for(directory, today: date, freshness: Freshness) -> list[str]:
    return [i.field for i in attention_items(directory, today, freshness) if i.field.endswith("last_verified")
            and "riverside" in i.message.lower()]


def test_an_out_of_date_or_closed_group_carries_no_hidden_notice() -> None:
    _, pages = _pages()
    assert "data-shown-from" not in pages[paths.group_page("old-friends")]  # shown as built
    assert "data-shown-from" in pages[paths.group_page("riverside-parents")]
