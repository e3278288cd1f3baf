"""Text fitting: wrap within the frame's margin, shrink to the smallest size, then shorten with an ellipsis."""
from __future__ import annotations

import pytest

from publisher.plan.fit import Look, Typesetter, fit_lines

TEXT = "2024年武昌区GDP达2302.6亿元，同比增长5.2%（全省第一），全年新增市场主体1.45万户。"


def look(fonts, size: float = 20, min_size: float = 14) -> Look:
    return Look("body", fonts.family("body"), size, min_size, False, "000000", 1.2)


def test_wrapped_lines_keep_the_width_margin_and_count_han_latin_gaps(theme, fonts):
    ts = Typesetter(theme, fonts)
    sized = look(fonts)
    lines = ts.wrap(TEXT, 300, sized)
    assert len(lines) > 1
    assert all(ts.width(line, sized) <= 300 * (1 - theme.deck.fit.width_margin) + 1e-6 for line in lines)
    assert ts.width("年GDP", sized) > fonts.metrics("body").width("年GDP", 20)


def test_text_shrinks_before_it_is_shortened(theme, fonts):
    ts = Typesetter(theme, fonts)
    lines, sized, shortened = fit_lines(ts, TEXT, 500, 40, look(fonts), 2)
    assert not shortened and sized.size < 20 and len(lines) == 2
    assert "".join(lines) == TEXT


def test_text_that_cannot_fit_at_the_smallest_size_ends_with_an_ellipsis(theme, fonts):
    ts = Typesetter(theme, fonts)
    lines, sized, shortened = fit_lines(ts, TEXT * 4, 300, 30, look(fonts), 2)
    assert shortened and sized.size == 14 and len(lines) == 1
    assert lines[-1].endswith("…") and ts.width(lines[-1], sized) <= ts.usable(300)


def test_titles_break_between_phrases_not_inside_numbers(theme, fonts):
    ts = Typesetter(theme, fonts)
    lines, _, _ = fit_lines(ts, "全年新增市场主体1.45万户，受理群众诉求1.45万件", 330, 80, look(fonts, 28, 20), 2)
    assert len(lines) == 2 and all("1.45万" in line for line in lines)


def test_sizes_step_down_to_the_smallest(theme, fonts):
    fit = theme.deck.fit.model_copy(update={"step": 1.5})
    stepped = theme.model_copy(update={"deck": theme.deck.model_copy(update={"fit": fit})})
    assert Typesetter(stepped, fonts).sizes(18, 12) == [18, 16.5, 15, 13.5, 12]


def test_autospace_goes_where_libreoffice_switches_between_asian_and_other_script():
    from publisher.plan.fit import autospaces

    assert autospaces("2302.6亿元") == [6]
    assert autospaces("元/平方米") == [1, 2]  # ASCII marks are Latin to LibreOffice
    assert autospaces("元（人）") == []  # full-width marks are Asian
    assert autospaces("“中碳登”交易") == [1]  # a leading quotation mark is Latin, a closing one follows the Han
    assert autospaces("法庭+N”解纷") == [2, 5]


def test_a_line_of_several_sizes_counts_each_autospace_at_the_larger_size(theme, fonts):
    ts = Typesetter(theme, fonts)
    value, unit = Look("heading", "", 40, 40, True, "000000"), Look("body", "", 16, 16, True, "000000")
    natural = fonts.metrics("heading", True).width("2302.6", 40) + fonts.metrics("body", True).width("元/平方米", 16)
    gap = theme.deck.fit.latin_gap
    assert ts.line_width([("2302.6", value), ("元/平方米", unit)]) == pytest.approx(natural + gap * (40 + 16 + 16))


NUMBER_CASES = ["新增落地首店190家", "组织视察调研活动190余次", "重点项目于3、4、5月集中开工", "失业率下降2.0个百分点",
                "1-6月累计完成投资", "近50%的企业", "新增数据空间33万平方米"]


@pytest.mark.parametrize("case", NUMBER_CASES)
def test_the_deck_fitter_never_parts_a_number_from_what_belongs_to_it(theme, fonts, case):
    from publisher.text.breaking import split_numbers

    ts = Typesetter(theme, fonts)
    sized = look(fonts, 18)
    for pad in range(0, 16):
        text = "经济运行"[: pad % 4] + "全区" * (pad // 2) + case + "，持续向好"
        for width in range(150, 360, 7):  # from a line holding the longest group and its comma
            lines = ts.wrap(text, width, sized)
            assert split_numbers(list(lines), ts.rules) == [], (text, width, lines)
            assert "".join(lines) == text


def test_a_shortened_line_never_ends_inside_a_number(theme, fonts):
    ts = Typesetter(theme, fonts)
    sized = look(fonts, 18)
    for width in range(150, 260, 3):
        clipped = ts.clip("组织视察调研活动190余次，对8部法律法规开展检查", width, sized)
        kept = clipped[:-1]
        assert not kept.endswith(("1", "19", "190", "190余")), clipped


def test_a_number_too_wide_for_its_table_cell_is_parted_and_said(plan, outline):
    cell = "面积1234567.89万平方米"
    table = {"columns": [f"片区{n}" for n in range(10)], "rows": [[cell] * 10] * 2}
    planned = plan(outline({"title": "表格", "blocks": [{"table": table}]}))
    said = [n for n in planned.notices if "is broken across lines" in n.message]
    assert said and "'1234567.89万平方米'" in said[0].message and said[0].slide == 2
    assert said[0].path == ("sections", 0, "blocks", 0)
