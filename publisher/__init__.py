"""publisher: a YAML outline of a report into a briefing deck (PPTX) and a printable report (PDF).

    import publisher
    result = publisher.build("outline.yaml")          # or a mapping: {"report": {...}, "sections": [...]}
    result.save("out")                                # out/outline.pptx, out/outline.pdf

The names below load on first use, so `import publisher` stays light (see docs/api.md).
"""
from __future__ import annotations

TYPE_CHECKING = False  # typing itself is not imported: `import publisher` stays a few milliseconds
if TYPE_CHECKING:
    from typing import Any

    from publisher.errors import Diagnostic, PublisherError, Span
    from publisher.library import Result, build, validate
    from publisher.outline.limits import Limits

__all__ = ["Diagnostic", "Limits", "PublisherError", "Result", "Span", "__version__", "build", "validate"]
_HOMES = {"build": "publisher.library", "validate": "publisher.library", "Result": "publisher.library",
          "PublisherError": "publisher.errors", "Diagnostic": "publisher.errors", "Span": "publisher.errors",
          "Limits": "publisher.outline.limits"}


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (and keep it)."""
    if name == "__version__":
        from publisher.version import __version__ as value
    elif name in _HOMES:
        import importlib

        value = getattr(importlib.import_module(_HOMES[name]), name)
    else:
        raise AttributeError(f"module 'publisher' has no attribute '{name}'")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
