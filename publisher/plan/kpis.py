"""KPI cards: a grid of cards, each with a big value and its unit, the change ▲▼, the label and a note.

All cards of a slide share one value size and one label size, the largest at which every card fits; when
the labels do not fit at the smallest size, the second half of the cards goes on a continuation slide.
A value line is measured as LibreOffice sets it (its autospace counted wherever the script switches), and the
cards' frames do not wrap: where the deck's font is missing and a wider one stands in, the unit runs into the
card's padding rather than onto a line of its own.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from publisher.outline.model import Kpi
from publisher.plan.fit import Look, paragraph
from publisher.plan.layouts import Region
from publisher.plan.model import Box, Paragraph, Rect, Run, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind
from publisher.text.numbers import change_text, figure_parts

MAX_PER_ROW = 4
ONE_ROW = 3  # more cards take two rows: four as 2 + 2, five as 3 + 2
PAD = 16.0  # inside a card
BAR = 5.0  # accent bar on the card's left
GAP = 16.0  # between cards
SMALLEST_VALUE = 0.5  # share of the value size the value may shrink to
CARD_MIN_H = 150.0  # cards are at least this tall when the box allows; their text is centred
CARD_MIN_W = 150.0  # a row holds no more cards than the width allows at this width
BAND_ROW = 5  # cards in a band (KPIs above bullets) keep to one row up to this many
BAND_MIN_H = 96.0  # a band's cards are at least this tall
CARD_MAX_W = 340.0  # few cards stay this narrow, centred, rather than stretching across the slide …
LONE_CARD = 1.5  # … a card alone this much wider
CARD_RATIO = 0.8  # a card's planned height, in card widths (within the box); values grow to fill it


@dataclass(frozen=True)
class Grid:
    """Cards' arrangement in a box."""

    rows: int
    columns: int
    card_w: float
    card_h: float


@region_kind("kpis")
def kpis_region(region: Region, box: Box, kpis: list[Kpi], ctx: Context) -> Drawn:
    """Return KPI cards fitted in box; cards that do not fit are returned as rest. A band region's cards take the
    height they need at the top of the box (`used`), the regions after them start below."""
    for count in _counts(len(kpis)):
        laid = _cards(kpis[:count], box, ctx, region.band)
        if laid is not None:
            rest = kpis[count:]
            return Drawn(laid[0], rest=(rest, None) if rest else None, used=laid[1] if region.band else 0.0)
    shapes, used = _cards(kpis[:1], box, ctx, region.band, shorten=True)
    rest = kpis[1:]
    return Drawn(shapes, rest=(rest, None) if rest else None, used=used if region.band else 0.0,
                 notices=["a KPI label was shortened to fit its card"], refused=True)


def _counts(total: int) -> list[int]:
    """Return how many cards to try on one slide: all (up to 8), then fewer, one row at a time."""
    first = min(total, 2 * MAX_PER_ROW)
    return sorted({first, *(n for n in (MAX_PER_ROW, 3, 2, 1) if n < first)}, reverse=True)


def _grid(count: int, box: Box, band: bool) -> Grid:
    """Return the arrangement of count cards: one row up to ONE_ROW (BAND_ROW in a band), else rows as even as the
    count allows (the top ones holding the extra card), as many columns as the box's width holds cards at least
    CARD_MIN_W wide; cards no wider than CARD_MAX_W and about CARD_RATIO as tall as wide, within the box (in a band,
    as wide as the columns and as tall as their text)."""
    fits = max(1, int((box.w + GAP) // (CARD_MIN_W + GAP)))
    columns = min(fits, count if count <= (BAND_ROW if band else ONE_ROW) else math.ceil(count / 2))
    rows = math.ceil(count / columns)
    columns = math.ceil(count / rows)
    card_w = (box.w - (columns - 1) * GAP) / columns
    card_w = card_w if band else min(CARD_MAX_W * (LONE_CARD if count == 1 else 1), card_w)
    planned = BAND_MIN_H if band else max(CARD_MIN_H, card_w * CARD_RATIO)
    return Grid(rows, columns, card_w, min(_room(rows, box), planned))


def _room(rows: int, box: Box) -> float:
    """Return the most height a card may take: the box shared by the rows, GAP kept free above and below when
    the box allows."""
    edge = GAP if box.h - 2 * GAP >= rows * CARD_MIN_H + (rows - 1) * GAP else 0.0
    return (box.h - 2 * edge - (rows - 1) * GAP) / rows


def _cards(kpis: list[Kpi], box: Box, ctx: Context, band: bool, shorten: bool = False) -> tuple[list, float] | None:
    """Return the cards' shapes and the height they take (None when they do not fit): centred in the box, or at its
    top in a band."""
    grid = _grid(len(kpis), box, band)
    room = _room(grid.rows, box)
    inner_w = grid.card_w - PAD - BAR - PAD
    fitted = None if band else _grown(kpis, inner_w, grid.card_h - 2 * PAD, ctx)
    if fitted is None:
        fitted = _texts(kpis, inner_w, room - 2 * PAD, _value_look(kpis, inner_w, ctx), ctx, shorten)
    if fitted is None:
        return None
    height = min(room, max(max(p_height(f) for f in fitted) + 2 * PAD, grid.card_h))
    used = grid.rows * height + (grid.rows - 1) * GAP
    top = box.y if band else box.y + (box.h - used) / 2
    shapes: list = []
    for i, paragraphs in enumerate(fitted):
        row, column = divmod(i, grid.columns)
        in_row = min(grid.columns, len(kpis) - row * grid.columns)
        left = box.x if band else box.x + (box.w - in_row * grid.card_w - (in_row - 1) * GAP) / 2
        card = Box(left + column * (grid.card_w + GAP), top + row * (height + GAP), grid.card_w, height)
        shapes += _card(card, paragraphs, ctx)
    return shapes, used


def _grown(kpis: list[Kpi], width: float, height: float, ctx: Context) -> list[tuple[Paragraph, ...]] | None:
    """Return every card's paragraphs at the largest value size above the theme's (labels growing with it) at
    which the values keep one line and the cards their planned height, or None when there is no such size."""
    spec = ctx.theme.deck.kpi
    largest = max(spec.value_size, spec.max_value_size or spec.value_size)
    widest = _value_look(kpis, width, ctx, largest)
    if widest.size <= spec.value_size:
        return None
    labels = max(spec.label_size, spec.max_label_size or spec.label_size)
    for size in ctx.ts.sizes(widest.size, spec.value_size)[:-1]:
        label = max(round(min(labels, spec.label_size * size / spec.value_size)), _label_floor(ctx))
        cards = [_card_paragraphs(k, width, widest.at(size), label, ctx) for k in kpis]
        if all(p_height(c) <= height + 1e-6 for c in cards):
            return cards
    return None


def p_height(paragraphs: tuple[Paragraph, ...]) -> float:
    """Return the height of a card's paragraphs (the first one's space before ignored)."""
    return sum(p.height for p in paragraphs) - (paragraphs[0].space_before if paragraphs else 0.0)


def _card(card: Box, paragraphs: tuple[Paragraph, ...], ctx: Context) -> list:
    inner = card.inset(PAD + BAR, PAD, PAD, PAD)
    return [Rect(card, ctx.color("light"), "KPI Card"),
            Rect(Box(card.x, card.y, BAR, card.h), ctx.color("primary"), "KPI Bar"),
            TextFrame(inner, paragraphs, "ctr", "KPI", wrap=False)]


def _value_look(kpis: list[Kpi], width: float, ctx: Context, largest: float | None = None) -> Look:
    """Return the look of the values: the largest size up to largest (default: the theme's value size) at which
    every value line fits the card; a number whose line is too long even at the smallest size counts alone (its
    unit goes on below it), a value in words that long not at all (it is wrapped)."""
    spec = ctx.theme.deck.kpi
    look = Look("heading", ctx.fonts.family("heading"), largest or spec.value_size,
                spec.value_size * SMALLEST_VALUE, True, ctx.color("primary"), 1.15)
    room = ctx.ts.usable(width)
    whole = [k for k in kpis if _value_width(k, look.at(look.min_size), ctx) <= room]
    alone = [k for k in kpis if k not in whole and not isinstance(k.value, str)
             and _number_width(k, look.at(look.min_size), ctx) <= room]
    for size in ctx.ts.sizes(look.size, look.min_size):
        if all(_value_width(k, look.at(size), ctx) <= room for k in whole) and all(
                _number_width(k, look.at(size), ctx) <= room for k in alone):
            return look.at(size)
    return look.at(look.min_size)


def _number_width(kpi: Kpi, look: Look, ctx: Context, word: bool = True) -> float:
    """Return the width of a value line's number with what comes before it and (when word) the first word after
    it (the magnitude or unit word that belongs to it: 7.4981 million, 3.5万余人), the rest of its unit left out."""
    before, value, after = _figure(kpi, ctx)
    first = re.match(r"\s*\S*", after).group() if word else ""
    small = _unit_look(look, ctx)
    return ctx.ts.line_width([(before, small), (value, look), (first, small)])


def _unit_look(value: Look, ctx: Context) -> Look:
    spec = ctx.theme.deck.kpi
    size = max(round(spec.unit_size * value.size / spec.value_size, 1), ctx.theme.deck.minimum.table)
    return Look("body", ctx.fonts.family("body"), size, size, True, value.color)


def _value_width(kpi: Kpi, look: Look, ctx: Context) -> float:
    """Return the width of a value line as LibreOffice sets it, its autospace counted (元/平方米 has two)."""
    before, value, after = _figure(kpi, ctx)
    small = _unit_look(look, ctx)
    return ctx.ts.line_width([(before, small), (value, look), (after, small)])


def _figure(kpi: Kpi, ctx: Context) -> tuple[str, str, str]:
    """Return (before, number, after) of a card's value line, in the document's language (3.5万余人, 2.3 billion)."""
    return figure_parts(kpi.value, kpi.unit, kpi.qualifier, kpi.prefix, kpi.scale, ctx.theme.locale.numerals())


def _texts(kpis: list[Kpi], width: float, height: float, value: Look, ctx: Context,
           shorten: bool) -> list[tuple[Paragraph, ...]] | None:
    """Return every card's paragraphs at the largest label size that fits them all, or None."""
    spec = ctx.theme.deck.kpi
    floor = _label_floor(ctx)
    for size in ctx.ts.sizes(max(spec.label_size, floor), floor):
        cards = [_card_paragraphs(k, width, value, size, ctx) for k in kpis]
        if all(p_height(c) <= height + 1e-6 for c in cards):
            return cards
    if not shorten:
        return None
    return [_shortened(_card_paragraphs(k, width, value, floor, ctx), height) for k in kpis]


def _label_floor(ctx: Context) -> float:
    """Return the smallest size of a card's label and change: the theme's, never below deck.minimum.table."""
    return max(ctx.theme.deck.kpi.min_size, ctx.theme.deck.minimum.table)


def _shortened(paragraphs: tuple[Paragraph, ...], height: float) -> tuple[Paragraph, ...]:
    out: list[Paragraph] = []
    for para in paragraphs:
        room = height - p_height((*out, para)) + para.height
        keep = int((room - para.space_before) // para.line_height)
        if keep <= 0:
            break
        out.append(Paragraph(para.lines[:keep], para.line_height, para.space_before, para.align))
    return tuple(out)


def _card_paragraphs(kpi: Kpi, width: float, value: Look, size: float, ctx: Context) -> tuple[Paragraph, ...]:
    out = list(_value_paragraphs(kpi, value, width, ctx))
    words = ctx.theme.locale
    change = change_text(kpi.change, kpi.change_unit, (words.up, words.down), words.numerals())
    label = Look("body", ctx.fonts.family("body"), size, size, False, ctx.color("text"), 1.25)
    if change:
        color = ctx.color("up" if (kpi.change or 0) > 0 else "down" if (kpi.change or 0) < 0 else "muted")
        look = Look("body", label.family, size, size, True, color, 1.25)
        out.append(paragraph(ctx.ts.wrap(change, width, look), look, size * 0.2))  # a long change as written wraps
    out.append(paragraph(ctx.ts.wrap(kpi.label, width, label), label, size * 0.4))
    if kpi.note:
        note = Look("body", label.family, max(ctx.theme.deck.minimum.note, size * 0.8), size, False,
                    ctx.color("muted"), 1.2)
        out.append(paragraph(ctx.ts.wrap(kpi.note, width, note), note, size * 0.3))
    return tuple(out)


def _value_paragraphs(kpi: Kpi, look: Look, width: float, ctx: Context) -> tuple[Paragraph, ...]:
    """Return the value line: qualifier and unit smaller around the number. When it does not fit the card, the
    number keeps its size with as many words of its unit as fit beside it, the others on lines of their own at the
    unit's size (7.4981 million ⏎ people); a value in words, or a number too wide even alone, is wrapped at the
    smallest value size instead."""
    before, value, after = _figure(kpi, ctx)
    small, room = _unit_look(look, ctx), ctx.ts.usable(width)
    if _value_width(kpi, look, ctx) <= room:
        return (_value_line(((before, small), (value, look), (after, small)), look),)
    if isinstance(kpi.value, str) or not after.strip() or _number_width(kpi, look, ctx, word=False) > room:
        smallest = look.at(look.min_size)
        return (paragraph(ctx.ts.wrap(before + value + after, width, smallest), smallest),)
    words, beside = re.findall(r"\s*\S+", after), ""
    while words and ctx.ts.line_width([(before, small), (value, look), (beside + words[0], small)]) <= room:
        beside += words.pop(0)
    rest = "".join(words).strip()
    return (_value_line(((before, small), (value, look), (beside, small)), look),
            *([paragraph(ctx.ts.wrap(rest, width, small), small)] if rest else []))


def _value_line(pieces: tuple[tuple[str, Look], ...], look: Look) -> Paragraph:
    runs = tuple(Run(text, lk.size, lk.family, lk.color, lk.bold) for text, lk in pieces if text)
    return Paragraph((runs,), look.size * look.line_spacing)
