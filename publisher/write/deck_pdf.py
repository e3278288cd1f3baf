"""The deck as PDF, without LibreOffice: the slides (16:9, one page per slide), the handout (A4, 2, 3 or 6 slides a
page) and the speaker-notes pages, each drawn by reportlab from the deck plan the PPTX writer draws.

Fonts are the prepared TrueType faces the deck was fitted with, embedded and subset by reportlab, so every word
is searchable and copyable; the document outline lists the slides by title. Charts, pictured or native in the
PPTX, are drawn as the vector chart of the deck's style at their box. A deck built on a corporate template is
drawn from the plan alone: the template's masters (backgrounds, logos, art) are not drawn, and a warning says so.
The same project gives the same bytes (reportlab's invariant mode; SOURCE_DATE_EPOCH honoured).
"""
from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from publisher.errors import Diagnostic, Span
from publisher.plan.handout import RULE as FRAME_WIDTH
from publisher.plan.handout import PrintPage, SlideView, plan_handout, plan_notes
from publisher.plan.model import ChartShape, DeckPlan
from publisher.write.pdf_slides import Painter, draw_shapes
from publisher.write.target import Target, canvas_file

TEMPLATE_NOTE = ("the deck PDF is drawn from the deck plan: the template's masters (backgrounds, logos, art) are not "
                 "drawn in it; convert the PPTX with PowerPoint or LibreOffice for a PDF with them")


def write_slides(project, target: Target) -> None:
    """Write the deck as a PDF, one page of the slide's size per slide, its outline the slide titles."""
    plan = _plan(project)
    canvas = _canvas(target, plan, (plan.width, plan.height), project)
    painter = Painter(canvas, project.theme, project.fonts, plan.height, charts=_charts(plan, project))
    for number, slide in enumerate(plan.slides, 1):
        painter.number = number
        draw_shapes(slide.shapes, painter)
        _bookmark(canvas, number, slide.title)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()


def write_handout(project, target: Target) -> None:
    """Write the deck's handout: deck.handout slides an A4 page, ruled lines for notes beside each slide of 3."""
    plan = _plan(project)
    pages = plan_handout(plan, project.theme, project.fonts, project.theme.deck.handout)
    _print(project, target, plan, pages)


def write_notes(project, target: Target) -> None:
    """Write the speaker-notes pages: each slide above its notes."""
    plan = _plan(project)
    _print(project, target, plan, plan_notes(plan, project.theme, project.fonts))


def _plan(project) -> DeckPlan:
    from publisher.write.pptx import planned

    plan, _ = planned(project)
    if project.theme.deck.template:
        span = project.theme.span(("deck", "template")) or Span("theme")
        project.warnings.append(Diagnostic(span, TEMPLATE_NOTE, "theme.deck.template", "warning"))
    return plan


def _canvas(target: Target, plan: DeckPlan, size: tuple[float, float], project) -> Canvas:
    """Return a canvas whose first font is the body face, so that no page names an unembedded Helvetica."""
    from publisher.fonts.families import reportlab_name

    canvas = Canvas(canvas_file(target), pagesize=size, invariant=1, lang=plan.language,
                    initialFontName=reportlab_name(project.fonts.file("body")))
    canvas.setTitle(plan.title)
    canvas.setAuthor(plan.author)
    canvas.setKeywords(list(plan.keywords))
    canvas.setCreator("publisher")
    canvas.setPageCompression(1)
    return canvas


def _bookmark(canvas: Canvas, number: int, title: str) -> None:
    key = f"slide-{number}"
    canvas.bookmarkPage(key)
    canvas.addOutlineEntry(f"{number}  {title}" if title else str(number), key, level=0)


def _charts(plan: DeckPlan, project) -> dict[int, object]:
    """Return the vector chart of every chart of the plan as a flowable at its box, by id() of its shape."""
    from publisher.charts.recorded import RecordedChart
    from publisher.charts.render import RenderJob, render_many
    from publisher.fonts.families import reportlab_name
    from publisher.write.pdf import chart_record

    fonts, theme = project.fonts, project.theme
    shapes = [s for slide in plan.slides for s in slide.shapes if isinstance(s, ChartShape)]
    regular, bold = fonts.file("chart"), fonts.file("chart", True)
    jobs = [RenderJob(s.chart, theme, "deck", s.box.w, s.box.h, regular, bold, vector=True) for s in shapes]
    names = (reportlab_name(regular), reportlab_name(bold))
    return {id(shape): RecordedChart(chart_record(path), names, shape.box.w)
            for shape, path in zip(shapes, render_many(jobs), strict=True)}


def _print(project, target: Target, plan: DeckPlan, pages: list[PrintPage]) -> None:
    """Draw printed pages: each view's slide scaled into its box and framed, then the page's own shapes."""
    canvas = _canvas(target, plan, (pages[0].width, pages[0].height), project)
    charts = _charts(plan, project)
    outlined: set[int] = set()
    for page in pages:
        for view in page.views:
            _view(canvas, project, plan, view, charts, page)
            if view.slide not in outlined:
                outlined.add(view.slide)
                _bookmark(canvas, view.slide, plan.slides[view.slide - 1].title)
        painter = Painter(canvas, project.theme, project.fonts, page.height)
        draw_shapes(page.shapes, painter)
        canvas.showPage()
    canvas.showOutline()
    canvas.save()


def _view(canvas: Canvas, project, plan: DeckPlan, view: SlideView, charts: dict, page: PrintPage) -> None:
    """Draw one slide scaled into a view's box, clipped to it, with a hairline frame."""
    box, scale, page_height = view.box, view.box.w / plan.width, page.height
    canvas.saveState()
    canvas.translate(box.x, page_height - box.bottom)
    canvas.scale(scale, scale)
    clip = canvas.beginPath()
    clip.rect(0, 0, plan.width, plan.height)
    canvas.clipPath(clip, stroke=0, fill=0)
    painter = Painter(canvas, project.theme, project.fonts, plan.height, view.slide, charts)
    draw_shapes(plan.slides[view.slide - 1].shapes, painter)
    canvas.restoreState()
    canvas.setStrokeColor(f"#{page.frame}")
    canvas.setLineWidth(FRAME_WIDTH)
    canvas.rect(box.x, page_height - box.bottom, box.w, box.h, stroke=1, fill=0)
