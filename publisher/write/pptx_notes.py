"""Speaker notes as the deck carries them: one paragraph per non-blank line of a slide's notes."""
from __future__ import annotations

from publisher.plan.model import DeckPlan, Paragraph, Run, SlidePlan
from publisher.write.pptx_text import set_paragraphs

NOTES_SIZE = 12.0


def add_notes(slide, slide_plan: SlidePlan, plan: DeckPlan) -> None:
    """Give a python-pptx slide the notes of its plan, if it has any."""
    if not slide_plan.notes:
        return
    body = slide.notes_slide.notes_text_frame._txBody
    set_paragraphs(body, notes_paragraphs(slide_plan, plan), plan.languages)


def notes_paragraphs(slide_plan: SlidePlan, plan: DeckPlan) -> list[Paragraph]:
    """Return a slide's speaker notes as paragraphs, one per non-blank line (PowerPoint wraps them)."""
    return [Paragraph(((Run(line, NOTES_SIZE, plan.body_family, "000000"),),), NOTES_SIZE * 1.2)
            for line in slide_plan.notes.splitlines() if line.strip()]
