"""The account plan and the plan review as printable, self-contained HTML pages."""

from __future__ import annotations

import datetime as dt

from kamgraph.analysis.action_history import account_actions
from kamgraph.analysis.config import PERSON_GAPS, AnalysisSettings
from kamgraph.analysis.plan import plan
from kamgraph.analysis.powermap import power_map
from kamgraph.analysis.review import review
from kamgraph.storage.base import GraphStore
from viz.charts import before_after
from viz.model import build_map
from viz.render import map_section, render_page

STRATEGIES = ("business", "penetration", "resources")
LADDER = {1: "1 vendor", 2: "2 credible source", 3: "3 problem solver", 4: "4 trusted advisor"}


def names(store: GraphStore, account: str) -> tuple[dict[str, str], dict[str, str]]:
    """(id → name, id → title) for the account's people and every seller."""
    rows = store.read("analysis/names", account=account)
    found = [x for r in rows for x in (*r["people"], *r["sellers"]) if x and x.get("id")]
    return (
        {str(x["id"]): str(x.get("name") or x["id"]) for x in found},
        {str(x["id"]): str(x.get("title") or "") for x in found},
    )


def plan_page(
    store: GraphStore, account: str, day: dt.date, cfg: AnalysisSettings, focus_above: int = 150
) -> str:
    p = plan(store, account, day, cfg)
    data = power_map(store, account, day, cfg)
    unplanned: dict[str, list[str]] = {}
    for g in p.unplanned_gaps:
        if g.kind in PERSON_GAPS:
            unplanned.setdefault(g.subject, []).append(g.kind)
    model = build_map(data, focus_above=focus_above, unplanned=unplanned)
    who, titles = names(store, account)
    return render_page(
        "plan.html",
        title=f"Account plan: {data.account_name}",
        plan=p,
        names=who,
        titles=titles,
        ladder=LADDER,
        map=map_section(model, "kg-plan-map"),
        strategies=STRATEGIES,
        overdue={a.id for a in p.actions.overdue},
        unplanned_high=sum(g.severity == "high" for g in p.unplanned_gaps),
        recent_days=cfg.recently_closed_days,
    )


def review_page(
    store: GraphStore, account: str, since: dt.date, day: dt.date, cfg: AnalysisSettings
) -> str:
    r = review(store, account, since, day, cfg)
    who, _ = names(store, account)
    account_name = store.read("account/get", account=account)[0]["account"].get("name") or account
    dates = (since.isoformat(), day.isoformat())
    c = r.coverage
    components = list(c.delta.components)
    charts = [
        before_after(
            "Coverage components (0 to 1)",
            components,
            [getattr(c.from_.components, n) for n in components],
            [getattr(c.to.components, n) for n in components],
            dates,
        ),
        before_after(
            "Activity: this window against the one before",
            ["interactions", "organization-level events"],
            [r.activity.previous_interactions, r.activity.previous_org_events],
            [r.activity.interactions, r.activity.org_events],
            ("previous window", "this window"),
        ),
    ]
    titles = {a.id: a.title or a.id for a in account_actions(store, account)}
    return render_page(
        "review.html",
        title=f"Account review: {account_name}",
        r=r,
        names=who,
        titles=titles,
        charts=charts,
    )
