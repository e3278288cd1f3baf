"""Native slide tables: column widths from content, cells wrapped, rows continued with the header repeated.

The size is the largest (from deck.table.max_size down to min_size) at which the whole table fits one slide;
sizes above deck.table.size only when no more cells wrap, their cell padding grown with them. Such a table
is centred in the body (the region's anchor). When none fits, the table goes on as few slides as possible at
the largest size up to deck.table.size keeping that number, from the top of the body.
Numeric columns are right-aligned.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from publisher.outline.model import Column, Table
from publisher.plan.fit import ALIGN, Look, paragraph, source_line
from publisher.plan.layouts import Region
from publisher.plan.model import Box, Cell, TableShape, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind
from publisher.text.numbers import cell_text, numeric_cell
from publisher.theme.styles import DeckTableStyle

LINE_SPACING = 1.2
CAPTION_GAP = 6.0


@dataclass(frozen=True)
class TablePart:
    """The rows of a table still to be placed (the header is repeated on every slide)."""

    table: Table
    start: int = 0


@dataclass(frozen=True)
class Laid:
    """A table broken into cells at one size."""

    size: float
    padding: float
    widths: tuple[float, ...]
    header: tuple[Cell, ...] | None
    header_height: float
    rows: list[tuple[tuple[Cell, ...], float]]


@region_kind("table")
def table_region(region: Region, box: Box, part: TablePart, ctx: Context) -> Drawn:
    """Return the table's rows from part.start that fit in box, the header first; the rest is returned."""
    caption, notices = _caption(part.table, box, ctx)
    room = box.h - (caption.box.h + CAPTION_GAP if caption else 0)
    rows = _body(part)
    laid, count = _best(rows, _columns(part.table), box.w, room, ctx)
    count = _balanced(laid, room, count)
    head = ((laid.header, laid.header_height),) if laid.header else ()
    heights = tuple(h for _, h in (*head, *laid.rows[:count]))
    cells = tuple(c for c, _ in (*head, *laid.rows[:count]))
    rest = TablePart(part.table, part.start + count) if part.start + count < len(part.table.rows) else None
    top = box.y
    if rest is None and part.start == 0 and region.anchor != "top":  # a table alone on its slide: centred
        block = sum(heights) + (caption.box.h + CAPTION_GAP if caption else 0)
        top += (box.h - block) / (2 if region.anchor == "middle" else 1)
    shape = TableShape(Box(box.x, top, box.w, sum(heights)), laid.widths, heights, cells, laid.padding,
                       ctx.color(ctx.theme.deck.table.rule))
    shapes = [shape] + ([_below(caption, shape.box)] if caption else [])
    return Drawn(shapes, rest=(rest, laid.size) if rest else None, notices=notices)


def _columns(table: Table) -> list[tuple[str, str | None]]:
    """Return (name, align) per column; a table without `columns:` gets nameless ones and no header row."""
    named = [(c.name, c.align) if isinstance(c, Column) else (c, None) for c in table.columns]
    count = max([len(named)] + [len(r) for r in table.rows])
    return named + [("", None)] * (count - len(named))


def _body(part: TablePart) -> list[list[str]]:
    return [[cell_text(v) for v in row] for row in part.table.rows[part.start:]]


def _best(rows: list[list[str]], columns: list[tuple[str, str | None]], width: float, height: float,
          ctx: Context) -> tuple:
    """Return (laid, rows that fit) at the largest size fitting all rows, else giving the fewest slides (a table
    that continues is set as large as keeps that number of slides, up to the style's max_size)."""
    spec = ctx.theme.deck.table
    if ctx.cap is None and (spec.max_size or 0) > spec.size:  # room to spare: a larger size, on one slide,
        lines = _lines(_lay(rows, columns, width, spec.size, ctx))  # without wrapping more cells
        for size in ctx.ts.sizes(spec.max_size, spec.size)[:-1]:
            if (len(rows) + 1) * (size * LINE_SPACING + 2 * _padding(spec, size)) > height:
                continue  # one line a row would already be too tall
            laid = _lay(rows, columns, width, size, ctx)
            if _fitting(laid, height) == len(rows) and _lines(laid) <= lines:
                return laid, len(rows)
    floor = max(spec.min_size, ctx.theme.deck.minimum.table)
    cap = max(floor, ctx.cap or spec.size)  # a continuation keeps the size its table started at
    options = []
    for size in ctx.ts.sizes(cap, floor):
        laid = _lay(rows, columns, width, size, ctx)
        fits = _fitting(laid, height)
        if fits == len(rows):
            return laid, fits
        options.append((_slides(laid, height), -size, laid, fits))
    slides, _, laid, fits = min(options, key=lambda o: (o[0], o[1]))
    if ctx.cap is None and (spec.max_size or 0) > cap:  # as many slides either way: the largest size keeping them
        for size in ctx.ts.sizes(spec.max_size, cap)[:-1]:
            larger = _lay(rows, columns, width, size, ctx)
            if _slides(larger, height) == slides and _fitting(larger, height):
                return larger, _fitting(larger, height)
    return laid, max(1, fits)


def _balanced(laid: Laid, height: float, fits: int) -> int:
    """Return how many of the rows that fit to put on this slide: all of them when the table ends here, else about
    as many as each of its slides will hold (12 rows as 6 + 6, not 10 + 2 on a thin last slide)."""
    if fits >= len(laid.rows):
        return fits
    return max(1, min(fits, math.ceil(len(laid.rows) / _slides(laid, height))))


def _lines(laid: Laid) -> int:
    """Return how many lines the table's cells take."""
    rows = [cells for cells, _ in laid.rows] + ([laid.header] if laid.header else [])
    return sum(len(p.lines) for cells in rows for cell in cells for p in cell.paragraphs)


def _fitting(laid: Laid, height: float) -> int:
    used, count = laid.header_height, 0
    for _, row_height in laid.rows:
        if used + row_height > height + 1e-6:
            break
        used, count = used + row_height, count + 1
    return count


def _slides(laid: Laid, height: float) -> int:
    count, used = 1, laid.header_height
    for _, row_height in laid.rows:
        if used + row_height > height + 1e-6:
            count, used = count + 1, laid.header_height
        used += row_height
    return count


def _lay(rows: list[list[str]], columns: list[tuple[str, str | None]], width: float, size: float,
         ctx: Context) -> Laid:
    spec = ctx.theme.deck.table
    pad = _padding(spec, size)
    body = _look(ctx, size, False, "text")
    head = _look(ctx, size, True, spec.header_color)
    names = [name for name, _ in columns]
    aligns = [_align(align, [r[i] for r in rows if i < len(r)]) for i, (_, align) in enumerate(columns)]
    widths = _widths(names, rows, width, body, head, ctx, pad)
    fill = ctx.color(spec.header_fill)
    header = tuple(_cell(n, w, head, a, ctx, fill, pad) for n, w, a in zip(names, widths, aligns, strict=True))
    laid_rows = []
    for index, row in enumerate(rows):
        fill = ctx.color(spec.band_fill) if index % 2 else ctx.color("background")
        padded = row + [""] * (len(names) - len(row))
        cells = tuple(_cell(v, w, body, a, ctx, fill, pad) for v, w, a in zip(padded, widths, aligns, strict=True))
        laid_rows.append((cells, _row_height(cells, pad)))
    shown = header if any(names) else None
    return Laid(size, pad, widths, shown, _row_height(header, pad) if shown else 0.0, laid_rows)


def _padding(spec: DeckTableStyle, size: float) -> float:
    """Return the cell padding at a size: the theme's, grown in proportion above the theme's size."""
    return round(spec.padding * max(1.0, size / spec.size), 1)


def _look(ctx: Context, size: float, bold: bool, color: str) -> Look:
    return Look("body", ctx.fonts.family("body"), size, size, bold, ctx.color(color), LINE_SPACING)


def _align(align: str | None, values: list[str]) -> str:
    if align:
        return ALIGN[align]
    filled = [v for v in values if v.strip()]
    return "r" if filled and all(map(numeric_cell, filled)) else "l"


def _cell(text: str, width: float, look: Look, align: str, ctx: Context, fill: str, padding: float) -> Cell:
    inner = width - 2 * padding
    lines = ctx.ts.wrap(text, inner, look) or ("",)
    return Cell((paragraph(lines, replace(look, align=align)),), fill)


def _row_height(cells: tuple[Cell, ...], padding: float) -> float:
    return max(sum(p.height for p in c.paragraphs) for c in cells) + 2 * padding


def _widths(names: list[str], rows: list[list[str]], width: float, body: Look, head: Look,
            ctx: Context, padding: float) -> tuple[float, ...]:
    """Return column widths: natural widths when they fit, else narrow columns kept and wide ones shared."""
    pad = 2 * padding
    natural = [max([_natural(n, head, ctx)] + [_natural(r[i], body, ctx) for r in rows if i < len(r)]) + pad
               for i, n in enumerate(names)]
    if sum(natural) <= width:
        return tuple(w * width / sum(natural) for w in natural)
    fair = width / len(natural)
    narrow = [w for w in natural if w <= fair]
    wide = sum(w for w in natural if w > fair)
    share = (width - sum(narrow)) / wide if wide else 0.0
    return tuple(w if w <= fair else w * share for w in natural)


def _natural(text: str, look: Look, ctx: Context) -> float:
    return ctx.ts.width(text, look) / (1 - ctx.theme.deck.fit.width_margin) + 1.0


def _caption(table: Table, box: Box, ctx: Context) -> tuple[TextFrame | None, list[str]]:
    """Return the line under the table: its caption (unless the slide's subtitle names it), note and source, in at
    most two lines, and a notice when they had to be shortened."""
    words = ctx.theme.locale
    caption = "" if ctx.headed else table.caption
    text = words.list.join(t for t in (caption, table.note, source_line(table.source, words)) if t)
    if not text:
        return None, []
    spec = ctx.theme.deck.caption
    size = max(spec.size, ctx.theme.deck.minimum.note)
    look = Look("body", ctx.fonts.family("body"), size, size, False, ctx.color(spec.color), spec.line_spacing)
    wrapped = ctx.ts.wrap(text, box.w, look)
    lines = wrapped if len(wrapped) <= 2 else (wrapped[0], ctx.ts.clip(wrapped[1], box.w, look))
    para = paragraph(lines, look)
    notices = [f"table caption shortened to fit the slide: '{text[:20]}…'"] if len(wrapped) > 2 else []
    return TextFrame(Box(box.x, box.y, box.w, para.height), (para,), "t", "Caption"), notices


def _below(caption: TextFrame, table: Box) -> TextFrame:
    return TextFrame(Box(caption.box.x, table.bottom + CAPTION_GAP, caption.box.w, caption.box.h),
                     caption.paragraphs, "t", caption.name)
