"""`kamgraph token`: bearer tokens of the HTTP API."""

from __future__ import annotations

import dataclasses
import sys
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
    run,
    store_for,
)

token_app = typer.Typer(help="Bearer tokens of the HTTP API.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option("--role", help="reader, editor or admin.")],
    name: Annotated[str, typer.Option("--name", help="Who or what uses it.")],
    seller: Annotated[
        str | None,
        typer.Option(
            "--seller",
            help="The seller it acts for (with KAMGRAPH_ACCESS=team it sees that seller's "
            "accounts only).",
        ),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", min=1, max=3650, help="How long it stays valid.")
    ] = 90,
    db: DbOption = None,
) -> None:
    """Create a token; its secret is printed once, as the last line (only a hash is kept).

    Example: kamgraph token create --role reader --name crm-sync --days 30
    """
    from kamgraph.services.tokens import create_token

    def action() -> None:
        with store_for(db) as store:
            secret = create_token(store, name, role, days=days, seller=seller)
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
            print_json([dataclasses.asdict(t) for t in tokens])
            return
        table = Table(title="API tokens")
        for col in ("name", "role", "seller", "created", "expires"):
            table.add_column(col)
        for t in tokens:
            table.add_row(t.name, t.role, t.seller or "", t.created or "", t.expires or "")
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
