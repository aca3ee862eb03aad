"""What peer support is not: said, in the same words, wherever people choose a group.

Peer support sits alongside professional help and does not replace it, and no group is an
emergency service. The Find a group page, the browse pages, the map and every group page
carry one of these notes (styled by `.alongside-help` in help-now.css).
"""

from __future__ import annotations

from . import html

ALONGSIDE = ("Peer support sits alongside help from your GP, your child's school and mental health services, "
             "and does not replace them.")
RIGHT_NOW = ("If you are worried about someone's safety right now, use the numbers under "
             "“Need help now?” at the top of the page.")
WHAT_A_GROUP_IS_NOT = ("Peer supporters share their own experience. They are not there to diagnose, treat or "
                       "give medical advice, and a group cannot help in an emergency.")
# The same words on every page would only bloat the search index a phone downloads.
NOTE_CLASS = "{ .alongside-help data-search-exclude }"

NOTE_ATTRIBUTES: html.Attributes = {"class": "alongside-help", "data-search-exclude": True}


def alongside_help_html() -> str:
    """For pages that list groups (as HTML): peer support and professional help go together."""
    return html.paragraph(html.text(f"{ALONGSIDE} {RIGHT_NOW}"), NOTE_ATTRIBUTES)


def group_boundaries_html() -> str:
    """For a group's own page: what to expect of it, and what not to."""
    return html.paragraph(html.text(f"{WHAT_A_GROUP_IS_NOT} {ALONGSIDE}"), NOTE_ATTRIBUTES)


def alongside_help_note() -> str:
    """For pages that list groups: peer support and professional help go together."""
    return f"{ALONGSIDE} {RIGHT_NOW}\n{NOTE_CLASS}"
