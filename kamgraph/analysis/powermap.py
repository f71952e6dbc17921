"""The facts behind a power map of an account (DOMAIN.md "Power map"), gathered at one `as_of`.

The map is drawn by `viz/` from this result alone; here only the analyses are composed, so the
map shows exactly what `influencers`, `decay`, `coverage` and `paths` say.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import account_decay
from kamgraph.analysis.facts import opportunities, r6, require_account, require_person
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.results import (
    MapLink,
    MapPerson,
    MapRole,
    MapSeller,
    PowerMapData,
    WarmPath,
)
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore


def power_map(
    store: GraphStore,
    account: str,
    day: dt.date,
    cfg: AnalysisSettings,
    *,
    opportunity: str | None = None,
    highlight_to: str | None = None,
) -> PowerMapData:
    found = require_account(store, account)
    opps = opportunities(store, account, day)
    if opportunity is not None and opportunity not in {o.id for o in opps}:
        raise NotFound(f"unknown opportunity {opportunity!r} on account {account!r}")
    path = _highlight(store, account, highlight_to, day, cfg)
    day_n = day_number(day)
    # Independent reads side by side; the coverage audit reuses the people and strengths the
    # decay analysis read (the costliest read of both).
    with ThreadPoolExecutor(2) as pool:
        who_f = pool.submit(influencers, store, account, day, cfg, opportunity=opportunity)
        links_f = pool.submit(store.read, "analysis/map_links", account=account, day=day_n)
        decay, facts, now = account_decay(store, account, day, cfg)
        gaps = coverage(store, account, day, cfg, given=(facts, now))
        who, links = who_f.result(), links_f.result()
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
        for r in store.read("analysis/map_people", account=account, day=day_n)
    ]
    team = {str(r["id"]) for r in store.read("account/team", account=account)}
    seller_ids = sorted(team | {row.seller for row in decay.rows})
    sellers = [
        MapSeller(id=r["id"], name=r["name"] or "", title=r["title"] or "", team_role=r["role"])
        for r in store.read("analysis/sellers", sellers=seller_ids, account=account)
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
        relationships=decay.rows,
        gaps=gaps.gaps,
        path=path,
        highlight_target=highlight_to,
    )


def _highlight(
    store: GraphStore, account: str, person: str | None, day: dt.date, cfg: AnalysisSettings
) -> WarmPath | None:
    """The best warm path to `person`, who must be a current person of the account."""
    if person is None:
        return None
    found = require_person(store, person, day)
    if found["account"] != account:
        raise KamgraphError(f"person {person!r} is not on account {account!r}")
    if not found["current"]:
        raise KamgraphError(f"person {person!r} is not current on {day.isoformat()}")
    paths = warm_paths(store, person, day, cfg, k=1).paths
    return paths[0] if paths else None
