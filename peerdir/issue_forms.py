"""The public's issue forms (`.github/ISSUE_TEMPLATE/*.yml`) and the YAML field each form field becomes.

GitHub accepts a form field's `id` only if it is letters, digits, `-` and `_`, so a nested YAML
field such as `location.name` cannot be its own id (GitHub refuses the whole form). This table is
the one place that says which form field fills which YAML field; `tests/test_github.py` holds the
form files to it, and to GitHub's own schema for issue forms."""

from __future__ import annotations

from dataclasses import dataclass

from .models import Event, Group


@dataclass(frozen=True)
class IssueForm:
    """One form: the YAML file and record type it describes, and its fields in order."""

    data_file: str
    record: type
    fields: dict[str, str | None]  # form field id -> dotted YAML field of the record; None: not stored
    # An answer from the group (or about it): importing it sets the group's last_verified to the day of
    # the answer (`apply-issue --answered`).
    sets_last_verified: bool = False


# The check-in's form (`confirm-details.yml`), which the check-in issues link to, and its answer that
# confirms everything: the one a pull request turns into nothing but a new last_verified.
CONFIRM_FORM = "confirm-details.yml"
NOTHING_CHANGED = "Yes: still running, nothing has changed"


ISSUE_FORMS: dict[str, IssueForm] = {
    "suggest-a-group": IssueForm("groups.yaml", Group, {
        "name": "name",
        "organisation": "organisation",
        "summary": "summary",
        "description": "description",
        "support_types": "support_types",
        "audiences": "audiences",
        "topics": "topics",
        "formats": "formats",
        "area": "area",
        "location_name": "location.name",
        "location_address": "location.address",
        "location_postcode": "location.postcode",
        "schedule": "schedule",
        "contact_website": "contact.website",
        "contact_email": "contact.email",
        "contact_phone": "contact.phone",
        "cost": "cost",
        "referral": "referral",
        "languages": "languages",
        "access": "access",
        "accessibility": "accessibility",
        "consent": None,  # the suggester's word that the group agreed to be listed
    }),
    "report-a-change": IssueForm("groups.yaml", Group, {
        "group_id": "id",  # which group: filled in by the group page's "Suggest a correction" link
        "status": "status",
        "current": None,  # the details shown now, for the reviewer to compare
        "changes": None,  # in the reporter's words, for a maintainer to apply
        "alert": "alert",
        "how_we_know": None,
    }, sets_last_verified=True),
    "confirm-details": IssueForm("groups.yaml", Group, {
        "group_id": "id",  # filled in by the check-in issue's link
        "still_right": None,  # NOTHING_CHANGED, or that something has
        "current": None,  # the details shown now, for the organiser to check
        "changes": None,  # in the organiser's words, for a maintainer to apply
    }, sets_last_verified=True),
    "add-an-event": IssueForm("events.yaml", Event, {
        "title": "title",
        "who_for": "who_for",
        "start": "start",
        "end": "end",
        "location_name": "location.name",
        "location_address": "location.address",
        "online": "online",
        "register_url": "register.url",
        "register_email": "register.email",
        "register_phone": "register.phone",
        "register_note": "register.note",
        "group": "group",
        "description": "description",
    }),
}
