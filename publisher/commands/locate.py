"""Which outline a command means: a file as given; in a folder (the current one when none is given) its
outline.yaml, else its only .yaml file with a top-level `report:`; or `-`, standard input."""
from __future__ import annotations

import re
import sys
from pathlib import Path

OUTLINE_NAME = "outline.yaml"
STDIN = "-"
REPORT_KEY = re.compile(rb"^report\s*:", re.M)  # an outline's top-level key, at a line start
MOST_LISTED = 5


def locate(given: str | None, quiet: bool = False, doing: str = "building") -> Path | None:
    """Return the outline file named by the command's argument (None: read standard input); say on stderr which
    file a folder gave ("building 区县/outline.yaml"), unless quiet; raise PublisherError saying what the folder
    holds when none or several fit."""
    if given == STDIN:
        return None
    folder = Path(given) if given else Path.cwd()
    if given and not folder.is_dir():
        return folder
    found = _outline_in(folder, given)
    if not quiet:
        print(f"publisher: {doing} {found} (the outline of {given or 'this folder'})", file=sys.stderr)
    return found


def _outline_in(folder: Path, given: str | None) -> Path:
    from publisher.errors import fail

    named = Path(given) if given else Path()
    if (folder / OUTLINE_NAME).is_file():
        return named / OUTLINE_NAME
    yamls = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    outlines = [p for p in yamls if REPORT_KEY.search(_head(p))]
    if len(outlines) == 1:
        return named / outlines[0].name
    where = f"'{given}'" if given else "this folder"
    if outlines:
        names = ", ".join(p.name for p in outlines[:MOST_LISTED])
        raise fail(folder, f"{where} holds {len(outlines)} outlines ({names}); name the one to use")
    seen = f" (its .yaml files have no report: key: {', '.join(p.name for p in yamls[:MOST_LISTED])})" if yamls else ""
    raise fail(folder, f"no outline in {where}: expected {OUTLINE_NAME}, or one .yaml file with a report: key"
                       f"{seen}; start one with 'publisher new NAME'")


def _head(path: Path) -> bytes:
    """Return the start of a file: enough to find a top-level report: key without reading a huge file."""
    try:
        with path.open("rb") as stream:
            return stream.read(1 << 20)
    except OSError:
        return b""


def stdin_note(quiet: bool) -> None:
    """Say where an outline read from standard input finds its files, unless quiet."""
    if not quiet:
        print(f"publisher: reading the outline from standard input; its paths are relative to the current folder "
              f"({Path.cwd()})", file=sys.stderr)
