"""Files an outline points to: resolve paths safely, read CSV and Excel data, check images and chart data."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError, Span, dotted, fail
from publisher.inputs import workbook
from publisher.inputs.workbook import Cell
from publisher.outline import limits
from publisher.outline.model import (
    Chart,
    ChartBlock,
    ImageBlock,
    Outline,
    Series,
    Table,
    TableBlock,
    missing_value,
    number_problem,
    shown,
)
from publisher.outline.source import Document
from publisher.outline.validation import CONTROL
from publisher.text.written import WrittenNumber, parse_number, written_text

IMAGE_FORMATS = ("PNG", "JPEG", "MPO", "GIF")  # what both writers draw (MPO: a camera's JPEG with a preview)


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
        bad = next((ch for ch in ref if ord(ch) < 32 or ord(ch) == 127), None)
        if bad is not None:
            self.problem(path, f"a file name cannot hold the control character U+{ord(bad):04X}; got {ref!r}")
            return None
        raw = Path(ref)
        try:
            target = (self.base_dir / raw).resolve()
        except (OSError, RuntimeError):  # Python 3.11 says RuntimeError for a loop of symbolic links
            self.problem(path, f"'{ref}' cannot be found: its symbolic links point at each other in a loop")
            return None
        inside = target.is_relative_to(self.base_dir.resolve())
        if (raw.is_absolute() or not inside) and not self.allow_outside:
            self.problem(path, f"'{ref}' is outside the outline's folder; pass --allow-outside to permit it")
            return None
        if target.is_dir():
            self.problem(path, f"'{ref}' is a folder; expected a file")
            return None
        if target.exists() and not target.is_file():
            self.problem(path, f"'{ref}' is not a regular file (a pipe, socket or device); expected a file")
            return None
        if not target.is_file():
            self.problem(path, f"no file '{ref}' (looked in {self.base_dir})")
            return None
        return target


@dataclass(frozen=True)
class Grid:
    """A header row and data rows from a CSV file or an Excel worksheet, each row with its line or row number."""

    ref: str  # the file as the outline names it
    file: Path
    rows: list[tuple[int, list[Cell]]]
    sheet: str = ""  # the worksheet read; "" for a CSV file
    first_column: int = 1  # the worksheet column of each row's first cell
    shown: list[list[str]] | None = None  # a worksheet's rows as Excel shows them, number formats applied (tables)

    @property
    def label(self) -> str:
        """Return how messages name the data: 'data/a.csv', or 'data/a.xlsx' sheet '2024'."""
        return f"'{self.ref}' sheet '{self.sheet}'" if self.sheet else f"'{self.ref}'"

    @property
    def header(self) -> list[str]:
        return [_text(cell) for cell in self.rows[0][1]]

    def span(self, line: int, column: int) -> Span | None:
        """Return where a cell's problem is shown: at the CSV cell, or (None) at the outline's `data:` value."""
        return None if self.sheet else Span(str(self.file), line, column + 1)

    def cell(self, line: int, column: int) -> str:
        """Return the start of a message about a worksheet cell ("'a.xlsx' sheet '2024' cell C7: "), "" for CSV."""
        if not self.sheet:
            return ""
        from openpyxl.utils import get_column_letter

        return f"{self.label} cell {get_column_letter(self.first_column + column)}{line}: "

    def is_formula(self, line: int, column: int) -> bool:
        """Return whether a worksheet cell holds a formula (read again only when a message needs to know)."""
        return bool(self.sheet) and (line, self.first_column + column) in self._formulas

    @cached_property
    def _formulas(self) -> set[tuple[int, int]]:
        return workbook.formula_cells(self.file, self.sheet, self.rows[-1][0])


def named_files(outline: Outline, doc: Document, base_dir: Path) -> list[tuple[Path, str, Span]]:
    """Return every file the outline's blocks name (data files and images) as (path, what, where it is named)."""
    found = []
    for place, block in _blocks(outline.sections, ("sections",)):
        if isinstance(block, ChartBlock | TableBlock):
            key = "chart" if isinstance(block, ChartBlock) else "table"
            ref, field, what = getattr(block, key).data, (*place, key, "data"), "the data file"
        elif isinstance(block, ImageBlock):
            ref, field, what = block.image.path, (*place, "image", "path"), "the image"
        else:
            continue
        if ref:
            found.append(((base_dir / workbook.split_ref(ref)[0]).resolve(), what, doc.span(field)))
    return found


def _blocks(sections: list, path: tuple) -> Any:
    """Yield (path, block) for every block of the sections and their sub-sections."""
    for i, section in enumerate(sections):
        for j, block in enumerate(section.blocks):
            yield (*path, i, "blocks", j), block
        yield from _blocks(section.sections, (*path, i, "sections"))


def resolve(outline: Outline, doc: Document, base_dir: Path, allow_outside: bool = False) -> Outline:
    """Return the outline with CSV and Excel data read in; raise PublisherError for every bad file or data."""
    inputs = Inputs(doc, base_dir, allow_outside)
    sections = [_section(s, ("sections", i), inputs) for i, s in enumerate(outline.sections)]
    if inputs.problems:
        raise PublisherError(inputs.problems)
    return outline.model_copy(update={"sections": sections})


def notices(outline: Outline, doc: Document) -> list[Diagnostic]:
    """Return a warning for each chart whose valid data may still mislead (percentages not adding up to 100), and
    for each scale the document's language has no word of its own for (万 in English)."""
    from publisher.charts.kinds import notices as chart_notices
    from publisher.theme.locales import scale_notices

    found = [((*path, *where), message, path) for path, chart in _charts(outline.sections, ("sections",))
             for where, message in chart_notices(chart)]
    found += [(path, message, path) for path, message in scale_notices(outline)]
    return [Diagnostic(doc.span(place), message, dotted(path), "warning") for place, message, path in found]


def _charts(sections: list, path: tuple) -> Iterator[tuple[tuple, Chart]]:
    for i, section in enumerate(sections):
        for j, block in enumerate(section.blocks):
            if isinstance(block, ChartBlock):
                yield (*path, i, "blocks", j, "chart"), block.chart
        yield from _charts(section.sections, (*path, i, "sections"))


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
        grid = _grid(chart.data, (*path, "data"), inputs, shown=True)
        if grid is None or not _names_every_series(grid, (*path, "data"), inputs):
            return chart
        chart = _chart_from_rows(chart, grid, (*path, "data"), inputs)
    elif not chart.series:
        inputs.problem(path, "a chart needs `series:` (with `categories:`) or `data:` naming a CSV or .xlsx file")
        return chart
    from publisher.charts.kinds import check

    for where, message in check(chart):
        inputs.problem((*path, *where), message)
    return chart


def _chart_from_rows(chart: Chart, grid: Grid, path: tuple, inputs: Inputs) -> Chart:
    header, body = grid.header, grid.rows[1:]
    columns: list[list[float]] = [[] for _ in header[1:]]
    percents = _percent_cells(grid)
    shown_as_percent = {(line, col) for _, line, col in percents}
    mixed = any((line, col) not in shown_as_percent for _, _, col in percents for line, row in body
                if isinstance(row[col], int | float))
    numbers = sum(isinstance(cell, int | float) for _, row in body for cell in row[1:])
    whole = bool(percents) and len(percents) == numbers
    if percents and (mixed or whole and chart.unit not in ("", "%")):
        index, line, col = percents[0]
        why = f"in column '{header[col]}', whose other numbers are no percentages" if mixed else \
            f"but the chart's unit is '{chart.unit}'"
        inputs.problem(path, grid.cell(line, col) + f"shows {grid.shown[index][col]} (a percentage format) {why}; "
                       "a chart shows each number as its cell does: format a column's numbers alike",
                       grid.span(line, col))
    elif whole:  # every value shows as a percentage: the chart shows those numbers, in %
        chart = chart.model_copy(update={"unit": "%"})
    for index, (line, row) in enumerate(body, start=1):
        if _cell_problem(row[0]) == "a finite number" or isinstance(row[0], str) and missing_value(row[0]):
            inputs.problem(path, grid.cell(line, 0) + f"expected a category name; got {shown(row[0])}"
                           + (" (a missing value?)" if "nan" in str(row[0]).lower() else ""), grid.span(line, 0))
        for col, cell in enumerate(row[1:], start=1):
            problem = _cell_problem(cell)
            value = None if problem else _number(cell, grid.shown[index][col] if grid.shown else None)
            problem = problem or ("a number" if value is None else "")
            if problem:
                inputs.problem(path, grid.cell(line, col) + f"expected {problem} in column '{header[col]}'; got "
                               + _shown(grid, line, col, cell), grid.span(line, col))
            columns[col - 1].append(0.0 if problem else value)
    series = [Series(name=name, values=values) for name, values in zip(header[1:], columns, strict=True)]
    return chart.model_copy(update={"categories": [_text(r[0]) for _, r in body], "series": series})


def _percent_cells(grid: Grid) -> list[tuple[int, int, int]]:
    """Return (row index, line, column) of each value cell of a worksheet showing its number as a percentage."""
    if grid.shown is None:
        return []
    return [(index, line, col) for index, (line, row) in enumerate(grid.rows[1:], start=1)
            for col, cell in enumerate(row[1:], start=1)
            if isinstance(cell, int | float) and grid.shown[index][col].endswith("%")]


def _names_every_series(grid: Grid, path: tuple, inputs: Inputs) -> bool:
    """Return whether every header cell after the first names a series; record each one that does not."""
    line = grid.rows[0][0]
    unnamed = [col for col, name in enumerate(grid.header) if col and not name]
    for col in unnamed:
        inputs.problem(path, grid.cell(line, col) + "expected a series name in the header; got an empty cell",
                       grid.span(line, col))
    first_of: dict[str, int] = {}
    for col, name in enumerate(grid.header):
        first_of.setdefault(name, col)
    twice = [(col, first_of[name]) for col, name in enumerate(grid.header) if col and name and first_of[name] != col]
    for col, first in twice:
        inputs.problem(path, grid.cell(line, col) + f"series '{grid.header[col]}' is named twice in the header "
                       f"(columns {first + 1} and {col + 1}); a chart's legend tells its series apart by name",
                       grid.span(line, col))
    return not unnamed and not twice


def _table(table: Table, path: tuple, inputs: Inputs) -> Table:
    if not table.data:
        _check_inline_table(table, path, inputs)
        return table
    grid = _grid(table.data, (*path, "data"), inputs, shown=True)
    if grid is None or not _every_cell_shown(grid, (*path, "data"), inputs):
        return table
    if grid.shown is not None:  # a worksheet: its cells as Excel shows them, 0.497 formatted 0.0% as 49.7%
        return table.model_copy(update={"columns": grid.shown[0], "rows": grid.shown[1:]})
    rows = [["" if cell is None else cell for cell in row] for _, row in grid.rows[1:]]
    return table.model_copy(update={"columns": grid.header, "rows": rows})


def _check_inline_table(table: Table, path: tuple, inputs: Inputs) -> None:
    """Record the problems of a table written in the outline: no columns and no rows, `columns: []`, an empty row,
    a row not as wide as the columns."""
    if not table.columns and (*path, "columns") in inputs.doc.spans:
        inputs.problem((*path, "columns"), "must not be empty; name the columns, or leave `columns:` out for a "
                       "table without a header row")
    elif not table.columns and not table.rows:
        inputs.problem(path, "a table needs `columns:` and `rows:`, or `data:` naming a CSV or .xlsx file")
    width = len(table.columns) or len(table.rows[0]) if table.rows else 0
    like = "one per column" if table.columns else "like the first row"
    for i, row in enumerate(table.rows):
        if not row:
            inputs.problem((*path, "rows", i), "a row needs at least one cell")
        elif width and len(row) != width:
            inputs.problem((*path, "rows", i), f"expected {width} cells ({like}); got {len(row)}")


def _every_cell_shown(grid: Grid, path: tuple, inputs: Inputs) -> bool:
    """Return whether every cell of a table's data can be shown as it is; record each one that cannot: NaN or
    infinity (a number, or the text a program writes for a missing value), a formula with no saved value."""
    header, fine = grid.header, True
    for line, row in grid.rows[1:]:
        for col, cell in enumerate(row):
            if cell is None and not grid.is_formula(line, col):
                continue
            if cell is None or number_problem(cell) == "a finite number" or isinstance(cell, str) and \
                    missing_value(cell):
                inputs.problem(path, grid.cell(line, col) + f"expected a finite number or text in column "
                               f"'{header[col]}'; got " + _shown(grid, line, col, cell), grid.span(line, col))
                fine = False
    return fine


def _grid(ref: str, path: tuple, inputs: Inputs, shown: bool = False) -> Grid | None:
    """Return the rows of the CSV file or worksheet `data:` names (with shown, a worksheet's cells also as Excel
    shows them), or None after recording the problems."""
    name, sheet = workbook.split_ref(ref)
    file = inputs.file(name, path)
    if file is None:
        return None
    suffix = Path(name).suffix.lower()
    if suffix in workbook.OLD_SUFFIXES:
        inputs.problem(path, f"'{name}' is an Excel 97-2003 or WPS file, not .xlsx; {workbook.SAVE_AS}")
        return None
    if suffix in workbook.SUFFIXES:
        grid = _xlsx(name, sheet, file, path, inputs, shown)
    else:
        grid = _csv(name, file, path, inputs)
    return _checked(grid, path, inputs) if grid else None


def _xlsx(ref: str, sheet: str, file: Path, path: tuple, inputs: Inputs, shown: bool) -> Grid | None:
    """Return the rows of a worksheet, or None after recording why the workbook cannot be read."""
    try:
        worksheet = workbook.read(file, ref, sheet, shown)
    except workbook.Unreadable as exc:
        inputs.problem(path, str(exc))
        return None
    return Grid(ref, file, worksheet.rows, worksheet.name, worksheet.first_column, worksheet.shown)


def _csv(ref: str, file: Path, path: tuple, inputs: Inputs) -> Grid | None:
    """Return the (line, cells) rows of a CSV file, or None after recording why it cannot be read."""
    most = limits.active().csv_bytes
    if file.stat().st_size > most:
        inputs.problem(path, f"'{ref}' is larger than {most:,} bytes (raise it with --limit csv_bytes=N)")
        return None
    try:
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        inputs.problem(path, f"'{ref}' is not UTF-8 text (save it as CSV UTF-8)")
        return None
    try:
        return Grid(ref, file, csv_rows(text, file))
    except PublisherError as exc:
        inputs.problems += [replace(d, path=dotted(path)) for d in exc.diagnostics]
        return None


def csv_rows(text: str, file: Path) -> list[tuple[int, list[str]]]:
    """Return the non-empty rows of a CSV text as (line, stripped cells); raise PublisherError at the line and
    column of a control character (a NUL byte: a binary file?) or of a cell the csv module refuses. Cells are
    parted by commas, or by semicolons or tabs when the header row holds those and no comma (as Excel saves CSV
    where a comma is the decimal mark, and as tab-separated text is pasted)."""
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    rows = []
    try:
        for row in reader:
            cells = [c.strip() for c in row]
            if any(cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a cell is longer than {csv.field_size_limit():,} characters"
        raise fail(file, f"cannot read this CSV file: {message}", reader.line_num, 1) from None
    for line, cells in rows:
        for column, cell in enumerate(cells):
            bad = CONTROL.search(cell)
            if bad:
                what = "a NUL byte (is this a binary file?)" if bad.group() == "\0" else \
                    f"the control character U+{ord(bad.group()):04X}"
                raise fail(file, f"a cell holds {what}; expected text", line, column + 1)
    return rows


def _delimiter(text: str) -> str:
    """Return what parts the cells of a CSV text: the first of , ; and tab found in its first non-empty line."""
    header = next((line for line in text.splitlines() if line.strip()), "")
    return next((mark for mark in (",", ";", "\t") if mark in header), ",")


def _checked(grid: Grid, path: tuple, inputs: Inputs) -> Grid | None:
    """Return the grid if it has a header and data rows as wide as the header, else None after recording why."""
    if len(grid.rows) < 2:
        what = "has only a header row" if grid.rows else "is empty"
        inputs.problem(path, f"{grid.label} {what}; expected a header row and at least one data row")
        return None
    width = len(grid.rows[0][1])
    ragged = [(line, row) for line, row in grid.rows[1:] if len(row) != width]
    for line, row in ragged:
        inputs.problem(path, grid.cell(line, len(row) - 1) + f"expected {width} cell{'s' * (width != 1)} like the "
                       f"header; got {len(row)}", grid.span(line, 0))
    return None if ragged else grid


def _number(cell: Cell, shown: str | None = None) -> WrittenNumber | None:
    """Return a data cell's number with its written form: a CSV cell's text ("2302.60", "1,234"), or a worksheet
    cell as Excel shows it when that is a plain number (2302.6 formatted 0.00 → "2302.60"), else to Excel's 15
    digits (0.497 formatted 0.0% → "0.497")."""
    if not isinstance(cell, int | float):
        return parse_number(cell or "")
    value = float(cell)
    if value != value or abs(value) == float("inf"):
        return None
    percent = parse_number(shown[:-1]) if shown and shown.endswith("%") else None
    if percent is not None:  # 0.497 formatted 0.0% is shown, and charted, as 49.7 (in %)
        return percent
    text = shown if shown is not None and parse_number(shown) is not None else written_text(float(f"{value:.15g}"))
    return WrittenNumber(value, text)


def _cell_problem(cell: Cell) -> str:
    """Return what a data cell should have held when it holds NaN, infinity or a number too long to show exactly
    (as a number, or as text that reads as one: 'nan', '1e400'), else ""."""
    if isinstance(cell, str):
        try:
            return number_problem(float(cell.replace(",", "").replace("，", "")))
        except ValueError:
            return ""
    return number_problem(cell)


def _shown(grid: Grid, line: int, column: int, cell: Cell) -> str:
    """Return a cell that is not a number as a message shows it."""
    if cell is not None:
        return shown(cell)
    if grid.is_formula(line, column):
        return "a formula with no saved value; open and save the file in Excel or WPS"
    return "an empty cell"


def _text(cell: Cell) -> str:
    """Return a cell as a label: 2024 → '2024', 2024.0 → '2024', blank → ''."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return "" if cell is None else str(cell)


def _image(ref: str, path: tuple, inputs: Inputs) -> None:
    file = inputs.file(ref, path)
    if file is None:
        return
    from PIL import Image, UnidentifiedImageError

    most = limits.active().image_pixels
    try:
        with Image.open(file) as image:
            if image.format not in IMAGE_FORMATS:
                inputs.problem(path, f"'{ref}' is a {image.format} image, which a deck cannot hold; save it as PNG "
                               "or JPEG")
                return
            if image.width * image.height > most:
                inputs.problem(path, f"'{ref}' has {image.width}×{image.height} pixels; the limit is {most:,} "
                               "(raise it with --limit image_pixels=N)")
                return
            image.verify()
    except Image.DecompressionBombError:
        inputs.problem(path, f"'{ref}' claims more than {most:,} pixels (a decompression bomb?)")
    except (UnidentifiedImageError, OSError) as exc:
        kind = _other_kind(file)
        if kind:
            inputs.problem(path, f"'{ref}' is {kind}, not an image of pixels; export it as PNG or JPEG")
        else:
            inputs.problem(path, f"'{ref}' is not a readable PNG or JPEG image ({type(exc).__name__})")


def _other_kind(file: Path) -> str:
    """Return what a file that is no image seems to be from its first bytes ("an SVG drawing"), or ""."""
    with suppress(OSError), file.open("rb") as stream:
        head = stream.read(1024)
        if b"<svg" in head.lower():
            return "an SVG drawing"
        if head.startswith(b"%PDF"):
            return "a PDF document"
        if head[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypavif"):
            return "a HEIC or AVIF photo (as phones save them)"
    return ""
