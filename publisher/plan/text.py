"""Bullets and paragraphs on slides: wrap, shrink to the style's smallest size, then continue on the next slide.

When the text cannot fit one frame even at the smallest size, it goes on as few slides as possible, at the
largest size that keeps that number; a parent bullet stays with its first child, and a paragraph longer than a
frame is cut between lines (its rest starts the next slide without a bullet).
"""
from __future__ import annotations

from dataclasses import dataclass, replace

from publisher.outline.model import Bullet, BulletItem
from publisher.plan.fit import Look, minimum_notice, paragraph
from publisher.plan.layouts import Region
from publisher.plan.model import Box, Paragraph, TextFrame
from publisher.plan.regions import ANCHOR, Context, Drawn, region_kind

MAX_LEVEL = 2  # three levels: 0, 1, 2
LEVEL_STEP = 2.0  # points smaller per level
HANG = 1.2  # em of indent per bullet level
SLACK = 0.5  # points of a frame's height left free when paragraph spacing grows (rounding in the XML)


@dataclass(frozen=True)
class Item:
    """One paragraph of slide text: a bullet at a level, or plain text."""

    text: str
    level: int = 0
    bullet: bool = True
    continued: bool = False  # the rest of a paragraph cut at the end of the previous slide


@dataclass(frozen=True)
class Laid:
    """An item broken into lines at one size."""

    item: Item
    origin: int  # index of the item in the region's items
    starts: tuple[int, ...]  # where each line starts in item.text
    paragraph: Paragraph
    keep_with_next: bool


def bullet_items(bullets: list[BulletItem], level: int = 0) -> list[Item]:
    """Return bullets and their nested items depth-first, levels capped at three."""
    out: list[Item] = []
    for entry in bullets:
        text, children = (entry.text, entry.items) if isinstance(entry, Bullet) else (entry, [])
        out.append(Item(text, min(level, MAX_LEVEL)))
        out += bullet_items(children, level + 1)
    return out


@region_kind("text")
def text_region(region: Region, box: Box, items: list[Item], ctx: Context) -> Drawn:
    """Return bullets or paragraphs fitted in box; what does not fit is returned as rest.

    Text that fits one frame takes the largest size up to the region's max_size, its top-level paragraphs
    spaced more when room is left, placed as the region's anchor says; text running over several slides
    stays at the style's size or below (continuations keep the size chosen first) and starts at the top.
    """
    look = ctx.look(region)
    space = ctx.spacing(region)
    largest = min(look.size, ctx.cap or look.size)
    grown = None if ctx.cap or region.band else _grown(ctx, items, box, look, ctx.largest(region), space[0])
    pages, size = grown or _best_pages(ctx, items, box, look, largest, space[0])
    first = pages[0]
    paragraphs = [_first_on_frame(laid.paragraph, i) for i, laid in enumerate(first)]
    rest = _rest(pages[1:])
    alone = not rest and ctx.cap is None and not region.band
    if alone:
        paragraphs = _spread(paragraphs, box.h, size * (space[1] - space[0]))
    notices = [] if ctx.cap else minimum_notice("text", size, look)
    refused = _used(first) > box.h + 1e-6  # not even a line fits at the smallest size: another layout should
    if region.band:  # takes the height it needs; the regions after it start below
        used = sum(p.height for p in paragraphs)
        frame = TextFrame(Box(box.x, box.y, box.w, used), tuple(paragraphs), "t", "Text")
        return Drawn([frame], rest=(rest, size) if rest else None, used=used, notices=notices)
    frame = TextFrame(box, tuple(paragraphs), ANCHOR[region.anchor] if alone else "t", "Text")
    return Drawn([frame], rest=(rest, size) if rest else None, notices=notices, refused=refused)


def _grown(ctx: Context, items: list[Item], box: Box, look: Look, largest: float,
           space: float) -> tuple[list, float] | None:
    """Return the one page and its size at the largest size above the style's at which the text fits, or None."""
    for size in ctx.ts.sizes(largest, look.size)[:-1]:
        pages = _pages(_laid(ctx, items, box.w, look.at(size), space), box.h)
        if _held(pages, box.h):
            return pages, size
    return None


def _best_pages(ctx: Context, items: list[Item], box: Box, look: Look, largest: float,
                space: float) -> tuple[list, float]:
    """Return the pages at the largest size giving the fewest pages (a first page within the box before one
    overflowing it), and that size."""
    height = box.h
    options: list[tuple[list, float]] = []
    for size in ctx.ts.sizes(largest, min(largest, look.min_size)):
        pages = _pages(_laid(ctx, items, box.w, look.at(size), space), box.h)
        if _held(pages, box.h):
            return pages, size
        options.append((pages, size))
    return min(options, key=lambda option: (len(option[0]), _used(option[0][0]) > height, -option[1]))


def _held(pages: list[list[Laid]], height: float) -> bool:
    """Return whether the text is on one page, within its height (a line taller than the frame is not)."""
    return len(pages) == 1 and _used(pages[0]) <= height + 1e-6


def _spread(paragraphs: list[Paragraph], height: float, most: float) -> list[Paragraph]:
    """Return the paragraphs with the room left in the frame shared out above the top-level ones after the
    first, each gaining at most `most` points."""
    gaps = [i for i, p in enumerate(paragraphs) if i and p.space_before and p.indent <= p.hang + 1e-6]
    used = sum(p.height for p in paragraphs)
    if not gaps or most <= 0 or used >= height:
        return paragraphs
    extra = round(min(most, (height - used - SLACK) / len(gaps)) - 0.005, 2)
    if extra <= 0:
        return paragraphs
    return [replace(p, space_before=p.space_before + extra) if i in gaps else p for i, p in enumerate(paragraphs)]


def _laid(ctx: Context, items: list[Item], width: float, look: Look, space: float) -> list[Laid]:
    out = []
    for i, item in enumerate(items):
        nxt = items[i + 1] if i + 1 < len(items) else None
        keep = nxt is not None and nxt.level > item.level and not nxt.continued
        out.append(_lay(ctx, item, i, width, look, keep, space))
    return out


def _lay(ctx: Context, item: Item, origin: int, width: float, look: Look, keep: bool, space: float) -> Laid:
    sized = look.at(max(look.min_size, look.size - LEVEL_STEP * item.level)) if item.bullet else look
    indent = _indent(look, item.level) if item.bullet else 0.0
    lines = ctx.ts.wrap(item.text, width - indent, sized) or ("",)
    before = look.size * (space if item.level == 0 or not item.bullet else space / 2)
    marker = "" if item.continued or not item.bullet else ctx.theme.deck.bullets[
        min(item.level, len(ctx.theme.deck.bullets) - 1)]
    para = paragraph(lines, sized, 0.0 if item.continued else before, indent, marker, ctx.color("secondary"),
                     HANG * sized.size)
    return Laid(item, origin, _starts(item.text, lines), para, keep)


def _starts(text: str, lines: tuple[str, ...]) -> tuple[int, ...]:
    out, position = [], 0
    for line in lines:
        position = max(position, text.find(line, position))
        out.append(position)
        position += len(line)
    return tuple(out)


def _indent(look: Look, level: int) -> float:
    return sum(HANG * max(look.min_size, look.size - LEVEL_STEP * k) for k in range(level + 1))


def _pages(laid: list[Laid], height: float) -> list[list[Laid]]:
    """Return the laid items packed greedily onto pages of height."""
    pages: list[list[Laid]] = [[]]
    for entry in laid:
        _place(pages, entry, height)
    return [page for page in pages if page]


def _place(pages: list[list[Laid]], entry: Laid, height: float) -> None:
    page = pages[-1]
    room = height - _used(page)
    need = entry.paragraph.height - (0 if page else entry.paragraph.space_before)
    if need <= room + 1e-6:
        page.append(entry)
    elif _alone(entry) <= height + 1e-6 and page:
        kept = [page.pop()] if page[-1].keep_with_next and len(page) > 1 else []
        pages.append([*kept])
        _place(pages, entry, height)
    else:
        _cut(pages, entry, height)


def _cut(pages: list[list[Laid]], entry: Laid, height: float) -> None:
    """Put as many lines of entry as fit on the page, the rest on new pages (at least one line a page)."""
    page = pages[-1]
    pitch = entry.paragraph.line_height
    before = entry.paragraph.space_before if page else 0.0
    count = max(0 if page else 1, int((height - _used(page) - before) // pitch + 1e-6))
    if not count:
        pages.append([])
        _cut(pages, entry, height)
        return
    page.append(_slice(entry, 0, count))
    if count < len(entry.paragraph.lines):
        pages.append([])
        _place(pages, _slice(entry, count, len(entry.paragraph.lines), continued=True), height)


def _slice(entry: Laid, start: int, end: int, continued: bool = False) -> Laid:
    para = entry.paragraph
    lines = para.lines[start:end]
    space = 0.0 if continued else para.space_before
    bullet = "" if continued else para.bullet
    cut = replace(para, lines=lines, space_before=space, bullet=bullet)
    item = replace(entry.item, continued=True) if continued else entry.item
    return Laid(item, entry.origin, entry.starts[start:end], cut,
                entry.keep_with_next and end == len(entry.paragraph.lines))


def _alone(entry: Laid) -> float:
    return entry.paragraph.height - entry.paragraph.space_before


def _used(page: list[Laid]) -> float:
    return sum(e.paragraph.height for e in page) - (page[0].paragraph.space_before if page else 0.0)


def _first_on_frame(para: Paragraph, index: int) -> Paragraph:
    return replace(para, space_before=0.0) if index == 0 else para


def _rest(pages: list[list[Laid]]) -> list[Item]:
    """Return the items of the later pages; a cut paragraph continues with the text from its first line there."""
    out: list[Item] = []
    previous = -1
    for laid in (e for page in pages for e in page):
        if laid.origin != previous:
            out.append(_remaining(laid) if laid.item.continued else laid.item)
        previous = laid.origin
    return out


def _remaining(laid: Laid) -> Item:
    """Return the item holding the text from the laid lines' first line to the end of the paragraph."""
    return replace(laid.item, text=laid.item.text[laid.starts[0]:], continued=True)
