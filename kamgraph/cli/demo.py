"""`kamgraph demo`: the sample account loaded and shown, its map and plan written."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.table import Table

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.cli import faces
from kamgraph.cli.common import (
    DbOption,
    app,
    err,
    out,
    run,
    settings_for,
    write_page,
)
from kamgraph.storage import GraphStore, open_store


# --- demo --------------------------------------------------------------------------------------
@app.command("demo")
def demo_cmd(db: DbOption = None) -> None:
    """Load the bundled sample account and show what kamgraph sees in it."""
    from kamgraph.analysis.powermap import power_map
    from kamgraph.analysis.views import plan_view

    # Here, not at the top: importing a command module registers its commands, and
    # kamgraph/cli/__init__.py keeps the order of `kamgraph --help`.
    from kamgraph.cli.analyses import print_account_analyses
    from kamgraph.cli.plans import print_plan_summary
    from kamgraph.generators.sample import SAMPLE_ACCOUNT, SAMPLE_AS_OF, sample_path
    from kamgraph.interchange.bundle import load
    from kamgraph.interchange.ingest import import_data
    from kamgraph.services.summary import account_summary

    def action() -> None:
        settings = settings_for(db)
        err.print(f"database: {settings.redacted_db()}")
        with open_store(settings) as store:
            report = import_data(store, load(sample_path()))
            totals = report.totals()
            err.print(
                f"sample loaded: {totals['added']} rows added, {totals['changed']} changed, "
                f"{totals['unchanged']} already there"
            )
            summary = account_summary(store, SAMPLE_ACCOUNT, SAMPLE_AS_OF)
            print_summary(summary)
            # One snapshot of the sample account: the analyses, the map and the plan share
            # its facts.
            snap = Snapshot(store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, settings.analysis)
            buyer = print_account_analyses(snap, summary)

            page = faces.map_page(
                power_map(snap, highlight_to=buyer), focus_above=settings.map_focus_above
            )
            plan_html = faces.plan_page(plan_view(snap))
            print_plan_summary(snap)
            print_demo_activity(store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, settings.analysis)
            print_demo_portfolio(store, SAMPLE_AS_OF, settings.analysis)
        target = settings.data_dir / f"{SAMPLE_ACCOUNT}-map.html"
        write_page(target, page)
        out.print(f"power map of the sample account written to {target.resolve()}", highlight=False)
        plan_file = settings.data_dir / f"{SAMPLE_ACCOUNT}-plan.html"
        write_page(plan_file, plan_html)
        out.print(f"account plan page written to {plan_file.resolve()}", highlight=False)

    run(action)


def print_summary(summary: Any) -> None:
    acc = summary.account
    out.rule(f"[bold]{acc.get('name') or acc['id']}[/]  ({acc['id']})")
    money = ""
    if acc.get("potential") is not None or acc.get("revenue") is not None:
        money = (
            f"   potential {acc.get('potential') or 0:,.0f} {acc.get('currency', '')}"
            f"   revenue {acc.get('revenue') or 0:,.0f} {acc.get('currency', '')}"
        )
    out.print(
        f"industry {acc.get('industry') or '-'}   tier {acc.get('tier') or '-'}   "
        f"KAM stage {acc.get('stage') or '-'}{money}   as of {summary.as_of}",
        highlight=False,
    )
    layers = Table(title="people by layer")
    for col in ("layer", "current", "departed"):
        layers.add_column(col)
    for row in summary.layers:
        layers.add_row(row.layer, str(row.current), str(row.departed))
    units = Table(title=f"units ({len(summary.units)})")
    for col in ("unit", "function", "parent", "people"):
        units.add_column(col)
    for u in summary.units:
        units.add_row(u.name or u.id, u.function or "-", u.parent or "-", str(u.people))
    opps = Table(title="opportunities")
    for col in ("id", "name", "stage", "value", "close", "roles"):
        opps.add_column(col)
    for o in summary.opportunities:
        value = f"{o.value:,.0f} {o.currency or ''}" if o.value is not None else "-"
        opps.add_row(o.id, o.name or "", o.stage or "", value, o.close_date or "-", str(o.roles))
    team = Table(title="account team")
    for col in ("seller", "title", "role"):
        team.add_column(col)
    for m in summary.team:
        team.add_row(m.name or m.id, m.title or "", m.role or "")
    kinds = Table(title=f"interactions ({summary.interaction_total})")
    for col in ("kind", "count", "first", "last"):
        kinds.add_column(col)
    for k in summary.interactions:
        kinds.add_row(k.kind, str(k.n), k.first or "-", k.last or "-")
    for t in (layers, units, opps, team, kinds):
        out.print(t)


def print_demo_activity(store: GraphStore, account: str, day: Any, cfg: AnalysisSettings) -> None:
    """The demo: the sample account team's last full quarter against its targets."""
    from kamgraph.analysis.activity import activity
    from kamgraph.analysis.periods import period_of
    from kamgraph.cli.portfolio import print_activity
    from kamgraph.services.names import Labels

    quarter = period_of(period_of(day, "quarter").start - dt.timedelta(days=1), "quarter")
    team = [str(r["id"]) for r in store.read("account/team", account=account)]
    out.rule(f"[bold]activity of the {account} team[/] in {quarter.label}")
    print_activity(
        activity(store, quarter.start, quarter.end, "month", cfg, account=account, sellers=team),
        Labels.load(store, ("seller",)),
    )


DEMO_PREFIX = "demo-"  # the synthetic accounts beside the sample in the demo's portfolio


def print_demo_portfolio(store: GraphStore, day: Any, cfg: AnalysisSettings) -> None:
    """The demo: a portfolio of the sample and a few synthetic accounts (added once)."""
    from kamgraph.analysis.portfolio import portfolio
    from kamgraph.cli.portfolio import print_portfolio
    from kamgraph.generators.synth import synth
    from kamgraph.interchange.ingest import import_data
    from kamgraph.services.names import Labels

    import_data(store, synth(4, 40, seed=11, as_of=day, prefix=DEMO_PREFIX))
    print_portfolio(portfolio(store, day, cfg), Labels.load(store, ("account",)))
