"""Commands of the author's loop; each module adds its subcommand with `add_parser(subparsers)`."""
from __future__ import annotations

import argparse


def add_parsers(subparsers: argparse._SubParsersAction) -> None:
    """Add the schema, new, themes, preview and inspect-template commands."""
    from publisher.commands import inspect_template, new, preview, schema, themes

    for command in (schema, new, themes, preview, inspect_template):
        command.add_parser(subparsers)
