"""The one-page account plan (DOMAIN.md "Account plan"): stakeholders, actions, unplanned gaps."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgraph.analysis.action_history import ActionFact, by_due
from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import band
from kamgraph.analysis.facts import OpportunityFact, r6
from kamgraph.analysis.influence import influencers
from kamgraph.analysis.results import (
    PlanActions,
    PlanResult,
    PlanRole,
    Stakeholder,
)
from kamgraph.analysis.snapshot import Snapshot


def plan(snap: Snapshot) -> PlanResult:
    snap.account_row()
    snap.prefetch("opportunities", "actions", "people", "strengths", "team", "org_events")
    day, cfg = snap.day, snap.cfg
    who = influencers(snap)
    people, now = snap.people(), snap.strengths()
    opps, actions = snap.opportunities(), snap.actions()
    audit = coverage(snap)
    open_now = by_due(a for a in actions if a.open_at(day))
    scores = {r.person: r.score for r in who.rows}
    layers = {p.id: p.layer for p in people if p.current and p.key}
    # Role holders may belong to another account (a parent company's CFO, say): DOMAIN.md
    # counts every current holder, so theirs are read here, with their strengths.
    holders = {r.person for o in opps if o.open for r in o.roles if r.current}
    ours = {p.id for p in people}
    layers |= {p.id: p.layer for p in people if p.id in holders}
    outside = sorted(holders - ours)
    if outside:
        now = {**now, **snap.strengths_of(outside)}
        layers |= {str(r["id"]): r["layer"] for r in snap.people_rows("analysis/layers", outside)}
    levels = _levels(snap, sorted(layers))
    sellers: dict[str, list[tuple[float, str]]] = {}
    for (seller, person), fact in now.items():
        sellers.setdefault(person, []).append((r6(fact.strength), seller))
    stakeholders = [
        _stakeholder(
            p,
            opps,
            scores.get(p, 0.0),
            sellers.get(p, []),
            levels.get(p, []),
            open_now,
            cfg,
        )
        for p in layers
    ]
    stakeholders.sort(key=lambda s: (layers[s.person] != "decision", -s.influence_score, s.person))
    since = day - dt.timedelta(days=cfg.recently_closed_days)
    closed = [
        a
        for a in actions
        if a.exists(day) and (a.closed_in("done", since, day) or a.closed_in("dropped", since, day))
    ]
    closed.sort(key=lambda a: a.id)
    closed.sort(key=lambda a: a.closed_on or dt.date.min, reverse=True)
    unplanned = [g for g in audit.gaps if not any(a.addresses_gap(g) for a in open_now)]
    left = {(g.kind, g.subject) for g in unplanned}
    high = [g for g in audit.gaps if g.severity == "high"]
    addressed = sum(1 for g in high if (g.kind, g.subject) not in left)
    return PlanResult(
        as_of=day,
        account=snap.account,
        stakeholders=stakeholders,
        actions=PlanActions(
            open=[a.at(day) for a in open_now],
            overdue=[a.at(day) for a in open_now if a.due is not None and a.due < day],
            recently_closed=[a.at(day) for a in closed],
        ),
        unplanned_gaps=unplanned,
        plan_coverage=r6(addressed / len(high)) if high else 1.0,
    )


def _levels(snap: Snapshot, people: list[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for r in snap.people_rows("analysis/declared_levels", people, day=snap.day_n):
        out.setdefault(r["person"], []).append(r)
    return out


def _stakeholder(
    person: str,
    opps: list[OpportunityFact],
    score: float,
    strengths: list[tuple[float, str]],
    declared: list[dict[str, Any]],
    open_now: list[ActionFact],
    cfg: AnalysisSettings,
) -> Stakeholder:
    roles = sorted(
        (
            PlanRole(
                opportunity=o.id,
                role=r.role,
                stance=r.stance,
                influence=r.influence,
                response_mode=r.response_mode,
                wins=r.wins,
            )
            for o in opps
            if o.open
            for r in o.roles
            if r.person == person and r.current
        ),
        key=lambda r: (r.opportunity, r.role),
    )
    mine = sorted(strengths, key=lambda x: (-x[0], x[1]))
    best = mine[0][1] if mine and mine[0][0] > 0 else None
    strength = mine[0][0] if best is not None else 0.0
    knows = [d for d in declared if d["seller"] == best] or sorted(
        declared, key=lambda d: (-(d["level"] or 0), d["seller"])
    )[:1]
    level = knows[0]["level"] if knows else None
    target = knows[0]["target_level"] if knows else None
    targeting = [a for a in open_now if person in a.people]
    dues = [a.due for a in targeting if a.due is not None]
    return Stakeholder(
        person=person,
        roles=roles,
        influence_score=score,
        best_seller=best,
        strength=strength,
        band=band(strength, cfg),
        level=level,
        target_level=target,
        ladder_gap=target - level if level is not None and target is not None else 0,
        open_actions=[a.id for a in targeting],
        next_due=min(dues) if dues else None,
    )
