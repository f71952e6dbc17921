"""`kamgraph person` (one person's data: export, mentions, erase) and `kamgraph audit`.

The same library functions as the REST API (`kamgraph.services.privacy`, `.audit`), so an erasure
from the command line erases as much, and is logged the same way, as one through the API."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from kamgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    err,
    new_table,
    out,
    print_json,
    run,
    store_for,
)
from kamgraph.services import audit, privacy
from kamgraph.services.names import resolve

person_app = typer.Typer(
    help="One person's data: what is stored about them, and its erasure.", no_args_is_help=True
)
app.add_typer(person_app, name="person")

PersonArg = Annotated[str, typer.Argument(help="The person's id, or exact name.")]


@person_app.command("export")
def person_export(person: PersonArg, db: DbOption = None) -> None:
    """Everything stored about one person, as a kamgraph/v1 bundle on stdout (audited)."""

    def action() -> None:
        with store_for(db) as store:
            found = resolve(store, "person", person)
            data = privacy.export_person(store, found)
            audit.append(store, audit.local_user(), "export_person", "people", [found])
        print_json(data)

    run(action)


@person_app.command("mentions")
def person_mentions(person: PersonArg, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Free text in other rows (notes, profiles, titles) that names the person."""

    def action() -> None:
        with store_for(db) as store:
            found = privacy.mentions(store, resolve(store, "person", person))
        if as_json:
            print_json([asdict(m) for m in found])
            return
        table = new_table(f"free text naming {person}", "table", "row", "field")
        for m in found:
            table.add_row(m.table, ", ".join(m.key), m.field)
        out.print(table)

    run(action)


@person_app.command("erase")
def person_erase(
    person: PersonArg,
    scrub: Annotated[
        bool,
        typer.Option("--scrub", help="Also replace their name and e-mail in other free text."),
    ] = False,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Erase a person: their row, links, the interactions only they took part in, and every
    trace in the engine's files. The audit log keeps that an erasure happened, not whom."""
    if not yes:
        typer.confirm(f"Erase {person} for good?", abort=True, err=True)

    def action() -> None:
        with store_for(db) as store:
            # An exact name is enough (an ambiguous one is refused): the confirmation showed it.
            done = privacy.erase_person(store, resolve(store, "person", person), scrub=scrub)
            audit.append(store, audit.local_user(), "erase", "people", [])
        if as_json:
            print_json(asdict(done))
            return
        err.print(
            f"erased: {done.people} person, {done.interactions} interaction(s) only they were in"
            + (f"; {done.scrubbed} row(s) of free text scrubbed" if scrub else "")
        )
        if not done.files_rewritten:
            err.print("[yellow]note:[/] the engine's own files were not rewritten (see README)")
        for m in done.mentions:
            err.print(f"still names them: {m.table} {', '.join(m.key)} ({m.field})")

    run(action)


@app.command("audit")
def audit_cmd(
    limit: Annotated[int, typer.Option("--limit", min=1, max=500, help="Entries to show.")] = 20,
    offset: Annotated[int, typer.Option("--offset", min=0, help="Entries to skip.")] = 0,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The audit log, newest first: who changed what, when (never a secret)."""

    def action() -> None:
        with store_for(db) as store:
            entries, total = audit.entries(store, offset, limit)
        if as_json:
            print_json({"items": [asdict(e) for e in entries], "total": total})
            return
        table = new_table(f"audit log ({total} entries)", "at", "who", "action", "target", "ids")
        for e in entries:
            table.add_row(e.at, e.who, e.action, e.target, ", ".join(e.ids))
        out.print(table)

    run(action)
