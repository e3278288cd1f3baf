"""`publisher inspect-template FILE`: a template's slide size, masters, layouts and their placeholders, in points."""
from __future__ import annotations

import argparse
import unicodedata
from pathlib import Path

COLUMNS = ("idx", "type", "name", "x", "y", "w", "h")


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Add the `inspect-template` command."""
    parser = subparsers.add_parser("inspect-template", help="list a .pptx/.potx template's layouts and placeholders")
    parser.add_argument("template", type=Path)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    """Return 0 after printing the template's listing; a file that is not a PowerPoint file raises PublisherError."""
    from publisher.write.pptx_template import open_template

    print("\n".join(listing(open_template(args.template), args.template)))
    return 0


def listing(presentation, path: Path) -> list[str]:
    """Return the lines describing a template: size, then each master's drawn shapes and its layouts' placeholders."""
    from publisher.write.pptx_template import slide_size

    width, height = slide_size(presentation)
    masters = presentation.slide_masters
    lines = [f"{path}: slides {width:.6g} × {height:.6g} pt, {len(masters)} master(s), "
             f"{len(presentation.slides)} slide(s) (dropped when a deck is built on it)"]
    for number, master in enumerate(masters, 1):
        named = f" '{master.name}'" if master.name else ""
        lines += ["", f"master {number}{named}{_drawn(master)}"]
        for layout in master.slide_layouts:
            lines += ["", f"  layout '{layout.name}'{_drawn(layout)}", *_table(layout)]
    return [*lines, "", f"Map our layouts ({', '.join(_our_layouts())}) to these names in the theme: "
            "deck: {template: FILE, template_layouts: {cover: NAME, …, default: NAME}}; the built-in layouts are "
            "drawn for 960 × 540 pt slides"]


def _our_layouts() -> list[str]:
    """Return the names of the built-in slide layouts."""
    from publisher.plan.layouts import load_layouts
    from publisher.resources import data_dir

    return list(load_layouts((data_dir("layouts") / "slides",)))


def _drawn(slide) -> str:
    """Return ": draws N shape(s): NAME, …" for the shapes of a master or layout that are not placeholders."""
    drawn = [shape.name for shape in slide.shapes if not shape.is_placeholder]
    named = ", ".join(name for name in drawn if name)
    return f": draws {len(drawn)} shape(s)" + (f": {named}" if named else "") if drawn else ""


def _table(layout) -> list[str]:
    """Return a layout's placeholders as aligned rows (positions and sizes in points), or a line saying it has none."""
    rows = [(str(p.placeholder_format.idx), p.placeholder_format.type.name.lower(), p.name,
             *(f"{length.pt:.1f}" for length in (p.left, p.top, p.width, p.height))) for p in layout.placeholders]
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
