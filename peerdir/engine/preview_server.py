"""The live preview's server (MkDocs' and ProperDocs' own), made to show a failed rebuild's problems in
the browser instead of hanging, to name the live-reload script in each page's security policy, and to
notice saved files sooner. It reads the server's private state, which requirements.txt pins."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import jinja2
from mkdocs.exceptions import Abort, MkDocsException
from watchdog.observers.polling import PollingObserver

from .. import content_policy, preview
from ..collections_pause import full_collections_paused
from ..engine.choice import engine_logger_name
from ..problems import Problem
from .errors import problems_behind

log = logging.getLogger("mkdocs.plugins.peerdir")  # as the plugin's (plugin.py)


class ProblemsInPreview:
    """It answers only requests for its own address, with a path a page can have (`preview.refused_request`).

    MkDocs' preview server (1.6) leaves every request waiting while a rebuild fails, until a build
    succeeds: the editor's browser hangs. Here a failed rebuild counts as done, and until the next
    good one every page is the list of its problems, with MkDocs' live-reload script, so the page
    comes back by itself once they are fixed. The terminal prints them as before.

    It takes over the server's builder and WSGI application, and reads its epochs (private in MkDocs
    1.6, which requirements.txt pins)."""

    def __init__(self, server: Any) -> None:
        self.server, self.build, self.serve_file = server, server.builder, server.get_app()
        self.problems: tuple[list[Problem], list[str]] | None = None  # (data's, others); None after a good build
        self.messages = _BuildMessages()
        logging.getLogger(engine_logger_name()).addHandler(self.messages)
        server.builder = self.rebuild
        server.set_app(self.serve)

    def rebuild(self) -> None:
        self.messages.clear()
        try:
            with full_collections_paused():  # as in a one-off build: the editor is waiting
                self.build()
        except Exception as error:  # whatever it is, the editor sees it instead of waiting
            # The data's problems as data; and what else was logged (a strict build's warnings). MkDocs'
            # own summary ("Aborted with a BuildError!", "Aborted with 2 warnings in strict mode!") tells
            # an editor nothing: it is left out, unless nothing else was said.
            data = problems_behind(error)
            others = [message for message in self.messages.messages if data is None or message != str(data)]
            if data is None and (not others or not isinstance(error, Abort)):
                others.append(str(error) or type(error).__name__)
            self.problems = (data.problems if data else [], others)
            if not isinstance(error, MkDocsException):
                log.exception("The preview could not be built")  # a bug: the traceback helps
            log.error(f"{error} The browser shows the problems until they are fixed.")
        else:
            self.problems = None

    def serve(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        refused = preview.refused_request(environ, self.server.server_port)
        if refused is not None:
            status, text = refused
            body = (text + "\n").encode("utf-8")
            start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
            return [body]
        path = environ.get("PATH_INFO", "")
        if path.startswith("/livereload/") or not path.endswith(("/", ".html")):
            return self.serve_file(environ, start_response)
        server = self.server
        with server._epoch_cond:  # a rebuild under way: wait for its outcome, as MkDocs does
            server._epoch_cond.wait_for(lambda: server._visible_epoch == server._wanted_epoch)
            epoch, problems = server._visible_epoch, self.problems
        if problems is None:
            return self.serve_page(environ, start_response)
        page = server._inject_js_into_html(preview.problems_page(*problems).encode("utf-8"), epoch)
        start_response("503 Service Unavailable", [("Content-Type", "text/html; charset=utf-8"),
                                                   ("Content-Length", str(len(page)))])
        return [page]

    def serve_page(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """A page as MkDocs' server serves it, with the live-reload script it adds to the end of each page:
        an inline script like the theme's, which the page's security policy must name too (its hash differs
        from one request to the next), or the preview would no longer reload by itself."""
        answer: list[Any] = []
        written: list[bytes] = []

        def keep(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Callable[[bytes], None]:
            answer[:] = [status, headers]
            return written.append

        parts = self.serve_file(environ, keep)
        try:
            body = b"".join([*written, *parts])
        finally:
            if hasattr(parts, "close"):
                parts.close()
        status, headers = answer
        if any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers):
            body = content_policy.with_script_hashes(body.decode("utf-8")).encode("utf-8")
            headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
            headers.append(("Content-Length", str(len(body))))
        start_response(status, headers)
        return [body]


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled by the previous builds of the preview, by template."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.compiled.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)  # left empty (compiled again) if the source changed

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


POLL_SECONDS = 0.1


def poll_often(server: Any) -> None:
    """MkDocs' preview looks for saved files every half second: a quarter of a second of every wait
    for a rebuild, on average. Looking costs a few `stat` calls (the data files, content/ and the
    theme's overrides), so it looks every tenth of a second instead. The observer has not started
    yet; the paths MkDocs watches so far are watched again by the new one (MkDocs 1.6's server keeps
    them in `_watched_paths`, private, which requirements.txt pins)."""
    watched = dict(server._watched_paths)
    server.observer = PollingObserver(timeout=POLL_SECONDS)
    server._watched_paths.clear()
    server._watch_refs.clear()
    for path, count in watched.items():
        for _ in range(count):
            server.watch(path)


class _BuildMessages(logging.Handler):
    """The warnings and errors logged by one build: the data's problems among them, or the warnings a
    strict build refused. Only the build's own thread counts: the server logs a warning for each
    request it answers with an error (a missing favicon, say) from the requests' threads."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []
        self.build_thread = threading.get_ident()

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.build_thread:
            self.messages.append(record.getMessage())

    def clear(self) -> None:
        """Called by the build's thread as it starts a build."""
        self.messages, self.build_thread = [], threading.get_ident()
