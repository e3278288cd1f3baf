"""The slide composer on real outlines: the example in at most 20 slides, every slide covered and readable, every
text of every outline carried into the deck, later slides saying what they add, crowded blocks kept apart."""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from publisher.api import load_project
from publisher.outline.model import (
    BulletsBlock,
    ChartBlock,
    ImageBlock,
    KpisBlock,
    Outline,
    ParagraphBlock,
    Quote,
    QuoteBlock,
    TableBlock,
)
from publisher.plan.deck import plan_deck
from publisher.plan.model import ChartShape, DeckPlan, Rect, SlidePlan, TableShape, TextFrame
from publisher.plan.tables import cell_text
from publisher.plan.text import bullet_items
from publisher.text.numbers import change_text, figure_parts
from publisher.theme.locales import resolve

ROOT = Path(__file__).parents[2]
EXAMPLE = ROOT / "examples" / "wuchang-2024" / "outline.yaml"
OUTLINES = [EXAMPLE, *(ROOT / "examples" / name / "outline.yaml" for name in ("stress", "chart-gallery")),
            *sorted((ROOT / "tests" / "outlines").glob("*.yaml"))]
STATEMENTS = ("cover", "agenda", "section", "key_message", "closing", "quote")  # slides meant to be sparse
QUOTE_MARKS = "“”「」『』\""


@pytest.fixture(scope="module", params=OUTLINES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def planned(request) -> tuple[Outline, DeckPlan, object]:
    project = load_project(request.param)
    return project.outline, plan_deck(project.outline, project.theme, project.fonts, project.base_dir), project


@pytest.fixture(scope="module")
def example() -> tuple[DeckPlan, object]:
    project = load_project(EXAMPLE)
    return plan_deck(project.outline, project.theme, project.fonts, project.base_dir), project


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def outline_texts(outline: Outline) -> list[str]:
    """Return every text of the outline a deck shows: titles, leads, paragraphs, bullets, KPI figures and words,
    chart titles and captions, table cells, quotations."""
    out = []
    numerals = resolve(outline.report.language)[0].numerals()
    for _, section in outline.walk():
        out += [section.title, section.lead]
        for block in (b for b in section.blocks if b.only != "report"):
            out += _block_texts(block, numerals)
    return [t for t in out if t]


def _block_texts(block, numerals) -> list[str]:
    if isinstance(block, ParagraphBlock):
        return [block.paragraph]
    if isinstance(block, BulletsBlock):
        return [item.text for item in bullet_items(block.bullets)]
    if isinstance(block, KpisBlock):
        return [t for k in block.kpis
                for t in ("".join(figure_parts(k.value, k.unit, k.qualifier, k.prefix, k.scale, numerals)), k.label,
                          k.note, change_text(k.change, k.change_unit, numerals=numerals))]
    if isinstance(block, ChartBlock):
        return [block.chart.title, block.chart.caption, block.chart.source]
    if isinstance(block, TableBlock):
        table = block.table
        names = [c if isinstance(c, str) else c.name for c in table.columns]
        return [table.caption, table.note, table.source, *names, *(cell_text(v) for row in table.rows for v in row)]
    if isinstance(block, ImageBlock):
        return [block.image.caption, block.image.source]
    assert isinstance(block, QuoteBlock)
    quote = block.quote if isinstance(block.quote, Quote) else Quote(text=block.quote)
    return [quote.text.strip(QUOTE_MARKS).rstrip("。"), quote.by]


def frame_text(frame: TextFrame) -> str:
    return "".join(r.text for p in frame.paragraphs for line in p.lines for r in line)


def deck_text(plan: DeckPlan) -> str:
    """Return everything the deck shows and says, squeezed: text frames, table cells, native charts' words and the
    speaker notes (where a shortened title is written whole)."""
    out = []
    for slide in plan.slides:
        out.append(slide.notes)
        for shape in slide.shapes:
            if isinstance(shape, TextFrame):
                out.append(frame_text(shape))
            elif isinstance(shape, TableShape):
                out += ["".join(r.text for p in c.paragraphs for line in p.lines for r in line) for row in shape.rows
                        for c in row]
    return squeeze("\n".join(out))


def charts_drawn(plan: DeckPlan) -> list:
    return [shape.chart for slide in plan.slides for shape in slide.shapes if isinstance(shape, ChartShape)]


def test_every_text_and_chart_of_the_outline_is_on_a_slide_or_in_its_notes(planned):
    outline, plan, _ = planned
    shown = deck_text(plan)
    missing = [text for text in outline_texts(outline) if squeeze(text) not in shown]
    assert missing == []
    charts = [b.chart for _, s in outline.walk() for b in s.blocks if isinstance(b, ChartBlock) and b.only != "report"]
    assert charts_drawn(plan) == charts, "every chart drawn once, in reading order, with its data"


def test_the_check_finds_a_text_a_slide_dropped(planned):
    outline, plan, _ = planned
    victim = squeeze(max(outline_texts(outline), key=len))
    kept = [replace(slide, notes="", shapes=tuple(s for s in slide.shapes if not (
        isinstance(s, TextFrame) and victim in squeeze(frame_text(s))))) for slide in plan.slides]
    assert victim not in deck_text(replace(plan, slides=kept))


def ink_area(shape, project) -> float:
    """Return the area a shape inks, measured: a text frame's widest line by its lines' height, other shapes their
    box (decor bands left out)."""
    if isinstance(shape, TextFrame):
        roles = {project.fonts.family(role): role for role in ("chart", "serif", "body", "heading")}
        widths = [p.indent + sum(project.fonts.metrics(roles[r.family], r.bold).width(r.text, r.size) for r in line)
                  for p in shape.paragraphs for line in p.lines]
        height = sum(p.height for p in shape.paragraphs) - (shape.paragraphs[0].space_before if shape.paragraphs
                                                              else 0)
        return min(shape.box.w, max(widths, default=0)) * min(shape.box.h, height)
    if isinstance(shape, Rect) and shape.name in ("Band", "KPI Bar", "Point Bar"):
        return 0.0
    return shape.box.w * shape.box.h


def coverage(slide: SlidePlan, project) -> float:
    """Return the share of the slide's body area (below the title, inside the margins, above the footer) that its
    content inks; shapes inside a card or panel count once, with the card."""
    deck = project.theme.deck
    body = (deck.width - 2 * deck.margin) * (deck.grid.body_bottom - deck.grid.body_top)
    content = [s for s in slide.shapes if s.region not in ("title", "title_bar", "footer")]
    filled = [s.box for s in content if isinstance(s, Rect) and s.name in ("KPI Card", "Point Card", "Quote Panel")]
    inside = [s for s in content if any(_within(s.box, box) for box in filled) and not isinstance(s, Rect)]
    return sum(ink_area(s, project) for s in content if s not in inside) / body


def _within(inner, outer) -> bool:
    return outer.x <= inner.x and outer.y <= inner.y and inner.right <= outer.right + 0.01 and \
        inner.bottom <= outer.bottom + 0.01


def test_the_example_carries_everything_in_at_most_twenty_well_covered_slides(example):
    plan, project = example
    assert len(plan.slides) <= 20
    thin = [(n, s.layout, round(coverage(s, project), 2)) for n, s in enumerate(plan.slides, 1)
            if s.layout not in STATEMENTS and coverage(s, project) < 0.3]
    assert thin == []


def test_no_content_slide_of_any_outline_is_thin(planned):
    """A continued table's slides share its rows evenly, so none holds a thin last row or two on its own."""
    _, plan, project = planned
    thin = [(n, s.layout, s.title, round(coverage(s, project), 2)) for n, s in enumerate(plan.slides, 1)
            if s.layout not in STATEMENTS and coverage(s, project) < 0.3]
    assert thin == []


def test_a_continued_table_shares_its_rows_evenly_between_its_slides(plan, outline):
    rows = [[f"第{n}街道", f"{n * 7.5:.1f}", f"{n * 3}"] for n in range(1, 15)]
    slides = plan(outline({"title": "分街道", "blocks": [{"table": {"columns": ["街道", "产值（亿元）", "企业（家）"],
                                                                     "rows": rows}}]})).slides
    tables = [t for s in slides for t in s.shapes if isinstance(t, TableShape)]
    counts = [len(t.rows) - 1 for t in tables]
    assert sum(counts) == len(rows) and len(counts) > 1
    assert max(counts) - min(counts) <= 1, counts
    sizes = {r.size for t in tables for row in t.rows for c in row for p in c.paragraphs for line in p.lines
             for r in line}
    assert len(sizes) == 1 and sizes.pop() > 14, "one size on every slide, as large as keeps two slides"


def test_every_later_slide_of_a_section_says_what_it_adds(planned):
    _, plan, project = planned
    continued = project.theme.locale.continued
    for previous, slide in zip(plan.slides, plan.slides[1:], strict=False):
        if slide.source != previous.source or slide.layout in STATEMENTS:
            continue
        said = [frame_text(f) for f in slide.shapes if isinstance(f, TextFrame) and f.name in ("Lead", "Chart Title")]
        assert slide.title.endswith(continued) or any(said), (slide.title, slide.layout)
        assert slide.title.endswith(continued) or _signature(slide) != _signature(previous), slide.title


def _signature(slide: SlidePlan) -> tuple:
    return slide.title, tuple(frame_text(f) for f in slide.shapes if isinstance(f, TextFrame)
                              and f.name in ("Lead", "Chart Title"))


def test_no_text_is_set_below_the_theme_minimum_sizes(planned):
    _, plan, project = planned
    minimum = project.theme.deck.minimum
    floors = {"Text": minimum.body, "Lead": minimum.body, "Quote": minimum.body, "Agenda Entry": minimum.body,
              "Point": minimum.body, "Chart Title": minimum.table, "Caption": minimum.note, "Footer": minimum.note,
              "KPI": minimum.note}
    for slide in plan.slides:
        for frame in (s for s in slide.shapes if isinstance(s, TextFrame)):
            sizes = [r.size for p in frame.paragraphs for line in p.lines for r in line]
            assert min(sizes, default=99) >= floors.get(frame.name, minimum.note), (slide.title, frame.name)
            if frame.name == "KPI":
                labels = [r.size for p in frame.paragraphs[1:2] for line in p.lines for r in line]
                assert min(labels) >= minimum.table, (slide.title, frame_text(frame))
        for table in (s for s in slide.shapes if isinstance(s, TableShape)):
            assert min(r.size for row in table.rows for c in row for p in c.paragraphs for line in p.lines
                       for r in line) >= minimum.table


def test_a_crowded_chart_gets_a_slide_of_its_own(plan, outline):
    months = {"type": "line", "title": "月度走势", "categories": [f"{m}月" for m in range(1, 13)],
              "series": [{"name": "产值", "values": list(range(12))}]}
    small = {"type": "bar", "title": "两年对比", "categories": ["2023年", "2024年"],
             "series": [{"name": "产值", "values": [1, 2]}]}
    slides = plan(outline({"title": "图", "blocks": [{"chart": months}, {"chart": small}, {"chart": small}]})).slides
    assert [s.layout for s in slides[1:-1]] == ["chart", "two_charts"]


def test_thin_blocks_share_a_slide_and_a_dense_one_continues_then_shares(plan, outline):
    kpis = [{"label": f"指标{n}", "value": n, "unit": "个"} for n in range(1, 4)]
    many = [f"第{n}项工作：围绕高质量发展主题完成年度目标任务" for n in range(1, 17)]
    slides = plan(outline({"title": "节", "blocks": [{"bullets": many}, {"kpis": kpis}]})).slides[1:-1]
    assert [s.layout for s in slides][-1] == "kpis_text", "the list's last part shares a slide with the KPIs"
    assert all(s.layout == "bullets" for s in slides[:-1]) and slides[-1].title == "节（续）"


def text_height(frame: TextFrame) -> float:
    return sum(p.height for p in frame.paragraphs) - (frame.paragraphs[0].space_before if frame.paragraphs else 0.0)


def test_text_under_tall_kpi_cards_is_never_set_in_a_frame_shorter_than_its_line(plan, outline):
    """Six KPI cards with long labels, large values and changes leave 23.2 pt under them: a one-line paragraph
    (31.2 pt at 24 pt, 23.4 pt at the 18 pt minimum) goes to another slide rather than overflow that frame (a case
    the random outlines of tests/write/test_properties.py found)."""
    kpis = [{"label": "4文务数服G五会量治连PG全", "value": 2445314270.988317, "unit": "亿元", "qualifier": "超",
             "change": -32.582651753425694},
            {"label": "跑1目服武合旅作游", "value": 4942207815.615608, "unit": "家", "qualifier": "超"},
            {"label": "昌城大D务治理全连开政旅质全", "value": 3723935763.51168, "unit": ""},
            {"label": "展5业开量游合生社济", "value": 727580646.2386452, "unit": "%"},
            {"label": "P市协企社", "value": 1078671641.6218712, "unit": "%", "qualifier": "超",
             "change": 5.7164921398346635},
            {"label": "4治济项城0协全创社务领5全", "value": 3.0, "unit": "亿元", "qualifier": "余",
             "change": -8.4e-162}]
    slides = plan(outline({"title": "市生市", "lead": "年？费！业续治R省高1昌企T", "blocks": [
        {"kpis": kpis}, {"paragraph": "业"}]})).slides
    frames = [f for s in slides for f in s.shapes if isinstance(f, TextFrame) and f.name != "KPI"]
    assert "业" in [frame_text(f) for f in frames]
    assert [(f.name, frame_text(f)) for f in frames if text_height(f) > f.box.h + 0.01] == []


@pytest.mark.parametrize(("written", "mark", "text"), [("「數據是施政的基礎。」", "「", "數據是施政的基礎。」"),
                                                       ("“数据是施政的基础。”", "“", "数据是施政的基础。”"),
                                                       ("征途漫漫，惟有奋斗。", "“", "征途漫漫，惟有奋斗")])
def test_a_quotation_written_with_its_marks_shows_them_as_written(plan, outline, written, mark, text):
    slides = plan(outline({"title": "引语", "blocks": [{"quote": {"text": written, "by": "县长"}}]})).slides
    frames = {f.name: frame_text(f) for s in slides for f in s.shapes if isinstance(f, TextFrame)}
    assert (frames["Quote Mark"], squeeze(frames["Quote"])) == (mark, text)
