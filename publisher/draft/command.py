"""The `publisher draft` subcommand: a source document in, a reviewed-ready outline out."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Return the parser of the `draft` subcommand, registered on the CLI's subparsers."""
    parser = subparsers.add_parser(
        "draft", help="turn a report (.txt, .md, .docx, .html) into an outline to review",
        description="Turn a report (.txt, .md, .docx or .html) into a first outline: headings as sections, figures "
                    "as key figures and charts, with a `# 请核对` comment on everything a person should check.")
    parser.add_argument("source", type=Path, help="the report: .txt, .md, .docx or .html")
    parser.add_argument("-o", "--out", type=Path,
                        help="the outline to write (default: the source's name with .yaml, in the current folder)")
    parser.add_argument("--report", action="store_true", help="print what was cleaned, structured and extracted")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    """Return the exit code of drafting args.source into args.out (written whole or not at all); raise
    PublisherError on a bad source, which the CLI reports with exit code 2."""
    from publisher.charts.registry import kind_names
    from publisher.draft import emit, pipeline, report
    from publisher.errors import fail
    from publisher.runtime import atomic

    start = time.perf_counter()
    target = args.out or Path(args.source.stem + ".yaml")
    if target.resolve() == args.source.resolve():
        raise fail(target, "the outline would overwrite its source; choose another file with -o")
    draft = pipeline.draft(args.source)
    text = emit.emit(draft, kind_names())
    with atomic.staged(target) as temp:
        temp.write_text(text, encoding="utf-8")
        problems = _problems(temp)
    atomic.commit({temp: target})
    seconds = time.perf_counter() - start
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    if args.report:
        print(report.summary(draft, target, seconds))
    elif getattr(args, "verbosity", 0) >= 0:
        print(f"wrote {target}: {len(draft.document.walk())} sections, {len(draft.facts)} figures, "
              f"{text.count('# 请核对')} places marked # 请核对 ({seconds:.2f} s)")
    return 0


def _problems(outline: Path) -> list[str]:
    """Return why the written outline would not validate (e.g. a character the theme's fonts lack), or []."""
    from publisher.api import check
    from publisher.errors import PublisherError

    try:
        check(outline)
    except PublisherError as exc:
        return [str(d) for d in exc.diagnostics]
    return []
