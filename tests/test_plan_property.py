"""Property: the account plan and the review from the database equal the brute-force oracle of
DOMAIN.md ("Managing accounts over time") on small random accounts WITH actions.

The accounts are those of tests/test_analyses_property.py (relationships given a random target
level), plus: sometimes a second account `b` whose person `q0` meets `a`'s people, is targeted
by actions, has actions of its own (the plan keeps to `a`'s actions, the review counts only
interactions with `a`'s people) and may hold roles on `a`'s deals (CROSS_ACCOUNT_ROLES); and
1..6 actions with random strategy, owner, accountable/consulted/informed sellers, targeted
people, opportunity and `addresses`, whose created/due/closed_on dates fall on or next to the
days the analyses are asked about (the plan's as-of, its 90-day window, the review's D0 and D1)
so that every inclusive/exclusive boundary is hit.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.oracle import GAP_KINDS, GAP_TABLE, PERSON_GAP_KINDS, Oracle
from tests.test_analyses_property import T, accounts, close, day, kinds, roles_

CFG = AnalysisSettings()
# Roles of `q0` (account b) on `a`'s deals: the plan counts such role holders as stakeholders.
CROSS_ACCOUNT_ROLES = True
EXAMPLES = int(os.environ.get("KAMGRAPH_PROPERTY_EXAMPLES", "200"))

# `addresses`: often empty, a person gap kind or a high one, so that actions address the gaps
# they meet (and `plan_coverage` takes values strictly between 0 and 1).
HIGH = [k for k, severity in GAP_TABLE.items() if severity == "high"]
addresses_ = st.sampled_from([None, None, None, *PERSON_GAP_KINDS, *HIGH, *HIGH, *GAP_KINDS])


@st.composite
def planned_accounts(draw: st.DrawFn) -> tuple[dict[str, Any], dt.date, dt.date, dt.date]:
    """(bundle, plan day, review D0, review D1)."""
    data = draw(accounts())
    plan_at = draw(st.integers(-150, 40))
    d1 = draw(st.integers(-150, 40))
    d0 = d1 - draw(st.integers(1, 300))
    # Days the actions' dates fall on or next to: every window boundary of both analyses.
    anchors = [plan_at, plan_at - 90, d0, d1, d0 - (d1 - d0)]
    some_day = st.one_of(
        st.integers(-400, 60),
        st.tuples(st.sampled_from(anchors), st.integers(-1, 1)).map(sum),
    )
    for rel in data["relationships"]:  # the ladder: a target level, or none
        rel["target_level"] = draw(st.none() | st.integers(1, 4))
    pids = [p["id"] for p in data["people"]]
    sellers = [s["id"] for s in data["sellers"]]
    opps = [o["id"] for o in data["opportunities"]]
    accounts_ = ["a"]
    if draw(st.booleans()):
        accounts_.append("b")
        data["accounts"].append({"id": "b"})
        data["people"].append(
            {
                "id": "q0",
                "account": "b",
                "layer": draw(st.sampled_from([None, "decision", "operation"])),
                "until": day(draw(st.integers(-200, 20))) if draw(st.integers(0, 3)) == 0 else None,
            }
        )
        held = draw(st.lists(st.sampled_from(opps), unique=True)) if opps else []
        for oid in held if CROSS_ACCOUNT_ROLES else []:
            data["roles"].append(
                {
                    "opportunity": oid,
                    "person": "q0",
                    "role": draw(roles_),
                    "stance": draw(st.sampled_from(["mentor", "neutral", "enemy"])),
                    "influence": draw(st.sampled_from(["high", "low"])),
                    "response_mode": draw(st.sampled_from(["growth", "overconfident"])),
                    "since": day(draw(some_day)) if draw(st.booleans()) else None,
                }
            )
        for i in range(draw(st.integers(0, 4))):
            data["interactions"].append(
                {
                    "id": f"j{i}",
                    "date": day(draw(some_day)),
                    "kind": draw(kinds),
                    "sellers": draw(st.lists(st.sampled_from(sellers), unique=True, max_size=2)),
                    "people": [
                        "q0",
                        *draw(st.lists(st.sampled_from(pids), unique=True, max_size=1)),
                    ],
                }
            )
    targets = pids + (["q0"] if "b" in accounts_ else [])
    actions = []
    for i in range(draw(st.integers(1, 6))):
        created = draw(st.none() | some_day)
        due = draw(st.none() | some_day)
        if created is not None and due is not None:
            due = max(due, created)
        status = draw(st.sampled_from(["open", "open", "done", "dropped"]))
        closed = None if status == "open" else draw(some_day)
        if closed is not None and created is not None:
            closed = max(closed, created)
        actions.append(
            {
                "id": f"x{i}",
                "account": draw(st.sampled_from(accounts_)),
                "title": f"Action {i}",
                "strategy": draw(st.sampled_from(["business", "penetration", "resources"])),
                "kind": draw(st.none() | kinds),
                "people": draw(st.lists(st.sampled_from(targets), unique=True, max_size=3)),
                "opportunity": draw(st.none() | st.sampled_from(opps)) if opps else None,
                "addresses": draw(addresses_),
                "raci": {
                    "R": draw(st.sampled_from(sellers)),
                    "A": draw(st.none() | st.sampled_from(sellers)),
                    "C": draw(st.lists(st.sampled_from(sellers), unique=True, max_size=2)),
                    "I": draw(st.lists(st.sampled_from(sellers), unique=True, max_size=2)),
                },
                "created": None if created is None else day(created),
                "due": None if due is None else day(due),
                "status": status,
                "closed_on": None if closed is None else day(closed),
            }
        )
    data["actions"] = actions
    at = T + dt.timedelta(days=plan_at)
    return data, at, T + dt.timedelta(days=d0), T + dt.timedelta(days=d1)


def without_prose(gaps: list[dict[str, Any]]) -> None:
    """A gap's detail and suggestion are prose: the oracle checks kind, severity and subject."""
    for g in gaps:
        g.pop("detail", None), g.pop("suggestion", None)


def plan_json(store: GraphStore, account: str, at: dt.date) -> dict[str, Any]:
    from kamgraph.analysis.plan import plan

    out: dict[str, Any] = plan(Snapshot(store, account, at, CFG)).model_dump(
        mode="json", by_alias=True
    )
    return out


def review_json(store: GraphStore, account: str, d0: dt.date, d1: dt.date) -> dict[str, Any]:
    from kamgraph.analysis.review import review

    out: dict[str, Any] = review(Snapshot(store, account, d1, CFG), d0).model_dump(
        mode="json", by_alias=True
    )
    return out


def strip_plan(result: dict[str, Any]) -> dict[str, Any]:
    without_prose(result["unplanned_gaps"])
    return result


def strip_review(result: dict[str, Any]) -> dict[str, Any]:
    for side in ("from", "to"):
        without_prose(result["coverage"][side]["gaps"])
    without_prose(result["gaps"]["opened"])
    without_prose(result["gaps"]["closed"])
    return result


@settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=10),  # an example takes ~0.2 s; a bound, not a benchmark
    derandomize=bool(os.environ.get("CI")),
    # One store for the module: each example starts by wiping it.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(case=planned_accounts())
def test_plan_and_review_equal_the_oracle(
    falkor_module: GraphStore, case: tuple[dict[str, Any], dt.date, dt.date, dt.date]
) -> None:
    data, at, d0, d1 = case
    store = falkor_module
    store.wipe()
    import_data(store, data)
    oracle = Oracle(export_bundle(store))
    plans = {a: strip_plan(oracle.plan(a, at)) for a in ("a", "b") if a in oracle.accounts}
    review = strip_review(oracle.review("a", d0, d1))
    # Both ways to strengths: the kept aggregates and every interaction (the exact path).
    for kept in (True, False):
        store.kept_strengths = kept
        try:
            for account, expected in plans.items():
                close(strip_plan(plan_json(store, account, at)), expected, f"kept={kept} plan")
            close(strip_review(review_json(store, "a", d0, d1)), review, f"kept={kept} review")
        finally:
            store.kept_strengths = True
