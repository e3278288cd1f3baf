"""The build loop of a server: one warm process builds the outline whenever a watched file changes or a
`publisher build` asks, one build at a time; requests that arrive during a build are served by the next one."""
from __future__ import annotations

import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError


@dataclass(frozen=True)
class Config:
    """What a server builds: the outline, into which folder, which formats, with which theme and limits."""

    outline: Path
    out_dir: Path
    formats: tuple[str, ...]
    theme: str | None = None
    allow_outside: bool = False
    limits: tuple[str, ...] = ()

    def key(self) -> dict:
        """Return what a `publisher build` must ask for to be served by this server, as JSON data."""
        return {"outline": str(self.outline.resolve()), "out_dir": str(self.out_dir.resolve()),
                "formats": list(self.formats), "theme": theme_key(self.theme, Path.cwd()),
                "allow_outside": self.allow_outside, "limits": sorted(self.limits)}


def theme_key(theme: str | None, cwd: Path) -> str | None:
    """Return a --theme value as it compares: a theme file by its resolved path (it is read from cwd), a name as is."""
    if theme and theme.endswith((".yaml", ".yml")):
        return str((cwd / theme).resolve())
    return theme


@dataclass(frozen=True)
class Outcome:
    """One build: its number, when it ended and how long it took, and what it wrote and warned, or its errors; a bug
    of ours is `internal` (its type and message) instead. project is what its writers drew from (the slide
    pictures are drawn from it too)."""

    number: int
    seconds: float
    ended: float  # time.time()
    outputs: tuple[Path, ...] = ()
    warnings: dict[str, list[Diagnostic]] = field(default_factory=dict)  # by stage: load, pptx, pdf…
    listed: tuple[Diagnostic, ...] = ()  # every warning once, in build order
    timings: dict[str, float] = field(default_factory=dict)
    errors: tuple[Diagnostic, ...] = ()
    internal: str = ""
    project: Any = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """Return whether the build wrote its outputs."""
        return not self.errors and not self.internal

    def all_warnings(self) -> list[Diagnostic]:
        """Return every warning once, in build order."""
        return list(self.listed)


def build(config: Config, number: int) -> Outcome:
    """Return the outcome of one build; bad input and bugs become its errors instead of ending the server.

    The first build writes every format in this process, which so imports every writer once; the later ones fork
    writers that find all of it done."""
    from publisher.api import build_result
    from publisher.runtime.outputs import MACHINE_ERRORS, machine_error

    start = time.perf_counter()

    def failed(**found) -> Outcome:
        return Outcome(number, time.perf_counter() - start, time.time(), **found)

    try:
        result = build_result(config.outline, config.out_dir, config.formats, config.theme, config.allow_outside,
                              parallel=number > 1)
    except PublisherError as exc:
        return failed(errors=tuple(exc.diagnostics))
    except OSError as exc:
        if exc.errno in MACHINE_ERRORS:
            return failed(errors=tuple(machine_error(exc).diagnostics))
        return failed(internal=_internal(exc))
    except Exception as exc:  # a bug of ours: the server shows it and goes on
        return failed(internal=_internal(exc))
    return Outcome(number, time.perf_counter() - start, time.time(), tuple(result.outputs), dict(result.warnings),
                   tuple(result.all_warnings()), dict(result.timings), project=result.project)


def _internal(exc: BaseException) -> str:
    import os

    if os.environ.get("PUBLISHER_DEBUG"):
        traceback.print_exception(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


class Builder:
    """Builds on request, one build at a time, in its own thread: ask() returns a ticket, wait(ticket) the first
    build that started after it was asked for. on_built runs after the waiters were answered, before the next
    build. The gate is held during each build and its on_built: another thread forks only while holding it, so no
    child is born holding a lock of a build half done."""

    def __init__(self, config: Config, on_built: Callable[[Outcome], None], on_start: Callable[[], None] = lambda: None,
                 build_one: Callable[[Config, int], Outcome] = build):
        self.config, self._on_built, self._on_start, self._build_one = config, on_built, on_start, build_one
        self._changed = threading.Condition()
        self._asked = self._served = self.builds = 0
        self._latest: Outcome | None = None
        self._stopped = False
        self.gate = threading.Lock()

    def ask(self) -> int:
        """Ask for a build; return the ticket to wait for it with."""
        with self._changed:
            self._asked += 1
            self._changed.notify_all()
            return self._asked

    def wait(self, ticket: int, timeout: float | None = None) -> Outcome | None:
        """Return the outcome of the first build that started after ticket was asked, or None when the server
        stopped or timeout seconds passed first."""
        with self._changed:
            self._changed.wait_for(lambda: self._served >= ticket or self._stopped, timeout)
            return self._latest if self._served >= ticket else None

    def stop(self) -> None:
        """Make run() return after the build under way, and every wait() return."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()

    def run(self) -> None:
        """Build whenever asked, until stopped."""
        while True:
            with self._changed:
                self._changed.wait_for(lambda: self._asked > self._served or self._stopped)
                if self._stopped:
                    return
                serving = self._asked
                self.builds += 1
            with self.gate:
                self._on_start()
                outcome = self._build_one(self.config, self.builds)
                with self._changed:
                    self._latest, self._served = outcome, serving
                    self._changed.notify_all()
                self._on_built(outcome)
