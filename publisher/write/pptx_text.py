"""DrawingML text that is CJK-correct by construction, and the check that proves it.

Every run names its typeface for all three scripts (a:latin, a:ea, a:cs) and its language: a run holding Han
(or other CJK) characters gets the report's language with altLang en-US, a run without any gets en-US
(python-pptx writes only a:latin, and one deck-wide lang breaks Latin font choice). A line's text is split
into such runs by script. Paragraphs carry eaLnBrk="1" (kinsoku), latinLnBrk="0" (words whole) and
hangingPunct="1", exact line spacing and explicit line breaks at the planner's breaks. A run or bullet without a
colour (text in a template's design) names none, so it takes the placeholder's or the master's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache

from lxml import etree
from pptx.oxml.ns import qn as _qn

from publisher.plan.model import Paragraph, Run

CJK = re.compile(r"[\u2e80-\u2fdf\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
                 r"\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003ffff]")
LATIN = re.compile(r"[A-Za-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
LATIN_LANG = "en-US"
CENTIPOINTS = 100
EMU_PER_PT = 12700
PLAIN_SETTING = {"i": "0", "cap": "none", "spc": "0"}  # upright, no capitals, no extra letter spacing


qn = cache(_qn)


class MissingEastAsianFont(RuntimeError):
    """A run with CJK text lacks a:ea or lang: the deck would show tofu or break badly."""


def script_runs(text: str) -> list[tuple[str, bool]]:
    """Return text cut into (piece, is_cjk) runs; spaces and punctuation join the run they follow."""
    out: list[tuple[str, bool]] = []
    for char in text:
        cjk = bool(CJK.match(char))
        neutral = not cjk and not LATIN.match(char)
        if out and (neutral or out[-1][1] == cjk):
            out[-1] = (out[-1][0] + char, out[-1][1])
        elif not out and neutral:
            out.append((char, _first_script(text)))
        else:
            out.append((char, cjk))
    return out


def _first_script(text: str) -> bool:
    for char in text:
        if CJK.match(char):
            return True
        if LATIN.match(char):
            return False
    return False


def run_properties(tag: str, run: Run, cjk: bool, language: str) -> etree._Element:
    """Return an a:rPr (or a:endParaRPr / a:defRPr when tag says so) for a run of one script."""
    props = etree.Element(qn(tag))
    props.set("lang", language if cjk else LATIN_LANG)
    if cjk:
        props.set("altLang", LATIN_LANG)
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


def runs(run: Run, language: str) -> Iterator[etree._Element]:
    """Yield the a:r elements of one styled piece of a line, one per script."""
    for piece, cjk in script_runs(run.text):
        element = etree.Element(qn("a:r"))
        element.append(run_properties("a:rPr", run, cjk, language))
        etree.SubElement(element, qn("a:t")).text = piece
        yield element


def paragraph_element(para: Paragraph, language: str) -> etree._Element:
    """Return the a:p of a planned paragraph: its lines separated by a:br, nothing left to wrap."""
    p = etree.Element(qn("a:p"))
    p.append(_paragraph_properties(para))
    first = next((run for line in para.lines for run in line), None)
    cjk = any(CJK.search(run.text) for line in para.lines for run in line)
    for index, line in enumerate(para.lines):
        if index:
            etree.SubElement(p, qn("a:br")).append(run_properties("a:rPr", first, cjk, language))
        for run in line:
            p.extend(runs(run, language))
    if first is not None:
        p.append(run_properties("a:endParaRPr", first, cjk, language))
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


def fill_text_body(body: etree._Element, paragraphs: Iterable[Paragraph], language: str, anchor: str = "t",
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
    set_paragraphs(body, paragraphs, language)


def set_paragraphs(body: etree._Element, paragraphs: Iterable[Paragraph], language: str) -> None:
    """Replace the a:p children of a txBody with planned paragraphs."""
    for p in body.findall(qn("a:p")):
        body.remove(p)
    body.extend(paragraph_element(p, language) for p in paragraphs)


def east_asian_defaults(default_props: etree._Element, family: str, language: str) -> None:
    """Give an a:defRPr (chart text) the family for all three scripts and the report's language."""
    default_props.set("lang", language)
    default_props.set("altLang", LATIN_LANG)
    for script in ("a:latin", "a:ea", "a:cs"):
        old = default_props.find(qn(script))
        if old is not None:
            default_props.remove(old)
        etree.SubElement(default_props, qn(script)).set("typeface", family)


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
