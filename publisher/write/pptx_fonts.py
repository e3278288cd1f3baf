"""Fonts that travel inside the deck: per face the plan uses, a TrueType subset of exactly its characters, embedded
the way PowerPoint embeds fonts, so the deck shows the fitted lines on a machine that lacks the font.

PresentationML embedding (ECMA-376 Part 1, §19.2.1.9–10 and §15.2.13): presentation.xml lists each typeface in
p:embeddedFontLst, its p:regular and p:bold naming font parts (/ppt/fonts/fontN.fntdata, relationship type font).
The standard's XOR obfuscation keyed by a GUID is WordprocessingML's only: Microsoft's notes on the standard
([MS-OI29500] 2.1.32, Part 1 §15.2.13) say PowerPoint does not use application/x-font-ttf, stores its fonts as
Embedded OpenType in application/x-fontdata parts, and that only WordprocessingML may reference obfuscated fonts;
LibreOffice's PPTX import reads these parts as EOT too. So each part is an EOT (version 0x00020001, uncompressed,
not XOR-encrypted) wrapping the subset. PowerPoint finds an embedded face by typeface name and style: the subset's
name table says family = the typeface the runs name, subfamily Regular or Bold, as the bundled Noto faces already do.

The subsets come from the very files the fitter measured (FontBook), so the advances are the fitted ones. A face
whose OS/2 fsType forbids embedding or subsetting is left out, and the caller is told its name.
"""
from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.oxml.ns import qn

from publisher.plan.model import (
    ChartShape,
    DateField,
    DeckPlan,
    Paragraph,
    SlideNumber,
    TableShape,
    TextFrame,
)
from publisher.runtime import reuse

if TYPE_CHECKING:
    from fontTools.ttLib import TTFont

    from publisher.fonts.book import FontBook

FONT_PART = "/ppt/fonts/font%d.fntdata"
FONT_DATA = "application/x-fontdata"
EOT_VERSION = 0x00020001
EOT_MAGIC = 0x504C
EOT_SUBSET = 0x00000001  # TTEMBED_SUBSET
DEFAULT_CHARSET = 1  # the only charset an EOT header of version 0x00010000 or later may carry
RESTRICTED, NO_SUBSETTING, BITMAP_ONLY = 0x0002, 0x0100, 0x0200  # OS/2 fsType bits
USAGE_BITS = 0x000F
NATIVE_CHART_CHARS = "0123456789.,-+%E"  # numbers PowerPoint formats in a native chart (General, 0.0%)
DATE_CHARS = "0123456789/"  # PowerPoint's datetime1 in zh-CN and en-US: 2025/1/15, 1/15/2025
FOLLOWING_EMBEDDED = ("p:custShowLst", "p:photoAlbum", "p:custDataLst", "p:kinsoku", "p:defaultTextStyle",
                      "p:modifyVerifier", "p:extLst")  # what follows p:embeddedFontLst in CT_Presentation
CHARSETS = (("zh-hant", 20, 136), ("zh-tw", 20, 136), ("zh-hk", 20, 136), ("zh", 18, 134), ("ja", 17, 128),
            ("ko", 19, 129))  # language prefix, OS/2 code page bit, Windows charset (CHINESEBIG5, GB2312 …)
SWISS, ROMAN, MODERN, SCRIPT, DECORATIVE = 0x20, 0x10, 0x30, 0x40, 0x50  # Windows font families (pitchFamily)
SANS_SERIF_STYLES = range(11, 14)  # PANOSE bSerifStyle: normal, obtuse and perpendicular sans


@dataclass(frozen=True)
class Embedded:
    """One embedded face: its typeface, weight, part bytes and the p:font attributes PowerPoint matches on."""

    typeface: str
    bold: bool
    data: bytes
    panose: str
    pitch_family: int
    charset: int


def face_chars(plan: DeckPlan, chart_family: str) -> dict[tuple[str, bool], set[str]]:
    """Return the characters each (typeface, bold) face shows in the deck: runs, bullets, table cells, live fields,
    native charts' texts and numbers (in the chart family), speaker notes."""
    from publisher.write.pptx_notes import notes_paragraphs

    chars: dict[tuple[str, bool], set[str]] = {}

    def add(family: str, bold: bool, text: str) -> None:
        chars.setdefault((family, bold), set()).update(c for c in text if ord(c) >= 0x20)

    def paragraphs(items: tuple[Paragraph, ...] | list[Paragraph]) -> None:
        for para in items:
            for line in para.lines:
                for run in line:
                    add(run.family, run.bold, run.text)
            if para.bullet and para.lines and para.lines[0]:
                first = para.lines[0][0]
                add(first.family, first.bold, para.bullet)

    for number, slide in enumerate(plan.slides, 1):
        for shape in slide.shapes:
            if isinstance(shape, TextFrame):
                paragraphs(shape.paragraphs)
            elif isinstance(shape, TableShape):
                for row in shape.rows:
                    for cell in row:
                        paragraphs(cell.paragraphs)
            elif isinstance(shape, SlideNumber):
                add(shape.family, False, str(number))
            elif isinstance(shape, DateField):
                add(shape.family, False, DATE_CHARS)
            elif isinstance(shape, ChartShape) and shape.native:
                texts = [*shape.chart.categories, *(s.name for s in shape.chart.series), NATIVE_CHART_CHARS]
                add(chart_family, False, "".join(map(str, texts)))
        paragraphs(notes_paragraphs(slide, plan))
    return chars


def embed_fonts(presentation, plan: DeckPlan, fonts: FontBook, template: bool = False) -> list[str]:
    """Embed a subset of every face the deck uses into the presentation (on a template, its masters' and layouts'
    East Asian text in our faces too); return a message naming each face whose licence forbids it (that face stays
    named only)."""
    faces, refused = [], []
    shown = face_chars(plan, fonts.family("chart"))
    if template:
        for key, chars in template_chars(presentation).items():
            shown.setdefault(key, set()).update(chars)
    for (family, bold), chars in sorted(shown.items()):
        source = _source(fonts, family, bold)
        if source is None or not chars:
            continue
        problem = reuse.remembered("pptx-font-licences", (_file_identity(source),), partial(_licence_problem, source),
                                   lambda problem: 64 + len(problem))
        if problem:
            refused.append(f"font '{family}{' Bold' if bold else ''}' ({source.name}) is not embedded in the deck: "
                           f"{problem}; install it on the presenting machine or choose another font")
            continue
        text = "".join(sorted(chars))
        faces.append(reuse.remembered("pptx-fonts", (_file_identity(source), text, family, bold, plan.language),
                                      partial(embedded_face, source, text, family, bold, plan.language),
                                      lambda face: len(face.data)))
    if faces:
        _add_parts(presentation, faces)
    return refused


def _file_identity(path: Path) -> tuple:
    """Return what identifies a font file's content while a server runs: its path, size and modification time."""
    stat = path.stat()
    return str(path), stat.st_size, stat.st_mtime_ns


def template_chars(presentation) -> dict[tuple[str, bool], set[str]]:
    """Return the East Asian characters of a template's masters and layouts by (typeface, bold): the typeface of a
    run's a:ea, a theme font (+mj-ea, +mn-ea) resolved in the master's theme."""
    from pptx.opc.constants import CONTENT_TYPE as CT

    from publisher.write.pptx_text import CJK

    chars: dict[tuple[str, bool], set[str]] = {}
    for master in (p for p in presentation.part.package.iter_parts() if p.content_type == CT.PML_SLIDE_MASTER):
        themed = _theme_east_asian(master)
        parts = [master, *(rel.target_part for rel in master.rels.values() if rel.reltype == RT.SLIDE_LAYOUT)]
        for part in parts:
            for run in part._element.iter(qn("a:r"), qn("a:fld")):
                props, text = run.find(qn("a:rPr")), run.findtext(qn("a:t")) or ""
                face = props.find(qn("a:ea")) if props is not None else None
                if face is None or not CJK.search(text):
                    continue
                typeface = themed.get(face.get("typeface", ""), face.get("typeface", ""))
                chars.setdefault((typeface, props.get("b") == "1"), set()).update(CJK.findall(text))
    return chars


def _theme_east_asian(master) -> dict[str, str]:
    """Return {"+mj-ea": major East Asian typeface, "+mn-ea": minor} of a slide master's theme."""
    root = etree.fromstring(master.part_related_by(RT.THEME).blob)
    found = {}
    for token, tag in (("+mj-ea", "majorFont"), ("+mn-ea", "minorFont")):
        face = root.find(f".//{qn('a:' + tag)}/{qn('a:ea')}")
        if face is not None:
            found[token] = face.get("typeface", "")
    return found


def _source(fonts: FontBook, family: str, bold: bool) -> Path | None:
    """Return the prepared file the fitter measured for a typeface, or None for one that is not the theme's."""
    pair = fonts.files.get(family)
    return None if pair is None else pair[bold]


def _licence_problem(path: Path) -> str:
    """Return why the font's OS/2 fsType forbids embedding a subset of it, or ""."""
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    usage = fs_type & USAGE_BITS
    if usage == RESTRICTED:
        return f"its licence forbids embedding (OS/2 fsType {fs_type:#06x}: restricted licence)"
    if fs_type & BITMAP_ONLY:
        return f"its licence allows embedding bitmaps only (OS/2 fsType {fs_type:#06x})"
    if fs_type & NO_SUBSETTING:
        return f"its licence forbids subsetting (OS/2 fsType {fs_type:#06x}) and the whole font is not embedded"
    return ""


def embedded_face(source: Path, chars: str, typeface: str, bold: bool, language: str) -> Embedded:
    """Return the EOT part of the subset of source holding exactly chars, named typeface (Bold when bold)."""
    from fontTools.ttLib import TTFont

    from publisher.fonts.families import exact_subset

    with TTFont(exact_subset(source, chars), recalcTimestamp=False) as font:
        _name(font, typeface, bold)
        buffer = io.BytesIO()
        font.save(buffer)
    ttf = buffer.getvalue()
    with TTFont(source, lazy=True) as whole:  # a subset's code page bits say only what its few characters need
        charset = _charset(whole["OS/2"], language)
    with TTFont(io.BytesIO(ttf), lazy=True) as font:
        return Embedded(typeface, bold, eot(ttf, font), bytes(_panose(font["OS/2"])).hex().upper(),
                        _pitch_family(font), charset)


def _name(font: TTFont, typeface: str, bold: bool) -> None:
    """Make the name table say family typeface, subfamily Regular or Bold, where it says another family."""
    table = font["name"]
    if (table.getBestFamilyName() or "") == typeface and (table.getBestSubFamilyName() or "") in ("Regular", "Bold"):
        return
    style = "Bold" if bold else "Regular"
    full = f"{typeface} Bold" if bold else typeface
    for name_id in (16, 17, 21, 22):
        table.removeNames(nameID=name_id)
    for name_id, text in ((1, typeface), (2, style), (4, full)):
        table.removeNames(nameID=name_id)
        table.setName(text, name_id, 3, 1, 0x409)


def eot(ttf: bytes, font: TTFont) -> bytes:
    """Return a TrueType font wrapped as Embedded OpenType (W3C EOT submission, version 0x00020001): no MicroType
    compression, no XOR encryption; the header's facts come from the font's OS/2, head and name tables."""
    os2, names = font["OS/2"], font["name"]
    strings = b"".join(struct.pack("<H", 0) * bool(i) + _eot_string(names.getDebugName(name_id) or "")
                       for i, name_id in enumerate((1, 2, 5, 4)))
    strings += struct.pack("<H", 0) + _eot_string("")  # Padding5, RootString (none: any page may use the font)
    fixed = struct.pack("<IIII10sBBIHHIIIIIIIIIIIH", 0, len(ttf), EOT_VERSION, EOT_SUBSET, bytes(_panose(os2)),
                        DEFAULT_CHARSET, os2.fsSelection & 1, os2.usWeightClass, os2.fsType, EOT_MAGIC,
                        os2.ulUnicodeRange1, os2.ulUnicodeRange2, os2.ulUnicodeRange3, os2.ulUnicodeRange4,
                        getattr(os2, "ulCodePageRange1", 0), getattr(os2, "ulCodePageRange2", 0),
                        font["head"].checkSumAdjustment, 0, 0, 0, 0, 0)
    size = len(fixed) + len(strings) + len(ttf)
    return struct.pack("<I", size) + fixed[4:] + strings + ttf


def _eot_string(text: str) -> bytes:
    data = text.encode("utf-16-le")
    return struct.pack("<H", len(data)) + data


def _panose(os2) -> list[int]:
    p = os2.panose
    return [p.bFamilyType, p.bSerifStyle, p.bWeight, p.bProportion, p.bContrast, p.bStrokeVariation, p.bArmStyle,
            p.bLetterForm, p.bMidline, p.bXHeight]


def _pitch_family(font: TTFont) -> int:
    """Return the Windows LOGFONT pitch and family of a font (p:font pitchFamily): variable pitch, and Swiss for a
    sans serif, Roman for a serif, Modern for a monospaced font."""
    panose = font["OS/2"].panose
    fixed = bool(font["post"].isFixedPitch) or panose.bProportion == 9
    if fixed:
        return MODERN | 1
    family = {3: SCRIPT, 4: DECORATIVE}.get(panose.bFamilyType, 0)
    if panose.bFamilyType == 2:
        family = SWISS if panose.bSerifStyle in SANS_SERIF_STYLES else ROMAN
    return family | 2


def _charset(os2, language: str) -> int:
    """Return the Windows charset of a CJK font for the deck's language (GB2312 134 for zh-Hans …), the first CJK
    charset its code pages support otherwise, else ANSI (0)."""
    pages = getattr(os2, "ulCodePageRange1", 0)
    lang = language.lower()
    ranked = sorted(CHARSETS, key=lambda entry: not lang.startswith(entry[0]))
    return next((charset for _, bit, charset in ranked if pages >> bit & 1), 0)


def _signed_byte(value: int) -> str:
    """Return a charset as xsd:byte writes it: 134 is -122."""
    return str(value - 256 if value > 127 else value)


def _add_parts(presentation, faces: list[Embedded]) -> None:
    """Add the font parts, relate them to the presentation part, and list them in presentation.xml by typeface."""
    part, root = presentation.part, presentation.part._element
    listing = root.find(qn("p:embeddedFontLst"))
    if listing is None:
        listing = etree.SubElement(root, qn("p:embeddedFontLst"))
        root.remove(listing)
        root.insert_element_before(listing, *FOLLOWING_EMBEDDED)
    by_typeface: dict[str, list[Embedded]] = {}
    for face in faces:
        by_typeface.setdefault(face.typeface, []).append(face)
    for typeface, styles in by_typeface.items():
        _drop_entry(part, listing, typeface)
        entry = etree.SubElement(listing, qn("p:embeddedFont"))
        first = styles[0]
        etree.SubElement(entry, qn("p:font"), typeface=typeface, panose=first.panose,
                         pitchFamily=str(first.pitch_family), charset=_signed_byte(first.charset))
        for face in sorted(styles, key=lambda f: f.bold):
            font_part = Part(part.package.next_partname(FONT_PART), FONT_DATA, part.package, face.data)
            etree.SubElement(entry, qn("p:bold" if face.bold else "p:regular")).set(qn("r:id"),
                                                                                  part.relate_to(font_part, RT.FONT))
    root.set("embedTrueTypeFonts", "1")
    root.set("saveSubsetFonts", "1")


def _drop_entry(part, listing: etree._Element, typeface: str) -> None:
    """Remove a template's own entry for a typeface we embed, and its font parts' relationships."""
    for entry in listing.findall(qn("p:embeddedFont")):
        font = entry.find(qn("p:font"))
        if font is None or font.get("typeface") != typeface:
            continue
        for style in entry:
            rid = style.get(qn("r:id"))
            if rid:
                part.drop_rel(rid)
        listing.remove(entry)
