"""Read a source document (.txt, .md, .docx, .html) into passages: blocks of located lines with their kind."""
from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from publisher.draft import furniture
from publisher.draft.located import Lines, Located
from publisher.draft.passages import Passage, Reading, clean_line
from publisher.errors import fail

MAX_BYTES = 10 * 1024 * 1024
MAX_DOCX_UNZIPPED = 100 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
DOCX_SUFFIXES = (".docx",)
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
KINDS = "a .txt, .md, .docx or .html file"


def read(path: Path) -> Reading:
    """Return what a source file holds; raise PublisherError on anything that is not a readable document."""
    raw = _bytes(path)
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        reading = _docx(path)
    elif suffix in MARKDOWN_SUFFIXES:
        from publisher.draft.markup import markdown_reading

        reading = markdown_reading(decode(path, raw))
    elif suffix in HTML_SUFFIXES:
        from publisher.draft.markup import html_reading

        reading = html_reading(decode(path, raw))
    elif suffix in TEXT_SUFFIXES:
        reading = text_reading(decode(path, raw))
    else:
        raise fail(path, f"unsupported source type '{path.suffix}'; expected {KINDS}")
    if not reading.passages:
        raise fail(path, "the document has no text", 1, 1)
    return reading


def _bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if path.exists() and not path.is_file() and not path.is_dir():
            raise fail(path, f"this is a pipe, socket or device; expected {KINDS}")
        if size > MAX_BYTES:
            raise fail(path, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes ({MAX_BYTES // 2**20} MB)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise fail(path, f"this is a folder; expected {KINDS}") from None
    except OSError as exc:
        raise fail(path, f"cannot read file: {exc.strerror}") from None
    if not raw:
        raise fail(path, "the file is empty (0 bytes)", 1, 1)
    return raw


def decode(path: Path, raw: bytes) -> str:
    """Return the text of raw bytes (UTF-8, UTF-16 with a BOM, or GB18030) with LF line ends; raise on binary."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _lf(raw.decode("utf-16"))
    if b"\x00" in raw[:8192]:
        raise fail(path, "this is a binary file, not text", *_position(raw, raw.index(b"\x00")))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        text = _gb18030(raw)
        if text is None:
            raise fail(path, "the file is neither UTF-8 nor GB18030 text", *_position(raw, exc.start)) from None
    if _control_share(text[:8192]) > 0.05:
        raise fail(path, "this is a binary file, not text", 1, 1)
    return _lf(text)


def _lf(text: str) -> str:
    """Return text with CR LF and CR line ends as LF; a CR LF becomes LF so columns stay those of the file."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _gb18030(raw: bytes) -> str | None:
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return None


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw[:offset].count(b"\n") + 1
    return line, offset - raw.rfind(b"\n", 0, offset)


def _control_share(text: str) -> float:
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    return controls / max(len(text), 1)


def text_reading(text: str) -> Reading:
    """Return the passages of plain text, without its page furniture: runs of non-blank lines."""
    lines = furniture_lines(text)
    kept, removals, prefix = furniture.strip(lines)
    return Reading(blocks(kept), Lines(text), "text", removals, prefix, wrap_width([line.value for line in kept]))


def furniture_lines(text: str) -> list[furniture.RawLine]:
    """Return every line of plain text, located, with the page it is on (form feeds start pages)."""
    out: list[furniture.RawLine] = []
    offset, page = 0, 0
    for number, raw_line in enumerate(text.split("\n"), start=1):
        start = offset
        for piece_index, piece in enumerate(raw_line.split("\f")):
            if piece_index:
                page += 1
            out.append(furniture.RawLine(clean_line(Located.at(piece, start)), number, page))
            start += len(piece) + 1
        offset += len(raw_line) + 1
    return out


def blocks(lines: list[furniture.RawLine]) -> list[Passage]:
    """Return runs of non-blank lines as passages, each with the number of blank lines before it; a page break
    between two lines ends a run."""
    passages: list[Passage] = []
    run: list[furniture.RawLine] = []
    blank = 0
    for line in lines:
        if run and (not line.value or line.page != run[-1].page):
            passages.append(Passage(tuple(r.text for r in run), run[0].number, blank))
            blank = 1 if line.value else 0
            run = []
        if line.value:
            run.append(line)
        else:
            blank += 1
    if run:
        passages.append(Passage(tuple(r.text for r in run), run[0].number, blank))
    return passages


def wrap_width(texts: list[str]) -> float | None:
    """Return the width in ems plain text was hard-wrapped at (the most common width of long lines, if a
    quarter of all lines have it), or None when lines are paragraphs."""
    widths = [round(width(text)) for text in texts if text]
    long = [w for w in widths if w >= 12]
    if len(long) < 8:
        return None
    common = max(set(long), key=lambda w: sum(1 for x in long if abs(x - w) <= 1))
    near = sum(1 for w in widths if abs(w - common) <= 1.5)
    return float(common) if near >= 0.25 * len(widths) else None


def width(text: str) -> float:
    """Return the width of text in ems: a Chinese character is one, a Latin letter or digit half."""
    return sum(0.5 if ord(c) < 0x2E80 or 0xFF61 <= ord(c) <= 0xFFDC else 1.0 for c in text)


def _docx(path: Path) -> Reading:
    _check_docx_archive(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        items = list(document.iter_inner_content())
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise fail(path, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    return _docx_reading(items)


def _check_docx_archive(path: Path) -> None:
    if not zipfile.is_zipfile(path):
        raise fail(path, "not a .docx file: it is not a zip archive (an old .doc or another format?); "
                         "save it from Word as .docx, or as .txt")
    try:
        with zipfile.ZipFile(path) as archive:
            unzipped = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise fail(path, f"not a readable .docx file ({exc})") from None
    if "word/document.xml" not in names:
        raise fail(path, "not a Word document: the zip archive has no word/document.xml")
    if unzipped > MAX_DOCX_UNZIPPED:
        raise fail(path, f"the document unpacks to {unzipped:,} bytes; the limit is {MAX_DOCX_UNZIPPED:,} bytes")


def _docx_reading(items: list) -> Reading:
    """Return the passages of Word paragraphs and tables; a paragraph's number is its line, a character's place
    in it its column."""
    passages: list[Passage] = []
    texts: list[str] = []
    blank = 0
    for number, item in enumerate(items, start=1):
        pieces, level, kind = _docx_item(item)
        start = sum(len(t) + 1 for t in texts)
        texts.append("\v".join(pieces))
        lines, offset = [], start
        for piece in pieces:
            line = clean_line(Located.at(piece, offset))
            offset += len(piece) + 1
            if line.text:
                lines.append(line)
        if not lines:
            blank += 1
            continue
        if kind == "table":
            passages.extend(_docx_rows(item, number, start))
        else:
            passages.append(Passage(tuple(lines), number, blank, level, kind))
        blank = 0
    return Reading(passages, Lines("\n".join(texts)), "docx")


def _docx_rows(table, number: int, start: int) -> list[Passage]:
    """Return a Word table's rows, a passage each, a cell a line (located in the table's line of text)."""
    rows, offset = [], start
    for row in table.rows:
        cells = []
        for cell in row.cells:
            cells.append(clean_line(Located.at(cell.text.replace("\n", " "), offset)))
            offset += len(cell.text) + 1
        filled = [cell for cell in cells if cell.text]
        if len(filled) == 1:  # a one-cell row lays out text, it holds no data
            rows.append(Passage((filled[0],), number, 0))
        elif filled:
            rows.append(Passage(tuple(cells), number, 0, None, "row"))
    return rows


def _docx_item(item) -> tuple[list[str], int | None, str]:
    """Return (lines, heading level, kind) of a Word paragraph or table."""
    from docx.table import Table

    if isinstance(item, Table):
        return [" ".join(cell.text for cell in row.cells) for row in item.rows], None, "table"
    style = (item.style.name if item.style is not None else "") or ""
    return item.text.split("\n"), _docx_level(style), "item" if "List" in style else "text"


def _docx_level(style: str) -> int | None:
    if style in ("Title", "标题", "標題"):
        return 0
    found = re.match(r"^(?:Heading|标题|標題)\s*(\d)$", style)
    return int(found.group(1)) if found else None
