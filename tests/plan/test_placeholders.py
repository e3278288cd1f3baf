"""Regions held by template placeholders: fitted into the placeholder's box, decor left out, the template's colours."""
from __future__ import annotations

from test_deck import FIVE, assert_fits, content

from publisher.outline.model import Outline
from publisher.plan.deck import plan_deck
from publisher.plan.layouts import search_dirs
from publisher.plan.model import Box, TextFrame
from publisher.plan.region_kinds import load_layouts

TITLE_BOX = Box(60, 30, 420, 80)  # narrower than our title region: a long title must wrap into it
LEAD_BOX = Box(500, 30, 400, 80)
COVER_TITLE_BOX = Box(100, 300, 500, 150)
LONG_TITLE = "高质量发展连续五年领跑全省，营商环境持续优化"


def planned(outline, theme, fonts, tmp_path):
    data = outline({"title": LONG_TITLE, "lead": "全年地区生产总值突破2300亿元。", "blocks": [{"bullets": FIVE}]})
    boxes = {"bullets": {"title": TITLE_BOX, "lead": LEAD_BOX}, "cover": {"title": COVER_TITLE_BOX}}
    return plan_deck(Outline.model_validate(data), theme, fonts, tmp_path, None, boxes)


def test_held_regions_are_fitted_into_the_placeholder_boxes(outline, theme, fonts, tmp_path):
    plan = planned(outline, theme, fonts, tmp_path)
    slide = content(plan)[0]
    frames = {s.region: s for s in slide.shapes if isinstance(s, TextFrame)}
    assert frames["title"].box == TITLE_BOX and len(frames["title"].paragraphs[0].lines) == 2
    assert frames["lead"].box.x == LEAD_BOX.x and frames["lead"].box.y == LEAD_BOX.y
    assert frames["text"].box.y == theme.deck.grid.body_top  # a lead in a placeholder pushes nothing down
    cover_title = next(s for s in plan.slides[0].shapes if s.region == "title")
    assert cover_title.box == COVER_TITLE_BOX
    for frame in (*frames.values(), cover_title):
        assert_fits(frame.box.w * (1 - theme.deck.fit.width_margin), frame.box.h, frame.paragraphs, fonts, theme,
                    frame.region)


def test_decor_is_left_out_and_text_takes_the_template_colours_only_on_designed_layouts(outline, theme, fonts,
                                                                                          tmp_path):
    plan = planned(outline, theme, fonts, tmp_path)
    layouts = load_layouts(search_dirs(theme.deck, tmp_path))
    for slide in plan.slides:
        regions = layouts[slide.layout].regions
        assert all(shape.region in regions for shape in slide.shapes)
        drawn = {shape.region for shape in slide.shapes}
        decor = {name for name, region in regions.items() if region.decor}
        designed = slide.layout in ("bullets", "cover")
        assert not drawn & decor if designed else decor <= drawn, slide.layout
        colours = {run.color for s in slide.shapes if isinstance(s, TextFrame)
                   for p in s.paragraphs for line in p.lines for run in line}
        assert colours == {""} if designed else "" not in colours, slide.layout


def test_a_region_drawn_over_a_placeholder_holding_another_is_a_notice(outline, theme, fonts, tmp_path):
    data = Outline.model_validate(outline({"title": "经济运行", "lead": "全年地区生产总值突破2300亿元。",
                                           "blocks": [{"bullets": FIVE}]}))
    over_title = Box(40, 60, 880, 50)  # the lead's placeholder reaches up into our title
    plan = plan_deck(data, theme, fonts, tmp_path, None, {"bullets": {"lead": over_title}})
    [notice] = [n for n in plan.notices if "drawn over" in n.message]
    assert notice.message.startswith("region 'title' is drawn over the template placeholder holding 'lead'")
    assert plan.slides[notice.slide - 1].layout == "bullets"
    lead = next(s.box for s in content(plan_deck(data, theme, fonts, tmp_path))[0].shapes if s.region == "lead")
    clear = plan_deck(data, theme, fonts, tmp_path, None, {"bullets": {"lead": lead}})  # where our lead would be
    assert not [n for n in clear.notices if "drawn over" in n.message]
    text = next(s.box for s in content(clear)[0].shapes if s.region == "text")
    assert text.y >= lead.bottom  # a placeholder reaching into the body pushes the body below it
