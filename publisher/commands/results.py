"""Machine-readable results: one JSON object on stdout for `--json`, the same shape for success and failure."""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return a diagnostic as {file, line, column, path, severity, message}, with slide or page when it names one."""
    span = diagnostic.span
    shown = {"slide": diagnostic.slide, "page": diagnostic.page}
    return {"file": span.file, "line": span.line, "column": span.column, "path": diagnostic.path,
            "severity": diagnostic.severity, "message": diagnostic.message,
            **{key: number for key, number in shown.items() if number}}


def output_json(path: Path) -> dict[str, Any]:
    """Return an output file as {path, format, bytes} (format: pptx, pdf, deck-pdf, handout or notes)."""
    from publisher.api import format_of

    return {"path": str(path), "format": format_of(path), "bytes": path.stat().st_size}


def print_json(exit_code: int, **fields: Any) -> int:
    """Print {ok, exit_code, **fields} as one line of JSON; return exit_code."""
    print(json.dumps({"ok": exit_code == 0, "exit_code": exit_code, **fields}, ensure_ascii=False))
    return exit_code


def print_failure(diagnostics: Iterable[Diagnostic], exit_code: int) -> int:
    """Print the diagnostics of a failed command as JSON; return exit_code."""
    return print_json(exit_code, diagnostics=[diagnostic_json(d) for d in diagnostics])
