"""What each page shows, as result models: `viz/` renders these and reads nothing itself.

A page that shows several analyses builds them from one snapshot, so the plan page (plan + power
map) and the brief page (brief + power map) read each fact once. The CLI, the API and the
browser pages all call these, so every face shows the same thing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from kamgraph.analysis.activity import daily_interactions
from kamgraph.analysis.brief import brief
from kamgraph.analysis.facts import names_of
from kamgraph.analysis.plan import plan
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.results import (
    ActivityResult,
    ActivityRow,
    BriefResult,
    PlanResult,
    PortfolioResult,
    PowerMapData,
    ReviewResult,
)
from kamgraph.analysis.review import review
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.errors import KamgraphError
from kamgraph.storage.base import GraphStore


@dataclass(frozen=True)
class BriefView:
    brief: BriefResult
    map: PowerMapData
    names: dict[str, str]  # of everyone the brief mentions (a warm path may cross accounts)


@dataclass(frozen=True)
class PlanView:
    plan: PlanResult
    map: PowerMapData
    names: dict[str, str]
    titles: dict[str, str]
    recently_closed_days: int


@dataclass(frozen=True)
class ReviewView:
    review: ReviewResult
    account_name: str
    names: dict[str, str]
    action_titles: dict[str, str]


@dataclass(frozen=True)
class ActivityView:
    result: ActivityResult
    account: str | None
    # The period drawn day by day (the last one, or the one asked for) and its counts.
    span: ActivityRow | None = None
    daily: dict[str, dict[dt.date, int]] = field(default_factory=dict)
    # Sellers' and the account's names: the page shows names, the rows keep ids.
    names: dict[str, str] = field(default_factory=dict)
    account_name: str | None = None


@dataclass(frozen=True)
class PortfolioView:
    result: PortfolioResult
    names: dict[str, str]
    weak_score: float


def brief_view(snap: Snapshot, person: str) -> BriefView:
    """The brief and its account's map (highlighting the path to the person when current),
    both as the snapshot's caller may see them (`Snapshot.visible`: the paths through another
    team's people are left out before the best are chosen)."""
    b = brief(snap, person)
    data = power_map(snap, highlight_to=person if b.person.current else None)
    names = {p.id: p.name or p.id for p in data.people} | {
        s.id: s.name or s.id for s in data.sellers
    }
    names[data.account] = data.account_name or data.account
    mentioned = {n for p in b.paths for n in p.nodes}
    mentioned |= {c.opportunity for p in b.paths for c in p.cautions}  # deals: by name too
    mentioned |= {n for r in b.influencers for p in r.paths for n in p.nodes}
    return BriefView(b, data, names | names_of(snap.store, mentioned - names.keys()))


def plan_view(snap: Snapshot) -> PlanView:
    p = plan(snap)
    names, titles = snap.names()
    return PlanView(
        plan=p,
        map=power_map(snap),
        names=names,
        titles=titles,
        recently_closed_days=snap.cfg.recently_closed_days,
    )


def review_view(snap: Snapshot, since: dt.date) -> ReviewView:
    r = review(snap, since)
    names, _ = snap.names()
    return ReviewView(
        review=r,
        account_name=snap.account_row().get("name") or snap.account,
        names=names,
        action_titles={a.id: a.title or a.id for a in snap.actions()},
    )


def activity_view(
    store: GraphStore, result: ActivityResult, account: str | None, chosen: str | None = None
) -> ActivityView:
    """`chosen`: the period to draw day by day (default: the last of the report)."""
    span = (
        next((r for r in reversed(result.rows) if r.period == chosen), None)
        if chosen
        else (result.rows[-1] if result.rows else None)
    )
    if chosen and span is None:
        raise KamgraphError(f"--timeline {chosen} is not a period of this report")
    daily: dict[str, dict[dt.date, int]] = {}
    if span is not None:
        sellers = sorted({r.seller for r in result.rows})
        daily = daily_interactions(store, sellers, span.start, span.end, account)
    sellers_shown = sorted({r.seller for r in result.rows})
    names = {
        str(r["id"]): str(r["name"] or r["id"])
        for r in store.read("names/sellers", only=sellers_shown)
    }
    account_name = None
    if account is not None:
        found = store.read("names/accounts", only=[account])
        account_name = str(found[0]["name"] or account) if found else account
    return ActivityView(
        result=result,
        account=account,
        span=span,
        daily=daily,
        names=names,
        account_name=account_name,
    )


def portfolio_view(
    store: GraphStore, result: PortfolioResult, weak_score: float = 50.0
) -> PortfolioView:
    """`weak_score`: accounts the ABC check makes A (or declared A) with a score below it are
    named on the chart (the `weak_tier_a_score` setting)."""
    names = {str(r["id"]): str(r["name"] or r["id"]) for r in store.read("account/list")}
    return PortfolioView(result=result, names=names, weak_score=weak_score)
