"""Numbers for Chinese readers: as written, 万/亿 only exactly, percentages, axis ticks (千分撇 only there)."""
from __future__ import annotations

import pytest

from publisher.text.numbers import (
    axis_formatter,
    axis_scale,
    carries_magnitude,
    format_digits,
    format_number,
    format_percent,
    numeric_cell,
    tick_decimals,
)
from publisher.written import WrittenNumber as W


@pytest.mark.parametrize(("args", "expected"), [
    ((14500,), "1.45万"),
    ((350000000,), "3.5亿"),
    ((3.5e9, "元"), "35亿元"),
    ((230260000000, "元"), "2302.6亿元"),
    ((1.26e14, "元"), "126万亿元"),
    ((9500,), "9500"),
    ((14450,), "1.445万"),  # scaled exactly: the point moves, nothing is rounded
    ((99995,), "9.9995万"),
    ((99999999,), "9999.9999万"),
    ((14500, "", "none"), "14500"),  # as written: no 千分撇 added
    ((14500, "家", "万"), "1.45万家"),
    ((5e7, "", "亿"), "0.5亿"),
    ((12500, "万元"), "12500万元"),  # the unit already carries a magnitude
    ((3200, "亿元"), "3200亿元"),
    ((8.5, "%"), "8.5%"),
    ((0,), "0"),
    ((-14500,), "-1.45万"),
    ((-3.2, "%"), "-3.2%"),
    ((W(14.0, "14.0"),), "14.0"),
    ((W(2302.6, "2302.60"), "亿元"), "2302.60亿元"),
    ((W(-0.5, "-0.5"), "%"), "-0.5%"),
    ((W(14000.0, "14000.0"), "", "万"), "1.4万"),  # written decimals kept, zeros the shift made dropped
    ((W(1234567, "1,234,567"), "", "万"), "123.4567万"),
    ((W(1e-7, "1e-7"),), "1e-7"),
    ((W(12345678901234, "12345678901234"), "", "none"), "12345678901234"),
    ((3.14159, "", "auto", 2), "3.14"),  # decimals: the author's request, rounded half away from zero
    ((2, "", "auto", 1), "2.0"),
    ((14500, "", "auto", 1), "1.5万"),
    ((14500, "", "auto", 0), "1万"),
])
def test_format_number(args, expected):
    assert format_number(*args) == expected


@pytest.mark.parametrize(("fraction", "decimals", "expected"), [
    (0.497, 1, "49.7%"), (0.5, 1, "50%"), (1, 1, "100%"), (-0.0312, 1, "-3.1%"), (0.12345, 2, "12.35%"), (0, 1, "0%"),
])
def test_format_percent(fraction, decimals, expected):
    assert format_percent(fraction, decimals) == expected


@pytest.mark.parametrize(("unit", "expected"), [("万元", True), ("亿元", True), ("万人次", True), ("千万元", True),
                                                ("元", False), ("家", False), ("%", False), ("", False)])
def test_carries_magnitude(unit, expected):
    assert carries_magnitude(unit) is expected


@pytest.mark.parametrize(("values", "unit", "scale", "expected"), [
    ([14500, 9800, 52000], "", "auto", "万"),
    ([10200, 352], "家", "auto", ""),  # 352 would read 0.04万
    ([3.5e9, 5e8], "元", "auto", "亿"),
    ([9500, 1200], "", "auto", ""),
    ([1e9], "万元", "auto", ""),
    ([50, 80], "%", "亿", ""),
    ([5], "", "亿", "亿"),
    ([14500], "", "none", ""),
    ([], "", "auto", ""),
    ([0, 0], "", "auto", ""),
])
def test_axis_scale(values, unit, scale, expected):
    assert axis_scale(values, unit, scale) == expected


def test_format_digits_groups_only_unscaled_numbers():
    assert format_digits(25000) == "25,000"
    assert format_digits(25000, "万") == "2.5"
    assert format_digits(25000, "万", 2) == "2.50"


@pytest.mark.parametrize(("ticks", "magnitude", "expected"), [
    ([0, 0.5, 1.0, 1.5], "", 1), ([0, 20000, 40000], "万", 0), ([0, 5000, 10000], "万", 1), ([0, 10, 20], "", 0),
    ([0.1, 0.30000000000000004], "", 1), ([0, 2.5, 5, 7.5], "", 1), ([0, 0.0001], "", 3),
])
def test_tick_decimals(ticks, magnitude, expected):
    assert tick_decimals(ticks, magnitude) == expected


def test_axis_formatter_writes_fixed_decimals_without_the_magnitude():
    assert [axis_formatter("家", "万", 1)(v) for v in (0, 5000, 10000)] == ["0.0", "0.5", "1.0"]
    assert axis_formatter("%")(12.5, 0) == "12.5%"
    assert axis_formatter()(25000) == "25,000"


def test_figure_parts_place_the_qualifier_as_chinese_reports_write_it():
    from publisher.text.numbers import change_text, figure_parts

    assert figure_parts(50, "%", "近") == ("近", "50", "%")
    assert figure_parts(190, "次", "余") == ("", "190", "余次")
    assert figure_parts(3.5, "万人", "余") == ("", "3.5", "万余人")
    assert figure_parts("第一", "", "", "全省") == ("全省", "第一", "")
    assert change_text(5.2) == "▲5.2%" and change_text(-0.3, "个百分点") == "▼0.3个百分点"
    assert change_text(None) == ""


@pytest.mark.parametrize("cell", ["2302.6亿元", "12,000", "49.7%", "近50%", "9500余家", "(1,500)", "-3.2", "1.4万余件",
                                  "190人次", "3.5元/吨", " 12 "])
def test_a_number_with_its_unit_is_a_numeric_cell(cell):
    assert numeric_cell(cell)


@pytest.mark.parametrize("cell", ["增长5.2%", "地区生产总值", "", "5.2%左右的增长", "2023-2024", "A1"])
def test_text_around_a_number_is_not_a_numeric_cell(cell):
    assert not numeric_cell(cell)


def test_key_figures_keep_their_written_form_and_scale_only_when_asked():
    from publisher.text.numbers import change_text, figure_parts

    assert figure_parts(W(14.0, "14.0"), "万人次", "余") == ("", "14.0", "万余人次")
    assert figure_parts(W(230260000000, "230260000000"), "元") == ("", "230260000000", "元")
    assert figure_parts(W(230260000000, "230260000000"), "元", "", "", "auto") == ("", "2302.6", "亿元")
    assert figure_parts(W(1.45e4, "14500"), "家", "余", "", "万") == ("", "1.45", "万余家")
    assert figure_parts(W(14.0, "14.0"), "万元", "", "", "auto") == ("", "14.0", "万元")  # 万元 already scaled
    assert change_text(W(-0.30, "-0.30"), "个百分点") == "▼0.30个百分点"
    assert change_text(W(5.0, "+5.0")) == "▲5.0%"


def test_data_labels_are_the_written_numbers_in_the_axis_magnitude():
    from publisher.text.numbers import label_formatter

    assert label_formatter("%")(W(14.0, "14.0")) == "14.0%"
    assert label_formatter("家", "万")(W(14500, "14,500")) == "1.45"
    assert label_formatter("家", "万", 1)(W(14560, "14560")) == "1.5"
