"""Influence on decision-makers and warm paths (DOMAIN.md)."""

from __future__ import annotations

from kamgraph.analysis import facts
from kamgraph.analysis.facts import (
    OpportunityFact,
    PathFact,
    StrengthFact,
    best,
    check_max_hops,
    date_of,
    r6,
)
from kamgraph.analysis.results import (
    Caution,
    InfluencePath,
    InfluencerRow,
    InfluencersResult,
    PathsResult,
    WarmPath,
)
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError, NotFound

DECIDERS = ("economic_buyer", "decision_maker")


def decision_targets(
    snap: Snapshot, opportunity: str | None = None, target: str | None = None
) -> list[str]:
    """D: the chosen person, or the current economic buyers and decision makers of the chosen
    opportunity, or of every open opportunity of the account."""
    if opportunity is not None and target is not None:
        raise KamgraphError("give either an opportunity or a target person, not both")
    if target is not None:
        found = snap.require_person(target)
        return [target] if found["current"] else []
    opps = snap.opportunities()
    if opportunity is not None:
        chosen = [o for o in opps if o.id == opportunity]
        if not chosen:
            raise NotFound(f"unknown opportunity {opportunity!r} on account {snap.account!r}")
        return chosen[0].holders(*DECIDERS)
    return sorted({p for o in opps if o.open for p in o.holders(*DECIDERS)})


def influencers(
    snap: Snapshot,
    *,
    opportunity: str | None = None,
    target: str | None = None,
    max_hops: int | None = None,
    include_reporting: bool | None = None,
) -> InfluencersResult:
    cfg = snap.cfg
    hops = cfg.max_hops if max_hops is None else max_hops
    check_max_hops(hops)
    snap.account_row()
    reporting = cfg.include_reporting if include_reporting is None else include_reporting
    targets = decision_targets(snap, opportunity, target)
    found = snap.influence_paths(targets, hops, reporting)
    visible = snap.visible
    by_source: dict[str, dict[str, PathFact]] = {}
    for (source, d), candidates in found.items():
        if visible is not None:  # KAMGRAPH_ACCESS=team: not through another team's people
            candidates = [c for c in candidates if visible(c.nodes)]
            if not candidates:
                continue
        by_source.setdefault(source, {})[d] = best(candidates)
    rows: list[InfluencerRow] = []
    for source, reached in by_source.items():
        score = sum(p.strength for p in reached.values())
        if r6(score) <= 0:
            continue
        paths = [
            InfluencePath(target=d, strength=r6(p.strength), nodes=list(p.nodes))
            for d, p in sorted(reached.items())
            if r6(p.strength) > 0
        ]
        rows.append(InfluencerRow(person=source, score=r6(score), paths=paths))
    rows.sort(key=lambda r: (-r.score, r.person))
    return InfluencersResult(as_of=snap.day, targets=targets, rows=rows)


def warm_paths(
    snap: Snapshot,
    target: str,
    *,
    sellers: list[str] | None = None,
    k: int | None = None,
    max_hops: int | None = None,
    include_reporting: bool | None = None,
    avoid_opposed: bool | None = None,
) -> PathsResult:
    """The best `k` warm paths to `target` (a person of any account: the snapshot is the
    cache of the facts read, usually the target's own account's). With `avoid_opposed`, paths
    through someone opposed to us are left out before the best `k` are chosen, and so are
    paths through someone the caller may not see (`snap.visible`, KAMGRAPH_ACCESS=team)."""
    cfg, day = snap.cfg, snap.day
    hops = cfg.max_hops if max_hops is None else max_hops
    check_max_hops(hops)
    top = cfg.k if k is None else k
    if top < 1:
        raise KamgraphError(f"k must be at least 1, got {top}")
    reporting = cfg.include_reporting if include_reporting is None else include_reporting
    avoid = cfg.avoid_opposed if avoid_opposed is None else avoid_opposed
    found_target = snap.require_person(target)
    if not found_target["current"]:
        return PathsResult(as_of=day, target=target, paths=[])
    if sellers:
        unknown = sorted(set(sellers) - snap.all_seller_ids())
        if unknown:
            raise NotFound(f"unknown seller {unknown[0]!r}")
    into, contacts = _route_facts(snap, [target], hops, reporting)
    routes: dict[str, list[PathFact]] = {p: c for (p, _), c in into.items()}
    routes[target] = [PathFact((target,), (), 1.0)]
    allowed = set(sellers) if sellers else None
    opposed = opposition(snap, str(found_target["account"]))
    ranked: list[tuple[tuple[float, str, str], WarmPath]] = []
    visible = snap.visible
    for (seller, first), fact in contacts.items():
        if allowed is not None and seller not in allowed:
            continue
        if r6(fact.strength) < cfg.min_first_hop:
            continue
        options = [
            PathFact((seller, *p.nodes), (fact.strength, *p.edges), fact.strength * p.strength)
            for p in routes[first]
            if visible is None or visible(p.nodes)  # a path through a hidden person is left out
        ]
        if not options:
            continue
        chosen = best(options)
        path = WarmPath(
            seller=seller,
            score=r6(chosen.strength),
            nodes=list(chosen.nodes),
            strengths=[r6(e) for e in chosen.edges],
            weakest=r6(min(chosen.edges)),
            last_touch=date_of(fact.last_touch),
            # Everyone but the seller (nodes[0]) and the target (nodes[-1]); the path is simple.
            cautions=[c for p in sorted(chosen.nodes[1:-1]) for c in opposed.get(p, [])],
        )
        if avoid and path.cautions:
            continue  # left out before the best k are chosen; the ranking is unchanged
        ranked.append(((-path.score, seller, first), path))
    ranked.sort(key=lambda item: item[0])
    return PathsResult(as_of=day, target=target, paths=[p for _, p in ranked[:top]])


def _tolerance(snap: Snapshot) -> float:
    # A first hop as weak as min_first_hop scales a path's score down; near-ties of the
    # influence part must be kept within the tolerance that still matters after scaling.
    return 1e-6 / max(snap.cfg.min_first_hop, 1e-3)


def _route_facts(
    snap: Snapshot, targets: list[str], hops: int, reporting: bool
) -> tuple[dict[tuple[str, str], list[PathFact]], dict[tuple[str, str], StrengthFact]]:
    """The influence paths into the targets, and the strengths of our sellers with every
    current person a warm path to them can start from (the sources and the targets)."""
    into = snap.influence_paths(targets, hops, reporting, _tolerance(snap))
    starts = {source for source, _ in into} | set(targets)
    current = {p for p, r in snap.person_accounts(starts).items() if r["current"]}
    return into, snap.strengths_of(current)


def prefetch_warm_paths(snap: Snapshot, targets: list[str]) -> None:
    """Read what `warm_paths` at the settings' defaults needs for each of these targets, for
    all of them at once (coverage suggests a path to every uncovered key person): then each
    call finds its facts in the snapshot instead of asking the database for them one by one."""
    if targets:
        _route_facts(snap, targets, snap.cfg.max_hops, snap.cfg.include_reporting)


def opposition(snap: Snapshot, account: str) -> dict[str, list[Caution]]:
    """person → their opposed stances on the open deals of `account`, by opportunity: the
    cautions of a warm path to a person of that account (DOMAIN.md)."""
    opps: list[OpportunityFact] = (
        snap.opportunities()
        if account == snap.account
        else facts.opportunities(snap.store, account, snap.day)
    )
    held = sorted(
        (r.person, o.id, r.role, r.stance)
        for o in opps
        if o.open
        for r in o.roles
        if r.current and r.stance in snap.cfg.opposed_stances
    )
    # One caution per role (a person opposed as technical and as user buyer of one deal is
    # two), by person, then opportunity, then role so that the order is always the same.
    found: dict[str, list[Caution]] = {}
    for person, opportunity, _role, stance in held:
        found.setdefault(person, []).append(
            Caution(person=person, opportunity=opportunity, stance=stance)
        )
    return found
