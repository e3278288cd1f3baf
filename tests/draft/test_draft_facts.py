"""Each figure pattern of the extractor, in Simplified and Traditional Chinese."""
from __future__ import annotations

import pytest

from publisher.draft.facts import extract, sentence_facts
from publisher.draft.normalise import normalise


def only(sentence: str):
    facts = sentence_facts(sentence)
    assert len(facts) == 1, facts
    return facts[0]


@pytest.mark.parametrize(("sentence", "subject", "value", "unit", "qualifier"), [
    ("数字经济核心企业快速增长，总计达9500余家。", "数字经济核心企业", "9500", "家", "余"),
    ("新增留汉大学生3.5万余人。", "新增留汉大学生", "3.5", "万人", "余"),
    ("全区专利授权总量1.45万件。", "专利授权总量", "1.45", "万件", ""),
    ("全年接待游客超5000万人次。", "接待游客", "5000", "万人次", "超"),
    ("实现旅游收入500亿元。", "旅游收入", "500", "亿元", ""),
    ("数字经济总体规模占GDP比重近50%。", "数字经济总体规模占GDP比重", "50", "%", "近"),
    ("企业类市场主体突破10万户。", "企业类市场主体", "10", "万户", "突破"),
    ("全年新增就业约3000人。", "新增就业", "3000", "人", "约"),
    ("引进高层次人才逾200名。", "引进高层次人才", "200", "名", "逾"),
    ("培育规上企业50家以上。", "培育规上企业", "50", "家", "以上"),
    ("首日销售额破亿元。", "首日销售额", "亿", "元", "破"),
    ("门诊总量突破百万人次。", "门诊总量", "百万", "人次", "突破"),
    ("打造了长城汇、白鹭街小学等14个低碳示范场景。", "低碳示范场景", "14", "个", ""),
    ("建成滨山路、汉阳造剧场等景观公园74个。", "景观公园", "74", "个", ""),
    ("区人大常委会组织24人次进行宪法宣誓。", "进行宪法宣誓", "24", "人次", ""),
    ("完成固定资产投资1,234.5亿元。", "固定资产投资", "1,234.5", "亿元", ""),
])
def test_a_figure_has_value_unit_magnitude_qualifier_and_subject(sentence, subject, value, unit, qualifier):
    fact = only(sentence)
    assert (fact.subject, fact.value, fact.unit, fact.qualifier) == (subject, value, unit, qualifier)
    assert fact.sentence == sentence


def test_values_keep_the_digits_they_were_written_with():
    facts = extract("常住人口城镇化率为67.40%，比上年末提高4.0个百分点。全年粮食产量241.50万吨，增长10.0%。")
    assert [(f.value, f.change, f.change_unit) for f in facts] == [("67.40", "+4.0", "个百分点"),
                                                                    ("241.50", "+10.0", "%")]


def test_magnitude_is_kept_apart_for_comparison():
    fact = only("全区专利授权总量1.45万件。")
    assert fact.magnitude == "万"
    assert fact.base() == (14500, "件")
    assert fact.shown() == "1.45万件"


def test_figures_of_an_enumeration_each_get_their_own_subject():
    facts = sentence_facts("全年新增“四上”企业210家、高新技术企业52家，获评省级专精特新中小企业32家。")
    assert [(f.subject, f.value) for f in facts] == [("新增“四上”企业", "210"), ("高新技术企业", "52"),
                                                      ("省级专精特新中小企业", "32")]


@pytest.mark.parametrize(("sentence", "subject", "scope", "rank"), [
    ("社会消费品零售总额跃升至中心城区第一。", "社会消费品零售总额", "中心城区", "第一"),
    ("新增外贸企业登记量全省第一。", "新增外贸企业登记量", "全省", "第一"),
    ("位列旅游综合竞争力百强区全国第五。", "旅游综合竞争力百强区", "全国", "第五"),
    ("“中碳登”交易规模居全球首位。", "“中碳登”交易规模", "全球", "首位"),
    ("房地产投资和商品房销售增速位居全市前列。", "房地产投资和商品房销售增速", "全市", "前列"),
    ("外贸进出口总额领跑中心城区前列。", "外贸进出口总额", "中心城区", "前列"),
])
def test_a_rank_has_scope_and_subject(sentence, subject, scope, rank):
    fact = only(sentence)
    assert (fact.kind, fact.subject, fact.scope, fact.value) == ("rank", subject, scope, rank)


def test_a_lead_without_rank_word_and_its_duration():
    fact = only("武昌区高质量发展连续五年领跑全省。")
    assert (fact.subject, fact.value, fact.scope, fact.note) == ("武昌区高质量发展", "领跑", "全省", "连续五年")
    assert fact.shown() == "领跑全省"


def test_ranks_shared_by_the_figures_before_them():
    facts = sentence_facts("全年接待游客超5000万人次，实现旅游收入500亿元，均保持全市第一，"
                           "位列旅游综合竞争力百强区全国第五、中部第一。")
    ranks = [(f.subject, f.shown()) for f in facts if f.kind == "rank"]
    assert ranks == [("接待游客、旅游收入", "全市第一"), ("旅游综合竞争力百强区", "全国第五"),
                     ("旅游综合竞争力百强区", "中部第一")]
    assert all(f.inherited for f in facts if f.kind == "rank" and f.scope != "全国")


def test_a_rank_with_a_manner_word():
    fact = only("营商环境考核评价再获全省县（市、区）综合第一。")
    assert (fact.subject, fact.shown()) == ("营商环境考核评价", "全省县（市、区）综合第一")


def test_a_comparison_of_a_growth_is_a_figure_of_its_speed():
    growth, compared = sentence_facts("全区地区生产总值增长5.8%，快于全市0.8个百分点。")
    assert (growth.kind, growth.subject, growth.value, growth.unit, growth.verb) == (
        "growth", "地区生产总值", "5.8", "%", "增长")
    assert (compared.subject, compared.shown(), compared.signed) == ("地区生产总值增速", "快于全市0.8个百分点", 0.8)
    level, *comparisons = sentence_facts("实现地区生产总值626.9亿元，现价总量比同期增加73.5亿元，同比增长2%，"
                                         "比同期增速高0.8个百分点，比2016年全年增速低0.3个百分点。")
    assert (level.subject, level.change, level.change_unit) == ("地区生产总值", "+73.5", "亿元")
    assert [(f.subject, f.shown(), f.signed) for f in comparisons] == [
        ("地区生产总值", "同比增长2%", 2.0), ("地区生产总值增速", "比同期增速高0.8个百分点", 0.8),
        ("地区生产总值增速", "比2016年全年增速低0.3个百分点", -0.3)]
    slower = sentence_facts("规模以上工业增加值同比增长6.4%，增速比1—4月份加快0.3个百分点，低于全省1.1个百分点。")
    assert [(f.subject, f.signed) for f in slower[1:]] == [
        ("规模以上工业增加值增速", 0.3), ("规模以上工业增加值增速", -1.1)]


def test_growth_after_a_figure_becomes_its_change():
    fact = only("地区生产总值2302.6亿元，增长5.2%。")
    assert (fact.subject, fact.value, fact.unit, fact.change) == ("地区生产总值", "2302.6", "亿元", "+5.2")
    fall = only("工业用电量120亿千瓦时，同比下降3.1%。")
    assert (fall.change, fall.note) == ("-3.1", "同比")


def test_half_width_punctuation_is_normalised_before_extraction():
    text = normalise("地区生产总值增长5.5%,高于全国1个百分点", 1, [])
    assert text == "地区生产总值增长5.5%，高于全国1个百分点"
    assert [(f.subject, f.shown()) for f in sentence_facts(text)] == [
        ("地区生产总值", "增长5.5%"), ("地区生产总值增速", "高于全国1个百分点")]


def test_percentage_points_as_a_growth():
    fact = only("城镇化率比上年提高2.1个百分点。")
    assert (fact.kind, fact.subject, fact.value, fact.unit) == ("growth", "城镇化率", "2.1", "个百分点")


@pytest.mark.parametrize("sentence", [
    "2024年是新中国成立75周年。",
    "实现“十四五”规划目标任务，落实“昌七条”。",
    "区人大常委会组织党组“第一议题”学习。",
    "地铁11号线武昌段通车，昙华林文艺小镇二期开街。",
    "建成5G基站，第3季度完成验收。",
    "长江武昌段水质保持地表水Ⅱ类，全区湖泊水质稳定在Ⅲ类以上。",
    "每万人高价值发明专利拥有量持续提升。",
    "获评“全国楼宇经济十大活力产业园区”，华中首家SKP开业。",
])
def test_dates_names_ordinals_and_grades_are_not_figures(sentence):
    assert sentence_facts(sentence) == []


@pytest.mark.parametrize(("sentence", "subject", "value", "unit", "qualifier"), [
    ("數字經濟核心企業快速增長，總計達9500餘家。", "數字經濟核心企業", "9500", "家", "餘"),
    ("全年接待遊客超5000萬人次。", "接待遊客", "5000", "萬人次", "超"),
    ("實現旅遊收入500億元。", "旅遊收入", "500", "億元", ""),
    ("打造了14個低碳示範場景。", "低碳示範場景", "14", "個", ""),
    ("協商解決問題約4700件。", "協商解決問題", "4700", "件", "約"),
])
def test_traditional_chinese_figures(sentence, subject, value, unit, qualifier):
    fact = only(sentence)
    assert (fact.subject, fact.value, fact.unit, fact.qualifier) == (subject, value, unit, qualifier)


def test_traditional_chinese_magnitude_compares_like_simplified():
    assert only("全年接待遊客超5000萬人次。").base() == only("全年接待游客超5000万人次。").base()


def test_traditional_chinese_ranks_and_growth():
    rank = only("社會消費品零售總額躍升至中心城區第一。")
    assert (rank.subject, rank.shown()) == ("社會消費品零售總額", "中心城區第一")
    growth, compared = sentence_facts("地區生產總值增長5.8%，快於全市0.8個百分點。")
    assert (growth.subject, growth.value) == ("地區生產總值", "5.8")
    assert (compared.subject, compared.shown()) == ("地區生產總值增速", "快於全市0.8個百分點")


def test_every_fact_quotes_the_clauses_that_state_it():
    facts = extract("这一年，武昌区数字经济发展成效显著，数字经济核心企业快速增长，总计达9500余家，"
                    "新增数据空间33万平方米。", 7)
    assert [f.quote for f in facts] == ["数字经济核心企业快速增长，总计达9500余家", "新增数据空间33万平方米"]
    assert {f.line for f in facts} == {7}


def test_sentences_of_a_government_work_report():
    facts = extract("一般公共预算收入1600亿元，增长3.5%。城镇调查失业率控制在5.5%以内。粮食产量稳定在230万吨以上。")
    assert [(f.subject, f.shown(), f.change) for f in facts] == [
        ("一般公共预算收入", "1600亿元", "+3.5"), ("城镇调查失业率", "5.5%以内", ""), ("粮食产量", "230万吨以上", "")]


def test_signs_shared_units_and_changes_in_other_units():
    facts = extract("自然增长率为-0.57‰。一三产业比重分别比同期提高0.9、5.9个百分点。"
                    "存款余额7833.2亿元，比年初增加468.6亿元。")
    assert [(f.value, f.unit, f.change, f.change_unit) for f in facts] == [
        ("-0.57", "‰", "", ""), ("0.9", "个百分点", "", ""), ("5.9", "个百分点", "", ""),
        ("7833.2", "亿元", "+468.6", "亿元")]


def test_a_fall_is_a_growth_with_a_negative_sign():
    (fact,) = extract("采矿业增加值下降6.7%。")
    assert (fact.subject, fact.value, fact.verb, fact.signed, fact.shown()) == (
        "采矿业增加值", "6.7", "下降", -6.7, "下降6.7%")


@pytest.mark.parametrize(("sentence", "labels"), [
    ("城乡居民人均可支配收入分别增长6.8%和8.3%。", ["城镇居民人均可支配收入", "农村居民人均可支配收入"]),
    ("第一、二、三产业对经济增长的贡献率分别为22.5%、22.1%和55.4%。",
     ["第一产业对经济增长的贡献率", "第二产业对经济增长的贡献率", "第三产业对经济增长的贡献率"]),
    ("烟酒类、粮油食品类零售额分别增长39.2%、6.6%。", ["烟酒类零售额", "粮油食品类零售额"]),
    ("零售業、餐飲業分別增長5.2%和8.1%。", ["零售業", "餐飲業"]),
    ("1-3月分别为37.9、35.2、36.1亿元。", ["1月", "2月", "3月"]),
])
def test_respectively_gives_each_figure_its_item(sentence, labels):
    assert [f.subject for f in extract(sentence)] == labels


def test_the_period_a_figure_holds_for():
    facts = extract("全年全市粮食种植面积744.8万亩。年末常住人口707.9万人。上半年设施农业种植面积达到10.2万亩。")
    assert [(f.subject, f.period) for f in facts] == [("粮食种植面积", "全年"), ("常住人口", "年末"),
                                                       ("设施农业种植面积", "上半年")]


def test_ranges_ratios_words_and_compound_numbers_stay_as_written():
    facts = extract("预计增长10%-20%。三次产业结构为3.9:39.0:57.1。总投資金額2兆5,031億元，約三分之二經債券通進行。")
    assert [(f.value, f.unit, f.kind) for f in facts] == [
        ("10%-20%", "", "range"), ("3.9:39.0:57.1", "", "text"), ("2兆5,031", "億元", "number"),
        ("三分之二", "", "text")]
    assert facts[2].number == 25031


@pytest.mark.parametrize(("sentence", "subject", "shown", "unit"), [
    ("粮食产量1.39万亿斤，再创历史新高。", "粮食产量", "1.39万亿斤", "万亿斤"),
    ("全社会用电量达到58.6亿千瓦时。", "全社会用电量", "58.6亿千瓦时", "亿千瓦时"),
    ("天然气产量3.27亿立方米。", "天然气产量", "3.27亿立方米", "亿立方米"),
    ("集成电路4.8亿块。", "集成电路", "4.8亿块", "亿块"),
    ("单位GDP能耗为1.0439吨标准煤/万元。", "单位GDP能耗", "1.0439吨标准煤/万元", "吨标准煤/万元"),
    ("集装箱吞吐量312.5万TEU。", "集装箱吞吐量", "312.5万TEU", "万TEU"),
    ("算力规模达到2,300 PFlops。", "算力规模", "2,300PFlops", "PFlops"),
    ("旅客總消費為358.6億澳門元。", "旅客總消費", "358.6億澳門元", "億澳門元"),
    ("企业开办时间压缩至0.5个工作日。", "企业开办时间", "0.5个工作日", "个工作日"),
    ("旅客平均逗留時間為1.2日。", "旅客平均逗留時間", "1.2日", "日"),
    ("启动第二轮土地承包到期后再延长30年整省试点。", "启动第二轮土地承包到期后再延长", "30年", "年"),
])
def test_measure_words_and_compound_units(sentence, subject, shown, unit):
    fact = only(sentence)
    assert (fact.subject, fact.shown(), fact.unit) == (subject, shown, unit)


def test_a_magnitude_alone_is_the_unit_and_a_qualifier_may_stand_before_it():
    counted = only("提高个人所得税专项附加扣除标准，6600多万纳税人受益。")
    assert (counted.subject, counted.value, counted.unit, counted.qualifier, counted.shown()) == (
        "纳税人", "6600", "万", "多", "6600多万")
    assert only("国家助学贷款惠及1100多万学生。").subject == "学生"
    amount = only("脱贫人口务工规模超过3300万。")
    assert (amount.subject, amount.value, amount.unit, amount.qualifier) == ("脱贫人口务工规模", "3300", "万", "超过")
    assert only("增发1万亿元国债。").subject == "国债"


@pytest.mark.parametrize(("sentence", "subject", "value", "qualifier"), [
    ("加强保障性住房供给，惠及上千万家庭。", "家庭", "上千万", ""),
    ("全年新增装机超过全球一半。", "新增装机超过全球", "一半", ""),
    ("其中智能算力占比超过四成。", "智能算力占比", "四成", "超过"),
])
def test_figures_in_words_stay_text(sentence, subject, value, qualifier):
    fact = only(sentence)
    assert (fact.kind, fact.subject, fact.value, fact.qualifier) == ("text", subject, value, qualifier)


def test_a_rank_scope_the_vocabulary_does_not_know_is_read_after_its_verb():
    rank = sentence_facts("国内生产总值增长5.2%，增速居世界主要经济体前列。")[-1]
    assert (rank.kind, rank.subject, rank.scope, rank.value) == ("rank", "国内生产总值增速", "世界主要经济体", "前列")


@pytest.mark.parametrize("sentence", [
    "2025年6月18日发布。",
    "截至113年12月底止。",
    "近10年来持续增长。",
    "连续2个月位于扩张区间。",
    "规模以上工业统计范围为年主营业务收入2000万元及以上的工业法人单位。",
    "Container throughput rose 9.6% to 3.125 million TEU, up 12.8%.",
    "成千上万的群众参与。",
])
def test_dates_spans_runs_thresholds_and_english_sentences_are_not_figures(sentence):
    assert sentence_facts(sentence) == []


def test_a_threshold_names_the_figure_after_it():
    assert [(f.subject, f.shown()) for f in sentence_facts("新开工亿元以上项目52个，其中10亿元以上项目9个。")] == [
        ("新开工亿元以上项目", "52个"), ("10亿元以上项目", "9个")]


@pytest.mark.parametrize(("sentence", "changes"), [
    ("增值税12.8亿元、城镇土地使用税9.5亿元，同比分别增长210.8%、29.5%，企业所得税1.6亿元、房产税1.3亿元，"
     "同比分别下降31.5%、39%。", [("增值税", "+210.8"), ("城镇土地使用税", "+29.5"), ("企业所得税", "-31.5"),
                                 ("房产税", "-39")]),
    ("城镇和农村常住居民人均可支配收入分别达到6.82万元和3.47万元，分别增长4.6%和6.8%。",
     [("城镇常住居民人均可支配收入", "+4.6"), ("农村常住居民人均可支配收入", "+6.8")]),
    ("全年接待游客1860万人次、实现旅游收入203.5亿元，分别增长14.2%和16.8%。",
     [("接待游客", "+14.2"), ("旅游收入", "+16.8")]),
    ("香港旅客（566,318人次）及台灣旅客（81,427人次）分別上升13.8%及6.5%。",
     [("香港旅客", "+13.8"), ("台灣旅客", "+6.5")]),
    ("經海路及空路入境的旅客分別有437,602人次及363,032人次，按年分別上升4.1%及21.4%。",
     [("經海路入境的旅客", "+4.1"), ("經空路入境的旅客", "+21.4")]),
    ("比重分别为30.5%和40.2%，分别提高1.2和0.8个百分点。", [("比重", "+1.2"), ("比重", "+0.8")]),
    ("國際旅客有1,064,883人次，增幅為23.8%。", [("國際旅客", "+23.8")]),
    ("赤字规模4.06万亿元，比上年年初预算增加1800亿元。", [("赤字规模", "+1800")]),
    ("經陸路入境的旅客有2,526,912人次，佔總數的75.9%，按年上升20.8%。",
     [("經陸路入境的旅客", "+20.8"), ("經陸路入境的旅客佔總數", "")]),
])
def test_a_list_of_changes_after_a_list_of_amounts_gives_each_its_change(sentence, changes):
    assert [(f.subject, f.change) for f in extract(sentence)] == changes


def test_changes_do_not_go_to_amounts_of_another_list_or_percentages_to_counts():
    facts = extract("采矿业增加值100亿元，制造业、电力业分别增长5%、3%。")
    assert [(f.subject, f.change) for f in facts] == [("采矿业增加值", ""), ("制造业", ""), ("电力业", "")]
    facts = extract("新增企业120家和80家，分别提高2和3个百分点。")
    assert [f.change for f in facts if f.unit == "家"] == ["", ""]


@pytest.mark.parametrize(("sentence", "labels"), [
    ("限额以上单位中，粮油、食品类，饮料类，烟酒类商品零售额分别增长8.5%、3.1%、6.6%。",
     ["粮油、食品类商品零售额", "饮料类商品零售额", "烟酒类商品零售额"]),
    ("新能源汽车零部件、智能装备、生物医药三大主导产业产值分别增长21.3%、12.6%和9.4%。",
     ["新能源汽车零部件产值", "智能装备产值", "生物医药产值"]),
    ("地方工业增长6.8%（2015和2016年同期增速分别为3.3%、0.5%）。", ["地方工业", "2015年同期增速", "2016年同期增速"]),
    ("专用设备制造业、酒和饮料制造业同比分别增长73.1%、42%。", ["专用设备制造业", "酒和饮料制造业"]),
    ("1—3月份各月，全市社会消费品零售总额分别为172.6亿元、158.9亿元和163.4亿元。", ["1月", "2月", "3月"]),
    ("韓國旅客（58,211人次）、菲律賓旅客（35,806人次）及日本旅客（23,917人次）均有增加。",
     ["韓國旅客", "菲律賓旅客", "日本旅客"]),
])
def test_items_named_before_respectively_in_the_ways_reports_write_them(sentence, labels):
    assert [f.subject for f in extract(sentence)] == labels


def subjects(sentence: str) -> list[tuple[str, str]]:
    return [(f.subject, f.value + f.unit) for f in sentence_facts(sentence)]


def test_a_sign_written_as_a_word_makes_the_value_negative():
    fact = only("全年自然增加率為負1.24‰。")
    assert (fact.subject, fact.value, fact.unit, fact.number) == ("自然增加率", "-1.24", "‰", -1.24)


def test_an_age_that_bounds_a_group_is_not_a_figure():
    assert subjects("未滿15歲幼年人口占總人口之11.9%。") == [("未滿15歲幼年人口占總人口", "11.9%")]


def test_a_currency_before_an_amount_and_totalling_are_not_part_of_the_label():
    assert subjects("本區社會福利支出為新臺幣12.8億元。") == [("社會福利支出", "12.8億元")]
    fact = only("工業區廠商營業額約新臺幣1,250億元。")
    assert (fact.subject, fact.value, fact.qualifier) == ("工業區廠商營業額", "1,250", "約")
    assert subjects("本區登記營業中之公司計3,517家。") == [("登記營業中之公司", "3,517家")]


def test_changes_given_by_respectively_after_amounts_go_to_them_in_order():
    facts = sentence_facts("公司計3,517家，資本額合計新臺幣486.2億元，較上年底分別增加4.3%及6.1%。")
    assert [(f.value, f.change) for f in facts] == [("3,517", "+4.3"), ("486.2", "+6.1")]


def test_a_quarter_series_and_the_total_after_it():
    facts = sentence_facts("1—4季度分别完成固定资产投资18.2亿元、24.6亿元、27.9亿元和31.5亿元，"
                           "全年完成102.2亿元，增长8.4%。")
    assert [f.subject for f in facts] == ["1季度", "2季度", "3季度", "4季度", "固定资产投资"]
    assert {f.series_name for f in facts[:4]} == {"固定资产投资"} and facts[4].change == "+8.4"


def test_figures_after_respectively_measure_the_things_counted_before_it():
    assert subjects("新建改扩建中小学4所、幼儿园6所，分别新增学位2400个、1080个。")[2:] == [
        ("新建改扩建中小学新增学位", "2400个"), ("幼儿园新增学位", "1080个")]


def test_a_qualifier_after_respectively_holds_for_every_figure():
    facts = sentence_facts("力争新材料、食品加工、装备制造三大产业产值分别突破120亿元、80亿元和60亿元。")
    assert [(f.subject, f.qualifier) for f in facts] == [
        ("新材料产值", "突破"), ("食品加工产值", "突破"), ("装备制造产值", "突破")]


def test_numbered_industries_are_named_as_ordinals():
    facts = sentence_facts("一、二、三产业增加值分别增长3.2%、6.8%和5.7%。")
    assert [f.subject for f in facts] == ["第一产业增加值", "第二产业增加值", "第三产业增加值"]


def test_a_total_investment_after_a_count_of_projects_is_theirs():
    assert subjects("谋划储备项目300个以上、总投资1200亿元以上。")[1][0].endswith("储备项目总投资")
