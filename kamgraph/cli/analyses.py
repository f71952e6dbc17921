"""The analysis commands: influencers, paths, decay, coverage, brief, map."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from kamgraph.analysis.config import AnalysisSettings
from kamgraph.analysis.snapshot import Snapshot
from kamgraph.cli import faces
from kamgraph.cli.common import (
    AsOfOption,
    DbOption,
    JsonOption,
    MaxHopsOption,
    NoReportingOption,
    SetOption,
    app,
    day_of,
    load_config,
    new_table,
    num,
    out,
    run,
    run_analysis,
    write_page,
)
from kamgraph.interchange.model import OPEN_STAGES
from kamgraph.storage import GraphStore, open_store


@app.command("influencers")
def influencers_cmd(
    account: Annotated[str, typer.Option("--account", help="The account.")],
    opportunity: Annotated[
        str | None, typer.Option("--opportunity", help="Its deciders are the targets.")
    ] = None,
    target: Annotated[str | None, typer.Option("--target", help="One person as target.")] = None,
    max_hops: MaxHopsOption = None,
    no_reporting: NoReportingOption = False,
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Who influences the decision-makers (of a deal, of all open deals, or one person)."""
    from kamgraph.analysis.influence import influencers

    def compute(store: GraphStore, cfg: AnalysisSettings) -> Any:
        return influencers(
            Snapshot(store, account, day_of(as_of), cfg),
            opportunity=opportunity,
            target=target,
            max_hops=max_hops,
            include_reporting=False if no_reporting else None,
        )

    def show(result: Any) -> None:
        table = new_table(
            f"influence on {', '.join(result.targets) or 'nobody'} (as of {result.as_of})",
            "person",
            "score",
            "best paths",
        )
        for row in result.rows:
            paths = "; ".join(f"{' > '.join(p.nodes)} ({p.strength:.3f})" for p in row.paths)
            table.add_row(row.person, f"{row.score:.3f}", paths)
        out.print(table)

    run_analysis(db, overrides, as_json, compute, show)


@app.command("paths")
def paths_cmd(
    to: Annotated[str, typer.Option("--to", help="The person to reach.")],
    sellers: Annotated[
        list[str] | None, typer.Option("--from", help="Only these sellers (repeatable).")
    ] = None,
    k: Annotated[int | None, typer.Option("--k", help="How many paths (default 5).")] = None,
    max_hops: MaxHopsOption = None,
    no_reporting: NoReportingOption = False,
    avoid_opposed: Annotated[
        bool,
        typer.Option(
            "--avoid-opposed",
            help="Leave out paths through someone opposed to us (non_supporter or enemy) on an "
            "open deal of the person's account.",
        ),
    ] = False,
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The strongest warm paths from our sellers to a person, with their cautions."""
    from kamgraph.analysis.influence import warm_paths

    def compute(store: GraphStore, cfg: AnalysisSettings) -> Any:
        return warm_paths(
            Snapshot.of_person(store, to, day_of(as_of), cfg),
            to,
            sellers=sellers,
            k=k,
            max_hops=max_hops,
            include_reporting=False if no_reporting else None,
            # The flag only switches it on: off means the setting (default off, DOMAIN.md).
            avoid_opposed=True if avoid_opposed else None,
        )

    def show(result: Any) -> None:
        table = new_table(
            f"warm paths to {result.target} (as of {result.as_of})",
            "score",
            "path",
            "strengths",
            "weakest",
            "last touch",
            "cautions",
        )
        for p in result.paths:
            table.add_row(
                f"{p.score:.3f}",
                " > ".join(p.nodes),
                ", ".join(f"{s:.2f}" for s in p.strengths),
                f"{p.weakest:.3f}",
                str(p.last_touch or "-"),
                cautions_text(p.cautions),
            )
        if not result.paths:
            out.print(f"no warm path to {result.target} as of {result.as_of}")
        else:
            out.print(table)

    run_analysis(db, overrides, as_json, compute, show)


def cautions_text(cautions: Any) -> str:
    """`p3 enemy on o1; p5 non_supporter on o2`, or `-` (escaped: names are data)."""
    if not cautions:
        return "-"
    return escape("; ".join(f"{c.person} {c.stance} on {c.opportunity}" for c in cautions))


@app.command("decay")
def decay_cmd(
    account: Annotated[
        str | None, typer.Option("--account", help="One account (default: all).")
    ] = None,
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which relationships are cooling or cold, and which key persons are at risk."""
    from kamgraph.analysis.decay import decay_report

    def show(result: Any) -> None:
        table = new_table(
            f"relationships (as of {result.as_of})",
            "seller",
            "person",
            "strength",
            "90 days ago",
            "last touch",
            "days",
            "status",
        )
        colours = {"active": "green", "cooling": "yellow", "cold": "red"}
        for r in result.rows:
            table.add_row(
                r.seller,
                r.person,
                num(r.strength),
                num(r.strength_90d_ago),
                str(r.last_touch or "-"),
                "-" if r.days_since is None else str(r.days_since),
                f"[{colours[r.status]}]{r.status}[/]",
            )
        out.print(table)
        out.print(f"key persons at risk: {', '.join(result.at_risk) or 'none'}")

    run_analysis(
        db,
        overrides,
        as_json,
        lambda store, cfg: decay_report(store, account, day_of(as_of), cfg),
        show,
    )


@app.command("coverage")
def coverage_cmd(
    account: Annotated[str, typer.Option("--account", help="The account to audit.")],
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The coverage audit: score, components, gaps with suggestions, seller concentration."""
    from kamgraph.analysis.coverage import coverage

    run_analysis(
        db,
        overrides,
        as_json,
        lambda store, cfg: coverage(Snapshot(store, account, day_of(as_of), cfg)),
        print_coverage,
    )


def print_coverage(result: Any, top: int | None = None) -> None:
    """The coverage audit as tables (`top` limits the gaps shown)."""
    score = "n/a" if result.score is None else f"{result.score:.1f}"
    out.print(f"[bold]coverage of {result.account}: {score} / 100[/] (as of {result.as_of})")
    comps = new_table("components", "component", "value")
    for name, value in result.components.model_dump().items():
        comps.add_row(name, "not applicable" if value is None else f"{value:.3f}")
    out.print(comps)
    gaps = new_table("gaps", "severity", "kind", "subject", "detail", "suggestion")
    colours = {"high": "red", "medium": "yellow", "low": "cyan"}
    for g in result.gaps[:top]:
        gaps.add_row(
            f"[{colours[g.severity]}]{g.severity}[/]", g.kind, g.subject, g.detail, g.suggestion
        )
    out.print(gaps)
    if result.concentration:
        conc = new_table("what walks out if one seller leaves", "seller", "sole key persons")
        for c in result.concentration:
            conc.add_row(c.seller, ", ".join(c.sole_key_persons))
        out.print(conc)


@app.command("brief")
def brief_cmd(
    person: Annotated[str, typer.Option("--person", help="The person you are about to meet.")],
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Write the brief as a one-page HTML file with a map instead."),
    ] = None,
) -> None:
    """A meeting brief: profile, roles, influencers, relationships, history, paths, gaps."""
    from kamgraph.analysis.brief import brief

    if html is not None:
        if as_json:
            raise typer.BadParameter("give either --json or --html, not both")
        _brief_html(person, html, as_of, overrides, db)
        return

    run_analysis(
        db,
        overrides,
        as_json,
        lambda store, cfg: brief(Snapshot.of_person(store, person, day_of(as_of), cfg), person),
        print_brief,
    )


def print_brief(b: Any) -> None:
    """The brief as tables (free text escaped: a `[bold]` in notes is text, not markup)."""
    p = b.person
    out.rule(f"[bold]{p.name or p.id}[/] — {p.title}")
    out.print(
        f"account {p.account}   unit {p.unit_name or p.unit or '-'}   layer {p.layer or '-'}"
        f"   status {p.political_status}   style {p.style or '-'}"
        f"   interests {', '.join(p.interests) or '-'}"
        + ("" if p.current else "   [red]no longer with the account[/]"),
        highlight=False,
    )
    if p.email:
        out.print(f"e-mail {escape(p.email)}", highlight=False)
    if p.profile:
        out.print(escape(p.profile), highlight=False)
    upcoming = new_table("coming up", "date", "kind", "sellers", "notes")
    for i in b.upcoming:
        upcoming.add_row(str(i.date), i.kind, ", ".join(i.sellers), escape(i.notes))
    roles = new_table(
        "roles on open opportunities",
        "opportunity",
        "role",
        "stance",
        "influence",
        "mode",
        "their win",
    )
    for r in b.roles:
        roles.add_row(
            escape(f"{r.opportunity} {r.opportunity_name}"),
            r.role,
            r.stance,
            r.influence,
            r.response_mode,
            escape(r.wins) or "-",
        )
    who = new_table("who influences them", "person", "score", "path")
    for row in b.influencers:
        who.add_row(row.person, f"{row.score:.3f}", " > ".join(row.paths[0].nodes))
    rel = new_table("our relationships", "seller", "strength", "status", "last touch")
    for d in b.relationships:
        rel.add_row(d.seller, f"{d.strength:.3f}", d.status, str(d.last_touch or "-"))
    hist = new_table("last interactions", "date", "kind", "sellers", "notes")
    for i in b.interactions:
        hist.add_row(str(i.date), i.kind, ", ".join(i.sellers), i.notes)
    paths = new_table("warm paths", "score", "path", "weakest", "cautions")
    for w in b.paths:
        paths.add_row(
            f"{w.score:.3f}", " > ".join(w.nodes), f"{w.weakest:.3f}", cautions_text(w.cautions)
        )
    gaps = new_table("gaps", "severity", "kind", "suggestion")
    for g in b.gaps:
        gaps.add_row(g.severity, g.kind, g.suggestion or g.detail)
    acts = new_table("open actions", "action", "owner", "due")
    for a in b.actions:
        acts.add_row(f"{a.id} {a.title}", a.owner or "-", str(a.due or "-"))
    for t in (upcoming, roles, who, rel, hist, paths, gaps, acts):
        if t.row_count:
            out.print(t)


def _brief_html(
    person: str, path: Path, as_of: str | None, overrides: list[str] | None, db: str | None
) -> None:
    from kamgraph.analysis.views import brief_view

    def action() -> None:
        settings, cfg = load_config(db, overrides)
        with open_store(settings) as store:
            snap = Snapshot.of_person(store, person, day_of(as_of), cfg)
            page = faces.brief_page(brief_view(snap, person))
        write_page(path, page)
        out.print(f"meeting brief written to {path.resolve()}", highlight=False)

    run(action)


def print_account_analyses(snap: Snapshot, summary: Any) -> str | None:
    """The demo's second half: coverage, influencers of the main deal, paths to its economic
    buyer, relationships at risk — for the account of `summary` on its as-of date. Returns
    that economic buyer (the person the demo's map highlights a path to)."""
    from kamgraph.analysis.coverage import coverage
    from kamgraph.analysis.decay import decay
    from kamgraph.analysis.influence import influencers, warm_paths

    shown: str | None = None
    print_coverage(coverage(snap), top=6)
    open_deals = [o for o in summary.opportunities if o.stage in OPEN_STAGES]
    if open_deals:
        main = max(open_deals, key=lambda o: (o.value or 0.0, o.id))
        who = influencers(snap, opportunity=main.id)
        table = new_table(
            f"who influences the deciders of {main.id} {main.name} ({', '.join(who.targets)})",
            "person",
            "score",
            "strongest path",
        )
        for row in who.rows[:5]:
            best = max(row.paths, key=lambda p: p.strength)
            table.add_row(row.person, f"{row.score:.3f}", " > ".join(best.nodes))
        out.print(table)
        for buyer in _economic_buyers(snap, main.id)[:1]:
            shown = buyer
            paths = warm_paths(snap, buyer)
            table = new_table(
                f"best warm paths to the economic buyer {buyer}",
                "score",
                "path",
                "weakest",
                "last touch",
                "cautions",
            )
            for p in paths.paths:
                table.add_row(
                    f"{p.score:.3f}",
                    " > ".join(p.nodes),
                    f"{p.weakest:.3f}",
                    str(p.last_touch or "-"),
                    cautions_text(p.cautions),
                )
            out.print(table)
    result = decay(snap)
    risky = [r for r in result.rows if r.status != "active" and r.person in result.at_risk]
    table = new_table(
        "relationships at risk (key persons)",
        "person",
        "seller",
        "strength",
        "90 days ago",
        "last touch",
        "status",
    )
    for r in risky:
        table.add_row(
            r.person,
            r.seller,
            f"{r.strength:.3f}",
            f"{r.strength_90d_ago:.3f}",
            str(r.last_touch or "-"),
            r.status,
        )
    out.print(table)
    return shown


def _economic_buyers(snap: Snapshot, opportunity: str) -> list[str]:
    for o in snap.opportunities():
        if o.id == opportunity:
            return o.holders("economic_buyer")
    return []


@app.command("map")
def map_cmd(
    account: Annotated[str, typer.Option("--account", help="The account to map.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    opportunity: Annotated[
        str | None, typer.Option("--opportunity", help="Colour by stance on this deal.")
    ] = None,
    highlight_to: Annotated[
        str | None,
        typer.Option("--highlight-path-to", help="Highlight the best warm path to this person."),
    ] = None,
    show_all: Annotated[
        bool, typer.Option("--all", help="Show every person at first, even on large accounts.")
    ] = False,
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
) -> None:
    """Write the interactive power map of an account as one self-contained HTML file."""
    from kamgraph.analysis.powermap import power_map

    def action() -> None:
        settings, cfg = load_config(db, overrides)
        with open_store(settings) as store:
            snap = Snapshot(store, account, day_of(as_of), cfg)
            html = faces.map_page(
                power_map(snap, opportunity=opportunity, highlight_to=highlight_to),
                focus_above=settings.map_focus_above,
                show_all=show_all,
            )
        write_page(output, html)
        out.print(f"power map written to {output.resolve()}", highlight=False)

    run(action)
