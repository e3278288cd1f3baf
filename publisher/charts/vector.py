"""A chart SVG as a reportlab Drawing: vector shapes and searchable text in the chart font, for the PDF.

svglib looks fonts up by the SVG's family names and, when one is unknown, silently falls back to a fontconfig
font without hanzi. Here every family and weight of the SVG maps to the given font files, so no text can fall
back: a chart SVG from `render` uses the chart font only.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import TYPE_CHECKING

from publisher.fonts import reportlab_name

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

BOLD_WEIGHTS = {"bold", "bolder", "600", "700", "800", "900"}
ROLES = ("chart-regular", "chart-bold")  # the font names a kept Drawing holds, replaced by the build's own


def drawing(svg_path: Path, font_path: Path, bold_font_path: Path | None = None,
            width_pt: float | None = None) -> Drawing:
    """Return the SVG as a Drawing whose texts use the font file (bold ones the bold file), scaled to width_pt if given.

    The fonts are registered with reportlab (see `fonts.reportlab_name`); the Drawing starts in the chart font,
    so reportlab never references an unembedded Helvetica. Converted Drawings are kept beside their SVG with their
    fonts named by role (both are content-addressed, and the SVG's key covers the source font files), so a rebuild,
    even one whose prepared fonts grew by a character, neither imports svglib nor converts again.
    """
    regular = reportlab_name(font_path)
    heavy = reportlab_name(bold_font_path) if bold_font_path else regular
    kept = svg_path.with_name(f"{svg_path.stem}-{_digest(width_pt, bold_font_path is not None)}.drawing")
    if kept.is_file():
        result = pickle.loads(kept.read_bytes())
        _rename_fonts(result, {ROLES[0]: regular, ROLES[1]: heavy})
        return result
    result = _converted(svg_path, regular, heavy, width_pt)
    _rename_fonts(result, {regular: ROLES[0], heavy: ROLES[1]})
    temp = kept.with_suffix(f".{os.getpid()}.tmp")
    temp.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(temp, kept)
    _rename_fonts(result, {ROLES[0]: regular, ROLES[1]: heavy})
    return result


def _rename_fonts(node, names: dict[str, str]) -> None:
    """Rename the fonts of every String of a Drawing (and the Drawing's initial font) as `names` says."""
    from reportlab.graphics.shapes import String

    if isinstance(node, String):
        node.fontName = names.get(node.fontName, node.fontName)
    if hasattr(node, "initialFontName"):
        node.initialFontName = names.get(node.initialFontName, node.initialFontName)
    for child in getattr(node, "contents", ()):
        _rename_fonts(child, names)


def _converted(svg_path: Path, regular: str, heavy: str, width_pt: float | None) -> Drawing:
    from svglib.svglib import svg2rlg

    result = svg2rlg(str(svg_path), font_map=_chart_font_map(regular, heavy))
    if result is None:
        raise ValueError(f"{svg_path}: not a readable SVG")
    if width_pt:
        _scale(result, width_pt / result.width)
    result.initialFontName = regular
    return result


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]


def _chart_font_map(regular: str, bold: str):
    """Return an svglib font map sending every family to regular, or to bold for bold weights."""
    from svglib.fonts import FontMap

    class ChartFontMap(FontMap):
        def find_font(self, font_name: str, weight: str = "normal", style: str = "normal") -> tuple[str, bool]:
            return (bold if str(weight).lower() in BOLD_WEIGHTS else regular), True

    return ChartFontMap()


def _scale(result: Drawing, factor: float) -> None:
    result.scale(factor, factor)
    result.width *= factor
    result.height *= factor
