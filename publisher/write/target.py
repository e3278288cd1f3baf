"""Where a writer puts its output: a file (the staged file of a build), or a binary stream its caller holds (the
library's in-memory build, which touches no disk)."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

Target = Path | BinaryIO


def put(target: Target, data: bytes) -> None:
    """Write data to a file path or into a binary stream."""
    if isinstance(target, Path):
        target.write_bytes(data)
    else:
        target.write(data)


def canvas_file(target: Target) -> str | BinaryIO:
    """Return what a reportlab canvas takes to write into the target: a file name, or the stream itself."""
    return str(target) if isinstance(target, Path) else target
