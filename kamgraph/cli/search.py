"""`kamgraph search Q`: people, accounts, deals and sellers by part of their name."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.markup import escape

from kamgraph.cli.common import (
    DbOption,
    JsonOption,
    app,
    new_table,
    out,
    print_json,
    run,
    store_for,
)
from kamgraph.services.names import search


@app.command("search")
def search_cmd(
    q: Annotated[str, typer.Argument(help="Part of a name (case and accents do not matter).")],
    limit: Annotated[int, typer.Option("--limit", min=1, max=100, help="At most this many.")] = 20,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Find people, accounts, deals and sellers by name: whole names first, then beginnings."""

    def action() -> None:
        with store_for(db) as store:
            hits = search(store, q, limit)
        if as_json:
            print_json(
                [
                    {
                        "kind": e.kind,
                        "id": e.id,
                        "name": e.name,
                        "title": e.title,
                        "account": e.account,
                        "account_name": e.account_name,
                        "context": e.context,
                    }
                    for e in hits
                ]
            )
            return
        if not hits:
            out.print(f"nothing named like {q!r}", highlight=False, markup=False)
            return
        table = new_table(f"search {q!r}", "kind", "name", "id", "context")
        for e in hits:
            table.add_row(e.kind, escape(e.name), escape(e.id), escape(e.context))
        out.print(table)

    run(action)
