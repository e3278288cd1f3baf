"""The report says when a number group (12.5亿元, 1234567.89万平方米) had to be parted across lines because its box
(a narrow table column, a KPI card) is narrower than the group, as the deck does: a warning naming the group, the
outline place of the text (the cell, the card's field) and the page; and only then."""
from __future__ import annotations

import re
from pathlib import Path

import pdfplumber
import pytest
import yaml

from publisher.api import load_project
from publisher.write import pdf_text
from publisher.write.pdf import write

GROUP = "1234567.89万平方米"
PARTED = f"'{GROUP}' is broken across lines: its box is too narrow to hold it on one line"


def report(folder: Path, blocks: list, lead: str = "") -> tuple:
    outline = {"report": {"title": "数字分组"},
               "sections": [{"title": "一", **({"lead": lead} if lead else {}), "blocks": blocks}]}
    source = folder / "outline.yaml"
    source.write_text(yaml.safe_dump(outline, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(source)
    write(project, folder / "report.pdf")
    return project, source.read_text(encoding="utf-8").splitlines()


def said(project) -> list:
    return [w for w in project.warnings if "is broken across lines" in w.message]


def page_lines(path: Path, page: int) -> list[str]:
    with pdfplumber.open(path) as pdf:
        return [re.sub(r"\s+", "", line["text"]) for line in pdf.pages[page - 1].extract_text_lines()]


def test_a_number_too_wide_for_its_table_column_is_parted_and_said_at_its_cell(tmp_path):
    table = {"columns": [f"片区{n}" for n in range(10)], "rows": [["甲"] * 10, ["乙"] * 3 + [GROUP] * 7]}
    project, text = report(tmp_path, [{"paragraph": "正文。"}, {"table": table}])
    [warning] = said(project)  # once for the table, at the first cell that parts it
    assert warning.message == PARTED and warning.severity == "warning"
    assert warning.path == "sections[0].blocks[1].table.rows[1][3]"
    assert GROUP in text[warning.span.line - 1]  # the line of that row in the outline
    assert warning.page >= 2 and str(warning).endswith(f"(page {warning.page})")
    drawn = page_lines(tmp_path / "report.pdf", warning.page)
    assert not any(GROUP in line for line in drawn)  # it is parted indeed, on the page named
    assert any(line.endswith(GROUP[:3]) or GROUP[:3] in line for line in drawn)


def test_a_number_too_wide_for_a_kpi_card_is_said_at_the_card_field(tmp_path):
    wide = "123456789012.34万平方千米"  # wider than a card of four in a row
    kpis = [{"label": f"指标{n}", "value": n + 1, "unit": "家"} for n in range(4)]
    kpis[2]["note"] = f"较上年增加{wide}"
    project, _ = report(tmp_path, [{"kpis": kpis}])
    [warning] = said(project)
    assert warning.message == PARTED.replace(GROUP, wide)
    assert warning.path == "sections[0].blocks[0].kpis[2].note" and warning.page == 3


def test_text_that_holds_its_numbers_whole_gives_no_warning(tmp_path):
    body = "全年组织视察调研活动190余次，新增落地首店190家，增长2.0个百分点，3、4、5月持续回升。" * 6
    table = {"columns": ["指标", "数值"], "rows": [["面积", GROUP], ["增速", "2.0个百分点"]]}
    kpis = [{"label": "常住人口", "value": 7.4981, "unit": "million people", "note": f"增加{GROUP}"}]
    project, _ = report(tmp_path, [{"paragraph": body}, {"table": table}, {"kpis": kpis},
                                   {"bullets": [body]}, {"quote": body}], lead=body)
    assert said(project) == []


def test_the_warning_comes_from_the_lines_drawn(tmp_path, monkeypatch):
    """With a breaker that never parts numbers (monkeypatched to find nothing), the same table gives no warning:
    the test above cannot pass on a writer that does not look."""
    table = {"columns": [f"片区{n}" for n in range(10)], "rows": [[GROUP] * 10]}
    monkeypatch.setattr(pdf_text, "split_numbers", lambda lines, rules: [])
    project, _ = report(tmp_path, [{"table": table}])
    assert said(project) == []


@pytest.mark.parametrize("where", ["bullets", "quote", "lead"])
def test_bullets_quotes_and_leads_say_it_too(tmp_path, where):
    long = "面积" + "1234567890" * 12 + "万平方米"  # a number wider than a whole line: it must be parted
    blocks = [{"bullets": ["正文。", long]}] if where == "bullets" else [{"quote": long}] if where == "quote" else \
        [{"paragraph": "正文。"}]
    project, _ = report(tmp_path, blocks, lead=long if where == "lead" else "")
    paths = {w.path for w in said(project)}
    expected = {"bullets": "sections[0].blocks[0].bullets[1]", "quote": "sections[0].blocks[0].quote",
                "lead": "sections[0].lead"}[where]
    assert paths == {expected}
