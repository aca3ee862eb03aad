"""A newsletter issue as an e-mail: HTML that e-mail programs show as written, and plain text.

Most readers get the newsletter by e-mail, sent by the charity's own service (Mailchimp,
Buttondown, Listmonk). E-mail programs are not browsers: many drop a `<style>` element (Gmail
often does), none runs a script or loads a web font, links must be absolute, and Outlook lays
out with Word's engine, which knows tables and widths better than CSS boxes. So the issue is
rendered here again, from the same Markdown and the same data as its page:

- its embeds (groups, the diary) as blocks for one narrow column, each group and event linked to its
  page on the site, in the same order as on the page (`parts/embed_choices.py`);
- the Markdown rendered with the site's extensions (mkdocs.yml) and the hand-written pages'
  typography, then sanitised by the pages' allow-list (nh3, `page_html.py`), which also makes every
  link and image absolute (from site_url) in the same pass;
- put in a single column at most 600 px wide (a table, for Outlook), under a line to the web version
  and "Need help now?", with the note that peer support sits alongside professional help at the foot;
- every style moved into the elements' `style` attributes by css-inline (a maintained inliner; the
  `<style>` element is removed), so it looks the same where `<style>` is dropped.

The plain-text edition is made from that HTML by inscriptis (links written with their addresses),
wrapped at 72 columns. The unsubscribe link is the sending service's placeholder (mkdocs.yml:
`email_unsubscribe`, Mailchimp's `*|UNSUB|*` by default), written as escaped text, never markup.

Pure functions from the issue and the directory to strings; `render/__init__.py` collects them
and `engine/plugin.py` or `cli.py` writes them.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

import css_inline
import markdown
import nh3
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from markdown.extensions.smarty import SmartyExtension

from ... import page_html, paths
from ...models import Event, Group
from ...page_links import EXTENSIONS as SITE_MARKDOWN
from ...pages import Issue
from ..parts import html
from ..parts.ageing import OUT_OF_DATE_IN_A_LIST, is_out_of_date
from ..parts.boundaries import ALONGSIDE
from ..parts.common import Context
from ..parts.contact import contact_links_html, mailto_uri
from ..parts.embed_choices import chosen_groups, diary_events
from ..parts.embeds import Renderer, fill_embeds
from ..parts.event_words import COMING_UP, day_in_words, place_in_words, upcoming_dated, when_in_words
from ..parts.events_table import registration
from ..parts.group_details import STATUS_NOTES, group_details, other_organisation

WIDTH = 600  # px: the column, as wide as most e-mail programs' reading pane
TEXT_WIDTH = 72  # columns of the plain-text edition
DRAFT_NOTE = "Draft: not published. This is a proof of an issue that is still a draft."

# The look, moved into each element by css-inline. Colours: dark text on a light background that
# every element states itself, so a program that darkens the e-mail darkens both together, and no
# text relies on an image behind it. Contrast of text and links at least 7:1 (WCAG AAA).
STYLESHEET = """
body { margin: 0; padding: 0; background-color: #eef2f1; color: #1b2626;
       font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; }
table { border-collapse: collapse; }
.email-preheader { display: none; max-height: 0; overflow: hidden; font-size: 1px; color: #ffffff; }
.email-outer { width: 100%; background-color: #eef2f1; }
.email-page { padding: 12px 0; }
.email-column { width: 100%; max-width: 600px; background-color: #ffffff; }
.email-cell { padding: 16px 20px; color: #1b2626; font-family: Arial, Helvetica, sans-serif; font-size: 16px;
              line-height: 1.5; overflow-wrap: break-word; word-wrap: break-word; }
.email-web { padding: 10px 20px; font-size: 14px; color: #33403f; text-align: center; }
.email-masthead { padding: 20px 20px 8px; border-bottom: 4px solid #00695f; }
.email-site { margin: 0; font-size: 14px; color: #33403f; }
.email-title { margin: 4px 0; font-size: 26px; line-height: 1.25; color: #003d37; }
.email-issue { margin: 0; font-size: 15px; color: #33403f; }
.email-draft { margin: 0 0 12px; padding: 10px 12px; border: 2px solid #8a1c1c; color: #8a1c1c;
               background-color: #fff4f4; font-weight: bold; }
.email-help { padding: 12px 14px; background-color: #fff6e8; border: 1px solid #b36b00; color: #1b2626; }
.email-help p { margin: 0 0 4px; }
.email-help ul { margin: 0; padding-left: 20px; }
.email-foot { padding: 16px 20px 24px; font-size: 14px; color: #33403f; border-top: 1px solid #c9d3d1; }
.alongside-help { margin: 24px 0 0; padding: 12px 14px; border-left: 4px solid #00695f;
                  background-color: #eef6f5; color: #1b2626; }
a { color: #00574f; text-decoration: underline; }
h2 { margin: 28px 0 8px; font-size: 22px; line-height: 1.3; color: #003d37; }
h3 { margin: 22px 0 6px; font-size: 18px; line-height: 1.3; color: #003d37; }
h4 { margin: 18px 0 6px; font-size: 16px; color: #003d37; }
p { margin: 0 0 12px; }
ul, ol { margin: 0 0 12px; padding-left: 22px; }
li { margin: 0 0 6px; }
blockquote { margin: 16px 0; padding: 4px 0 4px 14px; border-left: 4px solid #7fb8b1; color: #2b3736; }
img { max-width: 100%; height: auto; border: 0; }
code { font-family: Consolas, Menlo, monospace; font-size: 15px; }
small { font-size: 14px; }
.email-entry { margin: 0 0 14px; padding: 12px 0 0; border-top: 1px solid #c9d3d1; }
.email-web p { margin: 0; }
.email-when { font-weight: bold; color: #003d37; }
.admonition { margin: 16px 0; padding: 10px 14px; border-left: 4px solid #00695f; background-color: #eef6f5; }
.admonition-title { font-weight: bold; }
"""


@dataclass(frozen=True)
class EmailEdition:
    html: str  # the whole e-mail
    text: str  # the plain-text edition
    # For the feed's content:encoded: the e-mail's column without the line to the web version and the
    # footer, which the sending service's RSS campaign adds itself (with its own unsubscribe link).
    feed_html: str


class NoSiteAddress(ValueError):
    """An e-mail's links must be absolute: without site_url there is nothing to make them from."""


def render_email_edition(issue: Issue, ctx: Context) -> EmailEdition:
    """The issue as an e-mail: HTML with every style inline, and the same words as plain text."""
    site_url = ctx.settings.site_url
    if not site_url:
        raise NoSiteAddress("an e-mail needs the site's address for its links: set site_url in mkdocs.yml "
                            "or give --site-url")
    body = _body_html(issue, ctx)
    inlined = _inlined(_document(issue, body, ctx, whole=True))
    in_feed = _inlined(_document(issue, body, ctx, whole=False))
    inside = in_feed[in_feed.index(">", in_feed.index("<body")) + 1:in_feed.rindex("</body>")]
    return EmailEdition(inlined, plain_text(inlined), inside.strip() + "\n")


def _inlined(document: str) -> str:
    return css_inline.inline(document, keep_style_tags=False, keep_link_tags=False, load_remote_stylesheets=False)


# --------------------------------------------------------------------------- the issue's own words


def _body_html(issue: Issue, ctx: Context) -> str:
    filled = fill_embeds(issue.body, issue.page, ctx, EMAIL_RENDERERS, issue.marks.file, issue.body_line)
    # mkdocs.yml's Markdown extensions (page_links.EXTENSIONS, which a test keeps in step with it), so the
    # e-mail reads as the page does, and the typographic quotes the pages get.
    extensions = [extension() for extension in SITE_MARKDOWN.values()]
    converter = markdown.Markdown(extensions=[*extensions, SmartyExtension()], output_format="html")
    rendered = converter.convert(filled)
    return absolute_and_clean(rendered, issue.page, ctx.settings.site_url)


TAGS = (page_html.ALLOWED_TAGS - {"button", "svg", "path"})  # no button or drawing in an e-mail


def absolute_and_clean(rendered: str, page: str, site_url: str) -> str:
    """The allow-list of hand-written pages (nh3), with every link and image address made absolute:
    a page's own links are written as source paths (`../support-types.md#peer-led`) or anchors."""
    def absolute(tag: str, attribute: str, value: str) -> str | None:
        if attribute in ("href", "src"):
            return absolute_address(value, page, site_url)
        return value

    cleaned = nh3.clean(rendered, tags=TAGS, clean_content_tags=page_html.CONTENT_DROPPED,
                        attributes=page_html.ALLOWED_ATTRIBUTES, generic_attribute_prefixes=page_html.GENERIC_PREFIXES,
                        filter_style_properties=page_html.STYLE_PROPERTIES, url_schemes=page_html.URL_SCHEMES,
                        link_rel=None, strip_comments=True, attribute_filter=absolute)
    with_width = _IMAGE_WITHOUT_WIDTH.sub(rf'<img width="{WIDTH - 40}"\1', cleaned)
    return _IMAGE_WITHOUT_ALT.sub(r'<img alt=""\1', with_width)


# An image with no width: Outlook shows it at its own size, however wide; the column's width is its most.
_IMAGE_WITHOUT_WIDTH = re.compile(r"<img(?![^>]*\swidth=)([^>]*>)")
# An image written in HTML without words for it: decorative, said so, rather than read out as its address.
_IMAGE_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)([^>]*>)")


def absolute_address(value: str, page: str, site_url: str) -> str | None:
    """A link or image address as a full address: a source path (`../support-types.md`, `../img/a.png`)
    from the page's folder, an anchor on the issue's web page. None drops it."""
    if urlsplit(value).scheme:
        return value  # the allow-list has kept only http(s), mailto, tel, sms and webcal
    if value.startswith("//"):
        return None
    web_page = paths.absolute_url(site_url, page)
    if value.startswith("#"):
        return web_page + value
    path, hash_mark, anchor = value.partition("#")
    # As MkDocs reads a Markdown link: from the page's source folder, to a page (`.md`) or a file.
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if target.startswith(".."):
        return None
    address = paths.absolute_url(site_url, target) if target not in (".", "./") else site_url
    return address + hash_mark + anchor


# --------------------------------------------------------------------------- the embeds, for one narrow column


def _email_groups(ctx: Context, page: str, arguments: Mapping[str, str]) -> str:
    groups = chosen_groups(ctx, arguments)
    if not groups:
        return html.paragraph("No groups in the directory match this listing just now. "
                              + html.link("Find a group", paths.link(page, paths.FIND_A_GROUP)) + ".")
    return "\n".join(_group_entry(group, page, ctx) for group in groups) + "\n"


def _group_entry(group: Group, page: str, ctx: Context) -> str:
    """A group as on the issue's page: name (to its page), organisation, summary, how and where it
    meets, and how to get in touch."""
    runs = other_organisation(group)
    organisation = f" · {html.text(runs)}" if runs else ""
    name = html.element("strong", html.link(group.name, paths.link(page, paths.group_page(group.id))))
    ways = " · ".join(f"{label} {link}" for label, link in contact_links_html(group.contact))
    lines = [
        f"{name}{html.text(STATUS_NOTES.get(group.status, ''))}{organisation}",
        html.text(group.summary),
        html.element("small", " · ".join(html.text(d) for d in group_details(group, ctx))),
        html.element("strong", html.text(OUT_OF_DATE_IN_A_LIST)) if is_out_of_date(group, ctx) else "",
        ways,
    ]
    return _entry(lines)


def _email_diary(ctx: Context, page: str, arguments: Mapping[str, str]) -> str:
    events = diary_events(ctx, arguments)
    all_dates = html.link("All dates for the diary", paths.link(page, paths.EVENTS))
    if not events:
        return html.paragraph(f"Nothing is in the diary for these dates yet. {all_dates}.")
    return "\n".join(_event_entry(event, page, ctx) for event in events) + "\n" + html.paragraph(all_dates) + "\n"


def _event_entry(event: Event, page: str, ctx: Context) -> str:
    """An event: when (in words: an e-mail is read on the day it is sent, not rebuilt), what (to its
    page), who for, where, and how to book."""
    lines = [
        html.element("span", html.text(when_in_words(event)), {"class": "email-when"}),
        html.element("strong", html.link(event.title, paths.link(page, paths.event_page(event.id)))),
        "For: " + html.text(event.who_for),
        "Where: " + html.text(place_in_words(event)),
        " · ".join(registration(event, page, ctx)),
    ]
    return _entry(lines)


def _entry(lines: list[str]) -> str:
    """One paragraph, a line each: plain text keeps an entry's lines together, and entries apart."""
    return html.paragraph("<br>\n".join(line for line in lines if line), {"class": "email-entry"})


def _email_upcoming(ctx: Context, page: str, arguments: Mapping[str, str]) -> str:
    """The next three events as the e-mail is made: it is sent and read within days, never rebuilt."""
    upcoming = upcoming_dated(ctx.directory.events, ctx.today)[:COMING_UP]
    all_dates = html.paragraph(html.link("All dates for the diary", paths.link(page, paths.EVENTS)))
    return "\n".join(_event_entry(event, page, ctx) for event in upcoming) + "\n" + all_dates + "\n"


def _email_corrections(ctx: Context, page: str, arguments: Mapping[str, str]) -> str:
    address = ctx.settings.corrections_email
    if not address:
        return html.paragraph("Use the “suggest a correction” link at the foot of the group's or event's page.")
    return html.paragraph(f"E-mail us at {html.link(address, mailto_uri(address, 'Correction'))}.")


EMAIL_RENDERERS: dict[str, Renderer] = {
    "groups": _email_groups,
    "diary": _email_diary,
    "upcoming-events": _email_upcoming,
    "corrections": _email_corrections,
}


# --------------------------------------------------------------------------- the e-mail around it


def _document(issue: Issue, body: str, ctx: Context, whole: bool) -> str:
    """The e-mail (`whole`), or what a feed carries of it: all but the preheader, the line to the web
    version and the footer."""
    settings = ctx.settings
    web = paths.absolute_url(settings.site_url, issue.page)
    title = f"{issue.title} (issue {issue.number})"
    site = html.text(settings.site_name) if settings.site_name else ""
    draft = html.paragraph(html.text(DRAFT_NOTE), {"class": "email-draft"}) if issue.draft else ""
    return f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="supported-color-schemes" content="light dark">
<title>{html.text(title)}</title>
<style>{STYLESHEET}</style>
</head>
<body>
{_preheader(issue) if whole else ""}
<table role="presentation" class="email-outer" width="100%">
<tr><td class="email-page" align="center">
<table role="presentation" class="email-column" width="{WIDTH}">
{_web_version(web) if whole else ""}
<tr><td class="email-masthead">
{draft}<p class="email-site">{site}</p>
<h1 class="email-title">{html.text(issue.title)}</h1>
<p class="email-issue">Issue {issue.number} · {html.text(day_in_words(issue.date))}</p>
</td></tr>
{_help_now(ctx)}
<tr><td class="email-cell">
{body}
{html.paragraph(html.text(ALONGSIDE + " If you are worried about someone's safety right now, use the numbers "
                          "under “Need help now?” at the top of this e-mail."), {"class": "alongside-help"})}
</td></tr>
{_footer(web, site, ctx) if whole else ""}
</table>
</td></tr>
</table>
</body>
</html>
"""


def _preheader(issue: Issue) -> str:
    """The summary, which e-mail programs show beside the subject in the inbox; never shown in the e-mail."""
    return html.division(html.text(issue.summary), {"class": "email-preheader"})


def _web_version(web: str) -> str:
    return (f'<tr><td class="email-web"><p>Trouble reading this e-mail? '
            f'{html.link("Read this issue on the website", web)}.</p></td></tr>')


def _footer(web: str, site: str, ctx: Context) -> str:
    """Why this e-mail came, and the sending service's unsubscribe link: its placeholder, escaped, in `href`."""
    unsubscribe = html_module.escape(ctx.settings.email_unsubscribe, quote=True)
    issues = paths.absolute_url(ctx.settings.site_url, paths.NEWSLETTER)
    return (f'<tr><td class="email-foot"><p>{site}{". " if site else ""}You get this e-mail because you signed up '
            f'for our newsletter. {html.link("Read this issue on the website", web)} · '
            f'{html.link("All issues", issues)} · <a href="{unsubscribe}">Unsubscribe</a></p></td></tr>')


def _help_now(ctx: Context) -> str:
    """"Need help now?" as at the top of every page of the site, from the same lines in mkdocs.yml."""
    lines = []
    for line in ctx.settings.help_lines:
        label = html.link(line.label, line.link) if line.link else html.element("strong", html.text(line.label))
        note = f" ({html.text(line.note)})" if line.note else ""
        lines.append(html.list_item(f"{html.text(line.name)}: {label}{note}"))
    if not lines:
        return ""
    return ('<tr><td class="email-cell"><div class="email-help">' + html.paragraph(html.element("strong", "Need help now?"))
            + html.bullet_list_of(lines) + "</div></td></tr>")


# --------------------------------------------------------------------------- the plain-text edition


_TEXT_CONFIG = ParserConfig(css=CSS_PROFILES["strict"], display_links=True)


def plain_text(email_html: str) -> str:
    """The e-mail's words as plain text, every link followed by its address, wrapped at 72 columns."""
    text = _LINK.sub(_link_as_text, get_text(email_html, _TEXT_CONFIG))
    lines = [line.rstrip() for line in text.splitlines()]
    wrapped: list[str] = []
    for line in lines:
        if wrapped and wrapped[-1].startswith(_LIST_MARKS) and line and not line.startswith((" ", *_LIST_MARKS)):
            wrapped.append("")  # a list is over: a blank line before what follows it
        wrapped.extend(_wrapped(line) if line else [""])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(wrapped)).strip() + "\n"


_LIST_MARKS = ("* ", " * ", "  * ")
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(([^()\s]*)\)")  # inscriptis writes a link as [words](address)


def _link_as_text(link: re.Match[str]) -> str:
    """`words <address>`, as plain-text e-mails write links; an address alone when it is the words."""
    words, address = link[1].strip(), link[2]
    if not words or words in (address, address.split(":", 1)[-1]):
        return f"<{address}>"
    return f"{words} <{address}>"


def _wrapped(line: str) -> list[str]:
    """One line of text wrapped, list items hanging under their bullet; an address is never broken."""
    indent = re.match(r"\s*(?:[*\-•+]\s+|\d+\.\s+)?", line)
    hanging = " " * (indent.end() if indent else 0)
    return textwrap.wrap(line, TEXT_WIDTH, subsequent_indent=hanging, break_long_words=False,
                         break_on_hyphens=False) or [""]
