"""`publisher inspect-template FILE`: a template's slide size, masters, layouts and their placeholders, in points,
then theme keys to start from: the cover and closing on the template's title slide layout, every other layout on its
layout with a title and the fewest other text placeholders, each text region paired with a text placeholder."""
from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

COLUMNS = ("idx", "type", "name", "x", "y", "w", "h")
SUGGESTED_HOLDERS = ("title", "center_title", "subtitle", "body", "object")  # placeholders suggested for our text


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `inspect-template` command."""
    parser = subparsers.add_parser(
        "inspect-template", help="list a .pptx/.potx template's layouts and placeholders",
        description="List a PowerPoint template's slide size, masters, layouts and their placeholders (in points), "
                    "then the theme keys to start from to build decks on it.")
    parser.add_argument("template", type=Path, help="the .pptx or .potx file")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after printing the template's listing; a file that is not a PowerPoint file raises PublisherError."""
    from publisher.write.pptx_template import open_template

    print("\n".join(listing(open_template(args.template), args.template)))
    return 0


def listing(presentation, path: Path) -> list[str]:
    """Return the lines describing a template: size, then each master's drawn shapes and its layouts' placeholders."""
    from publisher.write.pptx_template import size_note, slide_size

    width, height = slide_size(presentation)
    masters = presentation.slide_masters
    lines = [f"{path}: slides {width:.6g} × {height:.6g} pt{size_note(presentation)}, {len(masters)} master(s), "
             f"{len(presentation.slides)} slide(s) (dropped when a deck is built on it)"]
    for number, master in enumerate(masters, 1):
        named = f" '{master.name}'" if master.name else ""
        lines += ["", f"master {number}{named}{_drawn(master)}"]
        for layout in master.slide_layouts:
            lines += ["", f"  layout '{layout.name}'{_drawn(layout)}", *_table(layout)]
    return [*lines, "", f"Theme keys to start from (our layouts: {', '.join(_our_layouts())}; a layout maps to a "
            "template layout NAME, its backdrop, or to {layout: NAME, placeholders: {REGION: idx}}, its design; the "
            "built-in layouts are drawn for 960 × 540 pt slides):", *suggestion(presentation, path)]


def suggestion(presentation, path: Path) -> list[str]:
    """Return ready-to-paste theme keys mapping our layouts to the template's layouts and placeholders."""
    import json

    from publisher.write.pptx_template import template_layouts

    found = list(template_layouts(presentation).values())
    cover = next((layout for layout in found if _typed(layout, "center_title")), None)
    titled = [layout for layout in found if _typed(layout, "title")]
    content = min(titled, key=lambda layout: len(_holders(layout)), default=None)
    ours = _our_layouts()
    playing = {min((-lay.priority, name) for name, lay in ours.items() if lay.role == role)[1]
               for role in ("cover", "closing")}  # the layouts playing the roles unless a theme picks others
    entries = [_entry(name, cover, _text_regions(layout)) for name, layout in ours.items()
               if cover and name in playing]
    if content:
        entries.append(_entry("default", content, ["title"], _typed(content, "title")))
    return ["deck:", f"  template: {json.dumps(path.name, ensure_ascii=False)}", "  template_layouts:",
            *(f"    {entry}" for entry in entries)] if entries else ["  (no layout with a title placeholder)"]


def _our_layouts() -> dict:
    """Return the built-in slide layouts by name."""
    from publisher.plan.region_kinds import load_layouts
    from publisher.resources import data_dir

    return load_layouts((data_dir("layouts") / "slides",))


def _typed(layout, kind: str) -> list:
    """Return a template layout's placeholders of a type (title, center_title …)."""
    from publisher.write.pptx_placeholders import placeholder_type

    return [p for p in layout.placeholders if placeholder_type(p) == kind]


def _holders(layout) -> list:
    """Return a template layout's placeholders suggested for our text, with a position."""
    from publisher.write.pptx_placeholders import placeholder_box, placeholder_type

    return [p for p in layout.placeholders if placeholder_type(p) in SUGGESTED_HOLDERS and placeholder_box(p)]


def _text_regions(layout) -> list[str]:
    """Return the names of our layout's regions that a placeholder can hold, in drawing order."""
    from publisher.plan.layouts import PLACEHOLDER_KINDS

    return [name for name, region in layout.regions.items() if region.kind in PLACEHOLDER_KINDS]


def _entry(key: str, layout, regions: list[str], holders: list | None = None) -> str:
    """Return one template_layouts entry as a YAML line: regions paired in order with the layout's holders."""
    import json

    pairs = ", ".join(f"{region}: {p.placeholder_format.idx}"
                      for region, p in zip(regions, holders or _holders(layout), strict=False))
    return f"{key}: {{layout: {json.dumps(layout.name, ensure_ascii=False)}, placeholders: {{{pairs}}}}}"


def _drawn(slide) -> str:
    """Return ": draws N shape(s): NAME, …" for the shapes of a master or layout that are not placeholders."""
    drawn = [shape.name for shape in slide.shapes if not shape.is_placeholder]
    named = ", ".join(name for name in drawn if name)
    return f": draws {len(drawn)} shape(s)" + (f": {named}" if named else "") if drawn else ""


def _table(layout) -> list[str]:
    """Return a layout's placeholders as aligned rows (positions and sizes in points), or a line saying it has none."""
    from publisher.write.pptx_placeholders import placeholder_type

    rows = [(str(p.placeholder_format.idx), placeholder_type(p), p.name,
             *(f"{length.pt:.1f}" if length is not None else "-" for length in (p.left, p.top, p.width, p.height)))
            for p in layout.placeholders]
    if not rows:
        return ["    (no placeholders)"]
    widths = [max(_width(cell) for cell in column) for column in zip(COLUMNS, *rows, strict=True)]
    return ["    " + "  ".join(_pad(cell, width, i) for i, (cell, width) in enumerate(zip(row, widths, strict=True)))
            for row in (COLUMNS, *rows)]


def _width(text: str) -> int:
    """Return the columns a text takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(text: str, width: int, column: int) -> str:
    """Return text padded to width: names and types to the left, numbers to the right."""
    space = " " * (width - _width(text))
    return text + space if column in (1, 2) else space + text
