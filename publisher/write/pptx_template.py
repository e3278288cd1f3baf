"""Corporate templates: the deck built on a .pptx/.potx's slide masters, layouts, theme and slide size.

`check_template` runs with the other input checks, before anything is written: deck.template is resolved like any
input path (relative to the file that names it, inside the outline's folder unless --allow-outside), opened, its
slide size compared with the theme's (a file naming none has PowerPoint's default, 720 × 540 pt), and every name
and placeholder of deck.template_layouts looked up (publisher.write.pptx_placeholders); each problem is located in
the theme or outline YAML. A template of another slide size is an error, not scaled: the plan is fitted with real
font metrics at the theme's size and the layouts' regions are in points, so scaling would shrink type below the
theme's minimum sizes, and another aspect ratio cannot be scaled at all without breaking the fit.

`DeckBase` is what the writer draws into: python-pptx's default presentation, or the template emptied of its slides
(the sldId, its relationship and so its part, plus the custom shows and sections naming slides, so that PowerPoint
never has to repair the file). Each slide is added on the template layout mapped to its planned layout, so the
master's and layout's background, logo and footer art show; the placeholders holding a region of the slide are
filled by the writer, the others dropped. `placeholder_boxes` gives the planner the boxes of those placeholders.
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from publisher.errors import Diagnostic, PublisherError, did_you_mean, fail
from publisher.plan.layouts import PlaceholderBoxes
from publisher.plan.model import DeckPlan
from publisher.theme.styles import TemplateLayout, Theme
from publisher.write.pptx_placeholders import entry_problems, layout_name, matching, placeholder_box

TEMPLATE = ("deck", "template")
MAPPING = ("deck", "template_layouts")
DEFAULT = "default"  # the template_layouts key for every layout not mapped by name
BLANK = "Blank"  # the template layout of unmapped layouts when `default` is not mapped
BLANK_LAYOUT = 6  # python-pptx's own template: Blank
SIZE_TOLERANCE = 0.5  # points
DEFAULT_SIZE = (720.0, 540.0)  # PowerPoint's slide size when presentation.xml names none (no p:sldSz)
CONTENT_TYPES = "[Content_Types].xml"
TEMPLATE_MAIN = "presentationml.template.main+xml"
PRESENTATION_MAIN = "presentationml.presentation.main+xml"
THEME_TYPE = "application/vnd.openxmlformats-officedocument.theme+xml"
NS = {"p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main"}
A = f"{{{NS['a']}}}"
SLIDE_LISTS = etree.XPath("p:custShowLst | p:extLst/p:ext[*[local-name()='sectionLst']]", namespaces=NS)
SHOWN_SLIDES = etree.XPath("p:showPr/p:sldRg | p:showPr/p:custShow", namespaces=NS)
PLACEHOLDER_TYPE = etree.XPath("ancestor::p:sp[1]/p:nvSpPr/p:nvPr/p:ph/@type", namespaces=NS)
TITLE_PLACEHOLDERS = ("title", "ctrTitle")
STALE_PROPERTIES = ("subject", "category", "comments", "content_status", "identifier", "version")
AFTER_EA = {f"{A}{name}" for name in ("cs", "sym", "hlinkClick", "hlinkMouseOver", "rtl", "extLst")}


def template_path(theme: Theme) -> Path:
    """Return the theme's template file: deck.template relative to the file that names it."""
    span = theme.span(TEMPLATE)
    folder = Path(span.file).parent if span else Path.cwd()
    return (folder / theme.deck.template).resolve()


def check_template(theme: Theme, base_dir: Path, allow_outside: bool) -> None:
    """Raise PublisherError, located in the YAML, when the theme's template cannot serve the deck."""
    deck = theme.deck
    if not deck.template:
        if deck.template_layouts:
            raise PublisherError([theme.diagnostic(MAPPING, "needs deck.template: the .pptx or .potx to build the "
                                                   "deck on")])
        return
    path = _inside(theme, base_dir, allow_outside)
    try:
        presentation = open_template(path)
    except PublisherError as exc:
        raise PublisherError([theme.diagnostic(TEMPLATE, f"'{deck.template}': {exc.diagnostics[0].message}")]) \
            from None
    found, ours = template_layouts(presentation), our_layouts(theme, base_dir)
    if not found:
        raise PublisherError([theme.diagnostic(TEMPLATE, f"'{deck.template}' has no slide layouts; the deck is built "
                                               "on a template's layouts: add one (PowerPoint: View ▸ Slide Master) "
                                               "or choose another template")])
    problems = _size_problems(theme, presentation) + _layout_problems(theme, list(found), list(ours))
    problems += _placeholder_problems(theme, found, ours)
    if problems:
        raise PublisherError(problems)


def _inside(theme: Theme, base_dir: Path, allow_outside: bool) -> Path:
    """Return the template file; raise PublisherError when it is outside the outline's folder or missing."""
    path, ref = template_path(theme), theme.deck.template
    if (Path(ref).is_absolute() or not path.is_relative_to(base_dir.resolve())) and not allow_outside:
        raise PublisherError([theme.diagnostic(TEMPLATE, f"'{ref}' is outside the outline's folder; pass "
                                               "--allow-outside to permit it")])
    if path.exists() and not path.is_file():
        raise PublisherError([theme.diagnostic(TEMPLATE, f"'{ref}' is a folder, a pipe or a device; expected a .pptx "
                                               "or .potx file")])
    if not path.is_file():
        raise PublisherError([theme.diagnostic(TEMPLATE, f"no file '{ref}' (looked in {path.parent})")])
    return path


def open_template(path: Path):
    """Return a .pptx or .potx file as a python-pptx Presentation; raise PublisherError when it is not one."""
    from pptx import Presentation

    if path.exists() and not path.is_file():
        raise fail(path, "cannot read file: this is a folder, a pipe or a device; expected a .pptx or .potx file")
    try:
        return Presentation(io.BytesIO(_presentation_bytes(path)))
    except OSError as exc:
        raise fail(path, f"cannot read file: {exc.strerror}") from None
    except zipfile.BadZipFile:
        raise fail(path, "not a PowerPoint file: not a zip archive (damaged, or an old .ppt? save it as .pptx)") \
            from None
    except (KeyError, ValueError, etree.XMLSyntaxError) as exc:
        raise fail(path, f"not a PowerPoint file: {exc.args[0] if exc.args else type(exc).__name__}") from None


def _presentation_bytes(path: Path) -> bytes:
    """Return a template's package, a .potx's main part retyped as a presentation's (python-pptx opens only those)."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = archive.read(CONTENT_TYPES).decode("utf-8")
        if "macroEnabled.main" in types:
            raise ValueError("it holds macros (.pptm or .potm); save it as .pptx or .potx")
        if TEMPLATE_MAIN not in types:
            if PRESENTATION_MAIN not in types:
                raise ValueError("it has no presentation part (a Word or Excel file, or another zip?)")
            return data
        return _retyped(archive, types.replace(TEMPLATE_MAIN, PRESENTATION_MAIN).encode())


def _retyped(archive: zipfile.ZipFile, types: bytes) -> bytes:
    """Return the archive's bytes with new [Content_Types].xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in archive.infolist():
            target.writestr(info, types if info.filename == CONTENT_TYPES else archive.read(info))
    return out.getvalue()


def slide_size(presentation) -> tuple[float, float]:
    """Return a presentation's slide width and height in points (PowerPoint's default when it names none)."""
    if presentation.slide_width is None or presentation.slide_height is None:
        return DEFAULT_SIZE
    return presentation.slide_width.pt, presentation.slide_height.pt


def size_note(presentation) -> str:
    """Return a note when a presentation names no slide size, or ""."""
    return " (it names no size: PowerPoint's default)" if presentation.slide_width is None else ""


def template_layouts(presentation) -> dict:
    """Return the slide layouts of every slide master by name, in order (the first of a name wins)."""
    found: dict = {}
    for master in presentation.slide_masters:
        for layout in master.slide_layouts:
            found.setdefault(layout.name, layout)
    return found


def _size_problems(theme: Theme, presentation) -> list[Diagnostic]:
    """Return an error when the template's slide size is not the theme's deck size."""
    (width, height), deck = slide_size(presentation), theme.deck
    if abs(width - deck.width) <= SIZE_TOLERANCE and abs(height - deck.height) <= SIZE_TOLERANCE:
        return []
    return [theme.diagnostic(TEMPLATE, f"the template's slides are {width:.6g} × {height:.6g} pt"
                             f"{size_note(presentation)} but the deck is planned on {deck.width:g} × {deck.height:g} "
                             "pt (deck.width, deck.height; the built-in layouts are drawn for 960 × 540): resize the "
                             "template's slides (PowerPoint: Design ▸ Slide Size; 13.333 × 7.5 in is 960 × 540 pt), "
                             "or set deck.width and deck.height and give layouts of that size")]


def our_layouts(theme: Theme, base_dir: Path) -> dict:
    """Return our slide layouts by name: the theme's layout folders', then the built-in ones."""
    from publisher.plan.layouts import search_dirs
    from publisher.plan.region_kinds import load_layouts

    return load_layouts(search_dirs(theme.deck, base_dir), theme.deck)


def _layout_problems(theme: Theme, names: list[str], our_names: list[str]) -> list[Diagnostic]:
    """Return an error for every mapped name that is not one of our layouts or not one of the template's."""
    mapping = theme.deck.template_layouts
    ours = [*our_names, DEFAULT]
    listed = ", ".join(names)
    problems = [theme.diagnostic((*MAPPING, key), f"no slide layout '{key}' of ours; expected one of "
                                 f"{', '.join(ours)}{did_you_mean(key, ours)}", key=True)
                for key in mapping if key not in ours]
    problems += [theme.diagnostic(_name_path(key, entry), f"the template has no layout '{layout_name(entry)}'; its "
                                  f"layouts: {listed}{did_you_mean(layout_name(entry), names)}")
                 for key, entry in mapping.items() if layout_name(entry) not in names]
    if DEFAULT not in mapping and BLANK not in names and set(ours) - set(mapping) - {DEFAULT}:
        if mapping:
            problems.append(theme.diagnostic(MAPPING, f"the template has no layout '{BLANK}' for the layouts not "
                                             f"mapped here; map `{DEFAULT}:` to one of its layouts: {listed}"))
        else:  # nothing mapped: the problem is the user's template, not a key they did not write
            problems.append(theme.diagnostic(TEMPLATE, f"the template has no layout '{BLANK}' to build the slides "
                                             f"on; under deck.template_layouts, map `{DEFAULT}:` to one of its "
                                             f"layouts: {listed}"))
    return problems


def _name_path(key: str, entry: str | TemplateLayout) -> tuple:
    """Return the theme path of an entry's template layout name."""
    return (*MAPPING, key) if isinstance(entry, str) else (*MAPPING, key, "layout")


def _placeholder_problems(theme: Theme, found: dict, ours: dict) -> list[Diagnostic]:
    """Return the errors of the placeholders of every entry naming one of our layouts (or `default`, serving those
    not mapped) and a template layout."""
    mapping = theme.deck.template_layouts
    problems = []
    for key, entry in mapping.items():
        if isinstance(entry, str) or entry.layout not in found or key not in (*ours, DEFAULT):
            continue
        served = [ours[key]] if key in ours else [layout for name, layout in ours.items() if name not in mapping]
        regions = {name: region for layout in served for name, region in layout.regions.items()}
        serving = f"our layout '{key}'" if key in ours else f"the layouts `{DEFAULT}` serves"
        problems += entry_problems(theme, (*MAPPING, key), entry, found[entry.layout], regions, serving)
    return problems


@dataclass(frozen=True)
class Slot:
    """The template layout one of our layouts is added on, and the layout placeholders holding its regions."""

    layout: Any
    placeholders: dict[str, Any] = field(default_factory=dict)  # region name → placeholder
    designed: bool = False  # mapped with placeholders: the template layout is the slide's design


class DeckBase:
    """The presentation a deck is drawn into, and the slot of each of our layouts: the slide layout it is added on
    and the placeholders holding its regions."""

    def __init__(self, theme: Theme, base_dir: Path, language: str):
        """language: the lang of the template's own runs with CJK text (the deck's language for Han)."""
        from pptx import Presentation

        from publisher.write.pptx_parts import index_parts
        from publisher.write.pptx_shapes import emu

        deck = theme.deck
        self.template = bool(deck.template)
        self.presentation = open_template(template_path(theme)) if self.template else Presentation()
        if self.presentation.slide_width is None or not self.template:
            self.presentation.slide_width, self.presentation.slide_height = emu(deck.width), emu(deck.height)
        self.slots: dict[str, Slot] = {}
        if self.template:
            _drop_slides(self.presentation)
            _forget_properties(self.presentation)
            _name_east_asian(self.presentation, language)
            self.slots = _slots(theme, template_layouts(self.presentation), our_layouts(theme, base_dir))
        self.parts = index_parts(self.presentation)

    def placeholder_boxes(self) -> PlaceholderBoxes:
        """Return, for every layout of ours whose template layout is its design, the boxes of the placeholders
        holding its regions, in points."""
        return {ours: {region: placeholder_box(p) for region, p in slot.placeholders.items()}
                for ours, slot in self.slots.items() if slot.designed}

    def add_slide(self, layout: str, regions: set[str]) -> tuple[Any, dict[str, Any]]:
        """Return a new slide on the template layout serving our layout, and its placeholders holding the given
        regions by region name; the slide's other placeholders are dropped."""
        slot = self.slots[layout] if self.template else Slot(self.presentation.slide_layouts[BLANK_LAYOUT])
        slide = self.parts.add_slide(self.presentation, slot.layout)
        wanted = {p.placeholder_format.idx: region for region, p in slot.placeholders.items() if region in regions}
        held = {}
        for placeholder in list(slide.placeholders):
            region = wanted.get(placeholder.placeholder_format.idx)
            if region:
                held[region] = placeholder._element
            else:
                placeholder._element.getparent().remove(placeholder._element)
        return slide, held

    def add_bare_slide(self, layout: str) -> Any:
        """Return a new slide on the template layout serving our layout, without the layout's placeholders (a slide
        whose XML is then replaced whole)."""
        slot = self.slots[layout] if self.template else Slot(self.presentation.slide_layouts[BLANK_LAYOUT])
        return self.parts.add_slide(self.presentation, slot.layout, placeholders=False)

    def set_theme_fonts(self, plan: DeckPlan) -> None:
        """Name the deck's families in the theme parts: for every script in python-pptx's own, and only where a
        template's leaves the East Asian font empty (its Latin fonts are the corporate look)."""
        from publisher.write.pptx_package import set_theme_fonts

        if not self.template:
            set_theme_fonts(self.presentation, plan)
            return
        for part in self.presentation.part.package.iter_parts():
            if part.content_type == THEME_TYPE:
                part._blob = _filled_theme(part.blob, plan)


def _slots(theme: Theme, found: dict, ours: dict) -> dict[str, Slot]:
    """Return the slot of each of our layouts: its entry in deck.template_layouts, else `default`'s, else Blank."""
    mapping = {DEFAULT: BLANK, **theme.deck.template_layouts}
    return {name: _slot(mapping.get(name, mapping[DEFAULT]), found) for name in ours}


def _slot(entry: str | TemplateLayout, found: dict) -> Slot:
    """Return the slot of a template_layouts entry whose names were checked."""
    layout = found[layout_name(entry)]
    if isinstance(entry, str):
        return Slot(layout)
    return Slot(layout, {region: matching(layout, ref)[0] for region, ref in entry.placeholders.items()}, True)


def _drop_slides(presentation) -> None:
    """Remove the template's slides: custom shows and sections naming them, each sldId and its relationship (the
    slide part, its notes and media are then no longer reachable, so they are not written)."""
    root = presentation.part._element
    for element in SLIDE_LISTS(root):
        element.getparent().remove(element)
    slide_ids = presentation.slides._sldIdLst
    for slide_id in list(slide_ids):
        slide_ids.remove(slide_id)
        presentation.part.drop_rel(slide_id.rId)
    _show_all_slides(presentation)


def _show_all_slides(presentation) -> None:
    """Make the slide show settings run every slide, not a range or a custom show of the template's slides."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in list(presentation.part.rels.values()):
        if rel.reltype != RT.PRES_PROPS:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for choice in SHOWN_SLIDES(root):
            choice.addnext(etree.Element(f"{{{NS['p']}}}sldAll"))
            choice.getparent().remove(choice)
        rel.target_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _forget_properties(presentation) -> None:
    """Drop what the template says about itself: app.xml (its slide count and titles), its thumbnail (a picture of
    its first slide) and the core properties the deck does not set."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    package = presentation.part.package
    for rId, rel in list(package._rels.items()):
        if rel.reltype in (RT.EXTENDED_PROPERTIES, RT.THUMBNAIL):
            package.drop_rel(rId)
    for name in STALE_PROPERTIES:
        setattr(presentation.core_properties, name, "")


def _name_east_asian(presentation, language: str) -> None:
    """Give the template's runs with CJK text the language and the theme's East Asian font they inherit anyway,
    so the package check holds for the masters' and layouts' own text too."""
    from publisher.write.pptx_text import CJK

    for part in presentation.part.package.iter_parts():
        element = getattr(part, "_element", None)
        for run in element.iter(f"{A}r", f"{A}fld") if element is not None else ():
            if CJK.search(run.findtext(f"{A}t") or ""):
                _east_asian(run, language)


def _east_asian(run: etree._Element, language: str) -> None:
    """Add a lang and an a:ea naming the theme's major (titles) or minor East Asian font to a run's properties."""
    props = run.find(f"{A}rPr")
    if props is None:
        props = etree.Element(f"{A}rPr")
        run.insert(0, props)
    if not props.get("lang"):
        props.set("lang", language)
    if props.find(f"{A}ea") is not None:
        return
    kinds = PLACEHOLDER_TYPE(run)
    face = etree.Element(f"{A}ea")
    face.set("typeface", "+mj-ea" if kinds and kinds[0] in TITLE_PLACEHOLDERS else "+mn-ea")
    later = next((child for child in props if child.tag in AFTER_EA), None)
    if later is None:
        props.append(face)
    else:
        later.addprevious(face)


def _filled_theme(blob: bytes, plan: DeckPlan) -> bytes:
    """Return a theme part whose empty major and minor East Asian fonts name the deck's heading and body families."""
    root = etree.fromstring(blob)
    for tag, family in (("majorFont", plan.heading_family), ("minorFont", plan.body_family)):
        for font in root.iter(f"{A}{tag}"):
            face = font.find(f"{A}ea")
            if face is not None and not face.get("typeface"):
                face.set("typeface", family)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
