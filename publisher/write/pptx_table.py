"""Planned tables into native PowerPoint tables: explicit widths, heights, fills, margins and rules."""
from __future__ import annotations

from lxml import etree

from publisher.plan.model import Cell, Languages, TableShape
from publisher.write.pptx_shapes import Canvas, drawer, emu, place
from publisher.write.pptx_text import qn, set_paragraphs

RULE_WIDTH = 0.75  # points


@drawer(TableShape)
def table(plan: TableShape, canvas: Canvas) -> None:
    """Draw a table whose column widths and row heights are the planned ones."""
    frame = canvas.slide.shapes.add_table(len(plan.rows), len(plan.widths), *place(plan.box))
    canvas.added(frame)
    frame.name = plan.name
    grid = frame.table
    for column, width in zip(grid.columns, plan.widths, strict=True):
        column.width = emu(width)
    for row, height in zip(grid.rows, plan.heights, strict=True):
        row.height = emu(height)
    for r, cells in enumerate(plan.rows):
        for c, cell in enumerate(cells):
            _cell(grid.cell(r, c), cell, plan, canvas.languages)


def _cell(target, cell: Cell, plan: TableShape, languages: Languages) -> None:
    """Fill one a:tc: paragraphs, margins, centred anchor, a rule below, and its fill."""
    set_paragraphs(target._tc.txBody, cell.paragraphs, languages)
    properties = target._tc.get_or_add_tcPr()
    for side in ("marL", "marR", "marT", "marB"):
        properties.set(side, str(emu(plan.padding)))
    properties.set("anchor", "ctr")
    for side in ("a:lnL", "a:lnR", "a:lnT", "a:lnB"):
        properties.append(_line(side, plan.rule if side == "a:lnB" else ""))
    if cell.fill:
        etree.SubElement(etree.SubElement(properties, qn("a:solidFill")), qn("a:srgbClr")).set("val", cell.fill)


def _line(tag: str, color: str) -> etree._Element:
    line = etree.Element(qn(tag))
    if not color:
        line.set("w", "0")
        etree.SubElement(line, qn("a:noFill"))
        return line
    line.set("w", str(emu(RULE_WIDTH)))
    etree.SubElement(etree.SubElement(line, qn("a:solidFill")), qn("a:srgbClr")).set("val", color)
    return line
