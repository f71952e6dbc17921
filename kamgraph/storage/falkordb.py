"""FalkorDB backend: the embedded engine (unix socket) or a FalkorDB server (`falkordb://`)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import redis
from falkordb import FalkorDB

from kamgraph.errors import (
    ConflictError,
    DatabaseUnavailable,
    InvalidInput,
    KamgraphError,
    QueryError,
)
from kamgraph.interchange.tables import LABELS
from kamgraph.settings import Settings
from kamgraph.storage import engine as embedded
from kamgraph.storage import locks
from kamgraph.storage.base import GraphStore, Health, Record, Unit, plain
from kamgraph.storage.queries import Query

IMPORT_LOCK = "import.lock"
# Generous: a large import takes minutes here (see the README's benchmarks).
IMPORT_WAIT_TIMEOUT = 3600.0


def translate(error: Exception, what: str) -> KamgraphError:
    """Map redis/FalkorDB exceptions onto kamgraph's own (the httpx habit: one table, one place)."""
    message = str(error).strip()
    if isinstance(error, redis.exceptions.ConnectionError | redis.exceptions.TimeoutError):
        return DatabaseUnavailable(f"FalkorDB is unreachable ({what}): {message}")
    if isinstance(error, redis.exceptions.BusyLoadingError):
        return DatabaseUnavailable("FalkorDB is still loading its data; try again shortly")
    if isinstance(error, redis.exceptions.AuthenticationError):
        return DatabaseUnavailable(f"FalkorDB refused the credentials ({what})")
    if "unique constraint violation" in message.lower():
        return ConflictError(f"duplicate id ({what}): {message}")
    return QueryError(f"FalkorDB rejected {what}: {message}")


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_has_nul(v) for v in value)
    return False


def _refuse_nul(query: Query, params: Mapping[str, Any]) -> None:
    """The client sends parameters inside the query text, which ends at a NUL: refuse one
    instead of sending a broken query."""
    for name, value in params.items():
        if _has_nul(value):
            raise InvalidInput(f"parameter {name!r} of {query.name} holds a NUL character")


def _column_names(header: Any) -> list[str]:
    """A FalkorDB result header (pairs of column type and name) → the column names."""
    return [str(c[1]) if isinstance(c, list | tuple) else str(c) for c in header]


class FalkorStore(GraphStore):
    dialect = "falkordb"
    # Two batches in flight: while the engine runs one write, the client encodes the next
    # (FalkorDB itself applies writes to a graph one at a time, so this is safe).
    write_concurrency = 2

    def __init__(
        self,
        client: FalkorDB,
        graph: str,
        location: str,
        engine: embedded.EmbeddedEngine | None = None,
        batch_size: int = 5000,
        timeout_ms: int = 0,
    ) -> None:
        self._client = client
        self._graph_name = graph
        self._graph = client.select_graph(graph)
        self._location = location
        self._engine = engine
        self.batch_size = batch_size
        self._timeout = timeout_ms or None
        self._closed = False

    @classmethod
    def embedded(cls, settings: Settings) -> FalkorStore:
        engine = embedded.acquire(settings.data_dir, settings.engine_start_timeout)
        try:
            client = FalkorDB(unix_socket_path=str(engine.socket_path))
            store = cls(
                client,
                settings.graph,
                f"embedded FalkorDB in {settings.data_dir}",
                engine,
                settings.batch_size,
                settings.query_timeout_ms,
            )
            store.setup_schema()
        except BaseException:
            embedded.release(engine)
            raise
        return store

    @classmethod
    def from_url(cls, settings: Settings) -> FalkorStore:
        assert settings.db is not None
        parts = urlsplit(settings.db)
        graph = unquote(parts.path.strip("/")) or settings.graph
        password = unquote(parts.password) if parts.password else None
        password = password or settings.falkordb_password.get_secret_value() or None
        try:
            client = FalkorDB(
                host=parts.hostname or "localhost",
                port=parts.port or 6379,
                username=unquote(parts.username) if parts.username else None,
                password=password,
            )
        except redis.exceptions.RedisError as e:
            raise translate(e, f"connecting to {settings.redacted_db()}") from e
        store = cls(
            client,
            graph,
            settings.redacted_db(),
            None,
            settings.batch_size,
            settings.query_timeout_ms,
        )
        store.setup_schema()
        return store

    @property
    def location(self) -> str:
        return self._location

    def _run(self, query: Query, text: str, params: Mapping[str, Any], write: bool) -> list[Record]:
        result = self._result(query, text, params, write)
        columns = _column_names(result.header)
        return [
            {col: plain(value) for col, value in zip(columns, row, strict=True)}
            for row in result.result_set
        ]

    def columns(self, name: str, **params: Any) -> tuple[str, ...]:
        """The column names query `name` returns, in order: the engine's result header, which
        comes back even when no row does. Runs the query (as a write when it writes): for
        checking the `// returns:` headers against the engine."""
        write = self.queries.get(name).mode != "read"
        query = self._checked(name, params, write)
        return tuple(_column_names(self._result(query, query.text, params, write).header))

    def _result(self, query: Query, text: str, params: Mapping[str, Any], write: bool) -> Any:
        # Bundle rows were checked by the model already.
        _refuse_nul(query, {k: v for k, v in params.items() if k != "rows"})
        try:
            result = self._send(text, params, write)
        except redis.exceptions.ConnectionError as e:
            if not self._revive():
                raise translate(e, f"query {query.name}") from e
            try:
                result = self._send(text, params, write)
            except redis.exceptions.RedisError as again:
                raise translate(again, f"query {query.name}") from again
        except redis.exceptions.RedisError as e:
            raise translate(e, f"query {query.name}") from e
        return result

    def _send(self, text: str, params: Mapping[str, Any], write: bool) -> Any:
        if write:
            return self._graph.query(text, dict(params), timeout=self._timeout)
        return self._graph.ro_query(text, dict(params), timeout=self._timeout)

    # --- all-or-nothing writes: one MULTI ... EXEC on a connection of the unit's own ---------
    # The engine queues the unit's queries as they arrive (the client holds none of them) and
    # runs them all at EXEC with no other command in between, so readers see before or after;
    # the append-only file gets the whole transaction or none of it. A client that dies before
    # EXEC closes its connection, and the engine drops what it queued.
    def _begin(self) -> Unit:
        try:
            return self._multi()
        except redis.exceptions.ConnectionError as e:
            # Nothing is queued yet: the unit may start over on the engine started again.
            if not self._revive():
                raise translate(e, "starting a write") from e
        except redis.exceptions.RedisError as e:
            raise translate(e, "starting a write") from e
        try:
            return self._multi()
        except redis.exceptions.RedisError as e:
            raise translate(e, "starting a write") from e

    def _multi(self) -> Unit:
        pool = self._client.connection.connection_pool
        conn = pool.get_connection()
        try:
            conn.send_command("MULTI")
            conn.read_response()
        except BaseException:
            pool.release(conn)
            raise
        return Unit(state=(pool, conn))

    def _queue(self, unit: Unit, query: Query, text: str, params: Mapping[str, Any]) -> None:
        # Everything the engine would refuse at EXEC must be refused here: EXEC applies the
        # queries that succeed even when one fails.
        _refuse_nul(query, params)
        _, conn = unit.state
        command = self._graph._build_params_header(dict(params)) + text
        try:
            conn.send_command("GRAPH.QUERY", self._graph_name, command, "--compact")
            conn.read_response()  # QUEUED, or the error of a query the engine cannot parse
        except redis.exceptions.RedisError as e:
            raise translate(e, f"query {query.name}") from e

    def _commit(self, unit: Unit) -> None:
        pool, conn = unit.state
        try:
            conn.send_command("EXEC")
            replies = conn.read_response()
        except redis.exceptions.RedisError as e:
            conn.disconnect()
            raise translate(e, "applying a write") from e
        finally:
            pool.release(conn)
        failed = [r for r in replies or () if isinstance(r, Exception)]
        if failed:
            raise QueryError(f"FalkorDB refused part of a write: {failed[0]}")

    def _abort(self, unit: Unit) -> None:
        pool, conn = unit.state
        try:
            conn.send_command("DISCARD")
            conn.read_response()
        except redis.exceptions.RedisError:
            conn.disconnect()  # a closed connection discards the queued queries too
        finally:
            pool.release(conn)

    def _revive(self) -> bool:
        """Embedded only: after a lost connection, reconnect to the directory's engine, which
        this process starts again if no other one has (see engine.revive)."""
        if self._engine is None:
            return False
        try:
            running = self._engine.revive()
        except DatabaseUnavailable:
            return False
        if running:
            with contextlib.suppress(Exception):
                self._client.connection.close()
            self._client = FalkorDB(unix_socket_path=str(self._engine.socket_path))
            self._graph = self._client.select_graph(self._graph_name)
        return running

    @contextlib.contextmanager
    def import_turn(self, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
        """Embedded: a lock file in the data directory, so imports from any process on it take
        turns (a server answers meanwhile; its own imports wait their turn too). Reentrant in
        a thread: a write made inside an import (an erasure's rewrite) joins its turn."""
        local = self._thread_state()
        if self._engine is None or getattr(local, "import_turn", False):
            yield
            return
        with locks.held(
            self._engine.data_dir / IMPORT_LOCK,
            timeout=IMPORT_WAIT_TIMEOUT,
            what="another import into this data directory",
            on_wait=on_wait,
        ):
            local.import_turn = True
            try:
                yield
            finally:
                local.import_turn = False

    def setup_schema(self) -> None:
        for statement in self.queries.get("schema/setup").statements:
            try:
                self._graph.query(statement)
            except redis.exceptions.ResponseError as e:
                if "already indexed" not in str(e):
                    raise translate(e, "schema setup") from e
            except redis.exceptions.RedisError as e:
                raise translate(e, "schema setup") from e
        existing = self._constraints()
        for label in LABELS:
            if label in existing:
                continue
            try:
                self._client.connection.execute_command(
                    "GRAPH.CONSTRAINT",
                    "CREATE",
                    self._graph_name,
                    "UNIQUE",
                    "NODE",
                    label,
                    "PROPERTIES",
                    "1",
                    "id",
                )
            except redis.exceptions.ResponseError as e:
                if "already exists" not in str(e):
                    raise translate(e, f"unique constraint on {label}.id") from e
            except redis.exceptions.RedisError as e:
                raise translate(e, "schema setup") from e

    def _constraints(self) -> set[str]:
        try:
            rows = self._graph.ro_query("CALL db.constraints()").result_set
        except redis.exceptions.RedisError:
            return set()
        return {str(r[1]) for r in rows if r and r[0] == "UNIQUE" and list(r[2]) == ["id"]}

    def health(self) -> Health:
        try:
            counts = self.counts()
        except KamgraphError as e:
            return Health(False, "falkordb", self._location, str(e))
        return Health(True, "falkordb", self._location, counts=counts)

    def checkpoint(self) -> None:
        """Embedded only: start rewriting the append-only log as a snapshot, in the background,
        so that a restart (even after a crash) replays little (see engine.compact)."""
        if self._engine is None:
            return
        with contextlib.suppress(redis.exceptions.RedisError):
            self._client.connection.bgrewriteaof()

    def rewrite_files(self) -> bool:
        """Embedded only: the append-only log rewritten as one snapshot of what is stored now
        (the engine deletes the old log files when the rewrite is done)."""
        if self._engine is None:
            return False
        return embedded.compact(self._engine.socket_path)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        with contextlib.suppress(Exception):
            self._client.connection.close()
        if self._engine is not None:
            embedded.release(self._engine)
            self._engine = None

    def raw_graph(self) -> Any:
        """The FalkorDB client graph: for the import benchmark's floor measurement and for tests
        (query plans, copying or dropping a test graph); never for kamgraph's own queries."""
        return self._graph
