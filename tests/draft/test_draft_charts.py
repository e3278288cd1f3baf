"""Chart proposals: figures of one sentence sharing a unit become a bar, a line over time, or a pie of shares."""
from __future__ import annotations

from publisher.draft.charts import propose
from publisher.draft.facts import extract


def charts_of(text: str):
    return propose(extract(text, 1))


def test_counts_of_one_enumeration_make_a_bar_chart():
    (chart,) = charts_of("全年新增“四上”企业210家、高新技术企业52家，获评省级专精特新中小企业32家，"
                         "企业类市场主体突破10万户。")
    assert (chart.kind, chart.unit, chart.values) == ("bar", "家", [210, 52, 32])
    assert chart.categories == ["新增“四上”企业", "高新技术企业", "省级专精特新中小企业"]
    assert chart.caption == "全年新增“四上”企业210家、高新技术企业52家，获评省级专精特新中小企业32家"
    assert [f.subject for f in chart.facts] == chart.categories


def test_a_month_by_month_series_makes_a_line_chart():
    (chart,) = charts_of("1月完成投资12亿元，2月完成投资15亿元，3月完成投资18亿元。")
    assert (chart.kind, chart.categories, chart.values, chart.title) == (
        "line", ["1月", "2月", "3月"], [12, 15, 18], "投资")


def test_shares_adding_up_to_about_100_percent_make_a_pie():
    (chart,) = charts_of("三次产业中，第一产业占2.1%、第二产业占35.4%、第三产业占62.5%。")
    assert (chart.kind, chart.categories, chart.values) == ("pie", ["第一产业", "第二产业", "第三产业"],
                                                            [2.1, 35.4, 62.5])


def test_no_chart_for_approximate_figures_different_units_or_separate_sentences():
    assert charts_of("引进领军人才7人、新增留汉大学生3.5万余人、高校毕业生近2000人。") == []
    assert charts_of("全年接待游客超5000万人次，实现旅游收入500亿元。") == []
    assert charts_of("新增首店190家。新增品牌连锁便利店51家。") == []


def test_a_respectively_series_is_charted_without_its_total():
    (chart,) = charts_of("1-6月分别为37.9、35.2、36.1、38.0、40.2、41.5亿元，上半年累计完成228.9亿元。")
    assert (chart.kind, chart.categories, chart.written) == (
        "line", ["1月", "2月", "3月", "4月", "5月", "6月"], ["37.9", "35.2", "36.1", "38.0", "40.2", "41.5"])


def test_a_share_is_never_charted_beside_a_contribution_rate():
    charts = charts_of("第一产业增加值占GDP比重为39.1%，对经济增长的贡献率为31.3%。")
    assert charts == []
    (chart,) = charts_of("第一产业增加值占GDP比重为39.1%，第二产业增加值占GDP比重为40.2%，"
                         "第三产业对经济增长的贡献率为31.3%。")
    assert (chart.family, chart.written) == ("share", ["39.1", "40.2"])


def test_a_change_of_a_share_is_never_charted_beside_a_contribution():
    assert charts_of("地方经济比重比同期提高8.5个百分点，拉动全市经济增长2个百分点。") == []


def test_ranges_parts_and_wholes_are_not_charted():
    assert charts_of("预计增长10%-20%，其中工业增长15%。") == []
    assert charts_of("中直投资完成159.5亿元（其中：油田产能项目完成投资150亿元）。") == []
    assert charts_of("全市32个行业大类中，有18个行业同比增长。") == []


def test_falls_are_charted_with_their_sign():
    (chart,) = charts_of("采矿业增加值下降6.7%，制造业增加值增长2.2%。")
    assert (chart.family, chart.values, chart.written) == ("growth of amount", [-6.7, 2.2], ["-6.7", "2.2"])


def test_one_measure_at_two_times_is_charted_by_its_times():
    (chart,) = charts_of("预测2025年全球经济成长率为2.5%，较2024年之2.7%为低。")
    assert (chart.title, chart.categories, chart.written) == ("全球经济成长率", ["2025年", "2024年"], ["2.5", "2.7"])


def test_different_things_that_only_share_a_unit_are_not_charted():
    assert charts_of("新建5G基站320个、公共充电桩1500个、城市燃气管网46公里。") == []
    assert charts_of("学前教育毛入园率、九年义务教育巩固率分别达到92.5%和98.6%。") == []
    (chart,) = charts_of("城镇调查失业率、农村调查失业率分别为5.1%和4.2%。")
    assert chart.written == ["5.1", "4.2"]
    (chart,) = charts_of("粮食、油料、蔬菜产量分别达到48.6万吨、3.2万吨和86.4万吨。")
    assert chart.categories == ["粮食", "油料", "蔬菜"]


def test_a_quarter_by_quarter_series_is_a_line_named_by_its_measure():
    (chart,) = charts_of("1—4季度分别完成固定资产投资18.2亿元、24.6亿元、27.9亿元和31.5亿元，全年完成102.2亿元。")
    assert (chart.kind, chart.title, chart.categories, chart.written) == (
        "line", "固定资产投资", ["1季度", "2季度", "3季度", "4季度"], ["18.2", "24.6", "27.9", "31.5"])


def test_lower_bounds_given_once_after_respectively_are_not_charted():
    assert charts_of("力争新材料、食品加工、装备制造三大产业产值分别突破120亿元、80亿元和60亿元。") == []


def test_items_named_before_a_shared_measure_are_the_categories_and_the_measure_the_title():
    (chart,) = charts_of("城镇、农村居民人均可支配收入分别达到4.12万元和2.08万元。")
    assert (chart.title, chart.categories) == ("居民人均可支配收入", ["城镇", "农村"])
    (chart,) = charts_of("經海路及空路入境的旅客分別有437,602人次及363,032人次。")
    assert chart.categories == ["經海路入境的旅客", "經空路入境的旅客"]  # never 經海, 經空 + 路入境的旅客
    (chart,) = charts_of("一、二、三产业增加值分别增长3.2%、6.8%和5.7%。")
    assert (chart.title, chart.categories) == ("增加值增速", ["第一产业", "第二产业", "第三产业"])


def test_a_total_is_never_charted_beside_a_figure_per_head():
    assert charts_of("累计建成5G基站12,436个，每万人拥有5G基站26.4个。") == []
