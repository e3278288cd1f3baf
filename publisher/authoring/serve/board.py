"""What the page shows, as one JSON state with a version number: the latest build (under way, good, or broken with
its located errors), and the last good build's outputs, slides and pages with their pictures, text, notes and
warnings. Every change makes a new version and wakes whoever waits for one (the page's event streams)."""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from publisher.authoring.serve.builds import Outcome
from publisher.authoring.serve.pictures import PAGES_SOURCE, SLIDES_SOURCE, Picture, Store
from publisher.authoring.serve.snapshot import Sheet, Snapshot
from publisher.errors import Diagnostic

EXCERPT_CHARS = 240  # of a source line shown under an error


@dataclass(frozen=True)
class Drawn:
    """Pictures of one kind ("slides" or "pages") drawn from a build, and what the writer of the PDF they are drawn
    from said of it beyond the build's warnings."""

    build: int
    pictures: tuple[Picture, ...] = ()
    notes: tuple[str, ...] = ()


class Board:
    """The state of the page; thread-safe."""

    def __init__(self, outline: Path, store: Store, inputs: Callable[[], set[Path]] = set):
        self.outline, self.store, self._inputs = outline, store, inputs
        self._changed = threading.Condition()
        self.version = 0
        self._json = ""
        self._building = False
        self._latest: Outcome | None = None
        self._shown: Snapshot | None = None
        self._drawn: dict[str, Drawn] = {}
        self._kept: set[str] = set()
        self._closed = False
        with self._changed:
            self._publish()

    def building(self) -> None:
        """Say a build is under way."""
        with self._changed:
            self._building = True
            self._publish()

    def built(self, outcome: Outcome, snapshot: Snapshot | None) -> None:
        """Show a build: a good one's snapshot replaces the one shown; a broken one leaves it shown."""
        with self._changed:
            self._building, self._latest = False, outcome
            if snapshot is not None:
                self._shown = snapshot
            self._publish()

    def painted(self, snapshot: Snapshot, kind: str, pictures: list[Picture], notes: tuple[str, ...] = ()) -> None:
        """Show the pictures of one kind drawn from a build, unless newer ones are shown."""
        with self._changed:
            current = self._drawn.get(kind)
            if current is not None and current.build > snapshot.number:
                return
            self._drawn[kind] = Drawn(snapshot.number, tuple(pictures), notes)
            names = {p.name for drawn in self._drawn.values() for p in drawn.pictures}
            self.store.keep(names | self._kept)  # those of the state before stay for a browser still loading them
            self._kept = names
            self._publish()

    def close(self) -> None:
        """Wake every waiter for the last time."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    def state(self) -> tuple[int, str]:
        """Return the version and the JSON of the state."""
        with self._changed:
            return self.version, self._json

    def wait(self, seen: int, timeout: float) -> tuple[int, str] | None:
        """Return the version and JSON of the first state after version seen, or None after timeout seconds or
        once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self.version > seen or self._closed, timeout)
            return (self.version, self._json) if self.version > seen and not self._closed else None

    @property
    def closed(self) -> bool:
        """Return whether the board was closed."""
        with self._changed:
            return self._closed

    def output(self, name: str) -> Path | None:
        """Return the output file of the build shown that has this name, or None."""
        with self._changed:
            outputs = self._shown.outcome.outputs if self._shown else ()
        return next((path for path in outputs if path.name == name), None)

    def _publish(self) -> None:
        self.version += 1
        self._json = json.dumps(self._data(), ensure_ascii=False, separators=(",", ":"))
        self._changed.notify_all()

    def _data(self) -> dict:
        shown = self._shown
        return {"version": self.version, "outline": self.outline.name, "building": self._building,
                "build": _build(self._latest, self._inputs) if self._latest else None,
                "shown": {"number": shown.number, "ended": _clock(shown.outcome.ended)} if shown else None,
                "outputs": [{"name": p.name, "href": f"/outputs/{p.name}"} for p in shown.outcome.outputs]
                if shown else [],
                "warnings": list(shown.general) if shown else [],
                "slides": self._part(shown, "slides", shown.slides if shown else (), SLIDES_SOURCE),
                "pages": self._part(shown, "pages", shown.pages if shown else (), PAGES_SOURCE)}

    def _part(self, shown: Snapshot | None, kind: str, sheets: tuple[Sheet, ...], source: str) -> dict:
        drawn = self._drawn.get(kind)
        pending = shown is not None and (drawn is None or drawn.build < shown.number)
        pictures = drawn.pictures if drawn else ()
        items = []
        for sheet in sheets:
            picture = pictures[sheet.number - 1] if sheet.number <= len(pictures) else None
            items.append({"number": sheet.number, "title": sheet.title, "text": sheet.text, "notes": sheet.notes,
                          "warnings": list(sheet.warnings),
                          "picture": f"/pictures/{picture.name}" if picture else None,
                          "width": picture.width if picture else None, "height": picture.height if picture else None,
                          "stale": bool(picture) and pending})
        return {"source": "; ".join((source, *(drawn.notes if drawn else ()))), "pending": pending, "items": items}


def _build(outcome: Outcome, inputs: Callable[[], set[Path]]) -> dict:
    readable = inputs()
    return {"number": outcome.number, "ok": outcome.ok, "seconds": round(outcome.seconds, 3),
            "ended": _clock(outcome.ended), "warnings": len(outcome.all_warnings()),
            "errors": [error_json(d, readable) for d in outcome.errors], "internal": outcome.internal}


def error_json(diagnostic: Diagnostic, readable: set[Path]) -> dict:
    """Return an error as the page shows it: where, the field path, the message, and the source line it points at
    when that file is one the build reads."""
    span = diagnostic.span
    return {"where": str(span), "path": diagnostic.path, "message": diagnostic.message,
            "line": span.line, "column": span.column, "excerpt": _excerpt(diagnostic, readable)}


def _excerpt(diagnostic: Diagnostic, readable: set[Path]) -> str:
    span = diagnostic.span
    path = Path(span.file).resolve()
    if not span.line or path not in readable:
        return ""
    try:
        with path.open(encoding="utf-8", errors="replace") as stream:
            for number, line in enumerate(stream, 1):
                if number == span.line:
                    return line.rstrip("\r\n")[:EXCERPT_CHARS]
    except OSError:
        return ""
    return ""


def _clock(seconds: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(seconds))
