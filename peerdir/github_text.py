"""Text that others supply, made inert in the Markdown of the issues and pull requests our workflows write.

What a remote server answers (the link report's reason phrases), what someone typed into an issue form
(apply-issue's pull requests) and what the data says (the check-in issues) reaches GitHub, which renders
it as Markdown and then links @mentions, issue references (`#12`) and bare addresses in the text. Here
is the one place that makes such text show as written and do nothing:

- `inert_markdown(text)` for a piece of text inline (a sentence, a table cell): on one line, every
  ASCII punctuation character escaped with a backslash (CommonMark lets any be: no link, image, HTML,
  heading, emphasis, code span or table cell border survives), and an invisible WORD JOINER (U+2060)
  after each `@` and `#` and inside `://` and `www.`, where GitHub's own linking of mentions, issue
  references and addresses, which looks at the rendered text, would otherwise find them;
- `fenced(text)` for text of several lines: a code block with a fence longer than any run of
  backticks in it, in which nothing is Markdown.

tests/test_github_text.py renders both with cmarkgfm, GitHub's own fork of cmark, and checks that the
text shows exactly as written.
"""

from __future__ import annotations

import re
import string

WORD_JOINER = "\u2060"  # invisible, and no line may break at it
_ESCAPED = re.compile("([" + re.escape(string.punctuation) + "])")
# Breaks of a line in Markdown, HTML or a terminal (CR, LF, NEL, LINE and PARAGRAPH SEPARATOR, VT, FF),
# and every other control character: inline text stays on the line it is written on.
_LINE_BREAKS_AND_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")
# Where GitHub links text after rendering: a mention or a team (`@name`), an issue or pull request
# (`#12`, `GH-12`, `owner/repo#12`), an address (`https://...`, `www.`) or an e-mail address.
_AUTOLINKED = re.compile(r"(?<=\\@)|(?<=\\#)|(?<=\\:)(?=\\/\\/)|(?<=\b[wW]{3})(?=\\\.)|(?<=\bGH\\-)", re.ASCII)


def inert_markdown(text: str) -> str:
    """`text` as GitHub Markdown that shows it on one line, exactly as written (line breaks, control
    characters and runs of spaces as one space), and that links, mentions, embeds and formats nothing."""
    # Spaces as HTML shows them (a run is one space): four at the start of a line would make a code block.
    one_line = " ".join(_LINE_BREAKS_AND_CONTROLS.sub(" ", text).split())
    escaped = _ESCAPED.sub(r"\\\1", one_line)
    return _AUTOLINKED.sub(WORD_JOINER, escaped)


def fenced(text: str) -> str:
    """Text shown as it is in Markdown: a code block fenced with more backticks than it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}text\n{text}\n{fence}"
