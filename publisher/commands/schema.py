"""`publisher schema`: write the JSON Schemas of outlines and themes for editors (VS Code's YAML extension)."""
from __future__ import annotations

import argparse
from pathlib import Path

from publisher.commands import folder_option


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `schema` command."""
    parser = subparsers.add_parser(
        "schema", help="write outline.schema.json and theme.schema.json for editors",
        description="Write the JSON Schemas of outlines and themes (outline.schema.json, theme.schema.json), so that "
                    "an editor that validates YAML (VS Code's YAML extension) completes and checks them as you type.")
    folder_option(parser, Path("."), "the folder to write them into")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after writing both schemas and printing the line that makes VS Code use the outline schema."""
    from publisher.authoring.schema import write_schemas
    from publisher.commands.results import say

    outline, theme = write_schemas(args.out)
    say(args, f"wrote {outline}\nwrote {theme}")
    say(args, f"first line of an outline, for VS Code's YAML extension:\n# yaml-language-server: $schema={outline}")
    return 0
