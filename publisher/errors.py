"""Located diagnostics: every problem the user can fix names its file, line and column."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, order=True)
class Span:
    """A position in a source file; line and column are 1-based."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem or warning at a place in the outline; a warning may also name the slide or page it shows on."""

    span: Span
    message: str
    path: str = ""
    severity: str = field(default="error", compare=False)
    slide: int | None = field(default=None, compare=False)  # 1-based, in the deck
    page: int | None = field(default=None, compare=False)  # 1-based, in the report

    @property
    def place(self) -> str:
        """Return "slide 7" or "page 3" when the diagnostic names one, else ""."""
        if self.slide:
            return f"slide {self.slide}"
        return f"page {self.page}" if self.page else ""

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        place = f" ({self.place})" if self.place else ""
        return f"{self.span}: {self.severity}: {where}{self.message}{place}"


class PublisherError(Exception):
    """Bad input: carries every diagnostic found, sorted by position."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(str(d) for d in self.diagnostics))

    def __reduce__(self):
        return PublisherError, (self.diagnostics,)  # the error of a writer process crosses to the build


def fail(file: str | Path, message: str, line: int = 0, column: int = 0, path: str = "") -> PublisherError:
    """Return an error holding one diagnostic."""
    return PublisherError([Diagnostic(Span(str(file), line, column), message, path)])


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """Return " (did you mean 'x'?)" for the closest choice, or "" when none is close."""
    import difflib

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def plural(count: int, noun: str) -> str:
    """Return "1 error", "2 errors", "0 warnings"."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def dotted(path: tuple) -> str:
    """Return a field path as users write it: sections[2].blocks[0].chart."""
    out = ""
    for key in path:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return a diagnostic as {file, line, column, path, severity, message}, with slide or page when it names one;
    line and column are null for a problem of a whole file (a missing one) or of a mapping's value."""
    span = diagnostic.span
    shown = {"slide": diagnostic.slide, "page": diagnostic.page}
    return {"file": span.file, "line": span.line or None, "column": span.column or None, "path": diagnostic.path,
            "severity": diagnostic.severity, "message": diagnostic.message,
            **{key: number for key, number in shown.items() if number}}


def diagnostic_from_json(data: dict[str, Any]) -> Diagnostic:
    """Return the diagnostic that diagnostic_json turned into data."""
    return Diagnostic(Span(data["file"], data["line"] or 0, data["column"] or 0), data["message"], data["path"],
                      data["severity"], data.get("slide"), data.get("page"))
