"""Excel workbooks (.xlsx): the worksheet a chart's or table's `data:` names, read as rows of cells with openpyxl.

A workbook is checked before openpyxl opens it (its size, unpacked size, and whether it is an old .xls or a
password-protected file), then streamed in read-only mode up to a number of cells, whatever the sizes it claims.
Formulas give the values Excel saved with them; a workbook never opened in Excel has none. For a table, each
cell's text is also read as Excel shows it, its number format applied (publisher.inputs.excel_format).
"""
from __future__ import annotations

import contextlib
import datetime
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import did_you_mean
from publisher.inputs import excel_format
from publisher.outline import limits

Cell = str | int | float | None
SUFFIXES = (".xlsx", ".xlsm")
OLD_SUFFIXES = (".xls", ".et")  # Excel 97-2003 and WPS spreadsheets: binary formats openpyxl cannot read
SHEET_REF = re.compile(r"(?P<file>.+?\.xls[xm])#(?P<sheet>.*)", re.IGNORECASE | re.DOTALL)
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # the container of .xls files and of password-protected .xlsx
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
SAVE_AS = "open it in Excel or WPS and save it as .xlsx"


class Unreadable(Exception):
    """A workbook or worksheet that cannot be used; the message says why and what to do."""


@dataclass(frozen=True)
class Sheet:
    """The non-empty rows of a worksheet, as (row number, cells), without its empty leading and trailing columns;
    rows shorter than the header are padded with None."""

    name: str
    rows: list[tuple[int, list[Cell]]]
    first_column: int  # the 1-based worksheet column of each row's first cell
    shown: list[list[str]] | None = None  # each cell of rows as Excel shows it ("" when empty), if asked for


def split_ref(ref: str) -> tuple[str, str]:
    """Return the file and the sheet a `data:` value names: 'a.xlsx#2024' → ('a.xlsx', '2024'); sheet '' is the
    first visible worksheet, and any other value is a file."""
    match = SHEET_REF.fullmatch(ref)
    return (match["file"], match["sheet"].strip()) if match else (ref, "")


def read(file: Path, ref: str, sheet: str, shown: bool = False) -> Sheet:
    """Return the rows of the named worksheet (the first when sheet is ''), with shown also the text each cell
    shows in Excel; raise Unreadable saying why not."""
    _check_container(file, ref)
    with _opened(file, ref, data_only=True) as book:
        chosen = _worksheet(book, ref, sheet)
        merged = _merged_cells(book, chosen)
        rows = list(_stream(chosen, f"'{ref}' sheet '{chosen.title}'", shown, merged))
    return _trimmed(chosen.title, rows, shown)


def formula_cells(file: Path, sheet: str, last_row: int) -> set[tuple[int, int]]:
    """Return the (row, column) of every formula cell of a worksheet down to last_row (none if it cannot be read)."""
    with contextlib.suppress(Unreadable), _opened(file, str(file), data_only=False) as book:
        chosen = book[sheet]
        chosen.reset_dimensions()
        return {(cell.row, cell.column) for row in chosen.iter_rows(max_row=last_row) for cell in row
                if getattr(cell, "data_type", None) == "f"}
    return set()


def _check_container(file: Path, ref: str) -> None:
    """Raise Unreadable for a workbook too large, protected, old, or not a workbook at all."""
    most = limits.active().xlsx_bytes
    if file.stat().st_size > most:
        raise Unreadable(f"'{ref}' is larger than {most:,} bytes (raise it with --limit xlsx_bytes=N)")
    with file.open("rb") as stream:
        head = stream.read(len(OLE_MAGIC))
    if head == OLE_MAGIC and ENCRYPTED_STREAM in file.read_bytes():
        raise Unreadable(f"'{ref}' is protected with a password; remove the password in Excel or WPS "
                         "(File › Info › Protect Workbook) and save it again")
    if head == OLE_MAGIC:
        raise Unreadable(f"'{ref}' is an Excel 97-2003 (.xls) file, not .xlsx; {SAVE_AS}")
    if not zipfile.is_zipfile(file):
        raise Unreadable(f"'{ref}' is not an Excel workbook (a CSV or text file named .xlsx?); {SAVE_AS}")
    _check_unpacked(file, ref, most)


def _check_unpacked(file: Path, ref: str, most: int) -> None:
    """Raise Unreadable for a workbook whose parts unpack to more than most bytes (a decompression bomb)."""
    try:
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(entry.file_size for entry in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise Unreadable(f"'{ref}' is a damaged zip archive ({exc}); {SAVE_AS}") from exc
    if unpacked > most:
        raise Unreadable(f"'{ref}' unpacks to {unpacked:,} bytes; the limit is {most:,} (a decompression bomb? "
                         "raise it with --limit xlsx_bytes=N)")


@contextlib.contextmanager
def _opened(file: Path, ref: str, data_only: bool) -> Iterator[Any]:
    """Yield the workbook opened read-only, openpyxl's warnings about features it drops silenced."""
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
        try:
            book = load_workbook(file, read_only=True, data_only=data_only)
        except Exception as exc:  # openpyxl raises whatever its parsers meet in a damaged file
            raise Unreadable(f"'{ref}' is not a readable Excel workbook ({type(exc).__name__}); {SAVE_AS}") from exc
        try:
            yield book
        finally:
            book.close()


def _worksheet(book: Any, ref: str, sheet: str) -> Any:
    """Return the worksheet named sheet, or when sheet is '' the first one Excel shows (hidden sheets, which often
    hold working figures, are read only when named)."""
    worksheets = {ws.title: ws for ws in book.worksheets}
    if not worksheets:
        raise Unreadable(f"'{ref}' has no worksheet")
    if not sheet:
        shown = [ws for ws in worksheets.values() if getattr(ws, "sheet_state", "visible") == "visible"]
        return (shown or list(worksheets.values()))[0]
    if sheet not in worksheets:
        names = ", ".join(f"'{name}'" for name in worksheets)
        raise Unreadable(f"'{ref}' has no sheet '{sheet}'; expected one of {names}"
                         + did_you_mean(sheet, list(worksheets)))
    return worksheets[sheet]


def _stream(worksheet: Any, label: str, shown: bool, merged: Merged | None = None,
            ) -> Iterator[tuple[int, list[Cell], list[str] | None]]:
    """Yield the non-empty rows of a worksheet (and with shown, their cells as Excel shows them), stopping past the
    cell limit (non-empty rows × the widest of them so far); empty rows, which a file may hold by the million
    (formatting), cost nothing but the time to skip them, bounded by the workbook's unpacked size. Every cell of a
    merged range holds the value its first cell shows across them."""
    most, widest, kept, epoch = limits.active().xlsx_cells, 1, 0, worksheet.parent.epoch
    anchors: dict[tuple[int, int], tuple[Cell, str]] = {}
    for number, row in enumerate(_rows(worksheet, label, shown), start=1):
        values = [cell.value for cell in row] if shown else row
        cells = [None if v is None else _value(v) for v in values]
        texts = [_shown(cell, epoch) for cell in row] if shown else None
        for column, anchor in (merged or {}).get(number, ()):
            cells, texts = _spread(cells, texts, number, column, anchor, anchors)
        if all(c is None for c in cells):
            continue
        kept, widest = kept + 1, max(widest, len(cells))
        if kept * widest > most:
            raise Unreadable(f"{label} has more than {most:,} cells (rows × columns); raise the limit with "
                             "--limit xlsx_cells=N")
        yield number, cells, texts


Merged = dict[int, list[tuple[int, tuple[int, int]]]]  # row → (column, (row, column) of its range's first cell)
MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]+)([0-9]+):([A-Z]+)([0-9]+)"')


def _merged_cells(book: Any, worksheet: Any) -> Merged:
    """Return the cells of the worksheet's merged ranges, row by row in column order (openpyxl's read-only mode
    does not read them: they are found in the worksheet's XML)."""
    from openpyxl.utils import column_index_from_string

    path, archive = getattr(worksheet, "_worksheet_path", None), getattr(book, "_archive", None)
    if not path or archive is None:
        return {}
    out: Merged = {}
    with archive.open(path) as xml:
        for match in MERGE_CELL.finditer(xml.read()):
            first_col, first_row, last_col, last_row = (column_index_from_string(match[1].decode()), int(match[2]),
                                                        column_index_from_string(match[3].decode()), int(match[4]))
            for row in range(first_row, last_row + 1):
                out.setdefault(row, []).extend((col, (first_row, first_col))
                                               for col in range(first_col, last_col + 1))
    return {row: sorted(cells) for row, cells in out.items()}


def _spread(cells: list[Cell], texts: list[str] | None, row: int, column: int, anchor: tuple[int, int],
            anchors: dict[tuple[int, int], tuple[Cell, str]]) -> tuple[list[Cell], list[str] | None]:
    """Return a row's cells with the merged cell at (row, column) holding its range's value (kept in anchors when
    this is the range's first cell)."""
    if len(cells) < column:
        cells = cells + [None] * (column - len(cells))
        texts = None if texts is None else texts + [""] * (column - len(texts))
    if anchor == (row, column):
        anchors[anchor] = (cells[column - 1], texts[column - 1] if texts is not None else "")
    elif anchor in anchors:
        cells[column - 1] = anchors[anchor][0]
        if texts is not None:
            texts[column - 1] = anchors[anchor][1]
    return cells, texts


def _rows(worksheet: Any, label: str, cells: bool) -> Iterator[tuple[Any, ...]]:
    """Yield every row of a worksheet as values (as cells when asked), from row 1, whatever range the file claims
    to use."""
    worksheet.reset_dimensions()
    try:
        yield from worksheet.iter_rows(values_only=not cells)
    except Exception as exc:  # a damaged worksheet fails while it is streamed
        raise Unreadable(f"{label} is not readable ({type(exc).__name__}); {SAVE_AS}") from exc


def _shown(cell: Any, epoch: datetime.datetime) -> str:
    """Return a cell as Excel shows it: a number or date by its number format (General, or ISO text for a date,
    when the format is not one rendered here), text as it is."""
    value = cell.value
    if isinstance(value, int | float | datetime.date | datetime.time) and not isinstance(value, bool):
        text = excel_format.shown(value, _number_format(cell), epoch)
        if text is not None:
            return text
        if isinstance(value, int | float):
            return excel_format.general(value)
    data = None if value is None else _value(value)
    return "" if data is None else str(data)


def _number_format(cell: Any) -> str:
    """Return a cell's number format code; built-in formats that depend on the language as Chinese Excel shows
    them (openpyxl reports some of them as General)."""
    style = getattr(cell, "style_array", None)  # an empty cell has none
    if style is None:
        return "General"
    return excel_format.LOCAL_BUILTINS.get(style.numFmtId) or cell.number_format or "General"


def _value(value: Any) -> Cell:
    """Return a cell's value as data: numbers as they are, text stripped (blank is None), dates as ISO text."""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    return value


def _trimmed(name: str, rows: list[tuple[int, list[Cell], list[str] | None]], shown: bool) -> Sheet:
    """Return the sheet without its empty leading columns and each row's empty trailing cells; rows shorter than
    the header are padded to its width."""
    first = min((next(i for i, c in enumerate(cells) if c is not None) for _, cells, _ in rows), default=0)
    kept, texts = [], []
    for number, cells, shown_cells in rows:
        cells = cells[first:]
        while cells[-1] is None:
            cells.pop()
        kept.append((number, cells))
        texts.append((shown_cells or [])[first:first + len(cells)])
    width = len(kept[0][1]) if kept else 0
    padded = [(number, cells + [None] * (width - len(cells))) for number, cells in kept]
    shown_rows = [row + [""] * (width - len(row)) for row in texts] if shown else None
    return Sheet(name, padded, first + 1, shown_rows)
