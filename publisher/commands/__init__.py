"""The subcommands of `publisher`; each module adds its own with `add_parser(subparsers)`, options and help."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Add every command, in the order `publisher --help` lists them."""
    from publisher.commands import build, completion, inspect_template, new, preview, schema, serve, themes, validate
    from publisher.draft import command as draft

    for command in (build, validate, preview, draft, new, themes, schema, inspect_template, completion):
        command.add_parser(subparsers)
        if command is preview:
            serve.add_parser(subparsers, _serve, "theme")


def _serve(args: argparse.Namespace) -> int:
    from publisher.commands.build import requested_formats
    from publisher.commands.serve import run

    return run(args, requested_formats(args.format, args.notes))


def folder_option(parser: argparse.ArgumentParser, default: Path, what: str) -> None:
    """Add -o/--output FOLDER (what it holds, its default) and --out, the option's first name, still understood."""
    parser.add_argument("-o", "--output", dest="out", metavar="FOLDER", type=Path, default=default,
                        help=f"{what} (default: {default})")
    parser.add_argument("--out", dest="out", type=Path, help=argparse.SUPPRESS)


def source_options(group: Any) -> None:
    """Add --theme and --allow-outside, which every command reading an outline takes alike."""
    group.add_argument("--theme", help="a built-in theme's name or a theme YAML file (overrides the outline's)")
    group.add_argument("--allow-outside", action="store_true", help="allow data, images and theme files outside "
                       "the outline's folder")
