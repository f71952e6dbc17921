"""Reuse of a page's analyses between requests, while the data they were built from stands.

A 1 000-person account's page runs the strengths of every pair on two days, the coverage audit,
the plan, a review and the activity (seconds of work); the next request for the same page, day
and caller gets the same answer until something is written. An entry is kept while the store's
`generation` (bumped by every write of this process) and its write `stamp` (renewed by every
write of any process: a second API worker, a CLI import or a sync into the same database) are
the ones it was built at, and at most `ttl` seconds. The least recently used entries go beyond
`size`. A store without a stamp (nothing written since it was made, or kept by an older
kamgraph) keeps nothing: a write of another process could not be told.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot, Visible
from kamgraph.storage.base import GraphStore

T = TypeVar("T")


@dataclass(frozen=True)
class _Entry:
    generation: int
    stamp: str
    at: float
    value: Any


class ViewCache:
    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._lock = threading.Lock()

    def get(
        self,
        store: GraphStore,
        key: Hashable,
        ttl: float,
        build: Callable[[], T],
        sound: Callable[[T], bool] | None = None,
    ) -> T:
        """The value under `key`, built anew when there is none, the store has been written
        since, it is older than `ttl` seconds (0: always built), or `sound(value)` says it is
        not to be reused."""
        if ttl <= 0:
            return build()
        full = (id(store), key)
        # Read before the build, and stored with it: a write during the build makes the entry
        # stale at once (writers renew the stamp after their data, never before).
        generation, now, stamp = store.generation, time.monotonic(), store.stamp()
        if stamp is None:
            return build()
        with self._lock:
            found = self._entries.get(full)
            current = found is not None and (found.generation, found.stamp) == (generation, stamp)
            if found is not None and current and now - found.at < ttl:
                value: T = found.value
                if sound is None or sound(value):
                    self._entries.move_to_end(full)
                    return value
        value = build()  # outside the lock: pages for other keys go on
        with self._lock:
            self._entries[full] = _Entry(generation, stamp, now, value)
            self._entries.move_to_end(full)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


# Account snapshots shared by the requests of one process (`shared_snapshot`). Few: one of a
# 10 000-person account holds its strengths and analyses, tens of megabytes.
SNAPSHOTS = ViewCache(size=12)
SNAPSHOT_SECONDS = 900.0


def shared_snapshot(
    store: GraphStore,
    account: str,
    day: dt.date,
    cfg: AnalysisSettings,
    visible: Visible | None = None,
    seen_by: Hashable = None,
) -> Snapshot:
    """The account's snapshot on `day` shared by every caller who sees the same (`seen_by`: the
    accounts they may see, None for everything; `visible` is their test): its facts and the
    analyses memoised on it are read and computed once while nobody writes (the store's
    generation and write stamp), for at most `SNAPSHOT_SECONDS`. A snapshot one of whose reads
    failed for a passing reason is not reused."""
    key = ("snapshot", account, day, cfg.model_dump_json(), seen_by)
    return SNAPSHOTS.get(
        store,
        key,
        SNAPSHOT_SECONDS,
        lambda: Snapshot(store, account, day, cfg, visible),
        sound=Snapshot.sound,
    )
