"""Fidelity: every number and every text the author wrote appears as written in the deck and in the report.

Numbers are compared as whole numbers in their written form (14.0 is not found in 14 or 114.05), re-expressed
only where the author asked for a magnitude (computed here, not by the tool), in the document's words: 2302.6亿,
2302.6億, 2.3026 billion; no number is followed by another language's magnitude word the author did not write.
Texts are found in order, interrupted at most by furniture where lines, pages or slides break. The last tests show
the checks fail when one formatter changes one value, or scales in 万/亿 whatever the language. Random
outlines: PUBLISHER_FIDELITY_BUILDS (default 3).
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml
from fidelity import (
    authored,
    deck_text,
    foreign_magnitudes,
    labelled_groups,
    missing,
    report_text,
    shows_number,
    shows_text,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from publisher.api import build, load_project

ROOT = Path(__file__).resolve().parents[1]
CORPUS = {name: ROOT / "examples" / name / "outline.yaml"
          for name in ("wuchang-2024", "chart-gallery", "stress", "wuchang-2024-en", "wuchang-2024-hant")}
CORPUS |= {name: ROOT / "tests" / "outlines" / f"{name}.yaml"
           for name in ("magnitudes-en", "magnitudes-hant", "long-en", "long-hant")}
BUILDS = int(os.environ.get("PUBLISHER_FIDELITY_BUILDS", "3"))


def _built(source: Path, out: Path) -> tuple:
    project = load_project(source)
    deck, pdf = build(source, out)
    found = authored(project.outline, project.theme.charts.min_slice, project.theme.locale)
    return found, deck_text(deck), report_text(pdf), project


def _locale_name(project) -> str:
    from publisher.theme.locales import choose

    return choose(project.outline.report.language, project.theme.locales)[0]


@pytest.fixture(scope="module", params=sorted(CORPUS))
def corpus(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    source = CORPUS[request.param]
    if source.parent.name == "outlines":
        (folder / "project").mkdir()
        shutil.copy(source, folder / "project" / "outline.yaml")
    else:
        shutil.copytree(source.parent, folder / "project")
    return request.param, _built(folder / "project" / "outline.yaml", folder / "out")


def test_the_deck_shows_every_number_and_text_as_written(corpus):
    name, (found, deck, _, _) = corpus
    assert found.numbers and found.texts
    assert missing(found, "deck", deck) == [], name


def test_the_report_shows_every_number_and_text_as_written(corpus):
    name, (found, _, report, _) = corpus
    assert missing(found, "report", report) == [], name


def test_no_number_takes_another_languages_magnitude_word(corpus):
    """A Simplified 万/亿 in an English or a Traditional document (or 萬/億, million in a Simplified one) is found
    wherever the author did not write it: in the deck's runs, alt text and chart caches, and in the report."""
    name, (_, deck, report, project) = corpus
    language = _locale_name(project)
    assert foreign_magnitudes(deck, project.outline, language) == [], name
    assert foreign_magnitudes(report, project.outline, language) == [], name


def test_the_gallery_report_labels_its_charts_with_the_values(corpus):
    name, (found, _, report, _) = corpus
    if name == "chart-gallery":
        assert labelled_groups(found, "report", report) >= 7  # bars, lines, pies: the checks above are not empty


# ---------------------------------------------------------------- hostile numbers and texts


HOSTILE = """\
report: {title: 2024, subtitle: 0012, author: Statistics Office, date: 2024-12-31}
sections:
  - title: 主要指標 Key figures
    lead: 增長 -0.5%，no、on、y 照寫
    blocks:
      - kpis:
          - {label: 地區生產總值, value: 230260000000, unit: 元, scale: auto, change: -0.50, change_unit: 個百分點}
          - {label: 增速, value: 14.0, unit: "%", change: +5.20}
          - {label: 極小值, value: 1e-7, unit: 噸}
          - {label: 大數, value: 12345678901234, unit: 元}
          - {label: 文字, value: "1,234", unit: 家}
      - table:
          columns: [事項, 時間, 時長, 編號, 金額]
          rows:
            - [開會, 10:30, 1:20, 0012, 2302.60]
            - [Review, "09:05", no, on, -0.5]
            - [合計, y, "1,234", 12345678901234, 1e-7]
      - chart:
          type: combo
          title: 規模與增速
          unit: 億元
          categories: [2022年, 2023年, 2024年]
          series:
            - {name: 總量, values: [1956.80, 2120.5, 2302.60]}
            - {name: 增速, axis: right, unit: "%", values: [7.50, -0.5, 5.8]}
      - chart:
          type: pie
          unit: "%"
          title: 貢獻率
          categories: [消費, 投資, 淨出口]
          series: [{name: 貢獻率, values: [32.9, 67.2, 0.0]}]
"""


def test_hostile_numbers_keep_their_written_form(tmp_path):
    source = tmp_path / "outline.yaml"
    source.write_text(HOSTILE, encoding="utf-8")
    found, deck, report, _ = _built(source, tmp_path / "out")
    assert missing(found, "deck", deck) == []
    assert missing(found, "report", report) == []
    for shown in (deck["slides"], report["pages"]):
        assert shows_number("2302.6", shown)  # 230260000000 元 with scale: auto, moved exactly to 亿
        for form in ("14.0", "0012", "10:30", "1:20", "12345678901234", "1e-7", "-0.5", "2302.60"):
            assert form in shown.replace(" ", ""), form
        assert not shows_number("230,260,000,000", shown) and not shows_number("67.1", shown)


# ---------------------------------------------------------------- random outlines


DIGITS = st.from_regex(r"-?(0|[1-9][0-9]{0,7})(\.[0-9]{1,3})?", fullmatch=True)
POSITIVE = st.from_regex(r"[1-9][0-9]{0,5}(\.[0-9]{1,2})?", fullmatch=True)
WORDS = st.text(alphabet="武昌区高质量发展数字经济城市更新文化旅游民生ABCxyz", min_size=1, max_size=12)


class Raw(str):
    """A number as the author typed it: dumped as a plain YAML scalar, not quoted."""


yaml.SafeDumper.add_representer(Raw, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:float", text))


def _chart(kind: str, count: int):
    values = st.lists(POSITIVE.map(Raw), min_size=count, max_size=count)
    return st.fixed_dictionaries({
        "type": st.just(kind), "title": WORDS, "unit": st.sampled_from(["亿元", "家", "%", "元", ""]),
        "categories": st.lists(WORDS, min_size=count, max_size=count, unique=True),
        "series": st.lists(st.fixed_dictionaries({"name": WORDS, "values": values}), min_size=1,
                           max_size=1 if kind in ("pie", "donut") else 2)})


BLOCK = st.one_of(
    st.lists(st.fixed_dictionaries({"label": WORDS, "value": DIGITS.map(Raw),
                                    "unit": st.sampled_from(["家", "%", "", "people", "km²"])},
                                   optional={"change": DIGITS.map(Raw),
                                             "scale": st.sampled_from(["auto", "万", "億", "million", "thousand"])}),
             min_size=1, max_size=4).map(lambda k: {"kpis": k}),
    st.integers(2, 4).flatmap(lambda n: st.fixed_dictionaries({
        "columns": st.lists(WORDS, min_size=n, max_size=n),
        "rows": st.lists(st.lists(st.one_of(WORDS, DIGITS.map(Raw)), min_size=n, max_size=n), min_size=1,
                         max_size=5)})).map(lambda t: {"table": t}),
    st.sampled_from(["bar", "hbar", "pie", "donut", "line"]).flatmap(
        lambda kind: st.integers(2, 5).flatmap(lambda n: _chart(kind, n))).map(lambda c: {"chart": c}),
)
OUTLINE = st.fixed_dictionaries({
    "report": st.fixed_dictionaries({"title": WORDS, "language": st.sampled_from(["zh-CN", "zh-TW", "en-US"])}),
    "sections": st.lists(st.fixed_dictionaries({"title": WORDS, "blocks": st.lists(BLOCK, min_size=1, max_size=3)}),
                         min_size=1, max_size=2)})


@settings(max_examples=BUILDS, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=OUTLINE)
def test_random_outlines_show_every_number_as_written(data, tmp_path_factory):
    folder = tmp_path_factory.mktemp("random")
    source = folder / "outline.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    found, deck, report, project = _built(source, folder / "out")
    assert missing(found, "deck", deck) == []
    assert missing(found, "report", report) == []
    assert foreign_magnitudes(deck, project.outline, _locale_name(project)) == []
    assert foreign_magnitudes(report, project.outline, _locale_name(project)) == []


# ---------------------------------------------------------------- the check can fail


def test_a_writer_that_drops_a_trailing_zero_is_caught(tmp_path, monkeypatch):
    import publisher.text.numbers as numbers

    monkeypatch.setattr(numbers, "written_text", lambda value: f"{float(value):g}")  # 14.0 → 14, 2302.60 → 2302.6
    source = tmp_path / "outline.yaml"
    source.write_text(HOSTILE, encoding="utf-8")
    found, deck, report, _ = _built(source, tmp_path / "out")
    assert any("14.0" in line for line in missing(found, "deck", deck))
    assert any("2302.60" in line for line in missing(found, "report", report))


def test_simplified_magnitudes_in_an_english_document_are_caught(tmp_path, monkeypatch):
    """The fault the English and Traditional documents had: auto-scaling in 万/亿 whatever the language."""
    from publisher.text.numbers import CHINESE
    from publisher.theme.locales import Locale

    monkeypatch.setattr(Locale, "numerals", lambda self: CHINESE)
    source = ROOT / "tests" / "outlines" / "magnitudes-en.yaml"
    found, deck, report, project = _built(source, tmp_path / "out")
    assert "125.43万" in foreign_magnitudes(report, project.outline, "en")
    assert foreign_magnitudes(deck, project.outline, "en")
    assert any("1.2543million" in line for line in missing(found, "report", report))


def test_text_checks_need_every_character_in_order():
    streams = {"pages": "武昌区高质量发展\n第 3 页 共 9 页\n武昌区2024\n连续五年领跑全省"}
    assert shows_text("高质量发展连续五年领跑全省", streams)
    assert not shows_text("高质量发展连续六年领跑全省", streams)
    assert shows_number("14.0", "增长14.0%") and not shows_number("14.0", "增长14%")
    assert not shows_number("14.0", "114.05") and not shows_number("12", "12.5") and shows_number("-0.5", "为-0.5")


def test_percentages_off_100_are_a_warning_naming_the_chart_and_never_a_changed_value(tmp_path, capsys):
    from publisher.cli import main

    source = tmp_path / "outline.yaml"
    source.write_text("report: {title: 测试}\nsections:\n  - title: 构成\n    blocks:\n      - chart: {type: pie, "
                      "unit: '%', title: 贡献率, categories: [消费, 投资], series: [{name: 率, values: [32.9, 67.3]}]}"
                      "\n", encoding="utf-8")
    assert main(["validate", str(source)]) == 0
    assert f"{source}:5:" in capsys.readouterr().err
    assert main(["build", str(source), "-o", str(tmp_path / "out"), "--format", "pdf"]) == 0
    err = capsys.readouterr().err
    assert "warning: sections[0].blocks[0].chart: the percentages of this pie '贡献率' add up to 100.2%" in err
    shown = report_text(tmp_path / "out" / "outline.pdf")["pages"]
    assert shows_number("67.3%", shown) and shows_number("32.9%", shown)
