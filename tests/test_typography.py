"""Line breaking as the reader sees it, in both outputs: no number parted from what belongs to it.

The report is read back from our PDF; the deck as LibreOffice draws it with the bundled fonts (its PDF export,
through the same private fontconfig as `publisher preview`), so the check covers what a renderer does with our
explicit line breaks, not only what the planner meant. Lines are rebuilt from the glyphs' positions; two lines
are read as one paragraph's when the second sits right under the first. A number group (190余次, 3、4、5月,
2.0个百分点) counts as parted when it straddles such a pair and the outline holds it whole with some of the text
around it (so that two page numbers in a column of the contents do not read as one number).
"""
from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree

from publisher.api import Project, load_project
from publisher.text import breaking
from publisher.text.breaking import load_rules, split_numbers
from publisher.write import pdf, pptx
from publisher.write.pdf_text import cached_lines

ROOT = Path(__file__).parents[1]
EXAMPLES = {name: ROOT / "examples" / name / "outline.yaml"
            for name in ("wuchang-2024", "chart-gallery", "stress", "wuchang-2024-en", "wuchang-2024-hant")}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")

# Each case is a number with what belongs to it, as the issue found them parted in a report or a deck.
CASES = ["新增落地首店190家", "组织视察调研活动190余次", "总计达9500余家", "于3、4、5月集中开工", "1-6月累计",
         "下降2.0个百分点", "提高0.1个百分点", "近50%的企业", "新增数据空间33万平方米", "均价1.2万元/平方米",
         "接待游客20多万人次", "第3季度", "就餐100万人次", "新增留漢大學生3.5萬餘人", "下降2.0個百分點"]
FILLER = "今年以来全区坚持稳中求进工作总基调，经济运行稳中有进、进中向好，重点领域改革持续深化"


def case_paragraph(case: str) -> str:
    """Return a paragraph holding the case many times, each after a different length of filler, so that the
    case falls at every place of a line somewhere in it."""
    return "".join(f"{FILLER[:k]}，{case}。" for k in range(1, 40, 3))


def cases_outline() -> dict:
    """Return an outline putting every case in body text, bullets, KPI labels and notes, and table cells."""
    kpis = [{"label": case, "value": 190, "unit": "家", "note": f"同比{case}"} for case in CASES[:6]]
    rows = [[f"指标{n}", case, f"{FILLER[:n + 8]}{case}"] for n, case in enumerate(CASES)]
    return {
        "report": {"title": "数字与单位不分行测试", "organisation": "测试区"},
        "sections": [
            {"title": "正文", "blocks": [case_paragraph(case) for case in CASES]},
            {"title": "要点", "blocks": [{"bullets": [case_paragraph(case)[:160] for case in CASES]}]},
            {"title": "指标", "blocks": [{"kpis": kpis}]},
            {"title": "表格", "blocks": [{"table": {"columns": ["指标", "数值", "说明"], "rows": rows,
                                                  "caption": "数字与单位"}}]},
        ],
    }


@dataclass
class Line:
    """One line of glyphs as drawn: its text, where it starts and ends, its baseline (from the page's top) and the
    size of its largest glyph."""

    text: str
    x0: float
    x1: float
    base: float
    size: float


def drawn_lines(page) -> list[Line]:
    """Return the page's lines: glyphs on one baseline that follow each other closely (a gap wider than 1.6 em
    starts another line, so that boxes side by side stay apart)."""
    lines: list[Line] = []
    glyphs = [(page.height - c["matrix"][5], c) for c in page.chars if c["text"].strip() or c["text"] == " "]
    for base, char in sorted(glyphs, key=lambda g: (round(g[0]), g[1]["x0"])):
        last = lines[-1] if lines else None
        if (last and abs(base - last.base) < 0.2 * char["size"]
                and -0.5 * char["size"] < char["x0"] - last.x1 < 1.6 * char["size"]):
            last.text, last.x1, last.size = last.text + char["text"], char["x1"], max(last.size, char["size"])
        elif char["text"] != " ":
            lines.append(Line(char["text"], char["x0"], char["x1"], base, char["size"]))
    return [replace(line, text=re.sub(" +", " ", line.text).strip()) for line in lines]


def continues(above: Line, below: Line) -> bool:
    """Return whether below may be the next line of above's paragraph: right under it, overlapping it."""
    return 0.8 * above.size < below.base - above.base < 2.4 * above.size and min(above.x1, below.x1) > max(
        above.x0, below.x0)


def parted_numbers(path: Path, corpus: str) -> list[tuple[int, str, str]]:
    """Return (page, the two lines' meeting place, group) for every number group parted between two lines whose
    meeting place, with more than the group, is text of the outline."""
    rules, found = load_rules("basic"), []
    with pdfplumber.open(path) as document:
        for number, page in enumerate(document.pages, 1):
            lines = drawn_lines(page)
            for above in lines:
                for below in (line for line in lines if continues(above, line)):
                    meeting = squeezed(above.text)[-6:] + squeezed(below.text)[:6]
                    for group in split_numbers([above.text, below.text], rules):
                        if meeting in corpus and len(meeting) > len(squeezed(group)):
                            found.append((number, f"{above.text[-10:]}⏎{below.text[:10]}", group))
    return found


def squeezed(text: str) -> str:
    return re.sub(r"\s", "", text)


@dataclass
class Built:
    """An outline built into both outputs, the deck also drawn by LibreOffice."""

    project: Project
    corpus: str
    report: Path
    deck: Path
    drawn_deck: Path | None


def build(source: Path, folder: Path) -> Built:
    from publisher.authoring.preview import PreviewUnavailable, deck_pdf

    project = load_project(source)
    report, deck = folder / "report.pdf", folder / "deck.pptx"
    pdf.write(project, report)
    pptx.write(project, deck)
    try:
        drawn = deck_pdf(deck, folder) if shutil.which("soffice") else None
    except PreviewUnavailable:
        drawn = None
    return Built(project, squeezed(source.read_text(encoding="utf-8")), report, deck, drawn)


@pytest.fixture(scope="module", params=[*EXAMPLES, "cases"])
def built(request, tmp_path_factory) -> Built:
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "cases":
        source = folder / "outline.yaml"
        source.write_text(yaml.safe_dump(cases_outline(), allow_unicode=True), encoding="utf-8")
    else:
        source = EXAMPLES[request.param]
    return build(source, folder)


def test_the_report_parts_no_number_from_what_belongs_to_it(built):
    assert parted_numbers(built.report, built.corpus) == []


@needs_soffice
def test_the_deck_as_libreoffice_draws_it_parts_no_number(built):
    assert built.drawn_deck is not None
    assert parted_numbers(built.drawn_deck, built.corpus) == []


def planned_lines(deck: Path) -> list[list[str]]:
    """Return, per slide, the lines the planner wrote: each paragraph's text between explicit line breaks."""
    out = []
    with zipfile.ZipFile(deck) as archive:
        names = sorted((n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                       key=lambda n: int(re.findall(r"\d+", n)[0]))
        for name in names:
            lines = []
            for p in etree.fromstring(archive.read(name)).iter(f"{A}p"):
                text = "".join(e.text or "" if e.tag == f"{A}t" else "\n" for e in p.iter(f"{A}t", f"{A}br"))
                lines += [squeezed(line) for line in text.split("\n") if squeezed(line)]
            out.append(lines)
    return out


@needs_soffice
def test_libreoffice_draws_every_planned_line_as_one_line(built):
    """No renderer re-wraps: each line the planner ended with an explicit break is one line on LibreOffice's
    page (a line it wrapped again would be found in two pieces)."""
    with pdfplumber.open(built.drawn_deck) as document:
        pages = [[squeezed(line.text) for line in drawn_lines(page)] for page in document.pages]
    planned = planned_lines(built.deck)
    assert len(pages) == len(planned)
    for number, (lines, drawn) in enumerate(zip(planned, pages, strict=True), 1):
        for line in lines:
            assert any(line in text for text in drawn), (number, line, drawn)


@pytest.fixture
def unbound(monkeypatch):
    """Turn the number rules off (a deliberately broken breaker), with the report's memoised lines forgotten."""
    monkeypatch.setattr(breaking, "bonds", lambda text, rules: {})
    cached_lines.cache_clear()
    yield
    cached_lines.cache_clear()


def test_the_checks_find_parted_numbers_when_the_rules_are_off(unbound, tmp_path):
    source = tmp_path / "outline.yaml"
    source.write_text(yaml.safe_dump(cases_outline(), allow_unicode=True), encoding="utf-8")
    parted = build(source, tmp_path)
    corpus = squeezed(source.read_text(encoding="utf-8"))
    assert len(parted_numbers(parted.report, corpus)) >= 5
    if parted.drawn_deck is not None:
        assert len(parted_numbers(parted.drawn_deck, corpus)) >= 3
