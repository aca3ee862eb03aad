"""The weekly link check: does every external link in the data still answer?

This and the postcode look-up of `apply-issue` (postcodes.py) are the only parts of the
project that make network requests, and they run only when asked
(`.venv/bin/python build.py check-links`, `.venv/bin/python build.py apply-issue`), never
during a build.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .github_text import inert_markdown
from .validate import Directory

USER_AGENT = "peerdir-link-check/1.0 (+a parent and carer peer support directory)"
TIMEOUT_SECONDS = 20


@dataclass(frozen=True, order=True)
class Link:
    url: str
    file: str
    line: int
    where: str  # e.g. "Tamba: contact.website"


@dataclass(frozen=True)
class LinkResult:
    link: Link
    ok: bool
    detail: str  # "200", "404 Not Found", "timed out", ...


def external_links(directory: Directory) -> list[Link]:
    """Group websites and social links, and event registration pages."""
    links = []
    for group in directory.groups:
        if group.status == "closed":
            continue
        for name in ("website", "social"):
            url = getattr(group.contact, name)
            if url:
                line, _ = group.contact.marks.at(name)
                links.append(Link(url, group.marks.file, line, f"{group.name}: contact.{name}"))
    for event in directory.events:
        if event.register and event.register.url:
            line, _ = event.register.marks.at("url")
            links.append(Link(event.register.url, event.marks.file, line, f"{event.title}: register.url"))
    return sorted(links)


def check_links(links: list[Link], workers: int = 8) -> list[LinkResult]:
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(check_link, links))


def check_link(link: Link) -> LinkResult:
    # Some servers refuse HEAD; fall back to a GET before calling a link broken.
    detail = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(link.url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
                return LinkResult(link, True, str(response.status))
        except urllib.error.HTTPError as error:
            detail = f"{error.code} {error.reason}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            detail = str(getattr(error, "reason", error))
    return LinkResult(link, False, detail)


def broken_links_report(results: list[LinkResult]) -> str:
    """Markdown for the issue that lists broken links; empty when none is broken. Every cell is text
    (`inert_markdown`): no link, mention, image or HTML that the bot did not write."""
    broken = [r for r in results if not r.ok]
    if not broken:
        return ""
    lines = [
        f"The weekly link check found {len(broken)} broken link(s) out of {len(results)}.",
        "",
        "| Where | Link | Answer | File |",
        "| --- | --- | --- | --- |",
    ]
    for result in broken:
        link = result.link
        # The answer is the remote server's words (a hijacked site's could be anything), the rest the data's.
        cells = [link.where, link.url, result.detail, f"{link.file} line {link.line}"]
        lines.append("| " + " | ".join(inert_markdown(cell) for cell in cells) + " |")
    lines += ["", "Check each with the group, then update the YAML file. This issue is updated every week."]
    return "\n".join(lines) + "\n"
