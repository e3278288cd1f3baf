"""Every process of a build ends with the build, and leaves no staged file behind when it is stopped.

- A child process (a forked writer, a worker of a process pool) calls `bind_to_parent` first. On Linux the kernel
  kills it when its parent dies (prctl PR_SET_PDEATHSIG); everywhere, a thread of the child watches a pipe whose
  writing end only the parent holds, and ends the child when the pipe closes, which happens however the parent
  died (a spawned child, which inherits no pipe, watches its parent's id instead). A child ignores Ctrl-C (its
  parent stops it) and on SIGTERM removes the files it staged and exits at once.
- `stop_on_signals` makes SIGTERM and SIGHUP end the main process like Ctrl-C does, by an exception (`Stopped`), so
  every staged file is removed and every child is stopped on the way out; SIGINT is obeyed even when the shell
  that started the build in the background told it to ignore Ctrl-C.
- `pool` is a process pool whose workers are bound to this process, and are stopped rather than waited for when
  the block is left by an error or a signal.
"""
from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from publisher.runtime import atomic

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # linux/prctl.h
GRACE_SECONDS = 2.0  # how long a stopped child may take to remove its files before it is killed
POLL_SECONDS = 0.5  # how often a spawned child checks that its parent is alive

_LIFELINES: dict[int, tuple[int, int]] = {}  # process id → (read, write) ends of its children's lifeline pipe


class Stopped(BaseException):
    """The build was told to stop by a signal (SIGTERM, SIGHUP); it unwinds like KeyboardInterrupt does."""

    def __init__(self, signum: int):
        super().__init__(f"stopped by {signal.Signals(signum).name}")
        self.signum = signum


def stop_on_signals() -> None:
    """In the main thread of the command: SIGTERM and SIGHUP raise Stopped, SIGINT raises KeyboardInterrupt."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _raise_stopped)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _raise_stopped(signum: int, _frame: Any) -> None:
    raise Stopped(signum)


def lifeline() -> int:
    """Return this process's id after making sure its children's lifeline pipe exists (one per process)."""
    pid = os.getpid()
    if pid not in _LIFELINES:
        read, write = os.pipe()
        _LIFELINES[pid] = (read, write)
    return pid


def bind_to_parent(parent: int) -> None:
    """Make this child process (forked or spawned by `parent`, which called lifeline()) end when its parent ends,
    ignore Ctrl-C, and on SIGTERM remove its staged files and exit."""
    atomic.forget_staged()  # the parent's staged files are the parent's to remove
    _die_with(parent)
    if os.getppid() != parent:  # the parent died before the child could ask to die with it
        os._exit(1)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _remove_staged_and_exit)
    ends = _LIFELINES.pop(parent, None)
    for pid in list(_LIFELINES):  # a grandparent's pipe, inherited: not ours to hold open
        os.close(_LIFELINES.pop(pid)[1])
    if ends is not None:
        os.close(ends[1])
        threading.Thread(target=_watch_pipe, args=(ends[0],), name="publisher-lifeline", daemon=True).start()
    else:
        threading.Thread(target=_watch_parent, args=(parent,), name="publisher-lifeline", daemon=True).start()


def _die_with(parent: int) -> None:
    """Ask Linux to kill this process when the thread that forked it ends (its parent)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _watch_pipe(read: int) -> None:
    """End this process when the lifeline pipe closes: its parent is gone."""
    with contextlib.suppress(OSError):
        while os.read(read, 1):
            pass
    os._exit(1)


def _watch_parent(parent: int) -> None:
    """End this process when its parent is gone (it was reparented)."""
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


def _remove_staged_and_exit(signum: int, _frame: Any) -> None:
    """Stop this child's own children (a pool's workers), remove the files it staged, and exit."""
    import multiprocessing

    children = multiprocessing.active_children()
    for child in children:
        child.terminate()
    atomic.remove_staged()
    stop(children)
    os._exit(128 + signum)


def stop(processes: list[Any]) -> None:
    """Stop child processes (multiprocessing.Process): SIGTERM, then SIGKILL for those still alive after a grace."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


@contextlib.contextmanager
def pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """Yield a process pool whose workers die with this process; leaving the block by an exception (a signal
    included) cancels what is queued and stops the workers instead of waiting for them."""
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(max_workers=workers, initializer=bind_to_parent, initargs=(lifeline(),))
    try:
        yield executor
    except BaseException:
        workers_now = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        stop(workers_now)
        raise
    executor.shutdown(wait=True)
