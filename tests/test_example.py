"""The showcase, end to end: the Wuchang outline builds into a deck and a report that meet the bar.

The deck's runs, frames and shapes are checked on this example too, in tests/write/test_pptx.py."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from publisher.api import build, check
from publisher.outline.model import ParagraphBlock

EXAMPLE = Path(__file__).parents[1] / "examples" / "wuchang-2024" / "outline.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("example")
    return {p.suffix[1:]: p for p in build(EXAMPLE, out)}


@pytest.fixture(scope="module")
def outline():
    return check(EXAMPLE)[1]


def test_example_meets_the_content_minimums(outline):
    blocks = [b for _, s in outline.walk() for b in s.blocks]
    kinds = [type(b).__name__ for b in blocks]
    assert len(outline.sections) >= 6
    assert sum(len(b.kpis) for b in blocks if hasattr(b, "kpis")) >= 12
    assert kinds.count("ChartBlock") >= 5
    assert kinds.count("TableBlock") >= 1


def test_deck_titles_follow_the_outline(built, outline):
    from pptx import Presentation

    deck = Presentation(built["pptx"])
    text = "\n".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    flat = text.replace("\n", "").replace("\v", "")
    for _, section in outline.walk():
        assert section.title[:8] in flat, section.title
    assert outline.report.title in flat


def test_pdf_fonts_are_embedded_subsets(built):
    from pypdf import PdfReader

    reader = PdfReader(built["pdf"])
    fonts = {}
    for page in reader.pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            font = font.get_object()
            fonts[font["/BaseFont"]] = font
    assert fonts
    for name, font in fonts.items():
        assert re.match(r"/[A-Z]{6}\+", name), name
        descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert any(k in descriptor.get_object() for k in ("/FontFile2", "/FontFile3", "/FontFile")), name


def test_every_paragraph_extracts_back_exactly(built, outline):
    import pdfplumber

    from publisher.theme.styles import load_theme

    margins = load_theme(outline.theme, EXAMPLE.parent).report.page
    with pdfplumber.open(built["pdf"]) as pdf:  # the type area of every page: running header and footer left out
        text = "".join(page.crop((0, margins.top, page.width, page.height - margins.bottom)).extract_text() or ""
                       for page in pdf.pages)
    flat = re.sub(r"\s+", "", text)
    paragraphs = [b.paragraph for _, s in outline.walk() for b in s.blocks
                  if isinstance(b, ParagraphBlock) and b.only != "deck"]
    assert paragraphs
    position = 0
    for paragraph in paragraphs:
        found = flat.find(re.sub(r"\s+", "", paragraph), position)
        assert found >= 0, paragraph[:30]
        position = found


def test_pdf_is_small_enough_to_mail(built):
    assert built["pdf"].stat().st_size < 2_000_000


@pytest.mark.skipif(not shutil.which("qpdf"), reason="qpdf is not installed (apt-get install qpdf)")
def test_qpdf_finds_no_error_in_the_report(built):
    done = subprocess.run(["qpdf", "--check", str(built["pdf"])], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout
