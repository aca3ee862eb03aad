"""What the live preview (`build.py serve`) remembers between two builds, so that a rebuild after
an edit renders only the pages that changed.

A full build of a national directory renders thousands of pages; an editor who fixes one phone
number should see it in a second or two. Between rebuilds the preview keeps what each generated
file contained. The next build then renders and writes only the
generated files whose content differs (and every hand-written page, because their embeds and the
navigation depend on the data) and deletes the pages that are gone.
Before that, the data is read again only where it changed (`load._ItemsOfLists`, `schema._records`)
and each group's outputs are rendered again only if it changed (`render.parts.common.remembered`).

Nothing here knows the engine; `site.py` applies it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class BuildRecord:
    """One successful build, as the next one needs it."""

    setup: tuple[tuple[str, float], ...]  # mkdocs.yml and theme overrides, by modification time
    contents: dict[str, str | bytes]  # each generated file's content, by source path
    outputs: dict[str, str] = field(default_factory=dict)  # each generated file's written path


def setup_fingerprint(config_file: Path, theme_dirs: list[Path]) -> tuple[tuple[str, float], ...]:
    """When the settings or the theme change, every page may change: the next build is a full one."""
    files = [config_file, *(p for d in theme_dirs if d.is_dir() for p in sorted(d.rglob("*")) if p.is_file())]
    return tuple((str(p), p.stat().st_mtime) for p in files if p.exists())


def changed(previous: BuildRecord | None, path: str, content: str | bytes) -> bool:
    """Whether a generated file must be written (and, for a page, rendered) again."""
    return previous is None or previous.contents.get(path) != content


def remove_outputs_of_deleted_files(previous: BuildRecord | None, current: dict[str, str | bytes]) -> None:
    """A group or event that was deleted must not stay reachable in the preview."""
    if previous is None:
        return
    for path, output in previous.outputs.items():
        if path not in current:
            Path(output).unlink(missing_ok=True)


PROBLEMS_TITLE = "The preview cannot be built"
PROBLEMS_ADVICE = "Fix these problems and save the file: this page reloads by itself when the site builds again."


def problems_page(messages: list[str]) -> str:
    """The page the preview shows in place of every page while the site cannot be built. The messages
    quote the editors' own text, so every one is escaped."""
    listed = "\n".join(f"<pre>{html.escape(message)}</pre>" for message in messages)
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{PROBLEMS_TITLE}</title>\n"
            "<style>body{font-family:sans-serif;margin:2rem;max-width:60rem;line-height:1.5}"
            "pre{white-space:pre-wrap;background:#f5f5f5;padding:1rem;border-left:4px solid #b00020}</style>\n"
            f"</head>\n<body>\n<main>\n<h1>{PROBLEMS_TITLE}</h1>\n<p>{PROBLEMS_ADVICE}</p>\n{listed}\n"
            "</main>\n</body>\n</html>\n")


LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def refused_request(environ: dict[str, str], port: int) -> tuple[str, str] | None:
    """(status, one line of plain text) for a request the preview does not answer, else None.

    - A `Host` that is not the preview's own address: a web page whose name is made to lead to
      127.0.0.1 (DNS rebinding) could otherwise read the preview from an editor's browser.
    - A path with a control character (`%00`), a backslash, a `..` part or bytes that are not UTF-8: no
      page has one, and MkDocs' server would answer `%00` with an error and a traceback in the log."""
    allowed = {f"{name}:{port}" for name in LOOPBACK_NAMES}
    if environ.get("HTTP_HOST", "").lower() not in allowed:
        return ("421 Misdirected Request",
                f"This preview answers only at http://127.0.0.1:{port}/ and http://localhost:{port}/.")
    path = _decoded(environ.get("PATH_INFO", ""))
    if path is None or not path.isprintable() or "\\" in path or ".." in path.split("/"):
        return "400 Bad Request", "No page has an address like this one."
    return None


def _decoded(path: str) -> str | None:
    """The path as the browser meant it (WSGI gives its bytes as Latin-1), None if it is not UTF-8:
    MkDocs' server would drop the bytes that are not, and answer `/%ff/` with the page at `/`."""
    try:
        return path.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return None
