"""Planned slides onto a reportlab canvas: one small function per shape type of the deck plan, registered by type.

The same plan the PPTX writer draws, drawn the way a slide renderer shows it: every shape at its box, each line of
a text frame where its exact line pitch puts it (the baseline one font descent above the bottom of the line's
pitch, as LibreOffice sets exact spacing), runs in their family's prepared TrueType faces (embedded and subset by
reportlab, so the text is searchable), bullets hung at the planned indent at 70 % of the text size as the PPTX asks,
tables with their planned widths, heights, fills and rules, charts as the vector chart of the deck's style.
Nothing is decided here: a shape type without a drawer is an error, not a guess.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from publisher.fonts.book import FontBook
from publisher.fonts.families import reportlab_name
from publisher.plan.model import (
    Box,
    ChartShape,
    DateField,
    LiveField,
    Paragraph,
    Picture,
    Rect,
    Run,
    TableShape,
    TextFrame,
)
from publisher.theme.styles import Theme

BULLET_SCALE = 0.7  # the PPTX writer's a:buSzPct 70000
TABLE_RULE = 0.75  # points: the PPTX writer's rule under each table cell


@dataclass
class Painter:
    """What drawing a slide needs: the canvas, the slide's page height and origin, the theme, the fonts."""

    canvas: Canvas
    theme: Theme
    fonts: FontBook
    height: float  # the slide's height in points: plan y runs down from its top, the PDF's up from its bottom
    number: int = 0  # the slide's 1-based number
    charts: dict[int, Any] = field(default_factory=dict)  # the vector chart (a RecordedChart) by id() of its shape
    pictures: dict[Any, Any] = field(default_factory=dict)  # pictures read, by path
    _names: dict[tuple[str, bool], str] = field(default_factory=dict)

    def y(self, top: float) -> float:
        """Return the PDF y of a plan y (from the slide's top)."""
        return self.height - top

    def font(self, family: str, bold: bool) -> str:
        """Return the reportlab name of a family's prepared face (the body family for a family not the theme's)."""
        key = (family, bold)
        if key not in self._names:
            pair = self.fonts.files.get(family) or self.fonts.files[self.fonts.family("body")]
            self._names[key] = reportlab_name(pair[bold])
        return self._names[key]

    def color(self, rgb: str) -> None:
        """Set the fill colour (RRGGBB; "" is the theme's text colour, what a template placeholder shows)."""
        self.canvas.setFillColor(f"#{rgb or self.theme.colors.text}")

    def width(self, run: Run) -> float:
        """Return a run's advance in points, with the metrics the deck was fitted with."""
        return pdfmetrics.stringWidth(run.text, self.font(run.family, run.bold), run.size)


Drawer = Callable[[Any, Painter], None]
_DRAWERS: dict[type, Drawer] = {}


def drawer(kind: type) -> Callable[[Drawer], Drawer]:
    """Return a decorator registering the function that draws one planned shape type (and its subclasses)."""

    def register(fn: Drawer) -> Drawer:
        _DRAWERS[kind] = fn
        return fn

    return register


def draw_shapes(shapes: Iterable[object], painter: Painter) -> None:
    """Draw planned shapes (a slide's, or a printed page's) in their order."""
    for shape in shapes:
        kind = next((k for k in type(shape).__mro__ if k in _DRAWERS), None)
        if kind is None:
            raise TypeError(f"the deck PDF has no drawer for {type(shape).__name__}")
        _DRAWERS[kind](shape, painter)


@drawer(Rect)
def rectangle(rect: Rect, painter: Painter) -> None:
    """Fill a rectangle, no outline."""
    painter.color(rect.fill)
    box = rect.box
    painter.canvas.rect(box.x, painter.y(box.bottom), box.w, box.h, stroke=0, fill=1)


@drawer(Picture)
def picture(pic: Picture, painter: Painter) -> None:
    """Draw an image stretched to its box, as the PPTX sizes it."""
    from reportlab.lib.utils import ImageReader

    box = pic.box
    if pic.path not in painter.pictures:  # named by content, not by path: the same project gives the same bytes
        painter.pictures[pic.path] = ImageReader(str(pic.path))
    painter.canvas.drawImage(painter.pictures[pic.path], box.x, painter.y(box.bottom), box.w, box.h, mask="auto")


@drawer(ChartShape)
def chart(shape: ChartShape, painter: Painter) -> None:
    """Draw a chart, pictured or native in the deck, as the vector chart of the deck's style at its box."""
    painter.charts[id(shape)].drawOn(painter.canvas, shape.box.x, painter.y(shape.box.bottom))


@drawer(TextFrame)
def text_frame(frame: TextFrame, painter: Painter) -> None:
    """Draw a text frame's fitted lines, placed in the box as its anchor says."""
    draw_paragraphs(frame.paragraphs, frame.box, frame.anchor, painter)


def draw_paragraphs(paragraphs: tuple[Paragraph, ...], box: Box, anchor: str, painter: Painter) -> None:
    """Draw paragraphs of fitted lines in a box: at its top, middle or bottom (anchor t, ctr, b)."""
    total = sum(p.height for p in paragraphs)
    top = {"t": box.y, "ctr": box.y + (box.h - total) / 2, "b": box.bottom - total}[anchor]
    for para in paragraphs:
        top += para.space_before
        for index, line in enumerate(para.lines):
            baseline = top + para.line_height + _descent(line, painter)
            _line(line, para, box, baseline, painter)
            if index == 0 and para.bullet and line:
                _bullet(para, line[0], box, baseline, painter)
            top += para.line_height


def _descent(line: tuple[Run, ...], painter: Painter) -> float:
    """Return the largest descent of a line's runs (negative: below the baseline)."""
    return min((pdfmetrics.getDescent(painter.font(r.family, r.bold), r.size) for r in line), default=0.0)


def _line(line: tuple[Run, ...], para: Paragraph, box: Box, baseline: float, painter: Painter) -> None:
    width = sum(painter.width(run) for run in line)
    left = box.x + para.indent
    x = {"l": left, "ctr": left + (box.right - left - width) / 2, "r": box.right - width}[para.align]
    for run in line:
        painter.color(run.color)
        painter.canvas.setFont(painter.font(run.family, run.bold), run.size)
        painter.canvas.drawString(x, painter.y(baseline), run.text)
        x += painter.width(run)


def _bullet(para: Paragraph, first: Run, box: Box, baseline: float, painter: Painter) -> None:
    """Draw a paragraph's bullet in the hanging part of its indent, in the first run's family, 70 % of its size."""
    painter.color(para.bullet_color or first.color)
    painter.canvas.setFont(painter.font(first.family, False), first.size * BULLET_SCALE)
    painter.canvas.drawString(box.x + para.indent - para.hang, painter.y(baseline), para.bullet)


@drawer(TableShape)
def table(plan: TableShape, painter: Painter) -> None:
    """Draw a table: each cell's fill, its paragraphs centred in the cell inside the padding, a rule under it."""
    canvas, top = painter.canvas, plan.box.y
    for row, height in zip(plan.rows, plan.heights, strict=True):
        left = plan.box.x
        for cell, width in zip(row, plan.widths, strict=True):
            if cell.fill:
                painter.color(cell.fill)
                canvas.rect(left, painter.y(top + height), width, height, stroke=0, fill=1)
            inner = Box(left, top, width, height).inset(plan.padding, plan.padding)
            draw_paragraphs(cell.paragraphs, inner, "ctr", painter)
            if plan.rule:
                canvas.setStrokeColor(f"#{plan.rule}")
                canvas.setLineWidth(TABLE_RULE)
                canvas.line(left, painter.y(top + height), left + width, painter.y(top + height))
            left += width
        top += height


@drawer(LiveField)
def live_field(live: LiveField, painter: Painter) -> None:
    """Draw the text a live field shows: the slide's number, or the build date as the PPTX's field holds it."""
    from publisher.write.pptx_package import build_time

    if isinstance(live, DateField):
        when = build_time()
        text = f"{when.year}/{when.month}/{when.day}"
    else:
        text = str(painter.number)
    run = Run(text, live.size, live.family, live.color)
    face = painter.font(run.family, False)
    ascent, descent = pdfmetrics.getAscent(face, run.size), pdfmetrics.getDescent(face, run.size)
    line = Paragraph(((run,),), ascent - descent, align=live.align)
    draw_paragraphs((line,), live.box, "ctr", painter)
