"""Read marked-up sources into passages: Markdown with markdown-it-py (CommonMark), HTML with the standard
library's parser, every character located in the file."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from publisher.draft.furniture import Removal
from publisher.draft.located import Lines, Located, join
from publisher.draft.passages import SPACES, Passage, Reading, clean_line

# ---- Markdown ----------------------------------------------------------------------------------------------------


def markdown_reading(text: str) -> Reading:
    """Return the passages of Markdown: headings with their level, list items, quotes, paragraphs, table rows."""
    from markdown_it import MarkdownIt

    parser = MarkdownIt("commonmark").enable("table")
    tokens = parser.parse(text)
    lines = Lines(text)
    passages: list[Passage] = []
    context: list[str] = []
    level: int | None = None
    last_end = 0
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open", "blockquote_open", "tr_open"):
            context.append(token.type)
        elif token.type in ("bullet_list_close", "ordered_list_close", "blockquote_close", "tr_close"):
            context.pop()
        elif token.type == "heading_open":
            level = int(token.tag[1])
        elif token.type == "inline" and token.map:
            start, end = token.map
            located = _inline_lines(token, text, lines.starts[start], _offset(lines, end, text))
            kind = _markdown_kind(context)
            gap = max(start - last_end, 0) if kind != "row" else 0
            if located:
                passages.append(Passage(tuple(located), start + 1, gap, level, kind))
            last_end = end
            level = None
    return Reading(_rows_as_lines(passages), lines, "markdown")


def _offset(lines: Lines, line_index: int, text: str) -> int:
    return lines.starts[line_index] if line_index < len(lines.starts) else len(text)


def _markdown_kind(context: list[str]) -> str:
    if "tr_open" in context:
        return "row"
    if context and context[-1] in ("bullet_list_open", "ordered_list_open"):
        return "item"
    return "quote" if "blockquote_open" in context else "text"


def _inline_lines(token, source: str, start: int, end: int) -> list[Located]:
    """Return the lines of an inline token's text (soft and hard breaks end a line), each character found in the
    source between start and end (escapes, emphasis marks and link targets are skipped over)."""
    cursor = start
    out: list[Located] = []
    current: list[Located] = []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            out.append(join(current))
            current = []
        elif child.type in ("text", "code_inline"):
            piece, cursor = _find(child.content, source, cursor, end)
            current.append(piece)
    out.append(join(current))
    return [line for line in (clean_line(part) for part in out) if line.text]


def _find(text: str, source: str, cursor: int, end: int) -> tuple[Located, int]:
    """Return text located in source character by character from cursor, and where the search stopped."""
    spots = []
    for char in text:
        found = source.find(char, cursor, end)
        if found < 0:
            found = source.find(html.escape(char)[0], cursor, end) if char in "&<>\"'" else -1
        if found < 0:
            spots.append(max(cursor - 1, 0))
            continue
        spots.append(found)
        cursor = found + 1
    return Located(text, tuple(spots)), cursor


def _rows_as_lines(passages: list[Passage]) -> list[Passage]:
    """Return the passages with the cells of a table row gathered into one passage, a cell a line."""
    out: list[Passage] = []
    for passage in passages:
        if passage.kind == "row" and out and out[-1].kind == "row" and out[-1].line == passage.line:
            previous = out.pop()
            out.append(Passage((*previous.lines, join(passage.lines)), previous.line, previous.gap, None, "row"))
        elif passage.kind == "row":
            out.append(Passage((join(passage.lines),), passage.line, passage.gap, None, "row"))
        else:
            out.append(passage)
    return out


# ---- HTML --------------------------------------------------------------------------------------------------------

_BLOCKS = {"p", "div", "li", "dt", "dd", "blockquote", "pre", "section", "article", "header", "footer",
           "h1", "h2", "h3", "h4", "h5", "h6", "title", "tr", "table", "ul", "ol", "caption", "figcaption",
           "body", "html", "center", "aside", "main", "nav", "form", "hr"}
_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "object", "iframe"}
_WHITE = re.compile(r"[ \t\r\n\f]+")
_BREAK = "\u2028"  # a <br> inside a block
_CELL = "\u241f"  # where a table cell starts


def html_reading(text: str) -> Reading:
    """Return the passages of an HTML page or fragment: headings (h1–h6) with their level, list items, quotes,
    paragraphs; a table row is one passage of its cells."""
    parser = _Html(text)
    parser.feed(text)
    parser.close()
    parser.end_block()
    removals = [Removal("markup", 1, f"{parser.skipped} passages of script, style or navigation left out")] \
        if parser.skipped else []
    return Reading(parser.passages, parser.lines, "html", removals)


@dataclass
class _Block:
    pieces: list[Located] = field(default_factory=list)
    level: int | None = None
    kind: str = "text"


class _Html(HTMLParser):
    """Collect the text of block elements, each character located in the page."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self.lines = Lines(source)
        self.passages: list[Passage] = []
        self.block = _Block()
        self.stack: list[str] = []
        self.skipping = 0
        self.skipped = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
            return
        if tag == "br":
            self.block.pieces.append(Located(_BREAK, (self._offset(),)))
            return
        if "tr" in self.stack and tag not in ("tr", "table"):
            if tag in ("td", "th"):
                self.block.pieces.append(Located(_CELL, (self._offset(),)))
        elif tag in _BLOCKS or tag in ("td", "th"):
            if tag in ("td", "th"):
                self.block.pieces.append(Located(_CELL, (self._offset(),)))
            else:
                self.end_block()
            self.block.level = int(tag[1]) if re.fullmatch(r"h[1-6]", tag) else self.block.level
            self.block.kind = self._kind(tag)
        self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag == "br":
            self.block.pieces.append(Located(_BREAK, (self._offset(),)))
        elif tag in _BLOCKS and "tr" not in self.stack:
            self.end_block()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
            self.skipped += 1
            return
        if tag in _BLOCKS and ("tr" not in self.stack or tag in ("tr", "table")):
            self.end_block()
        if tag in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.block.pieces.append(Located.at(data, self._offset()))

    def handle_entityref(self, name: str) -> None:
        self._reference(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self._reference(f"&#{name};")

    def _reference(self, written: str) -> None:
        if not self.skipping:
            char = html.unescape(written)
            self.block.pieces.append(Located(char, (self._offset(),) * len(char)))

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines.starts[line - 1] + column

    def _kind(self, tag: str) -> str:
        if tag in ("tr", "td", "th") or "tr" in self.stack:
            return "row"
        if tag == "li":
            return "item"
        return "quote" if tag == "blockquote" or "blockquote" in self.stack else "text"

    def end_block(self) -> None:
        """Close the block being collected: white space collapsed, one passage of its lines."""
        text = join(self.block.pieces)
        text = text.sub(_WHITE, lambda m: " ")
        if self.block.kind == "row":
            cells = [clean_line(cell).strip(SPACES) for cell in _split(text, _CELL)[1:]]
            filled = [cell for cell in cells if cell.text]
            if len(filled) == 1:  # a one-cell row lays out text (a title in a table), it holds no data
                self.block = _Block()
                self.block.pieces = [filled[0]]
                self.block.kind = "text"
                self.end_block()
                return
            if filled:
                first = next(cell for cell in cells if cell.text)
                line, _ = self.lines.position(first.spot(0))
                self.passages.append(Passage(tuple(cells), line, 0, None, "row"))
            self.block = _Block()
            return
        text = text.translate({ord(_CELL): " "})
        lines = [clean_line(part) for part in _split(text, _BREAK)]
        lines = [line.strip(SPACES) for line in lines if line.text.strip(SPACES)]
        if lines:
            line, _ = self.lines.position(lines[0].spot(0))
            self.passages.append(Passage(tuple(lines), line, 1, self.block.level, self.block.kind))
        self.block = _Block()


def _split(text: Located, separator: str) -> list[Located]:
    parts, start = [], 0
    for i, char in enumerate(text.text):
        if char == separator:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return parts
