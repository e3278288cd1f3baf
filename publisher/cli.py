"""The `publisher` command: its options and subcommands; maps every bad input to a located message and exit code 2,
never a traceback. Each subcommand's options live with it in publisher.commands."""
from __future__ import annotations

import argparse
import contextlib
import os
import sys

from publisher.runtime.processes import Stopped, stop_on_signals

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a command the reader stopped listening to ends
EXIT_INTERRUPTED = 130  # 128 + SIGINT
DESCRIPTION = "Turn a YAML outline of a report into a briefing deck (PPTX) and a printable report (PDF)."
EXAMPLES = """examples:
  publisher new 区县简报                   a starter project that builds as is
  publisher build                          the outline of this folder (outline.yaml) into out/
  publisher build outline.yaml -o 简报.pdf  only the report, as 简报.pdf
  publisher build outline.yaml --watch     rebuild on every save
  publisher validate outline.yaml          every problem as file:line:column, nothing built

Run 'publisher COMMAND --help' for a command's options. Exit codes: 0 done, 2 bad input (or a warning with
--strict), 1 a bug of ours."""


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = command_parser()
    commands = _commands(parser)
    unknown = _unknown_command(list(commands), argv)
    if unknown:
        parser.print_usage(sys.stderr)
        print(f"publisher: error: {unknown}", file=sys.stderr)
        return EXIT_BAD_INPUT
    args, extra = parser.parse_known_args(argv)
    if extra:
        _unknown_options(commands[args.command], extra)
    try:
        _apply_limits(getattr(args, "limit", []))
        return args.run(args)
    except _bad_input() as exc:
        return _report(args, exc)
    except BrokenPipeError:
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # the machine refused a file: disk full, read-only folder, permission denied…
        from publisher.runtime.outputs import MACHINE_ERRORS, machine_error

        if exc.errno not in MACHINE_ERRORS:
            return _internal(args, exc)
        return _report(args, machine_error(exc))
    except KeyboardInterrupt:
        return _stopped("publisher: stopped by SIGINT", EXIT_INTERRUPTED)
    except Stopped as exc:
        return _stopped(f"publisher: {exc}", 128 + exc.signum)
    except Exception as exc:  # a bug of ours: say so plainly, show the trace only on request
        return _internal(args, exc)


def _bad_input() -> type[Exception]:
    """Return the error class of bad input (imported only when a command raised something)."""
    from publisher.errors import PublisherError

    return PublisherError


def _report(args: argparse.Namespace, exc: Exception) -> int:
    """Print every diagnostic of a bad input (or as JSON), then how many; return exit code 2."""
    try:
        if getattr(args, "json", False):
            from publisher.commands.results import print_failure

            return print_failure(exc.diagnostics, EXIT_BAD_INPUT)
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
        print(f"publisher: {_counted(exc)}; nothing was written", file=sys.stderr)
    except BrokenPipeError:
        _quiet_stdout()
    return EXIT_BAD_INPUT


def _counted(exc: Exception) -> str:
    """Return "1 error", "2 errors" or "3 warnings, which --strict makes errors"."""
    from publisher.errors import plural

    errors = sum(d.severity != "warning" for d in exc.diagnostics)
    warnings = len(exc.diagnostics) - errors
    if warnings and not errors:
        return f"{plural(warnings, 'warning')}, which --strict makes errors"
    return plural(errors, "error")


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


def _stopped(message: str, code: int) -> int:
    """Say that a signal stopped the command (its staged files are removed by then); return its exit code."""
    with contextlib.suppress(OSError):
        print(message, file=sys.stderr)
    return code


def _quiet_stdout() -> None:
    """Point stdout at /dev/null: the reader of a pipe left, and what is still buffered must not fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def run() -> None:
    """The console script: run main, then leave without tearing the interpreter down. Every output is closed by
    then, and destroying a build's objects one by one takes a fifth of a second for nothing. SIGTERM and SIGHUP
    stop the command as Ctrl-C does: staged files removed, child processes stopped."""
    code = EXIT_INTERNAL
    try:
        stop_on_signals()
        code = main()
    except SystemExit as exc:  # --help, --version and the parser's usage errors (exit code 2) leave this way
        code = _exit_code(exc)
    except KeyboardInterrupt:
        code = EXIT_INTERRUPTED
    except Stopped as exc:
        code = 128 + exc.signum
    finally:
        os._exit(_flushed(code))


def _exit_code(exc: SystemExit) -> int:
    if exc.code is None or isinstance(exc.code, int):
        return exc.code or 0
    print(exc.code, file=sys.stderr)
    return EXIT_INTERNAL


def _flushed(code: int) -> int:
    """Flush what the command printed (os._exit would drop it) and return its exit code."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:  # the reader left before the end: as `yes | head` ends, quietly
            code = EXIT_BROKEN_PIPE
        except OSError:
            pass
    return code


def _apply_limits(overrides: list[str]) -> None:
    if not overrides and "publisher.outline.limits" not in sys.modules:
        return  # the defaults are in force, and a build that a server does imports no model
    from publisher.outline.limits import Limits, set_active

    set_active(Limits().with_overrides(overrides))


class _Version(argparse.Action):
    """-V/--version: print the installed version and leave (the package metadata is read only then)."""

    def __init__(self, option_strings: list[str], dest: str, **kwargs) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from publisher.version import __version__

        print(f"publisher {__version__}")
        parser.exit()


def verbosity_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """Add -q/--quiet and -v/--verbose, taken before or after the command (publisher -q build, publisher build -q)."""
    default = 0 if top else argparse.SUPPRESS
    group = parser.add_mutually_exclusive_group()
    group.add_argument("-q", "--quiet", dest="verbosity", action="store_const", const=-1, default=default,
                       help="print errors only")
    group.add_argument("-v", "--verbose", dest="verbosity", action="store_const", const=1, default=default,
                       help="print more (a build: each stage's time and the files read)")


def command_parser() -> argparse.ArgumentParser:
    """Return the parser of the whole command line, every command with its options."""
    parser = argparse.ArgumentParser(prog="publisher", description=DESCRIPTION, epilog=EXAMPLES,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-V", "--version", action=_Version)
    verbosity_options(parser, top=True)
    commands = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND", required=True)
    from publisher.commands import add_parsers

    add_parsers(commands)
    for command in commands.choices.values():
        verbosity_options(command)
    parser.set_defaults(commands=commands.choices, parser=parser)  # the completion command reads them all
    return parser


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return every command's parser by name."""
    return parser.get_default("commands")


def _unknown_command(names: list[str], argv: list[str]) -> str:
    """Return the error for a first word that names no command ("no command 'bild' (did you mean 'build'?)")."""
    words = [word for word in argv if not word.startswith("-")]
    if not words or any(word in ("-h", "--help", "-V", "--version") for word in argv[:argv.index(words[0])]):
        return ""
    if words[0] in names:
        return ""
    from publisher.errors import did_you_mean

    return f"no command '{words[0]}'{did_you_mean(words[0], names)}; the commands are {', '.join(names)}"


def _unknown_options(command: argparse.ArgumentParser, extra: list[str]) -> None:
    """Exit with the command's usage and its error for options it does not have, naming the closest one."""
    from publisher.errors import did_you_mean

    options = [name for action in command._actions for name in action.option_strings if name.startswith("--")]
    guesses = [did_you_mean(word.split("=")[0], options) for word in extra if word.startswith("--")]
    command.error(f"unrecognized arguments: {' '.join(extra)}{next((g for g in guesses if g), '')}")
