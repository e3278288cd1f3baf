"""`publisher serve`: build on every change and show the slides and pages in the browser; and `publisher build`
through such a server when one builds the same outline into the same folder."""
from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from publisher.commands import folder_option, source_options


def add_parser(subparsers: argparse._SubParsersAction, run: Callable[[argparse.Namespace], int],
               formats: str) -> None:
    """Add the `serve` command, run by run; formats is the default --format of `publisher build`."""
    parser = subparsers.add_parser(
        "serve", help="build on every change and show the result in the browser",
        description="Build an outline, rebuild it whenever it or a file it uses changes, and show its slides and "
                    "pages on a local web page (127.0.0.1) until Ctrl-C. Meanwhile a `publisher build` of the same "
                    "outline into the same folder with the same options is built by this server, warm.")
    parser.add_argument("outline", nargs="?", help="the outline (.yaml); a folder, for its outline.yaml (or its only "
                        ".yaml with report:) (default: this folder)")
    folder_option(parser, Path("out"), "the output folder")
    parser.add_argument("--format", default=formats, help=f"what to build, as for publisher build (default: {formats})")
    parser.add_argument("--notes", action="store_true", help="also write the speaker-notes pages")
    source_options(parser)
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: a free one)")
    parser.add_argument("--open", action="store_true", help="open the page in the default browser")
    parser.add_argument("--limit", action="append", default=[], metavar="NAME=N",
                        help="raise or lower an input limit, as for publisher build")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace, formats: tuple[str, ...]) -> int:
    """Serve the outline args.outline names (a file, or a folder's outline) until Ctrl-C; return 0."""
    from publisher.authoring.serve.builds import Config
    from publisher.authoring.serve.session import serve
    from publisher.commands.locate import STDIN, locate
    from publisher.errors import fail

    if not 0 <= args.port <= 65535:
        raise fail("--port", f"expected a port from 1 to 65535 (or 0 for a free one); got {args.port}")
    if args.outline == STDIN:
        raise fail("-", "serve rebuilds its outline from a file; save standard input to one first")
    outline = locate(args.outline, args.verbosity < 0, "serving")
    config = Config(outline, args.out, formats, args.theme, args.allow_outside, tuple(args.limit))
    return serve(config, args.port, args.open)


def build_by_server(args: argparse.Namespace, formats: tuple[str, ...]) -> int | None:
    """Return the exit code of having the server of args.out build, printing as `publisher build` does; None when
    no server builds this outline into that folder with these options (build here then)."""
    from publisher.authoring.serve.builds import Config
    from publisher.authoring.serve.link import read_link, request_build

    key = Config(args.outline, args.out, formats, args.theme, args.allow_outside, tuple(args.limit)).key()
    answer = request_build(args.out, key)
    if answer is None:
        return None
    return _print(answer, args.out, args.json, f"http://127.0.0.1:{(read_link(args.out) or {}).get('port')}/")


def _print(answer: dict, out_dir: Path, as_json: bool, server: str) -> int:
    """Print a server's build as this build's: its outputs named as out_dir names them here."""
    from publisher.authoring.serve.builds import Outcome
    from publisher.commands.results import print_build
    from publisher.errors import PublisherError, diagnostic_from_json

    if answer["internal"]:
        raise RuntimeError(answer["internal"].removeprefix("internal error: "))
    if answer["errors"]:
        raise PublisherError([diagnostic_from_json(d) for d in answer["errors"]])
    outputs = tuple(out_dir / Path(p).name for p in answer["outputs"])
    outcome = Outcome(0, answer["timings"].get("total", 0.0), 0.0, outputs,
                      {stage: [diagnostic_from_json(d) for d in found] for stage, found in answer["warnings"].items()},
                      tuple(diagnostic_from_json(d) for d in answer["listed"]), answer["timings"])
    return print_build(outcome, as_json, server)
