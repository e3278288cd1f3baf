"""`publisher build --open`: show a written file (or a batch's folder) with the system's default application, in
the background. OPEN is what the commands call; the tests replace it, so that no test ever starts a viewer."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path


def system_open(path: Path) -> None:
    """Start the default application for path (xdg-open, open, or Windows' file association), not waiting."""
    if sys.platform == "win32":
        os.startfile(path)  # noqa: S606 - the user asked for it with --open
        return
    command = "open" if sys.platform == "darwin" else "xdg-open"
    subprocess.Popen([command, str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)


OPEN: Callable[[Path], None] = system_open


def open_all(paths: list[Path]) -> None:
    """Open each path; one that cannot be opened is said on stderr (the build itself succeeded)."""
    for path in paths:
        try:
            OPEN(path)
        except OSError as exc:
            print(f"publisher: cannot open {path}: {exc.strerror or exc}", file=sys.stderr)
