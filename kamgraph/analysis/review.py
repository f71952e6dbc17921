"""The plan review of an account between two dates (DOMAIN.md "Review"), built on `as_of`: it
works for any past window without stored snapshots."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from kamgraph.analysis.action_history import account_actions
from kamgraph.analysis.config import COMPONENTS, ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import account_strengths, band
from kamgraph.analysis.facts import r6, require_account
from kamgraph.analysis.results import (
    ActionChanges,
    ActivityChange,
    CoverageChange,
    CoverageDelta,
    CoverageResult,
    GapChanges,
    Move,
    ReviewResult,
)
from kamgraph.errors import KamgraphError
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore


def review(
    store: GraphStore, account: str, since: dt.date, day: dt.date, cfg: AnalysisSettings
) -> ReviewResult:
    if since >= day:
        raise KamgraphError(f"a review runs from since to as_of: {since} is not before {day}")
    require_account(store, account)
    before = since - (day - since)
    # The strengths at each date (the costly part) serve both the coverage audit and the moves.
    with ThreadPoolExecutor(2) as pool:
        then_f = pool.submit(_audit, store, account, since, cfg)
        counts_f = pool.submit(_counts, store, account, since, day)
        prior_f = pool.submit(_counts, store, account, before, since)
        (now, at_now) = _audit(store, account, day, cfg)
        (then, at_then), counts, prior = then_f.result(), counts_f.result(), prior_f.result()
    actions = account_actions(store, account)
    return ReviewResult(
        account=account,
        from_=since,
        to=day,
        coverage=CoverageChange(from_=then, to=now, delta=_delta(then, now)),
        gaps=_gap_changes(then, now),
        moves=_moves(at_then, at_now, cfg),
        actions=ActionChanges(
            created=sorted(a.id for a in actions if a.created and since < a.created <= day),
            done=sorted(a.id for a in actions if a.closed_in("done", since, day)),
            dropped=sorted(a.id for a in actions if a.closed_in("dropped", since, day)),
            became_overdue=sorted(
                a.id
                for a in actions
                if a.open_at(day) and a.due is not None and since <= a.due < day
            ),
        ),
        activity=ActivityChange(
            interactions=counts[0],
            previous_interactions=prior[0],
            org_events=counts[1],
            previous_org_events=prior[1],
        ),
    )


def _audit(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings
) -> tuple[CoverageResult, dict[tuple[str, str], float]]:
    """Coverage at `day` and the strength of every pair with a decay row then."""
    people, now = account_strengths(store, account, day, cfg)
    result = coverage(store, account, day, cfg, given=(people, now))
    return result, {pair: fact.strength for pair, fact in now.items()}


def _counts(store: GraphStore, account: str, after: dt.date, until: dt.date) -> tuple[int, int]:
    """(interactions, organization-level events) of the account dated in (after, until]."""
    rows = store.read(
        "analysis/interaction_counts",
        account=account,
        after=day_number(after),
        until=day_number(until),
        kinds=list(ORG_LEVEL_KINDS),
    )
    if not rows:
        return 0, 0
    return int(rows[0]["interactions"] or 0), int(rows[0]["org_events"] or 0)


def _minus(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else r6(b - a)


def _delta(then: CoverageResult, now: CoverageResult) -> CoverageDelta:
    return CoverageDelta(
        score=_minus(then.score, now.score),
        components={
            c: _minus(getattr(then.components, c), getattr(now.components, c)) for c in COMPONENTS
        },
    )


def _gap_changes(then: CoverageResult, now: CoverageResult) -> GapChanges:
    was = {(g.kind, g.subject) for g in then.gaps}
    is_ = {(g.kind, g.subject) for g in now.gaps}
    return GapChanges(
        opened=[g for g in now.gaps if (g.kind, g.subject) not in was],
        closed=[g for g in then.gaps if (g.kind, g.subject) not in is_],
    )


def _moves(
    then: dict[tuple[str, str], float], now: dict[tuple[str, str], float], cfg: AnalysisSettings
) -> list[Move]:
    """Pairs with a decay row at either date whose band changed; a missing row is strength 0."""
    moves = []
    for pair in sorted(then.keys() | now.keys()):
        a, b = then.get(pair, 0.0), now.get(pair, 0.0)
        if band(a, cfg) != band(b, cfg):
            moves.append(
                Move(
                    seller=pair[0],
                    person=pair[1],
                    from_band=band(a, cfg),
                    to_band=band(b, cfg),
                    from_strength=r6(a),
                    to_strength=r6(b),
                )
            )
    return moves
