"""The links that ask for a correction to a group's details: a GitHub issue form already filled in,
on the group's page and in the Meeting Guide feed (its `feedback_url`), and an e-mail to the charity
already filled in, for the many parents and organisers who have no GitHub account."""

from __future__ import annotations

from urllib.parse import urlencode

from ...models import Group
from .common import group_place
from .contact import mailto_uri


def current_details(group: Group) -> list[str]:
    """The details a correction is most often about, as the site shows them now: one line each."""
    return [
        f"Name: {group.name}",
        f"Phone: {group.contact.phone or '-'}",
        f"E-mail: {group.contact.email or '-'}",
        f"Website: {group.contact.website or '-'}",
        f"Where: {group_place(group) or '-'}",
        f"Details checked: {group.last_verified.isoformat()}",
    ]


def correction_url(group: Group, repo_url: str) -> str:
    """A GitHub issue form, already filled in with the group's id and current details."""
    if not repo_url:
        return ""
    query = urlencode({
        "template": "report-a-change.yml",
        "title": f"Change to {group.name} ({group.id})",
        "group_id": group.id,
        "current": "\n".join(current_details(group)),
    })
    return f"{repo_url.rstrip('/')}/issues/new?{query}"


def correction_email_url(group: Group, corrections_email: str, page_address: str) -> str:
    """An e-mail to the charity's corrections address, its subject naming the group and its body holding
    the details shown now and the page's address, for the sender to say what has changed."""
    if not corrections_email:
        return ""
    return mailto_uri(corrections_email, f"Correction: {group.name} ({group.id})",
                      correction_email_body(current_details(group), page_address))


def correction_email_body(details: list[str], page_address: str) -> str:
    """What a correction e-mail starts with: room to say what is wrong, then what the site shows now."""
    page = [f"Page: {page_address}"] if page_address else []
    return "\n".join(["What has changed or is wrong:", "", "", "", "The details on the site now:", *details, *page])
