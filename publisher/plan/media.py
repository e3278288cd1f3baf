"""Charts, images and quotes on slides: the picture or chart takes the box less its title and caption lines.

A chart refuses a box too small for its categories (its kind's least room per category, in ems of the chart font),
so that a crowded chart gets a slide of its own rather than share one; a quotation refuses a box it would have
to be shortened in. Captions are never cut silently: one too long for its lines ends with an ellipsis and a notice.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publisher.outline.model import Chart, Image, Quote
from publisher.plan.fit import Look, fit_lines, paragraph, source_line
from publisher.plan.layouts import Region
from publisher.plan.model import Box, ChartShape, Picture, Rect, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind

# chart kinds with a native PowerPoint form (publisher.write.pptx_chart.NATIVE makes them); others are pictures
NATIVE_KINDS = ("bar", "hbar", "ranking", "stacked", "stacked100", "line", "area", "pie", "donut", "combo")
GAP = 6.0
HEADING_SCALE = 1.3  # chart heading size, in caption sizes
CAPTION_LINES = 3
SLOT_EMS = 3.0  # least width a category takes across a chart (bars, lines), in ems of the chart font …
GROUP_EMS = 1.5  # … and more per extra bar of a group
ROW_EMS = 2.0  # least height a category takes down a chart of bars across
LABEL_LINES = 3  # a category label beside bars across wraps into at most this many lines …
LABEL_SHARE = 0.4  # … within this share of the chart's width
PIE_EMS = 14.0  # least side of a pie or donut
PLOT_EMS = 10.0  # least height of any chart
ACROSS = ("hbar", "ranking")
SLICES = ("pie", "donut")
QUOTE_FILL = 0.65  # a long quotation shrinks rather than fill more of the box than this: it stays a quotation
BY_SCALE = 1.6  # who said a quotation, in caption sizes
MARK_SCALE = 2.2  # the quotation mark above a quotation, in quotation text sizes …
MARK_MAX = 96.0  # … up to this size
MARK_LINE = 1.2  # line pitch of the mark, in its size: PowerPoint and LibreOffice both ink it in the frame's
MARK_INK = 0.1  # top third, from about MARK_INK
MARK_BELOW = 0.7  # the quotation starts this far below the mark frame's top, in mark sizes
PANEL_PAD = 16.0  # inside a quotation's panel


@region_kind("chart")
def chart_region(region: Region, box: Box, chart: Chart, ctx: Context) -> Drawn:
    """Return the chart at the box's size less its heading above (left out when the slide's subtitle names the chart)
    and caption/source lines below; refused when the chart would be crowded in the box."""
    from publisher.charts.render import describe

    heading_look = _caption_look(ctx, HEADING_SCALE, True, "text")
    heading, notices = _line("" if ctx.headed else chart.title, box, heading_look, ctx, "Chart Title")
    caption, more = _caption(chart.caption, chart.source, box, ctx)
    top = box.y + (heading.box.h + GAP if heading else 0)
    bottom = box.bottom - (caption.box.h + GAP if caption else 0)
    wanted = ctx.theme.charts.native if chart.native is None else chart.native
    native = wanted and chart.type in NATIVE_KINDS
    plot = Box(box.x, top, box.w, bottom - top)
    shapes = [ChartShape(plot, chart, describe(chart, ctx.theme.locale), native)]
    shapes += [heading] if heading else []
    shapes += [_at_bottom(caption, box)] if caption else []
    if wanted and not native:
        notices.append(f"chart type '{chart.type}' has no native PowerPoint form: it is a picture")
    return Drawn(shapes, notices=notices + more, refused=crowded(chart, plot, ctx.theme.charts.deck.font_size))


def crowded(chart: Chart, box: Box, size: float) -> bool:
    """Return whether a chart would be crowded in a box: less room per category than its kind needs."""
    count = max(1, len(chart.categories))
    if box.h < PLOT_EMS * size:
        return True
    if chart.type in SLICES:
        return min(box.w, box.h) < PIE_EMS * size
    if chart.type in ACROSS:
        widest = max((len(c) for c in chart.categories), default=0) * size / LABEL_LINES
        return box.h / count < ROW_EMS * size * len(chart.series) or widest > LABEL_SHARE * box.w
    bars = len(chart.series) if chart.type in ("bar", "combo") else 1
    return box.w / count < (SLOT_EMS + GROUP_EMS * (bars - 1)) * size


@region_kind("image")
def image_region(region: Region, box: Box, image: Image, ctx: Context) -> Drawn:
    """Return the image scaled into the box (aspect kept, centred) above its caption."""
    caption, notices = _caption(image.caption, image.source, box, ctx)
    room = Box(box.x, box.y, box.w, box.h - (caption.box.h + GAP if caption else 0))
    path = ctx.base_dir / image.path
    placed = _contain(_pixel_size(path), room)
    shapes: list = [Picture(placed, path, image.alt or image.caption or ctx.theme.locale.image)]
    if caption:
        centred = tuple(replace(p, align="ctr") for p in caption.paragraphs)
        shapes.append(TextFrame(Box(box.x, placed.bottom + GAP, box.w, caption.box.h), centred, "t", "Caption"))
    return Drawn(shapes, notices=notices)


@region_kind("quote")
def quote_region(region: Region, box: Box, quote: Quote, ctx: Context) -> Drawn:
    """Return the quotation under a large opening quotation mark, shrunk to fit (shortened only as a last
    resort, and then refused), and who said it below; the three are centred as one block in the box, on a panel of
    the region's fill when it names one."""
    panel = [Rect(box, ctx.color(region.fill), "Quote Panel")] if region.fill else []
    inner = box.inset(PANEL_PAD, PANEL_PAD) if region.fill else box
    by = _caption_look(ctx, BY_SCALE, False, "muted")
    by_lines = ctx.ts.wrap(ctx.theme.locale.quote_by.format(by=quote.by), inner.w, by) if quote.by else ()
    by_height = len(by_lines) * by.size * by.line_spacing + GAP * 2 if quote.by else 0.0
    look = ctx.look(region)
    mark, text = _unquoted(quote.text, ctx.theme.locale.quote_mark)
    room = min(inner.h - by_height - _mark_size(look.size) * (MARK_BELOW - MARK_INK), inner.h * QUOTE_FILL)
    lines, sized, shortened = fit_lines(ctx.ts, text, inner.w, room, look, region.max_lines)
    para = paragraph(lines, sized)
    size = _mark_size(sized.size)
    block = size * (MARK_BELOW - MARK_INK) + para.height + by_height
    top = inner.y + (inner.h - block) / 2 - size * MARK_INK  # the mark's ink, not its frame, starts the block
    mark_look = Look("heading", ctx.fonts.family("heading"), size, size, True, ctx.color("accent"), MARK_LINE)
    ink = ctx.fonts.metrics("heading", True).ink_centre(mark)
    centre = inner.x + inner.w / 2
    shapes: list = [*panel, TextFrame(Box(centre - ink * size, top, size * 1.1, size * MARK_LINE),
                                      (paragraph((mark,), mark_look),), "t", "Quote Mark")]
    text_top = top + size * MARK_BELOW
    shapes.append(TextFrame(Box(inner.x, text_top, inner.w, para.height), (para,), "t", "Quote"))
    if quote.by:
        by_para = paragraph(by_lines, replace(by, align="ctr"))
        shapes.append(TextFrame(Box(inner.x, text_top + para.height + GAP * 2, inner.w, by_para.height), (by_para,),
                                "t", "Quote By"))
    notices = ["a quotation was shortened to fit its slide"] if shortened else []
    return Drawn(shapes, notices=notices, refused=shortened)


def _mark_size(text_size: float) -> float:
    return round(min(MARK_MAX, text_size * MARK_SCALE))


def _unquoted(text: str, mark: str) -> tuple[str, str]:
    """Return the large opening mark and the text of a display quotation: the author's own opening mark, when the
    text is quoted, drawn large and the rest kept as written (its closing mark too); else the locale's mark, and the
    text without a closing 。 (like a title; its blank half would pull the centred last line off centre)."""
    text = text.strip()
    for opening, closing in ("“”", "「」", "『』", '""'):
        if len(text) > 2 and text[0] == opening and text[-1] == closing and closing not in text[1:-1]:
            return opening, text[1:]
    return mark, text[:-1] if len(text) > 1 and text.endswith("。") else text


def _caption_look(ctx: Context, scale: float, bold: bool, color: str) -> Look:
    spec = ctx.theme.deck.caption
    floor = ctx.theme.deck.minimum.note if scale <= 1 else ctx.theme.deck.minimum.table
    size = max(round(spec.size * scale, 1), floor)
    return Look("body", ctx.fonts.family("body"), size, size, bold, ctx.color(color), spec.line_spacing)


def _line(text: str, box: Box, look: Look, ctx: Context, name: str) -> tuple[TextFrame | None, list[str]]:
    """Return a heading or caption frame of at most CAPTION_LINES lines at the box's top, and a notice when the
    text had to be shortened to them."""
    if not text:
        return None, []
    lines = ctx.ts.wrap(text, box.w, look)
    shown = lines if len(lines) <= CAPTION_LINES else (*lines[:CAPTION_LINES - 1], ctx.ts.clip(
        lines[CAPTION_LINES - 1], box.w, look))
    para = paragraph(shown, look)
    notices = [f"{name.lower()} shortened to fit the slide: '{text[:20]}…'"] if len(lines) > CAPTION_LINES else []
    return TextFrame(Box(box.x, box.y, box.w, para.height), (para,), "t", name), notices


def _caption(caption: str, source: str, box: Box, ctx: Context) -> tuple[TextFrame | None, list[str]]:
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
