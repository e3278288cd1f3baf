"""Page furniture of extracted text: prefixes, running headers, page numbers, flattened tables, footnote markers,
hard wraps and headings split over lines."""
from __future__ import annotations

from publisher.draft.clean import clean
from publisher.draft.read import text_reading
from publisher.draft.structure import structure

WRAPPED = ("经济及农业\n\n参、经济及农业\n一、落实推动国家希望工程，迈向经济日不落国\n"
           "（一）总体经济情势：随全球经贸延续稳定扩张态势，标普全球最新预测明年全球经济成\n"
           "长率为2.5%，较今年之2.7%为低，主因系诸多不确定性因素，包括美中战略竞争加\n"
           "剧等经济风险仍存。主计总处最新预估今年我国经济成长率上调至4.27%，明年亦可\n"
           "逾3%以上。\n"
           "（二）创新驱动永续韧性：政府将全面推动五大信赖产业，期透过创新驱动促进百工百业\n"
           "发展，打造护国科技力并营造永续韧性发展环境，同时藉由结合外交、产业经贸及科技\n\n43\n\f行政院施政报告\n\n"
           "创新等复合策略，巩固民主供应链关键角色。\n"
           "二、推动五大信赖产业及重点产业，站稳全球供应链关\n键地位\n"
           "（一）前瞻基础建设计划：因应国内外新产业、新技术及新生活趋势，并提升各项基础\n"
           "建设水准，需持续推动前瞻基础建设，今年编列703亿元，延续均衡区域发展之计划。\n"
           "\n44\n\f经济及农业\n\n"
           "（二）推动五大信赖产业：为站稳全球供应链关键地位及把握地缘政治变化带来之商机，积\n"
           "极发展半导体、AI、军事工业、安全监控及次世代通讯等五大信赖产业，期使台湾成为全\n"
           "球民主科技阵营中不可或缺且受信赖之伙伴，并强化国家安全及韧性，推动重点如下。\n"
           "\n45\n\f行政院施政报告\n")


def draft_of(text: str):
    reading = text_reading(text)
    cleaned = clean(reading.passages, reading.wrap)
    return reading, cleaned, structure(cleaned.paragraphs, "fallback")


def tree(document) -> list[tuple[int, str]]:
    return [(s.level, s.title) for s in document.walk()]


def test_hard_wrapped_text_loses_its_page_furniture_and_keeps_its_headings():
    reading, cleaned, document = draft_of(WRAPPED)
    assert reading.wrap is not None
    assert sorted({r.kind for r in reading.removals}) == ["page-number", "running-header"]
    assert document.title == "经济及农业"
    assert tree(document) == [(1, "经济及农业"), (2, "落实推动国家希望工程，迈向经济日不落国"), (3, "总体经济情势"),
                              (3, "创新驱动永续韧性"), (2, "推动五大信赖产业及重点产业，站稳全球供应链关键地位"),
                              (3, "前瞻基础建设计划"), (3, "推动五大信赖产业")]
    body = [p.text for p in cleaned.paragraphs if not p.heading]
    assert body[0].startswith("随全球经贸延续稳定扩张态势，标普全球最新预测明年全球经济成长率为2.5%")
    assert body[0].endswith("明年亦可逾3%以上。")
    assert body[1].endswith("同时藉由结合外交、产业经贸及科技创新等复合策略，巩固民主供应链关键角色。")
    assert not any("行政院施政报告" in text or "43" in text for text in body)


def test_a_heading_split_over_lines_a_flattened_table_and_footnote_markers():
    text = ("2023年某市国民经济和社会发展统计公报\n某市统计局\n2024年4月29日\n"
            "一、综\n\n合\n\n初步核算，全年全市生产总值[2]1329.65亿元，增长4.0%。\n"
            "表1\n指\n2023年末常住人口及其构成\n标\n年末数（万人）\n全市常住人口\n866.60\n其中：城镇\n392.66\n"
            "一、食品烟酒\n二、衣着\n\n-2-\n\n二、农 业\n全年全市粮食产量②902.61万吨，减产3.2%。\n")
    reading, cleaned, document = draft_of(text)
    assert document.title == "2023年某市国民经济和社会发展统计公报"
    assert document.front == {"organisation": "某市统计局", "date": "2024年4月29日"}
    assert tree(document) == [(1, "综合"), (1, "农业")]
    body = [p.text for p in cleaned.paragraphs if not p.heading]
    assert body == ["初步核算，全年全市生产总值1329.65亿元，增长4.0%。", "全年全市粮食产量902.61万吨，减产3.2%。"]
    kinds = [r.kind for r in reading.removals]
    assert kinds.count("table") == 1 and kinds.count("footnote") == 2


def test_a_prefix_on_every_line_is_removed_and_single_newline_paragraphs_stay_apart():
    text = ("2024年11月17日 互联互通十周年\n2024年11月17日 十年前的今天，互联互通正式启动。\n"
            "2024年11月17日 从数字看扩容深化\n2024年11月17日 合资格股票数目增加到3,300只。\n"
            "2024年11月17日 港股市场总市值达35万亿港元")
    reading, cleaned, document = draft_of(text)
    assert reading.prefix == "2024年11月17日"
    assert document.title == "互联互通十周年"
    assert tree(document) == [(1, "概述"), (1, "从数字看扩容深化")]
    assert [p.text for p in document.sections[1].paragraphs] == ["合资格股票数目增加到3,300只。",
                                                                 "港股市场总市值达35万亿港元……"]


def test_run_in_headings_and_the_title_page_of_a_work_report():
    text = ("政府工作报告——2024年3月5日在第十四届全国人民代表大会第二次会议上国务院总理 李强\n各位代表：\n"
            "现在，我代表国务院，向大会报告政府工作。\n一、2023年工作回顾\n过去一年，我们经受住了考验。\n"
            "（一）着力扩大国内需求。推动消费从疫后恢复转向持续扩大。\n"
            "一是稳定态势持续向好。牢固树立总体国家安全观。\n二是发展动能不断增强。完成重点项目投资1700亿元以上。\n")
    _, cleaned, document = draft_of(text)
    assert (document.title, document.front) == ("政府工作报告", {
        "subtitle": "2024年3月5日在第十四届全国人民代表大会第二次会议上", "author": "国务院总理 李强"})
    assert tree(document) == [(1, "概述"), (1, "2023年工作回顾"), (2, "着力扩大国内需求"),
                              (3, "稳定态势持续向好"), (3, "发展动能不断增强")]
    assert [p.text for p in document.walk()[-1].paragraphs] == ["完成重点项目投资1700亿元以上。"]
