"""Cleaning: punctuation in Chinese context, repeats, page-broken sentences, multi-line headings."""
from __future__ import annotations

import pytest

from publisher.draft.clean import clean, join_heading_lines
from publisher.draft.located import Located
from publisher.draft.normalise import normalise
from publisher.draft.read import Passage, text_reading


def text_passages(text: str) -> list[Passage]:
    return text_reading(text).passages


def located(*lines: str) -> tuple[Located, ...]:
    return tuple(Located.at(line, 0) for line in lines)


def norm(text: str, heading: bool = False) -> str:
    return normalise(text, 1, [], heading=heading)


@pytest.mark.parametrize(("before", "after"), [
    ("增长5.5%,高于全国1个百分点", "增长5.5%，高于全国1个百分点"),
    ("主要指标:产值;税收!", "主要指标：产值；税收！"),
    ("是否完成?完成了.", "是否完成？完成了。"),
    ('发挥人大代表"代言人"作用', "发挥人大代表“代言人”作用"),
    ("全省县(市、区)综合第一", "全省县（市、区）综合第一"),
    ("滨江商务区阿里巴...对外开放", "滨江商务区阿里巴……对外开放"),
    ("增长 5.8%，SKP 开业", "增长5.8%，SKP开业"),
    ("２０２４年增长５．８％", "2024年增长5.8%"),
    ("增長5.5%,高於全國1個百分點", "增長5.5%，高於全國1個百分點"),
])
def test_half_width_punctuation_in_chinese_text_becomes_full_width(before, after):
    assert norm(before) == after


@pytest.mark.parametrize("text", [
    "完成投资1,234.5亿元，增长3.2%",
    "Hello, world: see you (soon)!",
    "详见https://example.com/a,b;c?x=1:2",
    "联系邮箱office@example.com。",
    "时间10:30，比分3:2",
    "GDP growth was 5.2% in 2024.",
])
def test_numbers_latin_words_and_urls_are_untouched(text):
    assert norm(text) == text


def test_a_space_between_phrases_of_a_heading_is_a_pause_mark():
    assert norm("为民履职 依法监督", heading=True) == "为民履职、依法监督"


def test_every_change_is_logged_with_its_line():
    changes = []
    normalise("增长5.5%,高于全国1个百分点,", 12, changes)
    assert [(c.kind, c.line, c.detail) for c in changes] == [("punctuation", 12, "',' → '，' ×2")]


@pytest.mark.parametrize(("lines", "joined"), [
    (["抢赛道、育动能", "创新发展", "迈出新步伐"], "抢赛道、育动能，创新发展迈出新步伐"),
    (["为民履职、依法监督", "彰显人大担当"], "为民履职、依法监督，彰显人大担当"),
    (["创新发展", "迈出新步伐"], "创新发展迈出新步伐"),
    (["Annual", "Review"], "Annual Review"),
])
def test_heading_lines_are_joined(lines, joined):
    assert join_heading_lines(list(located(*lines))).text == joined


def paragraphs(text: str) -> list[str]:
    return [p.text for p in clean(text_passages(text)).paragraphs]


def test_a_sentence_broken_across_a_page_is_joined():
    text = "这一年，武昌区数字经济发展成效显著，数字经济核心企业快\n\n速增长，总计达9500余家。\n"
    assert paragraphs(text) == ["这一年，武昌区数字经济发展成效显著，数字经济核心企业快速增长，总计达9500余家。"]


def test_a_new_paragraph_is_not_taken_as_a_continuation():
    text = ("这一年，区政协提出具体建议129条，不断巩固各党派\n\n\n\n"
            "这一年，武昌区高质量发展态势稳固。\n")
    found = paragraphs(text)
    assert found == ["这一年，区政协提出具体建议129条，不断巩固各党派……", "这一年，武昌区高质量发展态势稳固。"]


def test_a_repeated_broken_paragraph_resumes_after_its_repeat():
    text = ("这一年，武昌区市场活力充分释放，举办各类促消费活动200余场次。同时，武昌区全流程推进\n\n"
            "推出昙华林城墙灯光秀等文旅新项目，全年接待游客超5000万人次。\n\n"
            "这一年，武昌区市场活力充分释放，举办各类促消费活动200余场次。同时，武昌区全流程推进\n\n"
            "阿里巴巴全球速卖通等10个外向型项目落地并开展业务。\n")
    cleaned = clean(text_passages(text))
    assert [p.text for p in cleaned.paragraphs] == [
        "这一年，武昌区市场活力充分释放，举办各类促消费活动200余场次。同时，武昌区全流程推进阿里巴巴全球速卖通等10个外向型"
        "项目落地并开展业务。",
        "推出昙华林城墙灯光秀等文旅新项目，全年接待游客超5000万人次。",
    ]
    assert [c.kind for c in cleaned.changes if c.kind in ("dropped", "joined")] == ["dropped", "joined"]
    assert cleaned.paragraphs[1].notes


def test_exact_and_near_repeats_are_dropped_and_listed():
    first = "这一年，武昌区生态环境持续改善，长江武昌段水质保持地表水Ⅱ类，新建绿地13.6万平方米，建成景观公园74个。"
    near = first.replace("持续改善", "不断改善")
    text = f"{first}\n\n省人民医院等交通综合治理有序推进。\n\n{first}\n\n{near}\n"
    cleaned = clean(text_passages(text))
    assert [p.text for p in cleaned.paragraphs] == [first, "省人民医院等交通综合治理有序推进。"]
    assert [(c.line, c.other) for c in cleaned.changes if c.kind == "dropped"] == [(5, 1), (7, 1)]


def test_multi_line_headings_and_page_numbers():
    text = "抢赛道、育动能\n创新发展\n迈出新步伐\n\n- 12 -\n\n2024年，武昌区抢抓新赛道。\n"
    reading = text_reading(text)
    assert [(r.kind, r.line) for r in reading.removals] == [("page-number", 5)]
    cleaned = clean(reading.passages)
    heading, body = cleaned.paragraphs
    assert (heading.heading, heading.text, heading.lines) == (True, "抢赛道、育动能，创新发展迈出新步伐",
                                                             ("抢赛道、育动能", "创新发展", "迈出新步伐"))
    assert body.text == "2024年，武昌区抢抓新赛道。"
    assert [c.kind for c in cleaned.changes] == ["heading"]


def test_a_short_sentence_opening_with_a_time_frame_is_not_a_heading():
    cleaned = clean([Passage(located("这一年，武昌区新建一批学校、医院，基层社卫中心门诊"), 1),
                     Passage(located("总量突破百万人次。"), 3)])
    assert [(p.heading, p.text) for p in cleaned.paragraphs] == [
        (False, "这一年，武昌区新建一批学校、医院，基层社卫中心门诊总量突破百万人次。")]


def test_numbered_headings_lose_their_number_and_keep_their_depth():
    cleaned = clean(text_passages("一、总体情况\n\n（一）经济运行\n\n1.工业生产\n\n全区工业平稳。\n"))
    assert [(p.text, p.numbered) for p in cleaned.paragraphs if p.heading] == [
        ("总体情况", 2), ("经济运行", 3), ("工业生产", 4)]


def test_hard_wrapped_lines_of_one_paragraph_are_unwrapped():
    text = ("这一年，武昌区数字经济发展成效显著，数字经济核心企业快速增长，\n"
            "总计达9500余家。\n全区专利授权总量1.45万件。\n")
    assert paragraphs(text) == ["这一年，武昌区数字经济发展成效显著，数字经济核心企业快速增长，总计达9500余家。",
                                "全区专利授权总量1.45万件。"]


def test_traditional_chinese_is_cleaned_the_same_way():
    text = "這一年，武昌區數字經濟發展成效顯著，數字經濟核心企業快\n\n速增長，總計達9500餘家,占比近50%.\n"
    assert paragraphs(text) == ["這一年，武昌區數字經濟發展成效顯著，數字經濟核心企業快速增長，"
                                "總計達9500餘家，占比近50%。"]


def test_a_run_in_heading_that_states_a_figure_keeps_it():
    cleaned = clean(text_passages("（四）固定资产投资总额突破60亿。一季度全市完成固定资产投资63.8亿元。\n\n"
                                  "（五）地方财政收入增速达到19.8%。全市地方财政收入完成43.7亿元。\n\n"
                                  "1.规上工业增加值增长5.2%，高于全省1.1个百分点。\n"))
    assert [(p.heading, p.text) for p in cleaned.paragraphs] == [
        (True, "固定资产投资总额突破60亿"), (False, "一季度全市完成固定资产投资63.8亿元。"),
        (True, "地方财政收入增速达到19.8%"), (False, "全市地方财政收入完成43.7亿元。"),
        (True, "规上工业增加值"), (False, "规上工业增加值增长5.2%，高于全省1.1个百分点。")]


@pytest.mark.parametrize(("text", "thousands"), [
    ("戶籍登記人口為１２３，４５６人，較上年增加１，２０４人。", "戶籍登記人口為123,456人，較上年增加1,204人。"),
    ("營業額１，２５０．５億元。", "營業額1,250.5億元。"),
    ("第１，２季度", "第1，2季度"),  # not groups of three: the comma is a list's
    ("１２３４，５６７人", "1234，567人"),
])
def test_full_width_digits_grouped_by_full_width_commas_are_thousands(text, thousands):
    assert norm(text) == thousands


def test_a_heading_wrapped_to_the_margin_in_indented_text_is_joined():
    text = ("    一、综\n合\n    初步核算，全县地区生产总值达到236.8亿元，按不变价格计算，比上年增长\n5.6%。\n"
            "    二、农业生产稳定，粮食产量再\n创新高\n    全年粮食播种面积98.6万亩，比上年增加1.3万亩；粮食\n"
            "总产量38.52万吨。\n")
    reading = text_reading(text)
    cleaned = clean(reading.passages, reading.wrap, reading.lines)
    headings = [p.text for p in cleaned.paragraphs if p.heading]
    assert headings == ["综合", "农业生产稳定，粮食产量再创新高"]
    unindented = clean(reading.passages, reading.wrap)  # without the source's indents: the tail is its own line
    assert "农业生产稳定，粮食产量再创新高" not in [p.text for p in unindented.paragraphs if p.heading]
