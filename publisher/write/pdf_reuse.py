"""The report's font subsets and compressed streams kept from one build to the next in a resident build.

reportlab makes each font subset (a TrueType file of up to 256 glyphs) and deflates each stream (a page's drawing,
a font file, a character map) anew in every build, though an edit changes one page and seldom the characters.
Both are pure functions of their input: while `remembered_streams` is active, reportlab's subsetter and its one
deflate filter are wrapped to look their result up in the stores (publisher.runtime.reuse) by the digest of what
they were given, so the bytes are those reportlab makes. reportlab's own names (TTFontFace.makeSubset,
pdfdoc.PDFZCompress.encode) are pinned by pyproject.toml's bounds.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import TTFontFace

from publisher.runtime import reuse

SUBSETS = "pdf-font-subsets"
STREAMS = "pdf-streams"


@contextmanager
def remembered_streams() -> Iterator[None]:
    """Within the block, take font subsets and deflated streams from the stores when they are on."""
    if not reuse.enabled():
        yield
        return
    make_subset, deflate = TTFontFace.makeSubset, pdfdoc.PDFZCompress.encode

    def subset(face: TTFontFace, codes: list[int]) -> bytes:
        stat = os.stat(face.filename)
        parts = (face.filename, stat.st_size, stat.st_mtime_ns, face.name, face.subfontNameX, tuple(codes))
        return reuse.remembered(SUBSETS, parts, lambda: make_subset(face, codes), len)

    def encode(text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text
        return reuse.remembered(STREAMS, (reuse.digest(data), len(data)), lambda: deflate(data), len)

    TTFontFace.makeSubset = subset
    pdfdoc.PDFZCompress.encode = encode
    try:
        yield
    finally:
        TTFontFace.makeSubset = make_subset
        vars(pdfdoc.PDFZCompress).pop("encode", None)
