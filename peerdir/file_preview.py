"""A preview that opens from its folder (`build.py build --file-preview`): links that name a page's file.

The published site links to a page by its folder (`groups/`, `../map/`): a web server answers a
folder with its index.html. A browser opening the unzipped preview from disk (file://) has no server,
so such a link opens a listing of the folder. In the preview each link to a folder names the page in
it instead (`groups/index.html`, `../map/index.html`).

Why rewrite links rather than build with MkDocs' `use_directory_urls: false`: that setting moves every
page (`groups/x/index.html` becomes `groups/x.html`), so the relative addresses the build writes into
raw HTML and data (`paths.relative_url`: the map's data, scripts, calendars) would all have to be worked
out twice, and a preview would no longer have the published site's layout. Here the pages and files are
where they are published; only the text of links to folders changes, and only in the preview, so the
published build is untouched.

The header's icons are drawn from one file (`<use href="assets/icons.svg#menu">`, finishing/theme_files.py: ICON_SPRITE),
which a browser refuses to read from disk for a page opened from disk: the menu button would be blank. In
the preview each page carries the drawings itself, and its icons point into the page.
"""

from __future__ import annotations

import re

PAGE_FILE = "index.html"  # what a web server answers a folder with, as GitHub Pages does

# An `href` as the theme's templates and the renderers write it: quoted (the page is not minified yet).
_HREF = re.compile(r"""(\shref=)(["'])(.*?)\2""", re.DOTALL)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def page_file_link(url: str) -> str:
    """`../map/` -> `../map/index.html`, `.` -> `./index.html`, `a/?v=1#x` -> `a/index.html?v=1#x`;
    a link to a file, an anchor in the same page, another site or the site's root path is left as it is."""
    if not url or url.startswith(("#", "/", "?")) or _SCHEME.match(url):
        return url
    end = len(url)
    for mark in ("?", "#"):
        found = url.find(mark)
        if found != -1:
            end = min(end, found)
    path, rest = url[:end], url[end:]
    if path in (".", "..") or path.endswith(("/.", "/..")):
        path += "/"
    if not path.endswith("/"):
        return url
    return path + PAGE_FILE + rest


def with_page_file_links(page: str) -> str:
    """The page with every link to one of the site's folders naming the page in it."""
    return _HREF.sub(lambda m: f"{m.group(1)}{m.group(2)}{page_file_link(m.group(3))}{m.group(2)}", page)


def with_icons_in_page(page: str, sprite_path: str, sprite: str) -> str:
    """`href="../assets/icons.svg#menu"` -> `href="#menu"`, with the sprite's drawings (`sprite`, an
    `<svg>` of `<symbol>`s) at the end of the page's body, drawing nothing where they are."""
    uses = re.compile(r"""(\shref=)(["'])(?:\.\.?/)*""" + re.escape(sprite_path) + r"""(#[^"']+)\2""")
    pointed, count = uses.subn(r"\1\2\3\2", page)
    end = pointed.rfind("</body>")
    if not count or end == -1:
        return page
    hidden = sprite.strip().replace("<svg ", '<svg width="0" height="0" aria-hidden="true" focusable="false" ', 1)
    return pointed[:end] + hidden + pointed[end:]


def preview_page(page: str, sprite_path: str, sprite: str) -> str:
    """A page of the preview: links that name pages' files, icons drawn from the page itself."""
    return with_icons_in_page(with_page_file_links(page), sprite_path, sprite)
