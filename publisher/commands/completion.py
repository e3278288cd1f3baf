"""`publisher completion SHELL`: print a completion script for bash, zsh or tcsh, made by shtab from the command's
own options (imported only here: `publisher --version` and every build stay as quick to start as before)."""
from __future__ import annotations

import argparse

SHELLS = ("bash", "zsh", "tcsh")
INSTALL = {"bash": 'eval "$(publisher completion bash)"   # in ~/.bashrc',
           "zsh": 'publisher completion zsh > "${fpath[1]}/_publisher"   # then restart zsh',
           "tcsh": "eval `publisher completion tcsh`   # in ~/.tcshrc"}
FILE_OPTIONS = ("outline", "out", "theme", "data", "source", "template", "name")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `completion` command."""
    parser = subparsers.add_parser(
        "completion", help="print a shell completion script (bash, zsh, tcsh)",
        description="Print a script that completes publisher's commands, options and file names in a shell.",
        epilog="\n".join(INSTALL.values()), formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("shell", choices=SHELLS, help="the shell: bash, zsh or tcsh")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after printing the completion script of the whole command line for args.shell."""
    import shtab

    parser = args.parser  # the whole command line's (set by publisher.cli)
    _complete_files(parser, shtab)
    print(shtab.complete(parser, shell=args.shell), end="")
    return 0


def _complete_files(parser: argparse.ArgumentParser, shtab) -> None:
    """Mark every argument that names a file or folder (in every command) to complete as one."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for command in action.choices.values():
                _complete_files(command, shtab)
        elif action.dest in FILE_OPTIONS:
            action.complete = shtab.DIRECTORY if action.dest == "out" and parser.prog.endswith("schema") else shtab.FILE
