"""The printable A4 report: cover, contents, numbered sections, vector charts, tables; every style from the theme.

The page numbers printed in the contents and the footer, and the figures lifted up a page rather than leave a hole
(publisher.write.pdf_floats), are found by laying the story out first (passes that draw nothing); the printing pass
checks the page numbers and, when they were wrong, runs again with what it found, until stable. Same project, same
bytes (every layout starts from nothing; invariant mode, SOURCE_DATE_EPOCH honoured by reportlab).
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from reportlab import rl_config
from reportlab.platypus import Flowable, Image, NextPageTemplate, PageBreak, Spacer

from publisher.errors import Diagnostic, dotted
from publisher.outline.model import (
    BulletsBlock,
    Chart,
    ChartBlock,
    ImageBlock,
    KpisBlock,
    ParagraphBlock,
    QuoteBlock,
    Section,
    TableBlock,
)
from publisher.project import Project
from publisher.text.numbering import numbered_title
from publisher.write.pdf_blocks import Callout, KpiGrid, bullet_flowables, report_table
from publisher.write.pdf_cover import CoverPage, TitleBlock, signature
from publisher.write.pdf_figure import Figure, FigureGroup
from publisher.write.pdf_floats import FloatBarrier
from publisher.write.pdf_pages import Heading, KeepSpace, Layout, LayoutCanvas, ReportDoc, TocLine
from publisher.write.pdf_reuse import remembered_streams
from publisher.write.pdf_style import PdfStyle
from publisher.write.pdf_text import CJKParagraph
from publisher.write.target import Target, put

MAX_PASSES = 4
LIFT_PASSES = 4  # layout passes that may learn figure lifts; the printing passes only apply them and check pages
IMAGE_MAX_HEIGHT = 0.6  # an image takes at most this share of the type area's height


def write(project: Project, target: Target) -> None:
    """Write the project's report as a PDF into a file or stream; its last pass's warnings go to project.warnings."""
    style = PdfStyle(project.theme, project.fonts)
    charts = ChartCache(project, style)
    numbered = needs_page_numbers(style)
    known = learnt(project, style, charts)
    for _ in range(MAX_PASSES):
        buffer = io.BytesIO()
        with binary_streams(), remembered_streams():
            doc = ReportDoc(buffer, style, project.outline.report, known, learn=False)
            doc.build(Story(project, style, charts, doc.known).flowables())
        if not numbered or doc.found == known:
            break
        known = doc.found
    project.warnings += [Diagnostic(project.doc.span(n.path), n.message, dotted(n.path), "warning", page=n.page)
                         for n in doc.notices]
    put(target, buffer.getvalue())


def learnt(project: Project, style: PdfStyle, charts: ChartCache) -> Layout:
    """Return the page of every heading, the page count and the figures to lift, from passes that lay the story out
    without drawing: each learns the lifts its stranded figures need and applies those learnt before (figures placed
    higher move others), until no pass learns more; the last, when LIFT_PASSES did not settle them, only applies.
    Always from nothing, so that the same outline gives the same pages."""
    found = Layout()
    for _ in range(LIFT_PASSES):
        known, found = found, layout(project, style, charts, Layout(lifts=found.lifts), learn=True)
        if found.lifts == known.lifts:
            return found
    return layout(project, style, charts, Layout(lifts=found.lifts), learn=False)


def layout(project: Project, style: PdfStyle, charts: ChartCache, known: Layout, learn: bool) -> Layout:
    """Return the page of every heading, the page count and the figures lifted, from a pass that lays the story out
    without drawing, applying known's lifts (and learning new ones when asked).

    The contents lines reserve room for their page numbers, so printing the numbers moves nothing.
    """
    doc = ReportDoc(io.BytesIO(), style, project.outline.report, known, learn)
    doc._doSave = 0  # reportlab's own switch (multiBuild uses it): lay out, never write the file
    doc.build(Story(project, style, charts, doc.known).flowables(), canvasmaker=LayoutCanvas)
    return doc.found


def needs_page_numbers(style: PdfStyle) -> bool:
    """Return whether page numbers must be known before printing (a contents page or a page total)."""
    report = style.report
    return report.headings.toc_depth > 0 or "{pages}" in report.header + style.theme.footer


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write streams zlib-compressed only, not also ASCII85-encoded (a quarter smaller, faster)."""
    saved = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = saved


class ChartCache:
    """Vector drawings of the report's charts: rendered together (cached records), read once per process."""

    def __init__(self, project: Project, style: PdfStyle):
        self.project, self.style = project, style
        charts = [b.chart for _, s in project.outline.walk() for b in s.blocks
                  if isinstance(b, ChartBlock) and b.only != "deck"]
        self.drawings: dict[int, Flowable] = {}
        if charts:
            self.drawings = dict(zip(map(id, charts), self.render(charts), strict=True))

    def drawing(self, chart: Chart) -> Flowable:
        """Return the chart as a flowable the width of the type area."""
        return self.drawings[id(chart)]

    def render(self, charts: list[Chart]) -> list[Flowable]:
        """Return the charts as flowables in the chart fonts, recorded (cache misses in parallel) at the type area's
        width."""
        from publisher.charts.recorded import RecordedChart
        from publisher.charts.render import RenderJob, render_many
        from publisher.fonts.families import reportlab_name

        theme, fonts = self.project.theme, self.project.fonts
        width = column_width(self.style)
        regular, bold = fonts.file("chart"), fonts.file("chart", True)
        jobs = [RenderJob(c, theme, "report", width, width * theme.charts.report.aspect, regular, bold)
                for c in charts]
        names = (reportlab_name(regular), reportlab_name(bold))
        return [RecordedChart(chart_record(path), names, width) for path in render_many(jobs)]


@lru_cache(maxsize=256)
def chart_record(path: Path) -> dict:
    """Return a chart's record (content-addressed, so never changing), read once per process."""
    return json.loads(path.read_bytes())


def column_width(style: PdfStyle) -> float:
    """Return the width of the type area."""
    page = style.report.page
    return page.width - page.left - page.right


def column_height(style: PdfStyle) -> float:
    """Return the height of the type area."""
    page = style.report.page
    return page.height - page.top - page.bottom


class Story:
    """The flowables of one layout pass, numbering headings, figures and tables as it goes."""

    def __init__(self, project: Project, style: PdfStyle, charts: ChartCache, known: Layout):
        self.project, self.style, self.charts, self.known = project, style, charts, known
        self.report, self.locale = style.report, style.theme.locale
        self.figures = self.tables = 0
        self.caption = style.text_ink(self.report.caption)
        self.headings = list(self.walk(project.outline.sections, ()))

    def walk(self, sections: list[Section], parent: tuple[int, ...]):
        """Yield (path, section) depth-first; path holds 1-based positions."""
        for index, section in enumerate(sections, 1):
            yield (*parent, index), section
            yield from self.walk(section.sections, (*parent, index))

    def flowables(self) -> list[Flowable]:
        """Return the whole story: cover, contents, then every section; a figure waiting for the next page is placed
        before the next top-level heading at the latest (a FloatBarrier), and before the end."""
        info = self.project.outline.report
        if self.report.title_page:
            story: list[Flowable] = [NextPageTemplate("body"), CoverPage(info, self.style)]
        else:
            story = [TitleBlock(info, self.style)]
        story += self.contents()
        for path, section in self.headings:
            story += [FloatBarrier()] if len(path) == 1 else []
            story += self.section(path, section)
        story = [*story, FloatBarrier(), *([] if self.report.title_page else signature(info, self.style))]
        for order, flowable in enumerate(story):
            flowable.order = order  # names the top of the page it starts, for lifted figures (pdf_floats)
        return story

    def title(self, path: tuple[int, ...], section: Section) -> str:
        """Return a section's numbered title."""
        return numbered_title(path, section.title, self.style.theme.numbering)

    def contents(self) -> list[Flowable]:
        """Return the contents page (and the page break after it), or nothing when toc_depth is 0."""
        toc = self.report.toc
        depth = self.report.headings.toc_depth
        if not depth:
            return []
        title_ink = self.style.ink("heading", True, toc.title_size, self.report.headings.color)
        title = CJKParagraph(self.locale.contents, title_ink, self.style.rules, justify=False,
                             align="center", space_after=title_ink.leading)
        inks = [self.style.ink("body", toc.bold_top and level == 1, toc.size, "text") for level in (1, 2)]
        lines = [TocLine(self.title(path, section), len(path), key(path), self.known.pages.get(key(path)),
                         self.style, inks[len(path) > 1]) for path, section in self.headings if len(path) <= depth]
        return [title, *lines, PageBreak()]

    def section(self, path: tuple[int, ...], section: Section) -> list[Flowable]:
        """Return a section's heading, lead and blocks (its subsections follow in the walk)."""
        level, spec, body = len(path), self.report.headings, self.style.body
        ink = self.style.heading(level)
        heading = Heading(self.title(path, section), ink, self.style, key(path), level,
                          spec.space_before * body.leading)
        heading.spaceAfter = spec.space_after * body.leading
        keep: list[Flowable] = [heading]
        place = outline_path(path)
        heading.path = (*place, "title")
        if section.lead:
            keep.append(self.lead(section.lead))
            keep[-1].path = (*place, "lead")
        keep[-1].place = key(path)  # a figure of the section may be lifted to just under its heading and lead
        blocks = [f for i, block in enumerate(section.blocks) for f in self.block(block, (*place, "blocks", i))]
        return [KeepSpace(keep, blocks[0] if blocks else None), *keep, *blocks]

    def lead(self, text: str) -> CJKParagraph:
        """Return a section's key message as a bold line under the heading."""
        spec = self.report.lead
        ink = self.style.ink(spec.role, spec.bold, spec.size, spec.color)
        return CJKParagraph(text, ink, self.style.rules,
                            space_after=self.style.body.leading / 2)

    def block(self, block, path: tuple) -> list[Flowable]:
        """Return the flowables of the block at an outline path; blocks meant only for the deck give none."""
        if block.only == "deck":
            return []
        if isinstance(block, ParagraphBlock):
            return [self.paragraph(block.paragraph, (*path, "paragraph"))]
        if isinstance(block, BulletsBlock):
            return self.spaced(bullet_flowables(block.bullets, self.style, path=(*path, "bullets")))
        if isinstance(block, KpisBlock):
            return self.spaced([KpiGrid(block.kpis, self.style, path=(*path, "kpis"))])
        if isinstance(block, QuoteBlock):
            quote = Callout(block.quote, self.style)
            quote.inner.path = (*path, "quote")
            return [quote]
        return self.illustration(block, path)

    def illustration(self, block, path: tuple) -> list[Flowable]:
        """Return the flowables of a table, chart or image block at an outline path."""
        if isinstance(block, TableBlock):
            return self.table(block, path)
        if isinstance(block, ChartBlock):
            chart = block.chart
            return self.figure(self.charts.drawing(chart), path, chart.title or chart.caption,
                               chart.caption if chart.title else "", chart.source)
        if isinstance(block, ImageBlock):
            image = block.image
            return self.figure(self.image(image.path), path, image.caption, "", image.source)
        raise TypeError(f"no PDF rendering for {type(block).__name__}")

    def paragraph(self, text: str, path: tuple) -> CJKParagraph:
        """Return a body paragraph (of the outline path): serif, first-line indent, justified."""
        body = self.style.body
        paragraph = CJKParagraph(text, body, self.style.rules, indent=self.style.indent(),
                                 space_after=self.report.body.space_after * body.leading)
        paragraph.path = path
        return paragraph

    def spaced(self, flowables: list[Flowable]) -> list[Flowable]:
        """Return flowables with half a body line of space before the first and after the last."""
        half = self.style.body.leading / 2
        flowables[0].spaceBefore = max(flowables[0].getSpaceBefore(), half)
        flowables[-1].spaceAfter = max(flowables[-1].getSpaceAfter(), half)
        return flowables

    def small(self, text: str, align: str = "left") -> CJKParagraph:
        """Return a caption-sized paragraph."""
        return CJKParagraph(text, self.caption, self.style.rules,
                            justify=align == "left", align=align)

    def notes(self, note: str, source: str) -> list[Flowable]:
        """Return the note and source lines under a figure or table ("注：…", "资料来源：…", "Source: …")."""
        words = self.locale
        out = [self.small(words.labelled(text, label)) for text, label in ((note, words.note), (source, words.source))
               if text]
        if out:
            out[0].spaceBefore = self.caption.size / 3
        return out

    def caption_line(self, label: str, number: int, title: str) -> CJKParagraph:
        """Return a centred caption in the locale's words: "图1　标题", "Figure 1: Title"."""
        caption = self.small(self.locale.caption_line(label, number, title.strip()), "center")
        caption.spaceBefore = self.caption.size / 3
        return caption

    def figure(self, body: Flowable, path: tuple, title: str, note: str, source: str) -> list[Flowable]:
        """Return a numbered figure kept together with its caption "图1 标题", note and source; the figure shrinks
        down to the theme's charts.report.min_scale to stay on a page."""
        self.figures += 1
        figure = Figure(body, path, self.project.theme.charts.report.min_scale)
        caption = self.caption_line(self.locale.figure, self.figures, title)
        parts = [Spacer(0, self.style.body.leading / 2), figure, caption, *self.notes(note, source)]
        parts[-1].spaceAfter = self.style.body.leading / 2
        return [FigureGroup(parts, figure, key(tuple(index + 1 for index in path[1:-2:2])))]

    def table(self, block: TableBlock, path: tuple) -> list[Flowable]:
        """Return a numbered table: caption "表1 标题" above, header repeated on each page, notes below."""
        self.tables += 1
        table = block.table
        caption = self.caption_line(self.locale.table, self.tables, table.caption)
        caption.spaceBefore = self.style.body.leading / 2
        grid = report_table(table, self.style, column_width(self.style), (*path, "table"))
        notes = self.notes(table.note, table.source)
        [grid, *notes][-1].spaceAfter = self.style.body.leading / 2
        return [KeepSpace([caption], grid), caption, grid, *notes]

    def image(self, path: str) -> Image:
        """Return an image scaled to the type area's width (aspect kept, height capped)."""
        source = Path(path) if Path(path).is_absolute() else self.project.base_dir / path
        probe = Image(str(source))
        width, height = column_width(self.style), column_height(self.style) * IMAGE_MAX_HEIGHT
        scale = min(width / probe.imageWidth, height / probe.imageHeight)
        return Image(str(source), probe.imageWidth * scale, probe.imageHeight * scale)


def outline_path(path: tuple[int, ...]) -> tuple:
    """Return a section's path in the outline from its 1-based position: (2, 1) → ("sections", 1, "sections", 0)."""
    return tuple(part for index in path for part in ("sections", index - 1))


def key(path: tuple[int, ...]) -> str:
    """Return the PDF destination name of a heading."""
    return "h" + ".".join(map(str, path))

