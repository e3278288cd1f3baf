"""Corporate templates: the deck is built on a template's masters and layouts, its old slides leave no trace, the
file reopens and converts, and a bad template or mapping is a located error before anything is written. A layout
mapped with placeholders has its text fitted into them and written in them, its decor left out."""
from __future__ import annotations

import io
import os
import posixpath
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from test_pptx import CJK, assert_no_overflow, parts, project_in, small_outline

from publisher.cli import main
from publisher.plan.deck import plan_deck
from publisher.write.pptx import write
from publisher.write.pptx_template import DeckBase

WIDE = (12192000, 6858000)  # 16:9, 13.333 × 7.5 in: the default theme's 960 × 540 pt
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
SECTIONS_URI = "{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"
MAPPING = {"cover": "公司封面", "agenda": "Title Only", "closing": "公司封面"}
DESIGNED = {"cover": {"layout": "公司封面", "placeholders": {"title": "center_title", "subtitle": 1}},
            "agenda": {"layout": "Title and Content", "placeholders": {"title": 0}},  # its title: the master's box
            "default": {"layout": "Title Only", "placeholders": {"title": "Title 1"}}}
MOVED_TITLE = (762000, 381000, 5334000, 1016000)  # 60, 30, 420 × 80 pt: narrower than our title region
LONG_TITLE = "高质量发展连续五年领跑全省，营商环境持续优化"
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
    assert "Band" in [s.name for s in deck.slides[0].shapes]  # a backdrop keeps our design whole
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
@pytest.mark.parametrize("deck", ["built", "designed"])
def test_libreoffice_converts_a_deck_built_on_a_template(deck, request, tmp_path):
    from pptx import Presentation
    from pypdf import PdfReader

    path = request.getfixturevalue(deck)[1]
    profile = f"file:///tmp/lo-profile-{os.getpid()}"
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir",
                    str(tmp_path), str(path)], check=True, capture_output=True, timeout=180)
    assert len(PdfReader(tmp_path / "deck.pdf").pages) == len(Presentation(path).slides)


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


# ------------------------------------------------------------------ layouts mapped with placeholders


def make_designed_template(path: Path) -> Path:
    """Write make_template's template with the title placeholder of its Title Only layout moved and narrowed."""
    from pptx import Presentation

    make_template(path)
    presentation = Presentation(path)
    title = presentation.slide_layouts.get_by_name("Title Only").placeholders[0]
    title.left, title.top, title.width, title.height = MOVED_TITLE
    presentation.save(path)
    return path


@pytest.fixture(scope="module")
def designed(tmp_path_factory):
    """Return the project and the small deck (its first section titled LONG_TITLE) built on DESIGNED."""
    folder = tmp_path_factory.mktemp("designed")
    make_designed_template(folder / "corp.pptx")
    data = small_outline()
    data["sections"][0]["title"] = LONG_TITLE
    theme = {"extends": "default", "deck": {"template": "corp.pptx", "template_layouts": DESIGNED}}
    project = project_in(folder, {**data, "theme": theme})
    write(project, folder / "deck.pptx")
    return project, folder / "deck.pptx"


def test_titles_fill_the_template_title_placeholders_at_their_boxes(designed):
    from pptx import Presentation

    project, path = designed
    deck, template = Presentation(path), Presentation(path.parent / "corp.pptx")
    titles = [slide.shapes.title for slide in deck.slides]
    assert [t.text_frame.text.replace("\v", "") if t else None for t in titles] == [
        "武昌区2024年发展回顾", "目录", LONG_TITLE, LONG_TITLE, "开放合作 Open Economy", "开放合作 Open Economy",
        "城市更新", "城市更新", None]
    assert titles[2].text_frame.text.count("\v") == 1  # the long title broken into the narrower placeholder
    for slide, title in zip(list(deck.slides)[:-1], titles[:-1], strict=True):
        held = template.slide_layouts.get_by_name(slide.slide_layout.name).placeholders[0]
        assert (title.placeholder_format.idx, title.placeholder_format.type) == \
            (held.placeholder_format.idx, held.placeholder_format.type)
        assert title._element.spPr.xfrm is not None
        assert (title.left, title.top, title.width, title.height) == (held.left, held.top, held.width, held.height)
    assert (titles[2].left, titles[2].top, titles[2].width, titles[2].height) == MOVED_TITLE
    assert [[p.placeholder_format.idx for p in slide.placeholders] for slide in deck.slides] == \
        [[0, 1], *[[0]] * 7, []]
    assert deck.slides[0].placeholders[1].text_frame.text == "高质量发展连续五年领跑全省"


def test_a_deck_with_placeholders_fits_names_its_fonts_and_reopens(designed):
    from pptx import Presentation

    project, path = designed
    assert_no_overflow(project, path)
    for name, root in parts(path, "ppt/"):
        for run in [*root.iter("{*}r"), *root.iter("{*}fld")]:
            props = run.find("{*}rPr")
            if CJK.search(run.findtext("{*}t") or ""):
                assert props.find("{*}ea").get("typeface") and props.get("lang") == "zh-CN", name
    base = DeckBase(project.theme, project.base_dir, "zh-CN")
    plan = plan_deck(project.outline, project.theme, project.fonts, project.base_dir, None, base.placeholder_boxes())
    deck = Presentation(path)
    assert len(deck.slides) == len(plan.slides) == 9
    for slide in deck.slides:
        ids = [shape.shape_id for shape in slide.shapes]
        assert len(ids) == len(set(ids))


def test_designed_slides_leave_out_our_decor_and_take_the_template_colours(designed):
    from pptx import Presentation

    deck = Presentation(designed[1])
    assert all(shape.name != "Band" for slide in deck.slides for shape in slide.shapes)
    title = deck.slides[2].shapes.title._element
    assert title.findall(".//{*}rPr") and not title.findall(".//{*}rPr/{*}solidFill")
    kpi = next(shape for shape in deck.slides[2].shapes if shape.name == "KPI")._element
    assert kpi.findall(".//{*}rPr/{*}solidFill")  # cards keep our colours


def _located(outline: Path, needle: str, token: str) -> str:
    """Return "FILE:LINE:COLUMN" of token in the first line of the outline holding needle."""
    for number, line in enumerate(outline.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return f"{outline}:{number}:{line.index(needle) + needle.index(token) + 1}"
    raise AssertionError(needle)


BAD_MAPPINGS = [
    ({"cover": {"layout": "公司封面", "placeholders": {"titel": 0}}}, "titel: 0", "titel",
     "deck.template_layouts.cover.placeholders.titel: no region 'titel' in our layout 'cover'; its regions: "
     "background, stripe, title, rule, subtitle, meta (did you mean 'title'?)"),
    ({"cover": {"layout": "公司封面", "placeholders": {"title": "Titel 1"}}}, "title: Titel 1", "Titel 1",
     "deck.template_layouts.cover.placeholders.title: the template layout '公司封面' has no placeholder 'Titel 1'; its "
     "placeholders (idx type name): 0 center_title 'Title 1', 1 subtitle 'Subtitle 2', 10 date 'Date Placeholder 3', "
     "11 footer 'Footer Placeholder 4', 12 slide_number 'Slide Number Placeholder 5' (did you mean 'Title 1'?)"),
    ({"cover": {"layout": "公司封面", "placeholders": {"title": 0, "subtitle": "center_title"}}},
     "subtitle: center_title", "center_title", "deck.template_layouts.cover.placeholders.subtitle: placeholder 0 "
     "center_title 'Title 1' already holds region 'title'"),
    ({"kpis": {"layout": "Title Only", "placeholders": {"kpis": 0}}}, "kpis: 0", "kpis",
     "deck.template_layouts.kpis.placeholders.kpis: region 'kpis' draws kpis; a placeholder holds one text: a region "
     "of kind title, label, lead, text"),
    ({"default": {"layout": "Comparison", "placeholders": {"text": "body"}}}, "text: body", "body",
     "deck.template_layouts.default.placeholders.text: 2 placeholders of the template layout 'Comparison' are 'body': "
     "1 body 'Text Placeholder 2', 3 body 'Text Placeholder 4'; name one by its idx"),
    ({"default": {"layout": "Picture with Caption", "placeholders": {"title": 1}}}, "title: 1", "1",
     "deck.template_layouts.default.placeholders.title: placeholder 1 picture 'Picture Placeholder 2' is for a "
     "picture, not text"),
    ({"cover": {"layout": "公司封面", "placholders": {"title": 0}}}, "placholders:", "placholders",
     "deck.template_layouts.cover: unknown key 'placholders' (did you mean 'placeholders'?)"),
]


@pytest.mark.parametrize(("mapping", "needle", "token", "message"), BAD_MAPPINGS)
def test_a_bad_placeholder_mapping_is_one_located_error(tmp_path, capsys, mapping, needle, token, message):
    outline = outline_in(tmp_path, {"template": "corp.pptx", "template_layouts": mapping})
    assert _failure(outline, capsys).splitlines()[0] == f"{_located(outline, needle, token)}: error: {message}"


def _without_slide_size(path: Path) -> None:
    """Rewrite a package without p:sldSz in its presentation.xml."""
    with zipfile.ZipFile(path) as archive:
        entries = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w") as out:
        for info, data in entries:
            out.writestr(info, re.sub(rb"<p:sldSz[^>]*/>", b"", data) if info.filename.endswith("tation.xml") else data)


def test_a_template_naming_no_slide_size_has_powerpoints_default(tmp_path, capsys):
    from pptx import Presentation

    _without_slide_size(make_template(tmp_path / "corp.pptx", (9144000, 6858000)))
    assert Presentation(tmp_path / "corp.pptx").slide_width is None
    outline = outline_in(tmp_path, {"template": "corp.pptx"}, make=False)
    assert "deck.template: the template's slides are 720 × 540 pt (it names no size: PowerPoint's default) but the " \
           "deck is planned on 960 × 540 pt" in _failure(outline, capsys)
    assert main(["inspect-template", str(tmp_path / "corp.pptx")]) == 0
    assert "slides 720 × 540 pt (it names no size: PowerPoint's default)" in capsys.readouterr().out
    outline = outline_in(tmp_path, {"template": "corp.pptx", "width": 720, "height": 540}, make=False)
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--format", "pptx"]) == 0
    deck = Presentation(tmp_path / "out" / "outline.pptx")
    assert (deck.slide_width, deck.slide_height) == (9144000, 6858000)  # written, not left to the reader


def test_inspect_template_lists_placeholder_boxes_and_suggests_keys_that_build(tmp_path, capsys):
    from pptx import Presentation

    make_designed_template(tmp_path / "corp.pptx")
    assert main(["inspect-template", str(tmp_path / "corp.pptx")]) == 0
    out = capsys.readouterr().out
    assert re.search(r"\n +0 +title +Title 1 +60\.0 +30\.0 +420\.0 +80\.0\n", out)
    suggested = yaml.safe_load(out[out.index("\ndeck:\n"):])
    assert suggested["deck"] == {"template": "corp.pptx", "template_layouts": {
        "closing": {"layout": "公司封面", "placeholders": {"thanks": 0, "meta": 1}},
        "cover": {"layout": "公司封面", "placeholders": {"title": 0, "subtitle": 1}},
        "default": {"layout": "Title Only", "placeholders": {"title": 0}}}}
    (tmp_path / "theme.yaml").write_text(yaml.safe_dump({"extends": "default", **suggested}, allow_unicode=True),
                                         encoding="utf-8")
    outline = outline_in(tmp_path, {}, make=False)
    outline.write_text(outline.read_text(encoding="utf-8").replace("theme:\n  extends: default\n  deck: {}\n",
                                                                   "theme: theme.yaml\n"), encoding="utf-8")
    assert main(["build", str(outline), "-o", str(tmp_path / "out"), "--format", "pptx"]) == 0
    deck = Presentation(tmp_path / "out" / "outline.pptx")
    assert deck.slides[0].shapes.title.text_frame.text == "模板测试"
    assert deck.slides[-1].shapes.title.text_frame.text == "谢谢！"
