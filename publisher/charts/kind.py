"""A chart kind: a name, the small function that draws it, a description; @kind registers one."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_KINDS: dict[str, ChartKind] = {}


@dataclass(frozen=True)
class ChartKind:
    name: str
    draw: Callable
    description: str = ""


def kind(name: str, description: str = "") -> Callable[[Callable], Callable]:
    """Return a decorator registering a draw function under name."""

    def register(draw: Callable) -> Callable:
        _KINDS[name] = ChartKind(name, draw, description)
        return draw

    return register


def registered() -> dict[str, ChartKind]:
    """Return the chart kinds registered so far (importing publisher.charts.registry registers the built-in ones)."""
    return _KINDS
