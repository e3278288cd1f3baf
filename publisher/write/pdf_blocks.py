"""Report blocks other than body text: bullets, KPI cards, call-outs and tables, all broken by our line breaker."""
from __future__ import annotations

from dataclasses import replace

from reportlab.platypus import Flowable, Table, TableStyle

from publisher.outline.model import Bullet, BulletItem, Column, Kpi, Quote
from publisher.outline.model import Table as TableModel
from publisher.text.numbers import cell_text, change_text, figure_parts, numeric_cell
from publisher.write.pdf_pages import drafting
from publisher.write.pdf_style import Ink, PdfStyle
from publisher.write.pdf_text import CJKParagraph, cached_lines, draw_string, parted, text_width


class BulletParagraph(CJKParagraph):
    """A bullet: hanging indent per level, its marker centred on the first line's em box."""

    def __init__(self, text: str, style: PdfStyle, level: int):
        spec = style.report.bullets
        ink = style.body
        self.step = spec.indent * ink.size
        super().__init__(text, ink, style.rules, left=level * self.step)
        self.marker = spec.markers[min(level, len(spec.markers)) - 1]
        self.marker_ink = style.ink("body", False, ink.size * spec.marker_scale, spec.color)

    def draw(self) -> None:
        """Draw the marker (not on a continuation), centred in the last indent step, and the text."""
        if not getattr(self, "is_continuation", False):
            ink, mark = self.ink, self.marker_ink
            centre = self.height - ink.baseline() + (ink.ascent - 0.5) * ink.size
            x = self.left - (self.step + mark.width(self.marker)) / 2
            draw_string(self.canv, self.marker, mark, x, centre - (mark.ascent - 0.5) * mark.size)
        super().draw()


def bullet_flowables(items: list[BulletItem], style: PdfStyle, level: int = 1, path: tuple = ()) -> list[Flowable]:
    """Return the bullets of a list (at outline path) and their nested items, depth-first."""
    out: list[Flowable] = []
    for index, item in enumerate(items):
        text, children = (item.text, item.items) if isinstance(item, Bullet) else (item, [])
        bullet = BulletParagraph(text, style, level)
        bullet.path = (*path, index)
        out.append(bullet)
        out += bullet_flowables(children, style, level + 1, (*path, index, "items"))
    return out


class KpiGrid(Flowable):
    """Key figures as a grid of cards in balanced rows (five in rows of 3 and 2, seven of 4 and 3), every row filling
    the width: the cards of a shorter last row are wider; splits between rows."""

    def __init__(self, kpis: list[Kpi], style: PdfStyle, columns: int | None = None, path: tuple = (), first: int = 0):
        super().__init__()
        self.kpis, self.style, self.spec = kpis, style, style.report.kpi
        self.path, self.first = path, first  # the outline path of the kpis list, and the index of the first card
        rows = -(-len(kpis) // self.spec.columns)
        self.columns = columns or -(-len(kpis) // rows)
        self.value_ink = style.ink("heading", True, self.spec.value_size, self.spec.value_color)
        self.unit_ink = style.ink("heading", False, self.spec.unit_size, self.spec.value_color)
        self.label_ink = style.ink("body", False, self.spec.label_size, "text")
        self.note_ink = style.ink("body", False, self.spec.note_size, "muted")
        self.pad = self.spec.unit_size * 0.8

    def rows(self) -> list[list[Kpi]]:
        """Return the cards row by row."""
        return [self.kpis[i:i + self.columns] for i in range(0, len(self.kpis), self.columns)]

    def card_width(self, width: float, count: int) -> float:
        """Return the width of one card in a row of count cards filling the width."""
        return (width - (count - 1) * self.spec.gap) / count

    def card_texts(self, kpi: Kpi) -> list[tuple[str, str, Ink]]:
        """Return (field, text, ink) of the label, change (▲ in the up colour, ▼ in the down colour) and note."""
        out = [("label", kpi.label, self.label_ink)]
        words = self.style.theme.locale
        change = change_text(kpi.change, kpi.change_unit, (words.up, words.down), words.numerals())
        if change:
            colors = self.style.theme.colors
            colour = colors.up if kpi.change > 0 else colors.down if kpi.change < 0 else colors.muted
            out.append(("change", change, replace(self.note_ink, color=self.style.color(colour))))
        return out + [("note", kpi.note, self.note_ink)]

    def card_lines(self, kpi: Kpi, inner: float) -> list[tuple[str, Ink]]:
        """Return the label, change and note lines of a card."""
        return [line for _, text, ink in self.card_texts(kpi) for line in self.broken(text, ink, inner)]

    def notices(self) -> list[tuple[tuple, str]]:
        """Return (outline path, warning) for each number group that a card's label, change or note parts."""
        out = []
        for start, row in zip(range(0, len(self.kpis), self.columns), self.rows(), strict=True):
            inner = self.card_width(self.width, len(row)) - 2 * self.pad
            for index, kpi in enumerate(row, self.first + start):
                for field, text, ink in self.card_texts(kpi):
                    lines = [line for line, _ in self.broken(text, ink, inner)]
                    out += [((*self.path, index, field), said) for said in parted(lines, self.style.rules)]
        return out

    def broken(self, text: str, ink: Ink, width: float) -> list[tuple[str, Ink]]:
        """Return text broken to width, each line with its ink."""
        lines = cached_lines(text, width, ink, self.style.rules, 0.0) if text else ()
        return [(line.text, ink) for line in lines]

    def row_heights(self, width: float) -> list[float]:
        """Return the height of each row of cards (the tallest card of the row)."""
        return [max(self.card_height(kpi, self.card_width(width, len(row)) - 2 * self.pad) for kpi in row)
                for row in self.rows()]

    def card_height(self, kpi: Kpi, inner: float) -> float:
        """Return the height a card needs."""
        lines = sum(ink.leading for _, ink in self.card_lines(kpi, inner))
        return 2 * self.pad + self.value_ink.size * 1.25 + lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the grid's size."""
        self.width = availWidth
        self.heights = self.row_heights(availWidth)
        self.height = sum(self.heights) + (len(self.heights) - 1) * self.spec.gap
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Return the rows that fit and the rest, or [] when not even one row fits."""
        heights, used, rows = self.row_heights(availWidth), 0.0, 0
        while rows < len(heights) and used + heights[rows] <= availHeight:
            used, rows = used + heights[rows] + self.spec.gap, rows + 1
        if rows in (0, len(heights)):
            return []
        cut = rows * self.columns
        return [KpiGrid(self.kpis[:cut], self.style, self.columns, self.path, self.first),
                KpiGrid(self.kpis[cut:], self.style, self.columns, self.path, self.first + cut)]

    def draw(self) -> None:
        """Draw every card, row by row from the top (nothing in a pass that only lays out)."""
        if drafting(self.canv):
            return
        top = self.height
        for row, height in zip(self.rows(), self.heights, strict=True):
            width = self.card_width(self.width, len(row))
            for column, kpi in enumerate(row):
                self.draw_card(kpi, column * (width + self.spec.gap), top - height, width, height)
            top -= height + self.spec.gap

    def draw_card(self, kpi: Kpi, x: float, y: float, width: float, height: float) -> None:
        """Draw one card with its lower-left corner at (x, y)."""
        canvas, pad = self.canv, self.pad
        canvas.setFillColor(self.style.color(self.spec.fill))
        canvas.rect(x, y, width, height, stroke=0, fill=1)
        canvas.setFillColor(self.value_ink.color)
        canvas.rect(x, y + height - pad * 0.25, width, pad * 0.25, stroke=0, fill=1)
        baseline = y + height - pad - self.value_ink.size * 0.95
        self.draw_value(kpi, x + pad, baseline, width - 2 * pad)
        line_top = y + height - pad - self.value_ink.size * 1.25
        for text, ink in self.card_lines(kpi, width - 2 * pad):
            draw_string(canvas, text, ink, x + pad, line_top - ink.baseline())
            line_top -= ink.leading

    def draw_value(self, kpi: Kpi, x: float, baseline: float, room: float) -> None:
        """Draw before + value + after on one baseline, the value shrunk if the card is too narrow."""
        before, value, after = figure_parts(kpi.value, kpi.unit, kpi.qualifier, kpi.prefix, kpi.scale,
                                            self.style.theme.locale.numerals())
        parts = ((before, self.unit_ink), (value, self.value_ink), (after, self.unit_ink))
        natural = sum(text_width(text, ink) for text, ink in parts)
        scale = min(1.0, room / max(1e-6, natural))
        for text, ink in parts:
            if text:
                ink = ink.scaled(ink.size * scale)
                draw_string(self.canv, text, ink, x, baseline)
                x += text_width(text, ink)


class Callout(Flowable):
    """A quote as a call-out: tinted box, a bar on the left, the attribution right-aligned under it."""

    def __init__(self, quote: str | Quote, style: PdfStyle):
        super().__init__()
        spec = style.report.quote
        text, by = (quote, "") if isinstance(quote, str) else (quote.text, quote.by)
        ink = style.ink(spec.role, False, spec.size, spec.color)
        self.pad = ink.size
        self.inner = CJKParagraph(text, ink, style.rules)
        caption = style.text_ink(style.report.caption)
        attribution = style.theme.locale.quote_by.format(by=by)
        self.by = CJKParagraph(attribution, caption, style.rules, justify=False, align="right") if by else None
        self.style, self.spec = style, spec
        self.spaceBefore = self.spaceAfter = style.body.leading / 2

    def parts(self) -> list[CJKParagraph]:
        """Return the text and the attribution (if any)."""
        return [self.inner] + ([self.by] if self.by else [])

    def notices(self) -> list[tuple[tuple, str]]:
        """Return (outline path, warning) for each number group the quote's lines part."""
        return [notice for part in self.parts() for notice in part.notices()]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the box's size."""
        inner = availWidth - 3 * self.pad
        self.width = availWidth
        self.height = sum(p.wrap(inner, availHeight)[1] for p in self.parts()) + 2 * self.pad * 0.75
        return availWidth, self.height

    def draw(self) -> None:
        """Draw the box, the bar and the text."""
        canvas = self.canv
        canvas.setFillColor(self.style.color(self.spec.fill))
        canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        canvas.setFillColor(self.style.color(self.spec.bar))
        canvas.rect(0, 0, self.pad * 0.25, self.height, stroke=0, fill=1)
        top = self.height - self.pad * 0.75
        for part in self.parts():
            top -= part.height
            part.drawOn(canvas, 2 * self.pad, top)


def column_texts(table: TableModel) -> tuple[list[str], list[list[str]], list[str]]:
    """Return (header texts, body rows as text, alignment per column) of a table."""
    names = [c.name if isinstance(c, Column) else c for c in table.columns]
    count = max([len(names)] + [len(row) for row in table.rows])
    names += [""] * (count - len(names))
    aligns = [_alignment(table, index) for index in range(count)]
    rows = [[cell_text(row[i]) if i < len(row) else "" for i in range(count)] for row in table.rows]
    return names, rows, aligns


def _alignment(table: TableModel, index: int) -> str:
    """Return a column's alignment: as declared, else right for numbers, else left."""
    column = table.columns[index] if index < len(table.columns) else None
    if isinstance(column, Column) and column.align:
        return column.align
    cells = [row[index] for row in table.rows if index < len(row) and row[index] != ""]
    numeric = cells and all(not isinstance(c, str) or numeric_cell(c) for c in cells)
    return "right" if numeric else "left"


def fair_widths(natural: list[float], avail: float) -> list[float]:
    """Return column widths filling avail: narrow columns get their natural width, wide ones share the rest."""
    widths, remaining = [0.0] * len(natural), avail
    for rank, index in enumerate(sorted(range(len(natural)), key=natural.__getitem__)):
        widths[index] = min(natural[index], remaining / (len(natural) - rank))
        remaining -= widths[index]
    total = sum(natural) or 1.0
    return [w + remaining * n / total for w, n in zip(widths, natural, strict=True)]


class ReportTable(Table):
    """A table whose warnings are those of its cells (a number parted in a narrow column), each at its cell's path;
    the parts of a table split over pages are ReportTables too, holding their rows' cells."""

    def notices(self) -> list[tuple[tuple, str]]:
        """Return (outline path, warning) for each number group the cells' lines part, once, at its first cell."""
        cells = [part for row in self._cellvalues for cell in row  # reportlab holds a flowable cell in a tuple
                 for part in (cell if isinstance(cell, (list, tuple)) else [cell])]
        found = [notice for cell in cells if isinstance(cell, CJKParagraph) for notice in cell.notices()]
        return list({message: (path, message) for path, message in reversed(found)}.values())[::-1]


def report_table(table: TableModel, style: PdfStyle, width: float, path: tuple = ()) -> Table:
    """Return a reportlab Table: header repeated on every page, numbers right-aligned, cells broken by our breaker;
    path is the table's outline path, which each cell's warnings extend (columns[c], rows[r][c])."""
    spec = style.report.table
    cell_ink = style.ink(spec.role, False, spec.size, "text")
    head_ink = style.ink(spec.role, True, spec.size, spec.header_color)
    names, rows, aligns = column_texts(table)
    natural = [max([natural_width(names[i], head_ink)] + [natural_width(r[i], cell_ink) for r in rows])
               + 2 * spec.padding for i in range(len(names))]
    widths = fair_widths(natural, width)

    def cell(text: str, ink: Ink, align: str, where: tuple) -> CJKParagraph:
        """Return a cell: ragged, aligned like its column."""
        paragraph = CJKParagraph(text, ink, style.rules, justify=False, align=align)
        paragraph.path = (*path, *where)
        return paragraph

    data = [[cell(n, head_ink, a, ("columns", c)) for c, (n, a) in enumerate(zip(names, aligns, strict=True))]]
    data += [[cell(t, cell_ink, a, ("rows", r, c)) for c, (t, a) in enumerate(zip(row, aligns, strict=True))]
             for r, row in enumerate(rows)]
    result = ReportTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    result.setStyle(TableStyle(table_commands(style, len(data))))
    return result


def natural_width(text: str, ink: Ink) -> float:
    """Return the unbroken width of a cell text."""
    return text_width(text, ink) if text else 0.0


def table_commands(style: PdfStyle, rows: int) -> list[tuple]:
    """Return the table style: tinted header, strong top and bottom rules, hairlines between rows.

    The cells' own font is set too (reportlab would otherwise select an unembedded Helvetica for them).
    """
    spec = style.report.table
    rule, strong = style.color(spec.rule), style.color(style.report.headings.color)
    hairlines = [("LINEBELOW", (0, 1), (-1, -2), 0.25, rule)] if rows > 2 else []
    return hairlines + [
        ("FONT", (0, 0), (-1, -1), style.font_name(spec.role), spec.size),
        ("BACKGROUND", (0, 0), (-1, 0), style.color(spec.header_fill)),
        ("LINEABOVE", (0, 0), (-1, 0), 1.0, strong),
        ("LINEBELOW", (0, 0), (-1, 0), 0.6, strong),
        ("LINEBELOW", (0, -1), (-1, -1), 1.0, strong),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), spec.padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), spec.padding),
        ("TOPPADDING", (0, 0), (-1, -1), spec.padding),
        ("BOTTOMPADDING", (0, 0), (-1, -1), spec.padding),
    ]
