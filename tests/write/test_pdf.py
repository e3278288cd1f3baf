"""The printed report, checked on a real PDF: fonts, text, line breaking, contents, outline, charts, determinism."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pypdf import PdfReader

from publisher.api import Project, load_project
from publisher.text.breaking import load_rules
from publisher.text.numbering import numbered_title
from publisher.write.pdf import write
from publisher.write.pdf_text import split_point

EXAMPLE = Path(__file__).parents[2] / "examples" / "wuchang-2024" / "outline.yaml"
GALLERY = Path(__file__).parents[2] / "examples" / "chart-gallery" / "outline.yaml"
SENTENCES = [
    "2024年是实现“十四五”规划目标任务的关键一年，全区地区生产总值增长5.8%，总量突破3.45亿元。",
    "今年以来，武昌区深入贯彻党的二十大和二十届二中、三中全会精神，以高质量发展统揽全局，担当实干，顶压前行。",
    "全区专利授权总量1.45万件，每万人高价值发明专利拥有量达46件，办结率98.5%，均居全市前列。",
    "《武昌区城市更新行动方案》提出，老旧小区改造惠及群众1.7万户——新增加装电梯121部，占全市30%。",
    "数字经济核心企业快速增长（总计达9500余家），数字经济总体规模占GDP比重近50%，新增数据空间33万平方米。",
]
TOKENS = ["1.45万", "5.8%", "2024", "98.5%", "3.45亿", "9500", "GDP"]
DECK_ONLY = "这一段只在简报中出现"


def paragraph(seed: int, sentences: int = 5) -> str:
    """Return a paragraph made of the sample sentences, rotated so that lines break in different places."""
    return "".join(SENTENCES[(seed + k) % len(SENTENCES)] for k in range(sentences))


def outline() -> dict:
    """Return a small outline: nested sections, every block kind, enough text for several pages."""
    rows = [[f"街道{n:02d}", 10000 + n * 1234, round(3 + n * 0.37, 1), "稳步增长"] for n in range(1, 41)]
    chart = {"type": "bar", "title": "主要指标", "unit": "亿元", "categories": ["一季度", "二季度", "三季度"],
             "series": [{"name": "产值", "values": [12.5, 14.2, 15.8]}], "source": "区统计局"}
    kpis = [{"label": "市场主体", "value": 1.45, "unit": "万户", "change": 5.8},
            {"label": "专利授权", "value": 46, "unit": "件", "qualifier": "余", "change": -1.2, "note": "居全市前列"}]
    return {
        "report": {"title": "武昌区2024年发展回顾", "subtitle": "高质量发展连续五年领跑全省",
                   "organisation": "武昌区人民政府", "author": "区政府办公室", "date": "2025年1月",
                   "keywords": ["武昌区", "高质量发展"]},
        "sections": [
            {"title": "总体情况", "lead": "全区经济运行稳中有进。", "blocks": [
                paragraph(0), paragraph(1, 3), {"quote": {"text": "征途漫漫，惟有奋斗。", "by": "区委"}},
                {"bullets": ["地区生产总值增长5.8%", {"text": "市场主体1.45万户", "items": ["个体工商户过半"]}]},
                {"kpis": kpis}, {"paragraph": DECK_ONLY, "only": "deck"}],
             "sections": [
                 {"title": "经济运行", "blocks": [paragraph(2), {"chart": chart}, paragraph(3, 4)]},
                 {"title": "市场主体", "blocks": [paragraph(4, 6), {"table": {
                     "caption": "各街道市场主体", "columns": ["街道", "企业数（户）", "增速（%）", "说明"],
                     "rows": rows, "source": "资料来源：区市场监管局"}}]}]},
            {"title": "重点工作", "blocks": [paragraph(k, 6) for k in range(5)], "sections": [
                {"title": "城市更新", "blocks": [paragraph(3, 7)], "sections": [
                    {"title": "老旧小区改造", "blocks": [paragraph(1, 8), paragraph(2, 2)]}]}]},
        ],
    }


@dataclass
class Built:
    project: Project
    path: Path
    data: bytes
    pdf: pdfplumber.PDF
    reader: PdfReader


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp("report")
    source = folder / "outline.yaml"
    source.write_text(yaml.safe_dump(outline(), allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(source)
    path = folder / "report.pdf"
    write(project, path)
    with pdfplumber.open(path) as pdf:
        yield Built(project, path, path.read_bytes(), pdf, PdfReader(path))


def type_area(built: Built, page) -> pdfplumber.page.Page:
    """Return the page cropped to its type area (no header, no footer), with room for a line-end mark's cell."""
    spec = built.project.theme.report.page
    return page.crop((spec.left - 1, spec.top - 1, page.width - spec.right + 20, page.height - spec.bottom + 1))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def sections(built: Built) -> list[tuple[tuple[int, ...], str]]:
    """Return (path, numbered title) of every heading in reading order."""
    out, style = [], built.project.theme.numbering

    def visit(items, parent):
        for index, section in enumerate(items, 1):
            out.append(((*parent, index), numbered_title((*parent, index), section.title, style)))
            visit(section.sections, (*parent, index))

    visit(built.project.outline.sections, ())
    return out


def paragraphs(built: Built) -> list[str]:
    return [b.paragraph for _, s in built.project.outline.walk() for b in s.blocks
            if hasattr(b, "paragraph") and b.only != "deck"]


def lines(built: Built) -> list[tuple[int, dict]]:
    """Return (page number, pdfplumber text line) for every line of the document."""
    return [(n, line) for n, page in enumerate(built.pdf.pages, 1) for line in page.extract_text_lines(strip=True)]


def test_every_font_is_embedded_and_subset(built):
    fonts = [f.get_object() for page in built.reader.pages for f in page["/Resources"]["/Font"].values()]
    assert fonts
    for font in fonts:
        assert re.match(r"^/[A-Z]{6}\+", font["/BaseFont"]), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"]
    assert b"Helvetica" not in built.data


def test_paragraphs_extract_back_exactly_and_in_order(built):
    body = "".join(squeeze(type_area(built, page).extract_text()) for page in built.pdf.pages[2:])
    position = 0
    for text in paragraphs(built):
        found = body.find(squeeze(text), position)
        assert found >= 0, text[:30]
        position = found + len(squeeze(text))


def test_text_is_drawn_without_spaces_or_extra_characters(built):
    chars = "".join(c["text"] for page in built.pdf.pages for c in type_area(built, page).chars)
    for text in paragraphs(built):
        assert text in chars


def test_every_drawn_character_has_a_glyph_and_a_unicode(built):
    for page in built.pdf.pages:
        assert [c for c in page.chars if not c["text"] or c["text"] in "\x00\ufffd"] == []


def test_deck_only_blocks_are_left_out(built):
    assert DECK_ONLY not in "".join(squeeze(page.extract_text()) for page in built.pdf.pages)


def test_no_line_breaks_the_kinsoku_rules(built):
    rules = load_rules(built.project.theme.report.typography)
    for number, line in lines(built):
        text = squeeze(line["text"])
        assert text[0] not in rules.no_start, (number, text)
        assert text[-1] not in rules.no_end, (number, text)


def test_numbers_and_words_stay_on_one_line(built):
    joined = "\n".join(squeeze(line["text"]) for _, line in lines(built))
    for token in TOKENS:
        assert token in joined
        for cut in range(1, len(token)):
            assert f"{token[:cut]}\n{token[cut:]}" not in joined, token


def test_no_glyph_passes_the_right_margin(built):
    spec = built.project.theme.report.page
    for page in built.pdf.pages:
        for char in page.chars:
            assert char["x1"] <= page.width - spec.right + char["size"] / 2 + 0.01, char["text"]


def test_justified_lines_end_at_the_right_margin(built):
    spec, body = built.project.theme.report.page, built.project.theme.report.body
    right, checked = built.pdf.pages[0].width - spec.right, 0
    for page in built.pdf.pages[2:]:
        rows = [line for line in type_area(built, page).extract_text_lines(return_chars=True)
                if line["chars"][0]["size"] == body.size and "Serif" in line["chars"][0]["fontname"]]
        for line, below in zip(rows, rows[1:], strict=False):
            if abs(below["x0"] - spec.left) < 0.5 and abs(below["top"] - line["top"] - body.leading) < 0.5:
                end = line["chars"][-1]
                assert min(abs(end["x1"] - right), abs(end["x1"] - right - body.size / 2)) < 0.05, line["text"]
                checked += 1
    assert checked > 20


def test_contents_page_numbers_are_the_pages_of_the_headings(built):
    expected = dict(sections(built))
    listed = {}
    for line in type_area(built, built.pdf.pages[1]).extract_text_lines():
        match = re.match(r"^(.+?)\s*(\d+)$", line["text"])
        if match:
            listed[squeeze(match.group(1))] = int(match.group(2))
    assert set(listed) == {squeeze(t) for t in expected.values()}
    for title, page in listed.items():
        heads = [squeeze(line["text"]) for line in type_area(built, built.pdf.pages[page - 1]).extract_text_lines()]
        assert title in heads, (title, page)


def test_contents_entries_link_to_their_headings(built):
    annotations = [a.get_object() for a in built.reader.pages[1].get("/Annots") or []]
    pages = {id(page.indirect_reference.get_object()): number for number, page in enumerate(built.reader.pages, 1)}
    linked = {pages[id(a["/Dest"][0].get_object())] for a in annotations}
    listed = {int(m.group(1)) for line in built.pdf.pages[1].extract_text_lines()
              if (m := re.search(r"(\d+)$", line["text"]))}
    assert len(annotations) == len(sections(built))
    assert linked == listed


def test_outline_has_one_entry_per_heading(built):
    def flat(items):
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item]

    titles = [entry.title for entry in flat(built.reader.outline)]
    assert titles == [title for _, title in sections(built)]
    assert titles[:2] == ["一、总体情况", "（一）经济运行"]


def test_cover_has_no_furniture_and_body_pages_do(built):
    total = len(built.pdf.pages)
    cover = squeeze(built.pdf.pages[0].extract_text())
    assert "武昌区2024年发展回顾" in cover and "页" not in cover
    assert "武昌区人民政府区政府办公室2025年1月" in cover, "organisation, author and date, as docs/outline.md says"
    for number, page in enumerate(built.pdf.pages[1:], 2):
        text = squeeze(page.extract_text())
        assert f"第{number}页共{total}页" in text
        assert text.startswith("武昌区2024年发展回顾")


def test_document_info_and_language(built):
    info = built.reader.metadata
    assert (info.title, info.author, info.subject, info.creator) == (
        "武昌区2024年发展回顾", "武昌区人民政府", "高质量发展连续五年领跑全省", "publisher")
    assert info["/Keywords"] == "武昌区, 高质量发展"
    assert built.reader.trailer["/Root"]["/Lang"] == "zh-CN"


def test_charts_are_vector_with_numbered_captions(built):
    for page in built.reader.pages:
        objects = page["/Resources"].get("/XObject") or {}
        assert not [o for o in objects.values() if o.get_object()["/Subtype"] == "/Image"]
    text = "".join(squeeze(page.extract_text()) for page in built.pdf.pages)
    assert "图1主要指标" in text and "资料来源：区统计局" in text
    assert "表1各街道市场主体" in text


def test_table_repeats_its_header_and_right_aligns_numbers(built):
    pages = [p for p in built.pdf.pages if "街道0" in p.extract_text() or "街道3" in p.extract_text()]
    assert len(pages) >= 2
    for page in pages:
        assert "企业数（户）" in squeeze(page.extract_text())
        ends = {round(w["x1"], 1) for w in page.extract_words() if re.fullmatch(r"\d{5}", w["text"])}
        assert len(ends) == 1, ends


def test_kpi_changes_use_the_theme_colours(built):
    colors = built.project.theme.colors
    marks = {c["text"]: c["non_stroking_color"] for page in built.pdf.pages for c in page.chars if c["text"] in "▲▼"}
    rgb = {k: "".join(f"{round(v * 255):02X}" for v in value) for k, value in marks.items()}
    assert rgb == {"▲": colors.up.upper(), "▼": colors.down.upper()}


def test_the_same_project_gives_the_same_bytes(built, tmp_path):
    again = tmp_path / "again.pdf"
    write(built.project, again)
    assert again.read_bytes() == built.data


def test_source_date_epoch_sets_the_dates(built, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1704067200")
    target = tmp_path / "dated.pdf"
    write(built.project, target)
    assert PdfReader(target).metadata["/CreationDate"].startswith("D:20240101")


@pytest.mark.parametrize(("total", "fitting", "kept"), [
    (10, 20, 10), (10, 5, 5), (10, 9, 8), (10, 1, 0), (3, 2, 0), (4, 2, 2), (2, 1, 0),
])
def test_page_breaks_leave_no_single_line_behind(total, fitting, kept):
    assert split_point(total, fitting) == kept


def test_images_fill_the_column_keeping_their_aspect(tmp_path):
    from PIL import Image

    Image.new("RGB", (400, 100), "steelblue").save(tmp_path / "band.png")
    source = tmp_path / "outline.yaml"
    source.write_text(yaml.safe_dump({"report": {"title": "图片"}, "sections": [
        {"title": "图片", "blocks": [{"image": {"path": "band.png", "caption": "色带"}}]}]}, allow_unicode=True),
        encoding="utf-8")
    project = load_project(source)
    write(project, tmp_path / "image.pdf")
    spec = project.theme.report.page
    with pdfplumber.open(tmp_path / "image.pdf") as pdf:
        images = [image for page in pdf.pages for image in page.images]
        text = "".join(squeeze(page.extract_text()) for page in pdf.pages)
    assert len(images) == 1
    width = spec.width - spec.left - spec.right
    assert images[0]["x0"] == pytest.approx(spec.left) and images[0]["width"] == pytest.approx(width)
    assert images[0]["height"] == pytest.approx(width / 4)
    assert "图1色带" in text


def test_fonts_register_by_file_even_when_another_subset_has_the_same_name(tmp_path, monkeypatch):
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from publisher.fonts import families as fonts
    from publisher.write.pdf_style import registered

    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path))
    bold = fonts.resolve_family("Noto Sans SC")[1]
    decoy, ours = fonts.prepare(bold, "一"), fonts.prepare(bold, "武昌区发展回顾")
    pdfmetrics.registerFont(TTFont("DecoyNotoSansSCBold", str(decoy)))
    face = pdfmetrics.getFont(registered(ours)).face
    assert face.filename == str(ours) and face.name == pdfmetrics.getFont("DecoyNotoSansSCBold").face.name
    assert ord("武") in face.charToGlyph


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="no example outline")
def test_the_example_report_is_small(tmp_path):
    target = tmp_path / "example.pdf"
    write(load_project(EXAMPLE), target)
    assert 0 < target.stat().st_size < 1.5 * 1024 * 1024


@pytest.fixture(scope="module")
def official(built, tmp_path_factory) -> pdfplumber.PDF:
    """Return the same outline printed with the 公文 preset (GB/T 9704)."""
    target = tmp_path_factory.mktemp("gbt9704") / "report.pdf"
    write(load_project(built.path.parent / "outline.yaml", theme="gbt9704"), target)
    with pdfplumber.open(target) as pdf:
        yield pdf


def test_official_preset_sets_the_title_on_page_one_without_contents(official):
    first = squeeze(official.pages[0].extract_text())
    assert first.startswith("武昌区2024年发展回顾高质量发展连续五年领跑全省一、总体情况")
    assert "目录" not in first


def test_official_preset_numbers_pages_outside_with_dashes(official):
    width = official.pages[0].width
    for number, page in enumerate(official.pages[:4], 1):
        footer = [w for w in page.extract_words() if w["text"] == str(number) and w["top"] > page.height - 99]
        assert footer, number
        assert (footer[0]["x0"] > width / 2) == (number % 2 == 1)
        assert f"—{number}—" in squeeze(page.extract_text())


def test_official_preset_closes_with_organisation_and_date(official):
    last = squeeze(official.pages[-1].extract_text())
    assert re.search(r"武昌区人民政府2025年1月(—\d+—)?$", last)


def empty_pages(path: Path, project: Project) -> list[int]:
    """Return the pages after the cover with no character, curve, rect, line or image inside the type area (the
    running header and the footer lie outside it)."""
    spec = project.theme.report.page
    with pdfplumber.open(path) as pdf:
        areas = [(n, page.crop((spec.left - 1, spec.top - 1, page.width - spec.right + 1,
                                page.height - spec.bottom + 1)))
                 for n, page in enumerate(pdf.pages, 1) if n > 1]
        return [n for n, area in areas if not (area.chars or area.curves or area.rects or area.lines or area.images)]


def big_charts(tmp_path: Path, aspect: float, blocks_before: list, min_scale: float | None = None,
               note: str = "") -> Project:
    """Return a project whose first section holds blocks_before, then two charts aspect × the column width tall,
    the second with a note under it when given."""
    chart = {"type": "bar", "unit": "亿元", "categories": ["一季度", "二季度", "三季度"],
             "series": [{"name": "产值", "values": [12.5, 14.2, 15.8]}], "source": "区统计局"}
    report = {"aspect": aspect} | ({} if min_scale is None else {"min_scale": min_scale})
    source = tmp_path / "outline.yaml"
    source.write_text(yaml.safe_dump({
        "report": {"title": "大图"}, "theme": {"extends": "default", "charts": {"report": report}},
        "sections": [{"title": "主要指标", "lead": "两张大图紧随标题。", "blocks": [
            *blocks_before, {"chart": {**chart, "title": "产值一"}},
            {"chart": {**chart, "title": "产值二"} | ({"caption": note} if note else {})}]},
            {"title": "其他", "blocks": [paragraph(0)]}]}, allow_unicode=True), encoding="utf-8")
    return load_project(source)


def figures(path: Path) -> dict[str, int]:
    """Return the page of each figure caption ("图1", "图2", …)."""
    with pdfplumber.open(path) as pdf:
        return {m.group(0): n for n, page in enumerate(pdf.pages, 1)
                for m in re.finditer(r"图\d+", squeeze(page.extract_text()))}


def chart_widths(path: Path) -> dict[int, float]:
    """Return the drawn width of the chart on each page holding one: the width of its background, the widest tall
    rect."""
    with pdfplumber.open(path) as pdf:
        tall = {n: [r["width"] for r in page.rects if r["height"] > 100] for n, page in enumerate(pdf.pages, 1)}
    return {n: max(widths) for n, widths in tall.items() if widths}


@pytest.mark.skipif(not GALLERY.is_file(), reason="no chart gallery")
def test_no_page_of_the_gallery_is_empty(tmp_path):
    project = load_project(GALLERY)
    write(project, tmp_path / "gallery.pdf")
    assert empty_pages(tmp_path / "gallery.pdf", project) == []


@pytest.mark.parametrize("aspect", [0.52, 1.2, 1.4, 1.8])
def test_a_heading_followed_by_large_charts_leaves_no_page_empty(tmp_path, aspect):
    project = big_charts(tmp_path, aspect, [])
    write(project, tmp_path / "big.pdf")
    assert empty_pages(tmp_path / "big.pdf", project) == []
    with pdfplumber.open(tmp_path / "big.pdf") as pdf:
        assert "一、主要指标" in squeeze(pdf.pages[2].extract_text())  # right after the contents
    assert figures(tmp_path / "big.pdf")["图1"] == 3


def column(project: Project) -> float:
    page = project.theme.report.page
    return page.width - page.left - page.right


def test_a_figure_shrinks_to_stay_on_the_page_down_to_min_scale(tmp_path):
    project = big_charts(tmp_path, 0.8, [paragraph(0, 12)])
    write(project, tmp_path / "shrunk.pdf")
    assert figures(tmp_path / "shrunk.pdf") == {"图1": 3, "图2": 4}
    widths = chart_widths(tmp_path / "shrunk.pdf")
    natural = column(project)
    assert widths[4] == pytest.approx(natural, abs=0.5)
    assert project.theme.charts.report.min_scale * natural <= widths[3] < natural - 1  # aspect kept: narrower
    assert project.warnings == [], "shrinking down to min_scale is no warning"


def test_a_figure_shrunk_below_min_scale_warns_once_naming_its_page(tmp_path):
    """The first chart fills a page, so the second starts the next one, where its long note leaves it less than
    min_scale of its height: it shrinks anyway, and says so."""
    project = big_charts(tmp_path, 2.0, [], min_scale=0.6, note="本图为初步核算数，按可比价格计算，存在尾差。" * 40)
    write(project, tmp_path / "below.pdf")
    [warning] = project.warnings
    assert warning.severity == "warning" and warning.path == "sections[0].blocks[1]" and "shrunk" in warning.message
    assert warning.page == figures(tmp_path / "below.pdf")["图2"] and str(warning).endswith(f"(page {warning.page})")
    assert warning.span.line > 0


def test_a_figure_taller_than_a_page_after_a_heading_moves_on_and_shrinks_to_the_page(tmp_path):
    project = big_charts(tmp_path, 1.8, [], min_scale=1.0)
    write(project, tmp_path / "tall.pdf")
    assert figures(tmp_path / "tall.pdf") == {"图1": 4, "图2": 5}  # the heading and lead fill page 3
    assert all(w < column(project) - 1 for w in chart_widths(tmp_path / "tall.pdf").values())
    assert [w.page for w in project.warnings] == [4, 5]  # both below min_scale, each on its page


def test_a_figure_needing_more_than_min_scale_stays_whole_and_rises_under_its_heading(tmp_path):
    """The charts end their chapter and the first does not fit under the paragraph before it: rather than leave a
    hole, it is lifted under its section's heading on that page, whole (min_scale 1), above the paragraph."""
    project = big_charts(tmp_path, 0.8, [paragraph(0, 12)], min_scale=1.0)
    write(project, tmp_path / "whole.pdf")
    assert figures(tmp_path / "whole.pdf") == {"图1": 3, "图2": 4}
    widths = chart_widths(tmp_path / "whole.pdf")
    assert sorted(widths) == [3, 4] and all(w == pytest.approx(column(project), abs=0.5) for w in widths.values())
    with pdfplumber.open(tmp_path / "whole.pdf") as pdf:
        text = squeeze(pdf.pages[2].extract_text())
    assert text.index("两张大图紧随标题") < text.index("图1") < text.index(squeeze(paragraph(0, 12))[:20])


def test_the_same_outline_gives_the_same_pages_whatever_was_built_before(tmp_path, monkeypatch):
    """Page numbers and lifted figures are laid out from nothing each time: no memory of an earlier build (of the
    same outline, edited, or of another) changes the result."""
    monkeypatch.setenv("PUBLISHER_CACHE_DIR", str(tmp_path / "cache"))
    write(load_project(EXAMPLE), tmp_path / "fresh.pdf")
    edited = tmp_path / "edited"
    edited.mkdir()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["sections"] = data["sections"][::-1]
    (edited / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(edited / "outline.yaml"), tmp_path / "other.pdf")
    write(load_project(EXAMPLE), tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "fresh.pdf").read_bytes()
