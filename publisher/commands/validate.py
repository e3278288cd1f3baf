"""`publisher validate`: check an outline (every variant of a batch outline) without building; text or `--json`."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publisher.commands import source_options
from publisher.commands.locate import locate, stdin_note


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `validate` command."""
    parser = subparsers.add_parser(
        "validate", help="check an outline without building: every problem as file:line:column",
        description="Check an outline as a build would (its data files, images, theme, fonts and limits; every "
                    "variant of a batch outline), drawing nothing.")
    parser.add_argument("outline", nargs="?", help="the outline (.yaml); a folder, for its outline.yaml (or its "
                        "only .yaml with report:); - to read standard input (default: this folder)")
    parser.add_argument("-s", "--strict", action="store_true", help="a warning fails the check (exit code 2)")
    source_options(parser)
    parser.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                        help="raise or lower an input limit, e.g. title_chars=300 (see docs/outline.md)")
    parser.add_argument("--json", action="store_true", help="print one JSON object: ok, or the diagnostics")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after checking the outline; raise PublisherError listing every problem of every variant (and, with
    --strict, every warning)."""
    from publisher.authoring.batch import declared_variants
    from publisher.commands.results import print_json, say
    from publisher.errors import PublisherError, diagnostic_json
    from publisher.library import check
    from publisher.outline import source

    quiet = args.verbosity < 0 or args.json
    path = locate(args.outline, quiet, "checking")
    if path is None:
        stdin_note(quiet)
    doc = source.load(path) if path else source.read_stream(sys.stdin.buffer)
    outlines, warnings = check(doc, path.resolve().parent if path else Path.cwd(), args.theme, args.allow_outside)
    if args.strict and warnings:
        raise PublisherError(warnings)
    sections, variants = len(outlines[0].walk()), len(declared_variants(doc))
    if args.json:
        return print_json(0, outline=str(path or "-"), sections=sections, variants=variants,
                          diagnostics=[diagnostic_json(w) for w in warnings])
    if args.verbosity >= 0:
        for warning in warnings:
            print(warning, file=sys.stderr)
    extra = f", {variants} variants" if variants else ""
    say(args, f"{path or '<stdin>'}: ok ({sections} sections{extra})")
    return 0
