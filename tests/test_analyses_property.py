"""Property: every analysis from the database equals the brute-force oracle of DOMAIN.md on
small random accounts (people, reporting lines, positive and conflict influence, sellers,
declared relationships, interactions on random dates, opportunities with roles)."""

from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay, decay_report
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.oracle import Oracle

T = dt.date(2026, 6, 1)
CFG = AnalysisSettings()
EXAMPLES = int(os.environ.get("KAMGRAPH_PROPERTY_EXAMPLES", "200"))
TOL = 1.5e-6  # FalkorDB returns doubles with 15 significant digits


def day(offset: int) -> str:
    return (T + dt.timedelta(days=offset)).isoformat()


team_roles = st.sampled_from(["AR", "SR", "FR", "other"])
maybe_day = st.none() | st.integers(-500, 60).map(day)
roles_ = st.sampled_from(
    [
        "economic_buyer",
        "decision_maker",
        "technical_buyer",
        "user_buyer",
        "coach",
        "influencer",
        "gatekeeper",
    ]
)
kinds = st.sampled_from(
    [
        "exec_meeting",
        "hq_visit",
        "site_visit",
        "trial",
        "tech_exchange",
        "meeting",
        "social",
        "call",
        "csr_event",
        "email",
        "other",
    ]
)


@st.composite
def accounts(draw: st.DrawFn) -> dict[str, Any]:
    n = draw(st.integers(2, 9))
    pids = [f"p{i}" for i in range(n)]
    units = [{"id": f"u{i}", "account": "a"} for i in range(draw(st.integers(0, 3)))]
    people = []
    for pid in pids:
        since, until = draw(maybe_day), draw(maybe_day)
        if since and until and until < since:
            since, until = until, since
        people.append(
            {
                "id": pid,
                "account": "a",
                "unit": draw(st.sampled_from([None, *[u["id"] for u in units]])),
                "layer": draw(st.sampled_from([None, "decision", "management", "operation"])),
                "political_status": draw(st.sampled_from(["outside", "structure", "inner_circle"])),
                "since": since if draw(st.booleans()) else None,
                "until": until if draw(st.integers(0, 4)) == 0 else None,
            }
        )
    pairs = [(a, b) for a in pids for b in pids if a != b]
    reports = draw(st.lists(st.sampled_from(pairs), unique_by=lambda p: p[0], max_size=n))
    influence = draw(
        st.lists(
            st.tuples(st.sampled_from(pairs), st.sampled_from(["advice", "friendship", "sponsor"])),
            unique=True,
            max_size=2 * n,
        )
    )
    sellers = [f"s{i}" for i in range(draw(st.integers(1, 4)))]
    relationships = draw(
        st.lists(
            st.tuples(st.sampled_from(sellers), st.sampled_from(pids)), unique=True, max_size=n
        )
    )
    opps = [
        {
            "id": f"o{i}",
            "account": "a",
            "stage": draw(
                st.sampled_from(["lead", "qualified", "bid", "negotiation", "won", "lost"])
            ),
        }
        for i in range(draw(st.integers(0, 3)))
    ]
    role_rows = draw(
        st.lists(
            st.tuples(
                st.sampled_from([o["id"] for o in opps] or ["-"]), st.sampled_from(pids), roles_
            ),
            unique=True,
            max_size=3 * len(opps),
        )
    )
    interactions = [
        {
            "id": f"i{i}",
            "date": day(draw(st.integers(-600, 30))),
            "kind": draw(kinds),
            "sellers": draw(st.lists(st.sampled_from(sellers), unique=True, max_size=2)),
            "people": draw(st.lists(st.sampled_from(pids), unique=True, min_size=1, max_size=3)),
        }
        for i in range(draw(st.integers(0, 3 * n)))
    ]
    return {
        "format": "kamgraph/v1",
        "accounts": [{"id": "a"}],
        "units": units,
        "people": people,
        "reports_to": [
            {
                "person": a,
                "manager": b,
                "kind": draw(st.sampled_from(["solid", "dotted"])),
                "since": draw(maybe_day),
                "until": None,
            }
            for a, b in reports
        ],
        "influences": [
            {
                "source": a,
                "target": b,
                "kind": kind,
                "strength": draw(st.floats(0.05, 1.0).map(lambda x: round(x, 3))),
                "polarity": draw(st.sampled_from(["positive", "positive", "conflict"])),
                "since": draw(maybe_day),
            }
            for (a, b), kind in influence
        ],
        "sellers": [{"id": s} for s in sellers],
        "account_team": [
            {
                "account": "a",
                "seller": s,
                "role": draw(st.sampled_from(["AR", "SR", "FR", "other"])),
            }
            for s in sellers
            if draw(st.booleans())
        ],
        "relationships": [
            {
                "seller": s,
                "person": p,
                "level": draw(st.integers(1, 4)),
                "since": draw(maybe_day),
                "assessed_on": draw(maybe_day),
            }
            for s, p in relationships
        ],
        "opportunities": opps,
        "roles": [
            {
                "opportunity": o,
                "person": p,
                "role": r,
                "since": draw(maybe_day),
                "stance": draw(st.sampled_from(["supporter", "neutral", "non_supporter", "enemy"])),
                "influence": draw(st.sampled_from(["high", "medium", "low"])),
                "response_mode": draw(st.sampled_from(["growth", "even_keel", "overconfident"])),
            }
            for o, p, r in role_rows
            if o != "-"
        ],
        "interactions": interactions,
    }


def close(a: Any, b: Any, where: str = "") -> None:
    """Equal, with numbers within TOL (so a 15-digit engine double may differ in the 7th)."""
    if isinstance(a, float) or isinstance(b, float):
        assert isinstance(a, int | float) and isinstance(b, int | float), where
        assert abs(a - b) <= TOL, f"{where}: {a} != {b}"
    elif isinstance(a, dict):
        assert isinstance(b, dict) and a.keys() == b.keys(), f"{where}: {a} != {b}"
        for key in a:
            close(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list) and len(a) == len(b), f"{where}: {a} != {b}"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            close(x, y, f"{where}[{i}]")
    else:
        assert a == b, f"{where}: {a!r} != {b!r}"


def as_json(model: Any) -> Any:
    return json.loads(model.model_dump_json())


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    # The store is one per engine for all examples: each example starts by wiping it.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(data=accounts(), choice=st.data())
def test_every_analysis_equals_the_oracle(
    store: GraphStore, data: dict[str, Any], choice: st.DataObject
) -> None:
    """On every engine available here (the `store` fixture: embedded always, Neo4j if any)."""
    store.wipe()
    import_data(store, data)
    oracle = Oracle(export_bundle(store))
    people = [p["id"] for p in data["people"]]
    hops = choice.draw(st.integers(1, 4), label="max_hops")
    reporting = choice.draw(st.booleans(), label="include_reporting")

    # Both ways to strengths: the kept aggregates and every interaction (the exact path).
    for kept in (True, False):
        store.kept_strengths = kept
        try:
            check_analyses(store, oracle, people, hops, reporting, choice, data, f"kept={kept}")
        finally:
            store.kept_strengths = True


def check_analyses(
    store: GraphStore,
    oracle: Oracle,
    people: list[str],
    hops: int,
    reporting: bool,
    choice: st.DataObject,
    data: dict[str, Any],
    path: str,
) -> None:
    close(as_json(decay(Snapshot(store, "a", T, CFG))), oracle.decay("a", T), f"{path}: decay")
    close(as_json(decay_report(store, None, T, CFG)), oracle.decay(None, T), f"{path}: decay(all)")

    close(
        as_json(
            influencers(Snapshot(store, "a", T, CFG), max_hops=hops, include_reporting=reporting)
        ),
        oracle.influencers("a", T, max_hops=hops, include_reporting=reporting),
        f"{path}: influencers",
    )
    if data["opportunities"]:
        opp = choice.draw(st.sampled_from([o["id"] for o in data["opportunities"]]), label="opp")
        close(
            as_json(influencers(Snapshot(store, "a", T, CFG), opportunity=opp, max_hops=hops)),
            oracle.influencers("a", T, opportunity=opp, max_hops=hops),
            f"{path}: influencers(opportunity)",
        )
    target = choice.draw(st.sampled_from(people), label="target")
    close(
        as_json(
            influencers(Snapshot(store, "a", T, CFG), target=target, include_reporting=reporting)
        ),
        oracle.influencers("a", T, target=target, include_reporting=reporting),
        f"{path}: influencers(target)",
    )
    k = choice.draw(st.integers(1, 5), label="k")
    avoid = choice.draw(st.booleans(), label="avoid_opposed")
    close(
        as_json(
            warm_paths(
                Snapshot.of_person(store, target, T, CFG),
                target,
                k=k,
                max_hops=hops,
                include_reporting=reporting,
                avoid_opposed=avoid,
            )
        ),
        oracle.paths(
            target, T, k=k, max_hops=hops, include_reporting=reporting, avoid_opposed=avoid
        ),
        f"{path}: paths",
    )
    ours, theirs = as_json(coverage(Snapshot(store, "a", T, CFG))), oracle.coverage("a", T)
    for g in (*ours["gaps"], *theirs["gaps"]):  # detail and suggestion are prose
        g.pop("detail"), g.pop("suggestion")
    close(ours, theirs, f"{path}: coverage")
