"""Every query's `// returns:` header is what the engine returns, column for column, in order.

Each query of the FalkorDB registry runs on the embedded engine loaded with the sample account,
with parameter values from the tables below (a parameter no table knows fails the test: give it a
value there). Reads run on one shared graph; writes on a throwaway copy of it, one per query;
schema statements on an empty throwaway graph. The result header is checked, not the rows, so a
query that finds nothing is checked as well (FalkorDB sends the header with no rows).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis
from falkordb import Graph

from kamgraph.analysis.config import KEY_ROLES, ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.bundle import Bundle, validate
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.model import OPEN_STAGES
from kamgraph.interchange.tables import LINKS, SPECS, day_number, graph_row, link_rows
from kamgraph.settings import Settings
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore
from kamgraph.storage.queries import DIALECTS, Query, Registry, registry, strip_comments
from tests.conftest import embedded_settings

REGISTRY = registry("falkordb")
READS = [n for n in REGISTRY.names() if REGISTRY.get(n).mode == "read"]
WRITES = [n for n in REGISTRY.names() if REGISTRY.get(n).mode == "write"]
SCHEMAS = [n for n in REGISTRY.names() if REGISTRY.get(n).mode == "schema"]

DAY = day_number(SAMPLE_AS_OF)
QUARTER_AGO = day_number(SAMPLE_AS_OF - dt.timedelta(days=90))
CFG = AnalysisSettings()
# Rows a `$rows` write sends (a few are enough to exercise it).
ROWS_PER_WRITE = 3

# Parameters that mean the same in every query that takes them.
PARAMS: dict[str, Any] = {
    "account": SAMPLE_ACCOUNT,
    "day": DAY,
    "days": [QUARTER_AGO, DAY],
    "from": QUARTER_AGO,
    "to": DAY,
    "after": QUARTER_AGO,
    "until": DAY,
    "window": CFG.org_window_days,
    "kinds": list(ORG_LEVEL_KINDS),
    "open_stages": list(OPEN_STAGES),
    "key_roles": list(KEY_ROLES),
    "weights": CFG.weight_map(),
    "half_life": float(CFG.half_life_days),
    "declared_half_life": float(CFG.declared_half_life_days),
    "reporting": True,
    "up": float(CFG.reporting_up),
    "down": float(CFG.reporting_down),
    "tolerance": 1e-6,
    "limit": 10,
    "offset": 0,
}
# Parameters whose meaning depends on the query (`id` of an audit entry, `target` of an entry...).
PER_QUERY: dict[str, dict[str, Any]] = {
    "audit/append": {
        "id": "contract-audit-1",
        "at": "2026-11-20T09:00:00.000000+00:00",
        "who": "contract-test",
        "action": "create",
        "target": "tokens",
        "ids": ["contract-token", "reader"],
    },
    "auth/create_token": {
        "token": "contract-token",
        "role": "reader",
        "hash": "0" * 64,
        "created": "2026-11-20T09:00:00+00:00",
    },
    "auth/find_token": {"hash": "0" * 64},
    "auth/revoke_token": {"token": "contract-token"},
}


def _per_sample_query(sample: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Per-query parameters that name something of the sample."""
    return {"privacy/erase_person": {"id": sample["person"]}}


TABLE_QUERY = re.compile(
    r"^(crud/(?:delete|dependents)|bundle/(?:keys|rows)|ingest/(?:upsert|unlink))_(\w+)$"
)


def _sample_params(data: dict[str, Any]) -> dict[str, Any]:
    """Values taken from the sample itself (its JSON): sellers, people, key people, targets."""
    people = [str(p["id"]) for p in data["people"]]
    sellers = [str(s["id"]) for s in data["sellers"]]
    roles = data["roles"]
    deciders = sorted(
        {r["person"] for r in roles if r["role"] in ("economic_buyer", "decision_maker")}
    )
    key = sorted({r["person"] for r in roles if r["role"] in KEY_ROLES})
    # The person met most often among those an action targets: most per-person queries find rows.
    targeted = {p for a in data["actions"] for p in a["people"]}
    met = Counter(p for i in data["interactions"] for p in i["people"] if p in targeted)
    return {
        "sellers": sellers,
        "seller": sellers[0],
        "people": people,
        "person": min(met, key=lambda p: (-met[p], p)),
        "targets": deciders,
        "ours": dict.fromkeys(people, True),
        "key": dict.fromkeys(key, True),
    }


def _table_params(name: str, bundle: Bundle) -> dict[str, Any]:
    """For a query of one table (`crud/delete_people`, `ingest/upsert_roles`, ...): its key
    fields, `$keys` or `$rows`, from the first rows of that table in the sample."""
    if name.startswith("ingest/link_"):
        return {"rows": _link_rows(name.removeprefix("ingest/"), bundle)}
    found = TABLE_QUERY.match(name)
    if found is None:
        return {}
    kind, table = found[1], found[2]
    spec = SPECS[table]
    rows = bundle.rows(table)[:ROWS_PER_WRITE]
    assert rows, f"the sample has no {table} for {name}"
    if kind.startswith("crud/"):
        return spec.key_dict(rows[0])
    if kind == "bundle/rows":
        keys = [spec.key_of(r)[0] if spec.key == ("id",) else spec.key_dict(r) for r in rows]
        return {"keys": keys}
    if kind == "ingest/upsert":
        return {"rows": [graph_row(spec, r) for r in rows]}
    if kind == "ingest/unlink":
        return {"rows": [{"id": spec.key_of(r)[0]} for r in rows]}
    return {}  # bundle/keys_<table> takes `account` only


def _link_rows(query: str, bundle: Bundle) -> list[dict[str, Any]]:
    tables = [t for t, links in LINKS.items() if any(link.query == query for link in links)]
    if query == "link_actions_sellers":
        tables = ["actions"]
    assert len(tables) == 1, f"no table writes ingest/{query}"
    spec = SPECS[tables[0]]
    pairs = [p for row in bundle.rows(spec.name) for q, p in link_rows(spec, row) if q == query]
    # The sample has one account, so no SUBSIDIARY_OF pair: the query then links nothing (and
    # still returns its header).
    return pairs[:ROWS_PER_WRITE]


@dataclass(frozen=True)
class Sample:
    data: dict[str, Any]  # the sample's JSON
    bundle: Bundle  # the same, validated


def params_for(query: Query, sample: Sample) -> dict[str, Any]:
    base = query.name.partition("@")[0]
    found = _sample_params(sample.data)
    known = {
        **PARAMS,
        **found,
        **PER_QUERY.get(base, {}),
        **_per_sample_query(found).get(base, {}),
        **_table_params(base, sample.bundle),
    }
    unknown = sorted(query.params - known.keys())
    if unknown:
        pytest.fail(
            f"{query.name} takes {', '.join('$' + p for p in unknown)}, which the parameter "
            f"tables of {Path(__file__).name} do not know: add a sensible value there"
        )
    return {p: known[p] for p in query.params}


# --- fixtures ------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def sample(sample_data: dict[str, Any]) -> Sample:
    return Sample(sample_data, validate(sample_data))


@pytest.fixture(scope="module")
def sample_graph(engine_dir: Path, sample_data: dict[str, Any]) -> Iterator[FalkorStore]:
    """The sample account on the embedded engine, shared by the read queries."""
    store = open_store(embedded_settings(engine_dir))
    assert isinstance(store, FalkorStore)
    import_data(store, sample_data)
    yield store
    store.raw_graph().delete()
    store.close()


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
