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
    account_snapshot,
    app,
    day_of,
    load_config,
    new_table,
    num,
    out,
    person_day,
    run,
    run_analysis,
    write_page,
)
from kamgraph.cli.labels import many, people_path, shown, subject, warm_path
from kamgraph.interchange.model import OPEN_STAGES
from kamgraph.services.names import Labels, resolve_all, resolve_optional
from kamgraph.storage import GraphStore, open_store


@app.command("influencers")
def influencers_cmd(
    account: Annotated[str, typer.Option("--account", help="The account (id or name).")],
    opportunity: Annotated[
        str | None, typer.Option("--opportunity", help="Its deciders are the targets (id or name).")
    ] = None,
    target: Annotated[
        str | None, typer.Option("--target", help="One person as target (id or name).")
    ] = None,
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
            account_snapshot(store, account, as_of, cfg),
            opportunity=resolve_optional(store, "opportunity", opportunity),
            target=resolve_optional(store, "person", target),
            max_hops=max_hops,
            include_reporting=False if no_reporting else None,
        )

    def show(result: Any, labels: Labels) -> None:
        table = new_table(
            f"influence on {many(labels, 'person', result.targets) or 'nobody'}"
            f" (as of {result.as_of})",
            "person",
            "score",
            "best paths",
        )
        for row in result.rows:
            paths = "; ".join(
                f"{people_path(labels, p.nodes)} ({p.strength:.3f})" for p in row.paths
            )
            table.add_row(shown(labels, "person", row.person), f"{row.score:.3f}", paths)
        out.print(table)

    run_analysis(db, overrides, as_json, compute, show)


@app.command("paths")
def paths_cmd(
    to: Annotated[str, typer.Option("--to", help="The person to reach (id or name).")],
    sellers: Annotated[
        list[str] | None,
        typer.Option("--from", help="Only these sellers, by id or name (repeatable)."),
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
        person, day = person_day(store, to, as_of)
        return warm_paths(
            Snapshot.of_person(store, person, day, cfg),
            person,
            sellers=resolve_all(store, "seller", sellers),
            k=k,
            max_hops=max_hops,
            include_reporting=False if no_reporting else None,
            # The flag only switches it on: off means the setting (default off, DOMAIN.md).
            avoid_opposed=True if avoid_opposed else None,
        )

    def show(result: Any, labels: Labels) -> None:
        target = shown(labels, "person", result.target)
        table = new_table(
            f"warm paths to {target} (as of {result.as_of})",
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
                warm_path(labels, p.nodes),
                ", ".join(f"{s:.2f}" for s in p.strengths),
                f"{p.weakest:.3f}",
                str(p.last_touch or "-"),
                cautions_text(labels, p.cautions),
            )
        if not result.paths:
            out.print(f"no warm path to {target} as of {result.as_of}")
        else:
            out.print(table)

    run_analysis(db, overrides, as_json, compute, show)


def cautions_text(labels: Labels, cautions: Any) -> str:
    """`Rita Vos enemy on Core upgrade; …`, or `-` (`shown` escapes the names: they are data)."""
    if not cautions:
        return "-"
    return "; ".join(
        f"{shown(labels, 'person', c.person)} {c.stance} on "
        f"{shown(labels, 'opportunity', c.opportunity)}"
        for c in cautions
    )


@app.command("decay")
def decay_cmd(
    account: Annotated[
        str | None, typer.Option("--account", help="One account, id or name (default: all).")
    ] = None,
    as_of: AsOfOption = None,
    overrides: SetOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Which relationships are cooling or cold, and which key persons are at risk."""

    def show(result: Any, labels: Labels) -> None:
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
                shown(labels, "seller", r.seller),
                shown(labels, "person", r.person),
                num(r.strength),
                num(r.strength_90d_ago),
                str(r.last_touch or "-"),
                "-" if r.days_since is None else str(r.days_since),
                f"[{colours[r.status]}]{r.status}[/]",
            )
        out.print(table)
        out.print(f"key persons at risk: {many(labels, 'person', result.at_risk) or 'none'}")

    run_analysis(
        db,
        overrides,
        as_json,
        lambda store, cfg: _decay(store, cfg, account, as_of),
        show,
    )


def _decay(store: GraphStore, cfg: AnalysisSettings, account: str | None, as_of: str | None) -> Any:
    from kamgraph.analysis.decay import decay_report

    day = day_of(as_of)  # first: a bad --as-of is the error shown, whatever the account
    return decay_report(store, resolve_optional(store, "account", account), day, cfg)


@app.command("coverage")
def coverage_cmd(
    account: Annotated[str, typer.Option("--account", help="The account to audit (id or name).")],
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
        lambda store, cfg: coverage(account_snapshot(store, account, as_of, cfg)),
        print_coverage,
    )


def print_coverage(result: Any, labels: Labels, top: int | None = None) -> None:
    """The coverage audit as tables (`top` limits the gaps shown)."""
    score = "n/a" if result.score is None else f"{result.score:.1f}"
    name = shown(labels, "account", result.account)
    out.print(f"[bold]coverage of {name}: {score} / 100[/] (as of {result.as_of})")
    comps = new_table("components", "component", "value")
    for name, value in result.components.model_dump().items():
        comps.add_row(name, "not applicable" if value is None else f"{value:.3f}")
    out.print(comps)
    gaps = new_table("gaps", "severity", "kind", "subject", "detail", "suggestion")
    colours = {"high": "red", "medium": "yellow", "low": "cyan"}
    for g in result.gaps[:top]:
        gaps.add_row(
            f"[{colours[g.severity]}]{g.severity}[/]",
            g.kind,
            subject(labels, g.subject),
            g.detail,
            g.suggestion,
        )
    out.print(gaps)
    if result.concentration:
        conc = new_table("what walks out if one seller leaves", "seller", "sole key persons")
        for c in result.concentration:
            conc.add_row(
                shown(labels, "seller", c.seller), many(labels, "person", c.sole_key_persons)
            )
        out.print(conc)


@app.command("brief")
def brief_cmd(
    person: Annotated[
        str, typer.Option("--person", help="The person you are about to meet (id or name).")
    ],
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
    if html is not None:
        if as_json:
            raise typer.BadParameter("give either --json or --html, not both")
        _brief_html(person, html, as_of, overrides, db)
        return

    run_analysis(
        db,
        overrides,
        as_json,
        lambda store, cfg: _brief(store, cfg, person, as_of),
        print_brief,
    )


def _brief(store: GraphStore, cfg: AnalysisSettings, person: str, as_of: str | None) -> Any:
    from kamgraph.analysis.brief import brief

    found, day = person_day(store, person, as_of)
    return brief(Snapshot.of_person(store, found, day, cfg), found)


def print_brief(b: Any, labels: Labels) -> None:
    """The brief as tables, by name (free text escaped: a `[bold]` in notes is text, not
    markup)."""
    p = b.person
    out.rule(f"[bold]{escape(p.name or p.id)}[/] — {escape(p.title or '')}")
    out.print(
        f"account {shown(labels, 'account', p.account)}"
        f"   unit {escape(p.unit_name or p.unit or '-')}"
        f"   layer {p.layer or '-'}   status {p.political_status}   style {escape(p.style or '-')}"
        f"   interests {escape(', '.join(p.interests)) or '-'}"
        + ("" if p.current else "   [red]no longer with the account[/]"),
        highlight=False,
    )
    if p.email:
        out.print(f"e-mail {escape(p.email)}", highlight=False)
    if p.profile:
        out.print(escape(p.profile), highlight=False)
    upcoming = new_table("coming up", "date", "kind", "sellers", "notes")
    for i in b.upcoming:
        upcoming.add_row(str(i.date), i.kind, many(labels, "seller", i.sellers), escape(i.notes))
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
            escape(r.opportunity_name or r.opportunity),
            r.role,
            r.stance,
            r.influence,
            r.response_mode,
            escape(r.wins) or "-",
        )
    who = new_table("who influences them", "person", "score", "path")
    for row in b.influencers:
        who.add_row(
            shown(labels, "person", row.person),
            f"{row.score:.3f}",
            people_path(labels, row.paths[0].nodes),
        )
    rel = new_table("our relationships", "seller", "strength", "status", "last touch")
    for d in b.relationships:
        rel.add_row(
            shown(labels, "seller", d.seller),
            f"{d.strength:.3f}",
            d.status,
            str(d.last_touch or "-"),
        )
    hist = new_table("last interactions", "date", "kind", "sellers", "notes")
    for i in b.interactions:
        hist.add_row(str(i.date), i.kind, many(labels, "seller", i.sellers), escape(i.notes))
    paths = new_table("warm paths", "score", "path", "weakest", "cautions")
    for w in b.paths:
        paths.add_row(
            f"{w.score:.3f}",
            warm_path(labels, w.nodes),
            f"{w.weakest:.3f}",
            cautions_text(labels, w.cautions),
        )
    gaps = new_table("gaps", "severity", "kind", "suggestion")
    for g in b.gaps:
        gaps.add_row(g.severity, g.kind, escape(g.suggestion or g.detail))
    acts = new_table("open actions", "action", "owner", "due")
    for a in b.actions:
        acts.add_row(escape(a.title or a.id), shown(labels, "seller", a.owner), str(a.due or "-"))
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
            found, day = person_day(store, person, as_of)
            snap = Snapshot.of_person(store, found, day, cfg)
            page = faces.brief_page(brief_view(snap, found))
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

    found: str | None = None
    labels = Labels.load(snap.store)
    print_coverage(coverage(snap), labels, top=6)
    open_deals = [o for o in summary.opportunities if o.stage in OPEN_STAGES]
    if open_deals:
        main = max(open_deals, key=lambda o: (o.value or 0.0, o.id))
        who = influencers(snap, opportunity=main.id)
        table = new_table(
            f"who influences the deciders of {main.name or main.id}"
            f" ({many(labels, 'person', who.targets)})",
            "person",
            "score",
            "strongest path",
        )
        for row in who.rows[:5]:
            best = max(row.paths, key=lambda p: p.strength)
            table.add_row(
                shown(labels, "person", row.person),
                f"{row.score:.3f}",
                people_path(labels, best.nodes),
            )
        out.print(table)
        for buyer in _economic_buyers(snap, main.id)[:1]:
            found = buyer
            paths = warm_paths(snap, buyer)
            table = new_table(
                f"best warm paths to the economic buyer {shown(labels, 'person', buyer)}",
                "score",
                "path",
                "weakest",
                "last touch",
                "cautions",
            )
            for p in paths.paths:
                table.add_row(
                    f"{p.score:.3f}",
                    warm_path(labels, p.nodes),
                    f"{p.weakest:.3f}",
                    str(p.last_touch or "-"),
                    cautions_text(labels, p.cautions),
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
            shown(labels, "person", r.person),
            shown(labels, "seller", r.seller),
            f"{r.strength:.3f}",
            f"{r.strength_90d_ago:.3f}",
            str(r.last_touch or "-"),
            r.status,
        )
    out.print(table)
    return found


def _economic_buyers(snap: Snapshot, opportunity: str) -> list[str]:
    for o in snap.opportunities():
        if o.id == opportunity:
            return o.holders("economic_buyer")
    return []


@app.command("map")
def map_cmd(
    account: Annotated[str, typer.Option("--account", help="The account to map (id or name).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The HTML file to write.")],
    opportunity: Annotated[
        str | None,
        typer.Option("--opportunity", help="Colour by stance on this deal (id or name)."),
    ] = None,
    highlight_to: Annotated[
        str | None,
        typer.Option(
            "--highlight-path-to", help="Highlight the best warm path to this person (id or name)."
        ),
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
            snap = account_snapshot(store, account, as_of, cfg)
            html = faces.map_page(
                power_map(
                    snap,
                    opportunity=resolve_optional(store, "opportunity", opportunity),
                    highlight_to=resolve_optional(store, "person", highlight_to),
                ),
                focus_above=settings.map_focus_above,
                show_all=show_all,
            )
        write_page(output, html)
        out.print(f"power map written to {output.resolve()}", highlight=False)

    run(action)
