"""Tests for publisher.text.breaking: kinsoku, atoms, compression, push-out, titles."""
from __future__ import annotations

import dataclasses
import re
import time
from pathlib import Path

import pytest

from publisher.text.breaking import (
    COMPRESSIBLE_AT_LINE_END,
    HANG_MARKS,
    BreakRules,
    Line,
    atoms,
    break_lines,
    break_title,
    han_latin_boundary,
    justify_gaps,
    load_rules,
    split_numbers,
)
from publisher.text.number_groups import number_groups

SOURCE = Path(__file__).resolve().parents[2] / "examples" / "wuchang-2024" / "source.txt"
SYSTEM_CJK = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
REPO_CJK = Path(__file__).resolve().parents[2] / "fonts" / "NotoSansSC-Regular.otf"
SIZE = 10.5  # 五号
EM = SIZE
EPS = 1e-6
# Numbers with what the hard rule glues to them: 1.45万, 5.8%, 2024 (never 2024年).
NUMBER_TOKEN = re.compile(r"[￥$]?\d+(?:[.,]\d+)*(?:万亿|万|亿)?[%‰℃]?")


def simple_measure(text: str) -> float:
    """CJK (anything non-ASCII) 1 em, ASCII 0.5 em, at 10.5 pt."""
    return sum(0.5 if ord(char) < 0x80 else 1.0 for char in text) * SIZE


def source_paragraphs() -> list[str]:
    return [line.strip() for line in SOURCE.read_text(encoding="utf-8").splitlines() if line.strip()]


def font_measure():
    """Return a measure from real Noto Sans CJK SC advance widths (hmtx), or None if no font is here."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    if SYSTEM_CJK.exists():
        font = ttlib.TTFont(str(SYSTEM_CJK), fontNumber=2)
    elif REPO_CJK.exists():
        font = ttlib.TTFont(str(REPO_CJK))
    else:
        return None
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    scale = SIZE / font["head"].unitsPerEm
    advances = {chr(code): hmtx[name][0] * scale for code, name in cmap.items()}
    notdef = hmtx[".notdef"][0] * scale

    def measure(text: str) -> float:
        return sum(advances.get(char, notdef) for char in text)

    return measure


@pytest.fixture(scope="module")
def real_measure():
    measure = font_measure()
    if measure is None:
        pytest.skip("no CJK font here")
    return measure


@pytest.fixture(scope="module")
def basic() -> BreakRules:
    return load_rules("basic")


def break_offsets(paragraph: str, lines: list[Line]) -> list[int]:
    """Return the offsets in paragraph where each line after the first starts.

    Asserts on the way that the lines are the paragraph in order, with nothing but spaces dropped, and only
    at the breaks (and at the paragraph's ends).
    """
    position, offsets = 0, []
    for line in lines:
        while paragraph[position : position + 1] in (" ", "\t"):
            position += 1
        assert paragraph.startswith(line.text, position), (paragraph, line.text, position)
        assert line.text == line.text.strip(" \t")
        offsets.append(position)
        position += len(line.text)
    assert paragraph[position:].strip(" \t") == ""
    return offsets[1:]


def atom_boundaries(text: str) -> set[int]:
    offsets, position = {0}, 0
    for atom in atoms(text):
        position += len(atom)
        offsets.add(position)
    return offsets


def natural_width(line: Line, measure, rules: BreakRules) -> float:
    """Width of the line measured afresh, with a compressible mark at its end counted as half."""
    width = measure(line.text)
    if rules.compress_line_end and line.text and line.text[-1] in rules.compressible:
        width -= measure(line.text[-1]) / 2
    return width


def assert_well_broken(
    paragraph: str, lines: list[Line], max_width: float, measure, rules: BreakRules, first_indent: float = 0.0
) -> None:
    assert lines, paragraph
    assert [line.last for line in lines] == [False] * (len(lines) - 1) + [True]
    breaks = break_offsets(paragraph, lines)
    groups = [paragraph[g.start:g.end] for g in number_groups(paragraph, rules.number_rules)]
    push_out = 5 * EM + max((measure(group) for group in groups), default=0.0)  # a group moves down whole
    for index, line in enumerate(lines):
        limit = max_width - (first_indent if index == 0 else 0.0)
        assert line.text, (paragraph, index)
        assert line.text[0] not in rules.no_start, (line.text, paragraph)
        assert line.text[-1] not in rules.no_end, (line.text, paragraph)
        assert line.width == pytest.approx(natural_width(line, measure, rules), abs=1e-6)
        assert line.width <= limit + EPS, (line, limit)
        if index < len(lines) - 2:  # greedy: lines are full up to a few pushed-out atoms
            assert line.width >= limit - push_out, (line, limit)
    inside_atoms = set(range(len(paragraph))) - atom_boundaries(paragraph)
    assert not inside_atoms.intersection(breaks)
    for match in NUMBER_TOKEN.finditer(paragraph):
        assert not any(match.start() < b < match.end() for b in breaks), (match.group(), paragraph)
    for match in re.finditer("——|……", paragraph):
        assert match.start() + 1 not in breaks
    if all(measure(group) <= max_width - first_indent for group in groups):
        assert split_numbers([line.text for line in lines], rules) == [], paragraph


# --- the whole source text --------------------------------------------------------------------------

WIDTHS = [20, 28, 33, 17.25, 24.5]


@pytest.mark.parametrize("level", ["basic", "GB", "strict"])
@pytest.mark.parametrize("chars", WIDTHS)
def test_source_paragraphs_simple_metrics(level: str, chars: float) -> None:
    rules = load_rules(level)
    for paragraph in source_paragraphs():
        lines = break_lines(paragraph, chars * EM, simple_measure, rules)
        assert_well_broken(paragraph, lines, chars * EM, simple_measure, rules)


@pytest.mark.parametrize("chars", WIDTHS)
def test_source_paragraphs_real_metrics(chars: float, real_measure, basic: BreakRules) -> None:
    for paragraph in source_paragraphs():
        lines = break_lines(paragraph, chars * EM, real_measure, basic, first_indent=2 * EM)
        assert_well_broken(paragraph, lines, chars * EM, real_measure, basic, first_indent=2 * EM)


def test_source_breaks_numbers_nowhere_inside(basic: BreakRules) -> None:
    """Every width from 6 to 30 em in quarter steps: 1.45万, 13.6万, 50%, 2024 never split."""
    paragraphs = [p for p in source_paragraphs() if NUMBER_TOKEN.search(p)]
    assert any("1.45万" in p for p in paragraphs) and any("50%" in p for p in paragraphs)
    for quarter in range(24, 121):
        for paragraph in paragraphs:
            lines = break_lines(paragraph, quarter / 4 * EM, simple_measure, basic)
            breaks = break_offsets(paragraph, lines)
            for match in NUMBER_TOKEN.finditer(paragraph):
                assert not any(match.start() < b < match.end() for b in breaks), match.group()


def test_whole_source_is_fast(basic: BreakRules) -> None:
    paragraphs = source_paragraphs()
    table: dict[str, float] = {}

    def dict_measure(text: str) -> float:
        width = table.get(text)
        if width is None:
            width = table[text] = simple_measure(text)
        return width

    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        for paragraph in paragraphs:
            break_lines(paragraph, 28 * EM, dict_measure, basic)
        best = min(best, time.perf_counter() - started)
    chars = sum(len(p) for p in paragraphs)
    assert best / chars * 200 < 2e-3, f"{best * 1e3:.1f} ms for {chars} chars"


def test_each_atom_measured_once(basic: BreakRules) -> None:
    calls: list[str] = []

    def counting(text: str) -> float:
        calls.append(text)
        return simple_measure(text)

    paragraph = max(source_paragraphs(), key=len)
    break_lines(paragraph, 20 * EM, counting, basic)
    assert len(calls) == len(set(calls))
    assert len(calls) <= len(set(atoms(paragraph))) + 10


# --- atoms ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("增长5.8%，", ["增", "长", "5.8%", "，"]),
        ("突破1.45万亿元", ["突", "破", "1.45万亿", "元"]),
        ("1.45万件", ["1.45万", "件"]),
        ("2024年", ["2024", "年"]),
        ("￥1,200.50元", ["￥1,200.50", "元"]),
        ("降低-0.5%", ["降", "低", "-0.5%"]),
        ("25℃和3‰", ["25℃", "和", "3‰"]),
        ("GDP比重", ["GDP", "比", "重"]),
        ("5G and COVID-19", ["5G", " ", "and", " ", "COVID-19"]),
        ("说——不……", ["说", "——", "不", "……"]),
        ("a  b", ["a", "  ", "b"]),
        ("是5.", ["是", "5", "."]),
        ("见https://a.cn/x?y=1。", ["见", "https://a.cn/x?y=1", "。"]),
        ("“连心桥”", ["“", "连", "心", "桥", "”"]),
        ("", []),
    ],
)
def test_atoms(text: str, expected: list[str]) -> None:
    assert atoms(text) == expected


def test_atoms_join_back() -> None:
    for paragraph in source_paragraphs():
        assert "".join(atoms(paragraph)) == paragraph


# --- specific cases -------------------------------------------------------------------------------


def naive_char_break(text: str, max_width: float) -> list[str]:
    lines, current = [], ""
    for char in text:
        if simple_measure(current + char) > max_width:
            lines.append(current)
            current = ""
        current += char
    return [*lines, current]


def test_number_with_percent_stays_whole(basic: BreakRules) -> None:
    text = "增长5.8%，快于全市0.8个百分点"
    width = 3.75 * EM  # 增长5.8 is 3.5 em: a char breaker splits 5.8|%
    assert naive_char_break(text, width)[0] == "增长5.8"
    lines = break_lines(text, width, simple_measure, basic)
    assert lines[0].text == "增长"
    assert lines[1].text.startswith("5.8%，")
    assert_well_broken(text, lines, width, simple_measure, basic)


def test_quotes_never_orphaned_at_any_width(basic: BreakRules) -> None:
    text = "发挥人大代表“代言人”“连心桥”作用，推动新时代人大工作更贴民心"
    for quarter in range(12, 80):
        lines = break_lines(text, quarter / 4 * EM, simple_measure, basic)
        assert_well_broken(text, lines, quarter / 4 * EM, simple_measure, basic)
        assert all(not line.text.endswith("“") and not line.text.startswith("”") for line in lines)


def test_opening_quote_pushed_down(basic: BreakRules) -> None:
    text = "发挥人大代表“连心桥”作用"
    lines = break_lines(text, 7 * EM, simple_measure, basic)  # 7 em would end the line with “
    assert [line.text for line in lines] == ["发挥人大代表", "“连心桥”作用"]


def test_dash_and_ellipsis_never_split(basic: BreakRules) -> None:
    text = "一二三四五六七八九——十一二三四五六七八九……十一二三"
    for quarter in range(8, 60):
        lines = break_lines(text, quarter / 4 * EM, simple_measure, basic)
        assert_well_broken(text, lines, quarter / 4 * EM, simple_measure, basic)
        assert all(line.text.count("—") % 2 == 0 and line.text.count("…") % 2 == 0 for line in lines)


def test_line_end_comma_counts_half(basic: BreakRules) -> None:
    text = "一二三四五六七八九十，一二三"
    lines = break_lines(text, 10.5 * EM, simple_measure, basic)
    assert lines[0] == Line("一二三四五六七八九十，", 10.5 * EM, False)
    uncompressed = dataclasses.replace(basic, compress_line_end=False)
    lines = break_lines(text, 10.5 * EM, simple_measure, uncompressed)
    assert [line.text for line in lines] == ["一二三四五六七八九", "十，一二三"]


def test_push_out_when_squeezing_is_not_enough(basic: BreakRules) -> None:
    text = "一二三四五六七八九十，一二三"
    lines = break_lines(text, 10.25 * EM, simple_measure, basic)
    assert [line.text for line in lines] == ["一二三四五六七八九", "十，一二三"]
    assert lines[0].width == 9 * EM


def test_level_none_lets_comma_start_a_line() -> None:
    text = "一二三四五六七八九十，一二三"
    lines = break_lines(text, 10 * EM, simple_measure, load_rules("none"))
    assert [line.text for line in lines] == ["一二三四五六七八九十", "，一二三"]


def test_strict_keeps_dash_off_line_start(basic: BreakRules) -> None:
    text = "一二三四五六七八九十——一二三"
    loose = break_lines(text, 10 * EM, simple_measure, basic)
    assert [line.text for line in loose] == ["一二三四五六七八九十", "——一二三"]
    strict = break_lines(text, 10 * EM, simple_measure, load_rules("strict"))
    assert [line.text for line in strict] == ["一二三四五六七八九", "十——一二三"]


def test_gb_keeps_solidus_off_line_end(basic: BreakRules) -> None:
    text = "一二三四五六七八九／十一"
    loose = break_lines(text, 10 * EM, simple_measure, basic)
    assert [line.text for line in loose] == ["一二三四五六七八九／", "十一"]
    gb = break_lines(text, 10 * EM, simple_measure, load_rules("GB"))
    assert [line.text for line in gb] == ["一二三四五六七八", "九／十一"]


def test_long_url_is_broken_not_overflowing(basic: BreakRules) -> None:
    url = "https://example.com/" + "abcdefghij" * 8
    text = f"详见 {url} 。"
    lines = break_lines(text, 20 * EM, simple_measure, basic)
    assert len(lines) >= 3
    break_offsets(text, lines)
    assert all(line.width <= 20 * EM + EPS for line in lines)
    assert all(line.width >= 19 * EM for line in lines[:-1])
    assert all(line.text[0] not in basic.no_start for line in lines)


def test_latin_words_break_at_spaces(basic: BreakRules) -> None:
    text = "GDP growth in 2024 was strong"
    lines = break_lines(text, 6 * EM, simple_measure, basic)
    assert [line.text for line in lines] == ["GDP growth", "in 2024 was", "strong"]
    assert lines[0].width == 5 * EM


@pytest.mark.parametrize("text", ["", "   ", "\t"])
def test_empty_text_gives_no_lines(text: str, basic: BreakRules) -> None:
    assert break_lines(text, 10 * EM, simple_measure, basic) == []
    assert break_title(text, 10 * EM, simple_measure, basic) == []


def test_hard_breaks_end_lines(basic: BreakRules) -> None:
    lines = break_lines("为民履职 依法监督\n彰显人大担当", 20 * EM, simple_measure, basic)
    assert [(line.text, line.last) for line in lines] == [("为民履职 依法监督", True), ("彰显人大担当", True)]


def test_first_indent_narrows_first_line(basic: BreakRules) -> None:
    text = "一二三四五六七八九十一二三四五六七八九十"
    lines = break_lines(text, 10 * EM, simple_measure, basic, first_indent=2 * EM)
    assert [len(line.text) for line in lines] == [8, 10, 2]


def test_orphan_avoided(basic: BreakRules) -> None:
    text = "一二三四五六七八九十一。"
    lines = break_lines(text, 10 * EM, simple_measure, basic)
    assert [line.text for line in lines] == ["一二三四五六七八九", "十一。"]
    plain = break_lines(text, 10 * EM, simple_measure, dataclasses.replace(basic, avoid_orphan=False))
    assert [line.text for line in plain] == ["一二三四五六七八九十", "一。"]


def test_hanging_punctuation_when_asked(basic: BreakRules) -> None:
    text = "一二三四五六七八九十，一二三"
    hung = break_lines(text, 10 * EM, simple_measure, dataclasses.replace(basic, hang_end_punct=True))
    assert hung[0] == Line("一二三四五六七八九十，", 10.5 * EM, False)
    assert break_lines(text, 10 * EM, simple_measure, basic)[0].text == "一二三四五六七八九"


def test_latin_gap_counts_in_width(basic: BreakRules) -> None:
    assert han_latin_boundary("长", "5.8%") and han_latin_boundary("GDP", "比")
    assert han_latin_boundary("5.8%", "快") and not han_latin_boundary("1.45万", "件")
    assert not han_latin_boundary("5.8%", "，") and not han_latin_boundary("长", "增")
    lines = break_lines("增长5.8%快，GDP 1.45万件", 20 * EM, simple_measure, basic, latin_gap=EM / 4)
    assert lines[0].width == pytest.approx(12 * EM + 2 * EM / 4)  # gaps 长|5.8% and 5.8%|快 only
    narrow = break_lines("增长5.8%快于", 5.25 * EM, simple_measure, basic, latin_gap=EM / 4)
    assert [line.text for line in narrow] == ["增长5.8%", "快于"]  # 5 em of text, but 5.5 em with the gaps
    assert narrow[0].width == pytest.approx(4.25 * EM)


def test_too_narrow_raises(basic: BreakRules) -> None:
    with pytest.raises(ValueError):
        break_lines("一二三", 2 * EM, simple_measure, basic, first_indent=2 * EM)


# --- justification --------------------------------------------------------------------------------


def test_justify_gaps_fill_the_line(basic: BreakRules) -> None:
    text = max(source_paragraphs(), key=len)
    lines = break_lines(text, 20.3 * EM, simple_measure, basic)
    for line in lines[:-1]:
        gaps = len(atoms(line.text)) - 1
        assert line.width + gaps * justify_gaps(line, 20.3 * EM, simple_measure) == pytest.approx(20.3 * EM)
    assert justify_gaps(lines[-1], 20.3 * EM, simple_measure) == 0.0


# --- rules as data --------------------------------------------------------------------------------


def test_levels_nest() -> None:
    none, basic, gb, strict = (load_rules(level) for level in ("none", "basic", "GB", "strict"))
    assert none.no_start == none.no_end == ""
    assert set("，。、：；！？”）》%") <= set(basic.no_start)
    assert set("“（《￥$") <= set(basic.no_end)
    assert gb.no_start == basic.no_start and set(gb.no_end) == set(basic.no_end) | set("/／")
    assert set(strict.no_start) == set(basic.no_start) | set("—⸺…⋯") and strict.no_end == gb.no_end
    assert "——" in basic.no_split and "……" in basic.no_split


def test_yaml_matches_code_defaults(basic: BreakRules) -> None:
    assert basic.compressible == COMPRESSIBLE_AT_LINE_END
    assert basic.hang_marks == HANG_MARKS
    assert basic.hang_end_punct is False and basic.compress_line_end is True


def test_unknown_level_is_an_error() -> None:
    with pytest.raises(ValueError, match="strict"):
        load_rules("strikt")


def test_theme_override(basic: BreakRules) -> None:
    rules = load_rules("basic", {"line_breaking": {"sets": {"no_end_basic": "《"}, "compress_line_end": False}})
    assert rules.no_end == "《"
    assert rules.no_start == basic.no_start
    assert rules.compress_line_end is False


# --- titles ---------------------------------------------------------------------------------------

TITLES = [
    "高质量发展连续五年领跑全省",
    "大成武昌：承压奋进，城市能级跨上新台阶",
    "不断增强思想自觉，坚持党的全面领导",
    "坚决维护宪法权威，全面助推依法治区",
    "坚定信念扛责任，巩固共同思想政治基础",
    "围绕中心协商议政，全力服务高质量发展",
    "全年新增市场主体1.45万户",
    "受理群众诉求1.45万件，办结率98.5%",
    "“十四五”规划目标任务稳步推进",
    "全区地区生产总值突破1.45万亿元，同比增长6.2%",
    "2024年武昌区政府工作报告",
]


def phrase_boundaries(text: str) -> set[int]:
    import budoux

    offsets, position = set(), 0
    for phrase in budoux.load_default_simplified_chinese_parser().parse(text):
        position += len(phrase)
        offsets.add(position)
    return offsets


@pytest.mark.parametrize("title", TITLES)
def test_title_breaks_between_phrases(title: str, basic: BreakRules) -> None:
    natural = simple_measure(title)
    fitted = 0
    for tenth in range(5, 10):
        width = natural * tenth / 10
        lines = break_title(title, width, simple_measure, basic)
        if lines is None:
            continue
        fitted += 1
        assert 1 <= len(lines) <= 2
        breaks = break_offsets(title, lines)
        assert set(breaks) <= phrase_boundaries(title) & atom_boundaries(title)
        for line in lines:
            assert line.width <= width + EPS
            assert line.text[0] not in basic.no_start and line.text[-1] not in basic.no_end
        assert "十四" not in title or all("“十四五”" in line.text for line in lines if "十" in line.text)
    assert fitted >= 3, title


def test_title_is_balanced(basic: BreakRules) -> None:
    lines = break_title("坚决维护宪法权威，全面助推依法治区", 12 * EM, simple_measure, basic)
    assert [line.text for line in lines] == ["坚决维护宪法权威，", "全面助推依法治区"]
    assert [line.last for line in lines] == [False, True]


def test_title_fits_on_one_line_when_it_can(basic: BreakRules) -> None:
    lines = break_title("2024年武昌区政府工作报告", 20 * EM, simple_measure, basic)
    assert lines == [Line("2024年武昌区政府工作报告", 12 * EM, True)]


def test_title_that_cannot_fit_gives_none(basic: BreakRules) -> None:
    title = "大成武昌：承压奋进，城市能级跨上新台阶"
    assert break_title(title, 6 * EM, simple_measure, basic) is None  # needs 4 lines
    assert break_title(title, 6 * EM, simple_measure, basic, max_lines=4) is not None
    assert break_title("全年新增市场主体1.45万户", 2.5 * EM, simple_measure, basic, max_lines=9) is None


def test_title_keeps_numbers_whole(basic: BreakRules) -> None:
    for quarter in range(16, 60):
        lines = break_title("全年新增市场主体1.45万户", quarter / 4 * EM, simple_measure, basic, max_lines=9)
        if lines is not None:
            assert any("1.45万" in line.text for line in lines)


def test_title_real_metrics(real_measure, basic: BreakRules) -> None:
    for title in TITLES:
        width = real_measure(title) * 0.75
        lines = break_title(title, width, real_measure, basic)
        assert lines is not None and len(lines) == 2, title
        assert all(line.width <= width + EPS for line in lines)


@pytest.mark.parametrize(
    ("title", "spans"),
    [
        ("推进“一网通办”，打造“武昌样板”", ["“一网通办”", "“武昌样板”"]),  # BudouX splits “一网|通办”
        ("“十四五”规划目标任务稳步推进", ["“十四五”"]),  # BudouX splits “十四|五”
        ("学习贯彻《中华人民共和国预算法》的若干意见", ["《中华人民共和国预算法》"]),
    ],
)
def test_title_never_breaks_inside_short_brackets(title: str, spans: list[str], basic: BreakRules) -> None:
    fitted = 0
    for quarter in range(8, 100):
        lines = break_title(title, quarter / 4 * EM, simple_measure, basic, max_lines=9)
        if lines is None:
            continue
        fitted += 1
        break_offsets(title, lines)
        for span in spans:
            assert any(span in line.text for line in lines), (span, [line.text for line in lines])
    assert fitted > 40


def test_title_obeys_strictness_level(basic: BreakRules) -> None:
    title = "全面推进依法治区——2024年工作回顾"
    strict = load_rules("strict")
    dash_starts = {"basic": 0, "strict": 0}
    for quarter in range(24, 64):
        for name, rules in (("basic", basic), ("strict", strict)):
            lines = break_title(title, quarter / 4 * EM, simple_measure, rules, max_lines=4)
            assert lines is not None
            dash_starts[name] += sum(line.text.startswith("—") for line in lines)
    assert dash_starts["basic"] > 0  # BudouX puts a phrase edge before ——; basic may break there
    assert dash_starts["strict"] == 0


def test_title_hard_breaks_count_as_lines(basic: BreakRules) -> None:
    title = "为民履职 依法监督\n彰显人大担当"
    lines = break_title(title, 20 * EM, simple_measure, basic)
    assert [(line.text, line.last) for line in lines] == [("为民履职 依法监督", True), ("彰显人大担当", True)]
    assert break_title(title, 20 * EM, simple_measure, basic, max_lines=1) is None
    narrow = break_title(title, 6 * EM, simple_measure, basic, max_lines=3)
    assert [line.text for line in narrow] == ["为民履职", "依法监督", "彰显人大担当"]


# --- number groups: what belongs to a number is never broken from it (#17) ---------------------------

GROUP_CASES = [
    ("新增落地首店190家，品牌连锁便利店51家", "190家"),
    ("组织视察调研活动190余次，对8部法律法规", "190余次"),
    ("数字经济核心企业总计达9500余家，规模", "9500余家"),
    ("重点项目于3、4、5月集中开工建设", "3、4、5月"),
    ("1-6月累计完成固定资产投资", "1-6月"),
    ("城镇调查失业率下降2.0个百分点，好于", "2.0个百分点"),
    ("数字经济规模占GDP比重近50%，居全市", "近50%"),
    ("新增数据空间33万平方米，武汉数创", "33万平方米"),
    ("新房均价1.2万元/平方米，同比持平", "1.2万元/平方米"),
    ("接待游客20多万人次，同比增长", "20多万人次"),
    ("全区第3季度地区生产总值", "第3季度"),
    ("发放消费券2302.6亿元，拉动", "2302.6亿元"),
    ("下降-1.3%，降幅收窄", "-1.3%"),
    ("revenue rose by 3.2 billion yuan in 2024", "3.2 billion"),
    ("新增留漢大學生3.5萬餘人，人才", "3.5萬餘人"),
    ("失業率下降2.0個百分點，好於", "2.0個百分點"),
]


@pytest.mark.parametrize(("text", "group"), GROUP_CASES)
def test_a_number_group_is_one_group(text: str, group: str, basic: BreakRules) -> None:
    found = [text[g.start:g.end] for g in number_groups(text, basic.number_rules)]
    assert group in found


@pytest.mark.parametrize(("text", "group"), GROUP_CASES)
def test_no_width_parts_a_number_from_what_belongs_to_it(text: str, group: str, basic: BreakRules) -> None:
    """The group sits at every place of a line in turn (text padded in front, widths in quarter em from the
    group's width and the comma that may not leave it)."""
    width = simple_measure(group) + EM
    for pad in range(12):
        padded = "前" * pad + text
        for quarter in range(int(width / EM * 4) + 1, 80):
            lines = break_lines(padded, quarter / 4 * EM, simple_measure, basic)
            offsets = break_offsets(padded, lines)
            start = padded.index(group)
            assert not any(start < b < start + len(group) for b in offsets), (group, quarter, lines)


def test_unbroken_groups_pass_the_check_and_parted_ones_are_named(basic: BreakRules) -> None:
    assert split_numbers(["组织视察调研活动190", "余次，对8部法律"], basic) == ["190余次"]
    assert split_numbers(["集中于3、4、5", "月开工"], basic) == ["3、4、5月"]
    assert split_numbers(["下降2.0个百", "分点"], basic) == ["2.0个百分点"]
    assert split_numbers(["下降2.0个", "百分点"], basic) == ["2.0个百分点"]
    assert split_numbers(["rose by 3.2", "billion"], basic) == ["3.2 billion"]
    assert split_numbers(["组织视察调研活动", "190余次，对8部法律"], basic) == []
    assert split_numbers(["2024年", "12月"], basic) == []


def test_a_group_wider_than_the_line_gives_way_at_the_enumeration_first(basic: BreakRules) -> None:
    lines = break_lines("3、4、5月", 3 * EM, simple_measure, basic)
    assert [line.text for line in lines] == ["3、4、", "5月"]
    assert all(line.width <= 3 * EM + EPS for line in lines)


def test_a_group_wider_than_the_line_is_parted_rather_than_overflow(basic: BreakRules) -> None:
    lines = break_lines("活动190余次，对", 2.5 * EM, simple_measure, basic)
    assert all(line.width <= 2.5 * EM + EPS for line in lines)
    assert "".join(line.text for line in lines) == "活动190余次，对"
    assert lines[0].text == "活动"  # the group starts a line of its own before it is parted
    assert split_numbers([line.text for line in lines], basic) == ["190余次"]


def test_a_title_never_breaks_inside_a_number_group(basic: BreakRules) -> None:
    title = "全年新增落地首店190家品牌连锁店51家"
    for quarter in range(40, 90):
        lines = break_title(title, quarter / 4 * EM, simple_measure, basic, max_lines=3)
        if lines:
            assert split_numbers([line.text for line in lines], basic) == [], lines


def test_number_rules_are_data_a_theme_may_extend(basic: BreakRules) -> None:
    own = load_rules("basic", {"line_breaking": {"numbers": {"units": ["标方"], "any_han_unit": False}}})
    text = "日供水30标方，另有12户"
    assert [text[g.start:g.end] for g in number_groups(text, own.number_rules)] == ["30标方", "12"]
    assert [text[g.start:g.end] for g in number_groups(text, basic.number_rules)] == ["30标", "12户"]
