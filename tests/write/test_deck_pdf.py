"""The deck as PDF, drawn from the deck plan without LibreOffice: one page per slide with every run of the PPTX in
order, fonts embedded and subset, the outline the slide titles, identical bytes; the handout and notes pages."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import yaml
from lxml import etree
from PIL import Image
from pypdf import PdfReader

from publisher.api import build_result
from publisher.cli import main

ROOT = Path(__file__).parents[2]
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
A4 = (595.28, 841.89)
SLIDES = 9  # what the planner makes of outline(): cover, contents, the sections' slides, closing


def outline(**deck) -> dict:
    """Return an outline with every kind of slide shape: KPIs, charts (pictured and native), a table, an image, a
    quote, bullets, notes, a date field."""
    chart = {"type": "bar", "title": "地区生产总值（亿元）", "categories": ["2022", "2023", "2024"],
             "series": [{"name": "GDP", "values": [2100.5, 2200.8, 2302.6]}], "source": "区统计局"}
    return {
        "report": {"title": "武昌区2024年发展回顾", "subtitle": "高质量发展连续五年领跑全省",
                   "organisation": "武昌区人民政府", "date": "2025年1月", "author": "区政府办公室"},
        "theme": {"extends": "default", "deck": {"footer": {"text": "武昌区统计局", "date": True}, **deck}},
        "sections": [
            {"title": "经济运行稳中有进", "lead": "全年地区生产总值突破2300亿元。",
             "notes": "先讲总量，再讲结构。\n第二段备注。",
             "blocks": [{"kpis": [{"label": "地区生产总值", "value": 2302.6, "unit": "亿元", "change": 5.2},
                                  {"label": "新增市场主体", "value": 1.45, "unit": "万户"}]},
                        {"chart": chart},
                        {"bullets": ["工业投资增长15.6%，高于全市平均水平",
                                     {"text": "服务业占比达到85%以上", "items": ["Software and IT services"]}]}]},
            {"title": "开放合作 Open Economy", "blocks": [
                {"chart": {**chart, "type": "pie", "native": True, "categories": ["货物", "服务"],
                           "series": [{"name": "占比", "values": [70, 30]}]}},
                {"table": {"caption": "主要指标", "columns": ["指标", "2023年", "2024年"],
                           "rows": [["企业开办时间（天）", 1, 0.5], ["网办率", "95%", "99%"]]}}]},
            {"title": "城市更新", "blocks": [
                {"image": {"path": "photo.png", "caption": "沙湖公园", "alt": "沙湖公园全景"}},
                {"quote": {"text": "征途漫漫，惟有奋斗。", "by": "区委"}}]}]}


def build(folder: Path, data: dict, formats: tuple[str, ...]) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (400, 240), (46, 117, 182)).save(folder / "photo.png")
    path = folder / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = build_result(path, folder / "out", formats, parallel=False)
    return {p.name.split(".", 1)[1]: p for p in result.outputs}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, Path]:
    return build(tmp_path_factory.mktemp("deckpdf"), outline(), ("pptx", "deck-pdf", "handout", "notes"))


def page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].get_textpage().get_text_range() for i in range(len(document))]
    finally:
        document.close()


def slide_runs(pptx: Path) -> list[list[str]]:
    """Return the text of every run and field of each slide, in the order of the slide's XML."""
    with zipfile.ZipFile(pptx) as archive:
        names = sorted((n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                       key=lambda n: int(re.search(r"\d+", n).group()))
        return [[t.text for t in etree.fromstring(archive.read(n)).iter(f"{A}t") if t.text and t.text.strip()]
                for n in names]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_one_page_per_slide_of_the_slide_size(built):
    reader = PdfReader(built["slides.pdf"])
    assert len(reader.pages) == len(slide_runs(built["pptx"])) == SLIDES
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (960, 540)


def stream_texts(pdf: Path) -> list[str]:
    """Return the text of each page in the order its content stream draws it."""
    out = []
    for page in PdfReader(pdf).pages:
        parts: list[str] = []
        page.extract_text(visitor_text=lambda text, *_, into=parts: into.append(text))
        out.append("".join(parts))
    return out


def test_every_run_of_the_pptx_is_in_the_pdf_in_the_same_order(built):
    for number, (runs, text) in enumerate(zip(slide_runs(built["pptx"]), stream_texts(built["slides.pdf"]),
                                              strict=True), 1):
        page, at = squeeze(text), 0
        for run in runs:
            found = page.find(squeeze(run), at)
            assert found >= 0, f"slide {number}: '{run}' missing or out of order in {page[at:at + 80]!r}"
            at = found + len(squeeze(run))


def test_every_font_is_embedded_and_subset(built):
    for name in ("slides.pdf", "handout.pdf", "notes.pdf"):
        for page in PdfReader(built[name]).pages:
            for font in page["/Resources"]["/Font"].values():
                font = font.get_object()
                descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                assert "/FontFile2" in descriptor.get_object(), f"{name}: {font['/BaseFont']} is not embedded"
                assert re.match(r"/[A-Z]{6}\+", font["/BaseFont"]), f"{name}: {font['/BaseFont']} is not a subset"


def test_the_outline_lists_the_slides_by_title(built):
    titles = [item.title for item in PdfReader(built["slides.pdf"]).outline]
    assert len(titles) == SLIDES
    assert titles[2] == "3  经济运行稳中有进" and titles[-1].startswith(str(SLIDES))


def test_the_same_project_gives_the_same_bytes(built, tmp_path):
    again = build(tmp_path, outline(), ("deck-pdf",))
    assert again["slides.pdf"].read_bytes() == built["slides.pdf"].read_bytes()


@pytest.mark.parametrize("per_page", [2, 3, 6])
def test_the_handout_puts_n_slides_on_each_a4_page(tmp_path, per_page):
    pdf = build(tmp_path, outline(handout=per_page), ("handout",))["handout.pdf"]
    reader = PdfReader(pdf)
    assert len(reader.pages) == -(-SLIDES // per_page)
    assert all((round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) == A4 for p in reader.pages)
    texts = page_texts(pdf)
    assert "经济运行稳中有进" in squeeze(texts[2 // per_page])
    assert all(f"第{n}页共{len(texts)}页" in squeeze(text) for n, text in enumerate(texts, 1))


def test_the_three_slide_handout_has_ruled_lines_beside_each_slide(tmp_path):
    from publisher.api import load_project
    from publisher.plan.handout import plan_handout
    from publisher.write.pptx import planned

    build(tmp_path, outline(), ())
    project = load_project(tmp_path / "outline.yaml")
    plan, _ = planned(project)
    page = plan_handout(plan, project.theme, project.fonts, 3)[0]
    assert len(page.views) == 3
    for view in page.views:
        lines = [s for s in page.shapes if s.name == "Note line" and view.box.y <= s.box.y <= view.box.bottom]
        assert len(lines) >= 4
        assert all(line.box.x > view.box.right and line.box.right <= A4[0] - 79.3 for line in lines)


def test_notes_pages_show_each_slide_above_its_notes(built):
    texts = [squeeze(t) for t in page_texts(built["notes.pdf"])]
    assert len(texts) == SLIDES
    notes = next(i for i, t in enumerate(texts) if "先讲总量，再讲结构。" in t)
    assert "第二段备注。" in texts[notes] and "经济运行稳中有进" in texts[notes]


def test_long_notes_go_on_over_the_next_page(tmp_path):
    data = outline()
    data["sections"][0]["notes"] = "\n".join(f"第{i}段：先讲总量，再讲结构，最后讲下一步工作安排。" for i in range(60))
    texts = [squeeze(t) for t in page_texts(build(tmp_path, data, ("notes",))["notes.pdf"])]
    assert len(texts) > SLIDES
    joined = "".join(texts)
    assert all(f"第{i}段" in joined for i in range(60))


def test_the_cli_writes_the_slides_pdf_only_when_asked(tmp_path):
    folder = tmp_path / "p"
    build(folder, outline(), ())
    assert main(["build", str(folder / "outline.yaml"), "-o", str(tmp_path / "a")]) == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["outline.pdf", "outline.pptx"]
    args = ["build", str(folder / "outline.yaml"), "-o", str(tmp_path / "b"), "--format", "deck-pdf", "--notes"]
    assert main(args) == 0
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == ["outline.notes.pdf", "outline.slides.pdf"]
    data = outline()
    data["theme"]["outputs"] = ["pptx", "deck-pdf"]
    build(folder, data, ())
    assert main(["build", str(folder / "outline.yaml"), "-o", str(tmp_path / "c")]) == 0
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["outline.pptx", "outline.slides.pdf"]


def test_an_unknown_format_is_a_clear_error(tmp_path, capsys):
    folder = tmp_path / "p"
    build(folder, outline(), ())
    assert main(["build", str(folder / "outline.yaml"), "-o", str(tmp_path / "x"), "--format", "slides"]) == 2
    assert "deck-pdf" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_each_slide_looks_as_libreoffice_shows_the_pptx(tmp_path):
    """Pixel for pixel at 50 dpi the deck PDF is LibreOffice's picture of the PPTX, but for LibreOffice's space
    between Han and Latin and sub-pixel placing (bench/deck.py: means 0.6–12.6 of 255 per slide on the example)."""
    import numpy as np

    from publisher.authoring.preview import deck_pdf, page_images

    stress = ROOT / "examples" / "stress" / "outline.yaml"
    pptx, slides = build_result(stress, tmp_path / "out", ("pptx", "deck-pdf"), parallel=False).outputs
    ours, theirs = page_images(slides, 667), page_images(deck_pdf(pptx, tmp_path), 667)
    assert len(ours) == len(theirs)
    for number, (a, b) in enumerate(zip(ours, theirs, strict=True), 1):
        difference = np.abs(np.asarray(a.convert("RGB"), float) - np.asarray(b.convert("RGB"), float)).mean()
        assert difference < 20, f"slide {number} differs from LibreOffice's by {difference:.1f} of 255 on average"
