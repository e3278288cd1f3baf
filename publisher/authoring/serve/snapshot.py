"""What a good build shows on the page: its slides and its report's pages, each with its text, a slide's speaker
notes, and the warnings naming it, all read from the outputs as written (their bytes are kept, so the pictures
drawn later are of the same build even when another one has replaced the files since). A slide's text and notes
are the PPTX's; without a PPTX, the deck PDF's."""
from __future__ import annotations

import io
import posixpath
import threading
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from xml.etree import ElementTree

from publisher.authoring.preview import SLIDES_PDF, note_line, shown_on
from publisher.authoring.serve.builds import Outcome

PDFIUM = threading.Lock()  # PDFium is not thread-safe: the builder reads page texts while the painter draws

NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
NOTES_SLIDE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/notesSlide"


@dataclass(frozen=True)
class Sheet:
    """One slide or page: its 1-based number, its text line by line, a slide's notes, and the warnings naming it
    (as the contact sheets list them, without the place)."""

    number: int
    text: str
    notes: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        """Return its first line of text that is more than a number (a section's "02", a page number)."""
        lines = [line.strip() for line in self.text.splitlines() if line.strip()]
        return next((line for line in lines if any(c.isalpha() for c in line)), lines[0] if lines else "")


@dataclass(frozen=True)
class Snapshot:
    """A good build as shown: its outcome, the bytes of the deck (the PPTX), of the deck PDF when it is one of the
    outputs, and of the report (None when not built), their slides and pages, and the warnings naming neither."""

    outcome: Outcome
    deck: bytes | None
    slides_pdf: bytes | None
    report: bytes | None
    slides: tuple[Sheet, ...]
    pages: tuple[Sheet, ...]
    general: tuple[str, ...]

    @property
    def number(self) -> int:
        """Return the build's number."""
        return self.outcome.number


def take(outcome: Outcome, outline: Path) -> Snapshot:
    """Return the snapshot of a good build of outline: its outputs read now, right after it wrote them."""
    deck = _read(outcome, lambda p: p.suffix == ".pptx")
    report = _read(outcome, lambda p: p.name == f"{outline.stem}.pdf")
    slides_pdf = _read(outcome, lambda p: p.name == f"{outline.stem}{SLIDES_PDF}")
    if deck:
        slides = deck_sheets(deck)
    else:  # the deck PDF alone
        slides = [Sheet(number, text) for number, text in enumerate(page_texts(slides_pdf), 1)] if slides_pdf else []
    pages = [Sheet(number, text) for number, text in enumerate(page_texts(report), 1)] if report else []
    general = []
    for warning in outcome.all_warnings():
        slide, page = shown_on(warning, "pptx"), shown_on(warning, "pdf")
        sheets, number = (slides, slide) if slide else (pages, page)
        if number and number <= len(sheets):
            line = note_line(replace(warning, slide=None, page=None))
            sheets[number - 1] = replace(sheets[number - 1], warnings=(*sheets[number - 1].warnings, line))
        else:
            general.append(note_line(warning))
    return Snapshot(outcome, deck, slides_pdf, report, tuple(slides), tuple(pages), tuple(general))


def _read(outcome: Outcome, chosen) -> bytes | None:
    path = next((p for p in outcome.outputs if chosen(p)), None)
    return path.read_bytes() if path else None


def page_texts(pdf: bytes) -> list[str]:
    """Return the text of every page of a PDF."""
    import pypdfium2 as pdfium

    with PDFIUM:
        document = pdfium.PdfDocument(pdf)
        try:
            return [document[i].get_textpage().get_text_range().replace("\r\n", "\n") for i in range(len(document))]
        finally:
            document.close()


def deck_sheets(pptx: bytes) -> list[Sheet]:
    """Return every slide of a PPTX in show order, with its text (a line per line of the slide) and notes."""
    with zipfile.ZipFile(io.BytesIO(pptx)) as package:
        presentation = ElementTree.fromstring(package.read("ppt/presentation.xml"))
        targets = _relationships(package, "ppt/presentation.xml")
        sheets = []
        for number, entry in enumerate(presentation.iterfind("p:sldIdLst/p:sldId", NS), 1):
            part = targets[entry.get(f"{{{NS['r']}}}id")][1]
            notes = next((t for kind, t in _relationships(package, part).values() if kind == NOTES_SLIDE), None)
            sheets.append(Sheet(number, _text(ElementTree.fromstring(package.read(part))),
                                _notes(ElementTree.fromstring(package.read(notes))) if notes else ""))
    return sheets


def _relationships(package: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Return {id: (type, part name)} of a part's relationships."""
    folder, name = posixpath.split(part)
    try:
        root = ElementTree.fromstring(package.read(f"{folder}/_rels/{name}.rels"))
    except KeyError:
        return {}
    return {rel.get("Id"): (rel.get("Type"), posixpath.normpath(posixpath.join(folder, rel.get("Target"))))
            for rel in root.iterfind("rel:Relationship", NS) if rel.get("TargetMode") != "External"}


def _text(root: ElementTree.Element) -> str:
    """Return the text of every paragraph under root, a line per paragraph and per line break."""
    lines = []
    for paragraph in root.iter(f"{{{NS['a']}}}p"):
        line = ""
        for node in paragraph:
            if node.tag == f"{{{NS['a']}}}br":
                lines.append(line)
                line = ""
            elif node.tag in (f"{{{NS['a']}}}r", f"{{{NS['a']}}}fld"):
                line += "".join(t.text or "" for t in node.iterfind("a:t", NS))
        lines.append(line)
    return "\n".join(line for line in lines if line.strip())


def _notes(root: ElementTree.Element) -> str:
    """Return the text of a notes slide's body placeholder."""
    for shape in root.iterfind(".//p:sp", NS):
        placeholder = shape.find("p:nvSpPr/p:nvPr/p:ph", NS)
        if placeholder is not None and placeholder.get("type") == "body":
            return _text(shape)
    return ""

