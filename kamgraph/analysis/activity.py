"""Quantified activity of sellers against targets, per period, with end-loading (DOMAIN.md
"Activity"). Cypher finds the interactions, first contacts and closed actions; Python counts
them into periods and applies the targets."""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Iterable
from functools import partial
from typing import Any

from kamgraph.analysis.config import KEY_ROLES, ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.analysis.facts import r6, require_account
from kamgraph.analysis.periods import PERS, Period, periods
from kamgraph.analysis.results import ActivityResult, ActivityRow, Metric
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.interchange.model import METRICS, OPEN_STAGES
from kamgraph.interchange.tables import EPOCH, day_number
from kamgraph.storage.base import GraphStore

MAX_PERIODS = 520  # ten years of weeks: a report longer than that is a typo, not a question


def activity(
    store: GraphStore,
    first: dt.date,
    last: dt.date,
    per: str,
    cfg: AnalysisSettings,
    *,
    account: str | None = None,
    sellers: list[str] | None = None,
) -> ActivityResult:
    if per not in PERS:
        raise KamgraphError(f"per must be week, month or quarter, got {per!r}")
    if last < first:
        raise KamgraphError(f"the window ends ({last}) before it starts ({first})")
    if account is not None:
        require_account(store, account)
    if (last - first).days > MAX_PERIODS * {"week": 7, "month": 31, "quarter": 92}[per]:
        raise KamgraphError(f"a report covers at most {MAX_PERIODS} periods; shorten the window")
    chosen = _sellers(store, sellers)
    spans = list(periods(first, last, per))
    start, end = spans[0].start, spans[-1].end
    window = {"from": day_number(start), "to": day_number(end)}
    # Independent reads, each split by sellers into slices the engine answers side by side.
    touched_rows, firsts, done = store.workers.gather(
        [
            partial(_by_sellers, store, query, chosen, window, {"account": account})
            for query in ("activity/touched", "activity/first_contacts", "activity/actions_done")
        ]
    )
    touched = sorted({str(r["id"]) for r in touched_rows})
    # Key persons at the window's end, among the people these sellers met (of the account).
    key = {
        str(r["id"]): True
        for r in store.read_batches(
            "activity/key_people",
            touched,
            param="people",
            batch_size=5000,
            day=day_number(end),
            open_stages=list(OPEN_STAGES),
            key_roles=list(KEY_ROLES),
        )
    }
    daily = _by_sellers(
        store,
        "activity/daily",
        chosen,
        window,
        {
            "account": account,
            "ours": dict.fromkeys(touched, True),
            "key": key,
            "kinds": list(ORG_LEVEL_KINDS),
        },
    )
    # seller → metric → the day of each counted event
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for r in daily:
        day, mine = int(r["day"]), counts[r["seller"]]
        mine["interactions"] += [day] * int(r["n"])
        mine["key_person_touches"] += [day] * int(r["key"])
        mine["org_events"] += [day] * int(r["org"])
    for r in firsts:
        counts[r["seller"]]["new_contacts"] += [int(r["day"])] * int(r["n"])
    for r in done:
        counts[r["seller"]]["actions_done"].append(int(r["day"]))
    targets = _targets(store.read("activity/targets"), per, account)
    report = [_row(seller, p, counts[seller], targets) for seller in chosen for p in spans]
    return ActivityResult(from_=first, to=last, per=per, rows=report)


def _by_sellers(
    store: GraphStore, query: str, sellers: list[str], window: dict[str, int], extra: dict[str, Any]
) -> list[dict[str, Any]]:
    size = max(1, -(-len(sellers) // 2))  # two slices: one per core of the engine
    parts = [sellers[i : i + size] for i in range(0, len(sellers), size)]
    found = store.workers.map(
        lambda part: store.read(query, sellers=part, **window, **extra), parts
    )
    return [dict(r) for rows in found for r in rows]


def _sellers(store: GraphStore, asked: list[str] | None) -> list[str]:
    every = sorted(str(r["id"]) for r in store.read("bundle/keys_sellers", account=None))
    if not asked:
        return every
    unknown = sorted(set(asked) - set(every))
    if unknown:
        raise NotFound(f"unknown seller {unknown[0]!r}")
    return sorted(set(asked))


def _targets(
    rows: Iterable[dict[str, Any]], per: str, account: str | None
) -> dict[tuple[str, str | None], int]:
    """(metric, seller or None) → target, keeping DOMAIN.md's most specific: the seller's own
    for the account, the seller's own, each seller's for the account, each seller's; account
    targets only when the report is about that account; ties by the smallest id."""
    best: dict[tuple[str, str | None], tuple[int, str, int]] = {}
    for r in rows:
        if r["period"] != per or (r["account"] is not None and r["account"] != account):
            continue
        rank = 0 if r["account"] is not None else 1
        key = (str(r["metric"]), r["seller"])
        candidate = (rank, str(r["id"]), int(r["target"]))
        if key not in best or candidate[:2] < best[key][:2]:
            best[key] = candidate
    return {k: v[2] for k, v in best.items()}


def _target(targets: dict[tuple[str, str | None], int], metric: str, seller: str) -> int | None:
    own = targets.get((metric, seller))
    return own if own is not None else targets.get((metric, None))


def _row(
    seller: str,
    p: Period,
    days: dict[str, list[int]],
    targets: dict[tuple[str, str | None], int],
) -> ActivityRow:
    lo, hi = day_number(p.start), day_number(p.end)
    metrics: dict[str, Metric] = {}
    for name in METRICS:
        actual = sum(1 for d in days.get(name, []) if lo <= d <= hi)
        target = _target(targets, name, seller)
        metrics[name] = Metric(
            actual=actual,
            target=target,
            attainment=r6(actual / target) if target else None,
        )
    loading: float | None = None
    loaded = False
    if p.label[4:6] != "-W":  # months and quarters
        inside = [d for d in days.get("interactions", []) if lo <= d <= hi]
        if inside:
            tail = hi - math.ceil(p.days / 4) + 1  # the first day of the last ceil(n/4) days
            loading = r6(sum(1 for d in inside if d >= tail) / len(inside))
            loaded = len(inside) >= 4 and loading >= 0.5
    return ActivityRow(
        seller=seller,
        period=p.label,
        start=p.start,
        end=p.end,
        metrics=metrics,
        end_loading=loading,
        end_loaded=loaded,
    )


def daily_interactions(
    store: GraphStore,
    sellers: list[str],
    first: dt.date,
    last: dt.date,
    account: str | None = None,
) -> dict[str, dict[dt.date, int]]:
    """seller → day → interactions that day (the same counting as `activity`), for timelines."""
    window = {"from": day_number(first), "to": day_number(last)}
    ours: dict[str, bool] = {}
    if account is not None:
        touched = _by_sellers(store, "activity/touched", sellers, window, {"account": account})
        ours = {str(r["id"]): True for r in touched}
    out: dict[str, dict[dt.date, int]] = {s: {} for s in sellers}
    extra = {"account": account, "ours": ours, "key": {}, "kinds": list(ORG_LEVEL_KINDS)}
    for r in _by_sellers(store, "activity/daily", sellers, window, extra):
        out[r["seller"]][EPOCH + dt.timedelta(days=int(r["day"]))] = int(r["n"])
    return out
