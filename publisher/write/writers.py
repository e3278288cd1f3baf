"""The writers of a build: each format into its staged file, side by side in forked processes.

Once the project is loaded, each format but the first is written by a forked child while this process writes the
first: the child gets the loaded project for free (copy on write), imports its own libraries and renders its own
charts, so a deck and a report take about as long as the slower of the two on two cores. The charts are then drawn
one after the other in each writer (two processes already use both cores). A child sends back its time and
warnings, or its error; the caller commits the staged files only when every writer succeeded. Where fork is not
safe (not Linux), for one format, or when the caller asks (it runs builds in parallel itself, or wants this
process to import every writer once), the writers take turns here.
"""
from __future__ import annotations

import os
import sys
import time
import warnings
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from publisher.errors import Diagnostic, PublisherError
from publisher.runtime import progress, reuse
from publisher.runtime.processes import bind_to_parent, lifeline, stop
from publisher.write.target import Target

DECK_PDFS = {"deck-pdf": "write_slides", "handout": "write_handout", "notes": "write_notes"}


@dataclass
class Written:
    """What one writer reports: its seconds and the warnings it added; a forked writer also what it added to the
    stores of a resident build (publisher.runtime.reuse), for this process to keep."""

    seconds: float
    warnings: list[Diagnostic]
    learnt: dict = field(default_factory=dict)


def write_all(project: Any, staged: dict[str, Path], parallel: bool = True) -> dict[str, Written]:
    """Write each format of staged ({format: staged path}) from the project; raise the first writer's error."""
    from publisher.charts import render

    formats = list(staged)
    side_by_side = parallel and len(formats) > 1 and sys.platform == "linux"
    render.set_workers(1 if side_by_side else render.WORKERS)
    if not side_by_side:
        return {fmt: _reported(fmt, project, staged[fmt]) for fmt in formats}
    first, *others = formats
    progress.report(f"writing {' and '.join(formats)}")
    sys.stdout.flush(), sys.stderr.flush()  # a child must not print what this process buffered
    children = {fmt: _start(fmt, project, staged[fmt]) for fmt in others}
    try:
        done = {first: write_one(first, project, staged[first])}
        progress.report(f"writing {' and '.join(others)}")
        return done | {fmt: _result(fmt, *child) for fmt, child in children.items()}
    finally:
        stop([process for process, _ in children.values()])


def write_apart(fmt: str, project: Any, path: Path, gate: AbstractContextManager | None = None,
                timeout: float | None = None) -> Written:
    """Write one format from the project in a forked child and wait for it (here where fork is not safe): the
    calling thread waits without holding the interpreter, so the process's other threads go on at full speed.

    gate is held while forking: a caller whose other threads build (and so may hold a lock the child needs, such
    as lxml's parser lock or a module being imported) passes the lock those threads hold while they build. A child
    that gives no result within timeout seconds is killed."""
    if sys.platform != "linux":
        return write_one(fmt, project, path)
    with gate or nullcontext():
        sys.stdout.flush(), sys.stderr.flush()
        process, receive = _start(fmt, project, path)
    try:
        if timeout is not None and not receive.poll(timeout):
            process.kill()
            raise RuntimeError(f"the {fmt} writer gave no result in {timeout:.0f} s")
        return _result(fmt, process, receive)
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


def _reported(fmt: str, project: Any, path: Path) -> Written:
    progress.report(f"writing {fmt}")
    return write_one(fmt, project, path)


def write_one(fmt: str, project: Any, path: Target) -> Written:
    """Write one format to a file path or a binary stream; return its time and the warnings it added."""
    before, start = len(project.warnings), time.perf_counter()
    try:
        writer(fmt)(project, path)
    except OSError as exc:
        if exc.filename is None:  # a write into an open file (a full disk): the file is the one being written
            exc.filename = str(path)
        raise
    return Written(time.perf_counter() - start, project.warnings[before:])


def writer(fmt: str):
    """Return the write function of a format."""
    if fmt == "pptx":
        from publisher.write.pptx import write
    elif fmt == "pdf":
        from publisher.write.pdf import write
    elif fmt in DECK_PDFS:
        from publisher.write import deck_pdf

        write = getattr(deck_pdf, DECK_PDFS[fmt])
    else:
        raise PublisherError([])
    return write


def _start(fmt: str, project: Any, path: Path) -> tuple[Any, Connection]:
    """Return a forked process writing one format, and the end of the pipe its result comes through."""
    import multiprocessing

    receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
    process = multiprocessing.get_context("fork").Process(target=_child, args=(lifeline(), send, fmt, project, path),
                                                           name=f"publisher-{fmt}")
    with warnings.catch_warnings():
        # Python 3.12+ warns when forking with threads alive (a watch loop's file watcher): the child takes no lock
        # those threads hold; it writes one file from the memory it was given and exits.
        warnings.filterwarnings("ignore", r"This process .* is multi-threaded", DeprecationWarning)
        process.start()
    send.close()
    return process, receive


def _child(parent: int, send: Connection, fmt: str, project: Any, path: Path) -> None:
    """Write one format and send back its Written, or the exception that stopped it; die with the parent."""
    bind_to_parent(parent)
    try:
        start = reuse.mark()
        written = write_one(fmt, project, path)
        if reuse.enabled():
            written.learnt = reuse.added_since(start)
        send.send(written)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent, which raises it
        if os.environ.get("PUBLISHER_DEBUG"):
            import traceback

            traceback.print_exc()
        send.send(exc if isinstance(exc, PublisherError | OSError) else RuntimeError(f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _result(fmt: str, process: Any, receive: Connection) -> Written:
    """Return what a child wrote; raise its error, or say it died."""
    try:
        result = receive.recv()
    except EOFError:
        process.join()
        raise RuntimeError(f"the {fmt} writer stopped (exit code {process.exitcode})") from None
    if isinstance(result, BaseException):
        raise result
    if result.learnt and reuse.enabled():
        reuse.merge(result.learnt)
    result.learnt = {}
    return result
