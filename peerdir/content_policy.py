"""The Content Security Policy every page carries: what a browser may load and run on it.

GitHub Pages sends no headers of a site's choosing, so the policy is a `<meta http-equiv>` in each
page's head (overrides/main.html writes it at the end of the theme's first block, `site_meta`: after
its charset, description and links, before any script or stylesheet). A policy in a meta element
cannot set `frame-ancestors` (who may frame the page), `report-uri`/`report-to` or `sandbox`:
browsers ignore those there, so they are not written.

Scripts run only from the site itself, plus the inline scripts the page itself carries, each named
by the SHA-256 hash of its exact text. The build works the hashes out from each page as it is written
(`with_script_hashes`, called by engine/plugin.py on the final text: after minifying, in a published build;
as served, with the live-reload script, in the preview), so a script added to a template is allowed
where it is written and nowhere else, and a script put into a page after the build (or by anyone
else) is not. Never `'unsafe-inline'` for scripts. The policy trusts what the build writes: a script
typed into a hand-written page would be hashed like a template's (keeping the pages' text free of
markup is the data's and the Markdown's checks' job); it keeps out what arrives later, from
outside the build: markup put in by a script (an `on…=` attribute in it does not run) or into a file.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from urllib.parse import urlsplit

# The policy without the page's hashes, directive by directive. `default-src 'self'` covers what is
# not named: stylesheets (ours, the theme's, Leaflet's, the search's; no page has a `style` attribute
# or element, and the scripts set styles through `element.style`, which a policy allows), fetches
# (the map's groups.json, the search's index) and fonts (the theme's web fonts are off).
#
# - script-src: `'wasm-unsafe-eval'` because the search (Pagefind) runs WebAssembly, and the search
#   opens on every page (the button in the header, or `/`), so every page needs it. It lets a page
#   compile WebAssembly, nothing more: no `eval`, no inline script.
# - img-src: `data:` for the theme's icons drawn in its stylesheets; and the map's tile server.
# - object-src 'none': no plugins. base-uri 'self': no injected `<base>` can move the page's links.
# - form-action 'self': the map's place box submits to its own page if pressed before its script
#   has loaded (the script handles it otherwise); the palette's form never submits.
SCRIPT_SOURCES = ("'self'", "'wasm-unsafe-eval'")
IMAGE_SOURCES = ("'self'", "data:")
OTHER_DIRECTIVES = ("object-src 'none'", "base-uri 'self'", "form-action 'self'")

HASHED = "'sha256-"  # how a hash source begins


def policy(tile_source: str, script_hashes: tuple[str, ...] = ()) -> str:
    """The policy, for a map whose tiles come from `tile_source` (see `tile_source`), with these
    inline scripts' hash sources."""
    scripts = " ".join((*SCRIPT_SOURCES, *script_hashes))
    images = " ".join((*IMAGE_SOURCES, tile_source) if tile_source else IMAGE_SOURCES)
    return "; ".join(("default-src 'self'", f"script-src {scripts}", f"img-src {images}", *OTHER_DIRECTIVES))


class UnusableTileAddress(ValueError):
    """A tile address whose server no policy can name."""


_HOST = re.compile(r"(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*(:[0-9]{1,5})?")
_SUBDOMAIN_PLACEHOLDER = re.compile(r"^\{[a-z]+\}\.")  # Leaflet's `{s}.tile.example.org`


def tile_source(url: str) -> str:
    """The policy's source for the map's tile server, from the tile address in mkdocs.yml
    (`plugins: - peerdir: map_tiles: url:`): its scheme and host, with Leaflet's `{s}.` subdomains
    as `*.`. Empty for tiles the site serves itself (a relative address): `'self'` covers them."""
    parts = urlsplit(url.strip())
    if not parts.netloc:
        if parts.scheme:
            raise UnusableTileAddress(f"{url!r} is not a web address of a tile server")
        return ""
    if parts.scheme.lower() not in ("https", "http", ""):
        raise UnusableTileAddress(f"{url!r}: map tiles come over https (or http)")
    host = _SUBDOMAIN_PLACEHOLDER.sub("*.", parts.netloc)
    if not _HOST.fullmatch(host):
        raise UnusableTileAddress(
            f"{url!r}: the tile server's name must be written out (a `{{s}}.` subdomain at the start is allowed), "
            "so that the pages' security policy can allow it")
    return f"{parts.scheme.lower()}://{host.lower()}" if parts.scheme else host.lower()


# An element's attributes are read up to the first `>`: none of the site's script or meta tags has
# one inside a value.
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_SRC = re.compile(r"(?:^|\s)src(?=[\s=]|$)", re.IGNORECASE)
_TYPE = re.compile(r"""(?:^|\s)type\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)
# A script of these types is data for another script (the theme's settings, `__config`): a browser
# never runs it, so it needs no hash.
DATA_TYPES = frozenset({"application/json", "application/ld+json"})
_POLICY_META = re.compile(r"""<meta\b[^>]*\shttp-equiv\s*=\s*["']?content-security-policy["']?(?=[\s/>])[^>]*>""",
                          re.IGNORECASE)
_CONTENT = re.compile(r"""\scontent\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""", re.IGNORECASE)


def inline_scripts(page: str) -> list[str]:
    """The text of each script in the page that a browser would run from the page itself."""
    scripts = []
    for match in _SCRIPT.finditer(page):
        attributes, text = match.group(1), match.group(2)
        if _SRC.search(attributes):
            continue
        kind = _TYPE.search(attributes)
        if kind and next(v for v in kind.groups() if v is not None).strip().lower() in DATA_TYPES:
            continue
        scripts.append(text)
    return scripts


def hash_source(script: str) -> str:
    """`'sha256-…'` of a script's text as the browser hashes it: UTF-8, with line breaks as the HTML
    parser gives them (CR LF and CR read as LF)."""
    text = script.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"{HASHED}{base64.b64encode(digest).decode('ascii')}'"


def page_policy(page: str) -> str | None:
    """The policy the page's meta element carries, as text; None without one."""
    meta = _POLICY_META.search(page)
    if meta is None:
        return None
    content = _CONTENT.search(meta.group(0))
    return html.unescape(next(v for v in content.groups() if v is not None)) if content else ""


def with_script_hashes(page: str) -> str:
    """The page with its policy's `script-src` naming exactly the inline scripts it has now (the
    hashes it named before, if any, replaced). A page without a policy is returned as it is."""
    meta = _POLICY_META.search(page)
    current = page_policy(page)
    if meta is None or current is None:
        return page
    hashes = tuple(dict.fromkeys(hash_source(script) for script in inline_scripts(page)))
    directives = []
    for directive in (d.strip() for d in current.split(";")):
        name, _, sources = directive.partition(" ")
        if name.lower() == "script-src":
            kept = [s for s in sources.split() if not s.startswith(HASHED)]
            directive = " ".join((name, *kept, *hashes))
        if directive:
            directives.append(directive)
    content = html.escape("; ".join(directives), quote=False).replace('"', "&quot;")
    element = f'<meta http-equiv="Content-Security-Policy" content="{content}">'
    return page[:meta.start()] + element + page[meta.end():]
