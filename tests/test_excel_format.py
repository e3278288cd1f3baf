"""Excel number formats: numbers and dates shown as Excel shows them, rounded as Excel rounds, and every format not
rendered here (or malformed) left to General rather than shown wrong."""
from __future__ import annotations

import datetime

import pytest

from publisher.inputs.excel_format import general, shown


@pytest.mark.parametrize(("value", "code", "text"), [
    (0.125, "0.00", "0.13"),  # half away from zero, not to even (Python's round gives 0.12)
    (0.375, "0.00", "0.38"),
    (2.5, "0", "3"),
    (-2.5, "0", "-3"),
    (-0.125, "0.00", "-0.13"),
    (2.675, "0.00", "2.68"),  # the float is 2.67499999…: Excel rounds the 15 digits it shows
    (0.0005, "0.0%", "0.1%"),
    (1234.5, "#,##0", "1,235"),
    (0.1 + 0.2, "General", "0.3"),
    (-0.04, "0.0", "-0.0"),  # Excel keeps the sign of a small negative shown as zero
])
def test_rounding_is_excels(value, code, text):
    assert shown(value, code) == text


@pytest.mark.parametrize(("value", "text"), [
    (100000, "100000"), (2024.0, "2024"), (-2302.6, "-2302.6"), (0.497, "0.497"), (1 / 3, "0.333333333"),
    (1234567.891234, "1234567.891"), (12345678901.4, "12345678901"), (0.0001234567, "0.000123457"),
    (0.00001, "0.00001"), (0, "0"), (123456789012, "1.23457E+11"), (1e-10, "1E-10"), (0.00001234567, "1.23457E-05"),
])
def test_general_shows_at_most_eleven_characters_and_an_exponent_only_at_the_extremes(value, text):
    assert general(value) == text
    assert shown(value, "General") == text


@pytest.mark.parametrize(("value", "code", "text"), [
    (0, '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)', "-"),  # accounting: the zero section's dash
    (1234, '_(* #,##0_);_(* \\(#,##0\\);_(* "-"_);_(@_)', "1,234"),
    (1234567, "#,##0,", "1,235"),  # a trailing comma: thousands
    (3.1, "0.0#", "3.1"),
    (3.14159, "0.0#", "3.14"),
    (1234, "[$¥-804]#,##0.00", "¥1,234.00"),
    (12, "General\"人\"", "12人"),
    (5, ";;;", ""),  # hidden, as in Excel
    (45356, "yyyy年m月", "2024年3月"),  # a serial number under a date format
    (datetime.datetime(2024, 3, 5, 8, 5, 9), "yyyy-mm-dd hh:mm:ss", "2024-03-05 08:05:09"),
    (datetime.datetime(2024, 3, 5), "[$-804]yyyy年m月d日", "2024年3月5日"),
    (datetime.time(8, 30), "h:mm", "8:30"),
    (datetime.datetime(2024, 3, 5, 14, 7), 'h"时"mm"分"', "14时07分"),
])
def test_common_formats(value, code, text):
    assert shown(value, code) == text


@pytest.mark.parametrize("code", [
    "0.00E+00", "# ?/?", "[>=100]0", "@", "[DBNum1]General", "0!.0000\"万\"", "h:mm AM/PM", "上午/下午h\"时\"mm\"分\"",
    "d-mmm-yy", "[$-F800]dddd, mmmm dd, yyyy", "[h]:mm:ss", "ss.0", "0\" \"0", '"unclosed', "0\\", "[Red", "_", "*",
    "0.0.0", "aaaa", "e", "0;0;0;0;0;[", "yyyy0", "#,##0.0?",
])
def test_a_format_not_rendered_here_gives_none_for_general(code):
    assert shown(2302.6, code) is None
    assert shown(datetime.datetime(2024, 3, 5), code) is None


def test_a_date_format_never_shows_a_number_that_is_no_date():
    assert shown(-1, "yyyy-mm-dd") is None
    assert shown(1e20, "yyyy-mm-dd") is None
    assert shown(datetime.time(8, 30), "yyyy-mm-dd") is None  # a time has no date to show
    assert shown(float("nan"), "0.0") is None
