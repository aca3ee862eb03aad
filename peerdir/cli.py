"""The command line: `python build.py validate | build | serve | schema`.

Exit codes: 0 when all is well, 1 when the data or the build has problems, 2 for a
command line that cannot be understood (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from .problems import format_problems
from .validate import load_directory

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python build.py",
        description="Check the directory's YAML files and build the website from them.",
    )
    parser.add_argument("--root", type=Path, default=ROOT,
                        help="the project folder holding the YAML files and mkdocs.yml (default: this one)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check the YAML files and list every problem")
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="`github` prints GitHub Actions annotations")
    _add_today(validate)
    validate.set_defaults(run=_validate)

    build = commands.add_parser("build", help="check the YAML files, then build the site into site/")
    _add_today(build)
    build.add_argument("--site-dir", type=Path, default=None, help="where to build (default: site/)")
    build.add_argument("--site-url", default=None, help="the address the site will be served from")
    build.set_defaults(run=_build)

    serve = commands.add_parser("serve", help="preview the site on http://127.0.0.1:8000/, reloading on edits")
    serve.add_argument("--port", type=int, default=8000)
    _add_today(serve)
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


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def _validate(args: argparse.Namespace) -> int:
    result = load_directory(args.root, args.today or date.today())
    if result.problems:
        print(format_problems(result.problems, args.format))
        if args.format == "text":
            print(_count(len(result.problems)), file=sys.stderr)
        return 1
    return 0


def _build(args: argparse.Namespace) -> int:
    from .site import build_site  # the engine is only imported when a site is built

    today = args.today or date.today()
    # 1. Load and check every data file; nothing is touched if any is wrong.
    result = load_directory(args.root, today)
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
        print(_count(len(result.problems)) + "; the site was not built and site/ is unchanged",
              file=sys.stderr)
        return 1
    # 2. Build into a staging folder and swap it in only if the whole build succeeded.
    site_dir = args.site_dir or args.root / "site"
    ok = build_site(args.root, site_dir, today, site_url=args.site_url)
    return 0 if ok else 1


def _serve(args: argparse.Namespace) -> int:
    from .site import serve_site

    result = load_directory(args.root, args.today or date.today())
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
        print(_count(len(result.problems)) + "; fix them and run serve again", file=sys.stderr)
        return 1
    serve_site(args.root, args.port, args.today)
    return 0


def _report(args: argparse.Namespace) -> int:
    from .report import attention_items

    result = load_directory(args.root, args.today or date.today())
    if result.problems:
        print(format_problems(result.problems), file=sys.stderr)
        return 1
    items = attention_items(result.directory, args.today or date.today())
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
        print("out of date: " + ", ".join(stale) + "; run `python build.py schema`", file=sys.stderr)
        return 1
    return 0


def _count(n: int) -> str:
    return f"{n} problem{'s' if n != 1 else ''} found"
