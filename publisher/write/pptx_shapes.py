"""Planned shapes into slide XML: one small function per shape type, registered by type.

Text boxes, rectangles and live fields (slide number, date) are written as p:sp elements directly (python-pptx's
add_textbox and add_shape look up every shape id and theme style, which made them most of the writing time);
pictures, tables and charts go through python-pptx, which also manages their parts and relationships. A text frame
of a region that a template placeholder holds fills that placeholder instead (`fill_placeholder`).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls
from pptx.util import Emu

from publisher.plan.model import Box, DateField, Languages, LiveField, Picture, Rect, Run, SlideNumber, TextFrame
from publisher.theme.styles import Theme
from publisher.write.pptx_text import EMU_PER_PT, fill_text_body, qn, run_properties

SLIDE_NUMBER_FIELD = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"
DATE_FIELD = "{2C3A5E1F-7B4D-4E8A-9C61-3F0B8D2E4A75}"
SHAPE_XML = (f"<p:sp {nsdecls('p', 'a')}><p:nvSpPr><p:cNvPr id=\"0\" name=\"\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>"
             "<p:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"0\" cy=\"0\"/></a:xfrm>"
             "<a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></p:spPr></p:sp>")
TEXT_BODY_XML = f"<p:txBody {nsdecls('p', 'a')}><a:bodyPr/><a:lstStyle/></p:txBody>"


@dataclass
class Canvas:
    """Where shapes go: the slide, its number, the runs' languages, the theme and the rendered chart images."""

    slide: object
    number: int
    languages: Languages
    theme: Theme
    chart_family: str
    images: dict[int, Path]
    last_id: int = 1  # the highest shape id on the slide: its group shape's 1, or a kept placeholder's

    def __post_init__(self) -> None:
        self.last_id = max(int(props.get("id")) for props in self.slide.shapes._spTree.iter(qn("p:cNvPr")))

    def new_id(self) -> int:
        """Return an unused shape id on the slide."""
        self.last_id += 1
        return self.last_id

    def added(self, shape) -> None:
        """Note the id of a shape python-pptx added (it numbers after the highest id on the slide)."""
        self.last_id = max(self.last_id, shape.shape_id)


Drawer = Callable[[object, Canvas], None]
_DRAWERS: dict[type, Drawer] = {}


def drawer(kind: type) -> Callable[[Drawer], Drawer]:
    """Return a decorator registering the function that draws one planned shape type."""

    def register(fn: Drawer) -> Drawer:
        _DRAWERS[kind] = fn
        return fn

    return register


def draw_shape(shape: object, canvas: Canvas) -> None:
    """Draw one planned shape on the canvas (publisher.write.pptx imports the modules whose drawers register)."""
    _DRAWERS[type(shape)](shape, canvas)


def emu(points: float) -> Emu:
    """Return a length in points as EMU, rounded to a whole EMU."""
    return Emu(round(points * EMU_PER_PT))


def place(box: Box) -> tuple[Emu, Emu, Emu, Emu]:
    """Return (left, top, width, height) of a box in EMU."""
    return emu(box.x), emu(box.y), emu(box.w), emu(box.h)


def new_shape(canvas: Canvas, name: str, box: Box) -> etree._Element:
    """Return a rectangular p:sp added to the slide at box, named, without fill, outline or text."""
    sp = parse_xml(SHAPE_XML)
    props = sp.find(qn("p:nvSpPr")).find(qn("p:cNvPr"))
    props.set("id", str(canvas.new_id()))
    props.set("name", name)
    _set_transform(sp.find(qn("p:spPr")).find(qn("a:xfrm")), box)
    canvas.slide.shapes._spTree.insert_element_before(sp, "p:extLst")
    return sp


def _set_transform(transform: etree._Element, box: Box) -> None:
    """Set an a:xfrm's offset and extent to a box."""
    left, top, width, height = place(box)
    transform.find(qn("a:off")).attrib.update({"x": str(left), "y": str(top)})
    transform.find(qn("a:ext")).attrib.update({"cx": str(width), "cy": str(height)})


def _text_body(sp: etree._Element) -> etree._Element:
    sp.find(qn("p:nvSpPr")).find(qn("p:cNvSpPr")).set("txBox", "1")
    etree.SubElement(sp.find(qn("p:spPr")), qn("a:noFill"))
    body = parse_xml(TEXT_BODY_XML)
    sp.append(body)
    return body


@drawer(TextFrame)
def text_frame(frame: TextFrame, canvas: Canvas) -> None:
    """Draw a text box with zero insets holding the planned paragraphs."""
    body = _text_body(new_shape(canvas, frame.name, frame.box))
    fill_text_body(body, frame.paragraphs, canvas.languages, frame.anchor, frame.wrap)


def fill_placeholder(sp: etree._Element, frame: TextFrame, languages: Languages) -> None:
    """Fill a slide's template placeholder with a planned frame, exactly like a text box: an explicit xfrm at the
    frame's box, zero insets, no autofit, horizontal text, the planned paragraphs. It moves to the top of the drawing
    order, where the frame is drawn."""
    props = sp.find(qn("p:spPr"))
    for old in props.findall(qn("a:xfrm")):
        props.remove(old)
    transform = parse_xml(f'<a:xfrm {nsdecls("a")}><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></a:xfrm>')
    _set_transform(transform, frame.box)
    props.insert(0, transform)
    body = sp.find(qn("p:txBody"))
    if body is None:
        body = parse_xml(TEXT_BODY_XML)
        sp.append(body)
    fill_text_body(body, frame.paragraphs, languages, frame.anchor, frame.wrap)
    body.find(qn("a:bodyPr")).set("vert", "horz")
    tree = sp.getparent()
    tree.remove(sp)
    tree.insert_element_before(sp, "p:extLst")


@drawer(Rect)
def rectangle(rect: Rect, canvas: Canvas) -> None:
    """Draw a filled rectangle without outline, shadow or theme style."""
    props = new_shape(canvas, rect.name, rect.box).find(qn("p:spPr"))
    etree.SubElement(etree.SubElement(props, qn("a:solidFill")), qn("a:srgbClr")).set("val", rect.fill)
    etree.SubElement(etree.SubElement(props, qn("a:ln")), qn("a:noFill"))


@drawer(Picture)
def picture(pic: Picture, canvas: Canvas) -> None:
    """Draw an image at its planned box, with its description as alt text."""
    add_picture(canvas, pic.path, pic.box, pic.name, pic.description)


def add_picture(canvas: Canvas, path: Path, box: Box, name: str, description: str) -> None:
    """Add a picture file scaled to box, named and described (cNvPr descr)."""
    shape = canvas.slide.shapes.add_picture(str(path), *place(box))
    shape.name = name
    shape._element.nvPicPr.cNvPr.set("descr", description)
    canvas.added(shape)


@drawer(SlideNumber)
def slide_number(number: SlideNumber, canvas: Canvas) -> None:
    """Draw a text box holding a live slide-number field."""
    run = Run(str(canvas.number), number.size, number.family, number.color)
    _field_box(number, canvas, _field("slidenum", SLIDE_NUMBER_FIELD, run, "Latin", canvas.languages))


@drawer(DateField)
def date_field(date: DateField, canvas: Canvas) -> None:
    """Draw a text box holding a live date field in the report's language (PowerPoint's datetime1: 2025/1/15 in
    zh-CN, 1/15/2025 in en-US), the build date in the plan's pattern as its text until a renderer refreshes it:
    SOURCE_DATE_EPOCH, else fixed."""
    from publisher.write.pptx_package import build_time

    when = build_time()
    run = Run(date.pattern.format(year=when.year, month=when.month, day=when.day), date.size, date.family,
              date.color)
    _field_box(date, canvas, _field("datetime1", DATE_FIELD, run, "", canvas.languages))


def _field_box(shape: LiveField, canvas: Canvas, field: etree._Element) -> None:
    """Draw a text box at the shape's box holding one paragraph with a field."""
    body = _text_body(new_shape(canvas, shape.name, shape.box))
    fill_text_body(body, (), canvas.languages, "ctr")
    p = etree.SubElement(body, qn("a:p"))
    etree.SubElement(p, qn("a:pPr")).set("algn", shape.align)
    p.append(field)


def _field(kind: str, guid: str, run: Run, script: str, languages: Languages) -> etree._Element:
    """Return an a:fld of a kind (slidenum, datetime1 …) showing run's text until a renderer fills it in, in the
    language of a script; "" for the report's language (which sets a date's format)."""
    field = etree.Element(qn("a:fld"))
    field.set("id", guid)
    field.set("type", kind)
    field.append(run_properties("a:rPr", run, script, languages))
    etree.SubElement(field, qn("a:t")).text = run.text
    return field
