"""Check an outline against the limits in force: name every place where it goes past one."""
from __future__ import annotations

from collections.abc import Iterator

from publisher.errors import Diagnostic, PublisherError, Span, dotted
from publisher.outline.limits import Limits, active
from publisher.outline.model import Bullet, BulletsBlock, ChartBlock, Outline, Section, TableBlock
from publisher.outline.source import Document

BULLET_LEVELS = 3  # the deck and the report draw three levels of bullets (docs/outline.md)
SECTION_LEVELS = 5  # heading numbers tell five levels apart: 一、（一）1.（1）① (GB/T 9704); deeper ones look alike


def check(outline: Outline, doc: Document, limits: Limits | None = None) -> None:
    """Raise PublisherError naming every place where the outline goes past a limit."""
    problems = list(_sections(outline, doc, limits or active()))
    if problems:
        raise PublisherError(problems)


def _sections(outline: Outline, doc: Document, limits: Limits) -> Iterator[Diagnostic]:
    yield from _title(outline.report.title, ("report", "title"), doc, limits)
    count = len(outline.walk())
    if count > limits.sections:
        yield _over(doc, ("sections",), "sections", count, limits.sections, "sections")
    for i, section in enumerate(outline.sections):
        yield from _section(section, ("sections", i), doc, limits)


def _section(section: Section, path: tuple, doc: Document, limits: Limits) -> Iterator[Diagnostic]:
    level = len(path) // 2
    if level > SECTION_LEVELS:
        yield Diagnostic(doc.span(path), f"sections nest at most {SECTION_LEVELS} levels deep (一、（一）1.（1）①); "
                         f"this is level {level}: make it a paragraph or bullets of its parent section",
                         dotted(path))
        return
    yield from _title(section.title, (*path, "title"), doc, limits)
    if len(section.blocks) > limits.blocks_per_section:
        yield _over(doc, (*path, "blocks"), "blocks", len(section.blocks), limits.blocks_per_section,
                    "blocks_per_section")
    for i, block in enumerate(section.blocks):
        yield from _block(block, (*path, "blocks", i), doc, limits)
    for i, child in enumerate(section.sections):
        yield from _section(child, (*path, "sections", i), doc, limits)


def _title(title: str, path: tuple, doc: Document, limits: Limits) -> Iterator[Diagnostic]:
    if len(title) > limits.title_chars:
        yield _over(doc, path, "characters", len(title), limits.title_chars, "title_chars")


def _block(block, path: tuple, doc: Document, limits: Limits) -> Iterator[Diagnostic]:
    text = getattr(block, "paragraph", "")
    if len(text) > limits.text_chars:
        yield _over(doc, path, "characters", len(text), limits.text_chars, "text_chars")
    if isinstance(block, BulletsBlock) and len(block.bullets) > limits.bullets_per_block:
        yield _over(doc, (*path, "bullets"), "bullets", len(block.bullets), limits.bullets_per_block,
                    "bullets_per_block")
    if isinstance(block, BulletsBlock):
        yield from _too_deep(block.bullets, (*path, "bullets"), 1, doc)
    if isinstance(block, ChartBlock):
        points = sum(len(s.values) for s in block.chart.series)
        if points > limits.chart_points:
            yield _over(doc, (*path, "chart"), "data points", points, limits.chart_points, "chart_points")
    if isinstance(block, TableBlock):
        cells = sum(len(row) for row in block.table.rows)
        if cells > limits.table_cells:
            yield _over(doc, (*path, "table"), "cells", cells, limits.table_cells, "table_cells")


def _too_deep(items: list, path: tuple, level: int, doc: Document) -> Iterator[Diagnostic]:
    """Yield an error at the first item of each list nested deeper than BULLET_LEVELS."""
    if level > BULLET_LEVELS:
        yield Diagnostic(doc.span((*path, 0)), f"bullets nest at most {BULLET_LEVELS} levels deep (a bullet, its "
                         f"items, and theirs); this is level {level}: make it a sentence of its parent, or a new "
                         "bullet", dotted((*path, 0)))
        return
    for i, item in enumerate(items):
        if isinstance(item, Bullet):
            yield from _too_deep(item.items, (*path, i, "items"), level + 1, doc)


def _over(doc: Document, path: tuple, what: str, count: int, limit: int, name: str) -> Diagnostic:
    span: Span = doc.span(path)
    message = f"{count:,} {what}; the limit is {limit:,} (raise it with --limit {name}=N)"
    return Diagnostic(span, message, dotted(path))
