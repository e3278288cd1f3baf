"""Charts and tables from Excel workbooks (.xlsx): the same data as a CSV file gives the same chart; sheets are
chosen by name; formulas give their saved values; every workbook that cannot be used is a located error."""
from __future__ import annotations

import datetime
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from publisher.api import build, check, load_project
from publisher.errors import PublisherError
from publisher.inputs.workbook import split_ref
from publisher.outline import limits

EXAMPLE = Path(__file__).parent.parent / "examples" / "wuchang-2024" / "outline.yaml"
GDP = [["区", "2023年", "2024年"], ["江岸区", 1620, 1702.5], ["武昌区", 1915.6, 2018], ["洪山区", 1550, 1611.25]]


def workbook(path: Path, sheets: dict[str, list[list]]) -> Path:
    """Write a workbook with one worksheet per entry, its rows appended from A1; return its path."""
    book = Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def edit_sheet(path: Path, old: str, new: str) -> None:
    """Replace text in the first worksheet's XML, to write what Excel writes and openpyxl does not."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert old in sheet, sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def outline(folder: Path, *blocks: str) -> Path:
    """Write an outline of one section holding the given blocks (YAML flow text); return its path."""
    text = "report: {title: 测试报告}\nsections:\n  - title: 一\n    blocks:\n"
    path = folder / "outline.yaml"
    path.write_text(text + "".join(f"      - {block}\n" for block in blocks), encoding="utf-8")
    return path


def blocks(folder: Path, *yaml_blocks: str) -> list:
    return check(outline(folder, *yaml_blocks))[1].sections[0].blocks


def errors(folder: Path, *yaml_blocks: str) -> list[str]:
    with pytest.raises(PublisherError) as caught:
        check(outline(folder, *yaml_blocks))
    return [str(d).removeprefix(str(folder) + "/") for d in caught.value.diagnostics]


def test_a_chart_from_a_workbook_is_the_chart_from_the_same_csv(tmp_path):
    (tmp_path / "gdp.csv").write_text("\n".join(",".join(map(str, row)) for row in GDP), encoding="utf-8")
    workbook(tmp_path / "gdp.xlsx", {"2024": GDP})
    from_csv, from_xlsx = blocks(tmp_path, "chart: {type: bar, unit: 亿元, data: gdp.csv}",
                                 "chart: {type: bar, unit: 亿元, data: gdp.xlsx}")
    assert from_xlsx.chart.categories == ["江岸区", "武昌区", "洪山区"]
    assert [s.values for s in from_xlsx.chart.series] == [[1620, 1915.6, 1550], [1702.5, 2018, 1611.25]]
    assert from_xlsx.chart.model_copy(update={"data": ""}) == from_csv.chart.model_copy(update={"data": ""})


def test_a_table_from_a_workbook_shows_unformatted_cells_as_excel_does(tmp_path):
    rows = [["日期", "指标", "数值", "占比", 2024],
            [datetime.date(2024, 12, 31), "  地区生产总值 ", 2302.6, 0.497, True],
            [datetime.datetime(2025, 1, 2, 8, 30), "户数", 100000, None, 1 / 3]]
    workbook(tmp_path / "t.xlsx", {"表": rows})  # openpyxl gives dates yyyy-mm-dd, times yyyy-mm-dd h:mm:ss
    (table_block,) = blocks(tmp_path, "table: {data: t.xlsx}")
    assert table_block.table.columns == ["日期", "指标", "数值", "占比", "2024"]
    assert table_block.table.rows == [["2024-12-31", "地区生产总值", "2302.6", "0.497", "TRUE"],
                                      ["2025-01-02 8:30:00", "户数", "100000", "", "0.333333333"]]


def test_a_percentage_is_charted_as_shown(tmp_path):
    """0.497 formatted 0.0% shows 49.7% in Excel: the chart says 49.7 %, never 0.497 % (with `unit: '%'`) or
    0.497 (without a unit)."""
    path = workbook(tmp_path / "p.xlsx", {"占比": [["产业", "占比"], ["数字经济", 0.497], ["其他", 0.503]]})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["占比"]["B2"].number_format = book["占比"]["B3"].number_format = "0.0%"
    book.save(path)
    with_unit, without = blocks(tmp_path, "chart: {type: bar, unit: '%', data: p.xlsx}",
                                "chart: {type: bar, data: p.xlsx}")
    for chart in (with_unit.chart, without.chart):
        assert chart.series[0].values == [49.7, 50.3] and [str(v) for v in chart.series[0].values] == ["49.7", "50.3"]
        assert chart.unit == "%"


def test_the_sheet_after_the_hash_is_read_and_the_first_one_without(tmp_path):
    workbook(tmp_path / "a.xlsx", {"2023": [["区", "产值"], ["武昌区", 1]], "第 2 页": [["区", "产值"], ["武昌区", 2]]})
    first, named, spaced = blocks(tmp_path, "chart: {type: bar, data: a.xlsx}", "chart: {type: bar, data: a.xlsx#2023}",
                                  "chart: {type: bar, data: 'a.xlsx#第 2 页'}")
    assert [b.chart.series[0].values for b in (first, named, spaced)] == [[1], [1], [2]]


@pytest.mark.parametrize(("ref", "parts"), [
    ("data/a.xlsx#2024", ("data/a.xlsx", "2024")),
    ("a.XLSM#工作表 1", ("a.XLSM", "工作表 1")),
    ("a.xlsx", ("a.xlsx", "")),
    ("a.xlsx#", ("a.xlsx", "")),
    ("a#1.xlsx#b#c", ("a#1.xlsx", "b#c")),
    ("a.csv#2024", ("a.csv#2024", "")),
])
def test_a_data_value_splits_into_file_and_sheet(ref, parts):
    assert split_ref(ref) == parts


def test_a_formula_gives_its_saved_value_and_a_clear_error_without_one(tmp_path):
    rows = [["指标", "数值"], ["甲", 12], ["乙", "=B2*2"]]
    saved = workbook(tmp_path / "saved.xlsx", {"公式": rows})
    edit_sheet(saved, "<f>B2*2</f><v></v>", "<f>B2*2</f><v>24</v>")  # the value Excel saves with a formula
    workbook(tmp_path / "unsaved.xlsx", {"公式": rows})
    (chart_block,) = blocks(tmp_path, "chart: {type: bar, data: saved.xlsx}")
    assert chart_block.chart.series[0].values == [12, 24]
    assert errors(tmp_path, "chart: {type: bar, data: unsaved.xlsx}") == [
        "outline.yaml:5:34: error: sections[0].blocks[0].chart.data: 'unsaved.xlsx' sheet '公式' cell B3: expected a "
        "number in column '数值'; got a formula with no saved value; open and save the file in Excel or WPS"]


def test_blank_rows_and_columns_around_the_data_are_ignored_and_cells_keep_their_names(tmp_path):
    rows = [[], [], [None, None, "区", "产值"], [None, None, "武昌区", 1915.6], [], [None, None, "江岸区", "约1620"]]
    path = workbook(tmp_path / "b.xlsx", {"数据": rows})
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["数据"]["H20"].number_format = "0.0"  # a formatted cell with no value widens the used range only
    book.save(path)
    assert errors(tmp_path, "chart: {type: bar, data: b.xlsx}") == [
        "outline.yaml:5:34: error: sections[0].blocks[0].chart.data: 'b.xlsx' sheet '数据' cell D6: expected a number "
        "in column '产值'; got '约1620'"]


def test_every_cell_is_read_whatever_range_the_workbook_claims(tmp_path):
    path = workbook(tmp_path / "d.xlsx", {"数据": GDP})
    edit_sheet(path, '<dimension ref="A1:C4"/>', '<dimension ref="A1"/>')  # as some programs write it
    (chart_block,) = blocks(tmp_path, "chart: {type: bar, data: d.xlsx}")
    assert [s.name for s in chart_block.chart.series] == ["2023年", "2024年"]


def test_a_row_shorter_than_the_header_has_empty_cells(tmp_path):
    workbook(tmp_path / "s.xlsx", {"数据": [["区", "2023年", "2024年"], ["武昌区", 1, 2], ["江岸区", 3]]})
    (table_block,) = blocks(tmp_path, "table: {data: s.xlsx}")
    assert table_block.table.rows == [["武昌区", "1", "2"], ["江岸区", "3", ""]]
    assert errors(tmp_path, "chart: {type: bar, data: s.xlsx}") == [
        "outline.yaml:5:34: error: sections[0].blocks[0].chart.data: 's.xlsx' sheet '数据' cell C3: expected a number "
        "in column '2024年'; got an empty cell"]


def test_a_header_without_a_series_name_is_a_located_error(tmp_path):
    (tmp_path / "a.csv").write_text("区,,2024年\n武昌区,1,2\n", encoding="utf-8")
    workbook(tmp_path / "a.xlsx", {"数据": [["区", None, "2024年"], ["武昌区", 1, 2]]})
    assert errors(tmp_path, "chart: {type: bar, data: a.csv}", "chart: {type: bar, data: a.xlsx}") == [
        "a.csv:1:2: error: sections[0].blocks[0].chart.data: expected a series name in the header; got an empty cell",
        "outline.yaml:6:34: error: sections[0].blocks[1].chart.data: 'a.xlsx' sheet '数据' cell B1: expected a "
        "series name in the header; got an empty cell"]


def test_a_workbook_over_the_size_limits_is_refused(tmp_path, monkeypatch):
    path = workbook(tmp_path / "big.xlsx", {"数据": [["区", "产值"], *([f"第{i}区", i] for i in range(500))]})
    with zipfile.ZipFile(path) as archive:
        unpacked = sum(entry.file_size for entry in archive.infolist())
    size = path.stat().st_size
    assert size < unpacked
    monkeypatch.setattr(limits, "_PROCESS", [limits.Limits(xlsx_bytes=(size + unpacked) // 2)])
    assert errors(tmp_path, "table: {data: big.xlsx}") == [
        f"outline.yaml:5:23: error: sections[0].blocks[0].table.data: 'big.xlsx' unpacks to {unpacked:,} bytes; the "
        f"limit is {(size + unpacked) // 2:,} (a decompression bomb? raise it with --limit xlsx_bytes=N)"]
    monkeypatch.setattr(limits, "_PROCESS", [limits.Limits(xlsx_bytes=size - 1)])
    assert errors(tmp_path, "table: {data: big.xlsx}") == [
        f"outline.yaml:5:23: error: sections[0].blocks[0].table.data: 'big.xlsx' is larger than {size - 1:,} bytes "
        "(raise it with --limit xlsx_bytes=N)"]


def test_the_cell_limit_counts_rows_times_columns(tmp_path, monkeypatch):
    workbook(tmp_path / "c.xlsx", {"数据": GDP})
    monkeypatch.setattr(limits, "_PROCESS", [limits.Limits(xlsx_cells=11)])
    assert errors(tmp_path, "table: {data: c.xlsx}") == [
        "outline.yaml:5:23: error: sections[0].blocks[0].table.data: 'c.xlsx' sheet '数据' has more than 11 cells "
        "(rows × columns); raise the limit with --limit xlsx_cells=N"]
    monkeypatch.setattr(limits, "_PROCESS", [limits.Limits(xlsx_cells=12)])
    assert len(blocks(tmp_path, "table: {data: c.xlsx}")[0].table.rows) == 3


def test_files_that_are_not_workbooks_say_what_they_are(tmp_path):
    (tmp_path / "old.xlsx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
    with zipfile.ZipFile(tmp_path / "other.xlsx", "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    assert errors(tmp_path, "table: {data: old.xlsx}", "table: {data: other.xlsx}") == [
        "outline.yaml:5:23: error: sections[0].blocks[0].table.data: 'old.xlsx' is an Excel 97-2003 (.xls) file, not "
        ".xlsx; open it in Excel or WPS and save it as .xlsx",
        "outline.yaml:6:23: error: sections[0].blocks[1].table.data: 'other.xlsx' is not a readable Excel workbook "
        "(KeyError); open it in Excel or WPS and save it as .xlsx"]


def test_a_workbook_outside_the_outline_folder_is_refused(tmp_path):
    workbook(tmp_path / "secret.xlsx", {"数据": GDP})
    (tmp_path / "project").mkdir()
    assert errors(tmp_path / "project", "table: {data: ../secret.xlsx#数据}") == [
        "outline.yaml:5:23: error: sections[0].blocks[0].table.data: '../secret.xlsx' is outside the outline's "
        "folder; pass --allow-outside to permit it"]


def test_the_example_with_a_chart_from_a_workbook_prints_the_same_report(tmp_path):
    import pdfplumber

    inline = ("categories: [首店, 品牌连锁便利店]\n          series:\n            - name: 家数\n"
              "              values: [190, 51]")
    text = EXAMPLE.read_text(encoding="utf-8")
    assert text.count(inline) == 1
    (tmp_path / "xlsx" / "data").mkdir(parents=True)
    (tmp_path / "xlsx" / "outline.yaml").write_text(text.replace(inline, "data: data/消费.xlsx#2024"), encoding="utf-8")
    workbook(tmp_path / "xlsx" / "data" / "消费.xlsx", {"说明": [["本表"]], "2024": [["类别", "家数"], ["首店", 190],
                                                                               ["品牌连锁便利店", 51]]})
    shutil.copy(EXAMPLE, tmp_path / "outline.yaml")
    pdfs = [build(folder / "outline.yaml", folder / "out", ("pdf",))[0] for folder in (tmp_path, tmp_path / "xlsx")]
    texts = []
    for pdf in pdfs:
        with pdfplumber.open(pdf) as document:
            texts.append("\n".join(page.extract_text() or "" for page in document.pages))
    assert texts[0] == texts[1]
    caption = re.search(r"图\d+ 新增落地首店与品牌连锁便利店", texts[1]).start()
    figure = texts[1][texts[1].rindex("单位：家", 0, caption):caption]  # the chart's own text: axis, labels
    assert "190" in figure and "51" in figure and "首店 品牌连锁便利店" in figure, figure


MARCH_5 = datetime.datetime(2024, 3, 5)
FORMATTED = [  # (number format, value, what Excel shows); "id 57": the built-in format a Chinese Excel writes
    ("General", 100000, "100000"),
    ("General", 2302.6, "2302.6"),
    ("General", 1234567.891234, "1234567.891"),
    ("0", 1234.5, "1235"),
    ("0.00", 2302.6, "2302.60"),
    ("#,##0", 12000, "12,000"),
    ("#,##0.0", 1234567.25, "1,234,567.3"),
    ("0%", 0.5, "50%"),
    ("0.0%", 0.497, "49.7%"),
    ("0.00%", 0.12345, "12.35%"),
    ('0.0"亿元"', 12.345, "12.3亿元"),
    ('#,##0"家"', 1902, "1,902家"),
    ("#,##0\\户", 3456, "3,456户"),
    ("#,##0;-#,##0", -1234.5, "-1,235"),
    ("0.0;[Red]-0.0", -3.25, "-3.3"),
    ("#,##0_);[Red](#,##0)", -1500, "(1,500)"),
    ("yyyy-mm-dd", datetime.date(2024, 12, 31), "2024-12-31"),
    ("yyyy/m/d", MARCH_5, "2024/3/5"),
    ('yyyy"年"m"月"d"日"', MARCH_5, "2024年3月5日"),
    ("yyyy年m月", MARCH_5, "2024年3月"),
    ("m月d日", MARCH_5, "3月5日"),
    ("mm-dd-yy", MARCH_5, "2024/3/5"),  # built-in 14, as Chinese Excel shows it
    ("id 31", MARCH_5, "2024年3月5日"),
    ("id 57", MARCH_5, "2024年3月"),
    ("id 58", MARCH_5, "3月5日"),
    ("0.00E+00", 12345.678, "12345.678"),  # formats not rendered here: General, dates as ISO text
    ("# ?/?", 1 / 3, "0.333333333"),
    ("[>=100]0;0.0", 2302.6, "2302.6"),
    ("[DBNum1]General", 12, "12"),
    ("@", 42, "42"),
    ("d-mmm-yy", MARCH_5, "2024-03-05"),
]


def formatted_workbook(path: Path, cells: list[tuple[str, object, str]]) -> Path:
    """Write a sheet of (number format, value) rows under a header; a format "id N" becomes built-in format N,
    which openpyxl cannot write, by editing the styles the way Excel writes them."""
    book = Workbook()
    sheet = book.active
    sheet.title = "格式"
    sheet.append(["格式", "值"])
    for row, (code, value, _) in enumerate(cells, start=2):
        sheet.cell(row, 1, code)
        cell = sheet.cell(row, 2, value)
        cell.number_format = code
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    styles = parts["xl/styles.xml"].decode()
    for custom, builtin in re.findall(r'<numFmt numFmtId="(\d+)" formatCode="id (\d+)"/>', styles):
        styles = styles.replace(f'<xf numFmtId="{custom}"', f'<xf numFmtId="{builtin}"')
    parts["xl/styles.xml"] = styles.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


def test_a_table_from_a_workbook_shows_each_cell_as_its_number_format_does(tmp_path):
    formatted_workbook(tmp_path / "f.xlsx", FORMATTED)
    (table_block,) = blocks(tmp_path, "table: {data: f.xlsx}")
    assert table_block.table.columns == ["格式", "值"]
    assert table_block.table.rows == [[code, text] for code, _, text in FORMATTED]


def test_a_chart_from_a_formatted_workbook_keeps_its_numbers(tmp_path):
    rows = [["区", "占比", "家数", "产值"], ["武昌区", 0.497, 12000, 2302.6], ["江岸区", 0.125, 9876, 1620]]
    path = workbook(tmp_path / "c.xlsx", {"数据": rows})
    from openpyxl import load_workbook

    book = load_workbook(path)
    for row in (2, 3):
        for column, code in zip("BCD", ("0.0%", '#,##0"家"', "0.00"), strict=True):
            book["数据"][f"{column}{row}"].number_format = code
    book.save(path)
    chart_block, table_block = blocks(tmp_path, "chart: {type: bar, data: c.xlsx}", "table: {data: c.xlsx}")
    assert [s.values for s in chart_block.chart.series] == [[49.7, 12.5], [12000, 9876], [2302.6, 1620]]
    assert table_block.table.rows == [["武昌区", "49.7%", "12,000家", "2302.60"],
                                      ["江岸区", "12.5%", "9,876家", "1620.00"]]


def test_the_report_shows_a_workbook_table_as_excel_does_numbers_right_aligned(tmp_path):
    import pdfplumber

    rows = [["指标", "数值"], ["数字经济占比", 0.497], ["新增企业", 12000], ["地区生产总值", 2302.6]]
    path = workbook(tmp_path / "t.xlsx", {"指标": rows})
    from openpyxl import load_workbook

    book = load_workbook(path)
    for cell, code in (("B2", "0.0%"), ("B3", "#,##0"), ("B4", "0.00")):
        book["指标"][cell].number_format = code
    book.save(path)
    (pdf,) = build(outline(tmp_path, "table: {data: t.xlsx}"), tmp_path / "out", ("pdf",))
    with pdfplumber.open(pdf) as document:
        words = [w for page in document.pages for w in page.extract_words()]
    texts = [w["text"] for w in words]
    assert "0.497" not in texts and "12000" not in texts
    shown = [next(w for w in words if w["text"] == text) for text in ("49.7%", "12,000", "2302.60")]
    assert max(w["x1"] for w in shown) - min(w["x1"] for w in shown) < 0.5, shown  # right-aligned, one column
    assert max(w["x0"] for w in shown) - min(w["x0"] for w in shown) > 2, shown
    from publisher.plan.deck import plan_deck
    from publisher.plan.model import TableShape

    project = load_project(tmp_path / "outline.yaml")
    deck = plan_deck(project.outline, project.theme, project.fonts, project.base_dir)
    (table,) = [shape for slide in deck.slides for shape in slide.shapes if isinstance(shape, TableShape)]
    cells = ["".join(run.text for line in row[1].paragraphs[0].lines for run in line) for row in table.rows]
    assert cells == ["数值", "49.7%", "12,000", "2302.60"]
    assert {row[1].paragraphs[0].align for row in table.rows} == {"r"}  # the slide's table too


def test_a_merged_cell_shows_its_value_in_every_row_it_spans(tmp_path):
    """武昌区 merged over two rows is each row's district (an empty cell would say the second row has none)."""
    from openpyxl import load_workbook

    path = workbook(tmp_path / "m.xlsx", {"合并": [["区", "指标", "数值"], ["武昌区", "产值", 2302.6],
                                                  [None, "人口", 136.1], ["江岸区", "产值", 1620]]})
    book = load_workbook(path)
    book["合并"].merge_cells("A2:A3")
    book["合并"]["C2"].number_format = "0.00"
    book.save(path)
    (table_block,) = blocks(tmp_path, "table: {data: m.xlsx}")
    assert table_block.table.rows == [["武昌区", "产值", "2302.60"], ["武昌区", "人口", "136.1"],
                                      ["江岸区", "产值", "1620"]]
