"""Charts, images and quotes on slides: the picture or chart takes the box less its title and caption lines."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publisher.model import Chart, Image, Quote
from publisher.plan.fit import Look, fit_lines, paragraph, source_line
from publisher.plan.layouts import Region
from publisher.plan.model import Box, ChartShape, Picture, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind

# chart kinds with a native PowerPoint form (publisher.write.pptx_chart.NATIVE makes them); others are pictures
NATIVE_KINDS = ("bar", "hbar", "ranking", "stacked", "stacked100", "line", "area", "pie", "donut", "combo")
GAP = 6.0
HEADING_SCALE = 1.3  # chart heading size, in caption sizes
CAPTION_LINES = 2
QUOTE_FILL = 0.65  # a long quotation shrinks rather than fill more of the box than this: it stays a quotation
BY_SCALE = 1.6  # who said a quotation, in caption sizes
MARK_SCALE = 2.2  # the quotation mark above a quotation, in quotation text sizes …
MARK_MAX = 96.0  # … up to this size
MARK_LINE = 1.2  # line pitch of the mark, in its size: PowerPoint and LibreOffice both ink it in the frame's
MARK_INK = 0.1  # top third, from about MARK_INK
MARK_BELOW = 0.7  # the quotation starts this far below the mark frame's top, in mark sizes


@region_kind("chart")
def chart_region(region: Region, box: Box, chart: Chart, ctx: Context) -> Drawn:
    """Return the chart at the box's size less its heading above and caption/source line below."""
    from publisher.charts.render import describe

    heading = _line(chart.title, box, _caption_look(ctx, HEADING_SCALE, True, "text"), ctx, "Chart Title")
    caption = _caption(chart.caption, chart.source, box, ctx)
    top = box.y + (heading.box.h + GAP if heading else 0)
    bottom = box.bottom - (caption.box.h + GAP if caption else 0)
    wanted = ctx.theme.charts.native if chart.native is None else chart.native
    native = wanted and chart.type in NATIVE_KINDS
    shapes = [ChartShape(Box(box.x, top, box.w, bottom - top), chart, describe(chart, ctx.theme.locale), native)]
    shapes += [heading] if heading else []
    shapes += [_at_bottom(caption, box)] if caption else []
    notices = [f"chart type '{chart.type}' has no native PowerPoint form: it is a picture"] if wanted and not native \
        else []
    return Drawn(shapes, notices=notices)


@region_kind("image")
def image_region(region: Region, box: Box, image: Image, ctx: Context) -> Drawn:
    """Return the image scaled into the box (aspect kept, centred) above its caption."""
    caption = _caption(image.caption, image.source, box, ctx)
    room = Box(box.x, box.y, box.w, box.h - (caption.box.h + GAP if caption else 0))
    path = ctx.base_dir / image.path
    placed = _contain(_pixel_size(path), room)
    shapes: list = [Picture(placed, path, image.alt or image.caption or ctx.theme.locale.image)]
    if caption:
        centred = tuple(replace(p, align="ctr") for p in caption.paragraphs)
        shapes.append(TextFrame(Box(box.x, placed.bottom + GAP, box.w, caption.box.h), centred, "t", "Caption"))
    return Drawn(shapes)


@region_kind("quote")
def quote_region(region: Region, box: Box, quote: Quote, ctx: Context) -> Drawn:
    """Return the quotation under a large opening quotation mark, shrunk to fit (shortened only as a last
    resort), and who said it below; the three are centred as one block in the box."""
    by = _caption_look(ctx, BY_SCALE, False, "muted")
    by_height = by.size * by.line_spacing + GAP * 2 if quote.by else 0.0
    look = ctx.look(region)
    text = _unquoted(quote.text)
    room = min(box.h - by_height - _mark_size(look.size) * (MARK_BELOW - MARK_INK), box.h * QUOTE_FILL)
    lines, sized, shortened = fit_lines(ctx.ts, text, box.w, room, look, region.max_lines)
    para = paragraph(lines, sized)
    size = _mark_size(sized.size)
    block = size * (MARK_BELOW - MARK_INK) + para.height + by_height
    top = box.y + (box.h - block) / 2 - size * MARK_INK  # the mark's ink, not its frame, starts the block
    mark_look = Look("heading", ctx.fonts.family("heading"), size, size, True, ctx.color("accent"), MARK_LINE)
    mark = ctx.theme.locale.quote_mark
    ink = ctx.fonts.metrics("heading", True).ink_centre(mark)
    centre = box.x + box.w / 2
    shapes: list = [TextFrame(Box(centre - ink * size, top, size * 1.1, size * MARK_LINE),
                              (paragraph((mark,), mark_look),), "t", "Quote Mark")]
    text_top = top + size * MARK_BELOW
    shapes.append(TextFrame(Box(box.x, text_top, box.w, para.height), (para,), "t", "Quote"))
    if quote.by:
        attribution = ctx.theme.locale.quote_by.format(by=quote.by)
        by_line = paragraph((ctx.ts.one_line(attribution, box.w, by),), replace(by, align="ctr"))
        shapes.append(TextFrame(Box(box.x, text_top + para.height + GAP * 2, box.w, by_line.height), (by_line,),
                                "t", "Quote By"))
    notices = ["a quotation was shortened to fit its slide"] if shortened else []
    return Drawn(shapes, notices=notices)


def _mark_size(text_size: float) -> float:
    return round(min(MARK_MAX, text_size * MARK_SCALE))


def _unquoted(text: str) -> str:
    """Return text as a display quotation: without the quotation marks around it (the slide draws its own) and
    without a closing 。 (like a title; its blank half would pull the centred last line off centre)."""
    text = text.strip()
    for opening, closing in ("“”", "「」", "『』", '""'):
        if len(text) > 2 and text[0] == opening and text[-1] == closing and closing not in text[1:-1]:
            text = text[1:-1]
            break
    return text[:-1] if len(text) > 1 and text.endswith("。") else text


def _caption_look(ctx: Context, scale: float, bold: bool, color: str) -> Look:
    spec = ctx.theme.deck.caption
    size = max(round(spec.size * scale, 1), ctx.theme.deck.minimum.note if scale <= 1 else ctx.theme.deck.minimum.table)
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
    words = ctx.theme.locale
    text = words.separator.join(t for t in (caption, source_line(source, words)) if t)
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
