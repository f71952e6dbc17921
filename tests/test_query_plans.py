"""Per-account, per-seller and per-person queries reach interactions from what they are about.

An account's (a seller's, a person's) interactions are a small part of all of them: such a query
must start from the account, seller or person by its id and traverse to the interactions, never
read every interaction and filter (the cost then grows with the whole database, not with the
account). For every such query of the registry (derived: its text matches `:Interaction` and it
takes one of SCOPES), FalkorDB's plan (GRAPH.EXPLAIN) is checked for an operation that starts
from Interaction nodes (a label scan of every one, or an index scan, say over a date range of
every account) or from every node (All Node Scan).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from falkordb.execution_plan import Operation

from kamgraph.storage.falkordb import FalkorStore
from kamgraph.storage.queries import Registry, registry
from tests.query_params import Sample, params_for, sample_of, sample_store

# Parameters that name what a query is about: one account, sellers, one person or a few people.
SCOPES = frozenset({"account", "seller", "sellers", "person", "people"})
_INTERACTION = re.compile(r":Interaction\b")

# Scoped queries that may start from interactions, each with the reason.
ALLOWED_SCANS: dict[str, str] = {
    "bundle/keys_interactions": (
        "export and the row listing: $account may be null (every interaction of the database), "
        "and one query serves both cases, so it scans every interaction and keeps those with a "
        "person of $account"
    ),
    "ties/refresh": (
        "finds the interactions about to be deleted by their ids ($without, an index lookup of "
        "those few ids), whose people's aggregates are recomputed"
    ),
}


def scoped_queries(reg: Registry) -> list[str]:
    """The read and write queries that touch interactions and take an account, seller or
    person parameter."""
    return [
        name
        for name in reg.names()
        if (q := reg.get(name)).mode != "schema"
        and _INTERACTION.search(q.text)
        and q.params & SCOPES
    ]


REGISTRY = registry("falkordb")
SCOPED = scoped_queries(REGISTRY)


def operations(op: Operation) -> Iterator[Operation]:
    yield op
    for child in op.children:
        yield from operations(child)


def interaction_scans(plan: Operation) -> list[str]:
    """The plan's operations that start from every node or from Interaction nodes (scans and
    seeks are where a plan's branches start; traversals into interactions are fine)."""
    return [
        str(op)
        for op in operations(plan)
        if op.name == "All Node Scan"
        or (
            ("Scan" in op.name or "Seek" in op.name)
            and _INTERACTION.search(op.args or "") is not None
        )
    ]


def plan_of(store: FalkorStore, text: str, params: dict[str, Any]) -> Operation:
    plan: Operation = store.raw_graph().explain(text, params).structured_plan
    return plan


@pytest.fixture(scope="module")
def sample(sample_data: dict[str, Any]) -> Sample:
    return sample_of(sample_data)


@pytest.fixture(scope="module")
def sample_graph(engine_dir: Path, sample_data: dict[str, Any]) -> Iterator[FalkorStore]:
    """Plans are made on the sample with its schema: indexes decide where a plan can start."""
    yield from sample_store(engine_dir, sample_data)


@pytest.mark.parametrize("name", [n for n in SCOPED if n not in ALLOWED_SCANS])
def test_scoped_query_does_not_start_from_interactions(
    name: str, sample_graph: FalkorStore, sample: Sample
) -> None:
    query = REGISTRY.get(name)
    plan = plan_of(sample_graph, query.text, params_for(query, sample))
    assert interaction_scans(plan) == [], f"{name} starts from interactions:\n{plan}"


@pytest.mark.parametrize("name", sorted(ALLOWED_SCANS))
def test_allowed_scans_are_still_needed(
    name: str, sample_graph: FalkorStore, sample: Sample
) -> None:
    """An allowed query that no longer scans leaves the allow-list (so it is checked again)."""
    assert name in SCOPED, f"{name} is not a scoped query (any more): drop it from ALLOWED_SCANS"
    query = REGISTRY.get(name)
    assert interaction_scans(plan_of(sample_graph, query.text, params_for(query, sample)))


def test_the_scoped_queries_are_found() -> None:
    """The derivation finds the per-account, per-seller and per-person reads (a typo in it
    would silently check nothing)."""
    expected = {
        "account/interactions_by_kind",
        "activity/daily",
        "activity/touched",
        "analysis/org_events",
        "analysis/recent_by_interactions",
        "analysis/last_interactions",
        "analysis/strengths",
    }
    assert expected <= set(SCOPED)
    assert "portfolio/last_touches" not in SCOPED  # every account's: no scope parameter


# --- the detector on queries that regressed -----------------------------------------------------
BAD = {
    "label scan, then a filter": "MATCH (i:Interaction) WHERE i.account = $account RETURN i",
    "every node": "MATCH (n) WHERE n.account = $account RETURN n",
    "every account's interactions in a date range (index scan), then the account": (
        "MATCH (i:Interaction) WHERE i.date_day > $day "
        "MATCH (i)-[:WITH_PERSON]->(:Person)-[:EMPLOYED_BY]->(a:Account {id: $account}) "
        "RETURN count(i) AS n"
    ),
    "a Cartesian product with every interaction": (
        "MATCH (a:Account {id: $account}) MATCH (i:Interaction) RETURN count(i) AS n"
    ),
}
GOOD = {
    "from the account": (
        "MATCH (a:Account {id: $account})<-[:EMPLOYED_BY]-(:Person)<-[:WITH_PERSON]-"
        "(i:Interaction) RETURN count(i) AS n"
    ),
    "from the sellers, written the other way round": (
        "MATCH (i:Interaction)-[:WITH_SELLER]->(s:Seller) WHERE s.id IN $sellers "
        "RETURN count(i) AS n"
    ),
}
EXAMPLE_PARAMS = {"account": "nordwind", "day": 20000, "sellers": ["s1"]}


@pytest.mark.parametrize("text", BAD.values(), ids=BAD.keys())
def test_the_detector_flags_a_query_that_starts_from_interactions(
    text: str, sample_graph: FalkorStore
) -> None:
    assert interaction_scans(plan_of(sample_graph, text, EXAMPLE_PARAMS))


@pytest.mark.parametrize("text", GOOD.values(), ids=GOOD.keys())
def test_the_detector_passes_a_query_that_traverses_to_interactions(
    text: str, sample_graph: FalkorStore
) -> None:
    assert interaction_scans(plan_of(sample_graph, text, EXAMPLE_PARAMS)) == []


# Real queries without the `WITH` that makes FalkorDB start from the account or the seller.
REGRESSIONS = {
    "analysis/org_events": (
        "MATCH (a:Account {id: $account})\nWITH a\nMATCH (a)<-",
        "MATCH (a:Account {id: $account})<-",
    ),
    "activity/touched": (
        "MATCH (s:Seller {id: sid})\nWITH s\nMATCH (s)<-",
        "MATCH (s:Seller {id: sid})<-",
    ),
}


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_a_regressed_query_file_is_derived_and_caught(
    name: str, tmp_path: Path, sample_graph: FalkorStore, sample: Sample
) -> None:
    """The whole path on a query file: the query without its guard is picked up as scoped, and
    its plan, which then starts from the date index of every interaction, is flagged."""
    real = REGISTRY.get(name)
    guard, unguarded = REGRESSIONS[name]
    assert guard in real.text
    path = tmp_path / f"{name}.cypher"
    path.parent.mkdir(parents=True)
    path.write_text(real.text.replace(guard, unguarded))
    bad = Registry("falkordb", tmp_path)
    assert scoped_queries(bad) == [name]
    query = bad.get(name)
    assert interaction_scans(plan_of(sample_graph, query.text, params_for(query, sample)))
    assert interaction_scans(plan_of(sample_graph, real.text, params_for(real, sample))) == []
