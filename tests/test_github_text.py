"""Text from others in the issues and pull requests our workflows write (`peerdir/github_text.py`),
rendered by cmarkgfm, GitHub's own fork of cmark with its extensions (tables, autolinks, the tag
filter), as GitHub renders it: it shows as written and is never a link, an image, HTML or a heading.
GitHub then links @mentions and `#12` in the rendered text itself, so the text is checked for them too."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from peerdir.github_text import WORD_JOINER, fenced, inert_markdown
from peerdir.links import Link, LinkResult, broken_links_report

HOSTILE = {
    "mention": "@octocat and @github/security, please",
    "link": "[x](https://evil.example/)",
    "reference link": "[x][1]\n\n[1]: https://evil.example/",
    "image": "![i](https://evil.example/i.png)",
    "html": '<img src=x onerror="alert(1)"><script>alert(2)</script>',
    "heading": "# Pwned\nnext line",
    "heading after spaces": "   ## Pwned",
    "setext heading": "Pwned\n===",
    "bare address": "see https://evil.example/login or www.evil.example",
    "e-mail address": "write to boss@evil.example",
    "issue reference": "fixes #123, GH-45 and octo/repo#6",
    "backticks": "``` ` `` code ```",
    "table cell": "a | b || c",
    "line breaks": "one\r\ntwo\rthree\u2028four\x85five\x0bsix",
    "emphasis": "**bold** _it_ ~~gone~~ *",
    "entity": "&amp; &#64;octocat &lt;b&gt;",
    "autolink in angles": "<https://evil.example/>",
    "list and quote": "- item\n> quote\n1. one",
    "code block": "    indented code",
    "backslash": "C:\\new\\ and a\\",
    "control characters": "bell\x07 escape\x1b[31m nul\x00",
    "unicode": "Café — “quotes” 🙂 ١٢٣",
}


class _Rendered(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def rendered(markdown: str) -> _Rendered:
    """What GitHub makes of `markdown` (its unsafe option on, so that HTML would show if it got through)."""
    page = _Rendered()
    page.feed(cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE))
    page.close()
    return page


def shown(text: str) -> str:
    """`text` as a reader sees it on one line: whitespace and control characters as single spaces."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", " ", text).split())


def assert_nothing_github_links(text: str) -> None:
    """GitHub's own linking of the rendered text: mentions, issue references, addresses."""
    assert not re.search(r"@[A-Za-z0-9]", text), text
    assert not re.search(r"#\d|GH-\d", text), text
    assert not re.search(r"://|\bwww\.", text), text


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_inline_text_shows_as_written_and_does_nothing(text: str) -> None:
    for before, after, around in (("", "", ""), ("Broken: ", ".", ""), ("| Answer |\n| --- |\n| ", " |", "Answer")):
        page = rendered(before + inert_markdown(text) + after)
        assert set(page.tags) <= {"p", "table", "thead", "tr", "th", "tbody", "td"}, page.tags
        visible = "".join(page.text).replace(WORD_JOINER, "").replace("\n", "")
        assert visible == around + (before + shown(text) + after if not around else shown(text)), visible
        assert_nothing_github_links("".join(page.text))


@pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
def test_a_fenced_block_shows_every_line_as_written(text: str) -> None:
    markdown = "Answer:\n\n" + fenced(text) + "\n\nafter"
    assert rendered(markdown).tags == ["p", "pre", "code", "p"]
    code = re.search(r"<code[^>]*>(.*?)</code>", cmarkgfm.github_flavored_markdown_to_html(markdown), re.DOTALL)
    lines = re.sub(r"\r\n?", "\n", text).replace("\x00", "\ufffd")  # as CommonMark reads lines and NUL
    assert code and html.unescape(code[1]) == lines + "\n"


def test_the_link_report_shows_a_servers_answer_as_text() -> None:
    link = Link("https://group.example/", "groups.yaml", 12, "Tamba | twins: contact.website")
    answer = "403 @octocat [click](https://evil.example/) ![i](https://evil.example/i.png) <b>#1</b>\n# Heading"
    report = broken_links_report([LinkResult(link, False, answer), LinkResult(link, True, "200")])
    page = rendered(report)
    assert "a" not in page.tags and "img" not in page.tags and "b" not in page.tags
    assert not {"h1", "h2", "h3"} & set(page.tags)
    assert_nothing_github_links("".join(page.text))
    cells = "".join(page.text).replace(WORD_JOINER, "")
    assert shown(answer) in cells
    assert "Tamba | twins: contact.website" in cells and "https://group.example/" in cells
