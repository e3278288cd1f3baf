"""The words the tool adds, in the document's language: locale choice, theme overrides, and the English and
Traditional-Chinese examples read back from their PDF and deck."""
from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pytest
import yaml
from lxml import etree

from publisher.api import build_result, load_project
from publisher.errors import PublisherError
from publisher.fonts.families import coverage, resolve_family
from publisher.plan.deck import plan_deck
from publisher.plan.model import TextFrame
from publisher.theme.locales import Locale, candidates, choose, locale_names, resolve
from publisher.theme.styles import load_theme

ROOT = Path(__file__).parents[1]
EXAMPLES = {"en": ROOT / "examples" / "wuchang-2024-en" / "outline.yaml",
            "zh-Hant": ROOT / "examples" / "wuchang-2024-hant" / "outline.yaml"}
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")
TOOL_MARKS = "…●○■"  # the ellipsis of shortened text and the default theme's bullet markers


@pytest.mark.parametrize(("language", "name"), [
    ("zh-CN", "zh-Hans"), ("zh-SG", "zh-Hans"), ("zh", "zh-Hans"), ("zh-Hans-HK", "zh-Hans"), ("zh_cn", "zh-Hans"),
    ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-MO", "zh-Hant"), ("zh-Hant", "zh-Hant"), ("zh_tw", "zh-Hant"),
    ("zh-Hant-CN", "zh-Hant"), ("en", "en"), ("en-US", "en"), ("en-GB", "en"), ("EN_au", "en"),
])
def test_a_language_picks_its_locale(language, name):
    assert choose(language) == (name, "")


def test_a_language_without_a_locale_gets_english_and_a_warning_naming_it():
    name, note = choose("fr-FR")
    assert name == "en" and "fr-FR" in note and "'fr'" in note
    assert candidates("fr-FR") == ["fr-FR", "fr"]


def test_a_theme_may_add_a_locale_english_filling_in_the_rest():
    locale, note = resolve("fr-CA", {"fr": {"contents": "Sommaire", "closing": "Merci"}})
    assert note == "" and (locale.contents, locale.closing, locale.agenda) == ("Sommaire", "Merci", "Agenda")


def test_every_locale_has_every_chart_kind_and_fonts_for_its_words():
    from publisher.charts.registry import kinds

    font = coverage(resolve_family("Noto Sans SC")[0])
    for name in locale_names():
        locale = Locale.model_validate(yaml.safe_load((ROOT / "layouts" / "locales" / f"{name}.yaml").read_text()))
        assert set(kinds()) <= set(locale.charts), name
        assert {c for c in locale.words() if ord(c) not in font} == set(), name


def test_captions_and_labels_read_in_each_language():
    hans, hant, en = (resolve(tag)[0] for tag in ("zh-CN", "zh-TW", "en-US"))
    assert hans.caption_line(hans.figure, 1, "产值") == "图1　产值" and hant.caption_line(hant.table, 2, "") == "表2"
    assert en.caption_line(en.figure, 3, "GDP") == "Figure 3: GDP"
    assert en.labelled("District bureau", en.source) == "Source: District bureau"
    assert en.labelled("Source: bureau", en.source) == "Source: bureau"
    assert hans.labelled("数据来源：统计局", hans.source) == "数据来源：统计局"
    assert hant.labelled("統計處", hant.source) == "資料來源：統計處"


def outline(language: str, theme: dict | str = "default") -> dict:
    return {"report": {"title": "Review", "organisation": "Office", "language": language}, "theme": theme,
            "sections": [{"title": f"Part {n}", "blocks": ["Text."]} for n in range(3)]}


def planned(tmp_path, data: dict):
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    project = load_project(path)
    return project, plan_deck(project.outline, project.theme, project.fonts, project.base_dir)


def slide_texts(plan) -> list[str]:
    return ["".join(r.text for p in s.paragraphs for line in p.lines for r in line)
            for slide in plan.slides for s in slide.shapes if isinstance(s, TextFrame)]


def test_a_theme_overrides_a_word_of_the_document_language(tmp_path):
    theme = {"extends": "default", "locales": {"zh-Hant": {"closing": "感謝聆聽！"}, "en": {"agenda": "Today"}}}
    _, plan = planned(tmp_path, outline("zh-HK", theme))
    texts = slide_texts(plan)
    assert "感謝聆聽！" in texts and "目錄" in texts and "谢谢！" not in texts


def test_a_misspelt_locale_key_in_a_theme_is_a_located_error(tmp_path):
    path = tmp_path / "outline.yaml"
    path.write_text(yaml.safe_dump(outline("en", {"extends": "default", "locales": {"en": {"closing_": "Bye"}}})),
                    encoding="utf-8")
    with pytest.raises(PublisherError) as caught:
        load_project(path)
    assert "closing_" in str(caught.value) and "outline.yaml:" in str(caught.value)


def test_an_unknown_language_builds_in_english_with_a_warning_at_the_language(tmp_path):
    project, plan = planned(tmp_path, outline("fr-FR"))
    (warning,) = [w for w in project.warnings if "no locale" in w.message]
    assert warning.severity == "warning" and warning.path == "report.language" and warning.span.line
    assert "Thank you" in slide_texts(plan)


def test_english_headings_take_the_theme_numbering_or_the_locale_default():
    theme = load_theme("default", ROOT)
    assert theme.localized("en-US").numbering == "decimal" and theme.localized("zh-TW").numbering == "chinese"
    assert load_theme("gbt9704", ROOT).localized("en-US").numbering == "chinese"


# ------------------------------------------------------------------ the examples, read back


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def example(request, tmp_path_factory):
    out = tmp_path_factory.mktemp(request.param)
    result = build_result(EXAMPLES[request.param], out, parallel=False)
    outputs = {p.suffix[1:]: p for p in result.outputs}
    return request.param, load_project(EXAMPLES[request.param]), outputs, result


def pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as document:
        return "\n".join(page.extract_text() or "" for page in document.pages)


def deck_text(path: Path) -> str:
    """Return the text of every slide and chart of a deck, as its runs and chart caches hold it."""
    with zipfile.ZipFile(path) as archive:
        names = [n for n in archive.namelist() if re.match(r"ppt/(slides/slide|charts/chart)\d+\.xml$", n)]
        roots = [etree.fromstring(archive.read(n)) for n in names]
    return "\n".join(e.text or "" for root in roots for e in root.iter() if e.tag.endswith(("}t", "}v")))


def test_the_examples_build_without_warnings_about_their_language(example):
    _, _, _, result = example
    assert not [w for w in result.all_warnings() if "locale" in w.message]


def test_every_character_shown_is_the_authors_or_the_locales(example):
    """No furniture of another language: every character the PDF and the deck show comes from the outline, the
    document's locale or the tool's marks (in the English example, Chinese appears only where the author wrote it)."""
    _, project, outputs, _ = example
    allowed = set(EXAMPLES[example[0]].read_text(encoding="utf-8")) | set(project.theme.locale.words()) | set(
        TOOL_MARKS)
    for kind, text in (("pdf", pdf_text(outputs["pdf"])), ("pptx", deck_text(outputs["pptx"]))):
        foreign = {c for c in text if not c.isspace() and not c.isascii() and c not in allowed}
        assert foreign == set(), (kind, sorted(foreign))


def test_the_examples_show_their_own_furniture(example):
    name, project, outputs, _ = example
    pdf, deck = re.sub(r"\s", "", pdf_text(outputs["pdf"])), deck_text(outputs["pptx"])
    expected = {"en": (["Contents", "Figure1:", "Table1:", "Source:", "Page2of", "1.Theyearataglance"],
                       ["Agenda", "Thank you"]),
                "zh-Hant": (["目錄", "圖1", "表1", "資料來源：", "第2頁共", "一、大成武昌"], ["目錄", "謝謝！"])}[name]
    for word in expected[0]:
        assert word in pdf, word
    for word in expected[1]:
        assert word in deck, word
    simplified = ["目录", "（续）", "谢谢", "单位：", "第2页", "图1"]
    assert not [w for w in simplified if w in pdf or w in deck.replace(" ", "")]


def test_every_deck_run_carries_the_language_of_its_script(example):
    name, project, outputs, _ = example
    expected = {"en": {"Han": "zh-CN", "Kana": "ja-JP", "Hangul": "ko-KR", "Latin": "en-US"},
                "zh-Hant": {"Han": "zh-HK", "Latin": "en-US"}}[name]
    patterns = {"Han": r"[\u4e00-\u9fff]", "Kana": r"[\u3040-\u30ff]", "Hangul": r"[\uac00-\ud7af]",
                "Latin": r"[A-Za-z]"}
    seen = set()
    with zipfile.ZipFile(outputs["pptx"]) as archive:
        for part in (n for n in archive.namelist() if re.match(r"ppt/slides/slide\d+\.xml$", n)):
            for run in etree.fromstring(archive.read(part)).iter(f"{A}r"):
                text, props = run.findtext(f"{A}t") or "", run.find(f"{A}rPr")
                scripts = {s for s, p in patterns.items() if re.search(p, text)}
                assert len(scripts) <= 1, (part, text)  # a run holds one script
                for script in scripts:
                    assert props.get("lang") == expected[script], (part, text, props.get("lang"))
                    seen.add(script)
    assert seen == set(expected)


def test_english_justified_lines_keep_punctuation_against_its_word(example):
    """Stretch goes between words, never between a word and the comma or full stop after it, nor inside ( )."""
    if example[0] != "en":
        pytest.skip("an English check")
    with pdfplumber.open(example[2]["pdf"]) as document:
        for page in document.pages:
            chars = page.chars
            for before, char in zip(chars, chars[1:], strict=False):
                if char["text"] in ".,;:)" and before["text"].isalnum() and abs(char["top"] - before["top"]) < 1:
                    assert char["x0"] - before["x1"] < 0.05 * char["size"], (before["text"], char["text"])


def test_traditional_qualifiers_and_magnitudes_sit_where_they_belong(example):
    """餘 after the magnitude and before the unit (3.5萬餘人), as 余 in Simplified text."""
    if example[0] != "zh-Hant":
        pytest.skip("a Traditional-Chinese check")
    pdf, deck = re.sub(r"\s", "", pdf_text(example[2]["pdf"])), deck_text(example[2]["pptx"]).replace("\n", "")
    for figure in ("9500餘家", "3.5萬餘人", "200餘場次"):
        assert figure in pdf and figure in deck, figure


def test_scaled_figures_read_in_the_documents_own_words(example):
    """`scale: auto` writes the locale's magnitude: ¥3.5 billion in English, 35億元 in Traditional Chinese; never a
    Simplified 万 or 亿 after a number (the English example's only 万 is the author's 武昌万象城)."""
    from fidelity import report_text

    name, _, outputs, _ = example
    pdf, deck = report_text(outputs["pdf"])["pages"], deck_text(outputs["pptx"])  # pdfium: a card's line as one
    expected = {"en": ["¥3.5 billion", "¥50 billion"], "zh-Hant": ["35億元", "1.45萬件"]}[name]
    for text in (pdf, deck):
        squeezed = re.sub(r"\s+", "", text)  # the deck's runs: ¥ | 3.5 | billion
        assert [f for f in expected if f.replace(" ", "") not in squeezed] == []
        assert not re.findall(r"\d\s?(万|亿)", text)


@pytest.mark.parametrize(("language", "overrides", "expected"), [
    ("en-US", None, "126 trillion yuan"),
    ("zh-TW", None, "126萬億元"),
    ("zh-TW", {"zh-Hant": {"magnitudes": {12: "兆"}}}, "126兆元"),  # Taiwan's word, from a theme
    ("zh-CN", None, "126万亿元"),
])
def test_a_themes_locale_may_change_the_magnitude_words(language, overrides, expected):
    from publisher.text.numbers import format_number

    unit = "yuan" if language.startswith("en") else "元"
    assert format_number(1.26e14, unit, "auto", numerals=resolve(language, overrides)[0].numerals()) == expected
