"""Every region kind, the built-in ones registered by importing their modules: their names, drawing a region
with its kind, and loading the slide layouts that name them (each region checked to name a known kind and style).
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError, Span, did_you_mean
from publisher.outline.source import Document, load
from publisher.plan import agenda, footer, kpis, media, points, tables, text  # noqa: F401  (they register kinds)
from publisher.plan.layouts import Layout, Region, layout_files, layout_path, read_layouts
from publisher.plan.model import Box, LiveField, Shape, TextFrame
from publisher.plan.regions import STYLE_NAMES, TEMPLATE_COLOURED, Context, Drawn, registered
from publisher.resources import data_dir
from publisher.theme.styles import DeckStyle


def kind_names() -> list[str]:
    """Return the names of every region kind."""
    return sorted(registered())


def load_layouts(dirs: tuple[Path, ...], deck: DeckStyle | None = None) -> dict[str, Layout]:
    """Return every selectable layout found in dirs (earlier folders win), validated and checked (a theme's own
    layouts on the slide of deck, when given); read again only when a layout file was added, removed or changed (a
    watching process edits them)."""
    layouts = read_layouts(dirs, layout_files(dirs))
    built_in = data_dir("layouts") / "slides"
    for layout in layouts.values():
        path = layout_path(layout.name, dirs)
        _check_regions(layout, path)
        if deck is not None and not path.is_relative_to(built_in):  # the built-in ones are drawn on 960 × 540 pt
            _check_geometry(layout, path, deck)
    return layouts


def _check_geometry(layout: Layout, path: Path, deck: DeckStyle) -> None:
    """Raise PublisherError at each region that does not lie on the slide: grid columns out of order or beyond the
    grid, a box past the slide's right or bottom edge."""
    columns, problems = deck.grid.columns, []
    for name, region in layout.regions.items():
        if region.cols is not None:
            first, last = region.cols
            if not 1 <= first <= last <= columns:
                problems.append((name, "cols", f"region '{name}': cols {list(region.cols)} is not on the grid; "
                                 f"expected [first, last] with 1 ≤ first ≤ last ≤ {columns} (deck.grid.columns)"))
        elif region.x + region.w > deck.width + 0.5:
            problems.append((name, "x", f"region '{name}': x {region.x:g} + w {region.w:g} passes the slide's right "
                             f"edge at {deck.width:g} pt"))
        if region.area is None and region.y + region.h > deck.height + 0.5:
            problems.append((name, "y", f"region '{name}': y {region.y:g} + h {region.h:g} passes the slide's bottom "
                             f"edge at {deck.height:g} pt"))
    if problems:
        doc = _layout_document(path)
        raise PublisherError([Diagnostic(doc.span(("regions", name, key)) if doc else Span(str(path), 1, 1), said)
                              for name, key, said in problems])


def _layout_document(path: Path) -> Document | None:
    """Return a layout file as read, for the places of its regions (None when it cannot be read again)."""
    try:
        return load(path)
    except PublisherError:
        return None


def _check_regions(layout: Layout, path: Path) -> None:
    """Raise PublisherError naming the file when a region names an unknown kind or text style."""
    kinds = kind_names()
    problems = [f"region '{name}': no region kind '{r.kind}'; expected one of {', '.join(kinds)}"
                f"{did_you_mean(r.kind, kinds)}" for name, r in layout.regions.items() if r.kind not in kinds]
    problems += [f"region '{name}': no text style '{r.style}'; expected one of {', '.join(STYLE_NAMES)}"
                 f"{did_you_mean(r.style, STYLE_NAMES)}" for name, r in layout.regions.items()
                 if r.style not in STYLE_NAMES]
    if problems:
        raise PublisherError([Diagnostic(Span(str(path), 1, 1), p) for p in problems])


def draw(name: str, region: Region, box: Box, content: Any, ctx: Context, designed: bool = False) -> Drawn:
    """Return what the region's kind draws for content in box, each shape marked with the region's name; designed:
    the slide is on a template layout that is its design, so the text of TEMPLATE_COLOURED kinds takes its colours."""
    drawn = registered()[region.kind](region, box, content, ctx)
    coloured = designed and region.kind in TEMPLATE_COLOURED
    drawn.shapes = [replace(_template_coloured(shape) if coloured else shape, region=name) for shape in drawn.shapes]
    return drawn


def _template_coloured(shape: Shape) -> Shape:
    """Return a shape whose text and bullets take the template's colours (colour "")."""
    if isinstance(shape, LiveField):
        return replace(shape, color="")
    if not isinstance(shape, TextFrame):
        return shape
    paragraphs = tuple(replace(p, bullet_color="", lines=tuple(tuple(replace(run, color="") for run in line)
                                                                for line in p.lines)) for p in shape.paragraphs)
    return replace(shape, paragraphs=paragraphs)
