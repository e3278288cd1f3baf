"""Charts, images and quotes on slides: the picture or chart takes the box less its title and caption lines."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publisher.model import Chart, Image, Quote
from publisher.plan.fit import Look, fit_lines, paragraph, source_line
from publisher.plan.layouts import Region
from publisher.plan.model import Box, ChartShape, Picture, TextFrame
from publisher.plan.regions import ANCHOR, Context, Drawn, region_kind

NATIVE_KINDS = ("bar", "hbar", "stacked", "line", "pie", "donut")
GAP = 6.0
HEADING_SCALE = 1.3  # chart heading size, in caption sizes
CAPTION_LINES = 2


@region_kind("chart")
def chart_region(region: Region, box: Box, chart: Chart, ctx: Context) -> Drawn:
    """Return the chart at the box's size less its heading above and caption/source line below."""
    from publisher.charts.render import describe

    heading = _line(chart.title, box, _caption_look(ctx, HEADING_SCALE, True, "text"), ctx, "Chart Title")
    caption = _caption(chart.caption, chart.source, box, ctx)
    top = box.y + (heading.box.h + GAP if heading else 0)
    bottom = box.bottom - (caption.box.h + GAP if caption else 0)
    native = (ctx.theme.charts.native if chart.native is None else chart.native) and chart.type in NATIVE_KINDS
    shapes = [ChartShape(Box(box.x, top, box.w, bottom - top), chart, describe(chart), native)]
    shapes += [heading] if heading else []
    shapes += [_at_bottom(caption, box)] if caption else []
    return Drawn(shapes)


@region_kind("image")
def image_region(region: Region, box: Box, image: Image, ctx: Context) -> Drawn:
    """Return the image scaled into the box (aspect kept, centred) above its caption."""
    caption = _caption(image.caption, image.source, box, ctx)
    room = Box(box.x, box.y, box.w, box.h - (caption.box.h + GAP if caption else 0))
    path = ctx.base_dir / image.path
    placed = _contain(_pixel_size(path), room)
    shapes: list = [Picture(placed, path, image.alt or image.caption or "图片")]
    if caption:
        centred = tuple(replace(p, align="ctr") for p in caption.paragraphs)
        shapes.append(TextFrame(Box(box.x, placed.bottom + GAP, box.w, caption.box.h), centred, "t", "Caption"))
    return Drawn(shapes)


@region_kind("quote")
def quote_region(region: Region, box: Box, quote: Quote, ctx: Context) -> Drawn:
    """Return the quotation, shrunk to fit (shortened only as a last resort), and who said it."""
    by = _caption_look(ctx, 1.4, False, "muted")
    by_height = by.size * by.line_spacing + GAP if quote.by else 0.0
    look = ctx.look(region)
    lines, sized, shortened = fit_lines(ctx.ts, f"“{quote.text}”", box.w, box.h - by_height, look,
                                        region.max_lines)
    paragraphs = [paragraph(lines, sized)]
    if quote.by:
        paragraphs.append(paragraph((ctx.ts.one_line("——" + quote.by, box.w, by),), replace(by, align="r"), GAP))
    notices = ["a quotation was shortened to fit its slide"] if shortened else []
    return Drawn([TextFrame(box, tuple(paragraphs), ANCHOR[region.anchor], "Quote")], notices=notices)


def _caption_look(ctx: Context, scale: float, bold: bool, color: str) -> Look:
    spec = ctx.theme.deck.caption
    size = round(spec.size * scale, 1)
    return Look("body", ctx.fonts.family("body"), size, size, bold, ctx.color(color), spec.line_spacing)


def _line(text: str, box: Box, look: Look, ctx: Context, name: str) -> TextFrame | None:
    if not text:
        return None
    lines = ctx.ts.wrap(text, box.w, look)
    shown = lines if len(lines) <= CAPTION_LINES else (*lines[:CAPTION_LINES - 1], ctx.ts.clip(
        lines[CAPTION_LINES - 1], box.w, look))
    para = paragraph(shown, look)
    return TextFrame(Box(box.x, box.y, box.w, para.height), (para,), "t", name)


def _caption(caption: str, source: str, box: Box, ctx: Context) -> TextFrame | None:
    text = "　".join(t for t in (caption, source_line(source)) if t)
    return _line(text, box, _caption_look(ctx, 1.0, False, ctx.theme.deck.caption.color), ctx, "Caption")


def _at_bottom(frame: TextFrame, box: Box) -> TextFrame:
    return TextFrame(Box(box.x, box.bottom - frame.box.h, box.w, frame.box.h), frame.paragraphs, "t", frame.name)


def _contain(pixels: tuple[int, int], room: Box) -> Box:
    scale = min(room.w / pixels[0], room.h / pixels[1])
    w, h = pixels[0] * scale, pixels[1] * scale
    return Box(room.x + (room.w - w) / 2, room.y, w, h)


def _pixel_size(path: Path) -> tuple[int, int]:
    from PIL import Image as PILImage

    with PILImage.open(path) as image:
        return image.size
