"""The plan review of an account between two dates (DOMAIN.md "Review"), built on `as_of`: it
works for any past window without stored snapshots."""

from __future__ import annotations

import datetime as dt

from kamgraph.analysis.config import COMPONENTS, ORG_LEVEL_KINDS, AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import band
from kamgraph.analysis.facts import r6
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
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError
from kamgraph.interchange.tables import day_number


def review(snap: Snapshot, since: dt.date) -> ReviewResult:
    """The review of the snapshot's account from `since` to the snapshot's day."""
    day, cfg = snap.day, snap.cfg
    if since >= day:
        raise KamgraphError(f"a review runs from since to as_of: {since} is not before {day}")
    snap.account_row()
    before = since - (day - since)
    earlier = snap.on(since)
    # The strengths at each date (the costly part) serve both the coverage audit and the moves.
    snap.prefetch("actions", "people", "strengths", "opportunities", "team", "org_events")
    earlier.prefetch("people", "strengths", "opportunities", "team", "org_events")
    (now, at_now), (then, at_then) = _audit(snap), _audit(earlier)
    counts, prior = _counts(snap, since, day), _counts(snap, before, since)
    actions = snap.actions()
    return ReviewResult(
        account=snap.account,
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


def _audit(snap: Snapshot) -> tuple[CoverageResult, dict[tuple[str, str], float]]:
    """Coverage at the snapshot's day and the strength of every pair with a decay row then."""
    result = coverage(snap)
    return result, {pair: fact.strength for pair, fact in snap.strengths().items()}


def _counts(snap: Snapshot, after: dt.date, until: dt.date) -> tuple[int, int]:
    """(interactions, organization-level events) of the account dated in (after, until]."""
    rows = snap.account_rows(
        "analysis/interaction_counts",
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
