"""Slide layouts read from YAML: named regions on the slide grid, each drawn by a registered region kind.

A layout file (layouts/slides/<name>.yaml) may `extends:` another one (files starting with "_" are bases
only); its regions are merged over the base's by name, and `null` removes a base region. The keys are
documented in layouts/slides/_content.yaml. A region flagged `decor` is ornament of our own design (a full-slide
colour, a stripe, a rule): it is left out on a slide whose corporate template layout is its design, so the
template's art shows (publisher.write.pptx_placeholders).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from publisher.errors import Diagnostic, PublisherError, Span
from publisher.outline.source import Document, load, merge, merge_spans
from publisher.outline.validation import validate
from publisher.plan.model import Box
from publisher.resources import data_dir
from publisher.theme.styles import DeckStyle

Role = Literal["content", "cover", "agenda", "section", "key_message", "closing"]
MAX_EXTENDS = 4
# Region kinds that take blocks of a section, and the block unit each takes.
CONTENT_KINDS = {"text": "text", "points": "text", "kpis": "kpis", "chart": "chart", "table": "table",
                 "image": "image", "quote": "quote"}
PLACEHOLDER_KINDS = ("title", "label", "lead", "text")  # kinds drawing one text frame, which a placeholder can hold
# our layout name → region name → the box of the template placeholder holding the region, for every layout whose
# template layout is its design (deck.template_layouts as {layout, placeholders}): its decor regions are not drawn
PlaceholderBoxes = dict[str, dict[str, Box]]


class Region(BaseModel):
    """One area of a slide: where it is, what draws it, and how its text looks."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: str
    x: float | None = Field(None, ge=0)
    w: float | None = Field(None, gt=0)
    cols: tuple[int, int] | None = None  # first and last grid column, 1-based
    y: float | None = Field(None, ge=0)
    h: float | None = Field(None, gt=0)
    area: Literal["body"] | None = None  # take y and h from the body area (below the title and lead)
    style: str = "body"  # a deck text style of the theme: title, lead, body, caption, footer
    size: float | None = Field(None, gt=0)
    min_size: float | None = Field(None, gt=0)
    max_size: float | None = Field(None, gt=0)  # text and table regions: largest size tried when there is room
    bold: bool | None = None
    color: str | None = None
    font: Literal["heading", "body"] | None = None
    align: Literal["left", "center", "right"] = "left"
    anchor: Literal["top", "middle", "bottom"] = "top"
    max_lines: int = Field(2, ge=1, le=40)
    text: str = ""  # for label regions: a template with {title}, {subtitle}, {number} …
    fill: str = ""  # for band regions: a colour role or RRGGBB
    logo: bool = True  # for footer regions: draw the theme's deck.footer.logo
    decor: bool = False  # ornament of our own design: not drawn when a template layout is the slide's design
    band: bool = False  # content regions: take the height the content needs at the top; later regions start below

    @model_validator(mode="after")
    def _placed(self) -> Region:
        if self.cols is None and (self.x is None or self.w is None):
            raise ValueError("a region needs `cols: [first, last]` or both `x:` and `w:`")
        if self.area is None and (self.y is None or self.h is None):
            raise ValueError("a region needs `area: body` or both `y:` and `h:`")
        return self


class Layout(BaseModel):
    """A validated slide layout."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = ""
    role: Role = "content"
    title: str = ""  # a fixed slide title, a label template ("{agenda}"); content slides take their section's
    priority: int = 0  # wins among layouts taking the same number of blocks
    ordered: bool = False  # takes its blocks only in its regions' order (a lead paragraph above its table)
    body_top: float | None = Field(None, ge=0)  # overrides the theme's deck.grid.body_top
    regions: dict[str, Region]

    @property
    def takes(self) -> list[str]:
        """Return the block units the layout's content regions take, in region order."""
        return [CONTENT_KINDS[r.kind] for r in self.regions.values() if r.kind in CONTENT_KINDS]


def search_dirs(deck: DeckStyle, base_dir: Path) -> tuple[Path, ...]:
    """Return the layout folders of a theme, its own first, then the built-in one."""
    extra = tuple((base_dir / d).resolve() for d in deck.layouts_dirs)
    return (*extra, data_dir("layouts") / "slides")


def layout_files(dirs: tuple[Path, ...]) -> tuple[tuple[Path, int], ...]:
    """Return every layout file of dirs with its modification time."""
    return tuple((p, p.stat().st_mtime_ns) for d in dirs if d.is_dir() for p in sorted(d.glob("*.yaml")))


def read_layouts(dirs: tuple[Path, ...], files: tuple[tuple[Path, int], ...]) -> dict[str, Layout]:
    """Return every selectable layout of dirs, validated; files: layout_files(dirs), whose times renew the cache
    (a watching process edits them). publisher.plan.region_kinds.load_layouts also checks their region kinds."""
    return _read_layouts(dirs, files)


@lru_cache(maxsize=8)
def _read_layouts(dirs: tuple[Path, ...], files: tuple[tuple[Path, int], ...]) -> dict[str, Layout]:
    names = sorted({p.stem for p, _ in files if not p.stem.startswith("_")})
    return {name: _validated(name, dirs) for name in names}


def layout_path(name: str, dirs: tuple[Path, ...]) -> Path:
    """Return the file of the layout name: the first folder of dirs that has it."""
    for folder in dirs:
        path = folder / f"{name}.yaml"
        if path.is_file():
            return path
    raise PublisherError([Diagnostic(Span(str(dirs[0])), f"no slide layout '{name}' to extend")])


def _validated(name: str, dirs: tuple[Path, ...]) -> Layout:
    doc = _resolved(name, dirs, ())
    doc.data = {"name": name, **doc.data}
    return validate(Layout, doc)


def _resolved(name: str, dirs: tuple[Path, ...], seen: tuple[str, ...]) -> Document:
    """Return the layout named name merged onto the ones it extends; seen names the layouts extending it."""
    doc = load(layout_path(name, dirs))
    if not isinstance(doc.data, dict):
        raise PublisherError([Diagnostic(doc.span(()), "a slide layout is a YAML mapping")])
    parent = doc.data.pop("extends", None)
    if not parent:
        return doc
    seen = (*seen, name)
    if str(parent) in seen:
        cycle = " → ".join(f"{n}.yaml" for n in (*seen[seen.index(str(parent)):], str(parent)))
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"slide layouts extend each other in a cycle: "
                                         f"{cycle}")])
    if len(seen) > MAX_EXTENDS:
        raise PublisherError([Diagnostic(doc.span(("extends",)), f"more than {MAX_EXTENDS} levels of extends")])
    base = _resolved(str(parent), dirs, seen)
    merged = Document(doc.file, _without_nulls(merge(base.data, doc.data)))
    merged.spans = merge_spans(base.spans, doc.spans)
    merged.key_spans = merge_spans(base.key_spans, doc.key_spans)
    return merged


def _without_nulls(data: dict) -> dict:
    regions = data.get("regions") or {}
    return {**data, "regions": {k: v for k, v in regions.items() if v is not None}}


def region_box(region: Region, deck: DeckStyle, body: tuple[float, float]) -> Box:
    """Return where a region sits on a slide whose body area spans body = (top, bottom)."""
    x, w = _horizontal(region, deck)
    if region.area == "body":
        return Box(x, body[0], w, body[1] - body[0])
    return Box(x, region.y, w, region.h)


def _horizontal(region: Region, deck: DeckStyle) -> tuple[float, float]:
    if region.cols is None:
        return region.x, region.w
    grid = deck.grid
    first, last = region.cols
    column = (deck.width - 2 * deck.margin - (grid.columns - 1) * grid.gutter) / grid.columns
    x = deck.margin + (first - 1) * (column + grid.gutter)
    return x, (last - first + 1) * column + (last - first) * grid.gutter
