"""Preview: contact sheets of the real outputs, numbered thumbnails in a grid; a clear hint without LibreOffice."""
from __future__ import annotations

import shutil

import pytest
from PIL import Image, ImageColor

from publisher.authoring import preview
from publisher.authoring.preview import (
    GAP,
    MARGIN,
    SHEETS,
    TITLE,
    PreviewUnavailable,
    contact_sheet,
    deck_pdf,
    note_line,
    page_images,
)
from publisher.cli import main
from publisher.errors import Diagnostic, Span
from publisher.resources import data_dir
from publisher.theme.styles import builtin_names

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
COLOURS = ["#FF0000", "#00FF00", "#0000FF", "#FFFF00", "#00FFFF", "#FF00FF", "#000000"]


def test_contact_sheet_puts_thumbnails_in_rows_of_columns():
    images = [Image.new("RGB", (40, 30), colour) for colour in COLOURS]
    sheet = contact_sheet(images, "测试", 3)
    assert sheet.width == 2 * MARGIN + 3 * 40 + 2 * GAP
    for i, colour in enumerate(COLOURS):
        row, column = divmod(i, 3)
        x, y = MARGIN + column * (40 + GAP) + 20, TITLE + MARGIN + row * (30 + preview.LABEL + GAP) + 15
        assert sheet.getpixel((x, y)) == Image.new("RGB", (1, 1), colour).getpixel((0, 0))


def test_thumbnails_with_warnings_are_framed_and_badged():
    width, height = 120, 68
    sheet = contact_sheet([Image.new("RGB", (width, height), "#FFFFFF") for _ in range(3)], "测试", 3, marks={2: 3})
    alert = ImageColor.getrgb(preview.ALERT)

    def frame(number: int) -> list[tuple[int, int]]:
        """Return points just outside thumbnail number's left, right and bottom edges."""
        x, y = MARGIN + (number - 1) * (width + GAP), TITLE + MARGIN
        return [(x - 2, y + height // 2), (x + width + 1, y + height // 2), (x + width // 2, y + height + 1)]

    assert all(sheet.getpixel(point) == alert for point in frame(2))
    assert not any(sheet.getpixel(point) == alert for number in (1, 3) for point in frame(number))
    right, top = MARGIN + 2 * width + GAP, TITLE + MARGIN
    badge = sheet.crop((right - 40, top, right, top + preview.BADGE_SIZE))
    colours = {colour for _, colour in badge.getcolors(badge.width * badge.height)}
    assert {alert, (255, 255, 255)} <= colours, "a badge with white text"


def test_the_badge_font_has_the_warning_sign():
    from fontTools.ttLib import TTFont

    assert ord("⚠") in TTFont(data_dir("fonts") / preview.BADGE_FONT).getBestCmap()


def test_listed_warnings_start_with_their_slide_or_page():
    span = Span("outline.yaml", 12, 5)
    assert note_line(Diagnostic(span, "表格续页", "sections[2]", "warning", slide=7)) == \
        "slide 7: outline.yaml:12:5: sections[2]: 表格续页"
    assert note_line(Diagnostic(span, "缩小", "", "warning", page=3)).startswith("page 3: outline.yaml:12:5: ")
    assert note_line(Diagnostic(span, "提示", "", "warning")) == "outline.yaml:12:5: 提示"


def test_without_libreoffice_the_deck_sheet_shows_the_deck_pdf(starter, tmp_path, monkeypatch, capsys):
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "soffice" else which(name))
    with pytest.raises(PreviewUnavailable, match="apt-get install libreoffice-impress"):
        deck_pdf(starter, tmp_path)
    out = tmp_path / "pv"
    assert main(["preview", str(starter), "-o", str(out)]) == 0
    assert "no preview" not in capsys.readouterr().err
    assert sorted(p.name for p in out.glob("*.png")) == ["outline.pdf.png", "outline.pptx.png"]
    slides = len(page_images(out / "outline.slides.pdf", 10))
    style = SHEETS["pptx"]
    with Image.open(out / "outline.pptx.png") as sheet:
        width, height = sheet.size
    rows = -(-slides // style.columns)
    assert slides == 6
    assert width == 2 * MARGIN + style.columns * style.width + (style.columns - 1) * GAP
    assert height > TITLE + rows * style.width * 9 // 16


def test_without_libreoffice_or_a_deck_pdf_the_deck_preview_says_how_to_install_it(starter, tmp_path, monkeypatch):
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "soffice" else which(name))
    from publisher.api import build_result

    result = build_result(starter, tmp_path / "out", ("pptx",), parallel=False)
    sheets, skipped = preview.preview(result, tmp_path / "pv")
    assert sheets == [] and "apt-get install libreoffice-impress" in skipped[0]


def test_without_libreoffice_the_theme_gallery_still_shows_a_slide_per_theme(tmp_path, monkeypatch):
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name: None if name == "soffice" else which(name))
    sheet, skipped = preview.theme_gallery(tmp_path)
    assert skipped == []
    with Image.open(sheet) as image:
        height = image.height
    row = preview.GALLERY_SLIDE_WIDTH * 9 // 16 + preview.LABEL + GAP
    assert (height - TITLE - 2 * MARGIN) // row == len(builtin_names())


@needs_soffice
def test_preview_writes_one_sheet_per_output_with_every_slide_and_page(starter, tmp_path):
    out = tmp_path / "pv"
    assert main(["preview", str(starter), "-o", str(out)]) == 0
    pages = len(page_images(out / "outline.pdf", 10))
    slides = len(page_images(deck_pdf(out / "outline.pptx", tmp_path), 10))
    for name, count in (("pptx", slides), ("pdf", pages)):
        style = SHEETS[name]
        with Image.open(out / f"outline.{name}.png") as sheet:
            width, height = sheet.size
        rows = -(-count // style.columns)
        assert width == 2 * MARGIN + style.columns * style.width + (style.columns - 1) * GAP
        assert height > TITLE + rows * style.width * 9 // 16
    assert slides == 6 and pages >= 3


@needs_soffice
def test_theme_gallery_shows_a_slide_and_a_page_per_theme(tmp_path):
    assert main(["preview", "--theme-gallery", "-o", str(tmp_path)]) == 0
    with Image.open(tmp_path / "theme-gallery.png") as sheet:
        height = sheet.height
    row = preview.GALLERY_SLIDE_WIDTH * 9 // 16 + preview.LABEL + GAP
    assert (height - TITLE - 2 * MARGIN) // row == len(builtin_names())  # one row per theme
