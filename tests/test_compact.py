"""FalkorDB's compact results read by `kamgraph.storage.compact` equal the client's own parse."""

from __future__ import annotations

from typing import Any

import pytest
from falkordb.query_result import QueryResult
from redis.exceptions import ResponseError

from kamgraph.storage import compact
from kamgraph.storage.base import GraphStore, plain

# Every type a query can return, scalars nested in lists and maps included.
VALUES = """
RETURN 1 AS i, -7 AS neg, 'x' AS s, '' AS empty, 'é ünï 😀' AS text, true AS t, false AS f,
       1.5 AS d, 0.1 + 0.2 AS sum, 1e300 * 10 AS big, null AS n, [] AS none,
       [1, 'a', [2.5, null], {k: false}] AS nested, {k: 1, m: [true, 'y'], o: {p: null}} AS map,
       date('2026-01-02') AS day, n0 AS node, r AS edge, p AS path
"""


def _raw(store: GraphStore, text: str) -> list[Any]:
    graph = store.raw_graph()  # type: ignore[attr-defined]
    response: list[Any] = graph.execute_command("GRAPH.RO_QUERY", graph.name, text, "--compact")
    return response


def test_every_type_reads_as_the_client_parses_it(falkor: GraphStore) -> None:
    graph = falkor.raw_graph()  # type: ignore[attr-defined]
    graph.query("CREATE (:Probe {name: 'a', n: 2})-[:LINK {w: 0.5}]->(:Probe {name: 'b'})")
    text = "MATCH p = (n0:Probe)-[r:LINK]->() " + VALUES
    response = _raw(falkor, text)
    client = QueryResult(graph, response)
    names = compact.columns(response)
    expected = [{c: plain(v) for c, v in zip(names, row, strict=True)} for row in client.result_set]
    got = compact.records(_raw(falkor, text), graph)
    assert got == expected
    row = got[0]
    assert (row["i"], row["s"], row["t"], row["f"], row["n"]) == (1, "x", True, False, None)
    # The engine sends doubles with 15 significant digits (both parsers read what it sent).
    assert row["sum"] == pytest.approx(0.1 + 0.2, rel=1e-14) and isinstance(row["d"], float)
    assert row["nested"] == [1, "a", [2.5, None], {"k": False}]
    assert row["map"] == {"k": 1, "m": [True, "y"], "o": {"p": None}}
    assert row["day"] == "2026-01-02"
    assert row["node"].properties == {"name": "a", "n": 2}


def test_no_rows_and_writes_without_return(falkor: GraphStore) -> None:
    graph = falkor.raw_graph()  # type: ignore[attr-defined]
    assert compact.records(_raw(falkor, "MATCH (n:Nothing) RETURN n.id AS id"), graph) == []
    assert compact.columns(_raw(falkor, "MATCH (n:Nothing) RETURN n.id AS id")) == ["id"]
    written = graph.execute_command("GRAPH.QUERY", graph.name, "CREATE (:Probe)", "--compact")
    assert compact.records(written, graph) == []


def test_a_runtime_error_is_raised(falkor: GraphStore) -> None:
    with pytest.raises(ResponseError):
        graph = falkor.raw_graph()  # type: ignore[attr-defined]
        compact.records(_raw(falkor, "RETURN toInteger({}) AS x"), graph)
