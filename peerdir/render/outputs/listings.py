"""The embeds of hand-written pages: what a newsletter issue is made of (the diary table and the
listings of groups) and the short list of what is coming up for the home page. RENDERERS says
which renders which embed (`render/parts/embeds.py` fills them in).

The diary and the listings are rendered from the data at build time, so an issue and the
directory never disagree, and both are made for paper as well as the screen: every group entry
says how to get in touch, and a print-only QR code leads to the group's page or the event's
booking details. The arguments have been checked in phase one (`embed_rules.py`).
"""

from __future__ import annotations

from collections.abc import Mapping

from ... import paths
from ...models import Event, Group
from ..parts import html
from ..parts.ageing import OUT_OF_DATE_IN_A_LIST, is_out_of_date
from ..parts.common import Context
from ..parts.contact import contact_links, mailto_uri
from ..parts.embed_choices import chosen_groups, diary_events
from ..parts.embeds import Renderer
from ..parts.event_words import COMING_UP, last_day, place_in_words, upcoming_dated, when_in_html
from ..parts.events_table import event_link, events_table
from ..parts.group_details import STATUS_NOTES, group_details, other_organisation
from ..parts.living_dates import LIVING_GROUP, item_attributes, living_container, nothing_left
from ..parts.qr import qr_figure
from ..parts.text import md_link, md_text

# --------------------------------------------------------------------------- dates for the diary


def render_diary(ctx: Context, page: str, arguments: Mapping[str, str]) -> str:
    """The events between two dates in the events page's five columns, then those still to be dated."""
    all_dates = md_link("All dates for the diary", paths.link(page, paths.EVENTS))
    events = diary_events(ctx, arguments)
    if not events:
        return f"Nothing is in the diary for these dates yet. {all_dates}."
    return "\n\n".join(p for p in (events_table(events, page, ctx), _event_codes(events, ctx), all_dates) if p)


def _event_codes(events: list[Event], ctx: Context) -> str:
    """Print only: a QR code per event, to its booking page or to its page on this site."""
    figures = []
    for event in events:
        booking = event.register.url if event.register and event.register.url else ""
        address = booking or paths.absolute_url(ctx.settings.site_url, paths.event_page(event.id))
        if address:
            figures.append(qr_figure(address, f"{event.title}: {'book' if booking else 'details and booking'}"))
    return f'<div class="qr-codes print-only">{"".join(figures)}</div>' if figures else ""


# --------------------------------------------------------------------------- groups


def render_group_listing(ctx: Context, page: str, arguments: Mapping[str, str]) -> str:
    """Groups chosen by id (in that order) or by topic, audience, type of support and area (by name)
    (`embed_choices.py`), each with its details for the screen and for paper."""
    groups = chosen_groups(ctx, arguments)
    if not groups:
        return ("No groups in the directory match this listing just now. "
                + md_link("Find a group", paths.link(page, paths.FIND_A_GROUP)) + ".")
    return "\n\n".join(newsletter_group_entry(group, page, ctx) for group in groups)


def newsletter_group_entry(group: Group, page: str, ctx: Context) -> str:
    """One group, for the screen and for paper: name, summary, how and where it meets, how to get in touch."""
    name = md_link(group.name, paths.link(page, paths.group_page(group.id)))
    runs = other_organisation(group)
    organisation = f" · {md_text(runs)}" if runs else ""
    details = group_details(group, ctx)
    lines = [
        f"**{name}**{STATUS_NOTES.get(group.status, '')}{organisation}",
        md_text(group.summary),
        f"<small>{' · '.join(md_text(d) for d in details)}</small>",
        f"**{md_text(OUT_OF_DATE_IN_A_LIST)}**" if is_out_of_date(group, ctx) else "",
        _ways_to_get_in_touch(group),
    ]
    address = paths.absolute_url(ctx.settings.site_url, paths.group_page(group.id))
    code = qr_figure(address, f"{group.name} in the directory", "Scan for all the details") if address else ""
    return (f'<div class="newsletter-group" markdown="1">\n\n{code}\n\n'
            + "  \n".join(line for line in lines if line) + "\n\n</div>")


def _ways_to_get_in_touch(group: Group) -> str:
    ways = contact_links(group.contact)
    if group.contact.website:  # on paper one web address is enough
        ways = [(label, link) for label, link in ways if label != "Social media"]
    return " · ".join(f"{'Online' if label == 'Social media' else label} {link}" for label, link in ways)


# --------------------------------------------------------------------------- what is coming up, for the home page


UPCOMING_CARRIED = 12


def render_upcoming_list(ctx: Context, page: str, how_many: int = COMING_UP) -> str:
    """The next few dated events, as a short list for a hand-written page such as the home page:
    blocks of HTML, which Markdown passes through as they are.

    The list carries the events after those, up to UPCOMING_CARRIED in all, `hidden`: as events end
    after the build, the visitor's clock hides them and shows the next (`living_dates.py`)."""
    upcoming = upcoming_dated(ctx.directory.events, ctx.today)
    all_events = html.link("All dates for the diary", paths.link(page, paths.EVENTS))
    if not upcoming:
        return html.paragraph(f"Nothing is in the diary just now. {all_events}.")
    carried = upcoming[:max(how_many, UPCOMING_CARRIED)]
    # Who each event is for, as in the diary's table: a parent sees at once which ones are theirs.
    items = [html.list_item(f"<strong>{event_link(e, page)}</strong><br>\n"
                            f"{when_in_html(e)} · {html.text(place_in_words(e))}<br>\n"
                            f'<span class="events-upcoming-who">For: {html.text(e.who_for)}</span>',
                            _carried_item(e, hidden=index >= how_many))
             for index, e in enumerate(carried)]
    if len(upcoming) > len(carried):  # the diary has more than the list carries: never say there are none
        none_left = f"The next dates are in {html.link('all dates for the diary', paths.link(page, paths.EVENTS))}."
    else:
        past = html.link("past events", paths.link(page, paths.EVENTS_ARCHIVE))
        none_left = f"No upcoming dates just now: see the {past}."
    return (html.division(html.bullet_list_of(items, LIVING_GROUP) + "\n" + nothing_left(none_left),
                          {"class": "events-upcoming", **living_container(how_many)})
            + "\n\n" + html.paragraph(all_events))


def _carried_item(event: Event, hidden: bool) -> html.Attributes:
    """An item's `data-ends`; one carried for later is hidden, and left out of the search as the
    page's other hidden text is (the event's own page is in it)."""
    attributes = item_attributes(last_day(event), event.timezone, hidden)
    return attributes | html.UNSEARCHED if hidden else attributes


# --------------------------------------------------------------------------- how to send a correction


def render_corrections(ctx: Context, page: str) -> str:
    """How to tell the charity a detail is wrong, for the About and privacy pages: by e-mail to the
    address in mkdocs.yml (corrections_email), which needs no account, or on GitHub, with an account."""
    github_link = '"suggest a correction on GitHub" link at the foot of the group\'s or event\'s page'
    address = ctx.settings.corrections_email
    if not address:
        return md_text(f"Use the {github_link} (you need a GitHub account for it).")
    return (f"E-mail us at {md_link(address, mailto_uri(address, 'Correction'))}. The \"E-mail us a correction\" "
            "link at the foot of each group's and event's page starts that e-mail for you, with what the page says "
            "now. " + md_text(f"If you have a GitHub account, you can use the {github_link} instead."))


# --------------------------------------------------------------------------- which renders which embed

RENDERERS: dict[str, Renderer] = {
    "upcoming-events": lambda ctx, page, arguments: render_upcoming_list(ctx, page),
    "corrections": lambda ctx, page, arguments: render_corrections(ctx, page),
    "diary": render_diary,
    "groups": render_group_listing,
}

