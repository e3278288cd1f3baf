"""Plan a briefing deck: which slides, which layout for each, what goes where, fitted with the real metrics.

Pure: reads the outline, the theme, the fonts' metrics and the layout YAML files; imports no writer library.
The flow: cover, agenda (three or more top-level sections), then per section a divider (for every top-level section
when the theme's deck.dividers is `all`, for none when it is `none`), a key-message slide (a lead without blocks) or
its content slides, then its subsections, and a closing slide. A section's blocks become units (a run of paragraphs
and bullets is one text unit) that publisher.plan.compose puts on slides by measured capacity (section.layout forces
the first slide's layout). Every slide says what it adds: the first shows the section's lead under its title, a
later one a subtitle from its block's own title (a chart's title, a table's caption) or from its text's opening
paragraph; what a slide could not hold goes on a continuation titled "标题（续）" (the locale's words, like the
agenda's title and the closing slide's). When the deck is built on a
corporate template, the writer passes in the boxes of the template placeholders that hold regions
(PlaceholderBoxes): those regions are fitted into them, and the layouts they serve leave out their decor regions.
"""
from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

from publisher.errors import Diagnostic, PublisherError, Span, did_you_mean, dotted
from publisher.fonts.book import FontBook
from publisher.outline.model import Outline, Section
from publisher.outline.source import Document
from publisher.plan.compose import Draft, assign, candidates, choose, matches
from publisher.plan.fit import fit_lines, split_notices
from publisher.plan.layouts import (
    CONTENT_KINDS,
    Layout,
    PlaceholderBoxes,
    Region,
    region_box,
    search_dirs,
)
from publisher.plan.model import Box, DeckPlan, Notice, SlidePlan, run_languages
from publisher.plan.region_kinds import draw, load_layouts
from publisher.plan.regions import Context, fill
from publisher.plan.units import Unit, deck_units
from publisher.theme.styles import Theme

AGENDA_MIN_SECTIONS = 3


def plan_deck(outline: Outline, theme: Theme, fonts: FontBook, base_dir: Path, doc: Document | None = None,
              placeholders: PlaceholderBoxes | None = None) -> DeckPlan:
    """Return the deck plan of an outline: every slide, its layout, shapes, fitted text and notes; placeholders:
    the template placeholders' boxes of the regions they hold, by layout."""
    return _Planner(outline, theme, fonts, base_dir, doc, placeholders or {}).run()


class _Planner:
    def __init__(self, outline: Outline, theme: Theme, fonts: FontBook, base_dir: Path, doc: Document | None,
                 placeholders: PlaceholderBoxes):
        from publisher.plan.fit import Typesetter

        self.outline, self.theme, self.fonts, self.base_dir, self.doc = outline, theme, fonts, base_dir, doc
        self.placeholders = placeholders
        self.layouts = load_layouts(search_dirs(theme.deck, base_dir), theme.deck)
        self.ts = Typesetter(theme, fonts)
        info, words = outline.report, theme.locale
        self.continued = words.continued
        self.report = {"report_title": info.title, "subtitle": info.subtitle, "author": info.author,
                       "organisation": info.organisation, "date": info.date, "agenda": words.agenda,
                       "contents": words.contents, "closing": words.closing, "separator": words.separator}
        self.plan = DeckPlan(theme.deck.width, theme.deck.height, info.title, info.author or info.organisation,
                             info.language, run_languages(info.language, words), fonts.family("heading"),
                             fonts.family("body"), tuple(info.keywords), words.keywords)

    def run(self) -> DeckPlan:
        """Return the plan: cover, agenda, every section's slides, closing."""
        self._slide(self._role("cover"), {"title": self.outline.report.title}, {}, ("report",))
        if len(self.outline.sections) >= AGENDA_MIN_SECTIONS:
            self._agenda()
        for i, section in enumerate(self.outline.sections):
            chapter = {"number": f"{i + 1:02d}", "chapter": section.short_title or section.title}
            self._section(section, ("sections", i), 1, chapter)
        self._slide(self._role("closing"), {"title": self.outline.report.title}, {}, ("report",))
        return self.plan

    def _role(self, role: str) -> Layout:
        """Return the layout playing a role: the theme's choice (deck.roles), else the role's highest priority."""
        chosen = self.theme.deck.roles.get(role)
        if chosen:
            layout = self.layouts.get(chosen)
            names = sorted(n for n, lay in self.layouts.items() if lay.role == role)
            expected = f"; expected one of {', '.join(names)}{did_you_mean(chosen, names)}"
            if layout is None:
                raise PublisherError([self.theme.diagnostic(("deck", "roles", role),
                                                            f"no slide layout '{chosen}'{expected}")])
            if layout.role != role:
                raise PublisherError([self.theme.diagnostic(("deck", "roles", role), f"slide layout '{chosen}' plays "
                                                            f"the {layout.role}, not the {role}{expected}")])
            return layout
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

    def _section(self, section: Section, path: tuple, depth: int, chapter: dict[str, str]) -> None:
        fields = {"title": section.title, "short_title": section.short_title, "lead": section.lead, **chapter}
        units = deck_units(section, path)
        forced = self._forced(section, path)
        notes = section.notes or section.lead
        opening = self._opening(section, forced, depth, units)
        if opening is not None:
            self._slide(opening, fields, {}, path, notes)
            fields, notes = {**fields, "lead": ""}, ""
        self._content(units, fields, path, notes, forced if forced and forced.role == "content" else None)
        for j, child in enumerate(section.sections):
            self._section(child, (*path, "sections", j), depth + 1, chapter)

    def _opening(self, section: Section, forced: Layout | None, depth: int, units: list[Unit]) -> Layout | None:
        """Return the slide opening a section: a divider (every top-level section when deck.dividers is `all`), a
        key message (a lead without blocks), the section's own non-content layout, or None."""
        if forced is not None and forced.role != "content":
            return forced
        if depth == 1 and self.theme.deck.dividers == "all":
            return self._role("section")
        if not units and (section.lead or not section.sections):
            return self._role("key_message")
        return None

    def _content(self, units: list[Unit], fields: dict, path: tuple, notes: str, forced: Layout | None) -> None:
        """Add the section's content slides, each composed of the next units by measured capacity."""
        first = True
        while units:
            options = self._options(units, forced, path)
            draft = choose(options, units, partial(self._trial, fields=fields, first=first, path=path, notes=notes))
            self._add(draft)
            units = draft.rests_and(units[len(draft.assigned):])
            first, notes, forced = False, "", None

    def _options(self, units: list[Unit], forced: Layout | None, path: tuple) -> list[tuple[Layout, int]]:
        """Return the layouts the next slide may take with how many units each takes: the section's forced layout
        when it takes them (a notice when it does not), else every content layout that does."""
        if forced and matches(forced, units):
            return [(forced, len(forced.takes))]
        if forced:
            self._notices([f"layout '{forced.name}' takes {', '.join(forced.takes)}; the section starts with "
                           f"{units[0].kind}"], (*path, "layout"))
        found = candidates(self.layouts, units)
        if not found:
            raise PublisherError([Diagnostic(self._span(units[0].path), f"no slide layout takes {units[0].kind}")])
        return found

    def _trial(self, layout: Layout, taken: list[Unit], fields: dict, first: bool, path: tuple, notes: str) -> Draft:
        """Return the slide drawn with a layout and the units it takes: the section's lead under the title on its
        first slide, else a subtitle saying what the slide adds; "（续）" after the title of a continuation."""
        continued = [u for u in taken if u.continued]
        title = fields["title"] + (self.continued if continued else "")
        lead = fields["lead"] if first else ""
        if not lead and not continued:
            lead, taken = self._subtitle(layout, taken, first)
        draft = self._draft(layout, {**fields, "title": title, "lead": lead}, assign(layout, taken), path, notes)
        draft.notices += [(f"{unit.kind} continued onto this slide", unit.path) for unit in continued]
        return draft

    def _subtitle(self, layout: Layout, taken: list[Unit], first: bool) -> tuple[str, list[Unit]]:
        """Return the subtitle of a slide without the section's lead, and its units: the title of its one titled block
        (which then leaves out its own heading); on a later slide of the section, else its text's opening paragraph
        (taken out of the text), else the locale's word for its first block's kind (主要指标, 要点); "" when the
        layout has no lead band or the words would not fit it whole."""
        band = next((r for r in layout.regions.values() if r.kind == "lead"), None)
        if band is None:
            return "", taken
        titled = [u for u in taken if u.heading]
        if len(titled) == 1 and self._fits_band(titled[0].heading, band):
            return titled[0].heading, [replace(u, headed=True) if u is titled[0] else u for u in taken]
        if titled or first:
            return "", taken
        opening = next((u for u in taken if u.lead()), None)
        if opening is not None and self._fits_band(opening.lead(), band):
            return opening.lead(), [u.without_lead() if u is opening else u for u in taken]
        words = self.theme.locale.subtitles
        return next((words[u.kind] for u in taken if u.kind in words), ""), taken

    def _fits_band(self, text: str, band: Region) -> bool:
        """Return whether text fits a lead band whole (not shortened)."""
        ctx = Context(self.theme, self.fonts, self.ts, self.report, self.base_dir)
        box = region_box(band, self.theme.deck, (0.0, self.theme.deck.height))
        return not fit_lines(self.ts, text, box.w, box.h, ctx.look(band), band.max_lines)[2]

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
        draft = self._draft(layout, fields, contents, path, notes)
        self._add(draft)
        return draft.rests

    def _draft(self, layout: Layout, fields: dict, contents: dict[str, Unit], path: tuple, notes: str) -> Draft:
        """Return a slide drawn with the real metrics, not yet added: its shapes, rests and notices.

        Every region is drawn in order; a band (a lead, KPI cards on top) pushes the body down by the height it
        used. On a template layout that is the slide's design, decor is left out, placeholders give their boxes and
        a region drawn over a placeholder holding another is a notice."""
        ctx = Context(self.theme, self.fonts, self.ts, {**self.report, **fields}, self.base_dir)
        grid = self.theme.deck.grid
        body = [layout.body_top if layout.body_top is not None else grid.body_top, grid.body_bottom]
        design = self.placeholders.get(layout.name)
        draft = Draft(layout, fields, contents, [], notes, path)
        for name, region in layout.regions.items():
            unit = contents.get(name)
            if _left_out(region, unit, design is not None):
                continue
            ctx.cap, ctx.headed = (unit.cap, unit.headed) if unit else (None, False)
            held = (design or {}).get(name)
            box = held or region_box(region, self.theme.deck, tuple(body))
            drawn = draw(name, region, box, unit and unit.content, ctx, design is not None)
            if drawn.used:
                body[0] = _body_top(body, held, drawn.used, grid.gutter)
            draft.shapes += drawn.shapes
            draft.refused = draft.refused or drawn.refused
            where = unit.path if unit else path
            draft.notices += [(m, where) for m in drawn.notices + split_notices(drawn.shapes, self.ts.rules)]
            if drawn.rest is not None:
                draft.rests[name] = drawn.rest
        if design:
            draft.notices += [(m, path) for m in _over_placeholders(draft.shapes, design)]
        if ctx.fields.get("title_shortened"):
            draft.notes = "\n".join(t for t in (fields.get("title", ""), notes) if t)
        return draft

    def _add(self, draft: Draft) -> None:
        """Add a drawn slide to the deck, with its notices."""
        self.plan.slides.append(SlidePlan(draft.layout.name, draft.fields.get("title", ""), tuple(draft.shapes),
                                          draft.notes, draft.source))
        number = len(self.plan.slides)
        self.plan.notices += [Notice(where, message, number) for message, where in draft.notices]

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
    """Return where the body starts below a band (a lead, KPI cards) that used some height: right under it, or
    under the placeholder holding it when that reaches into the body."""
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
