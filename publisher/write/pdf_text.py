"""Chinese paragraphs in the PDF, broken by our line breaker and drawn glyph-exact with canvas text objects.

Lines come from publisher.text.breaking (kinsoku, numbers kept whole, a full-width mark at line end taking half
a cell). A justified line spreads its slack evenly over the gaps between atoms: runs of single characters get
it through the PDF character spacing (Tc), numbers and Latin words are never spaced inside. Nothing but the
source characters is drawn, so the text extracts back exactly; only the Han-Latin gap (theme body.latin_gap,
¼ em by default) is wide enough for pdftotext and pypdf to report it as a space.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable

from publisher.text.breaking import BreakRules, Line, atoms, break_lines, han_latin_boundary, split_numbers
from publisher.write.pdf_style import Ink

MAX_STRETCH = 1.0  # ems of extra space per gap beyond which a line is left ragged rather than justified
CLOSING = ".,;:!?)]}%"  # ASCII marks that stay against the word or number before them when a line is justified
OPENING = "([{"  # ASCII marks that stay against the word after them
MIN_LINES_AT_BREAK = 2  # widow/orphan control: lines kept together at a page break
EPSILON = 1e-6
PARTED = "'{group}' is broken across lines: its box is too narrow to hold it on one line"  # the deck's words


@dataclass(frozen=True)
class Segment:
    """Part of a line drawn with one text operator: its text, natural x and whether it takes the stretch."""

    text: str
    x: float
    atoms: int
    spaced: bool


@lru_cache(maxsize=8192)
def cached_lines(text: str, width: float, ink: Ink, rules: BreakRules, indent: float) -> tuple[Line, ...]:
    """Return the lines of text broken at width (memoised: every build lays the story out twice)."""
    return tuple(break_lines(text, width, ink.width, rules, indent, latin_gap=ink.gap))


@lru_cache(maxsize=16384)
def segments(text: str, ink: Ink) -> tuple[tuple[Segment, ...], float, int]:
    """Return a line's segments, its natural width and its number of stretchable atoms (memoised like
    cached_lines). An ASCII closing mark after a word or number ("2024.", "GDP,") and the word after an ASCII
    opening mark ("(GDP") join their neighbour's segment: no stretch comes between them."""
    found = atoms(text)
    out: list[Segment] = []
    x = 0.0
    for index, atom in enumerate(found):
        before = ink.gap if index and han_latin_boundary(found[index - 1], atom) else 0.0
        x += before
        single = len(atom) == 1
        last = out[-1] if out else None
        if last and not before and not last.spaced and _glued(last.text, atom):
            out[-1] = Segment(last.text + atom, last.x, last.atoms, False)
        elif last and not before and last.spaced and atom[0] in CLOSING:
            out[-1:] = _closed(last, atom, ink)
        elif last and single and last.spaced and not before and atom not in OPENING:
            out[-1] = Segment(last.text + atom, last.x, last.atoms + 1, True)
        else:
            out.append(Segment(atom, x, 1, single and atom not in OPENING))
        x += ink.width(atom)
    return tuple(out), x, sum(part.atoms for part in out)


def _closed(spaced: Segment, atom: str, ink: Ink) -> list[Segment]:
    """Return a spaced run with its last character taken out into a segment holding it and the closing mark
    after it ("登)"), so that no stretch comes between them."""
    head, tail = spaced.text[:-1], spaced.text[-1]
    closed = Segment(tail + atom, spaced.x + ink.width(head), 1, False)
    return [Segment(head, spaced.x, spaced.atoms - 1, True), closed] if head else [closed]


def _glued(before: str, atom: str) -> bool:
    """Return whether atom stays against the segment before it: a closing mark after a word, or anything after an
    opening mark."""
    return (atom[0] in CLOSING and not before[-1].isspace()) or (before[-1] in OPENING and not atom[0].isspace())


def line_stretch(text: str, natural: float, count: int, avail: float, ink: Ink, rules: BreakRules) -> float:
    """Return the extra space per gap that makes a line end exactly at avail (0 when it would look too loose)."""
    end = text[-1:]
    if rules.compress_line_end and end and end in rules.compressible:
        natural -= ink.width(end) / 2
    if count < 2:
        return 0.0
    stretch = (avail - natural) / (count - 1)
    return stretch if abs(stretch) <= MAX_STRETCH * ink.size else 0.0


def draw_line(tx: PDFTextObject, parts: tuple[Segment, ...], x: float, y: float, stretch: float) -> None:
    """Add one line to a text object at (x, y): segments placed at their natural x plus the stretch before them."""
    tx.setTextOrigin(x, y)
    done = 0
    start = 0.0
    for part in parts:
        position = part.x + done * stretch
        tx.moveCursor(position - start, 0)
        start = position
        tx.setCharSpace(stretch if part.spaced else 0)
        tx.textOut(part.text)
        done += part.atoms


def parted(lines: Sequence[str], rules: BreakRules) -> list[str]:
    """Return a warning for each number group (190余次, 12.5亿元) that the lines of one text part (190余⏎次)."""
    groups = split_numbers(list(lines), rules) if len(lines) > 1 else []
    return [PARTED.format(group=group) for group in dict.fromkeys(groups)]


class CJKParagraph(Flowable):
    """A paragraph broken by our line breaker: first-line indent, justified lines, widow/orphan-safe splits.

    path is the outline path of what it shows (a paragraph, a bullet, a table cell), where its warnings point."""

    path: tuple = ()

    def __init__(self, text: str, ink: Ink, rules: BreakRules, *, indent: float = 0.0, justify: bool = True,
                 align: str = "left", left: float = 0.0, right: float = 0.0, space_after: float = 0.0):
        super().__init__()
        self.text, self.ink, self.rules = text, ink, rules
        self.indent, self.justify, self.align, self.left, self.right = indent, justify, align, left, right
        self.spaceAfter = space_after
        self.fixed: tuple[Line, ...] | None = None
        self.fixed_width = 0.0
        self.lines: tuple[Line, ...] = ()
        self.whole: tuple[Line, ...] | None = None  # the lines of the paragraph before a page break split it

    def break_at(self, width: float) -> tuple[Line, ...]:
        """Return the lines at a column width (a split-off part keeps the lines it was given)."""
        text_width = width - self.left - self.right
        if self.fixed is not None and abs(self.fixed_width - text_width) < EPSILON:
            return self.fixed
        text = self.text if self.fixed is None else "".join(line.text for line in self.fixed)
        return cached_lines(text, text_width, self.ink, self.rules, self.indent if self.fixed is None else 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the size of the paragraph at availWidth."""
        self.width = availWidth
        self.lines = self.break_at(availWidth)
        self.height = len(self.lines) * self.ink.leading
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Return two parts at a page break, or [] to move whole: never one line alone at either side."""
        lines = self.break_at(availWidth)
        count = split_point(len(lines), int((availHeight + EPSILON) // self.ink.leading))
        if count <= 0 or count >= len(lines):
            return []
        return [self.part(lines[:count], availWidth, first=True), self.part(lines[count:], availWidth, first=False)]

    def part(self, lines: tuple[Line, ...], width: float, first: bool) -> CJKParagraph:
        """Return a copy of this paragraph holding only the given lines (the first part answers for the whole
        paragraph's warnings: a number parted by the page break is parted too)."""
        piece = self.__class__.__new__(self.__class__)
        piece.__dict__.update(self.__dict__)
        piece.fixed, piece.fixed_width = lines, width - self.left - self.right
        piece.whole = (self.whole if self.whole is not None else self.break_at(width)) if first else ()
        piece.spaceAfter = 0.0 if first else self.spaceAfter
        piece.indent = self.indent if first else 0.0
        piece.is_continuation = not first or getattr(self, "is_continuation", False)
        return piece

    def notices(self) -> list[tuple[tuple, str]]:
        """Return (outline path, warning) for each number group its lines part."""
        lines = self.lines if self.whole is None else self.whole
        return [(self.path, message) for message in parted([line.text for line in lines], self.rules)]

    def draw(self) -> None:
        """Draw every line, justified unless last (or the paragraph is ragged), aligned otherwise."""
        if getattr(self.canv, "layout_only", False):
            return
        tx = self.canv.beginText()
        tx.setFont(self.ink.font, self.ink.size, self.ink.leading)
        tx.setFillColor(self.ink.color)
        top = self.height - self.ink.baseline()
        text_width = self.width - self.left - self.right
        for number, line in enumerate(self.lines):
            indent = self.indent if number == 0 else 0.0
            self.draw_one(tx, line, self.left + indent, top - number * self.ink.leading, text_width - indent)
        self.canv.drawText(tx)

    def draw_one(self, tx: PDFTextObject, line: Line, x: float, y: float, avail: float) -> None:
        """Draw one line in the box [x, x + avail]."""
        parts, natural, count = segments(line.text, self.ink)
        if self.justify and not line.last:
            draw_line(tx, parts, x, y, line_stretch(line.text, natural, count, avail, self.ink, self.rules))
            return
        shift = {"right": avail - natural, "center": (avail - natural) / 2}.get(self.align, 0.0)
        draw_line(tx, parts, x + shift, y, 0.0)


def split_point(total: int, fitting: int) -> int:
    """Return how many of total lines stay on the page when fitting lines fit (0: move the whole paragraph)."""
    if fitting >= total:
        return total
    if total - fitting < MIN_LINES_AT_BREAK:
        fitting = total - MIN_LINES_AT_BREAK
    return fitting if fitting >= MIN_LINES_AT_BREAK else 0


def text_width(text: str, ink: Ink) -> float:
    """Return the width of an unbroken run of text, Han-Latin gaps included."""
    return segments(text, ink)[1]


def draw_string(canvas, text: str, ink: Ink, x: float, baseline: float) -> None:
    """Draw an unbroken run of text with its Han-Latin gaps, starting at (x, baseline)."""
    tx = canvas.beginText()
    tx.setFont(ink.font, ink.size, ink.leading)
    tx.setFillColor(ink.color)
    draw_line(tx, segments(text, ink)[0], x, baseline, 0.0)
    canvas.drawText(tx)
