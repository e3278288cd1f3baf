"""Plan a briefing deck: which slides, which layout for each, what goes where, fitted with the real metrics.

Pure: reads the outline, the theme, the fonts' metrics and the layout YAML files; imports no writer library.
The flow: cover, agenda (three or more top-level sections), then per section a divider (when it has
subsections), a key-message slide (a lead without blocks) or its content slides, then its subsections, and a
closing slide. Content blocks become units (a run of paragraphs and bullets is one text unit) and each slide
takes the layout whose content regions match the most units (section.layout forces one). What does not fit
goes on continuation slides titled "标题（续）" (the locale's words, like the agenda's title and the closing
slide's). When the deck is built on a corporate template, the writer passes in the boxes of the template
placeholders that hold regions (PlaceholderBoxes): those regions are fitted into them, and the layouts they serve
leave out their decor regions.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError, Span, did_you_mean, dotted
from publisher.fontbook import FontBook
from publisher.model import (
    BulletsBlock,
    ChartBlock,
    ImageBlock,
    KpisBlock,
    Outline,
    ParagraphBlock,
    Quote,
    QuoteBlock,
    Section,
    TableBlock,
)
from publisher.plan.fit import split_notices
from publisher.plan.layouts import (
    CONTENT_KINDS,
    Layout,
    PlaceholderBoxes,
    Region,
    load_layouts,
    region_box,
    search_dirs,
)
from publisher.plan.model import Box, DeckPlan, Notice, SlidePlan, run_languages
from publisher.plan.regions import Context, draw, fill
from publisher.plan.tables import TablePart
from publisher.plan.text import Item, bullet_items
from publisher.source import Document
from publisher.theme import Theme

AGENDA_MIN_SECTIONS = 3


@dataclass(frozen=True)
class Unit:
    """Content for one region: a text run, KPIs, a chart, a table part, an image or a quote."""

    kind: str
    content: Any
    path: tuple
    cap: float | None = None  # largest size allowed, kept from the slide this unit continues
    continued: bool = False


def plan_deck(outline: Outline, theme: Theme, fonts: FontBook, base_dir: Path, doc: Document | None = None,
              placeholders: PlaceholderBoxes | None = None) -> DeckPlan:
    """Return the deck plan of an outline: every slide, its layout, shapes, fitted text and notes; placeholders:
    the template placeholders' boxes of the regions they hold, by layout."""
    return _Planner(outline, theme, fonts, base_dir, doc, placeholders or {}).run()


def deck_units(section: Section, path: tuple) -> list[Unit]:
    """Return a section's blocks shown on slides (all but `only: report`), as units; a run of paragraphs and bullets
    is one text unit."""
    units: list[Unit] = []
    for i, block in enumerate(section.blocks):
        if block.only == "report":
            continue
        unit = _unit(block, (*path, "blocks", i))
        if unit.kind == "text" and units and units[-1].kind == "text":
            units[-1] = Unit("text", units[-1].content + unit.content, units[-1].path)
        else:
            units.append(unit)
    return units


def _unit(block: Any, path: tuple) -> Unit:
    if isinstance(block, ParagraphBlock):
        return Unit("text", [Item(block.paragraph, bullet=False)], path)
    if isinstance(block, BulletsBlock):
        return Unit("text", bullet_items(block.bullets), path)
    if isinstance(block, KpisBlock):
        return Unit("kpis", list(block.kpis), path)
    if isinstance(block, ChartBlock):
        return Unit("chart", block.chart, path)
    if isinstance(block, TableBlock):
        return Unit("table", TablePart(block.table), path)
    if isinstance(block, ImageBlock):
        return Unit("image", block.image, path)
    return Unit("quote", _quote(block), path)


def _quote(block: QuoteBlock) -> Quote:
    return block.quote if isinstance(block.quote, Quote) else Quote(text=block.quote)


class _Planner:
    def __init__(self, outline: Outline, theme: Theme, fonts: FontBook, base_dir: Path, doc: Document | None,
                 placeholders: PlaceholderBoxes):
        from publisher.plan.fit import Typesetter

        self.outline, self.theme, self.fonts, self.base_dir, self.doc = outline, theme, fonts, base_dir, doc
        self.placeholders = placeholders
        self.layouts = load_layouts(search_dirs(theme.deck, base_dir))
        self.ts = Typesetter(theme, fonts)
        info, words = outline.report, theme.locale
        self.continued = words.continued
        self.report = {"report_title": info.title, "subtitle": info.subtitle, "author": info.author,
                       "organisation": info.organisation, "date": info.date, "agenda": words.agenda,
                       "contents": words.contents, "closing": words.closing, "separator": words.separator}
        self.plan = DeckPlan(theme.deck.width, theme.deck.height, info.title, info.author or info.organisation,
                             info.language, run_languages(info.language, words), fonts.family("heading"),
                             fonts.family("body"), tuple(info.keywords))

    def run(self) -> DeckPlan:
        """Return the plan: cover, agenda, every section's slides, closing."""
        self._slide(self._role("cover"), {"title": self.outline.report.title}, {}, ("report",))
        if len(self.outline.sections) >= AGENDA_MIN_SECTIONS:
            self._agenda()
        for i, section in enumerate(self.outline.sections):
            self._section(section, ("sections", i), 1, f"{i + 1:02d}")
        self._slide(self._role("closing"), {"title": self.outline.report.title}, {}, ("report",))
        return self.plan

    def _role(self, role: str) -> Layout:
        found = sorted((-lay.priority, name) for name, lay in self.layouts.items() if lay.role == role)
        if not found:
            raise PublisherError([Diagnostic(self._span(()), f"no slide layout has role '{role}'")])
        return self.layouts[found[0][1]]

    def _agenda(self) -> None:
        layout = self._role("agenda")
        entries = [(f"{i + 1:02d}", s.short_title or s.title) for i, s in enumerate(self.outline.sections)]
        title = fill(layout.title, self.report)
        while entries:
            region = next(name for name, r in layout.regions.items() if r.kind == "agenda")
            rests = self._slide(layout, {"title": title}, {region: Unit("agenda", entries, ())}, ("sections",))
            entries = rests[region][0] if region in rests else []
            title = fill(layout.title, self.report) + self.continued

    def _section(self, section: Section, path: tuple, depth: int, number: str) -> None:
        fields = {"title": section.title, "short_title": section.short_title, "number": number,
                  "lead": section.lead}
        units = deck_units(section, path)
        forced = self._forced(section, path)
        notes = section.notes or section.lead
        opening = self._opening(section, forced, depth, units)
        if opening is not None:
            self._slide(opening, fields, {}, path, notes)
            fields, notes = {**fields, "lead": ""}, ""
        self._content(units, fields, path, notes, forced if forced and forced.role == "content" else None)
        for j, child in enumerate(section.sections):
            self._section(child, (*path, "sections", j), depth + 1, number)

    def _opening(self, section: Section, forced: Layout | None, depth: int, units: list[Unit]) -> Layout | None:
        """Return the slide opening a section: a divider (top level with subsections), a key message (a lead
        without blocks), the section's own non-content layout, or None."""
        if forced is not None and forced.role != "content":
            return forced
        if depth == 1 and section.sections:
            return self._role("section")
        if not units and (section.lead or not section.sections):
            return self._role("key_message")
        return None

    def _content(self, units: list[Unit], fields: dict, path: tuple, notes: str, forced: Layout | None) -> None:
        while units:
            layout, count = self._choose(units, forced, path)
            taken, units = units[:count], units[count:]
            continued = [u for u in taken if u.continued]
            title = fields["title"] + (self.continued if continued else "")
            for unit in continued:
                self._notices([f"{unit.kind} continued onto this slide"], unit.path)
            assigned = _assign(layout, taken)
            rests = self._slide(layout, {**fields, "title": title}, assigned, path, notes)
            units = [*(_continued(u, rests[n]) for n, u in assigned.items() if n in rests), *units]
            fields, notes, forced = {**fields, "lead": ""}, "", None

    def _choose(self, units: list[Unit], forced: Layout | None, path: tuple) -> tuple[Layout, int]:
        if forced and _matches(forced, units):
            return forced, len(forced.takes)
        if forced:
            self._notices([f"layout '{forced.name}' takes {', '.join(forced.takes)}; the section starts with "
                           f"{units[0].kind}"], (*path, "layout"))
        found = [(len(lay.takes), lay.priority, name) for name, lay in self.layouts.items()
                 if lay.role == "content" and _matches(lay, units)]
        if not found:
            raise PublisherError([Diagnostic(self._span(units[0].path), f"no slide layout takes {units[0].kind}")])
        size, _, name = min(found, key=lambda f: (-f[0], -f[1], f[2]))  # most blocks, then priority, then name
        return self.layouts[name], size

    def _forced(self, section: Section, path: tuple) -> Layout | None:
        if not section.layout:
            return None
        if section.layout not in self.layouts:
            names = sorted(self.layouts)
            message = f"no slide layout '{section.layout}'; expected one of {', '.join(names)}"
            raise PublisherError([Diagnostic(self._span((*path, "layout")), message + did_you_mean(
                section.layout, names), dotted((*path, "layout")))])
        return self.layouts[section.layout]

    def _slide(self, layout: Layout, fields: dict, contents: dict[str, Unit], path: tuple,
               notes: str = "") -> dict[str, tuple]:
        """Add one slide; return what each content region could not hold, by region name."""
        ctx = Context(self.theme, self.fonts, self.ts, {**self.report, **fields}, self.base_dir)
        shapes, rests = self._regions(layout, ctx, contents, path)
        if ctx.fields.get("title_shortened"):
            notes = "\n".join(t for t in (fields.get("title", ""), notes) if t)
        self.plan.slides.append(SlidePlan(layout.name, fields.get("title", ""), tuple(shapes), notes, path))
        return rests

    def _regions(self, layout: Layout, ctx: Context, contents: dict[str, Unit], path: tuple) -> tuple[list, dict]:
        """Return the shapes of every region drawn in order, and the rests; a lead band pushes the body down.
        On a template layout that is the slide's design, decor is left out, placeholders give their boxes and a
        region drawn over a placeholder holding another is a notice."""
        grid = self.theme.deck.grid
        body = [layout.body_top if layout.body_top is not None else grid.body_top, grid.body_bottom]
        design = self.placeholders.get(layout.name)
        shapes, rests = [], {}
        for name, region in layout.regions.items():
            unit = contents.get(name)
            if _left_out(region, unit, design is not None):
                continue
            ctx.cap = unit.cap if unit else None
            held = (design or {}).get(name)
            box = held or region_box(region, self.theme.deck, tuple(body))
            drawn = draw(name, region, box, unit and unit.content, ctx, design is not None)
            if drawn.used:
                body[0] = _body_top(body, held, drawn.used, grid.gutter)
            shapes += drawn.shapes
            self._notices(drawn.notices + split_notices(drawn.shapes, self.ts.rules), unit.path if unit else path)
            if drawn.rest is not None:
                rests[name] = drawn.rest
        if design:
            self._notices(_over_placeholders(shapes, design), path)
        return shapes, rests

    def _notices(self, messages: list[str], path: tuple) -> None:
        """Add notices about the slide being planned (the next one appended)."""
        slide = len(self.plan.slides) + 1
        self.plan.notices += [Notice(path, m, slide) for m in messages]

    def _span(self, path: tuple) -> Span:
        return self.doc.span(path) if self.doc else Span("outline")


def _left_out(region: Region, unit: Unit | None, designed: bool) -> bool:
    """Return True for a content region without content, and for decor when a template layout is the design."""
    empty = unit is None and (region.kind in CONTENT_KINDS or region.kind == "agenda")
    return empty or (designed and region.decor)


def _body_top(body: list[float], held: Box | None, used: float, gutter: float) -> float:
    """Return where the body starts below a band (a lead) that used some height: right under it, or under the
    placeholder holding it when that reaches into the body."""
    if held is None:
        return body[0] + used + gutter / 2
    return held.bottom + gutter / 2 if body[0] < held.bottom and held.y < body[1] else body[0]


def _over_placeholders(shapes: list, held: dict[str, Box]) -> list[str]:
    """Return a notice for each region drawn over a template placeholder that holds another region on the slide."""
    used = {shape.region for shape in shapes} & set(held)
    return list(dict.fromkeys(
        f"region '{shape.region}' is drawn over the template placeholder holding '{region}': map it to a "
        "placeholder too, or give it another place in a layout of your own"
        for shape in shapes if shape.region not in held for region in used if _overlap(shape.box, held[region])))


def _overlap(a: Box, b: Box) -> bool:
    """Return whether two boxes share more than a hairline."""
    return min(a.right, b.right) - max(a.x, b.x) > 1 and min(a.bottom, b.bottom) - max(a.y, b.y) > 1


def _matches(layout: Layout, units: list[Unit]) -> bool:
    takes = layout.takes
    return bool(takes) and len(units) >= len(takes) and Counter(u.kind for u in units[:len(takes)]) == Counter(takes)


def _assign(layout: Layout, units: list[Unit]) -> dict[str, Unit]:
    """Return the units by region name: each content region takes the first unit of its kind left."""
    left = dict(enumerate(units))
    out = {}
    for name, region in layout.regions.items():
        index = next((i for i, u in left.items() if CONTENT_KINDS.get(region.kind) == u.kind), None)
        if index is not None:
            out[name] = left.pop(index)
    return out


def _continued(unit: Unit, rest: tuple) -> Unit:
    content, cap = rest
    return Unit(unit.kind, content, unit.path, cap, continued=True)
