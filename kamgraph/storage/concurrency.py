"""Reads side by side: the one place where kamgraph runs store reads concurrently.

The engines answer reads on several threads (FalkorDB's server, Neo4j's pool), so independent
reads of one page overlap. Every concurrent read goes through a store's `Workers`: a bounded
pool shared by every caller of that store, so nesting (an account snapshot prefetching while a
portfolio runs accounts side by side) never multiplies threads.

Deadlock-free by construction: work is wrapped in a `Lazy` cell that runs at most once. A
worker that needs the value of a cell nobody has started runs it itself instead of waiting for a
free worker; it waits only for cells that are already running, and those depend only on cells
that exist before them, so nothing waits in a circle.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any, Generic, TypeVar

T = TypeVar("T")
U = TypeVar("U")


class Lazy(Generic[T]):
    """A value computed at most once, by whichever thread asks first."""

    __slots__ = ("_fn", "_lock", "_done", "_started", "_value", "_error")

    def __init__(self, fn: Callable[[], T]) -> None:
        self._fn = fn
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._started = False
        self._value: T | None = None
        self._error: BaseException | None = None

    def _claim(self) -> bool:
        with self._lock:
            if self._started:
                return False
            self._started = True
            return True

    def _compute(self) -> None:
        try:
            self._value = self._fn()
        except BaseException as e:  # re-raised in every thread that asks for the value
            self._error = e
        finally:
            self._done.set()

    def run(self) -> None:
        """Compute now unless another thread has (or is doing so); never waits."""
        if self._claim():
            self._compute()

    @property
    def error(self) -> BaseException | None:
        """What computing the value raised (None: not computed yet, or computed)."""
        return self._error if self._done.is_set() else None

    def get(self) -> T:
        if self._claim():
            self._compute()
        else:
            self._done.wait()
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value]  # set when no error was raised


class Workers:
    """A store's pool of reader threads (created on first use)."""

    def __init__(self, threads: int) -> None:
        self.threads = max(1, threads)
        self._pool: ThreadPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.threads, thread_name_prefix="kamgraph-read")
            return self._pool

    def prefetch(self, cells: Iterable[Lazy[Any]]) -> None:
        """Start computing these cells in the background; a later `get` picks the result up
        (or computes it, if no worker has reached it yet)."""
        for cell in cells:
            self._executor().submit(cell.run)

    def ordered(self, work: Sequence[Callable[[], T]]) -> Iterator[T]:
        """Run independent pieces of work side by side; yield their results in order (the
        caller may report progress as each arrives)."""
        cells = [Lazy(fn) for fn in work]
        if len(cells) > 1:
            self.prefetch(cells[1:])
        for cell in cells:
            yield cell.get()

    def gather(self, work: Sequence[Callable[[], T]]) -> list[T]:
        return list(self.ordered(work))

    def map(self, fn: Callable[[U], T], items: Iterable[U]) -> list[T]:
        return self.gather([partial(fn, item) for item in items])

    def close(self) -> None:
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = None


class Gate:
    """Many readers or one writer, writers first: the store's reads wait while a unit of
    writes is applied (see `GraphStore.atomic`).

    Why: FalkorDB answers reads on threads of its own, between the queries of one MULTI/EXEC,
    so the engine alone does not keep a reader of this process from seeing half an import.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writer: int | None = None
        self._waiting_writers = 0

    @contextmanager
    def shared(self) -> Iterator[None]:
        if self._writer == threading.get_ident():
            # The writer reads (a unit's guard checks the store before applying): it already
            # excludes every other writer, and waiting for itself would never end.
            yield
            return
        with self._cond:
            while self._writing or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        with self._cond:
            self._waiting_writers += 1
            try:
                while self._writing or self._readers:
                    self._cond.wait()
            finally:
                self._waiting_writers -= 1
            self._writing = True
            self._writer = threading.get_ident()
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._writer = None
                self._cond.notify_all()
