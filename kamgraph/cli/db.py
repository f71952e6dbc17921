"""`kamgraph db`: where the database is, what it holds, rebuilding its aggregates, wiping it."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from kamgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    err,
    out,
    print_json,
    progress_bar,
    run,
    settings_for,
    store_for,
)
from kamgraph.errors import KamgraphError
from kamgraph.interchange import ties
from kamgraph.storage import open_store

db_app = typer.Typer(
    help="The database: where it is, what it holds, rebuilding its aggregates, wiping it.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")


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


@db_app.command("rebuild")
def db_rebuild(db: DbOption = None) -> None:
    """Recompute the kept strength aggregates from the interactions (all at once: readers see
    the old ones until the new ones are complete). Opening a store of an older kamgraph does
    this by itself; run it after changing interactions with another tool than kamgraph."""

    def action() -> None:
        with store_for(db) as store, progress_bar() as bar:
            # One unit: the engine does the work when it is applied, at the end (no steps).
            bar.add_task("recomputing the strength aggregates", total=None)
            people = ties.rebuild(store)
        err.print(f"rebuilt the strength aggregates of {people} people with interactions")

    run(action)
