"""QR codes for paper: a link that matters in a printed newsletter can be scanned with a phone.

Made with `segno` at build time as inline SVG (no image files, nothing loaded at view time).
The stylesheets show them only in print; on screen the link itself is there to click.
"""

from __future__ import annotations

from functools import lru_cache

import segno

from .text import html_text


@lru_cache(maxsize=512)
def qr_svg(address: str, label: str) -> str:
    """`address` as a QR code in inline SVG, sized by CSS; `label` is what a screen reader says."""
    # Error correction M survives a crease or a smudge; the quiet zone (border) is the standard 4 modules.
    code = segno.make(address, error="m", micro=False)
    svg = code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr-code", lineclass=None, dark="#000")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{html_text(label)}" ', 1)


def qr_figure(address: str, label: str, caption: str = "") -> str:
    """A print-only figure: the QR code, with a caption (default: `label`) and the address written
    out below it, for those who would rather type it. `label` names the code for screen readers.
    Paper only, so the site's search leaves it out: a search result must show on the page."""
    shown = address.split("://", 1)[-1].rstrip("/")
    return (f'<figure class="qr-figure" data-search-exclude>{qr_svg(address, "QR code: " + label)}'
            f'<figcaption>{html_text(caption or label)}<br><span class="qr-address">{html_text(shown)}</span>'
            "</figcaption></figure>")
