"""Corporate templates: the deck is built on a template's masters and layouts, its old slides leave no trace, the
file reopens and converts, and a bad template or mapping is a located error before anything is written."""
from __future__ import annotations

import io
import os
import posixpath
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from test_pptx import project_in, small_outline

from publisher.cli import main
from publisher.write.pptx import write

WIDE = (12192000, 6858000)  # 16:9, 13.333 × 7.5 in: the default theme's 960 × 540 pt
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
MAPPING = {"cover": "公司封面", "agenda": "Title Only", "closing": "公司封面"}
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"


def make_template(path: Path, size: tuple[int, int] = WIDE) -> Path:
    """Write a small corporate template: a red band with Chinese text on the master, the first layout renamed
    公司封面, and two old slides with notes listed in a custom show and a section."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    presentation = Presentation()
    presentation.slide_width, presentation.slide_height = Emu(size[0]), Emu(size[1])
    scratch = presentation.slides.add_slide(presentation.slide_layouts[6])
    band = scratch.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Emu(size[0]), Emu(400000))
    band.name = "Corp Band"
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor(0xC0, 0x10, 0x20)
    band.text_frame.text = "内部资料"
    band._element.nvSpPr.cNvPr.set("id", "99")
    presentation.slide_master.shapes._spTree.append(band._element)  # moved from the scratch slide
    presentation.slide_layouts[0].name = "公司封面"
    old = presentation.slides.add_slide(presentation.slide_layouts[1])
    old.shapes.title.text = "旧幻灯片"
    old.notes_slide.notes_text_frame.text = "旧备注"
    _list_slides(presentation)
    presentation.save(path)
    return path


def _list_slides(presentation) -> None:
    """Name every slide in a custom show, shown by the slide show settings, and in a section."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    root = presentation.part._element
    ids = [(s.get("id"), s.get(qn("r:id"))) for s in presentation.slides._sldIdLst]
    shows = "".join(f'<p:sld r:id="{rid}"/>' for _, rid in ids)
    root.find(qn("p:defaultTextStyle")).addprevious(parse_xml(
        f'<p:custShowLst {nsdecls("p", "r")}><p:custShow name="旧" id="0"><p:sldLst>{shows}</p:sldLst>'
        "</p:custShow></p:custShowLst>"))
    listed = "".join(f'<p14:sldId id="{i}"/>' for i, _ in ids)
    root.append(parse_xml(
        f'<p:extLst {nsdecls("p")}><p:ext uri="{SECTIONS_URI}"><p14:sectionLst xmlns:p14="{P14}">'
        f'<p14:section name="旧" id="{{6E3C8B8A-2D7D-4A0B-9E54-5F8C0B4B1A11}}"><p14:sldIdLst>{listed}'
        "</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst>"))
    settings = presentation.part.part_related_by(RT.PRES_PROPS)
    settings._blob = settings.blob.replace(b"><p:extLst>", b'><p:showPr><p:custShow id="0"/></p:showPr><p:extLst>', 1)


def outline_in(folder: Path, deck: dict, make: bool = True) -> Path:
    """Write a short outline whose inline theme sets deck keys over the default (beside corp.pptx, unless make is
    False); return its path."""
    if make:
        make_template(folder / "corp.pptx")
    data = {"report": {"title": "模板测试"}, "theme": {"extends": "default", "deck": deck},
            "sections": [{"title": "经济运行", "blocks": [{"bullets": ["工业投资增长15.6%"]}]}]}
    path = folder / "outline.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """Return the template and the small deck built on it."""
    folder = tmp_path_factory.mktemp("corp")
    template = make_template(folder / "corp.pptx")
    theme = {"extends": "default", "deck": {"template": "corp.pptx", "template_layouts": MAPPING}}
    project = project_in(folder, {**small_outline(), "theme": theme})
    write(project, folder / "deck.pptx")
    return template, folder / "deck.pptx"


def test_slides_use_the_mapped_template_layouts(built):
    from pptx import Presentation

    deck = Presentation(built[1])
    layouts = [slide.slide_layout.name for slide in deck.slides]
    assert layouts[0] == layouts[-1] == "公司封面" and layouts[1] == "Title Only"
    assert set(layouts[2:-1]) == {"Blank"}
    assert [s.name for s in deck.slide_master.shapes if not s.is_placeholder] == ["Corp Band"]
    assert all(not slide.placeholders for slide in deck.slides)  # no empty "click to add" boxes
    assert "旧幻灯片" not in "".join(s.text_frame.text for slide in deck.slides for s in slide.shapes
                                    if s.has_text_frame)


def test_old_slides_leave_no_part_relationship_or_listing(built):
    from pptx import Presentation

    slides = Presentation(built[1]).slides
    with zipfile.ZipFile(built[1]) as archive:
        names = set(archive.namelist())
        presentation = archive.read("ppt/presentation.xml").decode()
        assert len([n for n in names if n.startswith("ppt/slides/slide")]) == len(slides)
        notes = [n for n in names if n.startswith("ppt/notesSlides/notesSlide")]
        assert len(notes) == len([s for s in slides if s.has_notes_slide])
        assert all("旧备注".encode() not in archive.read(n) for n in notes)
        assert "custShowLst" not in presentation and "sectionLst" not in presentation
        assert b"<p:showPr><p:sldAll/></p:showPr>" in archive.read("ppt/presProps.xml")
        assert _missing_targets(archive) == []
        assert not {"docProps/app.xml", "docProps/thumbnail.jpeg"} & names  # the template's slide titles, picture


def _missing_targets(archive: zipfile.ZipFile) -> list[str]:
    """Return every internal relationship target and content-type override that is not in the package."""
    names = set(archive.namelist())
    missing = []
    for rels in (n for n in names if n.endswith(".rels")):
        folder = posixpath.dirname(posixpath.dirname(rels))
        for rel in etree.fromstring(archive.read(rels)).iter(REL):
            target = rel.get("Target")
            if rel.get("TargetMode") != "External":
                path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                missing += [f"{rels} → {target}"] if path not in names else []
    types = etree.fromstring(archive.read("[Content_Types].xml"))
    missing += [o.get("PartName") for o in types if o.get("PartName") and o.get("PartName")[1:] not in names]
    return missing


def test_master_text_gets_language_and_east_asian_font(built):
    with zipfile.ZipFile(built[1]) as archive:
        master = etree.fromstring(archive.read("ppt/slideMasters/slideMaster1.xml"))
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    run = next(r for r in master.iter(f"{{{ns['a']}}}r") if r.findtext("a:t", namespaces=ns) == "内部资料")
    props = run.find("a:rPr", ns)
    assert props.get("lang") == "zh-CN" and props.find("a:ea", ns).get("typeface") == "+mn-ea"


def test_template_theme_keeps_its_latin_fonts_and_gains_east_asian_ones(built):
    with zipfile.ZipFile(built[1]) as archive:
        theme = etree.fromstring(archive.read("ppt/theme/theme1.xml"))
    ns = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
    minor = theme.find(".//a:minorFont", ns)
    assert minor.find("a:latin", ns).get("typeface") == "Calibri"
    assert minor.find("a:ea", ns).get("typeface") == "Noto Sans SC"


def test_two_builds_on_a_template_give_identical_bytes(built, tmp_path):
    folder = built[1].parent
    project = project_in(folder, yaml.safe_load((folder / "outline.yaml").read_text(encoding="utf-8")))
    write(project, tmp_path / "again.pptx")
    assert (tmp_path / "again.pptx").read_bytes() == built[1].read_bytes()


def test_a_potx_template_works_like_a_pptx(tmp_path):
    pptx = make_template(tmp_path / "corp.pptx")
    potx = tmp_path / "corp.potx"
    _retyped(pptx, potx, "presentationml.presentation.main+xml", "presentationml.template.main+xml")
    outline = outline_in(tmp_path, {"template": "corp.potx"}, make=False)
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--format", "pptx"]) == 0
    assert (tmp_path / "out" / "outline.pptx").is_file()


def _retyped(source: Path, target: Path, old: str, new: str) -> None:
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            data = archive.read(info)
            out.writestr(info, data.replace(old.encode(), new.encode()) if info.filename.startswith("[") else data)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_a_deck_built_on_a_template(built, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    profile = f"file:///tmp/lo-profile-{os.getpid()}"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(built[1])], check=True, capture_output=True, timeout=180)
    assert len(PdfReader(tmp_path / "deck.pdf").pages) == len(Presentation(built[1]).slides)


def _failure(outline: Path, capsys, *extra: str) -> str:
    """Return the error output of a build that must fail with exit 2 and write nothing."""
    out = outline.parent / "out"
    assert main(["build", str(outline), "-o", str(out), *extra]) == 2
    assert not out.exists() or not any(out.iterdir())
    return capsys.readouterr().err


def _line_of(outline: Path, text: str) -> int:
    return next(i for i, line in enumerate(outline.read_text(encoding="utf-8").splitlines(), 1) if text in line)


@pytest.mark.parametrize("content", [b"PK\x03\x04 not really a zip", b"plain text"])
def test_a_template_that_is_not_a_zip_is_a_located_error(tmp_path, capsys, content):
    (tmp_path / "corp.pptx").write_bytes(content)
    outline = outline_in(tmp_path, {"template": "corp.pptx"}, make=False)
    err = _failure(outline, capsys)
    assert f"outline.yaml:{_line_of(outline, 'template:')}:" in err
    assert "deck.template: 'corp.pptx': not a PowerPoint file: not a zip archive" in err


@pytest.mark.parametrize("entries", [{"a.txt": "x"}, {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w/>"}])
def test_a_zip_that_is_not_a_presentation_is_a_located_error(tmp_path, capsys, entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    (tmp_path / "corp.pptx").write_bytes(buffer.getvalue())
    outline = outline_in(tmp_path, {"template": "corp.pptx"}, make=False)
    assert "deck.template: 'corp.pptx': not a PowerPoint file: " in _failure(outline, capsys)


def test_a_missing_template_is_a_located_error(tmp_path, capsys):
    outline = outline_in(tmp_path, {"template": "brand/corp.pptx"}, make=False)
    assert "deck.template: no file 'brand/corp.pptx'" in _failure(outline, capsys)


def test_a_template_outside_the_outline_folder_needs_allow_outside(tmp_path, capsys):
    make_template(tmp_path / "corp.pptx")
    (tmp_path / "report").mkdir()
    outline = outline_in(tmp_path / "report", {"template": "../corp.pptx"}, make=False)
    assert "is outside the outline's folder; pass --allow-outside" in _failure(outline, capsys)
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--format", "pptx", "--allow-outside"]) == 0


def _with_theme_file(folder: Path, cover: str) -> Path:
    """Return an outline naming brand/theme.yaml, which names brand/corp.pptx and maps the cover to `cover`."""
    (folder / "brand").mkdir(exist_ok=True)
    make_template(folder / "brand" / "corp.pptx")
    theme = {"extends": "default", "deck": {"template": "corp.pptx", "template_layouts": {"cover": cover}}}
    (folder / "brand" / "theme.yaml").write_text(yaml.safe_dump(theme, allow_unicode=True), encoding="utf-8")
    outline = outline_in(folder, {}, make=False)
    data = yaml.safe_load(outline.read_text(encoding="utf-8")) | {"theme": "brand/theme.yaml"}
    outline.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return outline


def test_a_template_is_found_beside_the_theme_file_that_names_it(tmp_path, capsys):
    assert main(["validate", str(_with_theme_file(tmp_path, "公司封面"))]) == 0
    err = _failure(_with_theme_file(tmp_path, "Title"), capsys)
    theme = tmp_path / "brand" / "theme.yaml"
    assert f"{theme}:{_line_of(theme, 'Title')}:" in err and "no layout 'Title';" in err


def test_a_mapped_layout_missing_from_the_template_is_a_located_error_with_a_suggestion(tmp_path, capsys):
    outline = outline_in(tmp_path, {"template": "corp.pptx", "template_layouts": {"cover": "公司封页"}})
    err = _failure(outline, capsys)
    assert f"outline.yaml:{_line_of(outline, '公司封页')}:" in err
    assert "deck.template_layouts.cover: the template has no layout '公司封页'" in err
    assert "(did you mean '公司封面'?)" in err


def test_a_mapping_key_that_is_not_our_layout_is_a_located_error(tmp_path, capsys):
    outline = outline_in(tmp_path, {"template": "corp.pptx", "template_layouts": {"cvoer": "公司封面"}})
    assert "no slide layout 'cvoer' of ours" in _failure(outline, capsys)


def test_a_template_without_blank_needs_a_default(tmp_path, capsys):
    outline = outline_in(tmp_path, {"template": "corp.pptx", "template_layouts": {"default": "Blank"}})
    assert main(["validate", str(outline)]) == 0
    from pptx import Presentation

    template = Presentation(tmp_path / "corp.pptx")
    template.slide_layouts.get_by_name("Blank").name = "空白"
    template.save(tmp_path / "corp.pptx")
    outline = outline_in(tmp_path, {"template": "corp.pptx"}, make=False)
    assert "map `default:` to one of its layouts" in _failure(outline, capsys)


def test_a_template_of_another_slide_size_is_a_located_error(tmp_path, capsys):
    make_template(tmp_path / "corp.pptx", (9144000, 6858000))
    outline = outline_in(tmp_path, {"template": "corp.pptx"}, make=False)
    assert "the template's slides are 720 × 540 pt but the deck is planned on 960 × 540 pt" in _failure(outline, capsys)


def test_layouts_mapped_without_a_template_are_an_error(tmp_path, capsys):
    outline = outline_in(tmp_path, {"template_layouts": {"cover": "公司封面"}})
    assert "deck.template_layouts: needs deck.template" in _failure(outline, capsys)


def test_inspect_template_lists_masters_layouts_and_placeholders(built, capsys):
    assert main(["inspect-template", str(built[0])]) == 0
    out = capsys.readouterr().out
    assert "960 × 540 pt" in out and "Corp Band" in out
    for name in ("公司封面", "Title Only", "Blank", "Section Header"):
        assert f"layout '{name}'" in out
    assert "center_title" in out and "Title 1" in out


def test_inspect_template_refuses_a_corrupt_file(tmp_path, capsys):
    (tmp_path / "corp.pptx").write_bytes(b"not a zip")
    assert main(["inspect-template", str(tmp_path / "corp.pptx")]) == 2
    assert "corp.pptx: error: not a PowerPoint file: not a zip archive" in capsys.readouterr().err
