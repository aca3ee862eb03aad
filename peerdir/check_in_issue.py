"""The words of a check-in issue: the GitHub issue the weekly check-in (`build.py freshness`) opens to
ask whether a group's details are still right, and the marker that ties the issue to its group.

Everything about a group is text that came in through a pull request, so none of it may become
Markdown, a link, an image, an @mention or HTML in the issue. It appears only

* inside a fenced code block whose fence is longer than any run of backticks in it (`fenced`, in
  github_text.py with the inline `inert_markdown` that all our workflows' text goes through), one
  value a line, with line breaks and invisible characters shown escaped (`one_line`), so that no
  value can end the block or start a line of its own; and
* percent-encoded, every character but letters and digits, in the query of a link (the pre-filled
  form and e-mails), where Markdown sees only the one link we wrote.

The title is plain text on GitHub (it is not Markdown), so the name is only put on one line there.
The group's id is a checked slug (lowercase letters, digits, hyphens) and may appear anywhere.
"""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import quote, urlencode

from . import paths
from .github_text import fenced, inert_markdown
from .issue_forms import CONFIRM_FORM, NOTHING_CHANGED
from .models import Group
from .problems import one_line
from .project_settings import ProjectSettings
from .render.parts.common import group_place
from .render.parts.contact import mailto_uri, ways_to_get_in_touch
from .render.parts.formats import formats_in_words
from .render.parts.schedule import schedule_lines
from .render.parts.text import folded, long_date, plural
from .report import months_between

CHECK_IN_LABEL = "check-in"
# GitHub shows nothing of an HTML comment, and keeps it when someone edits the words around it.
_MARKER = "<!-- peerdir-check-in: {} -->"
_SLUG = r"[a-z0-9]+(?:-[a-z0-9]+)*"
# Only a whole line counts: a group's own text in the issue always follows a label ("Name: ...") on a
# line of its own, so it can never pass for a marker.
_MARKER_LINE = re.compile(rf"^[ \t]*<!--[ \t]*peerdir-check-in:[ \t]*({_SLUG})[ \t]*-->[ \t]*\r?$", re.MULTILINE)
_ID_AT_END_OF_TITLE = re.compile(rf"\(({_SLUG})\)\s*$")


def marker(group_id: str) -> str:
    return _MARKER.format(group_id)


def check_in_title(group: Group) -> str:
    """`Check in with Full of Life (full-of-life)`: the id last, where `marked_group` finds it again."""
    return f"Check in with {' '.join(one_line(group.name).split())} ({group.id})"


def marked_group(title: str, body: str) -> str | None:
    """The id of the group a check-in issue asks about: from the marker line (the body carries it at
    the top and again at the end, so deleting the first paragraph keeps one); if someone has deleted
    both, or the markers disagree, from the `(id)` at the end of the title; otherwise None."""
    ids = set(_MARKER_LINE.findall(body))
    if len(ids) == 1:
        return ids.pop()
    found = _ID_AT_END_OF_TITLE.search(title)
    return found[1] if found else None


# --------------------------------------------------------------------------- the group's details


def shown_details(group: Group, area_name: str) -> list[str]:
    """The group's details as its page shows them, one `Label: value` line each, every value on one line."""
    rows: list[tuple[str, str]] = [("Name", group.name)]
    if group.organisation and folded(group.organisation) != folded(group.name):
        rows.append(("Run by", group.organisation))
    rows.append(("About", group.summary))
    if group.status == "temporarily-closed":
        rows.append(("Status", "Temporarily closed: not meeting at the moment"))
    if group.alert:
        rows.append(("Notice", group.alert))
    for label, text, address, note in ways_to_get_in_touch(group.contact):
        # The full web address, not the page's short label: the organiser checks the address itself.
        value = address if address.startswith("https://") else text
        rows.append((label, value + (f" ({note})" if note else "")))
    rows += [("When", words + (f" ({note})" if note else "")) for words, note in schedule_lines(group)]
    if group.schedule_note:
        rows.append(("When", group.schedule_note))
    if group.schedule:
        rows.append(("Times", "UK time" if group.timezone == "Europe/London" else f"local time ({group.timezone})"))
    rows.append(("How it meets", formats_in_words(group.formats)))
    if group.location and group.location.approximate:
        rows.append(("Where", f"in a private home in the {area_name} area (the address is not shown)"))
    elif group.location:
        rows.append(("Where", group_place(group)))
    rows.append(("Area", area_name))
    rows.append(("Details last checked", long_date(group.last_verified)))
    return [f"{label}: {one_line(value)}" for label, value in rows]


# --------------------------------------------------------------------------- the links


def confirm_form_url(group: Group, repo_url: str, details: list[str] | None = None) -> str:
    """The "Confirm a group's details" form on GitHub, with the group's id (and, given, its details)
    filled in; "" without a repository."""
    if not repo_url:
        return ""
    fields = {"template": CONFIRM_FORM, "title": f"Details of {one_line(group.name)} ({group.id})",
              "group_id": group.id}
    if details:
        fields["current"] = "\n".join(details)
    return f"{repo_url.rstrip('/')}/issues/new?{urlencode(fields, quote_via=quote)}"


def charity_mailto(group: Group, settings: ProjectSettings, page_url: str, details: list[str]) -> str:
    """An e-mail from the organiser to the charity's corrections address; "" when there is none."""
    if not settings.corrections_email:
        return ""
    body = "\n".join([
        f"The details of {group.name} ({group.id})" + (f" on {page_url}" if page_url else "") + ":",
        "", *details, "",
        f'[ ] {NOTHING_CHANGED}',
        "[ ] Something has changed (say what below):",
        "", "",
    ])
    return mailto_uri(settings.corrections_email, f"Details of {group.name} ({group.id})", body)


def organiser_mailto(group: Group, settings: ProjectSettings, page_url: str, details: list[str]) -> str:
    """An e-mail from an editor to the group, asking whether its details are still right; "" when the
    group has no e-mail address. The form link in it carries only the group's id (the details are
    in the e-mail already), so that the whole link stays short enough for every mail program."""
    if not group.contact.email:
        return ""
    where = settings.site_name or "our directory of peer support for parents and carers"
    form = confirm_form_url(group, settings.repo_url)
    reply = (f'reply to this e-mail with "{NOTHING_CHANGED}", or with what has changed'
             + (f" (or write to {settings.corrections_email})." if settings.corrections_email else "."))
    # "Either ... or" only when there are two ways to answer.
    answer = (["To answer, please either:", f"- fill in this short form (it needs a free GitHub account): {form}",
               f"- or {reply}"] if form else [f"To answer, please {reply}"])
    body = "\n".join([
        "Hello,", "",
        f"{group.name} is listed on {where}" + (f": {page_url}" if page_url else "."), "",
        "Could you tell us whether these details are still right?", "",
        *details, "",
        *answer, "",
        "Thank you.", "",
    ])
    return mailto_uri(group.contact.email, f"Are these details of {group.name} still right?", body)


# --------------------------------------------------------------------------- the issue

# How an editor asks a group without an e-mail address, by the ways `ways_to_get_in_touch` names.
_BY = {"Phone": "by phone", "E-mail": "by e-mail", "Website": "through its website",
       "Social media": "through its social media page"}


def check_in_body(group: Group, area_name: str, settings: ProjectSettings, today: date) -> str:
    """The issue's Markdown: the details, the group's page, one click for the editor to ask, the two
    ways the group can answer, and what to do with the answer."""
    details = shown_details(group, area_name)
    page_url = paths.absolute_url(settings.site_url, paths.group_page(group.id))
    months = months_between(group.last_verified, today)
    lines = [
        marker(group.id),
        f"The details of this group were last checked on {long_date(group.last_verified)}, "
        f"{plural(months, 'month')} ago. Please ask the group whether they are still right"
        + (": its page already says that they may be out of date." if months >= settings.freshness.stale_after_months
           else ", before its page says that they may be out of date."),
        "",
    ]
    if page_url:
        lines += [f"The group's page: {page_url}", ""]
    lines += ["### The details we show", "", fenced("\n".join(details)), "", "### Ask the group", ""]
    ask = organiser_mailto(group, settings, page_url, details)
    if ask:
        lines += [f"**[E-mail the group, with the message written for you]({ask})**: it lists these details "
                  "and asks the organiser to answer with the form below, or by replying to you.", ""]
    else:
        reach = [_BY[label] for label, *_ in ways_to_get_in_touch(group.contact)]
        lines += [f"The group has no e-mail address: ask it {' or '.join(reach)} (under \"The details we show\" "
                  "above), and send the organiser the form below if they would like to answer in writing.", ""]
    lines += ["### How the group can answer", ""]
    form = confirm_form_url(group, settings.repo_url, details)
    if form:
        lines.append(f"- **On GitHub:** [Confirm the group's details]({form}), with the group's id and details "
                     f'filled in: "{NOTHING_CHANGED}", or what has changed.')
    charity = charity_mailto(group, settings, page_url, details)
    if charity:
        address = inert_markdown(settings.corrections_email)  # mkdocs.yml's, and an @ GitHub would link
        lines.append(f"- **By e-mail, without a GitHub account:** [write to {address}]({charity}), "
                     "with the details filled in.")
    if not form and not charity:
        lines.append("- By replying to you: set `repo_url` and `corrections_email` in mkdocs.yml to offer a form "
                     "and an e-mail address.")
    lines += [
        "",
        "### When the answer comes",
        "",
        f'- **"{NOTHING_CHANGED}"** on the form: add the label `import` to that issue. A pull request '
        "sets `last_verified` to the day of the answer and changes nothing else: merge it.",
        "- **Something has changed**, on the form: add `import` too; the pull request also sets `last_verified`, "
        "and lists the changes for you to make on its branch before merging.",
        "- **An answer by e-mail or phone:** fill in the form above yourself with what the group said, and add "
        "`import`; or edit `groups.yaml` (CONTRIBUTING.md says how).",
        "- **The group has closed:** set `status: closed` (the form's changes, or an edit).",
        "",
        "This issue closes by itself at the next weekly check-in once `last_verified` is updated, or the group "
        "is closed or taken out of the directory.",
        "",
        marker(group.id),
    ]
    return "\n".join(lines) + "\n"
