"""Pages of the PDF report: the document template, running header and footer, cover, contents and headings."""
from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, PageTemplate
from reportlab.platypus.flowables import _listWrapOn

from publisher.outline.model import ReportInfo
from publisher.text.breaking import break_lines
from publisher.write.pdf_floats import Floats
from publisher.write.pdf_style import Ink, PdfStyle
from publisher.write.pdf_text import CJKParagraph, draw_string, text_width

HEADER_RULE = 0.5  # points: the rule under the running header


class LayoutCanvas(Canvas):
    """The canvas of a layout pass: flowables measure themselves on it but skip drawing."""

    layout_only = True


def drafting(canvas: Canvas) -> bool:
    """Return whether a flowable is being laid out only (no need to draw)."""
    return getattr(canvas, "layout_only", False)


@dataclass(frozen=True)
class PageNotice:
    """A warning a flowable gave (a figure shrunk …): its outline path, the message and the page it landed on."""

    path: tuple
    message: str
    page: int


@dataclass
class Layout:
    """What one pass of the layout learnt: the page of every heading, the number of pages, and the figures lifted up
    their page (by outline path, to the place they go under) rather than leave a hole at the end of their chapter."""

    pages: dict[str, int] = field(default_factory=dict)
    total: int = 0
    lifts: dict[str, str] = field(default_factory=dict)


class ReportDoc(BaseDocTemplate):
    """An A4 report: a cover template without furniture, then body pages with header and footer."""

    def __init__(self, target, style: PdfStyle, info: ReportInfo, known: Layout, learn: bool = True):
        page = style.report.page
        super().__init__(
            target, pagesize=(page.width, page.height), leftMargin=page.left, rightMargin=page.right,
            topMargin=page.top, bottomMargin=page.bottom, title=info.title, author=info.organisation or info.author,
            subject=info.subtitle, keywords=list(info.keywords), creator="publisher",
            invariant=1, lang=info.language, initialFontName=style.font_name("serif"),
            initialFontSize=style.report.body.size, displayDocTitle=1)
        self.style, self.info, self.known, self.found = style, info, known, Layout()
        self.notices: list[PageNotice] = []
        self.floats = Floats(self, known.lifts, learn)
        frame = Frame(page.left, page.bottom, self.width, self.height, 0, 0, 0, 0, id="text")
        templates = [PageTemplate("cover", [frame]), PageTemplate("body", [frame], onPage=self.furniture)]
        self.addPageTemplates(templates if style.report.title_page else templates[::-1])

    def filterFlowables(self, flowables: list[Flowable]) -> None:
        """Let the floating figures take their places (publisher.write.pdf_floats)."""
        self.floats.filter(flowables)

    def afterFlowable(self, flowable: Flowable) -> None:
        """Record the page of every heading as it is laid out, and the warnings of a flowable that has some."""
        if isinstance(flowable, Heading) and flowable.key:
            self.found.pages[flowable.key] = self.page
        message = flowable.notice() if hasattr(flowable, "notice") else ""
        if message:
            self.notices.append(PageNotice(flowable.path, message, self.page))
        for path, said in flowable.notices() if hasattr(flowable, "notices") else ():
            self.notices.append(PageNotice(path, said, self.page))
        self.floats.placed(flowable)

    def afterPage(self) -> None:
        """Count pages, and keep the figures lifted so far."""
        self.found.total = self.page
        self.found.lifts = dict(self.floats.found)

    def furniture(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        """Draw the running header (with a rule under it) and the footer of a body page."""
        report = self.style.report
        ink = self.style.text_ink(report.furniture, report.furniture_role)
        values = {"title": self.info.title, "page": doc.page, "pages": self.known.total or ""}
        top, bottom = report.page.height - report.page.top, report.page.bottom
        if report.header:
            text = report.header.format(**values)
            draw_string(canvas, text, ink, self._header_x(ink, text), top + report.header_offset
                        + (1 - ink.ascent) * ink.size)
            canvas.setStrokeColor(self.style.color(report.table.rule))
            canvas.setLineWidth(HEADER_RULE)
            canvas.line(self.leftMargin, top + report.header_offset / 2, self.leftMargin + self.width,
                        top + report.header_offset / 2)
        footer = self.style.theme.footer
        if footer:
            text = footer.format(**values)
            draw_string(canvas, text, ink, self._footer_x(ink, text, doc.page),
                        bottom - report.footer_offset - ink.ascent * ink.size)

    def _header_x(self, ink: Ink, text: str) -> float:
        """Return where a centred header starts."""
        return self.leftMargin + (self.width - text_width(text, ink)) / 2

    def _footer_x(self, ink: Ink, text: str, page: int) -> float:
        """Return where the footer starts: centred, or outside (odd pages right, even left, one character in)."""
        if self.style.report.footer_align == "center":
            return self.leftMargin + (self.width - text_width(text, ink)) / 2
        if page % 2:
            return self.leftMargin + self.width - ink.size - text_width(text, ink)
        return self.leftMargin + ink.size


class KeepSpace(CondPageBreak):
    """A conditional page break asking for the height of some flowables plus the first lines of the next.

    It never breaks at the top of a frame: the next page would give no more room, only an empty page.
    """

    def __init__(self, keep: list[Flowable], then: Flowable | None):
        super().__init__(0)
        self.keep, self.then = keep, then

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return (0, 0) after asking for a new frame when the group would be stranded at the bottom."""
        canvas = self.canv
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return 0, 0
        self.height = sum(f.getSpaceBefore() + f.wrapOn(canvas, availWidth, availHeight)[1] + f.getSpaceAfter()
                          for f in self.keep)
        if self.then is not None:
            self.height += self.then.getSpaceBefore() + first_height(self.then, canvas, availWidth, availHeight)
        return super().wrap(availWidth, availHeight)


def first_height(flowable: Flowable | None, canvas: Canvas, width: float, height: float) -> float:
    """Return the least height of a flowable's first part: two lines of a paragraph, header and a row of a table,
    a figure group at its least scale, a whole KeepTogether."""
    if flowable is None:
        return 0.0
    if hasattr(flowable, "least_height"):
        return flowable.least_height(canvas, width)
    if isinstance(flowable, KeepTogether):
        return _listWrapOn(flowable._content, width, canvas)[1]
    full = flowable.wrapOn(canvas, width, height)[1]
    if isinstance(flowable, CJKParagraph):
        return min(full, 2 * flowable.ink.leading)
    rows = getattr(flowable, "_rowHeights", None)
    return sum(rows[:2]) if rows else full


class Heading(CJKParagraph):
    """A numbered heading: a PDF destination and an outline entry; never split (KeepSpace keeps it with the next)."""

    def __init__(self, text: str, ink: Ink, style: PdfStyle, key: str, level: int, space_before: float):
        super().__init__(text, ink, style.rules, justify=False)
        self.key, self.level = key, level
        self.spaceBefore = space_before

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Return [] so that a heading moves whole."""
        return []

    def draw(self) -> None:
        """Draw the heading and register its destination and outline entry."""
        self.canv.bookmarkHorizontal(self.key, 0, self.height + self.ink.leading)
        self.canv.addOutlineEntry(self.text, self.key, self.level - 1, closed=False)
        super().draw()


class TocLine(Flowable):
    """One contents entry: numbered title indented by level, dot leader, page number, all linked to the heading."""

    def __init__(self, text: str, level: int, key: str, page: int | None, style: PdfStyle, ink: Ink):
        super().__init__()
        self.text, self.level, self.key, self.page, self.style, self.ink = text, level, key, page, style, ink
        self.number_width = ink.width("0000")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Return the entry's size: its title may take several lines."""
        self.width = availWidth
        self.indent = (self.level - 1) * self.style.report.toc.indent * self.ink.size
        room = availWidth - self.indent - self.number_width - self.ink.size
        self.lines = break_lines(self.text, room, self.ink.width, self.style.rules)
        self.height = len(self.lines) * self.ink.leading
        return availWidth, self.height

    def draw(self) -> None:
        """Draw the title lines, the leader and the page number; link the whole entry."""
        base = self.height - self.ink.baseline()
        for number, line in enumerate(self.lines):
            draw_string(self.canv, line.text, self.ink, self.indent, base - number * self.ink.leading)
        last_y = base - (len(self.lines) - 1) * self.ink.leading
        end = self.indent + self.lines[-1].width + self.ink.size / 2
        page = str(self.page) if self.page else ""
        self.leader(end, self.width - self.number_width, last_y)
        draw_string(self.canv, page, self.ink, self.width - text_width(page, self.ink), last_y)
        self.canv.linkRect("", self.key, (0, 0, self.width, self.height), relative=1, thickness=0)

    def leader(self, start: float, end: float, y: float) -> None:
        """Draw a dotted leader (round dots, not characters, so the entry extracts as title + number)."""
        canvas = self.canv
        canvas.saveState()
        canvas.setStrokeColor(self.style.color(self.style.report.toc.leader))
        canvas.setLineWidth(self.ink.size * 0.1)
        canvas.setLineCap(1)
        canvas.setDash([0, self.ink.size * 0.4])
        canvas.line(start, y + self.ink.size * 0.1, end, y + self.ink.size * 0.1)
        canvas.restoreState()
