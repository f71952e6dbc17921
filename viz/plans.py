"""The account plan and the plan review as printable, self-contained HTML pages."""

from __future__ import annotations

from kamgraph.analysis.config import PERSON_GAPS
from kamgraph.analysis.views import PlanView, ReviewView
from kamgraph.interchange.model import STRATEGIES
from viz.charts import before_after
from viz.model import build_map
from viz.render import map_section, render_page

LADDER = {1: "1 vendor", 2: "2 credible source", 3: "3 problem solver", 4: "4 trusted advisor"}


def plan_page(view: PlanView, *, focus_above: int = 60) -> str:
    p, data = view.plan, view.map
    unplanned: dict[str, list[str]] = {}
    for g in p.unplanned_gaps:
        if g.kind in PERSON_GAPS:
            unplanned.setdefault(g.subject, []).append(g.kind)
    model = build_map(data, focus_above=focus_above, unplanned=unplanned)
    return render_page(
        "plan.html",
        title=f"Account plan: {data.account_name}",
        plan=p,
        names=view.names,
        titles=view.titles,
        ladder=LADDER,
        map=map_section(model, "kg-plan-map"),
        strategies=STRATEGIES,
        overdue={a.id for a in p.actions.overdue},
        unplanned_high=sum(g.severity == "high" for g in p.unplanned_gaps),
        recent_days=view.recently_closed_days,
    )


def review_page(view: ReviewView) -> str:
    r = view.review
    dates = (r.from_.isoformat(), r.to.isoformat())
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
    return render_page(
        "review.html",
        title=f"Account review: {view.account_name}",
        r=r,
        names=view.names,
        titles=view.action_titles,
        charts=charts,
    )
