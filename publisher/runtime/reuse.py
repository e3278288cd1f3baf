"""What a resident build keeps from one build to the next: bounded stores in memory of work keyed by its content.

A writer asks a store for the result of a piece of work (a slide's XML parts, a zip member's compressed record, a
font subset made ready for embedding) under a key that holds everything the result depends on, and does the work
only when the store has nothing under that key. The same content gives the same result, so a build that found
everything in the stores writes the bytes a clean build writes (tests/serve/test_incremental.py checks it over
random edits).

The stores are off in a build that runs once; `publisher serve` turns them on while it runs (`hold`, `release`).
A writer that runs in a forked child (publisher.write.writers) fills the child's copy of the stores: it sends back
what it added (`added_since` a `mark`) and the server `merge`s it into its own. Each store forgets its least
recently used entries beyond its size in bytes.
"""
from __future__ import annotations

import hashlib
import io
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

DEFAULT_BYTES = 8 << 20
BOUNDS = {"pptx-slides": 32 << 20, "zip-records": 32 << 20, "pdf-streams": 32 << 20}  # the largest results
_lock = threading.Lock()
_holders = 0


class Store:
    """A bounded map from content keys to results, least recently used forgotten first; counts hits and misses."""

    def __init__(self, name: str, max_bytes: int = DEFAULT_BYTES):
        self.name, self.max_bytes = name, max_bytes
        self.entries: OrderedDict[bytes, tuple[Any, int, int]] = OrderedDict()  # key → (value, size, serial)
        self.size = self.hits = self.misses = self.serial = 0

    def get(self, key: bytes) -> Any | None:
        """Return the result stored under key, or None."""
        with _lock:
            found = self.entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return found[0]

    def put(self, key: bytes, value: Any, size: int) -> None:
        """Store value (about size bytes) under key, forgetting the least recently used beyond the bound."""
        with _lock:
            if key in self.entries:
                self.size -= self.entries.pop(key)[1]
            self.serial += 1
            self.entries[key] = (value, size, self.serial)
            self.size += size
            while self.size > self.max_bytes and len(self.entries) > 1:
                self.size -= self.entries.popitem(last=False)[1][1]

_STORES: dict[str, Store] = {}


def store(name: str) -> Store:
    """Return the store of that name, made on first use."""
    with _lock:
        if name not in _STORES:
            _STORES[name] = Store(name, BOUNDS.get(name, DEFAULT_BYTES))
        return _STORES[name]


def hold() -> None:
    """Turn the stores on until as many release() calls (a resident server holds them while it runs)."""
    global _holders
    with _lock:
        _holders += 1


def release() -> None:
    """Undo one hold(); the last one turns the stores off and empties them."""
    global _holders
    with _lock:
        _holders = max(0, _holders - 1)
        if not _holders:
            for each in _STORES.values():
                each.entries.clear()
                each.size = 0


def enabled() -> bool:
    """Return whether writers use the stores."""
    return _holders > 0


def key(*parts: Any) -> bytes:
    """Return a digest of parts: pickled, so two keys are equal only when their parts are equal (a part's pickle
    holds its whole content). Pickled without a memo, so that equal parts give equal keys whether or not they share
    objects (a result taken from a store is one object wherever it is used; made anew, it is several)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no memo: parts are trees (plans, models, tuples), never cyclic
    pickler.dump(parts)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=20).digest()


def digest(data: bytes) -> bytes:
    """Return a digest of bytes."""
    return hashlib.blake2b(data, digest_size=20).digest()


def remembered(name: str, parts: tuple, make: Callable[[], Any], size: Callable[[Any], int]) -> Any:
    """Return make()'s result, from the store name under the key of parts when the stores are on."""
    if not enabled():
        return make()
    shelf, found_key = store(name), key(*parts)
    found = shelf.get(found_key)
    if found is None:
        found = make()
        shelf.put(found_key, found, size(found))
    return found


Mark = dict[str, int]


def mark() -> Mark:
    """Return where each store's additions stand now."""
    with _lock:
        return {name: each.serial for name, each in _STORES.items()}


def added_since(start: Mark) -> dict[str, list[tuple[bytes, Any, int]]]:
    """Return the entries put into each store since start and still held."""
    with _lock:
        out = {}
        for name, each in _STORES.items():
            since = start.get(name, 0)
            entries = [(k, value, size) for k, (value, size, serial) in each.entries.items() if serial > since]
            if entries:
                out[name] = entries
        return out


def merge(found: dict[str, list[tuple[bytes, Any, int]]]) -> None:
    """Put entries another process added (added_since) into this process's stores."""
    for name, entries in found.items():
        shelf = store(name)
        for entry_key, value, size in entries:
            shelf.put(entry_key, value, size)


def _after_fork() -> None:
    """Give a forked child a lock of its own: another thread of the parent may have held it while forking."""
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork)


def statistics() -> dict[str, dict[str, int]]:
    """Return each store's entries, bytes, hits and misses."""
    with _lock:
        return {name: {"entries": len(s.entries), "bytes": s.size, "hits": s.hits, "misses": s.misses}
                for name, s in _STORES.items()}
