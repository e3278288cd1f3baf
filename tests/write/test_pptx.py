"""The briefing deck, checked on real PPTX files: slides and titles, CJK runs, fit, notes, theme, identical bytes."""
from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from lxml import etree
from PIL import Image

from publisher.api import Project, load_project
from publisher.plan.deck import plan_deck
from publisher.text.breaking import break_lines, load_rules
from publisher.write.pptx import write

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "wuchang-2024" / "outline.yaml"
STRESS = ROOT / "examples" / "stress" / "outline.yaml"
NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main"}
A = f"{{{NS['a']}}}"
P = f"{{{NS['p']}}}"
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")
EMU = 12700
CHART = {"type": "bar", "title": "地区生产总值（亿元）", "categories": ["2022", "2023", "2024"],
         "series": [{"name": "GDP", "values": [2100.5, 2200.8, 2302.6]}], "source": "区统计局"}


def small_outline() -> dict:
    """Return an outline using every slide kind: KPIs, chart + bullets, native chart, table, image, quote."""
    kpis = [{"label": "地区生产总值", "value": 2302.6, "unit": "亿元", "change": 5.2},
            {"label": "新增市场主体", "value": 1.45, "unit": "万户", "change": -1.3},
            {"label": "数字经济核心企业", "value": 9500, "qualifier": "余", "unit": "家", "note": "全市第一"}]
    return {
        "report": {"title": "武昌区2024年发展回顾", "subtitle": "高质量发展连续五年领跑全省",
                   "organisation": "武昌区人民政府", "date": "2025年1月", "author": "区政府办公室"},
        "sections": [
            {"title": "经济运行稳中有进", "short_title": "经济运行", "lead": "全年地区生产总值突破2300亿元。",
             "notes": "先讲总量，再讲结构。", "blocks": [
                 {"kpis": kpis}, {"chart": CHART},
                 {"bullets": ["工业投资增长15.6%，高于全市平均水平",
                              {"text": "服务业占比达到85%以上",
                               "items": ["金融业增长6.1%", "Software and IT services"]}]},
                 {"paragraph": "只在报告中出现。", "only": "report"}]},
            {"title": "开放合作 Open Economy", "lead": "外贸进出口总额领跑中心城区。", "blocks": [
                {"chart": {**CHART, "type": "pie", "native": True, "categories": ["货物", "服务"],
                           "series": [{"name": "占比", "values": [70, 30]}]}},
                {"table": {"caption": "主要指标", "columns": ["指标", "2023年", "2024年"],
                           "rows": [["企业开办时间（天）", 1, 0.5], ["网办率", "95%", "99%"],
                                    ["外贸企业（家）", 12000, 13500]], "source": "区政务服务局"}}]},
            {"title": "城市更新", "blocks": [
                {"image": {"path": "photo.png", "caption": "沙湖公园", "alt": "沙湖公园全景"}},
                {"quote": {"text": "征途漫漫，惟有奋斗。", "by": "区委"}}]},
        ],
    }


def project_in(folder: Path, data: dict) -> Project:
    """Return the project of an outline written to folder (with the small test photo)."""
    Image.new("RGB", (400, 240), (46, 117, 182)).save(folder / "photo.png")
    path = folder / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_project(path)


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Project, Path]:
    folder = tmp_path_factory.mktemp("small")
    project = project_in(folder, small_outline())
    write(project, folder / "deck.pptx")
    return project, folder / "deck.pptx"


@pytest.fixture(scope="module")
def stress(tmp_path_factory) -> tuple[Project, Path]:
    folder = tmp_path_factory.mktemp("stress")
    project = load_project(STRESS)
    write(project, folder / "stress.pptx")
    return project, folder / "stress.pptx"


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> tuple[Project, Path]:
    if not EXAMPLE.is_file():
        pytest.skip("no example outline")
    project = load_project(EXAMPLE)
    path = tmp_path_factory.mktemp("example") / "example.pptx"
    write(project, path)
    return project, path


DECKS = ["small", "stress", "example"]


@pytest.fixture(params=DECKS)
def deck(request) -> tuple[Project, Path]:
    return request.getfixturevalue(request.param)


# ------------------------------------------------------------------ reading the package back


def parts(path: Path, prefix: str) -> list[tuple[str, etree._Element]]:
    """Return (name, root) of the package's XML parts under prefix, slides in slide order."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if n.startswith(prefix) and n.endswith(".xml")]
        names.sort(key=lambda n: [int(d) if d.isdigit() else d for d in re.split(r"(\d+)", n)])
        return [(n, etree.fromstring(archive.read(n))) for n in names]


def slides(path: Path) -> list[etree._Element]:
    return [root for _, root in parts(path, "ppt/slides/slide")]


@dataclass
class Frame:
    """A text frame read back: inner size and paragraphs as (indent, pitch, space before, lines of runs)."""

    where: str
    width: float
    height: float
    paragraphs: list[tuple[float, float, float, list[list[tuple[str, float, bool, str]]]]]


def frames(path: Path) -> list[Frame]:
    """Return every text frame of the deck's slides: text boxes and table cells."""
    out = []
    for number, root in enumerate(slides(path), 1):
        for shape in root.iter(f"{P}sp"):
            ext = shape.find(".//a:xfrm/a:ext", NS)
            body = shape.find("p:txBody", NS)
            if body is not None and ext is not None and body.find(".//a:t", NS) is not None:
                out.append(_box_frame(f"slide {number}", ext, body))
        out += _cell_frames(root, f"slide {number}")
    return out


def _box_frame(where: str, ext, body) -> Frame:
    props = body.find("a:bodyPr", NS)
    insets = [int(props.get(k, "91440")) / EMU for k in ("lIns", "rIns", "tIns", "bIns")]
    width = int(ext.get("cx")) / EMU - insets[0] - insets[1]
    height = int(ext.get("cy")) / EMU - insets[2] - insets[3]
    return Frame(where, width, height, [_paragraph(p) for p in body.findall("a:p", NS)])


def _cell_frames(root, where: str) -> list[Frame]:
    out = []
    for table in root.iter(f"{A}tbl"):
        widths = [int(c.get("w")) / EMU for c in table.findall("a:tblGrid/a:gridCol", NS)]
        for row in table.findall("a:tr", NS):
            for width, cell in zip(widths, row.findall("a:tc", NS), strict=True):
                pr = cell.find("a:tcPr", NS)
                margins = [int(pr.get(k)) / EMU for k in ("marL", "marR", "marT", "marB")]
                paragraphs = [_paragraph(p) for p in cell.findall("a:txBody/a:p", NS)]
                inner_h = int(row.get("h")) / EMU - margins[2] - margins[3]
                out.append(Frame(f"{where} table", width - margins[0] - margins[1], inner_h, paragraphs))
    return out


def _paragraph(p) -> tuple[float, float, float, list[list[tuple[str, float, bool, str]]]]:
    props = p.find("a:pPr", NS)
    indent = int(props.get("marL", "0")) / EMU if props is not None else 0.0
    pitch = _points(props, "a:lnSpc")
    before = _points(props, "a:spcBef")
    lines: list[list] = [[]]
    for child in p:
        if child.tag == f"{A}br":
            lines.append([])
        elif child.tag in (f"{A}r", f"{A}fld"):
            rpr = child.find("a:rPr", NS)
            lines[-1].append((child.findtext("a:t", "", NS), int(rpr.get("sz")) / 100, rpr.get("b") == "1",
                              rpr.find("a:latin", NS).get("typeface")))
    return indent, pitch, before, lines


def _points(props, tag: str) -> float:
    found = props.find(f"{tag}/a:spcPts", NS) if props is not None else None
    return int(found.get("val")) / 100 if found is not None else 0.0


def measure(project: Project, text: str, size: float, bold: bool, family: str) -> float:
    role = next(r for r in ("body", "heading", "serif", "chart") if project.fonts.family(r) == family)
    return project.fonts.metrics(role, bold).width(text, size)


# ------------------------------------------------------------------ the checks


def test_slides_and_titles_follow_the_plan(deck):
    project, path = deck
    plan = plan_deck(project.outline, project.theme, project.fonts, project.base_dir)
    roots = slides(path)
    assert len(roots) == len(plan.slides)
    for root, slide in zip(roots, plan.slides, strict=True):
        title = _named_text(root, "Title")
        if title is not None:
            assert title.rstrip("…") in slide.title or slide.title == title, (title, slide.title)


def test_small_deck_has_one_slide_per_planned_kind(small):
    project, path = small
    plan = plan_deck(project.outline, project.theme, project.fonts, project.base_dir)
    assert [s.layout for s in plan.slides] == ["cover", "agenda", "kpis_chart", "bullets", "chart", "table",
                                               "image", "quote", "closing"]
    titles = [_named_text(root, "Title") for root in slides(path)]
    assert titles[2:5] == ["经济运行稳中有进", "经济运行稳中有进", "开放合作 Open Economy"]


def test_report_only_text_stays_out_of_the_deck(small):
    with zipfile.ZipFile(small[1]) as archive:
        xml = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert "只在报告中出现" not in xml


def test_every_cjk_run_has_east_asian_font_and_language(deck):
    project, path = deck
    language = project.outline.report.language
    for name, root in parts(path, "ppt/"):
        for run in [*root.iter(f"{A}r"), *root.iter(f"{A}fld")]:
            text = run.findtext(f"{A}t") or ""
            props = run.find(f"{A}rPr")
            if CJK.search(text):
                assert props.find(f"{A}ea").get("typeface") and props.get("lang") == language, (name, text)
                assert props.get("altLang") == "en-US"


def test_every_run_of_ours_is_upright_uncapitalised_and_unspaced(deck):
    """A template's style cannot make our text wider than it was measured: italics, capitals, spacing are off."""
    runs = [run for root in slides(deck[1]) for run in root.iter(f"{A}r")]
    assert runs and all((r.find(f"{A}rPr").get("i"), r.find(f"{A}rPr").get("cap"), r.find(f"{A}rPr").get("spc"))
                        == ("0", "none", "0") for r in runs)


def test_the_build_check_refuses_a_cjk_run_without_east_asian_font():
    from publisher.write.pptx_text import MissingEastAsianFont, check_runs

    bare = etree.fromstring(f'<a:p xmlns:a="{NS["a"]}"><a:r><a:rPr lang="zh-CN"><a:latin typeface="X"/></a:rPr>'
                            "<a:t>武昌</a:t></a:r></a:p>")
    with pytest.raises(MissingEastAsianFont, match="武昌"):
        check_runs("slide1.xml", bare)


def test_text_is_cut_into_runs_by_script_marks_going_with_the_east_asian_text():
    from publisher.write.pptx_text import script_runs

    assert script_runs("GDP增长5.8%，高于全市") == [("GDP", "Latin"), ("增长", "Han"), ("5.8%", "Latin"),
                                                   ("，高于全市", "Han")]
    assert script_runs("Guides: 日本語のガイド, 한국어 guide") == [
        ("Guides: ", "Latin"), ("日本語", "Han"), ("のガイド, ", "Kana"), ("한국어 ", "Hangul"), ("guide", "Latin")]
    assert script_runs("“十四五”规划 (2021-2025)") == [("“十四五”规划 (", "Han"), ("2021-2025)", "Latin")]
    assert script_runs("，好") == [("，好", "Han")] and script_runs("。") == [("。", "Han")]


def test_latin_only_runs_keep_the_latin_typeface_and_english(small):
    project, path = small
    families = {project.fonts.family("body"), project.fonts.family("heading")}
    latin = [r for root in slides(path) for r in root.iter(f"{A}r")
             if re.search(r"[A-Za-z]", r.findtext(f"{A}t")) and not CJK.search(r.findtext(f"{A}t"))]
    assert {r.findtext(f"{A}t").strip() for r in latin} >= {"Open Economy", "Software and IT services"}
    for run in latin:
        props = run.find(f"{A}rPr")
        assert props.get("lang") == "en-US" and props.find(f"{A}latin").get("typeface") in families


def test_paragraphs_ask_for_kinsoku_and_whole_latin_words(small):
    for root in slides(small[1]):
        for props in root.iter(f"{A}pPr"):
            if props.getparent().find(f"{A}r") is not None:
                assert (props.get("eaLnBrk"), props.get("latinLnBrk"), props.get("hangingPunct")) == ("1", "0", "1")


def test_no_text_frame_overflows_when_remeasured(deck):
    assert_no_overflow(*deck)


@pytest.mark.parametrize("outline", [ROOT / "examples" / "chart-gallery" / "outline.yaml",
                                     *sorted((ROOT / "tests" / "outlines").glob("*.yaml"))],
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_frame_of_the_gallery_or_the_composer_outlines_overflows(outline, tmp_path):
    project = load_project(outline)
    write(project, tmp_path / "deck.pptx")
    assert_no_overflow(project, tmp_path / "deck.pptx")


def assert_no_overflow(project: Project, path: Path) -> None:
    """Assert that every line of every text frame of a deck fits its frame's width, and that its paragraphs, wrapped
    again by our breaker, fit its height."""
    rules = load_rules(project.theme.deck.fit.typography)
    for frame in frames(path):
        for indent, _, _, lines in frame.paragraphs:
            room = frame.width - indent
            for line in lines:
                width = sum(measure(project, t, s, b, f) for t, s, b, f in line)
                assert width <= room + 0.01, (frame.where, "".join(t for t, *_ in line), width, room)
        used = rewrapped_height(project, frame, rules)
        assert used <= frame.height + 0.05, (frame.where, used, frame.height)


def rewrapped_height(project: Project, frame: Frame, rules) -> float:
    """Return the height a frame's paragraphs take when each is wrapped again by our breaker."""
    used = 0.0
    for index, (indent, pitch, before, lines) in enumerate(frame.paragraphs):
        used += (before if index else 0.0) + _rewrapped(project, lines, frame.width - indent, rules) * pitch
    return used


def _rewrapped(project: Project, lines: list, width: float, rules) -> int:
    """Return how many lines the paragraph takes when wrapped again by our breaker at the full width."""
    runs = [run for line in lines for run in line]
    if len({(s, b, f) for _, s, b, f in runs}) != 1:
        return len(lines)
    _, size, bold, family = runs[0]
    text = _joined(["".join(t for t, *_ in line) for line in lines])
    return max(1, len(break_lines(text, width, lambda s: measure(project, s, size, bold, family), rules)))


def _joined(lines: list[str]) -> str:
    out = ""
    for line in lines:
        latin = out and re.match(r"[A-Za-z0-9]", line[:1]) and re.match(r"[A-Za-z0-9,.]", out[-1])
        out += (" " if latin else "") + line
    return out


def test_frames_never_rely_on_autofit(deck):
    for root in slides(deck[1]):
        for props in root.iter(f"{A}bodyPr"):
            body = props.getparent()
            if body.getparent().tag.endswith("}sp") and body.find(f".//{A}t") is not None:
                kpi = body.getparent().find("p:nvSpPr/p:cNvPr", NS).get("name") == "KPI"
                assert props.find(f"{A}noAutofit") is not None
                assert props.get("wrap") == ("none" if kpi else "square"), "KPI cards never wrap a value's unit away"
        for run in root.iter(f"{A}rPr"):
            assert run.get("sz"), "every run has an explicit size"


def test_no_shape_leaves_the_slide(deck):
    from pptx import Presentation

    presentation = Presentation(deck[1])
    for number, slide in enumerate(presentation.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= presentation.slide_width, (number, shape.name)
            assert shape.top + shape.height <= presentation.slide_height, (number, shape.name)


def test_theme_parts_name_the_east_asian_font(small):
    project, path = small
    themes = parts(path, "ppt/theme/")
    assert len(themes) == 2, "slide master and notes master themes"
    for _, root in themes:
        for font in ("majorFont", "minorFont"):
            assert root.find(f".//a:{font}/a:ea", NS).get("typeface") == project.fonts.family(
                "heading" if font == "majorFont" else "body")


def test_notes_come_from_the_outline(small):
    from pptx import Presentation

    presentation = Presentation(small[1])
    notes = {s.notes_slide.notes_text_frame.text for s in presentation.slides if s.has_notes_slide}
    assert {"先讲总量，再讲结构。", "外贸进出口总额领跑中心城区。"} <= notes


def test_slide_numbers_are_live_fields_and_the_cover_has_none(small):
    roots = slides(small[1])
    assert not list(roots[0].iter(f"{A}fld"))
    for root in roots[1:-1]:
        assert [f.get("type") for f in root.iter(f"{A}fld")] == ["slidenum"]


@pytest.fixture(scope="module")
def footed(tmp_path_factory) -> tuple[Project, Path]:
    """Return the small deck, with a section divider, built with a 3:1 logo and a date field in the footer."""
    folder = tmp_path_factory.mktemp("footed")
    (folder / "brand").mkdir()
    Image.new("RGB", (300, 100), (200, 30, 40)).save(folder / "brand" / "logo.png")
    data = small_outline()
    data["sections"][0]["sections"] = [{"title": "分项", "blocks": [{"bullets": ["要点"]}]}]
    data["theme"] = {"extends": "default", "deck": {"footer": {"text": "武昌区人民政府", "logo": "brand/logo.png",
                                                               "logo_height": 20, "date": True}}}
    project = project_in(folder, data)
    write(project, folder / "deck.pptx")
    return project, folder / "deck.pptx"


def test_the_logo_keeps_its_aspect_right_of_the_slide_number_on_all_but_cover_and_dividers(footed):
    from pptx import Presentation

    project, path = footed
    presentation = Presentation(path)
    layouts = [s.layout for s in plan_deck(project.outline, project.theme, project.fonts, project.base_dir).slides]
    for layout, slide in zip(layouts, presentation.slides, strict=True):
        shapes = {shape.name: shape for shape in slide.shapes}
        if layout in ("cover", "section", "closing"):
            assert "Logo" not in shapes, layout
            continue
        logo, number = shapes["Logo"], shapes["Slide Number"]
        assert logo.width / logo.height == pytest.approx(3, rel=1e-4) and logo.height == 20 * EMU
        assert logo.left >= 0 and logo.left + logo.width <= presentation.slide_width
        assert logo.top >= 0 and logo.top + logo.height <= presentation.slide_height
        assert number.left + number.width < logo.left and shapes["Date"].left + shapes["Date"].width <= number.left
        assert logo.left + logo.width == shapes["Footer"].left + 864 * EMU, "right-aligned in the footer band"


def test_the_date_is_a_live_field_in_the_report_language(footed):
    for root in slides(footed[1])[1:-1]:
        fields = {f.get("type"): f for f in root.iter(f"{A}fld")}
        assert set(fields) == {"slidenum", "datetime1"}
        assert fields["datetime1"].find("a:rPr", NS).get("lang") == "zh-CN"
        assert re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", fields["datetime1"].findtext("a:t", "", NS))


@pytest.mark.parametrize(("logo", "message"), [
    ("brand/logo.png", "deck.footer.logo: no file 'brand/logo.png'"),
    ("notes.txt", "deck.footer.logo: 'notes.txt' is not a readable PNG or JPEG image"),
    ("../logo.png", "deck.footer.logo: '../logo.png' is outside the outline's folder; pass --allow-outside"),
])
def test_a_logo_that_cannot_be_drawn_is_a_located_error_before_anything_is_written(tmp_path, capsys, logo, message):
    from publisher.cli import main

    folder = tmp_path / "report"
    folder.mkdir()
    (folder / "notes.txt").write_text("不是图片", encoding="utf-8")
    Image.new("RGB", (30, 10)).save(tmp_path / "logo.png")
    data = {"report": {"title": "标志测试"}, "theme": {"extends": "default", "deck": {"footer": {"logo": logo}}},
            "sections": [{"title": "经济运行", "blocks": [{"bullets": ["工业投资增长15.6%"]}]}]}
    outline = folder / "outline.yaml"
    outline.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["build", str(outline), "-o", str(folder / "out")]) == 2
    assert not (folder / "out").exists() or not any((folder / "out").iterdir())
    line = next(i for i, text in enumerate(outline.read_text(encoding="utf-8").splitlines(), 1) if "logo:" in text)
    err = capsys.readouterr().err
    assert f"outline.yaml:{line}:" in err and message in err


def test_charts_carry_alt_text_and_native_charts_use_the_palette(small):
    project, path = small
    described = [e.get("descr") for root in slides(path) for e in root.iter(f"{P}cNvPr") if e.get("descr")]
    assert any(d.startswith("柱状图：地区生产总值") for d in described)
    assert "沙湖公园全景" in described
    charts = [root for _, root in parts(path, "ppt/charts/chart")]
    assert len(charts) == 2, "charts are native by default"
    ns = {**NS, "c": "http://schemas.openxmlformats.org/drawingml/2006/chart"}
    [pie] = [root for root in charts if root.find(".//c:pieChart", ns) is not None]
    slices = [e.get("val") for e in pie.iterfind(".//c:dPt/c:spPr/a:solidFill/a:srgbClr", ns)]
    assert slices == project.theme.charts.palette[:2]
    assert all(root.find(".//c:txPr//a:ea", ns) is not None for root in charts)


def test_core_properties_are_set_and_fixed(small):
    from pptx import Presentation

    props = Presentation(small[1]).core_properties
    assert (props.title, props.author) == ("武昌区2024年发展回顾", "区政府办公室")
    assert props.created == props.modified and props.created.year == 2000


def test_two_builds_give_identical_bytes(small, tmp_path):
    project, path = small
    write(project, tmp_path / "again.pptx")
    assert (tmp_path / "again.pptx").read_bytes() == path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_source_date_epoch_sets_the_dates(small, tmp_path, monkeypatch):
    from pptx import Presentation

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write(small[0], tmp_path / "dated.pptx")
    assert Presentation(tmp_path / "dated.pptx").core_properties.created.year == 2023


def test_stress_deck_continues_with_titles_marked_continued(stress):
    titles = [_named_text(root, "Title") for root in slides(stress[1])]
    assert titles.count("四十条要点（续）") >= 1 and titles.count("三十行表格（续）") >= 1
    assert any(t and t.endswith("…") for t in titles)


def test_layout_warnings_are_reported_at_their_section(stress):
    project, _ = stress
    messages = [(str(w.span), w.message) for w in project.warnings]
    assert any("stress/outline.yaml:" in span and "continued" in message for span, message in messages)
    assert all(w.severity == "warning" for w in project.warnings)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_renders_one_page_per_slide(small, tmp_path):
    from pypdf import PdfReader

    profile = f"file:///tmp/lo-profile-{os.getpid()}"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(small[1])], check=True, capture_output=True, timeout=180)
    pages = len(PdfReader(tmp_path / "deck.pdf").pages)
    assert pages == len(slides(small[1]))


def _named_text(root, name: str) -> str | None:
    for shape in root.iter(f"{P}sp"):
        if shape.find("p:nvSpPr/p:cNvPr", NS).get("name") == name:
            return "".join(t.text or "" for t in shape.iter(f"{A}t"))
    return None
