"""The outline a draft writes: values with the digits they were written with, changes with their units, the place
of every figure in the source, a Traditional language tag; and it validates."""
from __future__ import annotations

from pathlib import Path

import yaml

from publisher.api import check
from publisher.charts.registry import kind_names
from publisher.draft.emit import emit
from publisher.draft.pipeline import draft

SOURCE = ("2023年某市统计公报\n\n一、综合\n\n"
          "年末常住人口707.90万人，常住人口城镇化率为67.40%，比上年末提高4.0个百分点。"
          "金融机构存款余额7833.2亿元，比年初增加468.6亿元。采矿业增加值下降6.7%，制造业增长2.0%。"
          "培育规上企业50家以上，主要指标增速保持全省前列。\n")


def outline(tmp_path: Path, text: str = SOURCE, name: str = "report.txt") -> tuple[str, Path]:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    path = tmp_path / "outline.yaml"
    written = emit(draft(source), kind_names())
    path.write_text(written, encoding="utf-8")
    return written, path


def kpis(text: str) -> list[dict]:
    data = yaml.safe_load(text)
    return [k for s in data["sections"] for b in s.get("blocks", []) if "kpis" in b for k in b["kpis"]]


def test_values_changes_and_qualifiers_are_written_as_the_source_writes_them(tmp_path):
    text, path = outline(tmp_path)
    assert "value: 707.90" in text and "value: 67.40" in text and "change: 4.0" in text
    by_label = {k["label"]: k for k in kpis(text)}
    assert by_label["常住人口城镇化率"]["change_unit"] == "个百分点"
    assert (by_label["金融机构存款余额"]["change"], by_label["金融机构存款余额"]["change_unit"]) == (468.6, "亿元")
    (chart,) = [b["chart"] for s in yaml.safe_load(text)["sections"] for b in s["blocks"] if "chart" in b]
    assert (chart["categories"], chart["series"][0]["values"]) == (["采矿业增加值", "制造业"], [-6.7, 2.0])
    assert "values: [-6.7, 2.0]" in text
    assert by_label["培育规上企业"]["unit"] == "家以上" and "qualifier" not in by_label["培育规上企业"]
    assert by_label["主要指标增速"]["value"] == "全省前列"
    check(path)


def test_every_kpi_source_ends_with_the_line_and_column_of_its_figure(tmp_path):
    text, _ = outline(tmp_path)
    source_lines = [line for line in text.splitlines() if line.strip().startswith("source:") and "  # " in line]
    assert source_lines and all(line.rsplit("# ", 1)[1].split(":")[0] == "5" for line in source_lines)
    assert "source: 年末常住人口707.90万人  # 5:7" in text


def test_a_growth_stated_alone_keeps_its_verb(tmp_path):
    text, _ = outline(tmp_path, "报告\n\n一、综合\n\n采矿业增加值下降6.7%。\n")
    (kpi,) = kpis(text)
    assert (kpi["label"], kpi["prefix"], kpi["value"], kpi["unit"]) == ("采矿业增加值", "下降", 6.7, "%")


def test_a_traditional_source_is_tagged_by_its_place(tmp_path):
    text, path = outline(tmp_path, "互聯互通十周年\n\n港股市場總市值達35萬億港元，是本地生產總值的11倍。香港特區"
                                   "政府將繼續推動。\n")
    assert yaml.safe_load(text)["report"]["language"] == "zh-HK"
    check(path)


def test_a_macau_source_and_a_qualifier_written_before_its_magnitude(tmp_path):
    text, path = outline(tmp_path, "2025年5月入境旅客\n\n統計暨普查局資料顯示，入境旅客共332萬人次。旅客總消費為358.6億"
                                   "澳門元。香港旅客有56萬人次。6600多萬名旅客受惠。\n")
    assert yaml.safe_load(text)["report"]["language"] == "zh-MO"
    (kpi,) = [k for k in kpis(text) if k["value"] == 6600]
    assert (kpi["label"], kpi["unit"]) == ("旅客", "多萬名")
    check(path)


def test_a_table_of_the_source_becomes_a_table_block_with_its_caption(tmp_path):
    page = ("<h1>统计公报</h1><h2>一、综合</h2><p>全年地区生产总值4000.5亿元，增长10.0%。</p>"
            "<p>2012年地区生产总值</p><p>单位：亿元</p><table>"
            "<tr><td>指标</td><td> </td><td>指标值</td><td>同比增长（±%）</td></tr>"
            "<tr><td>地区生产总值</td><td> </td><td>4000.5</td><td>10.0</td></tr>"
            "<tr><td>第一产业</td><td> </td><td>153.6</td><td>11.0</td></tr></table>")
    text, path = outline(tmp_path, page, "report.html")
    (table,) = [b["table"] for s in yaml.safe_load(text)["sections"] for b in s["blocks"] if "table" in b]
    assert table["caption"] == "2012年地区生产总值（单位：亿元）"
    assert table["columns"] == ["指标", "指标值", "同比增长（±%）"]
    assert table["rows"] == [["地区生产总值", 4000.5, 10.0], ["第一产业", 153.6, 11.0]]
    assert "- 10.0" in text and [k["value"] for k in kpis(text)] == [4000.5]
    check(path)


def test_markdown_and_word_tables_keep_their_cells(tmp_path):
    import docx

    markdown = "# 公报\n\n## 综合\n\n全年产值12亿元。\n\n| 指标 | 数值 |\n|---|---|\n| 产值 | 12.0 |\n"
    text, _ = outline(tmp_path, markdown, "report.md")
    (table,) = [b["table"] for s in yaml.safe_load(text)["sections"] for b in s["blocks"] if "table" in b]
    assert (table["columns"], table["rows"]) == (["指标", "数值"], [["产值", 12.0]])
    document = docx.Document()
    document.add_heading("公报", level=0)
    document.add_heading("综合", level=1)
    document.add_paragraph("全年产值12亿元。")
    grid = document.add_table(rows=2, cols=2)
    for r, row in enumerate([["指标", "数值"], ["产值", "12.0"]]):
        for c, value in enumerate(row):
            grid.rows[r].cells[c].text = value
    source = tmp_path / "report.docx"
    document.save(source)
    written = emit(draft(source), kind_names())
    (table,) = [b["table"] for s in yaml.safe_load(written)["sections"] for b in s["blocks"] if "table" in b]
    assert (table["columns"], table["rows"]) == (["指标", "数值"], [["产值", 12.0]])


def test_notes_are_written_as_they_stand_without_a_key_message_or_cards(tmp_path):
    written, path = outline(tmp_path, "南溪區統計通報\n\n一、文化\n全年借閱冊數逾42萬冊，居全市第3名；"
                                      "每人平均借閱3.4冊。\n附註：本通報數據為初步統計，113年數據以統計年報為準。\n")
    (section,) = yaml.safe_load(written)["sections"]
    (notes,) = section["sections"]
    assert notes == {"title": "附註", "blocks": [
        {"paragraph": "本通報數據為初步統計，113年數據以統計年報為準。", "only": "report"},
        {"bullets": ["本通報數據為初步統計，113年數據以統計年報為準"], "only": "deck"}]}
    assert section["lead"] == "全年借閱冊數逾42萬冊，居全市第3名"
    check(path)
