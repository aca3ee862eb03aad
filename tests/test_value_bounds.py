"""Values at the edges of what validation accepts build a site, and what is past an edge is refused
in one short line; contact links are made so that a value is only ever what it says.

The messages for each kind of value past its edge are the golden files of the invalid fixtures
(tests/fixtures/invalid/, one defect each): here are the edges themselves, and the values too big
to keep as fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

from peerdir.render.parts.contact import mailto_uri, tel_uri
from peerdir.render.parts.qr import qr_svg
from peerdir.schema import LAST_DAY, MAX_ID_LENGTH, MAX_URL_LENGTH, Url

from .conftest import TODAY, links, run_cli

LONGEST_ID = ("a-group-at-the-very-edge-of-what-an-id-may-hold-" * 2)[:MAX_ID_LENGTH]

# A group with the longest id, the last date, a UK short number and an international domain name, whose
# fortnightly meetings are counted from the last day there is (a Thursday); its name has the joiners of
# an emoji family and of Persian spelling, which are allowed where they join something.
EDGE_GROUP = f"""
  - id: {LONGEST_ID}
    name: "Families 👨\u200d👩\u200d👧 می\u200cخواهیم"
    summary: A group at the edges of what the data may hold.
    support_types: [peer-led]
    formats: [online, phone]
    area: national
    schedule:
      - day: thursday
        start: 23:00
        end: 23:59
        frequency: fortnightly
        starting: 2099-12-31
    contact:
      website: https://bücher.example.org/gruppe
      email: o'reilly+x@example.org
      phone: 116 123
    last_verified: 2000-01-01
"""

# The last minute in the zone furthest behind UTC (it is 2100 in UTC), and the first in the zone furthest
# ahead (it is still 1999 in UTC): every output must hold both.
EDGE_EVENTS = f"""
  - id: {LONGEST_ID}
    title: The last evening the diary can hold
    who_for: Anyone
    start: 2099-12-31T23:00
    end: 2099-12-31T23:59
    timezone: Pacific/Pago_Pago
    online: true
    register:
      email: o'reilly+x@example.org
      phone: +1 212 555 0123
  - id: the-first-morning
    title: The first morning
    who_for: Anyone
    start: 2000-01-01T00:00
    timezone: Pacific/Kiritimati
    online: true
    register:
      url: https://example.org/join
"""


def test_the_longest_id_and_the_first_and_last_dates_build_a_site(small_project: Path) -> None:
    for name, extra in (("groups.yaml", EDGE_GROUP), ("events.yaml", EDGE_EVENTS)):
        path = small_project / name
        path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    result = run_cli("--root", str(small_project), "build", "--today", TODAY)
    assert result.code == 0, result.stdout + result.stderr
    site = small_project / "site"
    group_page = links((site / "groups" / LONGEST_ID / "index.html").read_text(encoding="utf-8"))
    assert "tel:116123" in group_page  # a short number is dialled as it is, never as +44116123
    assert "mailto:o'reilly+x@example.org" in group_page
    assert "https://bücher.example.org/gruppe" in group_page
    assert "BEGIN:VEVENT" in (site / "groups" / f"{LONGEST_ID}.ics").read_text(encoding="utf-8")
    last = (site / "events" / f"{LONGEST_ID}.ics").read_text(encoding="utf-8")
    assert "DTSTART;TZID=Pacific/Pago_Pago:20991231T230000" in last
    assert "DTSTART;TZID=Pacific/Kiritimati:20000101T000000" in (site / "events" / "the-first-morning.ics").read_text()
    event_page = (site / "events" / LONGEST_ID / "index.html").read_text(encoding="utf-8")
    assert "tel:+12125550123" in links(event_page)
    assert "mailto:o'reilly+x@example.org?subject=The%20last%20evening%20the%20diary%20can%20hold" in links(event_page)
    assert str(LAST_DAY.year) in event_page


def test_the_longest_web_address_fits_a_printed_qr_code() -> None:
    # The bound is in bytes: a booking page in a printed diary becomes a QR code, which holds bytes.
    longest = "https://example.org/" + "字" * ((MAX_URL_LENGTH - 20) // 3)
    assert len(longest.encode("utf-8")) == MAX_URL_LENGTH and Url().problem(longest) is None
    assert qr_svg(longest, "QR code: booking").startswith("<svg ")
    assert Url().problem(longest + "字") == ("is 2003 bytes long (letters beyond A to Z take 2 to 4); "
                                            "a web address can be at most 2000: link to a shorter one")


MEGABYTE = 1_000_000


@pytest.mark.parametrize("old,new,expected", [
    ("      website: https://dads.example.org\n", "      website: https://dads.example.org/" + "a" * MEGABYTE + "\n",
     "groups.yaml:60:16: groups[1].contact.website: is 1000025 characters long; a web address can be at most 2000: "
     "link to a shorter one"),
    ("      phone: 020 7946 0000\n", "      phone: " + "0" * MEGABYTE + "\n",
     "groups.yaml:37:14: groups[0].contact.phone: `" + "0" * 59 + "…` is not a phone number: write it as you would "
     "dial it, e.g. 020 7946 0000 or +44 20 7946 0000; put extensions or opening hours in a note"),
    ("      lat: 51.4843\n", "      lat: 5" + "1" * MEGABYTE + "\n",
     "groups.yaml:19:12: groups[0].location.lat: `5" + "1" * 58 + "…` is not a number: write a latitude in decimal "
     "degrees, with digits and a point, e.g. 51.4846"),
], ids=["url", "phone", "latitude"])
def test_a_megabyte_of_value_is_refused_in_one_short_line(small_project: Path, old: str, new: str, expected: str) -> None:
    path = small_project / "groups.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")
    result = run_cli("--root", str(small_project), "validate", "--today", TODAY)
    assert (result.code, result.stdout) == (1, expected + "\n")


@pytest.mark.parametrize("phone,uri", [
    ("020 7946 0000", "tel:+442079460000"),
    ("(020) 7946-0000", "tel:+442079460000"),
    ("+44 (0)20 7946 0000", "tel:+442079460000"),
    ("0044 20 7946 0000", "tel:+442079460000"),
    ("0800 282 986", "tel:+44800282986"),
    ("+1 212 555 0123", "tel:+12125550123"),
    ("116 123", "tel:116123"),
])
def test_tel_links_are_what_a_phone_anywhere_dials(phone: str, uri: str) -> None:
    assert tel_uri(phone) == uri


def test_mailto_links_hold_an_address_and_a_subject_and_nothing_else() -> None:
    # Validation refuses such an address; the link would still be to it alone, with no copy to anyone.
    assert mailto_uri("victim?cc=attacker@evil.example") == "mailto:victim%3Fcc%3Dattacker@evil.example"
    assert mailto_uri("events@example.org", "Tea & chat? #1, 100%&bcc=x@evil.example") == (
        "mailto:events@example.org?subject=Tea%20%26%20chat%3F%20%231%2C%20100%25%26bcc%3Dx%40evil.example")
