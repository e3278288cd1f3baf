"""Text fitting with the real font metrics: looks, line breaking at a size, titles, and shortening.

Every frame is fitted for the renderer that is least generous: lines are broken at the frame width minus the
theme's width margin, a full-width mark at line end counts whole (PowerPoint and LibreOffice do not compress
it), and the space LibreOffice puts where scripts meet is counted (deck.fit.latin_gap).

LibreOffice's autospace is wider than "Han next to a letter or digit": it goes wherever the script switches between
Asian (Han, kana, CJK and full-width marks) and anything else, ASCII and Latin-1 marks included (元/平方米 gets
two), general punctuation (“ ” — …) taking the script before it and Latin at a line's start; it measures about
0.24 em of the larger size. Widths count it so; the line breaker counts it only between Han and Latin, so a
paragraph whose lines come out wider (3、4、5月) is broken again, narrower.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from publisher.fonts.book import FontBook
from publisher.plan.model import Align, Paragraph, Run, Shape, TableShape, TextFrame
from publisher.runtime import reuse
from publisher.text.breaking import BreakRules, break_lines, break_title, load_rules, split_numbers
from publisher.text.number_groups import bonds
from publisher.theme.locales import Locale
from publisher.theme.styles import DeckStyle, Theme

ELLIPSIS = "…"
ALIGN = {"left": "l", "center": "ctr", "right": "r"}
ASIAN = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af"
                   r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
REWRAPS = 4  # times a paragraph is broken again, narrower, until every line fits as LibreOffice sets it
WEAK = re.compile(r"[\s\u2000-\u206f]")  # takes the script of the character before it (LibreOffice)


@dataclass(frozen=True)
class Look:
    """How a piece of slide text looks: font role and family, sizes tried, weight, colour, spacing."""

    role: str
    family: str
    size: float
    min_size: float
    bold: bool
    color: str
    line_spacing: float = 1.2
    align: Align = "l"

    def at(self, size: float) -> Look:
        """Return the look at another size."""
        return replace(self, size=size)


class Typesetter:
    """Break and measure slide text with one theme's fonts and rules."""

    def __init__(self, theme: Theme, fonts: FontBook):
        self.theme = theme
        self.fonts = fonts
        self.deck: DeckStyle = theme.deck
        self.rules = replace(load_rules(self.deck.fit.typography), compress_line_end=False)
        self.wrap = lru_cache(maxsize=8192)(self._remembered_wrap)
        self.identity = reuse.key(self.deck.fit, self.rules, theme.fonts, _faces(fonts)) if reuse.enabled() else b""

    def width(self, text: str, look: Look) -> float:
        """Return the width of text in a look as LibreOffice sets it: its autospace counted wherever the script
        switches (Han and full-width marks against letters and digits: 3、4、5月 has four)."""
        metrics = self.fonts.metrics(look.role, look.bold)
        return metrics.width(text, look.size) + len(autospaces(text)) * self.deck.fit.latin_gap * look.size

    def line_width(self, pieces: list[tuple[str, Look]]) -> float:
        """Return the width of one line made of pieces in several looks, with LibreOffice's autospace wherever the
        script switches (deck.fit.latin_gap em of the larger of the two sizes)."""
        text = "".join(piece for piece, _ in pieces)
        sizes = [look.size for piece, look in pieces for _ in piece]
        natural = sum(self.fonts.metrics(look.role, look.bold).width(piece, look.size) for piece, look in pieces)
        gap = self.deck.fit.latin_gap
        return natural + sum(gap * max(sizes[i - 1], sizes[i]) for i in autospaces(text))

    def usable(self, width: float) -> float:
        """Return the part of a frame width that lines may fill."""
        return width * (1 - self.deck.fit.width_margin)

    def _remembered_wrap(self, text: str, width: float, look: Look) -> tuple[str, ...]:
        """Return _wrap's lines, kept from one build to the next in a resident build (publisher.runtime.reuse)."""
        if not self.identity:
            return self._wrap(text, width, look)
        return reuse.remembered("deck-lines", (self.identity, text, width, look), lambda: self._wrap(text, width, look),
                                _lines_size)

    def _wrap(self, text: str, width: float, look: Look) -> tuple[str, ...]:
        if "\n" not in text and self.width(text, look) <= self.usable(width):
            return (text.strip(),) if text.strip() else ()
        metrics = self.fonts.metrics(look.role, look.bold)
        room = usable = self.usable(width)
        for _ in range(REWRAPS):  # the breaker counts gaps only between Han and Latin: narrow until LibreOffice's fit
            lines = [line.text for line in break_lines(text, room, lambda s: metrics.width(s, look.size), self.rules,
                                                       latin_gap=self.deck.fit.latin_gap * look.size)]
            over = max((self.width(line, look) - usable for line in lines), default=0.0)
            if over <= 1e-6:
                break
            room -= over
        return tuple(lines)

    def title(self, text: str, width: float, look: Look, max_lines: int) -> tuple[str, ...] | None:
        """Return a title broken at phrase boundaries into at most max_lines lines, or None (kept from one build to
        the next in a resident build)."""
        if not self.identity:
            return self._title(text, width, look, max_lines)
        return reuse.remembered("deck-titles", (self.identity, text, width, look, max_lines),
                                lambda: self._title(text, width, look, max_lines),
                                lambda lines: _lines_size(lines or ()))

    def _title(self, text: str, width: float, look: Look, max_lines: int) -> tuple[str, ...] | None:
        metrics = self.fonts.metrics(look.role, look.bold)
        gap = self.deck.fit.latin_gap * look.size
        room = self.usable(width) - gap * len(autospaces(text))
        lines = break_title(text, room, lambda s: metrics.width(s, look.size), self.rules, max_lines)
        return None if lines is None else tuple(line.text for line in lines)

    def sizes(self, largest: float, smallest: float) -> list[float]:
        """Return the sizes to try, largest first, one step apart, ending at smallest."""
        out, size = [], largest
        while size > smallest + 1e-6:
            out.append(size)
            size = round(size - self.deck.fit.step, 2)
        return [*out, min(smallest, largest)]

    def one_line(self, text: str, width: float, look: Look) -> str:
        """Return text when it fits one line of width, else text cut and closed with an ellipsis."""
        return text if self.width(text, look) <= self.usable(width) else self.clip(text, width, look)

    def clip(self, text: str, width: float, look: Look) -> str:
        """Return text cut so that it and a closing ellipsis fit one line of width, never inside a number group
        (a number cut short would read as another number: 190余次 never becomes 19…)."""
        room = self.usable(width)
        held = bonds(text, self.rules.number_rules)
        while text and (self.width(text + ELLIPSIS, look) > room or len(text) in held):
            text = text[:-1]
        return text.rstrip(" ，、；：。,;:") + ELLIPSIS


def _faces(fonts: FontBook) -> tuple:
    """Return the identity of the fonts' files: path, size and modification time of each."""
    return tuple(sorted((str(path), path.stat().st_size, path.stat().st_mtime_ns)
                        for pair in fonts.files.values() for path in pair))


def _lines_size(lines: tuple[str, ...]) -> int:
    return 64 + sum(len(line) * 4 for line in lines)


def autospaces(text: str) -> list[int]:
    """Return the indexes of the characters LibreOffice puts its Asian–other autospace before."""
    out, asian_before = [], False
    for index, char in enumerate(text):
        if WEAK.match(char):
            continue
        asian = bool(ASIAN.match(char))
        if index and asian != asian_before:
            out.append(index)
        asian_before = asian
    return out


def split_notices(shapes: list[Shape], rules: BreakRules) -> list[str]:
    """Return a notice for each number group that a frame too narrow for it had to break (190余⏎次)."""
    paragraphs = [p for shape in shapes if isinstance(shape, TextFrame) for p in shape.paragraphs]
    paragraphs += [p for shape in shapes if isinstance(shape, TableShape) for row in shape.rows for cell in row
                   for p in cell.paragraphs]
    found = [group for p in paragraphs if len(p.lines) > 1
             for group in split_numbers(["".join(run.text for run in line) for line in p.lines], rules)]
    return [f"'{group}' is broken across lines: its box is too narrow to hold it on one line"
            for group in dict.fromkeys(found)]


def minimum_notice(what: str, size: float, look: Look) -> list[str]:
    """Return a notice when text had to go down to its style's minimum size to fit."""
    if size > look.min_size + 1e-6 or look.min_size >= look.size:
        return []
    return [f"{what} set at the minimum size, {size:g} pt (from {look.size:g}), to fit the slide"]


def fit_lines(ts: Typesetter, text: str, width: float, height: float, look: Look,
              max_lines: int, phrases: bool = True) -> tuple[tuple[str, ...], Look, bool]:
    """Return (lines, look, shortened): the largest size at which text fits, title-style when phrases.

    Phrase breaks (BudouX) are tried at every size first, then character breaks; when nothing fits at the
    smallest size, the lines are cut to what the box holds and the last one ends with an ellipsis.
    """
    sizes = ts.sizes(look.size, look.min_size)
    for breaker in ((_phrase_breaker, _char_breaker) if phrases else (_char_breaker,)):
        for size in sizes:
            sized = look.at(size)
            allowed = min(max_lines, int(height // (size * look.line_spacing) + 1e-6))
            lines = breaker(ts, text, width, sized, allowed) if allowed else None
            if lines is not None:
                return lines, sized, False
    return _shortened(ts, text, width, height, look.at(sizes[-1]), max_lines), look.at(sizes[-1]), True


def _phrase_breaker(ts: Typesetter, text: str, width: float, look: Look, allowed: int) -> tuple[str, ...] | None:
    return ts.title(text, width, look, allowed)


def _char_breaker(ts: Typesetter, text: str, width: float, look: Look, allowed: int) -> tuple[str, ...] | None:
    lines = ts.wrap(text, width, look)
    return lines if len(lines) <= allowed else None


def _shortened(ts: Typesetter, text: str, width: float, height: float, look: Look, max_lines: int) -> tuple[str, ...]:
    allowed = max(1, min(max_lines, int(height // (look.size * look.line_spacing) + 1e-6)))
    lines = ts.wrap(text, width, look)[:allowed]
    return (*lines[:-1], ts.clip(lines[-1], width, look))


def source_line(source: str, words: Locale) -> str:
    """Return a source after the locale's label ("资料来源：…", "Source: …") unless it names itself one; "" for none."""
    return words.labelled(source, words.source) if source else ""


def paragraph(lines: tuple[str, ...], look: Look, space_before: float = 0.0, indent: float = 0.0,
              bullet: str = "", bullet_color: str = "", hang: float = 0.0) -> Paragraph:
    """Return a paragraph of plain lines in one look."""
    runs = tuple((Run(line, look.size, look.family, look.color, look.bold),) for line in lines)
    return Paragraph(runs, look.size * look.line_spacing, space_before, look.align, indent, bullet, hang,
                     bullet_color)
