"""Outputs appear whole or not at all: write beside the target, then rename into place."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from publisher.errors import fail


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; it replaces target only if the block succeeds."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise fail(target.parent, f"cannot write into this folder: {exc.strerror or exc}") from None
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def commit(staged_files: dict[Path, Path]) -> None:
    """Move every staged file onto its target (temp → target), readable like a normal file."""
    for temp, target in staged_files.items():
        os.chmod(temp, 0o644)
        os.replace(temp, target)

