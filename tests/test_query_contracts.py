"""Every query's `// returns:` header is what the engine returns, column for column, in order.

Each query of the FalkorDB registry runs on the embedded engine loaded with the sample account,
with parameter values from tests/query_params.py (a parameter it does not know fails the test:
give it a value there). Reads run on one shared graph; writes on a throwaway copy of it, one per
query; schema statements on an empty graph. The result header is checked, not the rows, so a
query that finds nothing is checked as well (FalkorDB sends the header with no rows).
"""

from __future__ import annotations

import contextlib
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from falkordb import Graph

from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore
from kamgraph.storage.queries import DIALECTS, Query, Registry, registry, strip_comments
from tests.query_params import Sample, params_for, sample_of, sample_store

REGISTRY = registry("falkordb")
READS = [n for n in REGISTRY.names() if REGISTRY.get(n).mode == "read"]
WRITES = [n for n in REGISTRY.names() if REGISTRY.get(n).mode == "write"]
SCHEMAS = [n for n in REGISTRY.names() if REGISTRY.get(n).mode == "schema"]


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(sample_data: dict[str, Any]) -> Sample:
    return sample_of(sample_data)


@pytest.fixture(scope="module")
def sample_graph(engine_dir: Path, sample_data: dict[str, Any]) -> Iterator[FalkorStore]:
    """The sample account on the embedded engine, shared by the read queries."""
    yield from sample_store(engine_dir, sample_data)


@pytest.fixture
def sample_copy(engine_dir: Path, sample_graph: FalkorStore) -> Iterator[FalkorStore]:
    """A copy of the sample graph (GRAPH.COPY) for one write query, dropped afterwards."""
    name = f"contract{uuid.uuid4().hex[:12]}"
    sample_graph.raw_graph().copy(name)
    store = open_store(Settings(db=None, data_dir=engine_dir, graph=name))
    assert isinstance(store, FalkorStore)
    yield store
    store.raw_graph().delete()
    store.close()


@pytest.fixture
def empty_graph(sample_graph: FalkorStore) -> Iterator[Graph]:
    """A graph with nothing in it, not even the schema (a store would have set that up)."""
    graph = Graph(sample_graph.raw_graph().client, f"contract{uuid.uuid4().hex[:12]}")
    yield graph
    with contextlib.suppress(redis.exceptions.ResponseError):  # never created: nothing to drop
        graph.delete()


# --- the engine's header against the file's ------------------------------------------------------
@pytest.mark.parametrize("name", READS)
def test_read_returns_its_declared_columns(
    name: str, sample_graph: FalkorStore, sample: Sample
) -> None:
    query = REGISTRY.get(name)
    assert sample_graph.columns(name, **params_for(query, sample)) == query.returns


@pytest.mark.parametrize("name", WRITES)
def test_write_returns_its_declared_columns(
    name: str, sample_copy: FalkorStore, sample: Sample
) -> None:
    query = REGISTRY.get(name)
    assert sample_copy.columns(name, **params_for(query, sample)) == query.returns


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_statements_return_nothing(name: str, empty_graph: Graph) -> None:
    query = REGISTRY.get(name)
    assert query.returns == ()
    for statement in query.statements:
        assert empty_graph.query(statement).header == [], statement


def test_a_query_that_finds_nothing_still_has_its_columns_checked(
    sample_graph: FalkorStore, sample: Sample
) -> None:
    params = {**params_for(REGISTRY.get("account/team"), sample), "account": "no-such-account"}
    assert sample_graph.read("account/team", **params) == []
    assert sample_graph.columns("account/team", **params) == ("id", "name", "title", "role")


def test_every_query_is_checked() -> None:
    assert sorted(READS + WRITES + SCHEMAS) == REGISTRY.names()
    assert READS and WRITES and SCHEMAS


# --- what the files say about themselves, on both dialects --------------------------------------
_STRINGS = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_WRITE_CLAUSE = re.compile(r"(?<![.\w$])(CREATE|MERGE|DELETE|SET|REMOVE)\b", re.IGNORECASE)
_RETURN = re.compile(r"(?<![.\w$])RETURN\b", re.IGNORECASE)


def _body(query: Query) -> str:
    return _STRINGS.sub("''", strip_comments(query.text))


@pytest.mark.parametrize("dialect", DIALECTS)
def test_mode_says_whether_a_query_writes(dialect: str) -> None:
    """A query with a writing clause is `mode: write` (a read runs on shared data), and a
    `mode: write` query has one."""
    reg = Registry(dialect)  # type: ignore[arg-type]
    wrong = [
        name
        for name in reg.names()
        if (q := reg.get(name)).mode != "schema"
        and (q.mode == "write") != bool(_WRITE_CLAUSE.search(_body(q)))
    ]
    assert wrong == []


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_query_returns_columns_exactly_when_it_has_a_return(dialect: str) -> None:
    """`// returns:` left empty means the query has no RETURN (schema statements, writes that
    report nothing); a query with a RETURN names its columns."""
    reg = Registry(dialect)  # type: ignore[arg-type]
    wrong = [
        name
        for name in reg.names()
        if bool(reg.get(name).returns) != bool(_RETURN.search(_body(reg.get(name))))
    ]
    assert wrong == []
