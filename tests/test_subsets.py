"""Tests for publisher.fonts.subsets: the cmap writer and reader, and growing a font."""
from __future__ import annotations

import io

from fontTools.ttLib import TTFont, newTable
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.fonts import families as fonts
from publisher.fonts import subsets

MAPPINGS = st.dictionaries(st.integers(0x20, 0x2FFFF).filter(lambda cp: cp != 0xFFFF), st.integers(1, 0xFFFE),
                           max_size=300)


@settings(max_examples=60, deadline=None)
@given(MAPPINGS)
def test_cmap_written_is_read_back_alike_by_us_and_by_fonttools(mapping: dict[int, int]):
    data = subsets._cmap(mapping)
    assert subsets._read_cmap(data) == mapping
    assert subsets._lookup(data, list(mapping) + [0x10, 0x2FFFF + 1]) == mapping
    font = TTFont()
    font.setGlyphOrder([".notdef", *(f"g{i}" for i in range(1, 0xFFFF))])
    table = font["cmap"] = newTable("cmap")
    table.decompile(data, font)
    best = {cp: font.getGlyphID(name) for cp, name in table.getBestCmap().items()}
    assert best == mapping


def test_a_large_bmp_set_falls_back_to_format_12():
    mapping = {cp: 1 + (cp * 7919) % 60000 for cp in range(0x4E00, 0x4E00 + 33000)}
    data = subsets._cmap(mapping)
    formats = {(p, e) for p, e, _ in (subsets.struct.unpack_from(">HHI", data, 4 + 8 * i)
                                       for i in range(subsets.struct.unpack_from(">H", data, 2)[0]))}
    assert formats == {(0, 4), (3, 10)} and subsets._read_cmap(data) == mapping


def test_grown_font_draws_new_glyphs_in_reportlab(tmp_path):
    from pypdf import PdfReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as RLFont
    from reportlab.pdfgen.canvas import Canvas

    face = fonts.resolve_family("Noto Sans SC")[0]
    glyphs = subsets.convert(face.path, 0, [ord("硚"), ord("龘"), 0x3000])
    out = io.BytesIO()
    subsets.grow(face.common, glyphs, out)
    ttf = tmp_path / "grown.ttf"
    ttf.write_bytes(out.getvalue())
    pdfmetrics.registerFont(RLFont("grown-test", str(ttf)))
    pdf = tmp_path / "grown.pdf"
    canvas = Canvas(str(pdf), initialFontName="grown-test")
    canvas.setFont("grown-test", 20)
    canvas.drawString(72, 700, "硚口区龘武昌")
    canvas.save()
    assert "硚口区龘武昌" in PdfReader(pdf).pages[0].extract_text()


def test_pick_copies_exactly_the_asked_glyphs_and_their_metrics(tmp_path):
    face = fonts.resolve_family("Noto Sans SC")[0]
    out = io.BytesIO()
    assert subsets.pick(face.common, map(ord, "武昌区 龘"), out)  # 龘 is not in the common subset
    ttf = tmp_path / "picked.ttf"
    ttf.write_bytes(out.getvalue())
    picked, common = TTFont(ttf), TTFont(face.common)
    assert set(picked.getBestCmap()) == set(map(ord, "武昌区 ")) and picked["maxp"].numGlyphs == 5
    for char in "武昌区":
        ours, theirs = picked.getBestCmap()[ord(char)], common.getBestCmap()[ord(char)]
        assert picked["glyf"][ours].coordinates == common["glyf"][theirs].coordinates
        assert picked["hmtx"][ours] == common["hmtx"][theirs] and picked["vmtx"][ours] == common["vmtx"][theirs]
    assert "GSUB" not in picked and picked["name"].getDebugName(1) == "Noto Sans SC"
    picked.save(tmp_path / "again.ttf")  # fontTools reads and writes every table


def test_pick_declines_composite_glyphs(tmp_path):
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    pen = TTGlyphPen(None)
    pen.moveTo((0, 0)), pen.lineTo((0, 500)), pen.lineTo((500, 0)), pen.closePath()
    square = pen.glyph()
    composite = TTGlyphPen({"a": square})
    composite.addComponent("a", (1, 0, 0, 1, 100, 0))
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef", "a", "b"])
    builder.setupCharacterMap({ord("a"): "a", ord("b"): "b"})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "a": square, "b": composite.glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0), "a": (600, 0), "b": (600, 100)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Test", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost(keepGlyphNames=False)
    builder.save(tmp_path / "composite.ttf")
    assert subsets.pick(tmp_path / "composite.ttf", [ord("a")], io.BytesIO())
    assert not subsets.pick(tmp_path / "composite.ttf", [ord("b")], io.BytesIO())
