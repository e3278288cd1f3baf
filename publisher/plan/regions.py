"""Region kinds: one small function per kind turns a layout region and its content into slide shapes.

A kind is registered by name with @region_kind; a layout YAML names kinds, so a layout that only recombines
existing kinds needs no code. A function returns Drawn: its shapes, what did not fit (continued on the next
slide), and the height it used (the lead band pushes the body down by it). `draw` (publisher.plan.region_kinds)
marks every shape with the name of its region; on a template layout that is the slide's design, the text of the
kinds in TEMPLATE_COLOURED takes the template's colours (its placeholder's, else the master's text colour): our
coloured decor is not drawn there.
"""
from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.fonts.book import FontBook
from publisher.plan.fit import ALIGN, Look, Typesetter, fit_lines, minimum_notice, paragraph
from publisher.plan.layouts import Region
from publisher.plan.model import Box, Rect, Shape, TextFrame
from publisher.theme.styles import DeckTextStyle, Theme

ANCHOR = {"top": "t", "middle": "ctr", "bottom": "b"}
HEADING_STYLES = ("title", "cover_title", "cover_subtitle", "section_number")
STYLE_NAMES = ("title", "lead", "body", "caption", "footer", "cover_title", "cover_subtitle", "cover_meta",
               "section_number")
SEPARATOR = "\u3000"  # parts a label template parts with it are left out when empty
# which of deck.minimum keeps each style readable (titles and cover titles have larger minimums of their own)
STYLE_MINIMUM = {"body": "body", "lead": "body", "cover_subtitle": "body", "caption": "note", "footer": "note",
                 "cover_meta": "note"}
TEMPLATE_COLOURED = ("title", "label", "lead", "text", "footer")  # kinds whose text a designed template colours


@dataclass
class Drawn:
    """What a region kind produced."""

    shapes: list[Shape] = field(default_factory=list)
    rest: Any = None
    used: float = 0.0
    notices: list[str] = field(default_factory=list)
    refused: bool = False  # the content cannot be shown well in this box (too crowded, shortened): try another layout


@dataclass
class Context:
    """What region kinds may use: the theme, fonts, typesetter and the slide's text fields."""

    theme: Theme
    fonts: FontBook
    ts: Typesetter
    fields: dict[str, str]
    base_dir: Path
    cap: float | None = None  # largest body size allowed (continuation slides keep the size chosen first)
    headed: bool = False  # the slide's subtitle names the content: a chart or table leaves out its own heading

    def color(self, name: str) -> str:
        """Return RRGGBB for a colour role or hex value."""
        return self.theme.color(name)

    def look(self, region: Region) -> Look:
        """Return the look of a region's text: its theme style with the region's overrides, never below the theme's
        minimum size for its kind of text (deck.minimum)."""
        size, min_size, bold, color, spacing = _style(self.theme, region.style)
        role = region.font or ("heading" if region.style in HEADING_STYLES else "body")
        floor = self.floor(region.style)
        size = max(region.size or size, floor)
        return Look(role, self.fonts.family(role), size, max(floor, min(size, region.min_size or min_size)),
                    bold if region.bold is None else region.bold, self.color(region.color or color), spacing,
                    ALIGN[region.align])

    def floor(self, style: str) -> float:
        """Return the smallest size text of a style may be set at (deck.minimum: body, table or note)."""
        minimum = self.theme.deck.minimum
        kind = STYLE_MINIMUM.get(style)
        return getattr(minimum, kind) if kind else 0.0

    def largest(self, region: Region) -> float:
        """Return the largest size a region's text may grow to when its frame has room: the region's max_size,
        else its size when it sets one, else its style's max_size (never below the size)."""
        style = _deck_style(self.theme, region.style)
        size = region.size or _style(self.theme, region.style)[0]
        grown = region.max_size or (None if region.size else style and style.max_size) or size
        return max(size, grown)

    def spacing(self, region: Region) -> tuple[float, float]:
        """Return (space before, most it may grow to) of a top-level paragraph, in em of the region's style."""
        style = _deck_style(self.theme, region.style) or self.theme.deck.body
        return style.space_before, max(style.space_before, style.max_space_before)

    def text(self, template: str) -> str:
        """Return a label template filled from the slide's fields (unknown fields are empty); parts parted by an
        ideographic space that come out empty are left out with their space ("{organisation}　{date}"), the others
        joined by the locale's separator."""
        return fill(template, self.fields)


def fill(template: str, fields: dict[str, str]) -> str:
    """Return a template filled from fields as Context.text does."""
    filled = string.Formatter().vformat(template, (), _Fields(fields))
    parts = [part.strip() for part in filled.split(SEPARATOR) if part.strip()]
    return fields.get("separator", SEPARATOR).join(parts)


class _Fields(dict):
    def __missing__(self, key: str) -> str:
        return ""


RegionFn = Callable[[Region, Box, Any, Context], Drawn]
_KINDS: dict[str, RegionFn] = {}


def region_kind(name: str) -> Callable[[RegionFn], RegionFn]:
    """Return a decorator registering a region kind under name."""

    def register(fn: RegionFn) -> RegionFn:
        _KINDS[name] = fn
        return fn

    return register


def registered() -> dict[str, RegionFn]:
    """Return the region kinds registered so far (importing publisher.plan.region_kinds registers every built-in
    one)."""
    return _KINDS


def _deck_style(theme: Theme, name: str) -> DeckTextStyle | None:
    deck = theme.deck
    return {"title": deck.title, "lead": deck.lead, "body": deck.body, "caption": deck.caption}.get(name)


def _style(theme: Theme, name: str) -> tuple[float, float, bool, str, float]:
    """Return (size, min_size, bold, colour, line spacing) of a named deck text style."""
    deck = theme.deck
    cover = deck.cover
    named = {"title": deck.title, "lead": deck.lead, "body": deck.body, "caption": deck.caption}
    if name in named:
        s = named[name]
        return s.size, s.min_size or s.size, s.bold, s.color, s.line_spacing
    fixed = {"footer": (deck.footer.size, deck.footer.size, False, deck.footer.color, 1.2),
             "cover_title": (cover.title_size, cover.title_size * 0.6, True, "background", 1.2),
             "cover_subtitle": (cover.subtitle_size, cover.subtitle_size * 0.7, False, "background", 1.25),
             "cover_meta": (cover.meta_size, cover.meta_size * 0.8, False, "background", 1.3),
             "section_number": (cover.title_size * 1.6, cover.title_size, True, "background", 1.1)}
    return fixed[name]


@region_kind("band")
def band(region: Region, box: Box, content: Any, ctx: Context) -> Drawn:
    """Return a rectangle filled with the region's colour."""
    return Drawn([Rect(box, ctx.color(region.fill or "primary"), "Band")])


@region_kind("label")
def label(region: Region, box: Box, content: Any, ctx: Context) -> Drawn:
    """Return the region's text template, filled from the slide's fields and fitted in at most max_lines."""
    return _fitted_text(ctx.text(region.text), region, box, ctx, "Label")


@region_kind("title")
def title(region: Region, box: Box, content: Any, ctx: Context) -> Drawn:
    """Return the slide title, broken at phrase boundaries, shrunk, shortened only as a last resort."""
    drawn = _fitted_text(ctx.fields.get("title", ""), region, box, ctx, "Title")
    if drawn.notices:
        ctx.fields["title_shortened"] = "1"
    return drawn


@region_kind("lead")
def lead(region: Region, box: Box, content: Any, ctx: Context) -> Drawn:
    """Return the section's lead as a band at the top of the body; `used` says how far it pushes the body."""
    text = ctx.fields.get("lead", "")
    if not text:
        return Drawn()
    drawn = _fitted_text(text, region, box, ctx, "Lead")
    frame = drawn.shapes[0]
    height = sum(p.height for p in frame.paragraphs)
    drawn.shapes[0] = TextFrame(Box(box.x, box.y, box.w, height), frame.paragraphs, "t", "Lead")
    drawn.used = height
    return drawn


def _fitted_text(text: str, region: Region, box: Box, ctx: Context, name: str) -> Drawn:
    if not text:
        return Drawn()
    style = ctx.look(region)
    lines, look, shortened = fit_lines(ctx.ts, text, box.w, box.h, style, region.max_lines)
    frame = TextFrame(box, (paragraph(lines, look),), ANCHOR[region.anchor], name)
    notices = [f"{name.lower()} shortened to fit the slide: '{text[:20]}…'"] if shortened else \
        minimum_notice(name.lower(), look.size, style)
    return Drawn([frame], notices=notices)
