"""`publisher preview`: build, then draw one contact sheet PNG per output (or a gallery of the built-in themes)."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from publisher.commands import folder_option, source_options


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `preview` command."""
    parser = subparsers.add_parser(
        "preview", help="build, then write a contact sheet PNG of each output",
        description="Build an outline, then draw one contact sheet PNG per output: every slide of the deck and every "
                    "page of the report, numbered, with the build's warnings under the grid. With --theme-gallery, "
                    "one sample slide and page of every theme publisher ships with instead.")
    parser.add_argument("outline", nargs="?", help="the outline (.yaml), or a folder for its outline.yaml (default: "
                        "this folder; not needed with --theme-gallery)")
    folder_option(parser, Path("preview"), "the folder of the contact sheets")
    source_options(parser)
    parser.add_argument("--theme-gallery", action="store_true", help="one sample slide and page per built-in theme")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after writing the sheets, printing each and why an output could not be previewed."""
    from publisher.authoring.preview import deck_formats, preview, theme_gallery
    from publisher.commands.results import say
    from publisher.errors import fail

    if args.theme_gallery:
        sheet, skipped = theme_gallery(args.out)
        sheets = [sheet]
    else:
        from publisher.api import build_result
        from publisher.commands.locate import STDIN, locate

        if args.outline == STDIN:
            raise fail("-", "preview reads its outline from a file; save standard input to one first")
        outline = locate(args.outline, args.verbosity < 0, "previewing")
        result = build_result(outline, args.out, deck_formats(), theme=args.theme, allow_outside=args.allow_outside)
        for path in result.outputs:
            say(args, f"wrote {path} ({path.stat().st_size:,} bytes)")
        sheets, skipped = preview(result, args.out)
    for path in sheets:
        say(args, f"wrote {path}")
    for reason in skipped:
        print(f"publisher: no preview of {reason}", file=sys.stderr)
    return 0
