"""The PPTX package: fixed dates for identical bytes, theme fonts, and the CJK check over every XML part."""
from __future__ import annotations

import io
import os
import zipfile
from datetime import datetime, timezone

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from publisher.plan.model import DeckPlan
from publisher.write import zip_records
from publisher.write.pptx_text import check_runs, theme_fonts

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
STORED_SUFFIXES = (".jpg", ".jpeg")  # already compressed; PNGs still shrink by a quarter


def build_time() -> datetime:
    """Return the build's timestamp: SOURCE_DATE_EPOCH when set, else a constant (2000-01-01 UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else 946684800
    return datetime.fromtimestamp(seconds, tz=timezone.utc).replace(tzinfo=None)


CORE_PROPERTY_CHARS = 255  # python-pptx refuses longer core properties


def _property(text: str) -> str:
    return text if len(text) <= CORE_PROPERTY_CHARS else text[: CORE_PROPERTY_CHARS - 1] + "…"


def set_core_properties(presentation, plan: DeckPlan) -> None:
    """Set title, author, language, keywords and fixed dates in docProps/core.xml."""
    props = presentation.core_properties
    when = build_time()
    props.title = _property(plan.title)
    props.author = _property(plan.author)
    props.last_modified_by = _property(plan.author)
    props.language = plan.language
    props.keywords = _property(plan.keyword_separator.join(plan.keywords))
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


def set_theme_fonts(presentation, plan: DeckPlan) -> None:
    """Name the deck's families in every theme part (slide master and notes master) for a:latin, a:ea, a:cs."""
    masters = [presentation.slide_master.part]
    if _has_notes_master(presentation):
        masters.append(presentation.notes_master.part)
    for master in masters:
        theme = master.part_related_by(RT.THEME)
        element = getattr(theme, "_element", None)
        if element is not None:
            theme_fonts(element, plan.heading_family, plan.body_family)
            continue
        root = etree.fromstring(theme.blob)
        theme_fonts(root, plan.heading_family, plan.body_family)
        theme._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _has_notes_master(presentation) -> bool:
    return any(rel.reltype == RT.NOTES_MASTER for rel in presentation.part.rels.values())


class _FixedZip:
    """A python-pptx physical package writer whose entries all carry the same date; JPEGs are stored as is. In a
    resident build each member's record (its header and compressed bytes) is kept by content and written again
    as is (publisher.write.zip_records)."""

    def __init__(self, target: io.BytesIO):
        self.target = target
        self.zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED)

    def __enter__(self) -> _FixedZip:
        return self

    def __exit__(self, *exc: object) -> None:
        self.zip.close()

    def write(self, pack_uri, blob: bytes) -> None:
        """Add one part under its member name."""
        name = pack_uri.membername
        method = zipfile.ZIP_STORED if name.endswith(STORED_SUFFIXES) else zipfile.ZIP_DEFLATED
        key = zip_records.member_key(name, blob, method, build_time()) if zip_records.usable() else None
        found = key and zip_records.store().get(key)
        if found:
            zip_records.write_record(self.zip, found)
            return
        if name.endswith(".xlsx"):
            blob = _fixed_workbook_dates(blob)
        self.zip.writestr(zipfile.ZipInfo(name, ZIP_EPOCH), blob, method)
        if key:
            kept = zip_records.last_record(self.zip, self.target)
            zip_records.store().put(key, kept, len(kept.data))


def package_bytes(presentation) -> bytes:
    """Return the presentation's package as bytes that depend on its content only (entry dates fixed).

    Uses python-pptx's PackageWriter steps with our zip writer instead of Presentation.save's own.
    """
    from pptx.opc.serialized import PackageWriter

    package = presentation.part.package
    buffer = io.BytesIO()
    writer = PackageWriter(buffer, package._rels, tuple(package.iter_parts()))
    with _FixedZip(buffer) as target:
        writer._write_content_types_stream(target)
        writer._write_pkg_rels(target)
        writer._write_parts(target)
    return buffer.getvalue()


def _fixed_workbook_dates(workbook: bytes) -> bytes:
    """Return an embedded chart workbook whose entry dates and docProps/core.xml dates are fixed."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    stamp = build_time().strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _replace_dates(data, stamp)
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_EPOCH), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _replace_dates(core: bytes, stamp: bytes) -> bytes:
    root = etree.fromstring(core)
    for element in root:
        if element.tag.endswith(("}created", "}modified")):
            element.text = stamp.decode()
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def check_package(presentation) -> None:
    """Raise MissingEastAsianFont when a run with CJK text in any XML part of the package lacks a:ea or lang.

    Walks the very element trees that package_bytes serializes (slides, notes, charts, masters …).
    """
    for part in presentation.part.package.iter_parts():
        element = getattr(part, "_element", None)
        if element is not None:
            check_runs(str(part.partname), element)
