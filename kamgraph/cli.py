"""The `kamgraph` command line (typer + rich). Errors are one readable message and exit code 1."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from kamgraph.errors import InvalidBundle, KamgraphError
from kamgraph.settings import Settings
from kamgraph.storage import GraphStore, open_store

app = typer.Typer(
    name="kamgraph",
    help="Relationship intelligence for key-account selling.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(
    help="The database: where it is, what it holds, wiping it.", no_args_is_help=True
)
app.add_typer(db_app, name="db")
token_app = typer.Typer(help="Bearer tokens of the HTTP API.", no_args_is_help=True)
app.add_typer(token_app, name="token")

out = Console()
err = Console(stderr=True, soft_wrap=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="Database URL (neo4j://, bolt://, falkordb://); default: KAMGRAPH_DB, else embedded.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object instead.")]

T = TypeVar("T")


def settings_for(db: str | None) -> Settings:
    try:
        return Settings(db=db) if db is not None else Settings()
    except ValidationError as e:
        messages = "; ".join(f"{'.'.join(map(str, x['loc']))}: {x['msg']}" for x in e.errors())
        raise KamgraphError(f"invalid settings: {messages}") from None
    except SettingsError as e:
        # A complex setting (e.g. KAMGRAPH_ANALYSIS__WEIGHTS) whose value is not valid JSON.
        raise KamgraphError(f"invalid settings: {e}") from None


@contextmanager
def store_for(db: str | None) -> Iterator[GraphStore]:
    with open_store(settings_for(db)) as store:
        yield store


def run(action: Callable[[], T]) -> T:
    """Turn kamgraph errors into a message on stderr and exit code 1 (no traceback)."""
    try:
        return action()
    except InvalidBundle as e:
        for line in e.errors:
            err.print(line, markup=False, highlight=False)
        err.print(f"[red]error:[/] {e}")
        raise typer.Exit(1) from None
    except KamgraphError as e:
        err.print(f"[red]error:[/] {e}", highlight=False)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        err.print("[yellow]interrupted[/]: run the same command again to complete the work")
        raise typer.Exit(130) from None


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=1, ensure_ascii=False) + "\n")


# --- import / export ---------------------------------------------------------------------------
@app.command("import")
def import_cmd(
    source: Annotated[Path, typer.Argument(help="A kamgraph/v1 JSON bundle or a folder of CSVs.")],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Validate and compare, write nothing.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import a bundle: everything is validated first; any invalid row and nothing is written."""
    from kamgraph.interchange.bundle import load
    from kamgraph.interchange.ingest import import_data

    def action() -> None:
        with store_for(db) as store, progress_bar() as bar:
            # Reading and checking a large bundle takes a while before the first write.
            checking = bar.add_task(f"reading and validating {source.name}", total=None)
            data = load(source)
            tasks: dict[str, Any] = {}

            def advance(table: str, n: int, total: int) -> None:
                if table not in tasks:
                    bar.update(checking, visible=False)
                    tasks[table] = bar.add_task(f"writing {table}", total=total)
                bar.advance(tasks[table], n)

            report = import_data(store, data, dry_run=dry_run, progress=advance)
        if as_json:
            print_json(
                {
                    "written": report.written,
                    "tables": {
                        p.table: {
                            "added": len(p.new),
                            "changed": len(p.changed),
                            "unchanged": p.unchanged,
                        }
                        for p in report.tables
                    },
                    **report.totals(),
                }
            )
            return
        table = Table(title="would import" if dry_run else "imported")
        for col in ("table", "added", "changed", "unchanged"):
            table.add_column(col, justify="left" if col == "table" else "right")
        for p in report.tables:
            table.add_row(p.table, str(len(p.new)), str(len(p.changed)), str(p.unchanged))
        totals = report.totals()
        table.add_row("total", *(str(totals[k]) for k in ("added", "changed", "unchanged")))
        out.print(table)

    run(action)


@app.command("export")
def export_cmd(
    account: Annotated[
        str | None, typer.Option("--account", help="Only this account (self-contained).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).")
    ] = None,
    csv_dir: Annotated[
        Path | None, typer.Option("--csv", help="Write one CSV per table into this folder.")
    ] = None,
    db: DbOption = None,
) -> None:
    """Export the graph (or one account) as a kamgraph/v1 bundle."""
    from kamgraph.interchange.export import dumps, export_bundle, write_csv_dir

    def action() -> None:
        with store_for(db) as store, progress_bar() as bar:
            task = bar.add_task("exporting", total=None)
            bundle = export_bundle(store, account, progress=lambda t, n: bar.advance(task, n))
        if csv_dir is not None:
            paths = write_csv_dir(bundle, csv_dir)
            err.print(f"wrote {len(paths)} CSV files to {csv_dir}")
        if output is not None:
            output.write_text(dumps(bundle), encoding="utf-8")
            err.print(f"wrote {output}")
        elif csv_dir is None:
            sys.stdout.write(dumps(bundle))

    run(action)


# --- data generators ---------------------------------------------------------------------------
@app.command("synth")
def synth_cmd(
    accounts: Annotated[int, typer.Option("--accounts", min=1, help="Number of accounts.")] = 3,
    people: Annotated[int, typer.Option("--people", min=1, help="People per account.")] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same data).")] = 1,
    interactions: Annotated[
        float, typer.Option("--interactions-per-person", min=0, help="Interactions per person.")
    ] = 10.0,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Last day of activity (default: today).")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write to this file (default: stdout).")
    ] = None,
) -> None:
    """Generate a realistic synthetic bundle (org trees, influence, interactions, deals)."""
    from kamgraph.generators.synth import synth
    from kamgraph.interchange.export import dumps

    def action() -> None:
        day = parse_date(as_of) if as_of else None
        bundle = synth(accounts, people, seed, interactions_per_person=interactions, as_of=day)
        text = dumps(bundle)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
            err.print(f"wrote {output}")

    run(action)


def parse_date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise KamgraphError(f"{value!r} is not a date in the form YYYY-MM-DD") from None


# --- demo --------------------------------------------------------------------------------------
@app.command("demo")
def demo_cmd(db: DbOption = None) -> None:
    """Load the bundled sample account and show what kamgraph sees in it."""
    from kamgraph.analysis.powermap import power_map
    from kamgraph.analysis.snapshot import Snapshot
    from kamgraph.analysis.views import plan_view
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
            buyer = cli_analyses.print_account_analyses(snap, summary)
            from viz.pages import map_page
            from viz.plans import plan_page

            page = map_page(
                power_map(snap, highlight_to=buyer), focus_above=settings.map_focus_above
            )
            plan_html = plan_page(plan_view(snap))
            cli_plans.print_plan_summary(snap)
            cli_portfolio.print_demo_activity(
                store, SAMPLE_ACCOUNT, SAMPLE_AS_OF, settings.analysis
            )
            cli_portfolio.print_demo_portfolio(store, SAMPLE_AS_OF, settings.analysis)
        target = settings.data_dir / f"{SAMPLE_ACCOUNT}-map.html"
        cli_analyses.write_page(target, page)
        out.print(f"power map of the sample account written to {target.resolve()}", highlight=False)
        plan_file = settings.data_dir / f"{SAMPLE_ACCOUNT}-plan.html"
        cli_analyses.write_page(plan_file, plan_html)
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


# --- database ----------------------------------------------------------------------------------
@db_app.command("info")
def db_info(db: DbOption = None, as_json: JsonOption = False) -> None:
    """Which database is used, whether it answers, and what it holds."""

    def action() -> None:
        settings = settings_for(db)
        with open_store(settings) as store:
            health = store.health()
        data = {
            "engine": health.engine,
            "location": health.location,
            "ok": health.ok,
            "detail": health.detail,
            "counts": dict(sorted((health.counts or {}).items())),
        }
        if as_json:
            print_json(data)
        else:
            out.print(f"engine   {health.engine}\nlocation {health.location}", highlight=False)
            out.print(f"status   {'ok' if health.ok else 'DOWN: ' + health.detail}")
            table = Table(title="contents")
            table.add_column("label / relationship")
            table.add_column("count", justify="right")
            for name, n in data["counts"].items():  # type: ignore[attr-defined]
                table.add_row(name, str(n))
            out.print(table)
        if not health.ok:
            raise typer.Exit(1)

    run(action)


@db_app.command("wipe")
def db_wipe(
    yes: Annotated[bool, typer.Option("--yes", help="Really delete everything.")] = False,
    db: DbOption = None,
) -> None:
    """Delete every node and relationship (the schema stays). Needs --yes."""

    def action() -> None:
        if not yes:
            raise KamgraphError("db wipe deletes all data; run it again with --yes to confirm")
        with store_for(db) as store:
            store.wipe()
            err.print(f"wiped {store.location}")

    run(action)


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option("--role", help="reader, editor or admin.")],
    name: Annotated[str, typer.Option("--name", help="Who or what uses it.")],
    db: DbOption = None,
) -> None:
    """Create a token; its secret is printed once, as the last line (only a hash is kept)."""
    from kamgraph.services.tokens import create_token

    def action() -> None:
        with store_for(db) as store:
            secret = create_token(store, name, role)
        err.print(f"token {name!r} ({role}) created; store it now, it is not shown again:")
        sys.stdout.write(secret + "\n")

    run(action)


@token_app.command("list")
def token_list(db: DbOption = None, as_json: JsonOption = False) -> None:
    """The tokens by name and role (never their secrets)."""
    from kamgraph.services.tokens import list_tokens

    def action() -> None:
        with store_for(db) as store:
            tokens = list_tokens(store)
        if as_json:
            print_json([{"name": t.name, "role": t.role, "created": t.created} for t in tokens])
            return
        table = Table(title="API tokens")
        for col in ("name", "role", "created"):
            table.add_column(col)
        for t in tokens:
            table.add_row(t.name, t.role, t.created or "")
        out.print(table)

    run(action)


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="The token's name.")], db: DbOption = None
) -> None:
    """Revoke a token: requests with it get 401 from now on."""
    from kamgraph.services.tokens import revoke_token

    def action() -> None:
        with store_for(db) as store:
            revoke_token(store, name)
        err.print(f"token {name!r} revoked")

    run(action)


@app.command("serve")
def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535)] = 8000,
    db: DbOption = None,
) -> None:
    """Run the HTTP API (embedded database unless --db / KAMGRAPH_DB says otherwise)."""
    import uvicorn

    from api.app import create_app

    def action() -> None:
        uvicorn.run(create_app(settings_for(db)), host=host, port=port, log_level="info")

    run(action)


def main() -> None:
    app()


# Last, once `app` and the helpers above exist: the analysis commands register themselves.
from kamgraph import cli_analyses, cli_plans, cli_portfolio  # noqa: E402, F401, I001
from kamgraph import cli_connect  # noqa: E402, F401, I001

if __name__ == "__main__":
    main()
