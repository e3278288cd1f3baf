"""The subcommands of `publisher`; each module adds its own with `add_parser(subparsers)`, options and help."""
from __future__ import annotations

import argparse


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
