"""Neo4j's own analyzer checks the Neo4j variant of every query file (no FalkorDB-only Cypher)."""

from __future__ import annotations

from typing import Any

import pytest

from kamgraph.storage.queries import Registry
from tests import lintcypher

SAMPLE_VALUES: dict[str, Any] = {"rows": [], "keys": [], "account": "acme", "limit": 10, "day": 0}


@pytest.fixture(scope="module")
def ready() -> None:
    reason = lintcypher.node_ready()
    if reason is not None:
        pytest.fail(f"the Cypher lint cannot run: {reason} (make test installs it)")


def _items() -> list[dict[str, object]]:
    registry = Registry("neo4j")
    items: list[dict[str, object]] = []
    for name in registry.names():
        query = registry.get(name)
        params = {p: SAMPLE_VALUES.get(p, "x") for p in query.params}
        for n, statement in enumerate(query.statements):
            label = name if len(query.statements) == 1 else f"{name}#{n}"
            items.append({"name": label, "query": statement, "parameters": params})
    return items


def test_every_neo4j_query_passes_the_neo4j_analyzer(ready: None) -> None:
    items = _items()
    assert len(items) > 60
    results = lintcypher.lint(items)
    failures = {
        name: [d["message"] for d in lintcypher.errors(diags)]
        for name, diags in results.items()
        if lintcypher.errors(diags)
    }
    assert failures == {}


def test_the_lint_catches_falkordb_only_cypher(ready: None) -> None:
    results = lintcypher.lint(
        [
            {
                "name": "falkor_bfs",
                "query": "MATCH (n:Person {id: $id}) CALL algo.BFS(n, 3, 'KNOWS') "
                "YIELD nodes RETURN nodes",
                "parameters": {"id": "p1"},
            },
            {
                "name": "falkor_index",
                "query": "CREATE INDEX ON :Person(id)",
                "parameters": {},
            },
            {"name": "undeclared", "query": "RETURN $nope AS x", "parameters": {}},
            {"name": "fine", "query": "RETURN $x AS x", "parameters": {"x": 1}},
        ]
    )
    assert lintcypher.errors(results["falkor_bfs"])
    assert any("algo.BFS" in str(d["message"]) for d in results["falkor_bfs"])
    assert lintcypher.errors(results["falkor_index"])
    assert lintcypher.errors(results["undeclared"])
    assert lintcypher.errors(results["fine"]) == []
