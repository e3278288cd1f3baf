"""What a long build shows on a terminal while it runs: the stage it is at and the seconds so far, on one line of
standard error that the results then replace. Nothing is shown when standard error is not a terminal."""
from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator
from typing import TextIO

from publisher.runtime import progress

CLEAR_LINE = "\r\x1b[K"


class StageLine:
    """Listens to a build's stages and shows the current one with the seconds since the build began."""

    def __init__(self, stream: TextIO):
        self.stream, self.start, self.shown = stream, time.perf_counter(), False

    def __call__(self, stage: str) -> None:
        self.stream.write(f"{CLEAR_LINE}publisher: {stage}… ({time.perf_counter() - self.start:.1f} s)")
        self.stream.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            self.stream.write(CLEAR_LINE)
            self.stream.flush()


def shows_progress(stream: TextIO, verbosity: int, as_json: bool) -> bool:
    """Return whether a build should show its stages on stream: a terminal, not quiet, no JSON asked for."""
    return verbosity >= 0 and not as_json and os.environ.get("TERM") != "dumb" and stream.isatty()


@contextlib.contextmanager
def stages(stream: TextIO, shown: bool) -> Iterator[None]:
    """Show the stages of the builds inside the block on stream, when shown; the line is gone afterwards."""
    if not shown:
        yield
        return
    line = StageLine(stream)
    try:
        with progress.listening(line):
            yield
    finally:
        line.clear()
