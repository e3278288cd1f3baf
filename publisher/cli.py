"""The `publisher` command: maps every bad input to a located message and exit code 2, never a traceback."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys
from pathlib import Path

from publisher.errors import PublisherError

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a command the reader stopped listening to ends


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = _parser().parse_args(argv)
    try:
        _apply_limits(getattr(args, "limit", []))
        return args.run(args)
    except PublisherError as exc:
        return _report(args, exc)
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # the machine refused a file: disk full, read-only folder, permission denied…
        from publisher.outputs import MACHINE_ERRORS, machine_error

        if exc.errno not in MACHINE_ERRORS:
            return _internal(args, exc)
        return _report(args, machine_error(exc))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a bug of ours: say so plainly, show the trace only on request
        return _internal(args, exc)


def _report(args: argparse.Namespace, exc: PublisherError) -> int:
    """Print every diagnostic of a bad input (or as JSON); return exit code 2."""
    try:
        if getattr(args, "json", False):
            from publisher.commands.results import print_failure

            return print_failure(exc.diagnostics, EXIT_BAD_INPUT)
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        count = len(exc.diagnostics)
        print(f"publisher: {count} error{'s' if count != 1 else ''}; nothing was written", file=sys.stderr)
    except BrokenPipeError:
        _quiet_stdout()
    return EXIT_BAD_INPUT


def _internal(args: argparse.Namespace, exc: BaseException) -> int:
    """Print a bug of ours plainly, the traceback only on request; return exit code 1."""
    if os.environ.get("PUBLISHER_DEBUG"):
        raise exc
    if getattr(args, "json", False):
        from publisher.commands.results import print_json

        return print_json(EXIT_INTERNAL, error=f"internal error: {type(exc).__name__}: {exc}")
    print(f"publisher: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
    print("publisher: set PUBLISHER_DEBUG=1 to see the traceback, and please report it", file=sys.stderr)
    return EXIT_INTERNAL


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: the reader of a pipe left, and what is still buffered must not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    """The console script: run main, then leave without tearing the interpreter down. Every output is closed by
    then, and destroying a build's objects one by one takes a fifth of a second for nothing."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):  # a closed pipe: nothing more to say
            stream.flush()
    os._exit(code)


def _apply_limits(overrides: list[str]) -> None:
    if not overrides and "publisher.limits" not in sys.modules:
        return  # the defaults are in force, and a build that a server does imports no model
    from publisher.limits import Limits, set_active

    set_active(Limits().with_overrides(overrides))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="publisher", description="YAML outline → briefing deck (PPTX) + report (PDF)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")
    build = commands.add_parser("build", help="build the deck and the report of an outline")
    build.add_argument("outline", type=Path)
    build.add_argument("-o", "--out", type=Path, default=Path("out"), help="output folder (default: out)")
    build.add_argument("--format", default="theme", help="a list of pptx, pdf (the report), deck-pdf (the slides as "
                       "PDF), handout, notes, theme (the theme's outputs; the default: pptx,pdf unless it says)")
    build.add_argument("--notes", action="store_true", help="also write the speaker-notes pages (<name>.notes.pdf)")
    build.add_argument("--theme", help="a built-in theme name or a theme YAML file (overrides the outline's)")
    build.add_argument("--allow-outside", action="store_true", help="allow files outside the outline's folder")
    build.add_argument("--json", action="store_true", help="print one JSON object: outputs, warnings, timings")
    build.add_argument("--watch", action="store_true", help="rebuild whenever the outline or a file it uses changes")
    build.add_argument("--no-server", action="store_true", help="build in this process even when `publisher serve` "
                       "builds the same outline into the same folder")
    build.add_argument("--data", help="a CSV file or Excel worksheet (units.xlsx#sheet): one build per row into "
                       "OUT/<first column>/")
    build.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                       help="raise or lower an input limit, e.g. title_chars=300 (see docs/outline.md)")
    batch = build.add_argument_group("batch builds (--data, or an outline with variants:)")
    batch.add_argument("--jobs", type=_positive, metavar="N", help="variants built at once (default: the CPU count)")
    batch.add_argument("--shard", metavar="i/N", help="build only the i-th of N equal shares of the variants")
    batch.add_argument("--dask", metavar="ADDRESS", help="build the variants on a Dask cluster, e.g. "
                       "tcp://scheduler:8786 (pip install 'publisher[dask]')")
    batch.add_argument("--rebuild", action="store_true", help="build every variant, even one whose inputs and "
                       "outputs are unchanged since its last build")
    build.set_defaults(run=_build)
    check = commands.add_parser("validate", help="check an outline without building")
    check.add_argument("outline", type=Path)
    check.add_argument("--theme")
    check.add_argument("--allow-outside", action="store_true")
    check.add_argument("--json", action="store_true", help="print one JSON object: ok, or the diagnostics")
    check.add_argument("--limit", action="append", default=[], metavar="NAME=N")
    check.set_defaults(run=_validate)
    from publisher.draft.command import add_parser

    add_parser(commands)
    from publisher.commands import add_parsers, serve

    add_parsers(commands)
    serve.add_parser(commands, _serve, build.get_default("format"))
    return parser


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1; got '{text}'")
    return int(text)


def _formats(text: str, notes: bool = False) -> tuple[str, ...]:
    from publisher.errors import fail
    from publisher.formats import SUFFIXES, THEME_OUTPUTS

    chosen = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    known = (*SUFFIXES, THEME_OUTPUTS)
    unknown = [f for f in chosen if f not in known]
    if unknown or not chosen:
        raise fail("--format", f"expected a list of {', '.join(known)} (e.g. pptx,deck-pdf); got '{text}'")
    return (*chosen, "notes") if notes else chosen


def _build(args: argparse.Namespace) -> int:
    formats = _formats(args.format, args.notes)
    if not (args.no_server or args.watch or args.data):
        from publisher.commands.serve import build_by_server

        code = build_by_server(args, formats)
        if code is not None:
            return code
    from publisher.commands.build import run

    return run(args, formats)


def _serve(args: argparse.Namespace) -> int:
    from publisher.commands.serve import run

    return run(args, _formats(args.format, args.notes))


def _validate(args: argparse.Namespace) -> int:
    from publisher.commands.validate import run

    return run(args)
