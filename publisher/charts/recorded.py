"""A recorded chart drawn on a reportlab canvas: the operations publisher.charts.record wrote down, replayed.

Only reportlab is needed here: the path codes of a record are matplotlib's (tests/charts check that they are)."""
from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable

MOVETO, LINETO, CURVE3, CURVE4, CLOSEPOLY = 1, 2, 3, 4, 79  # matplotlib.path.Path's codes


class RecordedChart(Flowable):
    """A recorded chart at a given width (its aspect kept), its texts in the report's chart fonts."""

    def __init__(self, data: dict[str, Any], fonts: tuple[str, str], width: float):
        super().__init__()
        self.data, self.fonts = data, fonts
        self.factor = width / data["width"]
        self.width, self.height = width, data["height"] * self.factor

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.saveState()
        canvas.scale(self.factor, self.factor)
        for op in self.data["ops"]:
            _replay(canvas, op, self.fonts)
        canvas.restoreState()


def _replay(canvas: Any, op: dict[str, Any], fonts: tuple[str, str]) -> None:
    """Draw one recorded operation, inside its clip box."""
    canvas.saveState()
    if op["clip"] is not None:
        box = canvas.beginPath()
        box.rect(*op["clip"])
        canvas.clipPath(box, stroke=0, fill=0)
    if "text" in op:
        canvas.setFillColorRGB(*op["color"][:3], alpha=op["color"][3])
        canvas.setFont(fonts[op["bold"]], op["size"])
        canvas.translate(op["x"], op["y"])
        if op["angle"]:
            canvas.rotate(op["angle"])
        canvas.drawString(0, 0, op["text"])
    else:
        _replay_path(canvas, op)
    canvas.restoreState()


def _replay_path(canvas: Any, op: dict[str, Any]) -> None:
    path, start = canvas.beginPath(), (0.0, 0.0)
    for code, points in op["path"]:
        if code == MOVETO:
            path.moveTo(*points)
        elif code == LINETO:
            path.lineTo(*points)
        elif code == CURVE3:  # a quadratic Bézier as the cubic it equals
            (x0, y0), (cx, cy, x, y) = start, points
            path.curveTo(x0 + 2 * (cx - x0) / 3, y0 + 2 * (cy - y0) / 3, x + 2 * (cx - x) / 3, y + 2 * (cy - y) / 3,
                         x, y)
        elif code == CURVE4:
            path.curveTo(*points)
        elif code == CLOSEPOLY:
            path.close()
            continue
        start = points[-2], points[-1]
    fill, stroke = op["fill"], op["stroke"]
    if fill is not None:
        canvas.setFillColorRGB(*fill[:3], alpha=fill[3])
    if stroke is not None:
        canvas.setStrokeColorRGB(*stroke[:3], alpha=stroke[3])
        canvas.setLineWidth(op["width"])
        canvas.setLineCap(op["cap"])
        canvas.setLineJoin(op["join"])
        if op["dash"]:
            canvas.setDash(op["dash"][1], op["dash"][0])
    canvas.drawPath(path, stroke=int(stroke is not None), fill=int(fill is not None), fillMode=0)
