"""The coverage audit of an account: components, score, gaps and seller concentration."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from kamgraph.analysis.config import TEAM_ROLES, AnalysisSettings
from kamgraph.analysis.decay import at_risk
from kamgraph.analysis.facts import (
    OpportunityFact,
    PersonFact,
    StrengthFact,
    names_of,
    r6,
)
from kamgraph.analysis.influence import prefetch_warm_paths, warm_paths
from kamgraph.analysis.results import Components, Concentration, CoverageResult, Gap, Severity
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.interchange.model import LAYERS

# DOMAIN.md's gap table, in its order (the order ranks gaps of equal severity).
GAP_KINDS: dict[str, Severity] = {
    "uncovered_key_person": "high",
    "key_person_at_risk": "medium",
    "single_threaded": "medium",
    "missing_role": "high",
    "no_coach": "high",
    "eb_not_receptive": "medium",
    "opponent_with_power": "high",
    "uncovered_layer": "medium",
    "uncovered_unit": "low",
    "missing_team_role": "medium",
    "departed_role_holder": "high",
}
SEVERITY_ORDER = {"high": 0, "medium": 1, "low": 2}
REQUIRED_ROLES = ("economic_buyer", "technical_buyer", "user_buyer")


def _share(hits: int, total: int) -> float | None:
    return None if total == 0 else hits / total


def coverage(snap: Snapshot, *, suggest: bool = True) -> CoverageResult:
    """The coverage audit of the snapshot's account. `suggest=False` leaves the warm-path
    suggestion of uncovered key persons empty (a path search each), for callers that only
    count gaps (the portfolio); with it, the audit is memoised on the snapshot."""
    if suggest:
        return snap.memo("coverage", lambda: _coverage(snap, suggest=True))
    return snap.memo("coverage-counts", lambda: _coverage(snap, suggest=False))


def _score(components: dict[str, float | None], cfg: AnalysisSettings) -> float | None:
    """The weighted mean of the components that apply (None when none does)."""
    weights = cfg.component_weights
    applicable = [(c, v) for c, v in components.items() if v is not None]
    total_weight = sum(weights.get(c, 1.0) for c, _ in applicable)
    if total_weight <= 0:
        return None
    return r6(100 * sum(weights.get(c, 1.0) * v for c, v in applicable) / total_weight)


def _structure_gaps(
    current: list[PersonFact],
    team: set[str],
    covered: Callable[[str], bool],
    cfg: AnalysisSettings,
    gap: Callable[..., None],
) -> None:
    """Gaps of the organisation's shape: layers and units nobody covers, team roles unfilled."""
    for layer in LAYERS:
        if not any(p.layer == layer and covered(p.id) for p in current):
            gap(
                "uncovered_layer",
                layer,
                f"no current {layer}-layer person has a relationship ≥ {cfg.weak}",
            )
    units: dict[str, list[PersonFact]] = defaultdict(list)
    for p in current:
        if p.unit is not None:
            units[p.unit].append(p)
    for unit, members in units.items():
        if not any(covered(p.id) for p in members):
            gap(
                "uncovered_unit",
                unit,
                f"none of the {len(members)} people of unit {unit} has a relationship ≥ {cfg.weak}",
            )
    for role in TEAM_ROLES:
        if role not in team:
            gap("missing_team_role", role, f"the account team has no {role}")


def _coverage(snap: Snapshot, *, suggest: bool) -> CoverageResult:
    snap.account_row()
    # Coverage needs no strengths from 90 days ago: only which pairs have a decay row (a
    # strength fact today) and how strong they are.
    snap.prefetch("opportunities", "team", "org_events", "people", "strengths", "recent_people")
    store, account, day, cfg = snap.store, snap.account, snap.day, snap.cfg
    people, now = snap.people(), snap.strengths()
    opps, (events, _) = snap.opportunities(), snap.org_events()
    team = {str(r["role"]) for r in snap.team()}
    current = [p for p in people if p.current]
    key = [p for p in current if p.key]
    threads = _threads(now, cfg)
    best = _best(now)
    open_opps = [o for o in opps if o.open]

    def covered(person: str) -> bool:
        return best.get(person, 0.0) >= cfg.weak

    # The prose names people and sellers as the team knows them; `subject` keeps the id.
    names, _ = snap.names()

    def name(id: str) -> str:
        return names.get(id, id)

    components: dict[str, float | None] = {
        "key": _share(sum(best.get(p.id, 0.0) >= cfg.strong for p in key), len(key)),
        "multithread": _share(sum(len(threads[p.id]) >= 2 for p in key), len(key)),
        "broad": _share(len(snap.recent_people()), len(current)),
        "organizational": min(1.0, events / cfg.org_events_full),
        "roles": _share(sum(_roles_complete(o) for o in open_opps), len(open_opps)),
        "team": sum(r in team for r in TEAM_ROLES) / len(TEAM_ROLES),
        "layers": sum(any(p.layer == layer and covered(p.id) for p in current) for layer in LAYERS)
        / len(LAYERS),
    }
    score = _score(components, cfg)
    rows_for = {person for _, person in now}
    gaps: list[Gap] = []

    def gap(kind: str, subject: str, detail: str, suggestion: str = "") -> None:
        gaps.append(
            Gap(
                kind=kind,
                severity=GAP_KINDS[kind],
                subject=subject,
                detail=detail,
                suggestion=suggestion,
            )
        )

    uncovered = [p.id for p in key if p.id not in rows_for]
    if suggest:
        prefetch_warm_paths(snap, uncovered)
    suggestions = (
        store.workers.map(lambda person: _suggest_path(snap, person, names), uncovered)
        if suggest
        else [""] * len(uncovered)
    )
    for person, suggestion in zip(uncovered, suggestions, strict=True):
        gap(
            "uncovered_key_person",
            person,
            f"key person {name(person)} has no relationship with any seller",
            suggestion,
        )
    for person in at_risk(now.values(), {p.id for p in key}, cfg):
        gap(
            "key_person_at_risk",
            person,
            f"best relationship with {name(person)} is {best.get(person, 0.0)}, below {cfg.strong}",
            "plan a touch by their best seller",
        )
    for p in key:
        if len(threads[p.id]) == 1:
            gap(
                "single_threaded",
                p.id,
                f"only {name(threads[p.id][0])} holds a relationship ≥ {cfg.weak} "
                f"with {name(p.id)}",
                "add a second seller to the relationship",
            )
    _opportunity_gaps(open_opps, gap)
    _structure_gaps(current, team, covered, cfg, gap)
    departed = {p.id for p in people if p.departed}
    for person in sorted({r.person for o in open_opps for r in o.roles if r.person in departed}):
        gap(
            "departed_role_holder",
            person,
            f"{name(person)} has left but still holds a role on an open opportunity",
            "confirm who took over the role",
        )
    unique: dict[tuple[str, str], Gap] = {}
    for g in gaps:
        unique.setdefault((g.kind, g.subject), g)
    kinds = list(GAP_KINDS)
    ranked = sorted(
        unique.values(),
        key=lambda g: (SEVERITY_ORDER[g.severity], kinds.index(g.kind), g.subject),
    )
    concentration = [
        Concentration(seller=seller, sole_key_persons=persons)
        for seller, persons in sorted(_sole(key, threads).items())
    ]
    return CoverageResult(
        as_of=day,
        account=account,
        score=score,
        components=Components(**{c: None if v is None else r6(v) for c, v in components.items()}),
        gaps=ranked,
        concentration=concentration,
    )


def _threads(
    now: dict[tuple[str, str], StrengthFact], cfg: AnalysisSettings
) -> dict[str, list[str]]:
    """person → sellers at strength ≥ weak, in id order."""
    out: dict[str, list[str]] = defaultdict(list)
    for (seller, person), fact in sorted(now.items()):
        if r6(fact.strength) >= cfg.weak:
            out[person].append(seller)
    return out


def _best(now: dict[tuple[str, str], StrengthFact]) -> dict[str, float]:
    out: dict[str, float] = {}
    for (_, person), fact in now.items():
        out[person] = max(out.get(person, 0.0), r6(fact.strength))
    return out


def _roles_complete(opp: OpportunityFact) -> bool:
    return all(
        opp.holders(role) for role in ("economic_buyer", "coach", "technical_buyer", "user_buyer")
    )


def _opportunity_gaps(open_opps: list[OpportunityFact], add: Callable[..., None]) -> None:
    for o in open_opps:
        for role in REQUIRED_ROLES:
            if not o.holders(role):
                add(
                    "missing_role",
                    f"{o.id}/{role}",
                    f"{o.name or o.id} has no {role} identified",
                    f"find who holds the {role} role",
                )
        if not o.holders("coach"):
            add(
                "no_coach",
                o.id,
                f"{o.name or o.id} has no coach",
                "develop a coach inside the customer",
            )
        for r in o.roles:
            if not r.current:
                continue
            if r.role == "economic_buyer" and r.response_mode in ("even_keel", "overconfident"):
                add(
                    "eb_not_receptive",
                    r.person,
                    f"economic buyer of {o.name or o.id} is in {r.response_mode} mode",
                    "show a discrepancy worth acting on",
                )
            if r.stance in ("enemy", "non_supporter") and r.influence == "high":
                add(
                    "opponent_with_power",
                    r.person,
                    f"{r.stance} with high influence on {o.name or o.id}",
                    "neutralise through their influencers",
                )


def _sole(key: list[PersonFact], threads: dict[str, list[str]]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for p in sorted(key, key=lambda p: p.id):
        if len(threads[p.id]) == 1:
            out[threads[p.id][0]].append(p.id)
    return out


def _suggest_path(snap: Snapshot, person: str, names: dict[str, str]) -> str:
    found = warm_paths(snap, person, k=1)
    if not found.paths:
        return "no warm path found: find an introduction outside the known network"
    best = found.paths[0]
    # A path may run through another account's people: their names are read where needed.
    elsewhere = [n for n in best.nodes if n not in names]
    named = {**names, **names_of(snap.store, elsewhere)} if elsewhere else names
    return f"warm path: {' → '.join(named.get(n, n) for n in best.nodes)} (score {best.score})"
