"""Limits that stop a hostile or runaway outline before it eats the machine; each can be raised with --limit.

This module holds the values and which are in force; publisher.outline_limits checks an outline against them."""
from __future__ import annotations

from dataclasses import dataclass, fields, replace

from publisher.errors import did_you_mean, fail


@dataclass(frozen=True)
class Limits:
    """The largest input accepted, per kind of thing."""

    outline_bytes: int = 10 * 1024 * 1024
    yaml_values: int = 200_000
    csv_bytes: int = 5 * 1024 * 1024
    xlsx_bytes: int = 50 * 1024 * 1024  # an Excel workbook's file, and its parts unpacked
    xlsx_cells: int = 1_000_000  # rows × columns streamed from one worksheet
    image_pixels: int = 40_000_000
    title_chars: int = 200
    text_chars: int = 20_000
    sections: int = 2_000
    blocks_per_section: int = 500
    bullets_per_block: int = 300
    chart_points: int = 5_000
    table_cells: int = 20_000

    def with_overrides(self, items: list[str]) -> Limits:
        """Return these limits with NAME=VALUE overrides applied (as given to --limit)."""
        names = [f.name for f in fields(self)]
        changes = {}
        for item in items:
            name, _, value = item.partition("=")
            name = name.strip().replace("-", "_")
            if name not in names or not value.strip().isdigit():
                raise fail("--limit", f"expected NAME=NUMBER with NAME one of {', '.join(names)}; got '{item}'"
                           + did_you_mean(name, names))
            changes[name] = int(value)
        return replace(self, **changes)


_ACTIVE = [Limits()]


def active() -> Limits:
    """Return the limits in force for this process (the defaults, or what --limit set)."""
    return _ACTIVE[0]


def set_active(limits: Limits) -> None:
    """Make limits the ones in force for this process (and the build workers it forks)."""
    _ACTIVE[0] = limits
