"""Read a source document (.txt, .md, .docx) into passages: blocks of lines with their position and kind."""
from __future__ import annotations

import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import fail

MAX_BYTES = 10 * 1024 * 1024
MAX_DOCX_UNZIPPED = 100 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
MARKDOWN_SUFFIXES = (".md", ".markdown")
DOCX_SUFFIXES = (".docx",)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\u202f"


@dataclass(frozen=True)
class Passage:
    """A block of consecutive lines of the source."""

    lines: tuple[str, ...]
    line: int  # first line in the file (for .docx: the paragraph number)
    gap: int = 1  # blank lines (or empty paragraphs) before it
    level: int | None = None  # heading level the source states (Markdown #, Word heading style); 0 = title
    kind: str = "text"  # text, item (a list item) or quote

    @property
    def text(self) -> str:
        """Return the lines joined without separators (Chinese text has no spaces between lines)."""
        return "".join(self.lines)


def read(path: Path) -> list[Passage]:
    """Return the passages of a source file; raise PublisherError on anything that is not a readable document."""
    raw = _bytes(path)
    suffix = path.suffix.lower()
    if suffix in DOCX_SUFFIXES:
        passages = _docx_passages(path)
    elif suffix in MARKDOWN_SUFFIXES:
        passages = markdown_passages(decode(path, raw))
    elif suffix in TEXT_SUFFIXES:
        passages = text_passages(decode(path, raw))
    else:
        raise fail(path, f"unsupported source type '{path.suffix}'; expected .txt, .md or .docx")
    if not passages:
        raise fail(path, "the document has no text", 1, 1)
    return passages


def _bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise fail(path, f"file is {size:,} bytes; the limit is {MAX_BYTES:,} bytes ({MAX_BYTES // 2**20} MB)")
        raw = path.read_bytes()
    except IsADirectoryError:
        raise fail(path, "this is a folder; expected a .txt, .md or .docx file") from None
    except OSError as exc:
        raise fail(path, f"cannot read file: {exc.strerror}") from None
    if not raw:
        raise fail(path, "the file is empty (0 bytes)", 1, 1)
    return raw


def decode(path: Path, raw: bytes) -> str:
    """Return the text of raw bytes (UTF-8, UTF-16 with a BOM, or GB18030); raise on binary data."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
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
    return text


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


def clean_line(line: str) -> str:
    """Return a line without invisible characters and surrounding spaces (ideographic spaces included)."""
    return line.translate(_INVISIBLE).strip(_SPACES)


def text_passages(text: str) -> list[Passage]:
    """Return the blocks of plain text: runs of non-blank lines; a form feed (page break) also ends a block."""
    builder = _Blocks()
    for number, raw_line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        pages = raw_line.split("\f")
        for page, piece in enumerate(pages):
            if page:
                builder.end(page_break=True)
            builder.feed(number, clean_line(piece), last=page == len(pages) - 1)
    builder.end()
    return builder.passages


class _Blocks:
    """Collect lines into passages, counting the blank lines between them."""

    def __init__(self) -> None:
        self.passages: list[Passage] = []
        self.lines: list[str] = []
        self.start = self.blank = self.gap = 0

    def feed(self, number: int, line: str, last: bool) -> None:
        """Add a cleaned line (or the last piece of a line split by form feeds); a blank one ends the block."""
        if line:
            if not self.lines:
                self.start = number
            self.lines.append(line)
            self.gap = self.blank if len(self.lines) == 1 else self.gap
            self.blank = 0
        elif last:
            self.end()
            self.blank += 1

    def end(self, page_break: bool = False) -> None:
        """Close the current block; a page break counts as a blank line before the next one."""
        if self.lines:
            self.passages.append(Passage(tuple(self.lines), self.start, self.gap))
            self.lines = []
        if page_break:
            self.blank = max(self.blank, 1)


_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_MD_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}[.)])\s+")
_MD_FENCE = re.compile(r"^\s*(```|~~~)")
_MD_RULE = re.compile(r"^\s*(?:[-*_]\s*){3,}$|^\s*\|?[\s:|-]+\|[\s:|-]*$")
_MD_INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"<[^>\n]+>"), ""),
    (re.compile(r"(\*\*|__|\*|`)"), ""),
]


def markdown_passages(text: str) -> list[Passage]:
    """Return the passages of Markdown: headings with their level, list items, quotes and paragraphs."""
    reader = _MarkdownReader()
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        reader.feed(number, line)
    reader.flush()
    return reader.passages


class _MarkdownReader:
    """Group Markdown lines into passages, one line at a time."""

    def __init__(self) -> None:
        self.passages: list[Passage] = []
        self.lines: list[str] = []
        self.start = self.blank = 0
        self.kind = "text"
        self.fenced = False

    def feed(self, number: int, line: str) -> None:
        """Add one Markdown line: fences and rules are skipped, a heading is a passage of its own."""
        if _MD_FENCE.match(line):
            self.flush()
            self.fenced = not self.fenced
            return
        if self.fenced or _MD_RULE.match(line):
            return
        heading = _MD_HEADING.match(line)
        if heading:
            self.flush()
            self.passages.append(Passage((_inline(heading.group(2)),), number, self.blank, len(heading.group(1))))
            self.blank = 0
            return
        self._body(number, line)

    def _body(self, number: int, line: str) -> None:
        kind, content = "text", line
        if _MD_ITEM.match(line):
            kind, content = "item", line[_MD_ITEM.match(line).end():]
        elif line.lstrip().startswith(">"):
            kind, content = "quote", line.lstrip()[1:]
        elif line.lstrip().startswith("|"):
            content = " ".join(cell.strip() for cell in line.strip().strip("|").split("|"))
        content = clean_line(_inline(content))
        if not content:
            self.flush()
            self.blank += 1
            return
        if kind == "item" or (kind != self.kind and self.lines):
            self.flush()
        if not self.lines:
            self.start, self.kind = number, kind
        self.lines.append(content)

    def flush(self) -> None:
        """Close the passage being collected."""
        if self.lines:
            self.passages.append(Passage(tuple(self.lines), self.start, self.blank, None, self.kind))
            self.blank = 0
        self.lines = []
        self.kind = "text"


def _inline(text: str) -> str:
    for pattern, replacement in _MD_INLINE:
        text = pattern.sub(replacement, text)
    return text


def _docx_passages(path: Path) -> list[Passage]:
    _check_docx_archive(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
        blocks = list(document.iter_inner_content())
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise fail(path, f"not a readable Word document ({type(exc).__name__}: {exc})") from None
    return _docx_blocks(blocks)


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


def _docx_blocks(blocks: list) -> list[Passage]:
    passages: list[Passage] = []
    blank = 0
    for number, block in enumerate(blocks, start=1):
        texts, level, kind = _docx_block(block)
        lines = tuple(line for line in map(clean_line, texts) if line)
        if not lines:
            blank += 1
            continue
        if kind == "row":
            passages.extend(Passage((line,), number, blank) for line in lines)
        else:
            passages.append(Passage(lines, number, blank, level, kind))
        blank = 0
    return passages


def _docx_block(block) -> tuple[list[str], int | None, str]:
    """Return (lines, heading level, kind) of a Word paragraph or table."""
    from docx.table import Table

    if isinstance(block, Table):
        return [" ".join(cell.text for cell in row.cells) for row in block.rows], None, "row"
    style = (block.style.name if block.style is not None else "") or ""
    return block.text.split("\n"), _docx_level(style), "item" if "List" in style else "text"


def _docx_level(style: str) -> int | None:
    if style in ("Title", "标题"):
        return 0
    found = re.match(r"^(?:Heading|标题)\s*(\d)$", style)
    return int(found.group(1)) if found else None
