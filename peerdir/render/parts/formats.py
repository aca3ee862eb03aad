"""Ways of meeting (a group's `formats`): the one place that says what each is called and in
which order they are listed, so a group page, the A to Z and browse lists and the map all read
"In person, Online, By phone" alike, whatever order an editor wrote them in."""

from __future__ import annotations

from collections.abc import Iterable

from ...models import FORMATS

# In the order of FORMATS (models.py), which is the order every page lists them in.
FORMAT_NAMES = {
    "in-person": "In person",
    "online": "Online",
    "phone": "By phone",
    "email": "By e-mail",
    "text": "By text message",
    "social-media": "On social media",
}
assert tuple(FORMAT_NAMES) == FORMATS, "FORMAT_NAMES must name every format, in the order of FORMATS"


def format_names(formats: Iterable[str]) -> list[str]:
    """The names of these ways of meeting, in the one order: `["Online", "By phone"]`."""
    chosen = set(formats)
    return [name for format_id, name in FORMAT_NAMES.items() if format_id in chosen]


def formats_in_words(formats: Iterable[str]) -> str:
    """`Online, By phone, By e-mail`."""
    return ", ".join(format_names(formats))
