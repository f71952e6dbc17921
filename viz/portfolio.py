"""Pages of process management: seller activity against targets, and the account portfolio."""

from __future__ import annotations

import datetime as dt

from kamgraph.analysis.views import ActivityView, PortfolioView
from kamgraph.interchange.model import METRICS
from viz.charts import heatmap, scatter_by_group, timeline
from viz.render import render_page

TIER_COLOURS = {"A": "#cf222e", "B": "#d4a72c", "C": "#0969da", "no tier": "#8c959f"}


def activity_page(view: ActivityView) -> str:
    result, account, span = view.result, view.account, view.span
    sellers = sorted({r.seller for r in result.rows})
    periods = list(dict.fromkeys(r.period for r in result.rows))
    cell = {(r.seller, r.period): r for r in result.rows}
    shown = [view.names.get(s, s) for s in sellers]  # the charts' row labels: names
    charts = []
    for metric in METRICS:
        values, labels, marked = [], [], []
        for s in sellers:
            row_v: list[float | None] = []
            row_l: list[str] = []
            row_m: list[bool] = []
            for p in periods:
                m = cell[(s, p)].metrics[metric]
                row_v.append(m.attainment)
                row_l.append(str(m.actual) if m.target is None else f"{m.actual}/{m.target}")
                row_m.append(metric == "interactions" and cell[(s, p)].end_loaded)
            values.append(row_v)
            labels.append(row_l)
            marked.append(row_m)
        title = metric.replace("_", " ") + (
            " (red frame: end-loaded)" if metric == "interactions" else ""
        )
        charts.append(heatmap(title, shown, periods, values, labels, marked, name=metric))
    days_chart = ""
    if span is not None:
        daily = view.daily
        days = [span.start + dt.timedelta(days=k) for k in range((span.end - span.start).days + 1)]
        days_chart = timeline(
            f"Interactions per day in {span.period} (the end-loading picture)",
            shown,
            [d.isoformat()[5:] for d in days],
            [[daily[s].get(d, 0) for d in days] for s in sellers],
        )
    loaded = [r for r in result.rows if r.end_loaded]
    return render_page(
        "activity.html",
        title="Activity against targets" + (f": {view.account_name or account}" if account else ""),
        result=result,
        charts=charts,
        timeline=days_chart,
        loaded=loaded,
        names=view.names,
    )


def portfolio_page(view: PortfolioView) -> str:
    result, names, weak_score = view.result, view.names, view.weak_score
    charts = []
    for currency in sorted({r.currency for r in result.rows}):
        rows = [r for r in result.rows if r.currency == currency and r.score is not None]
        # Every point is named on hover; flagged accounts (and weak important ones) always.
        points = [
            (
                (r.potential or 0) + (r.revenue or 0),
                float(r.score or 0.0),
                r.tier or "no tier",
                names.get(r.account) or r.account,
            )
            for r in rows
        ]
        flagged = {
            names.get(r.account) or r.account
            for r in rows
            if r.flags or ("A" in (r.tier, r.suggested_tier) and (r.score or 0.0) < weak_score)
        }
        charts.append(
            scatter_by_group(
                f"Coverage against size, accounts in {currency}: weak important accounts bottom "
                "right",
                points,
                TIER_COLOURS,
                xlabel=f"potential + revenue (in {currency} only, log scale)",
                ylabel="coverage score",
                labelled=flagged,
                ylim=(0, 100),
            )
        )
    return render_page(
        "portfolio.html",
        title="Account portfolio",
        result=result,
        names=names,
        charts=charts,
    )
