"""Property: the activity report from the database equals the brute-force oracle of DOMAIN.md
("Managing accounts over time" -> Activity) on small random graphs.

Each example: two accounts `a` and `b` whose people (some of them key, some of them gone or not
yet there at the window's end) meet 1..4 sellers (ids `s1`, `s10`, `s2`, `s3`: string order);
interactions on random days and on every boundary of the widened window (first and last day of
each period, the first day of its tail quarter and the day before it, the day after each
period); sometimes a burst of 3..7 interactions packed into one period's tail (end-loading);
actions closed done or dropped on those days; activity targets at all four levels (seller or
each seller, account or all) with clashing ids (often on the same metric, so that levels
compete), some of another period, some with a target of 0. Windows start anywhere (mid-period)
around ISO week 53 (2020, 2026), leap days (2024, 2028), quarter and year ends; the report is
asked for every seller or a few, on all accounts or one.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.errors import NotFound
from kamgraph.interchange.export import export_bundle
from kamgraph.interchange.ingest import import_data
from kamgraph.storage import GraphStore
from tests.oracle import METRICS, Oracle, iso, periods
from tests.test_analyses_property import close, kinds

CFG = AnalysisSettings()
EXAMPLES = int(os.environ.get("KAMGRAPH_PROPERTY_EXAMPLES", "200"))
SELLER_POOL = ["s1", "s10", "s2", "s3"]
# Days around which windows start: ISO week 53 of 2020 and 2026 and the weeks next to them, leap
# days, month/quarter/year ends.
ANCHORS = [
    dt.date(2020, 12, 28),
    dt.date(2021, 1, 3),
    dt.date(2021, 1, 4),
    dt.date(2026, 12, 28),
    dt.date(2027, 1, 3),
    dt.date(2027, 1, 4),
    dt.date(2024, 2, 29),
    dt.date(2028, 2, 28),
    dt.date(2025, 3, 31),
    dt.date(2026, 6, 30),
    dt.date(2026, 9, 30),
    dt.date(2026, 12, 31),
    dt.date(2026, 1, 1),
    dt.date(2026, 5, 15),
]
SPAN = {"week": 63, "month": 130, "quarter": 280}


def activity_json(
    store: GraphStore,
    first: dt.date,
    last: dt.date,
    per: str,
    account: str | None = None,
    sellers: list[str] | None = None,
) -> dict[str, Any]:
    from kamgraph.analysis.activity import activity

    result = activity(store, first, last, per, CFG, account=account, sellers=sellers)
    out: dict[str, Any] = result.model_dump(mode="json", by_alias=True)
    return out


@st.composite
def activity_cases(draw: st.DrawFn) -> dict[str, Any]:
    """{"bundle", "first", "last", "per", "account", "sellers"}."""
    per = draw(st.sampled_from(["week", "month", "quarter"]))
    anchor = draw(
        st.one_of(
            st.sampled_from(ANCHORS),
            st.integers(0, 3650).map(lambda n: dt.date(2019, 1, 1) + dt.timedelta(days=n)),
        )
    )
    first = anchor + dt.timedelta(days=draw(st.integers(-10, 10)))
    last = first + dt.timedelta(days=draw(st.integers(0, SPAN[per])))
    spans = periods(first, last, per)
    start, end = spans[0][1], spans[-1][2]
    # Every boundary: each period's first and last day, the first day of its tail quarter, and
    # the days next to them; plus the days before the window (first contacts) and after it.
    edges: list[dt.date] = []
    for _, a, b in spans:
        tail = b - dt.timedelta(days=-(-((b - a).days + 1) // 4) - 1)
        edges += [a, b, tail, tail - dt.timedelta(days=1), b + dt.timedelta(days=1)]
    some_day = st.one_of(
        st.sampled_from(edges),
        st.integers(-90, (end - start).days + 15).map(lambda n: start + dt.timedelta(days=n)),
    )
    near_end = st.sampled_from([None, end, end - dt.timedelta(days=1), end + dt.timedelta(days=1)])

    sellers = sorted(
        draw(st.lists(st.sampled_from(SELLER_POOL), min_size=1, max_size=4, unique=True))
    )
    n = draw(st.integers(2, 7))
    pids = [f"p{i}" for i in range(n)]
    people = []
    for pid in pids:
        since, until = draw(near_end), draw(near_end)
        if since is not None and until is not None and until < since:
            since, until = until, since
        people.append(
            {
                "id": pid,
                "account": draw(st.sampled_from(["a", "a", "b"])),
                "layer": draw(st.sampled_from([None, None, "decision", "operation"])),
                "political_status": draw(st.sampled_from(["outside", "outside", "structure"])),
                "since": iso(since) if draw(st.integers(0, 3)) == 0 else None,
                "until": iso(until) if draw(st.integers(0, 3)) == 0 else None,
            }
        )
    opps = [
        {
            "id": f"o{i}",
            "account": draw(st.sampled_from(["a", "b"])),
            "stage": draw(st.sampled_from(["lead", "bid", "won", "lost"])),
        }
        for i in range(draw(st.integers(0, 2)))
    ]
    roles = [
        {"opportunity": o, "person": p, "role": r, "since": iso(draw(near_end))}
        for o, p, r in draw(
            st.lists(
                st.tuples(
                    st.sampled_from([o["id"] for o in opps] or ["-"]),
                    st.sampled_from(pids),
                    st.sampled_from(["economic_buyer", "coach", "user_buyer"]),
                ),
                unique_by=lambda x: (x[0], x[1], x[2]),
                max_size=3,
            )
        )
        if o != "-"
    ]
    interactions = [
        {
            "id": f"i{i}",
            "date": draw(some_day).isoformat(),
            "kind": draw(kinds),
            "sellers": draw(st.lists(st.sampled_from(sellers), unique=True, max_size=2)),
            "people": draw(st.lists(st.sampled_from(pids), unique=True, max_size=3)),
        }
        for i in range(draw(st.integers(0, 16)))
    ]
    if draw(st.booleans()):  # a burst packed at the end of one period (end-loading)
        _, a, b = draw(st.sampled_from(spans))
        who = draw(st.sampled_from(sellers))
        for j in range(draw(st.integers(3, 7))):
            back = draw(st.integers(0, max(1, ((b - a).days + 1) // 4)))
            interactions.append(
                {
                    "id": f"e{j}",
                    "date": (b - dt.timedelta(days=back)).isoformat(),
                    "kind": draw(kinds),
                    "sellers": [who],
                    "people": draw(
                        st.lists(st.sampled_from(pids), unique=True, min_size=1, max_size=2)
                    ),
                }
            )
    actions = []
    for i in range(draw(st.integers(0, 6))):
        status = draw(st.sampled_from(["open", "done", "done", "dropped"]))
        closed = None if status == "open" else draw(some_day)
        created = None if closed is None else closed - dt.timedelta(days=draw(st.integers(0, 40)))
        actions.append(
            {
                "id": f"x{i}",
                "account": draw(st.sampled_from(["a", "b"])),
                "raci": {
                    "R": draw(st.sampled_from(sellers)),
                    "A": draw(st.none() | st.sampled_from(sellers)),
                },
                "created": None if created is None else created.isoformat(),
                "status": status,
                "closed_on": None if closed is None else closed.isoformat(),
            }
        )
    other_periods = [p for p in ("week", "month", "quarter") if p != per]
    targets = [
        {
            "id": tid,
            "seller": draw(st.none() | st.sampled_from(sellers)),
            "account": draw(st.sampled_from([None, None, "a", "b"])),
            "metric": draw(st.sampled_from(["interactions", "interactions", *METRICS])),
            "period": draw(st.sampled_from([per, per, per, *other_periods])),
            "target": draw(st.sampled_from([0, 1, 2, 3, 4, 6, 7, 10])),
        }
        for tid in draw(
            st.lists(
                st.sampled_from(["t1", "t10", "t2", "t3", "t4", "t5", "t6", "t7", "t8", "t9"]),
                unique=True,
                max_size=9,
            )
        )
    ]
    bundle = {
        "format": "kamgraph/v1",
        "accounts": [{"id": "a"}, {"id": "b"}],
        "people": people,
        "sellers": [{"id": s} for s in sellers],
        "opportunities": opps,
        "roles": roles,
        "interactions": interactions,
        "actions": actions,
        "activity_targets": targets,
    }
    chosen = draw(st.none() | st.lists(st.sampled_from(sellers), min_size=1, unique=True))
    return {
        "bundle": bundle,
        "first": first,
        "last": last,
        "per": per,
        "account": draw(st.sampled_from([None, "a", "b"])),
        "sellers": chosen,
    }


@settings(
    max_examples=EXAMPLES,
    deadline=dt.timedelta(seconds=10),  # an example takes ~0.1 s; a bound, not a benchmark
    derandomize=bool(os.environ.get("CI")),
    # One store for the module: each example starts by wiping it.
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(case=activity_cases())
def test_activity_equals_the_oracle(falkor_module: GraphStore, case: dict[str, Any]) -> None:
    store = falkor_module
    store.wipe()
    import_data(store, case["bundle"])
    oracle = Oracle(export_bundle(store))
    first, last, per = case["first"], case["last"], case["per"]
    account, sellers = case["account"], case["sellers"]
    close(
        activity_json(store, first, last, per, account=account, sellers=sellers),
        oracle.activity(first, last, per, account=account, sellers=sellers),
        f"activity({per}, {first}..{last}, account={account}, sellers={sellers})",
    )
    if account is not None or sellers is not None:  # and the whole report
        close(
            activity_json(store, first, last, per),
            oracle.activity(first, last, per),
            f"activity({per}, {first}..{last})",
        )


def test_an_unknown_seller_is_not_found(falkor_module: GraphStore) -> None:
    store = falkor_module
    store.wipe()
    import_data(store, {"format": "kamgraph/v1", "sellers": [{"id": "s1"}]})
    with pytest.raises(NotFound):
        activity_json(store, dt.date(2026, 1, 1), dt.date(2026, 1, 31), "month", sellers=["s9"])
    with pytest.raises(LookupError):
        Oracle(export_bundle(store)).activity(
            dt.date(2026, 1, 1), dt.date(2026, 1, 31), "month", sellers=["s9"]
        )
