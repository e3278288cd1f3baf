"""Limits that stop a hostile or runaway outline before it eats the machine; each can be raised with --limit.

This module holds the values and which are in force; publisher.outline.checks checks an outline against them."""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, fields, replace

from publisher.errors import did_you_mean, fail

BULLET_LEVELS = 3  # the deck and the report draw three levels of bullets (docs/outline.md)


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
        changes: dict[str, object] = {}
        for item in items:
            name, _, value = item.partition("=")
            changes[name.strip().replace("-", "_")] = int(value) if value.strip().isdigit() else value
        return self.updated(changes, "--limit")

    def updated(self, changes: Mapping[str, object], origin: str = "limits") -> Limits:
        """Return these limits with some replaced ({"title_chars": 300}); origin names the changes in an error."""
        names = [f.name for f in fields(self)]
        for name, value in changes.items():
            if name not in names or not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise fail(origin, f"expected NAME=NUMBER with NAME one of {', '.join(names)}; got "
                                   f"'{name}={value}'" + did_you_mean(str(name), names))
        return replace(self, **changes)


_PROCESS = [Limits()]  # what the command line set, for the whole process and the processes it forks
_CALL: ContextVar[Limits | None] = ContextVar("publisher_limits", default=None)


def active() -> Limits:
    """Return the limits in force: those of the current call (see `using`), else the process's."""
    return _CALL.get() or _PROCESS[0]


def set_active(limits: Limits) -> None:
    """Make limits the ones in force for this process (and the build workers it forks)."""
    _PROCESS[0] = limits


@contextmanager
def using(limits: Limits) -> Iterator[Limits]:
    """Put limits in force for the calls made inside the block, in this thread or task only: two builds in two
    threads each keep their own."""
    token = _CALL.set(limits)
    try:
        yield limits
    finally:
        _CALL.reset(token)
