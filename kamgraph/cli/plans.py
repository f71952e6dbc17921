"""Account plans: `plan`, `review`, and the `action` group."""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Annotated, Any

import typer
from rich.markup import escape

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.cli import faces
from kamgraph.cli.common import (
    AsOfOption,
    DbOption,
    HtmlOption,
    JsonOption,
    SetOption,
    account_snapshot,
    app,
    day_of,
    new_table,
    num,
    out,
    parse_date,
    run,
    run_analysis,
    settings_for,
    write_html,
)
from kamgraph.cli.labels import many, shown, subject
from kamgraph.interchange.model import STRATEGIES
from kamgraph.services.names import Kind, Labels, as_id, resolve_optional
from kamgraph.storage import GraphStore, open_store

action_app = typer.Typer(help="Next actions of account plans.", no_args_is_help=True)
app.add_typer(action_app, name="action")


@app.command("plan")
def plan_cmd(
    account: Annotated[str, typer.Option("--account", help="The account (id or name).")],
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    html: HtmlOption = None,
) -> None:
    """The one-page account plan: stakeholders, actions by strategy, unplanned gaps."""
    from kamgraph.analysis.plan import plan

    if html is not None:
        from kamgraph.analysis.views import plan_view

        def page(store: GraphStore, settings: Any, cfg: AnalysisSettings) -> str:
            view = plan_view(account_snapshot(store, account, as_of, cfg))
            return faces.plan_page(view, focus_above=settings.map_focus_above)

        write_html(html, as_json, db, overrides, page)
        return
    run_analysis(
        db,
        overrides,
        as_json,
        lambda store, cfg: plan(account_snapshot(store, account, as_of, cfg)),
        print_plan,
    )


def print_plan(p: Any, labels: Labels) -> None:
    out.rule(f"[bold]account plan[/] {shown(labels, 'account', p.account)} as of {p.as_of}")
    table = new_table(
        "stakeholders",
        "person",
        "roles",
        "influence",
        "best seller",
        "strength",
        "band",
        "ladder",
        "open actions",
        "next due",
    )
    for s in p.stakeholders:
        roles = ", ".join(
            f"{r.role}/{shown(labels, 'opportunity', r.opportunity)} ({r.stance})"
            + (f" wins: {escape(r.wins)}" if r.wins else "")
            for r in s.roles
        )
        ladder = "-" if s.level is None else f"{s.level} → {s.target_level or s.level}"
        table.add_row(
            shown(labels, "person", s.person),
            roles or "-",
            num(s.influence_score),
            shown(labels, "seller", s.best_seller),
            num(s.strength),
            s.band,
            ladder,
            ", ".join(s.open_actions) or "-",
            str(s.next_due or "-"),
        )
    out.print(table)
    overdue = {a.id for a in p.actions.overdue}
    for strategy in STRATEGIES:
        mine = [a for a in p.actions.open if a.strategy == strategy]
        if not mine:
            continue
        t = new_table(f"open actions: {strategy}", "action", "owner", "people", "due", "addresses")
        for a in mine:
            due = f"[red]{a.due} overdue[/]" if a.id in overdue else str(a.due or "-")
            t.add_row(
                f"{a.id} {a.title}",
                shown(labels, "seller", a.owner),
                many(labels, "person", a.people) or "-",
                due,
                a.addresses or "-",
            )
        out.print(t)
    if p.actions.recently_closed:
        t = new_table("recently closed", "action", "status", "closed on", "owner")
        for a in p.actions.recently_closed:
            t.add_row(
                f"{a.id} {a.title}", a.status, str(a.closed_on), shown(labels, "seller", a.owner)
            )
        out.print(t)
    t = new_table("unplanned gaps (no open action addresses them)", "severity", "kind", "subject")
    for g in p.unplanned_gaps:
        t.add_row(g.severity, g.kind, subject(labels, g.subject))
    out.print(t)
    out.print(f"plan coverage (high gaps addressed): {p.plan_coverage:.0%}", highlight=False)


def print_plan_summary(snap: Snapshot) -> None:
    """The demo's plan lines: plan coverage, overdue actions, unplanned high gaps."""
    from kamgraph.analysis.plan import plan

    account, day, cfg = snap.account, snap.day, snap.cfg
    p = plan(snap)
    labels = Labels.load(snap.store)
    out.rule(f"[bold]account plan[/] {shown(labels, 'account', account)} as of {day}")
    out.print(
        f"plan coverage: {p.plan_coverage:.0%} of high gaps addressed; "
        f"{len(p.actions.open)} open actions, {len(p.actions.overdue)} overdue, "
        f"{len(p.actions.recently_closed)} closed in the last {cfg.recently_closed_days} days",
        highlight=False,
    )
    t = new_table("overdue actions", "action", "owner", "due")
    for a in p.actions.overdue:
        t.add_row(f"{a.id} {a.title}", shown(labels, "seller", a.owner), str(a.due))
    out.print(t)
    high = [g for g in p.unplanned_gaps if g.severity == "high"]
    t = new_table("unplanned high gaps", "kind", "subject")
    for g in high:
        t.add_row(g.kind, subject(labels, g.subject))
    if high:
        out.print(t)
    else:
        out.print("every high gap has an open action", highlight=False)


@app.command("review")
def review_cmd(
    account: Annotated[str, typer.Option("--account", help="The account (id or name).")],
    since: Annotated[str, typer.Option("--since", help="Start of the review (YYYY-MM-DD).")],
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    html: HtmlOption = None,
) -> None:
    """What changed between --since and --as-of: coverage, gaps, relationships, actions."""
    from kamgraph.analysis.review import review

    if html is not None:
        from kamgraph.analysis.views import review_view

        def page(store: GraphStore, settings: Any, cfg: AnalysisSettings) -> str:
            snap = account_snapshot(store, account, as_of, cfg)
            return faces.review_page(review_view(snap, parse_date(since)))

        write_html(html, as_json, db, overrides, page)
        return

    def compute(store: GraphStore, cfg: AnalysisSettings) -> Any:
        snap = account_snapshot(store, account, as_of, cfg)
        return review(snap, parse_date(since))

    run_analysis(db, overrides, as_json, compute, print_review)


def print_review(r: Any, labels: Labels) -> None:
    c = r.coverage
    out.rule(f"[bold]review[/] {shown(labels, 'account', r.account)} from {r.from_} to {r.to}")
    t = new_table("coverage", "figure", str(r.from_), str(r.to), "change")
    t.add_row("score", num(c.from_.score), num(c.to.score), num(c.delta.score))
    for name, delta in c.delta.components.items():
        t.add_row(
            name,
            num(getattr(c.from_.components, name)),
            num(getattr(c.to.components, name)),
            num(delta),
        )
    out.print(t)
    t = new_table("gaps", "change", "severity", "kind", "subject")
    for g in r.gaps.opened:
        t.add_row("[red]opened[/]", g.severity, g.kind, subject(labels, g.subject))
    for g in r.gaps.closed:
        t.add_row("[green]closed[/]", g.severity, g.kind, subject(labels, g.subject))
    out.print(t)
    t = new_table("relationship moves", "seller", "person", "from", "to")
    for m in r.moves:
        t.add_row(
            shown(labels, "seller", m.seller),
            shown(labels, "person", m.person),
            f"{m.from_band} {m.from_strength:.3f}",
            f"{m.to_band} {m.to_strength:.3f}",
        )
    out.print(t)
    a, act = r.actions, r.activity
    out.print(
        f"actions: {len(a.created)} created, {len(a.done)} done, {len(a.dropped)} dropped, "
        f"{len(a.became_overdue)} became overdue\n"
        f"interactions: {act.interactions} (previous window {act.previous_interactions}); "
        f"organization-level events: {act.org_events} (previous {act.previous_org_events})",
        highlight=False,
    )


# --- actions --------------------------------------------------------------------------------
@action_app.command("add")
def action_add(
    account: Annotated[
        str, typer.Option("--account", help="The account the action is for (id or name).")
    ],
    title: Annotated[str, typer.Option("--title", help="What to do.")],
    owner: Annotated[str, typer.Option("--owner", help="The responsible seller (R), id or name.")],
    strategy: Annotated[
        str, typer.Option("--strategy", help="business, penetration or resources.")
    ] = "penetration",
    person: Annotated[
        list[str] | None,
        typer.Option("--person", help="A person it targets, id or name (repeatable)."),
    ] = None,
    opportunity: Annotated[str | None, typer.Option("--opportunity", help="Id or name.")] = None,
    kind: Annotated[
        str | None, typer.Option("--kind", help="The interaction kind planned.")
    ] = None,
    addresses: Annotated[
        str | None, typer.Option("--addresses", help="The coverage gap kind it addresses.")
    ] = None,
    accountable: Annotated[str | None, typer.Option("--accountable", help="Seller (A).")] = None,
    consulted: Annotated[list[str] | None, typer.Option("--consulted", help="Seller (C).")] = None,
    informed: Annotated[list[str] | None, typer.Option("--informed", help="Seller (I).")] = None,
    due: Annotated[str | None, typer.Option("--due", help="Due date (YYYY-MM-DD).")] = None,
    created: Annotated[
        str | None, typer.Option("--created", help="Created on (default: today).")
    ] = None,
    action_id: Annotated[str | None, typer.Option("--id", help="Default: generated.")] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Add a next action to an account plan; prints its id."""
    from kamgraph.services.actions import add_action, new_id

    day = parse_date(created) if created else dt.date.today()
    row: dict[str, Any] = {
        "id": action_id or new_id(day),
        "account": account,
        "title": title,
        "strategy": strategy,
        "kind": kind,
        "people": person or [],
        "opportunity": opportunity,
        "addresses": addresses,
        "created": day.isoformat(),
        "due": parse_date(due).isoformat() if due else None,
        "raci": {"R": owner, "A": accountable, "C": consulted or [], "I": informed or []},
    }

    def action() -> None:
        with open_store(settings_for(db)) as store:
            _resolve_action(store, row)
            stored = add_action(store, row)
        _show_action(stored, as_json, "added")

    run(action)


def _resolve_action(store: GraphStore, row: dict[str, Any]) -> None:
    """Names given for the action's account, people, deal and sellers, as ids (an unknown
    one is left to the row's validation, which names the field)."""
    raci = row["raci"]

    def ids(kind: Kind, values: list[str]) -> list[str]:
        return [as_id(store, kind, v) for v in values]

    def one(kind: Kind, value: str | None) -> str | None:
        return None if value is None else as_id(store, kind, value)

    row.update(
        account=as_id(store, "account", row["account"]),
        people=ids("person", row["people"]),
        opportunity=one("opportunity", row["opportunity"]),
    )
    raci.update(
        R=as_id(store, "seller", raci["R"]),
        A=one("seller", raci["A"]),
        C=ids("seller", raci["C"]),
        I=ids("seller", raci["I"]),
    )


def _show_action(row: dict[str, Any], as_json: bool, verb: str) -> None:
    if as_json:
        sys.stdout.write(json.dumps(row, indent=1, default=str) + "\n")
    else:
        out.print(f"action {row['id']} {verb}", highlight=False)


def _close(action_id: str, status: str, on: str | None, db: str | None, as_json: bool) -> None:
    from kamgraph.services.actions import close_action

    def action() -> None:
        with open_store(settings_for(db)) as store:
            day = parse_date(on) if on else dt.date.today()
            stored = close_action(store, action_id, status, day)  # type: ignore[arg-type]
        _show_action(stored, as_json, f"{status} on {stored['closed_on']}")

    run(action)


OnOption = Annotated[str | None, typer.Option("--on", help="Closing date (default: today).")]


@action_app.command("done")
def action_done(
    action_id: Annotated[str, typer.Argument(help="The action's id.")],
    on: OnOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mark an open action done."""
    _close(action_id, "done", on, db, as_json)


@action_app.command("drop")
def action_drop(
    action_id: Annotated[str, typer.Argument(help="The action's id.")],
    on: OnOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Drop an open action (it will not be done)."""
    _close(action_id, "dropped", on, db, as_json)


@action_app.command("list")
def action_list(
    account: Annotated[str | None, typer.Option("--account", help="Id or name.")] = None,
    owner: Annotated[
        str | None, typer.Option("--owner", help="Responsible seller (R), id or name.")
    ] = None,
    status: Annotated[str | None, typer.Option("--status", help="open, done or dropped")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only open and past due.")] = False,
    as_of: AsOfOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List actions as they stand at --as-of (default today), by due date."""
    from kamgraph.services.actions import list_actions

    def action() -> None:
        day = day_of(as_of)
        with open_store(settings_for(db)) as store:
            found = list_actions(
                store,
                day,
                account=resolve_optional(store, "account", account),
                owner=resolve_optional(store, "seller", owner),
                status=status,
                overdue=overdue,
            )
            labels = Labels.load(store, ("person", "seller"))
        rows = [x.at(day) for x in found]
        if as_json:
            sys.stdout.write(json.dumps([r.model_dump(mode="json") for r in rows], indent=1) + "\n")
            return
        t = new_table(
            f"actions as of {day}", "action", "strategy", "status", "owner", "due", "people"
        )
        for r in rows:
            t.add_row(
                f"{r.id} {r.title}",
                r.strategy,
                r.status,
                shown(labels, "seller", r.owner),
                str(r.due or "-"),
                many(labels, "person", r.people) or "-",
            )
        out.print(t)

    run(action)
