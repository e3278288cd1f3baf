"""Printed pages of the deck: handouts (2, 3 or 6 slides an A4 page, ruled lines for notes beside each of 3) and
speaker-notes pages (each slide above its notes, the notes broken into lines and continued on the next page when
long). Every position, line break and rule is decided here; the writer scales the planned slides into their views
and draws the other shapes as it draws a slide's.

Pages take the report's page size and margins, and its running header and footer (report.header, theme.footer
with {title}, {page}, {pages}) in its furniture style, so the printed deck matches the printed report.
"""
from __future__ import annotations

from dataclasses import dataclass

from publisher.fonts.book import FontBook
from publisher.plan.fit import Look, Typesetter, paragraph
from publisher.plan.model import Box, DeckPlan, Rect, Shape, TextFrame
from publisher.theme.styles import Theme

PER_PAGE = (2, 3, 6)
GAP = 28.0  # points between slide views, and between a view and its ruled lines
LINE_PITCH = 24.0  # points between the ruled lines for notes
RULE = 0.5  # points: thickness of a ruled line and of a view's frame


@dataclass(frozen=True)
class SlideView:
    """A slide shown small on a printed page: its 1-based number and the box it is scaled into."""

    slide: int
    box: Box


@dataclass(frozen=True)
class PrintPage:
    """One printed page: slide views, then shapes (ruled lines, notes, header and footer) drawn over the page."""

    width: float
    height: float
    views: tuple[SlideView, ...]
    shapes: tuple[Shape, ...]
    frame: str  # colour of the hairline around each view


@dataclass(frozen=True)
class _Area:
    """The type area of a page: inside the report's margins."""

    box: Box
    width: float
    height: float


def plan_handout(deck: DeckPlan, theme: Theme, fonts: FontBook, per_page: int) -> list[PrintPage]:
    """Return the handout pages: per_page (2, 3 or 6) slides a page, with ruled lines beside each slide of 3."""
    area = _area(theme)
    boxes, lined = _handout_boxes(area.box, deck.height / deck.width, per_page)
    pages = []
    for start in range(0, len(deck.slides), per_page):
        numbers = range(start + 1, min(start + per_page, len(deck.slides)) + 1)
        views = tuple(SlideView(n, box) for n, box in zip(numbers, boxes, strict=False))
        rules = [rule for view in views for rule in _ruled_lines(view.box, area.box, theme)] if lined else []
        pages.append((views, rules))
    return _paged(deck, theme, fonts, area, pages)


def plan_notes(deck: DeckPlan, theme: Theme, fonts: FontBook) -> list[PrintPage]:
    """Return the speaker-notes pages: each slide across the type area's width, its notes below it; notes longer
    than the page go on over the next pages."""
    area = _area(theme)
    view_h = area.box.w * deck.height / deck.width
    body = theme.report.body
    look = Look("body", fonts.family("body"), body.size, body.size, False, theme.color(body.color),
                body.leading / body.size)
    setter = Typesetter(theme, fonts)
    pages: list[tuple[tuple[SlideView, ...], list[Shape]]] = []
    for number, slide in enumerate(deck.slides, 1):
        lines = [line for text in slide.notes.splitlines() if text.strip()
                 for line in setter.wrap(text.strip(), area.box.w, look)]
        top = area.box.y + view_h + GAP
        views = (SlideView(number, Box(area.box.x, area.box.y, area.box.w, view_h)),)
        while True:
            room = max(1, int((area.box.bottom - top) // body.leading))
            chunk, lines = lines[:room], lines[room:]
            shapes: list[Shape] = []
            if chunk:
                frame = TextFrame(Box(area.box.x, top, area.box.w, len(chunk) * body.leading),
                                  (paragraph(tuple(chunk), look),), name="Notes")
                shapes.append(frame)
            pages.append((views, shapes))
            if not lines:
                break
            views, top = (), area.box.y
    return _paged(deck, theme, fonts, area, pages)


def _area(theme: Theme) -> _Area:
    page = theme.report.page
    box = Box(page.left, page.top, page.width - page.left - page.right, page.height - page.top - page.bottom)
    return _Area(box, page.width, page.height)


def _handout_boxes(area: Box, aspect: float, per_page: int) -> tuple[list[Box], bool]:
    """Return the boxes of a page's slide views, in reading order, and whether ruled lines go beside them."""
    if per_page not in PER_PAGE:
        raise ValueError(f"slides per handout page: expected one of {PER_PAGE}, got {per_page}")
    columns, rows = {2: (1, 2), 3: (1, 3), 6: (2, 3)}[per_page]
    lined = per_page == 3
    cell_w = area.w / 2 - GAP / 2 if lined else (area.w - GAP * (columns - 1)) / columns
    cell_h = (area.h - GAP * (rows - 1)) / rows
    width = min(cell_w, cell_h / aspect)
    height = width * aspect
    used_w = width if lined else columns * width + (columns - 1) * GAP
    used_h = rows * height + (rows - 1) * GAP
    left = area.x if lined else area.x + (area.w - used_w) / 2
    top = area.y + (area.h - used_h) / 2
    boxes = [Box(left + c * (width + GAP), top + r * (height + GAP), width, height)
             for r in range(rows) for c in range(columns)]
    return boxes, lined


def _ruled_lines(view: Box, area: Box, theme: Theme) -> list[Rect]:
    """Return the ruled lines for notes right of a slide view, one line pitch apart down its height."""
    left = view.right + GAP
    count = int(view.h // LINE_PITCH)
    return [Rect(Box(left, view.y + (i + 1) * LINE_PITCH - RULE, area.right - left, RULE), theme.colors.rule,
                 name="Note line") for i in range(count)]


def _paged(deck: DeckPlan, theme: Theme, fonts: FontBook, area: _Area,
           pages: list[tuple[tuple[SlideView, ...], list[Shape]]]) -> list[PrintPage]:
    """Return the pages with the report's running header and footer ({title}, {page}, {pages}) added."""
    report = theme.report
    look = Look(report.furniture_role, fonts.family(report.furniture_role), report.furniture.size,
                report.furniture.size, False, theme.color(report.furniture.color), report.furniture.line_spacing, "ctr")
    setter = Typesetter(theme, fonts)
    pitch = look.size * look.line_spacing
    out = []
    for number, (views, shapes) in enumerate(pages, 1):
        values = {"title": deck.title, "page": number, "pages": len(pages)}
        furniture = []
        for template, y in ((report.header, area.box.y - report.header_offset - pitch),
                            (theme.footer, area.box.bottom + report.footer_offset)):
            text = template.format(**values) if template else ""
            if text:
                line = setter.one_line(text, area.box.w, look)
                furniture.append(TextFrame(Box(area.box.x, y, area.box.w, pitch),
                                           (paragraph((line,), look),),
                                           name="Furniture"))
        out.append(PrintPage(area.width, area.height, views, (*shapes, *furniture), theme.colors.rule))
    return out
