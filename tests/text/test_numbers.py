"""Numbers as written, 万/亿 (萬/億, million/billion) only exactly, percentages, axis ticks (千分撇 only there), and
the words and spaces after a number in each language."""
from __future__ import annotations

import pytest

from publisher.text.numbers import (
    Magnitude,
    axis_formatter,
    axis_scale,
    carries_magnitude,
    format_digits,
    format_number,
    format_percent,
    numeric_cell,
    tick_decimals,
)
from publisher.text.written import WrittenNumber as W
from publisher.theme.locales import resolve

WAN = Magnitude(4, "万")
ENGLISH, TRADITIONAL = resolve("en-US")[0].numerals(), resolve("zh-TW")[0].numerals()


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
    assert axis_scale(values, unit, scale).word == expected


def test_format_digits_groups_only_unscaled_numbers():
    assert format_digits(25000) == "25,000"
    assert format_digits(25000, WAN) == "2.5"
    assert format_digits(25000, WAN, 2) == "2.50"
    assert format_digits(2500000, Magnitude(6, "million"), 1) == "2.5"


@pytest.mark.parametrize(("ticks", "magnitude", "expected"), [
    ([0, 0.5, 1.0, 1.5], 0, 1), ([0, 20000, 40000], 4, 0), ([0, 5000, 10000], 4, 1), ([0, 10, 20], 0, 0),
    ([0.1, 0.30000000000000004], 0, 1), ([0, 2.5, 5, 7.5], 0, 1), ([0, 0.0001], 0, 3), ([1.2e6, 1.22e6], 6, 2),
])
def test_tick_decimals(ticks, magnitude, expected):
    assert tick_decimals(ticks, Magnitude(magnitude, "x" if magnitude else "")) == expected


def test_axis_formatter_writes_fixed_decimals_without_the_magnitude():
    assert [axis_formatter("家", WAN, 1)(v) for v in (0, 5000, 10000)] == ["0.0", "0.5", "1.0"]
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
    assert label_formatter("家", WAN)(W(14500, "14,500")) == "1.45"
    assert label_formatter("家", WAN, 1)(W(14560, "14560")) == "1.5"


# ---------------------------------------------------------------- other languages


@pytest.mark.parametrize(("args", "expected"), [
    ((2302600000, "USD"), "2.3026 billion USD"),  # auto in English: million, billion, trillion; exact
    ((1254300, "people"), "1.2543 million people"),
    ((50000000, ""), "50 million"),
    ((W(45000, "45,000"), "people"), "45,000 people"),  # below a million: as written
    ((W(3.2e9, "3,200,000,000.0"), "people"), "3.2 billion people"),  # written decimals kept, shifted zeros not
    ((12, "km", "none"), "12 km"),
    ((7208.5, "km²", "none"), "7208.5 km²"),
    ((45, "%"), "45%"),
    ((3.5, "bn"), "3.5bn"),  # an abbreviation stays against its number, and already holds a magnitude
    ((50, "M+"), "50M+"),
    ((9500, "+"), "9500+"),
    ((1.2e7, "million yuan"), "12000000 million yuan"),  # never rescaled: the unit holds a magnitude
    ((14500, "people", "万"), "1.45 ten thousand people"),  # 万 asked for in English: its English words
    ((230260000000, "yuan", "亿"), "2302.6 hundred million yuan"),
    ((14500, "", "thousand"), "14.5 thousand"),
    ((5, "people", "none"), "5 people"),
    ((5, " people", "none"), "5 people"),  # a space the author wrote is not doubled
    ((20, "°C", "none"), "20°C"),
    ((230260000000, "元"), "230.26 billion 元"),
    ((230260000000, "元", "none"), "230260000000元"),
])
def test_format_number_in_english(args, expected):
    assert format_number(*args, numerals=ENGLISH) == expected


@pytest.mark.parametrize(("args", "expected"), [
    ((14500, "家"), "1.45萬家"),
    ((230260000000, "元"), "2302.6億元"),
    ((1.26e14, "元"), "126萬億元"),
    ((14500, "家", "万"), "1.45萬家"),  # the Simplified scale names the power; the document writes its own word
    ((2500000, "元", "million"), "2.5百萬元"),
    ((12500, "萬元"), "12500萬元"),  # the unit already carries a magnitude
])
def test_format_number_in_traditional_chinese(args, expected):
    assert format_number(*args, numerals=TRADITIONAL) == expected


def test_simplified_chinese_writes_what_it_always_wrote_and_reads_english_scales():
    assert format_number(2500000, "元", "million") == "2.5百万元"
    assert format_number(2500, "元", "thousand") == "2.5千元"
    assert format_number(3.5e9, "元", "billion") == "3.5十亿元"
    assert format_number(12, "km", "none") == "12km"


def test_auto_on_an_axis_uses_the_languages_magnitudes():
    assert axis_scale([14500, 9800, 52000], "people", numerals=ENGLISH).word == ""  # 万 is not English
    assert axis_scale([1.2e6, 8.45e8, 1.21e9], "USD", numerals=ENGLISH).word == "million"  # not 0.0012 billion
    assert axis_scale([1.2e8, 8.45e8, 1.21e9], "USD", numerals=ENGLISH).word == "billion"
    assert axis_scale([14500, 9800], "人", numerals=TRADITIONAL).word == "萬"
    assert axis_scale([5], "", "万", TRADITIONAL) == Magnitude(4, "萬")


@pytest.mark.parametrize(("unit", "magnitude", "expected"), [
    ("people", Magnitude(6, "million"), "million people"),
    ("USD", Magnitude(6, "million"), "USD million"),  # a currency first, as statistical offices write it
    ("$", Magnitude(9, "billion"), "$ billion"),
    ("HK$", Magnitude(9, "billion"), "HK$ billion"),
    ("", Magnitude(6, "million"), "million"),
    ("tonnes", Magnitude(), "tonnes"),
    ("TEU", Magnitude(6, "million"), "million TEU"),  # three capitals, not a currency
    ("RMB", Magnitude(9, "billion"), "RMB billion"),
])
def test_an_english_axis_names_its_unit_as_statistical_offices_do(unit, magnitude, expected):
    assert ENGLISH.axis_unit(unit, magnitude) == expected
    assert TRADITIONAL.axis_unit("人", Magnitude(4, "萬")) == "萬人"


def test_key_figures_in_english_read_as_english():
    from publisher.text.numbers import change_text, figure_parts

    assert figure_parts(W(2302600000, "2302600000"), "", "over", "$", "auto", ENGLISH) == ("over $", "2.3026",
                                                                                          " billion")
    assert figure_parts(50, "%", "~", numerals=ENGLISH) == ("~", "50", "%")
    assert figure_parts(50, "%", "nearly", numerals=ENGLISH) == ("nearly ", "50", "%")
    assert figure_parts(3.5, "bn", "", "USD", numerals=ENGLISH) == ("USD ", "3.5", "bn")
    assert figure_parts(1254300, "people", scale="auto", numerals=ENGLISH) == ("", "1.2543", " million people")
    assert figure_parts(14500, "家", "余", "", "万", TRADITIONAL) == ("", "1.45", "萬余家")
    assert change_text(W(1.5, "1.5"), "percentage points", numerals=ENGLISH) == "▲1.5 percentage points"
    assert change_text(W(-0.3, "-0.3"), " pts", numerals=ENGLISH) == "▼0.3 pts"
    assert change_text(W(2.0, "2.0"), "%", numerals=ENGLISH) == "▲2.0%"
    assert change_text(W(2.0, "2.0"), "pp", numerals=ENGLISH) == "▲2.0 pp"


@pytest.mark.parametrize("unit", ["million yuan", "USD bn", "100m yuan", "M+", "bn", "10,000 people", " 100m yuan",
                                  "万元", "億元", "thousand tonnes"])
def test_units_that_hold_a_magnitude_in_either_language(unit):
    assert carries_magnitude(unit)


@pytest.mark.parametrize("unit", ["km", "km²", "people", "USD", "m", "mm", "元", "tonnes CO2", "Mt", "MW"])
def test_units_that_do_not(unit):
    assert not carries_magnitude(unit)
