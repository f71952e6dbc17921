"""The meeting brief for one person: everything to know before meeting them (DOMAIN.md)."""

from __future__ import annotations

import datetime as dt

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import account_decay
from kamgraph.analysis.facts import opportunities, r6
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.results import (
    ActionOut,
    BriefResult,
    InteractionOut,
    Link,
    Profile,
    RoleOut,
)
from kamgraph.errors import NotFound
from kamgraph.interchange.tables import day_number
from kamgraph.storage.base import GraphStore

TOP_INFLUENCERS = 5
LAST_INTERACTIONS = 10


def brief(store: GraphStore, person: str, day: dt.date, cfg: AnalysisSettings) -> BriefResult:
    found = store.read("analysis/person_profile", person=person)
    if not found:
        raise NotFound(f"unknown person {person!r}")
    props, account = found[0]["props"], str(found[0]["account"])
    decay, people, _ = account_decay(store, account, day, cfg)
    me = next(p for p in people if p.id == person)
    profile = Profile(
        id=person,
        name=props.get("name", ""),
        title=props.get("title", ""),
        account=account,
        layer=props.get("layer"),
        unit=found[0]["unit"],
        unit_name=found[0]["unit_name"],
        political_status=props.get("political_status", "outside"),
        style=props.get("style"),
        interests=list(props.get("interests") or []),
        current=me.current,
    )
    roles = [
        RoleOut(
            opportunity=o.id,
            opportunity_name=o.name,
            stage=o.stage,
            role=r.role,
            stance=r.stance,
            influence=r.influence,
            response_mode=r.response_mode,
        )
        for o in opportunities(store, account, day)
        if o.open
        for r in o.roles
        if r.person == person
    ]
    day_n = day_number(day)
    who = influencers(store, account, day, cfg, target=person) if me.current else None
    return BriefResult(
        as_of=day,
        person=profile,
        roles=roles,
        influencers=who.rows[:TOP_INFLUENCERS] if who else [],
        influences=[
            Link(
                person=r["person"], name=r["name"] or "", strength=r6(r["strength"]), kind=r["kind"]
            )
            for r in store.read("analysis/influenced", person=person, day=day_n)
        ],  # fmt: skip
        relationships=[row for row in decay.rows if row.person == person],
        interactions=[
            InteractionOut(
                id=r["id"],
                date=dt.date.fromisoformat(r["date"]),
                kind=r["kind"],
                sellers=sorted(r["sellers"]),
                people=sorted(r["people"]),
                opportunity=r["opportunity"],
                notes=r["notes"] or "",
            )
            for r in store.read(
                "analysis/last_interactions", person=person, day=day_n, limit=LAST_INTERACTIONS
            )
        ],
        paths=warm_paths(store, person, day, cfg).paths,
        gaps=[g for g in coverage(store, account, day, cfg).gaps if g.subject == person],
        actions=[
            ActionOut(
                id=r["id"],
                title=r["title"] or "",
                strategy=r["strategy"],
                status="open",  # open at as_of, whatever happened to it later
                owner=r["owner"],
                due=dt.date.fromisoformat(r["due"]) if r["due"] else None,
            )
            for r in store.read("analysis/open_actions_for", person=person, day=day_n)
        ],
    )
