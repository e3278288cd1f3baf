"""Every bad outline gives one clear located message, exit code 2, no traceback, and no output touched."""
from __future__ import annotations

from pathlib import Path

import pytest

from publisher.cli import main

BAD = Path(__file__).parent / "bad"

# file → the first diagnostic, exactly as printed (the outline's folder is replaced by BAD/)
EXPECTED = {
    "absolute-path.yaml": "absolute-path.yaml:6:23: error: sections[0].blocks[0].image.path: '/etc/hostname' is "
                          "outside the outline's folder; pass --allow-outside to permit it",
    "alias-bomb.yaml": "alias-bomb.yaml:1:56: error: more than 200,000 YAML values (an alias bomb?)",
    "bad-only.yaml": "bad-only.yaml:7:15: error: sections[0].blocks[0].only: expected 'deck' or 'report'; got 'slides'",
    "bad-yaml.yaml": "bad-yaml.yaml:6:1: error: invalid YAML: did not find expected ',' or ']'",
    "binary.yaml": "binary.yaml:1:1: error: this is a binary file, not a UTF-8 YAML text",
    "chart-type.yaml": "chart-type.yaml:7:17: error: sections[0].blocks[0].chart.type: expected one of {kinds}; got "
                       "'pie3d' (did you mean 'pie'?)",
    "csv-non-numeric.yaml": "data/non-numeric.csv:3:2: error: sections[0].blocks[0].chart.data: expected a number in "
                            "column '产值'; got '约80'",
    "csv-ragged.yaml": "data/ragged.csv:3:1: error: sections[0].blocks[0].table.data: expected 2 cells like the "
                       "header; got 1",
    "duplicate-key.yaml": "duplicate-key.yaml:3:3: error: duplicate key 'title' (first at line 2)",
    "empty-kpis.yaml": "empty-kpis.yaml:6:15: error: sections[0].blocks[0].kpis: must not be empty; got a list",
    "empty-title.yaml": "empty-title.yaml:2:10: error: report.title: must not be empty; got ''",
    "empty.yaml": "empty.yaml:1:1: error: the file is empty; expected a YAML mapping",
    "extension-b.yaml": "extension-b.yaml:5:14: error: sections[0].lead: character '𠀀' (U+20000) is not in font "
                        "'Noto Sans SC', 'Noto Serif SC'; use another character or a theme font that has it",
    "kpi-typo.yaml": "kpi-typo.yaml:7:47: error: sections[0].blocks[0].kpis[0]: unknown key 'qualifer' (did you mean "
                     "'qualifier'?)",
    "missing-csv.yaml": "missing-csv.yaml:6:34: error: sections[0].blocks[0].chart.data: no file 'nowhere.csv' "
                        "(looked in {bad})",
    "missing-glyph.yaml": "missing-glyph.yaml:5:15: error: sections[0].lead: character '😀' (U+1F600) is not in font "
                          "'Noto Sans SC', 'Noto Serif SC'; use another character or a theme font that has it",
    "missing-image.yaml": "missing-image.yaml:6:23: error: sections[0].blocks[0].image.path: no file "
                          "'data/missing.png' (looked in {bad})",
    "nan-value.yaml": "nan-value.yaml:6:79: error: sections[0].blocks[0].chart.series[0].values[1]: expected a finite "
                      "number; got nan",
    "no-sections.yaml": "no-sections.yaml:3:11: error: sections: must not be empty; got a list",
    "not-a-mapping.yaml": "not-a-mapping.yaml:1:1: error: expected a mapping; got a list",
    "not-an-image.yaml": "not-an-image.yaml:6:23: error: sections[0].blocks[0].image.path: 'data/fake.png' is not a "
                         "readable PNG or JPEG image (UnidentifiedImageError)",
    "outside-path.yaml": "outside-path.yaml:6:34: error: sections[0].blocks[0].chart.data: '../secret.csv' is outside "
                         "the outline's folder; pass --allow-outside to permit it",
    "pie-negative.yaml": "pie-negative.yaml:6:79: error: sections[0].blocks[0].chart.series[0].values[1]: a slice "
                         "cannot be negative; got -1",
    "series-length.yaml": "series-length.yaml:6:78: error: sections[0].blocks[0].chart.series[0].values: 2 values "
                          "for 3 categories; expected one value per category",
    "tabs.yaml": "tabs.yaml:2:1: error: invalid YAML: found character that cannot start any token (a tab: YAML "
                 "indents with spaces only)",
    "theme-color.yaml": "theme-color.yaml:5:21: error: colors.primary: expected a colour as six hex digits, like "
                        "1F4E79; got 'blue'",
    "theme-name.yaml": "theme-name.yaml:3:8: error: no theme 'defualt': expected a built-in theme ({themes}) or a YAML "
                       "file (did you mean 'default'?)",
    "unknown-block.yaml": "unknown-block.yaml:6:9: error: sections[0].blocks[0]: expected a block kind: one of "
                          "paragraph, bullets, kpis, chart, table, image, quote; got tabel (did you mean 'table'?)",
    "unknown-key.yaml": "unknown-key.yaml:4:5: error: sections[0]: missing required key 'title'",
    "wrong-type.yaml": "wrong-type.yaml:2:10: error: report.title: expected text; got a list",
}


def _expected(name: str) -> str:
    from publisher.charts.registry import kind_names
    from publisher.theme import builtin_names

    text = EXPECTED[name].format(kinds=", ".join(kind_names()), bad=BAD, themes=", ".join(builtin_names()))
    return f"{BAD}/{text}" if not text.startswith("/") else text


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_outline_is_reported_at_its_place(name, tmp_path, capsys):
    previous = tmp_path / f"{Path(name).stem}.pdf"
    previous.write_bytes(b"the previous good output")
    code = main(["build", str(BAD / name), "-o", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.splitlines()[0].startswith(_expected(name)), err
    assert "Traceback" not in err
    assert previous.read_bytes() == b"the previous good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == [previous.name]
