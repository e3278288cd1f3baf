"""Slide layouts as YAML: the built-in set, the grid, inheritance, and located errors for bad files."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from publisher.errors import PublisherError
from publisher.plan.layouts import region_box, search_dirs
from publisher.plan.region_kinds import load_layouts
from publisher.resources import data_dir

BUILTIN = data_dir("layouts") / "slides"


def test_builtin_layouts_cover_every_slide_kind_of_a_briefing():
    layouts = load_layouts((BUILTIN,))
    roles = {lay.role for lay in layouts.values()}
    assert roles == {"content", "cover", "agenda", "section", "key_message", "closing"}
    takes = {name: sorted(lay.takes) for name, lay in layouts.items() if lay.role == "content"}
    assert takes == {"bullets": ["text"], "points": ["text"], "kpis": ["kpis"], "chart": ["chart"],
                     "chart_bullets": ["chart", "text"], "bullets_chart": ["chart", "text"],
                     "kpis_text": ["kpis", "text"], "kpis_chart": ["chart", "kpis"], "two_kpis": ["kpis", "kpis"],
                     "two_charts": ["chart", "chart"], "table": ["table"], "text_table": ["table", "text"],
                     "image": ["image"], "quote": ["quote"], "quote_text": ["quote", "text"]}


def test_bases_are_not_layouts_and_their_regions_come_first():
    layouts = load_layouts((BUILTIN,))
    assert "_content" not in layouts
    assert list(layouts["bullets"].regions)[:4] == ["title", "title_bar", "lead", "footer"]
    assert "lead" not in layouts["agenda"].regions


def test_full_grid_span_is_the_area_between_the_margins(theme):
    region = load_layouts((BUILTIN,))["bullets"].regions["text"]
    box = region_box(region, theme.deck, (116, 492))
    assert (box.x, box.w) == pytest.approx((theme.deck.margin, theme.deck.width - 2 * theme.deck.margin))
    assert (box.y, box.h) == (116, 376)


def test_theme_folders_are_searched_before_the_builtin_one(theme, tmp_path):
    custom = theme.deck.model_copy(update={"layouts_dirs": ["mine"]})
    assert search_dirs(custom, tmp_path) == ((tmp_path / "mine").resolve(), BUILTIN)


def test_unknown_region_kind_is_an_error_naming_the_file(tmp_path):
    (tmp_path / "odd.yaml").write_text("regions:\n  a: {kind: chrat, x: 0, y: 0, w: 10, h: 10}\n", encoding="utf-8")
    with pytest.raises(PublisherError, match=r"odd.yaml.*no region kind 'chrat'.*did you mean 'chart'"):
        load_layouts((tmp_path, BUILTIN))


def test_unknown_text_style_is_an_error(tmp_path):
    (tmp_path / "odd.yaml").write_text("regions:\n  a: {kind: text, style: boddy, cols: [1, 12], area: body}\n",
                                       encoding="utf-8")
    with pytest.raises(PublisherError, match=r"no text style 'boddy'.*did you mean 'body'"):
        load_layouts((tmp_path, BUILTIN))


def test_a_region_without_a_place_is_a_located_error(tmp_path):
    (tmp_path / "odd.yaml").write_text("regions:\n  a: {kind: text, area: body}\n", encoding="utf-8")
    with pytest.raises(PublisherError, match=r"odd.yaml:2:6: .*cols: \[first, last\]"):
        load_layouts((tmp_path, BUILTIN))


def test_null_drops_a_region_of_the_base(tmp_path):
    (tmp_path / "bare.yaml").write_text("extends: bullets\nregions:\n  footer: null\n", encoding="utf-8")
    layout = load_layouts((tmp_path, BUILTIN))["bare"]
    assert "footer" not in layout.regions and "text" in layout.regions


def test_every_builtin_file_is_documented_by_a_comment():
    for path in Path(BUILTIN).glob("*.yaml"):
        assert path.read_text(encoding="utf-8").startswith("#"), path.name


def test_a_changed_layout_file_is_read_again(tmp_path):
    mine = tmp_path / "wide.yaml"
    mine.write_text("extends: bullets\nregions:\n  title: {kind: title, cols: [1, 12], y: 24, h: 72}\n",
                    encoding="utf-8")
    assert load_layouts((tmp_path, BUILTIN))["wide"].regions["title"].h == 72
    mine.write_text("extends: bullets\nregions:\n  title: {kind: title, cols: [1, 12], y: 24, h: 60}\n",
                    encoding="utf-8")
    os.utime(mine, ns=(mine.stat().st_atime_ns, mine.stat().st_mtime_ns + 1_000_000))  # a later save, same second
    assert load_layouts((tmp_path, BUILTIN))["wide"].regions["title"].h == 60
