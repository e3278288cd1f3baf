"""Files an outline points to: resolve paths safely, read CSV data, check images and chart data."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher import limits
from publisher.errors import Diagnostic, PublisherError, Span, dotted
from publisher.model import Chart, ChartBlock, ImageBlock, Outline, Series, Table, TableBlock
from publisher.source import Document


@dataclass
class Inputs:
    """Everything needed to resolve an outline's files, and the problems found doing it."""

    doc: Document
    base_dir: Path
    allow_outside: bool = False

    def __post_init__(self) -> None:
        self.problems: list[Diagnostic] = []

    def problem(self, path: tuple, message: str, span: Span | None = None) -> None:
        self.problems.append(Diagnostic(span or self.doc.span(path), message, dotted(path)))

    def file(self, ref: str, path: tuple) -> Path | None:
        """Return the file an outline path names, or None after recording why it cannot be used."""
        raw = Path(ref)
        target = (self.base_dir / raw).resolve()
        inside = target.is_relative_to(self.base_dir.resolve())
        if (raw.is_absolute() or not inside) and not self.allow_outside:
            self.problem(path, f"'{ref}' is outside the outline's folder; pass --allow-outside to permit it")
            return None
        if not target.is_file():
            self.problem(path, f"no file '{ref}' (looked in {self.base_dir})")
            return None
        return target


def resolve(outline: Outline, doc: Document, base_dir: Path, allow_outside: bool = False) -> Outline:
    """Return the outline with CSV data read in; raise PublisherError for every bad file or data."""
    inputs = Inputs(doc, base_dir, allow_outside)
    sections = [_section(s, ("sections", i), inputs) for i, s in enumerate(outline.sections)]
    if inputs.problems:
        raise PublisherError(inputs.problems)
    return outline.model_copy(update={"sections": sections})


def _section(section, path: tuple, inputs: Inputs):
    blocks = [_block(b, (*path, "blocks", i), inputs) for i, b in enumerate(section.blocks)]
    children = [_section(s, (*path, "sections", i), inputs) for i, s in enumerate(section.sections)]
    return section.model_copy(update={"blocks": blocks, "sections": children})


def _block(block: Any, path: tuple, inputs: Inputs) -> Any:
    if isinstance(block, ChartBlock):
        return block.model_copy(update={"chart": _chart(block.chart, (*path, "chart"), inputs)})
    if isinstance(block, TableBlock):
        return block.model_copy(update={"table": _table(block.table, (*path, "table"), inputs)})
    if isinstance(block, ImageBlock):
        _image(block.image.path, (*path, "image", "path"), inputs)
    return block


def _chart(chart: Chart, path: tuple, inputs: Inputs) -> Chart:
    if chart.data:
        rows = _csv(chart.data, (*path, "data"), inputs)
        if rows is None:
            return chart
        chart = _chart_from_rows(chart, rows, (*path, "data"), inputs)
    elif not chart.series:
        inputs.problem(path, "a chart needs `series:` (with `categories:`) or `data:` naming a CSV file")
        return chart
    from publisher.charts.kinds import check

    for where, message in check(chart):
        inputs.problem((*path, *where), message)
    return chart


def _chart_from_rows(chart: Chart, rows: list[tuple[int, list[str]]], path: tuple, inputs: Inputs) -> Chart:
    (_, header), body = rows[0], rows[1:]
    columns: list[list[float]] = [[] for _ in header[1:]]
    for line, row in body:
        for col, cell in enumerate(row[1:], start=1):
            value = _number(cell)
            if value is None:
                inputs.problem(path, f"expected a number in column '{header[col]}'; got '{cell}'",
                               Span(str(inputs.base_dir / chart.data), line, col + 1))
            columns[col - 1].append(value or 0.0)
    series = [Series(name=name, values=values) for name, values in zip(header[1:], columns, strict=True)]
    return chart.model_copy(update={"categories": [r[0] for _, r in body], "series": series})


def _table(table: Table, path: tuple, inputs: Inputs) -> Table:
    if not table.data:
        width = len(table.columns)
        for i, row in enumerate(table.rows):
            if width and len(row) != width:
                inputs.problem((*path, "rows", i), f"expected {width} cells (one per column); got {len(row)}")
        return table
    rows = _csv(table.data, (*path, "data"), inputs)
    if rows is None:
        return table
    return table.model_copy(update={"columns": rows[0][1], "rows": [r for _, r in rows[1:]]})


def _csv(ref: str, path: tuple, inputs: Inputs) -> list[tuple[int, list[str]]] | None:
    """Return (line, cells) rows of a CSV file with a header, or None after recording the problem."""
    file = inputs.file(ref, path)
    if file is None:
        return None
    most = limits.active().csv_bytes
    if file.stat().st_size > most:
        inputs.problem(path, f"'{ref}' is larger than {most:,} bytes (raise it with --limit csv_bytes=N)")
        return None
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        inputs.problem(path, f"'{ref}' is not UTF-8 text (save it as CSV UTF-8)")
        return None
    reader = csv.reader(io.StringIO(text))
    rows = [(reader.line_num, [c.strip() for c in row]) for row in reader if any(c.strip() for c in row)]
    if len(rows) < 2:
        inputs.problem(path, f"'{ref}' needs a header row and at least one data row")
        return None
    width = len(rows[0][1])
    ragged = [(line, row) for line, row in rows[1:] if len(row) != width]
    for line, row in ragged:
        inputs.problem(path, f"expected {width} cells like the header; got {len(row)}", Span(str(file), line, 1))
    return None if ragged else rows


def _number(cell: str) -> float | None:
    try:
        value = float(cell.replace(",", "").replace("，", ""))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _image(ref: str, path: tuple, inputs: Inputs) -> None:
    file = inputs.file(ref, path)
    if file is None:
        return
    from PIL import Image, UnidentifiedImageError

    most = limits.active().image_pixels
    try:
        with Image.open(file) as image:
            if image.width * image.height > most:
                inputs.problem(path, f"'{ref}' has {image.width}×{image.height} pixels; the limit is {most:,} "
                               "(raise it with --limit image_pixels=N)")
                return
            image.verify()
    except Image.DecompressionBombError:
        inputs.problem(path, f"'{ref}' claims more than {most:,} pixels (a decompression bomb?)")
    except (UnidentifiedImageError, OSError) as exc:
        inputs.problem(path, f"'{ref}' is not a readable PNG or JPEG image ({type(exc).__name__})")
