"""Moving data in and out: `import`, `export`, `synth`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kamgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    err,
    out,
    parse_date,
    print_json,
    progress_bar,
    run,
    store_for,
)
from kamgraph.services.names import resolve_optional


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
    from kamgraph.interchange.ingest import import_source
    from kamgraph.interchange.rowstream import Source

    def action() -> None:
        with store_for(db) as store, progress_bar() as bar:
            # Reading and checking a large bundle takes a while before the first write.
            checking = bar.add_task(f"reading and validating {source.name}", total=None)
            bundle = Source.read(source)
            tasks: dict[str, Any] = {}

            def waiting() -> None:
                err.print("waiting for another import to finish…")

            def advance(table: str, n: int, total: int | None) -> None:
                if table not in tasks:
                    bar.update(checking, visible=False)
                    tasks[table] = bar.add_task(f"writing {table}", total=total)
                bar.advance(tasks[table], n)

            report = import_source(
                store, bundle, dry_run=dry_run, progress=advance, on_wait=waiting
            )
        if as_json:
            print_json(
                {
                    "written": report.written,
                    "tables": {
                        p.table: {
                            "added": p.added,
                            "changed": p.modified,
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
            table.add_row(p.table, str(p.added), str(p.modified), str(p.unchanged))
        totals = report.totals()
        table.add_row("total", *(str(totals[k]) for k in ("added", "changed", "unchanged")))
        out.print(table)

    run(action)


@app.command("export")
def export_cmd(
    account: Annotated[
        str | None,
        typer.Option("--account", help="Only this account, id or name (self-contained)."),
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
            found = resolve_optional(store, "account", account)
            bundle = export_bundle(store, found, progress=lambda t, n: bar.advance(task, n))
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
