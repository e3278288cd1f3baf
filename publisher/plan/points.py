"""Key points as cards: one to four short bullets side by side, each on a tinted card, large; an opening paragraph
above them (a lone paragraph is itself the one point: a statement). The region refuses text that is not such a
list (more points, nested bullets, a point too long for its card), so that text that would look thin on a slide of
its own fills it instead.
"""
from __future__ import annotations

from dataclasses import replace

from publisher.plan.fit import Look, paragraph
from publisher.plan.layouts import Region
from publisher.plan.model import Box, Paragraph, Rect, TextFrame
from publisher.plan.regions import Context, Drawn, region_kind
from publisher.plan.text import Item

FEWEST, MOST = 1, 4
MAX_LINES = 4  # lines a point may take in its card
PAD = 18.0  # inside a card
BAR = 5.0  # accent bar along a card's top
GAP = 16.0  # between cards, and between the opening paragraph and the cards
CARD_SHARE = 0.6  # cards take at least this share of the box's height when they are shorter


@region_kind("points")
def points_region(region: Region, box: Box, items: list[Item], ctx: Context) -> Drawn:
    """Return the points as cards in a row at the largest size (up to the style's max_size) that fits every card,
    the opening paragraph above them; refused when the text is not a short list of points."""
    opening = [i for i in items[:1] if not i.bullet and len(items) > 1]
    points = items[len(opening):]
    lone = len(items) == 1  # one paragraph or bullet: a statement
    if not FEWEST <= len(points) <= MOST or any(i.level or i.continued or not (i.bullet or lone) for i in points):
        return Drawn(refused=True)
    look = ctx.look(region)
    shapes: list = []
    top = box.y
    if opening:
        lines = ctx.ts.wrap(opening[0].text, box.w, look)
        intro = paragraph(lines, look)
        shapes.append(TextFrame(Box(box.x, top, box.w, intro.height), (intro,), "t", "Text"))
        top += intro.height + GAP
    card_w = (box.w - (len(points) - 1) * GAP) / len(points)
    laid = _laid(points, card_w - 2 * PAD, box.bottom - top - 2 * PAD - BAR, look, ctx.largest(region), ctx)
    if laid is None:
        return Drawn(shapes, refused=True)
    height = max(max(p.height for p in laid) + 2 * PAD + BAR, (box.bottom - top) * CARD_SHARE)
    height = min(height, box.bottom - top)
    top += (box.bottom - top - height) / 2
    for index, para in enumerate(laid):
        card = Box(box.x + index * (card_w + GAP), top, card_w, height)
        shapes += [Rect(card, ctx.color("light"), "Point Card"), Rect(Box(card.x, card.y, card.w, BAR),
                                                                        ctx.color("accent"), "Point Bar"),
                   TextFrame(card.inset(PAD, PAD + BAR, PAD, PAD), (para,), "ctr", "Point")]
    return Drawn(shapes)


def _laid(points: list[Item], width: float, height: float, look: Look, largest: float,
          ctx: Context) -> list[Paragraph] | None:
    """Return each point's paragraph, centred, at the largest size every point fits its card at, or None."""
    for size in ctx.ts.sizes(largest, look.min_size):
        sized = replace(look.at(size), align="ctr")
        wrapped = [ctx.ts.wrap(p.text, width, sized) for p in points]
        laid = [paragraph(lines, sized) for lines in wrapped]
        if all(len(lines) <= MAX_LINES for lines in wrapped) and max(p.height for p in laid) <= height:
            return laid
    return None
