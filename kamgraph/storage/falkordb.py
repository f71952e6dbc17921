"""FalkorDB backend: the embedded engine (unix socket) or a FalkorDB server (`falkordb://`)."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

import redis
from falkordb import FalkorDB
from redis.backoff import NoBackoff
from redis.retry import Retry

from kamgraph.errors import (
    ConflictError,
    DatabaseUnavailable,
    InvalidInput,
    KamgraphError,
    QueryError,
)
from kamgraph.interchange.tables import LABELS
from kamgraph.settings import Settings
from kamgraph.storage import compact, locks
from kamgraph.storage import engine as embedded
from kamgraph.storage.base import GraphStore, Health, Record, Unit
from kamgraph.storage.engine import EmbeddedEngine, Verdict
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


class _Restarted(DatabaseUnavailable):
    """The engine stopped answering during a unit and was restarted (see FalkorStore._await)."""


def _restarted_message(exec_sent: bool) -> str:
    # Before EXEC the queued queries live only in the engine's memory, gone with it. At EXEC the
    # engine may have written the transaction to its AOF just before it stopped: then the
    # restart replays all of it (the AOF holds whole transactions), else none of it.
    if not exec_sent:
        return (
            "the database engine stopped answering and was restarted;"
            " nothing of this write was applied"
        )
    return (
        "the database engine stopped answering while applying this write and was restarted;"
        " the write was applied whole or not at all: check before retrying"
    )


def _embedded_client(engine: embedded.EmbeddedEngine, timeout: float) -> FalkorDB:
    """A client of the embedded engine whose every answer is awaited at most `timeout` s (a
    stuck engine must become an error, never an endless wait), and that never resends a
    command on its own (a write sent twice, or after a restart, is not ours to decide)."""
    try:
        return FalkorDB(
            unix_socket_path=str(engine.socket_path),
            socket_timeout=timeout,
            socket_connect_timeout=engine.ping_timeout,
            retry=Retry(NoBackoff(), 0),
        )
    except redis.exceptions.TimeoutError:
        raise  # mute: the caller has the engine checked (see FalkorStore.embedded)
    except redis.exceptions.RedisError as e:  # the constructor asks the engine (INFO) already
        raise translate(e, "connecting to the embedded engine") from e


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
        answer_timeout: float = 300.0,
    ) -> None:
        self._client = client
        self._graph_name = graph
        self._graph = client.select_graph(graph)
        # The schema setup and the health ping wait only the engine's short ping timeout.
        self._quick = client
        self._answer_timeout = answer_timeout
        self._location = location
        self._engine = engine
        self.batch_size = batch_size
        self._timeout = timeout_ms or None
        self._closed = False

    @classmethod
    def embedded(cls, settings: Settings) -> FalkorStore:
        engine = embedded.acquire(
            settings.data_dir, settings.engine_start_timeout, settings.engine_ping_timeout
        )
        try:
            try:
                store = cls._on_engine(engine, settings)
            except redis.exceptions.TimeoutError:
                # Mute already (the client asks the engine at once): restart it if stuck.
                engine.recover()
                store = cls._on_engine(engine, settings)
            store.setup_schema()
        except redis.exceptions.RedisError as e:
            embedded.release(engine)
            raise translate(e, "connecting to the embedded engine") from e
        except BaseException:
            embedded.release(engine)
            raise
        return store

    @classmethod
    def _on_engine(cls, engine: EmbeddedEngine, settings: Settings) -> FalkorStore:
        store = cls(
            _embedded_client(engine, settings.engine_answer_timeout),
            settings.graph,
            f"embedded FalkorDB in {settings.data_dir}",
            engine,
            settings.batch_size,
            settings.query_timeout_ms,
            settings.engine_answer_timeout,
        )
        store._quick = _embedded_client(engine, engine.ping_timeout)
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
        return compact.records(self._result(query, text, params, write), self._graph)

    def columns(self, name: str, **params: Any) -> tuple[str, ...]:
        """The column names query `name` returns, in order: the engine's result header, which
        comes back even when no row does. Runs the query (as a write when it writes): for
        checking the `// returns:` headers against the engine."""
        write = self.queries.get(name).mode != "read"
        query = self._checked(name, params, write)
        response = self._result(query, query.text, params, write)
        compact.check(response, self._graph)
        return tuple(compact.columns(response))

    def _result(self, query: Query, text: str, params: Mapping[str, Any], write: bool) -> Any:
        # Bundle rows were checked by the model already.
        _refuse_nul(query, {k: v for k, v in params.items() if k != "rows"})
        try:
            result = self._send(text, params, write)
        except redis.exceptions.TimeoutError as e:
            return self._after_silence(query, text, params, write, e)
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

    def _after_silence(
        self, query: Query, text: str, params: Mapping[str, Any], write: bool, error: Exception
    ) -> Any:
        """A query not answered within the answer timeout: a stuck engine is restarted and a
        read runs again on it; a write is not resent (it may have been applied)."""
        what = f"query {query.name}"
        verdict = self._recover(error, what)
        if verdict == "restarted" and not write:
            try:
                return self._send(text, params, write)
            except redis.exceptions.RedisError as again:
                raise translate(again, what) from again
        if verdict == "restarted":
            raise DatabaseUnavailable(
                f"the database engine stopped answering {what} and was restarted; the write"
                " was applied whole or not at all: check before retrying"
            ) from error
        state = "busy" if verdict == "busy" else "answering other clients"
        maybe = "; the write may still be applied" if write else ""
        raise DatabaseUnavailable(
            f"the database engine did not answer {what} within {self._answer_timeout:.0f} s"
            f" (it is {state}){maybe}"
        ) from error

    def _recover(self, error: Exception, what: str) -> Verdict:
        """Embedded: have the engine checked and, if stuck, restarted (then reconnect). A server
        is not ours to restart: its timeout is the error."""
        if self._engine is None:
            raise translate(error, what) from error
        verdict = self._engine.recover()
        if verdict == "restarted":
            self._reconnect()
        return verdict

    def _send(self, text: str, params: Mapping[str, Any], write: bool) -> Any:
        """The engine's raw compact response (parsed by `kamgraph.storage.compact`), sent as
        the client's `query`/`ro_query` sends it."""
        command: list[Any] = [
            "GRAPH.QUERY" if write else "GRAPH.RO_QUERY",
            self._graph_name,
            self._graph._build_params_header(dict(params)) + text,
            "--compact",
        ]
        if self._timeout is not None:
            command += ["timeout", self._timeout]
        return self._graph.execute_command(*command)

    # --- all-or-nothing writes: one MULTI ... EXEC on a connection of the unit's own ---------
    # The engine queues the unit's queries as they arrive (the client holds none of them) and
    # runs them all at EXEC with no other command in between, so readers see before or after;
    # the append-only file gets the whole transaction or none of it. A client that dies before
    # EXEC closes its connection, and the engine drops what it queued.
    def _begin(self) -> Unit:
        try:
            return self._multi()
        except _Restarted:
            pass  # nothing was queued: start over on the engine started again
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
            self._await(conn, exec_sent=False)
            conn.read_response()
        except BaseException:
            pool.release(conn)
            raise
        return Unit(state=(pool, conn))

    def _queue(self, unit: Unit, query: Query, text: str, params: Mapping[str, Any]) -> None:
        # Everything the engine would refuse at EXEC must be refused here: EXEC applies the
        # queries that succeed even when one fails. A NUL anywhere in the parameters is one in
        # the command (the client writes them into it as they are): one scan of the command,
        # and the walk over the parameters only to name the one that holds it.
        _, conn = unit.state
        command = self._graph._build_params_header(dict(params)) + text
        if "\x00" in command:
            _refuse_nul(query, params)
            raise InvalidInput(f"a parameter of {query.name} holds a NUL character")
        try:
            conn.send_command("GRAPH.QUERY", self._graph_name, command, "--compact")
            self._await(conn, exec_sent=False)
            conn.read_response()  # QUEUED, or the error of a query the engine cannot parse
        except redis.exceptions.RedisError as e:
            raise translate(e, f"query {query.name}") from e

    def _commit(self, unit: Unit) -> None:
        pool, conn = unit.state
        try:
            conn.send_command("EXEC")
            self._await(conn, exec_sent=True)
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

    def _await(self, conn: Any, exec_sent: bool) -> None:
        """Embedded: wait for the answer on a unit's connection as long as the engine works.

        Why not a plain socket timeout: an import is one EXEC, which may run for minutes on the
        engine's main thread (no fixed bound fits every bundle). So the engine is checked at
        every silent ping window: busy (its CPU time grows) is waited for; mute and idle is
        stuck, restarted (see engine.recover), and the unit fails with a message saying what
        became of its write. Silent on a connection while the engine answers pings is waited
        for up to the answer timeout."""
        if self._engine is None:
            return
        quiet_since = time.monotonic()
        while not conn.can_read(timeout=self._engine.ping_timeout):
            verdict = self._recover(redis.exceptions.TimeoutError("no answer"), "a write")
            if verdict == "busy":
                quiet_since = time.monotonic()
            elif verdict == "restarted":
                conn.disconnect()
                raise _Restarted(_restarted_message(exec_sent))
            elif time.monotonic() - quiet_since > self._answer_timeout:
                conn.disconnect()
                raise DatabaseUnavailable(
                    f"the database engine did not answer a write within"
                    f" {self._answer_timeout:.0f} s"
                )

    def _reconnect(self) -> None:
        """New clients on the engine's (possibly new) socket; the old connections are dropped."""
        assert self._engine is not None
        for old in {id(self._client): self._client, id(self._quick): self._quick}.values():
            with contextlib.suppress(Exception):
                old.connection.close()
        try:
            self._client = _embedded_client(self._engine, self._answer_timeout)
            self._quick = _embedded_client(self._engine, self._engine.ping_timeout)
        except redis.exceptions.TimeoutError as e:
            raise translate(e, "reconnecting to the embedded engine") from e
        self._graph = self._client.select_graph(self._graph_name)

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
            try:
                self._reconnect()
            except DatabaseUnavailable:
                return False
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
        """Indexes and constraints, on the quick client: a fresh engine that does not answer
        this (it happens, see engine.recover) is restarted, and the setup runs once more."""
        try:
            self._setup_schema()
        except redis.exceptions.TimeoutError as e:
            if self._recover(e, "schema setup") != "restarted":
                raise translate(e, "schema setup") from e
            try:
                self._setup_schema()
            except redis.exceptions.RedisError as again:
                raise translate(again, "schema setup") from again
        except redis.exceptions.RedisError as e:
            raise translate(e, "schema setup") from e

    def _setup_schema(self) -> None:
        graph = self._quick.select_graph(self._graph_name)
        for statement in self.queries.get("schema/setup").statements:
            try:
                graph.query(statement)
            except redis.exceptions.ResponseError as e:
                if "already indexed" not in str(e):
                    raise translate(e, "schema setup") from e
        existing = self._constraints(graph)
        for label in LABELS:
            if label in existing:
                continue
            try:
                self._quick.connection.execute_command(
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

    def _constraints(self, graph: Any) -> set[str]:
        try:
            rows = graph.ro_query("CALL db.constraints()").result_set
        except redis.exceptions.TimeoutError:
            raise
        except redis.exceptions.RedisError:
            return set()
        return {str(r[1]) for r in rows if r and r[0] == "UNIQUE" and list(r[2]) == ["id"]}

    def health(self) -> Health:
        try:
            self._ping()
            counts = self.counts()
        except KamgraphError as e:
            return Health(False, "falkordb", self._location, str(e))
        return Health(True, "falkordb", self._location, counts=counts)

    def _ping(self) -> None:
        """The health ping, on the quick client: a stuck engine is restarted (see recover)."""
        try:
            self._quick.connection.ping()
        except redis.exceptions.TimeoutError as e:
            if self._recover(e, "ping") != "restarted":
                raise translate(e, "ping") from e
        except redis.exceptions.RedisError:
            pass  # a lost connection: the counts that follow revive the engine (see _result)

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
        for client in {id(self._client): self._client, id(self._quick): self._quick}.values():
            with contextlib.suppress(Exception):
                client.connection.close()
        if self._engine is not None:
            embedded.release(self._engine)
            self._engine = None

    def raw_graph(self) -> Any:
        """The FalkorDB client graph: for the import benchmark's floor measurement and for tests
        (query plans, copying or dropping a test graph); never for kamgraph's own queries."""
        return self._graph
