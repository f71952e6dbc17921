"""The facts behind a power map of an account (DOMAIN.md "Power map"), gathered at one `as_of`.

The map is drawn by `viz/` from this result alone; here only the analyses are composed, so the
map shows exactly what `influencers`, `decay`, `coverage` and `paths` say.
"""

from __future__ import annotations

from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.facts import r6
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.results import (
    MapLink,
    MapPerson,
    MapRole,
    MapSeller,
    PowerMapData,
    WarmPath,
)
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError, NotFound


def power_map(
    snap: Snapshot,
    *,
    opportunity: str | None = None,
    highlight_to: str | None = None,
) -> PowerMapData:
    found = snap.account_row()
    account, day = snap.account, snap.day
    snap.prefetch(
        "opportunities",
        "people",
        "strengths",
        "strengths_before",
        "team",
        "org_events",
        "map_people",
        "map_links",
    )
    opps = snap.opportunities()
    if opportunity is not None and opportunity not in {o.id for o in opps}:
        raise NotFound(f"unknown opportunity {opportunity!r} on account {account!r}")
    _check_highlight(snap, highlight_to)
    who = influencers(snap, opportunity=opportunity)
    relationships, gaps = decay(snap), coverage(snap)
    # After the audit: the warm path reuses the strengths it read.
    path = _highlight(snap, highlight_to)
    facts, links = snap.people(), snap.map_links()
    key = {p.id for p in facts if p.key}
    scores = {r.person: r.score for r in who.rows}
    chosen = [o for o in opps if (o.id == opportunity if opportunity else o.open)]
    roles: dict[str, list[MapRole]] = {}
    for o in chosen:
        for r in o.roles:
            if r.current:
                roles.setdefault(r.person, []).append(
                    MapRole(opportunity=o.id, role=r.role, stance=r.stance, influence=r.influence)
                )
    people = [
        MapPerson(
            id=r["id"],
            name=r["name"] or "",
            title=r["title"] or "",
            unit=r["unit"],
            unit_name=r["unit_name"],
            layer=r["layer"],
            political_status=r["political_status"],
            key=r["id"] in key,
            roles=roles.get(r["id"], []),
            influence_score=scores.get(r["id"], 0.0),
        )
        for r in snap.map_people()
    ]
    team = {str(r["id"]) for r in snap.team()}
    seller_ids = team | {row.seller for row in relationships.rows}
    sellers = [
        MapSeller(id=r["id"], name=r["name"] or "", title=r["title"] or "", team_role=r["role"])
        for r in snap.sellers(seller_ids)
    ]
    return PowerMapData(
        as_of=day,
        account=account,
        account_name=found.get("name") or account,
        opportunity=opportunity,
        opportunity_name=next((o.name for o in chosen), None) if opportunity else None,
        decision_makers=who.targets,
        people=people,
        sellers=sellers,
        links=[
            MapLink(
                kind=r["kind"],
                source=r["source"],
                target=r["target"],
                style=r["style"],
                strength=None if r["strength"] is None else r6(float(r["strength"])),
                polarity=r["polarity"],
            )
            for r in links
        ],
        relationships=relationships.rows,
        gaps=gaps.gaps,
        path=path,
        highlight_target=highlight_to,
        deal_names={o.id: o.name or o.id for o in chosen},
    )


def _check_highlight(snap: Snapshot, person: str | None) -> None:
    """The person to highlight the path to must be a current person of the account."""
    if person is None:
        return
    found = snap.require_person(person)
    if found["account"] != snap.account:
        raise KamgraphError(f"person {person!r} is not on account {snap.account!r}")
    if not found["current"]:
        raise KamgraphError(f"person {person!r} is not current on {snap.day.isoformat()}")


def _highlight(snap: Snapshot, person: str | None) -> WarmPath | None:
    """The best warm path to `person` (checked by `_check_highlight`)."""
    if person is None:
        return None
    paths = warm_paths(snap, person, k=1).paths
    return paths[0] if paths else None
