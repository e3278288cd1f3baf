"""What a user's machine can hand a build that a file in the repository cannot hold: pipes, loops of symbolic
links, files that are folders, workbooks padded with empty rows. Each is one located line, exit code 2, at once."""
from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest

from publisher.cli import main

OUTLINE = "report: {title: 机器}\nsections:\n  - title: 一\n    blocks:\n"


def outline(folder: Path, blocks: str, theme: str = "") -> Path:
    path = folder / "o.yaml"
    path.write_text(OUTLINE + blocks + (f"theme: {theme}\n" if theme else ""), encoding="utf-8")
    return path


def first_error(capsys) -> str:
    return capsys.readouterr().err.splitlines()[0]


needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")


@needs_fifo
def test_a_pipe_as_outline_or_data_is_refused_without_waiting_for_a_writer(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.yaml")
    os.mkfifo(tmp_path / "pipe.csv")
    assert main(["validate", str(tmp_path / "pipe.yaml")]) == 2
    assert first_error(capsys) == (f"{tmp_path / 'pipe.yaml'}: error: cannot read file: this is not a regular file (a "
                                   "pipe, socket or device); expected a YAML file")
    path = outline(tmp_path, "      - table: {data: pipe.csv}\n")
    assert main(["validate", str(path)]) == 2
    assert first_error(capsys) == (f"{path}:5:23: error: sections[0].blocks[0].table.data: 'pipe.csv' is not a "
                                   "regular file (a pipe, socket or device); expected a file")
    batch = outline(tmp_path, "      - '{{ 区 }}'\n")
    assert main(["build", str(batch), "--data", str(tmp_path / "pipe.csv"), "-o", str(tmp_path / "out")]) == 2
    assert first_error(capsys) == (f"{tmp_path / 'pipe.csv'}: error: cannot read file: this is a folder, a pipe or a "
                                   "device; expected a CSV file")


def test_a_loop_of_symbolic_links_is_named_as_one(tmp_path, capsys):
    (tmp_path / "a.csv").symlink_to("b.csv")
    (tmp_path / "b.csv").symlink_to("a.csv")
    path = outline(tmp_path, "      - chart: {type: bar, data: a.csv}\n")
    assert main(["build", str(path), "-o", str(tmp_path / "out")]) == 2
    assert first_error(capsys) == (f"{path}:5:34: error: sections[0].blocks[0].chart.data: 'a.csv' cannot be found: "
                                   "its symbolic links point at each other in a loop")


@pytest.mark.parametrize("key, expected", [
    ("deck: {template: folder}", "deck.template: 'folder' is a folder, a pipe or a device; expected a .pptx or .potx "
                                 "file"),
    ("deck: {footer: {logo: folder}}", "deck.footer.logo: 'folder' is a folder, a pipe or a device; expected a PNG or "
                                       "JPEG file"),
])
def test_a_folder_where_the_theme_names_a_file_is_refused_at_its_line(tmp_path, capsys, key, expected):
    (tmp_path / "folder").mkdir()
    path = outline(tmp_path, "      - 正文。\n", f"{{extends: default, {key}}}")
    assert main(["validate", str(path)]) == 2
    assert first_error(capsys).split(": error: ")[1] == expected


def test_empty_rows_of_a_worksheet_do_not_count_against_its_cell_limit(tmp_path, capsys):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["年份", "产值"])
    sheet.append(["2024年", 2302.6])
    book.save(tmp_path / "plain.xlsx")
    with zipfile.ZipFile(tmp_path / "plain.xlsx") as plain, zipfile.ZipFile(tmp_path / "d.xlsx", "w") as padded:
        for item in plain.infolist():
            data = plain.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":  # 5,000 empty rows, as formatting leaves them
                data = data.replace(b"</sheetData>", b"".join(b'<row r="%d"/>' % n for n in range(3, 5003))
                                    + b"</sheetData>")
            padded.writestr(item, data)
    path = outline(tmp_path, "      - chart: {type: bar, data: d.xlsx}\n")
    assert main(["validate", str(path), "--limit", "xlsx_cells=100"]) == 0, capsys.readouterr().err


# A new user's hostile tries that must build, every number and word shown exactly as written in both outputs:
# case → (files, the forms both outputs must show). The outline is outline.yaml among the files.
WRITTEN = "report: {title: 2024-01-01, subtitle: 0012}\nsections:\n  - title: 2024-12-31\n    blocks:\n"
BUILDS = {
    "a BOM, CRLF line ends and a tab after a colon": (
        {"outline.yaml": "\ufeffreport:\r\n  title:\t带BOM的报告\r\nsections:\r\n  - title: 一\r\n    blocks:\r\n"
                         "      - kpis: [{label: 产值, value: 12.50, unit: 亿元}]\r\n"},
        ["带BOM的报告", "12.50"]),
    "dates, yes/no/on/off and numbers where text is expected": (
        {"outline.yaml": WRITTEN + "      - bullets: [yes, no, on, off, Yes, NO, y, n]\n"},
        ["2024-01-01", "0012", "2024-12-31", "yes", "off", "NO"]),
    "numbers written in YAML's odd ways, in KPIs and a table": (
        {"outline.yaml": WRITTEN + "      - kpis:\n"
                                   "          - {label: 代码, value: 0x1F, unit: 个}\n"
                                   "          - {label: 产值, value: 1_000, unit: 亿元}\n"
                                   "          - {label: 增长, value: +5, unit: '%'}\n"
                                   "          - {label: 比例, value: .5, unit: '%'}\n"
                                   "          - {label: 产值, value: 1e3, unit: 万元}\n"
                                   "          - {label: 编号, value: ０１２, unit: 号}\n"
                                   "      - table:\n          columns: [指标, 数值]\n"
                                   "          rows: [[甲, +5], [乙, .5], [丙, 1e3], [丁, 0x1F], [戊, 1_000],\n"
                                   "                 [己, ０１２]]\n"},
        ["0x1F", "1_000", "+5", ".5", "1e3", "０１２"]),
    "a CSV with a BOM, one separated by semicolons, one with a line break in a cell": (
        {"outline.yaml": "report: {title: 数据文件}\nsections:\n  - title: 一\n    blocks:\n"
                         "      - table: {data: bom.csv}\n      - chart: {type: bar, data: bom.csv}\n"
                         "      - table: {data: semicolons.csv}\n      - table: {data: newline.csv}\n",
         "bom.csv": "\ufeff指标,数值\n甲,12.50\n乙,3.0\n",
         "semicolons.csv": "指标;数值\n甲;12,5\n乙;0,75\n",
         "newline.csv": "指标,说明\n甲,\"第一行\n第二行\"\n乙,普通\n"},
        ["12.50", "3.0", "12,5", "0,75", "第一行", "第二行"]),
}


@pytest.mark.parametrize("case", sorted(BUILDS))
def test_hostile_inputs_that_build_show_every_number_as_written(tmp_path, case):
    from fidelity import authored, deck_text, missing, report_text, shows_text

    from publisher.api import build, load_project

    files, forms = BUILDS[case]
    for name, text in files.items():
        (tmp_path / name).write_bytes(text.encode("utf-8"))
    project = load_project(tmp_path / "outline.yaml")
    deck, pdf = build(tmp_path / "outline.yaml", tmp_path / "out")
    found = authored(project.outline, project.theme.charts.min_slice, project.theme.locale)
    slides, pages = deck_text(deck), report_text(pdf)
    assert missing(found, "deck", slides) == [] and missing(found, "report", pages) == []
    for form in forms:
        assert shows_text(form, slides) and shows_text(form, pages), form


def test_a_worksheet_of_percentages_is_charted_as_excel_shows_it_and_hidden_sheets_are_skipped(tmp_path):
    from fidelity import deck_text, report_text
    from openpyxl import Workbook

    from publisher.api import build

    book = Workbook()
    hidden = book.active
    hidden.title, hidden.sheet_state = "底稿", "hidden"
    hidden.append(["指标", "占比"])
    hidden.append(["草稿", 0.999])
    shown = book.create_sheet("占比")
    shown.append(["产业", "占比"])
    for row, (name, share) in enumerate([("数字经济", 0.497), ("其他", 0.503)], start=2):
        shown.append([name, share])
        shown[f"B{row}"].number_format = "0.0%"
    book.save(tmp_path / "d.xlsx")
    outline(tmp_path, "      - chart: {type: bar, data: d.xlsx}\n      - table: {data: d.xlsx}\n")
    deck, pdf = build(tmp_path / "o.yaml", tmp_path / "out")
    for streams in (deck_text(deck), report_text(pdf)):
        text = "".join(streams.values()).replace(" ", "")
        assert "49.7%" in text and "50.3%" in text and "草稿" not in text and "0.497" not in text


def test_a_gif_builds_and_an_output_folder_written_with_dots_is_that_folder(tmp_path, capsys):
    from PIL import Image

    Image.new("RGB", (40, 30), "red").save(tmp_path / "map.gif")
    path = outline(tmp_path, "      - image: {path: map.gif}\n")
    assert main(["build", str(path), "-o", str(tmp_path / "a" / ".." / "out")]) == 0, capsys.readouterr().err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["o.pdf", "o.pptx"]
    assert not (tmp_path / "a").exists()  # a/.. is the folder it leads to: no folder a is made


def test_a_ten_megabyte_paragraph_is_refused_at_its_line_with_the_limit_to_raise(tmp_path, capsys):
    path = outline(tmp_path, "      - '" + "字" * 3_400_000 + "'\n")  # 10.2 MB of UTF-8, under the file limit
    assert main(["validate", str(path)]) == 2
    assert capsys.readouterr().err.splitlines()[0] == (
        f"{path}:5:9: error: sections[0].blocks[0]: 3,400,000 characters; the limit is 20,000 (raise it with "
        "--limit text_chars=N)")
