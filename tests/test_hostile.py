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
