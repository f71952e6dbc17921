"""Parameter values for running any query of the registry on the sample account.

Shared by the query contract and plan tests: `params_for(query, sample)` gives a value for every
parameter a query declares, from the tables here, and fails the test on a parameter they do not
know (give it a sensible value here).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from kamgraph.analysis.config import KEY_ROLES, ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF
from kamgraph.interchange.bundle import Bundle, validate
from kamgraph.interchange.ingest import import_data
from kamgraph.interchange.model import OPEN_STAGES
from kamgraph.interchange.tables import LINKS, SPECS, day_number, graph_row, link_rows
from kamgraph.storage import open_store
from kamgraph.storage.falkordb import FalkorStore
from kamgraph.storage.queries import Query
from tests.conftest import embedded_settings

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
    "domains": ["nordwind.example", "nobody.example"],
    "only": ["nordwind", "nw-p02", "s1", "nw-o1", "nw-fin"],  # names/<table>: one of each
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
        "expires": "2027-02-18T09:00:00+00:00",
        "seller": None,
    },
    "auth/find_token": {"hash": "0" * 64},
    "workspace/names_of": {"ids": ["s1", "nw-p02", "unknown-id"]},
    "ties/refresh": {"without": [], "tail_days": 365},
    "ties/set_meta": {"version": 2, "tail_days": 365},
    "admin/stamp": {"token": "contract-stamp"},
    "ties/create": {  # one pair's TIE, as kamgraph.interchange.ties.Touches makes it
        "rows": [
            {
                "seller": "s1",
                "person": "nw-p02",
                "last": 20687,
                "h": 90.0,
                "w": 365,
                "a0": 0.5,
                "head0": 0.0,
                "head_last": -1000000,
                "kinds": ["meeting"],
                "full": [1.0],
                "head": [0.0],
                "tail_day": [20687],
                "tail_kind": ["meeting"],
                "tail_w0": [0.5],
            }
        ]
    },
    "ties/with_interactions": {"people": ["nw-p02", "no-such-person"]},
    "workspace/deal": {"opportunity": "nw-o1"},
    "auth/revoke_token": {"token": "contract-token"},
    "auth/create_user": {
        "user": "contract-user",
        "role": "reader",
        "hash": "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        "seller": None,
        "created": "2026-11-20T09:00:00+00:00",
    },
    "auth/find_user": {"user": "contract-user"},
    "auth/remove_user": {"user": "contract-user"},
    "auth/set_user_hash": {"user": "contract-user", "hash": "$argon2id$v=19$x"},
    "auth/create_session": {
        "hash": "1" * 64,
        "user": "contract-user",
        "created": "2026-11-20T09:00:00.000000+00:00",
        "expires": "2026-11-20T21:00:00.000000+00:00",
        "seen": "2026-11-20T09:00:00.000000+00:00",
    },
    "auth/find_session": {"hash": "1" * 64},
    "auth/touch_session": {"hash": "1" * 64, "seen": "2026-11-20T09:05:00.000000+00:00"},
    "auth/end_session": {"hash": "1" * 64},
    "auth/end_user_sessions": {"user": "contract-user"},
    "auth/purge_sessions": {"now": "2026-11-20T09:00:00.000000+00:00"},
    "auth/signin_counter": {"key": "user:contract-user"},
    "auth/count_signin_attempt": {
        "key": "user:contract-user",
        "now": "2026-11-20T09:00:00.000000+00:00",
    },
    "auth/lock_signin": {
        "key": "user:contract-user",
        "until": "2026-11-20T09:15:00.000000+00:00",
    },
    "auth/forget_signin_attempt": {"key": "user:contract-user"},
    "auth/reset_signin": {"key": "user:contract-user"},
    "sync/position": {"source": "imap:contract@127.0.0.1"},
    "sync/items": {"source": "imap:contract@127.0.0.1", "after": ""},
    "sync/sources": {},
    "sync/forget": {"source": "imap:contract@127.0.0.1"},
    "sync/save_position": {
        "source": "imap:contract@127.0.0.1",
        "data": '{"folders": {"INBOX": {"uid": 7, "uidvalidity": 1}}}',
        "at": "2026-11-20T09:00:00+00:00",
    },
    "sync/save_items": {
        "source": "imap:contract@127.0.0.1",
        "rows": [{"id": "sync-contract-1", "key": "m1@contract", "data": '{"day": "2026-11-20"}'}],
    },
    "sync/drop_items": {"ids": ["sync-contract-1"]},
    "sync/delete_interactions": {"ids": ["no-such-interaction"]},
    "sync/titles": {"ids": ["no-such-interaction"]},
    "sync/items_naming": {"needle": '"contract-person"'},
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
        # bundle/unit_members: every unit, so that both people and child units are found.
        "units": [str(u["id"]) for u in data["units"]] + ["no-such-unit"],
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


# `access/<kind>_accounts` takes the id of one row of this table.
ACCESS_TABLES = {
    "person": "people",
    "opportunity": "opportunities",
    "action": "actions",
    "unit": "units",
    "interaction": "interactions",
}


def _access_params(name: str, bundle: Bundle) -> dict[str, Any]:
    kind = name.removeprefix("access/").removesuffix("_accounts")
    if not name.startswith("access/") or kind not in ACCESS_TABLES:
        return {}
    return {"id": bundle.rows(ACCESS_TABLES[kind])[0].id}  # type: ignore[attr-defined]


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
        **_access_params(base, sample.bundle),
    }
    unknown = sorted(query.params - known.keys())
    if unknown:
        pytest.fail(
            f"{query.name} takes {', '.join('$' + p for p in unknown)}, which the parameter "
            f"tables of tests/query_params.py do not know: add a sensible value there"
        )
    return {p: known[p] for p in query.params}


def sample_of(data: dict[str, Any]) -> Sample:
    return Sample(data, validate(data))


def sample_store(engine_dir: Path, data: dict[str, Any]) -> Iterator[FalkorStore]:
    """A fresh graph on the embedded engine holding `data`, dropped afterwards."""
    store = open_store(embedded_settings(engine_dir))
    assert isinstance(store, FalkorStore)
    import_data(store, data)
    yield store
    store.raw_graph().delete()
    store.close()
