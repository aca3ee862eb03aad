"""Newsletter issues: front matter and embeds checked like data, golden Markdown of an issue with
every embed, real builds (a bad embed stops the build with file:line and leaves site/ alone),
the RSS feed read back as XML, and `build.py new-issue`."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import date
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest

from peerdir import paths
from peerdir.embed_rules import EMBEDS, check_marker, find_markers
from peerdir.pages import FRONT_MATTER
from peerdir.render import SiteSettings, UnknownEmbed, render_hand_written_page, render_site
from peerdir.render.outputs.listings import RENDERERS
from peerdir.render.parts.embeds import known_ids
from peerdir.validate import load_directory

from .conftest import FIXTURES, REPO, TODAY, after_id, check_golden, copy_project, elements, links, page_text, read_feed, run_cli

SITE_URL = "https://example.org/peer-support/"
SETTINGS = SiteSettings(today=date.fromisoformat(TODAY), site_url=SITE_URL, site_name="Peer support")
FIXTURE_ISSUE = FIXTURES / "newsletter" / "2026-12-fixture.md"
SAMPLE_ISSUE = "content/newsletter/2026-11-peertalk.md"


def fixture_content(tmp_path: Path, *issues: tuple[str, str]) -> Path:
    """A content folder with the fixture issue and any other (file name, text) issues."""
    newsletter = tmp_path / "content" / "newsletter"
    newsletter.mkdir(parents=True)
    shutil.copy(FIXTURE_ISSUE, newsletter / FIXTURE_ISSUE.name)
    for name, text in issues:
        (newsletter / name).write_text(text, encoding="utf-8")
    return tmp_path / "content"


def body_of(path: Path) -> tuple[str, int]:
    """The Markdown after the front matter, and the line it starts on, as MkDocs hands it over."""
    text = path.read_text(encoding="utf-8")
    front = FRONT_MATTER.match(text)
    assert front
    body = text[front.end():].lstrip("\n")
    return body, text[: len(text) - len(body)].count("\n") + 1


# --------------------------------------------------------------------------- golden Markdown


def test_golden_issue_with_every_embed(tmp_path: Path) -> None:
    content = fixture_content(tmp_path)
    result = load_directory(FIXTURES / "valid", date.fromisoformat(TODAY), content)
    assert result.problems == []
    (issue,) = result.directory.issues
    assert (issue.number, issue.date, issue.slug) == (3, date(2026, 12, 1), "2026-12-fixture")
    body, first_line = body_of(FIXTURE_ISSUE)
    page = render_hand_written_page(body, issue.page, result.directory, SETTINGS, "fixture.md", first_line)
    check_golden("newsletter/2026-12-fixture.md", page)
    pages = render_site(result.directory, SETTINGS)
    check_golden("newsletter/index.md", str(pages[paths.NEWSLETTER]))
    check_golden("newsletter/feed.xml", pages[paths.NEWSLETTER_FEED].decode())
    check_golden("newsletter/2026-12-fixture-email.txt", str(pages[paths.issue_email_text(issue.slug)]))


def test_the_issue_page_is_built_from_the_data(tmp_path: Path) -> None:
    content = fixture_content(tmp_path)
    directory = load_directory(FIXTURES / "valid", date.fromisoformat(TODAY), content).directory
    body, _ = body_of(FIXTURE_ISSUE)
    page = render_hand_written_page(body, "newsletter/2026-12-fixture.md", directory, SETTINGS)
    # The title is front matter text: shown as typed, never as markup.
    assert page.startswith("# \\#Fixture: &lt;b&gt;winter&lt;/b&gt; &amp; spring\n")
    assert "<b>" not in page and "<!-- peerdir: groups topic=no-such-topic -->" in page  # the fenced example
    june = page.split("## Only dated events in June", 1)[1].split("## Coming up", 1)[0]
    assert "events/network-meeting.md" in june and "summer-picnic" not in june and "peer-support-training" not in june
    chosen = page.split("## Chosen groups", 1)[1].split("## Dates for the diary", 1)[0]
    assert chosen.index("groups/old-friends.md") < chosen.index("groups/riverside-parents.md")  # the order written
    assert "(temporarily closed)" in chosen
    assert "Download PDF" not in page  # only when the build writes the PDFs
    with_pdfs = SiteSettings(today=SETTINGS.today, site_url=SITE_URL, newsletter_pdfs=True)
    assert 'href="../2026-12-fixture.pdf" download>Download PDF' in render_hand_written_page(
        body, "newsletter/2026-12-fixture.md", directory, with_pdfs)


def test_every_embed_has_a_renderer() -> None:
    assert RENDERERS.keys() == EMBEDS.keys()


# --------------------------------------------------------------------------- embeds checked like data


def problems_in(marker_line: str) -> list[str]:
    directory = load_directory(FIXTURES / "valid").directory
    known = known_ids(directory)
    return [f"{column}: {message}" for marker in find_markers(marker_line) for column, message in check_marker(marker, known)]


@pytest.mark.parametrize(("line", "expected"), [
    ("<!-- peerdir: dairy from=2027-06-01 to=2027-07-31 -->", "15: there is no embed called `dairy` (did you mean `diary`?)"),
    ("<!-- peerdir: diary from=2027-06-01 -->", "15: is missing `to=` (the last day, YYYY-MM-DD)"),
    ("<!-- peerdir: diary from=2027-06-31 to=2027-07-31 -->", "21: from: `2027-06-31` is not a date"),
    ("<!-- peerdir: diary from=2027-07-01 to=2027-06-01 -->", "15: `to=2027-06-01` is before `from=2027-07-01`"),
    ("<!-- peerdir: diary from=2027-06-01 to=2027-07-31 undated=maybe -->", "51: undated: `maybe` is not allowed: use yes or no"),
    ("<!-- peerdir: groups topic=perinatal -->",
     "22: topic: `perinatal` is not in `topics` (did you mean `perinatal-mental-health`?); use an id from support_types.yaml"),
    ("<!-- peerdir: groups ids=riverside-parents,tamba -->", "22: ids: `tamba` is not in `groups`"),
    ("<!-- peerdir: groups ids=riverside-parents,,dads-online -->", "22: ids: `riverside-parents,,dads-online` has an empty id"),
    ("<!-- peerdir: groups topics=child-mental-health -->", "22: `groups` has no argument `topics` (did you mean `topic`?)"),
    ("<!-- peerdir: groups -->", "15: say which groups to list"),
    ("<!-- peerdir: groups ids=dads-online area=national -->", "15: choose groups either by `ids` or by `area`, not both"),
    ("<!-- peerdir: groups topic = child-mental-health -->", "28: `=` is not an argument: write `name=value`"),
    ("<!-- peerdir: groups area=national area=national -->", "36: `area` is given twice"),
    ("<!-- peerdir upcoming-events -->", "1: write an embed on a line of its own"),
])
def test_a_wrong_embed_is_reported_where_it_is_written(line: str, expected: str) -> None:
    assert any(p.startswith(expected) for p in problems_in(line)), problems_in(line)


@pytest.mark.parametrize(("text", "expected"), [
    ("<!-- PEERDIR: upcoming-events -->",
     "1:1: write `peerdir:` in lowercase, as `<!-- peerdir: upcoming-events -->`"),
    ("Coming up: <!-- peerdir: upcoming-events -->",
     "1:12: an embed cannot be inside a paragraph: put it on a line of its own, with a blank line before and after it"),
    ("- <!-- peerdir: groups ids=dads-online -->",
     "1:3: an embed cannot be inside a list item: put it on a line of its own, at the start of the line, "
     "with a blank line before it"),
    ("- Groups:\n<!-- peerdir: upcoming-events -->",
     "2:1: an embed cannot be inside a list item: put it on a line of its own, at the start of the line, "
     "with a blank line before it"),
    ("> <!-- peerdir: upcoming-events -->",
     "1:3: an embed cannot be inside a quote: put it on a line of its own, at the start of the line, without `>`"),
    ("   <!-- peerdir: upcoming-events -->", "1:4: an embed starts at the start of its line: delete the spaces before `<!--`"),
    ("<!-- peerdir: upcoming-events --> (the next three)",
     "1:1: nothing else may be on an embed's line: move what follows `-->` to a line of its own"),
    ("<!-- peerdir: diary\n     from=2027-06-01 to=2027-07-31 -->",
     "1:1: write the embed on one line: join the lines of this comment"),
    ("## Events\n<!-- peerdir: upcoming-events\n", "2:1: this comment is never closed: end it with `-->`"),
    ("<!-- the peerdir list goes here -->",
     "1:1: this comment mentions peerdir, so it looks like an embed but is not one: write an embed on a line of its "
     "own, as `<!-- peerdir: NAME argument=value ... -->`, or leave peerdir out of the comment"),
])
def test_a_comment_that_mentions_peerdir_but_is_not_an_embed_is_reported(text: str, expected: str) -> None:
    known = known_ids(load_directory(FIXTURES / "valid").directory)
    found = [f"{marker.line}:{column}: {message}" for marker in find_markers(text)
             for column, message in check_marker(marker, known)]
    assert found == [expected]


def test_a_misplaced_embed_is_reported_by_validate_with_its_file_and_line(tmp_path: Path) -> None:
    page = tmp_path / "content" / "index.md"
    page.parent.mkdir()
    page.write_text("# Home\n\nComing up:\n\n- <!-- peerdir: upcoming-events -->\n", encoding="utf-8")
    result = load_directory(FIXTURES / "valid", None, tmp_path / "content")
    assert [p.as_text().split("/content/", 1)[1] for p in result.problems] == [
        "index.md:5:3: upcoming-events: an embed cannot be inside a list item: put it on a line of its own, "
        "at the start of the line, with a blank line before it"]


def test_code_spans_and_plain_comments_are_not_embeds() -> None:
    assert list(find_markers("Write `<!-- peerdir: upcoming-events -->` on a line\n<!-- a note -->\n")) == []


def test_right_embeds_and_fenced_examples_have_no_problems() -> None:
    assert problems_in("<!-- peerdir: groups topic=perinatal-mental-health,child-mental-health area=national -->") == []
    assert problems_in("<!-- peerdir: diary from=2027-06-01 to=2027-07-31 undated=no -->") == []
    assert problems_in("```\n<!-- peerdir: dairy -->\n```\n~~~~\n<!-- peerdir: nothing -->\n~~~~\n") == []


def test_an_unchecked_page_with_a_wrong_embed_still_fails_with_its_file_and_line() -> None:
    directory = load_directory(FIXTURES / "valid").directory
    with pytest.raises(UnknownEmbed, match=r"^content/x\.md:12:22: groups: topic: `nope` is not in `topics`"):
        render_hand_written_page("# X\n\n<!-- peerdir: groups topic=nope -->\n", "x.md", directory, SETTINGS,
                                 "content/x.md", 10)


ISSUE = """---
title: "An issue"
number: {number}
date: {date}
summary: Something.
---

## News
"""


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("2026-10-a.md", ISSUE.format(number="two", date="2026-10-01"), "2026-10-a.md:3:9: number: `two` is not an issue number"),
    ("2026-10-a.md", ISSUE.format(number=2, date="1 October"), "2026-10-a.md:4:7: date: `1 October` is not a date"),
    ("2026-10-a.md", ISSUE.format(number=3, date="2026-10-01"), "2026-12-fixture.md:3:9: number: "),
    ("2026-10-a.md", ISSUE.format(number=2, date="2026-10-01").replace("summary: Something.\n", ""),
     "2026-10-a.md:2:1: summary: is required"),
    ("2026-10-a.md", ISSUE.format(number=2, date="2026-10-01") + "\n# A title\n",
     "2026-10-a.md:10:1: an issue's title comes from"),
    ("2026-10-a.md", "## News\n", "2026-10-a.md:1:1: an issue starts with front matter"),
    ("2026-10-a.md", "---\n~\n---\n\n## News\n", "2026-10-a.md:1:1: the front matter is empty: add `title:`, "
     "`number:`, `date:` and `summary:`"),
    ("2026-10-a.md", "---\n# title: to come\n---\n\n## News\n", "2026-10-a.md:1:1: the front matter is empty: "
     "add `title:`, `number:`, `date:` and `summary:`"),
    ("index.md", ISSUE.format(number=2, date="2026-10-01"),
     "index.md:1:1: this page would be replaced by the generated page newsletter/index.md (the list of issues); "
     "rename or move this page"),
    ("2026-10-a.markdown", ISSUE.format(number=2, date="2026-10-01"),
     "2026-10-a.markdown:1:1: an issue is a `.md` file: rename `2026-10-a.markdown` to `2026-10-a.md`"),
    ("October Issue.md", ISSUE.format(number=2, date="2026-10-01"),
     "October Issue.md:1:1: `October Issue.md` is not a usable file name"),
    ("2026-10-a.md", ISSUE.format(number=2, date="2026-10-01").replace("title:", "titel:"),
     "2026-10-a.md:2:1: titel: `titel` is not a known field (did you mean `title`?)"),
])
def test_a_wrong_front_matter_is_reported_where_it_is_written(tmp_path: Path, name: str, text: str, expected: str) -> None:
    content = fixture_content(tmp_path, (name, text))
    result = load_directory(FIXTURES / "valid", None, content)
    messages = [p.as_text().split("/content/newsletter/", 1)[-1] for p in result.problems]
    assert any(m.startswith(expected) for m in messages), messages
    assert result.directory is None
    if expected.startswith("2026-10-a.md:1:1: the front matter is empty"):  # nothing else: the exact message
        assert messages == [expected]


# --------------------------------------------------------------------------- real builds


def marker_position(project: Path, marker_start: str) -> tuple[int, int]:
    lines = (project / SAMPLE_ISSUE).read_text(encoding="utf-8").split("\n")
    number = next(i for i, line in enumerate(lines, start=1) if line.startswith(marker_start))
    return number, lines[number - 1].index("topic=") + 1


def test_an_unknown_topic_in_an_issue_stops_the_build_with_file_and_line(sample_project: Path) -> None:
    built = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert built.code == 0, built.stderr
    before = (sample_project / "site/newsletter/2026-11-peertalk/index.html").read_bytes()
    issue = sample_project / SAMPLE_ISSUE
    issue.write_text(issue.read_text().replace("groups topic=perinatal-mental-health,", "groups topic=perinatal,"))
    line, column = marker_position(sample_project, "<!-- peerdir: groups topic=perinatal,")

    result = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert result.code == 1
    assert (f"{SAMPLE_ISSUE}:{line}:{column}: groups: topic: `perinatal` is not in `topics` "
            "(did you mean `perinatal-mental-health`?)") in result.stderr
    assert "site/ is unchanged" in result.stderr
    assert (sample_project / "site/newsletter/2026-11-peertalk/index.html").read_bytes() == before
    assert not (sample_project / "site.new").exists()

    # Pull requests see it on the line: validate checks the issues with the data.
    annotations = run_cli("--root", str(sample_project), "validate", "--format", "github")
    assert annotations.code == 1
    assert f"::error file={SAMPLE_ISSUE},line={line},col={column},title=groups::" in annotations.stdout

    # Plain `mkdocs build`: the plugin refuses it too (a PluginError with the same message).
    mkdocs = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(sample_project / "out")],
                            cwd=sample_project, capture_output=True, text=True, timeout=300)
    assert mkdocs.returncode != 0
    assert f"{SAMPLE_ISSUE}:{line}:{column}: groups: topic: `perinatal`" in mkdocs.stderr


def test_an_unknown_group_id_stops_the_build(sample_project: Path) -> None:
    issue = sample_project / SAMPLE_ISSUE
    issue.write_text(issue.read_text().replace("ids=child-death-helpline,", "ids=child-death-hotline,"))
    result = run_cli("--root", str(sample_project), "build", "--today", TODAY)
    assert result.code == 1
    assert re.search(rf"{re.escape(SAMPLE_ISSUE)}:\d+:22: groups: ids: `child-death-hotline` is not in `groups` "
                     r"\(did you mean `child-death-helpline`\?\)", result.stderr), result.stderr
    assert not (sample_project / "site").exists()


SECOND_ISSUE = """---
title: 'Issue <two> & more: <img src=x onerror=alert(1)> &amp; "quotes" <b>bold</b>'
number: 2
date: 2026-12-14
summary: "Second: with <markup> & an ampersand, <script>alert('s')</script> &lt;b&gt; as text."
---

## News

Nothing yet.
"""


# A hand-written page in the navigation, with front matter like the second issue's.
NAV_PAGE = "content/about-peer-support/types.md"
NAV_TITLE = 'Types <i>of</i> peer support & "roles" &amp; <script>alert(1)</script>'
NAV_DESCRIPTION = 'Ways of "peer" support <b>&amp;</b> roles\' <img src=x onerror=alert(2)>'


@pytest.fixture(scope="module")
def two_issue_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("newsletter"))
    (project / "content/newsletter/2026-12-second.md").write_text(SECOND_ISSUE, encoding="utf-8")
    page = project / NAV_PAGE
    body = page.read_text(encoding="utf-8").split("\n---\n", 1)[1]
    page.write_text(f"---\ntitle: {json.dumps(NAV_TITLE)}\ndescription: {json.dumps(NAV_DESCRIPTION)}\n---\n{body}",
                    encoding="utf-8")
    result = run_cli("--root", str(project), "build", "--today", TODAY, "--site-url", SITE_URL)
    assert result.code == 0, result.stderr
    return project / "site"


def test_the_feed_is_rss_with_one_item_per_issue_and_absolute_links(two_issue_site: Path) -> None:
    rss = ET.parse(two_issue_site / "feed.xml").getroot()
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel is not None
    assert channel.findtext("link") == SITE_URL + "newsletter/"
    atom_self = channel.find("{http://www.w3.org/2005/Atom}link")
    assert atom_self is not None and atom_self.get("href") == SITE_URL + "feed.xml"
    items = channel.findall("item")
    issue_files = sorted((REPO / "content/newsletter").glob("*.md"))
    assert len(items) == len(issue_files) + 1  # the shipped issues and the second one
    assert [item.findtext("link") for item in items] == [
        SITE_URL + "newsletter/2026-12-second/", SITE_URL + "newsletter/2026-11-peertalk/"]  # newest first
    for item in items:
        assert item.findtext("guid") == item.findtext("link")
        published = parsedate_to_datetime(item.findtext("pubDate") or "")
        assert published.tzinfo is not None
        assert (two_issue_site / item.findtext("link", "").removeprefix(SITE_URL) / "index.html").exists()
    assert parsedate_to_datetime(items[0].findtext("pubDate") or "").date() == date(2026, 12, 14)


def test_feed_readers_show_titles_and_summaries_exactly_as_typed(two_issue_site: Path) -> None:
    # Feed readers take an RSS title or description with a tag or an entity in it to be HTML.
    channel, items = read_feed(two_issue_site / "feed.xml")
    assert channel == "Parent and carer peer support: newsletter"
    sample = load_directory(REPO).directory.issues[0]
    assert items == [
        ("Issue <two> & more: <img src=x onerror=alert(1)> &amp; \"quotes\" <b>bold</b> (issue 2)",
         "Second: with <markup> & an ampersand, <script>alert('s')</script> &lt;b&gt; as text."),
        (f"{sample.title} (issue 1)", sample.summary),
    ]


def shown(markup: str) -> str:
    """Text in a page's HTML as the browser shows it; the markup must hold no tag."""
    assert "<" not in markup, markup
    return html.unescape(" ".join(markup.split()))


def title_of(page: str) -> str:
    """A page's `<title>` as the browser shows it: its content is text whatever it holds (the HTML
    standard reads it as text, with entities), so the minified pages write `<` in it as it is."""
    return html.unescape(" ".join(re.search(r"<title>(.*?)</title>", page, re.S)[1].split()))


def test_front_matter_is_text_in_the_title_header_and_navigation(two_issue_site: Path) -> None:
    issue = (two_issue_site / "newsletter/2026-12-second/index.html").read_text()
    typed = 'Issue <two> & more: <img src=x onerror=alert(1)> &amp; "quotes" <b>bold</b>'
    site_name = "Parent and carer peer support"
    assert title_of(issue) == f"{typed} - {site_name}"
    header = re.search(r'data-md-component="?header-topic"?>\s*<span class="?md-ellipsis"?>(.*?)</span>', issue, re.S)
    assert shown(header[1]) == typed
    page = (two_issue_site / "about-peer-support/types/index.html").read_text()
    assert title_of(page) == f"{NAV_TITLE} - {site_name}"
    description = next(e.attributes["content"] for e in elements(page)
                       if e.tag == "meta" and e.attributes.get("name") == "description")
    assert " ".join(description.split()) == NAV_DESCRIPTION
    home = (two_issue_site / "index.html").read_text()
    link = re.search(r'<a (?=[^>]*\bhref="?about-peer-support/types/[" >])(?=[^>]*\bmd-nav__link\b)[^>]*>\s*'
                     r'<span class="?md-ellipsis"?>(.*?)</span>', home, re.S)
    assert shown(link[1]) == NAV_TITLE


def test_the_list_of_issues_and_every_page_point_to_the_feed(two_issue_site: Path) -> None:
    index = (two_issue_site / "newsletter/index.html").read_text()
    hrefs = links(index)
    assert hrefs.index("2026-12-second/") < hrefs.index("2026-11-peertalk/")
    assert "Issue <two> & more" in page_text(index)  # as text: no such element
    assert not {"two", "img"} & {e.tag for e in elements(index)}
    assert "../feed.xml" in hrefs
    feed_link = {"rel": "alternate feed", "type": "application/rss+xml",
                 "title": "Parent and carer peer support: newsletter", "href": f"{SITE_URL}feed.xml"}
    for page in ("index.html", "newsletter/2026-11-peertalk/index.html", "groups/tamba/index.html"):
        assert feed_link in [e.attributes for e in elements((two_issue_site / page).read_text())], page


def test_the_issue_page_has_its_number_date_and_generated_lists(two_issue_site: Path) -> None:
    html = (two_issue_site / "newsletter/2026-11-peertalk/index.html").read_text()
    assert re.search(r'<strong>Issue 1</strong> · <time datetime="?2026-11-16"?>Monday 16 November 2026</time>', html)
    assert "Print this issue" in html and "Download PDF" not in html  # no PDFs in a plain build
    found = elements(html)
    assert len([e for e in found if e.attributes.get("class") == "newsletter-group"]) == 15
    qr_codes = [e for e in found if e.tag == "svg" and e.attributes.get("role") == "img"
                and e.attributes.get("aria-label", "").startswith("QR code: ")]
    assert len(qr_codes) == 15 + 12  # every group, every diary row
    assert "../../events/peer-worker-network-june/" in links(html)
    assert {"class": "external-link", "href": "https://www.nhs.uk/mental-health/"} in [e.attributes for e in found]
    assert "<!-- peerdir:" not in html  # every embed was filled in


# --------------------------------------------------------------------------- new-issue


def test_new_issue_writes_the_next_issue_which_builds_and_never_overwrites(sample_project: Path) -> None:
    result = run_cli("--root", str(sample_project), "new-issue", "--today", "2026-12-07")
    assert result.code == 0, result.stderr
    assert result.stdout == (  # what was written, and the next steps
        "content/newsletter/2026-12-peertalk.md: issue 2 is started, as a draft (`draft: true`: the published site "
        "leaves it out).\n"
        "Next:\n"
        "  1. Write it: open content/newsletter/2026-12-peertalk.md and replace the example sentences with your own "
        "words.\n"
        "  2. See it: make serve, then open the Newsletter page (a framed Draft note is at its top).\n"
        "  3. Publish it: delete the line `draft: true`, run make validate, and open a pull request.\n"
        "The editors' guide says more: content/editors/newsletter.md\n")
    path = sample_project / "content/newsletter/2026-12-peertalk.md"
    text = path.read_text()
    assert text.startswith('---\ntitle: "#PeerTalk: issue 2"\nnumber: 2\ndate: 2026-12-07\n')
    assert "\ndraft: true\n---\n" in text  # left out of the published site (tests/test_drafts.py)
    assert "<!-- peerdir: diary from=2026-12-07 to=2027-02-28 -->" in text
    assert "<!-- peerdir: groups area=kensington-and-chelsea -->" in text
    for section in ("## In this issue", "## Peer support news", "## Spotlight", "## Local groups", "## Dates for the diary"):
        assert section in text
    built = run_cli("--root", str(sample_project), "build", "--today", "2026-12-07")
    assert built.code == 0, built.stderr
    assert (sample_project / "site/newsletter/2026-11-peertalk/index.html").exists()

    # Again in the same month: the file is there, and stays as the editor left it.
    path.write_text(text + "\nMy words.\n")
    again = run_cli("--root", str(sample_project), "new-issue", "--today", "2026-12-21")
    assert again.code == 1
    assert again.stderr.startswith("content/newsletter/2026-12-peertalk.md already exists and was left as it is")
    assert path.read_text().endswith("My words.\n")
    # November's issue is the shipped one.
    assert run_cli("--root", str(sample_project), "new-issue", "--today", TODAY).code == 1


def test_new_issue_in_a_project_without_issues_is_number_one(small_project: Path) -> None:
    result = run_cli("--root", str(small_project), "new-issue", "--today", TODAY)
    assert result.code == 0, result.stderr
    assert result.stdout.startswith("content/newsletter/2026-11-newsletter.md: issue 1 is started, as a draft")
    text = (small_project / "content/newsletter/2026-11-newsletter.md").read_text()
    assert 'title: "Newsletter: issue 1"\nnumber: 1\ndate: 2026-11-23\n' in text
    built = run_cli("--root", str(small_project), "build", "--today", TODAY)
    assert built.code == 0, built.stderr


def article_of(page: Path) -> str:
    text = page.read_text(encoding="utf-8")
    return text[text.index("<article"):text.index("</article>")]


def test_hand_written_pages_have_typographic_quotes_and_code_keeps_straight_ones(two_issue_site: Path) -> None:
    """Python-Markdown's smarty, in hand-written pages only (peerdir/typography.py). The published
    pages are minified, which writes entities as the characters they stand for: the tests read text."""
    issue = article_of(two_issue_site / "newsletter/2026-11-peertalk/index.html")
    heading = re.search(r'<h2 id="?what-we-mean-by-mental-health"?>(.*?)</h2>', issue)
    assert heading and page_text(heading[1]) == "What we mean by “mental health”"
    assert "#what-we-mean-by-mental-health" in links(issue)  # the anchor and the link to it are unchanged
    assert "’s" in page_text(issue)  # apostrophes
    # The editor's own text, without tags and their attributes. (The diary and its QR codes after it are
    # blocks of HTML from the data, which Markdown passes through as they are: the events' titles as typed.)
    written = after_id(issue, "a-film-about-peer-support")
    written = written[:re.search(r'id="?local-groups-for-parents"?', written).start()]
    prose = page_text(written.split(">", 1)[1])
    assert '"' not in prose and "'" not in prose
    editors = page_text(article_of(two_issue_site / "editors/newsletter/index.html"))
    assert "“Draft: not published”" in editors
    assert 'title: "#PeerTalk' in editors  # YAML to copy keeps its straight quotes


def test_generated_pages_show_the_data_exactly_as_typed(two_issue_site: Path) -> None:
    group = page_text(article_of(two_issue_site / "groups/chelsea-westminster-neonatal-parents/index.html"))
    assert "Neonatal Unit parents' discussion group" in group
    assert "’" not in group and "“" not in group
    events = page_text(article_of(two_issue_site / "events/index.html"))
    assert "Gingerbread West London: single parents' get-together (December)" in events


def test_an_issue_heading_shows_its_title_as_typed_in_a_page_with_typographic_quotes(two_issue_site: Path) -> None:
    """The second issue's title is hostile: its heading is text, with its straight quotes, as the list
    of issues, the feed and the title bar show it (typography.as_typed)."""
    issue = article_of(two_issue_site / "newsletter/2026-12-second/index.html")
    heading = re.search(r"<h1[^>]*>(.*?)</h1>", issue, re.S)[1]
    assert shown(heading) == 'Issue <two> & more: <img src=x onerror=alert(1)> &amp; "quotes" <b>bold</b>'
