"""Structure: title, heading levels, pull quotes, short titles, leads and deck bullets."""
from __future__ import annotations

from publisher.draft.clean import clean
from publisher.draft.markup import markdown_reading
from publisher.draft.read import text_reading
from publisher.draft.structure import Document, bullets, lead, structure


def outline_of(text: str, markdown: bool = False) -> Document:
    reading = markdown_reading(text) if markdown else text_reading(text)
    return structure(clean(reading.passages, reading.wrap).paragraphs, "fallback")


def tree(document: Document) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in document.walk()]


def test_display_headings_outrank_single_line_headings_and_a_lone_heading_is_promoted():
    document = outline_of("年度回顾\n\n大成武昌：承压奋进\n\n征途漫漫，惟有奋斗。\n\n"
                          "为民履职 依法监督\n彰显人大担当\n\n"
                          "全区依法履职。\n\n坚持党的全面领导\n\n区人大常委会组织学习。\n\n抢赛道、育动能\n创新发展\n迈出新步伐\n\n"
                          "全区抢抓新赛道。\n")
    assert document.title == "年度回顾"
    assert tree(document) == [(1, "大成武昌：承压奋进"), (1, "为民履职、依法监督，彰显人大担当"),
                              (2, "坚持党的全面领导"), (1, "抢赛道、育动能，创新发展迈出新步伐")]
    assert document.sections[0].paragraphs[0].kind == "quote"


def test_numbered_headings_nest_by_their_numbering():
    document = outline_of("工作报告\n\n一、总体情况\n\n（一）经济运行\n\n1.工业生产\n\n全区工业平稳。\n\n"
                          "（二）社会事业\n\n"
                          "二、下一步安排\n\n继续努力。\n")
    assert tree(document) == [(1, "总体情况"), (2, "经济运行"), (3, "工业生产"), (2, "社会事业"),
                              (1, "下一步安排")]


def test_markdown_levels_and_a_document_without_title_or_headings():
    document = outline_of("# 报告\n\n## 第一部分\n\n正文。\n\n### 细节\n\n更多正文。\n", markdown=True)
    assert document.title == "报告"
    assert tree(document) == [(1, "第一部分"), (2, "细节")]
    plain = outline_of("全区工业平稳运行，增长5.8%。\n")
    assert (plain.title, tree(plain)) == ("fallback", [(1, "概述")])


def test_a_pull_quote_set_apart_before_a_heading_moves_under_it():
    document = outline_of("报告\n\n政协履职\n\n区政协提出建议129条，助力文旅融合发展，不断巩固团结。\n\n\n\n"
                          "武昌区高质量发展连续五年领跑全省。\n\n抢赛道、育动能\n创新发展\n迈出新步伐\n\n全区抢抓新赛道。\n")
    first, second = document.sections
    assert [p.kind for p in first.paragraphs] == ["text"]
    assert [(p.kind, p.text) for p in second.paragraphs] == [("quote", "武昌区高质量发展连续五年领跑全省。"),
                                                            ("text", "全区抢抓新赛道。")]


def test_short_titles_come_from_the_printed_lines_or_phrases():
    document = outline_of("报告\n\n激活力、聚人气\n消费市场\n创出新场景\n\n正文。\n\n"
                          "不断增强思想自觉，坚持党的全面领导\n\n正文二。\n")
    assert [s.short_title for s in document.walk()] == ["消费市场", "不断增强思想自觉"]


def test_the_lead_is_the_result_stated_by_the_first_sentence_without_figures():
    document = outline_of("报告\n\n创新发展\n\n2024年，武昌区数字经济核心企业达9500余家。\n\n"
                          "2024年，武昌区把建设现代化产业体系作为转型发展的重中之重，抢抓新赛道，培育新动能，高质量发展态势更加稳固。\n")
    assert lead(document.sections[0]) == "抢抓新赛道，培育新动能，高质量发展态势更加稳固。"


def test_bullets_drop_time_frames_and_cut_only_at_clause_boundaries():
    document = outline_of("报告\n\n创新发展\n\n这一年，武昌区数字经济发展成效显著，"
                          "数字经济核心企业快速增长，总计达9500余家，"
                          "数字经济总体规模占GDP比重近50%，新增数据空间33万平方米。同时，武昌区率先启动公共机构能源托管。\n")
    assert bullets(document.sections[0]) == ["武昌区数字经济发展成效显著，数字经济核心企业快速增长，总计达9500余家",
                                             "武昌区率先启动公共机构能源托管"]


def test_a_title_printed_over_lines_above_its_date_is_the_title():
    document = outline_of("江川市统计局\n\n2025年1—5月份江川市工业和消费市场运行\n情况\n2025年6月18日\n\n"
                          "一、工业生产稳中有升\n全市规模以上工业增加值同比增长6.4%。\n")
    assert document.title == "2025年1—5月份江川市工业和消费市场运行情况"
    assert document.front["date"] == "2025年6月18日"
    assert tree(document) == [(1, "工业生产稳中有升")]


def test_a_lead_from_a_sentence_of_figures_keeps_its_subject_and_no_dangling_mark():
    document = outline_of("报告\n\n人口结构\n\n113年底本區65歲以上老年人口計22,983人，占總人口之18.6%，"
                          "較上年底上升0.7個百分點；扶老比為27.4%。\n")
    assert lead(document.sections[0]) == "113年底本區65歲以上老年人口計22,983人，占總人口之18.6%"


def test_a_note_after_its_label_on_the_same_line_is_a_notes_section():
    document = outline_of("报告\n\n一、文化\n全年借閱冊數逾42萬冊，居全市第3名；每人平均借閱3.4冊。\n"
                          "附註：本通報數據為初步統計，正式數據以統計年報為準。\n")
    assert [s.title for s in document.walk()] == ["文化", "附註"]
    assert lead(document.sections[0]) == "全年借閱冊數逾42萬冊，居全市第3名"


def test_an_issuer_and_a_date_under_the_title_are_its_front_lines_not_a_cut_sentence():
    document = outline_of("淮山县2024年国民经济和社会发展统计公报\n\n    淮山县统计局\n    2025年3月20日\n\n"
                          "    一、综合\n    初步核算，全县地区生产总值达到236.8亿元。\n")
    assert document.front == {"organisation": "淮山县统计局", "date": "2025年3月20日"}
    assert tree(document) == [(1, "综合")]
