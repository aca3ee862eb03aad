"""The theme's files as this site publishes them, whatever engine builds it: the icon sprite made from the
theme's own icons, our stylesheets bundled into one file, and the theme's files no page loads."""

from __future__ import annotations

import re
from pathlib import Path


class ThemeFileMissing(Exception):
    """A file of the theme that the site is made with is not where it should be."""


# The theme's icons that every page shows (header, drawer and back-to-top button), drawn once in
# one file that pages point into (`<use href="assets/icons.svg#menu">`, overrides/.icons/sprite/), so
# that a page does not carry their drawings: 1.5 KB a page, 7 MB of a 5,000-group site (issue 17).
# Each is named by what it is for, from the theme's Material Design icon of that name.
ICON_SPRITE = "assets/icons.svg"
SPRITE_ICONS = {
    "logo": "material/library",
    "menu": "material/menu",
    "dark": "material/weather-night",
    "light": "material/weather-sunny",
    "search": "material/magnify",
    "top": "material/arrow-up",
}


# The theme's files that no page of this site loads: its own search (lunr, its language files and its
# worker; the site's search is Pagefind's) and the source maps of its minified scripts and styles, which
# only a browser's developer tools ask for. 2.3 MB that every site would publish and nobody fetch.
UNUSED_THEME_FOLDERS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")
UNUSED_THEME_SUFFIX = ".map"


# Our stylesheets for the screen, in the order they apply, published as one file that every page links
# to: one request on a first visit instead of six, and 0.4 KB less in every page (issue 17). Paper's
# (print.css), the map's (map.css) and the search's (site-search.css) stay apart: each is for some pages
# or some moments only.
SITE_STYLESHEET = "assets/stylesheets/site.css"
SITE_STYLESHEET_PARTS = (
    "assets/stylesheets/directory.css",
    "assets/stylesheets/events.css",
    "assets/stylesheets/newsletter.css",
    "assets/stylesheets/editors.css",  # the editors' field reference: a card per field on phones
    "assets/stylesheets/accessibility.css",  # WCAG 2.2 AA colours, underlined links, a focus ring that shows
    "assets/stylesheets/help-now.css",  # "Need help now?"
)


def bundled_stylesheet(parts: list[str]) -> str:
    return "\n".join(part.rstrip("\n") for part in parts) + "\n"


def icon_sprite(theme_dirs: list[str]) -> str:
    """One SVG file with a `<symbol>` for each of SPRITE_ICONS, taken from the theme's icon files."""
    symbols = []
    for name, icon in SPRITE_ICONS.items():
        drawing = _theme_icon(theme_dirs, icon)
        inside = drawing[drawing.index(">") + 1:drawing.rindex("</svg>")]  # the paths, without <svg ...>
        view_box = re.search(r'viewBox="([^"]+)"', drawing)
        symbols.append(f'<symbol id="{name}" viewBox="{view_box[1] if view_box else "0 0 24 24"}">{inside}</symbol>')
    return '<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n"


def _theme_icon(theme_dirs: list[str], icon: str) -> str:
    for folder in theme_dirs:
        file = Path(folder, ".icons", f"{icon}.svg")
        if file.is_file():
            return file.read_text(encoding="utf-8")
    raise ThemeFileMissing(f"the theme has no icon {icon!r} (peerdir/finishing/theme_files.py: SPRITE_ICONS)")
