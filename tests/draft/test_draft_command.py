"""The `publisher draft` command: outputs, report, and exit code 2 with a clear message for bad sources."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from publisher import cli

SOURCE = Path(__file__).parents[2] / "examples" / "wuchang-2024" / "source.txt"


def test_draft_writes_the_outline_and_reports(tmp_path, capsys):
    target = tmp_path / "out" / "wuchang.yaml"
    assert cli.main(["draft", str(SOURCE), "-o", str(target), "--report"]) == 0
    out = capsys.readouterr().out
    assert target.read_text(encoding="utf-8").startswith("# 由 publisher draft 从 source.txt 生成")
    assert "2 repeated paragraphs dropped" in out and "6 sentences broken across pages joined" in out
    assert "60 facts" in out
    assert [p.name for p in target.parent.iterdir()] == ["wuchang.yaml"]


def test_the_default_outline_is_named_after_the_source(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["draft", str(SOURCE)]) == 0
    assert (tmp_path / "source.yaml").is_file()
    assert "wrote source.yaml: 11 sections, 60 figures" in capsys.readouterr().out


def bad_sources(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "binary.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.write("全年接待游客超5000万人次。\n".encode() * (20 * 1024 * 1024 // 40))
    fake = tmp_path / "fake.docx"
    fake.write_text("not a zip", encoding="utf-8")
    no_word = tmp_path / "other.docx"
    with zipfile.ZipFile(no_word, "w") as archive:
        archive.writestr("a.txt", "a")
    return {
        "empty": (empty, "the file is empty"),
        "binary": (binary, "this is a binary file, not text"),
        "huge": (huge, "the limit is 10,485,760 bytes"),
        "fake docx": (fake, "not a .docx file: it is not a zip archive"),
        "zip without a document": (no_word, "not a Word document"),
    }


@pytest.mark.parametrize("name", ["empty", "binary", "huge", "fake docx", "zip without a document"])
def test_a_bad_source_exits_2_with_a_clear_error_and_writes_nothing(name, tmp_path, capsys):
    source, message = bad_sources(tmp_path)[name]
    target = tmp_path / "out.yaml"
    target.write_text("previous", encoding="utf-8")
    assert cli.main(["draft", str(source), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert f"{source}" in err and message in err and "nothing was written" in err
    assert target.read_text(encoding="utf-8") == "previous"


def test_the_outline_may_not_overwrite_its_source(tmp_path, capsys):
    source = tmp_path / "a.txt"
    source.write_text("正文。", encoding="utf-8")
    assert cli.main(["draft", str(source), "-o", str(source)]) == 2
    assert "would overwrite its source" in capsys.readouterr().err


def test_a_report_in_latin_script_is_refused_with_its_file_and_line(tmp_path):
    from publisher.draft.pipeline import draft
    from publisher.errors import PublisherError

    source = tmp_path / "release.txt"
    source.write_text("Labour Force Survey: October–December 2024\n\n" + "The unemployment rate was 4.1%, down 0.2 "
                      "percentage points; employment rose by 12,400 to 1.86 million. " * 6 + "\n", encoding="utf-8")
    with pytest.raises(PublisherError) as raised:
        draft(source)
    (diagnostic,) = raised.value.diagnostics
    assert (diagnostic.span.file, diagnostic.span.line, diagnostic.span.column) == (str(source), 1, 1)
    assert "Latin script" in diagnostic.message and "Chinese" in diagnostic.message
