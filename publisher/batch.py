"""Batch builds: one outline with {{ placeholders }}, one deck and one report per variant, built in parallel.

Variants come from the outline's `variants:` list, or from a CSV file or an Excel worksheet (`publisher build
--data units.csv`, `--data units.xlsx#2024`). The first key (or column) of a variant names its output folder,
OUT/<name>/. Every text of the outline, including
file paths such as `data: data/{{ 区 }}.csv`, has its placeholders replaced by the variant's values; a text that
is one placeholder and nothing else takes the value itself, so numbers stay numbers. One variant's failure is
reported with its location and does not stop the others.
"""
from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from pydantic import BaseModel, ConfigDict, Field

from publisher.errors import Diagnostic, PublisherError, Span, did_you_mean, dotted, fail
from publisher.inputs import csv_rows
from publisher.model import Outline
from publisher.source import Document
from publisher.validation import validate
from publisher.written import WrittenNumber, parse_number, written_text

PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
INTEGER = re.compile(r"-?(0|[1-9][0-9]*)")
DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\s]+')
WORKERS = 2
VariantRows = list[dict[str, str | WrittenNumber]]  # numbers keep their written text ("2302.60", "0012")


class BatchOutline(Outline):
    """An outline with `variants:`: one build per entry, whose keys fill the {{ placeholders }} of every text."""

    variants: VariantRows = Field(
        default=[], min_length=1,
        description="One entry per output: its keys fill {{ key }} in any text; the first key names OUT/<value>/.")


class _Variants(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    variants: VariantRows = Field(min_length=1)


@dataclass(frozen=True)
class Variant:
    """One row of a batch: the folder it builds into, its placeholder values, and where it was written."""

    name: str
    values: dict[str, Any]
    origin: Span


@dataclass(frozen=True)
class VariantJob:
    """Everything a worker needs to build one variant."""

    outline: Path
    template: Document
    variant: Variant
    out_dir: Path
    formats: tuple[str, ...]
    theme: str | None
    allow_outside: bool


@dataclass(frozen=True)
class VariantResult:
    """What building one variant gave: its outputs (path, bytes), warnings or errors, and its time."""

    variant: Variant
    seconds: float
    outputs: tuple[tuple[str, int], ...] = ()
    warnings: tuple[str, ...] = ()
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Return True when the variant was built."""
        return not self.errors


# ---------------------------------------------------------------- reading variants


def declared_variants(doc: Document) -> list[Variant]:
    """Return the variants an outline declares under `variants:` (none when it has no such key)."""
    if not isinstance(doc.data, dict) or "variants" not in doc.data:
        return []
    rows = validate(_Variants, doc).variants
    return _named([(row, doc.span(("variants", i))) for i, row in enumerate(rows)])


def file_variants(ref: str) -> list[Variant]:
    """Return one variant per data row of a CSV file, or of an Excel worksheet (units.xlsx or units.xlsx#sheet)."""
    from publisher import workbook

    name, sheet = workbook.split_ref(ref)
    path = Path(name)
    return xlsx_variants(path, ref, sheet) if path.suffix.lower() in workbook.SUFFIXES else csv_variants(path)


def xlsx_variants(path: Path, ref: str, sheet: str) -> list[Variant]:
    """Return one variant per data row of a worksheet with a header: numbers stay numbers, other cells become the
    text Excel shows; raise PublisherError naming the file, sheet and row."""
    from publisher import workbook

    if not path.is_file():
        raise fail(path, "no such file")
    try:
        rows = workbook.read(path, ref, sheet, shown=True)
    except workbook.Unreadable as exc:
        raise fail(path, str(exc)) from None
    if len(rows.rows) < 2:
        raise fail(path, f"sheet '{rows.name}' needs a header row and at least one data row", 1, 1)
    header = [str(cell) for cell in rows.shown[0]]
    values = [[_cell(raw, text) for raw, text in zip(cells, shown, strict=True)]
              for (_, cells), shown in zip(rows.rows, rows.shown, strict=True)]
    return _named([(dict(zip(header, row, strict=False)), Span(str(path), number, rows.first_column))
                   for (number, _), row in zip(rows.rows[1:], values[1:], strict=True)])


def csv_variants(path: Path) -> list[Variant]:
    """Return one variant per data row of a UTF-8 CSV file with a header; raise PublisherError on bad rows."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise fail(path, f"cannot read file: {exc.strerror}") from None
    except UnicodeDecodeError:
        raise fail(path, "not UTF-8 text (save it as CSV UTF-8)", 1, 1) from None
    lines = csv_rows(text, path)
    if len(lines) < 2:
        raise fail(path, "needs a header row and at least one data row", 1, 1)
    header = lines[0][1]
    ragged = [Diagnostic(Span(str(path), n, 1), f"expected {len(header)} cells like the header; got {len(row)}")
              for n, row in lines[1:] if len(row) != len(header)]
    if ragged:
        raise PublisherError(ragged)
    rows = [({k: _typed(v) for k, v in zip(header, row, strict=True)}, Span(str(path), n, 1)) for n, row in lines[1:]]
    return _named(rows)


def _named(rows: list[tuple[dict[str, Any], Span]]) -> list[Variant]:
    """Return the rows as variants named by their first value; raise PublisherError on empty or repeated names."""
    problems, variants, seen = [], [], {}
    for values, span in rows:
        name = UNSAFE_IN_NAMES.sub("-", str(next(iter(values.values()), ""))).strip("-.")
        if not name:
            problems.append(Diagnostic(span, "the first value names the variant's folder; it is empty"))
        elif name in seen:
            problems.append(Diagnostic(span, f"variant '{name}' repeats the one at line {seen[name].line}"))
        else:
            seen[name] = span
            variants.append(Variant(name, values, span))
    if problems:
        raise PublisherError(problems)
    return variants


def _typed(cell: str) -> str | WrittenNumber:
    """Return a CSV cell as a number when it is written as one (no leading zeros), its text kept ("2302.60"), else
    as text."""
    return WrittenNumber(float(cell), cell) if INTEGER.fullmatch(cell) or DECIMAL.fullmatch(cell) else cell


def _cell(raw: Any, shown: str) -> str | WrittenNumber:
    """Return a worksheet cell: a number written as Excel shows it when that is a plain number (2302.60 formatted
    0.00), else to Excel's 15 digits; anything else as the text Excel shows."""
    if not isinstance(raw, int | float) or isinstance(raw, bool):
        return shown
    return WrittenNumber(raw, shown if parse_number(shown) else written_text(float(f"{raw:.15g}")))


# ---------------------------------------------------------------- filling placeholders


def template(doc: Document) -> Document:
    """Return the outline without its `variants:` key (positions kept)."""
    data = {k: v for k, v in doc.data.items() if k != "variants"} if isinstance(doc.data, dict) else doc.data
    return Document(doc.file, data, doc.spans, doc.text, doc.key_spans)


def fill(doc: Document, variant: Variant) -> Document:
    """Return the document with every {{ placeholder }} replaced by the variant's value; raise PublisherError
    naming each placeholder the variant has no value for."""
    problems: list[Diagnostic] = []
    data = _fill(doc.data, (), doc, variant, problems)
    if problems:
        raise PublisherError(problems)
    return Document(doc.file, data, doc.spans, doc.text, doc.key_spans)


def _fill(value: Any, path: tuple, doc: Document, variant: Variant, problems: list[Diagnostic]) -> Any:
    if isinstance(value, dict):
        return {k: _fill(v, (*path, k), doc, variant, problems) for k, v in value.items()}
    if isinstance(value, list):
        return [_fill(v, (*path, i), doc, variant, problems) for i, v in enumerate(value)]
    if isinstance(value, str) and "{{" in value:
        return _fill_text(value, path, doc, variant, problems)
    return value


def _fill_text(text: str, path: tuple, doc: Document, variant: Variant, problems: list[Diagnostic]) -> Any:
    whole = PLACEHOLDER.fullmatch(text.strip())
    if whole and whole.group(1) in variant.values:
        return variant.values[whole.group(1)]

    def replace(match: re.Match) -> str:
        key = match.group(1)
        if key in variant.values:
            return str(variant.values[key])
        keys = list(variant.values)
        problems.append(Diagnostic(doc.find(path, match.group(0)), f"variant '{variant.name}' has no value for "
                                   f"'{match.group(0)}'; it has {', '.join(keys)}{did_you_mean(key, keys)}",
                                   dotted(path)))
        return match.group(0)

    return PLACEHOLDER.sub(replace, text)


# ---------------------------------------------------------------- building


def build_variant(job: VariantJob) -> VariantResult:
    """Return the result of building one variant into OUT/<name>/; bad input or a bug becomes its errors."""
    from publisher.api import build_result

    start = time.perf_counter()
    try:
        doc = fill(job.template, job.variant)
        result = build_result(job.outline, job.out_dir / job.variant.name, job.formats, job.theme,
                              job.allow_outside, doc, parallel=False)
    except PublisherError as exc:
        return VariantResult(job.variant, time.perf_counter() - start, errors=tuple(map(str, exc.diagnostics)))
    except Exception as exc:  # a bug met by one variant must not stop the others
        return VariantResult(job.variant, time.perf_counter() - start,
                             errors=(f"{job.outline}: internal error: {type(exc).__name__}: {exc}",))
    outputs = tuple((str(p), p.stat().st_size) for p in result.outputs)
    return VariantResult(job.variant, time.perf_counter() - start, outputs, tuple(map(str, result.all_warnings())))


def build_all(jobs: list[VariantJob], workers: int = WORKERS,
              on_result: Callable[[VariantResult], None] = lambda result: None) -> list[VariantResult]:
    """Return the result of every job, in job order, built by a pool of worker processes; call on_result as each
    one finishes."""
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(build_variant, job): i for i, job in enumerate(jobs)}
        results: dict[int, VariantResult] = {}
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            on_result(results[futures[future]])
    return [results[i] for i in range(len(jobs))]


# ---------------------------------------------------------------- reporting


class Progress:
    """A progress line per finished variant: redrawn in place on a terminal, one plain line each otherwise."""

    def __init__(self, total: int, stream: TextIO):
        self.total, self.stream, self.done, self.failed = total, stream, 0, 0

    def __call__(self, result: VariantResult) -> None:
        """Show one more finished variant."""
        self.done += 1
        self.failed += not result.ok
        status = "ok" if result.ok else "FAILED"
        if not self.stream.isatty():
            self.stream.write(f"[{self.done}/{self.total}] {status} {result.variant.name} ({result.seconds:.1f} s)\n")
            return
        filled = round(24 * self.done / self.total)
        bar = "█" * filled + "·" * (24 - filled)
        end = "\n" if self.done == self.total else ""
        self.stream.write(f"\r\033[K{bar} {self.done}/{self.total}  {self.failed} failed  {result.variant.name}{end}")
        self.stream.flush()


def summary_table(results: Iterable[VariantResult]) -> str:
    """Return a text table: variant, status, output sizes, warnings, seconds, and where a failed one comes from."""
    rows = [("variant", "status", "outputs", "warnings", "seconds", "defined at")]
    for r in results:
        sizes = ", ".join(f"{Path(p).suffix[1:]} {size / 1024:,.0f} KB" for p, size in r.outputs)
        rows.append((r.variant.name, "ok" if r.ok else "FAILED", sizes or "-", str(len(r.warnings)),
                     f"{r.seconds:.1f}", "" if r.ok else str(r.variant.origin)))
    widths = [max(_width(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = ["  ".join(_pad(cell, w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _width(text: str) -> int:
    """Return the columns text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    """Return text padded with spaces to width terminal columns."""
    return text + " " * (width - _width(text))
