"""Managing over time: `activity`, `portfolio`, and the `target` group."""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.cli import faces
from kamgraph.cli.common import (
    AsOfOption,
    DbOption,
    HtmlOption,
    JsonOption,
    SetOption,
    app,
    day_of,
    new_table,
    num,
    out,
    parse_date,
    progress_bar,
    run,
    run_analysis,
    settings_for,
    write_html,
)
from kamgraph.cli.labels import shown
from kamgraph.services.names import Labels, as_id, resolve_all, resolve_optional
from kamgraph.storage import GraphStore, open_store

target_app = typer.Typer(
    help="Activity targets (quantified actions per period).", no_args_is_help=True
)
app.add_typer(target_app, name="target")

METRIC_HELP = "interactions, key_person_touches, org_events, new_contacts or actions_done"


@app.command("activity")
def activity_cmd(
    first: Annotated[str, typer.Option("--from", help="First day (YYYY-MM-DD).")],
    last: Annotated[str, typer.Option("--to", help="Last day (YYYY-MM-DD).")],
    per: Annotated[str, typer.Option("--per", help="week, month or quarter.")] = "month",
    account: Annotated[
        str | None, typer.Option("--account", help="Only this account (id or name).")
    ] = None,
    sellers: Annotated[
        list[str] | None,
        typer.Option("--seller", help="Only these sellers, by id or name (repeatable)."),
    ] = None,
    timeline: Annotated[
        str | None,
        typer.Option(
            "--timeline",
            help="With --html: the period of the daily timelines "
            "(e.g. 2026-11; default: the last one).",
        ),
    ] = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    html: HtmlOption = None,
) -> None:
    """Each seller's quantified activity per period against targets, with end-loading."""
    from kamgraph.analysis.activity import activity

    def compute(store: GraphStore, cfg: AnalysisSettings) -> Any:
        return activity(
            store,
            parse_date(first),
            parse_date(last),
            per,
            cfg,
            account=resolve_optional(store, "account", account),
            sellers=resolve_all(store, "seller", sellers),
        )

    if html is not None:
        from kamgraph.analysis.views import activity_view

        def page(store: GraphStore, settings: Any, cfg: AnalysisSettings) -> str:
            found = resolve_optional(store, "account", account)
            return faces.activity_page(activity_view(store, compute(store, cfg), found, timeline))

        write_html(html, as_json, db, overrides, page)
        return
    run_analysis(db, overrides, as_json, compute, print_activity)


def print_activity(result: Any, labels: Labels) -> None:
    t = new_table(
        f"activity per {result.per} from {result.from_} to {result.to}",
        "seller",
        "period",
        "interactions",
        "key touches",
        "org events",
        "new contacts",
        "actions done",
        "end-loading",
    )

    def cell(m: Any) -> str:
        if m.target is None:
            return str(m.actual)
        mark = "" if m.attainment is not None and m.attainment >= 1 else "[red]"
        return f"{mark}{m.actual}/{m.target}"

    for r in result.rows:
        m = r.metrics
        loading = "-" if r.end_loading is None else f"{r.end_loading:.0%}"
        if r.end_loaded:
            loading = f"[red]{loading} end-loaded[/]"
        t.add_row(
            shown(labels, "seller", r.seller),
            r.period,
            cell(m["interactions"]),
            cell(m["key_person_touches"]),
            cell(m["org_events"]),
            cell(m["new_contacts"]),
            cell(m["actions_done"]),
            loading,
        )
    out.print(t)
    out.print("a/b = actual against target (red when under)", highlight=False)


@app.command("portfolio")
def portfolio_cmd(
    tier: Annotated[
        str | None, typer.Option("--tier", help="Only accounts of tier A, B or C.")
    ] = None,
    stage: Annotated[
        str | None, typer.Option("--stage", help="Only accounts in this stage.")
    ] = None,
    seller: Annotated[
        str | None,
        typer.Option("--seller", help="Only accounts with this seller on the team (id or name)."),
    ] = None,
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    html: HtmlOption = None,
) -> None:
    """Every account ranked: tier and ABC suggestion, economics, coverage, gaps, flags."""
    from kamgraph.analysis.portfolio import portfolio

    def compute(store: GraphStore, cfg: AnalysisSettings) -> Any:
        with progress_bar() as bar:
            task = bar.add_task("auditing accounts", total=None)
            return portfolio(
                store,
                day_of(as_of),
                cfg,
                tier=tier,
                stage=stage,
                seller=resolve_optional(store, "seller", seller),
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )

    if html is not None:
        from kamgraph.analysis.views import portfolio_view

        def page(store: GraphStore, settings: Any, cfg: AnalysisSettings) -> str:
            view = portfolio_view(store, compute(store, cfg), cfg.weak_tier_a_score)
            return faces.portfolio_page(view)

        write_html(html, as_json, db, overrides, page)
        return
    run_analysis(db, overrides, as_json, compute, print_portfolio)


def print_portfolio(result: Any, labels: Labels) -> None:
    columns = (
        "account",
        "tier",
        "ABC",
        "stage",
        "potential+revenue",
        "pipeline",
        "score",
        "high gaps",
        "overdue",
        "flags",
    )
    t = new_table(f"portfolio as of {result.as_of}", *columns)
    for r in result.rows:
        size = (r.potential or 0) + (r.revenue or 0)
        tier = r.tier or "-"
        abc = r.suggested_tier or "-"
        if r.tier and r.suggested_tier and r.tier != r.suggested_tier:
            abc = f"[yellow]{abc}[/]"
        pipe = ", ".join(f"{v:,.0f} {c}" for c, v in r.pipeline.items()) or "-"
        t.add_row(
            shown(labels, "account", r.account),
            tier,
            abc,
            r.stage,
            f"{size:,.0f} {r.currency}",
            pipe,
            num(r.score),
            str(r.high_gaps),
            str(r.overdue_actions),
            ", ".join(r.flags) or "-",
        )
    out.print(t)


# --- targets --------------------------------------------------------------------------------
@target_app.command("set")
def target_set(
    metric: Annotated[str, typer.Option("--metric", help=METRIC_HELP)],
    target: Annotated[int, typer.Option("--target", help="Count per period.")],
    period: Annotated[str, typer.Option("--period", help="week, month or quarter.")] = "month",
    seller: Annotated[
        str | None,
        typer.Option("--seller", help="For this seller, id or name (default: each seller)."),
    ] = None,
    account: Annotated[
        str | None, typer.Option("--account", help="On this account, id or name (default: all).")
    ] = None,
    target_id: Annotated[
        str | None, typer.Option("--id", help="Default: one per seller/account/metric/period.")
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Set (create or change) an activity target."""
    from kamgraph.services.targets import set_target

    def action() -> None:
        with open_store(settings_for(db)) as store:
            # A name as its id; an unknown one is left to the row's validation.
            row = set_target(
                store,
                metric,
                target,
                period,
                None if seller is None else as_id(store, "seller", seller),
                None if account is None else as_id(store, "account", account),
                target_id,
            )
        if as_json:
            sys.stdout.write(json.dumps(row, indent=1) + "\n")
        else:
            out.print(
                f"target {row['id']} set: {row['target']} {metric} per {period}", highlight=False
            )

    run(action)


@target_app.command("list")
def target_list(
    seller: Annotated[str | None, typer.Option("--seller", help="Id or name.")] = None,
    account: Annotated[str | None, typer.Option("--account", help="Id or name.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List activity targets (every one, or those set for a seller or an account)."""
    from kamgraph.services.targets import list_targets

    def action() -> None:
        with open_store(settings_for(db)) as store:
            rows = list_targets(
                store,
                seller=resolve_optional(store, "seller", seller),
                account=resolve_optional(store, "account", account),
            )
            labels = Labels.load(store, ("seller", "account"))
        if as_json:
            sys.stdout.write(json.dumps(rows, indent=1) + "\n")
            return
        t = new_table("activity targets", "id", "metric", "target", "per", "seller", "account")
        for r in rows:
            t.add_row(
                str(r["id"]),
                str(r["metric"]),
                str(r["target"]),
                str(r["period"]),
                shown(labels, "seller", r["seller"]) if r.get("seller") else "each",
                shown(labels, "account", r["account"]) if r.get("account") else "all",
            )
        out.print(t)

    run(action)


@target_app.command("remove")
def target_remove(
    target_id: Annotated[str, typer.Argument(help="The target's id.")],
    db: DbOption = None,
) -> None:
    """Remove an activity target."""
    from kamgraph.services.targets import remove_target

    def action() -> None:
        with open_store(settings_for(db)) as store:
            remove_target(store, target_id)
        out.print(f"target {target_id} removed", highlight=False)

    run(action)
