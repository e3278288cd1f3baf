"""Every chart kind by name, the built-in ones registered by importing their module (publisher.charts.kinds)."""
from __future__ import annotations

from publisher.charts import kinds as _builtin  # noqa: F401  (registers the built-in kinds)
from publisher.charts.kind import ChartKind, registered


def kinds() -> dict[str, ChartKind]:
    """Return every registered chart kind."""
    return registered()


def kind_names() -> list[str]:
    """Return the names of every chart kind."""
    return sorted(kinds())
