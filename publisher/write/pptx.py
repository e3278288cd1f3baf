"""The PPTX writer: plan the deck, draw every planned shape, add notes, and save identical bytes every time.

The writer decides nothing: publisher.plan.deck chose the slides, layouts, sizes and line breaks. Each line
is written followed by an explicit line break (a:br), and every frame was fitted narrower than its width by
the theme's margin, so no renderer has a reason to wrap again: the line count, hence the height, is ours.
Letting PowerPoint wrap would not be safe: it does not compress line-end punctuation, LibreOffice ignores
eaLnBrk and adds Han–Latin spacing, and each has its own kinsoku list, so their wraps may take more lines.
On a corporate template, the frame of a region that a template placeholder holds fills that placeholder.
"""
from __future__ import annotations

from publisher.errors import Diagnostic, Span
from publisher.plan.deck import plan_deck
from publisher.plan.model import DeckPlan, SlidePlan, run_languages
from publisher.runtime import reuse
from publisher.write import pptx_chart, pptx_reuse, pptx_table  # noqa: F401  (charts and tables register drawers)
from publisher.write.pptx_notes import add_notes
from publisher.write.pptx_package import check_package, package_bytes, set_core_properties
from publisher.write.pptx_shapes import Canvas, draw_shape, fill_placeholder
from publisher.write.pptx_template import DeckBase
from publisher.write.target import Target, put


def write(project, target: Target) -> None:
    """Write the project's briefing deck to a file or stream; its warnings go to project.warnings."""
    plan, base = planned(project)
    refused: list[str] = []
    put(target, deck_bytes(plan, base, project.theme, project.fonts, refused))
    span = project.theme.span(("fonts",)) or Span("theme")
    project.warnings += [Diagnostic(span, message, "theme.fonts", "warning") for message in refused]


def planned(project) -> tuple[DeckPlan, DeckBase]:
    """Return the deck plan of the project and the base it is drawn into (the theme's template, if any); the plan's
    notices go to project.warnings. Every writer of the deck (PPTX, deck PDF, handout) draws this plan."""
    han = run_languages(project.outline.report.language, project.theme.locale).of("Han")
    base = DeckBase(project.theme, project.base_dir, han)
    plan = plan_deck(project.outline, project.theme, project.fonts, project.base_dir, project.doc,
                     base.placeholder_boxes())
    project.warnings += [Diagnostic(project.doc.span(n.path), n.message, _dotted(n.path), "warning", slide=n.slide)
                         for n in plan.notices]
    return plan, base


def deck_bytes(plan: DeckPlan, base: DeckBase, theme, fonts, refused: list[str] | None = None) -> bytes:
    """Return the PPTX bytes of a deck plan drawn into its base (the theme's template, if it names one), checked:
    every run with CJK text has a:ea and lang. With deck.embed_fonts, the faces the deck uses travel inside it;
    the message of each face whose licence forbids it goes to refused."""
    _draw_slides(base, plan, theme, fonts)
    base.set_theme_fonts(plan)
    set_core_properties(base.presentation, plan)
    if theme.deck.embed_fonts:
        from publisher.write.pptx_fonts import embed_fonts

        messages = embed_fonts(base.presentation, plan, fonts, base.template)
        if refused is not None:
            refused += messages
    check_package(base.presentation)
    return package_bytes(base.presentation)


def _draw_slides(base: DeckBase, plan: DeckPlan, theme, fonts) -> None:
    """Draw every slide of the plan; a resident build replays the slides it drew before with the same key."""
    images = pptx_chart.render_pictures(plan, theme, fonts)
    deck = pptx_reuse.deck_key(plan, theme, fonts) if reuse.enabled() else None
    for number, slide_plan in enumerate(plan.slides, 1):
        key = deck and pptx_reuse.slide_key(deck, slide_plan, number, images)
        found = key and pptx_reuse.store().get(key)
        if found:
            pptx_reuse.replay(base.add_bare_slide(slide_plan.layout), found)
            continue
        slide, held = base.add_slide(slide_plan.layout, {shape.region for shape in slide_plan.shapes})
        canvas = Canvas(slide, number, plan.languages, theme, fonts.family("chart"), images)
        _draw_slide(slide, held, slide_plan, plan, canvas)
        drawn = key and pptx_reuse.record(slide)
        if drawn:
            pptx_reuse.store().put(key, drawn, drawn.size())


def _draw_slide(slide, held: dict, slide_plan: SlidePlan, plan: DeckPlan, canvas: Canvas) -> None:
    for shape in slide_plan.shapes:
        if shape.region in held:
            fill_placeholder(held.pop(shape.region), shape, plan.languages)
        else:
            draw_shape(shape, canvas)
    add_notes(slide, slide_plan, plan)


def _dotted(path: tuple) -> str:
    from publisher.errors import dotted

    return dotted(path)
