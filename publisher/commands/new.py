"""`publisher new NAME`: a folder with a commented starter outline, the CSV its chart reads, a README and the
editor schemas; it builds as it is."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `new` command."""
    parser = subparsers.add_parser(
        "new", help="create a project folder with a starter outline that builds as is",
        description="Create a folder holding a commented starter outline, the CSV file its chart reads, a README and "
                    "the editor schemas; `publisher build` in it builds as is.")
    parser.add_argument("name", type=Path, help="the folder to create")
    parser.add_argument("--theme", default="default", help="a built-in theme (default: default)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after creating the project and printing its files and the command that builds it."""
    from publisher.authoring.starter import scaffold
    from publisher.commands.results import say

    for path in scaffold(args.name, args.theme):
        say(args, f"wrote {path}")
    say(args, f"next: cd {args.name} && publisher build")
    return 0
