"""Where a build writes: the output folder must be a folder that can be written, and no output may be one of the
build's inputs (the outline, its data files and images, its theme files, template, logo and slide layouts, or the
data of a batch), compared by resolved path and by file identity, so hard links, symlinks and a file system that
ignores case are caught too. Both checks run before anything is written."""
from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from publisher.errors import Diagnostic, PublisherError, Span, fail

MACHINE_ERRORS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EACCES, errno.EPERM,
                            errno.EIO, errno.ENAMETOOLONG, errno.ENOTDIR, errno.EISDIR, errno.EMFILE, errno.ENFILE,
                            errno.ENOENT, errno.ELOOP, errno.ENXIO, errno.ENODEV, errno.ETXTBSY})


@dataclass(frozen=True)
class Input:
    """A file the build reads: its path, what it is ("the outline", "the theme file"…), and where it is named."""

    path: Path
    what: str
    span: Span | None = None


def check_folder(out_dir: Path) -> None:
    """Raise PublisherError when out_dir is not a folder, or is one that cannot be created or written into."""
    if out_dir.exists() and not out_dir.is_dir():
        raise fail(out_dir, f"{_kind(out_dir)}, not a folder; -o names the folder the outputs are written into")
    existing = next(p for p in (out_dir.absolute(), *out_dir.absolute().parents) if p.exists())
    if not existing.is_dir():
        raise fail(existing, f"{_kind(existing)}, not a folder: cannot write the outputs into '{out_dir}'")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise fail(existing, "cannot write into this folder (permission denied); choose another with -o")


def check_targets(targets: Iterable[Path], inputs: Iterable[Input]) -> None:
    """Raise PublisherError naming each output that is one of the inputs."""
    inputs = list(inputs)
    problems = []
    for target in targets:
        for found in inputs:
            if same_file(target, found.path):
                span = found.span or Span(str(found.path))
                problems.append(Diagnostic(span, f"the output '{target}' is {found.what} '{found.path}': writing it "
                                           "would destroy the input; choose another output folder (-o) or rename "
                                           "the file"))
    if problems:
        raise PublisherError(problems)


def same_file(a: Path, b: Path) -> bool:
    """Return whether two paths name the same file: the same resolved path, or the same device and inode."""
    try:
        return a.resolve() == b.resolve() or os.path.samefile(a, b)
    except (OSError, ValueError, RuntimeError):  # no such file, or a loop of symbolic links
        return False


def machine_error(exc: OSError, staged: dict[Path, Path] | None = None) -> PublisherError:
    """Return the one-line error of the machine refusing a file (disk full, read-only, permission denied…), at the
    file it names (a staged output by its target's name)."""
    hint = {errno.ENOSPC: " (the disk is full)", errno.EDQUOT: " (the disk quota is used up)",
            errno.EFBIG: " (the file is larger than this system allows)",
            errno.EROFS: " (the file system is read-only)"}.get(exc.errno or 0, "")
    place = Path(exc.filename) if exc.filename else None
    targets = {str(temp): target for temp, target in (staged or {}).items()}
    if place is None and len(targets) == 1:
        place = next(iter(targets.values()))
    where = targets.get(str(place), place) or Path("publisher")
    return fail(where, f"{exc.strerror or exc}{hint}")


def _kind(path: Path) -> str:
    """Return what a path that is not a folder is: 'this is a file', 'this is a device'…"""
    mode = path.stat().st_mode
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "this is a device"
    if stat.S_ISFIFO(mode) or stat.S_ISSOCK(mode):
        return "this is a pipe or socket"
    return "this is a file"
