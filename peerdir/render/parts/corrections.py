"""The link that asks for a correction to a group's details: a GitHub issue form already filled in,
on the group's page and in the Meeting Guide feed (its `feedback_url`)."""

from __future__ import annotations

from urllib.parse import urlencode

from ...models import Group
from .common import group_place


def correction_url(group: Group, repo_url: str) -> str:
    """A GitHub issue form, already filled in with the group's id and current details."""
    if not repo_url:
        return ""
    current = [
        f"Name: {group.name}",
        f"Phone: {group.contact.phone or '-'}",
        f"E-mail: {group.contact.email or '-'}",
        f"Website: {group.contact.website or '-'}",
        f"Where: {group_place(group) or '-'}",
        f"Details checked: {group.last_verified.isoformat()}",
    ]
    query = urlencode({
        "template": "report-a-change.yml",
        "title": f"Change to {group.name} ({group.id})",
        "group_id": group.id,
        "current": "\n".join(current),
    })
    return f"{repo_url.rstrip('/')}/issues/new?{query}"

