"""The progress of a build, told to whoever listens (the command line, on a terminal): each stage as it begins."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

Listener = Callable[[str], None]
_LISTENER: ContextVar[Listener | None] = ContextVar("publisher_progress", default=None)


def report(stage: str) -> None:
    """Tell the listener of this call, if any, that a stage begins ("preparing fonts")."""
    listener = _LISTENER.get()
    if listener:
        listener(stage)


@contextmanager
def listening(listener: Listener) -> Iterator[None]:
    """Send the stages of the builds run inside the block (in this thread or task) to listener."""
    token = _LISTENER.set(listener)
    try:
        yield
    finally:
        _LISTENER.reset(token)
