"""DrawingML text that is CJK-correct by construction, and the check that proves it.

Every run names its typeface for all three scripts (a:latin, a:ea, a:cs) and the language of its own script
(python-pptx writes only a:latin, and one deck-wide lang breaks Latin font choice and kinsoku): a line's text is
split into runs of Han, kana, hangul and Latin, each with the plan's language for that script (Han in a Chinese
deck the report's language, Latin en-US; Han in an English deck zh-CN, kana ja-JP, hangul ko-KR), and East Asian
runs name the Latin language as altLang. Full-width marks go with the East Asian text around them, spaces and
other marks with the run before them. Paragraphs carry eaLnBrk="1" (kinsoku), latinLnBrk="0" (words whole) and
hangingPunct="1", exact line spacing and explicit line breaks at the planner's breaks. A run or bullet without a
colour (text in a template's design) names none, so it takes the placeholder's or the master's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from lxml import etree
from pptx.oxml.ns import qn as _qn

from publisher.plan.model import Languages, Paragraph, Run

CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                 r"\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
SCRIPTS = (  # tried in order: 々〇 are Han although they sit among the marks
    ("Han", re.compile(r"[\u2e80-\u2fdf\u3005\u3007\u3021-\u3029\u3038-\u303b\u3100-\u312f\u31a0-\u31bf"
                       r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")),
    ("Kana", re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")),
    ("Hangul", re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")),
    ("Latin", re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")),
)
EAST_ASIAN = ("Han", "Kana", "Hangul")
MARKS = re.compile(r"[\u3000-\u303f\ufe30-\ufe4f\uff00-\uffef]")  # full-width marks: with the East Asian text
CENTIPOINTS = 100
EMU_PER_PT = 12700
PLAIN_SETTING = {"i": "0", "cap": "none", "spc": "0"}  # upright, no capitals, no extra letter spacing


qn = cache(_qn)


class MissingEastAsianFont(RuntimeError):
    """A run with CJK text lacks a:ea or lang: the deck would show tofu or break badly."""


def script_of(char: str) -> str | None:
    """Return the script of a character (Han, Kana, Hangul, Latin), "mark" for a full-width mark, else None."""
    for name, pattern in SCRIPTS:
        if pattern.match(char):
            return name
    return "mark" if MARKS.match(char) else None


def script_runs(text: str) -> list[tuple[str, str]]:
    """Return text cut into (piece, script) runs. A full-width mark joins the East Asian run before it (else the
    East Asian script after it, else Han); spaces and other marks join the run before them (at the start, the
    first script of the text)."""
    scripts = [script_of(char) for char in text]
    out: list[tuple[str, str]] = []
    for index, (char, script) in enumerate(zip(text, scripts, strict=True)):
        if script == "mark":
            script = out[-1][1] if out and out[-1][1] in EAST_ASIAN else _east_asian_after(scripts, index)
        if out and (script is None or out[-1][1] == script):
            out[-1] = (out[-1][0] + char, out[-1][1])
        else:
            out.append((char, script or _first_script(scripts)))
    return out


def _east_asian_after(scripts: list[str | None], index: int) -> str:
    return next((s for s in scripts[index:] if s in EAST_ASIAN), "Han")


def _first_script(scripts: list[str | None]) -> str:
    found = next((s for s in scripts if s is not None), "Latin")
    return "Han" if found == "mark" else found


def run_properties(tag: str, run: Run, script: str, languages: Languages) -> etree._Element:
    """Return an a:rPr (or a:endParaRPr / a:defRPr when tag says so) for a run of one script."""
    props = etree.Element(qn(tag))
    props.set("lang", languages.of(script))
    if script in EAST_ASIAN:
        props.set("altLang", languages.of("Latin"))
    props.set("sz", str(round(run.size * CENTIPOINTS)))
    props.set("b", "1" if run.bold else "0")
    for name, plain in PLAIN_SETTING.items():  # what a template's style could add would widen the measured text
        props.set(name, plain)
    props.set("dirty", "0")
    if run.color:
        etree.SubElement(etree.SubElement(props, qn("a:solidFill")), qn("a:srgbClr")).set("val", run.color)
    for script in ("a:latin", "a:ea", "a:cs"):
        etree.SubElement(props, qn(script)).set("typeface", run.family)
    return props


def run_element(run: Run, piece: str, script: str, languages: Languages) -> etree._Element:
    """Return the a:r of a piece of one script of a styled run."""
    element = etree.Element(qn("a:r"))
    element.append(run_properties("a:rPr", run, script, languages))
    etree.SubElement(element, qn("a:t")).text = piece
    return element


def paragraph_element(para: Paragraph, languages: Languages) -> etree._Element:
    """Return the a:p of a planned paragraph: its lines separated by a:br, nothing left to wrap. A break and the
    paragraph's end take the script of the text before them."""
    p = etree.Element(qn("a:p"))
    p.append(_paragraph_properties(para))
    first = next((run for line in para.lines for run in line), None)
    script = _first_script([script_of(c) for c in "".join(r.text for line in para.lines for r in line)])
    for index, line in enumerate(para.lines):
        if index:
            etree.SubElement(p, qn("a:br")).append(run_properties("a:rPr", first, script, languages))
        for run in line:
            for piece, script in script_runs(run.text):
                p.append(run_element(run, piece, script, languages))
    if first is not None:
        p.append(run_properties("a:endParaRPr", first, script, languages))
    return p


def _paragraph_properties(para: Paragraph) -> etree._Element:
    props = etree.Element(qn("a:pPr"))
    props.set("marL", str(round(para.indent * EMU_PER_PT)))
    props.set("indent", str(-round(para.hang * EMU_PER_PT)) if para.bullet else "0")
    props.set("algn", para.align)
    props.set("eaLnBrk", "1")
    props.set("latinLnBrk", "0")
    props.set("hangingPunct", "1")
    _points(props, "a:lnSpc", para.line_height)
    _points(props, "a:spcBef", para.space_before)
    _points(props, "a:spcAft", 0.0)
    _bullet(props, para)
    return props


def _points(parent: etree._Element, tag: str, value: float) -> None:
    spacing = etree.SubElement(parent, qn(tag))
    etree.SubElement(spacing, qn("a:spcPts")).set("val", str(round(value * CENTIPOINTS)))


def _bullet(props: etree._Element, para: Paragraph) -> None:
    if not para.bullet:
        etree.SubElement(props, qn("a:buNone"))
        return
    if para.bullet_color:
        etree.SubElement(etree.SubElement(props, qn("a:buClr")), qn("a:srgbClr")).set("val", para.bullet_color)
    etree.SubElement(props, qn("a:buSzPct")).set("val", "70000")
    etree.SubElement(props, qn("a:buFont")).set("typeface", para.lines[0][0].family if para.lines else "Arial")
    etree.SubElement(props, qn("a:buChar")).set("char", para.bullet)


def fill_text_body(body: etree._Element, paragraphs: Iterable[Paragraph], languages: Languages, anchor: str = "t",
                   wrap: bool = True) -> None:
    """Replace a text box's paragraphs with planned ones: zero insets, no autofit, square wrap (none when wrap is
    False: no renderer breaks a line again, even in a wider substitute font)."""
    body_pr = body.find(qn("a:bodyPr"))
    for child in list(body_pr):
        body_pr.remove(child)
    for name in ("lIns", "tIns", "rIns", "bIns"):
        body_pr.set(name, "0")
    body_pr.set("wrap", "square" if wrap else "none")
    body_pr.set("anchor", anchor)
    body_pr.set("rtlCol", "0")
    etree.SubElement(body_pr, qn("a:noAutofit"))
    set_paragraphs(body, paragraphs, languages)


def set_paragraphs(body: etree._Element, paragraphs: Iterable[Paragraph], languages: Languages) -> None:
    """Replace the a:p children of a txBody with planned paragraphs."""
    for p in body.findall(qn("a:p")):
        body.remove(p)
    body.extend(paragraph_element(p, languages) for p in paragraphs)


def chart_languages(languages: Languages) -> tuple[str, str]:
    """Return (lang, altLang) of chart text, which no run splits by script: the report's language, and the language
    of the other script (Latin in a Chinese deck, Han in an English one)."""
    own = languages.document
    return own, languages.of("Han") if own == languages.of("Latin") else languages.of("Latin")


def theme_fonts(root: etree._Element, heading: str, body: str) -> None:
    """Make a theme's major/minor fonts name the deck's families for Latin, East Asian, complex and Han scripts."""
    for tag, family in (("a:majorFont", heading), ("a:minorFont", body)):
        for font in root.iter(qn(tag)):
            for script in ("a:latin", "a:ea", "a:cs"):
                font.find(qn(script)).set("typeface", family)
            for entry in font.findall(qn("a:font")):
                if entry.get("script") in ("Hans", "Hant", "Jpan"):
                    entry.set("typeface", family)


def check_runs(part_name: str, root: etree._Element) -> None:
    """Raise MissingEastAsianFont when a run or field with CJK text in a part lacks a:ea or lang."""
    for run in _text_runs(root):
        text = run.findtext(qn("a:t")) or ""
        if not CJK.search(text):
            continue
        props = run.find(qn("a:rPr"))
        if props is None or props.find(qn("a:ea")) is None or not props.get("lang"):
            raise MissingEastAsianFont(f"{part_name}: run '{text[:20]}' has CJK text without a:ea and lang")


def _text_runs(root: etree._Element) -> Iterator[etree._Element]:
    yield from root.iter(qn("a:r"))
    yield from root.iter(qn("a:fld"))
