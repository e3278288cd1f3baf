"""The agenda: the top-level sections numbered 01, 02 … in one or two columns, continued when there are many."""
from __future__ import annotations

import math
from dataclasses import replace

from publisher.plan.fit import fit_lines, paragraph
from publisher.plan.layouts import Region
from publisher.plan.model import Box, Rect, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind

PER_COLUMN = 5
COLUMNS = 2
NUMBER_W = 64.0
ROW_MAX = 72.0
COLUMN_GAP = 32.0


@region_kind("agenda")
def agenda_region(region: Region, box: Box, entries: list[tuple[str, str]], ctx: Context) -> Drawn:
    """Return numbered entries, at most ten on a slide; the others are returned as rest."""
    shown, rest = entries[:PER_COLUMN * COLUMNS], entries[PER_COLUMN * COLUMNS:]
    columns = 1 if len(shown) <= PER_COLUMN else COLUMNS
    rows = math.ceil(len(shown) / columns)
    col_w = (box.w - (columns - 1) * COLUMN_GAP) / columns
    row_h = min(ROW_MAX, box.h / max(rows, 1))
    top = box.y + (box.h - rows * row_h) / 2
    shapes: list = []
    for i, (number, title) in enumerate(shown):
        column, row = divmod(i, rows)
        cell = Box(box.x + column * (col_w + COLUMN_GAP), top + row * row_h, col_w, row_h)
        shapes += _entry(number, title, cell, region, ctx)
    return Drawn(shapes, rest=(rest, None) if rest else None)


def _entry(number: str, title: str, cell: Box, region: Region, ctx: Context) -> list:
    look = ctx.look(region)
    number_look = replace(look, size=look.size * 1.3, min_size=look.size * 1.3, bold=True,
                          color=ctx.color("accent"), family=ctx.fonts.family("heading"), role="heading")
    text_box = Box(cell.x + NUMBER_W, cell.y, cell.w - NUMBER_W, cell.h - 8)
    lines, sized, _ = fit_lines(ctx.ts, title, text_box.w, text_box.h, look, 2)
    return [TextFrame(Box(cell.x, cell.y, NUMBER_W, cell.h - 8), (paragraph((number,), number_look),), "ctr",
                      "Agenda Number"),
            TextFrame(text_box, (paragraph(lines, sized),), "ctr", "Agenda Entry"),
            Rect(Box(cell.x, cell.bottom - 4, cell.w, 1), ctx.color("rule"), "Agenda Rule")]
