"""Native charts, one test per chart kind: the data read back as the outline gives it, styled like the picture
(palette, the chart font for East-Asian text, values written as the picture writes them), converted by LibreOffice."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from lxml import etree
from pptx import Presentation

from publisher.api import load_project
from publisher.charts.registry import kind_names
from publisher.plan.media import NATIVE_KINDS
from publisher.write.pptx import write
from publisher.write.pptx_chart import NATIVE

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
YEARS = ["2020年", "2021年", "2022年", "2023年", "2024年"]
CHARTS = {
    "bar": {"unit": "家", "categories": ["新增“四上”企业", "高新技术企业", "专精特新企业"],
            "series": [{"name": "2024年", "values": [210, 52, 32]}]},
    "hbar": {"unit": "条", "categories": ["二号建议案（数创走廊）", "一号建议案（文旅融合）"],
             "series": [{"name": "具体建议", "values": [11, 129]}]},
    "ranking": {"unit": "个", "categories": ["夜间消费", "首店经济", "文旅融合"], "highlight": "夜间消费",
                "series": [{"name": "数量", "values": [66, 190, 48]}]},
    "stacked": {"unit": "万人次", "categories": ["一季度", "二季度"],
                "series": [{"name": "本地游客", "values": [420, 510]}, {"name": "外地游客", "values": [560, 780]}]},
    "stacked100": {"unit": "%", "categories": ["2023年", "2024年"],
                   "series": [{"name": "数字经济", "values": [46, 50]}, {"name": "其他产业", "values": [54, 50]}]},
    "line": {"unit": "亿元", "categories": YEARS,
             "series": [{"name": "增加值", "values": [150.5, 138, 162, 170, 175]}]},
    "area": {"unit": "万平方米", "categories": YEARS, "series": [{"name": "数据空间", "values": [5, 9, 16, 24, 33]}]},
    "pie": {"unit": "亿元", "categories": ["金融业", "信息技术", "农业"],
            "series": [{"name": "增加值", "values": [620, 410, 12]}]},
    "donut": {"unit": "家", "categories": ["高新技术企业", "“四上”企业"],
              "series": [{"name": "新增", "values": [52, 210]}]},
    "combo": {"unit": "亿元", "categories": YEARS, "series": [
        {"name": "总量", "values": [1650.2, 1820.4, 1956.8, 2120.5, 2302.6]},
        {"name": "增速", "kind": "line", "axis": "right", "unit": "%", "values": [-2.1, 10.3, 7.5, 8.4, 5.8]}]},
}


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> tuple[Path, dict]:
    folder = tmp_path_factory.mktemp("native")
    sections = [{"title": f"{kind}图表", "layout": "chart", "blocks": [{"chart": {"type": kind, "title": f"{kind}示例",
                                                                                    **spec}}]}
                for kind, spec in CHARTS.items()]
    data = {"report": {"title": "原生图表", "organisation": "武昌区"}, "sections": sections}
    outline = folder / "outline.yaml"
    outline.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(outline)
    write(project, folder / "deck.pptx")
    return folder / "deck.pptx", project


def native_chart(path: Path, kind: str):
    """Return the native chart of the slide titled after kind."""
    for slide in Presentation(path).slides:
        titles = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.name == "Title"]
        if titles == [f"{kind}图表"]:
            [frame] = [s for s in slide.shapes if s.has_chart]
            return frame.chart
    raise AssertionError(f"no slide for {kind}")


def read_back(chart) -> dict[str, dict[str, float]]:
    """Return {series name: {category: value}} of a native chart's data, over all its plots."""
    return {s.name: dict(zip(chart.plots[0].categories, s.values, strict=True)) for plot in chart.plots
            for s in plot.series}


def written(spec: dict) -> dict[str, dict[str, float]]:
    return {s["name"]: dict(zip(spec["categories"], s["values"], strict=True)) for s in spec["series"]}


def test_every_built_in_kind_has_a_native_form_and_the_plan_knows_it():
    assert set(NATIVE) == set(NATIVE_KINDS) == set(kind_names())


@pytest.mark.parametrize("kind", list(CHARTS))
def test_a_native_chart_holds_the_outline_data_and_the_chart_font(deck, kind):
    path, _ = deck
    chart = native_chart(path, kind)
    assert read_back(chart) == written(CHARTS[kind])
    space = chart._chartSpace
    for props in space.iter(f"{A}defRPr"):
        fonts = {child.tag.split("}")[1]: child.get("typeface") for child in props}
        assert fonts.get("ea") == fonts.get("latin") == "Noto Sans SC", etree.tostring(props)[:200]
        assert props.get("lang") == "zh-CN"


def labels_of(chart) -> list[str]:
    """Return the number formats of the chart's value labels and the texts of the labels written as text."""
    space = chart._chartSpace
    formats = [e.get("formatCode") for labels in space.iter(f"{C}dLbls") for e in labels.findall(f"{C}numFmt")]
    texts = ["".join(t.text for t in label.iter(f"{A}t")) for label in space.iter(f"{C}dLbl")]
    return formats + [t for t in texts if t]


def test_bar_values_keep_their_written_decimals(deck):
    assert labels_of(native_chart(deck[0], "bar")) == ["0"]
    assert labels_of(native_chart(deck[0], "line")) == ["General", "150.5", "138", "162", "170", "175"]  # as written


def test_hbar_and_ranking_show_the_largest_on_top_and_the_highlight_in_its_colour(deck):
    path, project = deck
    for kind in ("hbar", "ranking"):
        chart = native_chart(path, kind)
        first = CHARTS[kind]["series"][0]["values"]
        assert list(chart.plots[0].series[0].values) == sorted(first, reverse=True)
        assert chart.category_axis.reverse_order
    ranking = native_chart(path, "ranking")
    points = ranking.plots[0].series[0]._element.findall(f"{C}dPt")
    [highlighted] = [p for p in points if p.find(f".//{A}srgbClr").get("val") == project.theme.charts.highlight]
    assert list(ranking.plots[0].categories)[int(highlighted.find(f"{C}idx").get("val"))] == "夜间消费"


def test_stacked_kinds_label_their_segments_inside(deck):
    for kind in ("stacked", "stacked100"):
        chart = native_chart(deck[0], kind)
        assert chart.plots[0]._element.find(f"{C}grouping").get("val") == ("stacked" if kind == "stacked"
                                                                           else "percentStacked")
        positions = {e.get("val") for e in chart._chartSpace.iter(f"{C}dLblPos")}
        assert positions == {"ctr"}
    assert labels_of(native_chart(deck[0], "stacked100")) == ['0"%"', '0"%"']


def test_pie_and_donut_name_each_slice_with_its_value_as_written(deck):
    for kind in ("pie", "donut"):
        chart = native_chart(deck[0], kind)
        flags = [(e.find(f"{C}showCatName").get("val"), e.find(f"{C}showVal").get("val"), e.find(f"{C}showPercent")
                  .get("val")) for e in chart._chartSpace.iterfind(f".//{C}ser/{C}dLbls")]
        assert flags == [("1", "1", "0")], "values as written, never shares computed by PowerPoint"
        assert not chart.has_legend
    donut = native_chart(deck[0], "donut")
    assert donut.plots[0]._element.find(f"{C}holeSize").get("val") == "50"


def test_a_combo_chart_draws_its_lines_on_a_secondary_axis_with_its_scale_and_unit(deck):
    chart = native_chart(deck[0], "combo")
    space = chart._chartSpace
    [bars] = space.findall(f".//{C}barChart")
    [lines] = space.findall(f".//{C}lineChart")
    assert [s.findtext(f".//{C}v") for s in bars.findall(f"{C}ser")] == ["总量"]
    assert [s.findtext(f".//{C}v") for s in lines.findall(f"{C}ser")] == ["增速"]
    primary, secondary = space.findall(f".//{C}valAx")
    assert secondary.find(f"{C}axPos").get("val") == "r" and secondary.find(f"{C}delete").get("val") == "0"
    assert secondary.find(f"{C}crosses").get("val") == "max"
    assert secondary.find(f"{C}numFmt").get("formatCode") == 'General"%"', "the right axis names its unit"
    assert {a.find(f"{C}axId").get("val") for a in (secondary,)} <= {e.get("val") for e in lines.findall(f"{C}axId")}
    low, high = (float(secondary.find(f"{C}scaling/{C}{end}").get("val")) for end in ("min", "max"))
    assert low <= -2.1 and high >= 10.3, "every rate is inside the secondary scale"
    bars_top = float(primary.find(f"{C}scaling/{C}max").get("val"))
    assert bars_top * 0.5 >= 2302.6 * 0.9, "the bars keep to the lower part, the lines run above them"
    title = "".join(t.text for t in primary.iter(f"{A}t"))
    assert title == "单位：亿元"
    assert "-2.1%" not in labels_of(chart) and labels_of(chart)[-1] == '0.0"%"'


def test_numbers_divided_by_a_magnitude_are_labelled_as_the_picture_writes_them(tmp_path):
    data = {"report": {"title": "大数"}, "sections": [{"title": "收入", "blocks": [{"chart": {
        "type": "bar", "unit": "元", "categories": ["2023年", "2024年"],
        "series": [{"name": "收入", "values": [218000000000, 230260000000]}]}}]}]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    [chart] = [s.chart for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes if s.has_chart]
    assert list(chart.plots[0].series[0].values) == [218000000000, 230260000000]
    assert labels_of(chart) == ["General", "2180", "2302.6"]
    assert "".join(t.text for t in chart._chartSpace.find(f".//{C}valAx").iter(f"{A}t")) == "单位：亿元"


def test_a_slice_label_written_as_text_names_the_chart_font(tmp_path):
    data = {"report": {"title": "大数"}, "sections": [{"title": "构成", "blocks": [{"chart": {
        "type": "pie", "unit": "亿元", "categories": ["连锁", "其他"],
        "series": [{"name": "值", "values": [0.5, 46436]}]}}]}]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    [chart] = [s.chart for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes if s.has_chart]
    runs = [r for label in chart._chartSpace.iter(f"{C}dLbl") for r in label.iter(f"{A}r")]
    assert [r.findtext(f"{A}t") for r in runs] == ["其他", "46436", "连锁", "0.5"]  # as written: no 千分撇 added
    for run in runs:
        assert run.find(f"{A}rPr/{A}ea").get("typeface") == "Noto Sans SC"


def test_a_kind_without_a_native_form_is_a_picture_with_a_notice(tmp_path):
    from publisher.charts.kind import _KINDS, kind
    from publisher.charts.kinds import bar

    kind("waterfall", "瀑布图")(bar)
    try:
        data = {"report": {"title": "瀑布"}, "sections": [{"title": "变化", "blocks": [{"chart": {
            "type": "waterfall", "categories": ["甲", "乙"], "series": [{"name": "值", "values": [1, 2]}]}}]}]}
        (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        project = load_project(tmp_path / "outline.yaml")
        write(project, tmp_path / "deck.pptx")
    finally:
        _KINDS.pop("waterfall")
    shapes = [s for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes]
    assert not any(s.has_chart for s in shapes) and any(s.shape_type == 13 for s in shapes)  # a picture
    [notice] = [w for w in project.warnings if "native" in w.message]
    assert "'waterfall' has no native PowerPoint form" in notice.message and notice.slide


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_a_deck_with_every_native_kind(deck, tmp_path):
    from pypdf import PdfReader

    path, _ = deck
    profile = f"file:///tmp/lo-profile-native-{os.getpid()}"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(path)], check=True, capture_output=True, timeout=240)
    pages = PdfReader(tmp_path / "deck.pdf").pages
    assert len(pages) == len(Presentation(path).slides)
    text = pages[2].extract_text()
    assert "210" in text and "52" in text, "LibreOffice drew the bar chart's value labels"


@pytest.mark.parametrize(("language", "chart", "ticks", "title", "drawn"), [
    ("zh-CN", {"unit": "元", "values": [218000000000, 230260000000]}, "0\\.00,,", "单位：亿元", "2500.00"),
    ("zh-TW", {"unit": "人", "values": [1201000, 1254300]}, "0\\.0,", "單位：萬人", "120.0"),
    ("en-US", {"unit": "people", "values": [1201000, 1254300], "type": "line"}, "0.00,,", "Unit: million people",
     "1.20"),
    ("en-US", {"unit": "USD", "values": [120000000, 1295850000]}, "0.0,,,", "Unit: USD billion", "1.0"),
])
def test_a_scaled_axis_writes_its_ticks_and_unit_in_the_documents_words(tmp_path, language, chart, ticks, title,
                                                                         drawn):
    """Ticks divided by the magnitude with a format LibreOffice reads too (a backslashed point: "!." is drawn as
    is), as many decimals as the ticks' step needs; the unit note in the document's words."""
    from publisher.authoring.preview import PreviewUnavailable, deck_pdf

    spec = {"type": chart.get("type", "bar"), "unit": chart["unit"], "categories": ["2023", "2024"],
            "series": [{"name": "A", "values": chart["values"]}]}
    data = {"report": {"title": "Scale", "language": language},
            "sections": [{"title": "Axis", "layout": "chart", "blocks": [{"chart": spec}]}]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    [native] = [s.chart for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes if s.has_chart]
    axis = native._chartSpace.find(f".//{C}valAx")
    assert axis.find(f"{C}numFmt").get("formatCode") == ticks
    assert "".join(t.text for t in axis.iter(f"{A}t")) == title
    try:
        drawn_pdf = deck_pdf(tmp_path / "deck.pptx", tmp_path)
    except PreviewUnavailable as exc:
        pytest.skip(str(exc))
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(drawn_pdf).pages)
    assert drawn in text.split() and "!" not in text


RATES = [2.35, 2.8, 3.1]  # close together: an automatic range would start near 2.35


def axis_ends(chart) -> list[tuple[str | None, str | None]]:
    """Return (min, max) of each value axis's scaling, None where the axis sets none."""
    return [tuple(None if (e := a.find(f"{C}scaling/{C}{end}")) is None else e.get("val") for end in ("min", "max"))
            for a in chart._chartSpace.iter(f"{C}valAx")]


@pytest.mark.parametrize("kind", ["bar", "hbar", "ranking", "stacked", "area", "combo"])
def test_bars_start_at_zero_even_when_every_value_is_far_above_it(tmp_path, kind):
    series = [{"name": "失业率", "values": RATES}]
    if kind == "stacked":
        series.append({"name": "其他", "values": [0.5, 0.4, 0.3]})
    if kind == "combo":
        series.append({"name": "增速", "kind": "line", "axis": "right", "unit": "%", "values": [5.1, 5.3, 5.2]})
    data = {"report": {"title": "比率"}, "sections": [{"title": "就业", "layout": "chart", "blocks": [{"chart": {
        "type": kind, "unit": "%", "categories": ["2022年", "2023年", "2024年"], "series": series}}]}]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    [chart] = [s.chart for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes if s.has_chart]
    low, _ = axis_ends(chart)[0]
    assert low is not None and float(low) == 0.0, axis_ends(chart)


def test_bars_below_zero_end_at_zero_and_a_line_keeps_its_own_range(tmp_path):
    charts = [{"type": "bar", "title": "亏损", "unit": "亿元", "categories": ["甲", "乙"],
               "series": [{"name": "利润", "values": [-2.35, -3.1]}]},
              {"type": "line", "title": "走势", "unit": "%", "categories": ["甲", "乙", "丙"],
               "series": [{"name": "比率", "values": RATES}]}]
    data = {"report": {"title": "比率"}, "sections": [{"title": t["title"], "layout": "chart",
                                                       "blocks": [{"chart": t}]} for t in charts]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    bar, line = [s.chart for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes
                 if s.has_chart]
    assert axis_ends(bar) == [(None, "0.0")]
    assert axis_ends(line) == [(None, None)], "a line's axis may start above zero"


def chart_note(chart) -> list[str]:
    title = chart._chartSpace.find(f".//{C}title")
    return [] if title is None else ["".join(t.text for t in p.iter(f"{A}t")) for p in title.iter(f"{A}p")]


def test_a_slice_of_zero_is_named_with_its_value_as_written_in_powerpoint_and_libreoffice(tmp_path):
    """No application draws a slice without area (LibreOffice leaves out its label too): its name and value, as
    written, go in the chart's note under the unit, and its own label is left out (not written twice)."""
    from pypdf import PdfReader

    from publisher.authoring.preview import PreviewUnavailable, deck_pdf

    charts = [{"type": "pie", "title": "构成", "unit": "亿元", "categories": ["甲", "乙", "丙"],
               "series": [{"name": "值", "values": [0.0, 5.5, 3.2]}]},
              {"type": "donut", "title": "份额", "labels": "share", "categories": ["丁", "戊"],
               "series": [{"name": "值", "values": [4, 0]}]}]
    data = {"report": {"title": "零"}, "sections": [{"title": c["title"], "layout": "chart", "blocks": [{"chart": c}]}
                                                   for c in charts]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    pie, donut = [s.chart for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes
                  if s.has_chart]
    assert read_back(pie) == {"值": {"乙": 5.5, "丙": 3.2, "甲": 0.0}}
    assert chart_note(pie) == ["单位：亿元", "甲\u30000.0"]
    assert chart_note(donut) == ["戊\u30000.0%"], "shares name no unit"
    for chart, zero in ((pie, 2), (donut, 1)):
        deleted = [int(d.find(f"{C}idx").get("val")) for d in chart._chartSpace.iter(f"{C}dLbl")
                   if d.find(f"{C}delete") is not None and d.find(f"{C}delete").get("val") == "1"]
        assert deleted == [zero]
    try:
        drawn = deck_pdf(tmp_path / "deck.pptx", tmp_path)
    except PreviewUnavailable as exc:
        pytest.skip(str(exc))
    text = "\n".join(page.extract_text() for page in PdfReader(drawn).pages).split()
    assert "0.0" in text and "0.0%" in text and "5.5" in text, text


def test_ticks_across_a_narrow_bar_chart_are_few_enough_to_stand_upright(tmp_path):
    """Long category names beside a half-slide chart leave a narrow plot: the value axis takes a tick step whose
    numbers fit side by side, which LibreOffice then draws upright (it turns crowded ones)."""
    import pdfplumber

    from publisher.authoring.preview import PreviewUnavailable, deck_pdf

    spec = {"type": "hbar", "title": "两份建议案的具体建议", "unit": "条",
            "categories": ["一号建议案（文旅融合发展与消费提振）", "二号建议案（数创走廊建设）"],
            "series": [{"name": "建议", "values": [129, 11]}]}
    data = {"report": {"title": "建议"}, "sections": [{"title": "建议案", "blocks": [
        {"bullets": ["围绕文旅融合提出具体建议", "围绕数创走廊提出具体建议", "两份建议案均已办结"]}, {"chart": spec}]}]}
    (tmp_path / "outline.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    write(load_project(tmp_path / "outline.yaml"), tmp_path / "deck.pptx")
    [frame] = [s for slide in Presentation(tmp_path / "deck.pptx").slides for s in slide.shapes if s.has_chart]
    assert frame.width < 0.6 * Presentation(tmp_path / "deck.pptx").slide_width, "the chart shares its slide"
    step = frame.chart.value_axis.major_unit
    assert step is not None and 129 / step <= 4, step
    try:
        drawn = deck_pdf(tmp_path / "deck.pptx", tmp_path)
    except PreviewUnavailable as exc:
        pytest.skip(str(exc))
    with pdfplumber.open(drawn) as pdf:
        digits = [c for page in pdf.pages for c in page.chars if c["text"].isdigit()]
    assert digits and all(c["upright"] for c in digits), [c["text"] for c in digits if not c["upright"]]
