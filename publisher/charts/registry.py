"""Chart kinds by name: each kind is one small draw function registered here."""
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


def kinds() -> dict[str, ChartKind]:
    """Return every registered chart kind, loading the built-in ones first."""
    import publisher.charts.kinds  # noqa: F401  (registers the built-in kinds)

    return _KINDS


def kind_names() -> list[str]:
    """Return the names of every chart kind."""
    return sorted(kinds())
