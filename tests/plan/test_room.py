"""Slides use their room: few bullets, KPI cards and small tables grow within the theme's bounds and are centred;
quotations sit under a drawn quotation mark; long content keeps the style's size and starts at the top."""
from __future__ import annotations

from publisher.plan.model import Box, DeckPlan, SlidePlan, TableShape, TextFrame

BODY = Box(48, 116, 864, 376)  # the default theme's body area, cols 1–12
LEVEL0 = "■"
BULLETS = ["工业投资增长15.6%", "服务业增加值占比达到85%以上"]
KPIS = [{"label": "地区生产总值", "value": 2302.6, "unit": "亿元", "change": 5.2},
        {"label": "新增市场主体", "value": 1.45, "unit": "万户"}]


def content(plan: DeckPlan) -> list[SlidePlan]:
    return [s for s in plan.slides if s.layout not in ("cover", "agenda", "closing")]


def assert_fits(width: float, height: float, paragraphs, fonts, theme, where: str) -> None:
    """Assert that every line is narrower than width and that the paragraphs are no taller than height."""
    used = sum(p.height for p in paragraphs) - (paragraphs[0].space_before if paragraphs else 0.0)
    assert used <= height + 0.01, (where, used, height)
    roles = {fonts.family(role): role for role in ("chart", "serif", "body", "heading")}
    for para in paragraphs:
        for line in para.lines:
            measured = sum(fonts.metrics(roles[r.family], r.bold).width(r.text, r.size) for r in line)
            assert measured <= width - para.indent + 0.01, (where, "".join(r.text for r in line))


def frames(slide: SlidePlan, name: str) -> list[TextFrame]:
    return [s for s in slide.shapes if isinstance(s, TextFrame) and s.name == name]


def sizes(frame: TextFrame) -> set[float]:
    return {r.size for p in frame.paragraphs for line in p.lines for r in line}


def test_a_few_bullets_grow_are_spaced_out_and_centred(plan, outline, fonts, theme):
    five = [*BULLETS, "城镇调查失业率4.9%", "新增市场主体1.45万户", "规上工业增加值增长8.1%"]
    slide = content(plan(outline({"title": "要点", "blocks": [{"bullets": five}]})))[0]
    text = frames(slide, "Text")[0]
    body = theme.deck.body
    size = max(sizes(text))
    assert body.size < size <= body.max_size
    assert text.anchor == "ctr" and text.box == BODY
    gaps = [p.space_before for p in text.paragraphs[1:]]
    assert all(g > body.space_before * size for g in gaps), "top-level spacing grows when there is room"
    assert all(g <= body.max_space_before * size + 1e-6 for g in gaps)
    assert_fits(text.box.w, text.box.h, text.paragraphs, fonts, theme, "bullets")


def test_nested_bullets_keep_their_tighter_spacing_when_the_top_level_grows(plan, outline, theme):
    bullets = [{"text": "工业投资增长15.6%", "items": ["技改投资增长20%", "新开工项目42个"]}, "服务业占比达到85%以上"]
    text = frames(content(plan(outline({"title": "要点", "blocks": [{"bullets": bullets}]})))[0], "Text")[0]
    nested = [p for p in text.paragraphs if p.bullet != LEVEL0]
    top = [p for p in text.paragraphs[1:] if p.bullet == LEVEL0]
    assert nested and top and max(p.space_before for p in nested) < min(p.space_before for p in top)


def test_text_over_several_slides_stays_at_the_style_size_and_starts_at_the_top(stress, theme):
    slides = [s for s in stress.slides if s.source == ("sections", 0)]
    for slide in slides:
        text = frames(slide, "Text")[0]
        assert text.anchor == "t" and max(sizes(text)) <= theme.deck.body.size


def test_two_short_paragraphs_grow_too(plan, outline, theme):
    data = outline({"title": "综述", "blocks": [{"paragraph": "全年经济运行稳中有进。"},
                                              {"paragraph": "新增市场主体1.45万户。"}]})
    text = frames(content(plan(data))[0], "Text")[0]
    assert max(sizes(text)) > theme.deck.body.size and text.anchor == "ctr"


def cards(slide: SlidePlan) -> list[Box]:
    return [s.box for s in slide.shapes if getattr(s, "name", "") == "KPI Card"]


def kpis(count: int) -> list[dict]:
    return [{**KPIS[i % 2], "label": f"指标{i + 1}"} for i in range(count)]


def test_kpi_values_grow_with_the_room_within_the_theme_bounds(plan, outline, theme, fonts):
    spec = theme.deck.kpi
    slide = content(plan(outline({"title": "指标", "blocks": [{"kpis": kpis(2)}]})))[0]
    values = {max(r.size for r in f.paragraphs[0].lines[0]) for f in frames(slide, "KPI")}
    assert len(values) == 1 and spec.value_size < values.pop() <= spec.max_value_size
    for frame in frames(slide, "KPI"):
        assert_fits(frame.box.w, frame.box.h, frame.paragraphs, fonts, theme, "KPI")


def test_kpi_cards_are_arranged_in_centred_rows(plan, outline):
    for count, rows in ((2, [2]), (3, [3]), (4, [2, 2]), (5, [3, 2]), (6, [3, 3]), (7, [4, 3]), (8, [4, 4])):
        boxes = cards(content(plan(outline({"title": "指标", "blocks": [{"kpis": kpis(count)}]})))[0])
        tops = sorted({round(b.y, 3) for b in boxes})
        assert [sum(1 for b in boxes if round(b.y, 3) == t) for t in tops] == rows, count
        for top in tops:
            row = [b for b in boxes if round(b.y, 3) == top]
            left, right = min(b.x for b in row), max(b.right for b in row)
            assert abs((left - BODY.x) - (BODY.right - right)) < 0.01, f"{count} cards: row centred"
        block_top, block_bottom = min(b.y for b in boxes), max(b.bottom for b in boxes)
        assert abs((block_top - BODY.y) - (BODY.bottom - block_bottom)) < 0.01, f"{count} cards: centred"


def test_a_short_table_grows_and_is_centred_and_a_long_one_keeps_its_size_at_the_top(plan, outline, stress, theme):
    table = {"columns": ["指标", "数值"], "rows": [["地区生产总值", "2302.6"], ["新增市场主体", "1.45"]]}
    slide = content(plan(outline({"title": "表", "blocks": [{"table": table}]})))[0]
    shape = next(s for s in slide.shapes if isinstance(s, TableShape))
    size = shape.rows[1][0].paragraphs[0].lines[0][0].size
    assert theme.deck.table.size < size <= theme.deck.table.max_size
    assert shape.padding > theme.deck.table.padding
    assert abs((shape.box.y - BODY.y) - (BODY.bottom - shape.box.bottom)) < 0.01
    for long in (sl for sl in stress.slides if any(isinstance(s, TableShape) for s in sl.shapes)):
        [table] = [s for s in long.shapes if isinstance(s, TableShape)]
        leads = frames(long, "Lead")
        top = leads[0].box.bottom + theme.deck.grid.gutter / 2 if leads else BODY.y
        assert abs(table.box.y - top) < 0.01, "at the top of the body, under the slide's subtitle"
        assert table.rows[1][0].paragraphs[0].lines[0][0].size <= theme.deck.table.size


def test_a_table_does_not_grow_into_more_wrapped_cells(plan, outline):
    long_cell = "停车充电、供水改造、困难帮扶等十四项问题得到解决，群众满意度明显提升"
    table = {"columns": ["指标", "说明"], "rows": [["协商解决问题", long_cell], ["新增加装电梯", "占全市30%"]]}
    shape = next(s for s in content(plan(outline({"title": "表", "blocks": [{"table": table}]})))[0].shapes
                 if isinstance(s, TableShape))
    assert all(len(c.paragraphs[0].lines) == 1 for row in shape.rows for c in row)


def test_a_quotation_sits_under_its_opening_mark_drawn_large_and_keeps_its_closing_mark(plan, outline, fonts, theme):
    data = outline({"title": "引语", "blocks": [{"quote": {"text": "“征途漫漫，惟有奋斗。”", "by": "区委"}}]})
    slide = content(plan(data))[0]
    mark, quote, by = frames(slide, "Quote Mark")[0], frames(slide, "Quote")[0], frames(slide, "Quote By")[0]
    assert "".join(r.text for r in mark.paragraphs[0].lines[0]) == "“"
    text = "".join(r.text for p in quote.paragraphs for line in p.lines for r in line)
    assert text == "征途漫漫，惟有奋斗。”", "every mark the author wrote is shown"
    assert mark.box.y < quote.box.y < by.box.y and quote.paragraphs[0].align == by.paragraphs[0].align == "ctr"
    assert mark.box.x < BODY.x + BODY.w / 2 < mark.box.right, "the mark's ink is centred over the text"
    for frame in (mark, quote, by):
        assert_fits(frame.box.w, frame.box.h, frame.paragraphs, fonts, theme, frame.name)
        assert BODY.y - 0.2 * frame.box.h <= frame.box.y and frame.box.bottom <= BODY.bottom


def test_a_long_quotation_shrinks_rather_than_fill_the_slide(plan, outline, theme):
    text = "发展是第一要务，人才是第一资源，创新是第一动力。" * 4
    quote = frames(content(plan(outline({"title": "引语", "blocks": [{"quote": text}]})))[0], "Quote")[0]
    assert quote.box.h <= 0.65 * BODY.h + 0.01
