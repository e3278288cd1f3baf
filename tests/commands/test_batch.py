"""Batch builds: one deck and one report per variant on 2 workers; a bad variant fails alone, located."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from publisher.authoring.batch import Variant, csv_variants, declared_variants, file_variants, fill, template
from publisher.cli import main
from publisher.errors import PublisherError, Span
from publisher.outline.source import load, parse

OUTLINE = """\
report:
  title: "{{ 区 }}2025年经济运行情况"
  organisation: "{{ 区 }}统计局"
sections:
  - title: 总体情况
    lead: "{{ 区 }}全年地区生产总值{{ gdp }}亿元。"
    blocks:
      - bullets: ["地区生产总值{{ gdp }}亿元", "同比增长{{ growth }}%"]
      - kpis:
          - {label: 地区生产总值, value: "{{ gdp }}", unit: 亿元, change: "{{ growth }}"}
          - {label: 新增市场主体, value: 1.2, unit: 万户}
  - title: 分季度
    blocks:
      - chart:
          type: bar
          unit: 亿元
          categories: [一季度, 二季度, 三季度, 四季度]
          series:
            - name: "{{ 区 }}"
              values: ["{{ q1 }}", "{{ q2 }}", 250, 260]
"""
BAD_ROW = 17  # its q2 is not a number


@pytest.fixture()
def batch(tmp_path) -> tuple[Path, Path]:
    """Return an outline with placeholders and a CSV of 30 units, the 18th with a bad number."""
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    rows = [["区", "gdp", "growth", "q1", "q2"]]
    rows += [[f"第{i + 1:02d}区", str(1000 + 10 * i), f"{5 + i / 10:.1f}", str(200 + i),
              "约210" if i == BAD_ROW else str(210 + i)] for i in range(30)]
    units = tmp_path / "units.csv"
    with units.open("w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(rows)
    return outline, units


def test_thirty_variants_build_and_one_bad_row_fails_alone(batch, tmp_path, capsys):
    outline, units = batch
    out = tmp_path / "out"
    assert main(["build", str(outline), "--data", str(units), "-o", str(out)]) == 2
    printed = capsys.readouterr()
    built = sorted(p.name for p in out.iterdir() if (p / "outline.pptx").is_file() and (p / "outline.pdf").is_file())
    assert len(built) == 29 and "第18区" not in built
    assert "29 built, 1 failed" in printed.out
    [failed] = [line for line in printed.out.splitlines() if "FAILED" in line]
    assert failed.startswith("第18区") and failed.endswith(f"{units}:{BAD_ROW + 2}:1")
    assert f"第18区 ({units}:19:1): {outline}:20:36: error: sections[1].blocks[0].chart.series[0].values[1]: " \
           "expected a number; got '约210'" in printed.err
    assert "第07区2025年经济运行情况" in pptx_text(out / "第07区" / "outline.pptx")
    assert "1060" in pptx_text(out / "第07区" / "outline.pptx")


def test_variants_may_come_from_an_excel_worksheet(tmp_path, capsys):
    from openpyxl import Workbook

    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    book = Workbook()
    book.active.title = "封面"
    sheet = book.create_sheet("2025")
    sheet.append([None, None])  # a blank first row: the header is the first row with cells
    sheet.append(["区", "gdp", "growth", "q1", "q2"])
    sheet.append(["武昌区", 2302.6, 5.2, 520, 560])
    sheet.append(["洪山区", 1900, 6.1, 430, "约470"])
    book.save(tmp_path / "units.xlsx")
    [first, second] = file_variants(f"{tmp_path / 'units.xlsx'}#2025")
    assert first.values == {"区": "武昌区", "gdp": 2302.6, "growth": 5.2, "q1": 520, "q2": 560}
    assert (second.name, second.origin.line) == ("洪山区", 4)
    out = tmp_path / "out"
    assert main(["build", str(outline), "--data", f"{tmp_path / 'units.xlsx'}#2025", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"洪山区 ({tmp_path / 'units.xlsx'}:4:1): {outline}:20:36: error: " in err and "got '约470'" in err
    assert "2302.6" in pptx_text(out / "武昌区" / "outline.pptx")
    with pytest.raises(PublisherError, match=r"units.xlsx: .*sheet '2024'.*2025"):
        file_variants(f"{tmp_path / 'units.xlsx'}#2024")


def test_an_outline_may_declare_its_variants(tmp_path, capsys):
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE + "variants:\n  - {区: 武昌区, gdp: 2300, growth: 5.2, q1: 520, q2: 560}\n"
                       "  - {区: 洪山区, gdp: 1900, growth: 6.1, q1: 430, q2: 470}\n", encoding="utf-8")
    assert main(["validate", str(outline)]) == 0
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--json"]) == 0
    assert {p.name for p in (tmp_path / "out").iterdir()} == {"武昌区", "洪山区"}
    assert "洪山区2025年经济运行情况" in pptx_text(tmp_path / "out" / "洪山区" / "outline.pptx")


def test_a_placeholder_without_a_value_is_located(tmp_path):
    doc = parse(OUTLINE, tmp_path / "outline.yaml")
    variant = Variant("甲", {"区": "甲", "gdp": 1, "growth": 2, "q1": 3}, Span("units.csv", 2, 1))
    with pytest.raises(PublisherError) as caught:
        fill(doc, variant)
    [problem] = caught.value.diagnostics
    assert (problem.span.line, problem.span.column) == (20, 37)
    assert problem.message == "variant '甲' has no value for '{{ q2 }}'; it has 区, gdp, growth, q1"


def test_a_whole_placeholder_keeps_the_value_type_and_text_is_filled(tmp_path):
    doc = parse(OUTLINE, tmp_path / "outline.yaml")
    filled = fill(doc, Variant("甲", {"区": "甲区", "gdp": 1200, "growth": 5.5, "q1": 3, "q2": 4}, Span("x")))
    kpi = filled.data["sections"][0]["blocks"][1]["kpis"][0]
    assert (kpi["value"], kpi["change"]) == (1200, 5.5)
    assert filled.data["sections"][0]["lead"] == "甲区全年地区生产总值1200亿元。"
    assert doc.data["sections"][0]["lead"] == "{{ 区 }}全年地区生产总值{{ gdp }}亿元。"


def test_csv_cells_become_numbers_only_when_written_as_numbers(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("code,n,x,zip\n甲,12,3.50,007\n", encoding="utf-8")
    [variant] = csv_variants(units)
    assert variant.values == {"code": "甲", "n": 12, "x": 3.5, "zip": "007"}


def test_repeated_or_empty_variant_names_are_errors(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("区,gdp\n甲,1\n ,2\n甲,3\n", encoding="utf-8")
    with pytest.raises(PublisherError) as caught:
        csv_variants(units)
    assert [(d.span.line, d.message) for d in caught.value.diagnostics] == [
        (3, "the first value names the variant's folder; it is empty"),
        (4, "variant '甲' repeats the one at line 2")]


def test_variants_are_removed_from_the_template(tmp_path):
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE + "variants: [{区: 甲}]\n", encoding="utf-8")
    doc = load(outline)
    assert [v.name for v in declared_variants(doc)] == ["甲"] and "variants" not in template(doc).data


def pptx_text(path: Path) -> str:
    from pptx import Presentation

    return "".join(s.text_frame.text for slide in Presentation(path).slides for s in slide.shapes if s.has_text_frame)


def test_variant_numbers_keep_their_written_form(tmp_path):
    outline = tmp_path / "outline.yaml"
    outline.write_text(OUTLINE, encoding="utf-8")
    (tmp_path / "units.csv").write_text("区,gdp,growth,q1,q2\n武昌区,2302.60,5.20,520.0,0012\n", encoding="utf-8")
    [variant] = csv_variants(tmp_path / "units.csv")
    assert [str(v) for v in variant.values.values()] == ["武昌区", "2302.60", "5.20", "520.0", "0012"]
    out = tmp_path / "out"
    assert main(["build", str(outline), "--data", str(tmp_path / "units.csv"), "-o", str(out)]) == 0
    text = pptx_text(out / "武昌区" / "outline.pptx")
    assert "地区生产总值2302.60亿元" in text and "▲5.20%" in text and "同比增长5.20%" in text
    declared = parse(OUTLINE + "variants:\n  - {区: 武昌区, gdp: 2302.60, growth: 0012, q1: 1, q2: 2}\n",
                     tmp_path / "outline.yaml")
    [written] = declared_variants(declared)
    assert str(written.values["gdp"]) == "2302.60" and str(written.values["growth"]) == "0012"


def test_the_summary_names_each_output_by_its_format_not_its_file_ending(tmp_path, capsys):
    outline = tmp_path / "outline.yaml"
    outline.write_text("report: {title: '{{ 区 }}'}\nsections:\n  - title: 一\n    blocks: ['{{ 区 }}的正文。']\n",
                       encoding="utf-8")
    (tmp_path / "units.csv").write_text("区\n江岸\n", encoding="utf-8")
    args = ["build", str(outline), "--data", str(tmp_path / "units.csv"), "-o", str(tmp_path / "out"),
            "--format", "pdf,deck-pdf,handout"]
    assert main(args) == 0
    [row] = [line for line in capsys.readouterr().out.splitlines() if line.startswith("江岸")]
    assert [part.split()[0] for part in row.split("ok", 1)[1].split(",")] == ["pdf", "deck-pdf", "handout"], row
    assert main([*args, "--rebuild", "--json"]) == 0
    [variant] = json.loads(capsys.readouterr().out)["variants"]
    assert [o["format"] for o in variant["outputs"]] == ["pdf", "deck-pdf", "handout"]
