"""Reuse of a page's analyses between requests, while the data they were built from stands.

A 1 000-person account's page runs the strengths of every pair on two days, the coverage audit,
the plan, a review and the activity (seconds of work); the next request for the same page, day
and caller gets the same answer until something is written. An entry is kept while the store's
`generation` (bumped by every write of this process) is the one it was built at, and at most
`ttl` seconds, which bounds how late another process's writes (a second API worker, a CLI
import into the same database) show. The least recently used entries go beyond `size`.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from kamgraph.storage.base import GraphStore

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry:
    generation: int
    at: float
    value: Any


class ViewCache:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, store: GraphStore, key: Hashable, ttl: float, build: Callable[[], T]) -> T:
        """The value under `key`, built anew when there is none, the store has been written
        since, or it is older than `ttl` seconds (0: always built)."""
        full = (id(store), key)
        generation, now = store.generation, time.monotonic()
        with self._lock:
            found = self._entries.get(full)
            if found and found.generation == generation and now - found.at < ttl:
                self._entries.move_to_end(full)
                value: T = found.value
                return value
        # Built outside the lock (pages for other keys go on); the generation read before the
        # build is the one stored, so a write during it makes the entry stale at once.
        value = build()
        if ttl > 0:
            with self._lock:
                self._entries[full] = _Entry(generation, now, value)
                self._entries.move_to_end(full)
                while len(self._entries) > self.size:
                    self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
