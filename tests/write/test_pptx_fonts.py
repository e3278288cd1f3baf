"""Fonts inside the deck: EOT parts that unwrap to valid TrueType subsets of exactly the deck's characters, listed
in presentation.xml, related and typed; off, the deck is today's byte for byte; a face whose licence forbids it is
named in a warning and left out."""
from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest
import yaml
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image
from pptx import Presentation

from publisher.api import load_project
from publisher.theme.styles import load_theme
from publisher.write.pptx import write
from publisher.write.pptx_fonts import DATE_CHARS, NATIVE_CHART_CHARS

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "c": "http://schemas.openxmlformats.org/drawingml/2006/chart",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
EOT_HEADER = struct.Struct("<IIII10sBBIHHIIIIIIIIIIIH")


def outline(bold_family: str | None = None, **deck) -> dict:
    """Return an outline with text in two weights, bullets, a table, a native chart, a date field and notes."""
    theme = {"extends": "default", "deck": {"footer": {"text": "武昌区统计局", "date": True}, **deck}}
    if bold_family:
        theme["fonts"] = {"heading": bold_family}
    chart = {"type": "bar", "native": True, "categories": ["制造业", "服务业"],
             "series": [{"name": "增加值", "values": [1200.5, 3400]}]}
    return {"report": {"title": "武昌区2024年发展回顾", "organisation": "武昌区人民政府", "date": "2025年1月"},
            "theme": theme,
            "sections": [
                {"title": "经济运行稳中有进 GDP", "lead": "全年地区生产总值突破2300亿元。",
                 "notes": "先讲总量，再讲结构。",
                 "blocks": [{"bullets": ["工业投资增长15.6%", {"text": "服务业占比85%", "items": ["Software"]}]},
                            {"chart": chart}]},
                {"title": "主要指标", "blocks": [{"table": {"columns": ["指标", "2024年"],
                                                       "rows": [["企业开办（天）", 0.5], ["网办率", "99%"]]}}]}]}


def build(folder: Path, data: dict) -> tuple[Path, list]:
    """Write the outline's deck into folder; return its path and the build's warnings."""
    folder.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), (46, 117, 182)).save(folder / "photo.png")
    path = folder / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    project = load_project(path)
    write(project, folder / "deck.pptx")
    return folder / "deck.pptx", project.warnings


def unwrap_eot(data: bytes) -> bytes:
    """Return the font data of an uncompressed, unencrypted EOT, checking its header."""
    fields = EOT_HEADER.unpack_from(data)
    size, font_size, version, flags = fields[:4]
    assert size == len(data) and version in (0x00010000, 0x00020001, 0x00020002)
    assert fields[9] == 0x504C, "EOT magic number"
    assert not flags & 0x4 and not flags & 0x10000000, "MTX compression or XOR encryption"
    return data[size - font_size:]


def members(pptx: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(pptx) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def embedded(pptx: Path) -> dict[tuple[str, bool], TTFont]:
    """Return the embedded faces by (typeface, bold), read from presentation.xml and its relationships."""
    files = members(pptx)
    root = etree.fromstring(files["ppt/presentation.xml"])
    rels = {r.get("Id"): r.get("Target") for r in etree.fromstring(files["ppt/_rels/presentation.xml.rels"])}
    faces = {}
    for entry in root.iterfind("p:embeddedFontLst/p:embeddedFont", NS):
        typeface = entry.find("p:font", NS).get("typeface")
        for style in ("regular", "bold"):
            ref = entry.find(f"p:{style}", NS)
            if ref is not None:
                data = files["ppt/" + rels[ref.get(f"{{{NS['r']}}}id")]]
                faces[typeface, style == "bold"] = TTFont(io.BytesIO(unwrap_eot(data)))
    return faces


def shown_chars(pptx: Path) -> dict[tuple[str, bool], set[str]]:
    """Return the characters each face shows, read from the package's XML: runs and fields (their typeface and
    weight), bullets (the first run's), native charts' categories and series names (the chart's typeface)."""
    files, shown = members(pptx), {}
    for name, data in files.items():
        if not re.match(r"ppt/(slides|notesSlides|charts)/\w+\.xml$", name):
            continue
        root = etree.fromstring(data)
        for run in root.iter(f"{{{NS['a']}}}r", f"{{{NS['a']}}}fld"):
            props = run.find("a:rPr", NS)
            key = (props.find("a:latin", NS).get("typeface"), props.get("b") == "1")
            shown.setdefault(key, set()).update(run.findtext("a:t", "", NS))
        for para in root.iter(f"{{{NS['a']}}}p"):
            bullet, first = para.find("a:pPr/a:buChar", NS), para.find("a:r/a:rPr", NS)
            if bullet is not None and first is not None:
                key = (para.find("a:pPr/a:buFont", NS).get("typeface"), first.get("b") == "1")
                shown.setdefault(key, set()).add(bullet.get("char"))
        if name.startswith("ppt/charts/"):
            typeface = root.find(".//c:txPr//a:latin", NS).get("typeface")
            texts = "".join(v.text for v in root.iterfind(".//c:tx//c:v", NS)) + \
                "".join(v.text for v in root.iterfind(".//c:cat//c:v", NS))
            shown.setdefault((typeface, False), set()).update(texts)
    return shown


@pytest.fixture(scope="module")
def deck(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("embedded"), outline())[0]


def test_every_face_the_deck_shows_is_embedded_with_exactly_its_characters(deck):
    faces, shown = embedded(deck), shown_chars(deck)
    assert set(faces) == set(shown) == {("Noto Sans SC", False), ("Noto Sans SC", True)}
    for key, font in faces.items():
        cmap = {chr(cp) for cp in font.getBestCmap()}
        missing = shown[key] - cmap
        assert not missing, f"{key} lacks {''.join(sorted(missing))}"
        allowed = shown[key] | (set(NATIVE_CHART_CHARS + DATE_CHARS) if not key[1] else set())
        extra = cmap - allowed
        assert not extra, f"{key} holds characters the deck never shows: {''.join(sorted(extra))}"
        assert "glyf" in font and "CFF " not in font, "TrueType outlines"


def test_embedded_faces_are_named_as_the_runs_name_them(deck):
    root = etree.fromstring(members(deck)["ppt/presentation.xml"])
    assert root.get("embedTrueTypeFonts") == "1" and root.get("saveSubsetFonts") == "1"
    (entry,) = root.iterfind("p:embeddedFontLst/p:embeddedFont", NS)
    font = entry.find("p:font", NS)
    assert font.get("typeface") == "Noto Sans SC"
    assert font.get("charset") == "-122"  # GB2312, written as the signed byte the schema says
    assert font.get("pitchFamily") == "34"  # variable pitch, Swiss (sans serif)
    assert re.fullmatch(r"[0-9A-F]{20}", font.get("panose"))
    for (typeface, bold), face in embedded(deck).items():
        names = face["name"]
        assert names.getName(1, 3, 1, 0x409).toUnicode() == typeface
        assert names.getName(2, 3, 1, 0x409).toUnicode() == ("Bold" if bold else "Regular")
        assert bool(face["head"].macStyle & 1) == bold


def test_embedded_advances_are_the_ones_the_deck_was_fitted_with(deck):
    project = load_project(deck.parent / "outline.yaml")
    for (_, bold), face in embedded(deck).items():
        fitted = project.fonts.metrics("body", bold).advances
        upem, hmtx = face["head"].unitsPerEm, face["hmtx"]
        for cp, glyph in face.getBestCmap().items():
            assert hmtx[glyph][0] / upem == pytest.approx(fitted[cp], abs=1e-9), chr(cp)


def test_the_package_is_whole_every_target_exists_and_every_part_is_typed(deck):
    files = members(deck)
    types = etree.fromstring(files["[Content_Types].xml"])
    defaults = {d.get("Extension").lower(): d.get("ContentType") for d in types.iterfind("ct:Default", NS)}
    overrides = {o.get("PartName").lstrip("/"): o.get("ContentType") for o in types.iterfind("ct:Override", NS)}
    for name in files:
        if name == "[Content_Types].xml":
            continue
        assert name in overrides or name.rsplit(".", 1)[-1].lower() in defaults, f"{name} has no content type"
        if not name.endswith(".rels"):
            continue
        source = PurePosixPath(name.replace("_rels/", "").removesuffix(".rels"))
        for rel in etree.fromstring(files[name]).iterfind("rel:Relationship", NS):
            if rel.get("TargetMode") == "External":
                continue
            target = str(PurePosixPath(*_resolve(source.parent / rel.get("Target"))))
            assert target in files, f"{name}: {rel.get('Id')} → {target} is missing"
            if rel.get("Type") == FONT_REL:
                assert (overrides.get(target) or defaults.get("fntdata")) == "application/x-fontdata"
    slides = [n for n in files if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    assert len(Presentation(deck).slides) == len(slides) == 4  # python-pptx reopens the package


def _resolve(path: PurePosixPath) -> list[str]:
    parts: list[str] = []
    for part in path.parts:
        if part == "..":
            parts.pop()
        elif part not in (".", ""):
            parts.append(part)
    return parts


def test_off_the_deck_is_todays_byte_for_byte(deck, tmp_path):
    off = members(build(tmp_path, outline(embed_fonts=False))[0])
    on = members(deck)
    assert not any(name.startswith("ppt/fonts/") for name in off)
    changed = {"ppt/presentation.xml", "ppt/_rels/presentation.xml.rels", "[Content_Types].xml"}
    assert {n for n in on if not n.startswith("ppt/fonts/")} == set(off)
    assert all(on[name] == off[name] for name in off if name not in changed)
    root = etree.fromstring(on["ppt/presentation.xml"])
    root.remove(root.find("p:embeddedFontLst", NS))
    del root.attrib["embedTrueTypeFonts"]  # python-pptx's own presentation.xml already says saveSubsetFonts
    assert etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) == \
        off["ppt/presentation.xml"]


def test_a_face_whose_licence_forbids_embedding_is_named_and_left_out(tmp_path):
    from fontTools import subset

    font = TTFont(Path(__file__).parents[2] / "fonts" / "NotoSansSC-Bold.common.ttf")
    subsetter = subset.Subsetter(subset.Options(name_IDs=["*"], notdef_outline=True))
    words = load_theme("default", tmp_path).locale.words()  # the closing slide's 谢谢！ is drawn in the bold face
    subsetter.populate(text="".join(sorted(set(yaml.safe_dump(outline(), allow_unicode=True)))) + "0123456789" + words)
    subsetter.subset(font)
    font["name"].setName("Locked Sans", 1, 3, 1, 0x409)
    font["OS/2"].fsType = 0x0002
    tmp_path.mkdir(exist_ok=True)
    font.save(tmp_path / "locked.ttf")
    pptx, warnings = build(tmp_path, outline(bold_family="locked.ttf"))
    faces = embedded(pptx)
    assert ("locked.ttf", True) not in faces and ("Noto Sans SC", False) in faces
    (warning,) = [w for w in warnings if "locked" in w.message]
    assert warning.severity == "warning"
    assert "forbids embedding" in warning.message and "fsType 0x0002" in warning.message


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_the_deck_with_its_fonts(deck, tmp_path):
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(deck)], check=True, capture_output=True, timeout=300)
    from pypdf import PdfReader

    assert len(PdfReader(tmp_path / "deck.pdf").pages) == 4


def test_on_a_template_the_masters_east_asian_text_is_embedded_too(tmp_path):
    from pptx.util import Pt

    corp = Presentation()
    corp.slide_width, corp.slide_height = Pt(960), Pt(540)
    scratch = corp.slides.add_slide(corp.slide_layouts[6])
    box = scratch.shapes.add_textbox(Pt(20), Pt(10), Pt(200), Pt(30))
    box.text_frame.text = "内部资料 Internal"
    box._element.nvSpPr.cNvPr.set("id", "99")
    corp.slide_master.shapes._spTree.append(box._element)  # moved from the scratch slide onto the master
    tmp_path.mkdir(exist_ok=True)
    corp.save(tmp_path / "corp.pptx")
    pptx, _ = build(tmp_path, outline(template="corp.pptx"))
    regular = {chr(cp) for cp in embedded(pptx)["Noto Sans SC", False].getBestCmap()}
    assert set("内部资料") <= regular
