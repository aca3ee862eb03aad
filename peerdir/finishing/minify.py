"""The built site's HTML, and the CSS and JavaScript we write, without what only a reader of the
source needs: indentation, line breaks, comments, optional quotes and closing tags.

GitHub Pages publishes at most 1 GB, and a group page was mostly the theme's indentation around
a small article; minified, the site takes a fifth less room and every page arrives sooner. The
sources in the repository stay as they are: this runs on the way out (`engine/plugin.py`), in a build.

* HTML: minify-html (PyPI `minify-html`), which keeps the page valid HTML (what the Nu HTML Checker
  says of it is tested): it leaves out what the HTML standard lets a page leave out (the quotes
  around an attribute value that needs none, `<head>`), never more. Closing tags are kept
  (`keep_closing_tags`): the search's indexer (Pagefind) reads pages with a streaming parser that
  does not close a `<p>` or `<li>` the standard closes by itself, so without `</p>` the text after a
  paragraph left out of the index was left out too.
* CSS and JavaScript: rcssmin and rjsmin (PyPI), which take out comments and spaces only and never
  rewrite code, so what a browser does with a file cannot change.
"""

from __future__ import annotations

from pathlib import Path

import minify_html
import rcssmin
import rjsmin

from .. import content_policy

MINIFIED_SUFFIXES = (".html", ".css", ".js")


def minified_html(page: str) -> str:
    # The CSS in `style` attributes and elements too; inline scripts are the theme's, minified already.
    return minify_html.minify(page, minify_css=True, keep_closing_tags=True)


def minified_css(stylesheet: str) -> str:
    return rcssmin.cssmin(stylesheet)


def minified_js(script: str) -> str:
    return rjsmin.jsmin(script)


def minified(path: str, text: str) -> str:
    """A file of the site, by the kind its name says; other kinds are returned as they are."""
    if path.endswith(".html"):
        return minified_html(text)
    if path.endswith(".css"):
        return minified_css(text)
    if path.endswith(".js"):
        return minified_js(text)
    return text


def minify_pages(pages: list[Path]) -> None:
    """The built pages, minified once the search has indexed them: Pagefind reads text in which the
    minifier has left a bare `&` wrongly (it then leaves the other entities of that text undecoded:
    a title typed `&amp;` showed in results as `&amp;amp;`), so it is given the pages as MkDocs wrote them.
    Each page's policy then names the hashes of its inline scripts as minified, which is what is published."""
    for page in pages:
        minified = minified_html(page.read_text(encoding="utf-8"))
        page.write_text(content_policy.with_script_hashes(minified), encoding="utf-8")
