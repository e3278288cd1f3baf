"""Compose a section's content slides: which of its blocks share a slide, chosen by measuring them in each layout.

Each slide tries every content layout that takes the next blocks (in any order, or in the layout's order when it
says `ordered`), drawn with the real metrics. It takes the layout that holds the most blocks whole — every region
fitted at or above the theme's minimum sizes, no region refusing its content (a chart too crowded for a half
slide, bullets too long for cards) — then the higher priority, then the fuller slide. When no layout holds even the
first block whole, that block goes on the best layout made for it alone and continues on the next slide, where
what is left of it may share a slide with the blocks after it. Each slide costs a bounded number of trials, so a
deck is planned in time linear in its blocks.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from publisher.plan.layouts import CONTENT_KINDS, Layout
from publisher.plan.model import Rect, Run, Shape, TextFrame
from publisher.plan.units import Unit


@dataclass
class Draft:
    """A slide drawn but not yet added to the deck."""

    layout: Layout
    fields: dict[str, str]
    assigned: dict[str, Unit]  # region name → the unit it drew
    shapes: list[Shape]
    notes: str
    source: tuple  # outline path of the section the slide comes from
    rests: dict[str, tuple] = field(default_factory=dict)  # region name → what it could not hold
    refused: bool = False  # a region could not show its content well: another layout should
    notices: list[tuple[str, tuple]] = field(default_factory=list)  # (message, outline path)

    @property
    def whole(self) -> bool:
        """Return whether every region held its content whole and showed it well."""
        return not self.rests and not self.refused

    def rests_and(self, later: list[Unit]) -> list[Unit]:
        """Return the units still to place after this slide: what its regions could not hold, then the later ones."""
        return [*(unit.rest(self.rests[name]) for name, unit in self.assigned.items() if name in self.rests), *later]


Trial = Callable[[Layout, list[Unit]], Draft]


def candidates(layouts: dict[str, Layout], units: list[Unit]) -> list[tuple[Layout, int]]:
    """Return (layout, number of units it takes) for every content layout taking the next units."""
    return [(layout, len(layout.takes)) for layout in layouts.values()
            if layout.role == "content" and matches(layout, units)]


def matches(layout: Layout, units: list[Unit]) -> bool:
    """Return whether a layout's content regions take the first units: the same kinds, in its region order when it is
    `ordered`, else in any order."""
    takes = layout.takes
    if not takes or len(units) < len(takes):
        return False
    kinds = [unit.kind for unit in units[:len(takes)]]
    return kinds == takes if layout.ordered else Counter(kinds) == Counter(takes)


def assign(layout: Layout, units: list[Unit]) -> dict[str, Unit]:
    """Return the units by region name: each content region takes the first unit of its kind left."""
    left = dict(enumerate(units))
    out = {}
    for name, region in layout.regions.items():
        index = next((i for i, u in left.items() if CONTENT_KINDS.get(region.kind) == u.kind), None)
        if index is not None:
            out[name] = left.pop(index)
    return out


def choose(options: list[tuple[Layout, int]], units: list[Unit], trial: Trial) -> Draft:
    """Return the best slide for the next units: the layout holding the most of them whole, then the highest
    priority, then the fullest; else the first unit alone on its best layout, to be continued."""
    ordered = sorted(options, key=lambda o: (-o[1], -o[0].priority, o[0].name))
    whole: list[Draft] = []
    alone: list[Draft] = []
    for layout, count in ordered:
        if whole and count < len(whole[0].assigned):
            break
        draft = trial(layout, units[:count])
        if draft.whole:
            whole.append(draft)
        elif count == 1:
            alone.append(draft)
    if whole:
        return max(whole, key=lambda d: (d.layout.priority, ink(d.shapes)))
    kept = [d for d in alone if not d.refused] or alone
    return max(kept, key=lambda d: (d.layout.priority, -len(d.rests)))


def ink(shapes: list[Shape]) -> float:
    """Return the area a slide's content covers, in square points: text frames by the extent of their lines, filled
    shapes, pictures, charts and tables by their boxes (overlaps counted once per shape)."""
    total = 0.0
    for shape in shapes:
        if isinstance(shape, TextFrame):
            total += text_extent(shape)
        elif not isinstance(shape, Rect) or shape.name != "Band":
            total += shape.box.w * shape.box.h
    return total


def text_extent(frame: TextFrame) -> float:
    """Return the area a text frame's lines take: the widest line's width by the paragraphs' height."""
    paragraphs = frame.paragraphs
    height = sum(p.height for p in paragraphs) - (paragraphs[0].space_before if paragraphs else 0.0)
    widths = [sum(_run_width(run) for run in line) + p.indent for p in paragraphs for line in p.lines]
    return min(frame.box.w, max(widths, default=0.0)) * min(frame.box.h, height)


def _run_width(run: Run) -> float:
    """Return a run's width, roughly (an em per character outside ASCII, half an em inside): enough to tell a fuller
    slide from an emptier one."""
    return sum(run.size if ord(char) > 0x7F else run.size / 2 for char in run.text)
