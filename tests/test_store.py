"""The GraphStore port: parameter checks, error translation, plain results, batches."""

from __future__ import annotations

from pathlib import Path

import pytest

from kamgraph.errors import ConflictError, DatabaseUnavailable, QueryError
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store
from kamgraph.storage.queries import Query
from tests.conftest import break_engine_start


def _query(text: str, mode: str = "write") -> Query:
    return Query("test/adhoc", text, frozenset(), ("n",), mode, Path("adhoc.cypher"))  # type: ignore[arg-type]


def test_duplicate_id_is_a_conflict(store: GraphStore) -> None:
    store.write_batches("ingest/upsert_sellers", [{"id": "s1", "props": {"id": "s1"}}])
    with pytest.raises(ConflictError, match="duplicate id"):
        store._run(_query("CREATE (:Seller {id: 's1'})"), "CREATE (:Seller {id: 's1'})", {}, True)


def test_bad_cypher_is_a_query_error_naming_the_query(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="test/adhoc"):
        store._run(_query("MATCH (n RETURN n"), "MATCH (n RETURN n", {}, True)


def test_parameters_must_match_the_header(store: GraphStore) -> None:
    with pytest.raises(QueryError, match=r"missing parameters \['rows'\]"):
        store.write("ingest/upsert_sellers")
    with pytest.raises(QueryError, match=r"unexpected \['extra'\]"):
        store.write("ingest/upsert_sellers", rows=[], extra=1)


def test_a_write_query_cannot_run_as_a_read(store: GraphStore) -> None:
    with pytest.raises(QueryError, match="writes; call write"):
        store.read("ingest/upsert_sellers", rows=[])


def test_values_travel_as_parameters_never_as_text(store: GraphStore) -> None:
    nasty = "x'}) DETACH DELETE n //"
    store.write_batches("ingest/upsert_sellers", [{"id": nasty, "props": {"id": nasty}}])
    assert store.read("bundle/rows_sellers", keys=[nasty]) == [{"props": {"id": nasty}}]


def test_write_batches_reports_progress_per_batch(store: GraphStore) -> None:
    seen: list[int] = []
    rows = [{"id": f"s{i}", "props": {"id": f"s{i}"}} for i in range(25)]
    sent = store.write_batches("ingest/upsert_sellers", rows, batch_size=10, progress=seen.append)
    assert sent == 25 and sorted(seen) == [5, 10, 10]
    assert store.counts()["Seller"] == 25


def test_results_are_plain_python(store: GraphStore) -> None:
    store.write_batches("ingest/upsert_sellers", [{"id": "s1", "props": {"id": "s1", "n": 2}}])
    (row,) = store.read("bundle/rows_sellers", keys=["s1"])
    assert type(row["props"]) is dict and row == {"props": {"id": "s1", "n": 2}}


def test_schema_setup_is_idempotent(store: GraphStore) -> None:
    store.setup_schema()
    store.setup_schema()
    assert store.health().ok


def test_a_killed_engine_is_started_again_and_nothing_is_lost(tmp_path: Path) -> None:
    s = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        s.write_batches("ingest/upsert_sellers", [{"id": "s1", "props": {"id": "s1"}}])
        engine = s._engine  # type: ignore[attr-defined]
        first = engine.process.pid
        engine.process.kill()
        engine.process.wait()
        assert s.counts()["Seller"] == 1  # revived on the next query
        assert engine.process.pid != first
    finally:
        s.close()


def test_engine_that_cannot_come_back_is_unavailable_until_it_can(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = open_store(Settings(db=None, data_dir=tmp_path))
    try:
        engine = s._engine  # type: ignore[attr-defined]
        repair = break_engine_start(monkeypatch, tmp_path)
        engine.process.kill()
        engine.process.wait()
        with pytest.raises(DatabaseUnavailable, match="FalkorDB is unreachable"):
            s.counts()
        health = s.health()
        assert not health.ok and "unreachable" in health.detail
        repair()
        assert s.health().ok  # recovered without reopening the store
    finally:
        s.close()


def test_neo4j_url_without_a_server_is_unavailable() -> None:
    settings = Settings(db="bolt://127.0.0.1:1", neo4j_password="x")
    with pytest.raises(DatabaseUnavailable, match="Neo4j is unreachable"):
        open_store(settings)
