"""What a good build shows: every slide in show order with its text and notes, every page with its text, and each
warning beside the slide or page it names (the others listed for the outline)."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pypdfium2
from pptx import Presentation

from publisher.api import build_result
from publisher.authoring.serve.builds import Outcome
from publisher.authoring.serve.snapshot import Sheet, deck_sheets, take
from publisher.errors import Diagnostic, Span

NOTES = "演讲者备注写在这里，只出现在简报的备注页。"


def test_every_slide_is_read_in_show_order_with_its_text_and_notes(starter, tmp_path):
    result = build_result(starter, tmp_path / "out", ("pptx",))
    deck = result.outputs[0]
    sheets = deck_sheets(deck.read_bytes())
    slides = Presentation(deck).slides
    assert [s.number for s in sheets] == list(range(1, len(slides) + 1))
    for sheet, slide in zip(sheets, slides, strict=True):
        shown = "".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "".join(sheet.text.split()) == "".join(shown.split())
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        assert sheet.notes == notes
    assert sheets[0].title == "示例区2025年经济运行情况"
    assert [s.notes for s in sheets].count(NOTES) == 1


def test_a_title_is_the_first_line_that_is_more_than_a_number():
    assert Sheet(6, "02\n为民履职\n以高水平监督").title == "为民履职"
    assert Sheet(3, "7\n2025").title == "7"
    assert Sheet(1, "").title == ""


def test_warnings_sit_beside_the_slide_or_page_they_name(starter, tmp_path):
    result = build_result(starter, tmp_path / "out")
    span = Span(str(starter), 12, 7)
    on_slide = Diagnostic(span, "text set at the minimum size", "sections[0]", "warning", slide=2)
    on_page = Diagnostic(span, "figure below its minimum scale", "sections[2]", "warning", page=1)
    beyond = Diagnostic(span, "on a slide that is not there", "sections[1]", "warning", slide=99)
    general = Diagnostic(span, "a warning of the outline", "report", "warning")
    outcome = Outcome(1, 0.1, 0.0, tuple(result.outputs), {}, (on_slide, on_page, beyond, general))
    snapshot = take(outcome, starter)
    assert snapshot.slides[1].warnings == (f"{span}: sections[0]: text set at the minimum size",)
    assert snapshot.pages[0].warnings == (f"{span}: sections[2]: figure below its minimum scale",)
    assert all(not s.warnings for s in (*snapshot.slides[:1], *snapshot.slides[2:], *snapshot.pages[1:]))
    assert snapshot.general == (f"slide 99: {span}: sections[1]: on a slide that is not there",
                                f"{span}: report: a warning of the outline")


def test_pages_are_read_from_the_report_as_written(starter, tmp_path):
    result = build_result(starter, tmp_path / "out")
    snapshot = take(Outcome(1, 0.1, 0.0, tuple(result.outputs)), starter)
    report = Path(tmp_path / "out" / "outline.pdf")
    assert snapshot.report == report.read_bytes() and snapshot.deck == (tmp_path / "out" / "outline.pptx").read_bytes()
    assert len(snapshot.pages) == len(pypdfium2.PdfDocument(report))
    assert "2025年分季度地区生产总值" in "".join("".join(p.text.split()) for p in snapshot.pages)
    assert replace(snapshot.pages[0], warnings=()) == snapshot.pages[0]
