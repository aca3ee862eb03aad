"""What the live preview (`build.py serve`) remembers between two builds, so that a rebuild after
an edit renders only the pages that changed.

A full build of a national directory renders thousands of pages; an editor who fixes one phone
number should see it in a second or two. Between rebuilds the preview keeps what each generated
file contained. The next build then renders and writes only the
generated files whose content differs (and every hand-written page, because their embeds and the
navigation depend on the data) and deletes the pages that are gone.
Before that, the data is read again only where it changed (`load._ItemsOfLists`, `schema._records`)
and each group's outputs are rendered again only if it changed (`render.parts.common.remembered`).

Nothing here knows the engine; `engine/plugin.py` applies it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .problems import Problem, one_line


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


PROBLEMS_TITLE = "The site cannot be shown yet"
PROBLEMS_STYLE = (  # readable on a phone: a block per problem, wrapping, in the page's own font
    "body{font-family:system-ui,sans-serif;margin:1rem;max-width:48rem;line-height:1.5;font-size:1.05rem}"
    "h1{font-size:1.5rem;line-height:1.25}ol{padding:0;list-style:none}"
    "li{margin:0 0 1rem;padding:.6rem .9rem;border-left:4px solid #b00020;background:#fdf3f4}"
    "li p{margin:0}.where{font-size:.9rem;color:#4a4a4a}code{overflow-wrap:anywhere;font-size:.95em}"
    ".what{overflow-wrap:anywhere}"
    "@media (prefers-color-scheme:dark){body{background:#1e2129;color:#e2e4e9}"
    "li{background:#2a1d22;border-color:#ff8a80}.where{color:#c4c7cf}}")


def problems_page(problems: Sequence[Problem], notes: Sequence[str] = ()) -> str:
    """The page the preview shows in place of every page while the site cannot be built: each of the
    data's problems in a block of its own (where, which field, what to do), then anything else the
    build refused (`notes`, e.g. a broken link in strict mode). The messages quote the editors' own
    text, so every one is escaped."""
    count = len(problems) + len(notes)
    items = [_problem_item(problem) for problem in problems]
    items += [f'<li><p class="what">{html.escape(one_line(note))}</p></li>' for note in notes]
    advice, pronoun = ("Fix this problem", "it is") if count == 1 else (f"Fix these {count} problems", "they are")
    return ("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{PROBLEMS_TITLE}</title>\n<style>{PROBLEMS_STYLE}</style>\n"
            f"</head>\n<body>\n<main>\n<h1>{PROBLEMS_TITLE}</h1>\n"
            f"<p>{advice} and save the file: this page shows the site again by itself once {pronoun} fixed.</p>\n"
            f"<ol class=\"problems\">\n{chr(10).join(items)}\n</ol>\n</main>\n</body>\n</html>\n")


def _problem_item(problem: Problem) -> str:
    where = f"{html.escape(one_line(problem.file))}, line {problem.line}, column {problem.column}"
    if problem.field:
        where += f" · <code>{html.escape(one_line(problem.field))}</code>"
    return f'<li><p class="where">{where}</p><p class="what">{html.escape(one_line(problem.message))}</p></li>'


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
