"""The installed version of publisher, from its package metadata (pyproject.toml's `version` is the one source)."""
from __future__ import annotations


def version() -> str:
    """Return publisher's version as installed, or "unknown" when it runs from a tree that was never installed."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("publisher")
    except PackageNotFoundError:
        return "unknown"
