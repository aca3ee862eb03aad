"""The newsletter: the list of issues, the feed of issues, and the top of each issue's page.

Issues are hand-written Markdown pages (`content/newsletter/`), read and checked in phase
one (`pages.py`). Their title, number, date and summary come from their front matter, so
an issue's page, the list of issues and the feed always agree.

The directory holds the issues that are drafts only in the preview (`engine/plugin.py`): there, a draft
is marked Draft in words on its page and in the list, on screen and on paper.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime

from ... import paths
from ...pages import Issue
from ...typography import as_typed
from ..parts.common import Context, front_matter
from ..parts.event_words import day_in_words
from ..parts.rss import add, add_text, serialised
from ..parts.rss import channel as rss_channel
from ..parts.text import html_text, long_date, md_link, md_text

# The attribute that marks "Print this issue" for print-button.js (and overrides/main.html, which loads
# that script only on a page that has it).
PRINT_BUTTON = "data-print-page"
DRAFT_BADGE = '<strong class="newsletter-draft-badge">Draft</strong>'
INTRO = ("News, stories and dates for the diary from local peer support for parents and carers. "
         "Every issue is here, newest first. Each one prints cleanly on A4, to hand out at a group or a surgery.")
# RSS 2.0's content module: an item's whole content as HTML, which RSS-to-e-mail campaigns (Mailchimp's
# *|RSSITEM:CONTENT_FULL|*, Buttondown's RSS automation) send, where `description` is only the summary.
CONTENT = "http://purl.org/rss/1.0/modules/content/"


def render_newsletter_files(ctx: Context, full_issues: Mapping[str, str] | None = None) -> dict[str, str | bytes]:
    """The list of issues and, when the site's address is known, the RSS feed of issues; `full_issues`
    is each issue's e-mail HTML (by slug), which the feed carries whole."""
    files: dict[str, str | bytes] = {paths.NEWSLETTER: _index_page(ctx)}
    if ctx.settings.site_url:
        files[paths.NEWSLETTER_FEED] = render_feed(ctx, full_issues or {})
    return files


# --------------------------------------------------------------------------- the list of issues


def _index_page(ctx: Context) -> str:
    page = paths.NEWSLETTER
    parts = [front_matter(description=INTRO), "# Newsletter", INTRO, _follow(ctx)]
    if not ctx.directory.issues:
        parts.append("No issues yet.")
    for issue in ctx.directory.issues:  # newest first
        draft = f"{DRAFT_BADGE} " if issue.draft else ""
        parts += [
            f"## {md_link(issue.title, paths.link(page, issue.page))}",
            f"{draft}**Issue {issue.number}** · {md_text(long_date(issue.date))}\n{{ .newsletter-issue-line }}",
            md_text(issue.summary),
        ]
    return "\n\n".join(p for p in parts if p) + "\n"


def _follow(ctx: Context) -> str:
    feed = paths.absolute_url(ctx.settings.site_url, paths.NEWSLETTER_FEED)
    if not feed:
        return ""
    # Said as what it does: few parents know what an "RSS feed" is; RSS stays beside it as the technical word.
    link = md_link("Get new issues in a news reader (RSS)", paths.link(paths.NEWSLETTER, paths.NEWSLETTER_FEED))
    return (f"{link}{{ .md-button }}\n\nA news reader app shows each new issue as it comes out. "
            f"Or copy this address into one: `{feed}`\n{{ .newsletter-feed }}")


# --------------------------------------------------------------------------- the top of an issue


def render_issue_page(markdown: str, issue: Issue, ctx: Context) -> str:
    """An issue's page: title, number and date on top (on screen and on paper), the buttons to print
    it or download its PDF (on screen), and where to read it online (on paper), then the issue."""
    page = issue.page
    when = f'<time datetime="{issue.date.isoformat()}">{html_text(day_in_words(issue.date))}</time>'
    # The button prints by overrides/assets/javascripts/print-button.js, which the theme loads on a page
    # that has one (overrides/main.html): the pages' security policy runs no inline handler.
    actions = [f'<button type="button" class="md-button md-button--primary" {PRINT_BUTTON}>'
               "Print this issue</button>"]
    if ctx.settings.newsletter_pdfs:  # `build.py build --pdf` writes the PDF beside the page
        pdf = paths.relative_url(page, paths.issue_pdf(issue.slug))
        actions.append(f'<a class="md-button" href="{html_text(pdf)}" download>Download PDF</a>')
    actions.append(f'<a class="md-button" href="{html_text(paths.relative_url(page, paths.NEWSLETTER))}">All issues</a>')
    parts = [
        f"# {as_typed(md_text(issue.title))}",  # as in the list, the feed and the title bar
        _draft_banner(issue),
        f'<p class="newsletter-masthead"><strong>Issue {issue.number}</strong> · {when}</p>',
        f'<div class="newsletter-actions">{" ".join(actions)}</div>',
    ]
    parts.append(_email_links(issue, ctx))
    online = paths.absolute_url(ctx.settings.site_url, page)
    if online:
        site = f"{html_text(ctx.settings.site_name)}. " if ctx.settings.site_name else ""
        parts.append(f'<p class="newsletter-online print-only" data-search-exclude>{site}Read this issue online: '
                     f'{html_text(online.split("://", 1)[-1])}</p>')
    return "\n\n".join(p for p in parts if p) + "\n\n" + markdown


def _email_links(issue: Issue, ctx: Context) -> str:
    """For editors, not in the navigation: the issue's e-mail edition, to send (content/editors/newsletter.md).
    A published build writes it once the site's address is known; a draft's only by `build.py email`."""
    if issue.draft or not ctx.settings.site_url:
        return ""
    links = " · ".join(
        f'<a href="{html_text(paths.relative_url(issue.page, target))}">{words}</a>'
        for words, target in (("e-mail edition (HTML)", paths.issue_email(issue.slug)),
                              ("plain text", paths.issue_email_text(issue.slug))))
    return f'<p class="newsletter-email" data-search-exclude>For editors: {links}.</p>'


def _draft_banner(issue: Issue) -> str:
    """Words, not only a colour: the mark shows in the preview and prints on a proof."""
    if not issue.draft:
        return ""
    return (f'<div class="newsletter-draft" role="note" data-search-exclude><p>{DRAFT_BADGE} '
            "This issue is not published yet: only the preview and proof copies show it. To publish it, delete "
            "<code>draft: true</code> from the top of its file.</p></div>")


# --------------------------------------------------------------------------- the feed


def render_feed(ctx: Context, full_issues: Mapping[str, str]) -> bytes:
    """RSS 2.0: one item per issue, newest first, with absolute links. Titles and descriptions are
    HTML escaped as text (`rss.add_text`), then escaped again by ElementTree as XML; an issue's whole
    e-mail HTML (made safe by its renderer) is escaped once, as XML, in `content:encoded`."""
    site_url = ctx.settings.site_url
    issues = [issue for issue in ctx.directory.issues if not issue.draft]  # even in the preview
    ET.register_namespace("content", CONTENT)
    name = ctx.settings.site_name or "Peer support"
    rss, channel = rss_channel(f"{name}: newsletter", paths.absolute_url(site_url, paths.NEWSLETTER), INTRO,
                               paths.absolute_url(site_url, paths.NEWSLETTER_FEED))
    if issues:  # the newest issue's date, so that the feed only changes when an issue does
        add(channel, "lastBuildDate", _rfc822(issues[0]))
    for issue in issues:
        item = ET.SubElement(channel, "item")
        link = paths.absolute_url(site_url, issue.page)
        add_text(item, "title", f"{issue.title} (issue {issue.number})")
        add(item, "link", link)
        add_text(item, "description", issue.summary)
        add(item, "pubDate", _rfc822(issue))
        ET.SubElement(item, "guid", {"isPermaLink": "true"}).text = link
        if issue.slug in full_issues:
            add(item, f"{{{CONTENT}}}encoded", full_issues[issue.slug])
    return serialised(rss)


def _rfc822(issue: Issue) -> str:
    return format_datetime(datetime(issue.date.year, issue.date.month, issue.date.day, tzinfo=UTC))
