"""Machine-readable results: one JSON object on stdout for `--json`, the same shape for success and failure."""
from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Protocol

from publisher.errors import Diagnostic, Span


class Built(Protocol):
    """What a build reports (publisher.api.BuildResult, or a server's build)."""

    outputs: list[Path]
    warnings: dict[str, list[Diagnostic]]
    timings: dict[str, float]

    def all_warnings(self) -> list[Diagnostic]: ...


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return a diagnostic as {file, line, column, path, severity, message}, with slide or page when it names one."""
    span = diagnostic.span
    shown = {"slide": diagnostic.slide, "page": diagnostic.page}
    return {"file": span.file, "line": span.line, "column": span.column, "path": diagnostic.path,
            "severity": diagnostic.severity, "message": diagnostic.message,
            **{key: number for key, number in shown.items() if number}}


def diagnostic_from_json(data: dict[str, Any]) -> Diagnostic:
    """Return the diagnostic that diagnostic_json turned into data."""
    return Diagnostic(Span(data["file"], data["line"], data["column"]), data["message"], data["path"],
                      data["severity"], data.get("slide"), data.get("page"))


def print_build(result: Built, as_json: bool, server: str = "") -> int:
    """Print what a build wrote, its warnings and time (or one JSON object); server is the address of the server
    that built it, if one did. Return 0."""
    if as_json:
        return print_json(0, outputs=[output_json(p) for p in result.outputs],
                          warnings=[{**diagnostic_json(w), "stage": stage}
                                    for stage, found in result.warnings.items() for w in found],
                          timings={stage: round(seconds, 4) for stage, seconds in result.timings.items()},
                          **({"server": server} if server else {}))
    for warning in result.all_warnings():
        print(warning, file=sys.stderr)
    for path in result.outputs:
        print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    print(f"built in {result.timings['total']:.2f} s" + (f" by the server at {server}" if server else ""))
    return 0


def output_json(path: Path) -> dict[str, Any]:
    """Return an output file as {path, format, bytes} (format: pptx, pdf, deck-pdf, handout or notes)."""
    from publisher.formats import format_of

    return {"path": str(path), "format": format_of(path), "bytes": path.stat().st_size}


def print_json(exit_code: int, **fields: Any) -> int:
    """Print {ok, exit_code, **fields} as one line of JSON; return exit_code."""
    print(json.dumps({"ok": exit_code == 0, "exit_code": exit_code, **fields}, ensure_ascii=False))
    return exit_code


def print_failure(diagnostics: Iterable[Diagnostic], exit_code: int) -> int:
    """Print the diagnostics of a failed command as JSON; return exit_code."""
    return print_json(exit_code, diagnostics=[diagnostic_json(d) for d in diagnostics])
