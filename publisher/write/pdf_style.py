"""The PDF's typography, read from the theme: registered fonts, sizes, leadings and colours as drawable inks."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfbase import pdfmetrics

from publisher.fonts.book import FontBook
from publisher.fonts.families import reportlab_name as registered
from publisher.text.breaking import BreakRules, load_rules
from publisher.theme.styles import FontRole, TextStyle, Theme


class FaceWidths:
    """Advance widths of a registered TrueType face, as reportlab declares them in the PDF's /Widths."""

    def __init__(self, font_name: str):
        face = pdfmetrics.getFont(font_name).face
        self.advances: dict[int, float] = face.charWidths
        self.default: float = face.defaultWidth

    def width(self, text: str, size: float) -> float:
        """Return the width of text in points at size."""
        get, default = self.advances.get, self.default
        return sum(get(ord(c), default) for c in text) * size / 1000


@lru_cache(maxsize=64)
def face_widths(font_name: str) -> FaceWidths:
    """Return the widths of a registered face, one object per face for the process: inks of equal faces are then
    equal, so the line breaks and segments memoised by ink serve every later build (and every forked writer)."""
    return FaceWidths(font_name)


@dataclass(frozen=True)
class Ink:
    """One way of drawing text: a registered font at a size, with its leading and colour."""

    font: str
    metrics: FaceWidths
    size: float
    leading: float
    color: Color
    ascent: float  # top of the em box above the baseline, as a fraction of the size
    gap: float = 0.0  # points drawn between Han and Latin/digits (clreq §3.2.2), never stored in the text

    def width(self, text: str) -> float:
        """Return the advance width of text in points."""
        return self.metrics.width(text, self.size)

    def baseline(self) -> float:
        """Return the distance from the top of a line box to the baseline, the em box centred in the leading."""
        return (self.leading - self.size) / 2 + self.ascent * self.size

    def scaled(self, size: float, leading: float | None = None) -> Ink:
        """Return this ink at another size (leading kept in proportion unless given)."""
        new_leading = leading if leading is not None else self.leading * size / self.size
        return Ink(self.font, self.metrics, size, new_leading, self.color, self.ascent, self.gap * size / self.size)


@lru_cache(maxsize=32)
def em_ascent(path: Path) -> float:
    """Return the font's typographic ascender as a fraction of the em (0.88 for Noto CJK)."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        return font["OS/2"].sTypoAscender / font["head"].unitsPerEm


class PdfStyle:
    """Every ink, colour and rule the PDF writer draws with, taken from one theme and its prepared fonts.

    Faces are registered with reportlab when first used (see `registered`); each role's regular and bold faces
    form a reportlab font family.
    """

    def __init__(self, theme: Theme, fonts: FontBook):
        self.theme = theme
        self.report = theme.report
        self.fonts = fonts
        self.rules: BreakRules = load_rules(self.report.typography)
        self._widths: dict[str, FaceWidths] = {}
        self._names: dict[tuple[str, bool], str] = {}
        body = self.report.body
        self.body = self.ink("serif", False, body.size, body.color, body.leading)

    def font_name(self, role: FontRole, bold: bool = False) -> str:
        """Return the reportlab name of a role's face, registering the face (and the role's family) on first use."""
        if (role, bold) in self._names:
            return self._names[role, bold]
        regular, heavy = self.fonts.file(role), self.fonts.file(role, True)
        name, family = registered(heavy if bold else regular), registered(regular)
        if name not in self._widths:
            pdfmetrics.registerFontFamily(family, normal=family, bold=registered(heavy), italic=family,
                                          boldItalic=registered(heavy))
            self._widths[name] = face_widths(name)
        self._names[role, bold] = name
        return name

    def color(self, name_or_hex: str) -> Color:
        """Return the reportlab colour of a theme colour role or hex value."""
        return HexColor("#" + self.theme.color(name_or_hex))

    def ink(self, role: FontRole, bold: bool, size: float, color: str, leading: float | None = None) -> Ink:
        """Return the ink of a role's face at size; leading defaults to the body's line spacing ratio."""
        ratio = self.report.body.leading / self.report.body.size
        name = self.font_name(role, bold)
        return Ink(name, self._widths[name], size, leading if leading is not None else size * ratio,
                   self.color(color), em_ascent(self.fonts.file(role, bold)), self.report.body.latin_gap * size)

    def text_ink(self, style: TextStyle, role: FontRole = "body") -> Ink:
        """Return the ink of a theme TextStyle (caption, furniture) in a role's face."""
        return self.ink(role, style.bold, style.size, style.color, style.size * style.line_spacing)

    def heading(self, level: int) -> Ink:
        """Return the ink of a heading level (1-based); the theme's last entries repeat for deeper levels."""
        spec = self.report.headings
        size = _nth(spec.sizes, level)
        return self.ink(_nth(spec.roles, level), _nth(spec.bold, level), size, spec.color, size * spec.line_spacing)

    def indent(self) -> float:
        """Return the first-line indent of body paragraphs in points."""
        return self.report.body.indent * self.report.body.size


def _nth(values: list, level: int):
    """Return the level-th value (1-based), the last one for deeper levels."""
    return values[min(level, len(values)) - 1]
