"""Reading sources: plain text, Markdown, Word; clear errors for what is not a readable document."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from publisher.draft.markup import markdown_reading
from publisher.draft.read import MAX_BYTES, read, text_reading
from publisher.errors import PublisherError


def error_of(path: Path) -> str:
    with pytest.raises(PublisherError) as caught:
        read(path)
    (diagnostic,) = caught.value.diagnostics
    return str(diagnostic)


def test_text_blocks_keep_their_lines_position_and_gap():
    passages = text_reading("\n标题\n\n抢赛道、育动能\n创新发展\n\n\n\n　　正文。\f续页。\n").passages
    assert [(p.texts, p.line, p.gap) for p in passages] == [
        (("标题",), 2, 1), (("抢赛道、育动能", "创新发展"), 4, 1), (("正文。",), 9, 3), (("续页。",), 9, 1)]


def test_every_character_keeps_its_place_in_the_file():
    text = "标题\n\n　　全区专利授权总量1.45万件。\n"
    reading = text_reading(text)
    body = reading.passages[1].lines[0]
    assert body.text == "全区专利授权总量1.45万件。"
    assert reading.lines.position(body.spot(body.text.index("1.45"))) == (3, 11)


def test_markdown_headings_items_and_quotes():
    text = ("# 年度回顾\n\n## 一、创新发展\n\n**数字经济**核心企业达9500余家，\n详见[附表](a.md)。\n\n"
            "- 要点一\n- 要点二\n\n> 征途漫漫\n\n```\ncode 1\n```\n")
    passages = markdown_reading(text).passages
    assert [(p.texts, p.level, p.kind) for p in passages] == [
        (("年度回顾",), 1, "text"), (("一、创新发展",), 2, "text"),
        (("数字经济核心企业达9500余家，", "详见附表。"), None, "text"),
        (("要点一",), None, "item"), (("要点二",), None, "item"), (("征途漫漫",), None, "quote")]


def test_gb18030_text_is_read(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("全区专利授权总量1.45万件。".encode("gb18030"))
    assert read(path).passages[0].text == "全区专利授权总量1.45万件。"


def test_a_word_document_gives_headings_paragraphs_and_table_rows(tmp_path):
    import docx

    document = docx.Document()
    document.add_heading("年度回顾", level=0)
    document.add_heading("创新发展", level=1)
    document.add_paragraph("")
    document.add_paragraph("全区专利授权总量1.45万件。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "指标", "数值"
    path = tmp_path / "report.docx"
    document.save(path)
    passages = read(path).passages
    assert [(p.texts, p.level, p.gap, p.kind) for p in passages] == [
        (("年度回顾",), 0, 0, "text"), (("创新发展",), 1, 0, "text"),
        (("全区专利授权总量1.45万件。",), None, 1, "text"), (("指标", "数值"), None, 0, "row")]


def test_an_empty_file(tmp_path):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert error_of(path) == f"{path}:1:1: error: the file is empty (0 bytes)"


def test_a_file_of_blank_lines_has_no_text(tmp_path):
    path = tmp_path / "blank.md"
    path.write_text("\n  \n\u3000\n", encoding="utf-8")
    assert error_of(path) == f"{path}:1:1: error: the document has no text"


def test_a_binary_file(tmp_path):
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert error_of(path) == f"{path}:3:1: error: this is a binary file, not text"


def test_a_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.txt"
    line = "全年接待游客超5000万人次，实现旅游收入500亿元。\n".encode()
    path.write_bytes(line * (20 * 1024 * 1024 // len(line) + 1))
    assert error_of(path) == (f"{path}: error: file is {path.stat().st_size:,} bytes; the limit is "
                              f"{MAX_BYTES:,} bytes (10 MB)")


def test_a_docx_that_is_not_a_zip(tmp_path):
    path = tmp_path / "report.docx"
    path.write_text("这不是 Word 文件。", encoding="utf-8")
    assert "not a .docx file: it is not a zip archive" in error_of(path)


def test_a_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    assert "not a Word document: the zip archive has no word/document.xml" in error_of(path)


def test_an_unsupported_kind_of_file(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert "unsupported source type '.pdf'; expected a .txt, .md, .docx or .html file" in error_of(path)


def test_a_missing_file(tmp_path):
    assert "cannot read file: No such file or directory" in error_of(tmp_path / "missing.txt")
