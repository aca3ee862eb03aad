"""The command line: `.venv/bin/python build.py validate | build | serve | schema | new-issue | pdf | email |
apply-issue | freshness`
(`make setup` makes .venv/; `make validate`, `make serve` and the like run it too).

Exit codes: 0 when all is well, 1 when the data or the build has problems, 2 for a
command line that cannot be understood (argparse's own convention).
"""

from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from . import files, paths
from .engine.choice import DEFAULT_ENGINE, ENGINES, EngineMissing, use_engine
from .issue_forms import ISSUE_FORMS
from .pages import Issue
from .problems import Problem, format_problems
from .project_settings import read_project_settings
from .validate import Directory, load_directory

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PORT = 8000


def main(argv: list[str] | None = None) -> int:
    args = _parser(_root_given(argv)).parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


def _root_given(argv: list[str] | None) -> Path:
    """The project folder (`--root`), known before the help is written: `serve --help` gives its address."""
    first = argparse.ArgumentParser(add_help=False)
    first.add_argument("--root", type=Path, default=ROOT)
    return first.parse_known_args(argv)[0].root


def _parser(root: Path = ROOT) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=".venv/bin/python build.py",  # a bare `python` has none of the packages
        description="Check the directory's YAML files and build the website from them.",
    )
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the project folder holding the YAML files and mkdocs.yml (default: this one)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check the YAML files, and the newsletter issues and embeds in content/; list every problem")
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="`github` prints GitHub Actions annotations")
    _add_today(validate)
    validate.set_defaults(run=_validate)

    build = commands.add_parser("build", help="check the YAML files, then build the site into site/")
    _add_today(build)
    build.add_argument("--site-dir", type=Path, default=None, help="where to build (default: site/)")
    build.add_argument("--site-url", default=None, help="the address the site will be served from")
    build.add_argument("--pdf", action="store_true",
                       help="also print each newsletter issue to a PDF in the site, linked from the issue "
                            "(needs Chromium)")
    build.add_argument("--file-preview", action="store_true",
                       help="a preview to open from its folder, without a server (the pull request's): links "
                            "name each page's index.html, the map carries its groups, the search says it works "
                            "on the published site")
    _add_engine(build)
    build.set_defaults(run=_build)

    export = commands.add_parser(
        "export", help="check the YAML files, then write the site's sources as plain files into DIR, with "
                       "settings for an engine without our plugin (Zensical, for one)")
    export.add_argument("target", metavar="DIR", type=Path, help="the folder to write (replaced whole)")
    export.add_argument("--site-url", default=None, help="the address the site will be served from")
    _add_today(export)
    export.set_defaults(run=_export)

    finish = commands.add_parser(
        "finish", help="index for the search and minify a site another engine built from `export` (in place)")
    finish.add_argument("site", metavar="SITE_DIR", type=Path, help="the built site, e.g. DIR/site after `zensical build`")
    finish.set_defaults(run=_finish)

    issue = commands.add_parser("new-issue", help="start the next newsletter issue in content/newsletter/")
    _add_today(issue)
    issue.set_defaults(run=_new_issue)

    apply = commands.add_parser(
        "apply-issue", help="write an issue made from one of the issue forms into the YAML files, then check them")
    apply.add_argument("form", metavar="FORM", choices=sorted(ISSUE_FORMS),
                       help="the form the issue was made from: " + ", ".join(sorted(ISSUE_FORMS)))
    apply.add_argument("body", metavar="BODY_FILE", type=Path, help="a file holding the issue's body as GitHub wrote it")
    apply.add_argument("--issue", type=int, default=None, metavar="N",
                       help="the issue's number, for `Closes #N` in the pull request's text")
    apply.add_argument("--pr-body", type=Path, default=None, metavar="FILE",
                       help="write the pull request's text to FILE (default: print it after the problems)")
    apply.add_argument("--no-postcode-lookup", action="store_true",
                       help="do not ask postcodes.io for the coordinates of the venue's postcode")
    apply.add_argument("--answered", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                       help="the day the issue was opened, UK time: an answer about a group (confirm-details, "
                            "report-a-change) sets its last_verified to it (default: --today)")
    _add_today(apply)
    apply.set_defaults(run=_apply_issue)

    freshness = commands.add_parser(
        "freshness", help="decide which groups the weekly check-in asks, and which check-in issues it closes "
                          "(prints JSON; uses no network)")
    freshness.add_argument("--open-issues", type=Path, required=True, metavar="FILE",
                           help="the open check-in issues, as `gh issue list --label check-in --state open "
                                "--json number,title,body,labels` prints them")
    freshness.add_argument("--site-url", default=None, metavar="ADDRESS",
                           help="the site's address, for links to group pages (default: site_url in mkdocs.yml)")
    _add_today(freshness)
    freshness.set_defaults(run=_freshness)

    pdf = commands.add_parser("pdf", help="write a PDF of a newsletter issue, printed by headless Chromium")
    pdf.add_argument("issue", metavar="ISSUE",
                     help="the issue's number, file name (2026-11-peertalk) or path (content/newsletter/...md)")
    pdf.add_argument("--output", type=Path, default=None, metavar="FILE",
                     help="the PDF to write (default: the issue's file name with .pdf, in this folder)")
    pdf.add_argument("--site-url", default=None, help="the address the site is served from (for QR codes)")
    _add_today(pdf)
    pdf.set_defaults(run=_pdf)

    email = commands.add_parser(
        "email", help="write the e-mail edition of a newsletter issue (HTML with every style inline, and plain text)")
    email.add_argument("issue", metavar="ISSUE",
                       help="the issue's number, file name (2026-11-peertalk) or path (content/newsletter/...md)")
    email.add_argument("--output-dir", type=Path, default=Path("."), metavar="FOLDER",
                       help="where to write ISSUE-email.html and ISSUE-email.txt (default: this folder)")
    email.add_argument("--site-url", default=None, help="the site's address, for the links (default: site_url in mkdocs.yml)")
    _add_today(email)
    email.set_defaults(run=_email)

    address = preview_address(root, DEFAULT_PORT)
    serve = commands.add_parser(
        "serve", help=f"preview the site on {address}, reloading on edits",
        description=f"Build the site and show it on {address} (the path is the one "
                    "of site_url in mkdocs.yml); saving a file rebuilds it and reloads the page.")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port (default: {DEFAULT_PORT})")
    _add_today(serve)
    _add_engine(serve)
    serve.set_defaults(run=_serve)

    report = commands.add_parser("report", help="list stale groups and events nobody can register for")
    _add_today(report)
    report.set_defaults(run=_report)

    links = commands.add_parser("check-links", help="check every external link in the data (uses the network)")
    links.set_defaults(run=_check_links)

    schema = commands.add_parser("schema", help="write the JSON Schemas for the YAML files into schema/")
    schema.add_argument("--check", action="store_true", help="fail if the committed schemas are out of date")
    schema.set_defaults(run=_schema)
    return parser


def _add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", type=_iso_date, default=None, metavar="YYYY-MM-DD",
                        help="pretend today is this date (for reproducible builds and tests)")


def _add_engine(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                        help=f"the site engine (default: {DEFAULT_ENGINE}); properdocs runs in .venv-properdocs, "
                             "which `make properdocs` makes (README: 'Changing the site engine')")


def _engine_ready(name: str) -> bool:
    """The engine `name` set up for peerdir.engine, or False after saying why it cannot be."""
    try:
        use_engine(name)
    except EngineMissing as error:
        print(f"{error}\nThe site was not built and site/ is unchanged.", file=sys.stderr)
        return False
    return True


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _validate(args: argparse.Namespace) -> int:
    setting_problems = read_project_settings(args.root)[1]  # first: see _load_or_report
    result = load_directory(args.root, args.today or date.today())
    problems = setting_problems + result.problems
    if problems:
        print(format_problems(problems, args.format))
        if args.format == "text":
            print(_count(len(problems)), file=sys.stderr)
        return 1
    print(_all_good(result.directory, args.format))
    return 0


def _all_good(directory: Directory, style: str) -> str:
    """One line saying the check passed and what it covered, so an editor knows it ran: as text, or
    for GitHub Actions a notice, which the run's summary shows."""
    checked = ", ".join([_plural(len(directory.groups), "group"), _plural(len(directory.events), "event"),
                         _plural(len(directory.issues), "newsletter issue")])
    line = f"All good: {checked} checked."
    return f"::notice title=All good::{line}" if style == "github" else line


def _build(args: argparse.Namespace) -> int:
    if not _engine_ready(args.engine):
        return 1
    from .engine.commands import build_site  # the engine is only imported when a site is built

    today = args.today or date.today()
    # 1. Load and check every data file; nothing is touched if any is wrong.
    directory = _load_or_report(args.root, today, "the site was not built and site/ is unchanged")
    if directory is None:
        return 1
    # 2. With --pdf, find Chromium before building anything.
    write_pdfs = None
    if args.pdf:
        from .pdf import PdfError, find_chromium, write_issue_pdfs

        try:
            write_pdfs = functools.partial(write_issue_pdfs, issues=directory.published().issues,
                                           chromium=find_chromium())
        except PdfError as error:
            print(f"{error}\nThe site was not built and site/ is unchanged.", file=sys.stderr)
            return 1
    # 3. Build into a staging folder (with --pdf, print the issues into it too) and swap it in only
    #    if the whole build succeeded.
    site_dir = args.site_dir or args.root / "site"
    ok = build_site(args.root, site_dir, today, site_url=args.site_url, write_pdfs=write_pdfs,
                    file_preview=args.file_preview, directory=directory)
    # 4. Say which issues were left out as drafts: an editor who forgot `draft: true` looks for them.
    if ok:
        _say_drafts_left_out(directory.drafts())
    return 0 if ok else 1


def _export(args: argparse.Namespace) -> int:
    from .export import export_site

    today = args.today or date.today()
    directory = _load_or_report(args.root, today, f"nothing was written and {args.target} is unchanged")
    if directory is None:
        return 1
    exported = export_site(args.root, args.target, directory, today, site_url=args.site_url)
    print(f"{args.target}: {_plural(exported.pages, 'page')} and {_plural(exported.files, 'other file')}, with "
          f"{args.target / 'mkdocs.yml'} for an engine without the peerdir plugin (e.g. `zensical build`)",
          file=sys.stderr)
    return 0


def _finish(args: argparse.Namespace) -> int:
    from .export import finish_site
    from .finishing.site_search import IndexingFailed

    if not (args.site / "index.html").is_file():
        print(f"{args.site}: no built site here (no index.html); build it first, e.g. `zensical build`", file=sys.stderr)
        return 1
    try:
        pages = finish_site(args.site)
    except IndexingFailed as error:
        print(str(error), file=sys.stderr)
        return 1
    print(f"{args.site}: {_plural(pages, 'page')} minified, with the search index", file=sys.stderr)
    return 0


def _say_drafts_left_out(drafts: Sequence[Issue]) -> None:
    if not drafts:
        return
    which = "; ".join(f"issue {issue.number}, {paths.CONTENT_DIR}/{issue.page}" for issue in drafts)
    counted = "1 draft" if len(drafts) == 1 else f"{len(drafts)} drafts"
    print(f"Left out {counted} (`draft: true`), which the published site does not show: {which}. "
          "Delete the line `draft: true` to publish one.", file=sys.stderr)


def _new_issue(args: argparse.Namespace) -> int:
    """Write the next issue's file and print its path; an existing file is never overwritten."""
    from .new_issue import new_issue, next_issue_number
    from .pages import display_name

    today = args.today or date.today()
    directory = _load_or_report(args.root, today, "fix them, then start the new issue")
    if directory is None:
        return 1
    try:
        path = new_issue(directory, args.root / paths.CONTENT_DIR, today)
    except FileExistsError as error:
        print(f"{display_name(Path(error.filename), args.root)} already exists and was left as it is; "
              "edit it, or rename it to start another issue", file=sys.stderr)
        return 1
    number = next_issue_number(directory)  # the directory as read before the file was written
    written = display_name(path, args.root)
    print(f"{written}: issue {number} is started, as a draft (`draft: true`: the published site "
          "leaves it out).\n"
          "Next:\n"
          f"  1. Write it: open {written} and replace the example sentences with your own words.\n"
          "  2. See it: make serve, then open the Newsletter page (a framed Draft note is at its top).\n"
          "  3. Publish it: delete the line `draft: true`, run make validate, and open a pull request.\n"
          "The editors' guide says more: content/editors/newsletter.md")
    return 0


def _apply_issue(args: argparse.Namespace) -> int:
    """Exit 0 when the change was written and all the data is valid, 1 when the issue was refused or the
    data has problems (the change is written all the same, for the reviewer to complete), 2 for usage."""
    from .apply_issue import apply_issue
    from .postcodes import look_up_postcode

    try:
        body = args.body.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"{args.body}: cannot read the issue's body ({error})", file=sys.stderr)
        return 2
    look_up = None if args.no_postcode_lookup else look_up_postcode
    today = args.today or date.today()
    applied = apply_issue(args.root, args.form, body, str(args.body), today, args.issue, look_up,
                          answered=args.answered or today)
    if applied.problems:
        print(format_problems(applied.problems))
        print(_count(len(applied.problems)), file=sys.stderr)
    print(applied.written or "nothing was written", file=sys.stderr)
    if args.pr_body:
        args.pr_body.write_text(applied.pr_body, encoding="utf-8")
    else:
        print(("\n" if applied.problems else "") + applied.pr_body, end="")
    return 1 if applied.problems else 0


def _freshness(args: argparse.Namespace) -> int:
    """Print what the weekly check-in should do, as JSON; exit 1 (nothing printed on stdout) when the
    data, mkdocs.yml or the file of open issues has problems."""
    from dataclasses import replace

    from .freshness import actions, plan_check_ins, read_open_check_ins

    today = args.today or date.today()
    result = load_directory(args.root, today)
    settings, problems = read_project_settings(args.root)
    problems += result.problems
    try:
        open_check_ins, issue_problems = read_open_check_ins(args.open_issues.read_text(encoding="utf-8"),
                                                             str(args.open_issues))
    except (OSError, UnicodeDecodeError) as error:
        open_check_ins, issue_problems = [], [Problem(str(args.open_issues), 1, 1, "", f"cannot be read ({error})")]
    problems += issue_problems
    if problems or result.directory is None:
        print(format_problems(problems), file=sys.stderr)
        print(f"{_count(len(problems))}; no check-in was decided", file=sys.stderr)
        return 1
    if args.site_url:  # "" (GitHub Pages not switched on) keeps mkdocs.yml's
        settings = replace(settings, site_url=args.site_url)
    plan = plan_check_ins(result.directory.groups, open_check_ins, today, settings.freshness)
    print(json.dumps(actions(plan, result.directory, settings, today), indent=2))
    return 0


def _pdf(args: argparse.Namespace) -> int:
    """Build the site into a scratch folder and print one issue from it to a PDF file."""
    from .engine.commands import build_site
    from .pdf import PdfError, find_chromium, print_to_pdf, serve_folder

    today = args.today or date.today()
    directory = _load_or_report(args.root, today, "no PDF was written")
    if directory is None:
        return 1
    issues = directory.issues
    issue = _find_issue(issues, args.issue)
    if issue is None:
        known = ", ".join(f"{i.number} ({i.slug})" for i in issues) or "none yet"
        print(f"there is no issue {args.issue!r}; the issues are: {known}", file=sys.stderr)
        return 2
    output = (args.output or Path(f"{issue.slug}.pdf")).resolve()
    try:
        chromium = find_chromium()
        with tempfile.TemporaryDirectory(prefix="peerdir-pdf-") as scratch:
            site = Path(scratch) / "site"
            # A draft is built too, marked Draft on its first page and at the top of every page: a proof.
            if not build_site(args.root, site, today, site_url=args.site_url, drafts=issue.draft, directory=directory):
                return 1
            with serve_folder(site) as base_url:
                print_to_pdf(base_url + paths.url_of(issue.page), output, chromium)
    except PdfError as error:
        print(f"{error}\nNo PDF was written.", file=sys.stderr)
        return 1
    if issue.draft:
        print(f"issue {issue.number} is a draft (`draft: true`): this PDF is a proof, marked Draft on every page; "
              "the published site has no page or PDF of it until `draft: true` is deleted", file=sys.stderr)
    print(output)
    return 0


def _email(args: argparse.Namespace) -> int:
    """Render one issue's e-mail edition, a draft's too (a proof marked Draft), into two files."""
    from .render import SiteSettings, render_email
    from .render.outputs.email_edition import NoSiteAddress

    today = args.today or date.today()
    directory = _load_or_report(args.root, today, "no e-mail was written")
    if directory is None:
        return 1
    issue = _find_issue(directory.issues, args.issue)
    if issue is None:
        known = ", ".join(f"{i.number} ({i.slug})" for i in directory.issues) or "none yet"
        print(f"there is no issue {args.issue!r}; the issues are: {known}", file=sys.stderr)
        return 2
    project = read_project_settings(args.root)[0]
    settings = SiteSettings(today=today, site_url=args.site_url or project.site_url, repo_url=project.repo_url,
                            site_name=project.site_name, corrections_email=project.corrections_email,
                            freshness=project.freshness, help_lines=project.help_lines,
                            email_unsubscribe=project.email_unsubscribe)
    try:
        email = render_email(issue.slug, directory, settings)
    except NoSiteAddress as error:
        print(f"{error}; no e-mail was written", file=sys.stderr)
        return 1
    written = files.write_email_files(args.output_dir, issue.slug, email.html, email.text)
    if issue.draft:
        print(f"issue {issue.number} is a draft (`draft: true`): this e-mail is a proof, marked Draft at the top; "
              "the published site has no e-mail of it until `draft: true` is deleted", file=sys.stderr)
    for path in written:
        print(path)
    return 0


def _find_issue(issues: tuple[Issue, ...], wanted: str) -> Issue | None:
    """An issue by number (`1`), file name (`2026-11-peertalk`) or path (`content/newsletter/...md`)."""
    slug = Path(wanted).stem if wanted.endswith(".md") else wanted
    return next((i for i in issues if slug in (i.slug, str(i.number))), None)


def _serve(args: argparse.Namespace) -> int:
    if not _engine_ready(args.engine):
        return 1
    from .engine.commands import serve_site

    directory = _load_or_report(args.root, args.today or date.today(), "fix them and run serve again")
    if directory is None:
        return 1
    # Before the first build, which takes a while: where to look, in the terminal the editor is watching.
    print(f"The preview will be on {preview_address(args.root, args.port)} once the site is built; "
          "it reloads when you save a file. Press Ctrl+C to stop it.", file=sys.stderr, flush=True)
    serve_site(args.root, args.port, args.today, directory)
    return 0


def preview_address(root: Path, port: int) -> str:
    """Where `serve` shows the site, as MkDocs works it out: 127.0.0.1, the port, and the path of
    site_url in mkdocs.yml (`/peer-support/`). Read from the file's text, without loading MkDocs."""
    try:
        setting = _SITE_URL.search((root / "mkdocs.yml").read_text(encoding="utf-8"))
        site_url = yaml.safe_load(setting.group(1)) if setting else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        site_url = None  # the build will say what is wrong with the file
    path = urlsplit(site_url).path if isinstance(site_url, str) else ""
    return f"http://127.0.0.1:{port}" + ("/" + path.lstrip("/")).rstrip("/") + "/"  # as mkdocs.livereload


_SITE_URL = re.compile(r"^site_url:(.*)$", re.MULTILINE)  # a top-level line of mkdocs.yml


def _report(args: argparse.Namespace) -> int:
    from .report import attention_items

    result = load_directory(args.root, args.today or date.today())
    project, setting_problems = read_project_settings(args.root)
    if result.problems or setting_problems:
        print(format_problems(setting_problems + result.problems), file=sys.stderr)
        return 1
    items = attention_items(result.directory, args.today or date.today(), project.freshness)
    if items:
        print(format_problems(items))
    print(f"{len(items)} item{'s' if len(items) != 1 else ''} need attention", file=sys.stderr)
    return 0


def _check_links(args: argparse.Namespace) -> int:
    """Exit 0 when every link answers, 1 when some are broken (the report is printed)."""
    from .links import broken_links_report, check_links, external_links

    result = load_directory(args.root)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
        return 2
    results = check_links(external_links(result.directory))
    report = broken_links_report(results)
    print(report, end="")
    print(f"checked {len(results)} links, {sum(not r.ok for r in results)} broken", file=sys.stderr)
    return 1 if report else 0


def _schema(args: argparse.Namespace) -> int:
    from .json_schemas import write_schemas

    stale = write_schemas(args.root / "schema", check_only=args.check)
    if stale and args.check:
        print("out of date: " + ", ".join(stale) + "; run `make schema`", file=sys.stderr)
        return 1
    return 0


def _load_or_report(root: Path, today: date, consequence: str) -> Directory | None:
    """The checked directory, or None after printing every problem and what follows from them."""
    # mkdocs.yml before the data: loading the data holds off the collector's full collections
    # (collections_pause.py), and the one held off would run on whatever comes next, scanning the whole
    # loaded directory (a third of a second at 5,000 groups) for a file of a few lines.
    setting_problems = read_project_settings(root)[1]
    result = load_directory(root, today)
    problems = setting_problems + result.problems
    if problems:
        print(format_problems(problems), file=sys.stderr)
        print(f"{_count(len(problems))}; {consequence}", file=sys.stderr)
        return None
    return result.directory


def _count(n: int) -> str:
    return f"{_plural(n, 'problem')} found"


def _plural(n: int, noun: str) -> str:
    """`1 group`, `2 groups`, `0 groups`, with the number written in thousands (`1,000 groups`)."""
    return f"{n:,} {noun}{'' if n == 1 else 's'}"
