"""A section's blocks as the units slide regions take: a run of paragraphs and bullets, KPIs, a chart, a table, an
image or a quotation; and what is left of one when a slide could not hold it all."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from publisher.outline.model import (
    BulletsBlock,
    ChartBlock,
    ImageBlock,
    KpisBlock,
    ParagraphBlock,
    Quote,
    QuoteBlock,
    Section,
    TableBlock,
)
from publisher.plan.tables import TablePart
from publisher.plan.text import Item, bullet_items


@dataclass(frozen=True)
class Unit:
    """Content for one region: a text run, KPIs, a chart, a table part, an image or a quote."""

    kind: str
    content: Any
    path: tuple
    cap: float | None = None  # largest size allowed, kept from the slide this unit continues
    continued: bool = False
    headed: bool = False  # the slide's subtitle names the block, so the block leaves out its own heading

    @property
    def heading(self) -> str:
        """Return the block's own title (a chart's title, a table's or an image's caption), "" for the others."""
        if self.kind == "chart":
            return self.content.title
        if self.kind == "table":
            return self.content.table.caption
        if self.kind == "image":
            return self.content.caption
        return ""

    def lead(self) -> str:
        """Return the paragraph a text unit opens with when bullets or more paragraphs follow it, else ""."""
        if self.kind != "text" or self.continued or len(self.content) < 2:
            return ""
        first = self.content[0]
        return "" if first.bullet or first.continued else first.text

    def without_lead(self) -> Unit:
        """Return the text unit without its opening paragraph (shown as the slide's subtitle instead)."""
        return replace(self, content=self.content[1:])

    def rest(self, rest: tuple) -> Unit:
        """Return the unit continued with what a region could not hold: (content left, largest size kept)."""
        content, cap = rest
        return replace(self, content=content, cap=cap, continued=True, headed=False)


def deck_units(section: Section, path: tuple) -> list[Unit]:
    """Return a section's blocks shown on slides (all but `only: report`), as units; a run of paragraphs and bullets
    is one text unit."""
    units: list[Unit] = []
    for i, block in enumerate(section.blocks):
        if block.only == "report":
            continue
        unit = _unit(block, (*path, "blocks", i))
        if unit.kind == "text" and units and units[-1].kind == "text":
            units[-1] = replace(units[-1], content=units[-1].content + unit.content)
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
