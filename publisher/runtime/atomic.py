"""Outputs appear whole or not at all: write beside the target, then rename into place.

A staged file is named `.<target>.<host>-<pid>.<random>.part`. A process remembers the files it staged, so a
signal that stops it can remove them; a process that was killed outright cannot, so the first time a process
stages a file in a folder it removes the staged files there of processes of this machine that are gone, and any
staged file older than a day (its process id may have been reused). Output folders and the chart and font
caches are all written this way, so each cleans up after the builds that died in it.
"""
from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

STALE_SECONDS = 24 * 3600  # a staged file this old is stale whatever its process id says
_STAGED_NAME = re.compile(r"\..+?\.(?:(?P<host>[A-Za-z0-9-]*)-(?P<pid>\d+)\.)?[A-Za-z0-9_]+\.part")
_HOST = re.sub(r"[^A-Za-z0-9-]", "", os.uname().nodename if hasattr(os, "uname") else
               os.environ.get("COMPUTERNAME", ""))[:32]

_live: set[Path] = set()  # the files this process staged and has not committed or removed yet
_swept: set[tuple[int, Path]] = set()  # (process id, folder) of the folders swept by this process


@contextmanager
def staged(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside target; it replaces target only if the block succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep(target.parent)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{_HOST}-{os.getpid()}.", suffix=".part", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    _live.add(temp)
    try:
        yield temp
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    finally:
        _live.discard(temp)


def commit(staged_files: dict[Path, Path]) -> None:
    """Move every staged file onto its target (temp → target), readable like a normal file."""
    for temp, target in staged_files.items():
        os.chmod(temp, 0o644)
        os.replace(temp, target)


def remove_staged() -> None:
    """Remove every file this process staged and did not commit (a signal is stopping it)."""
    for temp in list(_live):
        with suppress(OSError):
            temp.unlink()


def forget_staged() -> None:
    """Forget the staged files of the parent of this forked process: they are the parent's to remove."""
    _live.clear()


def sweep(folder: Path) -> None:
    """Remove the staged files in folder left by processes that died (once per process and folder)."""
    key = (os.getpid(), folder)
    if key in _swept:
        return
    _swept.add(key)
    with suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith(".part") and _is_stale(entry):
                with suppress(OSError):
                    os.unlink(entry.path)


def _is_stale(entry: os.DirEntry) -> bool:
    """Return whether a staged file belongs to no running build: its process (of this machine) is gone, or it is
    older than STALE_SECONDS."""
    match = _STAGED_NAME.fullmatch(entry.name)
    if not match:
        return False
    age = time.time() - entry.stat(follow_symlinks=False).st_mtime
    if age > STALE_SECONDS:
        return True
    if match["pid"] is None or match["host"] != _HOST:
        return False  # another machine's build (a shared folder), or a name without a process id: by age only
    return not _running(int(match["pid"]))


def _running(pid: int) -> bool:
    """Return whether a process with this id runs on this machine."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Return whether a process has ended and only waits to be reaped (Linux; False where /proc says nothing)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return False
