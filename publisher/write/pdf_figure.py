"""Figures of the PDF report: a chart or image kept with its caption and notes, shrinking a little to stay on a page.

A figure that does not fit the space left on a page would move whole to the next one and leave a hole. Instead it
shrinks (its aspect kept) down to the theme's `charts.report.min_scale` of its natural height when that lets it
stay; when even that does not fit, it floats: the text after it fills the page and the figure opens the next one
(ReportDoc.defer), its caption and number with it. At the top of a page it shrinks as far as needed to fit the page,
and below min_scale it says so: a warning naming the page it landed on (see ReportDoc.afterFlowable).
"""
from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, FrameBreak, KeepTogether
from reportlab.platypus.flowables import _listWrapOn

from publisher.write.pdf_pages import drafting

FUZZ = 0.01  # points kept free under a shrunk figure, so that rounding never pushes its last line over


class Figure(Flowable):
    """A recorded chart or an image of the block at an outline path, drawn at a scale its FigureGroup sets (centred
    when shrunk); min_scale is the theme's least scale, which only the top of a page may go below.

    Charts are drawn only in the printing pass: a layout pass needs their size only.
    """

    def __init__(self, body: Flowable, path: tuple, min_scale: float):
        super().__init__()
        self.body, self.path, self.min_scale, self.scale = body, path, min_scale, 1.0
        self.hAlign = "CENTER"

    def notice(self) -> str:
        """Return a warning when the figure shrank below min_scale to fit a page, else ""."""
        if self.scale >= self.min_scale:
            return ""
        return f"figure shrunk to {self.scale:.0%} to fit a page, below charts.report.min_scale {self.min_scale:.0%}"

    def natural(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the body's unscaled size."""
        return self.body.wrap(availWidth, availHeight)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the body's size at the figure's scale."""
        width, height = self.natural(availWidth, availHeight)
        self.width, self.height = width * self.scale, height * self.scale
        return self.width, self.height

    def draw(self) -> None:
        """Draw the body at the figure's scale."""
        if drafting(self.canv):
            return
        self.canv.saveState()
        self.canv.scale(self.scale, self.scale)
        self.body.drawOn(self.canv, 0, 0)
        self.canv.restoreState()


class FigureGroup(KeepTogether):
    """A figure kept together with its caption, note and source; the figure shrinks to keep the group on the page.

    Like KeepTogether, wrap always asks for a split; split picks the figure's scale for the space left, then hands
    the parts to the frame (or moves the whole group to the next frame when even the least scale does not fit).
    """

    floats = True  # may wait for the next page while the text after it fills this one

    def __init__(self, parts: list[Flowable], figure: Figure, section: str):
        super().__init__(parts)
        self.figure, self.section = figure, section  # section: the key of its section's heading
        self.key = ".".join(map(str, figure.path))
        parts[-1].place = f"figure {self.key}"  # a later figure may be lifted to just under it

    def heights(self, canvas: Canvas, availWidth: float) -> tuple[float, float]:
        """Return the group's natural height and its figure's natural height."""
        self.figure.scale = 1.0
        total = _listWrapOn(self._content, availWidth, canvas)[1]
        return total, self.figure.natural(availWidth, total)[1]

    def least_height(self, canvas: Canvas, availWidth: float) -> float:
        """Return the group's height with its figure at the least scale: what must be left on a page to keep it."""
        total, figure = self.heights(canvas, availWidth)
        return total - figure * (1 - self.figure.min_scale)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Return the parts with the figure scaled to the space left (see fit); or, when even the least scale does
        not fit below the top of a frame, the group floats to the next page (publisher.write.pdf_floats), or, when it
        already waited, a frame break and the group again, to shrink as far as the next frame needs (its parts alone
        would not: a figure taller than a page would stop the build)."""
        if not self.at_top() and self.least_height(self.canv, availWidth) > availHeight:
            floats = getattr(getattr(self.canv, "_doctemplate", None), "floats", None)
            if floats is not None and self.floats:
                self.floats = False  # once: at the top of the next page it is placed, shrunk if need be
                return [floats.defer(self)]
            if floats is not None:
                floats.stranded(self.key, self.section, self.least_height(self.canv, availWidth))
            return [FrameBreak(), self]
        self.fit(availWidth, availHeight)
        self.wrap(availWidth, availHeight)
        return super().split(availWidth, availHeight)

    def fit(self, availWidth: float, availHeight: float) -> None:
        """Set the figure's scale: 1 when the group fits, else the scale that fills the space left, if not below
        min_scale (any scale at the top of a frame, where moving on would not give more room)."""
        total, figure = self.heights(self.canv, availWidth)
        if total <= availHeight or figure <= 0:
            return
        scale = (availHeight - FUZZ - (total - figure)) / figure
        if scale >= self.figure.min_scale or (self.at_top() and scale > 0):
            self.figure.scale = min(scale, 1.0)

    def at_top(self) -> bool:
        """Return whether the group stands at the top of its frame."""
        frame = getattr(self, "_frame", None)
        return bool(frame and getattr(frame, "_atTop", False))
