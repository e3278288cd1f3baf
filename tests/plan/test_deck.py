"""The deck planner, in memory with real font metrics: layouts chosen, nothing lost, everything fits its box."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from publisher.errors import PublisherError
from publisher.plan.model import ChartShape, DeckPlan, SlidePlan, TableShape, TextFrame
from publisher.plan.units import deck_units
from publisher.theme.styles import Theme

CHART = {"type": "bar", "title": "地区生产总值", "categories": ["2023", "2024"],
         "series": [{"name": "GDP", "values": [2200.8, 2302.6]}]}
KPIS = [{"label": "地区生产总值", "value": 2302.6, "unit": "亿元", "change": 5.2},
        {"label": "新增市场主体", "value": 1.45, "unit": "万户"}]
BULLETS = ["工业投资增长15.6%", "服务业增加值占比达到85%以上"]  # two short points: cards of their own
FIVE = [*BULLETS, "城镇调查失业率4.9%", "新增市场主体1.45万户", "数字经济核心企业9500余家"]  # a list: bullets


def content(plan: DeckPlan) -> list[SlidePlan]:
    """Return the slides between the cover (and agenda) and the closing slide."""
    return [s for s in plan.slides if s.layout not in ("cover", "agenda", "closing")]


def texts(slide: SlidePlan, name: str) -> list[str]:
    """Return the paragraphs' text of the slide's frames called name, lines joined."""
    return ["".join(r.text for line in p.lines for r in line)
            for s in slide.shapes if isinstance(s, TextFrame) and s.name == name for p in s.paragraphs]


def test_blocks_pick_their_layouts(plan, outline):
    data = outline(
        {"title": "指标", "blocks": [{"kpis": KPIS}]},
        {"title": "图文", "blocks": [{"bullets": BULLETS}, {"chart": CHART}]},
        {"title": "双图", "blocks": [{"chart": CHART}, {"chart": CHART}]},
        {"title": "表格", "blocks": [{"table": {"columns": ["指标", "数值"], "rows": [["GDP", 2302.6]]}}]},
        {"title": "引语", "blocks": [{"quote": {"text": "征途漫漫，惟有奋斗。", "by": "区委"}}]},
    )
    assert [s.layout for s in content(plan(data))] == ["kpis", "chart_bullets", "two_charts", "table", "quote"]


def test_deck_opens_with_cover_and_agenda_and_ends_with_closing(plan, outline):
    slides = plan(outline(*({"title": f"第{n}部分", "blocks": [{"bullets": BULLETS}]} for n in range(3)))).slides
    assert [s.layout for s in slides[:2]] == ["cover", "agenda"]
    assert slides[-1].layout == "closing"
    assert texts(slides[1], "Agenda Entry") == ["第0部分", "第1部分", "第2部分"]


def test_section_layout_is_honoured_and_unknown_names_are_located_errors(plan, outline):
    forced = outline({"title": "图表", "layout": "chart", "blocks": [{"chart": CHART}, {"bullets": BULLETS}]})
    assert [s.layout for s in content(plan(forced))] == ["chart", "points"]
    with pytest.raises(PublisherError, match=r"no slide layout 'chrat'.*did you mean 'chart'"):
        plan(outline({"title": "图表", "layout": "chrat", "blocks": [{"chart": CHART}]}))


def test_report_only_blocks_are_skipped_and_every_other_paragraph_joins_the_text(outline):
    from publisher.outline.model import Outline

    section = Outline.model_validate(outline({"title": "节", "blocks": [
        "一段正文。", {"paragraph": "只在报告中。", "only": "report"}, {"paragraph": "只在简报中。", "only": "deck"},
        {"bullets": BULLETS}, {"chart": CHART, "only": "report"}]})).sections[0]
    units = deck_units(section, ("sections", 0))
    assert [u.kind for u in units] == ["text"]
    assert [(item.text, item.bullet) for item in units[0].content] == [
        ("一段正文。", False), ("只在简报中。", False), *((b, True) for b in BULLETS)]


def test_the_cover_names_organisation_author_and_date_leaving_out_what_is_empty(plan, outline):
    data = outline({"title": "节", "blocks": [{"bullets": BULLETS}]})
    data["report"] |= {"author": "区政府办公室", "date": "2025年1月"}
    assert texts(plan(data).slides[0], "Label")[-1] == "武昌区\u3000区政府办公室\u30002025年1月"
    data["report"] = {"title": "测试报告", "author": "张三"}
    assert texts(plan(data).slides[0], "Label")[-1] == "张三"


def test_plain_paragraphs_go_to_the_deck_when_a_section_has_no_bullets(plan, outline):
    slides = content(plan(outline({"title": "正文", "blocks": ["第一段。", "第二段。"]})))
    assert texts(slides[0], "Text") == ["第一段。", "第二段。"]


def with_dividers(theme: Theme, rule: str) -> Theme:
    return theme.model_copy(update={"deck": theme.deck.model_copy(update={"dividers": rule})})


def test_dividers_follow_one_rule_for_every_top_level_section(plan, outline, theme):
    data = outline({"title": "改革创新", "lead": "引言", "sections": [
        {"title": "营商环境", "blocks": [{"bullets": FIVE}]},
        {"title": "科技创新", "lead": "只有引言。"}]},
        {"title": "民生", "blocks": [{"bullets": FIVE}]})
    slides = content(plan(data, with_theme=with_dividers(theme, "all")))
    assert [(s.layout, s.title) for s in slides] == [
        ("section", "改革创新"), ("bullets", "营商环境"), ("key_message", "科技创新"), ("section", "民生"),
        ("bullets", "民生")]
    assert [texts(s, "Label")[0] for s in slides if s.layout == "section"] == ["01", "02"]
    slides = content(plan(data, with_theme=with_dividers(theme, "none")))
    assert [(s.layout, s.title) for s in slides] == [
        ("key_message", "改革创新"), ("bullets", "营商环境"), ("key_message", "科技创新"), ("bullets", "民生")]
    assert [texts(s, "Footer") for s in slides] == [["01\u3000改革创新"]] * 3 + [["02\u3000民生"]], \
        "without dividers every slide names its top-level section"


def test_notes_come_from_notes_else_lead(plan, outline):
    data = outline({"title": "甲", "notes": "讲稿", "lead": "引言", "blocks": [{"bullets": BULLETS}]},
                   {"title": "乙", "lead": "只有引言", "blocks": [{"bullets": BULLETS}]})
    assert [s.notes for s in content(plan(data))] == ["讲稿", "只有引言"]


def test_lead_sits_under_the_title_and_pushes_the_body_down(plan, outline):
    slide = content(plan(outline({"title": "甲", "lead": "全年地区生产总值突破2300亿元。",
                                  "blocks": [{"bullets": FIVE}]})))[0]
    lead = next(s for s in slide.shapes if isinstance(s, TextFrame) and s.name == "Lead")
    body = next(s for s in slide.shapes if isinstance(s, TextFrame) and s.name == "Text")
    assert lead.box.bottom < body.box.y


def test_a_kpi_value_in_words_wraps_inside_its_card(plan, outline, fonts, theme):
    kpis = [{"label": "高质量发展", "value": "连续五年领跑全省，位居中部城区第一方阵"}, *KPIS]
    slide = content(plan(outline({"title": "指标", "blocks": [{"kpis": kpis}]})))[0]
    cards = [s for s in slide.shapes if isinstance(s, TextFrame) and s.name == "KPI"]
    assert len(cards[0].paragraphs[0].lines) > 1
    values = [card.paragraphs[0] for card in cards[1:]]
    assert all(len(v.lines) == 1 for v in values), "the other values keep one line"
    assert len({max(r.size for r in v.lines[0]) for v in values}) == 1, "and share one size"
    assert theme.deck.kpi.value_size <= max(r.size for r in values[0].lines[0]) <= theme.deck.kpi.max_value_size
    for card in cards:
        assert_fits(card.box.w, card.box.h, card.paragraphs, fonts, theme, "KPI")


def test_a_long_unit_goes_on_under_its_number_at_the_units_size(plan, outline, fonts, theme):
    """An English value too wide for its card keeps its number's size: the words of its unit that fit stay beside
    it, the others go on below, small; never the whole value shrunk and broken inside 7.4981 million."""
    kpis = [{"label": f"District {n}", "value": 7498100, "unit": "people", "scale": "auto"} for n in range(8)]
    slide = content(plan(outline({"title": "Figures", "blocks": [{"kpis": kpis}]}),
                         with_theme=theme.localized("en-US")))[0]
    cards = [s for s in slide.shapes if isinstance(s, TextFrame) and s.name == "KPI"]
    first, rest = cards[0].paragraphs[0], cards[0].paragraphs[1]
    number, unit = first.lines[0][0], first.lines[0][-1]
    assert (number.text, unit.text) == ("7.4981", " million") and number.size > unit.size
    assert [[r.text for r in line] for line in rest.lines] == [["people"]] and rest.lines[0][0].size == unit.size
    for card in cards:
        assert_fits(card.box.w, card.box.h, card.paragraphs, fonts, theme, "KPI")


def test_chart_description_is_alt_text(plan, outline):
    slide = content(plan(outline({"title": "图", "blocks": [{"chart": {**CHART, "alt": "两年GDP对比"}}]})))[0]
    chart = next(s for s in slide.shapes if isinstance(s, ChartShape))
    assert chart.description == "两年GDP对比"


def test_forty_bullets_continue_on_slides_titled_continued(stress):
    slides = [s for s in stress.slides if s.source == ("sections", 0)]
    assert len(slides) > 1
    assert slides[0].title == "四十条要点"
    assert all(s.title == "四十条要点（续）" for s in slides[1:])
    sizes = {p.lines[0][0].size for s in slides for f in s.shapes if isinstance(f, TextFrame) and f.name == "Text"
             for p in f.paragraphs if p.bullet == "■"}
    assert len(sizes) == 1, "continuation slides keep the size chosen first"


def test_notices_name_the_slide_they_concern(stress):
    for notice in stress.notices:
        slide = stress.slides[notice.slide - 1]
        assert notice.path[:len(slide.source)] == slide.source, (notice, slide.title)
    continued = {n.slide for n in stress.notices if "continued" in n.message}
    titled = {n for n, s in enumerate(stress.slides, 1) if s.title.endswith("（续）") and s.layout != "agenda"}
    assert len(continued) >= 3 and continued == titled
    [shortened] = [n for n in stress.notices if n.message.startswith("title shortened")]
    assert texts(stress.slides[shortened.slide - 1], "Title")[0].endswith("…")


def test_text_set_at_its_minimum_size_is_a_notice_on_its_first_slide(plan, outline, theme):
    big = theme.model_copy(update={"deck": theme.deck.model_copy(update={
        "body": theme.deck.body.model_copy(update={"size": 22.0})})})
    deck = plan(yaml.safe_load(STRESS.read_text(encoding="utf-8")), with_theme=big)
    [notice] = [n for n in deck.notices if "minimum size" in n.message]
    minimum = theme.deck.minimum.body
    assert notice.message == f"text set at the minimum size, {minimum:g} pt (from 22), to fit the slide"
    slide = deck.slides[notice.slide - 1]
    assert not slide.title.endswith("（续）") and deck.slides[notice.slide].title.endswith("（续）")
    sizes = {run.size for s in slide.shapes if isinstance(s, TextFrame) and s.name == "Text"
             for p in s.paragraphs for line in p.lines for run in line}
    assert sizes == {minimum}
    roomy = plan(outline({"title": "短", "blocks": [{"bullets": ["一条要点。", "两条要点。"]}]}))
    assert not roomy.notices


def test_no_text_is_set_below_the_theme_minimum_sizes(stress, theme):
    minimum = theme.deck.minimum
    floors = {"Text": minimum.body, "Lead": minimum.body, "Quote": minimum.body, "Agenda Entry": minimum.body,
              "KPI": minimum.note, "Chart Title": minimum.table, "Caption": minimum.note, "Footer": minimum.note}
    for slide in stress.slides:
        for frame in (s for s in slide.shapes if isinstance(s, TextFrame)):
            sizes = [run.size for p in frame.paragraphs for line in p.lines for run in line]
            assert min(sizes, default=99) >= floors.get(frame.name, minimum.note), (slide.title, frame.name, sizes)
        for table in (s for s in slide.shapes if isinstance(s, TableShape)):
            sizes = [r.size for row in table.rows for cell in row for p in cell.paragraphs for line in p.lines
                     for r in line]
            assert min(sizes) >= minimum.table


def test_every_bullet_is_written_once_and_whole(stress):
    from publisher.outline.model import Outline
    from publisher.plan.text import bullet_items

    source = Outline.model_validate(yaml.safe_load(STRESS.read_text(encoding="utf-8")))
    expected = "".join(i.text for i in bullet_items(source.sections[0].blocks[0].bullets))
    slides = [s for s in stress.slides if s.source == ("sections", 0)]
    written = "".join(t for s in slides for t in texts(s, "Text"))
    assert re.sub(r"\s", "", written) == re.sub(r"\s", "", expected)


def test_long_table_repeats_its_header_and_writes_every_row_once(stress):
    tables = [t for s in stress.slides for t in s.shapes if isinstance(t, TableShape)]
    assert len(tables) > 1
    headers = {tuple("".join(r.text for r in c.paragraphs[0].lines[0]) for c in t.rows[0]) for t in tables}
    assert headers == {("街道", "产值（亿元）", "增速", "常住人口", "完成情况")}
    firsts = ["".join(r.text for line in row[0].paragraphs[0].lines for r in line)
              for t in tables for row in t.rows[1:]]
    assert firsts == [f"街道{n:02d}（{['积玉桥', '杨园', '徐家棚', '水果湖', '中南路', '首义路'][n % 6]}）"
                      for n in range(1, 31)]
    numeric = tables[0].rows[1][1].paragraphs[0]
    assert numeric.align == "r"


def test_titles_take_at_most_two_lines_and_a_shortened_one_goes_to_the_notes(stress):
    for slide in stress.slides:
        for frame in (s for s in slide.shapes if isinstance(s, TextFrame) and s.name == "Title"):
            assert len(frame.paragraphs[0].lines) <= 2
    long = next(s for s in stress.slides if s.source == ("sections", 1))
    assert texts(long, "Title")[0].endswith("…")
    assert long.notes.startswith(long.title)


def test_all_eight_kpis_are_shown(stress):
    slides = [s for s in stress.slides if s.source == ("sections", 3)]
    values = [t for s in slides for t in texts(s, "KPI") if re.match(r"^[近超]?[\d.,]+", t)]
    assert len(values) == 8


def test_every_planned_frame_fits_its_box(stress, fonts, theme):
    for slide in stress.slides:
        for frame in (s for s in slide.shapes if isinstance(s, TextFrame)):
            assert_fits(frame.box.w, frame.box.h, frame.paragraphs, fonts, theme, slide.title)
        for table in (s for s in slide.shapes if isinstance(s, TableShape)):
            for row, height in zip(table.rows, table.heights, strict=True):
                for cell, width in zip(row, table.widths, strict=True):
                    inner = (width - 2 * table.padding, height - 2 * table.padding)
                    assert_fits(*inner, cell.paragraphs, fonts, theme, slide.title)


def test_no_shape_leaves_the_slide(stress):
    for slide in stress.slides:
        for shape in slide.shapes:
            box = shape.box
            assert box.x >= 0 and box.y >= 0, (slide.title, shape)
            assert box.right <= stress.width + 1e-6 and box.bottom <= stress.height + 1e-6, (slide.title, shape)


def test_a_theme_layout_folder_adds_a_layout_from_yaml_alone(plan, outline, tmp_path, theme: Theme):
    (tmp_path / "text_chart.yaml").write_text(
        "extends: _content\npriority: 5\nregions:\n"
        "  text: {kind: text, cols: [1, 5], area: body}\n"
        "  chart: {kind: chart, cols: [6, 12], area: body}\n", encoding="utf-8")
    custom = theme.model_copy(update={"deck": theme.deck.model_copy(update={"layouts_dirs": [str(tmp_path)]})})
    data = outline({"title": "图文", "blocks": [{"bullets": BULLETS}, {"chart": CHART}]})
    slides = content(plan(data, tmp_path, custom))
    assert [s.layout for s in slides] == ["text_chart"]
    text = next(s for s in slides[0].shapes if isinstance(s, TextFrame) and s.name == "Text")
    chart = next(s for s in slides[0].shapes if isinstance(s, ChartShape))
    assert text.box.right < chart.box.x


def assert_fits(width: float, height: float, paragraphs, fonts, theme, where: str) -> None:
    """Assert that every line is narrower than width and that the paragraphs are no taller than height."""
    used = sum(p.height for p in paragraphs) - (paragraphs[0].space_before if paragraphs else 0.0)
    assert used <= height + 0.01, (where, used, height)
    for para in paragraphs:
        for line in para.lines:
            measured = sum(fonts.metrics(_role(r.family, fonts), r.bold).width(r.text, r.size) for r in line)
            assert measured <= width - para.indent + 0.01, (where, "".join(r.text for r in line))


def _role(family: str, fonts) -> str:
    return next(role for role in ("body", "heading", "serif", "chart") if fonts.family(role) == family)


STRESS = Path(__file__).parents[2] / "examples" / "stress" / "outline.yaml"


def test_a_column_of_numbers_with_units_is_right_aligned_in_both_outputs(outline, theme, fonts, tmp_path):
    from publisher.outline.model import Outline
    from publisher.plan.deck import plan_deck
    from publisher.write.pdf_blocks import _alignment

    table = {"columns": ["指标", "数值", "增速"], "rows": [["地区生产总值", "2302.6亿元", "增长5.2%"],
                                                         ["市场主体", "1,902家", "增长3.1%"]]}
    source = Outline.model_validate(outline({"title": "主要指标", "blocks": [{"table": table}]}))
    plan = plan_deck(source, theme, fonts, tmp_path)
    [shape] = [s for slide in plan.slides for s in slide.shapes if isinstance(s, TableShape)]
    assert [cell.paragraphs[0].align for cell in shape.rows[1]] == ["l", "r", "l"]
    model = source.sections[0].blocks[0].table
    assert [_alignment(model, i) for i in range(3)] == ["left", "right", "left"]


def test_the_official_theme_gives_the_deck_its_sober_look(plan, outline):
    from publisher.plan.model import Rect
    from publisher.theme.styles import load_theme

    official = load_theme("gbt9704", Path("."))
    deck = plan(outline({"title": "经济运行", "lead": "稳中有进。", "blocks": [{"bullets": FIVE}, {"chart": CHART}]},
                        {"title": "民生", "blocks": [{"kpis": KPIS}]}, {"title": "治理", "blocks": [{"table": {
                            "columns": ["指标", "数值"], "rows": [["加装电梯", "121部"]]}}]}), with_theme=official)
    assert [deck.slides[0].layout, deck.slides[-1].layout] == ["cover_official", "closing_official"]
    colours = {s.fill for slide in deck.slides for s in slide.shapes if isinstance(s, Rect)}
    runs = {r.color for slide in deck.slides for s in slide.shapes if isinstance(s, TextFrame)
            for p in s.paragraphs for line in p.lines for r in line}
    default_blue = "1F4E79"
    assert default_blue not in colours | runs, "no colour of the default look is left"
    assert runs <= {"000000", "FFFFFF", official.colors.accent, official.colors.up, official.colors.down}
    full_bleed = [s for slide in deck.slides for s in slide.shapes if isinstance(s, Rect) and s.box.w >= deck.width]
    assert full_bleed == [], "white slides, ruled in red, no full-bleed colour"
    title = next(s for s in deck.slides[0].shapes if isinstance(s, TextFrame) and s.region == "title")
    assert {r.color for line in title.paragraphs[0].lines for r in line} == {official.colors.accent}


def test_a_role_given_to_an_unknown_or_miscast_layout_is_a_located_error(plan, outline, theme):
    for name, message in (("cover_oficial", "no slide layout 'cover_oficial'; expected one of cover, cover_official "
                                            "(did you mean 'cover_official'?)"),
                          ("bullets", "slide layout 'bullets' plays the content, not the cover")):
        miscast = theme.model_copy(update={"deck": theme.deck.model_copy(update={"roles": {"cover": name}})})
        with pytest.raises(PublisherError, match=re.escape(message)):
            plan(outline({"title": "节", "blocks": [{"bullets": FIVE}]}), with_theme=miscast)
