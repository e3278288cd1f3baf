"""Slides drawn once and replayed: a resident build keeps each drawn slide's XML parts, keyed by its planned content.

A slide's record holds its part's XML and, in the order of its relationships, what each relates to: its chart
parts (their XML and embedded workbook), its pictures' bytes and its notes slide's XML. None of these name another
part (they name relationships, rId1…, which are the slide's own), so a record replays into any deck: the slide is
added on its layout as a drawn one is, then each related part is made and related in the recorded order, which
gives it the name and the rId a clean build gives it (parts are named in the order they are made). The key holds
everything the drawing reads: the slide's plan and number, the deck's languages and families, the theme, the
template's and every picture's bytes, the fonts and the build's date.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml import parse_xml
from pptx.parts.chart import ChartPart
from pptx.parts.embeddedpackage import EmbeddedXlsxPart
from pptx.parts.slide import NotesSlidePart

from publisher.plan.model import ChartShape, DeckPlan, Picture, SlidePlan
from publisher.runtime import reuse

STORE = "pptx-slides"
NOTES_NAME = "/ppt/notesSlides/notesSlide%d.xml"
VERSION = 1  # of the record's layout and of the drawing: a change of either makes every stored record unused


@dataclass(frozen=True)
class Related:
    """One relationship of a slide, in rId order: a chart (XML and workbook), a picture (bytes) or the notes (XML)."""

    rid: str
    kind: str  # chart, image, notes
    xml: bytes = b""
    data: bytes = b""


@dataclass(frozen=True)
class SlideRecord:
    """A drawn slide: its part's XML and its relationships after the layout's, in rId order."""

    xml: bytes
    related: tuple[Related, ...]

    def size(self) -> int:
        """Return about how many bytes the record holds."""
        return len(self.xml) + sum(len(r.xml) + len(r.data) for r in self.related)


def deck_key(plan: DeckPlan, theme: Any, fonts: Any) -> bytes:
    """Return the key of what every slide of a deck is drawn with: the deck's languages, families and size, the
    theme, the template's bytes, the fonts' files and the build's date."""
    from publisher.write.pptx_package import build_time
    from publisher.write.pptx_template import template_path

    template = reuse.digest(template_path(theme).read_bytes()) if theme.deck.template else b""
    faces = sorted((str(path), path.stat().st_size, path.stat().st_mtime_ns)
                   for pair in fonts.files.values() for path in pair)
    return reuse.key(VERSION, plan.languages, plan.body_family, plan.width, plan.height, theme, template, faces,
                     fonts.family("chart"), build_time())


def slide_key(deck: bytes, slide_plan: SlidePlan, number: int, images: dict[int, Path]) -> bytes:
    """Return the key of a slide: the deck's key parts, its plan, its number and the bytes of each of its pictures."""
    pictures = []
    for shape in slide_plan.shapes:
        if isinstance(shape, Picture):
            pictures.append(reuse.digest(Path(shape.path).read_bytes()))
        elif isinstance(shape, ChartShape) and not shape.native:
            pictures.append(reuse.digest(images[id(shape)].read_bytes()))
    return reuse.key(deck, slide_plan, number, pictures)


def record(slide: Any) -> SlideRecord | None:
    """Return the record of a drawn slide, or None when it relates to a part a record does not replay."""
    part = slide.part
    related = []
    for rid, rel in sorted(part.rels.items(), key=lambda item: _number(item[0])):
        if rel.is_external:
            return None
        target = rel.target_part
        if rel.reltype == RT.SLIDE_LAYOUT and rid == "rId1":
            continue
        if rel.reltype == RT.CHART:
            workbook = [r for r in target.rels.values() if r.reltype == RT.PACKAGE and not r.is_external]
            if len(target.rels) != 1 or len(workbook) != 1:
                return None
            related.append(Related(rid, "chart", target.blob, workbook[0].target_part.blob))
        elif rel.reltype == RT.IMAGE:
            related.append(Related(rid, "image", data=target.blob))
        elif rel.reltype == RT.NOTES_SLIDE:
            related.append(Related(rid, "notes", target.blob))
        else:
            return None
    return SlideRecord(part.blob, tuple(related))


def replay(slide: Any, found: SlideRecord) -> None:
    """Make a slide just added on its layout the recorded one: its XML, then each related part made and related in
    the recorded order (which gives each the name and rId a drawing gives it)."""
    part, package = slide.part, slide.part.package
    for rel in found.related:
        if rel.kind == "chart":
            chart = ChartPart.load(package.next_partname(ChartPart.partname_template), CT.DML_CHART, package, rel.xml)
            chart.relate_to(EmbeddedXlsxPart.new(rel.data, package), RT.PACKAGE)
            rid = part.relate_to(chart, RT.CHART)
        elif rel.kind == "image":
            rid = part.relate_to(package.get_or_add_image_part(io.BytesIO(rel.data)), RT.IMAGE)
        else:
            master = package.presentation_part.notes_master_part
            notes = NotesSlidePart(package.next_partname(NOTES_NAME), CT.PML_NOTES_SLIDE, package,
                                   parse_xml(rel.xml))
            notes.relate_to(master, RT.NOTES_MASTER)
            notes.relate_to(part, RT.SLIDE)
            rid = part.relate_to(notes, RT.NOTES_SLIDE)
        if rid != rel.rid:
            raise RuntimeError(f"a replayed slide related its {rel.kind} as {rid}, drawn as {rel.rid}")
    part._element = parse_xml(found.xml)


def _number(rid: str) -> int:
    digits = rid[3:]
    return int(digits) if rid.startswith("rId") and digits.isdigit() else 1 << 30


def store() -> reuse.Store:
    """Return the store of slide records."""
    return reuse.store(STORE)
