"""Heading numbers read the way a Chinese office numbers its headings."""
import pytest

from publisher.text.numbering import chinese_numeral, heading_number, numbered_title


@pytest.mark.parametrize(("n", "expected"), [
    (1, "一"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"), (21, "二十一"),
    (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"), (1005, "一千零五"), (9999, "九千九百九十九"),
])
def test_chinese_numerals_follow_common_usage(n, expected):
    assert chinese_numeral(n) == expected


@pytest.mark.parametrize("n", [0, -1, 10000])
def test_chinese_numeral_rejects_out_of_range(n):
    with pytest.raises(ValueError):
        chinese_numeral(n)


@pytest.mark.parametrize(("path", "expected"), [
    ((1,), "一、"), ((11,), "十一、"), ((20,), "二十、"),
    ((3, 1), "（一）"), ((3, 12), "（十二）"),
    ((1, 1, 1), "1."), ((1, 2, 10), "10."),
    ((1, 1, 1, 1), "（1）"), ((1, 1, 1, 11), "（11）"),
    ((1, 1, 1, 1, 2), "②"), ((1, 1, 1, 1, 11), "（11）"),
])
def test_chinese_style_uses_the_gbt9704_sequence(path, expected):
    assert heading_number(path, "chinese") == expected


@pytest.mark.parametrize(("path", "expected"), [
    ((1,), "1"), ((2, 3), "2.3"), ((1, 1, 1), "1.1.1"), ((11, 20), "11.20"),
])
def test_arabic_style_joins_the_path_with_dots(path, expected):
    assert heading_number(path, "arabic") == expected


def test_none_style_gives_no_number():
    assert heading_number((4, 2), "none") == ""


def test_bracketed_ordinals_take_no_trailing_punctuation():
    assert not heading_number((1, 2), "chinese").endswith(("、", "."))


@pytest.mark.parametrize("path", [(), (0,), (1, -2)])
def test_heading_number_rejects_bad_paths(path):
    with pytest.raises(ValueError):
        heading_number(path)


@pytest.mark.parametrize(("style", "expected"), [
    ("chinese", "（二）产业发展"), ("arabic", "1.2 产业发展"), ("none", "产业发展"),
])
def test_numbered_title_joins_number_and_title(style, expected):
    assert numbered_title((1, 2), "产业发展", style) == expected
