"""The meeting brief for one person: everything to know before meeting them (DOMAIN.md)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamgraph.analysis.coverage import coverage
from kamgraph.analysis.decay import decay
from kamgraph.analysis.facts import r6
from kamgraph.analysis.influence import influencers, warm_paths
from kamgraph.analysis.results import (
    ActionOut,
    BriefResult,
    InteractionOut,
    Link,
    Profile,
    RoleOut,
)
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError

TOP_INFLUENCERS = 5
LAST_INTERACTIONS = 10
UPCOMING_INTERACTIONS = 5


def _interaction(r: dict[str, Any]) -> InteractionOut:
    return InteractionOut(
        id=r["id"],
        date=dt.date.fromisoformat(r["date"]),
        kind=r["kind"],
        sellers=sorted(r["sellers"]),
        people=sorted(r["people"]),
        opportunity=r["opportunity"],
        notes=r["notes"] or "",
    )


def brief(snap: Snapshot, person: str) -> BriefResult:
    """The brief of a person of the snapshot's account (`Snapshot.of_person` builds that)."""
    found = snap.profile(person)
    props, account = found["props"], str(found["account"])
    if account != snap.account:
        raise KamgraphError(f"person {person!r} is not on account {snap.account!r}")
    snap.prefetch("people", "strengths", "strengths_before", "opportunities", "team", "org_events")
    day = snap.day
    relationships = decay(snap)
    me = next(p for p in snap.people() if p.id == person)
    profile = Profile(
        id=person,
        name=props.get("name", ""),
        title=props.get("title", ""),
        account=account,
        layer=props.get("layer"),
        unit=found["unit"],
        unit_name=found["unit_name"],
        political_status=props.get("political_status", "outside"),
        style=props.get("style"),
        interests=list(props.get("interests") or []),
        profile=props.get("profile") or "",
        email=props.get("email"),
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
            wins=r.wins,
        )
        for o in snap.opportunities()
        if o.open
        for r in o.roles
        if r.person == person
    ]
    who = influencers(snap, target=person) if me.current else None
    return BriefResult(
        as_of=day,
        person=profile,
        roles=roles,
        influencers=who.rows[:TOP_INFLUENCERS] if who else [],
        influences=[
            Link(
                person=r["person"], name=r["name"] or "", strength=r6(r["strength"]), kind=r["kind"]
            )
            for r in snap.person_rows("analysis/influenced", person)
        ],
        relationships=[row for row in relationships.rows if row.person == person],
        upcoming=[
            _interaction(r)
            for r in snap.person_rows(
                "analysis/upcoming_interactions", person, limit=UPCOMING_INTERACTIONS
            )
        ],
        interactions=[
            _interaction(r)
            for r in snap.person_rows("analysis/last_interactions", person, limit=LAST_INTERACTIONS)
        ],
        paths=warm_paths(snap, person).paths,
        gaps=[g for g in coverage(snap).gaps if g.subject == person],
        actions=[
            ActionOut(
                id=r["id"],
                title=r["title"] or "",
                strategy=r["strategy"],
                status="open",  # open at as_of, whatever happened to it later
                owner=r["owner"],
                due=dt.date.fromisoformat(r["due"]) if r["due"] else None,
            )
            for r in snap.person_rows("analysis/open_actions_for", person)
        ],
    )
