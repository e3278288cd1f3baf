"""Machine-readable results: one JSON object on stdout for `--json`, the same shape for success and failure."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from publisher.errors import Diagnostic, diagnostic_json, plural


class Built(Protocol):
    """What a build reports (publisher.api.BuildResult, or a server's build)."""

    outputs: list[Path]
    warnings: dict[str, list[Diagnostic]]
    timings: dict[str, float]

    def all_warnings(self) -> list[Diagnostic]: ...


def print_build(result: Built, as_json: bool, server: str = "", verbosity: int = 0) -> int:
    """Print what a build wrote, its warnings and time (or one JSON object); server is the address of the server
    that built it, if one did; verbosity -1 (-q) prints nothing, 1 (-v) also each stage's time, the files read
    and the cache folder. Return 0."""
    if as_json:
        return print_json(0, outputs=[output_json(p) for p in result.outputs],
                          warnings=[{**diagnostic_json(w), "stage": stage}
                                    for stage, found in result.warnings.items() for w in found],
                          timings={stage: round(seconds, 4) for stage, seconds in result.timings.items()},
                          **({"server": server} if server else {}))
    if verbosity < 0:
        return 0
    warnings = result.all_warnings()
    for warning in warnings:
        print(warning, file=sys.stderr)
    for path in result.outputs:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    if verbosity > 0:
        _print_details(result)
    warned = f", {plural(len(warnings), 'warning')}" if warnings else ""
    print(f"built in {result.timings['total']:.2f} s{warned}" + (f" by the server at {server}" if server else ""))
    return 0


def _print_details(result: Built) -> None:
    """Print each stage's time, the files the build read (when it says) and the cache folder."""
    from publisher.fonts.families import cache_dir

    stages = ", ".join(f"{stage} {seconds:.2f} s" for stage, seconds in result.timings.items() if stage != "total")
    print(f"stages: {stages} (the formats written side by side)")
    if getattr(result, "inputs", None):
        print("read: " + ", ".join(str(p) for p in result.inputs))
    print(f"cache: {cache_dir()}")


def say(args: Any, text: str) -> None:
    """Print a line of a command's report on stdout, unless -q asked for errors only."""
    if getattr(args, "verbosity", 0) >= 0:
        print(text)


def output_json(path: Path) -> dict[str, Any]:
    """Return an output file as {path, format, bytes} (format: pptx, pdf, deck-pdf, handout or notes)."""
    from publisher.runtime.formats import format_of

    return {"path": str(path), "format": format_of(path), "bytes": path.stat().st_size}


def print_json(exit_code: int, **fields: Any) -> int:
    """Print {ok, exit_code, **fields} as one line of JSON; return exit_code."""
    print(json.dumps({"ok": exit_code == 0, "exit_code": exit_code, **fields}, ensure_ascii=False))
    return exit_code


def print_failure(diagnostics: Iterable[Diagnostic], exit_code: int) -> int:
    """Print the diagnostics of a failed command as JSON; return exit_code."""
    return print_json(exit_code, diagnostics=[diagnostic_json(d) for d in diagnostics])
