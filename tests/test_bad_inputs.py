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
    "alias-bomb.yaml": "alias-bomb.yaml:1:56: error: more than 200,000 YAML values (an alias bomb?); raise the limit "
                       "with --limit yaml_values=N",
    "bad-only.yaml": "bad-only.yaml:7:15: error: sections[0].blocks[0].only: expected 'deck' or 'report'; got 'slides'",
    "bad-yaml.yaml": "bad-yaml.yaml:6:1: error: invalid YAML: did not find expected ',' or ']'",
    "binary.yaml": "binary.yaml:1:1: error: this is a binary file, not a UTF-8 YAML text",
    "chart-type.yaml": "chart-type.yaml:7:17: error: sections[0].blocks[0].chart.type: expected one of {kinds}; got "
                       "'pie3d' (did you mean 'pie'?)",
    "csv-non-numeric.yaml": "data/non-numeric.csv:3:2: error: sections[0].blocks[0].chart.data: expected a number in "
                            "column '产值'; got '约80'",
    "csv-ragged.yaml": "data/ragged.csv:3:1: error: sections[0].blocks[0].table.data: expected 2 cells like the "
                       "header; got 1",
    "custom-tag.yaml": "custom-tag.yaml:6:48: error: unsupported YAML tag '!time'; an outline holds plain text, "
                       "numbers, true/false, lists and mappings (quote a value that starts with !)",
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
                      "number; got .nan",
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
    "symlink-out.yaml": "symlink-out.yaml:6:34: error: sections[0].blocks[0].chart.data: 'data/link.csv' is outside "
                        "the outline's folder; pass --allow-outside to permit it",
    "decompression-bomb.yaml": "decompression-bomb.yaml:6:23: error: sections[0].blocks[0].image.path: "
                               "'data/bomb.png' claims more than 40,000,000 pixels (a decompression bomb?)",
    "missing-font.yaml": "missing-font.yaml:4:3: error: theme.fonts.body: font 'fonts/nowhere.ttf' for body text not "
                         "found",
    "infinite-value.yaml": "infinite-value.yaml:6:80: error: sections[0].blocks[0].chart.series[0].values[1]: "
                           "expected a finite number; got .inf",
    "pie-zero.yaml": "pie-zero.yaml:6:75: error: sections[0].blocks[0].chart.series[0].values: a pie needs at least "
                     "one value above zero",
    "empty-series.yaml": "empty-series.yaml:6:16: error: sections[0].blocks[0].chart: a chart needs `series:` (with "
                         "`categories:`) or `data:` naming a CSV or .xlsx file",
    "table-ragged.yaml": "table-ragged.yaml:9:15: error: sections[0].blocks[0].table.rows[0]: expected 2 cells (one "
                         "per column); got 3",
    "kpi-value-list.yaml": "kpi-value-list.yaml:7:32: error: sections[0].blocks[0].kpis[0].value: expected a number "
                           "or text; got a list",
    "sections-not-list.yaml": "sections-not-list.yaml:4:3: error: sections: expected a list; got a mapping",
    "highlight-unknown.yaml": "highlight-unknown.yaml:6:100: error: sections[0].blocks[0].chart.highlight: '丙' is "
                              "not one of the categories",
    "bad-scale.yaml": "bad-scale.yaml:6:92: error: sections[0].blocks[0].chart.scale: expected 'auto', 'none', "
                      "'thousand', 'million', 'billion', 'trillion', '千', '万', '萬', '百万', '百萬', '亿', '億', "
                      "'万亿' or '萬億'; got 'millions' (did you mean 'million'?)",
    "two-documents.yaml": "two-documents.yaml:3:1: error: invalid YAML: the file holds more than one YAML document "
                          "(---); expected one",
    "long-title.yaml": "long-title.yaml:2:10: error: report.title: 500 characters; the limit is 200 (raise it with "
                       "--limit title_chars=N)",
    "many-bullets.yaml": "many-bullets.yaml:7:11: error: sections[0].blocks[0].bullets: 1,000 bullets; the limit is "
                         "300 (raise it with --limit bullets_per_block=N)",
    "xlsx-missing.yaml": "xlsx-missing.yaml:6:34: error: sections[0].blocks[0].chart.data: no file "
                         "'data/nowhere.xlsx' (looked in {bad})",
    "xlsx-non-numeric.yaml": "xlsx-non-numeric.yaml:6:34: error: sections[0].blocks[0].chart.data: 'data/指标.xlsx' "
                             "sheet '2024' cell C7: expected a number in column '2024年'; got '12,5亿'",
    "xlsx-formula.yaml": "xlsx-formula.yaml:6:34: error: sections[0].blocks[0].chart.data: 'data/指标.xlsx' sheet "
                         "'公式' cell B3: expected a number in column '数值'; got a formula with no saved value; open "
                         "and save the file in Excel or WPS",
    "xlsx-empty-sheet.yaml": "xlsx-empty-sheet.yaml:6:23: error: sections[0].blocks[0].table.data: 'data/指标.xlsx' "
                             "sheet '空表' is empty; expected a header row and at least one data row",
    "xlsx-ragged.yaml": "xlsx-ragged.yaml:6:23: error: sections[0].blocks[0].table.data: 'data/指标.xlsx' sheet "
                        "'错行' cell C3: expected 2 cells like the header; got 3",
    "xlsx-unknown-sheet.yaml": "xlsx-unknown-sheet.yaml:6:34: error: sections[0].blocks[0].chart.data: "
                               "'data/指标.xlsx' has no sheet '2O24'; expected one of '2024', '空表', '公式', '错行' "
                               "(did you mean '2024'?)",
    "xlsx-renamed-csv.yaml": "xlsx-renamed-csv.yaml:6:23: error: sections[0].blocks[0].table.data: "
                             "'data/renamed.xlsx' is not an Excel workbook (a CSV or text file named .xlsx?); open it "
                             "in Excel or WPS and save it as .xlsx",
    "xlsx-old-xls.yaml": "xlsx-old-xls.yaml:6:23: error: sections[0].blocks[0].table.data: 'data/old.xls' is an "
                         "Excel 97-2003 or WPS file, not .xlsx; open it in Excel or WPS and save it as .xlsx",
    "xlsx-protected.yaml": "xlsx-protected.yaml:6:23: error: sections[0].blocks[0].table.data: "
                           "'data/protected.xlsx' is protected with a password; remove the password in Excel or WPS "
                           "(File › Info › Protect Workbook) and save it again",
    "xlsx-too-many-cells.yaml": "xlsx-too-many-cells.yaml:6:23: error: sections[0].blocks[0].table.data: "
                                "'data/cells.xlsx' sheet 'Sheet' has more than 1,000,000 cells (rows × columns); "
                                "raise the limit with --limit xlsx_cells=N",
    # numbers that are not: NaN and infinity wherever a number is accepted (see test_nan_and_infinity_are_refused…)
    "kpi-nan.yaml": "kpi-nan.yaml:6:41: error: sections[0].blocks[0].kpis[0].value: expected a finite number or text; "
                    "got .nan (a missing value?)",
    "nan-everywhere.yaml": "nan-everywhere.yaml:6:35: error: sections[0].blocks[0].kpis[0].value: expected a finite "
                           "number or text; got .nan (a missing value?)",
    "nan-in-data-files.yaml": "data/nan-chart.csv:3:1: error: sections[0].blocks[0].chart.data: expected a category "
                              "name; got 'NaN' (a missing value?)",
    "nan-in-variants.yaml": "{here}武昌 ({bad}/nan-in-variants.yaml:10:5): {bad}/nan-in-variants.yaml:6:35: error: "
                            "sections[0].blocks[0].kpis[0].value: expected a finite number or text; got 'nan' (a "
                            "missing value?)",
    "nan-in-batch-data.yaml": "{here}武昌 ({bad}/data/units-nan.csv:2:1): {bad}/nan-in-batch-data.yaml:7:35: error: "
                              "sections[0].blocks[0].kpis[0].value: expected a finite number or text; got 'nan' (a "
                              "missing value?)",
    "kpi-too-long.yaml": "kpi-too-long.yaml:6:41: error: sections[0].blocks[0].kpis[0].value: expected a number of at "
                         "most 15 digits before the decimal point; got a whole number of 400 digits (write it in "
                         "quotes to show it as text)",
    "huge-number.yaml": "huge-number.yaml:6:73: error: a number of more than 4,300 digits cannot be read",
    "decimals-out-of-range.yaml": "decimals-out-of-range.yaml:6:38: error: sections[0].blocks[0].chart.decimals: "
                                  "expected a number of at most 6; got the number 400",
    "xlsx-formula-table.yaml": "xlsx-formula-table.yaml:6:23: error: sections[0].blocks[0].table.data: "
                               "'data/指标.xlsx' sheet '公式' cell B3: expected a finite number or text in column "
                               "'数值'; got a formula with no saved value; open and save the file in Excel or WPS",
    # mistakes of the user or their machine
    "output-is-input.yaml": "output-is-input.yaml:7:23: error: the output '{bad}/data/output-is-input.pdf' is the "
                            "data file '{bad}/data/output-is-input.pdf': writing it would destroy the input; choose "
                            "another output folder (-o) or rename the file",
    "table-no-columns.yaml": "table-no-columns.yaml:6:26: error: sections[0].blocks[0].table.columns: must not be "
                             "empty; name the columns, or leave `columns:` out for a table without a header row",
    "csv-nul.yaml": "data/nul.csv:2:2: error: sections[0].blocks[0].table.data: a cell holds a NUL byte (is this a "
                    "binary file?); expected text",
    "csv-long-cell.yaml": "data/long-cell.csv:2:1: error: sections[0].blocks[0].table.data: cannot read this CSV "
                          "file: a cell is longer than 131,072 characters",
    "data-path-nul.yaml": "data-path-nul.yaml:6:23: error: sections[0].blocks[0].table.data: a text cannot hold the "
                          "control character U+0000; got 'data/a\\x00b.csv'",
    "data-folder.yaml": "data-folder.yaml:6:23: error: sections[0].blocks[0].table.data: 'data' is a folder; expected "
                        "a file",
    "control-character.yaml": "control-character.yaml:2:10: error: report.title: a text cannot hold the control "
                              "character U+001B; got '测试\\x1b[31m报告'",
    "alias-loop.yaml": "alias-loop.yaml:4:12: error: nested more than 100 levels deep (an alias inside what it "
                       "names?)",
    "utf16.yaml": "utf16.yaml:1:1: error: the file is UTF-16 text; save it as UTF-8",
    "outline-is-a-folder.yaml": "outline-is-a-folder.yaml: error: no outline in '",  # then the folder, and what to do
    # messages that point at the user's file and say what to write
    "template-no-layouts.yaml": "template-no-layouts.yaml:3:44: error: deck.template: 'data/no-layouts.pptx' has no "
                                "slide layouts; the deck is built on a template's layouts: add one (PowerPoint: View "
                                "▸ Slide Master) or choose another template",
    "extends-cycle.yaml": "data/cycle-b.yaml:1:10: error: themes extend each other in a cycle: cycle-a.yaml → "
                          "cycle-b.yaml → cycle-a.yaml",
    "layout-cycle.yaml": "data/layouts-cycle/loop-b.yaml:1:10: error: slide layouts extend each other in a cycle: "
                         "loop-a.yaml → loop-b.yaml → loop-a.yaml",
    "theme-url.yaml": "theme-url.yaml:3:18: error: 'https://example.com/theme.yaml' is a web address; themes are read "
                      "from files only: save the theme beside the outline and name its file",
    "bullets-too-deep.yaml": "bullets-too-deep.yaml:12:29: error: sections[0].blocks[0].bullets[0].items[0].items[0]."
                             "items[0]: bullets nest at most 3 levels deep (a bullet, its items, and theirs); this is "
                             "level 4: make it a sentence of its parent, or a new bullet",
    "bullet-children.yaml": "bullet-children.yaml:8:13: error: sections[0].blocks[0].bullets[0]: unknown key "
                            "'children' (did you mean 'items'?)",
    "series-axis-typo.yaml": "series-axis-typo.yaml:6:118: error: sections[0].blocks[0].chart.series[1].axis: "
                             "expected 'left', 'right', 'primary' or 'secondary'; got 'secundary' (did you mean "
                             "'secondary'?)",
    # a new user's hostile tries: YAML oddities
    "yaml-merge-key.yaml": "yaml-merge-key.yaml:8:13: error: YAML merge keys (<<) are not supported; write the keys "
                           "out in each mapping",
    "yaml-long-line.yaml": "yaml-long-line.yaml:6:9: error: sections[0].blocks[0]: 25,000 characters; the limit is "
                           "20,000 (raise it with --limit text_chars=N)",
    "yaml-crlf-typo.yaml": "yaml-crlf-typo.yaml:6:16: error: sections[0].blocks[0].kpis[0]: missing required key "
                           "'value'",  # then, at 6:28, unknown key 'valu' (did you mean 'value'?): columns as in LF
    "yaml-duplicate-deep.yaml": "yaml-duplicate-deep.yaml:10:13: error: duplicate key 'value' (first at line 8)",
    "yaml-empty-document.yaml": "yaml-empty-document.yaml:2:1: error: expected a mapping; got nothing",
    "yaml-comments-only.yaml": "yaml-comments-only.yaml:1:1: error: the file is empty; expected a YAML mapping",
    "yaml-huge-int-key.yaml": "yaml-huge-int-key.yaml:7:1: error: unknown key '123456789012345678901234567890'",
    "yaml-binary-tag.yaml": "yaml-binary-tag.yaml:6:9: error: unsupported YAML tag '!!binary'; an outline holds "
                            "plain text, numbers, true/false, lists and mappings (quote a value that starts with !)",
    "yaml-complex-key.yaml": "yaml-complex-key.yaml:6:11: error: keys must be plain words",
    "yaml-null-title.yaml": "yaml-null-title.yaml:2:10: error: report.title: expected text; got nothing",
    "yaml-bool-title.yaml": "yaml-bool-title.yaml:2:10: error: report.title: expected text; got true (for the word, "
                            "write it in quotes: 'true')",
    "yaml-nul-byte.yaml": "yaml-nul-byte.yaml:2:11: error: a NUL byte (U+0000) is in the text; delete it",
    "yaml-surrogate-escape.yaml": "yaml-surrogate-escape.yaml:2:15: error: invalid YAML: found invalid Unicode "
                                  "character escape code",
    "invisible-direction-mark.yaml": "invisible-direction-mark.yaml:2:13: error: report.title: an invisible "
                                     "formatting character, U+202E (RIGHT-TO-LEFT OVERRIDE), which the fonts cannot "
                                     "show (pasted from another program?); delete it",
    "zero-width-space.yaml": "zero-width-space.yaml:6:12: error: sections[0].blocks[0]: an invisible formatting "
                             "character, U+200B (ZERO WIDTH SPACE), which the fonts cannot show (pasted from another "
                             "program?); delete it",
    "sections-too-deep.yaml": "sections-too-deep.yaml:14:15: error: sections[0].sections[0].sections[0].sections[0]."
                              "sections[0].sections[0]: sections nest at most 5 levels deep (一、（一）1.（1）①); this "
                              "is level 6: make it a paragraph or bullets of its parent section",
    # numbers a chart could not show as written (the native chart's cache would say 31 for 0x1F)
    "chart-hex-value.yaml": "chart-hex-value.yaml:6:76: error: sections[0].blocks[0].chart.series[0].values[0]: "
                            "expected a number in decimal digits (0x… is hexadecimal, 0o… octal); got the number 0x1F",
    "chart-underscore-value.yaml": "chart-underscore-value.yaml:6:79: error: sections[0].blocks[0].chart.series[0]."
                                   "values[1]: expected a number; got '1_000'",
    "chart-fullwidth-digits.yaml": "chart-fullwidth-digits.yaml:6:76: error: sections[0].blocks[0].chart.series[0]."
                                   "values[0]: expected a number in the digits 0-9; got '１２'",
    "kpi-change-octal.yaml": "kpi-change-octal.yaml:6:57: error: sections[0].blocks[0].kpis[0].change: expected a "
                             "number in decimal digits (0x… is hexadecimal, 0o… octal); got the number 0o17",
    # themes and slide layouts
    "theme-extends-missing.yaml": "theme-extends-missing.yaml:7:18: error: no theme 'nowhere.yaml' to extend: "
                                  "expected a built-in theme ({themes}) or a YAML file (looked in {bad})",
    "theme-file-extends-missing.yaml": "data/extends-missing.yaml:1:10: error: no theme 'missing-base.yaml' to "
                                       "extend: expected a built-in theme ({themes}) or a YAML file (looked in "
                                       "{bad}/data)",
    "layout-negative-width.yaml": "data/layout-negative-width/chart.yaml:3:34: error: regions.chart.w: expected a "
                                  "number above 0.0; got the number -300",
    "layout-off-slide.yaml": "data/layout-off-slide/chart.yaml:3:27: error: region 'chart': x 2000 + w 300 passes "
                             "the slide's right edge at 960 pt",
    "layout-below-slide.yaml": "data/layout-below-slide/chart.yaml:3:42: error: region 'chart': y 400 + h 300 passes "
                               "the slide's bottom edge at 540 pt",
    "layout-columns-reversed.yaml": "data/layout-columns-reversed/chart.yaml:3:30: error: region 'chart': cols [12, "
                                    "1] is not on the grid; expected [first, last] with 1 ≤ first ≤ last ≤ 12 "
                                    "(deck.grid.columns)",
    "layout-columns-beyond.yaml": "data/layout-columns-beyond/chart.yaml:3:30: error: region 'chart': cols [1, 40] is "
                                  "not on the grid; expected [first, last] with 1 ≤ first ≤ last ≤ 12 "
                                  "(deck.grid.columns)",
    # data files and images
    "csv-semicolon-decimal-comma.yaml": "data/semicolons.csv:2:2: error: sections[0].blocks[0].chart.data: expected "
                                        "a number in column '数值'; got '12,5'",
    "csv-gbk.yaml": "csv-gbk.yaml:6:23: error: sections[0].blocks[0].table.data: 'data/gbk.csv' is not UTF-8 text "
                    "(save it as CSV UTF-8)",
    "csv-duplicate-series.yaml": "data/duplicate-series.csv:1:3: error: sections[0].blocks[0].chart.data: series "
                                 "'数值' is named twice in the header (columns 2 and 3); a chart's legend tells its "
                                 "series apart by name",
    "csv-header-only.yaml": "csv-header-only.yaml:6:23: error: sections[0].blocks[0].table.data: "
                            "'data/header-only.csv' has only a header row; expected a header row and at least one "
                            "data row",
    "xlsx-percent-mixed.yaml": "xlsx-percent-mixed.yaml:6:34: error: sections[0].blocks[0].chart.data: "
                               "'data/percent.xlsx' sheet '占比' cell B2: shows 12.5% (a percentage format) in column "
                               "'占比', whose other numbers are no percentages; a chart shows each number as its cell "
                               "does: format a column's numbers alike",
    "image-svg.yaml": "image-svg.yaml:6:23: error: sections[0].blocks[0].image.path: 'data/map.svg' is an SVG drawing, "
                      "not an image of pixels; export it as PNG or JPEG",
    "image-svg-named-png.yaml": "image-svg-named-png.yaml:6:23: error: sections[0].blocks[0].image.path: "
                                "'data/drawing.png' is an SVG drawing, not an image of pixels; export it as PNG or "
                                "JPEG",
    "image-pdf.yaml": "image-pdf.yaml:6:23: error: sections[0].blocks[0].image.path: 'data/figure.png' is a PDF "
                      "document, not an image of pixels; export it as PNG or JPEG",
    "image-webp.yaml": "image-webp.yaml:6:23: error: sections[0].blocks[0].image.path: 'data/photo.png' is a WEBP "
                       "image, which a deck cannot hold; save it as PNG or JPEG",
    "image-truncated.yaml": "image-truncated.yaml:6:23: error: sections[0].blocks[0].image.path: 'data/truncated.png' "
                            "is not a readable PNG or JPEG image (OSError)",
}


def _expected(name: str) -> str:
    from publisher.charts.registry import kind_names
    from publisher.theme.styles import builtin_names

    text = EXPECTED[name].format(kinds=", ".join(kind_names()), bad=BAD, themes=", ".join(builtin_names()), here="")
    if EXPECTED[name].startswith("{here}"):
        return text  # a whole line: a batch's lines start with the variant
    return f"{BAD}/{text}" if not text.startswith("/") else text


def _arguments(name: str) -> list[str]:
    """Return the extra arguments a case names on its first line (`# args: --data {bad}/data/units.csv`)."""
    first = (BAD / name).read_bytes().split(b"\n", 1)[0] if (BAD / name).is_file() else b""
    return first.decode().removeprefix("# args:").format(bad=BAD).split() if first.startswith(b"# args:") else []


def _source_files() -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(BAD.rglob("*")) if p.is_file() and not p.is_symlink()}


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in BAD.glob("*.yaml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_outline_is_reported_at_its_place(name, tmp_path, capsys):
    previous = tmp_path / f"{Path(name).stem}.pdf"
    previous.write_bytes(b"the previous good output")
    before = _source_files()
    code = main(["build", str(BAD / name), "-o", str(tmp_path), *_arguments(name)])
    err = capsys.readouterr().err
    assert code == 2
    first = next((line for line in err.splitlines() if " error: " in line), "")
    assert first.startswith(_expected(name)), err
    assert "Traceback" not in err and "internal error" not in err
    assert previous.read_bytes() == b"the previous good output"
    assert sorted(p.name for p in tmp_path.iterdir()) == [previous.name]
    assert _source_files() == before


def test_a_limit_can_be_raised_on_the_command_line(tmp_path, capsys):
    code = main(["build", str(BAD / "long-title.yaml"), "-o", str(tmp_path), "--limit", "title_chars=600"])
    assert code == 0, capsys.readouterr().err
    assert sorted(p.suffix for p in tmp_path.iterdir()) == [".pdf", ".pptx"]


def test_data_read_from_files_counts_against_the_chart_and_table_limits(tmp_path, capsys):
    (tmp_path / "d.csv").write_text("月份,产值\n" + "".join(f"{m}月,{m}\n" for m in range(1, 13)), encoding="utf-8")
    (tmp_path / "o.yaml").write_text("report: {title: 限额}\nsections:\n  - title: 月度\n    blocks:\n"
                                     "      - chart: {type: line, data: d.csv}\n      - table: {data: d.csv}\n",
                                     encoding="utf-8")
    code = main(["validate", str(tmp_path / "o.yaml"), "--limit", "chart_points=10", "--limit", "table_cells=20"])
    assert code == 2
    assert capsys.readouterr().err.splitlines()[:2] == [
        f"{tmp_path / 'o.yaml'}:5:16: error: sections[0].blocks[0].chart: 12 data points; the limit is 10 (raise it "
        "with --limit chart_points=N)",
        f"{tmp_path / 'o.yaml'}:6:16: error: sections[0].blocks[1].table: 24 cells; the limit is 20 (raise it with "
        "--limit table_cells=N)"]


def test_an_unknown_limit_is_a_clear_error(tmp_path, capsys):
    code = main(["validate", str(BAD / "long-title.yaml"), "--limit", "title_char=600"])
    assert code == 2
    assert "--limit: error: expected NAME=NUMBER" in capsys.readouterr().err


def test_an_outline_over_the_size_limit_is_refused_before_parsing(tmp_path, capsys):
    huge = tmp_path / "huge.yaml"
    with huge.open("w", encoding="utf-8") as out:
        out.write("report: {title: 大}\nsections:\n")
        out.writelines(f"  - title: 第{i}节\n    blocks: [{'正文' * 400}]\n" for i in range(21_000))
    assert huge.stat().st_size > 50_000_000
    assert main(["validate", str(huge)]) == 2
    assert capsys.readouterr().err.startswith(f"{huge}:1:1: error: file is {huge.stat().st_size:,} bytes; the "
                                              "limit is 10,485,760 bytes")


# every place a number is accepted, from every source: (source, place) → (case, what its diagnostics say there)
NON_FINITE = {
    ("inline", "KPI value"): ("nan-everywhere.yaml", "kpis[0].value: expected a finite number or text; got .nan"),
    ("inline", "KPI change"): ("nan-everywhere.yaml", "kpis[0].change: expected a finite number; got .inf"),
    ("inline", "table cell"): ("nan-everywhere.yaml", "table.rows[1][1]: expected a finite number or text; got -.inf"),
    ("inline", "table cell as text"): ("nan-everywhere.yaml", "table.rows[2][1]: expected a finite number or text; "
                                                              "got 'nan'"),
    ("inline", "chart value"): ("nan-everywhere.yaml", "chart.series[0].values[1]: expected a finite number; got "
                                                       "-.inf"),
    ("inline", "chart category"): ("nan-everywhere.yaml", "chart.categories[0]: expected a name; got .nan"),
    ("CSV", "chart value"): ("nan-in-data-files.yaml", "nan-chart.csv:4:2: error: sections[0].blocks[0].chart.data: "
                                                       "expected a finite number in column '产值'; got 'nan'"),
    ("CSV", "chart category"): ("nan-in-data-files.yaml", "nan-chart.csv:3:1: error: sections[0].blocks[0].chart.data:"
                                                          " expected a category name; got 'NaN'"),
    ("CSV", "table cell"): ("nan-in-data-files.yaml", "nan-table.csv:3:2: error: sections[0].blocks[1].table.data: "
                                                      "expected a finite number or text in column '数值'; got 'inf'"),
    ("workbook", "chart value"): ("nan-in-data-files.yaml", "chart.data: 'data/infinite.xlsx' sheet 's' cell B3: "
                                                            "expected a finite number in column '值'; got inf"),
    ("workbook", "chart category"): ("nan-in-data-files.yaml", "chart.data: 'data/infinite.xlsx' sheet 's' cell A5: "
                                                               "expected a category name; got inf"),
    ("workbook", "table cell"): ("nan-in-data-files.yaml", "table.data: 'data/infinite.xlsx' sheet 's' cell B4: "
                                                           "expected a finite number or text in column '值'; got -inf"),
    ("variants", "KPI value"): ("nan-in-variants.yaml", "kpis[0].value: expected a finite number or text; got 'nan'"),
    ("variants", "KPI change"): ("nan-in-variants.yaml", "kpis[0].change: expected a finite number; got '-inf'"),
    ("variants", "table cell"): ("nan-in-variants.yaml", "table.rows[0][1]: expected a finite number or text; got "
                                                         "'nan'"),
    ("variants", "chart value"): ("nan-in-variants.yaml", "chart.series[0].values[0]: expected a finite number; got "
                                                          "'-inf'"),
    ("variants", "chart category"): ("nan-in-variants.yaml", "chart.categories[0]: expected a name; got 'NaN'"),
    ("batch data", "KPI value"): ("nan-in-batch-data.yaml", "data/units-nan.csv:2:1): {bad}/nan-in-batch-data.yaml:"
                                                            "7:35: error: sections[0].blocks[0].kpis[0].value: expected"
                                                            " a finite number or text; got 'nan'"),
    ("batch data", "chart value"): ("nan-in-batch-data.yaml", "data/units-nan.csv:2:1): {bad}/nan-in-batch-data.yaml"
                                                              ":8:85: error: sections[0].blocks[1].chart.series[0]."
                                                              "values[1]: expected a finite number; got '-Infinity'"),
}


def test_nan_and_infinity_are_refused_wherever_a_number_is_accepted(tmp_path, capsys):
    said: dict[str, str] = {}
    for case in sorted({case for case, _ in NON_FINITE.values()}):
        assert main(["build", str(BAD / case), "-o", str(tmp_path / case), *_arguments(case)]) == 2
        said[case] = capsys.readouterr().err
    for (source, place), (case, fragment) in NON_FINITE.items():
        assert fragment.format(bad=BAD) in said[case], f"NaN or infinity in a {place} from {source} data"
    assert not list(tmp_path.rglob("*.p*"))  # no output, no staged part
