"""Neo4j backend: the official driver, managed transactions with its retries, routing URIs."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j import Driver, GraphDatabase, RoutingControl
from neo4j import exceptions as nx

from kamgraph.errors import ConflictError, DatabaseUnavailable, KamgraphError, QueryError
from kamgraph.settings import Settings, redact
from kamgraph.storage.base import GraphStore, Health, Record, Unit, plain
from kamgraph.storage.queries import Query

# One driver per process and URL: drivers own connection pools and are meant to be shared.
_drivers: dict[tuple[str, str], tuple[Driver, int]] = {}
_drivers_lock = threading.Lock()


def translate(error: Exception, what: str) -> KamgraphError:
    message = redact(getattr(error, "message", None) or str(error))
    if isinstance(error, nx.AuthError):
        return DatabaseUnavailable(f"Neo4j refused the credentials ({what})")
    if isinstance(error, nx.ServiceUnavailable | nx.SessionExpired | OSError):
        return DatabaseUnavailable(f"Neo4j is unreachable ({what}): {message}")
    if isinstance(error, nx.ConstraintError):
        return ConflictError(f"duplicate id ({what}): {message}")
    if isinstance(error, nx.TransientError):
        return DatabaseUnavailable(f"Neo4j could not complete {what} (transient): {message}")
    return QueryError(f"Neo4j rejected {what}: {message}")


def _acquire_driver(url: str, user: str, password: str) -> Driver:
    key = (url, user)
    with _drivers_lock:
        driver, users = _drivers.get(key, (None, 0))
        if driver is None:
            driver = GraphDatabase.driver(url, auth=(user, password))
        _drivers[key] = (driver, users + 1)
        return driver


def _release_driver(url: str, user: str) -> None:
    key = (url, user)
    with _drivers_lock:
        driver, users = _drivers.get(key, (None, 0))
        if driver is None:
            return
        if users <= 1:
            del _drivers[key]
            driver.close()
        else:
            _drivers[key] = (driver, users - 1)


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(
        self,
        url: str,
        user: str,
        password: str,
        database: str | None,
        location: str,
        batch_size: int = 5000,
        timeout_ms: int = 0,
    ) -> None:
        self._url, self._user = url, user
        self._driver = _acquire_driver(url, user, password)
        self._database = database
        self._location = location
        self.batch_size = batch_size
        self._timeout = timeout_ms / 1000 if timeout_ms else None
        self._closed = False

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        assert settings.db is not None
        try:
            store = cls(
                settings.db,
                settings.neo4j_user,
                settings.neo4j_password.get_secret_value(),
                settings.neo4j_database,
                settings.redacted_db(),
                settings.batch_size,
                settings.query_timeout_ms,
            )
        except nx.DriverError as e:  # a URL the driver refuses (its message repeats the URL)
            raise translate(e, "connecting") from e
        try:
            # Fail fast when the server is not there: a managed transaction would retry ~30 s.
            store._driver.verify_connectivity()
            store.setup_schema()
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            store.close()
            raise translate(e, "connecting") from e
        except BaseException:
            store.close()
            raise
        return store

    @property
    def location(self) -> str:
        return self._location

    def _run(self, query: Query, text: str, params: Mapping[str, Any], write: bool) -> list[Record]:
        routing = RoutingControl.WRITE if write else RoutingControl.READ
        q: Any = neo4j.Query(text, timeout=self._timeout) if self._timeout else text
        try:
            # execute_query runs a managed transaction: the driver retries transient failures.
            result = self._driver.execute_query(
                q, dict(params), database_=self._database, routing_=routing
            )
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise translate(e, f"query {query.name}") from e
        return [
            {k: plain(v) for k, v in record.items()}  # type: ignore[no-untyped-call]
            for record in result.records
        ]

    # --- all-or-nothing writes: one explicit transaction, streamed as the writes come --------
    def _begin(self) -> Unit:
        session = self._driver.session(database=self._database)
        try:
            tx = session.begin_transaction(timeout=self._timeout)
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            session.close()
            raise translate(e, "starting a write") from e
        return Unit(state=(session, tx))

    def _queue(self, unit: Unit, query: Query, text: str, params: Mapping[str, Any]) -> None:
        _, tx = unit.state
        try:
            tx.run(text, dict(params)).consume()
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise translate(e, f"query {query.name}") from e

    def _commit(self, unit: Unit) -> None:
        session, tx = unit.state
        try:
            tx.commit()
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            raise translate(e, "committing a write") from e
        finally:
            session.close()

    def _abort(self, unit: Unit) -> None:
        session, tx = unit.state
        try:
            tx.rollback()
        except (nx.Neo4jError, nx.DriverError, OSError):
            pass  # the server rolls back a transaction whose session is gone
        finally:
            session.close()

    def setup_schema(self) -> None:
        for statement in self.queries.get("schema/setup").statements:
            try:
                self._driver.execute_query(
                    statement, database_=self._database, routing_=RoutingControl.WRITE
                )
            except (nx.Neo4jError, nx.DriverError, OSError) as e:
                raise translate(e, "schema setup") from e

    def health(self) -> Health:
        try:
            self._driver.verify_connectivity()
            counts = self.counts()
        except (nx.Neo4jError, nx.DriverError, OSError) as e:
            return Health(False, "neo4j", self._location, str(translate(e, "health check")))
        except KamgraphError as e:
            return Health(False, "neo4j", self._location, str(e))
        return Health(True, "neo4j", self._location, counts=counts)

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            _release_driver(self._url, self._user)
