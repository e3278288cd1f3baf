"""A chart drawn straight into the PDF report: matplotlib lays the figure out and draws it through a renderer that
records its vector operations, and a reportlab Flowable replays them on the page (publisher.charts.recorded, which
imports no matplotlib: a build whose charts are cached never loads it).

No SVG is written or parsed. A record is plain JSON (cached by content, see render): paths with their fill, stroke,
dashes and clip box, and texts with their baseline start, size, angle, colour and weight. It names no font file: its
texts say regular or bold, and the report draws them in its own embedded chart fonts, so a record serves every
document whose chart font comes from the same source file. Texts are placed where matplotlib laid them out,
measured with the very font file reportlab embeds, and stay text: searchable and copyable.
"""
from __future__ import annotations

import json
from typing import Any

from matplotlib.backend_bases import FigureCanvasBase, GraphicsContextBase, RendererBase
from matplotlib.path import Path as MplPath

CAPS = {"butt": 0, "round": 1, "projecting": 2}
JOINS = {"miter": 0, "round": 1, "bevel": 2}
BOLD = 600  # a text from this weight on is drawn in the bold chart font
DIGITS = 3  # coordinates are kept to a thousandth of a point


class Recorder(RendererBase):
    """A matplotlib renderer at 72 dpi (a unit is a point, y upwards) that records what a figure draws; text is
    measured as matplotlib's vector backends measure it, from the font file."""

    def __init__(self, width: float, height: float):
        from matplotlib.textpath import TextToPath

        super().__init__()
        self.width, self.height, self.ops = width, height, []
        self._text2path = TextToPath()

    def flipy(self) -> bool:
        return False

    def get_canvas_width_height(self) -> tuple[float, float]:
        return self.width, self.height

    def points_to_pixels(self, points: float) -> float:
        return points

    def new_gc(self) -> GraphicsContextBase:
        return GraphicsContextBase()

    def draw_path(self, gc: GraphicsContextBase, path: MplPath, transform: Any, rgbFace: Any = None) -> None:
        segments = [[int(code), [round(float(v), DIGITS) for v in points]]
                    for points, code in path.iter_segments(transform, remove_nans=True, simplify=False)]
        fill = _rgba(rgbFace, gc) if rgbFace is not None else None
        stroke = _rgba(gc.get_rgb(), gc) if gc.get_linewidth() > 0 else None
        if (fill is None or not fill[3]) and (stroke is None or not stroke[3]):
            return
        offset, dashes = gc.get_dashes()
        dash = [float(offset or 0), [float(d) for d in dashes]] if dashes is not None and len(dashes) else None
        self.ops.append({"path": segments, "fill": fill, "stroke": stroke, "width": float(gc.get_linewidth()),
                         "dash": dash, "cap": CAPS[gc.get_capstyle()], "join": JOINS[gc.get_joinstyle()],
                         "clip": _clip(gc)})

    def draw_text(self, gc: GraphicsContextBase, x: float, y: float, s: str, prop: Any, angle: float,
                  ismath: bool | str = False, mtext: Any = None) -> None:
        if ismath:
            raise ValueError(f"chart text {s!r} would be typeset as mathematics")
        weight = prop.get_weight()
        heavy = (weight if isinstance(weight, int) else _WEIGHTS.get(weight, 400)) >= BOLD
        self.ops.append({"text": s, "x": round(float(x), DIGITS), "y": round(float(y), DIGITS),
                         "size": float(prop.get_size_in_points()), "bold": heavy, "angle": float(angle),
                         "color": _rgba(gc.get_rgb(), gc), "clip": _clip(gc)})

    def draw_image(self, gc: Any, x: float, y: float, im: Any) -> None:
        raise ValueError("a chart of the report draws no pixel image")


class _RecordingCanvas(FigureCanvasBase):
    """A figure canvas whose renderer is the recorder, so that layout measures text as the record draws it."""

    def __init__(self, figure: Any, renderer: Recorder):
        super().__init__(figure)
        self.renderer = renderer

    def get_renderer(self) -> Recorder:
        return self.renderer


def _weights() -> dict[str, int]:
    from matplotlib.font_manager import weight_dict

    return dict(weight_dict)


_WEIGHTS = _weights()


def _rgba(color: Any, gc: GraphicsContextBase) -> list[float]:
    r, g, b, *rest = (float(c) for c in color)
    alpha = gc.get_alpha() if gc.get_forced_alpha() else (rest[0] if rest else 1.0)
    return [round(r, 4), round(g, 4), round(b, 4), round(float(alpha), 4)]


def _clip(gc: GraphicsContextBase) -> list[float] | None:
    if gc.get_clip_path()[0] is not None:
        raise ValueError("a chart of the report clips by rectangles only")
    box = gc.get_clip_rectangle()
    return [round(float(v), DIGITS) for v in box.bounds] if box is not None else None


def record(figure: Any) -> bytes:
    """Return the record of a figure (laid out and drawn in this call) as JSON: its size in points and its
    operations from its bottom-left corner."""
    width, height = (float(v) * 72 for v in figure.get_size_inches())
    figure.set_dpi(72)
    recorder = Recorder(width, height)
    _RecordingCanvas(figure, recorder)
    figure.draw(recorder)
    data = {"width": round(width, DIGITS), "height": round(height, DIGITS), "ops": recorder.ops}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
