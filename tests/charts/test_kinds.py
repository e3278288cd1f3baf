"""Every built-in kind draws its Chinese text in the chart font; check() finds what the model cannot refuse."""
from __future__ import annotations

import json
import re
import warnings
from pathlib import Path
from types import SimpleNamespace

import pytest
from matplotlib import rc_context
from matplotlib.transforms import Affine2D
from PIL import Image, ImageStat

from publisher.charts.kinds import _shown, _wrap, check
from publisher.charts.registry import kind_names
from publisher.charts.render import RenderJob, _figure, _rc_params, render
from publisher.charts.style import draw_style

KINDS = ("area", "bar", "combo", "donut", "hbar", "line", "pie", "ranking", "stacked", "stacked100")
REPORT_SIZE = (453.5, 236.0)
MONTHS = [f"{month}月" for month in range(1, 13)]  # the chart fonts hold them (conftest)


def draw(chart, theme, target, fonts, size=(720.0, 360.0)) -> Path:
    """Render with every warning (such as matplotlib's "Glyph … missing") raised as an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return render(chart, theme, target, *size, *fonts)


def report_texts(path: Path) -> list[SimpleNamespace]:
    """Return the texts of a report chart's record: text, bold, colour (#rrggbb) and angle."""
    return [SimpleNamespace(text=op["text"], bold=op["bold"], angle=op["angle"],
                            color="#" + "".join(f"{round(255 * c):02x}" for c in op["color"][:3]))
            for op in json.loads(path.read_bytes())["ops"] if "text" in op]


def test_every_builtin_kind_is_tested():
    assert kind_names() == sorted(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_kind_draws_a_non_blank_deck_png_of_the_asked_size(kind, sample, theme, chart_fonts, cache):
    with Image.open(draw(sample(kind), theme, "deck", chart_fonts)) as image:
        assert image.size == (2000, 1000)  # 720 × 360 pt at 200 dpi
        assert image.mode == "RGB"
        assert ImageStat.Stat(image.convert("L")).stddev[0] > 20


@pytest.mark.parametrize("kind", KINDS)
def test_kind_draws_a_report_record_with_its_categories_as_horizontal_text(kind, sample, theme, chart_fonts, cache):
    chart = sample(kind)
    path = draw(chart, theme, "report", chart_fonts, REPORT_SIZE)
    texts = report_texts(path)
    joined = "".join(t.text or "" for t in texts)
    assert all(category in joined for category in chart.categories)
    assert all(t.angle == 0 for t in texts)
    record = json.loads(path.read_bytes())
    assert (record["width"], record["height"]) == REPORT_SIZE


def test_a_character_missing_from_the_font_file_is_caught(sample, theme, chart_fonts, cache):
    chart = sample("bar", categories=["龘", "乙", "丙"])  # 龘 is outside the prepared subset
    with pytest.warns(UserWarning, match="missing from font"):
        render(chart, theme, "deck", 432, 216, *chart_fonts)


def test_long_labels_wrap_at_phrase_edges_into_even_lines():
    assert _wrap("数字经济核心企业", 6) == "数字经济\n核心企业"
    assert _wrap("高新技术企业", 8) == "高新技术企业"
    assert _wrap("武汉经济技术开发区", 8) == "武汉经济\n技术开发区"
    assert _wrap("2024年新增企业", 5) == "2024年\n新增企业"  # digits count half
    assert _wrap("规上工业，同比增长", 3) == "规上\n工业，\n同比\n增长"  # a comma never starts a line
    assert _wrap("10月", 2) == "10月"  # short labels are never wrapped
    assert _wrap("2024年10月新增企业", 3) == "2024年\n10月\n新增\n企业"  # a number keeps its unit


def test_thinned_labels_keep_the_first_and_the_last():
    assert _shown(12, 1) == set(range(12))
    assert sorted(_shown(12, 2)) == [0, 2, 4, 6, 8, 11]
    assert sorted(_shown(13, 2)) == [0, 2, 4, 6, 8, 10, 12]
    assert sorted(_shown(12, 3)) == [0, 3, 6, 11]
    assert _shown(1, 2) == {0}


def category_labels(chart, theme, target, size, fonts) -> list:
    """Return (text, font size, rotation, extent in points) of each category label shown, as render draws them."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with warnings.catch_warnings(), rc_context(_rc_params(draw_style(theme, target))):
        warnings.simplefilter("error")
        figure = _figure(RenderJob(chart, theme, target, *size, *fonts))
        FigureCanvasAgg(figure).draw()
        labels = [t for t in figure.axes[0].get_xticklabels() if t.get_text()]
        scale = 72 / figure.dpi
        return [(t.get_text(), t.get_fontsize(), t.get_rotation(), t.get_window_extent().transformed(
            Affine2D().scale(scale))) for t in labels]


@pytest.mark.parametrize(("target", "size"), [
    ("deck", (420.0, 297.6)), ("deck", (300.0, 240.0)), ("deck", (180.0, 160.0)), ("report", (453.5, 236.0)),
    ("report", (200.0, 150.0)),
])
def test_month_labels_never_break_a_number_from_its_unit_nor_collide(target, size, sample, theme, chart_fonts, cache):
    chart = sample("line", categories=MONTHS, series=[{"name": "产值", "values": [150 + 5 * m for m in range(12)]}])
    labels = category_labels(chart, theme, target, size, chart_fonts)
    texts = [text for text, *_ in labels]
    style = draw_style(theme, target)
    assert not [text for text in texts if re.search(r"\d\s*\n\s*月", text) or "\n" in text]
    assert texts[0] == "1月" and texts[-1] == "12月" and set(texts) <= set(MONTHS)
    assert {rotation for _, _, rotation, _ in labels} == {0}
    assert {fontsize for _, fontsize, _, _ in labels} <= {style.font_size, style.small_size}
    boxes = [box for *_, box in labels]
    assert all(right.x0 - left.x1 > 1 for left, right in zip(boxes, boxes[1:], strict=False)), texts


def test_month_labels_in_a_narrow_deck_region_shrink_before_thinning(sample, theme, chart_fonts, cache):
    chart = sample("line", categories=MONTHS, unit="亿元", series=[  # the chart gallery's monthly line chart
        {"name": "2023年", "values": [150, 138, 162, 170, 175, 181, 178, 185, 190, 194, 198, 210]},
        {"name": "2024年", "values": [158, 146, 171, 179, 186, 192, 190, 197, 203, 206, 212, 226]}])
    style = draw_style(theme, "deck")
    half = category_labels(chart, theme, "deck", (420.0, 297.6), chart_fonts)  # half a slide's body
    assert [text for text, *_ in half] == MONTHS and {size for _, size, *_ in half} == {style.small_size}
    narrow = category_labels(chart, theme, "deck", (300.0, 240.0), chart_fonts)
    assert [text for text, *_ in narrow] == ["1月", "3月", "5月", "7月", "9月", "12月"]
    wide = category_labels(chart, theme, "deck", (864.0, 333.6), chart_fonts)
    assert len(wide) == 12 and {size for _, size, *_ in wide} == {style.font_size}


def test_legend_only_with_several_series(sample, theme, chart_fonts, cache):
    one = sample("bar", series=[{"name": "二〇二三", "values": [9500, 1210, 352]}])
    assert "二〇二三" not in "".join(t.text or "" for t in report_texts(draw(one, theme, "report", chart_fonts)))
    two = "".join(t.text or "" for t in report_texts(draw(sample("bar"), theme, "report", chart_fonts)))
    assert "2023年" in two and "2024年" in two


def test_unit_note_and_no_title_unless_the_theme_sizes_it(sample, theme, chart_fonts, cache):
    chart = sample("hbar", title="各区地区生产总值")
    plain = "".join(t.text or "" for t in report_texts(draw(chart, theme, "report", chart_fonts)))
    assert "单位：亿元" in plain and "各区地区生产总值" not in plain
    report = theme.charts.report.model_copy(update={"title_size": 11})
    titled = theme.model_copy(update={"charts": theme.charts.model_copy(update={"report": report})})
    assert "各区地区生产总值" in "".join(t.text or "" for t in report_texts(draw(chart, titled, "report", chart_fonts)))


def test_large_values_are_scaled_to_wan_on_axis_and_labels(sample, theme, chart_fonts, cache):
    chart = sample("bar", series=[{"name": "企业", "values": [14500, 9800, 52000]}])
    texts = [t.text for t in report_texts(draw(chart, theme, "report", chart_fonts))]
    assert "单位：万家" in texts and "1.45" in texts and "5.2" in texts


@pytest.mark.parametrize(("language", "unit", "note", "label"), [
    ("en-US", "people", "Unit: million people", "1.2543"), ("en-US", "USD", "Unit: USD million", "1.2543"),
    ("zh-TW", "人", "單位：萬人", "125.43"), ("zh-CN", "人", "单位：万人", "125.43")])
def test_an_axis_is_scaled_in_the_documents_words(language, unit, note, label, sample, theme, locale_fonts, cache):
    chart = sample("bar", unit=unit, series=[{"name": "A", "values": [1254300, 1201000, 1244300]}])
    texts = [t.text for t in report_texts(draw(chart, theme.localized(language), "report", locale_fonts))]
    assert note in texts and label in texts
    assert not [t for t in texts if any(word in t for word in ("万", "萬", "million")) and t != note]


def test_the_bars_of_every_series_are_labelled_or_none(sample, theme, chart_fonts, cache):
    """A label too wide for its bar leaves every series unlabelled, not just its own."""
    chart = sample("bar", unit="亿元", series=[{"name": "A", "values": [1, 1, 1]},
                                               {"name": "B", "values": [1, 1, 10000.123456]}])
    texts = [t.text for t in report_texts(draw(chart, theme, "report", chart_fonts, REPORT_SIZE))]
    assert "1" not in texts and "10000.123456" not in texts
    short = sample("bar", unit="亿元", series=[{"name": "A", "values": [1, 2, 3]}, {"name": "B", "values": [4, 5, 6]}])
    texts = [t.text for t in report_texts(draw(short, theme, "report", chart_fonts, REPORT_SIZE))]
    assert {"1", "2", "3", "4", "5", "6"} <= set(texts)


def test_ranking_draws_the_highlight_bold_in_the_highlight_colour(sample, theme, chart_fonts, cache):
    texts = report_texts(draw(sample("ranking"), theme, "report", chart_fonts))
    highlighted = [t for t in texts if t.text in ("武昌区", "1915.6")]
    assert len(highlighted) == 2
    assert all(t.bold and t.color == "#c0392b" for t in highlighted)


def test_pie_groups_thin_slices_as_others(sample, theme, chart_fonts, cache):
    chart = sample("pie", categories=["金融业", "商务服务业", "住宿餐饮", "其他服务"],
                   series=[{"name": "增加值", "values": [420, 260, 12, 8]}])
    texts = "".join(t.text or "" for t in report_texts(draw(chart, theme, "report", chart_fonts)))
    assert "其他（2项合计） 20" in texts and "住宿餐饮" not in texts  # the grouped slice says it is a sum


def test_pie_slices_are_labelled_with_the_values_as_written(sample, theme, chart_fonts, cache):
    chart = sample("donut", unit="%", categories=["消费", "投资"],
                   series=[{"name": "贡献率", "values": [32.9, "67.20"]}])
    texts = [t.text for t in report_texts(draw(chart, theme, "report", chart_fonts))]
    assert "32.9%" in texts and "67.20%" in texts and "67.1%" not in texts


def test_pie_shares_only_when_asked(sample, theme, chart_fonts, cache):
    chart = sample("pie", labels="share", categories=["消费", "投资"], series=[{"name": "额", "values": [1, 3]}])
    texts = [t.text for t in report_texts(draw(chart, theme, "report", chart_fonts))]
    assert "25%" in texts and "75%" in texts and "1" not in texts


@pytest.mark.parametrize(("kind", "values", "warned"), [
    ("pie", [[32.9, 67.2]], False),  # 100.1: within the rounding of two one-decimal values
    ("pie", [[32.9, 67.3]], True),
    ("donut", [[40, 30]], True),  # a part of a whole drawn as the whole
    ("pie", [[33.33, 33.33, 33.33]], False),
    ("stacked100", [[40, 45], [60, 40]], True),  # the stack 乙 adds up to 85
    ("stacked100", [[40, 60], [60, 40]], False),
])
def test_percentages_not_adding_up_to_100_are_a_warning_never_a_changed_value(kind, values, warned, sample):
    from publisher.charts.kinds import notices

    categories = ["甲", "乙", "丙"][:len(values[0])]
    series = [{"name": f"s{i}", "values": row} for i, row in enumerate(values)]
    found = notices(sample(kind, unit="%", categories=categories, series=series))
    assert bool(found) is warned
    assert all("not 100%" in message for _, message in found)


def test_share_labels_are_for_pies_only(sample):
    assert check(sample("bar", labels="share")) == [
        (("labels",), "labels: share is for pie and donut charts; a bar chart is labelled with its values")]


@pytest.mark.parametrize("kind", KINDS)
def test_samples_have_no_data_problems(kind, sample):
    assert check(sample(kind)) == []


@pytest.mark.parametrize(("kind", "changes", "expected"), [
    ("bar", {"series": [{"name": "甲", "values": [1, 2]}]},
     [(("series", 0, "values"), "2 values for 3 categories; expected one value per category")]),
    ("bar", {"series": []}, [(("series",), "a chart needs at least one series of values")]),
    ("bar", {"series": [{"name": "甲", "values": []}]}, [(("series", 0, "values"), "series '甲' has no values")]),
    ("pie", {"series": [{"name": "甲", "values": [3, -1, 2]}]},
     [(("series", 0, "values", 1), "a slice cannot be negative; got -1")]),
    ("donut", {"series": [{"name": "甲", "values": [0, 0, 0]}]},
     [(("series", 0, "values"), "a pie needs at least one value above zero")]),
    ("pie", {"series": [{"name": "甲", "values": [1, 2, 3]}, {"name": "乙", "values": [1, 2, 3]}]},
     [(("series", 1), "a pie shows one series; got 2")]),
    ("stacked100", {"series": [{"name": "甲", "values": [1, -2, 3, 4]}]},
     [(("series", 0, "values", 1), "a share cannot be negative; got -2")]),
    ("combo", {"series": [{"name": "甲", "values": [1, 2, 3, 4]}]},
     [(("series",), "a combo chart needs a line series on the right axis: give one 'axis: right' or 'kind: line'")]),
    ("combo", {"series": [{"name": "甲", "values": [1, 2, 3, 4], "axis": "right"}]},
     [(("series",), "a combo chart needs a bar series on the left axis")]),
    ("ranking", {"highlight": "武昌"},
     [(("highlight",), "'武昌' is not one of the categories (did you mean '武昌区'?)")]),
])
def test_check_finds_bad_data(kind, changes, expected, sample):
    assert check(sample(kind, **changes)) == expected


def test_a_kind_line_series_makes_a_combo(sample):
    assert check(sample("combo", series=[{"name": "甲", "values": [1, 2, 3, 4]},
                                         {"name": "乙", "values": [1, 2, 3, 4], "kind": "line"}])) == []
