"""The GraphStore port: what kamgraph needs from a graph database, engine-neutral.

Queries are named (see `kamgraph.storage.queries`), values travel only as parameters, and results
come back as plain dicts of Python values (str, int, float, bool, None, list, dict) — never engine
objects — so that nothing above this layer knows which engine answered."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from itertools import islice
from types import TracebackType
from typing import Any, Self

from kamgraph.errors import DatabaseUnavailable, KamgraphError, QueryError
from kamgraph.storage.concurrency import Gate, Workers
from kamgraph.storage.queries import Dialect, Query, Registry, registry

Record = dict[str, Any]
Progress = Callable[[int], None]


@dataclass
class Unit:
    """The writes of one `atomic()` block; engines keep what they need in `state`."""

    state: Any = None
    writes: list[tuple[Query, str, Mapping[str, Any]]] | None = None
    stamped: bool = False  # a write of it changes what analyses read: the unit renews the stamp


@dataclass(frozen=True)
class Health:
    ok: bool
    engine: str
    location: str
    detail: str = ""
    counts: Mapping[str, int] | None = None


# Values that are plain already: most of what a read returns, so checked first (the ABC
# isinstance checks below cost several times more, and a large read converts 100 000s).
_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Engine values → plain Python: maps to dicts, lists kept, dates to ISO strings."""
    if type(value) in _SCALARS:
        return value
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    iso = getattr(value, "iso_format", None)  # neo4j.time.Date / DateTime
    if callable(iso):
        return iso()
    return value


def batched(rows: Iterable[Record], size: int) -> Iterator[list[Record]]:
    it = iter(rows)
    while chunk := list(islice(it, size)):
        yield chunk


# Writes that change nothing an analysis or page reads (sign-in, sessions, the audit log): they
# leave the write stamp and the generation as they are, so cached pages outlive a session touch.
QUIET_WRITES = ("auth/", "audit/")
# Writes that do not renew the stamp: the quiet ones, and a wipe (admin/), which deletes it.
UNSTAMPED = (*QUIET_WRITES, "admin/")


class GraphStore(ABC):
    """One per process (CLI command or API lifespan); thread-safe for concurrent reads."""

    dialect: Dialect
    batch_size: int = 5000
    # Batches in flight at once in write_batches (see there); 1 = strictly one after another.
    write_concurrency: int = 1
    # Reads in flight at once for one process (see `kamgraph.storage.concurrency`): the engines
    # answer reads on several threads; more than this only queues inside the engine.
    read_concurrency: int = 4
    _workers: Workers | None = None
    # Analyses read the kept strength aggregates where they answer (kamgraph.interchange.ties);
    # False: always from every interaction (the exact path, for comparison).
    kept_strengths: bool = True
    # Bumped by every write of this process (before and after it runs, and when an atomic unit
    # commits): a cache of results built from reads is stale once it differs.
    _generation: int = 0

    @property
    def generation(self) -> int:
        """Changes whenever this process has written (see `kamgraph.analysis.viewcache`)."""
        return self._generation

    def _changed(self) -> None:
        self._generation += 1

    def stamp(self) -> str | None:
        """The store's write stamp: a token renewed by every write (of any process) that changes
        what analyses and pages read, so a result cached under one stamp is current while the
        stamp is the same (`kamgraph.analysis.viewcache`). None: no write has stamped the store
        since it was made or wiped (or it was kept by an older kamgraph): nothing is cached."""
        rows = self.read("admin/read_stamp")
        tokens = sorted(str(t) for r in rows for t in r["tokens"] or () if t)
        return ",".join(tokens) or None

    def _renew_stamp(self, unit: Unit | None) -> None:
        query = self.queries.get("admin/stamp")
        params = {"token": uuid.uuid4().hex}
        if unit is None:
            self._run(query, query.text, params, True)
        else:
            self._queue(unit, query, query.text, params)

    @property
    def workers(self) -> Workers:
        """The pool that runs this store's reads side by side (shared by every caller)."""
        if self._workers is None:
            self._workers = Workers(self.read_concurrency)
        return self._workers

    @property
    def queries(self) -> Registry:
        return registry(self.dialect)

    # --- the engine-specific part -------------------------------------------------------------
    @abstractmethod
    def _run(self, query: Query, text: str, params: Mapping[str, Any], write: bool) -> list[Record]:
        """Run one statement and return its rows as plain dicts; map engine errors."""

    @abstractmethod
    def setup_schema(self) -> None:
        """Uniqueness of `id` on every label, and the indexes the queries rely on. Idempotent."""

    @abstractmethod
    def health(self) -> Health: ...

    def wipe(self) -> None:
        """Delete every node and relationship of kamgraph's graph (the schema is kept).

        In slices: one huge DELETE would hold the engine (or a transaction) for a long time.
        """
        while True:
            rows = self.write("admin/delete_some", limit=50_000)
            if not rows or int(rows[0]["n"]) == 0:
                return

    @abstractmethod
    def close(self) -> None: ...

    @property
    @abstractmethod
    def location(self) -> str: ...

    # --- all-or-nothing writes (engines override the three hooks) ------------------------------
    def _begin(self) -> Unit:
        """Start a unit. The default collects the writes and applies them one by one at the end:
        atomic only for an engine that overrides these hooks (both of ours do)."""
        return Unit(writes=[])

    def _queue(self, unit: Unit, query: Query, text: str, params: Mapping[str, Any]) -> None:
        assert unit.writes is not None
        unit.writes.append((query, text, params))

    def _commit(self, unit: Unit) -> None:
        for query, text, params in unit.writes or ():
            self._run(query, text, params, True)

    def _abort(self, unit: Unit) -> None:  # noqa: B027 - a hook: collected writes just go
        """Drop a unit's writes (nothing of them reaches the engine)."""

    @property
    def _gate(self) -> Gate:
        """Reads wait while a unit is applied (see `concurrency.Gate` for why)."""
        gate: Gate = self.__dict__.setdefault("_gate_instance", Gate())
        return gate

    def _thread_state(self) -> threading.local:
        """Per thread: the unit its writes go to (created with the first `atomic()`)."""
        local: threading.local = self.__dict__.setdefault("_local", threading.local())
        return local

    def _unit(self) -> Unit | None:
        return getattr(self._thread_state(), "unit", None)

    @contextmanager
    def atomic(self, guard: Callable[[], object] | None = None) -> Iterator[None]:
        """Every write this thread makes inside the block is applied all together, or none is.

        Readers of this store (this process) see it as it was before or as it is after, never
        in between, and a crash of this process (or of the engine) at any moment leaves one or
        the other. Writes inside
        the block return no rows (they are applied at its end), and reads see the store as it
        was before the block. A nested block joins the outer one.

        `guard` runs just before the writes are applied, while no other unit of this store can
        be applied (its reads see the store as it is then): raising there drops the whole unit.
        Check-then-write without a race, such as "create only if no row has this id".
        """
        if self._unit() is not None:
            if guard is not None:
                raise QueryError("a guarded unit cannot join another unit")
            yield
            return
        local = self._thread_state()
        unit = self._begin()
        local.unit = unit
        try:
            yield
        except BaseException:
            local.unit = None
            self._abort(unit)
            raise
        local.unit = None
        if unit.stamped:  # last in the unit: see `_call`
            self._renew_stamp(unit)
        with self._gate.exclusive():
            if guard is not None:
                try:
                    guard()
                except BaseException:
                    self._abort(unit)
                    raise
            try:
                self._commit(unit)
            finally:
                self._changed()

    # --- the shared part -------------------------------------------------------------------
    def _checked(self, name: str, params: Mapping[str, Any], write: bool) -> Query:
        """The query `name`, once its parameters are exactly the declared ones."""
        query = self.queries.get(name)
        missing = query.params - set(params)
        extra = set(params) - query.params
        if missing or extra:
            raise QueryError(
                f"query {name}: missing parameters {sorted(missing)}, unexpected {sorted(extra)}"
            )
        # A read query may run in a write transaction; a writing one never through read().
        if query.mode != "read" and not write:
            raise QueryError(f"query {name} writes; call write(), not read()")
        return query

    def _call(self, name: str, params: Mapping[str, Any], write: bool) -> list[Record]:
        query = self._checked(name, params, write)
        if not write:
            with self._gate.shared():
                return self._run(query, query.text, params, write)
        unit = self._unit()
        stamps = not name.startswith(UNSTAMPED)
        if unit is not None:
            self._queue(unit, query, query.text, params)
            unit.stamped = unit.stamped or stamps
            return []
        if name.startswith(QUIET_WRITES):
            return self._run(query, query.text, params, write)
        self._changed()
        try:
            rows = self._run(query, query.text, params, write)
            # After the write, never before: a reader that reads the old stamp and then the new
            # data keeps its result under the old stamp, which this renewal makes stale.
            if stamps:
                try:
                    self._renew_stamp(None)
                except KamgraphError as e:
                    raise DatabaseUnavailable(
                        f"query {name} was applied, but the store's write stamp could not be"
                        f" renewed ({e}): other processes may show pages from before it until"
                        " the next write"
                    ) from e
            return rows
        finally:
            self._changed()

    def read(self, name: str, **params: Any) -> list[Record]:
        return self._call(name, params, write=False)

    def write(self, name: str, **params: Any) -> list[Record]:
        return self._call(name, params, write=True)

    def write_batches(
        self,
        name: str,
        rows: Iterable[Record],
        *,
        batch_size: int | None = None,
        progress: Progress | None = None,
        **params: Any,
    ) -> int:
        """Send rows as `$rows` in batches, each batch one transaction; returns rows sent.

        Up to `write_concurrency` batches are in flight while the next one is being built: the
        engine works in its own process (or server), so preparing and encoding rows in Python
        overlaps with its writing. All batches have finished when this returns, so a later call
        (links after nodes) sees every row of this one. Batches of one call must not depend on
        each other (they are upserts of distinct keys).
        """
        sent = 0
        if self._unit() is not None:  # queued in this thread's unit, in order
            for chunk in batched(rows, batch_size or self.batch_size):
                self.write(name, rows=chunk, **params)
                sent += len(chunk)
                if progress is not None:
                    progress(len(chunk))
            return sent
        in_flight: deque[tuple[Future[list[Record]], int]] = deque()

        def settle() -> None:
            nonlocal sent
            future, size = in_flight.popleft()
            future.result()
            sent += size
            if progress is not None:
                progress(size)

        with ThreadPoolExecutor(self.write_concurrency, thread_name_prefix="kamgraph") as pool:
            try:
                for chunk in batched(rows, batch_size or self.batch_size):
                    while len(in_flight) >= self.write_concurrency:
                        settle()
                    in_flight.append(
                        (pool.submit(self.write, name, rows=chunk, **params), len(chunk))
                    )
                while in_flight:
                    settle()
            finally:
                for future, _ in in_flight:
                    future.cancel()
        return sent

    def read_batches(
        self,
        name: str,
        keys: Sequence[Any],
        *,
        param: str = "keys",
        batch_size: int | None = None,
        **params: Any,
    ) -> Iterator[Record]:
        """Run a read query once per slice of `keys` (passed as `$<param>`) and yield every row."""
        size = batch_size or self.batch_size
        for start in range(0, len(keys), size):
            yield from self.read(name, **{param: list(keys[start : start + size])}, **params)

    def checkpoint(self) -> None:  # noqa: B027 - a hook: most engines need nothing here
        """After a large write: let the engine persist compactly (no-op where it manages that)."""

    def import_turn(
        self, on_wait: Callable[[], None] | None = None
    ) -> AbstractContextManager[None]:
        """Held for a whole import (reading what is stored, planning, writing), so that imports
        into one store run one after the other: a plan made while another import writes would
        be stale. `on_wait` is called once if the turn has to be waited for. Here nothing: only
        the embedded engine knows the other processes of its directory."""
        return nullcontext()

    def rewrite_files(self) -> bool:
        """Rewrite the engine's files so that deleted data leaves no byte on disk; waits for it.
        False where kamgraph cannot do that (an engine it does not run: see the README)."""
        return False

    def counts(self) -> dict[str, int]:
        """Nodes per label and relationships per type: what `db info` shows and tests compare."""
        out: dict[str, int] = {}
        for row in self.read("admin/count_nodes"):
            out[str(row["label"])] = int(row["n"])
        for row in self.read("admin/count_relationships"):
            out[str(row["type"])] = int(row["n"])
        return out

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._workers is not None:
            self._workers.close()
        self.close()
